"""The book's colours stay readable for colour-blind readers, in greyscale print and against the page.

Each palette is run through colorspacious's simulation of the three full
colour-vision deficiencies (Machado et al. 2009, severity 100), and the
distance between any two colours a chart can put side by side is measured in
CAM02-UCS, a space where a distance means about the same perceived
difference everywhere. Around 10 units, two large patches are told apart at
a glance.

Printed in black and white, two colours are told apart only by their
lightness: any two colours a chart can set side by side differ by at least
10 in CIE L* (about a tenth of the way from black to white). A colour under
WCAG 1.4.11's 3:1 against white is drawn with a dark outline, so that the bar
is seen (encoded twice); interval whiskers have a white halo.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from matplotlib.colors import to_rgb

from economie_sociale import charts

VISIONS = [None, "deuteranomaly", "protanomaly", "tritanomaly"]
MIN_DISTANCE = 10.0
MIN_LIGHTNESS_STEP = 10.0  # CIE L*, between any two colours of a chart, for greyscale print
MEASURED = {None: 17.8, "deuteranomaly": 17.4, "protanomaly": 13.2, "tritanomaly": 14.9}


def seen(colour: str, vision: str | None) -> np.ndarray:
    rgb = np.array(to_rgb(colour))
    if vision is None:
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)


def closest_pair(colours: list[str], vision: str | None) -> tuple[float, str, str]:
    return min((float(deltaE(seen(a, vision), seen(b, vision), input_space="sRGB1")), a, b)
               for a, b in itertools.combinations(colours, 2))


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("name, colours", [
    ("qualitative + grey", charts.PALETTE + [charts.GREY]),
    ("diverging + grey", charts.DIVERGING + [charts.GREY]),
])
def test_every_pair_of_colours_stays_apart(name, colours, vision):
    distance, a, b = closest_pair(colours, vision)
    assert distance >= MIN_DISTANCE, f"{name}: {a} and {b} are {distance:.1f} apart for {vision or 'typical'} vision"


def test_closest_pairs_measured():
    # the figures behind the threshold, so a palette change shows what it costs
    measured = {v: round(closest_pair(charts.PALETTE + [charts.GREY], v)[0], 1) for v in VISIONS}
    assert measured == MEASURED


@pytest.mark.parametrize("vision", VISIONS)
def test_diverging_scale_keeps_its_order_in_lightness(vision):
    # a scale read without hue must still read as dark - light - dark, both ends away from the middle
    lightness = [float(cspace_convert(seen(c, vision), "sRGB1", "CAM02-UCS")[0]) for c in charts.DIVERGING]
    middle = len(lightness) // 2
    assert lightness[:middle + 1] == sorted(lightness[:middle + 1])
    assert lightness[middle:] == sorted(lightness[middle:], reverse=True)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    def luminance(colour):
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", sorted(set(charts.PALETTE + charts.DIVERGING + [charts.GREY])))
def test_values_printed_on_a_bar_are_legible(colour):
    # stacked bars print their value inside each segment, in black or white
    text = charts._text_colour(colour)
    assert contrast(text, colour) >= 4.5, f"{text} on {colour}: {contrast(text, colour):.2f}"


def test_too_many_series_is_an_error_not_a_dropped_bar():
    import pandas as pd

    n = len(charts.PALETTE) + 1
    frame = pd.DataFrame({"technology_label": ["a"] * n, "measure_label": list("abcdefghi")[:n], "value": [10.0] * n})
    with pytest.raises(ValueError, match=f"at most {n - 1} series"):
        charts.paired_barh(frame, ci=False)


def lightness(colour: str) -> float:
    """CIE L* (0 black, 100 white): what a colour becomes in greyscale print."""
    return float(cspace_convert(to_rgb(colour), "sRGB1", "CIELab")[0])


#: the colours a chart can set side by side: the first series of the qualitative palette (the book draws
#: at most three series or three levels plus « ne sait pas »), and every diverging scale with its grey
TOGETHER = [
    ("qualitative, first four + grey", charts.PALETTE[:4] + [charts.GREY]),
    ("diverging, five levels + grey", charts.DIVERGING + [charts.GREY]),
    ("diverging, four levels + grey", charts.DIVERGING[:2] + charts.DIVERGING[3:] + [charts.GREY]),
]


@pytest.mark.parametrize("name, colours", TOGETHER)
def test_greys_of_a_palette_differ(name, colours):
    pairs = sorted((abs(lightness(a) - lightness(b)), a, b) for a, b in itertools.combinations(colours, 2))
    step, a, b = pairs[0]
    assert step >= MIN_LIGHTNESS_STEP, f"{name}: {a} (L* {lightness(a):.0f}) and {b} (L* {lightness(b):.0f}) print alike"


def test_greys_measured():
    # the figures behind the threshold (CIE L*), so that a palette change shows what it costs; the agree/disagree
    # pair of the report's scales (« plutôt en accord » / « plutôt en désaccord ») printed alike at L* 70 before
    assert [round(lightness(c)) for c in charts.PALETTE[:4]] == [29, 72, 50, 62]
    assert [round(lightness(c)) for c in charts.DIVERGING] == [21, 38, 94, 73, 59]
    assert round(lightness(charts.GREY)) == 83


@pytest.mark.parametrize("colour", sorted(set(charts.PALETTE + charts.DIVERGING + [charts.GREY])))
def test_every_colour_has_3_to_1_against_white_or_an_outline_that_has(colour):
    """WCAG 1.4.11: a bar whose colour is under 3:1 against the page gets an outline that is over it."""
    outline = charts.edge(colour)
    if contrast(colour, "#FFFFFF") >= 3:
        assert outline["edgecolor"] == "none"
    else:
        assert outline["linewidth"] > 0 and contrast(outline["edgecolor"], "#FFFFFF") >= 3, colour


def test_drawn_bars_carry_the_outline_of_pale_colours():
    from matplotlib.colors import to_hex

    from economie_sociale import data

    ax = charts.stacked_barh(data.responses("perceptions"), row="item_label", palette="diverging")
    for bar in ax.patches:
        face = to_hex(bar.get_facecolor())
        if bar.get_width() >= 2 and not bar.get_hatch():
            expected = charts.edge(face)["edgecolor"]
            assert (to_hex(bar.get_edgecolor()) if expected != "none" else "none") == \
                (expected.lower() if expected != "none" else "none") or contrast(face, "#FFFFFF") >= 3, face


def test_interval_whiskers_have_a_white_halo():
    """The whiskers (#333) on a dark blue bar were at 1.3:1: a white halo sets them off on any bar."""
    from economie_sociale import data

    ax = charts.barh(data.responses("revenue"))
    whiskers = [c for c in ax.collections]
    assert whiskers
    for line in whiskers:
        effects = line.get_path_effects()
        assert effects and effects[0]._gc["foreground"] == "white"
