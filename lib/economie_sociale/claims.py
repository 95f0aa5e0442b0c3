"""The report's significance claims, recomputed.

Each row of ``data/significance_claims.csv`` says that a group is higher
(or lower) than the rest of the sample, or than another group, and points at
the two percentages. :func:`recompute` rebuilds the counts behind them
(the survey is unweighted), tests the difference (:mod:`.stats`: z-test, or
Fisher's exact test for small cells) and says whether the report's claim
holds at 95 %, before and after a Holm correction for the number of
comparisons. :func:`unflagged` runs the same test on every annex value the
report did not comment on.
"""

from __future__ import annotations

import pandas as pd

from . import audit, data, settings, stats

#: The report's own threshold: its claims are judged at its level (95 %), whatever a chapter's parameter.
ALPHA = round(1 - settings.DEFAULT_CONFIDENCE / 100, 10)


def _value(reference: str) -> float:
    total = 0.0
    for part in reference.removeprefix("sum:").split("+"):
        if part.startswith("prose:"):
            total += data.prose(part.removeprefix("prose:"))
        else:
            total += audit.resolve(part)
    return total


def recompute(method: str = "holm") -> pd.DataFrame:
    """One row per claim: the values, bases, rebuilt counts, test, p-value and verdict."""
    c = data.load_significance_claims()
    rows = []
    for x in c.itertuples():
        row = dict(claim=x.claim, section=x.section, lines=x.lines, quote_fr=x.quote_fr, direction=x.direction,
                   comparison=x.comparison, segment=x.segment, other=x.other_segment if x.comparison == "vs_other" else "rest",
                   wording=x.wording)
        if pd.isna(x.value_ref):
            rows.append({**row, "status": "no_value"})
            continue
        value = _value(x.value_ref)
        n = data.segment_n(x.segment)
        # A printed value that no whole count reaches (a report error, see the
        # audit) is tested with the nearest count, and flagged.
        approximate = not audit.reachable(value, n)
        k = round(value * n / 100) if approximate else stats.count(value, n)
        if x.comparison == "vs_rest":
            total = _value(x.total_ref)
            n_rest = data.segment_n("total") - n
            k_rest = stats.count(total, data.segment_n("total")) - k
            result = stats.compare_counts(k, n, k_rest, n_rest)
        else:
            other = _value(x.other_ref)
            n_other = data.segment_n(x.other_segment)
            result = stats.compare_counts(k, n, stats.count(other, n_other), n_other)
        gap = result.pct_segment - result.pct_rest
        rows.append({
            **row, "value": value, "n": n, "other_value": round(result.pct_rest, 1), "other_n": result.n_rest,
            "test": result.test, "p_value": result.p_value, "status": "tested", "approximate_count": approximate,
            "direction_ok": (gap > 0) == (x.direction == "higher"),
        })
    out = pd.DataFrame(rows)
    tested = out["status"] == "tested"
    out.loc[tested, "p_adjusted"] = stats.adjust(out.loc[tested, "p_value"], method)
    out["agrees"] = tested & out["direction_ok"].eq(True) & (out["p_value"] < ALPHA)
    out["agrees_adjusted"] = tested & out["direction_ok"].eq(True) & (out["p_adjusted"] < ALPHA)
    return out


def agreement_rate(frame: pd.DataFrame | None = None, adjusted: bool = False) -> float:
    """Share of tested claims that the recomputed test supports, in percent."""
    frame = recompute() if frame is None else frame
    tested = frame[frame["status"] == "tested"]
    column = "agrees_adjusted" if adjusted else "agrees"
    return 100 * tested[column].mean()


def unflagged(method: str = "holm") -> pd.DataFrame:
    """Every annex value of a size or sector panel tested against the rest of the sample.

    Returns all comparisons with their p-values (raw and adjusted over all of
    them) and whether the report's prose makes a claim about it.
    """
    use = data.technology_use(None)
    total = use[use["segment"] == "total"].set_index(["technology", "measure"])["value"]
    panels = use[~use["segment"].isin(["total", "it_yes", "it_no"])]
    n_total = data.segment_n("total")
    rows = []
    for x in panels.itertuples():
        result = stats.segment_vs_rest(x.value, int(x.n), total[x.technology, x.measure], n_total)
        rows.append(dict(segment=x.segment, segment_label=x.segment_label, technology=x.technology,
                         technology_label=x.technology_label, measure=x.measure, value=x.value,
                         rest=round(result.pct_rest, 1), test=result.test, p_value=result.p_value))
    out = pd.DataFrame(rows)
    out["p_adjusted"] = stats.adjust(out["p_value"], method)
    claimed = set()
    for ref in data.load_significance_claims()["value_ref"].dropna():
        if ref.startswith("technology_use:annex/"):
            seg, tech, measure = ref.removeprefix("technology_use:annex/").split("/")
            claimed.add((seg, tech, measure))
    out["claimed"] = [(s, t, m) in claimed for s, t, m in zip(out["segment"], out["technology"], out["measure"])]
    return out
