"""Margins of error and tests against known cases."""

from __future__ import annotations

import math

import pytest
from scipy.stats import chi2_contingency, norm

from economie_sociale import stats


def _wilson_by_formula(k, n, z=norm.ppf(0.975)):
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize("k, n", [(85, 403), (0, 31), (31, 31), (40, 70), (1, 403)])
def test_wilson_matches_the_formula(k, n):
    assert stats.wilson(k, n) == pytest.approx(_wilson_by_formula(k, n), abs=1e-9)


def test_margin_of_error_for_the_books_bases():
    assert stats.margin_of_error(403) == pytest.approx(4.86, abs=0.01)
    assert stats.margin_of_error(190) == pytest.approx(7.03, abs=0.01)
    assert stats.margin_of_error(70) == pytest.approx(11.40, abs=0.01)


def test_counts_from_percentages():
    assert stats.count(21, 403) == 85
    assert stats.count_range(21, 403) == (83, 86)
    assert stats.count(56, 70) == 39
    with pytest.raises(ValueError, match="cannot be a whole count"):
        stats.count(14, 89)


def test_z_test_equals_chi_square_without_correction():
    c = stats.compare_counts(64, 262, 18, 121)
    assert c.test == "z"
    _, p, _, _ = chi2_contingency([[64, 198], [18, 103]], correction=False)
    assert c.p_value == pytest.approx(p, rel=1e-9)
    assert c.p_value == pytest.approx(0.0341, abs=1e-4)


def test_fisher_for_small_cells():
    c = stats.compare_counts(0, 31, 20, 372)
    assert c.test == "fisher"
    assert 0.2 < c.p_value < 0.5


def test_segment_vs_rest_reconstructs_the_rest():
    c = stats.segment_vs_rest(57, 70, 42, 403)  # '20 employees and more' need a digital shift
    assert (c.k_segment, c.n_segment, c.k_rest, c.n_rest) == (40, 70, 129, 333)
    assert c.p_value < 0.01


def test_segment_vs_rest_rejects_impossible_inputs():
    with pytest.raises(ValueError):
        stats.segment_vs_rest(50, 403, 50, 403)


def test_adjust_holm():
    adjusted = stats.adjust([0.01, 0.04, 0.03], "holm")
    assert adjusted.tolist() == pytest.approx([0.03, 0.06, 0.06])
