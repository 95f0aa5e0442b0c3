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
