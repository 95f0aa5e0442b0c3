"""Chart helpers draw exactly the data, in printed order, and refuse bad frames."""

from __future__ import annotations

import pandas as pd
import pytest

from economie_sociale.errors import EconomieSocialeError
from economie_sociale import charts, data, fmt, tables


def test_barh_draws_the_values_in_printed_order():
    frame = data.responses("it_investment")
    ax = charts.barh(frame)
    assert charts.bar_values(ax)[: len(frame)] == frame["value"].tolist()
    # top to bottom as printed: first row of the frame is the top label
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    # as printed, with no-break spaces inside the amounts (« 5\u00a0000\u00a0$ »: never split across two lines)
    assert [label.replace("\u00a0", " ") for label in labels] == frame["item_label"].tolist()
    assert "5\u00a0000\u00a0$" in labels[-1]
    assert labels[0] == "Ne sait pas" and labels[-1] == "Moins de 5\u00a0000\u00a0$"


def test_barh_hatches_exactly_the_ambiguous_values():
    frame = data.responses("revenue")
    ax = charts.barh(frame)
    hatched = charts.is_hatched(ax)[: len(frame)]
    assert hatched == (frame["mapping"] == "ambiguous").tolist()
    assert hatched.count(True) == 6
    legend = [t.get_text() for t in ax.figure.legends[0].get_texts()]
    assert legend == [charts.ci_label(), charts.AMBIGUOUS_LABEL]


def test_uncertain_bars_are_outlined_so_that_thin_ones_show_it_too():
    """Hatching is invisible on a 0-1 % sliver: every uncertain bar also has a dark dashed outline."""
    from matplotlib.colors import to_hex

    frame = data.responses("revenue")
    ax = charts.barh(frame)
    for bar, amb in zip(ax.patches, frame["mapping"].eq("ambiguous")):
        outlined = to_hex(bar.get_edgecolor()) == charts.AMBIGUOUS_EDGE["edgecolor"].lower() and bar.get_linewidth() > 0.5
        assert outlined == amb and bool(bar.get_hatch()) == amb, (bar.get_y(), amb)
    key = ax.figure.legends[0].get_patches()[-1]
    assert key.get_hatch() and to_hex(key.get_edgecolor()) == charts.AMBIGUOUS_EDGE["edgecolor"].lower()


def test_figures_on_hatched_segments_sit_on_a_plain_patch():
    """White figures on a hatched segment would be crossed by its white hatching: they get an opaque background."""
    from matplotlib.colors import to_hex

    frame = data.responses("business_concerns")
    ax = charts.stacked_barh(frame, row="item_label", palette="diverging")
    hatched_labels = plain_labels = 0
    bars = [bar for container in ax.containers for bar in container]  # bar_label made one text per bar, in order
    assert len(bars) == len(ax.texts)
    for bar, text in zip(bars, ax.texts):
        if not text.get_text():
            continue
        box = text.get_bbox_patch()
        if bar.get_hatch():
            hatched_labels += 1
            assert box is not None and to_hex(box.get_facecolor()) == to_hex(bar.get_facecolor()), text.get_text()
        else:
            plain_labels += 1
            assert box is None, text.get_text()
    assert hatched_labels >= 10 and plain_labels >= 10, (hatched_labels, plain_labels)


def test_barh_labels_bars_in_french():
    ax = charts.barh(data.responses("revenue"))
    texts = [t.get_text() for t in ax.texts]
    assert "30\u00a0%" in texts and "18\u00a0%" in texts


def test_stacked_barh_segments_and_sums():
    frame = data.responses("it_person")
    ax = charts.stacked_barh(frame)
    widths = charts.bar_values(ax)
    # drawn level by level (yes, no, don't know), each across the three rows; the rows' printed values add
    # up to 100, 99 and 101 %: the last bar is drawn scaled to 100 % (Figure 2.2 ran past the axis); the others
    # as printed (a row under 100 % keeps its gap: what the report did not print)
    printed = [[21, 15, 24], [78, 84, 76], [1, 0, 1]]
    scale = [1, 1, 100 / 101]
    for level, values in enumerate(printed):
        assert widths[3 * level:3 * level + 3] == [round(v * k, 6) for v, k in zip(values, scale)]
    assert [round(sum(widths[row::3]), 6) for row in range(3)] == [100, 99, 100]
    assert ax.get_xlim()[1] > 100 and max(ax.get_xticks()) == 100
    assert ax.get_xlabel().endswith(f"(valeurs arrondies du rapport\u202f; barres ramenées à {fmt.pct(100)})")
    assert ax.figure.drawn.frame["value"].tolist() == frame["value"].tolist()  # the data keep the printed values
    # the printed values label the segments: wide ones inside, the narrow last ones past the bar's end
    texts = [t.get_text() for t in ax.texts if t.get_text()]
    assert texts == [fmt.pct(v) for v in [21, 15, 24, 78, 84, 76, 1, 0, 1]]
    # no hairline at the bars' ends: the narrow last segments draw no outline; the uncertain ones' values
    # (« ne sait pas » of the two revenue classes) are framed with the dashed outline instead
    assert [bar.get_linewidth() for bar in ax.patches[6:9]] == [0, 0, 0]
    framed = [t.get_text() for t in ax.texts if t.get_bbox_patch() is not None and t.get_position()[0] > 100]
    assert framed == [fmt.pct(0), fmt.pct(1)]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["Total", "Moins de 100\u00a0000\u00a0$", "100\u00a0000\u00a0$ et plus"]  # amounts never split


def test_percent_axis_is_french():
    ax = charts.barh(data.responses("revenue"))
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "20\u00a0%" in ticks and "100\u00a0%" in ticks


def _frame(**columns):
    return pd.DataFrame({"item_label": ["a", "b"], **columns})


@pytest.mark.parametrize(
    "frame, message",
    [
        (_frame(value=[10, 120]), "column 'value' holds percentages in [0, 100]; row 1 has 120"),
        (_frame(value=[10, -1]), "column 'value' holds percentages in [0, 100]; row 1 has -1"),
        (_frame(value=["x", 1]), "column 'value' must hold numbers (percentages), got object values such as 'x'"),
        (pd.DataFrame({"value": [], "item_label": []}), "nothing to draw: the frame is empty"),
        (pd.DataFrame({"valeur": [10], "item_label": ["a"]}), "unknown column 'value' (did you mean 'valeur'?); known: item_label, valeur"),
        (pd.DataFrame({"value": [10, 20], "item_label": ["a", "a"]}), "labels must be unique; repeated: ['a']"),
        ([10, 20], "frame must be a pandas DataFrame (as data.responses() gives), got list"),
        # issue 12: bases that cannot be bases no longer draw intervals
        (_frame(value=[10, 20], n=[3.7, 10]), "column 'n', row 0, must be a whole count of respondents, got 3.7"),
        (_frame(value=[10, 20], n=["403", "403"]), "column 'n' holds base sizes (whole numbers of respondents); row 0 has '403'"),
        (_frame(value=[10, 20], n=[0, 403]), "column 'n', row 0, must be a positive count, got 0"),
        (_frame(value=[10, 20], n=[403, None]), "column 'n' has no base on row 1: give every row its base, or drop the column"),
    ],
)
def test_barh_refuses_bad_frames(frame, message):
    with pytest.raises(EconomieSocialeError) as err:
        charts.barh(frame)
    assert str(err.value) == message


def test_stacked_bars_cannot_sum_far_above_100():
    # two segments mixed under one row label: 225 % drawn as one "100 %" bar, until issue 12
    frame = pd.DataFrame({"segment_label": ["Total"] * 3, "level_label": ["Oui", "Non", "NSP"], "value": [90.0, 80.0, 55.0]})
    with pytest.raises(EconomieSocialeError) as err:
        charts.stacked_barh(frame)
    assert str(err.value) == ("stacked_barh draws 100 % bars, but row 'Total' sums to 225 % over its 3 values "
                              "(rounding allows at most 101.5): are two questions or segments mixed in the frame?")
    frame["value"] = [50.0, 30.0, 21.0]  # 101 %: rounding, drawn scaled to 100 %
    assert charts.bar_values(charts.stacked_barh(frame)) == [round(v * 100 / 101, 6) for v in (50, 30, 21)]


def test_table1_as_markdown():
    t = tables.percent_table(data.responses("respondent_sector"), index_name="Secteur", show_n=True)
    md = t.to_markdown().splitlines()
    assert md[0].startswith("| Secteur | Total (n\u00a0=\u00a0403) | Moins de 5 employés (n\u00a0=\u00a0190)")
    assert md[4] == "| Services à la personne, santé et services sociaux | 30\u00a0% | 13\u00a0% | 41\u00a0% | 56\u00a0% |"
    assert len(md) == 2 + 8


def test_table_marks_ambiguous_values():
    t = tables.percent_table(data.responses("revenue"))
    cells = t.frame.iloc[:, 0].tolist()
    assert cells[-1] == "30\u00a0%"  # certain
    assert all(c.endswith("†") for c in cells[:-1])


def test_barh_draws_95_percent_wilson_intervals():
    from economie_sociale import stats

    frame = data.responses("it_investment")
    ax = charts.barh(frame)
    low, high = ax.ci_bounds
    k = stats.count(49, 403)  # "moins de 5 000 $": 49 % of 403
    first = frame.index[frame["item"] == "inv_lt5k"][0]
    assert (low[first], high[first]) == pytest.approx(stats.wilson(k, 403))
    assert (low <= frame["value"].to_numpy()).all() and (frame["value"].to_numpy() <= high).all()
    # the error bars drawn are those bounds
    segments = ax.collections[0].get_segments()
    assert [tuple(seg[:, 0]) for seg in segments][first] == pytest.approx((low[first], high[first]))


def test_intervals_can_be_turned_off_and_need_a_base():
    ax = charts.barh(data.responses("revenue"), ci=False)
    assert not hasattr(ax, "ci_bounds")
    frame = data.responses("revenue").drop(columns="n")
    assert not hasattr(charts.barh(frame), "ci_bounds")


def test_table_margins_of_error():
    t = tables.percent_table(data.responses("respondent_size"), margin=True)
    cells = t.frame.iloc[:, 0].tolist()
    assert cells[0].startswith("47\u00a0% (")  # the interval's bounds, never « ± »: Wilson's is not symmetric
    assert "±" not in "".join(t.frame.stack().tolist())


def test_diverging_scales_and_grey_dont_know():
    from matplotlib.colors import to_hex

    def colours(ax, n_rows):
        return [to_hex(p.get_facecolor()) for p in ax.patches][::n_rows]

    five = data.responses("perceptions")
    ax = charts.stacked_barh(five, row="item_label", stack="level_label", palette="diverging")
    assert colours(ax, five["item"].nunique()) == [c.lower() for c in charts.DIVERGING]
    four = data.responses("business_concerns")
    ax = charts.stacked_barh(four, row="item_label", stack="level_label", palette="diverging")
    assert colours(ax, four["item"].nunique()) == [c.lower() for c in charts.DIVERGING[:2] + charts.DIVERGING[3:]]
    it = data.responses("it_person")  # yes / no / don't know: only "don't know" is grey
    ax = charts.stacked_barh(it)
    assert colours(ax, 3) == [charts.PALETTE[0].lower(), charts.PALETTE[1].lower(), charts.GREY.lower()]


def test_legend_swatches_are_never_hatched_except_the_ambiguity_key():
    ax = charts.stacked_barh(data.responses("business_concerns"), row="item_label", stack="level_label", palette="diverging")
    legend = ax.figure.legends[0]
    hatches = {t.get_text(): bool(h.get_hatch()) for t, h in zip(legend.get_texts(), legend.legend_handles)}
    assert hatches.pop(charts.AMBIGUOUS_LABEL) is True
    assert not any(hatches.values())


def _rows(table) -> list[list[str]]:
    return [[table.frame.index[i], *table.frame.iloc[i].tolist()] for i in range(len(table.frame))]


def test_bar_chart_data_table_has_value_base_and_interval():
    frame = data.responses("revenue")
    table = tables.chart_data(charts.barh(frame).figure)
    assert list(table.frame.columns) == ["Valeur", "Base (n)", "Intervalle de confiance à 95\u00a0%"]
    assert table.frame.index.name == "Réponse"  # never an empty header cell
    last = _rows(table)[-1]  # "< 100 000 $", the one certain value: 30 % of 403 (121), Wilson 25,8 %-34,7 %
    assert last == ["Moins de 100 000 $", "30\u00a0%", "403", "25,8\u00a0% à 34,7\u00a0%"]
    assert [r[1].endswith("†") for r in _rows(table)] == (frame["mapping"] == "ambiguous").tolist()
    assert "† Attribution incertaine" in table.note and "Wilson" in table.note
    # "$" is escaped, or the book would read "100 000 $ et 199 999 $" as math
    assert "Entre 100\u00a0000\u00a0\\$ et 199\u00a0999\u00a0\\$" in table.to_markdown()


def test_stacked_and_paired_chart_data_tables():
    stacked = tables.chart_data(charts.stacked_barh(data.responses("it_person")).figure)
    assert list(stacked.frame.columns) == ["Oui", "Non", "Ne sait pas"]
    assert stacked.frame.loc["Total"].tolist() == ["21\u00a0%", "78\u00a0%", "1\u00a0%"]
    use = data.technology_use(["total", "size_lt5"], measures=["use"], technologies=["cloud", "wifi"])
    paired = tables.chart_data(charts.paired_barh(use, series="segment_label").figure)
    assert list(paired.frame.columns) == ["Total (n\u00a0=\u00a0403)", "Moins de 5 employés (n\u00a0=\u00a0190)"]
    assert paired.frame.loc["Infonuagique"].tolist() == ["42\u00a0% (37,2 à 46,8)", "42\u00a0% (35,3 à 49,2)"]


def test_scatter_chart_data_shows_ranges_not_their_drawn_middle():
    frame = pd.DataFrame({"name": ["A", "B"], "rev": [30_000.0, 100_000.0], "lo": [20_000.0, 100_000.0],
                          "hi": [45_000.0, 100_000.0], "budget": [1_000.0, 5_000.0]})
    ax = charts.scatter_labelled(frame, "rev", "budget", "name", x_range=("lo", "hi"),
                                 xlabel="Chiffre d'affaires (échelle logarithmique)", ylabel="Budget TI")
    table = tables.chart_data(ax.figure)
    assert list(table.frame.columns) == ["Chiffre d'affaires", "Budget TI"]
    assert table.frame.index.name == "Catégorie"  # "name" is no column the table knows
    assert _rows(table) == [["A", "20\u00a0000\u00a0$ à 45\u00a0000\u00a0$", "1\u00a0000\u00a0$"],
                            ["B", "100\u00a0000\u00a0$", "5\u00a0000\u00a0$"]]


def test_chart_data_refuses_a_figure_it_did_not_draw():
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="not drawn by economie_sociale.charts"):
        tables.chart_data(fig)


def test_a_chart_drawn_in_two_formats_is_laid_out_once(monkeypatch):
    """The build draws each chart as PNG and PDF: constrained layout runs once, both use its positions."""
    import matplotlib.pyplot as plt

    from economie_sociale import book

    reference = charts.paired_barh(data.technology_use("sector_retail")).figure
    reference.canvas.draw()  # what a drawing with the layout engine gives
    expected = reference.axes[0].get_position().bounds
    plt.close(reference)
    shown = []
    monkeypatch.setattr(book, "display", lambda obj, **kwargs: shown.append(obj))
    monkeypatch.setattr(book, "_FORMATS", ["png", "pdf"])
    book.figure(charts.paired_barh(data.technology_use("sector_retail")))
    fig = shown[0]
    assert fig.get_layout_engine() is None or type(fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    assert fig.axes[0].get_position().bounds == pytest.approx(expected, abs=0.01)
    shown.clear()
    monkeypatch.setattr(book, "_FORMATS", ["png"])  # JupyterLab: one format, the figure keeps its engine
    book.figure(charts.paired_barh(data.technology_use("sector_retail")))
    assert type(shown[0].get_layout_engine()).__name__ == "ConstrainedLayoutEngine"


def test_a_label_too_long_is_wrapped_then_cut_never_drawn_over_its_neighbours():
    """Issue 25: a 300-character label wrapped onto the bars above and below it."""
    long = "Très longue étiquette " * 14  # about 300 characters
    frame = pd.DataFrame({"item_label": [long.strip(), "Court", "Moyen"], "value": [40.0, 30.0, 20.0]})
    ax = charts.barh(frame)
    ax.figure.canvas.draw()
    labels = ax.get_yticklabels()
    first = labels[0].get_text()
    assert first.count("\n") + 1 == charts.MAX_LINES and first.endswith("…"), first
    boxes = [t.get_window_extent() for t in labels]
    for upper, lower in zip(boxes, boxes[1:]):
        assert upper.y0 >= lower.y1, "two labels overlap"
    assert ax.figure.drawn.frame["item_label"].iloc[0] == long.strip()  # the data table keeps it whole


def test_labelled_points_never_overlap():
    """Figure 8.1: the labels of UTILE and L'Euguélionne were drawn over each other."""
    cases = data.load_cases()
    points = cases.dropna(subset=["revenue_min", "it_budget_min"]).assign(
        revenue=lambda d: (d["revenue_min"] + d["revenue_max"]) / 2,
        budget=lambda d: (d["it_budget_min"] + d["it_budget_max"]) / 2)
    ax = charts.scatter_labelled(points, "revenue", "budget", "name")
    ax.figure.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts]
    assert len(boxes) == len(points) >= 9
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two point labels overlap"


def test_no_label_of_the_book_is_cut():
    """Only a label longer than any of the report's is shortened: every item, segment and technology label
    of data/ fits in four lines at the narrowest wrap the charts use (38 characters)."""
    labels = [*data.load_question_items()["label_fr"], *data.load_segments()["label_fr"],
              *data.load_technologies()["label_fr"]]
    assert len(labels) > 100
    cut = [label for label in labels if "…" in charts._wrap(label, 38)]
    assert not cut, cut
