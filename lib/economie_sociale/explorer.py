"""An interactive explorer of the annex panels (use and planned investment), with ipywidgets.

In JupyterLab or on Binder, ``explorer.panels()`` shows selectors for the
panels (segments), the technologies and the measure, and redraws a grouped
bar chart on every change. The static book shows the same numbers as
figures and tables, since a widget needs a live kernel.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from . import charts, data

PANEL_SEGMENTS = [
    "total", "size_lt5", "size_5_19", "size_20plus",
    "sector_agri", "sector_retail", "sector_personal", "sector_business", "sector_leisure", "sector_housing",
    "it_no", "it_yes",
]


def panel_frame(segments: list[str], technologies: list[str], measure: str):
    """The frame the explorer draws: one measure, or both for a single panel."""
    if not segments:
        raise ValueError("choose at least one panel")
    if not technologies:
        raise ValueError("choose at least one technology")
    if len(segments) > len(charts.PALETTE):  # one colour per panel
        raise ValueError(f"at most {len(charts.PALETTE)} panels at a time")
    if measure == "both":
        if len(segments) != 1:
            raise ValueError("both measures can be compared for one panel at a time")
        return data.technology_use(segments, technologies=technologies), "measure_label"
    return data.technology_use(segments, measures=[measure], technologies=technologies), "segment_label"


class PanelExplorer(widgets.VBox):
    """Selectors and a chart; ``frame`` holds the values last drawn (for tests)."""

    # What a saved notebook shows in place of the widget, whose state is not saved (see notebooks.clean_for_commit)
    def __repr__(self) -> str:
        return ("Explorateur des panneaux de l'annexe : exécutez la cellule (Run) pour l'afficher ; "
                "il a besoin d'un noyau Python en marche (JupyterLab ou Binder).")

    def __init__(self, segments=("total", "size_lt5", "size_20plus"), technologies=None, measure="use"):
        seg = data.load_segments().set_index("segment")
        tech = data.load_technologies().sort_values("order")
        self.segments = widgets.SelectMultiple(
            options=[(f"{seg.at[s, 'label_fr']} (n = {seg.at[s, 'n']})", s) for s in PANEL_SEGMENTS],
            value=tuple(segments), rows=8, description="Panneaux",
            layout=widgets.Layout(width="48%"), style={"description_width": "initial"},
        )
        default_tech = technologies or ["office_suite", "accounting_software", "website_info", "social_media", "cloud", "wifi"]
        self.technologies = widgets.SelectMultiple(
            options=list(zip(tech["table_label_fr"], tech["technology"])),
            value=tuple(default_tech), rows=8, description="Technologies",
            layout=widgets.Layout(width="48%"), style={"description_width": "initial"},
        )
        self.measure = widgets.ToggleButtons(
            options=[("Usage actuel", "use"), ("Investissements prévus", "planned"), ("Les deux (un panneau)", "both")],
            value=measure, description="Mesure",
            style={"button_width": "auto"},  # the labels are long; fixed-width buttons cut them
        )
        self.message = widgets.HTML()
        self.output = widgets.Output()
        self.frame = None
        for w in (self.segments, self.technologies, self.measure):
            w.observe(self._redraw, names="value")
        super().__init__([widgets.HBox([self.segments, self.technologies]), self.measure, self.message, self.output])
        self._redraw()

    def _redraw(self, _change=None) -> None:
        self.output.clear_output(wait=True)
        try:
            frame, series = panel_frame(list(self.segments.value), list(self.technologies.value), self.measure.value)
        except ValueError as err:
            self.message.value = f"<b>{_french(err)}</b>"
            self.frame = None
            return
        self.message.value = ""
        self.frame = frame
        with self.output:
            ax = charts.paired_barh(frame, label="technology_label", series=series)
            plt.show()
            plt.close(ax.figure)


_MESSAGES = {
    "choose at least one panel": "Choisissez au moins un panneau.",
    "choose at least one technology": "Choisissez au moins une technologie.",
    "both measures can be compared for one panel at a time": "Les deux mesures se comparent pour un seul panneau à la fois.",
    f"at most {len(charts.PALETTE)} panels at a time": f"Choisissez au plus {len(charts.PALETTE)} panneaux à la fois.",
}


def _french(err: Exception) -> str:
    return _MESSAGES.get(str(err), str(err))


def panels(**kwargs) -> PanelExplorer:
    """Show the explorer (in a notebook) and return it."""
    explorer = PanelExplorer(**kwargs)
    display(explorer)
    return explorer
