"""Sphinx extension: the book's own layout rules, for the HTML pages and the PDF.

HTML interface (:func:`french_interface`): the theme's few English strings (launch
buttons, the code cells' toggle) in French, the bibliography marked up as a list screen
readers accept (docutils writes the deprecated ``doc-biblioentry`` role inside a
``role="list"``), and the site's icon (``static/favicon.svg``; browsers asked for a
missing ``/favicon.ico``). ``static/book.js`` marks the tables that scroll sideways so
that they show a cue; ``static/book.css`` keeps their header row in view.

HTML (``static/book.css``): data tables in a smaller type so that most fit the
text column at 1280 px, and, for the few that are still wider, a caption that
stays as wide as the column (readable whole) while the table scrolls under it.

PDF (:func:`latex_tables`): a table whose column widths are given is set as a
``longtable``, which breaks across pages (a ``tabular`` cannot: a long one ran
over the page's footer); and long identifiers in table cells
(``responses:question/segment``) may break after ``/``, ``:`` and ``_``, as no
dictionary hyphenates them (they ran into the next column). Figures stay near
the code that draws them: where one chart's code cell follows another's chart
directly (the annex's twelve panels), the second cell waits until the first
chart is printed (``\\FloatBarrier``), instead of all the code going first and
the charts trailing it by six pages; ``placeins``' ``section`` option (in the
preamble) does the same at each section.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent / "static"

#: a word of a table cell that may break after these signs: at least 12 characters, one of them a sign
BREAKABLE = re.compile(r"\S{12,}")
BREAK_AFTER = re.compile(r"(?<=[/:_])(?=\S)")


def latex_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The PDF's tables: longtables when their widths are given; long identifiers breakable.

    Runs on the resolved doctree after the French typography: a text piece ending in ``:``
    would otherwise get the space that goes before a colon.
    """
    if app.builder.format != "latex":
        return
    _barriers_between_charts(doctree)
    for table in doctree.findall(nodes.table):
        if "colwidths-given" in table["classes"] and "longtable" not in table["classes"]:
            table["classes"].append("longtable")
        for text in list(table.findall(nodes.Text)):
            if isinstance(text.parent, (nodes.literal_block, nodes.raw)) or not BREAK_AFTER.search(text):
                continue
            parts = breakable(str(text))
            if len(parts) > 1:
                text.parent.replace(text, parts)


def _draws_a_chart(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "cell" in node["classes"] and any(node.findall(nodes.figure))


def _barriers_between_charts(doctree: nodes.document) -> None:
    for cell in [n for n in doctree.findall(nodes.container) if _draws_a_chart(n)]:
        following = cell.next_node(descend=False, siblings=True)
        while isinstance(following, (nodes.comment, nodes.target)):  # an HTML-only data table leaves a comment
            following = following.next_node(descend=False, siblings=True)
        if following is not None and _draws_a_chart(following):
            following.parent.insert(following.parent.index(following),
                                    nodes.raw("", "\\FloatBarrier\n", format="latex"))


def breakable(text: str) -> list[nodes.Node]:
    """``text`` with a LaTeX ``\\allowbreak`` after each sign of its long words."""
    out: list[nodes.Node] = []
    last = 0
    for word in BREAKABLE.finditer(text):
        pieces = BREAK_AFTER.split(word.group())
        if len(pieces) == 1:
            continue
        out.append(nodes.Text(text[last:word.start()]))
        for piece in pieces[:-1]:
            out += [nodes.Text(piece), nodes.raw("", r"\allowbreak{}", format="latex")]
        out.append(nodes.Text(pieces[-1]))
        last = word.end()
    out.append(nodes.Text(text[last:]))
    return [node for node in out if not (isinstance(node, nodes.Text) and not str(node))]


def _exercise_numbers_as_in_html(app: Sphinx, env) -> list[str]:
    """« Exercice 4.1 » in the PDF too, as in the HTML (and as the solutions appendix names it).

    sphinx-jupyterbook-latex sets ``numfig_secnum_depth`` to 2 for a book with parts, so that
    LaTeX numbers figures per chapter; Sphinx then numbers the exercises, whose titles it
    writes itself, per section (« Exercice 4.5.1 »). Renumbered here per chapter, in order.
    """
    if app.builder.format == "latex":
        for numbers in env.toc_fignumbers.values():
            exercises = numbers.get("exercise", {})
            for index, (label, number) in enumerate(sorted(exercises.items(), key=lambda item: item[1]), start=1):
                exercises[label] = (number[0], index)
    return []


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
    if app.builder.format == "html" and not app.config.html_favicon:
        app.config.html_favicon = str(STATIC / "favicon.svg")


#: English texts that sphinx-book-theme 1.3.0 does not translate (its French catalogue lacks them), by text.
FRENCH = {
    "Launch on Binder": "Ouvrir dans Binder",
    "Launch on JupyterHub": "Ouvrir dans JupyterHub",
    "Launch on Colab": "Ouvrir dans Colab",
    "Launch interactive content": "Exécuter les carnets",
    "Toggle primary sidebar": "Afficher ou masquer la navigation",
    "Toggle secondary sidebar": "Contenu de la page",
    "Search this book...": "Rechercher dans le livre…",
}

#: Fixed in the rendered body: (what MyST-NB, docutils or Sphinx write, what the page gets).
BODY_FIXES = [
    # the code cells' toggle: its visible text (« Afficher le code ») is its name; an English aria-label hid it
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    # a bibliography entry is a list item (the deprecated doc-biblioentry role left the list without items)
    ('role="doc-biblioentry"', 'role="listitem"'),
    # pandas leaves empty the header over a DataFrame's index (the workshop shows raw frames): named for screen readers
    ("<th></th>", '<th><span class="visually-hidden">Ligne</span></th>'),
]


def _french_buttons(buttons: list) -> None:
    for button in buttons:
        for key in ("tooltip", "text", "label"):
            if isinstance(button.get(key), str) and button[key] in FRENCH:
                button[key] = FRENCH[button[key]]
        _french_buttons(button.get("buttons", []))


def french_interface(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The page's header buttons and body with the fixes above (after the theme builds its buttons)."""
    _french_buttons(context.get("header_buttons", []))
    if context.get("theme_search_bar_text") in FRENCH:
        context["theme_search_bar_text"] = FRENCH[context["theme_search_bar_text"]]
    body = context.get("body")
    if isinstance(body, str):
        for old, new in BODY_FIXES:
            body = body.replace(old, new)
        context["body"] = body


def setup(app: Sphinx) -> dict:
    app.connect("env-get-updated", _exercise_numbers_as_in_html, priority=900)  # after Sphinx numbers them (500)
    app.connect("builder-inited", _add_static)
    app.add_css_file("book.css")
    app.add_js_file("book.js", loading_method="defer")
    app.connect("html-page-context", french_interface, priority=600)  # after sphinx-book-theme's buttons (501)
    app.connect("doctree-resolved", latex_tables, priority=900)  # after sphinx_typography's (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
