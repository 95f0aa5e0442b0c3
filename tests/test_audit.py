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
    assert found[found["where"].str.startswith("figure 3 du rapport")]["value"].tolist() == [102.0]


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
    b = audit.check_bases().set_index("key")
    assert b.at["segments:it_yes", "value"] == 316 and b.at["segments:it_yes", "expected"] == 86
    assert b.at["segments:online_sellers", "value"] == 89 and b.at["segments:online_sellers", "expected"] == 117
    assert b.at["segments:it_yes", "where"] == "base imprimée du groupe « Avec une personne-ressource en TI à l'interne »"
    row = b.loc["responses:respondent_size/total/size_5_19/share"]
    assert row["where"] == "tableau 1 du rapport, part du groupe « 5 à 19 employés »"
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
    assert list(f.columns) == audit.COLUMNS + ["lines", "reviewed_fr"]
    assert set(f["check"]) >= {"sum", "base"}
    assert f["evidence"].str.len().min() > 20


def test_granularity_findings():
    g = audit.check_granularity()
    by_where = dict(zip(g["key"], g["value"]))
    # Figure 10: three "0,3 %" cannot come from 403 firms (1/403 prints as 0,2 %)
    tenth = [w for w in by_where if w.startswith("responses:social_networks/")]
    assert len(tenth) == 3 and all(by_where[w] == 0.3 for w in tenth)
    # Figure 8: the prose's 47 % for leisure (n = 80) is 46,25 % or 47,5 %
    assert by_where["responses:sells_online/sector_leisure/sells_online/yes"] == 47
    # Figure 9: 14 % over the printed base of 89
    assert by_where["responses:online_sales_share/online_sellers/share_50_74/share"] == 14
    assert "89" in g.loc[g["key"].str.startswith("responses:online_sales_share/"), "conflicts_with"].iloc[0]
    # reader-facing: the report's figure and the group by name, never keys
    assert g.set_index("key").at["responses:sells_online/sector_leisure/sells_online/yes", "where"] == \
        "figure 8 du rapport, Loisirs, tourisme, hébergement et restauration, art et culture, Oui"


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


# --------------------------------------------------------------------------
# issue 12: the findings are a reviewed, pinned list; a data change that moves it fails with what to do


def _edit(path, transform):
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")


def _set_value(path, match: str, old: str, new: str):
    """In the one line of ``path`` containing ``match``, replace the field ``old`` by ``new``."""
    def transform(text):
        lines = text.splitlines(keepends=True)
        hits = [i for i, line in enumerate(lines) if match in line]
        assert len(hits) == 1, hits
        assert f",{old}," in lines[hits[0]]
        lines[hits[0]] = lines[hits[0]].replace(f",{old},", f",{new},", 1)
        return "".join(lines)
    _edit(path, transform)


def test_findings_are_exactly_the_reviewed_list():
    f = audit.findings()
    reviewed = data.load_audit_findings()
    assert len(f) == len(reviewed) == 13
    assert sorted(zip(f["check"], f["key"])) == sorted(zip(reviewed["check"], reviewed["key"]))
    assert f["reviewed_fr"].notna().all() and f["lines"].notna().all()
    assert f.set_index("key").at["responses:it_investment/total/*/share", "value"] == 102


def test_every_reviewed_finding_points_at_its_value_in_the_source():
    import re
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "shared" / "source" / "rapport-economie-sociale-2-0.txt"
    text = source.read_text(encoding="utf-8").splitlines()
    for x in data.load_audit_findings().itertuples():
        start, end = map(int, x.lines.split("-"))
        printed = "\n".join(text[start - 1:end])
        if x.check == "sum":  # the lines print the parts: they add up to the finding's value
            parts = [float(v.replace(",", ".")) for v in re.findall(r"(\d+(?:,\d+)?) ?%", printed)]
            assert sum(parts) == x.value, (x.key, parts)
        else:
            assert f"{x.value:g}".replace(".", ",") in printed, (x.key, x.lines)

@pytest.mark.parametrize("edit, new, gone", [
    # a typo in a distribution (Figure 3's 16 % typed 61 %): its sum moves from 102 to 147
    (lambda d: _set_value(d / "responses.csv", "it_investment,total,inv_5k_14k,share", "16", "61"),
     ["sum responses:it_investment/total/*/share: printed 147, expected 100"],
     ["sum responses:it_investment/total/*/share: printed 102, expected 100 (reviewed at source lines 555-571)"]),
    # a decimal slip in Table 1 (30 typed 30.4): no whole count of 403 firms gives it
    (lambda d: _set_value(d / "responses.csv", "respondent_sector,total,sector_personal,share", "30", "30.4"),
     ["granularity responses:respondent_sector/total/sector_personal/share: printed 30,4"], []),
    # a base mistyped (80 read as 81, printed and used): percentages over it stop being whole counts
    (lambda d: _set_value(d / "segments.csv", "sector_leisure,sector", "80,80", "81,81"),
     ["granularity technology_use:annex/sector_leisure/design_software/use: printed 45 (aucun nombre entier "
      "d'entreprises ne donne 45 % sur 81 (36/81 = 44,4\u00a0%, 37/81 = 45,7\u00a0%))"],
     ["granularity responses:sells_online/sector_leisure/sells_online/yes: printed 47 (reviewed at source lines 1482-1482)"]),
    # the report's error "corrected" in the data: the finding is lost
    (lambda d: _set_value(d / "responses.csv", "it_investment,total,dont_know,share", "2", "0"), [],
     ["sum responses:it_investment/total/*/share: printed 102"]),
])
def test_a_data_change_that_moves_the_findings_fails(data_copy, edit, new, gone):
    edit(data_copy)
    with pytest.raises(audit.FindingsChanged) as err:
        audit.findings()
    text = str(err.value)
    assert text.startswith(f"{data_copy / 'audit_findings.csv'}: the data now give report inconsistencies")
    assert "A data change created or removed a report inconsistency. Check the values involved against the source" in text
    assert "a transcription error is fixed in data/, never listed" in text
    for line in new or []:
        assert line in text.split("on the list, no longer found")[0], text
        assert "found, not on the list:" in text
    for line in gone or []:
        assert line in text.split("on the list, no longer found:")[1], text
    if new == []:
        assert "found, not on the list" not in text
    if gone == []:
        assert "no longer found" not in text
    assert isinstance(err.value, audit.EconomieSocialeError)


def test_the_list_updated_after_review_passes_again(data_copy):
    _set_value(data_copy / "responses.csv", "it_investment,total,dont_know,share", "2", "0")
    _edit(data_copy / "audit_findings.csv", lambda t: "".join(
        line for line in t.splitlines(keepends=True) if not line.startswith("sum,")))
    f = audit.findings()
    assert "sum" not in set(f["check"]) and len(f) == 12


def test_a_malformed_findings_list_is_refused(data_copy):
    _edit(data_copy / "audit_findings.csv", lambda t: t.replace("sum,responses:", "total,responses:", 1))
    with pytest.raises(data.DataError, match=r"audit_findings.csv: 1 problem.*\n  - line 2, column 'check': 'total' is not an allowed value"):
        data.load_audit_findings()


def test_detect_needs_no_list(data_copy):
    (data_copy / "audit_findings.csv").unlink()
    assert len(audit.detect()) == 13
    with pytest.raises(data.DataError, match=r"(?s)audit_findings.csv.*file not found"):
        audit.findings()


def test_the_audit_says_what_is_missing_instead_of_crashing(data_copy):
    # a whole annex panel missing used to crash the audit with "cannot format nan"
    path = data_copy / "technology_use.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("annex,it_yes,")), encoding="utf-8")
    with pytest.raises(data.DataError, match="source 'annex': the whole panel of group 'it_yes' is missing"):
        audit.findings()
