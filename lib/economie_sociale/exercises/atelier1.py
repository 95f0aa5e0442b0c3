"""Checks of the workshop's first notebook (atelier/atelier_1_premiers_pas.ipynb)."""

from __future__ import annotations

from .. import data
from . import keys, number


def _use(segment: str, technology: str) -> float:
    return float(data.technology_use(segment, measures="use", technologies=technology)["value"].iloc[0])


def _most_used(segment: str) -> set[str]:
    use = data.technology_use(segment, measures="use")
    return set(use.loc[use["value"] == use["value"].max(), "technology"])


number(
    "atelier1-revenu", lambda: data.value("revenue", item="rev_lt100k"), what="un pourcentage",
    hints=[(lambda: data.value("revenue", item="rev_1m_plus"),
            "C'est la part de la tranche la plus haute (1 000 000 $ et plus) : cherchez la barre « Moins de 100 000 $ ».")],
    otherwise="Cherchez la barre « Moins de 100 000 $ » du graphique, ou sa ligne dans le tableau (colonne value).",
    wrong=[0.30, "30 %", 18, 3],
)

keys(
    "atelier1-top", lambda: _most_used("size_20plus"), what="une clé de technologie",
    known=lambda: set(data.technologies()["technology"]),
    hints=[(lambda: _most_used("size_lt5"),
            "C'est la plus utilisée… par les moins de cinq employés : changez le groupe pour \"size_20plus\".")],
    otherwise="Ce n'est pas la plus utilisée des 20 employés et plus : triez le tableau par la colonne value "
              "(usage.sort_values(\"value\", ascending=False)).",
    wrong=["Suites bureautiques", "wifi", "office"],
)

number(
    "atelier1-nuage", lambda: _use("size_lt5", "cloud"), what="un pourcentage",
    hints=[(lambda: _use("size_20plus", "cloud"), "C'est la part des 20 employés et plus : prenez le groupe \"size_lt5\"."),
           (lambda: float(data.technology_use("size_lt5", measures="planned", technologies="cloud")["value"].iloc[0]),
            "C'est l'intention d'investir (planned) : demandez l'usage actuel, measures=\"use\".")],
    otherwise="Filtrez data.technology_use sur le groupe \"size_lt5\", la mesure \"use\" et la technologie \"cloud\".",
    wrong=[0.42, 51, 15, 12],
)
