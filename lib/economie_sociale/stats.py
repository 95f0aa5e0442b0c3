"""Margins of error and significance tests for the survey's percentages.

The survey is unweighted, so a printed percentage p over a base n stands for
a whole count k with round(100·k/n) = p; :func:`count` recovers it (and
:func:`count_range` says when rounding leaves several).

The report flags a segment as "significantly higher / lower" than the rest
of the sample at 95 %. :func:`segment_vs_rest` reproduces that comparison:
the segment's count against the count of all other respondents, with a
two-proportion z-test, or Fisher's exact test when an expected cell count is
below 5, where the normal approximation is poor.

The tests, the Wilson interval and the corrections for multiple comparisons
are computed from their closed forms (the normal quantiles from Python's
``statistics.NormalDist``, Fisher's test with exact integer arithmetic),
and ``tests/test_stats.py`` checks them against statsmodels and scipy, the
references, on a few hundred cases. Keeping those two packages (and their
2 s of imports) out of the chapters' kernels makes the book's build faster
and the workshop environment 200 MB lighter.

Conventions (:mod:`.errors`): percentages and confidence levels are in
percent; counts are whole numbers; ``level=None`` means the library-wide
level of :mod:`.settings` (95 % unless a chapter's « Paramètres » cell
changed it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

from . import settings
from .errors import (ArgumentError, UnknownKeyError, as_keys, check_count, check_level, check_percent,
                     check_probability)

__all__ = ["count", "count_range", "wilson", "margin_of_error", "intervals", "Comparison", "compare_counts",
           "z_test", "fisher_exact", "segment_vs_rest", "adjust", "margins", "z_value"]


def _level(level) -> float:
    return settings.confidence() if level is None else check_level(level)


def z_value(level=None) -> float:
    """The two-sided normal quantile of a confidence level in percent (1.96 at 95)."""
    return NormalDist().inv_cdf(1 - (1 - _level(level) / 100) / 2)


def _prints_as(k: int, n: int, pct: float, decimals: int) -> bool:
    # Both usual roundings (half up, half to even) are accepted.
    exact = 100 * k / n
    q = 10**decimals
    return math.floor(exact * q + 0.5) / q == pct or round(exact, decimals) == pct


def count_range(pct, n) -> tuple[int, int]:
    """The smallest and largest whole counts that print as ``pct`` % of ``n``.

    Raises :class:`~.errors.ArgumentError` when no count can print as ``pct``
    over ``n`` (a report error, or a wrong base). Constant time in ``n``.
    """
    pct = check_percent(pct, "pct")
    n = check_count(n, "n", positive=True)
    decimals = 0 if pct.is_integer() else 1
    half = 0.5 / 10**decimals
    low = max(0, math.floor((pct - half) * n / 100) - 1)
    high = min(n, math.ceil((pct + half) * n / 100) + 1)
    # every count strictly inside the rounding interval prints as pct: trim the ends only
    while low <= high and not _prints_as(low, n, pct, decimals):
        low += 1
    while high >= low and not _prints_as(high, n, pct, decimals):
        high -= 1
    if low > high:
        raise ArgumentError(f"{pct:g} % cannot be a whole count over n = {n}")
    return low, high


def count(pct, n) -> int:
    """The whole count behind ``pct`` % of ``n`` (the one nearest pct·n/100)."""
    low, high = count_range(pct, n)
    centre = float(pct) * int(n) / 100
    return min(max(math.ceil(centre - 0.5), low), high)  # ties go to the smaller count


def _check_k_n(k, n, k_name: str = "k", n_name: str = "n") -> tuple[int, int]:
    n = check_count(n, n_name, positive=True)
    k = check_count(k, k_name)
    if k > n:
        raise ArgumentError(f"{k_name} = {k} is larger than its base {n_name} = {n}")
    return k, n


def _wilson(k: float, n: int, z: float) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def wilson(k, n, level=None) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes out of ``n``, in percent.

    ``level`` is in percent (``95``); by default the library-wide level.
    """
    k, n = _check_k_n(k, n)
    return _wilson(k, n, z_value(level))


def margin_of_error(n, p=50.0, level=None) -> float:
    """Half-width, in points, of the Wilson interval around ``p`` % of ``n`` (worst case at 50 %)."""
    n = check_count(n, "n", positive=True)
    p = check_percent(p, "p")
    if 0 < p < 1:
        raise ArgumentError(f"p={p:g} looks like a proportion: p is in percent (write {100 * p:g}); "
                            "for a percentage under 1 %, use wilson(k, n) with the count")
    lo, hi = _wilson(p * n / 100, n, z_value(level))
    return (hi - lo) / 2


def intervals(frame: pd.DataFrame, value: str = "value", n: str = "n", level=None) -> pd.DataFrame:
    """Add ``k``, ``ci_low`` and ``ci_high`` (percent) to a frame of percentages with their bases."""
    for column in (value, n):
        if column not in frame.columns:
            raise UnknownKeyError("column", column, frame.columns)
    z = z_value(level)
    out = frame.copy()
    out["k"] = [count(p, b) for p, b in zip(out[value], out[n])]
    bounds = [_wilson(k, int(b), z) for k, b in zip(out["k"], out[n])]
    out["ci_low"] = [b[0] for b in bounds]
    out["ci_high"] = [b[1] for b in bounds]
    return out


@dataclass(frozen=True)
class Comparison:
    """Two proportions compared: the counts, the test used (``z`` or ``fisher``) and its p-value."""

    k_segment: int
    n_segment: int
    k_rest: int
    n_rest: int
    test: str  # "z" or "fisher"
    p_value: float

    @property
    def pct_segment(self) -> float:
        return 100 * self.k_segment / self.n_segment

    @property
    def pct_rest(self) -> float:
        return 100 * self.k_rest / self.n_rest

    @property
    def gap(self) -> float:
        """The segment's percentage minus the other group's, in points."""
        return self.pct_segment - self.pct_rest

    def significant(self, level=None) -> bool:
        """Whether p is below the threshold of ``level`` (default: the library-wide level)."""
        return self.p_value < 1 - _level(level) / 100


def compare_counts(k1, n1, k2, n2) -> Comparison:
    """Two independent proportions, given as counts: z-test, or Fisher's exact test for small expected cells.

    To compare printed percentages, turn them into counts first
    (:func:`count`), or use :func:`segment_vs_rest`.
    """
    k1, n1 = _check_k_n(k1, n1, "k1", "n1")
    k2, n2 = _check_k_n(k2, n2, "k2", "n2")
    pooled = (k1 + k2) / (n1 + n2)
    expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)]
    if min(expected) < 5:
        return Comparison(k1, n1, k2, n2, "fisher", fisher_exact(k1, n1 - k1, k2, n2 - k2))
    return Comparison(k1, n1, k2, n2, "z", z_test(k1, n1, k2, n2))


def z_test(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (statsmodels' ``proportions_ztest``)."""
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0  # both proportions 0 % or both 100 %: no difference to test
    z = (k1 / n1 - k2 / n2) / se
    return min(1.0, 2 * NormalDist().cdf(-abs(z)))


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test on the table [[a, b], [c, d]] (scipy's ``fisher_exact``).

    The probability, with the margins fixed, of every table as likely as the
    observed one or less (scipy's relative tolerance of 1e-7 included).
    """
    row, col, total = a + b, a + c, a + b + c + d
    weights = {x: math.comb(col, x) * math.comb(total - col, row - x)
               for x in range(max(0, row + col - total), min(row, col) + 1)}
    observed = weights[a]
    extreme = sum(w for w in weights.values() if w <= observed * (1 + 1e-7))
    return min(1.0, extreme / math.comb(total, row))


def segment_vs_rest(pct_segment, n_segment, pct_total, n_total) -> Comparison:
    """A segment against all other respondents, from the printed percentages (in percent) and bases."""
    pct_segment, pct_total = check_percent(pct_segment, "pct_segment"), check_percent(pct_total, "pct_total")
    n_segment = check_count(n_segment, "n_segment", positive=True)
    n_total = check_count(n_total, "n_total", positive=True)
    if n_segment >= n_total:
        raise ArgumentError(f"segment base {n_segment} must be smaller than the total {n_total}")
    k_seg = count(pct_segment, n_segment)
    k_tot = count(pct_total, n_total)
    k_rest = k_tot - k_seg
    n_rest = n_total - n_segment
    if not 0 <= k_rest <= n_rest:
        raise ArgumentError(f"the total's count ({k_tot}) is incompatible with the segment's ({k_seg} of {n_segment})")
    return compare_counts(k_seg, n_segment, k_rest, n_rest)


ADJUST_METHODS = ("holm", "bonferroni", "fdr_bh", "sidak")


def adjust(p_values, method: str = "holm") -> list[float]:
    """p-values adjusted for multiple comparisons: ``holm`` (the book's), ``bonferroni``, ``fdr_bh`` or ``sidak``.

    The same values as statsmodels' ``multipletests(p, method=method)[1]``, in the order given.
    """
    if method not in ADJUST_METHODS:
        raise ArgumentError(f"unknown adjustment method {method!r}; known: {', '.join(ADJUST_METHODS)}")
    if isinstance(p_values, (str, bytes)) or not hasattr(p_values, "__iter__"):
        raise ArgumentError(f"p_values must be a list of p-values, got {type(p_values).__name__} {p_values!r}")
    values = [check_probability(p, f"p_values[{i}]") for i, p in enumerate(p_values)]
    m = len(values)
    order = sorted(range(m), key=values.__getitem__)
    adjusted = [0.0] * m
    if method == "bonferroni":
        return [min(1.0, p * m) for p in values]
    if method == "sidak":
        return [1 - (1 - p) ** m for p in values]
    if method == "holm":  # step-down: running maximum of (m - rank) p, smallest first
        running = 0.0
        for rank, i in enumerate(order):
            running = max(running, min(1.0, (m - rank) * values[i]))
            adjusted[i] = running
        return adjusted
    running = 1.0  # fdr_bh, step-up: running minimum of m p / rank, largest first
    for rank, i in reversed(list(enumerate(order, start=1))):
        running = min(running, m * values[i] / rank)
        adjusted[i] = min(1.0, running)
    return adjusted


def margins(segments=None, level=None) -> pd.DataFrame:
    """Each segment's base and the margin of error (worst case, p = 50 %) of a percentage over it.

    ``segments``: one key or a list of keys (:func:`economie_sociale.data.segments` lists them).
    """
    from . import data

    seg = data.load_segments()
    keys = as_keys(segments, "segments")
    if keys is not None:
        known = set(seg["segment"])
        for key in keys:
            if key not in known:
                raise UnknownKeyError("segment", key, known)
        seg = seg.set_index("segment").loc[keys].reset_index()
    return pd.DataFrame({
        "segment": seg["segment"],
        "label": seg["label_fr"],
        "n_printed": seg["n_printed"],
        "n": seg["n"],
        "margin": [margin_of_error(int(n), 50.0, level) for n in seg["n"]],
    })

