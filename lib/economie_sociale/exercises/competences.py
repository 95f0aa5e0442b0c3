"""Checks of chapter 5 (chapters/06_competences_rh.ipynb): employees' digital skills, HR practices."""

from __future__ import annotations

from .. import data, stats
from . import keys, number, yes_no


# --- do the bounds on combinations of skills depend on the attribution? ------------------------

def _bounds(skills) -> tuple[float, float, float]:
    """« at least one » (lower bound), « all three » (lower and upper bounds), from the yes shares by label."""
    yes = skills[skills["level"] == "yes"].set_index("item_label")["value"]
    return yes.max(), max(0.0, yes.sum() - 100 * (len(yes) - 1)), yes.min()


def _bounds_change() -> bool:
    skills = data.responses("employee_skills")
    labels = skills.drop_duplicates("item").set_index("item")["item_label"]
    a, b = labels["analytical"], labels["collaborative"]
    swapped = skills.assign(item_label=skills["item_label"].replace({a: b, b: a}))
    return _bounds(swapped) != _bounds(skills)


yes_no(
    "competences-bornes", _bounds_change, what="`True` ou `False`",
    otherwise="Recalculez les bornes après l'échange : elles viennent de la plus grande des trois parts, de la plus "
              "petite et de leur somme. Regardez si l'échange de deux libellés modifie ces trois nombres.",
    wrong=[True, "oui"],
)


# --- the interval around « none of these practices » ---------------------------------------------

def _none_interval(level=None) -> tuple[float, float]:
    n = data.segment_n("total")
    return stats.wilson(stats.count(data.value("hr_practices", item="none"), n), n, level)


number(
    "competences-aucune", lambda: _none_interval()[1], what="un pourcentage", tolerance=0.1,
    hints=[(lambda: _none_interval()[0],
            "C'est la borne basse : `stats.wilson` renvoie deux nombres, (borne basse, borne haute) ; "
            "prenez le second."),
           (lambda: stats.wilson(data.value("hr_practices", item="none"), data.segment_n("total"))[1],
            "Vous avez passé le pourcentage à `stats.wilson`, qui attend un nombre d'entreprises : "
            "convertissez-le d'abord avec `stats.count(pourcentage, n)`."),
           (lambda: data.value("hr_practices", item="none"),
            "C'est la part elle-même, celle de la barre « aucune de ces pratiques » : la question demande "
            "la borne haute de son intervalle de confiance."),
           (lambda: 100 - data.value("hr_practices", item="none"),
            "C'est la part des entreprises qui ont eu recours à au moins une pratique : calculez l'intervalle "
            "de la barre « aucune de ces pratiques »."),
           (lambda: round(_none_interval()[1]),
            "Vous avez arrondi à l'unité : gardez une décimale."),
           *[(lambda level=level: _none_interval(level)[1],
              "C'est la borne d'un autre niveau de confiance : laissez `stats.wilson` prendre celui du chapitre "
              "(sans l'argument `level`).") for level in (90, 95, 99)]],
    otherwise="Calculez `n = data.segment_n(\"total\")`, puis `stats.wilson(stats.count(p15[\"none\"], n), n)`, "
              "et prenez le second des deux nombres.",
    wrong=[43.1, 0.528, 48, 53, 15.5, 52, "52,8 %"],
)


# --- the longest bar once the bars are sorted ----------------------------------------------------

def _practices():
    return data.responses("hr_practices").set_index("item")["value"]


def _first(ascending: bool = False) -> set[str]:
    values = _practices()
    target = values.min() if ascending else values.max()
    return set(values.index[values == target])


def _practice_label(items: set[str]) -> set[str]:
    r = data.responses("hr_practices")
    return set(r.loc[r["item"].isin(items), "item_label"])


keys(
    "competences-tri", _first, what="la clé d'une barre, dans la colonne `item`",
    hints=[(lambda: _practice_label(_first()),
            "C'est le libellé de la barre : donnez sa clé, dans la colonne `item` du tableau."),
           (lambda: _first(ascending=True),
            "C'est la barre la plus courte : triez de la plus grande valeur à la plus petite (`ascending=False`)."),
           *[(lambda item=item: {item} - _first() or None,
              "C'est l'une des pratiques les plus fréquentes, mais pas la première barre du tableau trié : "
              "affichez ce tableau et lisez sa première ligne.")
             for item in ("digital_training", "mentoring", "remote_work")]],
    otherwise="Triez le tableau : `practices.sort_values(\"value\", ascending=False)`, puis lisez la colonne `item` "
              "de la première ligne.",
    wrong=["dont_know", "digital_training", ["mentoring"], "Aucune de ces pratiques", "aucune"],
)
