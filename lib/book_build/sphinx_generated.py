"""Sphinx extension: write the files the book derives from ``data/`` before the pages are read.

- ``_build/generated/economie-sociale-2-0-valeurs.csv``: every value in one
  long table, offered for download by the data-dictionary page;
- ``_build/generated/glossaire.md``: Annexe 1's terms as a Sphinx glossary
  (``data/glossary.csv``), included by ``chapters/10_glossaire.md``, so that
  ``{term}`` roles in the chapters resolve and definitions live only in data.

All are derived, never committed. Once the HTML is written, the site is made
to hold one state (:func:`_one_state`): each page's notebook download
(``_sources/…ipynb``) is the notebook this run executed, not the committed
file; ``_images`` and ``_downloads`` keep only what the pages link.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from economie_sociale import data
from economie_sociale.export import FILENAME, long_format

GENERATED = Path("_build") / "generated"


def glossary_markdown() -> str:
    """The MyST source of the glossary, one term per entry, sorted as French readers expect.

    Definitions and labels are data, shown as text (:func:`.tables.markdown_text`); a term is plain words
    (the schema refuses anything else), since the chapters' ``{term}`` roles name it as it is.
    """
    from economie_sociale.tables import markdown_text

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


def _on_builder_inited(app: Sphinx) -> None:
    folder = Path(app.srcdir) / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    _write_if_changed(folder / FILENAME, long_format().to_csv(index=False, lineterminator="\n"))
    _write_if_changed(folder / "glossaire.md", glossary_markdown())


def _one_state(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build: the site's notebooks are this run's, and nothing unlinked stays published.

    - ``_sources/<page>.ipynb`` (the « Carnet (.ipynb) » download): Sphinx copies the committed file,
      and only for the pages it rewrote; it is replaced by the notebook this run executed (cleaned
      as for a commit), for every notebook page;
    - ``_images/`` and ``_downloads/``: Sphinx adds files and never removes one; every file no page
      of the book links any more (an image of an older run, a file a role once copied) is deleted.
    """
    if exception is not None or app.builder.format != "html":
        return
    import nbformat

    from .notebooks import clean_for_commit, default_store, inputs_digest

    out, env = Path(app.outdir), app.env
    store, digest = default_store(Path(app.srcdir)), inputs_digest()
    for docname in sorted(env.found_docs):
        source = Path(str(env.doc2path(docname)))
        if source.suffix != ".ipynb":
            continue
        nb, _ = store.executed(source, digest)
        target = out / "_sources" / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(clean_for_commit(nb)) + "\n"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    linked_images = {unique for _, unique in env.images.values()}
    linked_downloads = {dest for _, dest in env.dlfiles.values()}
    for folder, linked in (("_images", linked_images), ("_downloads", linked_downloads)):
        root = out / folder
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file() and path.relative_to(root).as_posix() not in linked:
                path.unlink()
        for path in sorted(root.rglob("*"), reverse=True) if root.is_dir() else []:
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def _solutions_to_appendix(app: Sphinx, doctree, docname: str) -> None:
    """In the PDF, no solution is printed: the exercises are online only (:mod:`.sphinx_notebooks`).

    (Removed when the pages are written: sphinx-exercise's ``hide_solutions`` is read
    with the sources, which the HTML and PDF builds share through their caches.)
    """
    if app.builder.name != "latex":
        return
    from sphinx_exercise.nodes import solution_node

    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-resolved", _solutions_to_appendix)
    app.connect("build-finished", _one_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
