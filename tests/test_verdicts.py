"""Every test the chapters make from printed percentages, stated as its three-state verdict (issue 24).

Each test runs over every count of firms the printed percentages allow (stats.compare_pct,
stats.segment_vs_rest); its verdict at a level is « significant » (for every count), « not_significant »
(for none) or « depends_on_rounding ». The table below is the book's, at the report's level and at the two
levels a reader is invited to try; the chapters' prose, tables and checks follow these values.
The errata's claims are in tests/test_claims.py.
"""

from __future__ import annotations

import pytest

from economie_sociale import data, stats

S, N, D = "significant", "not_significant", "depends_on_rounding"


def _use(technology, segment):
    return data.technology_value(technology, segment)


def _pct(p1, s1, p2, s2):
    return stats.compare_pct(p1, data.segment_n(s1), p2, data.segment_n(s2))


def _rest(p, segment, total):
    return stats.segment_vs_rest(p, data.segment_n(segment), total, data.segment_n("total"))


def _plan():
    return _rest(data.prose("p3_5_digital_plan_it_yes"), "it_yes", data.prose("p3_5_digital_plan"))


BOOK = {
    # chapter, what: (the test, its verdicts at 90 / 95 / 99 %, its p range rounded to 3 decimals)
    "02 IT person, revenue of $100k and more vs less": (
        lambda: _pct(data.value("it_person", "revenue_100kplus", level="yes"), "revenue_100kplus",
                     data.value("it_person", "revenue_lt100k", level="yes"), "revenue_lt100k"),
        (S, S, N), (0.034, 0.049)),  # at the retained attribution; over the hatched bases, tests/test_claims.py
    "03 informational website, under 5 vs 5-19 employees": (
        lambda: _pct(_use("website_info", "size_lt5"), "size_lt5", _use("website_info", "size_5_19"), "size_5_19"),
        (N, N, N), (0.224, 0.323)),
    "03 mobile website, under 5 vs 5-19 employees": (
        lambda: _pct(_use("website_mobile", "size_lt5"), "size_lt5", _use("website_mobile", "size_5_19"), "size_5_19"),
        (S, S, D), (0.007, 0.014)),
    "03 web analytics, under 5 vs 20+ employees": (
        lambda: _pct(_use("web_analytics", "size_lt5"), "size_lt5", _use("web_analytics", "size_20plus"), "size_20plus"),
        (D, N, N), (0.090, 0.105)),
    "03 ERP, personal services vs the rest": (
        lambda: _rest(_use("erp", "sector_personal"), "sector_personal", _use("erp", "total")), (S, S, S), (0.000, 0.000)),
    "03 informational website, personal services vs the rest": (
        lambda: _rest(_use("website_info", "sector_personal"), "sector_personal", _use("website_info", "total")),
        (S, S, D), (0.008, 0.015)),
    "03 transactional website planned, retail vs the rest": (
        lambda: stats.segment_vs_rest(
            data.technology_use("sector_retail", source="tab4", measures="planned",
                                technologies="website_transactional")["value"].iloc[0], data.segment_n("sector_retail"),
            data.technology_use("total", source="tab4", measures="planned",
                                technologies="website_transactional")["value"].iloc[0], data.segment_n("total")),
        (S, S, N), (0.033, 0.048)),
    "03 big data, with vs without an IT person": (
        lambda: _pct(_use("big_data", "it_yes"), "it_yes", _use("big_data", "it_no"), "it_no"), (S, D, N), (0.047, 0.089)),
    "03 cloud, with vs without an IT person": (
        lambda: _pct(_use("cloud", "it_yes"), "it_yes", _use("cloud", "it_no"), "it_no"), (S, S, D), (0.008, 0.010)),
    "04 own website, 20+ employees vs the rest": (
        lambda: _rest(data.prose("p3_4_1_own_website_20plus"), "size_20plus",
                      data.value("web_platforms", item="own_website")), (S, S, D), (0.009, 0.013)),
    "04 own website, with vs without an IT person": (
        lambda: _pct(data.prose("p3_4_1_own_website_it_yes"), "it_yes", data.prose("p3_4_1_own_website_it_no"), "it_no"),
        (S, S, S), (0.000, 0.000)),
    "05 digital plan, IT person vs the rest": (lambda: _plan(), (D, N, N), (0.063, 0.104)),
    "05 digital shift, 20+ employees vs the rest": (
        lambda: _rest(data.prose("p3_5_digital_shift_20plus"), "size_20plus", data.prose("p3_5_digital_shift")),
        (S, S, S), (0.004, 0.006)),
    "05 management's interest, IT person vs the rest": (
        lambda: _rest(data.prose("p3_5_1_mgmt_interest_it_yes"), "it_yes", data.prose("p3_5_1_mgmt_interest")),
        (S, S, N), (0.033, 0.049)),
    "05 skills, IT person vs the rest": (
        lambda: _rest(data.prose("p3_5_1_skills_it_yes"), "it_yes", data.prose("p3_5_1_skills")), (S, S, S), (0.000, 0.000)),
    "07 sharing economy, under 5 employees vs the rest": (
        lambda: _rest(data.prose("p3_7_sharing_economy_lt5"), "size_lt5", data.prose("p3_7_sharing_economy")),
        (D, D, N), (0.045, 0.188)),
    "07 sharing economy, IT person vs the rest": (
        lambda: _rest(data.prose("p3_7_sharing_economy_it_yes"), "it_yes", data.prose("p3_7_sharing_economy")),
        (D, N, N), (0.063, 0.106)),
}


@pytest.mark.parametrize("name", list(BOOK))
def test_the_books_verdicts_in_three_states(name):
    make, verdicts, p_range = BOOK[name]
    test = make()
    assert tuple(test.verdict(level) for level in (90, 95, 99)) == verdicts
    assert (round(test.p_min, 3), round(test.p_max, 3)) == p_range


def test_which_verdicts_depend_on_the_rounding_at_the_reports_level():
    depends = [name for name, (make, verdicts, _) in BOOK.items() if verdicts[1] == D]
    assert depends == ["03 big data, with vs without an IT person", "07 sharing economy, under 5 employees vs the rest"]
