"""What a chapter shows besides its prose: figures with their data, tables, and checks of its conclusions.

Numbers in the prose need nothing from here: a Markdown cell writes
``{eval}`fmt.pct(share)``` and the number appears in JupyterLab
(jupyterlab-myst), in the HTML book and in the PDF (see :mod:`.notebooks`).

A chart or a table is the output of a code cell; the Markdown cell right
after it is its caption block, which numbers it and gives it a label to
cite with ``{numref}``::

    book.figure(charts.barh(revenue))          # code cell

    :::{figure}                                 # next Markdown cell
    :label: fig-revenue
    :alt: Diagramme à barres horizontales ...

    Répartition des répondants selon leur chiffre d'affaires ...
    :::

(``:kind: table`` after a table.) jupyterlab-myst shows « Figure 2.1 : … »
under the output; the book's extension (:mod:`.sphinx_notebooks`) turns the
pair into a numbered figure or table of the HTML and PDF book.
"""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
from matplotlib.layout_engine import ConstrainedLayoutEngine
from IPython.display import display

from . import ROLE_KEY, fmt, settings, tables
from .errors import ArgumentError

DATA_TITLE = "Les données de cette figure"


def _inline_figures() -> None:
    """Our charts are laid out by matplotlib itself (constrained layout): Jupyter's inline backend
    need not crop them again, which costs a second full drawing of every chart ("tight" bbox).

    The formats come from ``ECONOMIE_SOCIALE_FIGURE_FORMATS`` (set by the book's runner,
    :func:`.notebooks.execute`): the build keeps each chart as PNG and as a vector PDF, which the PDF
    book prints (MyST-NB prefers it for LaTeX; JupyterLab and the HTML show the PNG). In JupyterLab,
    PNG only: no time spent on a format nobody sees there. Empty: no image at all (runs that check
    prose and tables only).
    """
    import os

    from IPython import get_ipython

    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    global _FORMATS
    wanted = os.environ.get("ECONOMIE_SOCIALE_FIGURE_FORMATS", "png")
    _FORMATS = [f for f in wanted.split(",") if f]
    set_matplotlib_formats(*_FORMATS, bbox_inches=None)


_FORMATS: list[str] = []
_inline_figures()


def _figure_of(chart) -> plt.Figure:
    fig = getattr(chart, "figure", chart)
    if not isinstance(fig, plt.Figure):
        raise ArgumentError(f"book.figure expects a chart (a matplotlib Axes or Figure), got {type(chart).__name__}")
    return fig


def figure(chart) -> None:
    """Show a chart, then its numbers as a table one click away (a collapsed « Les données de cette figure »).

    ``chart`` is what a function of :mod:`.charts` returns. The figure is
    closed afterwards, so it is shown once.
    """
    fig = _figure_of(chart)
    engine = fig.get_layout_engine()
    if len(_FORMATS) > 1 and isinstance(engine, ConstrainedLayoutEngine):
        # constrained layout runs again at every drawing: laid out once here, the PNG and the PDF
        # are drawn from the same positions (a fifth of each drawing's time)
        engine.execute(fig)
        fig.set_layout_engine("none")
    display(fig)
    if hasattr(fig, "drawn"):
        data = tables.chart_data(fig)
        display({"text/html": _details(data), "text/markdown": data.to_markdown(), "text/plain": data.to_markdown()},
                raw=True, metadata={ROLE_KEY: "figure-data"})
    plt.close(fig)


def _details(table: tables.Table) -> str:
    note = f"<p>{html.escape(table.note)}</p>" if table.note else ""
    # JupyterLab typesets "$ ... $" in HTML outputs as math ("100 000 $ et 999 999 $"): opt out
    return (f'<details class="tex2jax_ignore mathjax_ignore"><summary>▸ {DATA_TITLE} (cliquer pour afficher)</summary>'
            f"{table.to_html()}{note}</details>")


def table(table: tables.Table) -> None:
    """Show a :class:`~.tables.Table` (its caption block follows, with ``:kind: table``)."""
    if not isinstance(table, tables.Table):
        raise ArgumentError(f"book.table expects a tables.Table, got {type(table).__name__}")
    display(table)


def check(holds: bool, sentence: str, because: str) -> None:
    """Say so, in French, under the cell, when a sentence of the chapter no longer holds.

    ``sentence`` quotes the chapter's claim; ``because`` gives the figures that
    contradict it. A claim can stop holding when a reader changes a parameter
    (the confidence level) or when the data change. Nothing is shown while it
    holds; the book is built with the default parameters, where every claim
    must hold: the build fails on any such message.
    """
    if holds:
        return
    level = fmt.pct(settings.confidence())
    context = f"avec les données et les paramètres actuels (niveau de confiance de {level})"
    text = f"Attention : {context}, cette phrase du chapitre ne tient plus : « {sentence} ». Raison : {because}"
    display({"text/markdown": f"> ⚠️ **Attention** : {context}, cette phrase du chapitre ne tient plus : "
                              f"« {sentence} »  \n> Raison : {because}",
             "text/plain": text}, raw=True, metadata={ROLE_KEY: "conclusion-changed"})


def significance(comparison, level=None) -> fmt.Text:
    """The verdict of a :class:`~.stats.Comparison` at a level, in French, in its three states.

    « significatif au niveau de confiance de 95 % » when p is below the threshold for every count the
    rounding of the printed percentages allows, « non significatif … » when it is for none, and
    « significatif ou non au niveau de confiance de 95 %, selon l'arrondi des pourcentages publiés
    (p de 0,045 à 0,188) » otherwise. The book keeps « seuil » for the p-value's threshold.
    """
    level = settings.confidence() if level is None else level
    verdict = comparison.verdict(level)
    at = f"au niveau de confiance de {fmt.pct(level)}"
    if verdict == "depends_on_rounding":
        return fmt.Text(f"significatif ou non {at}, selon l’arrondi des pourcentages publiés "
                        f"(p {fmt.p_range(comparison.p_min, comparison.p_max)})")
    return fmt.Text(f"{'significatif' if verdict == 'significant' else 'non significatif'} {at}")


def p_value(comparison, level=None) -> fmt.Text:
    """« p = 0,038 », with its range when the verdict at ``level`` depends on the rounding:
    « p = 0,112 (de 0,045 à 0,188 selon l'arrondi) »."""
    text = fmt.p_value(comparison.p_value, "statement")
    if comparison.verdict(level) == "depends_on_rounding":
        text += f" ({fmt.p_range(comparison.p_min, comparison.p_max)} selon l’arrondi)"
    return fmt.Text(text)


def against_threshold(p) -> fmt.Text:
    """« sous le seuil de 0,05 » or « au-dessus du seuil de 0,01 »: a p-value against the level's threshold."""
    from .errors import check_probability

    below = check_probability(p, "p") < settings.alpha()
    return fmt.Text(f"{'sous le' if below else 'au-dessus du'} seuil de {threshold()}")


def level() -> fmt.Text:
    """The confidence level in use, formatted (« 95 % »), for sentences that state it."""
    return fmt.pct(settings.confidence())


def threshold() -> fmt.Text:
    """The p-value threshold that goes with the level, formatted (« 0,05 », « 0,01 », « 0,1 »)."""
    alpha = settings.alpha()
    decimals = next(d for d in (1, 2, 3, 4) if round(alpha, d) == alpha or d == 4)
    return fmt.number(alpha, decimals)


def claim_verdict(comparison, level=None) -> fmt.Text:
    """What becomes of a significance claim of the report (made at its 95 %) at ``level``, in French.

    « l’affirmation du rapport tient » when the :class:`~.stats.Comparison` is significant at ``level``
    (default: the chapter's) whatever the counts; « … tient ou non selon l’arrondi des pourcentages publiés
    (p de … à … selon le nombre d’entreprises retenu) » when that depends on the rounding; at a more
    demanding level than the report's, « à ce niveau plus exigeant, l’affirmation du rapport ne tient
    plus (elle tient au niveau de confiance de 95 % retenu par le rapport) »; else « … ne tient pas ».
    """
    from .stats import Comparison

    if not isinstance(comparison, Comparison):
        raise ArgumentError(f"claim_verdict expects a stats.Comparison (from stats.segment_vs_rest, compare_pct or "
                            f"compare_counts), got {type(comparison).__name__}")
    verdict = comparison.verdict(level)
    if verdict == "significant":
        return fmt.Text("l’affirmation du rapport tient")
    if verdict == "depends_on_rounding":
        return fmt.Text(f"l’affirmation du rapport tient ou non selon l’arrondi des pourcentages publiés "
                        f"(p {fmt.p_range(comparison.p_min, comparison.p_max)} selon le nombre d’entreprises retenu)")
    if comparison.significant(settings.DEFAULT_CONFIDENCE):
        return fmt.Text(f"à ce niveau plus exigeant, l’affirmation du rapport ne tient plus "
                        f"(elle tient au niveau de confiance de {fmt.pct(settings.DEFAULT_CONFIDENCE)} retenu par le rapport)")
    return fmt.Text("l’affirmation du rapport ne tient pas")


def significance_over_attributions(retained, least_favourable, level=None) -> fmt.Text:
    """The verdict of a comparison whose base rests on hatched bars, in French, for a sentence
    « l'écart est … »: « non significatif », « significatif, quelle que soit l'attribution des barres
    hachurées », or « significatif si l'attribution retenue est la bonne » (« significatif, de justesse,
    si … » when p is above half the threshold).

    ``retained`` and ``least_favourable`` are the two :class:`~.stats.Comparison` of
    :func:`.claims.compare_over_bases`; ``level`` is in percent, by default the library-wide level.
    """
    from .errors import check_level
    from .stats import Comparison

    for value, name in ((retained, "retained"), (least_favourable, "least_favourable")):
        if not isinstance(value, Comparison):
            raise ArgumentError(f"{name} must be a stats.Comparison (claims.compare_over_bases gives both), "
                                f"got {type(value).__name__}")
    level = settings.confidence() if level is None else check_level(level)
    if not retained.significant(level):
        return fmt.Text("non significatif")
    if least_favourable.significant(level):
        return fmt.Text("significatif, quelle que soit l’attribution des barres hachurées")
    # "narrowly" when p is in the upper half of the way to the threshold
    narrowly = ", de justesse," if retained.p_value > (1 - level / 100) / 2 else ""
    return fmt.Text(f"significatif{narrowly} si l’attribution retenue est la bonne")


def check_quotes(quotes, sentence: str) -> None:
    """:func:`check` on a table of :func:`.audit.against_prose`: say so when a value the chapter recomputed
    differs from the number the report's prose quotes for it, naming each one that differs
    (« skills : 45 % recalculé, 46 % dans le rapport »)."""
    missing = [c for c in ("recomputed", "printed", "agrees") if c not in getattr(quotes, "columns", [])]
    if missing:
        raise ArgumentError(f"book.check_quotes expects the table of audit.against_prose; it lacks the column(s) "
                            f"{', '.join(missing)}")
    differ = quotes[~quotes["agrees"].astype(bool)]
    check(differ.empty, sentence,
          "; ".join(f"{key} : {fmt.pct(row.recomputed)} recalculé, {fmt.pct(row.printed)} dans le rapport"
                    for key, row in differ.iterrows()))


def _comparisons(groups, name: str) -> dict:
    """``groups`` checked: a non-empty dict of name -> :class:`~.stats.Comparison`."""
    from .stats import Comparison

    if not isinstance(groups, dict) or not groups:
        raise ArgumentError(f"{name} expects a non-empty dict (group -> stats.Comparison), got "
                            f"{type(groups).__name__} {groups!r}")
    for group, comparison in groups.items():
        if not isinstance(comparison, Comparison):
            raise ArgumentError(f"{name}: the comparison of {group!r} is a {type(comparison).__name__}, not a "
                                "stats.Comparison (from stats.segment_vs_rest, compare_pct or compare_counts)")
    return groups


def verdict_with_margin(comparison, significant: str = "significatif") -> fmt.Text:
    """The verdict of a :class:`~.stats.Comparison` at the library-wide level, saying how clear it is.

    « significatif au niveau de confiance de 95 % »; « significatif, mais de justesse » when p, at the
    least favourable count the rounding allows, is above half the threshold; as :func:`significance`
    otherwise, with « : la probabilité dépasse le seuil de 0,05 » when not significant.
    ``significant`` gives the words for a significant gap (« significatif aussi » after another one).
    """
    _comparisons({"comparison": comparison}, "book.verdict_with_margin")
    verdict = comparison.verdict()
    if verdict == "not_significant":
        return fmt.Text(f"{significance(comparison)} : la probabilité dépasse le seuil de {threshold()}")
    if verdict == "depends_on_rounding":
        return significance(comparison)
    if comparison.p_max > settings.alpha() / 2:  # significant, but p could be more than half the threshold
        return fmt.Text(f"{significant}, mais de justesse")
    return fmt.Text(f"{significant} au niveau de confiance de {level()}")


def verdict_verb(comparison) -> fmt.Text:
    """The verb of « l'écart … significatif » at the library-wide level: « est », « n’est pas », or « est ou
    non, selon l’arrondi, » when the verdict depends on the rounding of the printed percentages."""
    _comparisons({"comparison": comparison}, "book.verdict_verb")
    return fmt.Text({"significant": "est", "not_significant": "n’est pas",  # typographic apostrophe, as the prose
                     "depends_on_rounding": "est ou non, selon l’arrondi,"}[comparison.verdict()])


def gap_verdicts(groups) -> fmt.Text:
    """The verdicts of several groups' gaps with the rest of the sample, in one French sentence, at the
    library-wide level: « l’écart des petites entreprises est significatif ; l’écart des … n’est pas
    significatif ».

    ``groups``: a dict of plural group names, without article, -> :class:`~.stats.Comparison`. When a
    verdict depends on the rounding, a parenthesis says what that means.
    """
    groups = _comparisons(groups, "book.gap_verdicts")
    verdicts = {name: comparison.verdict() for name, comparison in groups.items()}
    clause = {"significant": "est significatif", "not_significant": "n’est pas significatif",
              "depends_on_rounding": "est significatif ou non selon l’arrondi"}
    text = " ; ".join(f"l’écart des {name} {clause[verdict]}" for name, verdict in verdicts.items())
    if "depends_on_rounding" in verdicts.values():
        text += (" (p passe sous le seuil pour certains des nombres d’entreprises que les pourcentages publiés "
                 "permettent, pas pour d’autres)")
    return fmt.Text(text)


def cannot_conclude(groups, higher: str) -> fmt.Text:
    """What one cannot conclude from groups' gaps with the rest of the sample, in French, from their
    verdicts at the library-wide level.

    ``groups`` as for :func:`gap_verdicts`; ``higher`` says what the groups would be, compared with the
    other respondents (« plus engagées dans l’économie de partage »). With every gap significant: that the
    gaps say why (an association is not a cause, and the sentence says the groups overlap, as groups of
    different dimensions do). Otherwise: that the groups not significantly apart are ``higher``, the data
    being compatible with no difference, or the rounding of the printed percentages leaving it open.
    """
    groups = _comparisons(groups, "book.cannot_conclude")
    if not isinstance(higher, str) or not higher.strip():
        raise ArgumentError(f"book.cannot_conclude: higher must say, in French, what the groups would be "
                            f"(« plus engagées dans … »), got {higher!r}")
    unproven = [name for name, test in groups.items() if test.verdict() != "significant"]
    open_question = [name for name, test in groups.items() if test.verdict() == "depends_on_rounding"]
    if not unproven:
        every = "les deux" if len(groups) == 2 else "tous"
        return fmt.Text(f"Que ces écarts disent pourquoi : {every} sont significatifs, mais une association n’est pas "
                        "une cause, et les groupes se recoupent.")
    which = fmt.join(["les " + name for name in unproven], "ou")
    if not open_question:
        return fmt.Text(f"Que {which} soient {higher} que les autres : les données sont compatibles avec une absence "
                        "de différence.")
    sure = [name for name in unproven if name not in open_question]
    text = (f"Que {which} soient {higher} que les autres. Pour {fmt.join(['les ' + g for g in open_question])}, les "
            "pourcentages publiés, arrondis à l’unité, ne permettent pas de trancher : selon le nombre exact "
            "d’entreprises derrière eux, l’écart franchit le seuil ou non.")
    if sure:
        text += f" Pour {fmt.join(['les ' + g for g in sure])}, les données sont compatibles avec une absence de différence."
    return fmt.Text(text)
