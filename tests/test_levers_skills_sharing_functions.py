"""The library functions behind the chapters on digital levers, skills and the sharing economy
(05_numerique_leviers, 06_competences_rh, 07_economie_partage): the report's numbers they give, and their refusals."""

from __future__ import annotations

import pandas as pd
import pytest

from economie_sociale import ROLE_KEY, audit, book, claims, data, settings, stats, tables
from economie_sociale.errors import ArgumentError, UnknownKeyError

#: The gaps section 3.5 of the report quotes (chapter « Le numérique comme levier »).
GAPS = {
    "plan": ("Possède un plan numérique", "it_yes", "p3_5_digital_plan_it_yes", "p3_5_digital_plan"),
    "shift": ("Doit prendre un virage numérique pour croître", "size_20plus", "p3_5_digital_shift_20plus",
              "p3_5_digital_shift"),
    "mgmt": ("La haute direction s'intéresse au numérique", "it_yes", "p3_5_1_mgmt_interest_it_yes",
             "p3_5_1_mgmt_interest"),
    "skills": ("Possède les compétences nécessaires", "it_yes", "p3_5_1_skills_it_yes", "p3_5_1_skills"),
}


@pytest.fixture(scope="module")
def gaps():
    return claims.prose_gaps(GAPS)


@pytest.fixture
def shown(monkeypatch):
    """What book.check displays under a cell (nothing while its sentence holds)."""
    displayed = []
    monkeypatch.setattr(book, "display", lambda obj, **kw: displayed.append((obj, kw)))
    return displayed


def agreement(question="perceptions", levels=("strongly_agree", "somewhat_agree")) -> pd.Series:
    table = data.responses(question).pivot(index="item", columns="level", values="value")
    return table[levels[0]] + table[levels[1]]


# --------------------------------------------------------------------------
# audit.against_prose, book.check_quotes


def test_against_prose_sets_the_charts_sums_beside_the_prose():
    quotes = audit.against_prose(agreement(), {"mgmt_interest": "p3_5_1_mgmt_interest", "skills": "p3_5_1_skills",
                                               "digital_plan": "p3_5_digital_plan"})
    assert quotes.index.tolist() == ["mgmt_interest", "skills", "digital_plan"], "in the order given"
    assert quotes["claim"].tolist() == ["p3_5_1_mgmt_interest", "p3_5_1_skills", "p3_5_digital_plan"]
    assert quotes["recomputed"].tolist() == [70.0, 46.0, 17.0] and quotes["printed"].tolist() == [70.0, 46.0, 17.0]
    assert quotes["agrees"].all()
    # the 52 % who lack financial resources: the two disagree levels (32 + 20)
    disagree = agreement(levels=("somewhat_disagree", "strongly_disagree"))
    assert audit.against_prose(disagree, {"financial_resources": "p3_5_1_lack_financial"}).at[
        "financial_resources", "printed"] == 52.0
    # a plain dict works too, and a value the prose does not quote is caught
    off = audit.against_prose({"manage_hr": 69.0}, {"manage_hr": "p3_5_2_hr"})
    assert off.at["manage_hr", "printed"] == 70.0 and not off.at["manage_hr", "agrees"]


def test_against_prose_refuses_what_it_cannot_compare():
    with pytest.raises(UnknownKeyError, match=r"unknown key of values \(named in claims\) 'skill' \(did you mean 'skills'"):
        audit.against_prose(agreement(), {"skill": "p3_5_1_skills"})
    with pytest.raises(UnknownKeyError, match=r"unknown prose claim 'p3_5_1_skill' \(did you mean 'p3_5_1_skills'"):
        audit.against_prose(agreement(), {"skills": "p3_5_1_skill"})
    with pytest.raises(ArgumentError, match=r"claims must be a non-empty dict \(key -> prose claim\), got list"):
        audit.against_prose(agreement(), ["p3_5_1_skills"])
    with pytest.raises(ArgumentError, match="values must be a dict or a Series of recomputed values by key, got float"):
        audit.against_prose(46.0, {"skills": "p3_5_1_skills"})


def test_check_quotes_is_silent_while_the_sums_agree_and_names_those_that_do_not(shown):
    concerned = agreement("business_concerns", ("very_concerned", "somewhat_concerned"))
    quotes = audit.against_prose(concerned, {"improve_quality": "p3_5_2_quality", "finance_development": "p3_5_2_financing",
                                             "improve_processes": "p3_5_2_processes", "manage_hr": "p3_5_2_hr"})
    assert quotes["recomputed"].tolist() == [83.0, 74.0, 73.0, 70.0]
    book.check_quotes(quotes, "chacune ne correspond qu'à une seule barre")
    assert shown == []
    book.check_quotes(audit.against_prose({"manage_hr": 69.0, "skills": 46.0}, {"manage_hr": "p3_5_2_hr",
                                                                             "skills": "p3_5_1_skills"}), "les totaux concordent")
    (message, kw), = shown
    assert kw["metadata"] == {ROLE_KEY: "conclusion-changed"}
    assert message["text/plain"].endswith("« les totaux concordent ». Raison : manage_hr : 69\u00a0% recalculé, "
                                          "70\u00a0% dans le rapport")
    with pytest.raises(ArgumentError, match=r"expects the table of audit\.against_prose; it lacks the column\(s\) "
                                            r"recomputed, printed, agrees"):
        book.check_quotes(pd.DataFrame({"value": [1]}), "x")


# --------------------------------------------------------------------------
# claims.prose_gaps, tables.gap_tests


def test_prose_gaps_rebuild_the_counts_behind_the_reports_gaps(gaps):
    assert gaps.index.tolist() == ["plan", "shift", "mgmt", "skills"]
    assert gaps["segment"].tolist() == ["it_yes", "size_20plus", "it_yes", "it_yes"]
    assert gaps["n"].tolist() == [86, 70, 86, 86], "the reconstructed base of 86 firms with an IT person"
    assert gaps["in_group"].tolist() == [23.0, 57.0, 79.0, 73.0] and gaps["overall"].tolist() == [17.0, 42.0, 70.0, 46.0]
    plan, shift = gaps.at["plan", "comparison"], gaps.at["shift", "comparison"]
    assert (plan.k_segment, plan.n_segment, plan.k_rest, plan.n_rest, plan.test) == (20, 86, 49, 317, "z")
    assert (shift.k_segment, shift.k_rest, shift.n_rest) == (40, 129, 333)
    assert gaps.at["shift", "rest"] == pytest.approx(38.739, abs=1e-3)
    assert gaps.at["plan", "p_value"] == pytest.approx(0.0886, abs=1e-4)
    assert (gaps.at["plan", "p_min"], gaps.at["plan", "p_max"]) == pytest.approx((0.0626, 0.1043), abs=1e-4)
    assert [c.verdict(95) for c in gaps["comparison"]] == ["not_significant", "significant", "significant", "significant"]


def test_prose_gaps_refuse_a_malformed_gap():
    with pytest.raises(UnknownKeyError, match=r"unknown segment \(in gaps\['plan'\]\) 'it_oui'"):
        claims.prose_gaps({"plan": ("Plan", "it_oui", "p3_5_digital_plan_it_yes", "p3_5_digital_plan")})
    with pytest.raises(ArgumentError, match=r"gaps\['plan'\] must be a tuple \(statement, segment, claim for the group"):
        claims.prose_gaps({"plan": ("it_yes", "p3_5_digital_plan_it_yes", "p3_5_digital_plan")})
    with pytest.raises(ArgumentError, match="gaps must be a non-empty dict"):
        claims.prose_gaps({})


def test_gap_tests_is_the_chapters_table_at_every_level(gaps):
    table = tables.gap_tests(gaps, index="Énoncé (en accord)")
    assert table.frame.index.name == "Énoncé (en accord)" and set(table.align) == {"left"}
    assert table.frame.columns.tolist() == ["Groupe", "Dans le groupe", "Autres répondants", "Ensemble", "Probabilité",
                                            "Significatif à 95\u00a0% ?"]
    plan = table.frame.loc["Possède un plan numérique"]
    assert plan["Groupe"] == "Avec une personne-ressource en TI à l'interne (n\u00a0=\u00a086)"
    assert (plan["Dans le groupe"], plan["Autres répondants"], plan["Ensemble"]) == ("23\u00a0%", "15,5\u00a0%", "17\u00a0%")
    assert plan["Probabilité"] == "p\u00a0=\u00a00,089" and plan["Significatif à 95\u00a0% ?"] == "non"
    assert table.frame["Significatif à 95\u00a0% ?"].tolist() == ["non", "oui", "oui", "oui"]
    assert table.frame.at["Possède les compétences nécessaires", "Probabilité"] == "p\u00a0<\u00a00,001"
    # at 90 %, the plan's gap depends on the rounding: its p gets its range; the library-wide level is the default
    at_90 = tables.gap_tests(gaps, level=90).frame
    assert at_90.index.name == "Énoncé"
    assert at_90["Significatif à 90\u00a0% ?"].tolist() == ["selon l’arrondi", "oui", "oui", "oui"]
    assert at_90.at["Possède un plan numérique", "Probabilité"] == \
        "p\u00a0=\u00a00,089 (de 0,063 à 0,104 selon l’arrondi)"
    with settings.confidence_level(99):
        assert tables.gap_tests(gaps).frame["Significatif à 99\u00a0% ?"].tolist() == ["non", "oui", "non", "oui"]
    with pytest.raises(ArgumentError, match="it lacks the column"):
        tables.gap_tests(gaps.drop(columns="comparison"))
    with pytest.raises(ArgumentError, match=r"level is in percent: write 95, not 0\.95"):
        tables.gap_tests(gaps, level=0.95)


# --------------------------------------------------------------------------
# stats.weakest; book.verdict_with_margin, book.verdict_verb


def test_weakest_is_the_significant_gap_nearest_the_threshold(gaps):
    tests = gaps["comparison"].to_dict()
    assert stats.weakest(tests) == "mgmt", "p = 0,038, the largest of the three significant gaps"
    assert stats.weakest(tests, level=99) == "shift", "at 99 %, management's interest is no longer significant"
    assert stats.weakest({"plan": tests["plan"]}) == "plan", "none significant: the largest p of them all"
    with pytest.raises(ArgumentError, match=r"comparisons\['plan'\] is a float, not a stats\.Comparison"):
        stats.weakest({"plan": 0.089})
    with pytest.raises(ArgumentError, match="comparisons must be a non-empty dict of stats.Comparison"):
        stats.weakest([tests["plan"]])


def test_verdict_with_margin_follows_the_level(gaps):
    mgmt, plan, skills = (gaps.at[k, "comparison"] for k in ("mgmt", "plan", "skills"))
    assert book.verdict_with_margin(mgmt, significant="significatif aussi") == "significatif aussi, mais de justesse"
    assert book.verdict_with_margin(skills) == "significatif au niveau de confiance de 95\u00a0%"
    assert book.verdict_with_margin(plan) == ("non significatif au niveau de confiance de 95\u00a0% : la probabilité "
                                              "dépasse le seuil de 0,05")
    with settings.confidence_level(90):
        assert book.verdict_with_margin(mgmt, "significatif aussi") == \
            "significatif aussi au niveau de confiance de 90\u00a0%"
        assert book.verdict_with_margin(plan).startswith("significatif ou non au niveau de confiance de 90\u00a0%, "
                                                         "selon l’arrondi des pourcentages publiés (p de 0,063 à 0,104)")
    with settings.confidence_level(99):
        assert book.verdict_with_margin(mgmt).endswith("la probabilité dépasse le seuil de 0,01")
    with pytest.raises(ArgumentError, match="the comparison of 'comparison' is a float, not a stats.Comparison"):
        book.verdict_with_margin(0.038)


def test_verdict_verb(gaps):
    plan = gaps.at["plan", "comparison"]
    assert book.verdict_verb(plan) == "n’est pas" and book.verdict_verb(gaps.at["skills", "comparison"]) == "est"
    with settings.confidence_level(90):
        assert book.verdict_verb(plan) == "est ou non, selon l’arrondi,"
    with pytest.raises(ArgumentError, match="book.verdict_verb: the comparison of 'comparison' is a str"):
        book.verdict_verb("plan")


# --------------------------------------------------------------------------
# stats.combination_bounds (chapter « Compétences numériques et ressources humaines »)


def test_combination_bounds_of_the_three_skills():
    yes = data.responses("employee_skills").pivot(index="item", columns="level", values="value")["yes"]
    assert yes.to_dict() == {"analytical": 54.0, "collaborative": 77.0, "technical": 63.0}
    bounds = stats.combination_bounds(yes)
    assert (bounds.at_least_one_low, bounds.at_least_one_high) == (77.0, 100.0), "at least the most common skill"
    assert (bounds.all_low, bounds.all_high) == (0.0, 54.0), "194 % < 200 %: possibly no firm has all three"
    # two shares that must overlap: 70 % and 60 % of the same firms share at least 30 %
    assert stats.combination_bounds([70, 60]) == stats.Combinations(70, 100.0, 30, 60)
    assert stats.combination_bounds([20, 30]).at_least_one_high == 50, "nobody holds both: the sum"


def test_combination_bounds_refuse_what_is_not_shares():
    with pytest.raises(ArgumentError, match=r"shares\[1\] is a percentage and must lie in \[0, 100\], got 120"):
        stats.combination_bounds([54, 120, 63])
    with pytest.raises(ArgumentError, match="needs at least two shares to combine, got 1"):
        stats.combination_bounds([54])
    with pytest.raises(ArgumentError, match="shares must be a list of percentages, got float 54.0"):
        stats.combination_bounds(54.0)


# --------------------------------------------------------------------------
# book.gap_verdicts, book.cannot_conclude (chapter « L'économie de partage et ce que l'enquête montre »)

HIGHER = "plus engagées dans l’économie de partage"


@pytest.fixture(scope="module")
def sharing_groups():
    """The two groups section 3.7 quotes (19 % and 22 %, against 16 % of all respondents), each against the rest."""
    n_total = data.segment_n("total")
    return {"petites entreprises": stats.segment_vs_rest(data.prose("p3_7_sharing_economy_lt5"), data.segment_n("size_lt5"),
                                                         data.prose("p3_7_sharing_economy"), n_total),
            "entreprises qui ont une personne-ressource en TI": stats.segment_vs_rest(
                data.prose("p3_7_sharing_economy_it_yes"), data.segment_n("it_yes"), data.prose("p3_7_sharing_economy"),
                n_total)}


def test_gap_verdicts_at_the_reports_level_and_others(sharing_groups):
    lt5, it_yes = sharing_groups.values()
    assert (lt5.k_segment, lt5.n_segment, it_yes.k_segment, it_yes.n_segment) == (36, 190, 19, 86)
    assert (lt5.p_min, lt5.p_max) == pytest.approx((0.0449, 0.188), abs=1e-3)
    assert book.gap_verdicts(sharing_groups) == (
        "l’écart des petites entreprises est significatif ou non selon l’arrondi ; l’écart des entreprises qui ont une "
        "personne-ressource en TI n’est pas significatif (p passe sous le seuil pour certains des nombres d’entreprises "
        "que les pourcentages publiés permettent, pas pour d’autres)")
    with settings.confidence_level(99):
        assert book.gap_verdicts(sharing_groups) == ("l’écart des petites entreprises n’est pas significatif ; l’écart des "
                                                     "entreprises qui ont une personne-ressource en TI n’est pas significatif")
    with settings.confidence_level(80):
        assert book.gap_verdicts({"petites entreprises": lt5}) == "l’écart des petites entreprises est significatif"
    with pytest.raises(ArgumentError, match=r"book.gap_verdicts expects a non-empty dict \(group -> stats.Comparison\)"):
        book.gap_verdicts([lt5])
    with pytest.raises(ArgumentError, match="the comparison of 'petites entreprises' is a float, not a stats.Comparison"):
        book.gap_verdicts({"petites entreprises": 0.112})


def test_cannot_conclude_follows_the_verdicts(sharing_groups):
    # at 95 %: one gap depends on the rounding, the other is not significant
    assert book.cannot_conclude(sharing_groups, HIGHER) == (
        "Que les petites entreprises ou les entreprises qui ont une personne-ressource en TI soient plus engagées dans "
        "l’économie de partage que les autres. Pour les petites entreprises, les pourcentages publiés, arrondis à "
        "l’unité, ne permettent pas de trancher : selon le nombre exact d’entreprises derrière eux, l’écart franchit le "
        "seuil ou non. Pour les entreprises qui ont une personne-ressource en TI, les données sont compatibles avec une "
        "absence de différence.")
    with settings.confidence_level(90):  # both depend on the rounding: no « Pour … compatibles » sentence
        assert book.cannot_conclude(sharing_groups, HIGHER).endswith(
            "Pour les petites entreprises et les entreprises qui ont une personne-ressource en TI, les pourcentages "
            "publiés, arrondis à l’unité, ne permettent pas de trancher : selon le nombre exact d’entreprises derrière "
            "eux, l’écart franchit le seuil ou non.")
    with settings.confidence_level(99):
        assert book.cannot_conclude(sharing_groups, HIGHER) == (
            "Que les petites entreprises ou les entreprises qui ont une personne-ressource en TI soient plus engagées "
            "dans l’économie de partage que les autres : les données sont compatibles avec une absence de différence.")
    with settings.confidence_level(80):
        assert book.cannot_conclude(sharing_groups, HIGHER) == (
            "Que ces écarts disent pourquoi : les deux sont significatifs, mais une association n’est pas une cause, et "
            "les groupes se recoupent.")
    with pytest.raises(ArgumentError, match="higher must say, in French, what the groups would be"):
        book.cannot_conclude(sharing_groups, "")
