"""Shared fixtures: a throw-away copy of data/ that a test may corrupt; timings the slow tests record."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from economie_sociale import data

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
TIMINGS = ROOT / "artifacts" / "timings"


def record_timing(group: str, what: str, seconds: float) -> None:
    """Keep a measured time in artifacts/timings/<group>.json, for scripts/benchmark.py to report.

    Times are measured and reported, never asserted: a loaded machine must not fail a test.
    """
    TIMINGS.mkdir(parents=True, exist_ok=True)
    path = TIMINGS / f"{group}.json"
    found = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    found[what] = round(seconds, 1)
    path.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the library reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("ECONOMIE_SOCIALE_DATA", str(copy))
    data.clear_cache()
    yield copy
    data.clear_cache()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
