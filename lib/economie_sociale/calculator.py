"""A margin-of-error calculator for the methodology chapter (ipywidgets).

Move the sliders: the base n and the observed percentage p give the Wilson
95 % interval and its half-width. Runs live in JupyterLab or on Binder.
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from . import fmt, settings, stats


def describe(n: int, pct: float, level=None) -> str:
    """The sentence the calculator shows, in French (``level`` in percent; default: the library-wide level)."""
    level = settings.confidence() if level is None else level
    k = round(pct * n / 100)
    low, high = stats.wilson(k, n, level)
    return (f"Sur {fmt.number(n)} répondants, {fmt.number(k)} réponses donnent {fmt.pct(round(100 * k / n, 1))} ; "
            f"intervalle de confiance à {fmt.pct(level)} : de {fmt.pct(round(low, 1))} "
            f"à {fmt.pct(round(high, 1))} (marge de ± {fmt.number(round((high - low) / 2, 1))} points).")


class Calculator(widgets.VBox):
    def __init__(self, n: int = 403, pct: float = 50.0):
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
