"""The data API: every file loads and validates, spot checks against the
report, lookups, and clear errors on bad input."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from economie_sociale import data
from economie_sociale.data import DataError, UnknownKeyError


@pytest.mark.parametrize("name", sorted(data.LOADERS))
def test_every_dataset_loads(name):
    frame = data.LOADERS[name]()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0


def test_row_counts():
    assert len(data.load_segments()) == 17
    assert len(data.load_technology_families()) == 9
    assert len(data.load_technologies()) == 21
    assert len(data.load_cases()) == 13
    use = data.load_technology_use()
    assert use.groupby("source").size().to_dict() == {"annex": 504, "fig4": 5, "fig5": 5, "fig6": 6, "tab3": 147, "tab4": 147}
    r = data.load_responses()
    first = r[r["question"].isin(["respondent_sector", "respondent_size", "revenue", "it_person", "it_investment"])]
    assert len(first) == 32 + 3 + 7 + 9 + 9


def test_types():
    r = data.load_responses()
    assert r["value"].dtype == float
    s = data.load_segments()
    assert s["n"].dtype == int


def test_table1_spot_check():
    """Tableau 1 of the report, lines 430-473."""
    v = data.value
    assert v("respondent_sector", "total", "sector_personal") == 30
    assert v("respondent_sector", "size_20plus", "sector_personal") == 56
    assert v("respondent_sector", "size_lt5", "sector_leisure") == 26
    assert v("respondent_sector", "size_5_19", "sector_housing") == 3
    assert v("respondent_sector", "total", "sector_other") == 7
    assert [v("respondent_size", "total", s) for s in ("size_lt5", "size_5_19", "size_20plus")] == [47, 36, 17]


def test_figures_1_to_3_spot_check():
    v = data.value
    assert v("revenue", item="rev_lt100k") == 30
    assert v("it_person", "total", level="yes") == 21
    assert v("it_person", "revenue_100kplus", level="yes") == 24
    assert v("it_person", "revenue_lt100k", level="yes") == 15
    assert v("it_person", "revenue_lt100k", level="no") == 84
    assert v("it_investment", item="inv_lt5k") == 49
    assert v("it_investment", item="none") == 21


def test_table3_table4_spot_check():
    use = data.load_technology_use().set_index(["source", "segment", "technology", "measure"])["value"]
    assert use["tab3", "total", "office_suite", "use"] == 94
    assert use["tab3", "sector_business", "web_conferencing", "use"] == 62
    assert use["tab3", "sector_housing", "wifi", "use"] == 32
    assert use["tab4", "sector_personal", "accounting_software", "planned"] == 46
    assert use["tab4", "sector_leisure", "social_media", "planned"] == 43
    assert use["annex", "total", "website_info", "use"] == 65


def test_base_sizes():
    n = data.segment_n
    assert (n("total"), n("size_lt5"), n("size_5_19"), n("size_20plus")) == (403, 190, 143, 70)
    assert n("size_lt5") + n("size_5_19") + n("size_20plus") == n("total")
    seg = data.load_segments().set_index("segment")
    # the printed base of the IT panel cannot be right; the implied one is used
    assert seg.at["it_yes", "n_printed"] == 316 and seg.at["it_yes", "n"] == 86
    assert seg.at["online_sellers", "n_printed"] == 89 and seg.at["online_sellers", "n"] == 117


def test_responses_are_labelled_and_ordered():
    r = data.responses("respondent_sector")
    assert list(r.columns[:7]) == ["segment", "segment_label", "item", "item_label", "level", "level_label", "value"]
    assert r["segment"].unique().tolist() == ["total", "size_lt5", "size_5_19", "size_20plus"]
    assert r["item"].iloc[0] == "sector_agri"
    assert r.loc[r["segment"] == "size_lt5", "n"].unique().tolist() == [190]


def test_ambiguous_values_are_flagged():
    rev = data.responses("revenue").set_index("item")
    assert rev.at["rev_lt100k", "mapping"] == "certain"
    assert (rev.drop("rev_lt100k")["mapping"] == "ambiguous").all()
    assert rev["alternatives"].drop("rev_lt100k").notna().all()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: data.responses("no_such_question"), "unknown question 'no_such_question'"),
        (lambda: data.responses("revenue", ["size_huge"]), "unknown segment for question 'revenue' 'size_huge'"),
        (lambda: data.value("it_person", "total", level="perhaps"), "unknown level for question 'it_person' 'perhaps'"),
        (lambda: data.segment_n("martians"), "unknown segment 'martians'"),
    ],
)
def test_unknown_keys(call, message):
    with pytest.raises(UnknownKeyError) as err:
        call()
    assert message in str(err.value)


def test_loaders_hand_out_copies():
    a = data.load_segments()
    a.loc[0, "n"] = -1
    assert data.load_segments().loc[0, "n"] == 403


# --------------------------------------------------------------------------
# bad inputs: each corrupts a temporary copy of data/ and expects a clear error


def _rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _set(file, line, column, value):
    """Corruption: set one cell (line = file line number, header = 1)."""

    def apply(folder):
        rows = _rows(folder / file)
        rows[line - 1][rows[0].index(column)] = value
        _write(folder / file, rows)

    return apply


def _drop_column(file, column):
    def apply(folder):
        rows = _rows(folder / file)
        i = rows[0].index(column)
        _write(folder / file, [r[:i] + r[i + 1 :] for r in rows])

    return apply


def _add_column(file, column):
    def apply(folder):
        rows = _rows(folder / file)
        _write(folder / file, [rows[0] + [column]] + [r + ["x"] for r in rows[1:]])

    return apply


def _extra_field(file, line):
    def apply(folder):
        rows = _rows(folder / file)
        rows[line - 1].append("surplus")
        _write(folder / file, rows)

    return apply


def _duplicate_line(file, line):
    def apply(folder):
        rows = _rows(folder / file)
        rows.append(rows[line - 1])
        _write(folder / file, rows)

    return apply


def _remove(file):
    return lambda folder: (folder / file).unlink()


def _empty(file):
    return lambda folder: (folder / file).write_text("")


def _latin1(file):
    def apply(folder):
        text = (folder / file).read_text(encoding="utf-8")
        (folder / file).write_bytes(text.encode("latin-1", errors="replace"))

    return apply


BAD_INPUTS = {
    "missing file": (_remove("segments.csv"), "load_segments", "segments.csv", "file not found"),
    "empty file": (_empty("questions.csv"), "load_questions", "questions.csv", "file is empty"),
    "not UTF-8": (_latin1("segments.csv"), "load_segments", "segments.csv", "not UTF-8"),
    "row with an extra field": (_extra_field("responses.csv", 5), "load_responses", "responses.csv", "line 5: has 10 fields, the header has 9"),
    "value not a number": (_set("responses.csv", 3, "value", "douze"), "load_responses", "responses.csv", "line 3, column 'value': 'douze' is not a valid"),
    "value above 100": (_set("responses.csv", 4, "value", "140"), "load_responses", "responses.csv", "line 4, column 'value': 140.0 is out of range"),
    "negative value": (_set("technology_use.csv", 10, "value", "-3"), "load_technology_use", "technology_use.csv", "line 10, column 'value': -3.0 is out of range"),
    "value missing": (_set("responses.csv", 6, "value", ""), "load_responses", "responses.csv", "line 6, column 'value': value is missing"),
    "unknown segment": (_set("responses.csv", 2, "segment", "size_huge"), "load_responses", "responses.csv", "line 2, column 'segment': unknown segment 'size_huge'"),
    "unknown question": (_set("responses.csv", 7, "question", "favourite_colour"), "load_responses", "responses.csv", "line 7, column 'question': unknown question 'favourite_colour'"),
    "item of another question": (_set("responses.csv", 2, "item", "rev_lt100k"), "load_responses", "responses.csv", "line 2, column 'item': unknown item of its question 'respondent_sector/rev_lt100k'"),
    "duplicate key": (_duplicate_line("responses.csv", 3), "load_responses", "responses.csv", "duplicate key"),
    "mapping not allowed": (_set("responses.csv", 8, "mapping", "maybe"), "load_responses", "responses.csv", "line 8, column 'mapping': 'maybe' is not an allowed value"),
    "ambiguous without alternatives": (_set("responses.csv", 39, "alternatives", ""), "load_responses", "responses.csv", "an ambiguous value needs a mapping_note and alternatives"),
    "missing column": (_drop_column("responses.csv", "lines"), "load_responses", "responses.csv", "missing column 'lines'"),
    "unexpected column": (_add_column("segments.csv", "colour"), "load_segments", "segments.csv", "unexpected column 'colour'"),
    "line range with a dash": (_set("responses.csv", 9, "lines", "433–433"), "load_responses", "responses.csv", "line 9, column 'lines': '433–433' is not well formed"),
    "line range reversed": (_set("segments.csv", 3, "lines", "419-416"), "load_segments", "segments.csv", "line range must read start-end with start <= end"),
    "base size zero": (_set("segments.csv", 4, "n", "0"), "load_segments", "segments.csv", "line 4, column 'n': 0 is out of range"),
    "base size not whole": (_set("segments.csv", 4, "n", "142.5"), "load_segments", "segments.csv", "line 4, column 'n': '142.5' is not a valid"),
    "base changed without a note": (_set("segments.csv", 2, "n", "404"), "load_segments", "segments.csv", "needs an n_note"),
    "key not snake_case": (_set("segments.csv", 2, "segment", "Total"), "load_segments", "segments.csv", "line 2, column 'segment': 'Total' is not well formed"),
    "unknown technology": (_set("technology_use.csv", 2, "technology", "blockchain"), "load_technology_use", "technology_use.csv", "line 2, column 'technology': unknown technology 'blockchain'"),
    "unknown measure": (_set("technology_use.csv", 2, "measure", "dreamed"), "load_technology_use", "technology_use.csv", "line 2, column 'measure': 'dreamed' is not an allowed value"),
    "unknown family": (_set("technologies.csv", 2, "family", "gadgets"), "load_technologies", "technologies.csv", "line 2, column 'family': unknown family 'gadgets'"),
    "range upside down": (_set("cases.csv", 2, "employees_min", "999999"), "load_cases", "cases.csv", "each range needs both ends, with min <= max"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_clear_error(name, data_copy):
    corrupt, loader, file, message = BAD_INPUTS[name]
    corrupt(data_copy)
    with pytest.raises(DataError) as err:
        getattr(data, loader)()
    text = str(err.value)
    assert file in text
    assert message in text, text


def test_bad_input_count():
    assert len(BAD_INPUTS) >= 20


def test_annex_panels_spot_check():
    """Annexes 2-4: a few values per kind of panel (lines 4146-5593)."""
    use = data.load_technology_use()
    annex = use[use["source"] == "annex"].set_index(["segment", "technology", "measure"])["value"]
    assert annex["total", "office_suite", "use"] == 94 and annex["total", "office_suite", "planned"] == 22
    assert annex["size_lt5", "office_suite", "use"] == 93
    assert annex["size_20plus", "document_management", "use"] == 63
    assert annex["it_yes", "website_info", "use"] == 76 and annex["it_no", "website_info", "use"] == 62
    assert annex["sector_housing", "wifi", "use"] == 32
    assert annex.groupby(level="segment").size().eq(42).all() and annex.index.get_level_values(0).nunique() == 12


def test_figures_7_to_16_spot_check():
    v = data.value
    assert v("web_platforms", item="own_website") == 64
    assert v("sells_online", "total", level="yes") == 29
    assert v("sells_online", "sector_leisure", level="yes") == 47
    assert v("social_networks", item="facebook") == 76
    assert v("perceptions", item="mgmt_interest", level="strongly_agree") == 28
    assert v("business_concerns", item="improve_quality", level="very_concerned") == 51
    assert v("hr_practices", item="none") == 48


def test_prose_numbers_spot_check():
    assert data.prose("p3_2_response_rate") == 25.6
    assert data.prose("p3_1_duration") == 17
    assert data.prose("p3_1_start_date") == 20160526


def test_context_and_cases_spot_check():
    assert data.context("enterprises") == 7000
    assert data.context("jobs") == 210000
    assert data.context("coop_mutual_revenue") == 38e9
    cases = data.load_cases().set_index("case")
    assert cases.at["case01", "name"] == "Sercovie"
    assert (cases.at["case01", "employees_min"], cases.at["case01", "volunteers_min"]) == (40, 330)
    assert cases.at["case01", "revenue_min"] == 2_000_000
    assert (cases.at["case06", "revenue_min"], cases.at["case06", "revenue_max"]) == (35_000, 40_000)  # a range stays a range
    assert cases.at["case10", "it_budget_min"] == 63_000
