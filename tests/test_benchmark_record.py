"""scripts/benchmark.py --record: the results land in CONTRIBUTING.md's benchmark block, and nowhere else.

The benchmark itself is never run here (it rebuilds the book for many minutes): its writer is fed
canned results.
"""

from __future__ import annotations

import importlib.util
import re

import pytest

from .conftest import ROOT


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


benchmark = _load_benchmark()
Result = benchmark.Result

RESULTS = [
    Result("cold HTML build (scripts/build.sh, empty _build)", "45.2 s", "<= 35 s"),
    Result("cold build / floor", "3.80", "<= 1.5"),
    Result("  of which notebook execution (parallel), slowest notebook", "34.6 s, 12.7 s"),
    Result("largest page", "chapters/03_usage_numerique.html (195 kB)"),
    Result("a value with a | pipe", "1 | 2", "a | b"),
]
META = dict(date="2026-12-07", commit="abc1234", notebooks=16,
            machine={"cores": "2", "ram": "7.8 GiB", "python": "3.11.2", "system": "Linux x86_64"})
BEFORE = "# Contributing\n\nText before.\n\n## Benchmarks\n\nThe latest results:\n\n"
AFTER = "\n\nText after, with a table of its own:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"


def _rows(block: str) -> list[list[str]]:
    """The table's body rows, as cells (escaped pipes kept inside their cell)."""
    lines = [line for line in block.splitlines() if line.startswith("|")]
    assert lines[0] == "| measure | result | target |" and lines[1] == "|---|---|---|", lines[:2]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


def test_the_block_is_a_table_of_every_result_with_its_target():
    block = benchmark.record_block(RESULTS, **META)
    assert block.startswith(benchmark.RECORD_START + "\n") and block.endswith("\n" + benchmark.RECORD_END)
    assert _rows(block) == [
        ["cold HTML build (scripts/build.sh, empty _build)", "45.2 s", "<= 35 s"],
        ["cold build / floor", "3.80", "<= 1.5"],
        ["of which notebook execution (parallel), slowest notebook", "34.6 s, 12.7 s", ""],
        ["largest page", "chapters/03_usage_numerique.html (195 kB)", ""],
        [r"a value with a \| pipe", r"1 \| 2", r"a \| b"],
    ]
    (where,) = [line for line in block.splitlines() if line.startswith("Measured on")]
    for fact in ("2026-12-07", "`abc1234`", "2 cores", "7.8 GiB of RAM", "Python 3.11.2", "Linux x86_64", "16 notebooks"):
        assert fact in where, (fact, where)


def test_a_note_goes_above_the_table():
    block = benchmark.record_block(RESULTS[:1], note="Figures from earlier runs.", **META)
    assert block.index("Figures from earlier runs.") < block.index("| measure |")


def test_recording_replaces_the_previous_block_and_nothing_else(tmp_path):
    path = tmp_path / "CONTRIBUTING.md"
    old = benchmark.record_block([Result("old measure", "99 s", "<= 1 s")], **{**META, "date": "2026-11-30"})
    path.write_text(BEFORE + old + AFTER, encoding="utf-8")

    benchmark.record(RESULTS, path=path, **META)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BEFORE) and text.endswith(AFTER)
    block = text[len(BEFORE):len(text) - len(AFTER)]
    assert block == benchmark.record_block(RESULTS, **META)
    assert "old measure" not in text and "2026-11-30" not in text
    assert text.count(benchmark.RECORD_START) == 1 and text.count(benchmark.RECORD_END) == 1

    benchmark.record(RESULTS, path=path, **META)  # a second run with the same figures changes nothing
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("text", [
    BEFORE + AFTER,                                                   # no block
    BEFORE + benchmark.RECORD_START + AFTER,                          # no end
    BEFORE + benchmark.RECORD_END + "\n" + benchmark.RECORD_START,    # end before start
    2 * (benchmark.RECORD_START + "\n" + benchmark.RECORD_END + "\n"),  # two blocks
])
def test_a_file_without_exactly_one_block_is_refused(tmp_path, text):
    path = tmp_path / "CONTRIBUTING.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="benchmark:start"):
        benchmark.record(RESULTS, path=path, **META)
    assert path.read_text(encoding="utf-8") == text


def test_contributing_holds_the_block_the_benchmark_writes():
    text = benchmark.CONTRIBUTING.read_text(encoding="utf-8")
    new = benchmark.replace_record(text, benchmark.record_block(RESULTS, **META))
    start = text.index(benchmark.RECORD_START)
    assert new[:start] == text[:start]
    assert new.endswith(text[text.index(benchmark.RECORD_END) + len(benchmark.RECORD_END):])
    assert _rows(text[start:text.index(benchmark.RECORD_END)]), "the block should hold the latest results' table"


def test_the_machine_is_described():
    facts = benchmark.machine()
    assert facts["cores"].isdigit() and re.fullmatch(r"\d+\.\d+\.\d+.*", facts["python"])
    assert facts["ram"].endswith("GiB") or facts["ram"] == "unknown"
    assert re.fullmatch(r"[0-9a-f]{4,}( \(with uncommitted changes\))?|unknown", benchmark.commit())
