"""Checks of the chapter on the thirteen case studies (chapters/08_potentiel_numerique.ipynb)."""

from __future__ import annotations

from .. import data, fmt
from . import Exercise, keys, number


def _as_keys(answer) -> set | None:
    if isinstance(answer, str):
        return {answer}
    if isinstance(answer, (list, tuple, set, frozenset)) and all(isinstance(x, str) for x in answer):
        return set(answer)
    return None


def _names_not_keys(exercise: Exercise) -> Exercise:
    """A hint for an answer that gives the enterprises' names rather than their keys."""
    def applies(answer, _expected) -> bool:
        given = _as_keys(answer)
        return given is not None and bool(given - set(data.load_cases()["case"]))

    exercise.hints.insert(1, (applies, "Une de vos clés n'est pas une clé de cas : donnez les valeurs de la colonne "
                                       "`case` (`\"case02\"`, `\"case03\"`…), pas les noms des entreprises."))
    return exercise


def _other_sector_named(phrase: str | None = None) -> set[str]:
    """Cases whose note names a sector key besides the one retained (or, with ``phrase``, whose note says it)."""
    cases = data.load_cases()
    sectors = list(data.segments("sector")["segment"])
    found = set()
    for case, retained, note in zip(cases["case"], cases["sector"], cases["notes"]):
        note = str(note)
        if phrase is not None:
            if phrase in note:
                found.add(case)
        elif any(s in note and s != retained for s in sectors):
            found.add(case)
    return found


_names_not_keys(keys(
    "cas-secteur", _other_sector_named, what="une liste de clés de cas",
    hints=[(lambda: _other_sector_named("Sector ambiguous"),
            "Vous avez retenu les notes qui écrivent « Sector ambiguous ». D'autres notes proposent elles aussi "
            "un autre secteur, avec d'autres mots (« possible », « could also suggest ») : cherchez les clés "
            "`sector_…` qu'elles nomment."),
           (lambda: _other_sector_named("Sector") | _other_sector_named("sector_"),
            "Certaines des notes retenues ne nomment que le secteur choisi (« mapped to … ») : gardez seulement "
            "celles qui proposent un autre secteur que celui de la colonne `sector`.")],
    otherwise="Pour chaque cas, lisez sa note : propose-t-elle une clé `sector_…` différente de celle de la "
              "colonne `sector` ? Gardez ces cas-là.",
    wrong=[["case01", "case06", "case08"], "case01", ["La Remise", "Sercovie"],
           ["case01", "case05", "case06", "case07", "case08", "case09", "case10", "case13"]],
))


def _in_budget_figure():
    cases = data.load_cases()
    return cases, cases["revenue_min"].notna() & cases["it_budget_min"].notna()


def _dropped_with_employees() -> set[str]:
    """Cases of the budget-by-revenue figure that a log axis of employees cannot show (none, or zero)."""
    cases, shown = _in_budget_figure()
    drawable = cases["employees_min"] > 0  # a missing count is not > 0 either
    return set(cases.loc[shown & ~drawable, "case"])


def _entering_with_employees() -> set[str]:
    cases, shown = _in_budget_figure()
    return set(cases.loc[~shown & cases["it_budget_min"].notna() & (cases["employees_min"] > 0), "case"])


def _without_budget() -> set[str]:
    cases = data.load_cases()
    return set(cases.loc[cases["it_budget_min"].isna(), "case"])


_names_not_keys(keys(
    "cas-employes", _dropped_with_employees, what="une clé de cas ou une liste de clés",
    hints=[(_entering_with_employees,
            "Ce cas n'est pas dans la figure actuelle (sa fiche ne donne pas de chiffre d'affaires) : avec les "
            "employés en abscisse, il y apparaît au contraire. On cherche un cas qui disparaît."),
           (_without_budget,
            "Ces cas n'étaient déjà pas dans la figure : leur fiche ne donne pas de budget TI. Cherchez parmi "
            "les cas que la figure montre.")],
    otherwise="Parmi les cas de la figure actuelle (chiffre d'affaires et budget TI connus), cherchez ceux dont le "
              "nombre d'employés ne peut pas se placer sur une échelle logarithmique.",
    wrong=["case10", ["case04", "case05", "case07"], "La Remise", ["case06", "case10"]],
))


def _remise():
    return data.load_cases().set_index("case").loc["case06"]


def _revenue_used() -> float:
    """The end of La Remise's revenue range that reproduces the share its fact box prints."""
    r = _remise()
    return min((r["revenue_min"], r["revenue_max"]),
               key=lambda revenue: abs(100 * r["it_budget_min"] / revenue - r["it_budget_share_printed"]))


def _revenue_not_used() -> float:
    r = _remise()
    return r["revenue_min"] + r["revenue_max"] - _revenue_used()


remise = number(
    "cas-remise", _revenue_used, what="un chiffre d'affaires en dollars", percent=False, tolerance=0.5,
    right=lambda e: f"C'est bien {fmt.dollars(e)} : le rapport a pris le haut de la fourchette.",
    hints=[(_revenue_not_used,
            "C'est l'autre extrémité de la fourchette : avec ce chiffre d'affaires, la part du budget TI ne "
            "donnerait pas celle qu'imprime la fiche. Comparez `computed_low` et `computed_high` à "
            "`it_budget_share_printed`."),
           (lambda: (_remise()["revenue_min"] + _remise()["revenue_max"]) / 2,
            "C'est le milieu de la fourchette : le rapport a pris une de ses deux extrémités."),
           (lambda: _remise()["it_budget_min"], "C'est le budget TI : la question demande le chiffre d'affaires."),
           # the printed share and the computed ones are a few tenths apart: one message for all
           (lambda: _remise()["it_budget_share_printed"],
            "C'est une part du chiffre d'affaires, en pour cent : la question demande le chiffre d'affaires "
            "lui-même, en dollars, qui produit la part imprimée.")],
    otherwise="La part imprimée est budget TI ÷ chiffre d'affaires : laquelle des deux extrémités de la fourchette "
              "de chiffre d'affaires (`revenue_min` ou `revenue_max`) la reproduit ?",
    wrong=[35000, 37500, 1000, 2.5, 2.857, "computed_low", "40 000 $"],
)
remise.hints.insert(0, (lambda a, e: a in ("computed_low", "computed_high"),
                        "Vous avez nommé une colonne : traduisez-la en chiffre d'affaires. Quelle extrémité de la "
                        "fourchette (`revenue_min` ou `revenue_max`) cette colonne utilise-t-elle ? Donnez ce montant, "
                        "en dollars."))
