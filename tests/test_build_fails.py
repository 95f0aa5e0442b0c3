"""A notebook that cannot become a page makes the build command fail, naming the problem
(Jupyter Book alone exits 0 unless told otherwise)."""

from __future__ import annotations

import os
import shutil
import subprocess

import nbformat

from .conftest import ROOT


def _build(tmp_path, *cells) -> subprocess.CompletedProcess:
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/intro\nchapters:\n  - file: chapters/broken\n")
    (book / "chapters" / "intro.md").write_text("# Intro\n")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken"), *cells]
    nbformat.write(nb, book / "chapters" / "broken.ipynb")
    env = {**os.environ, "BOOK_DIR": str(book), "HTML_ONLY": "1"}
    return subprocess.run(["bash", str(ROOT / "scripts" / "build.sh")], env=env, capture_output=True, text=True)


def test_raising_cell_or_expression_fails_the_build(tmp_path):
    run = _build(tmp_path, nbformat.v4.new_code_cell("1 / 0"))
    assert run.returncode != 0
    assert "broken.ipynb: a cell failed" in run.stderr and "ZeroDivisionError" in run.stderr


def test_a_hole_in_a_page_fails_the_build(tmp_path):
    run = _build(
        tmp_path,
        nbformat.v4.new_code_cell("from economie_sociale import fmt\nshare = 25.6"),
        nbformat.v4.new_markdown_cell("Part : {eval}`share`, soit {eval}`fmt.pct(share)`."),
        nbformat.v4.new_markdown_cell(":::{figure}\n:label: fig-nothing\n:alt: Rien\n\nUne légende sans graphique.\n:::"),
    )
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "{eval}`share` shows 25.6, not French-formatted: use fmt.pct, fmt.number or fmt.dollars" in out
    assert "caption block 'fig-nothing' must come right after the code cell that shows it" in out
