"""The audit finds the report's real inconsistencies, with the values involved."""

from __future__ import annotations

import pytest

from economie_sociale import audit, data


@pytest.mark.parametrize(
    "pct, n, ok",
    [(30, 403, True), (0.2, 403, True), (0.3, 403, False), (14, 89, False), (14, 117, True), (97, 84, False), (97, 86, True), (36, 403, True)],
)
def test_reachable(pct, n, ok):
    assert audit.reachable(pct, n) is ok


def test_counts_for():
    assert audit.counts_for(21, 403) == [83, 84, 85, 86]
    assert audit.counts_for(1, 403) == [3, 4, 5, 6]
    assert audit.counts_for(14, 89) == []


def test_reachable_rejects_bad_base():
    with pytest.raises(ValueError):
        audit.reachable(10, 0)


def test_figure3_sums_to_102():
    s = audit.sums()
    fig3 = s[s["question"] == "it_investment"]
    assert fig3["sum"].tolist() == [102.0]
    found = audit.check_sums()
    assert found[found["where"].str.startswith("fig3")]["value"].tolist() == [102.0]


def test_table1_columns_sum_to_100():
    s = audit.sums()
    tab1 = s[s["question"] == "respondent_sector"].set_index("segment")["sum"]
    assert tab1.to_dict() == {"size_20plus": 99.0, "size_5_19": 101.0, "size_lt5": 101.0, "total": 100.0}


def test_tables_3_4_and_figures_4_6_equal_the_annex():
    pairs = audit.table_annex_pairs()
    assert len(pairs) == 147 + 147 + 5 + 5 + 6
    assert pairs["annex_value"].notna().all()
    assert (pairs["value"] == pairs["annex_value"]).all()
    assert audit.check_tables_vs_annex().empty


def test_size_panels_reproduce_the_total_panel():
    w = audit.weighted_totals("size")
    assert len(w) == 42
    assert w["difference"].abs().max() <= 1.0
    office = w[(w["technology"] == "office_suite") & (w["measure"] == "use")].iloc[0]
    assert office["total"] == 94
    assert office["weighted"] == pytest.approx((190 * 93 + 143 * 94 + 70 * 99) / 403)


def test_it_panels_reproduce_the_total_panel():
    w = audit.weighted_totals("it_person")
    assert w["difference"].abs().max() <= 1.5


def test_base_findings():
    b = audit.check_bases().set_index("where")
    assert b.at["base du segment it_yes", "value"] == 316 and b.at["base du segment it_yes", "expected"] == 86
    assert b.at["base du segment online_sellers", "value"] == 89 and b.at["base du segment online_sellers", "expected"] == 117
    row = b.loc["Tableau 1, part de size_5_19"]
    assert row["value"] == 36 and row["expected"] == pytest.approx(35.5)
    assert len(b) == 3


def test_it_yes_base_is_the_only_one_reaching_the_panel():
    use = data.load_technology_use()
    values = use[(use["source"] == "annex") & (use["segment"] == "it_yes")]["value"]
    candidates = [n for n in range(78, 96) if all(audit.reachable(v, n) for v in values)]
    assert candidates == [86]
    assert not all(audit.reachable(v, 84) for v in values)


def test_findings_table_shape():
    f = audit.findings()
    assert list(f.columns) == audit.COLUMNS
    assert set(f["check"]) >= {"sum", "base"}
    assert f["evidence"].str.len().min() > 20


def test_granularity_findings():
    g = audit.check_granularity()
    by_where = dict(zip(g["where"], g["value"]))
    # Figure 10: three "0,3 %" cannot come from 403 firms (1/403 prints as 0,2 %)
    tenth = [w for w in by_where if w.startswith("fig10")]
    assert len(tenth) == 3 and all(by_where[w] == 0.3 for w in tenth)
    # Figure 8: the prose's 47 % for leisure (n = 80) is 46,25 % or 47,5 %
    assert by_where["fig8 (sells_online), sector_leisure, sells_online/yes"] == 47
    # Figure 9: 14 % over the printed base of 89
    assert by_where["fig9 (online_sales_share), online_sellers, share_50_74/share"] == 14
    assert "89" in g.loc[g["where"].str.startswith("fig9"), "conflicts_with"].iloc[0]


def test_prose_findings():
    p = audit.check_prose()
    assert sorted(zip(p["value"], p["expected"])) == [(35.0, 21.0), (63.0, 67.0)]
    pairs = audit.prose_pairs()
    assert len(pairs) == 144
    assert (pairs["value"] == pairs["chart_value"]).sum() == 142


def test_prose_sums_resolve():
    # "70 % think top management is interested" = strongly + somewhat agree
    assert audit.resolve("sum:responses:perceptions/total/mgmt_interest/strongly_agree"
                         "+responses:perceptions/total/mgmt_interest/somewhat_agree") == 70


def test_case_ratio_findings():
    c = audit.check_cases().set_index("value")
    assert c.at[2.0, "expected"] == 5.0  # Le Grand Costumier: 25 000 $ / 500 000 $
    assert c.at[1.6, "expected"] == pytest.approx(1.67)  # L'Euguélionne: 5 000 $ / 300 000 $
    assert len(c) == 2
    ratios = audit.case_ratios().set_index("case")
    assert ratios.at["case06", "computed_low"] == 2.5 and ratios.at["case06", "computed_high"] == pytest.approx(2.857, abs=1e-3)
