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
from IPython.display import display

from . import ROLE_KEY, fmt, settings, tables
from .errors import ArgumentError

DATA_TITLE = "Les données de cette figure"


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


def check(holds: bool, sentence: str, because: str) -> bool:
    """Say so, in French, when a sentence of the chapter no longer holds under the current parameters.

    ``sentence`` quotes the chapter's claim; ``because`` gives the figures
    that contradict it. Nothing is shown while the claim holds (the book is
    built with the default parameters, where every claim must hold: the
    build fails on any such message).
    """
    if holds:
        return True
    level = fmt.pct(settings.confidence())
    text = (f"Attention : avec les paramètres actuels (niveau de confiance de {level}), cette phrase du "
            f"chapitre ne tient plus : « {sentence} ». Raison : {because}")
    display({"text/markdown": f"> ⚠️ **Attention** : avec les paramètres actuels (niveau de confiance de {level}), "
                              f"cette phrase du chapitre ne tient plus : « {sentence} »  \n> Raison : {because}",
             "text/plain": text}, raw=True, metadata={ROLE_KEY: "conclusion-changed"})
    return False


def significance(comparison, level=None) -> fmt.Text:
    """« significatif au seuil de 95 % » or « non significatif au seuil de 95 % », for a :class:`~.stats.Comparison`."""
    level = settings.confidence() if level is None else level
    word = "significatif" if comparison.significant(level) else "non significatif"
    return fmt.Text(f"{word} au seuil de {fmt.pct(level)}")


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


# ---------------------------------------------------------------------------
# Glue (the book's earlier mechanism), kept while chapters move to {eval}.


def _glue(name: str, value, display_: bool) -> None:
    from myst_nb import glue  # imports Sphinx: only for chapters not yet moved to {eval}

    glue(name, value, display=display_)


def glue_text(name: str, text: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"glue_text expects a string, got {type(text).__name__}")
    _glue(name, str(text), False)


def glue_pct(name: str, value, decimals: int | None = None) -> None:
    glue_text(name, fmt.pct(value, decimals))


def glue_number(name: str, value, decimals: int | None = None) -> None:
    glue_text(name, fmt.number(value, decimals))


def glue_figure(name: str, ax_or_fig) -> None:
    fig = _figure_of(ax_or_fig)
    _glue(name, fig, True)
    if hasattr(fig, "drawn"):
        _glue(f"{name}-data", tables.chart_data(fig), False)
    plt.close(fig)


def glue_table(name: str, table) -> None:
    _glue(name, table, True)
