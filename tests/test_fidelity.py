"""Fidelity to the source: the data's line references point where the report prints the thing.

Two checks against ``../shared/source/rapport-economie-sociale-2-0.txt``:

- every segment's ``lines`` (data/segments.csv) hold evidence of that
  segment: its label and, where the report prints one, its base ``n``, inside
  the table, figure or annex panel its ``source`` names;
- Figure 8 (``sells_online``) is read as the assignment of its printed values
  that satisfies every constraint (see the mapping notes in
  data/responses.csv), each value at the line that prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from economie_sociale import audit, data, stats

from .conftest import ROOT

SOURCE = ROOT.parent / "shared" / "source" / "rapport-economie-sociale-2-0.txt"


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    if not SOURCE.is_file():
        pytest.fail(f"the report's source text is missing: expected it at {SOURCE} "
                    "(the shared folder beside the repository, ../shared/source/)", pytrace=False)
    return SOURCE.read_text(encoding="utf-8").splitlines()


def _normal(text: str) -> str:
    """Lines joined as one text: extraction hyphenation undone, spaces and apostrophes made uniform."""
    text = re.sub(r"-\s*\n\s*", "", text)          # « AGROALI-\nMENTAIRE » → « AGROALIMENTAIRE »
    text = text.replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def _span(lines: str) -> tuple[int, int]:
    start, end = map(int, lines.split("-"))
    return start, end


def _cited(source_lines: list[str], lines: str) -> str:
    start, end = _span(lines)
    return _normal("\n".join(source_lines[start - 1:end]))


def _nearest_above(source_lines: list[str], line: int, pattern: str) -> str | None:
    """The closest line at or above ``line`` (1-based) matching ``pattern``, normalised."""
    for i in range(line - 1, -1, -1):
        if re.search(pattern, source_lines[i]):
            return _normal(source_lines[i])
    return None


def n_is(n: int) -> str:
    """A printed base, « (n=316) » or « n = 316 »."""
    return rf"\bn\s*=\s*{n}\b"


# --------------------------------------------------------------------------
# segments


@dataclass(frozen=True)
class Evidence:
    """What the cited lines of a segment must print (regexes, case-insensitive, on the normalised text)."""
    must_print: tuple[str, ...]
    panel: str | None = None  # annex panels: the title of the panel the lines close (nearest « QUI … DISPOSENT … » above)


# The heading the cited lines must sit under, by the segment's ``source``
# (nearest table, figure or annex heading above the first cited line).
HEADINGS = {
    "tab1": r"^TABLEAU 1\b",
    "tab3": r"^TABLEAU 3\b",
    "fig1": r"^FIGURE 1\b",
    "fig9": r"^FIGURE 9\b",
    "annex": r"^\s*ANNEXE 4\b",
}
HEADING_ANY = r"^\s*(TABLEAU \d+|FIGURE \d+|ANNEXE \d+)\b"

SEGMENT_EVIDENCE = {
    "total": Evidence(("TOTAL", n_is(403))),
    "size_lt5": Evidence(("MOINS DE 5 EMPLOYÉS", n_is(190))),
    "size_5_19": Evidence(("5 À 19 EMPLOYÉS", n_is(143))),
    "size_20plus": Evidence(("20 EMPLOYÉS ET PLUS", n_is(70))),
    "sector_agri": Evidence(("AGROALIMENTAIRE", n_is(49))),
    "sector_retail": Evidence(("COMMERCE DE DÉTAIL", n_is(36))),
    "sector_personal": Evidence(("SERVICES À LA PERSONNE", n_is(122))),
    "sector_business": Evidence(("SERVICES AUX ENTREPRISES", n_is(53))),
    # no printed base: the label and Table 1's share of the total (first value of the row), from which n is derived
    "sector_manufacturing": Evidence(("Manufacturier, fabrication, transformation et construction", r"\b1 % 2 % 1 % 1 %")),
    "sector_leisure": Evidence(("LOISIRS", n_is(80))),
    "sector_housing": Evidence(("HABITATION ET LOCATION", n_is(31))),
    "sector_other": Evidence((r"\bAutre\b", r"\b7 % 8 % 6 % 4 %")),
    # both IT panels print « n = 316 »: only the panel each line closes tells them apart
    "it_yes": Evidence((n_is(316),), panel=r"^QUI DISPOSENT À L'INTERNE D'UNE PERSONNE-RESSOURCE TI"),
    "it_no": Evidence((n_is(316),), panel=r"^QUI NE DISPOSENT PAS À L'INTERNE D'UNE PERSONNE-RESSOURCE TI"),
    "revenue_lt100k": Evidence(("MOINS DE 100 000 \\$ 30 %",)),
    "revenue_100kplus": Evidence(("ENTRE 100 000 \\$ ET 199 999 \\$", "ENTRE 1 000 000 \\$ ET PLUS")),
    "online_sellers": Evidence(("Entreprises qui vendent en ligne", n_is(89))),
}


def test_every_segment_has_its_evidence_listed():
    segments = set(data.load_segments()["segment"])
    assert set(SEGMENT_EVIDENCE) == segments, (
        f"SEGMENT_EVIDENCE must name every segment of data/segments.csv: "
        f"missing {sorted(segments - set(SEGMENT_EVIDENCE))}, unknown {sorted(set(SEGMENT_EVIDENCE) - segments)}")


@pytest.mark.parametrize("segment", list(SEGMENT_EVIDENCE))
def test_segment_lines_print_the_segment(source_lines, segment):
    row = data.load_segments().set_index("segment").loc[segment]
    evidence = SEGMENT_EVIDENCE[segment]
    start, end = _span(row["lines"])
    text = _cited(source_lines, row["lines"])
    where = f"segment {segment!r} ({row['label_fr']}), source {row['source']}, lines {row['lines']}"

    missing = [p for p in evidence.must_print if not re.search(p, text, flags=re.IGNORECASE)]
    assert not missing, (f"{where}: the cited lines should print {missing}, but they read: « {text[:300]} ». "
                         "Fix the `lines` of this segment in data/segments.csv.")

    heading = _nearest_above(source_lines, start, HEADING_ANY)
    assert heading and re.search(HEADINGS[row["source"]], heading), (
        f"{where}: the cited lines should sit under the heading /{HEADINGS[row['source']]}/, "
        f"but the nearest heading above line {start} is « {heading} ».")

    if evidence.panel:
        panel = _nearest_above(source_lines, start, r"^\s*QUI (NE )?DISPOSENT")
        assert panel and re.search(evidence.panel, panel, flags=re.IGNORECASE), (
            f"{where}: the cited base line closes the panel « {panel} », "
            f"expected the panel /{evidence.panel}/ (are it_yes and it_no swapped?).")


# --------------------------------------------------------------------------
# Figure 8


# The reading kept: the layout order (labels bottom-up, values top-down), with the
# prose's leisure 47 % and three values moved so that every one is a whole count
# over its base (size_20plus 31, revenue_100kplus 35, sector_business 32).
FIGURE_8 = {
    "total": 29.0,
    "size_lt5": 29.0,
    "size_5_19": 27.0,
    "size_20plus": 31.0,
    "it_yes": 38.0,
    "it_no": 26.0,
    "revenue_lt100k": 20.0,
    "revenue_100kplus": 35.0,
    "sector_agri": 24.0,
    "sector_retail": 33.0,
    "sector_personal": 14.0,
    "sector_business": 32.0,
    "sector_leisure": 47.0,
    "sector_housing": 0.0,
}
FIXED_BY_PROSE = {"total", "sector_leisure"}
# 47 % over n = 80 is the tie 38/80 = 47.5 %: a reviewed error of the report, not of the reading
UNREACHABLE_IN_PRINT = {"sector_leisure"}


def _figure_8():
    return data.responses("sells_online").set_index("segment")


def test_figure_8_reading():
    r = _figure_8()
    got = {s: float(v) for s, v in r["value"].items()}
    assert got == FIGURE_8, f"Figure 8 (sells_online): expected the reading {FIGURE_8}, data/responses.csv gives {got}"
    certain = set(r.index[r["mapping"] == "certain"])
    assert certain == FIXED_BY_PROSE, f"Figure 8: only the prose's values are certain, got {sorted(certain)}"
    assert r.loc[r["mapping"] == "ambiguous", "alternatives"].notna().all()


def test_figure_8_printed_values_unchanged(source_lines):
    """The reading only moves values between groups: the multiset is what lines 1456-1482 print, each at its line."""
    r = _figure_8()
    printed = sorted(float(v) for v in re.findall(r"(\d+) %", " ".join(source_lines[1455:1482])))
    assert sorted(r["value"].astype(float)) == printed, f"Figure 8: values {sorted(r['value'])} are not the printed {printed}"
    r_rows = data.load_responses().query("question == 'sells_online'").set_index("segment")
    for segment, x in r_rows.iterrows():
        text = _cited(source_lines, x["lines"])
        assert re.search(rf"(^|\s){x['value']:g} %", text), (
            f"Figure 8, segment {segment!r}: value {x['value']:g} % cited at lines {x['lines']}, which read « {text} »")


@pytest.mark.parametrize("segment", [s for s in FIGURE_8 if s not in UNREACHABLE_IN_PRINT])
def test_figure_8_value_is_a_whole_count_over_its_base(segment):
    n = data.segment_n(segment)
    value = FIGURE_8[segment]
    assert audit.reachable(value, n), (
        f"Figure 8, segment {segment!r}: {value:g} % is not a whole count over n = {n} "
        f"(nearest: {[f'{k}/{n}' for k in (int(value * n // 100), int(value * n // 100) + 1)]})")


def test_figure_8_leisure_is_the_reviewed_exception():
    assert not audit.reachable(FIGURE_8["sector_leisure"], data.segment_n("sector_leisure"))
    keys = set(data.load_audit_findings().query("check == 'granularity'")["key"])
    fig8 = {k for k in keys if k.startswith("responses:sells_online/")}
    assert fig8 == {"responses:sells_online/sector_leisure/sells_online/yes"}, (
        f"Figure 8: the only granularity finding should be the prose's 47 % for leisure, the list has {sorted(fig8)}")


@pytest.mark.parametrize("group, slack", [
    (("size_lt5", "size_5_19", "size_20plus"), 0),
    (("it_yes", "it_no"), 1),                    # 403 - 86 - 316: one 'don't know'
    (("revenue_lt100k", "revenue_100kplus"), 20),  # 403 - 121 - 262 firms without a revenue class
])
def test_figure_8_groups_add_up_to_the_total(group, slack):
    """The groups' whole counts can add up to the total's sellers (29 % of 403: 115-118 firms)."""
    low_total, high_total = stats.count_range(FIGURE_8["total"], data.segment_n("total"))
    ranges = [stats.count_range(FIGURE_8[s], data.segment_n(s)) for s in group]
    low, high = sum(r[0] for r in ranges), sum(r[1] for r in ranges) + slack
    assert low <= high_total and high >= low_total, (
        f"Figure 8, {group}: their counts give {low}-{high} sellers, the total {low_total}-{high_total}")


def test_figure_8_sectors_add_up_to_the_total():
    low_total, high_total = stats.count_range(FIGURE_8["total"], data.segment_n("total"))
    shown = ["sector_agri", "sector_retail", "sector_personal", "sector_business", "sector_housing"]
    ranges = [stats.count_range(FIGURE_8[s], data.segment_n(s)) for s in shown]
    leisure = 38  # 47 % of 80: the tie 38/80 = 47.5 % (see the reviewed findings)
    unshown = data.segment_n("sector_manufacturing") + data.segment_n("sector_other")
    low = sum(r[0] for r in ranges) + leisure
    high = sum(r[1] for r in ranges) + leisure + unshown
    assert low <= high_total and high >= low_total, (
        f"Figure 8, sectors: their counts give {low}-{high} sellers, the total {low_total}-{high_total}")


def test_figure_8_it_person_favours_online_selling():
    # prose, section 3.4.2: an in-house IT person favours online selling
    assert FIGURE_8["it_yes"] > FIGURE_8["it_no"]
