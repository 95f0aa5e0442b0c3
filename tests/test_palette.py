"""The book's colours stay readable for colour-blind readers.

Each palette is run through colorspacious's simulation of the three full
colour-vision deficiencies (Machado et al. 2009, severity 100), and the
distance between any two colours a chart can put side by side is measured in
CAM02-UCS, a space where a distance means about the same perceived
difference everywhere. Around 10 units, two large patches are told apart at
a glance.
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
    assert measured == {None: 20.8, "deuteranomaly": 14.2, "protanomaly": 14.0, "tritanomaly": 11.0}


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

    frame = pd.DataFrame({"technology_label": ["a"] * 9, "measure_label": list("abcdefghi"), "value": [10.0] * 9})
    with pytest.raises(ValueError, match="at most 8 series"):
        charts.paired_barh(frame, ci=False)
