"""French number formatting (Babel's ``fr_CA`` locale): ``47 %``, ``25,6 %``, ``210 000``.

Babel puts the non-breaking spaces where French typography wants them, so a
percentage never wraps away from its number.
"""

from __future__ import annotations

import math
import numbers

import datetime

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "fr_CA"


def _check(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}")
    return value


def _decimals(value: float, decimals: int | None) -> int:
    # As printed in the report: whole percentages, one decimal where the
    # value has one (25,6 %, 0,2 %).
    if decimals is not None:
        return decimals
    return 0 if float(value).is_integer() else 1


def pct(value, decimals: int | None = None) -> str:
    """A percentage given in percent (``47`` -> ``'47 %'``, ``25.6`` -> ``'25,6 %'``)."""
    value = _check(value)
    d = _decimals(value, decimals)
    pattern = "#,##0" + ("." + "0" * d if d else "") + "\u00a0%"
    return format_percent(value / 100, format=pattern, locale=LOCALE, decimal_quantization=True)


def number(value, decimals: int | None = None) -> str:
    """A plain number with French separators (``210000`` -> ``'210 000'``)."""
    value = _check(value)
    d = _decimals(value, decimals)
    pattern = "#,##0" + ("." + "0" * d if d else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def dollars(value) -> str:
    """An amount in dollars, French style (``25000`` -> ``'25 000 $'``)."""
    return number(value) + "\u00a0$"


def pct_points(value, decimals: int | None = None) -> str:
    """A difference of percentages, in points (``15`` -> ``'15 points'``)."""
    value = _check(value)
    return number(value, decimals) + "\u00a0point" + ("s" if abs(value) >= 2 else "")


def date(yyyymmdd) -> str:
    """A date stored as ``YYYYMMDD`` (``20160526``), in French: ``26 mai 2016``."""
    value = _check(yyyymmdd)
    if not value.is_integer():
        raise ValueError(f"a date must be a whole YYYYMMDD number, got {yyyymmdd!r}")
    day = datetime.datetime.strptime(str(int(value)), "%Y%m%d").date()
    return format_date(day, format="d MMMM y", locale=LOCALE)


def p_value(p, form: str = "value") -> str:
    """A p-value in French, three decimals, very small ones as a bound.

    ``form``: ``"value"`` -> ``0,038`` / ``< 0,001``; ``"relation"`` ->
    ``= 0,038`` / ``< 0,001``; ``"statement"`` -> ``p = 0,038`` / ``p < 0,001``.
    """
    p = _check(p)
    if not 0 <= p <= 1:
        raise ValueError(f"a p-value lies in [0, 1], got {p}")
    if form not in ("value", "relation", "statement"):
        raise ValueError(f"form must be value, relation or statement, got {form!r}")
    small = p < 0.001
    number_ = number(0.001 if small else round(p, 3), 3)
    relation = "<" if small else "="
    if form == "value":
        return f"<\u00a0{number_}" if small else number_
    if form == "relation":
        return f"{relation}\u00a0{number_}"
    return f"p\u00a0{relation}\u00a0{number_}"
