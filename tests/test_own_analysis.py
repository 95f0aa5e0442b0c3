"""The API for one's own analysis (issue 24): each friction a researcher met, with its message or result;
the numeric export of a chart, read back equal; a chapter run at another level from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from economie_sociale import charts, data, export, stats

from book_build import notebooks
from economie_sociale.errors import ArgumentError, UnknownKeyError

ROOT = Path(__file__).resolve().parent.parent


def test_a_dimension_expands_to_its_groups():
    sizes = data.technology_use("size", measures="use", technologies="cloud")
    assert sizes["segment"].tolist() == ["size_lt5", "size_5_19", "size_20plus"]
    # only the sectors with an annex panel: 6 of the 8
    sectors = data.technology_use("sector", measures="use", technologies="cloud")
    assert sectors["segment"].tolist() == ["sector_agri", "sector_retail", "sector_personal", "sector_business",
                                           "sector_leisure", "sector_housing"]
    assert len(data.segments("sector")) == 8
    assert data.responses("sells_online", "size")["segment"].tolist() == ["size_lt5", "size_5_19", "size_20plus"]


def test_a_french_label_goes_where_a_key_does():
    cloud = data.technology_use("Moins de 5 employés", measures="use", technologies="infonuagique")
    assert cloud[["segment", "technology", "value"]].values.tolist() == [["size_lt5", "cloud", 42.0]]
    assert data.segment_n("20 employés et plus") == 70
    assert data.value("sells_online", "Moins de 5 employés", level="yes") == 29.0


def test_a_group_without_a_panel_is_named_as_such():
    with pytest.raises(UnknownKeyError) as err:
        data.technology_use("sector_manufacturing")
    message = str(err.value)
    assert message.startswith("segment 'sector_manufacturing' (Manufacturier, fabrication, transformation et "
                              "construction) has no values in source 'annex': the report prints none for this group")
    assert ("the groups of its dimension that have some: sector_agri, sector_business, sector_housing, "
            "sector_leisure, sector_personal, sector_retail") in message
    with pytest.raises(UnknownKeyError, match=r"unknown segment in source 'annex' 'size_lt6' \(did you mean 'size_lt5'"):
        data.technology_use("size_lt6")


def test_one_value_of_the_technology_grid():
    assert data.technology_value("cloud") == 42.0
    assert data.technology_value("infonuagique", "size_lt5") == 42.0
    assert data.technology_value("cloud", "it_yes", measure="planned") == 26.0
    with pytest.raises(UnknownKeyError, match=r"'cloud' is a technology of the grid: use "
                                              r"data\.technology_value\('cloud', segment='total', measure='use'\)"):
        data.value("cloud")
    with pytest.raises(ArgumentError, match=r"technology_value names one segment: 'size' stands for 3 groups"):
        data.technology_value("cloud", "size")
    with pytest.raises(UnknownKeyError, match="unknown measure 'usage'"):
        data.technology_value("cloud", measure="usage")


def test_provenance_lines_are_kept():
    use = data.technology_use("total", measures="use", technologies="office_suite")
    assert use["lines"].tolist() == ["4202-4202"]
    full = data.load_technology_use().set_index(["source", "segment", "technology", "measure"])["lines"]
    every = data.technology_use(None)
    assert every["lines"].tolist() == [full[k] for k in zip(every["source"], every["segment"], every["technology"],
                                                             every["measure"])]
    assert data.responses("revenue").set_index("item").at["rev_lt100k", "lines"] == "493-493"


def test_a_comparison_from_percentages():
    c = stats.compare_pct(data.technology_value("cloud", "it_yes"), data.segment_n("it_yes"),
                          data.technology_value("cloud", "it_no"), data.segment_n("it_no"),
                          labels=("avec TI", "sans TI"))
    assert (c.k1, c.k2, c.test) == (47, 123, "z")
    assert (round(c.p_min, 4), round(c.p_value, 4), round(c.p_max, 4)) == (0.0075, 0.0089, 0.0104)
    assert c.verdict(95) == "significant" and c.verdict(99) == "depends_on_rounding"


def test_a_charts_numeric_frame_read_back_equal(tmp_path):
    use = data.technology_use(["it_yes", "it_no"], measures="use", technologies=["big_data", "cloud"])
    frame = export.values(charts.paired_barh(use, series="segment_label"))
    big = frame.set_index(["segment", "technology"]).loc[("it_yes", "big_data")]
    assert (big["value"], big["n"], big["k"], big["k_min"], big["k_max"]) == (10.0, 86, 9, 9, 9)
    assert (round(big["ci_low"], 1), round(big["ci_high"], 1)) == (5.6, 18.7)
    expected = stats.compare_pct(10, 86, 5, 316)
    assert (big["test"], big["p_value"], big["p_min"], big["p_max"], big["verdict"]) == (
        "z", expected.p_value, expected.p_min, expected.p_max, "depends_on_rounding")
    assert big["compared_with"] == "Sans personne-ressource en TI à l'interne"
    assert big["lines"] == "5564-5564" and big["confidence_level"] == 95.0
    written = export.chart(charts.paired_barh(use, series="segment_label"), tmp_path / "figure.csv")
    pd.testing.assert_frame_equal(written, frame)
    back = pd.read_csv(tmp_path / "figure.csv", dtype={"lines": str})
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


def test_the_rest_of_the_sample_when_total_is_drawn():
    frame = export.values(data.technology_use(["total", "size_lt5"], measures="use", technologies="cloud"))
    row = frame.set_index("segment").loc["size_lt5"]
    expected = stats.segment_vs_rest(42, 190, 42, 403)
    assert (row["compared_with"], row["p_value"], row["p_max"]) == ("rest", expected.p_value, expected.p_max)
    assert pd.isna(frame.set_index("segment").at["total", "p_value"])


def test_export_refuses_what_it_cannot_write(tmp_path):
    with pytest.raises(ArgumentError, match=r"export writes \.csv or \.xlsx files, got 'figure\.txt'"):
        export.to_file(pd.DataFrame({"a": [1]}), tmp_path / "figure.txt")
    with pytest.raises(ArgumentError, match="export.values expects a chart"):
        export.values("figure")


def test_parameters_from_the_command_line():
    assert notebooks._parameter("CONFIDENCE_LEVEL=90") == ("CONFIDENCE_LEVEL", 90)
    assert notebooks._parameter("NAME = 'x'") == ("NAME", "x")
    assert notebooks._parameter("NAME=texte libre") == ("NAME", "texte libre")
    with pytest.raises(Exception, match="expected NAME=VALUE"):
        notebooks._parameter("90")


def test_a_chapter_run_at_another_level_from_the_command_line(tmp_path):
    out = tmp_path / "06_a_90.ipynb"
    done = subprocess.run([sys.executable, "-m", "book_build.notebooks", "run",
                           str(ROOT / "chapters" / "07_economie_partage.ipynb"), "--set", "CONFIDENCE_LEVEL=90",
                           "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"notebooks: wrote {out} (CONFIDENCE_LEVEL = 90)")
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert [c.source for c in injected] == ["CONFIDENCE_LEVEL = 90"]
    assert notebooks.messages(nb, "conclusion-changed") == []  # the chapter's sentences follow the verdicts at 90 %
    prose = {u["expression"]: u["result"]["data"]["text/plain"]
             for c in nb.cells for u in c.metadata.get("user_expressions", [])}
    assert prose["book.p_value(it_yes)"] == "p\u00a0=\u00a00,076 (de 0,063 à 0,106 selon l’arrondi)"
    assert prose["cannot_conclude"].startswith("Que les petites entreprises ou les entreprises qui ont une "
                                               "personne-ressource en TI soient plus engagées")
