"""Sphinx extension: write the files the book derives from ``data/`` before the pages are read.

- ``_build/generated/economie-sociale-2-0-valeurs.csv``: every value in one
  long table, offered for download by the data-dictionary page;
- ``_build/generated/glossaire.md``: Annexe 1's terms as a Sphinx glossary
  (``data/glossary.csv``), included by ``chapters/glossaire.md``, so that
  ``{term}`` roles in the chapters resolve and definitions live only in data.

Both are derived, never committed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import data
from .export import FILENAME, write

GENERATED = Path("_build") / "generated"


def glossary_markdown() -> str:
    """The MyST source of the glossary, one term per entry, sorted as French readers expect."""
    g = data.load_glossary().sort_values("short_fr", key=lambda s: s.str.casefold())
    lines = ["```{glossary}", ":sorted:", ""]
    for row in g.itertuples():
        lines.append(row.short_fr)
        lines.append(f"  {row.definition_fr} *Terme du rapport : « {row.label_fr} » (annexe 1, lignes {row.lines}).*")
        lines.append("")
    lines.append("```")
    return "\n".join(lines) + "\n"


def _on_builder_inited(app: Sphinx) -> None:
    folder = Path(app.srcdir) / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / FILENAME)
    target = folder / "glossaire.md"
    text = glossary_markdown()
    if not target.is_file() or target.read_text(encoding="utf-8") != text:  # keep mtime: no needless re-reads
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
