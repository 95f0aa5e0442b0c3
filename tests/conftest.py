"""Shared fixtures: a throw-away copy of data/ that a test may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from economie_sociale import data

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"


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
