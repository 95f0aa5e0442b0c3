"""Sphinx extension: write the files the book derives from ``data/`` before the pages are read.

- ``_build/generated/economie-sociale-2-0-valeurs.csv``: every value in one
  long table, offered for download by the data-dictionary page;
- ``_build/generated/glossaire.md``: Annexe 1's terms as a Sphinx glossary
  (``data/glossary.csv``), included by ``chapters/glossaire.md``, so that
  ``{term}`` roles in the chapters resolve and definitions live only in data;
- ``_build/generated/solutions.md``: every exercise's solution, taken from the
  notebooks' ``{solution}`` blocks, for the PDF's appendix
  (``chapters/solutions.md``); the PDF hides them under their exercises.

Both are derived, never committed.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from . import data
from .export import FILENAME, long_format

GENERATED = Path("_build") / "generated"


def glossary_markdown() -> str:
    """The MyST source of the glossary, one term per entry, sorted as French readers expect.

    Definitions and labels are data, shown as text (:func:`.tables.markdown_text`); a term is plain words
    (the schema refuses anything else), since the chapters' ``{term}`` roles name it as it is.
    """
    from .tables import markdown_text

    g = data.load_glossary().sort_values("short_fr", key=lambda s: s.str.casefold())
    lines = ["```{glossary}", ":sorted:", ""]
    for row in g.itertuples():
        lines.append(row.short_fr)
        lines.append(f"  {markdown_text(row.definition_fr)} *Terme du rapport : « {markdown_text(row.label_fr)} » "
                     f"(annexe 1 du rapport).*")
        lines.append("")
    lines.append("```")
    return "\n".join(lines) + "\n"


def _write_if_changed(path: Path, text: str) -> None:
    # An unchanged file keeps its mtime, so the pages using it are not re-read.
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


EXERCISE = re.compile(r"^:{3,}\{exercise\}[^\n]*\n(?:[ \t]*:(?!label:)[\w-]+:[^\n]*\n)*(?:[ \t]*:label:[ \t]*(\S+))?", re.M)
SOLUTION = re.compile(r"^(?P<fence>:{3,})\{solution\} (?P<label>ex-[a-z0-9-]+)[ \t]*\n(?:[ \t]*:[\w-]+:[^\n]*\n)*"
                      r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)


def solutions_markdown(srcdir: Path, docnames: list[str]) -> str:
    """Every solution of the notebooks, in book order, under a heading naming its exercise.

    The text comes from the committed notebooks, their ``{eval}`` values
    substituted from the results stored with them (the tests check that these
    equal a fresh run).
    """
    import json

    import nbformat

    from .notebooks import FRONT_MATTER, toc_pages
    from .sphinx_notebooks import substitute

    chapter = {page: number for number, page in enumerate(toc_pages(srcdir), start=1)}
    parts = []
    for docname in docnames:
        path = srcdir / f"{docname}.ipynb"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if "{solution}" not in text:
            continue
        nb = nbformat.v4.reads(text)  # no schema validation: 1.5 s on every build otherwise
        # the first « # » title, after the first cell's front matter (jupyterlab-myst's numbering)
        titles = [re.match(r"# (.+)", FRONT_MATTER.sub("", c.source, count=1))
                  for c in nb.cells if c.cell_type == "markdown"]
        title = next((m.group(1).strip() for m in titles if m), docname)
        if docname in chapter:
            title = f"Chapitre {chapter[docname]} — {title}"
        found = []
        for cell in nb.cells:
            if cell.cell_type == "markdown" and "{solution}" in cell.source:
                text = substitute(cell)
                found += [(m["label"], m["body"].strip()) for m in SOLUTION.finditer(text)]
        if found:
            # rubrics, not headings: the text sits inside an {only} block, where sections cannot go
            parts.append(f"```{{rubric}} {title}\n```\n")
            # « Exercice 4.1 », as sphinx-exercise numbers its statement: every exercise of the chapter, in order
            # (a {numref} from this included page printed « Exercice ?? » in the PDF)
            labels = [m.group(1) for c in nb.cells if c.cell_type == "markdown" for m in EXERCISE.finditer(c.source)]
            for label, body in found:
                number = f"{chapter[docname]}.{labels.index(label) + 1}" if docname in chapter and label in labels else ""
                parts.append(f"**Exercice {number}** ({{ref}}`énoncé <{label}>`)\n\n{body}\n")
    return "\n".join(parts)


def _on_builder_inited(app: Sphinx) -> None:
    folder = Path(app.srcdir) / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    _write_if_changed(folder / FILENAME, long_format().to_csv(index=False, lineterminator="\n"))
    _write_if_changed(folder / "glossaire.md", glossary_markdown())
    order = _toc_order(Path(app.srcdir))
    _write_if_changed(folder / "solutions.md", solutions_markdown(Path(app.srcdir), order))


def _toc_order(srcdir: Path) -> list[str]:
    """The book's documents in table-of-contents order (from _toc.yml)."""
    import yaml

    from .notebooks import toc_pages

    return [yaml.safe_load((srcdir / "_toc.yml").read_text(encoding="utf-8"))["root"], *toc_pages(srcdir)]


def _solutions_to_appendix(app: Sphinx, doctree, docname: str) -> None:
    """In the PDF, the solutions are printed in the appendix, not under their exercises.

    (Removed when the pages are written: sphinx-exercise's ``hide_solutions`` is read
    with the sources, which the HTML and PDF builds share through their caches.)
    """
    if app.builder.name != "latex":
        return
    from sphinx_exercise.nodes import solution_node

    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def _launch_links(app: Sphinx, config) -> None:
    """The facilitator guide's launch links, from _config.yml (economie_sociale.launch), as MyST substitutions."""
    from . import launch

    config.myst_substitutions = {**(config.myst_substitutions or {}), **launch.substitutions()}


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _launch_links)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-resolved", _solutions_to_appendix)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
