"""The book's tables: French-formatted, as Markdown so that the same table
renders in JupyterLab, in the HTML site and in the PDF.

A :class:`Table` displays as a Markdown table in a notebook, and its plain-text
form is that same Markdown, so nbval compares the numbers themselves.
In the book it is glued and placed inside a numbered ``{table}`` directive.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import fmt


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # the formatted cells (strings), as shown
    align: tuple[str, ...]  # one of "left", "right", "center" per column, index first

    def to_markdown(self) -> str:
        marks = {"left": ":--", "right": "--:", "center": ":-:"}
        header = [self.frame.index.name or ""] + [str(c) for c in self.frame.columns]
        lines = ["| " + " | ".join(_escape(h) for h in header) + " |",
                 "|" + "|".join(marks[a] for a in self.align) + "|"]
        for idx, row in self.frame.iterrows():
            lines.append("| " + " | ".join(_escape(x) for x in [idx, *row.tolist()]) + " |")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return self.to_markdown()


def _escape(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def percent_table(
    frame: pd.DataFrame,
    index: str = "item_label",
    columns: str = "segment_label",
    value: str = "value",
    *,
    index_name: str = "",
    total_row: str | None = None,
    flag_ambiguous: bool = True,
    show_n: bool = False,
    margin: bool = False,
) -> Table:
    """Pivot a tidy frame into a table of French percentages.

    Rows and columns keep their order of first appearance in ``frame``.
    With ``total_row``, a last row of that name holds each column's sum.
    With ``show_n``, each column header gives its base (``n`` column).
    With ``margin``, each cell adds the half-width of its 95 % Wilson
    interval, in points: ``30 % (± 4,5)``.
    An ambiguous value is marked with a dagger (†).
    """
    for col in (index, columns, value):
        if col not in frame.columns:
            raise KeyError(f"frame lacks column '{col}'; it has {list(frame.columns)}")
    if frame.duplicated([index, columns]).any():
        raise ValueError(f"each ({index}, {columns}) pair must appear once")
    rows = list(dict.fromkeys(frame[index]))
    cols = list(dict.fromkeys(frame[columns]))
    numbers = frame.pivot(index=index, columns=columns, values=value).reindex(index=rows, columns=cols)
    cells = numbers.map(lambda v: "" if pd.isna(v) else fmt.pct(v))
    if margin:
        if "n" not in frame.columns:
            raise KeyError("margin needs an 'n' column")
        from .charts import _intervals  # statsmodels only when asked

        low, high = _intervals(frame, value)
        half = frame.assign(_m=(high - low) / 2).pivot(index=index, columns=columns, values="_m").reindex(index=rows, columns=cols)
        cells = cells.where(half.isna(), cells + half.map(lambda m: "" if pd.isna(m) else f" (±\u00a0{fmt.number(round(m, 1), 1)})"))
    if flag_ambiguous and "mapping" in frame.columns:
        amb = frame.assign(_a=frame["mapping"].eq("ambiguous")).pivot(index=index, columns=columns, values="_a")
        amb = amb.reindex(index=rows, columns=cols).fillna(False).astype(bool)
        cells = cells.where(~amb, cells + "\u00a0†")
    if total_row:
        cells.loc[total_row] = [fmt.pct(round(s)) for s in numbers.sum()]
    if show_n:
        if "n" not in frame.columns:
            raise KeyError("show_n needs an 'n' column")
        n = frame.drop_duplicates(columns).set_index(columns)["n"]
        cells.columns = [f"{c} (n\u00a0=\u00a0{fmt.number(n[c])})" for c in cols]
    cells.index.name = index_name
    cells.columns.name = None
    return Table(cells, ("left",) + ("right",) * len(cols))


def text_table(frame: pd.DataFrame, index: str | None = None) -> Table:
    """A table of text cells as they are (e.g. a data dictionary), left-aligned."""
    cells = frame.set_index(index) if index else frame.set_index(frame.columns[0])
    cells = cells.astype(str)
    return Table(cells, ("left",) * (len(cells.columns) + 1))
