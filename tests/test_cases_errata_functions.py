"""The library's functions behind the chapters on the case studies, PME 2.0, the data and the errata.

Each function is tested on the real data (the report's numbers it gives the chapters) and on one bad input
at least, whose message must say what is wrong. No build, nothing outside the repository.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from economie_sociale import audit, charts, claims, data, fmt, schemas, stats, tables
from economie_sociale.errors import ArgumentError, UnknownKeyError

NBSP = "\u00a0"  # fr_CA (Babel): a no-break space between digit groups and before « % » and « $ »


@pytest.fixture(scope="module")
def recomputed():
    return claims.recompute()


@pytest.fixture(scope="module")
def found():
    return audit.findings()


# --------------------------------------------------------------------------
# fmt


def test_span_prints_a_value_or_a_range_as_a_fact_box_does():
    assert fmt.span(40.0, 40.0) == "40"
    assert fmt.span(35000, 40000, money=True) == f"35{NBSP}000 à 40{NBSP}000{NBSP}$"
    assert fmt.span(float("nan"), float("nan")) == "—" and fmt.span(None, None, missing="") == ""
    with pytest.raises(ArgumentError, match="span bounds are reversed: low=5 > high=3"):
        fmt.span(5, 3)


def test_pct_range_gives_one_value_when_both_ends_round_alike():
    assert fmt.pct_range(1.5, 1.54) == f"1,5{NBSP}%"
    assert fmt.pct_range(1.2, 2.0) == f"1,2 à 2,0{NBSP}%"
    assert fmt.pct_range(2.5, 2.857, 0) == f"2 à 3{NBSP}%"
    with pytest.raises(ArgumentError, match="pct_range bounds are reversed"):
        fmt.pct_range(3, 2)
    with pytest.raises(ArgumentError, match="decimals must be a whole number from 0 to 6"):
        fmt.pct_range(1, 2, decimals=-1)


def test_quote_closes_a_cut_parenthesis_and_keeps_numbers_whole():
    assert fmt.quote("plus nombreux (20 %") == f"« plus nombreux (20{NBSP}%…) »"
    assert fmt.quote("davantage") == "« davantage »"
    with pytest.raises(ArgumentError, match="fmt.quote expects a string, got int 3"):
        fmt.quote(3)


def test_in_sentence_lowers_the_first_letter_only():
    assert fmt.in_sentence("Site Web informationnel") == "site Web informationnel"
    with pytest.raises(ArgumentError, match="fmt.in_sentence expects a non-empty string"):
        fmt.in_sentence("")


# --------------------------------------------------------------------------
# data


def test_cases_in_the_reports_order_with_number_and_short_name():
    cases = data.cases()
    assert list(cases["n"]) == list(range(1, 14)) and list(cases["case"]) == [f"case{i:02d}" for i in range(1, 14)]
    short = cases.set_index("case")["short"]
    assert short["case12"] == "L’Euguélionne" and short["case03"] == "CSAD Haute-Côte-Nord"
    assert short["case13"] == "Le Grand Costumier", "a name short enough is kept"
    assert short["case11"].endswith("(UTILE)"), "UTILE has no short name: its label is its full name"
    assert (cases["legal_form"].value_counts().to_dict(), (cases["region"] == "Montréal").sum()) == \
        ({"obnl": 7, "cooperative": 6}, 6)


def test_agreement_adds_the_two_levels_of_a_side():
    assert data.agreement("perceptions", "digital_plan") == 17  # the report's « 17 % » have a digital plan
    assert data.agreement("perceptions", "mgmt_interest") == 70
    assert data.agreement("perceptions", "financial_resources", disagree=True) == 52
    assert data.agreement("perceptions", "digital_plan") == (data.value("perceptions", item="digital_plan", level="strongly_agree")
                                                              + data.value("perceptions", item="digital_plan", level="somewhat_agree"))
    with pytest.raises(ArgumentError, match="question 'revenue' is not an agreement scale: it has no level strongly_agree"):
        data.agreement("revenue")
    with pytest.raises(UnknownKeyError, match="unknown question 'perception'"):
        data.agreement("perception", "digital_plan")


def test_technology_ranking_of_planned_investments():
    planned = data.technology_ranking("total", "planned")
    top = planned.set_index("rank")
    assert list(top.loc[[1, 2, 3], "value"]) == [37, 29, 28]
    assert list(top.loc[[1, 2, 3], "in_sentence"]) == ["site Web informationnel", "logiciel comptable", "médias sociaux"]
    assert planned.at["crm", "value"] == 7 and len(planned) == 21  # « ne recueillent que 7 % »
    assert data.technology_ranking().index[0] == "office_suite", "use, all respondents: office suites first (94 %)"
    with pytest.raises(ArgumentError, match="ranks one group: 'size' stands for 3"):
        data.technology_ranking("size")


def test_files_lists_every_file_with_its_rows_and_loader():
    files = data.files().set_index("name")
    assert list(files.index) == list(data.LOADERS) == list(schemas.FILE_DESCRIPTIONS)
    assert files.at["cases", "rows"] == 13 and files.at["significance_claims", "rows"] == 55
    assert files.at["cases", "file"] == "data/cases.csv" and files.at["cases", "loader"] == "data.load_cases()"
    assert files.at["audit_findings", "description_fr"] == "la liste revue des incohérences du rapport"


# --------------------------------------------------------------------------
# tables


def test_case_facts_table_has_the_boxes_and_both_shares():
    table = tables.case_facts()
    rows = table.frame
    assert list(rows.index) == [str(i) for i in range(1, 14)] and table.align == ("left",) * 10
    remise = rows.loc["6"]
    assert remise["Chiffre d'affaires"] == f"35{NBSP}000 à 40{NBSP}000{NBSP}$" and remise["Employés"] == "0"
    assert (remise["Part imprimée"], remise["Part calculée"]) == (f"environ 2,5{NBSP}%", f"2,5 à 2,9{NBSP}%")
    assert (rows.at["13", "Part imprimée"], rows.at["13", "Part calculée"]) == (f"environ 2{NBSP}%", f"5,0{NBSP}%")
    assert rows.at["2", "Part imprimée"] == f"moins de 1{NBSP}%"
    assert set(rows.loc["4"].drop(["Entreprise", "Secteur (notre classement)"])) == {"—"}, "case 4 prints no box"
    assert rows.at["5", "Secteur (notre classement)"] == "Services aux entreprises, communications"
    with pytest.raises(ArgumentError, match="the cases .* lack column\\(s\\) n, name, sector"):
        tables.case_facts(pd.DataFrame({"case": ["case01"]}))


def test_case_facts_line_reads_a_box_as_a_sentence():
    lines = {case.n: tables.case_facts_line(case) for case in data.cases().itertuples()}
    assert lines[6] == f"Coopérative, commerce et services de proximité, aucun employé, chiffre d'affaires de " \
                       f"35{NBSP}000 à 40{NBSP}000{NBSP}$"
    assert lines[4] == "Coopérative, services à la personne, Montréal", "no box: what the text gives"
    assert lines[1] == f"OBNL, loisirs, tourisme, culture, Estrie, 40 employés, chiffre d'affaires de 2{NBSP}000{NBSP}000{NBSP}$"
    _, row = next(data.cases().iterrows())
    assert tables.case_facts_line(row) == lines[1], "a row of iterrows() too"
    with pytest.raises(ArgumentError, match="case_facts_line expects a row of data.cases()"):
        tables.case_facts_line("case06")


def test_data_files_table():
    text = tables.data_files().to_markdown()
    assert text.splitlines()[0] == "| Fichier | Contenu | Lignes | Fonction |"
    assert "| data/cases.csv | les fiches des cas d'entreprises | 13 | data.load_cases() |" in text
    assert len(text.splitlines()) == 2 + 15


def test_significance_claims_table(recomputed):
    rows = tables.significance_claims(recomputed).frame
    assert len(rows) == 55
    assert rows["Confirmé"].value_counts().to_dict() == {"oui": 43, "selon l’arrondi": 6, "non": 6}
    assert rows["Confirmé (Holm)"].value_counts().to_dict() == {"non": 34, "oui": 21}
    quotes = rows["Affirmation (extrait)"]
    assert (quotes.str.contains("†").sum(), quotes.str.contains("‡").sum()) == (2, 6)
    first = rows.iloc[0]
    assert first["Affirmation (extrait)"] == (f"« 24{NBSP}% d’entre elles qui disposent d’une telle ressource "
                                              f"comparativement à 15{NBSP}% »{NBSP}†")
    assert (first["Groupe (%)"], first["Autre (%)"], first["p"]) == (f"24{NBSP}%", f"14,9{NBSP}%", "0,041 (de 0,034 à 0,054)")
    with pytest.raises(ArgumentError, match="the claims \\(claims.recompute\\(\\)\\) lack column\\(s\\) status"):
        tables.significance_claims(pd.DataFrame({"claim": ["x"]}))


def test_findings_table():
    rows = tables.findings().frame
    assert rows.index.value_counts().to_dict() == {"Pourcentage impossible": 5, "Base": 2, "Cas d'entreprise": 2,
                                                   "Texte et figure": 2, "Total d'une répartition": 1,
                                                   "Part de l'échantillon": 1}
    assert not rows["Constat"].str.contains(r"\d %").any(), "no « % » alone at a line's start"
    with pytest.raises(ArgumentError, match="the findings .* lack column\\(s\\) where, value, evidence"):
        tables.findings(pd.DataFrame({"check": ["sum"], "key": ["x"]}))


# --------------------------------------------------------------------------
# audit


def test_count_by_check_lists_every_check(found):
    assert audit.count_by_check(found).to_dict() == {"sum": 1, "table_vs_annex": 0, "weighted_total": 0, "granularity": 5, "prose": 2,
                               "base": 3, "case_ratio": 2}
    assert list(audit.count_by_check(found).index) == list(audit.CHECK_LABELS) == schemas.CHECKS
    with pytest.raises(ArgumentError, match="the findings lack column\\(s\\) check"):
        audit.count_by_check(pd.DataFrame({"kind": ["sum"]}))


def test_is_sample_share_picks_table_1s_total_row(found):
    share = audit.is_sample_share(found)
    assert found.loc[share, "key"].tolist() == ["responses:respondent_size/total/size_5_19/share"]
    assert ((found["check"] == "base") & ~share).sum() == 2, "two printed bases"
    with pytest.raises(ArgumentError, match="expected the findings as a DataFrame"):
        audit.is_sample_share(["base"])


def test_case_disagreements_and_what_a_printed_share_implies():
    mismatch = audit.case_disagreements()
    assert list(mismatch.index) == ["case12", "case13"] and list(mismatch["n"]) == [12, 13]
    assert mismatch["computed"].round(4).tolist() == [1.6667, 5.0]
    budget, revenue = audit.printed_share_implies(mismatch.loc["case13"])
    assert (budget, revenue) == (10_000, 1_250_000), "Le Grand Costumier's « environ 2 % »"
    itineraire = data.cases().set_index("case").loc["case10"]
    budget, revenue = audit.printed_share_implies(itineraire)
    assert math.isnan(budget) and revenue == 315_000, "L'Itinéraire: no revenue; « plus de 20 % » of its budget"
    with pytest.raises(ArgumentError, match="case 'case04': its fact box prints no IT-budget share"):
        audit.printed_share_implies(data.cases().set_index("case").loc["case04"])


# --------------------------------------------------------------------------
# claims and stats


def test_on_hatched_bars_marks_two_claims(recomputed):
    hatched = claims.on_hatched_bars(recomputed)
    assert recomputed.loc[hatched, "claim"].tolist() == ["c3_2_2_rev100kplus_it_person", "c3_4_2_it_yes_sells_online"]
    assert hatched.equals(recomputed["hatched"].astype(bool)), "the same claims as recompute()'s own column"
    with pytest.raises(UnknownKeyError, match="unknown claim 'c9_nothing'"):
        claims.on_hatched_bars(pd.DataFrame({"claim": ["c9_nothing"]}))
    with pytest.raises(ArgumentError, match="expects the rows of claims.recompute"):
        claims.on_hatched_bars(pd.DataFrame({"segment": ["total"]}))


def test_compare_technology_it_person_gaps():
    wifi = stats.compare_technology("wifi", "it_yes", "it_no", measure="planned")
    assert (wifi.k1, wifi.n1, wifi.k2, wifi.n2, wifi.test) == (28, 86, 54, 316, "z")
    assert wifi.p_value == pytest.approx(0.0016, abs=1e-4) and wifi.significant()
    remote = stats.compare_technology("remote_support", "it_yes", "it_no", measure="planned")
    assert (remote.k1, remote.k2) == (15, 16) and remote.significant()
    assert wifi.p_value == stats.compare_counts(stats.count(33, 86), 86, stats.count(17, 316), 316).p_value
    with pytest.raises(ArgumentError, match="needs two different groups, got 'it_yes' and 'it_yes'"):
        stats.compare_technology("wifi", "it_yes", "it_yes")
    with pytest.raises(ArgumentError, match="segment2 must be a key"):
        stats.compare_technology("wifi", "it_yes", ["it_no"])


# --------------------------------------------------------------------------
# charts


def _budget_chart():
    cases = data.cases()
    plot = cases[cases["revenue_min"].notna() & cases["it_budget_min"].notna()]
    return charts.scatter_labelled(plot, "revenue_min", "it_budget_min", "short")


def test_share_lines_draw_constant_shares():
    ax = _budget_chart()
    lines = charts.share_lines(ax, [1, 10], (2e4, 1e7), "Budget TI = {} du chiffre d'affaires")
    assert [line.get_label() for line in lines] == [f"Budget TI = 1{NBSP}% du chiffre d'affaires",
                                                    f"Budget TI = 10{NBSP}% du chiffre d'affaires"]
    assert list(lines[0].get_ydata()) == [200, 100_000] and list(lines[1].get_ydata()) == [2_000, 1_000_000]
    assert [line.get_linestyle() for line in lines] == [":", "--"]
    with pytest.raises(ArgumentError, match="shares are percentages above 0"):
        charts.share_lines(ax, [0], (2e4, 1e7))
    with pytest.raises(ArgumentError, match="5 shares but 4 line styles"):
        charts.share_lines(ax, [1, 2, 3, 4, 5], (2e4, 1e7))


def test_labels_to_left_moves_named_labels_only():
    ax = _budget_chart()
    moved = charts.labels_to_left(ax, "Le Grand Costumier")
    assert [(t.get_text(), t.get_horizontalalignment(), tuple(t.xyann)) for t in moved] == \
        [("Le Grand Costumier", "right", (-7, 5))]
    # UTILE's label is its full name, wrapped: the chapter's figure never moved it
    with pytest.raises(ArgumentError, match="no point label 'UTILE' on this chart; its labels: 'Sercovie'"):
        charts.labels_to_left(ax, ["UTILE"])
