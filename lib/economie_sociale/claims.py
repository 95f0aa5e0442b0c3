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

import re

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


def _alternatives(reference: str) -> tuple[list[float], bool]:
    """Every value a referenced bar could take, and whether it is hatched (``mapping`` ambiguous).

    A hatched bar whose data row lists the values it could take (« could take any of … ») is tested with
    each; a ``sum:`` or a prose number is taken as printed.
    """
    value = _value(reference)
    if reference.startswith(("sum:", "prose:")):
        return [value], False
    kind, key = reference.split(":", 1)
    frame = data.load_responses() if kind == "responses" else data.load_technology_use()
    columns = ["question", "segment", "item", "level"] if kind == "responses" else ["source", "segment", "technology", "measure"]
    row = frame.set_index(columns).loc[tuple(key.split("/"))]
    if row["mapping"] != "ambiguous":
        return [value], False
    found = re.search(r"could take any of ([\d, .]+?)\.(?:\s|$)", str(row["alternatives"]))
    values = [float(v) for v in found.group(1).split(",")] if found else []
    return sorted(set(values) | {value}), True


def base_alternatives(segment: str) -> list[int]:
    """Every base a group could have when its size rests on hatched bars (else its one base).

    The classes of $100k and more are what Figure 1 leaves beside the bar under $100k and the
    « ne sait pas » bar, which is hatched and may take any of the hatched values (data/segments.csv, n_note).
    """
    n = data.segment_n(segment)
    if segment != "revenue_100kplus":
        return [n]
    revenue = data.responses("revenue")
    shares = revenue.set_index("item")["value"]
    total = data.segment_n("total")
    return sorted({n} | {round((shares.sum() - shares["rev_lt100k"] - v) * total / 100)
                         for v in revenue.loc[revenue["mapping"] == "ambiguous", "value"]})


def _counts(value: float, n: int) -> tuple[int, int, bool]:
    # A printed value that no whole count reaches (a report error, see the audit) is tested with the
    # nearest count, and flagged.
    if audit.reachable(value, n):
        low, high = stats.count_range(value, n)
        return low, high, False
    k = round(value * n / 100)
    return k, k, True


def _pairs(values: list[float], n: int, others: list[float], n_other: int, total_n: int | None):
    """Every admissible pair of counts (segment, other group or rest of the sample)."""
    pairs = []
    for v in values:
        lo, hi, _ = _counts(v, n)
        for w in others:
            if total_n is None:
                lo2, hi2, _ = _counts(w, n_other)
                pairs += [(a, b) for a in range(lo, hi + 1) for b in range(lo2, hi2 + 1)]
            else:  # w is the total's value: the rest is the total's count minus the segment's
                lo_t, hi_t, _ = _counts(w, total_n)
                pairs += [(a, t - a) for a in range(lo, hi + 1) for t in range(lo_t, hi_t + 1) if 0 <= t - a <= n_other]
    return pairs


def recompute(method: str = "holm") -> pd.DataFrame:
    """One row per claim: the values, bases, rebuilt counts, test, p-value and verdict.

    ``p_value`` is the test at the nearest counts of the values as read; ``p_min`` and ``p_max`` run over
    every count the rounding allows and, where a value is a hatched bar (``mapping`` ambiguous), over every
    value that bar could take: ``p_max`` is the least favourable attribution. ``verdict`` is
    ``significant`` (for every admissible count and attribution), ``not_significant`` (for none) or
    ``depends_on_rounding``; ``agrees`` keeps the nearest counts, ``agrees_robust`` asks the right
    direction and significance at ``p_max``.
    """
    c = data.load_significance_claims()
    total_n = data.segment_n("total")
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
        approximate = _counts(value, n)[2]
        k = round(value * n / 100) if approximate else stats.count(value, n)
        other_ref = x.total_ref if x.comparison == "vs_rest" else x.other_ref
        other = _value(other_ref)
        values, hatched_value = _alternatives(x.value_ref)
        others, hatched_other = _alternatives(other_ref)
        # every admissible count, every value a hatched bar could take, every base hatched bars allow:
        # p_max is the least favourable attribution
        p_values = []
        if x.comparison == "vs_rest":
            n_other = total_n - n
            k_other = stats.count(other, total_n) - k
            for base in base_alternatives(x.segment):
                pairs = _pairs(values, base, others, total_n - base, total_n)
                p_values += [stats.compare_counts(a, base, b, total_n - base).p_value for a, b in pairs]
        else:
            n_other = data.segment_n(x.other_segment)
            k_other = stats.count(other, n_other)
            for base in base_alternatives(x.segment):
                for base_other in base_alternatives(x.other_segment):
                    pairs = _pairs(values, base, others, base_other, None)
                    p_values += [stats.compare_counts(a, base, b, base_other).p_value for a, b in pairs]
        bases_hatched = len(base_alternatives(x.segment)) > 1 or (
            x.comparison == "vs_other" and len(base_alternatives(x.other_segment)) > 1)
        result = stats.compare_counts(k, n, k_other, n_other)
        p_min, p_max = min(p_values + [result.p_value]), max(p_values + [result.p_value])
        gap = result.pct1 - result.pct2
        rows.append({
            **row, "value": value, "n": n, "other_value": round(result.pct2, 1), "other_n": result.n2,
            "test": result.test, "p_value": result.p_value, "p_min": p_min, "p_max": p_max,
            "hatched": hatched_value or hatched_other or bases_hatched, "status": "tested", "approximate_count": approximate,
            "direction_ok": (gap > 0) == (x.direction == "higher"),
        })
    out = pd.DataFrame(rows)
    tested = out["status"] == "tested"
    out.loc[tested, "p_adjusted"] = stats.adjust(out.loc[tested, "p_value"], method)
    out["agrees"] = tested & out["direction_ok"].eq(True) & (out["p_value"] < ALPHA)
    out["agrees_adjusted"] = tested & out["direction_ok"].eq(True) & (out["p_adjusted"] < ALPHA)
    out["agrees_robust"] = tested & out["direction_ok"].eq(True) & (out["p_max"] < ALPHA)
    out["verdict"] = [None if not t else "significant" if hi < ALPHA else "not_significant" if lo >= ALPHA
                      else "depends_on_rounding" for t, lo, hi in zip(tested, out["p_min"], out["p_max"])]
    return out


def agreement_rate(frame: pd.DataFrame | None = None, adjusted: bool = False, robust: bool = False) -> float:
    """Share of tested claims that the recomputed test supports, in percent.

    ``adjusted``: after Holm's correction; ``robust``: for every admissible count and attribution (``p_max``).
    """
    frame = recompute() if frame is None else frame
    tested = frame[frame["status"] == "tested"]
    column = "agrees_robust" if robust else "agrees_adjusted" if adjusted else "agrees"
    return 100 * tested[column].mean()


def unflagged(method: str = "holm") -> pd.DataFrame:
    """Every annex value of a size or sector panel tested against the rest of the sample.

    Returns all comparisons with their p-values (raw and adjusted over all of
    them; ``p_min``/``p_max`` over the counts the rounding allows, and
    ``p_adjusted_max`` the correction of ``p_max``) and whether the report's
    prose makes a claim about it.
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
                         rest=round(result.pct_rest, 1), test=result.test, p_value=result.p_value,
                         p_min=result.p_min, p_max=result.p_max))
    out = pd.DataFrame(rows)
    out["p_adjusted"] = stats.adjust(out["p_value"], method)
    out["p_adjusted_max"] = stats.adjust(out["p_max"], method)  # the least favourable counts, corrected
    claimed = set()
    for ref in data.load_significance_claims()["value_ref"].dropna():
        if ref.startswith("technology_use:annex/"):
            seg, tech, measure = ref.removeprefix("technology_use:annex/").split("/")
            claimed.add((seg, tech, measure))
    out["claimed"] = [(s, t, m) in claimed for s, t, m in zip(out["segment"], out["technology"], out["measure"])]
    return out


def compare_over_bases(pct1, segment1: str, pct2, segment2: str, test: str = "auto") -> tuple[stats.Comparison, stats.Comparison]:
    """Two groups' printed percentages compared at the bases the book retains, and at the least favourable
    of the bases hatched bars allow.

    Returns ``(retained, least_favourable)``: the test (:func:`.stats.compare_counts`, at the nearest
    counts) with the bases of ``data/segments.csv``, and the one with the highest p-value over every base
    :func:`base_alternatives` gives each group (only the firms of $100k and more have several: their base
    rests on Figure 1's hatched bars). When the least favourable is significant too, the verdict does not
    depend on how the hatched bars are read.
    """
    def at(n1: int, n2: int) -> stats.Comparison:
        return stats.compare_counts(stats.count(pct1, n1), n1, stats.count(pct2, n2), n2, test)

    retained = at(data.segment_n(segment1), data.segment_n(segment2))
    tests = [at(n1, n2) for n1 in base_alternatives(segment1) for n2 in base_alternatives(segment2)]
    return retained, max(tests, key=lambda t: t.p_value)


def prose_gaps(gaps, test: str = "auto") -> pd.DataFrame:
    """Gaps the report's prose quotes between a group and the whole sample, each group tested against all
    other respondents (:func:`.stats.segment_vs_rest`, at every count the rounding allows).

    ``gaps``: a dict ``key -> (statement, segment, claim for the group, claim for the whole sample)``,
    the claims being keys of ``data/prose_numbers.csv`` (``data.prose``), e.g.
    ``{"mgmt": ("La haute direction s'intéresse au numérique", "it_yes", "p3_5_1_mgmt_interest_it_yes",
    "p3_5_1_mgmt_interest")}``. One row per gap, in the order given, indexed by key: ``statement``,
    ``segment``, ``segment_label``, ``n`` (the group's base), ``in_group`` and ``overall`` (the
    percentages as printed), ``rest`` (the other respondents' percentage, rebuilt from the counts),
    ``p_value``, ``p_min``, ``p_max`` and ``comparison`` (the :class:`~.stats.Comparison`, whose
    verdict follows the confidence level). :func:`.tables.gap_tests` shows it as a table.
    """
    from .errors import ArgumentError, UnknownKeyError

    if not isinstance(gaps, dict) or not gaps:
        raise ArgumentError(f"gaps must be a non-empty dict (key -> (statement, segment, claim for the group, "
                            f"claim for the whole sample)), got {type(gaps).__name__} {gaps!r}")
    segments = data.load_segments().set_index("segment")
    n_total = data.segment_n("total")
    rows = []
    for key, spec in gaps.items():
        if not isinstance(spec, tuple) or len(spec) != 4:
            raise ArgumentError(f"gaps[{key!r}] must be a tuple (statement, segment, claim for the group, claim for "
                                f"the whole sample), got {spec!r}")
        statement, segment, claim, total_claim = spec
        if segment not in segments.index:
            raise UnknownKeyError(f"segment (in gaps[{key!r}])", segment, segments.index)
        n = data.segment_n(segment)
        in_group, overall = data.prose(claim), data.prose(total_claim)
        comparison = stats.segment_vs_rest(in_group, n, overall, n_total, test)
        rows.append(dict(key=key, statement=statement, segment=segment, segment_label=segments.at[segment, "label_fr"],
                         n=n, in_group=in_group, overall=overall, rest=comparison.pct_rest,
                         p_value=comparison.p_value, p_min=comparison.p_min, p_max=comparison.p_max,
                         comparison=comparison))
    return pd.DataFrame(rows).set_index("key")


#: Groups whose base is reconstructed from hatched bars: the classes of $100k and more are what
#: Figure 1's « ne sait pas » bar leaves (data/segments.csv, n_note), and that bar is hatched.
HATCHED_BASES = {"revenue_100kplus"}


def on_hatched_bars(frame: pd.DataFrame | None = None) -> pd.Series:
    """For each claim, whether it rests on hatched bars of the report (the book marks it †).

    A claim does when one of the chart values it refers to (``value_ref``, ``other_ref``,
    ``total_ref``, each part of a ``sum:``) has an uncertain label (``mapping`` ambiguous in
    ``responses.csv``), or when the base of one of its groups is reconstructed from such values
    (:data:`HATCHED_BASES`). ``frame``: rows of :func:`recompute` (the default), or any frame with
    a ``claim`` column; the result has its index.
    """
    from .errors import ArgumentError, UnknownKeyError

    frame = recompute() if frame is None else frame
    if not isinstance(frame, pd.DataFrame) or "claim" not in frame.columns:
        raise ArgumentError("on_hatched_bars expects the rows of claims.recompute() "
                            "(a DataFrame with a 'claim' column)")
    sources = data.load_significance_claims().set_index("claim")
    unknown = [c for c in frame["claim"] if c not in sources.index]
    if unknown:
        raise UnknownKeyError("claim", unknown[0], sources.index)
    mapping = data.load_responses().set_index(["question", "segment", "item", "level"])["mapping"]

    def hatched_value(reference) -> bool:
        parts = [] if pd.isna(reference) else reference.removeprefix("sum:").split("+")
        return any(p.startswith("responses:") and mapping[tuple(p.removeprefix("responses:").split("/"))] == "ambiguous"
                   for p in parts)

    def rests_on_hatched(claim) -> bool:
        references = [sources.at[claim, r] for r in ("value_ref", "other_ref", "total_ref")]
        groups = {sources.at[claim, "segment"], sources.at[claim, "other_segment"]}
        return any(hatched_value(r) for r in references) or bool(groups & HATCHED_BASES)

    return frame["claim"].map(rests_on_hatched)
