"""Sphinx extension: write the long-format CSV of every value before the pages are read.

The file lands in ``_build/generated/`` (never committed: it is derived from
``data/``), where the data-dictionary page offers it with the ``{download}``
role, e.g. ``{download}`/_build/generated/economie-sociale-2-0-valeurs.csv```.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .export import FILENAME, write

GENERATED = Path("_build") / "generated"


def _on_builder_inited(app: Sphinx) -> None:
    folder = Path(app.srcdir) / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / FILENAME)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
