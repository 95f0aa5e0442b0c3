"""Checks of chapter 6 (chapters/07_economie_partage.ipynb): the sharing economy, the report's four findings."""

from __future__ import annotations

from .. import data, fmt, stats
from . import keys, number, yes_no


# --- the intention's unknown base ----------------------------------------------------------------

def _already() -> int:
    """Firms already in the sharing economy, among all respondents."""
    return stats.count(data.prose("p3_7_sharing_economy"), data.segment_n("total"))


def _intend(base: int) -> int:
    return stats.count(data.prose("p3_7_sharing_economy_intend"), base)


number(
    "partage-intention", lambda: _intend(data.segment_n("total") - _already()),
    what="un nombre d'entreprises", percent=False, tolerance=0.5,
    hints=[(lambda: _intend(data.segment_n("total")),
            "C'est le nombre si la base était l'ensemble des répondants : retirez d'abord de la base les "
            "entreprises qui œuvrent déjà dans l'économie de partage."),
           (lambda: _already(),
            "C'est le nombre d'entreprises qui œuvrent déjà dans l'économie de partage : il faut celles qui "
            "en ont l'intention, parmi les autres."),
           (lambda: data.segment_n("total") - _already(),
            "C'est la base de ce second calcul, les entreprises qui n'y œuvrent pas encore : prenez-en maintenant "
            "le pourcentage de l'intention."),
           (lambda: data.prose("p3_7_sharing_economy_intend"),
            "C'est le pourcentage cité par le rapport : il faut le nombre d'entreprises qu'il représenterait.")],
    otherwise="Calculez d'abord combien d'entreprises œuvrent déjà dans l'économie de partage "
              "(`stats.count(pourcentage, n)`), retirez-les des répondants, puis appliquez le pourcentage de "
              "l'intention à ce qui reste.",
    right=lambda e: f"C'est bien {fmt.number(e)} entreprises.",
    wrong=[48, 48.36, 64, 339, 12, "41 entreprises"],
)


# --- does the interval of the small firms contain the overall share? ----------------------------

def _contains() -> bool:
    n = data.segment_n("size_lt5")
    low, high = stats.wilson(stats.count(data.prose("p3_7_sharing_economy_lt5"), n), n)
    return low <= data.prose("p3_7_sharing_economy") <= high


yes_no(
    "partage-ic", _contains, what="`True` ou `False`",
    otherwise="Calculez l'intervalle avec `stats.wilson(stats.count(values[\"size_lt5\"], n_lt5), n_lt5)`, puis "
              "regardez si la part de l'ensemble, `values[\"total\"]`, se trouve entre ses deux bornes.",
    wrong=[False, "non"],
)


# --- the numbers the report quotes in section 3.5 -------------------------------------------------

SECTION = "3.5"


def _claims(keep) -> set[str]:
    prose = data.load_prose_numbers()
    return set(prose.loc[prose["section"].map(keep), "claim"])


def _in_section() -> set[str]:
    return _claims(lambda s: s == SECTION)


def _percentages_only() -> set[str] | None:
    prose = data.load_prose_numbers()
    return (_in_section() & set(prose.loc[prose["unit"] == "pct", "claim"])) or None


keys(
    "partage-constat", _in_section, what="une liste de clés, celles de la colonne `claim`",
    hints=[(lambda: set(),
            "Votre liste est vide : la colonne `section` contient du texte, comparez-la à `\"3.5\"` entre guillemets."),
           (lambda: _claims(lambda s: s == SECTION or s.startswith(SECTION + ".")),
            "Vous avez aussi pris les sous-sections (3.5.1, 3.5.2, 3.5.3) : ne gardez que les lignes dont la "
            "section vaut exactement `\"3.5\"`."),
           (_percentages_only,
            "Il en manque : tous les nombres cités comptent, pas seulement les pourcentages."),
           (lambda: _claims(lambda s: s == "3.8"),
            "C'est le nombre cité dans la section 3.8, celle des constats : le premier constat s'appuie sur les "
            "nombres de la section 3.5.")],
    otherwise="Filtrez le tableau : `prose = data.load_prose_numbers()`, puis `prose[prose[\"section\"] == \"3.5\"]`, "
              "et prenez sa colonne `claim` (avec `.tolist()`).",
    wrong=[[], ["p3_8_it_person"], "3.5",
           ["p3_5_digital_plan", "p3_5_digital_plan_it_yes", "p3_5_digital_shift", "p3_5_digital_shift_20plus"]],
)
