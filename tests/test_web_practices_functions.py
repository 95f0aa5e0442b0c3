"""The library functions behind the chapter « Les pratiques Web »: group labels, bases, impossible
percentages, tests around a value no count gives, and the table of the report's announced gaps."""

from __future__ import annotations

import pytest

from economie_sociale import audit, book, charts, data, fmt, settings, stats, tables
from economie_sociale.errors import ArgumentError, UnknownKeyError

NBSP = "\u00a0"
#: Figure 8's dimensions, in the report's order, as the chapter names them
GROUPS = {"total": "Ensemble", "size": "Taille", "it_person": "Ressource TI", "revenue": "Revenus", "sector": "Secteur"}


def pct(text: str) -> str:
    return text.replace(" %", f"{NBSP}%")


def based(label: str) -> str:
    """A label's « (n = 80) », with the no-break spaces that keep it on one line."""
    return label.replace("(n = ", f"(n{NBSP}={NBSP}")


# --------------------------------------------------------------------------
# data


def test_segment_n_printed_is_the_reports_base_beside_the_one_the_book_uses():
    assert data.segment_n_printed("online_sellers") == 89 and data.segment_n("online_sellers") == 117
    assert data.segment_n_printed("it_yes") == 316 and data.segment_n("it_yes") == 86
    assert data.segment_n_printed("total") == 403
    assert data.segment_n_printed("sector_other") is None, "the report prints no base for this group"
    assert data.segment_n_printed("Moins de 5 employés") == 190, "a French label works as for segment_n"
    with pytest.raises(UnknownKeyError, match=r"unknown segment 'online_seller' \(did you mean 'online_sellers'"):
        data.segment_n_printed("online_seller")
    with pytest.raises(ArgumentError, match=r"segment must be a key \(a string such as 'size_lt5'\), got int 5"):
        data.segment_n_printed(5)


def test_short_label_names_a_group_in_running_text():
    assert data.short_label("sector_leisure") == "loisirs"
    assert data.short_label("size_20plus") == "20 employés et plus"
    assert data.short_label("sector_housing") == "habitation et location"
    assert data.short_label("Moins de 5 employés") == "moins de 5 employés"
    with pytest.raises(UnknownKeyError, match="unknown segment 'leisure'"):
        data.short_label("leisure")


# --------------------------------------------------------------------------
# charts


def test_group_labels_name_each_groups_dimension_and_base_in_the_reports_order():
    labels = charts.group_labels(data.responses("sells_online")["segment"], GROUPS)
    assert list(labels.items()) == [(key, based(label)) for key, label in [
        ("total", "Ensemble (n = 403)"),
        ("size_lt5", "Taille : moins de 5 employés (n = 190)"),
        ("size_5_19", "Taille : 5 à 19 employés (n = 143)"),
        ("size_20plus", "Taille : 20 employés et plus (n = 70)"),
        ("it_yes", "Ressource TI : avec une personne-ressource en TI à l'interne (n = 86)"),
        ("it_no", "Ressource TI : sans personne-ressource en TI à l'interne (n = 316)"),
        ("revenue_lt100k", "Revenus : moins de 100 000 $ (n = 121)"),
        ("revenue_100kplus", "Revenus : 100 000 $ et plus (n = 262)"),
        ("sector_agri", "Secteur : agroalimentaire… (n = 49)"),
        ("sector_retail", "Secteur : commerce de détail… (n = 36)"),
        ("sector_personal", "Secteur : services à la personne… (n = 122)"),
        ("sector_business", "Secteur : services aux entreprises… (n = 53)"),
        ("sector_leisure", "Secteur : loisirs… (n = 80)"),
        ("sector_housing", "Secteur : habitation et location (n = 31)"),
    ]]
    assert all(f"n{NBSP}={NBSP}" in label for label in labels.values()), "the base never wraps from its n"
    # the chapter's chart: one bar per group, in that order
    frame = data.responses("sells_online", segments=list(labels)).assign(label=lambda f: f["segment"].map(labels))
    ax = charts.barh(frame, label="label")
    assert charts.bar_values(ax) == [29, 29, 27, 31, 38, 26, 20, 35, 24, 33, 14, 32, 47, 0]


def test_group_labels_keep_full_names_unless_asked_and_refuse_unnamed_dimensions():
    full = charts.group_labels(["sector_leisure", "sector_leisure"], {"sector": "Secteur"}, abbreviate=())
    assert full == {
        "sector_leisure": based("Secteur : loisirs, tourisme, hébergement et restauration, art et culture (n = 80)")}
    with pytest.raises(ArgumentError, match=r"segment 'sector_leisure' belongs to dimension 'sector', which dimensions "
                                            r"does not name \(it names total, size\)"):
        charts.group_labels(["total", "sector_leisure"], {"total": "Ensemble", "size": "Taille"})
    with pytest.raises(UnknownKeyError, match="unknown segment dimension 'taille'"):
        charts.group_labels(["size_lt5"], {"taille": "Taille"})
    with pytest.raises(UnknownKeyError, match="unknown segment 'size_lt6'"):
        charts.group_labels(["size_lt6"], GROUPS)
    with pytest.raises(ArgumentError, match="dimensions must map each dimension's key to its name"):
        charts.group_labels(["size_lt5"], ["size"])


# --------------------------------------------------------------------------
# stats


def test_counts_around_a_printed_percentage():
    assert stats.counts_around(47, 80) == (37, 38), "47 % of 80 is 37.6 firms"
    assert stats.counts_around(14, 89) == (12, 13)
    assert stats.counts_around(0, 31) == (0, 1) and stats.counts_around(100, 10) == (9, 10)
    with pytest.raises(ArgumentError, match=r"pct is a percentage and must lie in \[0, 100\], got 147"):
        stats.counts_around(147, 80)
    with pytest.raises(ArgumentError, match="n must be a positive count, got 0"):
        stats.counts_around(47, 0)


def test_segment_vs_rest_around_tests_leisure_at_both_counts():
    with pytest.raises(ArgumentError, match="47 % cannot be a whole count over n = 80"):
        stats.segment_vs_rest(47, 80, 29, 403)
    low, high = stats.segment_vs_rest_around(47, 80, 29, 403)
    assert (low.k_segment, low.n_segment, low.k_rest, low.n_rest) == (37, 80, 80, 323), "117 sellers of 403 in all"
    assert (high.k_segment, high.k_rest) == (38, 79)
    assert low.test == high.test == "z"
    assert low.p_value == pytest.approx(1.51e-4, rel=0.01) and high.p_value == pytest.approx(4.81e-5, rel=0.01)
    assert low.p_value == stats.compare_counts(37, 80, 80, 323).p_value
    with pytest.raises(ArgumentError, match="segment base 403 must be smaller than the total 403"):
        stats.segment_vs_rest_around(47, 403, 29, 403)
    with pytest.raises(ArgumentError, match=r"the total's count \(20 of 200\) is incompatible with the segment's "
                                            r"\(90 of 100\): the rest would count -70 of 100"):
        stats.segment_vs_rest_around(90, 100, 10, 200)


# --------------------------------------------------------------------------
# audit


def test_unreachable_values_over_a_base():
    sales = data.responses("online_sales_share")["value"]
    assert audit.unreachable(sales, 89) == [14.0], "Figure 9's printed base cannot give 14 %"
    assert audit.unreachable(sales, 117) == [], "the base the book uses gives every value"
    with pytest.raises(ArgumentError, match=r"values must be a list of percentages, got int 14; for one value, "
                                            r"audit\.reachable\(pct, n\)"):
        audit.unreachable(14, 89)
    with pytest.raises(ArgumentError, match=r"values\[1\] is a percentage and must lie in \[0, 100\], got 150"):
        audit.unreachable([14, 150], 89)
    with pytest.raises(ArgumentError, match="n must be a positive count, got 0"):
        audit.unreachable([14], 0)


def test_unreachable_in_a_question_and_its_findings():
    fig8 = audit.unreachable_in("sells_online")
    assert fig8[["segment", "value", "n", "quoted"]].values.tolist() == [["sector_leisure", 47.0, 80, True]]
    fig10 = audit.unreachable_in("social_networks")
    assert list(fig10["key"]) == ["responses:social_networks/total/pinterest/share",
                                  "responses:social_networks/total/flickr/share",
                                  "responses:social_networks/total/other/share"]
    assert set(fig10["value"]) == {0.3} and not fig10["quoted"].any()
    assert len(audit.granularity_findings("sells_online")) == 1
    assert len(audit.granularity_findings("social_networks")) == 3
    # over the base used, Figure 9 is fine; the printed base is what check_granularity flags
    assert audit.unreachable_in("online_sales_share").empty
    sales = audit.granularity_findings("online_sales_share")
    assert list(sales["conflicts_with"]) == ["la base imprimée n = 89"] and list(sales["value"]) == [14.0]
    with pytest.raises(UnknownKeyError, match=r"unknown question 'sells_onlin' \(did you mean 'sells_online'"):
        audit.unreachable_in("sells_onlin")
    with pytest.raises(UnknownKeyError, match="unknown question 'reseaux'"):
        audit.granularity_findings("reseaux")


def test_describe_unreachable_in_french():
    assert audit.describe_unreachable("sells_online") == [
        pct("« loisirs », 47 % sur 80 entreprises (37/80 = 46,25 %, 38/80 = 47,5 %)")]
    assert audit.describe_unreachable("social_networks") == [
        pct(f"« {name} », 0,3 % sur 403 entreprises (1/403 = 0,2 %, 2/403 = 0,5 %)")
        for name in ("Pinterest", "Flickr", "Autre(s)")]
    assert audit.describe_unreachable("revenue") == []
    with pytest.raises(UnknownKeyError, match="unknown question 'figure8'"):
        audit.describe_unreachable("figure8")


# --------------------------------------------------------------------------
# book, fmt, tables


def test_claim_verdict_in_its_four_states():
    site_20plus = stats.segment_vs_rest(77, 70, 64, 403)  # own website: 20 employees or more against the rest
    assert book.claim_verdict(site_20plus) == "l’affirmation du rapport tient"
    assert book.claim_verdict(site_20plus, 99) == (
        "l’affirmation du rapport tient ou non selon l’arrondi des pourcentages publiés "
        f"(p de 0,009 à 0,013 selon le nombre d’entreprises retenu)")
    with settings.confidence_level(99):
        assert book.claim_verdict(site_20plus) == book.claim_verdict(site_20plus, 99), "the chapter's level by default"
    at_95_only = stats.compare_counts(35, 100, 22, 100)
    assert 0.01 < at_95_only.p_value < 0.05
    assert book.claim_verdict(at_95_only, 99) == (
        "à ce niveau plus exigeant, l’affirmation du rapport ne tient plus "
        f"(elle tient au niveau de confiance de 95{NBSP}% retenu par le rapport)")
    assert book.claim_verdict(stats.compare_counts(30, 100, 20, 100)) == "l’affirmation du rapport ne tient pas"
    with pytest.raises(ArgumentError, match="claim_verdict expects a stats.Comparison .*, got float"):
        book.claim_verdict(0.012)


def test_share_of_gives_the_count_behind_a_percentage():
    assert fmt.share_of(100 * 54 / 70, 54, 70) == pct("77 % (54 sur 70)")
    assert fmt.share_of(47, [37, 38], 80) == pct("47 % (37 ou 38 sur 80)")
    assert fmt.share_of(25, 1000, 4000) == pct(f"25 % (1{NBSP}000 sur 4{NBSP}000)")
    with pytest.raises(ArgumentError, match=r"share_of\(50, 80, 70\): each count k must lie between 0 and the base n"):
        fmt.share_of(50, 80, 70)


@pytest.fixture
def announced_gaps():
    """The four gaps the report calls significant in its section 3.4, as the chapter tests them."""
    site_20plus = stats.segment_vs_rest(77, 70, 64, 403)
    site_it = stats.compare_pct(80, 86, 59, 316)
    leisure_tests = stats.segment_vs_rest_around(47, 80, 29, 403)
    leisure = max(leisure_tests, key=lambda t: t.p_value)
    sells_it = stats.compare_counts(stats.count(38, 86), 86, stats.count(26, 316), 316)
    return [
        tables.comparison_row("Propre site Internet : 20 employés et plus", site_20plus),
        tables.comparison_row("Propre site Internet : avec une personne-ressource en TI", site_it, "sans"),
        tables.comparison_row("Vente en ligne : secteur des loisirs", leisure,
                              group=fmt.share_of(47, [t.k_segment for t in leisure_tests], 80),
                              note=" (avec l'un ou l'autre effectif)"),
        tables.comparison_row("Vente en ligne : avec une personne-ressource en TI", sells_it, "sans",
                              note=", si l'attribution est juste", uncertain=True),
    ]


def test_comparisons_frame_is_the_chapters_table_of_tests(announced_gaps):
    frame = tables.comparisons_frame(announced_gaps)
    assert list(frame.columns) == ["Écart annoncé par le rapport", "Groupe", "Comparé à", "Test", "p",
                                   f"Significatif à 95{NBSP}% ?"]
    assert frame.values.tolist() == [
        ["Propre site Internet : 20 employés et plus", pct("77 % (54 sur 70)"),
         pct("reste des répondants : 61 % (204 sur 333)"), "z", "0,012", "oui"],
        ["Propre site Internet : avec une personne-ressource en TI", pct("80 % (69 sur 86)"),
         pct("sans : 59 % (186 sur 316)"), "z", f"<{NBSP}0,001", "oui"],
        ["Vente en ligne : secteur des loisirs", pct("47 % (37 ou 38 sur 80)"),
         pct("reste des répondants : 25 % (80 sur 323)"), "z", f"<{NBSP}0,001", "oui (avec l'un ou l'autre effectif)"],
        ["Vente en ligne : avec une personne-ressource en TI", pct("38 % (33 sur 86) †"),
         pct("sans : 26 % (82 sur 316) †"), "z", "0,024", "oui, si l'attribution est juste"],
    ]
    assert "| Vente en ligne : secteur des loisirs |" in tables.text_table(frame).to_markdown()


def test_comparisons_frame_at_another_level(announced_gaps):
    frame = tables.comparisons_frame(announced_gaps, level=99)
    assert frame.columns[-1] == f"Significatif à 99{NBSP}% ?"
    assert frame.iloc[0, 4:].tolist() == ["0,012 (de 0,009 à 0,013)", "selon l’arrondi"]
    assert frame.iloc[3, 5] == "non, si l'attribution est juste"
    with settings.confidence_level(99):
        assert tables.comparisons_frame(announced_gaps).equals(frame), "the library-wide level by default"


def test_comparison_rows_refuse_what_is_not_a_test():
    with pytest.raises(ArgumentError, match=r"comparison_row\('Vente en ligne'\): comparison must be a "
                                            r"stats\.Comparison .*, got float"):
        tables.comparison_row("Vente en ligne", 0.024)
    with pytest.raises(ArgumentError, match="claim must be the gap the report announces, as text; got None"):
        tables.comparison_row(None, stats.compare_counts(33, 86, 82, 316))
    with pytest.raises(ArgumentError, match="comparisons_frame expects a list of tables.comparison_row.* got none"):
        tables.comparisons_frame([])
    with pytest.raises(ArgumentError, match=r"row 0 is \{'claim': 'x'\}"):
        tables.comparisons_frame([{"claim": "x"}])
    with pytest.raises(ArgumentError, match="level is in percent: write 95, not 0.95"):
        tables.comparisons_frame([tables.comparison_row("x", stats.compare_counts(33, 86, 82, 316))], level=0.95)
