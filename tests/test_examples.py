"""The example of one's own analysis (examples/analyse_personnelle.ipynb, issue 24): it runs on its own,
its key numbers are right, and the committed copy is its executed, saved self."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from economie_sociale import data, stats

from book_build import notebooks

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "analyse_personnelle.ipynb"


def _prose(nb) -> dict[str, str]:
    return {u["expression"]: u["result"]["data"]["text/plain"]
            for c in nb.cells for u in c.metadata.get("user_expressions", [])}


def _texts(nb) -> list[str]:
    return [o.get("text") or o.get("data", {}).get("text/plain", "")
            for c in nb.cells if c.cell_type == "code" for o in c.outputs]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    # run in a copy of the folder, so that the CSV it writes lands in a temporary directory
    folder = tmp_path_factory.mktemp("examples")
    copy = folder / EXAMPLE.name
    copy.write_bytes(EXAMPLE.read_bytes())
    return notebooks.execute(copy, figure_formats=())


def test_the_example_runs_and_its_numbers_are_right(fresh):
    expected = stats.compare_pct(42, 190, 51, 70)
    assert (expected.k1, expected.k2) == (80, 36)
    prose = _prose(fresh)
    assert prose['fmt.pct(small)'] == "42\u00a0%" and prose['fmt.pct(large)'] == "51\u00a0%"
    assert prose['fmt.p_value(comparison.p_value, "statement")'] == "p\u00a0=\u00a00,180"
    assert prose["fmt.p_range(comparison.p_min, comparison.p_max)"] == "de 0,156 à 0,180"
    assert prose["fmt.text(comparison.verdict_fr(95))"] == "non significatif"
    texts = _texts(fresh)
    assert any(t.startswith("Comparaison(moins de 5 employés : 80/190 = 42,1 %, 20 employés et plus : 36/70 = 51,4 %")
               for t in texts)
    assert "6 lignes relues, identiques aux valeurs calculées\n" in texts
    assert data.technology_value("cloud", "size_lt5") == 42.0


def test_the_committed_example_is_its_executed_self(fresh):
    committed = nbformat.read(EXAMPLE, as_version=4)
    assert _prose(committed) == _prose(fresh)
    # the text outputs, figures aside (their reprs carry sizes only)
    assert [t for t in _texts(committed) if "<Figure" not in t] == [t for t in _texts(fresh) if "<Figure" not in t]
