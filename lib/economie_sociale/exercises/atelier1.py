"""Checks of the workshop's first notebook (atelier/atelier_1_premiers_pas.ipynb)."""

from __future__ import annotations

from .. import data
from . import keys, number


def _use(segment: str, technology: str, measure: str = "use") -> float:
    return float(data.technology_use(segment, measures=measure, technologies=technology)["value"].iloc[0])


def _top(segment: str, measure: str) -> set[str]:
    table = data.technology_use(segment, measures=measure)
    return set(table.loc[table["value"] == table["value"].max(), "technology"])


number(
    "atelier1-revenu", lambda: data.value("revenue", item="rev_lt100k"), what="un pourcentage",
    hints=[(lambda: data.value("revenue", item="rev_1m_plus"),
            "C'est la part de la tranche la plus haute (1 000 000 $ et plus) : cherchez la barre « Moins de 100 000 $ ».")],
    otherwise="Cherchez la barre « Moins de 100 000 $ » du graphique, ou sa ligne dans le tableau (colonne `value`).",
    wrong=[0.30, "30 %", "30", (30, 0), 18, 3],
)

keys(
    "atelier1-top", lambda: _top("size_20plus", "planned"), what="une clé de technologie",
    known=lambda: set(data.technologies()["technology"]),
    hints=[(lambda: _top("size_lt5", "planned"),
            "C'est la première des intentions d'investir… des moins de cinq employés : changez le groupe pour "
            "`\"size_20plus\"`."),
           (lambda: _top("size_20plus", "use"),
            "C'est la technologie la plus **utilisée** : la question porte sur les intentions d'investir, "
            "`measures=\"planned\"`.")],
    otherwise="Ce n'est pas la première des intentions d'investir des 20 employés et plus : triez le tableau par la "
              "colonne `value`, de la plus grande à la plus petite (`intentions.sort_values(\"value\", ascending=False)`).",
    wrong=["Logiciel comptable", "website_info", "office_suite", "wifi", 3],
)

number(
    "atelier1-nuage", lambda: _use("size_lt5", "cloud"), what="un pourcentage",
    hints=[(lambda: _use("size_20plus", "cloud"), "C'est la part des 20 employés et plus : prenez le groupe `\"size_lt5\"`."),
           (lambda: _use("size_lt5", "cloud", "planned"),
            "C'est l'intention d'investir (`planned`) : demandez l'usage actuel, `measures=\"use\"`.")],
    otherwise="Filtrez `data.technology_use` sur le groupe `\"size_lt5\"`, la mesure `\"use\"` et la technologie `\"cloud\"`.",
    wrong=[0.42, "42 %", 51, 15, 12],
)
