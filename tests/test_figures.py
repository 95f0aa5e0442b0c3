"""Every chart of the book draws exactly the data: each question of chapter 1
and each annex panel, through the same chart functions the chapters call."""

from __future__ import annotations

import pytest

from economie_sociale import charts, data, explorer

QUESTIONS = data.load_questions()
ANSWERED = sorted(set(data.load_responses()["question"]))


def test_every_question_but_figure_16_has_values():
    # Figure 16's values were lost in the extraction (see questions.csv notes)
    assert set(QUESTIONS["question"]) - set(ANSWERED) == {"sharing_economy"}


@pytest.mark.parametrize("question", ANSWERED)
def test_chart_draws_the_data(question):
    frame = data.responses(question)
    kind = QUESTIONS.set_index("question").at[question, "kind"]
    if kind in ("scale", "binary") and frame["item"].nunique() > 1:
        ax = charts.stacked_barh(frame, row="item_label", stack="level_label")
        rows = list(dict.fromkeys(frame["item_label"]))
        expected = []
        for level in dict.fromkeys(frame["level_label"]):
            part = frame[frame["level_label"] == level].set_index("item_label")["value"]
            expected += [part.get(r, 0.0) for r in rows]
    elif frame["segment"].nunique() > 1 and frame["level"].nunique() > 1:
        ax = charts.stacked_barh(frame)
        rows = list(dict.fromkeys(frame["segment_label"]))
        expected = []
        for level in dict.fromkeys(frame["level_label"]):
            part = frame[frame["level_label"] == level].set_index("segment_label")["value"]
            expected += [part.get(r, 0.0) for r in rows]
    elif frame["segment"].nunique() > 1:
        if frame["item"].nunique() > 1:  # Table 1: one bar chart per column
            frame = frame[frame["segment"] == "total"]
            ax = charts.barh(frame)
        else:
            ax = charts.barh(frame, label="segment_label")
        expected = frame["value"].tolist()
    else:
        ax = charts.barh(frame)
        expected = frame["value"].tolist()
    if ax.figure.drawn.kind == "stacked_barh":  # a row past 100 % (rounding) is drawn scaled to 100 %
        sums = [sum(expected[i::len(rows)]) for i in range(len(rows))]
        expected = [round(v * 100 / max(100, sums[i % len(rows)]), 6) for i, v in enumerate(expected)]
    assert charts.bar_values(ax)[: len(expected)] == [float(v) for v in expected]
    assert charts.is_hatched(ax).count(True) == (frame["mapping"] == "ambiguous").sum()


@pytest.mark.parametrize("segment", explorer.PANEL_SEGMENTS)
def test_annex_panel_draws_use_and_planned(segment):
    panel = data.technology_use([segment])
    ax = charts.paired_barh(panel)
    drawn = charts.bar_values(ax)
    use = panel[panel["measure"] == "use"]["value"].tolist()
    planned = panel[panel["measure"] == "planned"]["value"].tolist()
    assert drawn[:21] == use and drawn[21:42] == planned
    assert [t.get_text() for t in ax.figure.legends[0].get_texts()] == ["Usage actuel", "Investissements prévus (12 prochains mois)", charts.ci_label()]


def test_explorer_redraws_on_every_change():
    ex = explorer.PanelExplorer(segments=("total",), technologies=["office_suite", "wifi"], measure="use")
    assert ex.frame["value"].tolist() == [94, 79]
    ex.segments.value = ("size_lt5", "size_20plus")
    assert ex.frame.groupby("segment", sort=False)["value"].apply(list).to_dict() == {"size_lt5": [93, 74], "size_20plus": [99, 87]}
    ex.measure.value = "planned"
    assert set(ex.frame["measure"]) == {"planned"}
    ex.measure.value = "both"  # two panels: refused with a message, nothing drawn
    assert ex.frame is None and "un seul panneau" in ex.message.value
    ex.segments.value = ("it_yes",)
    assert ex.frame["measure"].tolist() == ["use", "planned", "use", "planned"]
    ex.technologies.value = ()
    assert ex.frame is None and "technologie" in ex.message.value
    ex.technologies.value = ("wifi",)
    ex.measure.value = "use"
    ex.segments.value = tuple(explorer.PANEL_SEGMENTS)  # 12 panels, 8 colours: refused, not drawn with bars missing
    assert ex.frame is None and ex.message.value == "<b>Choisissez au plus 8 panneaux à la fois.</b>"
    ex.segments.value = tuple(explorer.PANEL_SEGMENTS[:8])
    assert ex.frame["segment"].nunique() == 8 and ex.message.value == ""


def test_technology_use_rejects_unknown_keys():
    with pytest.raises(KeyError, match="unknown segment in source 'annex' 'size_huge'"):
        data.technology_use(["size_huge"])
    with pytest.raises(KeyError, match="unknown technology source 'tab9'"):
        data.technology_use(source="tab9")
