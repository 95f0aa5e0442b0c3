"""Exercises that check themselves: ``exercises.check("atelier1-ti", part_ti)``.

Each exercise of the book and of the workshop (``atelier/``) is registered
here, in one module per notebook (``exercises/atelier1.py``,
``exercises/ch01.py``…), with:

- the right answer, **computed from the data** (never typed), and how close
  an answer must be;
- hints for the usual mistakes (a proportion where a percentage is
  expected, the wrong group, a table where a number is expected…), each
  recognised and answered in French;
- ``wrong``: examples of wrong answers, which ``tests/test_exercises.py``
  runs through the check (each must get its hint), as it runs every
  solution of the notebooks (each must pass).

:func:`check` never raises on a wrong answer and never shows the right one:
it returns a :class:`Feedback`, a French sentence that says « juste » or
what to look at. The solutions live in the notebooks, in ``{solution}``
blocks (hidden until asked for in JupyterLab, a dropdown in the HTML book,
an appendix in the PDF).
"""

from __future__ import annotations

import importlib
import math
import numbers
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import ArgumentError, UnknownKeyError
from .. import fmt
from ..fmt import Text

__all__ = ["check", "Feedback", "catalogue", "Exercise", "number", "keys", "yes_no"]


class Feedback(Text):
    """A check's verdict: a French sentence, with ``ok`` True when the answer is right."""

    HEADS = {True: "✅ Juste !", False: "❌ Pas encore."}

    def __new__(cls, ok: bool, message: str):
        self = super().__new__(cls, f"{cls.HEADS[ok]} {message}")
        self.ok, self.message = ok, message
        return self

    def _repr_markdown_(self) -> str:
        return f"**{self.HEADS[self.ok]}** {self.message}"


class Waiting(Text):
    """The answer cell still holds ``...``: nothing to check yet."""


    def __new__(cls, name: str):
        self = super().__new__(cls, f"✏️ À vous : remplacez « ... » par votre réponse ({name}) dans la cellule "
                                    "au-dessus, exécutez-la, puis exécutez cette cellule.")
        self.ok = False
        return self

    def _repr_markdown_(self) -> str:
        return str(self).replace("✏️ À vous :", "✏️ **À vous :**")


Hint = tuple[Callable[[Any, Any], bool], str]


@dataclass
class Exercise:
    """One exercise: how to compute its answer, how to compare, what to say."""

    id: str
    expected: Callable[[], Any]
    compare: Callable[[Any, Any], bool]
    kind: str                      # what the answer is, in French (« un pourcentage », « une liste de clés »)
    hints: list[Hint] = field(default_factory=list)
    otherwise: str = "Relisez la consigne et les données utilisées."
    right: Callable[[Any], str] | str = "Votre réponse est la bonne."
    wrong: list[Any] = field(default_factory=list)   # examples of wrong answers, for the tests

    def judge(self, answer) -> Feedback:
        expected = self.expected()
        if self.compare(answer, expected):
            return Feedback(True, self.right(expected) if callable(self.right) else self.right)
        for applies, message in self.hints:
            try:
                if applies(answer, expected):
                    return Feedback(False, message)
            except (TypeError, ValueError, KeyError, AttributeError, IndexError):
                continue  # a hint that cannot read this answer does not apply
        return Feedback(False, self.otherwise)


_REGISTRY: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    if exercise.id in _REGISTRY:
        raise ArgumentError(f"exercise {exercise.id!r} is registered twice")
    _REGISTRY[exercise.id] = exercise
    return exercise


def _load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def catalogue() -> dict[str, Exercise]:
    """Every registered exercise, by id."""
    _load_all()
    return dict(_REGISTRY)


def check(exercise: str, answer) -> Text:
    """Say in French whether ``answer`` is right for ``exercise`` (never raises on a wrong answer)."""
    exercises = catalogue()
    if exercise not in exercises:
        raise UnknownKeyError("exercise", exercise, exercises)
    if answer is Ellipsis:
        return Waiting(exercises[exercise].kind)
    return exercises[exercise].judge(answer)


# --------------------------------------------------------------------------
# kinds of answers, with the hints every exercise of that kind shares


def _as_number(answer):
    """A plain number from a number, or from a one-value Series/array; None otherwise."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    size = getattr(answer, "size", None)
    if size == 1 and hasattr(answer, "item"):
        value = answer.item() if not hasattr(answer, "iloc") else answer.iloc[0]
        return float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else None
    return None


def number(id: str, expected: Callable[[], float], *, what: str, tolerance: float = 0.05, percent: bool = True,
           hints: list[tuple[Callable[[], float], str]] = (), otherwise: str, right: str | Callable | None = None,
           wrong: list[Any] = ()) -> Exercise:
    """An exercise whose answer is one number (a percentage when ``percent``), within ``tolerance``.

    ``hints`` pairs a value a usual mistake gives (computed from the data)
    with what to say when the answer equals it.
    """
    def close(answer, target) -> bool:
        value = _as_number(answer)
        return value is not None and math.isclose(value, target, abs_tol=tolerance)

    shared: list[Hint] = [
        (lambda a, e: isinstance(a, str),
         f"Votre réponse est un texte : il faut {what}, sous forme de nombre, sans guillemets ni « % »."),
        (lambda a, e: getattr(a, "size", 1) != 1 and hasattr(a, "shape"),
         f"Votre réponse est un tableau de plusieurs valeurs : il faut {what}, une seule valeur. "
         "Filtrez la ligne voulue, puis prenez sa valeur avec .iloc[0]."),
    ]
    if percent:
        shared.append((lambda a, e: _as_number(a) is not None and 0 < abs(_as_number(a)) <= 1 < e
                       and math.isclose(100 * _as_number(a), e, abs_tol=tolerance + 0.5),
                       "Vous avez donné une proportion : le livre écrit les pourcentages en pour cent "
                       "(47 pour 47 %, pas 0.47)."))
    specific: list[Hint] = [(lambda a, e, v=v: close(a, v()), message) for v, message in hints]
    exercise = Exercise(
        id=id, expected=expected, compare=close, kind=what,
        hints=shared + specific,
        otherwise=otherwise, wrong=list(wrong),
        right=right or (lambda e: f"C'est bien {fmt.pct(e) if percent else fmt.number(e)}."))
    return register(exercise)


def keys(id: str, expected: Callable[[], set[str]], *, what: str, known: Callable[[], set[str]] | None = None,
         hints: list[tuple[Callable[[], set[str]], str]] = (), otherwise: str, right: str | Callable | None = None,
         wrong: list[Any] = ()) -> Exercise:
    """An exercise whose answer is a key or a list of keys (segments, technologies, columns…), in any order."""
    def as_set(answer):
        if isinstance(answer, str):
            return {answer}
        if isinstance(answer, (list, tuple, set, frozenset)) and all(isinstance(x, str) for x in answer):
            return set(answer)
        if hasattr(answer, "tolist"):
            values = answer.tolist()
            if all(isinstance(x, str) for x in values):
                return set(values)
        return None

    shared: list[Hint] = [
        (lambda a, e: as_set(a) is None,
         f"Il faut {what} : des clés entre guillemets, par exemple \"total\" ou [\"size_lt5\", \"size_20plus\"]."),
    ]
    if known is not None:
        shared.append((lambda a, e: bool(as_set(a) - known()),
                       "Une de vos clés n'existe pas : vérifiez l'orthographe (data.segments(), data.technologies() "
                       "ou data.questions() les énumèrent)."))
    shared.append((lambda a, e: as_set(a) < e, "Il en manque : votre réponse est juste, mais incomplète."))
    shared.append((lambda a, e: as_set(a) > e, "Votre réponse contient les bonnes clés, mais aussi d'autres en trop."))
    specific: list[Hint] = [(lambda a, e, v=v: as_set(a) == v(), message) for v, message in hints]
    exercise = Exercise(id=id, expected=expected, compare=lambda a, e: as_set(a) == e, kind=what,
                        hints=shared[:1] + specific + shared[1:], otherwise=otherwise,
                        right=right or (lambda e: f"C'est bien {fmt.join(sorted(e))}."), wrong=list(wrong))
    return register(exercise)


def yes_no(id: str, expected: Callable[[], bool], *, what: str, otherwise: str, right: str | Callable | None = None,
           wrong: list[Any] = ()) -> Exercise:
    """An exercise whose answer is True or False (« oui » / « non » accepted too)."""
    def as_bool(answer):
        if isinstance(answer, bool):
            return answer
        if hasattr(answer, "item") and getattr(answer, "size", 0) == 1:
            value = answer.item()
            return value if isinstance(value, bool) else None
        if isinstance(answer, str) and answer.strip().lower() in {"oui", "non"}:
            return answer.strip().lower() == "oui"
        return None

    exercise = Exercise(
        id=id, expected=expected, compare=lambda a, e: as_bool(a) is not None and as_bool(a) == e, kind=what,
        hints=[(lambda a, e: as_bool(a) is None, "Il faut répondre True (vrai) ou False (faux), sans guillemets.")],
        otherwise=otherwise, right=right or "Votre réponse est la bonne.", wrong=list(wrong))
    return register(exercise)
