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


# --------------------------------------------------------------------------
# tests over every count the rounding allows (issue 24)

def _counts_by_brute_force(pct, n):
    """Every k in 0..n whose percentage prints as pct (half up or half to even, as count_range accepts)."""
    decimals = 0 if float(pct).is_integer() else 1
    q = 10**decimals
    return [k for k in range(n + 1)
            if math.floor(100 * k / n * q + 0.5) / q == pct or round(100 * k / n, decimals) == pct]


COMPARE_CASES = [(19, 190, 13, 213), (42, 190, 51, 70), (10, 86, 5, 316), (4, 70, 1, 333), (55, 53, 40, 350),
                 (98, 122, 92, 281), (0, 31, 3, 372), (25.6, 403, 30, 120)]


@pytest.mark.parametrize("pct1, n1, pct2, n2", COMPARE_CASES)
def test_compare_pct_equals_brute_force_over_the_counts(pct1, n1, pct2, n2):
    c = stats.compare_pct(pct1, n1, pct2, n2)
    p = [stats.compare_counts(a, n1, b, n2).p_value
         for a in _counts_by_brute_force(pct1, n1) for b in _counts_by_brute_force(pct2, n2)]
    assert (c.p_min, c.p_max) == (min(p), max(p))
    assert c.pairs == len(p)
    nearest = stats.compare_counts(stats.count(pct1, n1), n1, stats.count(pct2, n2), n2)
    assert (c.k1, c.k2, c.p_value, c.test) == (nearest.k1, nearest.k2, nearest.p_value, nearest.test)


@pytest.mark.parametrize("pct, n, total, n_total", [(19, 190, 16, 403), (22, 86, 16, 403), (23, 86, 17, 403),
                                                    (4, 70, 1, 403), (99, 70, 94, 403), (3, 143, 1, 403)])
def test_segment_vs_rest_equals_brute_force_over_both_counts(pct, n, total, n_total):
    c = stats.segment_vs_rest(pct, n, total, n_total)
    p = [stats.compare_counts(a, n, t - a, n_total - n).p_value
         for a in _counts_by_brute_force(pct, n) for t in _counts_by_brute_force(total, n_total)
         if 0 <= t - a <= n_total - n]
    assert (c.p_min, c.p_max) == (min(p), max(p))
    assert c.k_rest == stats.count(total, n_total) - stats.count(pct, n)


def test_the_verdicts_the_issue_names():
    # chapter 7 (07_economie_partage): small firms and firms with an IT person, against the rest
    small = stats.segment_vs_rest(19, 190, 16, 403)
    assert (round(small.p_min, 3), round(small.p_value, 3), round(small.p_max, 3)) == (0.045, 0.112, 0.188)
    assert small.verdict(95) == small.verdict(90) == "depends_on_rounding" and small.verdict(99) == "not_significant"
    it = stats.segment_vs_rest(22, 86, 16, 403)
    assert (round(it.p_min, 3), round(it.p_max, 3)) == (0.063, 0.106)
    assert it.verdict(95) == "not_significant" and it.verdict(90) == "depends_on_rounding"
    # chapter 5 (05_numerique_leviers): the digital plan
    plan = stats.segment_vs_rest(23, 86, 17, 403)
    assert (round(plan.p_min, 3), round(plan.p_max, 3)) == (0.063, 0.104)
    assert plan.verdict(90) == "depends_on_rounding" and plan.verdict(95) == "not_significant"
    # counts are exact: one p-value, two states only
    exact = stats.compare_counts(36, 190, 28, 213)
    assert exact.p_min == exact.p_value == exact.p_max and not exact.depends_on_rounding
    assert small.verdict_fr(95) == "significatif ou non selon l’arrondi"


@pytest.mark.parametrize("pct, n", [(94, 403), (19, 190), (22, 86), (0, 31), (100, 70), (25.6, 403), (3, 36)])
def test_interval_pct_widest_bounds_over_the_counts(pct, n):
    found = stats.interval_pct(pct, n)
    ks = _counts_by_brute_force(pct, n)
    bounds = [stats.wilson(k, n) for k in ks]
    assert (found.k_min, found.k_max) == (min(ks), max(ks))
    assert found.low_min == min(b[0] for b in bounds) and found.high_max == max(b[1] for b in bounds)
    assert (found.low, found.high) == stats.wilson(stats.count(pct, n), n)
    low, high = found  # unpacks as the nearest count's interval
    assert (low, high) == (found.low, found.high)


def test_the_issue_interval_of_94_percent():
    i = stats.interval_pct(94, 403)
    assert (round(i.low, 1), round(i.high, 1)) == (91.3, 96.0)  # 2,7 below, 2,0 above: never « ± 2,3 »
    frame = stats.intervals(__import__("pandas").DataFrame({"value": [94.0], "n": [403]}))
    assert frame.loc[0, ["k", "k_min", "k_max"]].tolist() == [379, 377, 380]
    assert frame.loc[0, "ci_low_min"] == i.low_min and frame.loc[0, "ci_high_max"] == i.high_max


def test_the_caller_chooses_the_test():
    auto = stats.compare_counts(1, 30, 6, 40)  # expected cells under 5: Fisher's test
    assert auto.test == "fisher"
    z = stats.compare_counts(1, 30, 6, 40, test="z")
    assert (z.test, z.p_value) == ("z", stats.z_test(1, 30, 6, 40))
    fisher = stats.compare_counts(64, 262, 18, 121, test="fisher")
    assert (fisher.test, fisher.p_value) == ("fisher", stats.fisher_exact(64, 198, 18, 103))
    assert stats.compare_pct(19, 190, 13, 213, test="fisher").test == "fisher"
    with pytest.raises(ValueError, match="test must be one of 'auto', 'z', 'fisher', got 'chi2'"):
        stats.compare_counts(1, 30, 6, 40, test="chi2")


def test_neutral_names_labels_and_a_french_repr():
    c = stats.compare_pct(42, 190, 51, 70, labels=("moins de 5 employés", "20 employés et plus"))
    assert (c.k1, c.n1, c.k2, c.n2) == (80, 190, 36, 70)
    assert (c.k_segment, c.k_rest) == (c.k1, c.k2)  # the old names stay, as aliases
    assert repr(c) == ("Comparaison(moins de 5 employés : 80/190 = 42,1 %, 20 employés et plus : 36/70 = 51,4 %, "
                       "test z, p = 0,18 (de 0,156 à 0,18 selon l’arrondi))")
    assert "groupe 1 : 36/190" in repr(stats.compare_counts(36, 190, 28, 213))
    with pytest.raises(ValueError, match="labels must be two strings"):
        stats.compare_counts(36, 190, 28, 213, labels="petites")


def test_percentages_passed_as_counts_are_refused_with_a_hint():
    # data.value() gives floats (percentages); stats.count() gives ints (counts)
    with pytest.raises(ValueError, match=r"k1 = 42\.0 is a float: .*stats\.compare_pct\(pct1, n1, pct2, n2\)"):
        stats.compare_counts(42.0, 190, 51.0, 70)
    with pytest.raises(ValueError, match=r"0\.42 looks like a proportion: percentages are in percent, write 42"):
        stats.count(0.42, 190)
    with pytest.raises(ValueError, match=r"k2 = 51 is larger than its base n2 = 40"):
        stats.compare_counts(42, 190, 51, 40)
