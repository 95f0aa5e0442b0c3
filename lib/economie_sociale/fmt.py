"""French number formatting (Babel's ``fr_CA`` locale): ``47 %``, ``25,6 %``, ``210 000``.

Babel puts the non-breaking spaces where French typography wants them, so a
percentage never wraps away from its number.

Every function returns a :class:`Text`: a string that shows as itself
(``25,6 %``, not ``'25,6\\u202f%'``) wherever Jupyter displays it. That is
what lets a Markdown cell write ``{eval}`fmt.pct(share)``` and show the
number in JupyterLab (jupyterlab-myst), in the HTML book and in the PDF
alike.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from .errors import ArgumentError, check_number, check_probability

__all__ = [
    "pct", "number", "dollars", "pct_points", "interval", "p_value", "p_range", "date", "text", "join",
    "LOCALE", "count_share", "share_of", "exceptions", "span", "pct_range", "quote", "in_sentence",
]

LOCALE = "fr_CA"
#: Larger magnitudes are not survey numbers (and Babel cannot format 1e300).
LIMIT = 1e15


class Text(str):
    """A ready-to-print French string whose ``repr`` is the text itself.

    ``{eval}`` shows an expression's ``repr``; a plain ``str`` would show its
    quotes and escapes.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's display of a cell's last value
        printer.text(str(self))


def text(value) -> Text:
    """Any string (a label, a key) as a :class:`Text`, to show it in prose without quotes."""
    if not isinstance(value, str):
        raise ArgumentError(f"fmt.text expects a string, got {type(value).__name__} {value!r}; "
                            "format numbers with fmt.pct, fmt.number or fmt.dollars")
    return Text(value)


_NUMBER_GAP = __import__("re").compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=[$%])")


def unbreakable_numbers(label) -> str:
    """``label`` with no-break spaces inside its numbers (« 1 000 000 $ »): a label as displayed, never broken there.

    The report's labels (kept as printed in ``data/``) use plain spaces, so a chart or a narrow
    table column could break « Entre 1 000 » from « 000 $ ». Only spaces between digit groups and
    before ``$`` or ``%`` change; the data keep their text.
    """
    return _NUMBER_GAP.sub("\u00a0", str(label))


def join(items, last: str = "et") -> Text:
    """Items in a French list: ``['a', 'b', 'c']`` -> ``'a, b et c'`` (``last="ou"`` for a choice)."""
    if isinstance(items, str):
        raise ArgumentError("fmt.join expects a list of strings, got a single string")
    items = [str(i) for i in items]
    if not items:
        raise ArgumentError("fmt.join: nothing to join")
    return Text(items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}")


def _check(value, name: str = "value") -> float:
    value = check_number(value, name)
    if abs(value) >= LIMIT:
        raise ArgumentError(f"{name} {value:g} is too large to be a survey number (limit {LIMIT:g})")
    return value


def _decimals(value: float, decimals: int | None) -> int:
    # As printed in the report: whole percentages, one decimal where the
    # value has one (25,6 %, 0,2 %).
    if decimals is not None:
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
            raise ArgumentError(f"decimals must be a whole number from 0 to 6, got {decimals!r}")
        return decimals
    return 0 if float(value).is_integer() else 1


def pct(value, decimals: int | None = None) -> Text:
    """A percentage given in percent (``47`` -> ``'47 %'``, ``25.6`` -> ``'25,6 %'``).

    A value between 0 and 1 with more than one decimal (``0.55``) is refused
    unless ``decimals`` is given: it is almost always a proportion passed where
    percent is expected (write ``55``).
    """
    value = _check(value)
    if decimals is None and 0 < abs(value) < 1 and abs(value * 10 - round(value * 10)) > 1e-9:
        raise ArgumentError(f"pct({value!r}): percentages are in percent; {value!r} looks like a proportion "
                            f"(write {100 * value:g}), or pass decimals= to show it as {value!r} %")
    d = _decimals(value, decimals)
    pattern = "#,##0" + ("." + "0" * d if d else "") + "\u00a0%"
    return Text(format_percent(value / 100, format=pattern, locale=LOCALE, decimal_quantization=True))


def number(value, decimals: int | None = None) -> Text:
    """A plain number with French separators (``210000`` -> ``'210 000'``)."""
    value = _check(value)
    d = _decimals(value, decimals)
    pattern = "#,##0" + ("." + "0" * d if d else "")
    return Text(format_decimal(value, format=pattern, locale=LOCALE))


def dollars(value) -> Text:
    """An amount in dollars, French style (``25000`` -> ``'25 000 $'``)."""
    return Text(number(value) + "\u00a0$")


def count_share(k: int, n: int, decimals: int = 1) -> Text:
    """A whole count over its base and the share it gives: ``'37/80 = 46,25 %'``, ``'34/117 = 29,1 %'``.

    Rounded half up to ``decimals``, as a reader rounds; a share that two decimals show exactly is shown
    exactly (never « 46,2 % » for 46,25 % beside a sentence that rounds 47,5 % up).
    """
    import math

    k, n = _check(k, "k"), _check(n, "n")
    if n <= 0:
        raise ArgumentError(f"count_share({k!r}, {n!r}): the base must be positive")
    exact = 100 * k / n
    if abs(exact * 100 - round(exact * 100)) < 1e-9 and round(exact, decimals) != exact:
        shown = pct(exact, 2)
    else:
        shown = pct(math.floor(exact * 10**decimals + 0.5) / 10**decimals, decimals)
    return Text(f"{number(k)}/{number(n)} = {shown}")


def pct_points(value, decimals: int | None = None) -> Text:
    """A difference of percentages, in points (``15`` -> ``'15 points'``)."""
    value = _check(value)
    return Text(number(value, decimals) + "\u00a0point" + ("s" if abs(value) >= 2 else ""))


def interval(low, high, decimals: int = 1) -> Text:
    """A confidence interval, the book's one notation: ``'de 2,5 % à 6,4 %'``.

    Wilson intervals are not symmetric, so the book never writes them ``± x``.
    """
    low, high = _check(low, "low"), _check(high, "high")
    if low > high:
        raise ArgumentError(f"interval bounds are reversed: low={low:g} > high={high:g}")
    return Text(f"de {pct(round(low, decimals), decimals)} à {pct(round(high, decimals), decimals)}")


def date(yyyymmdd) -> Text:
    """A date stored as ``YYYYMMDD`` (``20160526``), in French: ``26 mai 2016``."""
    value = _check(yyyymmdd, "date")
    if not value.is_integer():
        raise ArgumentError(f"a date must be a whole YYYYMMDD number, got {yyyymmdd!r}")
    try:
        day = datetime.datetime.strptime(str(int(value)), "%Y%m%d").date()
    except ValueError:
        raise ArgumentError(f"{int(value)} is not a date written YYYYMMDD") from None
    return Text(format_date(day, format="d MMMM y", locale=LOCALE))


def p_value(p, form: str = "value") -> Text:
    """A p-value in French, three decimals, very small ones as a bound.

    ``form``: ``"value"`` -> ``0,038`` / ``< 0,001``; ``"relation"`` ->
    ``= 0,038`` / ``< 0,001``; ``"statement"`` -> ``p = 0,038`` / ``p < 0,001``.
    """
    p = check_probability(p, "p")
    if form not in ("value", "relation", "statement"):
        raise ArgumentError(f"form must be value, relation or statement, got {form!r}")
    small = p < 0.001
    number_ = number(0.001 if small else round(p, 3), 3)
    relation = "<" if small else "="
    if form == "value":
        return Text(f"<\u00a0{number_}" if small else number_)
    if form == "relation":
        return Text(f"{relation}\u00a0{number_}")
    return Text(f"p\u00a0{relation}\u00a0{number_}")


def p_range(low, high) -> Text:
    """The range of a p-value over the counts the rounding allows: ``'de 0,045 à 0,188'``."""
    low, high = check_probability(low, "low"), check_probability(high, "high")
    if low > high:
        raise ArgumentError(f"p range bounds are reversed: low={low:g} > high={high:g}")
    return Text(f"de {p_value(low)} à {p_value(high)}")


def share_of(value, k, n) -> Text:
    """A percentage rounded to a whole, with the count and base behind it, as a table of tests gives a group.

    ``share_of(100 * 54 / 70, 54, 70)`` -> ``'77 % (54 sur 70)'``. ``k`` may list several counts, for a
    printed percentage that no single count gives: ``share_of(47, [37, 38], 80)`` -> ``'47 % (37 ou 38 sur 80)'``.
    """
    counts = list(k) if isinstance(k, (list, tuple)) else [k]
    base = _check(n, "n")
    if not counts or base <= 0 or any(not 0 <= _check(c, "k") <= base for c in counts):
        raise ArgumentError(f"share_of({value!r}, {k!r}, {n!r}): each count k must lie between 0 and the base n, "
                            "and the base must be positive")
    return Text(f"{pct(round(_check(value)))} ({join([number(c) for c in counts], 'ou')} sur {number(base)})")


def exceptions(items, none: str) -> Text:
    """The exceptions to a rule, to open a sentence: « Seule exception : a », « Exceptions : a, b et c »,
    or ``none`` when there is none (« Aucune exception »)."""
    if isinstance(items, str):
        raise ArgumentError("fmt.exceptions expects a list of strings, got a single string")
    if not isinstance(none, str):
        raise ArgumentError(f"none must be the sentence for no exception (a string), got {type(none).__name__} {none!r}")
    items = [str(i) for i in items]
    if len(items) == 1:
        return Text("Seule exception : " + items[0])
    if items:
        return Text("Exceptions : " + join(items))
    return Text(none)


def _missing(value) -> bool:
    """None or NaN: a value the source does not print (fmt stays free of pandas)."""
    import math
    import numbers

    return value is None or (isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isnan(value))


def span(low, high, money: bool = False, missing: str = "—") -> Text:
    """A value or a range, as a fact box prints it: ``'40'``, ``'35 000 à 40 000 $'``.

    ``low == high`` gives the one value; ``money`` adds « $ ». A missing ``low`` (None or NaN: the source
    prints no value) gives ``missing``, a dash by default, so that a table's empty cell is visible.
    """
    if _missing(low):
        return Text(missing)
    low, high = _check(low, "low"), _check(high, "high")
    if low > high:
        raise ArgumentError(f"span bounds are reversed: low={low:g} > high={high:g}")
    unit = "\u00a0$" if money else ""
    if low == high:
        return Text(number(low) + unit)
    return Text(f"{number(low)} à {number(high)}{unit}")


def pct_range(low, high, decimals: int = 1) -> Text:
    """A percentage known as a range (a ratio of two ranges, say): ``'1,6 %'``, or ``'1,5 à 2,0 %'``.

    One value when both ends round alike at ``decimals``; otherwise both ends, the sign once.
    """
    low, high = _check(low, "low"), _check(high, "high")
    if low > high:
        raise ArgumentError(f"pct_range bounds are reversed: low={low:g} > high={high:g}")
    d = _decimals(low, decimals)
    if round(low, d) == round(high, d):
        return pct(low, d)
    return Text(f"{number(low, d)} à {pct(high, d)}")


def quote(words) -> Text:
    """Someone's words in French guillemets: ``'« plus nombreux »'``.

    A number keeps its « % » on its line (no-break spaces, :func:`unbreakable_numbers`), and words
    cut inside a parenthesis are closed with « …) », so that the quotation never opens a bracket it
    does not close.
    """
    if not isinstance(words, str):
        raise ArgumentError(f"fmt.quote expects a string, got {type(words).__name__} {words!r}")
    closed = words + ("…)" if words.count("(") > words.count(")") else "")
    return Text("« " + unbreakable_numbers(closed) + " »")


def in_sentence(label) -> Text:
    """A label as it reads inside a French sentence, its first letter in lower case:
    ``'Site Web informationnel'`` -> ``'site Web informationnel'`` (the rest is kept as printed)."""
    if not isinstance(label, str) or not label:
        raise ArgumentError(f"fmt.in_sentence expects a non-empty string, got {type(label).__name__} {label!r}")
    return Text(label[0].lower() + label[1:])
