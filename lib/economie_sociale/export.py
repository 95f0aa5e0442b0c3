"""Numbers out of the book, for a researcher's own tools.

- :func:`long_format` / :func:`write`: every value of ``data/`` in one long
  table (``.venv/bin/python -m economie_sociale.export valeurs.csv``). The
  book offers the same file for download (built by
  :mod:`book_build.sphinx_generated`). It is derived, never edited:
  the CSV files of ``data/`` remain the only place where a number is typed.
- :func:`values`: one chart's (or one tidy frame's) values as a numeric
  frame: value, base, counts the rounding allows, interval bounds (at the
  nearest count and widest), the test of the chart's comparison with its
  p-value range and verdict, and the report's source lines;
  :func:`to_file` writes it to CSV (or Excel, ``.xlsx``, with openpyxl).
"""

from __future__ import annotations

import sys

import pandas as pd

from . import data, settings, stats
from .errors import ArgumentError

COLUMNS = ["dataset", "source", "segment", "item", "measure", "value", "unit", "n", "lines", "mapping"]
FILENAME = "economie-sociale-2-0-valeurs.csv"


def long_format() -> pd.DataFrame:
    """One row per printed value: survey charts and tables, technology grid, prose, context, cases."""
    n = data.load_segments().set_index("segment")["n"]
    q = data.load_questions().set_index("question")["source"]
    r = data.load_responses()
    parts = [
        pd.DataFrame({
            "dataset": "responses", "source": r["question"].map(q), "segment": r["segment"],
            "item": r["question"] + "/" + r["item"], "measure": r["level"], "value": r["value"], "unit": "pct",
            "n": r["segment"].map(n), "lines": r["lines"], "mapping": r["mapping"],
        })
    ]
    u = data.load_technology_use()
    parts.append(pd.DataFrame({
        "dataset": "technology_use", "source": u["source"], "segment": u["segment"], "item": u["technology"],
        "measure": u["measure"], "value": u["value"], "unit": "pct", "n": u["segment"].map(n),
        "lines": u["lines"], "mapping": u["mapping"],
    }))
    p = data.load_prose_numbers()
    parts.append(pd.DataFrame({
        "dataset": "prose_numbers", "source": "p" + p["section"], "segment": None, "item": p["claim"],
        "measure": "quoted", "value": p["value"], "unit": p["unit"], "n": None, "lines": p["lines"], "mapping": "certain",
    }))
    c = data.load_context_figures()
    parts.append(pd.DataFrame({
        "dataset": "context_figures", "source": "front", "segment": None, "item": c["figure"], "measure": "printed",
        "value": c["value"], "unit": c["unit"], "n": None, "lines": c["lines"], "mapping": "certain",
    }))
    cases = data.load_cases()
    measures = [col for col in cases.columns if col.endswith(("_min", "_max")) or col == "it_budget_share_printed"]
    long_cases = cases.melt(id_vars=["case", "lines"], value_vars=measures, var_name="measure").dropna(subset=["value"])
    parts.append(pd.DataFrame({
        "dataset": "cases", "source": long_cases["case"], "segment": None, "item": long_cases["case"],
        "measure": long_cases["measure"], "value": long_cases["value"],
        "unit": long_cases["measure"].map(_case_unit), "n": None, "lines": long_cases["lines"], "mapping": "certain",
    }))
    out = pd.concat(parts, ignore_index=True)[COLUMNS]
    out["n"] = out["n"].astype("Int64")
    return out


def _case_unit(measure: str) -> str:
    if measure.startswith(("revenue", "it_budget_m")):
        return "dollars"
    if measure == "it_budget_share_printed":
        return "pct"
    return "count"


#: The same table for a spreadsheet in French: « ; » between fields, decimal commas, French headers, UTF-8 with a BOM
#: (without it, a French-locale spreadsheet reads the accents as Windows-1252).
FILENAME_FR = "economie-sociale-2-0-valeurs-tableur.csv"
FRENCH_HEADERS = {"dataset": "jeu_de_donnees", "source": "source", "segment": "groupe", "item": "element",
                  "measure": "mesure", "value": "valeur", "unit": "unite", "n": "base", "lines": "lignes_du_rapport",
                  "mapping": "attribution"}


def spreadsheet_csv(frame: pd.DataFrame | None = None) -> bytes:
    """:func:`long_format` as a CSV that a French-locale spreadsheet opens in columns, numbers as numbers."""
    frame = long_format() if frame is None else frame
    text = frame.rename(columns=FRENCH_HEADERS).to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return "\ufeff".encode("utf-8") + text.encode("utf-8")


def write(path) -> pd.DataFrame:
    frame = long_format()
    frame.to_csv(path, index=False, lineterminator="\n")
    return frame


#: The columns :func:`values` adds, in order, after the identifying columns of the rows.
VALUE_COLUMNS = ["value", "n", "k", "k_min", "k_max", "ci_low", "ci_high", "ci_low_min", "ci_high_max", "confidence_level"]
TEST_COLUMNS = ["compared_with", "test", "p_value", "p_min", "p_max", "verdict"]
_KEYS = ["source", "segment", "segment_label", "item", "item_label", "level", "level_label", "technology",
         "technology_label", "measure", "measure_label", "label"]


def _frame_of(chart) -> tuple[pd.DataFrame, dict, str]:
    if isinstance(chart, pd.DataFrame):
        return chart, {"value": "value"}, "frame"
    fig = getattr(chart, "figure", chart)
    drawn = getattr(fig, "drawn", None)
    if drawn is None:
        raise ArgumentError(f"export.values expects a chart of economie_sociale.charts (its Axes or Figure) or a "
                            f"tidy frame with value and n columns, got {type(chart).__name__}")
    return drawn.frame, drawn.columns, drawn.kind


def values(chart, level=None) -> pd.DataFrame:
    """A chart's values as numbers, one row per value drawn, ready for a researcher's own analysis.

    ``chart``: what a function of :mod:`.charts` returns, or a tidy frame with ``value`` and ``n`` columns
    (:func:`.data.responses`, :func:`.data.technology_use`). Columns: the rows' keys and labels, ``value``
    (percent), ``n``, ``k`` (nearest count), ``k_min``/``k_max`` (the counts the rounding allows),
    ``ci_low``/``ci_high`` (Wilson, at ``level``, nearest count), ``ci_low_min``/``ci_high_max`` (widest over
    the counts), ``confidence_level``; where the chart compares groups, ``compared_with``, ``test``, ``p_value``,
    ``p_min``/``p_max`` (over the counts) and ``verdict`` (:meth:`.stats.Comparison.verdict`); then
    ``lines`` (the report's source lines) and ``mapping`` where known.
    """
    frame, columns, kind = _frame_of(chart)
    value = columns.get("value", "value")
    if value not in frame.columns or "n" not in frame.columns:
        raise ArgumentError(f"export.values needs a value and an n column; the rows have {list(frame.columns)}")
    level = settings.confidence() if level is None else level
    rows = frame.rename(columns={value: "value"}).reset_index(drop=True)
    keys = [c for c in _KEYS if c in rows.columns]
    out = rows[keys].copy()
    out["value"] = rows["value"].astype(float)
    out["n"] = rows["n"].astype(int)
    found = [_interval(v, n, level) for v, n in zip(out["value"], out["n"])]
    for i, name in enumerate(VALUE_COLUMNS[2:-1]):
        out[name] = [f[i] for f in found]
    out["confidence_level"] = float(level)
    tests = _tests(rows, columns, kind)
    if tests is not None:
        for name in TEST_COLUMNS:
            out[name] = [t.get(name) for t in tests]
    for extra in ("lines", "mapping"):
        if extra in rows.columns:
            out[extra] = rows[extra]
    return out


def _interval(v: float, n: int, level) -> tuple:
    from . import audit

    if not audit.reachable(v, n):  # a report error: no whole count prints this (see the audit)
        return (None,) * 7
    i = stats.interval_pct(v, n, level)
    return i.k, i.k_min, i.k_max, i.low, i.high, i.low_min, i.high_max


def _tests(rows: pd.DataFrame, columns: dict, kind: str) -> list[dict] | None:
    """Each row's comparison: the other series of a paired chart, or the rest of the sample when ``total`` is drawn."""
    def as_dict(result, other):
        return {"compared_with": other, "test": result.test, "p_value": result.p_value, "p_min": result.p_min,
                "p_max": result.p_max, "verdict": result.verdict()}

    series = columns.get("series")
    if kind == "paired_barh" and series and rows[series].nunique() == 2:
        first, second = list(dict.fromkeys(rows[series]))
        label = columns.get("label")
        other = rows.set_index([label, series])
        out = []
        for r in rows.itertuples(index=False):
            r = r._asdict()
            mate = second if r[series] == first else first
            o = other.loc[(r[label], mate)]
            try:
                out.append(as_dict(stats.compare_pct(r["value"], int(r["n"]), float(o["value"]), int(o["n"])), mate))
            except ArgumentError:  # a value no count reaches
                out.append({})
        return out
    if "segment" in rows.columns and "total" in set(rows["segment"]) and rows["segment"].nunique() > 1:
        same = [c for c in ("item", "level", "technology", "measure") if c in rows.columns]
        totals = rows[rows["segment"] == "total"].set_index(same)
        n_total = data.segment_n("total")
        out = []
        for r in rows.itertuples(index=False):
            r = r._asdict()
            if r["segment"] == "total":
                out.append({})
                continue
            total = totals.loc[tuple(r[c] for c in same)] if len(same) > 1 else totals.loc[r[same[0]]]
            try:
                out.append(as_dict(stats.segment_vs_rest(r["value"], int(r["n"]), float(total["value"]), n_total),
                                   "rest"))
            except ArgumentError:
                out.append({})
        return out
    return None


def to_file(frame: pd.DataFrame, path) -> pd.DataFrame:
    """Write a frame to ``path``: CSV (UTF-8, no index), or Excel for ``.xlsx`` (needs openpyxl)."""
    from pathlib import Path

    path = Path(path)
    if path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif path.suffix == ".csv":
        frame.to_csv(path, index=False, lineterminator="\n")
    else:
        raise ArgumentError(f"export writes .csv or .xlsx files, got {path.name!r}")
    return frame


def chart(chart_, path, level=None) -> pd.DataFrame:
    """One chart's numeric frame (:func:`values`) written to ``path`` (``.csv`` or ``.xlsx``)."""
    return to_file(values(chart_, level), path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(f"{len(write(sys.argv[1]))} rows written to {sys.argv[1]}")
