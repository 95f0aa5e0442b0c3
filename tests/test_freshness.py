"""The execution cache must not serve stale outputs when data/ or lib/ change."""

from __future__ import annotations

import shutil

from economie_sociale.sphinx_freshness import inputs_digest

from .conftest import ROOT


def _tree(tmp_path):
    for folder in ("data", "lib"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_digest_changes_with_data(tmp_path):
    root = _tree(tmp_path)
    before = inputs_digest(root)
    assert inputs_digest(root) == before
    csv = root / "data" / "responses.csv"
    csv.write_text(csv.read_text().replace(",30,", ",31,", 1))
    assert inputs_digest(root) != before


def test_digest_changes_with_lib(tmp_path):
    root = _tree(tmp_path)
    before = inputs_digest(root)
    (root / "lib" / "economie_sociale" / "charts.py").write_text("# changed\n", encoding="utf-8")
    assert inputs_digest(root) != before


def test_digest_ignores_prose_notes(tmp_path):
    root = _tree(tmp_path)
    before = inputs_digest(root)
    (root / "data" / "NOTES.md").write_text("a note\n")
    assert inputs_digest(root) == before
