"""The library-wide setting a reader may change: the confidence level.

Every chart's interval bars and their legend, every margin of error, every
test's threshold (alpha = 1 - level) and the sentences that state them read
it from here, so one change keeps a whole chapter consistent. A chapter sets
it in its « Paramètres » cell::

    CONFIDENCE_LEVEL = 95
    settings.set_confidence(CONFIDENCE_LEVEL)

Levels are in percent, like every percentage in the library (``95``, not
``0.95``).
"""

from __future__ import annotations

from contextlib import contextmanager

from .errors import check_level

#: The report's own level: its "significantly higher / lower" is at 95 %.
DEFAULT_CONFIDENCE = 95.0

_confidence = DEFAULT_CONFIDENCE


def confidence() -> float:
    """The confidence level in use, in percent (95 unless a chapter changed it)."""
    return _confidence


def alpha() -> float:
    """The significance threshold that goes with the confidence level (0.05 at 95 %)."""
    return round((100 - _confidence) / 100, 10)


def set_confidence(level) -> None:
    """Set the confidence level, in percent (50 <= level < 100)."""
    global _confidence
    _confidence = check_level(level, "confidence level")


@contextmanager
def confidence_level(level):
    """Use another confidence level inside a ``with`` block, then restore the previous one."""
    previous = _confidence
    set_confidence(level)
    try:
        yield confidence()
    finally:
        set_confidence(previous)
