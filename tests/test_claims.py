"""The report's significance claims, recomputed: verdicts and counts."""

from __future__ import annotations

import pytest

from economie_sociale import audit, claims, data


@pytest.fixture(scope="module")
def recomputed():
    return claims.recompute().set_index("claim")


def test_every_claim_is_tested(recomputed):
    assert len(recomputed) == 55
    assert (recomputed["status"] == "tested").all()
    assert recomputed.groupby("comparison").size().to_dict() == {"vs_other": 20, "vs_rest": 35}


def test_verdicts(recomputed):
    # "significantly higher among firms of 20 employees and more (77 %)" for an own website: holds
    row = recomputed.loc["c3_4_1_20plus_own_website"]
    assert (row["value"], row["n"], row["test"]) == (77, 70, "z")
    assert row["p_value"] == pytest.approx(0.0118, abs=1e-4) and row["agrees"]
    # 73 % vs 71 % social media among 20+ employees: not a real difference
    assert not recomputed.at["c3_3_1_20plus_social_media_use", "agrees"]
    assert recomputed.at["c3_3_1_20plus_social_media_use", "p_value"] > 0.5
    # office suites 99 % of 70: an expected cell under 5, so Fisher's exact test
    assert recomputed.at["c3_3_1_20plus_office_suite_use", "test"] == "fisher"
    # the two "lower" claims for personal services hold
    assert recomputed.loc[recomputed["direction"] == "lower", "agrees"].all()
    # sharing economy: neither subgroup claim survives the test
    assert not recomputed.at["c3_7_lt5_sharing_economy", "agrees"]
    assert not recomputed.at["c3_7_it_yes_sharing_economy", "agrees"]


def test_agreement_rates(recomputed):
    frame = recomputed.reset_index()
    assert claims.agreement_rate(frame) == pytest.approx(100 * 47 / 55)
    assert claims.agreement_rate(frame, adjusted=True) == pytest.approx(100 * 21 / 55)


def test_unreachable_value_is_tested_with_the_nearest_count(recomputed):
    row = recomputed.loc["c3_4_2_leisure_sells_online"]
    assert row["approximate_count"] and row["agrees"]


def test_unflagged_comparisons():
    u = claims.unflagged()
    assert len(u) == (3 + 6) * 42
    assert int((u["p_value"] < 0.05).sum()) == 91
    assert int((u["p_adjusted"] < 0.05).sum()) == 17
    assert int(u["claimed"].sum()) == 27  # claims about size and sector panels


def test_ambiguity_counts():
    a = audit.ambiguity().set_index("question")
    assert a.at["revenue", "assignments"] == 720  # six values, no constraint beyond the layout
    assert a.at["it_person", "assignments"] == 2  # the two "don't know" values
    assert a.at["it_investment", "assignments"] == 2520  # 7! / 2! (two values of 1 %)
    assert a.at["employee_skills", "assignments"] == 6
    assert a.at["online_sales_share", "assignments"] == 24
    assert int(a["ambiguous"].sum()) == int((data.load_responses()["mapping"] == "ambiguous").sum())


def test_claims_that_describe_a_ranking_are_marked():
    """Section 3.3.1's « 20 employés et plus utilisent davantage … » lists the group's most used tools (Figure 6):
    its six claims are marked as describing a ranking rather than a difference, and only those."""
    from economie_sociale import data

    c = data.load_significance_claims()
    ranking = set(c.loc[c["wording"] == "ranking", "claim"])
    assert ranking == {f"c3_3_1_20plus_{t}_use" for t in ("office_suite", "accounting_software", "website_info",
                                                          "social_media", "document_management", "cloud")}
    assert set(claims.recompute()["wording"]) == {"difference", "ranking"}


def test_verdicts_in_three_states_over_counts_and_attributions(recomputed):
    """Each claim's p-value over every admissible count, every value a hatched bar could take and every base
    hatched bars allow: the verdict is significant, not significant, or depends on the rounding."""
    assert recomputed["verdict"].value_counts().to_dict() == {
        "significant": 43, "depends_on_rounding": 6, "not_significant": 6}
    depends = recomputed[recomputed["verdict"] == "depends_on_rounding"]
    ranges = {claim: (round(r.p_min, 3), round(r.p_max, 3)) for claim, r in depends.iterrows()}
    assert ranges == {
        "c3_2_2_rev100kplus_it_person": (0.034, 0.054),  # the base of $100k and more rests on hatched bars
        "c3_3_2_personal_office_suite_use": (0.010, 0.064),
        "c3_3_2_business_cloud_use": (0.039, 0.052),
        "c3_3_3_it_yes_big_data_use": (0.047, 0.089),
        "c3_4_2_it_yes_sells_online": (0.020, 0.724),  # hatched bars of Figure 8
        "c3_7_lt5_sharing_economy": (0.045, 0.188),
    }
    assert recomputed.loc[recomputed["hatched"]].index.tolist() == ["c3_2_2_rev100kplus_it_person",
                                                                     "c3_4_2_it_yes_sells_online"]
    assert claims.agreement_rate(recomputed.reset_index(), robust=True) == pytest.approx(100 * 43 / 55)


def test_the_least_favourable_attribution_is_the_rule(recomputed):
    """The base of firms of $100k and more: every base Figure 1's hatched « ne sait pas » bar allows, tested at
    every admissible count; p_max is the least favourable (what 02_profil_repondants computes for its own sentence)."""
    from economie_sociale import stats

    bases = claims.base_alternatives("revenue_100kplus")
    assert bases == [206, 214, 218, 242, 250, 262]
    p = [stats.compare_pct(24, base, 15, 121).p_max for base in bases]
    row = recomputed.loc["c3_2_2_rev100kplus_it_person"]
    assert row["p_max"] == max(p) and row["p_value"] == stats.compare_pct(24, 262, 15, 121).p_value
    # Figure 8's hatched values: every pair the bars could take (31-38 % for it_yes, 26-29 % for it_no)
    row = recomputed.loc["c3_4_2_it_yes_sells_online"]
    worst = max(stats.compare_pct(a, 86, b, 316).p_max for a in (31, 33, 35, 38) for b in (26, 27, 29))
    assert row["p_max"] == worst


def test_unflagged_comparisons_over_the_counts():
    u = claims.unflagged()
    assert int((u["p_max"] < 0.05).sum()) == 82  # of 91 with the nearest counts
    assert int(((u["p_min"] < 0.05) & (u["p_max"] >= 0.05)).sum()) == 24
    assert int((u["p_adjusted_max"] < 0.05).sum()) == 17
