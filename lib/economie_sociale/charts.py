"""The book's charts: one function per chart kind, one house style.

Each function takes a tidy frame (as returned by
:func:`economie_sociale.data.responses`) and column names, seaborn-style,
draws with matplotlib and returns the ``Axes``, which the caller can still
adjust. The theme is matplotlib's bundled copy of seaborn's "whitegrid":
importing seaborn itself would pull in scipy.stats and nearly double the
wait before a Binder user's first chart. Values whose label the flattened source leaves uncertain
(``mapping == "ambiguous"``) are hatched, with a legend entry saying so.

House style, set for the printed page as much as the screen:

- charts drawn at the PDF's text width (6.5 in) and at most :data:`MAX_HEIGHT`
  tall, so that the PDF prints them at their own size: every word at least
  7.5 pt on paper (``tests/test_build.py`` measures it in the PDF);
- one type family with the book's text: FreeSerif (GNU FreeFont, the PDF's
  body face, complete for French), or DejaVu Serif, which matplotlib ships,
  where FreeSerif is not installed;
- palettes that stay apart for colour-blind readers *and* in greyscale: each
  colour that a chart can set beside another differs from it by at least
  10 in CIE L* (``tests/test_palette.py``); Paul Tol's high-contrast colours
  lead the qualitative palette. A colour under WCAG's 3:1 against white gets a
  dark outline (:func:`edge`), so that every bar is seen twice over;
- interval whiskers with a white halo, visible on a dark bar as on paper;
- long labels wrapped, and cut with « … » past four lines (:func:`_wrap`);
  labelled points placed where their labels overlap nothing (:func:`_place_labels`).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import matplotlib

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from . import fmt, settings
from .errors import ArgumentError, UnknownKeyError, check_count

#: Paul Tol's high-contrast scheme (dark blue, yellow, red), a paler blue, then four more of his colours and
#: black (eight, for the annex explorer's panels): apart for colour-blind readers, and the first four 10 L* or
#: more apart in greyscale (blue 29, yellow 72, red 50, pale blue 62), as a chart's series and levels use them.
PALETTE = ["#004488", "#DDAA33", "#BB5566", "#6699CC", "#997700", "#000000", "#882255", "#88CCEE"]
#: Neutral light grey for "don't know" answers, so that they never read as a result (L* 83).
GREY = "#D0D0D0"
#: For agreement and concern scales: blues for the positive end, oranges for the negative one, a pale
#: beige middle (grey stays for "don't know"). The two ends are not mirror images in lightness, so
#: that « plutôt en accord » and « plutôt en désaccord » differ in greyscale too (L* 21, 38, 94, 73, 59;
#: grey 83).
DIVERGING = ["#08306B", "#1F5C99", "#F4EEDC", "#F0A35E", "#D9702F"]
WIDTH = 6.5  # inches: the PDF's text width (469.75 pt), so that the PDF prints a chart at its own size
MAX_HEIGHT = 7.8  # inches: a page of the PDF with a caption of up to four lines (LaTeX's limit: 0.92 \textheight)
#: Outline of a colour under 3:1 against white (WCAG 1.4.11): 7:1 against white.
OUTLINE = "#595959"
HATCH = "///"
AMBIGUOUS_LABEL = "Attribution incertaine (voir le texte)"
CI_COLOUR = "#333333"


def ci_label(level=None) -> str:
    """The legend of the interval bars: « Intervalle de confiance à 95 % » at the library-wide level."""
    return f"Intervalle de confiance à {fmt.pct(settings.confidence() if level is None else level)}"


def set_style() -> None:
    """Apply the house style to matplotlib (called on import)."""
    plt.style.use("seaborn-v0_8-whitegrid")
    plt.rcParams.update(
        {
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            # the PDF's body face (fonts-freefont-otf); matplotlib's own DejaVu Serif where it is missing
            "font.family": "serif",
            "font.serif": ["FreeSerif", "DejaVu Serif"],
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
            "axes.labelsize": 9.5,
            "xtick.labelsize": 9,
            "ytick.labelsize": 9,
            "legend.fontsize": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "grid.color": "#E5E5E5",
            "hatch.color": "#FFFFFF",
            "hatch.linewidth": 1.2,
            # Labels are full of dollar signs ("100 000 $ et plus"): no mathtext.
            "text.parse_math": False,
            # Legends placed "outside" the axes keep a margin from the figure's edge (the figure is
            # shown as laid out, not cropped again: see book._inline_figures).
            "legend.borderaxespad": 1.0,
            "figure.constrained_layout.w_pad": 0.08,
        }
    )


set_style()

_percent_axis = FuncFormatter(lambda x, _pos: fmt.pct(round(x)))


@dataclass(frozen=True)
class Drawn:
    """What a chart shows, kept on its figure (``fig.drawn``) so that the book can
    offer the same numbers as a table (:func:`economie_sociale.tables.chart_data`)."""

    kind: str  # the chart function's name
    frame: pd.DataFrame  # the rows drawn, in drawing order
    columns: dict[str, str]  # role -> column name (value, label, row, stack, series, x, y...)
    options: dict = field(default_factory=dict)  # e.g. whether intervals were drawn


def _remember(ax: plt.Axes, kind: str, frame: pd.DataFrame, options: dict | None = None, **columns: str) -> None:
    ax.figure.drawn = Drawn(kind, frame.copy(), columns, options or {})


def _require_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame must be a pandas DataFrame (as data.responses() gives), got {type(frame).__name__}")
    for c in columns:
        if c not in frame.columns:
            raise UnknownKeyError("column", c, frame.columns)
    if frame.empty:
        raise ArgumentError("nothing to draw: the frame is empty")


def _require(frame: pd.DataFrame, columns: list[str]) -> None:
    """The columns exist, the first one holds percentages in [0, 100] and ``n``, if there, whole positive counts."""
    _require_columns(frame, columns)
    column = columns[0]
    if not (pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])):
        raise ArgumentError(f"column {column!r} must hold numbers (percentages), got {frame[column].dtype} values "
                            f"such as {frame[column].iloc[0]!r}")
    values = frame[column].astype(float)
    bad = values.isna() | (values < 0) | (values > 100)
    if bad.any():
        i = bad.idxmax()
        raise ArgumentError(f"column {column!r} holds percentages in [0, 100]; row {i!r} has {values[i]:g}")
    if "n" in frame.columns and frame["n"].notna().any():  # bases for the intervals: all rows, whole and positive
        for i, n in frame["n"].items():
            if pd.isna(n):
                raise ArgumentError(f"column 'n' has no base on row {i!r}: give every row its base, or drop the column")
            if not isinstance(n, numbers.Real) or isinstance(n, bool):
                raise ArgumentError(f"column 'n' holds base sizes (whole numbers of respondents); row {i!r} has {n!r}")
            check_count(n, f"column 'n', row {i!r},", positive=True)


def _text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG contrast, :func:`contrast`)."""
    return "black" if contrast(background, "black") >= contrast(background, "white") else "white"


def contrast(a: str, b: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio of two colours (white by default)."""
    from matplotlib.colors import to_rgb

    def luminance(colour):
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def edge(colour: str) -> dict:
    """A bar's outline: :data:`OUTLINE` when ``colour`` is under 3:1 against white (a pale bar), else none."""
    if contrast(colour) < 3:
        return {"edgecolor": OUTLINE, "linewidth": 0.6}
    return {"edgecolor": "none", "linewidth": 0}


#: Longest label, in lines: past it, a label is cut with « … » (the data table gives it whole)
MAX_LINES = 4


def _wrap(label: str, width: int = 38, max_lines: int = MAX_LINES) -> str:
    """``label`` on lines of at most ``width`` characters, cut with « … » after ``max_lines`` lines."""
    import textwrap

    text = fmt.unbreakable_numbers(" ".join(str(label).split()))  # never « Entre 1 000 » / « 000 $ » on two lines
    return "\n".join(textwrap.wrap(text, width, max_lines=max_lines, placeholder=" …")) or text


def _halo(container) -> None:
    """A white halo around interval whiskers: visible on a dark bar as beside it."""
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=2.4, foreground="white")]
    for artist in [*container.lines[1], *container.lines[2]]:
        artist.set_path_effects(halo)


def _ambiguous(frame: pd.DataFrame) -> pd.Series:
    if "mapping" in frame.columns:
        return frame["mapping"].eq("ambiguous").to_numpy()
    return pd.Series(False, index=frame.index).to_numpy()


#: Outline of an uncertain bar: with the hatching, it shows even on a bar of 0 or 1 %, where hatching cannot.
AMBIGUOUS_EDGE = {"edgecolor": "#1A1A1A", "linestyle": (0, (2.5, 1.5)), "linewidth": 0.9}


def _mark_ambiguous(bar) -> None:
    """Hatch a bar whose label is uncertain, and outline it (dashed) so that a thin bar shows it too."""
    bar.set(hatch=HATCH, **AMBIGUOUS_EDGE)


def _ambiguous_handle(facecolor: str) -> Patch:
    return Patch(facecolor=facecolor, hatch=HATCH, label=AMBIGUOUS_LABEL, **AMBIGUOUS_EDGE)


def barh(
    frame: pd.DataFrame,
    value: str = "value",
    label: str = "item_label",
    *,
    title: str | None = None,
    xlabel: str = "Pourcentage des répondants",
    color: str = PALETTE[0],
    ci: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Horizontal bars, one per row of ``frame``, top to bottom in frame order.

    Each bar carries its value in French format; ambiguous values are hatched.
    With ``ci`` and an ``n`` column (as :func:`economie_sociale.data.responses`
    gives), each bar shows its Wilson interval as an error bar, at the
    library-wide confidence level (:mod:`economie_sociale.settings`, 95 %
    unless a chapter's « Paramètres » cell changed it).
    """
    _require(frame, [value, label])
    if frame[label].duplicated().any():
        raise ArgumentError(f"labels must be unique; repeated: {frame.loc[frame[label].duplicated(), label].tolist()}")
    labels = [_wrap(x) for x in frame[label]]
    if ax is None:
        rows = sum(max(0.3, 0.14 * (lab.count("\n") + 1) + 0.08) for lab in labels)
        _, ax = plt.subplots(figsize=(WIDTH, min(MAX_HEIGHT, rows + 1.2)), layout="constrained")
    values = frame[value].astype(float).to_numpy()
    bars = ax.barh(labels, values, color=color, height=0.65, **edge(color))
    ax.invert_yaxis()  # first row on top, as printed
    for bar, amb in zip(bars, _ambiguous(frame)):
        if amb:
            _mark_ambiguous(bar)
    bounds = _intervals(frame, value) if ci else None
    ends = values
    if bounds is not None:
        low, high = bounds
        _halo(ax.errorbar(values, range(len(values)), xerr=[values - low, high - values], fmt="none",
                          ecolor=CI_COLOUR, elinewidth=1, capsize=2.5))
        ax.ci_bounds = bounds
        ends = high
    for y, (v, end) in enumerate(zip(values, ends)):  # the value just past the bar or its interval
        ax.text(end + 1.2, y, fmt.pct(v), va="center", fontsize=8.5)
    ax.set_xlim(0, max(100.0, float(max(ends)) * 1.12))
    ax.xaxis.set_major_formatter(_percent_axis)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title, loc="left")
    handles = []
    if bounds is not None:
        handles.append(Line2D([], [], color=CI_COLOUR, marker="|", markersize=7, linewidth=1, label=ci_label()))
    if _ambiguous(frame).any():
        handles.append(_ambiguous_handle(color))
    if handles:  # below the axes, where it can never hide a bar
        ax.figure.legend(handles=handles, loc="outside lower left", frameon=False, ncols=len(handles))
    _remember(ax, "barh", frame, {"intervals": bounds is not None, "level": settings.confidence()}, value=value, label=label)
    return ax


def _intervals(frame: pd.DataFrame, value: str):
    """Wilson bounds (library-wide level) of each row's percentage over its ``n``, or None without an ``n`` column.

    The survey is unweighted, so each percentage is a whole count over n; a
    printed value no count can produce (a report error) uses the nearest count.
    """
    if "n" not in frame.columns or frame["n"].isna().any():
        return None
    from . import audit, stats

    low, high = [], []
    for v, n in zip(frame[value].astype(float), frame["n"].astype(int)):
        k = stats.count(v, n) if audit.reachable(v, n) else round(v * n / 100)
        lo, hi = stats.wilson(k, n)
        low.append(lo)
        high.append(hi)
    import numpy as np

    return np.array(low), np.array(high)


def stacked_barh(
    frame: pd.DataFrame,
    value: str = "value",
    row: str = "segment_label",
    stack: str = "level_label",
    *,
    title: str | None = None,
    xlabel: str = "Pourcentage des répondants",
    grey_last: bool | None = None,
    palette: str | list[str] = "qualitative",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """100 % stacked horizontal bars: one bar per ``row``, one segment per ``stack`` level.

    Rows and levels keep the order in which they first appear in ``frame``.
    "Don't know" answers (level key ``dont_know``) are grey; with
    ``grey_last=True`` the last level is grey whatever its key, with
    ``False`` none is. ``palette`` is ``"qualitative"`` (Okabe-Ito),
    ``"diverging"`` (for agreement and concern scales) or a list of colours.
    Segments wide enough carry their value; ambiguous ones are hatched.

    Rounded percentages of a row may add up to 101 %: such a bar is drawn
    *scaled to 100 %* (each segment's length is its value over the row's sum),
    never past the axis; the labels and the chart's data keep the printed
    values, and the axis title says that bars were scaled. A row under 100 %
    is drawn as printed: its gap is what the report left out (« ne sait pas »). A segment of 0 %
    draws nothing (no hairline); the last segment, when too narrow for its value,
    has it printed past the bar's end, framed with the dashed outline of uncertain
    values when its label is uncertain.
    """
    _require(frame, [value, row, stack])
    if frame.duplicated([row, stack]).any():
        raise ArgumentError(f"each ({row}, {stack}) pair must appear once")
    sums = frame.groupby(row, sort=False)[value].agg(["sum", "size"])
    over = sums[sums["sum"] > 100 + 0.5 * sums["size"]]  # rounding lifts a total by at most half a point per value
    if len(over):
        name, x = next(iter(over.iterrows()))
        raise ArgumentError(
            f"stacked_barh draws 100 % bars, but row {name!r} sums to {x['sum']:g} % over its {int(x['size'])} values "
            f"(rounding allows at most {100 + 0.5 * x['size']:g}): are two questions or segments mixed in the frame?")
    rows = list(dict.fromkeys(frame[row]))
    levels = list(dict.fromkeys(frame[stack]))
    if grey_last is None and "level" in frame.columns:
        keys = frame.drop_duplicates(stack).set_index(stack)["level"]
        grey = [keys[lv] == "dont_know" for lv in levels]
    else:
        grey = [bool(grey_last) and len(levels) > 2 and i == len(levels) - 1 for i in range(len(levels))]
    base = {"qualitative": PALETTE, "diverging": DIVERGING}.get(palette, palette) if isinstance(palette, str) else palette
    if palette == "diverging" and (len(levels) - sum(grey)) % 2 == 0:
        base = DIVERGING[:2] + DIVERGING[3:]  # an even scale has no neutral middle
    if isinstance(base, str):
        raise ArgumentError(f"palette must be 'qualitative', 'diverging' or a list of colours, got {palette!r}")
    if len(levels) - sum(grey) > len(base):
        raise ArgumentError(f"stacked_barh has {len(base)} colours for {len(levels) - sum(grey)} levels: {levels}")
    coloured = iter(base)
    colors = [GREY if g else next(coloured) for g in grey]
    ylabels = [_wrap(r, 44) for r in rows]
    if ax is None:
        lines = max(label.count("\n") + 1 for label in ylabels)
        height = len(rows) * (0.14 * lines + 0.3) + 1.5
        _, ax = plt.subplots(figsize=(WIDTH, min(MAX_HEIGHT, height)), layout="constrained")
    amb = pd.Series(_ambiguous(frame), index=frame.index)
    totals = frame.groupby(row, sort=False)[value].sum().reindex(rows).astype(float)
    # a row past 100 % (rounding) is drawn scaled to 100 %; one under it keeps its gap (an unprinted « ne sait pas »)
    scale = 100.0 / totals.where(totals > 100, 100.0)
    scaled = bool((totals.round(6) > 100).any())
    left = pd.Series(0.0, index=rows)
    for index, (level, color) in enumerate(zip(levels, colors)):
        part = frame[frame[stack] == level].set_index(row)
        printed = part[value].reindex(rows).fillna(0).astype(float)
        widths = printed * scale
        hatched = amb[frame[stack] == level].set_axis(part.index).reindex(rows).fillna(False).astype(bool)
        bars = ax.barh(ylabels, widths.to_numpy(), left=left.to_numpy(), color=color, height=0.65, label=level,
                       **edge(color))
        last = index == len(levels) - 1
        for bar, h, w in zip(bars, hatched, widths):
            if h:
                _mark_ambiguous(bar)
            if w < 2 and (last or not h):
                bar.set_linewidth(0)  # an outline would only draw a hairline (a narrow last value is framed below)
        text = [fmt.pct(v) if w >= 7 else "" for v, w in zip(printed, widths)]  # narrower segments cannot hold a label
        shown = ax.bar_label(bars, labels=text, label_type="center", fontsize=8.5, color=_text_colour(color))
        for label_text, h in zip(shown, hatched):
            if h:  # the hatching would run through the figures: they sit on a plain patch of the bar's colour
                label_text.set_bbox({"facecolor": color, "edgecolor": "none", "pad": 1.2})
        if last:  # a narrow last segment: its value just past the bar's end, framed as uncertain bars are
            for y, (v, w, h) in enumerate(zip(printed, widths, hatched)):
                if w < 7:
                    box = {"facecolor": "white", "boxstyle": "square,pad=0.25", **AMBIGUOUS_EDGE} if h else None
                    ax.text(101.5, y, fmt.pct(v), va="center", fontsize=8, bbox=box)
        left += widths
    ax.invert_yaxis()
    ax.set_xlim(0, 108)  # room past 100 % for a narrow last segment's value
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.set_major_formatter(_percent_axis)
    if scaled:
        xlabel = f"{xlabel}\n(valeurs arrondies du rapport\u202f; barres ramenées à {fmt.pct(100)})"
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    # plain swatches: a legend taken from the bars would copy the first bar's hatching
    handles = [Patch(facecolor=c, label=lv, **edge(c)) for lv, c in zip(levels, colors)]
    labels = list(levels)
    if amb.any():
        handles.append(_ambiguous_handle(GREY))
        labels.append(AMBIGUOUS_LABEL)
    # a figure legend placed "outside": constrained layout makes room for it
    ax.figure.legend(handles, labels, loc="outside lower center",
                     ncols=min(2 if max(map(len, labels)) > 22 else 3, len(labels)), frameon=False)
    if title:
        ax.set_title(title, loc="left")
    _remember(ax, "stacked_barh", frame, {"scaled_to_100": scaled}, value=value, row=row, stack=stack)
    return ax


def paired_barh(
    frame: pd.DataFrame,
    value: str = "value",
    label: str = "technology_label",
    series: str = "measure_label",
    *,
    title: str | None = None,
    xlabel: str = "Pourcentage des répondants",
    ci: bool = True,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Grouped horizontal bars: for each ``label`` (top to bottom in frame order),
    one bar per ``series`` (e.g. current use and planned investment, or two segments).

    Each bar carries its value; ambiguous values are hatched; with ``ci`` and
    an ``n`` column, each bar shows its Wilson interval at the library-wide level.
    """
    _require(frame, [value, label, series])
    if frame.duplicated([label, series]).any():
        raise ArgumentError(f"each ({label}, {series}) pair must appear once")
    labels = list(dict.fromkeys(frame[label]))
    names = list(dict.fromkeys(frame[series]))
    if len(names) > len(PALETTE):  # one colour per series: more would silently drop bars
        raise ArgumentError(f"paired_barh draws at most {len(PALETTE)} series, got {len(names)}: {names}")
    ticks = [_wrap(x, 42) for x in labels]
    if ax is None:
        # a slot of 0.15 in (10.8 pt) per bar holds its 8 pt value; a group at least as tall as its label
        group = sum(max(0.15 * (len(names) + 0.35), 0.13 * (t.count("\n") + 1) + 0.06) for t in ticks)
        _, ax = plt.subplots(figsize=(WIDTH, min(MAX_HEIGHT, group + 1.3)), layout="constrained")
    height = 0.8 / len(names)
    amb = pd.Series(_ambiguous(frame), index=frame.index)
    intervals_drawn = False
    for i, (name, color) in enumerate(zip(names, PALETTE)):
        part = frame[frame[series] == name].set_index(label)
        widths = part[value].reindex(labels).astype(float)
        hatched = amb[frame[series] == name].set_axis(part.index).reindex(labels).fillna(False).astype(bool)
        positions = [j + (i - (len(names) - 1) / 2) * height for j in range(len(labels))]
        bars = ax.barh(positions, widths.fillna(0).to_numpy(), height=height * 0.92, color=color, label=name,
                       **edge(color))
        for bar, h in zip(bars, hatched):
            if h:
                _mark_ambiguous(bar)
        ends = widths.to_numpy()
        ordered = part.reindex(labels).dropna(subset=[value]).reset_index()
        bounds = _intervals(ordered, value) if ci else None
        if bounds is not None:
            present = [j for j, w in enumerate(widths) if not pd.isna(w)]
            low, high = bounds
            vals = widths.dropna().to_numpy()
            _halo(ax.errorbar(vals, [positions[j] for j in present], xerr=[vals - low, high - vals], fmt="none",
                              ecolor=CI_COLOUR, elinewidth=0.8, capsize=1.8))
            ends = ends.copy()
            ends[present] = high
            intervals_drawn = True
        for pos, w, end in zip(positions, widths, ends):
            if not pd.isna(w):
                ax.text(end + 1, pos, fmt.pct(w), va="center", fontsize=8)
    ax.set_yticks(range(len(labels)), ticks)
    ax.invert_yaxis()
    ax.set_xlim(0, 100 * 1.12)
    ax.xaxis.set_major_formatter(_percent_axis)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=c, label=name, **edge(c)) for name, c in zip(names, PALETTE)]  # never hatched
    texts = list(names)
    if intervals_drawn:
        handles.append(Line2D([], [], color=CI_COLOUR, marker="|", markersize=7, linewidth=1, label=ci_label()))
        texts.append(ci_label())
    if amb.any():
        handles.append(_ambiguous_handle(GREY))
        texts.append(AMBIGUOUS_LABEL)
    longest = max(map(len, texts))
    ax.figure.legend(handles, texts, loc="outside upper center", frameon=False,
                     ncols=1 if longest > 40 else 2 if longest > 24 else min(3, len(texts)))
    if title:
        ax.set_title(title, loc="left")
    _remember(ax, "paired_barh", frame, {"intervals": intervals_drawn, "level": settings.confidence()},
              value=value, label=label, series=series)
    return ax


def curve(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    points: pd.DataFrame | None = None,
    point_label: str = "label",
    xlabel: str = "",
    ylabel: str = "",
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """A line (``frame[x]`` against ``frame[y]``) with optional labelled points on it."""
    _require_columns(frame, [x, y])
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDTH, 4.2), layout="constrained")
    ax.plot(frame[x], frame[y], color=PALETTE[0], linewidth=2)
    if points is not None:
        _require_columns(points, [x, y, point_label])
        ax.scatter(points[x], points[y], color=PALETTE[5], zorder=3, s=28)
        _place_labels(ax, points[x], points[y], [_wrap(t, 22, max_lines=4) for t in points[point_label]])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    french = FuncFormatter(lambda v, _pos: fmt.number(round(v, 1)))
    ax.xaxis.set_major_formatter(french)
    ax.yaxis.set_major_formatter(french)
    if title:
        ax.set_title(title, loc="left")
    # the labelled points are what a reader looks up; the line itself is a formula
    if points is not None:
        _remember(ax, "curve", points, {"xlabel": xlabel, "ylabel": ylabel}, x=x, y=y, label=point_label)
    else:
        _remember(ax, "curve", frame, {"xlabel": xlabel, "ylabel": ylabel}, x=x, y=y)
    return ax


def scatter_labelled(
    frame: pd.DataFrame,
    x: str,
    y: str,
    label: str,
    *,
    x_range: tuple[str, str] | None = None,
    log: bool = True,
    xlabel: str = "",
    ylabel: str = "",
    money: bool = True,
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Points labelled by name (e.g. one per case study), on log scales by default.

    ``x_range`` names (low, high) columns drawn as a horizontal bar when a
    value is a range; ``money`` formats the axes as French dollar amounts.
    """
    _require_columns(frame, [x, y, label])
    if (frame[[x, y]] <= 0).any().any() and log:
        raise ArgumentError("log scales need positive values")
    if ax is None:
        _, ax = plt.subplots(figsize=(WIDTH, 5.2), layout="constrained")
    if x_range:
        low, high = frame[x_range[0]], frame[x_range[1]]
        ax.hlines(frame[y], low, high, color=PALETTE[0], linewidth=2, alpha=0.6)
    ax.scatter(frame[x], frame[y], color=PALETTE[0], s=36, zorder=3)
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    _place_labels(ax, frame[x], frame[y], [_wrap(t, 26, max_lines=4) for t in frame[label]])
    tick = FuncFormatter(lambda v, _pos: fmt.dollars(v) if money else fmt.number(v))
    ax.xaxis.set_major_formatter(tick)
    ax.yaxis.set_major_formatter(tick)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, loc="left")
    ranges = {"x_low": x_range[0], "x_high": x_range[1]} if x_range else {}
    _remember(ax, "scatter_labelled", frame, {"money": money, "xlabel": xlabel, "ylabel": ylabel},
              x=x, y=y, label=label, **ranges)
    return ax


#: Where a point's label may go, in points from the point, tried in this order (x, y, horizontal alignment)
_SPOTS = [(6, 4, "left"), (6, -6, "left"), (0, 8, "center"), (0, -8, "center"), (-7, 0, "right"), (-6, 4, "right"),
          (-6, -6, "right"), (8, 16, "left"), (-8, 16, "right"), (8, -18, "left"), (-8, -18, "right")]


def _place_labels(ax: plt.Axes, xs, ys, texts: list[str], fontsize: float = 8) -> list:
    """Label each point (xs[i], ys[i]) at the first of :data:`_SPOTS` where its text overlaps
    no label already placed, no point and stays inside the axes (the first spot if none is free)."""
    fig = ax.figure
    fig.canvas.draw()  # the layout (constrained) sets the axes' final place
    renderer = fig.canvas.get_renderer()
    points = [ax.transData.transform((px, py)) for px, py in zip(xs, ys)]
    dots = [(px - 4, py - 4, px + 4, py + 4) for px, py in points]
    frame = ax.get_window_extent(renderer)
    taken, placed = [], []

    def overlaps(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    for i, ((px, py), text) in enumerate(zip(zip(xs, ys), texts)):
        chosen = None
        for dx, dy, ha in _SPOTS:
            note = ax.annotate(text, (px, py), textcoords="offset points", xytext=(dx, dy), ha=ha,
                               va="bottom" if dy > 0 else "top" if dy < 0 else "center", fontsize=fontsize)
            box = note.get_window_extent(renderer)
            box = (box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1)
            inside = box[0] >= frame.x0 and box[2] <= frame.x1 and box[1] >= frame.y0 and box[3] <= frame.y1
            free = inside and not any(overlaps(box, other) for other in taken) and \
                not any(overlaps(box, dot) for j, dot in enumerate(dots) if j != i)
            if free or chosen is None:
                if chosen is not None:
                    chosen[0].remove()
                chosen = (note, box)
                if free:
                    break
            else:
                note.remove()
        taken.append(chosen[1])
        placed.append(chosen[0])
    return placed


def bar_values(ax: plt.Axes) -> list[float]:
    """The widths of the bars drawn on ``ax``, in drawing order (for tests)."""
    return [round(float(p.get_width()), 6) for p in ax.patches if hasattr(p, "get_width") and p.get_label() != AMBIGUOUS_LABEL]


def is_hatched(ax: plt.Axes) -> list[bool]:
    """Whether each bar on ``ax`` is hatched, in drawing order (for tests)."""
    return [bool(p.get_hatch()) for p in ax.patches]


def group_labels(segments, dimensions: dict, *, abbreviate=("sector",)) -> dict:
    """Bar labels that name each group's dimension and its base, for a chart of groups of several dimensions.

    ``segments``: the groups' keys (a frame's ``segment`` column will do; repeats are dropped).
    ``dimensions``: each dimension's name in the labels, in the order the bars follow, e.g.
    ``{"total": "Ensemble", "size": "Taille", "sector": "Secteur"}``; within a dimension, groups keep
    the data's order. Labels read « Taille : moins de 5 employés (n = 190) », the total's « Ensemble
    (n = 403) »; a label of a dimension in ``abbreviate`` keeps its first element (« Secteur : loisirs… »),
    the full names being too long for a chart. Returns ``{segment key: label}`` in bar order::

        labels = charts.group_labels(data.responses("sells_online")["segment"], dimensions)
        frame = data.responses("sells_online", segments=list(labels))
        charts.barh(frame.assign(label=frame["segment"].map(labels)), label="label")
    """
    from . import data
    from .errors import as_keys

    if not isinstance(dimensions, dict) or not dimensions or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in dimensions.items()):
        raise ArgumentError(f"dimensions must map each dimension's key to its name in the labels "
                            f"({{'size': 'Taille', ...}}), got {dimensions!r}")
    abbreviate = [abbreviate] if isinstance(abbreviate, str) else list(abbreviate)
    seg = data.load_segments()
    known_dimensions = list(dict.fromkeys(seg["dimension"]))
    for dimension in dimensions:
        if dimension not in known_dimensions:
            raise UnknownKeyError("segment dimension", dimension, known_dimensions)
    if segments is None:
        raise ArgumentError("segments must name the chart's groups (a frame's 'segment' column will do), got None")
    keys = list(dict.fromkeys(as_keys(segments, "segments")))
    known = set(seg["segment"])
    for key in keys:
        if key not in known:
            raise UnknownKeyError("segment", key, known)
    groups = seg[seg["segment"].isin(keys)]
    outside = groups.loc[~groups["dimension"].isin(list(dimensions)), ["segment", "dimension"]]
    if len(outside):
        key, dimension = outside.iloc[0]
        raise ArgumentError(f"segment {key!r} belongs to dimension {dimension!r}, which dimensions does not name "
                            f"(it names {', '.join(dimensions)})")
    groups = groups.assign(rank=groups["dimension"].map(list(dimensions).index)).sort_values(["rank", "order"])
    labels = {}
    for group in groups.itertuples():
        name = group.label_fr
        if group.dimension in abbreviate and "," in name:
            name = name.split(",")[0] + "…"
        base = f"(n\u00a0=\u00a0{fmt.number(group.n)})"
        labels[group.segment] = (f"{dimensions['total']} {base}" if group.dimension == "total"
                                 else f"{dimensions[group.dimension]} : {name[0].lower()}{name[1:]} {base}")
    return labels


def share_lines(ax: plt.Axes, shares, x_span: tuple[float, float], label: str = "y = {} de x",
                styles=(":", "--", "-.", (0, (5, 1, 1, 1)))) -> list:
    """Grey guide lines y = share × x across ``x_span``, one per share (in percent), under the points.

    On a scatter of two amounts (:func:`scatter_labelled`: an IT budget against revenue, say) they
    show where constant shares lie: ``share_lines(ax, [1, 10], (2e4, 1e7), "Budget TI = {} du
    chiffre d'affaires")``. ``label`` is each line's legend entry, ``{}`` standing for the share
    (« 1 % »); ``styles`` gives the lines' dash styles, in order. Returns the lines drawn.
    """
    from .errors import check_number

    if isinstance(shares, (str, bytes)) or not hasattr(shares, "__iter__"):
        raise ArgumentError(f"shares must be a list of percentages (e.g. [1, 10]), got {shares!r}")
    shares = [check_number(s, "share") for s in shares]
    if any(s <= 0 for s in shares):
        raise ArgumentError(f"shares are percentages above 0 (e.g. [1, 10]), got {shares!r}")
    if len(shares) > len(styles):
        raise ArgumentError(f"{len(shares)} shares but {len(styles)} line styles: pass styles= with one per share")
    try:
        left, right = (check_number(x, "x_span") for x in x_span)
    except (TypeError, ValueError):
        raise ArgumentError(f"x_span must be the two ends of the lines on the x axis, got {x_span!r}") from None
    lines = []
    for share, style in zip(shares, styles):
        lines += ax.plot([left, right], [share / 100 * left, share / 100 * right], color=GREY, linestyle=style,
                         linewidth=1, zorder=1, label=label.format(fmt.pct(share)))
    return lines


def labels_to_left(ax: plt.Axes, names, offset: tuple[float, float] = (-7, 5)) -> list:
    """Put the named point labels on the left of their point (``offset`` in points, right-aligned).

    For a label of :func:`scatter_labelled` or :func:`curve` that would run into a neighbour's point:
    ``labels_to_left(ax, ["UTILE", "Le Grand Costumier"])``. Returns the labels moved.
    """
    names = [names] if isinstance(names, str) else list(names)
    moved = [label for label in ax.texts if label.get_text() in names]
    missing = [n for n in names if n not in {label.get_text() for label in moved}]
    if missing:
        raise ArgumentError(f"no point label {', '.join(repr(n) for n in missing)} on this chart; its labels: "
                            f"{', '.join(repr(t.get_text()) for t in ax.texts)}")
    for label in moved:
        label.set_horizontalalignment("right")
        label.xyann = offset
    return moved
