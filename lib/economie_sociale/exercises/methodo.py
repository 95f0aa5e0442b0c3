"""Checks of the methodology chapter (chapters/16_methodologie.ipynb).

The questions fix the report's level (95 %): the expected answers do not
follow a reader's change of ``CONFIDENCE_LEVEL``, and the hints recognise
an answer computed at another level.
"""

from __future__ import annotations

from .. import data, fmt, settings, stats
from . import number, comma_number

LEVEL = settings.DEFAULT_CONFIDENCE


def _not_a_number(answer) -> bool:
    return isinstance(answer, bool)


# --------------------------------------------------------------------------
# 1. a Wilson interval


def _social_media_lt5(level=LEVEL, base: str = "size_lt5", as_count: bool = True) -> tuple[float, float]:
    v = data.technology_use(["size_lt5"], measures=["use"], technologies=["social_media"])["value"].iloc[0]
    n = data.segment_n(base)
    return stats.wilson(stats.count(v, n) if as_count else int(v), n, level)


borne = number(
    "methodo-wilson", lambda: _social_media_lt5()[0], what="un pourcentage", tolerance=0.1,
    right=lambda e: f"C'est bien {fmt.pct(round(e, 1), 1)} environ.",
    hints=[(lambda: _social_media_lt5()[1],
            "C'est la borne haute : `stats.wilson` renvoie (basse, haute), prenez la première."),
           (lambda: data.technology_use(["size_lt5"], measures=["use"], technologies=["social_media"])["value"].iloc[0],
            "C'est le pourcentage observé lui-même : la question demande la borne basse de son intervalle."),
           (lambda: _social_media_lt5(99)[0],
            "C'est la borne à 99 % : remettez `CONFIDENCE_LEVEL = 95` (puis exécutez tout) "
            "ou passez `level=95` à `stats.wilson`."),
           (lambda: _social_media_lt5(90)[0],
            "C'est la borne à 90 % : remettez `CONFIDENCE_LEVEL = 95` (puis exécutez tout) "
            "ou passez `level=95` à `stats.wilson`."),
           (lambda: _social_media_lt5(base="total")[0],
            "Vous avez pris la base de l'ensemble des répondants : la base est celle des moins de cinq employés, "
            "`data.segment_n(\"size_lt5\")`."),
           (lambda: _social_media_lt5(as_count=False)[0],
            "Vous avez passé le pourcentage à `stats.wilson` : il attend un nombre d'entreprises, `stats.count(v, n)`.")],
    otherwise="Calculez `bas, haut = stats.wilson(stats.count(v, n), n)` avec le pourcentage et la base des moins "
              "de cinq employés, puis gardez `bas`.",
    wrong=[75.1, 69, 59.8, 63.2, 0.62, "62 %", (62.0, 75.1)],
)
borne.hints.insert(0, (lambda a, e: isinstance(a, (tuple, list)) and len(a) == 2 and comma_number(a) is None,
                       "Vous avez donné les deux bornes : la question demande la borne basse, la première des deux."))


# --------------------------------------------------------------------------
# 2. a test between two panels


def _website(segment: str, measure: str = "use") -> tuple[float, int]:
    value = data.technology_use([segment], measures=[measure], technologies=["website_info"])["value"].iloc[0]
    return value, data.segment_n(segment)


def _test(measure: str = "use") -> stats.Comparison:
    (v1, n1), (v2, n2) = _website("it_yes", measure), _website("it_no", measure)
    return stats.compare_counts(stats.count(v1, n1), n1, stats.count(v2, n2), n2)


p_web = number(
    "methodo-site-web", lambda: _test().p_value, what="un nombre entre 0 et 1", percent=False,
    tolerance=0.0001,
    right=lambda e: f"C'est bien p = {fmt.number(e, 4)}.",
    hints=[(lambda: stats.compare_counts(int(_website("it_yes")[0]), _website("it_yes")[1],
                                         int(_website("it_no")[0]), _website("it_no")[1]).p_value,
            "Vous avez passé les pourcentages à `stats.compare_counts` : il attend des nombres d'entreprises. "
            "Reconstituez-les avec `stats.count(pourcentage, base)`."),
           (lambda: stats.segment_vs_rest(*_website("it_yes"), *_website("total")).p_value,
            "Vous avez comparé les entreprises avec personne-ressource au reste de l'échantillon "
            "(`stats.segment_vs_rest`) : la consigne compare les panneaux `it_yes` et `it_no` entre eux, "
            "avec `stats.compare_counts`."),
           (lambda: _test("planned").p_value,
            "Vous avez comparé les investissements prévus : la phrase du rapport porte sur l'usage actuel "
            "(`measures=[\"use\"]`)."),
           (lambda: _test().gap,
            "C'est l'écart en points entre les deux groupes : la question demande la probabilité p du test."),
           (lambda: _website("it_yes")[0] - _website("it_no")[0],
            "C'est l'écart en points entre les deux groupes : la question demande la probabilité p du test."),
           (lambda: 1 - LEVEL / 100,
            "C'est le seuil auquel on compare p, pas la probabilité p du test : prenez `.p_value` du résultat.")],
    otherwise="Calculez `test = stats.compare_counts(k1, n1, k2, n2)` avec les nombres d'entreprises des panneaux "
              "`it_yes` et `it_no` (`stats.count`), puis prenez `test.p_value`.",
    wrong=[True, 0.0, 0.05, 14, 0.0205, "0,02"],
)
p_web.hints.insert(0, (lambda a, e: isinstance(a, stats.Comparison),
                       "Vous avez donné tout le résultat du test : prenez sa probabilité, avec `.p_value`."))
p_web.hints.insert(0, (lambda a, e: _not_a_number(a),
                       "Il faut la probabilité p, un nombre, pas `True` ou `False` : c'est elle qui dit si l'écart est "
                       "significatif."))


# --------------------------------------------------------------------------
# 3. the base where the margin drops under 5 points

TARGET = 5  # points


def _first_base(level=LEVEL, shown: bool = False) -> int:
    """The smallest n whose margin (p = 50 %) is under TARGET; ``shown``: as the calculator prints it (one decimal)."""
    n = 10
    while (round(stats.margin_of_error(n, level=level), 1) if shown else stats.margin_of_error(n, level=level)) >= TARGET:
        n += 1
    return n


base = number(
    "methodo-base", _first_base, what="un nombre entier de répondants", percent=False, tolerance=0,
    right=lambda e: f"C'est bien n = {fmt.number(e)}.",
    hints=[(lambda: _first_base(shown=True),
            "C'est la première base où le calculateur affiche une marge sous 5. Mais il arrondit au dixième : "
            "un « 5 » affiché peut cacher une marge déjà un peu inférieure. Vérifiez les bases un peu plus "
            "petites avec `stats.margin_of_error(n, level=95)`."),
           (lambda: _first_base() - 1,
            "À cette base, la marge vaut encore 5 points ou un peu plus (`stats.margin_of_error` le montre) : "
            "il faut la première base où elle passe strictement sous 5."),
           (lambda: _first_base(99),
            "C'est la réponse à 99 % : la question porte sur 95 %. Remettez `CONFIDENCE_LEVEL = 95` ou passez "
            "`level=95` à `stats.margin_of_error`."),
           (lambda: _first_base(90),
            "C'est la réponse à 90 % : la question porte sur 95 %. Remettez `CONFIDENCE_LEVEL = 95` ou passez "
            "`level=95` à `stats.margin_of_error`."),
           (lambda: data.segment_n("total"),
            "C'est la base de l'ensemble des répondants : sa marge est déjà sous 5 points, mais une base plus "
            "petite y parvient aussi. Cherchez la plus petite.")],
    otherwise="Essayez plusieurs bases avec `stats.margin_of_error(n, level=95)` : trouvez la plus petite dont "
              "la marge est strictement inférieure à 5 points.",
    wrong=[389, 380, 657, 268, 403, 4.99, "n = 381"],
)


# --------------------------------------------------------------------------
# 4. the margin of the whole sample at another level


def _total_margin(level) -> float:
    return stats.margin_of_error(data.segment_n("total"), level=level)


def _rise(low=LEVEL, high=99) -> float:
    return _total_margin(high) - _total_margin(low)


number(
    "methodo-niveau", _rise, what="un nombre de points", percent=False, tolerance=0.1,
    right=lambda e: f"C'est bien environ {fmt.pct_points(round(e, 1), 1)}.",
    hints=[(lambda: _total_margin(99),
            "C'est la marge à 99 % elle-même : la question demande de combien elle augmente, donc la marge à "
            "99 % moins la marge à 95 %."),
           (lambda: _total_margin(LEVEL),
            "C'est la marge à 95 % : relancez le chapitre à 99 %, puis faites la différence des deux marges."),
           (lambda: -_rise(),
            "Attention au sens : la marge à 99 % est plus grande qu'à 95 %, la différence est positive."),
           (lambda: _rise(90, LEVEL), "C'est l'écart entre 90 % et 95 % : la question compare 95 % et 99 %."),
           (lambda: -_rise(90, LEVEL), "C'est l'écart entre 95 % et 90 % : la question compare 95 % et 99 %."),
           (lambda: 100 * (_total_margin(99) / _total_margin(LEVEL) - 1),
            "C'est une hausse relative, en pour cent : la question demande la différence des deux marges, en points."),
           (lambda: 2 * _rise(),
            "C'est la hausse de la largeur entière de l'intervalle : la marge (±) en est la moitié.")],
    otherwise="Lisez la marge de la ligne « Total » du tableau des marges à 95 %, puis à 99 %, et faites la "
              "différence.",
    wrong=[6.4, 4.9, -1.5, 0.8, 31, 3.0, "1,5 point"],
)
