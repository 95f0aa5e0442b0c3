"""The data API: every file loads and validates, spot checks against the
report, lookups, and clear errors on bad input."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd
import pytest

from economie_sociale import data
from economie_sociale.data import DataError, UnknownKeyError

from .conftest import ROOT


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


def _delete_line(file, line):
    def apply(folder):
        rows = _rows(folder / file)
        del rows[line - 1]
        _write(folder / file, rows)

    return apply


def _delete_rows(file, **match):
    def apply(folder):
        rows = _rows(folder / file)
        cols = {c: rows[0].index(c) for c in match}
        _write(folder / file, [rows[0]] + [r for r in rows[1:] if any(r[cols[c]] != v for c, v in match.items())])

    return apply


def _text_edit(file, transform):
    def apply(folder):
        path = folder / file
        path.write_bytes(transform(path.read_bytes()))

    return apply


def _french_excel(file):
    """What Excel in French writes for « CSV (séparateur : point-virgule) », saved as UTF-8."""
    def apply(folder):
        rows = _rows(folder / file)
        (folder / file).write_text("\n".join(";".join(c.replace(".", ",") for c in r) for r in rows) + "\n", encoding="utf-8")

    return apply


def _header_only(file):
    return _text_edit(file, lambda b: b.split(b"\n", 1)[0] + b"\n")


def _folder_instead(file):
    def apply(folder):
        (folder / file).unlink()
        (folder / file).mkdir()

    return apply


def _fifo_instead(file):
    def apply(folder):
        (folder / file).unlink()
        os.mkfifo(folder / file)

    return apply


def _unreadable(file):
    return lambda folder: (folder / file).chmod(0)


def _line_of(file, **match):
    rows = _rows(ROOT / "data" / file)
    cols = {c: rows[0].index(c) for c in match}
    return next(i for i, r in enumerate(rows, start=1) if i > 1 and all(r[cols[c]] == v for c, v in match.items()))


REVENUE_LT100K = _line_of("responses.csv", question="revenue", item="rev_lt100k")
FIRST_CERTAIN = _line_of("responses.csv", mapping="certain")
ANNEX_TOTAL_CLOUD_USE = _line_of("technology_use.csv", source="annex", segment="total", technology="cloud", measure="use")

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
    "line range reversed": (_set("segments.csv", 3, "lines", "419-416"), "load_segments", "segments.csv", "line range must read start-end with 1 <= start <= end <= 5729 (the source text)"),
    "base size zero": (_set("segments.csv", 4, "n", "0"), "load_segments", "segments.csv", "line 4, column 'n': 0 is out of range"),
    "base size not whole": (_set("segments.csv", 4, "n", "142.5"), "load_segments", "segments.csv", "line 4, column 'n': '142.5' is not a valid"),
    "base changed without a note": (_set("segments.csv", 2, "n", "404"), "load_segments", "segments.csv", "needs an n_note"),
    "key not snake_case": (_set("segments.csv", 2, "segment", "Total"), "load_segments", "segments.csv", "line 2, column 'segment': 'Total' is not well formed"),
    "unknown technology": (_set("technology_use.csv", 2, "technology", "blockchain"), "load_technology_use", "technology_use.csv", "line 2, column 'technology': unknown technology 'blockchain'"),
    "unknown measure": (_set("technology_use.csv", 2, "measure", "dreamed"), "load_technology_use", "technology_use.csv", "line 2, column 'measure': 'dreamed' is not an allowed value"),
    "unknown family": (_set("technologies.csv", 2, "family", "gadgets"), "load_technologies", "technologies.csv", "line 2, column 'family': unknown family 'gadgets'"),
    "range upside down": (_set("cases.csv", 2, "employees_min", "999999"), "load_cases", "cases.csv", "each range needs both ends, with min <= max"),
    # issue 12: plausible transcription errors that used to build green
    "a row of a distribution deleted": (_delete_line("responses.csv", REVENUE_LT100K), "load_responses", "responses.csv",
                                        "question 'revenue', group 'total': no value for item 'rev_lt100k', level 'share' (the report prints one)"),
    "a cell of an annex panel dropped": (_delete_line("technology_use.csv", ANNEX_TOTAL_CLOUD_USE), "load_technology_use", "technology_use.csv",
                                         "source 'annex', group 'total': no value for cloud/use"),
    "a whole annex panel missing": (_delete_rows("technology_use.csv", source="annex", segment="it_yes"), "load_technology_use",
                                    "technology_use.csv", "source 'annex': the whole panel of group 'it_yes' is missing"),
    "a whole group of a question missing": (_delete_rows("responses.csv", question="sells_online", segment="sector_leisure"),
                                            "load_responses", "responses.csv",
                                            "question 'sells_online', group 'sector_leisure': no value for item 'sells_online', level 'yes'"),
    "a value the report never prints": (_set("question_items.csv", _line_of("question_items.csv", question="revenue", key="rev_lt100k"), "printed", "none"),
                                        "load_responses", "responses.csv", "item 'rev_lt100k', level 'share', which question_items.csv says the report never prints"),
    "a group the question does not print": (_set("responses.csv", REVENUE_LT100K, "segment", "size_lt5"), "load_responses", "responses.csv",
                                            "question 'revenue' does not print group 'size_lt5'"),
    "an order used twice": (_set("question_items.csv", 3, "order", "1"), "load_question_items", "question_items.csv",
                            "order 1 is used twice for the items of question 'respondent_sector'"),
    "lines beyond the source text": (_set("segments.csv", 3, "lines", "6000-6010"), "load_segments", "segments.csv",
                                     "line 3, column 'lines': '6000-6010' fails check line range must read start-end with 1 <= start <= end <= 5729"),
    "lines 0-0": (_set("segments.csv", 3, "lines", "0-0"), "load_segments", "segments.csv", "'0-0' fails check line range must read"),
    "alternatives on a certain row": (_set("responses.csv", FIRST_CERTAIN, "alternatives", "swap with another bar"), "load_responses",
                                      "responses.csv", f"line {FIRST_CERTAIN}: an ambiguous value needs a mapping_note and alternatives; a certain one takes no alternatives"),
    "a control character in a label": (_set("segments.csv", 2, "label_fr", "To\x07tal"), "load_segments", "segments.csv",
                                       r"line 2, column 'label_fr': 'To\x07tal' fails check text holds a control character"),
    "a NUL byte": (_text_edit("segments.csv", lambda b: b.replace(b"Total", b"To\x00tal", 1)), "load_segments", "segments.csv",
                   "line 2: holds a NUL byte"),
    # issue 12: the files people actually produce
    "French Excel (; and decimal comma)": (_french_excel("segments.csv"), "load_segments", "segments.csv",
                                           "columns are separated by « ; » (a French-Excel CSV): re-save it as « CSV UTF-8 (délimité par des virgules) »"),
    "a decimal comma": (_set("responses.csv", 3, "value", "25,6"), "load_responses", "responses.csv",
                        "responses.csv: 1 problem(s)\n  - line 3, column 'value': '25,6' has a decimal comma: write 25.6"),
    "header only": (_header_only("segments.csv"), "load_segments", "segments.csv", "the file has a header but no rows"),
    "a folder instead of the file": (_folder_instead("segments.csv"), "load_segments", "segments.csv", "is a folder, not a CSV file"),
    "a pipe instead of the file": (_fifo_instead("segments.csv"), "load_segments", "segments.csv", "is not a regular file (a pipe or a device?)"),
    "a 200,000-character field": (_text_edit("segments.csv", lambda b: b.replace(b"Total,Total", b'Total,"' + b"x" * 200_000, 1)),
                                  "load_segments", "segments.csv", "line 2: cannot be read as CSV: field larger than field limit (131072) (an opening quote never closed?)"),
}


def test_a_utf8_bom_is_accepted(data_copy):
    """Excel's « CSV UTF-8 » starts with a byte-order mark: the file reads as it is."""
    path = data_copy / "segments.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert data.load_segments()["segment"].iloc[0] == "total"


def test_line_numbers_survive_blank_lines_and_quoted_newlines(data_copy):
    """The line an error names is the file's line, even after blank lines or a field spanning two lines."""
    path = data_copy / "segments.csv"
    rows = _rows(path)
    rows[1][rows[0].index("n_note")] = "first line\nsecond line"  # a quoted newline inside row 2
    rows[3][rows[0].index("n")] = "douze"  # the segment on the file's row 4
    text = "\n".join(",".join('"' + c + '"' if ("\n" in c or "," in c) else c for c in r) for r in rows)
    path.write_text(text.replace("\n", "\n\n", 1) + "\n", encoding="utf-8")  # and a blank line after the header
    with pytest.raises(DataError, match=r"line 6, column 'n': 'douze' is not a valid"):
        data.load_segments()


def test_an_unreadable_file_says_so(data_copy, monkeypatch):
    if os.geteuid() == 0:  # root reads anything: make the read fail the way a permission error does
        original = Path.read_bytes

        def denied(self):
            if self.name == "segments.csv":
                raise PermissionError(13, "Permission denied")
            return original(self)

        monkeypatch.setattr(Path, "read_bytes", denied)
    else:
        (data_copy / "segments.csv").chmod(0)
    with pytest.raises(DataError) as err:
        data.load_segments()
    assert str(err.value).endswith("segments.csv: 1 problem(s)\n  - file: cannot be read: permission denied")


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


def test_quotations_carry_no_line_end_hyphenation():
    """The extraction split words at line ends (« cyber- conférence »): the quotations are stored whole."""
    import re

    for loader in (data.load_prose_numbers, data.load_significance_claims):
        split = [q for q in loader()["quote_fr"] if re.search(r"\w- \w", q)]
        assert not split, f"{loader.__name__}: {split}"
