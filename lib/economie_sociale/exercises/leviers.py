"""Checks of chapter 4 (chapters/05_numerique_leviers.ipynb): opinions on digital, tests of the gaps, concerns."""

from __future__ import annotations

from .. import data, settings, stats
from . import keys, number

# the gaps of the chapter's table of tests, by the keys of its `tests` dict:
# (segment, the report's % for the segment, the report's % for the whole sample)
COMPARISONS = {
    "plan": ("it_yes", "p3_5_digital_plan_it_yes", "p3_5_digital_plan"),
    "shift": ("size_20plus", "p3_5_digital_shift_20plus", "p3_5_digital_shift"),
    "mgmt": ("it_yes", "p3_5_1_mgmt_interest_it_yes", "p3_5_1_mgmt_interest"),
    "skills": ("it_yes", "p3_5_1_skills_it_yes", "p3_5_1_skills"),
}
OTHER_LEVELS = (90, 99)


def _or_none(found: set[str]) -> set[str] | None:
    return found or None  # an empty set would match an empty answer: no hint then


# --- which statement draws the most disagreement -------------------------------------------------

def _perceptions():
    return data.responses("perceptions").pivot(index="item", columns="level", values="value")


def _disagree():
    p11 = _perceptions()
    return p11["somewhat_disagree"] + p11["strongly_disagree"]


def _top(series) -> set[str]:
    return set(series.index[series == series.max()])


def _bottom(series) -> set[str]:
    return set(series.index[series == series.min()])


def _labels(question: str, items: set[str]) -> set[str]:
    r = data.responses(question)
    return set(r.loc[r["item"].isin(items), "item_label"])


keys(
    "leviers-desaccord", lambda: _top(_disagree()), what="la clé d'un énoncé",
    hints=[(lambda: _labels("perceptions", _top(_disagree())),
            "C'est le libellé de l'énoncé : donnez sa clé, celle qui sert d'index à la série `disagree` "
            "(des mots anglais en minuscules reliés par des `_`)."),
           (lambda: _bottom(_disagree()),
            # (it is also the statement most agreed with: one hint says both)
            "C'est l'énoncé qui suscite le moins de désaccord, et le plus d'accord : la question porte sur le "
            "désaccord (« plutôt » et « fortement » en désaccord). Triez du plus grand au plus petit "
            "(`ascending=False`) et prenez la première ligne."),
           (lambda: {"financial_resources"} - _top(_disagree()) or None,
            "Le texte du chapitre cite le désaccord sur cet énoncé, mais ce n'est pas le plus contesté : "
            "comparez la variable `disagree` pour tous les énoncés.")],
    otherwise="Ce n'est pas l'énoncé le plus contesté : affichez `disagree.sort_values(ascending=False)` "
              "et prenez la clé de la première ligne.",
    wrong=["mgmt_interest", "Leur organisation possède un plan numérique", "financial_resources", "skills"],
)


# --- the gaps that stay significant after Holm's correction ------------------------------------

def _tests() -> dict:
    n_total = data.segment_n("total")
    return {key: stats.segment_vs_rest(data.prose(in_group), data.segment_n(segment), data.prose(overall), n_total)
            for key, (segment, in_group, overall) in COMPARISONS.items()}


def _holm(threshold: float | None = None) -> set[str]:
    tests = _tests()
    adjusted = stats.adjust([t.p_value for t in tests.values()], method="holm")
    threshold = settings.alpha() if threshold is None else threshold
    return {key for key, p in zip(tests, adjusted) if p < threshold}


keys(
    "leviers-holm", _holm, what="une liste de clés d'écarts, celles du dictionnaire `tests`",
    hints=[(lambda: _or_none({key for key, t in _tests().items() if t.significant()}),
            "Ce sont les écarts significatifs avant correction : comparez au seuil les probabilités "
            "corrigées que renvoie `stats.adjust`, pas celles de départ."),
           (lambda: _or_none(_holm(settings.alpha() / len(COMPARISONS))),
            "Vous avez sans doute corrigé deux fois : la méthode de Holm a déjà tenu compte du nombre de tests, "
            "comparez les probabilités corrigées au seuil du chapitre, sans le diviser."),
           (lambda: _or_none(set(COMPARISONS) - _holm()),
            "Vous avez gardé les écarts dont la probabilité corrigée dépasse le seuil : la question demande "
            "ceux qui restent en dessous.")],
    otherwise="Corrigez toutes les probabilités ensemble (`stats.adjust` reçoit la liste entière et la rend dans "
              "le même ordre), puis gardez les clés de `tests` dont la probabilité corrigée est sous le seuil : "
              "des clés en anglais, que `list(tests)` énumère.",
    wrong=[["shift", "mgmt", "skills"], ["skills"], ["plan", "mgmt"], ["virage", "compétences"]],
)


# --- the other attribution of the report's Figure 12 --------------------------------------------

def _concern(level: str, swapped: bool) -> float:
    """The share at ``level`` of the row labelled as human resources management, labels swapped or not."""
    concerns = data.responses("business_concerns")
    labels = concerns.drop_duplicates("item").set_index("item")["item_label"]
    hr, revenue = labels["manage_hr"], labels["increase_revenue"]
    if swapped:
        concerns = concerns.assign(item_label=concerns["item_label"].replace({hr: revenue, revenue: hr}))
    row = concerns[(concerns["item_label"] == hr) & (concerns["level"] == level)]
    return float(row["value"].iloc[0])


number(
    "leviers-attribution", lambda: _concern("very_concerned", swapped=True), what="un pourcentage",
    hints=[(lambda: _concern("very_concerned", swapped=False),
            "C'est la valeur de l'attribution actuelle : échangez d'abord les libellés des deux lignes, "
            "puis lisez la barre de la gestion des ressources humaines."),
           (lambda: _concern("very_concerned", True) + _concern("somewhat_concerned", True),
            "C'est la part des entreprises préoccupées, « très » et « assez » réunis : ne gardez que "
            "« très préoccupé »."),
           (lambda: _concern("somewhat_concerned", swapped=True),
            "C'est la part « assez préoccupée » : prenez le premier segment de la barre, « très préoccupé »."),
           (lambda: _concern("somewhat_concerned", swapped=False),
            "C'est la part « assez préoccupée », et dans l'attribution actuelle : échangez les libellés, "
            "puis prenez le segment « très préoccupé »."),
           ],
    otherwise="Après l'échange, filtrez `alt` sur le libellé de la gestion des ressources humaines et sur le niveau "
              "`\"very_concerned\"`, puis lisez la colonne `value`.",
    wrong=[30, 70, 0.38, 32, 40, "38 %"],
)


# --- the gaps whose verdict changes with the confidence level -----------------------------------

def _changes(levels=OTHER_LEVELS) -> set[str]:
    base = settings.DEFAULT_CONFIDENCE
    return {key for key, t in _tests().items()
            if any(t.verdict(level) != t.verdict(base) for level in levels)}  # three states: see stats


keys(
    "leviers-niveaux", _changes, what="une liste de clés d'écarts, celles du dictionnaire `tests`",
    hints=[(lambda: _or_none(_changes((99,))),
            "C'est l'écart qui change de verdict à 99 % ; refaites l'essai à 90 % : un autre écart change aussi."),
           (lambda: _or_none(_changes((90,))),
            "C'est l'écart qui change de verdict à 90 % ; refaites l'essai à 99 % : un autre écart change aussi."),
           (lambda: _or_none(set(COMPARISONS) - _changes()),
            "Ce sont les écarts dont le verdict ne bouge pas : la question demande ceux qui passent de "
            "« significatif » à « non significatif », ou l'inverse.")],
    otherwise="Exécutez le chapitre à 90 %, puis à 99 %, et comparez chaque fois la dernière colonne du tableau des "
              "tests à celle du niveau du rapport. Donnez les clés de ces écarts, en anglais, telles que `list(tests)` "
              "les énumère.",
    wrong=["mgmt", ["plan"], ["shift", "skills"], ["plan", "mgmt", "shift", "skills"]],
)
