"""A notebook that raises must make the build command fail (Jupyter Book
alone exits 0 unless told otherwise)."""

from __future__ import annotations

import os
import shutil
import subprocess

import nbformat

from .conftest import ROOT


def test_raising_notebook_fails_the_build(tmp_path):
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/intro\nchapters:\n  - file: chapters/broken\n")
    (book / "chapters" / "intro.md").write_text("# Intro\n")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken"), nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nb, book / "chapters" / "broken.ipynb")
    env = {**os.environ, "BOOK_DIR": str(book), "HTML_ONLY": "1"}
    run = subprocess.run(["bash", str(ROOT / "scripts" / "build.sh")], env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert "ZeroDivisionError" in run.stdout + run.stderr
