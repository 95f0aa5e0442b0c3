"""The library's errors, and the argument checks that raise them.

Every error the library raises on bad input is an :class:`EconomieSocialeError`
(and also the matching built-in type, so ``except ValueError`` keeps
working): a researcher's cell fails with a message naming the argument,
the value received and what was expected, never with a pandas or NumPy
traceback, a ``nan`` or a half-right chart.

Conventions the checks enforce, everywhere in the library:

- **percentages are in percent** (``25.6`` for 25,6 %), never fractions;
- **confidence levels are in percent** too (``95``, ``90``, ``99``);
- **counts** (``k``, ``n``) are whole numbers, and bases are positive;
- a **single key** where a list of keys is expected is taken as a list of one.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable


class EconomieSocialeError(Exception):
    """Base class of every error the library raises on purpose."""


class ArgumentError(EconomieSocialeError, ValueError):
    """A function was called with a value it cannot use (wrong kind, out of range)."""


class UnknownKeyError(EconomieSocialeError, KeyError):
    """A caller asked for a question, segment, item, technology or level that does not exist."""

    def __init__(self, what: str, key, known):
        self.what, self.key = what, key
        known = sorted(map(str, known))
        hint = ""
        if isinstance(key, str) and key not in known:
            from difflib import get_close_matches

            close = get_close_matches(key, known, n=3, cutoff=0.6)
            if close:
                hint = f" (did you mean {', '.join(repr(k) for k in close[:3])}?)"
        listed = ", ".join(known[:40]) + (f" ... ({len(known)} in all)" if len(known) > 40 else "")
        super().__init__(f"unknown {what} {key!r}{hint}; known: {listed}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.args[0]


def _describe(value) -> str:
    return f"{type(value).__name__} {value!r}"


def check_number(value, name: str) -> float:
    """A finite real number (not a bool, not a string), as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentError(f"{name} must be a number, got {_describe(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise ArgumentError(f"{name} must be a finite number, got {value!r}")
    return value


def check_count(value, name: str, *, positive: bool = False) -> int:
    """A whole count: an int, or a float with no fractional part (``25.0``)."""
    number = check_number(value, name)
    if not number.is_integer():
        raise ArgumentError(
            f"{name} must be a whole count of respondents, got {value!r}"
            + (" (it looks like a proportion: counts are numbers of respondents, percentages are in percent)"
               if 0 < abs(number) < 1 else ""))
    count = int(number)
    if count < 0 or (positive and count == 0):
        raise ArgumentError(f"{name} must be {'a positive' if positive else 'a non-negative'} count, got {count}")
    return count


def check_percent(value, name: str) -> float:
    """A percentage in [0, 100], in percent."""
    number = check_number(value, name)
    if not 0 <= number <= 100:
        raise ArgumentError(f"{name} is a percentage and must lie in [0, 100], got {number:g}")
    return number


def check_level(value, name: str = "level") -> float:
    """A confidence level in percent: 50 <= level < 100 (``95``, not ``0.95``)."""
    number = check_number(value, name)
    if 0 < number < 1:
        raise ArgumentError(f"{name} is in percent: write {100 * number:g}, not {number:g}")
    if not 50 <= number < 100:
        raise ArgumentError(f"{name} must be a confidence level in percent, between 50 and 100 (e.g. 90, 95 or 99); "
                            f"got {number:g}")
    return number


def check_probability(value, name: str) -> float:
    """A p-value or other probability, in [0, 1]."""
    number = check_number(value, name)
    if not 0 <= number <= 1:
        raise ArgumentError(f"{name} is a probability and must lie in [0, 1], got {number:g}")
    return number


def as_keys(value, name: str) -> list[str] | None:
    """``None``, one key (``"size_lt5"``) or an iterable of keys, as a list of strings."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable) or isinstance(value, (bytes, dict)):
        raise ArgumentError(f"{name} must be a key or a list of keys, got {_describe(value)}")
    keys = list(value)
    bad = [k for k in keys if not isinstance(k, str)]
    if bad:
        raise ArgumentError(f"{name} must hold keys (strings), got {bad[0]!r} among {keys!r}")
    if not keys:
        raise ArgumentError(f"{name} is empty: name at least one key")
    return keys
