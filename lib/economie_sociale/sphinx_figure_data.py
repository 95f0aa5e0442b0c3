"""Sphinx extension: the ``{figure-data}`` directive, a chart's numbers one click away.

Written under a ``{glue:figure}``::

    ```{figure-data} fig-revenue
    ```

it shows, in the HTML only, a dropdown « Les données de cette figure » with the
table that :func:`economie_sociale.book.glue_figure` glued as ``fig-revenue-data``
(:func:`economie_sociale.tables.chart_data`). The PDF leaves it out: its charts
carry their values, and the data CSV holds them all.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

TITLE = "Les données de cette figure"

TEMPLATE = """\
::::{{only}} html
:::{{dropdown}} {title}
:icon: table

```{{glue:md}} {name}-data
:format: myst
```
:::
::::
"""


class FigureData(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        text = TEMPLATE.format(title=TITLE, name=self.arguments[0])
        container = nodes.container()
        # parsed as MyST, so the glue directive finds this notebook's glued outputs
        self.state.nested_parse(StringList(text.splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, container)
        return container.children


def setup(app: Sphinx) -> dict:
    app.add_directive("figure-data", FigureData)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
