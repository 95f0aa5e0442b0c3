"""The library functions behind the chapters « Profil des répondants », « L'usage du numérique » and
« L'économie sociale au Québec » (issue 26, item 3): the report's numbers they give, and their refusals."""

from __future__ import annotations

import pytest

from economie_sociale import book, claims, data, fmt, settings, stats, tables
from economie_sociale.errors import ArgumentError, UnknownKeyError

#: The technologies section 3.3.3 of the report cites for the IT person (the chapter's ``listed``).
CITED = ["website_info", "document_management", "cloud", "web_conferencing", "website_mobile", "remote_support",
         "design_software", "intranet", "mobile_apps", "collaboration_platform", "big_data"]


# --------------------------------------------------------------------------
# data


def test_segment_shares_recompute_table_1s_total_row():
    shares = data.segment_shares("size")
    assert list(shares.index) == ["size_lt5", "size_5_19", "size_20plus"]
    assert shares.tolist() == [100 * 190 / 403, 100 * 143 / 403, 100 * 70 / 403]
    assert round(shares["size_5_19"], 1) == 35.5, "the report prints 36 %"
    assert sum(round(s) for s in shares) == 99, "rounded as they should be, the three shares total 99 %"
    assert data.segment_shares("Moins de 5 employés").to_dict() == {"size_lt5": 100 * 190 / 403}, "a French label works too"
    with pytest.raises(UnknownKeyError, match=r"unknown segment in data/segments.csv 'size_lt6' \(did you mean 'size_lt5'"):
        data.segment_shares("size_lt6")
    with pytest.raises(ArgumentError, match="segments must be a key or a list of keys, got int 5"):
        data.segment_shares(5)


def test_base_excluding_rebuilds_the_firms_of_100k_and_more_from_figure_1():
    assert data.base_excluding("revenue", ["rev_lt100k", "dont_know"]) == 262 == data.segment_n("revenue_100kplus")
    assert data.base_excluding("revenue", "rev_lt100k") == 278  # (99 - 30) % of 403: the printed bars total 99 %
    with pytest.raises(UnknownKeyError, match=r"unknown item for question 'revenue' 'rev_lt100' \(did you mean 'rev_lt100k'"):
        data.base_excluding("revenue", ["rev_lt100", "dont_know"])
    with pytest.raises(ArgumentError, match=r"question 'it_person' is not a distribution of shares \(its levels: yes"):
        data.base_excluding("it_person", "it_person")
    with pytest.raises(UnknownKeyError, match="unknown question 'revenu'"):
        data.base_excluding("revenu", "rev_lt100k")


def test_context_figures_as_a_reader_says_them():
    said = {key: data.context_text(key) for key in ("enterprises", "cooperatives", "jobs", "coop_mutual_revenue",
                                                     "cqcm_members", "cefrio_researchers", "cqcm_mutuals")}
    assert said == {"enterprises": "environ 7\u00a0000", "cooperatives": "3\u00a0300", "jobs": "210\u00a0000 personnes",
                    "coop_mutual_revenue": "38 milliards de dollars", "cqcm_members": "près de 9 millions de personnes",
                    "cefrio_researchers": "plus de 90 personnes", "cqcm_mutuals": "26"}
    assert repr(data.context_text("jobs")) == "210\u00a0000 personnes", "shown without quotes in the prose"
    assert data.context_year("jobs") == "2015" and data.context_year("coop_mutual_revenue") == "2015"
    assert data.context_year("enterprises") == "—"
    with pytest.raises(UnknownKeyError, match="unknown context figure 'entreprises'"):
        data.context_text("entreprises")
    with pytest.raises(UnknownKeyError, match=r"unknown context figure 'job' \(did you mean 'jobs'"):
        data.context_year("job")


def test_every_technology_has_a_name_for_sentences():
    assert set(data.TECHNOLOGY_IN_SENTENCE) == set(data.technologies()["technology"])
    assert data.technology_in_sentence("cloud") == "l’infonuagique"
    assert data.technology_in_sentence("Infonuagique") == "l’infonuagique", "a French label works too"
    assert data.technology_in_sentence("big_data") == "les logiciels d’analyse de données (big data, informatique décisionnelle)"
    with pytest.raises(UnknownKeyError, match="unknown technology 'nuage42'"):
        data.technology_in_sentence("nuage42")
    with pytest.raises(ArgumentError, match="technology must be a key \\(a string\\), got int 5"):
        data.technology_in_sentence(5)


# --------------------------------------------------------------------------
# stats


def test_split_across_reads_table_1_along_a_row():
    personal = stats.split_across("respondent_sector", "sector_personal", "size")
    assert personal.to_dict() == {"size_lt5": 100 * 25 / 123, "size_5_19": 100 * 59 / 123, "size_20plus": 100 * 39 / 123}
    assert personal.idxmax() == "size_5_19" and round(personal["size_20plus"]) == 32
    housing = stats.split_across("respondent_sector", "sector_housing", ["size_lt5", "size_5_19", "size_20plus"])
    assert housing.to_dict() == {"size_lt5": 84.375, "size_5_19": 12.5, "size_20plus": 3.125}
    assert sum(housing) == 100
    with pytest.raises(ArgumentError, match="split_across needs the segments to split across"):
        stats.split_across("respondent_sector", "sector_housing", None)
    with pytest.raises(UnknownKeyError, match=r"unknown item for question 'respondent_sector' 'sector_housin' \(did you mean"):
        stats.split_across("respondent_sector", "sector_housin", "size")


def test_technology_vs_rest_is_the_reports_significantly_higher():
    erp = stats.technology_vs_rest("sector_personal", "erp")
    assert (erp.k_segment, erp.n_segment, erp.k_rest, erp.n_rest) == (30, 122, 26, 281)
    assert erp.verdict() == "significant" and erp.gap > 0
    assert erp == stats.segment_vs_rest(data.technology_value("erp", "sector_personal"), 122, data.technology_value("erp"), 403)
    retail = stats.technology_vs_rest("sector_retail", "website_transactional", measure="planned")
    assert (retail.k_segment, retail.n_segment, retail.k_rest) == (11, 36, 62)
    assert retail.p_value == pytest.approx(0.0422, abs=1e-4) and retail.verdict(95) == "significant"
    with settings.confidence_level(99):
        assert retail.verdict() == "not_significant"
    with pytest.raises(ArgumentError, match="compares a group with the rest of the sample: 'total' is the whole sample"):
        stats.technology_vs_rest("total", "erp")
    with pytest.raises(ArgumentError, match="technology_value names one segment: 'size' stands for 3 groups"):
        stats.technology_vs_rest("size", "erp")
    with pytest.raises(UnknownKeyError, match="unknown technology 'ERPs'"):
        stats.technology_vs_rest("sector_personal", "ERPs")


@pytest.fixture(scope="module")
def it_tests():
    return stats.compare_technologies("it_yes", "it_no", CITED, names=("yes", "no"))


def test_compare_technologies_with_and_without_an_it_person(it_tests):
    assert list(it_tests.index) == CITED
    row = it_tests.loc["website_info"]
    assert (row["yes"], row["no"], row["k_yes"], row["k_no"], row["gap"]) == (76, 62, 65, 196, 14)
    assert row["comparison"].n1 == 86 and row["comparison"].n2 == 316
    assert row["p"] == pytest.approx(0.0195, abs=1e-4) and row["test"] == "z"
    assert int(it_tests["significant"].sum()) == 10
    assert it_tests.at["big_data", "verdict"] == "depends_on_rounding" and not it_tests.at["big_data", "significant"]
    assert (it_tests.at["big_data", "p_min"], it_tests.at["big_data", "p_max"]) == pytest.approx((0.0472, 0.0891), abs=1e-4)
    assert it_tests["gap"].idxmax() == "remote_support"
    default = stats.compare_technologies("it_yes", "it_no", ["cloud"])
    assert list(default.columns[:5]) == ["technology_label", "it_yes", "it_no", "k_it_yes", "k_it_no"]
    assert default.at["cloud", "technology_label"] == "Infonuagique"
    with pytest.raises(ArgumentError, match="compare_technologies compares two groups: 'it_yes' and 'it_yes' stand for it_yes"):
        stats.compare_technologies("it_yes", "it_yes")
    with pytest.raises(UnknownKeyError, match="unknown measure 'usage'"):
        stats.compare_technologies("it_yes", "it_no", measure="usage")


def test_significant_after_holm_over_the_counts_the_rounding_allows(it_tests):
    assert stats.significant_after(it_tests["comparison"], "holm") == (4, 6)
    assert stats.significant_after(it_tests["comparison"], "holm", level=99) == (4, 4)
    assert stats.significant_after(it_tests["comparison"], "bonferroni") == (4, 4)
    with pytest.raises(ArgumentError, match="comparisons must hold stats.Comparison results .*got float 0.01"):
        stats.significant_after([0.01, 0.2])
    with pytest.raises(ArgumentError, match="unknown adjustment method 'hol'"):
        stats.significant_after(it_tests["comparison"], "hol")


# --------------------------------------------------------------------------
# claims and book


def test_compare_over_bases_bounds_the_verdict_by_the_hatched_bars():
    retained, worst = claims.compare_over_bases(24, "revenue_100kplus", 15, "revenue_lt100k")
    assert (retained.k1, retained.n1, retained.k2, retained.n2) == (63, 262, 18, 121)
    assert retained.p_value == pytest.approx(0.0411, abs=1e-4)
    assert (worst.k1, worst.n1) == (49, 206), "the smallest base Figure 1's hatched bars allow"
    assert worst.p_value == pytest.approx(0.0539, abs=1e-4)
    assert worst.p_value == max(stats.compare_counts(stats.count(24, n), n, 18, 121).p_value
                                for n in claims.base_alternatives("revenue_100kplus"))
    same, also = claims.compare_over_bases(24, "total", 15, "revenue_lt100k")
    assert same == also, "no hatched bar under either base: one test"
    with pytest.raises(ArgumentError, match=r"0.24 looks like a proportion: percentages are in percent, write 24"):
        claims.compare_over_bases(0.24, "revenue_100kplus", 0.15, "revenue_lt100k")


def test_the_verdict_over_the_attributions_of_the_hatched_bars():
    retained, worst = claims.compare_over_bases(24, "revenue_100kplus", 15, "revenue_lt100k")
    assert book.significance_over_attributions(retained, worst) == "significatif, de justesse, si l’attribution retenue est la bonne"
    assert book.significance_over_attributions(retained, worst, 90) == "significatif, quelle que soit l’attribution des barres hachurées"
    assert book.significance_over_attributions(retained, worst, 99) == "non significatif"
    with settings.confidence_level(99):
        assert book.significance_over_attributions(retained, worst) == "non significatif"
    assert repr(book.significance_over_attributions(retained, worst, 99)) == "non significatif"
    with pytest.raises(ArgumentError, match="retained must be a stats.Comparison .*got float"):
        book.significance_over_attributions(0.04, worst)
    with pytest.raises(ArgumentError, match="level is in percent: write 95, not 0.95"):
        book.significance_over_attributions(retained, worst, 0.95)


# --------------------------------------------------------------------------
# fmt and tables


def test_exceptions_open_a_sentence():
    assert fmt.exceptions(["l’intranet"], none="Aucune exception") == "Seule exception : l’intranet"
    assert fmt.exceptions(["a", "b", "c"], none="Aucune exception") == "Exceptions : a, b et c"
    assert fmt.exceptions([], none="Aucune exception, pas même x") == "Aucune exception, pas même x"
    with pytest.raises(ArgumentError, match="fmt.exceptions expects a list of strings, got a single string"):
        fmt.exceptions("l’intranet", none="")
    with pytest.raises(ArgumentError, match="none must be the sentence for no exception"):
        fmt.exceptions([], none=None)


def test_comparison_table_prints_counts_gaps_p_and_verdicts(it_tests):
    table = tables.comparison_table(it_tests, {"yes": "Avec TI", "no": "Sans TI"})
    lines = table.to_markdown().splitlines()
    assert lines[0] == "| Technologie | Avec TI | Sans TI | Écart | p | Significatif à 95\u00a0% ? |"
    assert lines[2] == "| Site Web informationnel | 76\u00a0% (65) | 62\u00a0% (196) | 14\u00a0points | 0,020 | oui |"
    assert lines[-1].endswith("| 10\u00a0% (9) | 5\u00a0% (16) | 5\u00a0points | 0,066 (de 0,047 à 0,089) | selon l’arrondi |")
    assert len(lines) == 2 + len(CITED)
    at_99 = tables.comparison_table(it_tests, {"yes": "Avec TI", "no": "Sans TI"}, level=99).to_markdown().splitlines()
    assert at_99[0].endswith("| Significatif à 99\u00a0% ? |") and at_99[-1].endswith("| 0,066 | non |")
    with pytest.raises(ArgumentError, match="groups must map the two groups' percentage columns to their headers"):
        tables.comparison_table(it_tests, {"yes": "Avec TI"})
    with pytest.raises(UnknownKeyError, match="unknown column of the comparisons .* 'oui'"):
        tables.comparison_table(it_tests, {"oui": "Avec TI", "no": "Sans TI"})


def test_context_table_gives_each_figure_its_value_year_and_source():
    table = tables.context_table({"jobs": "Emplois", "cqcm_members": "Membres"}, no_source="aucune (CQCM)")
    assert table.to_markdown().splitlines() == [
        "| Indicateur | Valeur | Année | Source citée par le rapport |",
        "|:--|:--|:--|:--|",
        "| Emplois | 210\u00a0000 personnes | 2015 | CSMO-ÉSAC, Les Repères en économie sociale et en action "
        "communautaire, édition 2015, p. 51 |",
        "| Membres | près de 9 millions de personnes | — | aucune (CQCM) |",
    ]
    listed = tables.context_table(["cefrio_members"]).frame
    assert listed.index.tolist() == ["membres"] and listed.iloc[0].tolist() == ["près de 250", "—", "aucune"]
    with pytest.raises(ArgumentError, match="indicators must be a dict {key: row label} or a list of keys"):
        tables.context_table("jobs")
    with pytest.raises(UnknownKeyError, match="unknown context figure 'jobz'"):
        tables.context_table(["jobz"])
