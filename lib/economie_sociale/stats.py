"""Margins of error and significance tests for the survey's percentages.

The survey is unweighted, so a printed percentage p over a base n stands for
a whole count k with round(100·k/n) = p; :func:`count` recovers it (and
:func:`count_range` says when rounding leaves several).

The report flags a segment as "significantly higher / lower" than the rest
of the sample at 95 %. :func:`segment_vs_rest` reproduces that comparison:
the segment's count against the count of all other respondents, with a
two-proportion z-test, or Fisher's exact test when an expected cell count is
below 5, where the normal approximation is poor.

**Rounding.** A printed percentage often admits several counts (16 % of 403
is 63 to 66 firms). :func:`compare_pct`, :func:`segment_vs_rest` and
:func:`interval_pct` therefore test every admissible count of each group
(:func:`count_range`) as :func:`compare_counts` would, and report the
p-value at the nearest counts with its range ``p_min``–``p_max`` (or the
widest bounds of the interval). :meth:`Comparison.verdict` has three
states: significant whatever the counts, for none of them, or depending on
the rounding.

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

__all__ = [
    "count", "count_range", "wilson", "margin_of_error", "intervals", "interval_pct", "Interval",
    "Comparison", "compare_counts", "compare_pct", "z_test", "fisher_exact", "segment_vs_rest", "adjust",
    "margins", "z_value", "VERDICTS", "TESTS", "counts_around", "segment_vs_rest_around", "split_across",
    "technology_vs_rest", "compare_technologies", "significant_after", "Combinations", "combination_bounds",
    "weakest", "compare_technology",
]


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
        hint = (f" ({pct:g} looks like a proportion: percentages are in percent, write {100 * pct:g})"
                if 0 < pct < 1 else "")
        raise ArgumentError(f"{pct:g} % cannot be a whole count over n = {n}{hint}")
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
    """Add ``k``, ``ci_low`` and ``ci_high`` (percent) to a frame of percentages with their bases.

    Also ``k_min``/``k_max``, the counts the rounding allows, and ``ci_low_min``/``ci_high_max``, the widest
    bounds over them (:func:`interval_pct`).
    """
    for column in (value, n):
        if column not in frame.columns:
            raise UnknownKeyError("column", column, frame.columns)
    out = frame.copy()
    found = [interval_pct(p, int(b), level) for p, b in zip(out[value], out[n])]
    out["k"] = [i.k for i in found]
    out["ci_low"] = [i.low for i in found]
    out["ci_high"] = [i.high for i in found]
    out["k_min"] = [i.k_min for i in found]
    out["k_max"] = [i.k_max for i in found]
    out["ci_low_min"] = [i.low_min for i in found]
    out["ci_high_max"] = [i.high_max for i in found]
    return out


#: The tests :func:`compare_counts` can run: ``auto`` picks Fisher's when an expected cell is below 5, else ``z``.
TESTS = ("auto", "z", "fisher")
#: The three states of a verdict over every admissible count (:meth:`Comparison.verdict`).
VERDICTS = ("significant", "not_significant", "depends_on_rounding")


@dataclass(frozen=True)
class Comparison:
    """Two proportions compared: the counts, the test used (``z`` or ``fisher``) and its p-value.

    ``k1``/``n1`` is the first group (a segment, say), ``k2``/``n2`` the
    second (the rest of the sample, or another group); ``label1`` and
    ``label2`` name them. Built from printed percentages
    (:func:`compare_pct`, :func:`segment_vs_rest`), the counts are the
    nearest ones and ``p_min``/``p_max`` bound the p-value over every
    count the rounding allows; from counts (:func:`compare_counts`),
    ``p_min == p_value == p_max``.
    """

    k1: int
    n1: int
    k2: int
    n2: int
    test: str  # "z" or "fisher" (at the nearest counts)
    p_value: float
    p_min: float | None = None
    p_max: float | None = None
    label1: str = "groupe 1"
    label2: str = "groupe 2"
    pairs: int = 1  # how many pairs of admissible counts were tested

    def __post_init__(self):
        if self.p_min is None:
            object.__setattr__(self, "p_min", self.p_value)
        if self.p_max is None:
            object.__setattr__(self, "p_max", self.p_value)

    # the first group against the second, in percent
    @property
    def pct1(self) -> float:
        return 100 * self.k1 / self.n1

    @property
    def pct2(self) -> float:
        return 100 * self.k2 / self.n2

    @property
    def gap(self) -> float:
        """The first group's percentage minus the second's, in points."""
        return self.pct1 - self.pct2

    # the names of a segment against the rest of the sample (segment_vs_rest), kept for the chapters' code
    k_segment = property(lambda self: self.k1, doc="Alias of ``k1``.")
    n_segment = property(lambda self: self.n1, doc="Alias of ``n1``.")
    k_rest = property(lambda self: self.k2, doc="Alias of ``k2``.")
    n_rest = property(lambda self: self.n2, doc="Alias of ``n2``.")
    pct_segment = property(lambda self: self.pct1, doc="Alias of ``pct1``.")
    pct_rest = property(lambda self: self.pct2, doc="Alias of ``pct2``.")

    @property
    def depends_on_rounding(self) -> bool:
        """Whether the admissible counts give more than one p-value."""
        return self.p_min != self.p_max

    def significant(self, level=None) -> bool:
        """Whether p, at the nearest counts, is below the threshold of ``level`` (default: the library-wide level).

        :meth:`verdict` says whether that holds for every count the rounding allows.
        """
        return self.p_value < 1 - _level(level) / 100

    def verdict(self, level=None) -> str:
        """``significant`` for every admissible count, for none (``not_significant``), or ``depends_on_rounding``."""
        alpha = 1 - _level(level) / 100
        if self.p_max < alpha:
            return "significant"
        if self.p_min >= alpha:
            return "not_significant"
        return "depends_on_rounding"

    def verdict_fr(self, level=None) -> str:
        """The verdict in French: « significatif », « non significatif » or « significatif ou non selon l'arrondi »."""
        return {"significant": "significatif", "not_significant": "non significatif",
                "depends_on_rounding": "significatif ou non selon l’arrondi"}[self.verdict(level)]

    def __repr__(self) -> str:  # French, as the book writes numbers (decimal comma)
        def num(x, spec):
            return format(x, spec).replace(".", ",")

        p = f"p = {num(self.p_value, '.3g')}"
        if self.depends_on_rounding:
            p += f" (de {num(self.p_min, '.3g')} à {num(self.p_max, '.3g')} selon l’arrondi)"
        return (f"Comparaison({self.label1} : {self.k1}/{self.n1} = {num(self.pct1, '.1f')} %, "
                f"{self.label2} : {self.k2}/{self.n2} = {num(self.pct2, '.1f')} %, test {self.test}, {p})")


def _check_test(test) -> str:
    if test not in TESTS:
        raise ArgumentError(f"test must be one of {', '.join(repr(t) for t in TESTS)}, got {test!r}")
    return test


def _refuse_float_count(value, name: str) -> None:
    # data.value() and printed percentages are floats; counts are ints (stats.count gives ints)
    # (a float with a fraction gets check_count's own message)
    is_float = isinstance(value, float) or getattr(getattr(value, "dtype", None), "kind", "") == "f"
    if is_float and float(value).is_integer():
        raise ArgumentError(
            f"{name} = {value!r} is a float: compare_counts takes whole counts of respondents. If {value!r} is a "
            f"percentage, use stats.compare_pct(pct1, n1, pct2, n2), which rebuilds the counts; if it is a count, "
            f"pass int({value!r})")


def _run(k1: int, n1: int, k2: int, n2: int, test: str) -> tuple[str, float]:
    if test == "auto":
        pooled = (k1 + k2) / (n1 + n2)
        expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)]
        test = "fisher" if min(expected) < 5 else "z"
    if test == "fisher":
        return "fisher", fisher_exact(k1, n1 - k1, k2, n2 - k2)
    return "z", z_test(k1, n1, k2, n2)


def compare_counts(k1, n1, k2, n2, test: str = "auto", labels=("groupe 1", "groupe 2")) -> Comparison:
    """Two independent proportions, given as counts: z-test, or Fisher's exact test for small expected cells.

    ``test``: ``"auto"`` (Fisher's exact test when an expected cell count is
    below 5, the z-test otherwise), ``"z"`` or ``"fisher"``. ``labels``
    names the two groups in the result. Counts are whole numbers (ints):
    printed percentages go to :func:`compare_pct`.
    """
    _check_test(test)
    for value, name in ((k1, "k1"), (k2, "k2")):
        _refuse_float_count(value, name)
    k1, n1 = _check_k_n(k1, n1, "k1", "n1")
    k2, n2 = _check_k_n(k2, n2, "k2", "n2")
    label1, label2 = _labels(labels)
    used, p = _run(k1, n1, k2, n2, test)
    return Comparison(k1, n1, k2, n2, used, p, label1=label1, label2=label2)


def _labels(labels) -> tuple[str, str]:
    if isinstance(labels, str) or len(labels) != 2 or not all(isinstance(x, str) for x in labels):
        raise ArgumentError(f"labels must be two strings (the first group's, the second's), got {labels!r}")
    return labels[0], labels[1]


def _over_pairs(pairs, nearest, n1: int, n2: int, test: str, labels) -> Comparison:
    """The test at the nearest counts, with the range of p over every admissible pair of counts."""
    p_values = [_run(a, n1, b, n2, test)[1] for a, b in pairs]
    used, p = _run(nearest[0], n1, nearest[1], n2, test)
    label1, label2 = _labels(labels)
    return Comparison(nearest[0], n1, nearest[1], n2, used, p, min(p_values), max(p_values),
                      label1, label2, len(p_values))


def compare_pct(pct1, n1, pct2, n2, test: str = "auto", labels=("groupe 1", "groupe 2")) -> Comparison:
    """Two independent groups given as printed percentages (in percent) over their bases.

    Every pair of counts that prints as ``pct1`` % of ``n1`` and ``pct2`` %
    of ``n2`` (:func:`count_range`) is tested as :func:`compare_counts`
    would; the result holds the nearest counts, their p-value, and
    ``p_min``/``p_max`` over all pairs (see :meth:`Comparison.verdict`).
    """
    _check_test(test)
    pct1, pct2 = check_percent(pct1, "pct1"), check_percent(pct2, "pct2")
    n1, n2 = check_count(n1, "n1", positive=True), check_count(n2, "n2", positive=True)
    (lo1, hi1), (lo2, hi2) = count_range(pct1, n1), count_range(pct2, n2)
    pairs = [(a, b) for a in range(lo1, hi1 + 1) for b in range(lo2, hi2 + 1)]
    return _over_pairs(pairs, (count(pct1, n1), count(pct2, n2)), n1, n2, test, labels)


def rest_pairs(pct_segment: float, n_segment: int, pct_total: float, n_total: int,
               segment_counts: tuple[int, int] | None = None) -> tuple[list[tuple[int, int]], tuple[int, int]]:
    """The admissible (segment count, rest count) pairs of a segment against the rest, and the nearest pair.

    ``segment_counts`` overrides the segment's count range (a value no count reaches, tested at the nearest).
    """
    lo1, hi1 = segment_counts or count_range(pct_segment, n_segment)
    lo_t, hi_t = count_range(pct_total, n_total)
    n_rest = n_total - n_segment
    pairs = [(a, t - a) for a in range(lo1, hi1 + 1) for t in range(lo_t, hi_t + 1) if 0 <= t - a <= n_rest]
    k_seg = count(pct_segment, n_segment) if segment_counts is None else segment_counts[0]
    k_tot = count(pct_total, n_total)
    if not pairs or not 0 <= k_tot - k_seg <= n_rest:
        raise ArgumentError(f"the total's count ({k_tot}) is incompatible with the segment's ({k_seg} of {n_segment})")
    return pairs, (k_seg, k_tot - k_seg)


def _segment_and_total(pct_segment, n_segment, pct_total, n_total, test: str):
    """A segment's and the whole sample's printed percentages and bases, checked (the segment is part of it)."""
    _check_test(test)
    pct_segment, pct_total = check_percent(pct_segment, "pct_segment"), check_percent(pct_total, "pct_total")
    n_segment = check_count(n_segment, "n_segment", positive=True)
    n_total = check_count(n_total, "n_total", positive=True)
    if n_segment >= n_total:
        raise ArgumentError(f"segment base {n_segment} must be smaller than the total {n_total}")
    return pct_segment, n_segment, pct_total, n_total


def segment_vs_rest(pct_segment, n_segment, pct_total, n_total, test: str = "auto",
                    labels=("segment", "autres répondants")) -> Comparison:
    """A segment against all other respondents, from the printed percentages (in percent) and bases.

    The rest's count is the total's minus the segment's; ``p_min``/``p_max``
    run over every admissible count of the segment and of the total.
    """
    pct_segment, n_segment, pct_total, n_total = _segment_and_total(pct_segment, n_segment, pct_total, n_total, test)
    pairs, nearest = rest_pairs(pct_segment, n_segment, pct_total, n_total)
    return _over_pairs(pairs, nearest, n_segment, n_total - n_segment, test, labels)


@dataclass(frozen=True)
class Interval:
    """A Wilson interval around a printed percentage: at the nearest count, and widest over the admissible ones."""

    k: int
    n: int
    low: float
    high: float
    k_min: int
    k_max: int
    low_min: float  # the lowest lower bound over the admissible counts
    high_max: float  # the highest upper bound

    def __iter__(self):  # low, high = stats.interval_pct(...)
        return iter((self.low, self.high))


def interval_pct(pct, n, level=None) -> Interval:
    """The Wilson interval around ``pct`` % of ``n`` at the nearest count, and its widest bounds over the counts
    the rounding allows (``low_min``, ``high_max``)."""
    n = check_count(n, "n", positive=True)
    lo, hi = count_range(pct, n)
    z = z_value(level)
    k = count(pct, n)
    low, high = _wilson(k, n, z)
    return Interval(k, n, low, high, lo, hi, _wilson(lo, n, z)[0], _wilson(hi, n, z)[1])


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


def counts_around(pct, n) -> tuple[int, int]:
    """The two consecutive whole counts either side of ``pct`` % of ``n``: ``k <= pct·n/100 < k + 1``.

    For a printed percentage that no count gives (47 % of 80 is 37.6 firms), they are the two counts
    the report may have meant: ``counts_around(47, 80)`` -> ``(37, 38)``, i.e. 46,25 % and 47,5 %.
    At 100 % they are ``n - 1`` and ``n``.
    """
    pct = check_percent(pct, "pct")
    n = check_count(n, "n", positive=True)
    below = min(math.floor(pct * n / 100), n - 1)
    return below, below + 1


def segment_vs_rest_around(pct_segment, n_segment, pct_total, n_total, test: str = "auto",
                           labels=("segment", "autres répondants")) -> list[Comparison]:
    """A segment against all other respondents at each of the two counts around its printed percentage.

    For a percentage that no whole count gives over the segment's base (:func:`segment_vs_rest`
    refuses it), the segment is tested at the count just below and just above (:func:`counts_around`),
    against the rest: the total's count (:func:`count`) minus the segment's, over ``n_total - n_segment``.
    Returns the two :class:`Comparison` objects, lower count first; a cautious reading keeps the less
    favourable one (``max(tests, key=lambda t: t.p_value)``).
    """
    pct_segment, n_segment, pct_total, n_total = _segment_and_total(pct_segment, n_segment, pct_total, n_total, test)
    k_total = count(pct_total, n_total)
    n_rest = n_total - n_segment
    tests = []
    for k in counts_around(pct_segment, n_segment):
        if not 0 <= k_total - k <= n_rest:
            raise ArgumentError(f"the total's count ({k_total} of {n_total}) is incompatible with the segment's "
                                f"({k} of {n_segment}): the rest would count {k_total - k} of {n_rest}")
        tests.append(compare_counts(k, n_segment, k_total - k, n_rest, test, labels))
    return tests


def split_across(question: str, item: str, segments, level: str = "share") -> pd.Series:
    """How the respondents who gave ``item`` split across ``segments``, in percent: a table of column
    distributions read along one of its rows.

    The report's Table 1 gives, for each size class, the share of its firms in each sector; this turns
    one sector's row into the share of that sector's firms in each size class. Each column's printed
    percentage is turned back into a whole count of firms over the column's base (:func:`count`), and
    the counts are taken over their sum. ``segments``: keys, French labels or a dimension (``"size"``);
    they should not overlap (``"total"`` holds every other group).
    """
    from . import data

    if segments is None:
        raise ArgumentError("split_across needs the segments to split across (e.g. \"size\"): all segments together "
                            "overlap, the total holding every other group")
    frame = data.responses(question, segments)
    if item not in set(frame["item"]):
        raise UnknownKeyError(f"item for question '{question}'", item, set(frame["item"]))
    keys = list(dict.fromkeys(frame["segment"]))
    counts = {key: count(data.value(question, key, item, level), data.segment_n(key)) for key in keys}
    total = sum(counts.values())
    if total == 0:
        raise ArgumentError(f"no respondent of {', '.join(keys)} gave '{item}' to question '{question}': "
                            "there is nothing to split")
    return pd.Series({key: 100 * k / total for key, k in counts.items()}, name=item, dtype=float)


def technology_vs_rest(segment: str, technology: str, measure: str = "use", source: str = "annex",
                       test: str = "auto") -> Comparison:
    """One group against all other respondents on one technology of the grid: the report's « significativement
    supérieur / inférieur » (:func:`segment_vs_rest` on the printed percentages of ``source``).

    ``technology_vs_rest("sector_personal", "erp")`` compares the ERP use of personal services with the
    rest of the sample. ``segment`` and ``technology`` are keys or French labels; ``measure`` is ``use``
    or ``planned``; ``source`` must print the total beside the group (``annex``, ``tab3``, ``tab4``).
    """
    from . import data

    if data.segments().set_index("segment")["dimension"].get(segment) == "total":
        raise ArgumentError("technology_vs_rest compares a group with the rest of the sample: "
                            f"{segment!r} is the whole sample")
    pct_segment = data.technology_value(technology, segment, measure, source)
    pct_total = data.technology_value(technology, "total", measure, source)
    return segment_vs_rest(pct_segment, data.segment_n(segment), pct_total, data.segment_n("total"), test)


def compare_technologies(segment1: str, segment2: str, technologies=None, measure: str = "use", source: str = "annex",
                         names=None, level=None, test: str = "auto") -> pd.DataFrame:
    """Two groups compared technology by technology: the printed percentages, the counts behind them, the gap
    and the test over every pair of counts the rounding allows (:func:`compare_pct`).

    One row per technology (in the order of ``technologies``, else Table 2's), indexed by its key, with
    ``technology_label``, the two groups' printed percentages and counts (columns named after ``names``,
    by default the two segment keys: ``it_yes``, ``k_it_yes``...), ``gap`` (first minus second, in
    points, as printed), ``p`` (at the nearest counts), ``p_min``, ``p_max``, ``test`` (``z`` or
    ``fisher``), ``comparison`` (the :class:`Comparison`), ``verdict`` and ``significant`` (significant
    whatever the counts, at ``level``, by default the library-wide level).
    """
    from . import data

    _check_test(test)
    level = _level(level)
    if measure not in data.MEASURE_LABELS:
        raise UnknownKeyError("measure", measure, data.MEASURE_LABELS)
    frame = data.technology_use([segment1, segment2], source=source, measures=measure, technologies=technologies)
    keys = list(dict.fromkeys(frame["segment"]))
    if len(keys) != 2:
        raise ArgumentError(f"compare_technologies compares two groups: {segment1!r} and {segment2!r} stand for "
                            f"{', '.join(keys)}")
    first, second = _labels(keys if names is None else names)
    order = list(dict.fromkeys(frame["technology"]))
    wide = frame.pivot(index="technology", columns="segment", values="value").reindex(order)
    label = frame.drop_duplicates("technology").set_index("technology")["technology_label"]
    segment_label = frame.drop_duplicates("segment").set_index("segment")["segment_label"]
    n1, n2 = data.segment_n(keys[0]), data.segment_n(keys[1])
    rows = []
    for tech, pair in wide.iterrows():
        found = compare_pct(pair[keys[0]], n1, pair[keys[1]], n2, test,
                            labels=(segment_label[keys[0]], segment_label[keys[1]]))
        rows.append({"technology": tech, "technology_label": label[tech], first: pair[keys[0]], second: pair[keys[1]],
                     f"k_{first}": found.k1, f"k_{second}": found.k2, "gap": pair[keys[0]] - pair[keys[1]],
                     "p": found.p_value, "p_min": found.p_min, "p_max": found.p_max, "test": found.test,
                     "comparison": found, "verdict": found.verdict(level),
                     "significant": found.verdict(level) == "significant"})
    return pd.DataFrame(rows).set_index("technology")


def significant_after(comparisons, method: str = "holm", level=None) -> tuple[int, int]:
    """How many comparisons stay significant after a correction for multiple comparisons (:func:`adjust`),
    with the least favourable counts the rounding allows and with the most favourable.

    Each :class:`Comparison` built from printed percentages has a range of p-values (``p_min`` to
    ``p_max``): the first number corrects every ``p_max``, the second every ``p_min``. When they differ,
    the count itself depends on the rounding of the published percentages. ``level``: by default the
    library-wide level.
    """
    if isinstance(comparisons, (str, bytes)) or not hasattr(comparisons, "__iter__"):
        raise ArgumentError(f"comparisons must be a list of stats.Comparison, got {type(comparisons).__name__}")
    comparisons = list(comparisons)
    bad = [c for c in comparisons if not isinstance(c, Comparison)]
    if bad:
        raise ArgumentError(f"comparisons must hold stats.Comparison results (compare_pct, segment_vs_rest...), "
                            f"got {type(bad[0]).__name__} {bad[0]!r}")
    alpha = settings.alpha() if level is None else round((100 - check_level(level)) / 100, 10)
    least = sum(p < alpha for p in adjust([c.p_max for c in comparisons], method))
    most = sum(p < alpha for p in adjust([c.p_min for c in comparisons], method))
    return least, most


@dataclass(frozen=True)
class Combinations:
    """What separate shares allow about the respondents who combine them (Fréchet bounds), in percent.

    Three shares printed one by one (say, firms whose employees have each of three skills) say
    nothing of who has several: only that the share with **at least one** lies between
    ``at_least_one_low`` and ``at_least_one_high``, and the share with **all** of them between
    ``all_low`` and ``all_high``. Every value in between is possible without the individual answers.
    """

    at_least_one_low: float  # the most common one alone: the others may all be held by its respondents
    at_least_one_high: float  # the sum, capped at 100: nobody holds two
    all_low: float  # the sum minus 100 for each share beyond the first, or 0: the least overlap possible
    all_high: float  # the rarest one caps it


def combination_bounds(shares) -> Combinations:
    """The Fréchet bounds of shares given separately, in percent: see :class:`Combinations`.

    ``shares``: two or more percentages over the same respondents (a list, or a Series such as the
    « oui » of each item). ``combination_bounds([54, 77, 63])``: at least 77 % have one of the three,
    and from 0 % to 54 % all three (194 % is less than 200 %: possibly nobody has all three).
    """
    if isinstance(shares, (str, bytes, dict)) or not hasattr(shares, "__iter__"):
        raise ArgumentError(f"shares must be a list of percentages, got {type(shares).__name__} {shares!r}")
    values = list(shares)
    if len(values) < 2:
        raise ArgumentError(f"combination_bounds needs at least two shares to combine, got {len(values)}")
    for i, value in enumerate(values):
        check_percent(value, f"shares[{i}]")
    total = sum(values)
    # each share beyond the first can leave out at most 100 % of the respondents
    return Combinations(at_least_one_low=max(values), at_least_one_high=min(100.0, total),
                        all_low=max(0.0, total - 100 * (len(values) - 1)), all_high=min(values))


def weakest(comparisons, level=None) -> str:
    """The key of the significant comparison nearest the threshold: the first a correction for multiple
    tests would lose (:func:`adjust`).

    ``comparisons``: a dict of :class:`Comparison` (key -> comparison). Significant means so for every
    count the rounding allows (:meth:`Comparison.verdict`, at ``level``, the library-wide level by
    default); the nearest is the largest p at the nearest counts. When none is significant, the largest
    p of them all.
    """
    if not isinstance(comparisons, dict) or not comparisons:
        raise ArgumentError(f"comparisons must be a non-empty dict of stats.Comparison (key -> comparison), "
                            f"got {type(comparisons).__name__} {comparisons!r}")
    bad = [key for key, c in comparisons.items() if not isinstance(c, Comparison)]
    if bad:
        raise ArgumentError(f"comparisons[{bad[0]!r}] is a {type(comparisons[bad[0]]).__name__}, not a stats.Comparison "
                            "(from stats.segment_vs_rest, compare_pct or compare_counts)")
    significant = [key for key, c in comparisons.items() if c.verdict(level) == "significant"]
    return max(significant or comparisons, key=lambda key: comparisons[key].p_value)


def compare_technology(technology: str, segment1: str, segment2: str, measure: str = "use", source: str = "annex",
                       test: str = "auto") -> Comparison:
    """Two groups compared on one technology of the grid: :func:`compare_pct` on their printed shares and bases.

    ``compare_technology("wifi", "it_yes", "it_no", measure="planned")``: firms with an IT person
    against those without, on the share planning to invest in a wireless network. Keys or French
    labels, as in :func:`.data.technology_use`; the groups' bases are the book's (``data.segment_n``).
    """
    from . import data

    keys = {"technology": technology, "segment1": segment1, "segment2": segment2, "measure": measure}
    for name, value in keys.items():
        if not isinstance(value, str):
            raise ArgumentError(f"compare_technology compares two groups on one technology and one measure: "
                                f"{name} must be a key, got {value!r}")
    rows = data.technology_use([segment1, segment2], source=source, measures=measure, technologies=technology)
    if len(rows) != 2 or rows["segment"].nunique() != 2:
        raise ArgumentError(f"compare_technology needs two different groups, got {segment1!r} and {segment2!r} "
                            f"({', '.join(rows['segment'])})")
    return compare_technologies(segment1, segment2, [technology], measure, source, test=test)["comparison"].iloc[0]
