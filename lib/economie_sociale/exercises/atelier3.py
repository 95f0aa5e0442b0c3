"""Checks of the workshop's third notebook (atelier/atelier_3_comparer.ipynb)."""

from __future__ import annotations

from .. import audit, data, stats
from . import keys, number, yes_no


def _it_test() -> stats.Comparison:
    counts = [(stats.count(data.value("sells_online", s, level="yes"), data.segment_n(s)), data.segment_n(s))
              for s in ("it_yes", "it_no")]
    return stats.compare_counts(counts[0][0], counts[0][1], counts[1][0], counts[1][1])


number(
    "atelier3-p", lambda: round(_it_test().p_value, 3), what="une probabilité entre 0 et 1", percent=False,
    tolerance=0.0015, decimals=3,
    hints=[(lambda: round(100 * _it_test().p_value, 3),
            "Une probabilité p s'écrit entre 0 et 1, pas en pour cent : prenez `test.p_value` telle quelle."),
           (lambda: round(_it_test().gap, 3), "C'est l'écart entre les deux groupes, en points : il faut `test.p_value`."),
           (lambda: 0.05, "0,05 est le seuil auquel on compare p : il faut la probabilité du test, `test.p_value`.")],
    otherwise="Prenez `test.p_value` dans la cellule qui compare les deux groupes, arrondie avec `round(test.p_value, 3)`.",
    wrong=[(0, 24), "0,024", 2.381, 0.05, 12.0],
)

yes_no(
    "atelier3-significatif", lambda: bool(_it_test().significant(95)), what="True ou False",
    otherwise="Comparez p au seuil de 0,05 : sous le seuil, l'écart est significatif.",
    wrong=[False, "True", 0.024],
)

yes_no(
    "atelier3-possible",
    lambda: audit.reachable(data.value("sells_online", "sector_leisure", level="yes"), data.segment_n("sector_leisure")),
    what="True ou False",
    otherwise="Appelez `audit.reachable(pourcentage, base)` avec la part et la base du groupe `\"sector_leisure\"`.",
    wrong=[True, "oui", "false", "non sûr"],
)

keys(
    "atelier3-total",
    lambda: {k.split(":")[1].split("/")[0] for k in audit.findings().query("check == 'sum'")["key"]},
    what="une clé de question", known=lambda: set(data.questions()["question"]),
    hints=[(lambda: {"fig3"}, "C'est le numéro de la figure : il faut la clé de sa question, celle que `data.questions()` "
                              "met en face de ce numéro.")],
    otherwise="Filtrez les constats dont la colonne `check` vaut `\"sum\"` et lisez la question dans leur colonne `key`.",
    wrong=["fig3", "revenue", "Montant investi", ["it_investment", "revenue"], 3],
)
