"""Checks of chapter 1, « Profil des répondants » (chapters/02_profil_repondants.ipynb)."""

from __future__ import annotations

import pandas as pd

from .. import data, fmt, schemas, stats
from . import keys, number

SIZES = ["size_lt5", "size_5_19", "size_20plus"]


# --------------------------------------------------------------------------
# profil-colonnes: the columns that say how sure a value's label is


def _columns() -> set[str]:
    return set(data.responses("revenue").columns)


def _mapping_columns() -> set[str]:
    # the columns the data dictionary describes as the attribution of a value to its label
    return set(schemas.MAPPING_FR) & _columns()


def _names(answer) -> set[str]:
    return {answer} if isinstance(answer, str) else set(answer)


colonnes = keys(
    "profil-colonnes", _mapping_columns, what="une liste de noms de colonnes",
    hints=[
        (lambda: {"mapping"},
         "La colonne `mapping` dit bien si la valeur est sûre (`certain`) ou non (`ambiguous`), mais il manque les deux "
         "colonnes qui expliquent ce verdict."),
        (lambda: {"mapping", "mapping_note"},
         "Il manque la colonne qui énumère, pour une valeur incertaine, les autres étiquettes qu'elle pourrait avoir."),
        (lambda: {"mapping", "alternatives"},
         "Il manque la colonne du raisonnement : une phrase (en anglais) qui explique pourquoi la valeur est sûre ou non."),
        (lambda: {"value", "n"},
         "`value` est le pourcentage et `n` sa base : les colonnes cherchées sont plus à droite dans le tableau."),
    ],
    otherwise="Affichez `data.responses(\"revenue\")` et lisez les noms des colonnes placées après `value` et `n` : "
              "ce sont elles qui parlent de l'attribution des valeurs.",
    wrong=[["mapping"], ["mapping", "mapping_note"], ["value", "n"], "Mapping", 3],
)
# a name that is no column of the table (before « il en manque » and « en trop »)
colonnes.hints.insert(len(colonnes.hints) - 2, (
    lambda a, e: bool(_names(a) - _columns()),
    "Un de vos noms n'est pas une colonne du tableau : vérifiez l'orthographe (minuscules, tiret bas) avec "
    "`list(data.responses(\"revenue\").columns)`."))


# --------------------------------------------------------------------------
# profil-secteur: the second sector among firms of 20 employees or more


def _sector_items() -> set[str]:
    return set(data.responses("respondent_sector")["item"])


def _ranked(segment: str, rank: int) -> set[str]:
    """The sector(s) at ``rank`` (0 = the largest) of a segment's distribution, ties kept together."""
    shares = data.responses("respondent_sector", segment).set_index("item")["value"]
    level = sorted(set(shares), reverse=True)[rank]
    return set(shares.index[shares == level])


secteur = keys(
    "profil-secteur", lambda: _ranked("size_20plus", 1), what="une clé de secteur",
    hints=[
        (lambda: _ranked("size_20plus", 0),
         "C'est le secteur le plus représenté ; la question demande celui qui vient juste après lui."),
        (lambda: _ranked("total", 1),
         "C'est le deuxième secteur de l'ensemble des répondants, pas des 20 employés et plus : vérifiez le groupe "
         "passé à `data.responses` (`\"size_20plus\"`)."),
        (lambda: _ranked("size_20plus", 2),
         "Ce secteur arrive un rang plus bas : comparez les valeurs des barres (ou triez le tableau par la colonne `value`)."),
    ],
    otherwise="Tracez la répartition des 20 employés et plus, puis repérez la deuxième barre la plus longue ; "
              "sa clé est dans la colonne `item` du tableau.",
    wrong=["sector_personal", "sector_leisure", "sector_agri", "Services aux entreprises", "size_20plus",
           ["sector_personal", "sector_business"]],
)
# a key that is no sector of the table (a label, a size group…), before « il en manque » and « en trop »
secteur.hints.insert(len(secteur.hints) - 2, (
    lambda a, e: bool(_names(a) - _sector_items()),
    "Ce n'est pas une clé de secteur : prenez-la dans la colonne `item` du tableau (les clés des secteurs "
    "commencent par `sector_`)."))


# --------------------------------------------------------------------------
# profil-tableau1: Table 1's total column against the size columns, weighted by their bases


def _table1() -> pd.DataFrame:
    return data.responses("respondent_sector").pivot(index="item", columns="segment", values="value")


def _gaps(weights: pd.Series) -> pd.Series:
    table = _table1()
    mean = (table[SIZES] * weights).sum(axis=1) / weights.sum()
    return mean - table["total"]


def _weighted_gaps() -> pd.Series:
    return _gaps(pd.Series({s: data.segment_n(s) for s in SIZES}))


def largest_gap() -> float:
    """Table 1: the largest gap, in points, between the printed total and the size columns' weighted mean."""
    return float(_weighted_gaps().abs().max())


number(
    "profil-tableau1", largest_gap, what="un nombre de points", tolerance=0.01, percent=False,
    hints=[
        (lambda: float(_gaps(pd.Series(1.0, index=SIZES)).abs().max()),
         "Vous avez fait la moyenne simple des trois colonnes : chacune doit peser selon son effectif "
         "(`data.segment_n`), car les tailles n'ont pas le même nombre d'entreprises."),
        (lambda: float(_weighted_gaps().min()),
         "Vous avez pris l'écart le plus négatif : prenez la valeur absolue des écarts (`.abs()`) avant de chercher "
         "le plus grand."),
        (lambda: round(largest_gap(), 1),
         "Vous y êtes presque : donnez l'écart avec deux décimales (`round(écart, 2)`)."),
    ],
    otherwise="Pour chaque secteur, multipliez la part de chaque taille par son effectif, additionnez, divisez par "
              "la somme des effectifs, puis comparez à la colonne `total` ; gardez le plus grand écart en valeur absolue.",
    right=lambda e: f"C'est bien {fmt.pct_points(e, 2)}.",
    wrong=[6.67, -0.4, 0.5, "0,47"],
)


# --------------------------------------------------------------------------
# profil-marge: the margin of error of the whole sample at 99 %


def _margin(level: float, segment: str = "total") -> float:
    return stats.margin_of_error(data.segment_n(segment), level=level)


number(
    "profil-marge", lambda: _margin(99), what="un nombre de points", tolerance=0.06,
    hints=[
        (lambda: _margin(95),
         "C'est la marge au niveau de confiance de 95 % : la question la demande à 99 % "
         "(`CONFIDENCE_LEVEL = 99`, ou `level=99` dans `stats.margin_of_error`)."),
        (lambda: _margin(90),
         "C'est la marge au niveau de confiance de 90 % : la question la demande à 99 %."),
        (lambda: 2 * _margin(99),
         "C'est la largeur totale de l'intervalle, d'un bout à l'autre : la marge d'erreur en est la moitié."),
    ],
    otherwise="Calculez `stats.margin_of_error` avec la base de l'ensemble des répondants (`data.segment_n(\"total\")`) "
              "au niveau de confiance de 99 %.",
    right=lambda e: f"C'est bien {fmt.pct_points(e, 1)}.",
    wrong=[4.86, 4.08, 12.73, 0.064, "6,4 points"],
)
