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
    assert adjusted == pytest.approx([0.03, 0.06, 0.06])


# --------------------------------------------------------------------------
# the library's closed forms against the reference implementations


def _cases(count, seed=2016):
    import random

    rng = random.Random(seed)
    for _ in range(count):
        n1, n2 = rng.randint(5, 403), rng.randint(5, 403)
        yield rng.randint(0, n1), n1, rng.randint(0, n2), n2


def test_z_test_equals_statsmodels():
    from statsmodels.stats.proportion import proportions_ztest

    checked = 0
    for k1, n1, k2, n2 in _cases(300):
        if 0 < k1 + k2 < n1 + n2:
            assert stats.z_test(k1, n1, k2, n2) == pytest.approx(proportions_ztest([k1, k2], [n1, n2])[1], abs=1e-12)
            checked += 1
    assert checked > 250


def test_fisher_exact_equals_scipy():
    from scipy.stats import fisher_exact

    for k1, n1, k2, n2 in list(_cases(200)) + [(0, 31, 20, 372), (3, 10, 0, 12), (5, 5, 0, 5), (0, 5, 0, 7)]:
        table = [[k1, n1 - k1], [k2, n2 - k2]]
        assert stats.fisher_exact(k1, n1 - k1, k2, n2 - k2) == pytest.approx(fisher_exact(table)[1], rel=1e-9, abs=1e-14)


@pytest.mark.filterwarnings("ignore:divide by zero encountered in log1p:RuntimeWarning")  # statsmodels' sidak, p = 1
@pytest.mark.parametrize("method", stats.ADJUST_METHODS)
def test_adjustments_equal_statsmodels(method):
    import random

    from statsmodels.stats.multitest import multipletests

    rng = random.Random(method)
    for size in (1, 2, 5, 55, 378):
        p = [rng.random() ** 3 for _ in range(size)] + [1e-9, 1.0, 0.05, 0.05]
        assert stats.adjust(p, method) == pytest.approx(list(multipletests(p, method=method)[1]), abs=1e-12)


def test_wilson_equals_statsmodels_at_every_level():
    from statsmodels.stats.proportion import proportion_confint

    for level in (80, 90, 95, 99, 99.9):
        for k1, n1, _, _ in _cases(50):
            low, high = proportion_confint(k1, n1, alpha=1 - level / 100, method="wilson")
            assert stats.wilson(k1, n1, level) == pytest.approx((100 * low, 100 * high), abs=1e-9)


def test_no_heavy_import_for_the_tests():
    import subprocess
    import sys

    code = ("from economie_sociale import stats; stats.compare_counts(3, 10, 40, 60); stats.compare_counts(30, 100, 40, 90);"
            "stats.adjust([0.01, 0.2]); import sys; print(sorted(m for m in ('scipy', 'statsmodels') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
