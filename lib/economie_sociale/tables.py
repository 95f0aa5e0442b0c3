"""The book's tables: French-formatted, as Markdown so that the same table
renders in JupyterLab, in the HTML site and in the PDF.

A :class:`Table` displays as a Markdown table in a notebook, and its plain-text
form is that same Markdown, so the notebook tests compare the numbers themselves.
In a chapter, a code cell shows it (book.table) and the caption block after it numbers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from . import fmt, settings


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # the formatted cells (strings), as shown
    align: tuple[str, ...]  # one of "left", "right", "center" per column, index first
    note: str = ""  # a paragraph under the table (not inside a {table} directive, which takes a table only)

    def to_markdown(self) -> str:
        marks = {"left": ":--", "right": "--:", "center": ":-:"}
        header = [self.frame.index.name or ""] + [str(c) for c in self.frame.columns]
        lines = ["| " + " | ".join(_escape(h) for h in header) + " |",
                 "|" + "|".join(marks[a] for a in self.align) + "|"]
        for idx, row in self.frame.iterrows():
            lines.append("| " + " | ".join(_escape(x) for x in [idx, *row.tolist()]) + " |")
        return "\n".join(lines) + (f"\n\n{self.note}" if self.note else "")

    def to_html(self) -> str:
        """The table alone (no note), as HTML: for the collapsed data table under a figure in JupyterLab."""
        import html

        align = {"left": "left", "right": "right", "center": "center"}
        header = [self.frame.index.name or ""] + [str(c) for c in self.frame.columns]
        head = "".join(f'<th style="text-align:{align[a]}">{html.escape(fmt.unbreakable_numbers(h))}</th>' for h, a in zip(header, self.align))
        rows = []
        for idx, row in self.frame.iterrows():
            cells = [idx, *row.tolist()]
            rows.append("<tr>" + "".join(f'<td style="text-align:{align[a]}">{html.escape(fmt.unbreakable_numbers(c))}</td>'
                                         for c, a in zip(cells, self.align)) + "</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return self.to_markdown()


#: Every character that can start Markdown or MyST syntax inside a line of text: emphasis (``*``; ``_``
#: except inside a word, where CommonMark never reads it as emphasis: ``snake_case``), code and roles
#: (`` ` ``, ``{``, ``}``), links and images (``[``, ``]``), raw HTML and autolinks (``<`` before a letter,
#: ``/``, ``!`` or ``?``: ``< 0,001`` is text), entities (``&``), inline math (``$``), strikethrough
#: (``~``), a table cell's end (``|``), headings (``#``) and the escape itself (``\\``). Each is
#: backslash-escaped (CommonMark: any ASCII punctuation may be), so the text shows literally in
#: JupyterLab, the HTML and the PDF.
MARKDOWN_SPECIAL = re.compile(r"[\\`*{}\[\]&$~|#]|<(?=[A-Za-z/!?])|(?<![^\W_])_|_(?![^\W_])")


def markdown_text(text) -> str:
    """``text`` (from data/, say) as literal Markdown on one line: no emphasis, role, HTML, math or line break."""
    return MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(str(text).splitlines()))


def _escape(text) -> str:
    return markdown_text(fmt.unbreakable_numbers(" ".join(str(text).splitlines())))  # « 1 000 000 $ » on one line


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
    With ``margin``, each cell adds the bounds of its Wilson interval
    (library-wide level): ``94 % (91,3 à 96,0)``. Never ``± x``: the interval
    is not symmetric (:func:`.fmt.interval`).
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
        from .charts import _intervals

        low, high = _intervals(frame, value)
        bounds = frame.assign(_b=[f" ({fmt.number(round(lo, 1), 1)} à {fmt.number(round(hi, 1), 1)})"
                                  for lo, hi in zip(low, high)])
        bounds = bounds.pivot(index=index, columns=columns, values="_b").reindex(index=rows, columns=cols)
        cells = cells.where(bounds.isna(), cells + bounds.fillna(""))
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


_LOG_NOTE = " (échelle logarithmique)"
#: The header of a data table's first column, named after the column its rows come from
#: (an empty header cell leaves screen-reader users without the rows' meaning).
ROW_HEADERS = {"item_label": "Réponse", "segment_label": "Groupe", "technology_label": "Technologie",
               "measure_label": "Mesure", "short": "Cas"}


def _row_header(column: str) -> str:
    return ROW_HEADERS.get(column, "Catégorie")


def chart_data(fig) -> Table:
    """The numbers a chart of :mod:`economie_sociale.charts` shows, as a table.

    Every chart keeps what it drew on its figure (``fig.drawn``); the book
    puts this table one click away from the chart (a dropdown), for readers
    who cannot see the colours or want the exact values. Bars give their
    interval where the chart draws one; ambiguous values carry a dagger.
    """
    drawn = getattr(fig, "drawn", None)
    if drawn is None:
        raise ValueError("this figure was not drawn by economie_sociale.charts, so it has no data to show")
    table = _chart_table(drawn)
    notes = []
    if "mapping" in drawn.frame.columns and drawn.frame["mapping"].eq("ambiguous").any():
        notes.append("† Attribution incertaine : l'étiquette de cette valeur reste incertaine dans le rapport (voir le texte).")
    if drawn.options.get("intervals"):
        level = fmt.pct(drawn.options.get("level", settings.confidence()))
        notes.append(f"Intervalles de confiance à {level} de Wilson, calculés sur la base n de chaque valeur.")
    return replace(table, note=" ".join(notes))


def _chart_table(drawn) -> Table:
    f, c = drawn.frame, drawn.columns
    if drawn.kind == "barh":
        return _bar_table(f, c["label"], c["value"], drawn.options.get("intervals", False),
                          drawn.options.get("level", settings.confidence()))
    if drawn.kind == "stacked_barh":
        return percent_table(f, index=c["row"], columns=c["stack"], value=c["value"], index_name=_row_header(c["row"]))
    if drawn.kind == "paired_barh":
        n_per_series = "n" in f.columns and f.groupby(c["series"])["n"].nunique().le(1).all()
        return percent_table(f, index=c["label"], columns=c["series"], value=c["value"], index_name=_row_header(c["label"]),
                             show_n=bool(n_per_series), margin=drawn.options.get("intervals", False))
    if drawn.kind in ("curve", "scatter_labelled"):
        return _point_table(drawn)
    raise ValueError(f"no table for a chart of kind {drawn.kind!r}")


def _bar_table(frame: pd.DataFrame, label: str, value: str, intervals: bool, level: float) -> Table:
    cells = pd.DataFrame(index=pd.Index(frame[label].astype(str), name=_row_header(label)))
    values = [fmt.pct(v) for v in frame[value].astype(float)]
    if "mapping" in frame.columns:
        values = [v + "\u00a0†" if m == "ambiguous" else v for v, m in zip(values, frame["mapping"])]
    cells["Valeur"] = values
    if "n" in frame.columns and frame["n"].notna().all():
        cells["Base (n)"] = [fmt.number(n) for n in frame["n"]]
    if intervals:
        from .charts import _intervals

        with settings.confidence_level(level):  # the level the chart was drawn at
            low, high = _intervals(frame, value)
        cells[f"Intervalle de confiance à {fmt.pct(level)}"] = [
            f"{fmt.pct(round(lo, 1), 1)} à {fmt.pct(round(hi, 1), 1)}" for lo, hi in zip(low, high)]
    return Table(cells, ("left",) + ("right",) * len(cells.columns))


def _point_table(drawn) -> Table:
    f, c, opts = drawn.frame, drawn.columns, drawn.options
    money = opts.get("money", False)

    def column(values) -> list[str]:  # one decimal for the whole column, or none
        if money:
            return [fmt.dollars(v) for v in values]
        d = 0 if all(float(v).is_integer() for v in values) else 1
        return [fmt.number(round(float(v), d), d) for v in values]

    x_name = opts.get("xlabel", "").replace(_LOG_NOTE, "") or c["x"]
    y_name = opts.get("ylabel", "").replace(_LOG_NOTE, "") or c["y"]
    if "x_low" in c:  # a range is shown as the range, not as its drawn middle
        lows, highs = column(f[c["x_low"]]), column(f[c["x_high"]])
        xs = [lo if lo == hi else f"{lo} à {hi}" for lo, hi in zip(lows, highs)]
    else:
        xs = column(f[c["x"]])
    cells = pd.DataFrame({x_name: xs, y_name: column(f[c["y"]])},
                         index=pd.Index(f[c["label"]].astype(str) if "label" in c else range(1, len(f) + 1),
                                        name=_row_header(c.get("label", ""))))
    return Table(cells, ("left",) + ("right",) * 2)


#: A significance test's verdict (:meth:`.stats.Comparison.verdict`) in a table cell that answers « Significatif ? ».
VERDICT_CELLS = {"significant": "oui", "not_significant": "non", "depends_on_rounding": "selon l’arrondi"}


def _p_cell(p: float, p_min: float, p_max: float, verdict: str) -> str:
    """p in a table cell, with its range over the counts the rounding allows when the verdict depends on it."""
    return fmt.p_value(p) + (f" ({fmt.p_range(p_min, p_max)})" if verdict == "depends_on_rounding" else "")


def comparison_row(claim: str, comparison, versus: str = "reste des répondants", *, group: str | None = None,
                   note: str = "", uncertain: bool = False) -> dict:
    """One row of a table of significance tests (:func:`comparisons_frame`): a gap the report announces, tested.

    ``comparison`` is a :class:`~.stats.Comparison` (its first group against the second). The group's cell
    reads « 77 % (54 sur 70) » (:func:`.fmt.share_of`), unless ``group`` gives it (a printed percentage that
    no count gives: « 47 % (37 ou 38 sur 80) »); the other's reads « reste des répondants : 61 % (204 sur
    333) », ``versus`` naming it. ``uncertain`` marks both with † (values whose attribution is uncertain);
    ``note`` follows the verdict (« , si l'attribution est juste »).
    """
    from .errors import ArgumentError
    from .stats import Comparison

    if not isinstance(claim, str) or not claim:
        raise ArgumentError(f"claim must be the gap the report announces, as text; got {claim!r}")
    if not isinstance(comparison, Comparison):
        raise ArgumentError(f"comparison_row({claim!r}): comparison must be a stats.Comparison (from "
                            f"stats.segment_vs_rest, compare_pct or compare_counts), got {type(comparison).__name__}")
    mark = " †" if uncertain else ""
    group = fmt.share_of(comparison.pct1, comparison.k1, comparison.n1) if group is None else group
    other = f"{versus} : {fmt.share_of(comparison.pct2, comparison.k2, comparison.n2)}"
    return {"claim": claim, "group": group + mark, "other": other + mark, "comparison": comparison, "note": note}


def comparisons_frame(rows, level=None) -> pd.DataFrame:
    """The cells of a table of significance tests, one row per :func:`comparison_row`, for :func:`text_table`.

    Columns: the gap the report announces, the group, what it is compared with, the test (« z » or « exact de
    Fisher »), p (with its range over the counts the rounding allows when the verdict depends on it) and
    « Significatif à 95 % ? » (« oui », « non » or « selon l’arrondi », then the row's note), at ``level``
    (default: the library-wide level of :mod:`.settings`).
    """
    from .errors import ArgumentError, check_level

    level = settings.confidence() if level is None else check_level(level)
    rows = list(rows)
    keys = {"claim", "group", "other", "comparison", "note"}
    bad = [i for i, row in enumerate(rows) if not isinstance(row, dict) or set(row) != keys]
    if bad or not rows:
        raise ArgumentError(f"comparisons_frame expects a list of tables.comparison_row(...) rows; "
                            + (f"row {bad[0]} is {rows[bad[0]]!r}" if bad else "got none"))
    cells = []
    for row in rows:
        t = row["comparison"]
        p = _p_cell(t.p_value, t.p_min, t.p_max, t.verdict(level))
        cells.append((row["claim"], row["group"], row["other"], "z" if t.test == "z" else "exact de Fisher", p,
                      VERDICT_CELLS[t.verdict(level)] + row["note"]))
    return pd.DataFrame(cells, columns=["Écart annoncé par le rapport", "Groupe", "Comparé à", "Test", "p",
                                        f"Significatif à {fmt.pct(level)} ?"])


def comparison_table(tests: pd.DataFrame, groups: dict, label: str = "technology_label",
                     index_name: str = "Technologie", level=None) -> Table:
    """Two groups compared row by row, as the book prints it: each group's percentage with its count
    (« 48 % (41) »), the gap in points, p (its range when the verdict depends on the rounding, « (Fisher) »
    for Fisher's exact test) and the verdict at ``level`` (« oui », « non », « selon l'arrondi »).

    ``tests`` is what :func:`.stats.compare_technologies` returns; ``groups`` maps its two percentage
    columns to their headers (``{"yes": "Avec TI", "no": "Sans TI"}``; counts are read from ``k_yes``,
    ``k_no``); ``label`` names the column of row labels. ``level``: by default the library-wide level.
    """
    from .errors import ArgumentError, UnknownKeyError, check_level

    if not isinstance(groups, dict) or len(groups) != 2:
        raise ArgumentError(f"groups must map the two groups' percentage columns to their headers, e.g. "
                            f"{{'yes': 'Avec TI', 'no': 'Sans TI'}}; got {groups!r}")
    (first, first_header), (second, second_header) = groups.items()
    for column in (label, first, second, f"k_{first}", f"k_{second}", "gap", "p", "test", "comparison"):
        if column not in tests.columns:
            raise UnknownKeyError("column of the comparisons (stats.compare_technologies gives them)", column,
                                  tests.columns)
    level = settings.confidence() if level is None else check_level(level)
    verdicts = [c.verdict(level) for c in tests["comparison"]]
    cells = pd.DataFrame({
        index_name: tests[label].to_numpy(),
        first_header: [f"{fmt.pct(x)} ({k})" for x, k in zip(tests[first], tests[f"k_{first}"])],
        second_header: [f"{fmt.pct(x)} ({k})" for x, k in zip(tests[second], tests[f"k_{second}"])],
        "Écart": [fmt.pct_points(g) for g in tests["gap"]],
        "p": [_p_cell(p, c.p_min, c.p_max, v) + (" (Fisher)" if t == "fisher" else "")
              for p, c, v, t in zip(tests["p"], tests["comparison"], verdicts, tests["test"])],
        f"Significatif à {fmt.pct(level)} ?": [VERDICT_CELLS[v] for v in verdicts],
    })
    return text_table(cells, index=index_name)


def context_table(indicators, no_source: str = "aucune") -> Table:
    """The sector's key figures (``data/context_figures.csv``) as a table: indicator, value as a reader says
    it (:func:`.data.context_text`), year (« — » when none) and the source the report cites.

    ``indicators``: the figures' keys in the order of the rows, as a dict ``{key: row label}`` or a list of
    keys (the data's French labels then name the rows); ``no_source`` fills the source of a figure the
    report cites none for.
    """
    from . import data
    from .errors import ArgumentError

    if isinstance(indicators, str) or not hasattr(indicators, "__iter__"):
        raise ArgumentError(f"indicators must be a dict {{key: row label}} or a list of keys of "
                            f"data/context_figures.csv, got {type(indicators).__name__} {indicators!r}")
    figures = data.load_context_figures().set_index("figure")
    labels = dict(indicators) if isinstance(indicators, dict) else {key: None for key in indicators}
    for key in labels:
        data.context_text(key)  # an unknown key is refused here, with the known ones
    return text_table(pd.DataFrame({
        "Indicateur": [label if label is not None else figures.at[key, "label_fr"] for key, label in labels.items()],
        "Valeur": [data.context_text(key) for key in labels],
        "Année": [data.context_year(key) for key in labels],
        "Source citée par le rapport": [figures.at[key, "cited_source"] if pd.notna(figures.at[key, "cited_source"])
                                        else no_source for key in labels],
    }))



def gap_tests(gaps: pd.DataFrame, index: str = "Énoncé", level=None) -> Table:
    """The table of gaps between groups and the rest of the sample that :func:`.claims.prose_gaps` tests.

    One row per gap: its statement (the first column, headed ``index``), the group and its base, the
    percentage in the group, among the other respondents and in the whole sample, the probability p
    (with its range when the verdict depends on the rounding) and the verdict at ``level`` (in percent;
    the library-wide level by default): « oui », « non » or « selon l’arrondi ».
    """
    from . import book  # book shows tables: imported here, not at the top, where it would import itself back
    from .errors import ArgumentError, check_level

    needed = ["statement", "segment_label", "n", "in_group", "overall", "comparison"]
    missing = [c for c in needed if c not in getattr(gaps, "columns", [])]
    if missing:
        raise ArgumentError(f"gap_tests expects the frame of claims.prose_gaps; it lacks the column(s) "
                            f"{', '.join(missing)}")
    level = settings.confidence() if level is None else check_level(level)
    rows = [{
        index: gap.statement,
        "Groupe": f"{gap.segment_label} (n\u00a0=\u00a0{fmt.number(gap.n)})",
        "Dans le groupe": fmt.pct(gap.in_group),
        "Autres répondants": fmt.pct(round(gap.comparison.pct_rest, 1)),
        "Ensemble": fmt.pct(gap.overall),
        "Probabilité": book.p_value(gap.comparison, level),
        f"Significatif à {fmt.pct(level)} ?": VERDICT_CELLS[gap.comparison.verdict(level)],
    } for gap in gaps.itertuples()]
    return text_table(pd.DataFrame(rows), index=index)


# --------------------------------------------------------------------------
# the data's own tables: the case studies' fact boxes, the files, the report's claims and inconsistencies


def _require_frame(frame, columns: list[str], what: str) -> None:
    from .errors import ArgumentError

    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"expected {what} as a DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ArgumentError(f"{what} lack column(s) {', '.join(missing)}")


_CASE_COLUMNS = ["n", "name", "sector", "employees_min", "employees_max", "volunteers_min", "volunteers_max",
                 "clients_min", "clients_max", "revenue_min", "revenue_max", "it_budget_min", "it_budget_max",
                 "it_budget_share_printed", "it_budget_share_qualifier"]


def _printed_share(value, qualifier) -> str:
    from .data import SHARE_QUALIFIERS

    return "—" if pd.isna(value) else " ".join(w for w in (SHARE_QUALIFIERS[qualifier], fmt.pct(value)) if w)


def _computed_share(budget_low, budget_high, revenue_low, revenue_high) -> str:
    # the smallest share over the largest revenue, the largest over the smallest: a range when either is one
    if pd.isna(budget_low) or pd.isna(revenue_low):
        return "—"
    return fmt.pct_range(100 * budget_low / revenue_high, 100 * budget_high / revenue_low, 1)


def case_facts(cases: pd.DataFrame | None = None) -> Table:
    """The case studies' fact boxes side by side, one row per case, a dash where a box prints nothing.

    ``cases``: rows of :func:`.data.cases` (the default: all thirteen). Columns: the case's
    number, name, sector (the survey's, short: :data:`.data.SECTOR_SHORT_LABELS`), employees,
    volunteers, clients, revenue and IT budget (ranges as printed), the IT budget's share of
    revenue as the box prints it (« environ 2 % ») and as its amounts give it (a range when
    either amount is one).
    """
    from . import data

    cases = data.cases() if cases is None else cases
    _require_frame(cases, _CASE_COLUMNS, "the cases (rows of data.cases())")

    def spans(column: str, money: bool = False) -> list[str]:
        return [fmt.span(a, b, money) for a, b in zip(cases[f"{column}_min"], cases[f"{column}_max"])]

    frame = pd.DataFrame({
        "Cas": cases["n"].astype(str),
        "Entreprise": cases["name"],
        "Secteur (notre classement)": cases["sector"].map(data.SECTOR_SHORT_LABELS),
        "Employés": spans("employees"),
        "Bénévoles": spans("volunteers"),
        "Clients": spans("clients"),
        "Chiffre d'affaires": spans("revenue", True),
        "Budget TI": spans("it_budget", True),
        "Part imprimée": [_printed_share(v, q) for v, q in zip(cases["it_budget_share_printed"],
                                                                 cases["it_budget_share_qualifier"])],
        "Part calculée": [_computed_share(*r) for r in cases[["it_budget_min", "it_budget_max", "revenue_min",
                                                              "revenue_max"]].itertuples(index=False)],
    })
    return text_table(frame)


def case_facts_line(case) -> fmt.Text:
    """A case's fact box in one French sentence: legal form, sector, region, employees, revenue.

    « Coopérative, loisirs, tourisme, culture, Montréal, 12 employés, chiffre d'affaires de
    500 000 $ »: the first line of a case's card, from a row of :func:`.data.cases` (from
    ``itertuples()`` or ``iterrows()``). What the box does not print is left out.
    """
    from . import data
    from .errors import ArgumentError

    try:
        legal_form, sector, region = case.legal_form, case.sector, case.region
        employees, revenue = (case.employees_min, case.employees_max), (case.revenue_min, case.revenue_max)
    except AttributeError as err:
        raise ArgumentError("case_facts_line expects a row of data.cases() (from itertuples() or iterrows()): "
                            f"{err}") from None
    facts = [data.LEGAL_FORM_LABELS[legal_form], data.SECTOR_SHORT_LABELS[sector].lower()]
    if isinstance(region, str):
        facts.append(region)
    if pd.notna(employees[0]):
        facts.append("aucun employé" if employees[1] == 0 else
                     fmt.span(*employees) + (" employé" if employees[1] == 1 else " employés"))
    if pd.notna(revenue[0]):
        facts.append("chiffre d'affaires de " + fmt.span(*revenue, True))
    text = ", ".join(facts)
    return fmt.text(text[0].upper() + text[1:])


def data_files() -> Table:
    """The files of ``data/``: each one's name, what it holds, its number of rows and the function that loads it."""
    from . import data

    files = data.files()
    return text_table(pd.DataFrame({
        "Fichier": files["file"],
        "Contenu": files["description_fr"],
        "Lignes": files["rows"].astype(str),
        "Fonction": files["loader"],
    }))



def significance_claims(recomputed: pd.DataFrame | None = None, hatched: pd.Series | None = None) -> Table:
    """The report's significance claims and their recomputed test, one row per tested claim.

    ``recomputed``: what :func:`.claims.recompute` returns (the default); ``hatched``: which claims
    rest on hatched bars (:func:`.claims.on_hatched_bars`, computed when not given), marked †. A
    claim whose wording rather describes a ranking is marked ‡. « Confirmé » has three states over
    every admissible count and attribution: « oui », « non », or « selon l’arrondi » when only some
    confirm it (and « non » whenever the gap goes the other way); the p-value gives its range when
    the verdict depends on it. « Confirmé (Holm) »: after Holm's correction over all the claims.
    """
    from . import claims, data

    recomputed = claims.recompute() if recomputed is None else recomputed
    _require_frame(recomputed, ["status", "claim", "section", "quote_fr", "wording", "segment", "value", "other_value",
                                "p_value", "p_min", "p_max", "verdict", "direction_ok", "agrees_adjusted"],
                   "the claims (claims.recompute())")
    tested = recomputed[recomputed["status"] == "tested"]
    hatched = claims.on_hatched_bars(tested) if hatched is None else hatched.reindex(tested.index)
    confirmed = ["non" if not ok else VERDICT_CELLS[v] for ok, v in zip(tested["direction_ok"], tested["verdict"])]
    p_shown = [_p_cell(p, lo, hi, v)
               for p, lo, hi, v in zip(tested["p_value"], tested["p_min"], tested["p_max"], tested["verdict"])]
    frame = pd.DataFrame({
        "Section du rapport": tested["section"],
        "Affirmation (extrait)": tested["quote_fr"].map(fmt.quote) + hatched.map({True: "\u00a0†", False: ""})
                                 + tested["wording"].map({"ranking": "\u00a0‡", "difference": ""}),
        "Groupe": tested["segment"].map(data.load_segments().set_index("segment")["label_fr"]),
        "Groupe (%)": tested["value"].map(fmt.pct),
        "Autre (%)": tested["other_value"].map(lambda v: fmt.pct(v, 1)),
        "p": p_shown,
        "Confirmé": confirmed,
        "Confirmé (Holm)": tested["agrees_adjusted"].map({True: "oui", False: "non"}),
    })
    return text_table(frame.reset_index(drop=True))


def findings(found: pd.DataFrame | None = None) -> Table:
    """The report's inconsistencies, one row each: their kind, where, the printed value and what contradicts it.

    ``found``: what :func:`.audit.findings` (the default) or :func:`.audit.detect` returns. The
    kind is :data:`.audit.CHECK_LABELS`', except for a share of the sample that its base
    contradicts (:func:`.audit.is_sample_share`), which is no base.
    """
    from . import audit

    found = audit.findings() if found is None else found
    _require_frame(found, ["check", "key", "where", "value", "evidence"], "the findings (audit.findings())")
    frame = pd.DataFrame({
        "Type": found["check"].map(audit.CHECK_LABELS).where(~audit.is_sample_share(found), audit.SAMPLE_SHARE_LABEL),
        "Où": found["where"].map(fmt.unbreakable_numbers),  # a number never parts from its « % » at a line end
        "Valeur imprimée": found["value"].map(fmt.number),
        "Constat": found["evidence"].map(fmt.unbreakable_numbers),
    })
    return text_table(frame.reset_index(drop=True))
