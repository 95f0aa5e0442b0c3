"""Checks of the workshop's second notebook (atelier/atelier_2_marges.ipynb)."""

from __future__ import annotations

from .. import data, stats
from . import number, yes_no


def _interval(segment: str) -> tuple[float, float]:
    n = data.segment_n(segment)
    return stats.wilson(stats.count(data.value("sells_online", segment, level="yes"), n), n)


number(
    "atelier2-nombre", lambda: stats.count(data.value("sells_online", level="yes"), data.segment_n("total")),
    what="un nombre entier d'entreprises", percent=False, tolerance=0,
    right=lambda e: f"C'est bien {e} entreprises.",
    hints=[(lambda: data.value("sells_online", level="yes"),
            "C'est le pourcentage : il faut le nombre d'entreprises qu'il représente sur la base (`stats.count`)."),
           (lambda: data.value("sells_online", level="yes") / 100 * data.segment_n("total"),
            "Presque : un nombre d'entreprises est entier. `stats.count(part, base)` trouve le bon."),
           (lambda: data.segment_n("total"), "C'est la base, le nombre de répondants : il faut ceux qui vendent en ligne.")],
    otherwise="Calculez `stats.count(part, base)` avec le pourcentage et la base de l'ensemble des répondants.",
    wrong=[29, "117", (116, 87), 116.87, 0.29, 403],
)

number(
    "atelier2-borne", lambda: round(_interval("total")[0], 1), what="un pourcentage", tolerance=0.06, decimals=1,
    hints=[(lambda: round(_interval("total")[1], 1), "C'est la borne haute : prenez la première des deux valeurs."),
           (lambda: data.value("sells_online", level="yes"), "C'est la part elle-même, pas la borne basse de son intervalle.")],
    otherwise="Calculez `bas, haut = stats.wilson(nombre, base)` avec le nombre d'entreprises de l'exercice précédent, "
              "puis `round(bas, 1)`.",
    wrong=[(24, 8), "24,8 %", 33.6, 29, 0.248, 20],
)

number(
    "atelier2-largeur", lambda: round(_interval("sector_retail")[1] - _interval("sector_retail")[0], 1),
    what="une largeur en points", percent=False, tolerance=0.06, decimals=1,
    hints=[(lambda: round(_interval("total")[1] - _interval("total")[0], 1),
            "C'est la largeur de l'intervalle de l'ensemble des répondants : prenez le groupe `\"sector_retail\"`."),
           (lambda: round((_interval("sector_retail")[1] - _interval("sector_retail")[0]) / 2, 1),
            "C'est la moitié de la largeur : faites `haut - bas`."),
           (lambda: round(_interval("sector_retail")[0], 1), "C'est la borne basse : la largeur est `haut - bas`."),
           (lambda: round(_interval("sector_retail")[0] - _interval("sector_retail")[1], 1),
            "C'est la largeur avec le mauvais signe : faites `haut - bas`, pas `bas - haut`.")],
    otherwise="Avec la part et la base du groupe `\"sector_retail\"`, calculez `bas, haut = stats.wilson(...)`, "
              "puis `haut - bas`.",
    wrong=[8.8, -29.5, 14.7, 20.2, 33],
)

yes_no(
    "atelier2-quart", lambda: bool(_interval("total")[0] > 25), what="True ou False",
    otherwise="Regardez la borne basse de l'intervalle : si elle est sous 25 %, l'enquête est compatible avec moins du quart.",
    wrong=[True, "False", "peut-être"],
)
