"""Margins of error and significance tests for the survey's percentages.

Built on statsmodels and scipy. The survey is unweighted, so a printed
percentage p over a base n stands for a whole count k with round(100·k/n) = p;
:func:`count` recovers it (and says when rounding leaves several).

The report flags a segment as "significantly higher / lower" than the rest
of the sample at 95 %. :func:`segment_vs_rest` reproduces that comparison:
the segment's count against the count of all other respondents, with a
two-proportion z-test, or Fisher's exact test when an expected cell count is
below 5 (where the normal approximation is poor).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from .audit import counts_for


def count(pct: float, n: int) -> int:
    """The whole count behind ``pct`` % of ``n`` (the one nearest pct·n/100).

    Raises ``ValueError`` when no count can print as ``pct`` over ``n``.
    """
    candidates = counts_for(pct, n)
    if not candidates:
        raise ValueError(f"{pct} % cannot be a whole count over n = {n}")
    return min(candidates, key=lambda k: abs(k - pct * n / 100))


def count_range(pct: float, n: int) -> tuple[int, int]:
    """The smallest and largest whole counts that print as ``pct`` % of ``n``."""
    candidates = counts_for(pct, n)
    if not candidates:
        raise ValueError(f"{pct} % cannot be a whole count over n = {n}")
    return min(candidates), max(candidates)


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for k successes out of n, in percent."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n and n > 0, got k={k}, n={n}")
    lo, hi = proportion_confint(k, n, alpha=1 - level, method="wilson")
    return 100 * float(lo), 100 * float(hi)


def margin_of_error(n: int, p: float = 50.0, level: float = 0.95) -> float:
    """Half-width, in points, of the Wilson interval around ``p`` % of ``n`` (worst case at 50 %)."""
    k = p * n / 100
    lo, hi = proportion_confint(k, n, alpha=1 - level, method="wilson")
    return 100 * float(hi - lo) / 2


def intervals(frame: pd.DataFrame, value: str = "value", n: str = "n", level: float = 0.95) -> pd.DataFrame:
    """Add ``k``, ``ci_low`` and ``ci_high`` (percent) to a frame of percentages with their bases."""
    out = frame.copy()
    out["k"] = [count(p, int(b)) for p, b in zip(out[value], out[n])]
    bounds = [wilson(k, int(b), level) for k, b in zip(out["k"], out[n])]
    out["ci_low"] = [b[0] for b in bounds]
    out["ci_high"] = [b[1] for b in bounds]
    return out


@dataclass(frozen=True)
class Comparison:
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


def compare_counts(k1: int, n1: int, k2: int, n2: int) -> Comparison:
    """Two independent proportions: z-test, or Fisher's exact test for small expected cells."""
    for k, n in ((k1, n1), (k2, n2)):
        if n <= 0 or not 0 <= k <= n:
            raise ValueError(f"need 0 <= k <= n and n > 0, got k={k}, n={n}")
    pooled = (k1 + k2) / (n1 + n2)
    expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)]
    if min(expected) < 5:
        _, p = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])
        return Comparison(k1, n1, k2, n2, "fisher", float(p))
    _, p = proportions_ztest([k1, k2], [n1, n2])
    return Comparison(k1, n1, k2, n2, "z", float(p))


def segment_vs_rest(pct_segment: float, n_segment: int, pct_total: float, n_total: int) -> Comparison:
    """A segment against all other respondents, from the printed percentages and bases."""
    if n_segment >= n_total:
        raise ValueError(f"segment base {n_segment} must be smaller than the total {n_total}")
    k_seg = count(pct_segment, n_segment)
    k_tot = count(pct_total, n_total)
    k_rest = k_tot - k_seg
    n_rest = n_total - n_segment
    if not 0 <= k_rest <= n_rest:
        raise ValueError(f"the total's count ({k_tot}) is incompatible with the segment's ({k_seg} of {n_segment})")
    return compare_counts(k_seg, n_segment, k_rest, n_rest)


def adjust(p_values, method: str = "holm") -> np.ndarray:
    """p-values adjusted for multiple comparisons (``holm``, ``bonferroni``, ``fdr_bh`` …)."""
    return multipletests(np.asarray(p_values, dtype=float), method=method)[1]


def margins(segments: list[str] | None = None, level: float = 0.95) -> pd.DataFrame:
    """Each segment's base and the margin of error (worst case, p = 50 %) of a percentage over it."""
    from . import data

    seg = data.load_segments()
    if segments is not None:
        seg = seg.set_index("segment").loc[segments].reset_index()
    return pd.DataFrame({
        "segment": seg["segment"],
        "label": seg["label_fr"],
        "n_printed": seg["n_printed"],
        "n": seg["n"],
        "margin": [margin_of_error(int(n), 50.0, level) for n in seg["n"]],
    })
