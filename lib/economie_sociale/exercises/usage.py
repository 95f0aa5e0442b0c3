"""Checks of chapter 2, « L'usage du numérique » (chapters/03_usage_numerique.ipynb)."""

from __future__ import annotations

import pandas as pd

from .. import data, fmt, settings, stats
from . import keys, number


def _technologies() -> set[str]:
    return set(data.technologies()["technology"])


def _cited(measure: str) -> list[str]:
    """The technologies the report's section 3.3.3 cites for a measure (the chapter's ``listed`` for "use")."""
    claims = data.load_significance_claims()
    refs = claims.loc[claims["section"] == "3.3.3", "value_ref"]
    return [ref.split("/")[2] for ref in refs if ref.endswith("/" + measure)]


# --------------------------------------------------------------------------
# usage-investir: the largest gap in planned investment, with against without an IT person


def _it_gaps(measure: str, technologies: list[str] | None = None) -> pd.Series:
    panels = data.technology_use(["it_yes", "it_no"], measures=measure, technologies=technologies)
    wide = panels.pivot(index="technology", columns="segment", values="value")
    return wide["it_yes"] - wide["it_no"]


def _largest(values: pd.Series) -> set[str]:
    return set(values.index[values == values.max()])


def _smallest(values: pd.Series) -> set[str]:
    return set(values.index[values == values.min()])


def _most_planned_with_it() -> set[str]:
    return _largest(data.technology_use("it_yes", measures="planned").set_index("technology")["value"])


keys(
    "usage-investir", lambda: _largest(_it_gaps("planned")), what="une clé de technologie", known=_technologies,
    hints=[
        (lambda: _largest(_it_gaps("planned", _cited("use"))),
         "C'est le plus grand écart parmi les technologies de la figure, qui n'en montre qu'une partie : "
         "comparez toutes les technologies (sans `technologies=listed`)."),
        (lambda: _largest(_it_gaps("use")),
         "C'est le plus grand écart d'usage actuel ; la question porte sur les intentions d'investissement "
         "(`measures=\"planned\"`)."),
        (_most_planned_with_it,
         "C'est la technologie où les entreprises avec une ressource TI prévoient le plus d'investir, pas celle où "
         "elles se distinguent le plus des autres : soustrayez la part des entreprises sans ressource TI."),
        (lambda: _smallest(_it_gaps("planned")),
         "C'est le plus petit écart (il est même négatif) : triez les écarts du plus grand au plus petit."),
    ],
    otherwise="Pour chaque technologie, calculez la part des entreprises avec une ressource TI qui prévoient "
              "d'investir moins celle des entreprises sans ressource TI, puis prenez le plus grand écart.",
    wrong=["cloud", "remote_support", "website_info", "erp", "Réseau sans fil", ["wifi", "cloud"]],
)


# --------------------------------------------------------------------------
# usage-holm: how many of the IT person's gaps (use) stay significant after Holm's correction


def _it_p_values() -> list[float]:
    """The chapter's it_tests["p"]: each cited technology's use, with against without an IT person."""
    n_yes, n_no = data.segment_n("it_yes"), data.segment_n("it_no")
    cited = _cited("use")
    use = data.technology_use(["it_yes", "it_no"], measures="use", technologies=cited)
    wide = use.pivot(index="technology", columns="segment", values="value").reindex(cited)
    return [stats.compare_counts(stats.count(row.it_yes, n_yes), n_yes, stats.count(row.it_no, n_no), n_no).p_value
            for row in wide.itertuples()]


def _below(p_values: list[float]) -> int:
    return sum(p < settings.alpha() for p in p_values)


def _after(method: str) -> int:
    return _below(stats.adjust(_it_p_values(), method))


number(
    "usage-holm", lambda: _after("holm"), what="un nombre d'écarts", tolerance=0.01, percent=False,
    hints=[
        (lambda: _below(_it_p_values()),
         "C'est le nombre d'écarts significatifs avant correction : corrigez d'abord les p avec "
         "`stats.adjust(..., \"holm\")`, puis comptez."),
        (lambda: _after("bonferroni"),
         "Vous avez appliqué la correction de Bonferroni, plus sévère : la question demande celle de Holm."),
        (lambda: len(_it_p_values()) - _after("holm"),
         "Vous avez compté les écarts qui ne sont plus significatifs : comptez ceux dont le p corrigé reste sous le seuil."),
        (lambda: len(_it_p_values()),
         "C'est le nombre de tests : ne comptez que les p corrigés qui restent sous le seuil."),
    ],
    otherwise="Corrigez les p du tableau avec `stats.adjust(it_tests[\"p\"], \"holm\")`, puis comptez ceux qui restent "
              "sous le seuil (`settings.alpha()`).",
    right=lambda e: f"C'est bien {fmt.number(e)}.",
    wrong=[10, 4, 6, 11, "5 écarts"],
)


# --------------------------------------------------------------------------
# usage-loisirs: Table 3's lost colours for the leisure sector (use), at the report's level


def _leisure_tests(vs: str = "rest") -> dict[str, stats.Comparison]:
    n_segment, n_total = data.segment_n("sector_leisure"), data.segment_n("total")
    panels = data.technology_use(["sector_leisure", "total"], measures="use")
    wide = panels.pivot(index="technology", columns="segment", values="value")
    tests = {}
    for tech, row in wide.iterrows():
        if vs == "rest":
            tests[tech] = stats.segment_vs_rest(row["sector_leisure"], n_segment, row["total"], n_total)
        else:  # the usual mistake: against all respondents, the sector included
            tests[tech] = stats.compare_counts(stats.count(row["sector_leisure"], n_segment), n_segment,
                                               stats.count(row["total"], n_total), n_total)
    return tests


def leisure_cells(colour: str = "red", level: float | None = settings.DEFAULT_CONFIDENCE, vs: str = "rest") -> set[str]:
    """The technologies the report would print in red (significantly higher) or blue (lower) for leisure."""
    sign = 1 if colour == "red" else -1
    return {tech for tech, test in _leisure_tests(vs).items() if test.significant(level) and sign * test.gap > 0}


keys(
    "usage-loisirs", leisure_cells, what="une liste de clés de technologies", known=_technologies,
    hints=[
        (lambda: {tech for tech, test in _leisure_tests().items() if test.gap > 0},
         "Vous avez retenu toutes les technologies où les loisirs dépassent le reste des répondants ; le rapport ne "
         "colorait que les écarts significatifs (p sous le seuil)."),
        (lambda: {tech for tech, test in _leisure_tests().items() if not test.significant(settings.DEFAULT_CONFIDENCE)},
         "Ce sont les technologies dont l'écart n'est pas significatif : la question demande les cases rouges."),
        (lambda: leisure_cells(level=None),
         "C'est le verdict au niveau de confiance du chapitre, que vous avez changé ; le rapport colorait ses cases "
         "au seuil de 95 % : écrivez `test.significant(95)`."),
        (lambda: leisure_cells(vs="total"),
         "Vous avez comparé les loisirs à l'ensemble des répondants, dont ils font partie : comparez-les au reste "
         "de l'échantillon (c'est ce que fait `stats.segment_vs_rest`, et donc `sector_test`)."),
    ],
    otherwise="Pour chaque technologie, testez les loisirs contre le reste des répondants (`sector_test`), puis gardez "
              "celles dont l'écart est significatif et positif.",
    wrong=[["website_info"], "Médias sociaux",
           ["scm", "design_software", "website_info", "website_transactional", "website_mobile", "social_media",
            "web_conferencing", "cloud", "mobile_apps", "web_analytics", "wifi"],
           ["design_software", "website_info", "website_transactional", "website_mobile", "social_media",
            "web_analytics", "wifi"]],
)
