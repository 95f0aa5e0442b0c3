"""A margin-of-error calculator for the methodology chapter (ipywidgets).

Move the sliders: the base n and the observed percentage p give the Wilson
interval (at the library-wide confidence level) and its half-width. Runs live
in JupyterLab or on Binder.
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from . import fmt, settings, stats
from .errors import ArgumentError, check_count, check_percent


def describe(n: int, pct: float, level=None) -> str:
    """The sentence the calculator shows, in French (``level`` in percent; default: the library-wide level)."""
    level = settings.confidence() if level is None else level
    k = round(pct * n / 100)
    low, high = stats.wilson(k, n, level)
    return (f"Sur {fmt.number(n)} répondants, {fmt.number(k)} réponses donnent {fmt.pct(round(100 * k / n, 1))} ; "
            f"intervalle de confiance à {fmt.pct(level)} : de {fmt.pct(round(low, 1))} "
            f"à {fmt.pct(round(high, 1))} (marge d'erreur : {fmt.number(round((high - low) / 2, 1))} points, "
            "la moitié de sa largeur ; l'intervalle n'est pas symétrique).")


class Calculator(widgets.VBox):
    # What a saved notebook shows in place of the widget, whose state is not saved (see notebooks.clean_for_commit)
    def __repr__(self) -> str:
        return ("Calculatrice de marge d'erreur : exécutez la cellule (Run) pour l'afficher ; "
                "elle a besoin d'un noyau Python en marche (JupyterLab ou Binder).")

    def __init__(self, n: int = 403, pct: float = 50.0):
        n, pct = check_count(n, "n", positive=True), check_percent(pct, "pct")
        if not 10 <= n <= 1000:  # the slider's range: a value outside it would be silently clamped
            raise ArgumentError(f"the calculator's base n goes from 10 to 1000, got {n}")
        self.n = widgets.IntSlider(value=n, min=10, max=1000, step=1, description="Base n", continuous_update=False)
        self.pct = widgets.FloatSlider(value=pct, min=0, max=100, step=1, description="% observé", continuous_update=False)
        self.result = widgets.HTML()
        for w in (self.n, self.pct):
            w.observe(self._update, names="value")
        super().__init__([self.n, self.pct, self.result])
        self._update()

    def _update(self, _change=None) -> None:
        self.result.value = describe(self.n.value, self.pct.value)


def show(**kwargs) -> Calculator:
    calc = Calculator(**kwargs)
    display(calc)
    return calc
