"""Glue helpers: put numbers, tables and figures from the data into the book's prose.

``{glue:text}`` in the Markdown cells pastes what these functions glue, so no
number is ever typed twice. Text is glued already formatted the French way.
Figures and tables are also displayed under the cell, for readers running
the notebook in JupyterLab (the book hides that copy with ``remove-output``).
"""

from __future__ import annotations

import sys

import matplotlib.pyplot as plt
from myst_nb import glue

# myst_nb's glue imports nbformat, hence jsonschema, whose optional IRI format
# checker (rfc3987_syntax) compiles some 40 grammars when imported: 1.2 s in
# every kernel, for a check the book never uses. jsonschema skips the checker
# when the import fails, so make it fail unless something already loaded it.
sys.modules.setdefault("rfc3987_syntax", None)

from . import fmt, tables


def glue_text(name: str, text: str) -> None:
    """Glue a ready-made string (e.g. a label) for ``{glue:text}`name```."""
    if not isinstance(text, str):
        raise TypeError(f"glue_text expects a string, got {type(text).__name__}")
    glue(name, text, display=False)


def glue_pct(name: str, value, decimals: int | None = None) -> None:
    """Glue a percentage given in percent, formatted ``47 %`` / ``25,6 %``."""
    glue_text(name, fmt.pct(value, decimals))


def glue_number(name: str, value, decimals: int | None = None) -> None:
    """Glue a count or amount, formatted ``210 000``."""
    glue_text(name, fmt.number(value, decimals))


def glue_figure(name: str, ax_or_fig) -> None:
    """Glue a chart for ``{glue:figure}``; shown under the cell too, then closed.

    A chart of :mod:`economie_sociale.charts` also glues its numbers as
    ``<name>-data`` (:func:`economie_sociale.tables.chart_data`), which the page
    shows in a dropdown under the figure: the data one click away.
    """
    fig = getattr(ax_or_fig, "figure", ax_or_fig)
    if not isinstance(fig, plt.Figure):
        raise TypeError(f"glue_figure expects a matplotlib Axes or Figure, got {type(ax_or_fig).__name__}")
    glue(name, fig, display=True)
    if hasattr(fig, "drawn"):
        glue(f"{name}-data", tables.chart_data(fig), display=False)
    plt.close(fig)


def glue_table(name: str, table) -> None:
    """Glue a :class:`~economie_sociale.tables.Table` for a ``{glue:md}`` inside ``{table}``."""
    glue(name, table, display=True)
