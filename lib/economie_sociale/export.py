"""Every value of ``data/`` in one long table, for readers who want a single file.

    .venv/bin/python -m economie_sociale.export valeurs.csv

The book offers the same file for download (built by
:mod:`economie_sociale.sphinx_generated`). It is derived, never edited:
the CSV files of ``data/`` remain the only place where a number is typed.
"""

from __future__ import annotations

import sys

import pandas as pd

from . import data

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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(f"{len(write(sys.argv[1]))} rows written to {sys.argv[1]}")
