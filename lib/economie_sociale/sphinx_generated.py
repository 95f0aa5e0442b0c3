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
from .export import FILENAME, long_format

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


def _write_if_changed(path: Path, text: str) -> None:
    # An unchanged file keeps its mtime, so the pages using it are not re-read.
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _on_builder_inited(app: Sphinx) -> None:
    folder = Path(app.srcdir) / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    _write_if_changed(folder / FILENAME, long_format().to_csv(index=False, lineterminator="\n"))
    _write_if_changed(folder / "glossaire.md", glossary_markdown())


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
