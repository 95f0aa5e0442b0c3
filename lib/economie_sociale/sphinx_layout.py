"""Sphinx extension: the HTML pages' own stylesheet (``static/book.css``).

It holds layout rules the theme lacks for this book: data tables in a smaller
type so that most fit the text column at 1280 px, and, for the few that are
still wider, a caption that stays as wide as the column (readable whole) while
the table scrolls under it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent / "static"


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _add_static)
    app.add_css_file("book.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
