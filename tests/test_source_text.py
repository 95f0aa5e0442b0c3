"""Every value of the data, read at its cited lines of the report's text.

The audit checks that the report's numbers agree with each other (sums,
tables against annexes); it cannot see a transcription slip that keeps
every sum, such as 35 → 53 on a bar of Figure 8 that no base or total
constrains. This test reads each value where its ``lines`` say the report
prints it, in the report's French form (``35 %``, ``3,5 %``, ``7 000``):

- ``responses.csv`` and ``technology_use.csv``: the values citing a line
  range must all be printed there, as many times as they are cited (a line
  of Table 1 prints four percentages; four rows cite it);
- ``prose_numbers.csv``, ``context_figures.csv`` (``value``) and
  ``segments.csv`` (``n_printed``): the number is printed on its lines,
  at its scale (« 2,1 milliards » for 2 100 000 000);
- the values the report prints in words or as dates are read in words
  (:data:`IN_WORDS`, :data:`DATES`): they are checked too, not skipped.

Exceptions, each with its reason: :data:`EXCEPTIONS` (currently none).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from .conftest import ROOT

SOURCE = ROOT.parent / "shared" / "source" / "rapport-economie-sociale-2-0.txt"

#: A number as the report prints it: « 7 000 » (any space as thousands separator), « 3,5 ».
NUMBER = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:,(\d+))?")
#: A percentage: a number followed by « % » (after any space).
PERCENT = re.compile(NUMBER.pattern + r"\s*%")
#: Values the report prints in words: the words that say them (unit ``ratio`` of prose_numbers.csv).
IN_WORDS = {0.5: ("moitié", "sur deux", "sur 2")}
#: Dates (unit ``date``, stored as YYYYMMDD) are printed « 26 mai … 2016 ».
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
#: (file, key) -> why its value cannot be read at its lines. None today: every value is found.
EXCEPTIONS: dict[tuple[str, str], str] = {}
#: The files whose every value has a line reference, and the column holding the printed value.
GRIDS = {"responses": ("question", "segment", "item", "level"), "technology_use": ("source", "segment", "technology", "measure")}
SINGLES = {"prose_numbers": ("claim", "value"), "context_figures": ("figure", "value"), "segments": ("segment", "n_printed")}


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    if not SOURCE.is_file():
        pytest.fail(f"the report's source text is missing: expected it at {SOURCE}", pytrace=False)
    return SOURCE.read_text(encoding="utf-8").splitlines()


def _text(source_lines: list[str], lines: str) -> str:
    start, end = map(int, lines.split("-"))
    return "\n".join(source_lines[start - 1:end])


def _value(match: re.Match) -> float:
    whole, decimals = re.sub(r"\D", "", match.group(1)), match.group(2)
    return float(f"{whole}.{decimals}" if decimals else whole)


def printed_percentages(text: str) -> Counter:
    return Counter(_value(m) for m in PERCENT.finditer(text))


def printed_numbers(text: str) -> list[float]:
    return [_value(m) for m in NUMBER.finditer(text)]


def grid_mismatches(folder: Path, source_lines: list[str]) -> tuple[int, list[str]]:
    """(values checked, problems) for the percentage files: each line range must print every value citing it."""
    checked, problems = 0, []
    for name, key in GRIDS.items():
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        frame["_row"] = frame.index + 2  # the CSV's line (header is line 1)
        for lines, rows in frame.groupby("lines", sort=False):
            rows = rows[[(name, "/".join(r[k] for k in key)) not in EXCEPTIONS for _, r in rows.iterrows()]]
            wanted = Counter(float(v) for v in rows["value"])
            checked += len(rows)
            missing = wanted - printed_percentages(_text(source_lines, lines))
            for value, times in missing.items():
                for _, row in rows[rows["value"].astype(float) == value].head(times).iterrows():
                    problems.append(f"data/{name}.csv line {row['_row']} ({'/'.join(row[k] for k in key)}): "
                                    f"{value:g} % is not printed at source lines {lines}")
    return checked, problems


def _date_printed(value: float, text: str) -> bool:
    day = str(int(value))
    year, month, day = int(day[:4]), int(day[4:6]), int(day[6:])
    return re.search(rf"\b{day}(?:er)?\s+{MONTHS[month - 1]}\b", text) is not None and str(year) in text


def single_mismatches(folder: Path, source_lines: list[str]) -> tuple[int, list[str]]:
    """(values checked, problems) for the files of one number per row."""
    checked, problems = 0, []
    for name, (key, column) in SINGLES.items():
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for i, row in frame.iterrows():
            if not row[column] or not row["lines"] or (name, row[key]) in EXCEPTIONS:
                continue
            checked += 1
            value, text, unit = float(row[column]), _text(source_lines, row["lines"]), row.get("unit", "")
            if unit == "date":
                found = _date_printed(value, text)
            elif unit == "ratio":
                found = any(w in text for w in IN_WORDS.get(value, ())) or value in printed_numbers(text)
            else:  # « 2,1 milliards de dollars », « 220 000 emplois »
                found = any(abs(value - n * scale) < 0.5 for n in printed_numbers(text) for scale in (1, 1e6, 1e9))
            if not found:
                problems.append(f"data/{name}.csv line {i + 2} ({row[key]}): {row[column]} is not printed at "
                                f"source lines {row['lines']}")
    return checked, problems


def test_every_value_is_printed_at_its_cited_lines(source_lines):
    grids, problems = grid_mismatches(ROOT / "data", source_lines)
    singles, more = single_mismatches(ROOT / "data", source_lines)
    assert problems + more == []
    # every row of the two percentage files, and every numeric row of the others (none skipped)
    assert grids == 191 + 814
    # every row of prose_numbers.csv and context_figures.csv; segments.csv's 17 but the 4 groups whose
    # base the report does not print (n_printed empty: manufacturing/other, both revenue classes)
    assert singles == 183 + 12 + 17 - 4


def test_a_digit_swap_that_keeps_every_sum_is_caught(tmp_path, source_lines):
    """Figure 8's $100k+ bar: 35 → 53 passes the audit (no sum constrains it); the source text does not print 53 there."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in GRIDS:
        frame = pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
        if name == "responses":
            at = (frame["question"] == "sells_online") & (frame["segment"] == "revenue_100kplus")
            assert frame.loc[at, "value"].tolist() == ["35"]
            frame.loc[at, "value"] = "53"
            # and a slip inside a table row of four values: Table 1's 14 % (agri, fewer than 5) typed 41
            at = (frame["question"] == "respondent_sector") & (frame["segment"] == "size_lt5") & (frame["item"] == "sector_agri")
            frame.loc[at, "value"] = "41"
        frame.to_csv(folder / f"{name}.csv", index=False)
    _, problems = grid_mismatches(folder, source_lines)
    assert problems == [
        "data/responses.csv line 3 (respondent_sector/size_lt5/sector_agri/share): 41 % is not printed at source lines 433-433",
        "data/responses.csv line 76 (sells_online/revenue_100kplus/sells_online/yes): 53 % is not printed at source lines 1478-1478",
    ]


def test_a_wrong_number_in_prose_or_a_date_is_caught(source_lines):
    assert _date_printed(20160526, "entre le 26 mai et le 28 juin 2016")
    assert not _date_printed(20160527, "entre le 26 mai et le 28 juin 2016")
    assert printed_percentages("12 % 14\u202f% 3,5 % 7 000 %") == Counter({12: 1, 14: 1, 3.5: 1, 7000: 1})
