"""Audit of the report's own numbers, computed from ``data/``.

Each ``check_*`` function compares numbers the report prints in different
places (a distribution and its sum, a table and the matching annex panel,
sub-groups and their total, a percentage and its base, the prose and the
chart) and returns the inconsistencies it finds as rows of one table:

=============  ==============================================================
check          which comparison (``sum``, ``table_vs_annex``, ``weighted_total``,
               ``granularity``, ``prose``, ``base``, ``case_ratio``)
where          the value in question (French, for the book)
value          the printed value
expected       what the comparison implies (a number, or NaN for a range)
conflicts_with what it was compared with (French)
evidence       the arithmetic (French)
=============  ==============================================================

:func:`detect` runs them all; :func:`findings` also checks that they are
exactly the reviewed list ``data/audit_findings.csv`` (each checked against
the source), so that a transcription slip can never pass for an error of
the report. The survey is unweighted, so every
percentage must be a whole count of firms over its base: that is what
:func:`reachable` tests.
"""

from __future__ import annotations

import math

import pandas as pd

from . import data, fmt
from .errors import EconomieSocialeError

COLUMNS = ["check", "key", "where", "value", "expected", "conflicts_with", "evidence"]

SOURCE_FR = {"tab3": "Tableau 3", "tab4": "Tableau 4", "fig4": "Figure 4", "fig5": "Figure 5", "fig6": "Figure 6", "annex": "annexe"}


def _source(source: str) -> str:
    """The report's table or figure, named as the report's (never to be confused with the book's own numbers)."""
    if source == "annex":
        return "annexes 2 à 4 du rapport"
    kind, number = ("tableau", source[3:]) if source.startswith("tab") else ("figure", source[3:])
    return f"{kind} {number} du rapport"


def _labels() -> dict:
    """French labels by key, read once per call of a check (the loaders hand out copies)."""
    items = data.load_question_items()
    return {
        "segment": dict(zip(data.load_segments()["segment"], data.load_segments()["label_fr"])),
        "technology": dict(zip(data.load_technologies()["technology"], data.load_technologies()["label_fr"])),
        "item": {(q, r, k): lab for q, r, k, lab in zip(items["question"], items["role"], items["key"], items["label_fr"])},
        "items_per_question": items[items["role"] == "item"].groupby("question").size().to_dict(),
    }


_LABELS: dict | None = None


def _label(kind: str, key):
    global _LABELS
    folder = str(data.data_dir())
    version = (folder, data._folder_key(folder))  # the files' content: an edited label is seen after clear_cache()
    if _LABELS is None or _LABELS.get("_version") != version or version[1] is None:
        _LABELS = {**_labels(), "_version": version}
    return str(_LABELS[kind].get(key, key if isinstance(key, str) else key[-1]))


def _segment(key: str) -> str:
    return _label("segment", key)


def _technology(key: str) -> str:
    return _label("technology", key)


def _item(question: str, role: str, key: str) -> str:
    return _label("item", (question, role, key))


MEASURE_FR = {"use": "usage actuel", "planned": "investissement prévu"}


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _round_half_up(x: float, decimals: int = 0) -> float:
    q = 10**decimals
    return math.floor(x * q + 0.5) / q


def reachable(pct: float, n: int) -> bool:
    """Whether ``pct`` (as printed, 0 or 1 decimal) equals 100·k/n rounded for some whole k.

    Both usual roundings (half up, half to even) are accepted.
    """
    if n <= 0:
        raise ValueError(f"base must be positive, got {n}")
    decimals = 0 if float(pct).is_integer() else 1
    centre = pct * n / 100
    for k in range(max(0, math.floor(centre) - 2), min(n, math.ceil(centre) + 2) + 1):
        exact = 100 * k / n
        if _round_half_up(exact, decimals) == pct or round(exact, decimals) == pct:
            return True
    return False


def counts_for(pct: float, n: int) -> list[int]:
    """Every whole count k whose share of ``n`` prints as ``pct``."""
    from .errors import ArgumentError
    from .stats import count_range

    try:
        low, high = count_range(pct, n)
    except ArgumentError:
        return []
    return list(range(low, high + 1))


# --------------------------------------------------------------------------
# distributions add up to 100


def sums() -> pd.DataFrame:
    """Sum of each distribution as printed: one row per chart bar or table column."""
    q = data.load_questions().set_index("question")
    r = data.load_responses().merge(q[["kind", "source"]], left_on="question", right_index=True)
    items = data.load_question_items()
    n_levels = items[items["role"] == "level"].groupby("question").size()
    n_items = items[items["role"] == "item"].groupby("question").size()
    dist = r[r["kind"] == "distribution"].groupby(["question", "source", "segment", "level"])["value"].agg(["sum", "size"]).reset_index()
    dist["expected_values"] = dist["question"].map(n_items)
    stacked = r[r["kind"].isin(["scale", "binary"])].groupby(["question", "source", "segment", "item"])["value"].agg(["sum", "size"]).reset_index()
    stacked["expected_values"] = stacked["question"].map(n_levels)
    out = pd.concat([dist.assign(item=None), stacked.assign(level=None)], ignore_index=True)
    return out.rename(columns={"size": "values"})


def check_sums(tolerance: float = 1.0) -> pd.DataFrame:
    """Distributions whose printed values add up to more than ``tolerance`` away from 100.

    A bar that prints fewer values than it has levels (small values left
    unprinted) may fall short of 100; only an excess, or a shortfall with
    every value printed, is reported.
    """
    rows = []
    for s in sums().itertuples():
        complete = s.values == s.expected_values
        if s.sum > 100 + tolerance or (complete and s.sum < 100 - tolerance):
            part = f", {_item(s.question, 'item', s.item)}" if s.item else ""
            rows.append(dict(
                check="sum", key=f"responses:{s.question}/{s.segment}/{s.item or '*'}/{s.level or '*'}",
                where=f"{_source(s.source)}, {_segment(s.segment)}{part}", value=s.sum, expected=100.0,
                conflicts_with="une répartition totalise 100 %",
                evidence=f"les {s.values} valeurs imprimées totalisent {fmt.number(s.sum)} %, "
                         f"alors que l'arrondi de {s.values} valeurs écarte rarement le total de plus de {fmt.number(tolerance)} point",
            ))
    return _frame(rows)


# --------------------------------------------------------------------------
# Tables 3-4 and Figures 4-6 against the annex panels


def table_annex_pairs() -> pd.DataFrame:
    """Every (table or figure value, annex value) pair for the same segment, technology and measure."""
    use = data.load_technology_use()
    annex = use[use["source"] == "annex"].set_index(["segment", "technology", "measure"])["value"]
    other = use[use["source"] != "annex"].copy()
    keys = list(zip(other["segment"], other["technology"], other["measure"]))
    other["annex_value"] = [annex.get(k, float("nan")) for k in keys]
    return other


def check_tables_vs_annex() -> pd.DataFrame:
    pairs = table_annex_pairs()
    bad = pairs[pairs["value"] != pairs["annex_value"]]
    rows = [dict(
        check="table_vs_annex", key=f"technology_use:{p.source}/{p.segment}/{p.technology}/{p.measure}", where=f"{_source(p.source)}, {_segment(p.segment)}, {_technology(p.technology)}, {MEASURE_FR[p.measure]}",
        value=p.value, expected=p.annex_value, conflicts_with="le panneau correspondant de l'annexe",
        evidence=f"{fmt.number(p.value)} % contre {fmt.number(p.annex_value)} % en annexe",
    ) for p in bad.itertuples()]
    return _frame(rows)


# --------------------------------------------------------------------------
# sub-groups weighted by their base reproduce the total


GROUPS = {
    "size": ["size_lt5", "size_5_19", "size_20plus"],
    "it_person": ["it_yes", "it_no"],
}


def weighted_totals(group: str = "size") -> pd.DataFrame:
    """Annex panels of a group of segments, averaged with their bases as weights, beside the total panel."""
    members = GROUPS[group]
    use = data.load_technology_use()
    annex = use[use["source"] == "annex"].pivot_table(index=["technology", "measure"], columns="segment", values="value")
    n = pd.Series({s: data.segment_n(s) for s in members})
    out = pd.DataFrame({"total": annex["total"]})
    out["weighted"] = (annex[members] * n).sum(axis=1) / n.sum()
    out["difference"] = out["weighted"] - out["total"]
    return out.reset_index()


def check_weighted_totals(tolerance: float = 1.0) -> pd.DataFrame:
    """Totals that their sub-groups do not reproduce within rounding.

    Each printed value is off by at most half a point, so a weighted mean of
    sub-groups and the printed total may differ by up to a point; the IT
    pair leaves out the few "don't know" firms, which adds a little slack.
    """
    rows = []
    for group in GROUPS:
        for t in weighted_totals(group).itertuples():
            if abs(t.difference) > tolerance:
                rows.append(dict(
                    check="weighted_total", key=f"technology_use:annex/total/{t.technology}/{t.measure}",
                    where=f"{_source('annex')}, {_segment('total')}, {_technology(t.technology)}, {MEASURE_FR[t.measure]}",
                    value=t.total, expected=round(t.weighted, 1),
                    conflicts_with=f"les panneaux {', '.join(GROUPS[group])} pondérés par leurs effectifs",
                    evidence=f"moyenne pondérée {fmt.number(round(t.weighted, 1))} % contre {fmt.number(t.total)} % imprimé",
                ))
    # Table 1: the size columns, weighted, give the total column
    r = data.load_responses()
    tab1 = r[r["question"] == "respondent_sector"].pivot(index="item", columns="segment", values="value")
    n = pd.Series({s: data.segment_n(s) for s in GROUPS["size"]})
    weighted = (tab1[GROUPS["size"]] * n).sum(axis=1) / n.sum()
    for item, w in weighted.items():
        if abs(w - tab1.at[item, "total"]) > tolerance:
            rows.append(dict(check="weighted_total", key=f"responses:respondent_sector/total/{item}/share",
                             where=f"{_source('tab1')}, {_segment('total')}, {_item('respondent_sector', 'item', item)}", value=tab1.at[item, "total"], expected=round(w, 1),
                             conflicts_with="les colonnes de taille pondérées par leurs effectifs",
                             evidence=f"moyenne pondérée {fmt.number(round(w, 1))} % contre {fmt.number(tab1.at[item, 'total'])} % imprimé"))
    return _frame(rows)


# --------------------------------------------------------------------------
# every percentage is a whole count over its base


def _value_where(question: str, source: str, segment: str, item: str, level: str) -> str:
    """A chart value in words: « figure 8 du rapport, Loisirs…, Oui »."""
    parts = [_source(source), _segment(segment)]
    _segment(segment)  # loads the labels
    if _LABELS["items_per_question"].get(question, 0) > 1:
        parts.append(_item(question, "item", item))
    if level != "share":
        parts.append(_item(question, "level", level))
    return ", ".join(parts)


def granularity() -> pd.DataFrame:
    """Every printed percentage with its base and whether some whole count gives it."""
    segments = data.load_segments().set_index("segment")
    r = data.load_responses().assign(source=lambda d: d["question"].map(data.load_questions().set_index("question")["source"]))
    use = data.load_technology_use()
    frames = [
        r.assign(what=[_value_where(q, src, seg, it, lv) for q, src, seg, it, lv
                       in zip(r["question"], r["source"], r["segment"], r["item"], r["level"])],
                 key="responses:" + r["question"] + "/" + r["segment"] + "/" + r["item"] + "/" + r["level"]),
        use.assign(what=[f"{_source(src)}, {_segment(seg)}, {_technology(t)}, {MEASURE_FR[m]}" for src, seg, t, m
                         in zip(use["source"], use["segment"], use["technology"], use["measure"])],
                   key="technology_use:" + use["source"] + "/" + use["segment"] + "/" + use["technology"] + "/" + use["measure"]),
    ]
    out = pd.concat([f[["what", "key", "segment", "value", "mapping"]] for f in frames], ignore_index=True)
    out["n"] = out["segment"].map(segments["n"]).astype(int)
    out["n_printed"] = out["segment"].map(segments["n_printed"])
    out["reachable"] = [reachable(v, n) for v, n in zip(out["value"], out["n"])]
    out["reachable_printed_n"] = [reachable(v, int(p)) if pd.notna(p) else pd.NA for v, p in zip(out["value"], out["n_printed"])]
    return out


def check_granularity() -> pd.DataFrame:
    """Percentages that no whole count of firms can produce over their base (printed or used)."""
    g = granularity()
    rows = []
    for x in g.itertuples():
        base_bad = not x.reachable
        printed_bad = x.reachable_printed_n is False and x.n_printed != x.n
        if base_bad or printed_bad:
            n = int(x.n_printed) if printed_bad else x.n
            near = [k for k in (math.floor(x.value * n / 100), math.ceil(x.value * n / 100))]
            shown = ", ".join(fmt.count_share(k, n) for k in sorted(set(near)))
            caveat = (" ; attribution ambiguë : la valeur appartient peut-être à une autre barre"
                      if x.mapping == "ambiguous" else "")
            rows.append(dict(
                check="granularity", key=x.key, where=x.what, value=x.value, expected=float("nan"),
                conflicts_with=f"la base imprimée n = {n}" if printed_bad else f"la base n = {n}",
                evidence=f"aucun nombre entier d'entreprises ne donne {fmt.number(x.value)} % sur {n} ({shown}){caveat}",
            ))
    return _frame(rows)


# --------------------------------------------------------------------------
# the prose quotes the charts


def resolve(reference: str) -> float:
    """The value a ``refers_to`` address points at (a ``sum:`` adds its parts)."""
    parts = reference.removeprefix("sum:").split("+")
    r = data.load_responses().set_index(["question", "segment", "item", "level"])["value"]
    u = data.load_technology_use().set_index(["source", "segment", "technology", "measure"])["value"]
    total = 0.0
    for part in parts:
        kind, key = part.split(":", 1)
        total += float((r if kind == "responses" else u)[tuple(key.split("/"))])
    return total


def prose_pairs() -> pd.DataFrame:
    """Every prose number that a chart also holds, with the chart's value."""
    p = data.load_prose_numbers()
    p = p[p["refers_to"].notna()].copy()
    p["chart_value"] = p["refers_to"].map(resolve)
    return p


def check_prose() -> pd.DataFrame:
    rows = []
    for p in prose_pairs().itertuples():
        if abs(p.value - p.chart_value) > 1e-9:
            rows.append(dict(
                check="prose", key=f"prose_numbers:{p.claim}", where=f"texte du rapport, section {p.section} : « {p.quote_fr} »",
                value=p.value, expected=p.chart_value, conflicts_with=p.refers_to,
                evidence=f"le texte dit {fmt.number(p.value)}, le tableau ou la figure donne {fmt.number(p.chart_value)}",
            ))
    return _frame(rows)


# --------------------------------------------------------------------------
# printed bases and shares of the sample


def check_bases() -> pd.DataFrame:
    """Printed bases the numbers contradict, and printed sample shares their bases contradict."""
    s = data.load_segments()
    rows = [dict(
        check="base", key=f"segments:{x.segment}", where=f"base imprimée du groupe « {x.label_fr} »", value=float(x.n_printed), expected=float(x.n),
        conflicts_with="les pourcentages qui s'y rapportent",
        evidence=f"la base imprimée ({x.n_printed}) contredit les pourcentages publiés ; la base retenue est {x.n} "
                 "(raisonnement détaillé dans data/segments.csv, colonne n_note)",
    ) for x in s.itertuples() if pd.notna(x.n_printed) and x.n_printed != x.n]
    total = data.segment_n("total")
    r = data.load_responses()
    shares = r[(r["question"].isin(["respondent_size", "respondent_sector"])) & (r["segment"] == "total")]
    for x in shares.itertuples():
        n = data.segment_n(x.item)
        exact = 100 * n / total
        if _round_half_up(exact) != x.value and round(exact) != x.value:
            rows.append(dict(
                check="base", key=f"responses:{x.question}/total/{x.item}/{x.level}", where=f"{_source('tab1')}, part du groupe « {_segment(x.item)} »", value=x.value, expected=round(exact, 1),
                conflicts_with=f"l'effectif du segment (n = {n} sur {total})",
                evidence=f"{n}/{total} = {fmt.number(round(exact, 2))} %, qui s'arrondit à {fmt.number(round(exact))} %",
            ))
    return _frame(rows)


# --------------------------------------------------------------------------
# the case studies' IT budget as a share of revenue


def case_ratios() -> pd.DataFrame:
    """Each case's printed IT-budget share beside budget ÷ revenue (a range when revenue is one)."""
    c = data.load_cases()
    c = c[c["it_budget_share_printed"].notna()].copy()
    c["computed_low"] = 100 * c["it_budget_min"] / c["revenue_max"]
    c["computed_high"] = 100 * c["it_budget_max"] / c["revenue_min"]
    return c[["case", "name", "it_budget_share_printed", "it_budget_share_qualifier", "computed_low", "computed_high"]]


def _share_agrees(printed: float, qualifier: str, low: float, high: float) -> bool | None:
    if pd.isna(low) or pd.isna(high):
        return None  # the box gives no revenue: nothing to compare
    if qualifier == "less_than":
        return low < printed
    if qualifier == "more_than":
        return high > printed
    half_unit = 0.5 if float(printed).is_integer() else 0.05  # "environ 2 %" vs "environ 1,6 %"
    return low - half_unit <= printed <= high + half_unit


def check_cases() -> pd.DataFrame:
    words = {"about": "environ", "less_than": "moins de", "more_than": "plus de", "exact": ""}
    rows = []
    for x in case_ratios().itertuples():
        if _share_agrees(x.it_budget_share_printed, x.it_budget_share_qualifier, x.computed_low, x.computed_high) is False:
            computed = fmt.number(x.computed_low, 2) if x.computed_low == x.computed_high else \
                f"{fmt.number(x.computed_low, 2)} à {fmt.number(x.computed_high, 2)}"
            rows.append(dict(
                check="case_ratio", key=f"cases:{x.case}", where=f"cas {x.case[4:]} ({x.name}), part du budget TI", value=x.it_budget_share_printed,
                expected=round(x.computed_low, 2), conflicts_with="le budget TI et le chiffre d'affaires de la fiche",
                evidence=f"la fiche imprime « {words[x.it_budget_share_qualifier]} {fmt.number(x.it_budget_share_printed)} % », "
                         f"mais budget ÷ chiffre d'affaires = {computed} %",
            ))
    return _frame(rows)


# --------------------------------------------------------------------------


def detect() -> pd.DataFrame:
    """All the inconsistencies the data reveal, one row each, *not* checked against the reviewed list.

    For exploring a changed copy of the data; the book uses :func:`findings`.
    """
    parts = [check_sums(), check_tables_vs_annex(), check_weighted_totals(), check_granularity(), check_bases(), check_cases()]
    try:
        parts.append(check_prose())
    except data.DataError as err:
        if "file not found" not in str(err):
            raise
    found = [p for p in parts if len(p)]
    return pd.concat(found, ignore_index=True)[COLUMNS] if found else _frame([])


class FindingsChanged(EconomieSocialeError):
    """The data give report inconsistencies other than the reviewed list ``data/audit_findings.csv``."""

    def __init__(self, new: pd.DataFrame, gone: pd.DataFrame, path):
        self.new, self.gone = new, gone

        def describe(x) -> str:
            expected = "" if pd.isna(x.expected) else f", expected {fmt.number(x.expected)}"
            return f"    - {x.check} {x.key}: printed {fmt.number(x.value)}{expected}"

        parts = [f"{path}: the data now give report inconsistencies that differ from this reviewed list."]
        if len(new):
            parts.append("  found, not on the list:")
            parts += [describe(x) + (f" ({x.evidence})" if isinstance(getattr(x, "evidence", None), str) else "")
                      for x in new.itertuples()]
        if len(gone):
            parts.append("  on the list, no longer found:")
            parts += [describe(x) + f" (reviewed at source lines {x.lines})" for x in gone.itertuples()]
        parts.append(
            "A data change created or removed a report inconsistency. Check the values involved against the source "
            "text (the lines the data files give) before anything else: a transcription error is fixed in data/, "
            "never listed. Only if the source prints what the data say, update the list (add the finding with the "
            "lines you read and what you checked, or remove the one that is gone): see data/README.md, "
            "« Audit findings ».")
        super().__init__("\n".join(parts))


def _same(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """Row by row of ``a``: is the same finding (check, key, value, expected) in ``b``?"""
    keyed = {(x.check, x.key): x for x in b.itertuples()}

    def match(x) -> bool:
        y = keyed.get((x.check, x.key))
        if y is None or abs(x.value - y.value) > 1e-9:
            return False
        if pd.isna(x.expected) or pd.isna(y.expected):
            return bool(pd.isna(x.expected) and pd.isna(y.expected))
        return abs(x.expected - y.expected) < 0.005

    return pd.Series([match(x) for x in a.itertuples()], index=a.index, dtype=bool)


def findings() -> pd.DataFrame:
    """The report's inconsistencies, one row each, with where in the source we checked them.

    The data must give exactly the reviewed list ``data/audit_findings.csv``
    (same check, value address, printed and expected value): a finding that
    appears or disappears means a data change to be checked against the
    source, and raises :class:`FindingsChanged` saying which and what to do.
    """
    found = detect()
    reviewed = data.load_audit_findings()
    new, gone = found[~_same(found, reviewed)], reviewed[~_same(reviewed, found)]
    if len(new) or len(gone):
        raise FindingsChanged(new, gone, data.data_dir() / "audit_findings.csv")
    return found.merge(reviewed[["check", "key", "lines", "reviewed_fr"]], on=["check", "key"], how="left")


# --------------------------------------------------------------------------
# ambiguous mappings: how many assignments fit every constraint


def _distinct_factor(values: list[float]) -> int:
    factor = 1
    for v in set(values):
        factor *= math.factorial(values.count(v))
    return factor


def _reachable_somewhere(v: float, ns: list[int]) -> bool:
    return any(reachable(v, n) for n in set(ns))


def _fits(v: float, n: int, ns: list[int]) -> bool:
    # A value no slot can reach is a report error, not a mapping clue: it fits anywhere.
    return reachable(v, n) or not _reachable_somewhere(v, ns)


def _count_matchings(values: list[float], ns: list[int]) -> int:
    """Assignments of ``values`` to slots (bases ``ns``) with every value reachable: DP over subsets."""
    ok = [[_fits(v, n, ns) for v in values] for n in ns]
    ways = {0: 1}
    for slot in range(len(ns)):
        nxt: dict[int, int] = {}
        for mask, w in ways.items():
            for i in range(len(values)):
                if not mask >> i & 1 and ok[slot][i]:
                    nxt[mask | 1 << i] = nxt.get(mask | 1 << i, 0) + w
        ways = nxt
    return sum(ways.values()) // _distinct_factor(values)


def _count_with_sums(values, ns, bar_of, bar_fixed, bar_tol, limit=2_000_000):
    """Backtracking count when some bars (complete distributions) must keep their sum near 100."""
    count = 0
    used = [False] * len(values)
    sums: dict = {}
    visited = 0

    def step(slot: int) -> None:
        nonlocal count, visited
        visited += 1
        if visited > limit:
            raise OverflowError
        if slot == len(ns):
            for bar, fixed in bar_fixed.items():
                if abs(fixed + sums.get(bar, 0.0) - 100) > bar_tol[bar] + 1e-9:
                    return
            count += 1
            return
        tried = set()
        for i, v in enumerate(values):
            if used[i] or v in tried or not _fits(v, ns[slot], ns):
                continue
            tried.add(v)
            used[i] = True
            sums[bar_of[slot]] = sums.get(bar_of[slot], 0.0) + v
            step(slot + 1)
            sums[bar_of[slot]] -= v
            used[i] = False

    step(0)
    return count


def ambiguity() -> pd.DataFrame:
    """Per question: its ambiguous values and how many assignments fit every constraint.

    Constraints: the values stay within the question (certain values, fixed by
    the prose, are already placed); each value must be a whole count over its
    bar's base; a bar whose values are all printed must keep its sum within
    the deviation the printed data already show (at least one point).
    ``assignments`` counts distinct assignments, the book's reading included;
    it is empty when there are too many to enumerate.
    """
    q = data.load_questions().set_index("question")
    r = data.load_responses()
    seg_n = data.load_segments().set_index("segment")["n"]
    totals = sums().set_index(["question", "segment", "item", "level"])
    rows = []
    for question, group in r.groupby("question", sort=False):
        amb = group[group["mapping"] == "ambiguous"]
        if amb.empty:
            continue
        kind = q.at[question, "kind"]
        if kind == "scale" or (kind == "binary" and group["item"].nunique() > 1):
            # Each bar's values come out together on one line of the source: what is
            # uncertain is which statement a whole bar belongs to.
            items = list(dict.fromkeys(amb["item"]))
            bars = [tuple(group[group["item"] == it].sort_values("level")["value"]) for it in items]
            rows.append(dict(question=question, source=q.at[question, "source"], kind=kind, ambiguous=len(amb),
                             unit="barre", assignments=math.factorial(len(bars)) // _distinct_factor(bars),
                             constrained_bars=0))
            continue
        values = amb["value"].tolist()
        ns = [int(seg_n[s]) for s in amb["segment"]]
        if kind in ("scale", "binary"):
            bars = list(zip(amb["segment"], amb["item"]))
            key = lambda b: (question, b[0], b[1], None)  # noqa: E731
        elif kind == "distribution":
            bars = list(zip(amb["segment"], amb["level"]))
            key = lambda b: (question, b[0], None, b[1])  # noqa: E731
        else:
            bars = [None] * len(values)
        complete = {}
        if kind != "multiple":
            for b in set(bars):
                t = totals.reset_index()
                row = t[(t["question"] == question) & (t["segment"] == b[0]) & ((t["item"] == b[1]) if kind != "distribution" else (t["level"] == b[1]))]
                if len(row) and row["values"].iloc[0] == row["expected_values"].iloc[0]:
                    fixed = float(row["sum"].iloc[0]) - float(amb[[bb == b for bb in bars]]["value"].sum())
                    complete[b] = (fixed, max(1.0, abs(float(row["sum"].iloc[0]) - 100)))
        try:
            if complete:
                count = _count_with_sums(values, ns, bars, {b: f for b, (f, _) in complete.items()},
                                         {b: t for b, (_, t) in complete.items()})
            else:
                count = _count_matchings(values, ns) if len(values) <= 16 else None
        except OverflowError:
            count = None
        rows.append(dict(question=question, source=q.at[question, "source"], kind=kind, ambiguous=len(values),
                         unit="valeur", assignments=count, constrained_bars=len(complete)))
    out = pd.DataFrame(rows)
    out["assignments"] = out["assignments"].astype("Int64")
    return out


def unreachable(values, n) -> list[float]:
    """The printed percentages among ``values`` that no whole count gives over the base ``n``, in order.

    :func:`reachable` for a whole chart: ``unreachable(data.responses("online_sales_share")["value"], 89)``
    is ``[14.0]`` (no firm count out of 89 prints as 14 %), and ``[]`` over 117.
    """
    from .errors import ArgumentError, check_count, check_percent

    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ArgumentError(f"values must be a list of percentages, got {type(values).__name__} {values!r}; "
                            "for one value, audit.reachable(pct, n)")
    n = check_count(n, "n", positive=True)
    values = [check_percent(v, f"values[{i}]") for i, v in enumerate(values)]
    return [v for v in values if not reachable(v, n)]


def _responses_prefix(question: str) -> str:
    data.question(question)  # an unknown question is refused with the known ones
    return f"responses:{question}/"


def unreachable_in(question: str) -> pd.DataFrame:
    """One question's values that no whole count gives over the base the book uses: :func:`granularity`'s rows.

    Adds ``quoted``: whether the report's prose quotes the value (then no other reading of the chart
    can move it). ``unreachable_in("sells_online")`` is the leisure sector's 47 % of 80 firms.
    """
    prefix = _responses_prefix(question)
    g = granularity()
    out = g[g["key"].str.startswith(prefix) & ~g["reachable"]].reset_index(drop=True)
    quoted = set(data.load_prose_numbers()["refers_to"].dropna())
    return out.assign(quoted=out["key"].isin(quoted))


def granularity_findings(question: str) -> pd.DataFrame:
    """The rows of :func:`check_granularity` for one question's values, over the base used or the printed one."""
    prefix = _responses_prefix(question)
    found = check_granularity()
    return found[found["key"].str.startswith(prefix)].reset_index(drop=True)


def describe_unreachable(question: str) -> list[fmt.Text]:
    """Each of :func:`unreachable_in`'s values in words, with the two counts around it.

    « « loisirs », 47 % sur 80 entreprises (37/80 = 46,25 %, 38/80 = 47,5 %) ». A value is named by its
    group (:func:`.data.short_label`) when the question has one answer per group, by its answer's label
    otherwise (« « Pinterest », 0,3 % sur 403 entreprises (…) »), then its group's if it is not the total.
    """
    from .stats import counts_around

    found = unreachable_in(question)
    answers = data.responses(question)
    answers = answers.assign(key=_responses_prefix(question) + answers["segment"] + "/" + answers["item"] + "/"
                             + answers["level"]).set_index("key")
    one_item = answers["item"].nunique() == 1
    described = []
    for x in found.itertuples():
        name = data.short_label(x.segment)
        if not one_item:
            item = answers.at[x.key, "item_label"]
            name = item if x.segment == "total" else f"{item}, {name}"
        n = int(x.n)
        around = ", ".join(fmt.count_share(k, n) for k in counts_around(x.value, n))
        described.append(fmt.Text(f"« {name} », {fmt.pct(x.value)} sur {fmt.number(n)} entreprises ({around})"))
    return described


def against_prose(values, claims) -> pd.DataFrame:
    """Values a chapter recomputed beside the numbers the report's prose quotes for them.

    ``values``: the recomputed values, by key (a dict, or a Series such as the agreement of each
    statement); ``claims``: for each key to compare, the prose claim that quotes it (a key of
    ``data/prose_numbers.csv``), e.g. ``{"skills": "p3_5_1_skills"}``. One row per claim, in the order
    given, indexed by key: ``claim``, ``recomputed``, ``printed`` and ``agrees`` (the two are equal).
    :func:`.book.check_quotes` says so under a chapter's cell when one is not.
    """
    from .errors import ArgumentError, UnknownKeyError

    if not isinstance(claims, dict) or not claims:
        raise ArgumentError(f"claims must be a non-empty dict (key -> prose claim), got {type(claims).__name__} {claims!r}")
    if not hasattr(values, "keys") or not hasattr(values, "__getitem__"):
        raise ArgumentError(f"values must be a dict or a Series of recomputed values by key, got {type(values).__name__}")
    rows = []
    for key, claim in claims.items():
        if key not in values.keys():
            raise UnknownKeyError("key of values (named in claims)", key, list(values.keys()))
        printed = data.prose(claim)
        rows.append(dict(key=key, claim=claim, recomputed=values[key], printed=printed, agrees=values[key] == printed))
    return pd.DataFrame(rows).set_index("key")


# --------------------------------------------------------------------------
# the findings counted and named, and what a case's printed share implies

#: Each check's kind of finding, in French (a table's « Type » column), in the checks' order.
CHECK_LABELS = {"sum": "Total d'une répartition", "table_vs_annex": "Tableau et annexe",
                "weighted_total": "Sous-groupes et total", "granularity": "Pourcentage impossible",
                "prose": "Texte et figure", "base": "Base", "case_ratio": "Cas d'entreprise"}
#: The kind of a « base » finding that is a share of the sample, not a base (:func:`is_sample_share`).
SAMPLE_SHARE_LABEL = "Part de l'échantillon"


def _require_findings(found: pd.DataFrame, columns: list[str]) -> None:
    from .errors import ArgumentError

    if not isinstance(found, pd.DataFrame):
        raise ArgumentError(f"expected the findings as a DataFrame (audit.findings() or audit.detect()), "
                            f"got {type(found).__name__}")
    missing = [c for c in columns if c not in found.columns]
    if missing:
        raise ArgumentError(f"the findings lack column(s) {', '.join(missing)}: pass what audit.findings() or "
                            f"audit.detect() returns (columns {', '.join(COLUMNS)})")


def count_by_check(found: pd.DataFrame | None = None) -> pd.Series:
    """How many inconsistencies each check finds, indexed by check in :data:`CHECK_LABELS` order, 0 when none.

    ``found``: what :func:`findings` (the default) or :func:`detect` returns.
    """
    found = findings() if found is None else found
    _require_findings(found, ["check"])
    return found["check"].value_counts().reindex(list(CHECK_LABELS), fill_value=0)


def is_sample_share(found: pd.DataFrame | None = None) -> pd.Series:
    """For each finding, whether it is a share of the sample that its group's base contradicts.

    The ``base`` check finds two things: printed bases the percentages contradict (``segments:`` keys),
    and shares of the sample (Table 1's « Total » row, ``responses:`` keys) that the groups' bases do
    not give. The second kind is no base, and no base is replaced for it: a book lists it apart.
    """
    found = findings() if found is None else found
    _require_findings(found, ["check", "key"])
    return (found["check"] == "base") & found["key"].str.startswith("responses:")


def case_disagreements() -> pd.DataFrame:
    """The case studies whose printed IT-budget share disagrees with budget ÷ revenue, in :func:`check_cases` order.

    Rows of :func:`.data.cases` indexed by case, with ``computed``: the IT budget over the revenue,
    in percent (the lower end of the range when the revenue is printed as one).
    """
    ratios = case_ratios().set_index("case")
    keys = [k.removeprefix("cases:") for k in check_cases()["key"]]  # the audit's value address: cases:case12
    return data.cases().set_index("case").join(ratios["computed_low"].rename("computed")).loc[keys]


def printed_share_implies(case) -> tuple[float, float]:
    """What a case's printed IT-budget share implies: (the IT budget it gives with the box's revenue,
    the revenue it gives with the box's IT budget), in dollars.

    ``case`` is a row of :func:`.data.cases` (or of :func:`case_disagreements`); the lower ends of
    ranges are used, and an amount the box does not print gives NaN. Either number shows how far
    from its own amounts a printed share lies; for a box with no revenue, the second is the revenue
    the printed share assumes (a bound when the share is « plus de » or « moins de »).
    """
    from .errors import ArgumentError

    try:
        share = case["it_budget_share_printed"]
        revenue, budget = case["revenue_min"], case["it_budget_min"]
    except (KeyError, TypeError, IndexError):
        raise ArgumentError("printed_share_implies expects a row of data.cases() (with it_budget_share_printed, "
                            f"revenue_min and it_budget_min), got {type(case).__name__}") from None
    if pd.isna(share) or share == 0:
        raise ArgumentError(f"case {getattr(case, 'name', '?')!r}: its fact box prints no IT-budget share to read")
    return revenue * share / 100, budget / (share / 100)
