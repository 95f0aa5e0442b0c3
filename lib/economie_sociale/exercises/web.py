"""Checks of chapter 3, « Les pratiques Web » (chapters/04_pratiques_web.ipynb)."""

from __future__ import annotations

from .. import audit, data, fmt, stats
from . import number


def _sells_online(segment: str) -> float:
    return data.value("sells_online", segment, level="yes")


# --------------------------------------------------------------------------
# web-vente: firms of 5 to 19 employees against the rest, on online selling


def _vs_rest(segment: str) -> stats.Comparison:
    return stats.segment_vs_rest(_sells_online(segment), data.segment_n(segment),
                                 _sells_online("total"), data.segment_n("total"))


def _vs_everyone(segment: str) -> stats.Comparison:
    # the usual mistake: the group against all respondents, itself included
    n_segment, n_total = data.segment_n(segment), data.segment_n("total")
    return stats.compare_counts(stats.count(_sells_online(segment), n_segment), n_segment,
                                stats.count(_sells_online("total"), n_total), n_total)


vente = number(
    "web-vente", lambda: _vs_rest("size_5_19").p_value, what="le p du test",
    tolerance=0.005, percent=False,
    hints=[
        (lambda: _vs_everyone("size_5_19").p_value,
         "Vous avez comparé le groupe à l'ensemble des répondants, dont il fait partie : `stats.segment_vs_rest` le "
         "compare au reste de l'échantillon."),
        (lambda: _vs_rest("size_lt5").p_value,
         "C'est le test des moins de cinq employés : prenez le groupe `\"size_5_19\"`."),
        (lambda: _vs_rest("size_5_19").gap,
         "C'est l'écart en points entre le groupe et le reste des répondants ; la question demande la probabilité "
         "p du test (`.p_value`)."),
    ],
    otherwise="Appelez `stats.segment_vs_rest` avec la part et la base des 5 à 19 employés, puis la part et la base "
              "de l'ensemble ; la probabilité est dans `.p_value`.",
    right=lambda e: f"C'est bien p = {fmt.p_value(e)}.",
    wrong=[0.69, 0.97, -2.73, "0,56", stats.compare_counts(39, 143, 78, 260)],
)
# the whole test given instead of its p-value
vente.hints.insert(0, (lambda a, e: isinstance(a, stats.Comparison),
                       "Vous avez donné tout le résultat du test : prenez sa probabilité avec `.p_value`."))


# --------------------------------------------------------------------------
# web-base: Figure 9's base, between the printed one and the one the book keeps


def _sales_values() -> list[float]:
    return data.responses("online_sales_share")["value"].tolist()


def _printed_base() -> int:
    return int(data.load_segments().set_index("segment").at["online_sellers", "n_printed"])


def _fitting_bases() -> list[int]:
    """Every base from just above the printed one to the book's under which each value of Figure 9 is a whole count."""
    values = _sales_values()
    return [n for n in range(_printed_base() + 1, data.segment_n("online_sellers") + 1)
            if all(audit.reachable(v, n) for v in values)]


number(
    "web-base", lambda: min(_fitting_bases()), what="un nombre d'entreprises", tolerance=0.01,
    percent=False,
    hints=[
        (_printed_base,
         "C'est la base imprimée par le rapport, celle qui rend une des valeurs impossible : la question demande une "
         "base plus grande."),
        (lambda: _printed_base() + 1,
         "Sur cette base, une des valeurs de la figure reste impossible : vérifiez-les toutes avec `audit.reachable`."),
        (lambda: data.segment_n("online_sellers"),
         "C'est la base retenue par le livre ; d'autres, plus petites, conviennent aussi : la question demande la "
         "plus petite."),
        (lambda: stats.count_range(_sells_online("total"), data.segment_n("total"))[0],
         "C'est le plus petit nombre d'entreprises compatible avec la part des répondants qui vendent en ligne ; la "
         "question porte sur les valeurs de la figure 9, testées avec `audit.reachable`."),
        (lambda: len(_fitting_bases()),
         "C'est le nombre de bases qui conviennent ; la question demande la plus petite d'entre elles."),
        (lambda: len(_fitting_bases()) - 1,
         "C'est le nombre de bases qui conviennent ; la question demande la plus petite d'entre elles."),
    ],
    otherwise="Essayez chaque base au-dessus de la base imprimée, dans l'ordre, et gardez la première pour laquelle "
              "`audit.reachable` accepte toutes les valeurs de `sales[\"value\"]`.",
    right=lambda e: f"C'est bien {fmt.number(e)}.",
    wrong=[89, 90, 117, 115, 27, "91 entreprises"],
)


# --------------------------------------------------------------------------
# web-libelles: the smallest base among Figure 8's groups


def _figure8():
    return data.responses("sells_online")


number(
    "web-libelles", lambda: int(_figure8()["n"].min()), what="un nombre d'entreprises",
    tolerance=0.01, percent=False,
    hints=[
        (lambda: float(_figure8()["value"].min()),
         "C'est la plus petite valeur de la figure, un pourcentage ; la question demande la plus petite base, "
         "dans la colonne `n`."),
        (lambda: int(data.segments()["n"].min()),
         "Ce groupe n'a pas de barre dans la figure 8 : cherchez parmi les groupes de `data.responses(\"sells_online\")`."),
        (lambda: int(_figure8()["n"].max()),
         "C'est la plus grande base, celle de l'ensemble des répondants : la question demande la plus petite."),
        (lambda: int(sorted(set(_figure8()["n"]))[1]),
         "Un groupe repose sur moins d'entreprises encore : triez le tableau par la colonne `n`."),
    ],
    otherwise="Affichez `data.responses(\"sells_online\")` et cherchez la plus petite valeur de la colonne `n` "
              "(ou lisez le n des étiquettes de la figure du chapitre).",
    right=lambda e: f"C'est bien {fmt.number(e)} entreprises.",
    wrong=[0, 4, 403, 36, "31"],
)
