"""Checks of the chapter on the annex panels (chapters/11_annexes_panneaux.ipynb)."""

from __future__ import annotations

from .. import data, fmt, stats
from . import keys, number


def _value(segment: str, technology: str, measure: str = "use") -> float:
    return float(data.technology_use(segment, measures=measure, technologies=technology)["value"].iloc[0])


def _panel_sectors() -> list[str]:
    """The six sectors that have an annex panel (the survey's other two sectors have none)."""
    sectors = set(data.segments("sector")["segment"])
    return [s for s in dict.fromkeys(data.technology_use(measures="use")["segment"]) if s in sectors]


def _furthest_from_total(technology: str = "social_media", measure: str = "use") -> set[str]:
    total = _value("total", technology, measure)
    gaps = {s: abs(_value(s, technology, measure) - total) for s in _panel_sectors()}
    return {max(gaps, key=gaps.get)}


def _highest_sector(technology: str = "social_media") -> set[str]:
    values = {s: _value(s, technology) for s in _panel_sectors()}
    return {max(values, key=values.get)}


keys(
    "annexes-medias", _furthest_from_total, what="une clé de segment",
    known=lambda: set(data.segments()["segment"]),
    hints=[(_highest_sector,
            "C'est le secteur où l'usage des médias sociaux est le plus élevé, mais il reste assez proche de "
            "l'ensemble des répondants. Un autre secteur s'en écarte beaucoup plus : comparez chaque secteur "
            "au panneau « Total »."),
           (lambda: {"total"}, "`\"total\"` est le panneau de l'ensemble des répondants, pas un secteur : "
                               "donnez la clé d'un des six secteurs (elles commencent par `sector_`).")],
    otherwise="Ce n'est pas le secteur qui s'écarte le plus du panneau « Total ». Pour chacun des six secteurs, "
              "calculez l'écart entre son usage des médias sociaux et celui de l'ensemble, dans un sens ou dans l'autre.",
    wrong=["sector_leisure", "total", "Habitation et location", ["sector_housing", "sector_leisure"], 26],
)


def _planned_vs_use(segment: str, share: float, strict: bool = True) -> set[str]:
    """Technologies whose planned investment exceeds ``share`` times their current use."""
    wide = data.technology_use(segment).pivot(index="technology", columns="measure", values="value")
    above = wide["planned"] > share * wide["use"] if strict else wide["planned"] >= share * wide["use"]
    return set(wide.index[above])


keys(
    "annexes-moitie", lambda: _planned_vs_use("size_lt5", 0.5), what="une liste de clés de technologies",
    known=lambda: set(data.technologies()["technology"]),
    hints=[(lambda: _planned_vs_use("total", 0.5),
            "C'est la réponse pour l'ensemble des répondants : choisissez le panneau des entreprises de moins "
            "de cinq employés (`\"size_lt5\"`)."),
           (lambda: _planned_vs_use("size_lt5", 1, strict=False),
            "Vous avez gardé les technologies où l'intention d'investir atteint l'usage entier : la consigne "
            "la compare à la moitié de l'usage (par exemple 12 % d'intentions pour 20 % d'usage suffit)."),
           (lambda: _planned_vs_use("size_20plus", 0.5),
            "C'est la réponse pour les entreprises de 20 employés et plus : choisissez le panneau des moins "
            "de cinq employés (`\"size_lt5\"`).")],
    otherwise="Pour chaque technologie du panneau `\"size_lt5\"`, comparez l'investissement prévu (`planned`) "
              "à la moitié de l'usage actuel (`use`) : gardez celles où il est plus grand.",
    wrong=[["crm", "scm"], "website_info", "Site Web informationnel", 8],
)


def _no_it_ahead(measure: str = "planned", strict: bool = True) -> set[str]:
    """Technologies where firms without an IT person are ahead of firms with one."""
    wide = data.technology_use(["it_yes", "it_no"], measures=measure).pivot(
        index="technology", columns="segment", values="value")
    ahead = wide["it_no"] > wide["it_yes"] if strict else wide["it_no"] >= wide["it_yes"]
    return set(wide.index[ahead])


def _largest_it_gap() -> set[str]:
    wide = data.technology_use(["it_yes", "it_no"], measures="planned").pivot(
        index="technology", columns="segment", values="value")
    gap = wide["it_yes"] - wide["it_no"]
    return set(gap.index[gap == gap.max()])


keys(
    "annexes-sans-ti", _no_it_ahead, what="une clé de technologie ou une liste de clés",
    known=lambda: set(data.technologies()["technology"]),
    hints=[(lambda: _no_it_ahead("use"),
            "Vérifiez deux choses : la mesure (les investissements prévus, `measures=[\"planned\"]`, pas l'usage "
            "actuel) et la comparaison (il faut que les entreprises sans personne-ressource soient strictement "
            "au-dessus : une égalité ne compte pas)."),
           (_largest_it_gap,
            "C'est là que les entreprises avec une personne-ressource en TI devancent le plus les autres : "
            "on cherche l'inverse, une technologie où celles qui n'en ont pas sont devant.")],
    otherwise="Dans votre graphique (ou son tableau de données), cherchez les lignes où la barre des entreprises "
              "sans personne-ressource en TI dépasse celle des entreprises qui en ont une.",
    wrong=["wifi", ["erp", "wms"], "Progiciels de gestion de type ERP", "it_no"],
)


def _margin(segment: str, technology: str, measure: str, level: float) -> float:
    """The margin of a value of a panel's data table: half the width of its Wilson interval, in points."""
    row = data.technology_use(segment, measures=measure, technologies=technology).iloc[0]
    n = int(row["n"])
    low, high = stats.wilson(stats.count(row["value"], n), n, level=level)
    return (high - low) / 2


def _rise(segment: str = "sector_housing", measure: str = "use", low: float = 95, high: float = 99) -> float:
    return _margin(segment, "social_media", measure, high) - _margin(segment, "social_media", measure, low)


number(
    "annexes-niveau", _rise, what="un nombre de points", percent=False, tolerance=0.1,
    right=lambda e: f"C'est bien environ {fmt.pct_points(round(e, 1), 1)} : à 99 %, l'intervalle s'élargit.",
    hints=[(lambda: _margin("sector_housing", "social_media", "use", 99),
            "C'est la marge à 99 % elle-même : la question demande de combien elle augmente, "
            "donc la marge à 99 % moins la marge à 95 %."),
           (lambda: _margin("sector_housing", "social_media", "use", 95),
            "C'est la marge à 95 % : relancez le chapitre à 99 %, puis faites la différence des deux marges."),
           (lambda: 2 * _rise(),
            "C'est l'augmentation de la largeur entière de l'intervalle (haut - bas) : la marge "
            "en est la moitié."),
           (lambda: -_rise(),
            "Attention au sens : la marge à 99 % est plus grande qu'à 95 %, la différence est positive."),
           # the rise from 90 % to 95 % and the leisure panel's rise are within the tolerance: one hint says both
           (lambda: _rise(low=90, high=95),
            "C'est l'écart entre 90 % et 95 %, ou celui du secteur des loisirs : la question compare 95 % et 99 %, "
            "dans le panneau « Habitation et location »."),
           (lambda: _rise("total"),
            "C'est l'écart pour le panneau « Total » : prenez le panneau « Habitation et location »."),
           (lambda: _rise(measure="planned"),
            "C'est l'écart pour l'investissement prévu : prenez la colonne « Usage actuel ».")],
    otherwise="Lisez les bornes de l'intervalle de la ligne « Médias sociaux », colonne « Usage actuel », dans le "
              "tableau de données du panneau « Habitation et location », à 95 % puis à 99 % ; la marge est "
              "(haute - basse) / 2 : faites la différence des deux marges.",
    wrong=[18.9, 14.8, 8.2, -4.1, "4 points", 1.5],
)
