"""Exercises that check themselves: ``exercises.check("atelier1-ti", part_ti)``.

Each exercise of the book and of the workshop (``atelier/``) is registered
here, in one module per notebook (``exercises/atelier1.py``,
``exercises/profil.py``…), with:

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
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import ArgumentError, UnknownKeyError
from .. import fmt
from ..fmt import Text

__all__ = ["check", "Feedback", "catalogue", "Exercise", "number", "keys", "yes_no", "markdown", "comma_number", "text_number"]


def markdown(message: str) -> str:
    """``message`` as Markdown that every renderer shows literally: code spans kept, ``$`` escaped outside them.

    JupyterLab, the HTML book and jupyterlab-myst all read ``$…$`` as mathematics;
    a French amount (« 100 000 $ et plus ») must stay text. Code is written in
    code spans, so that straight quotes are never turned into curly ones and
    can be pasted back into a cell.
    """
    parts = re.split(r"(`[^`]*`)", message)
    return "".join(part if part.startswith("`") else part.replace("\\", "\\\\").replace("$", "\\$")
                   .replace("*", "\\*").replace("_", "\\_") for part in parts)


class Feedback(Text):
    """A check's verdict: a French sentence, with ``ok`` True when the answer is right."""

    HEADS = {True: "✅ Juste !", False: "❌ Pas encore."}

    def __new__(cls, ok: bool, message: str):
        self = super().__new__(cls, f"{cls.HEADS[ok]} {message}")
        self.ok, self.message = ok, message
        return self

    def _repr_markdown_(self) -> str:
        return f"**{self.HEADS[self.ok]}** {markdown(self.message)}"


class Waiting(Text):
    """The answer line still holds ``...``: nothing to check yet."""

    def __new__(cls, name: str):
        self = super().__new__(cls, f"✏️ À vous : remplacez « ... » par votre réponse ({name}), "
                                    "puis exécutez la cellule (Maj + Entrée).")
        self.ok = False
        return self

    def _repr_markdown_(self) -> str:
        return markdown(str(self)).replace("✏️ À vous :", "✏️ **À vous :**")


#: When a hint applies (answer, expected) -> bool, and what it says: a sentence, or a function of (answer, expected).
Hint = tuple[Callable[[Any, Any], bool], "str | Callable[[Any, Any], str]"]


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
    own_hints: list[str] = field(default_factory=list)  # this exercise's own hints (each must be reachable: tests)
    hint_answers: list[Callable[[], Any]] = field(default_factory=list)  # the answer each own hint is made for
    tolerance: float = 0.0                               # how close a number must be (number exercises)

    def judge(self, answer) -> Feedback:
        expected = self.expected()
        if self.compare(answer, expected):
            return Feedback(True, self.right(expected) if callable(self.right) else self.right)
        return Feedback(False, self.hint(answer, expected))

    def hint(self, answer, expected) -> str:
        """What to say of a wrong ``answer``: the first hint that applies, else ``otherwise``."""
        for applies, message in self.hints:
            try:
                if applies(answer, expected):
                    return message(answer, expected) if callable(message) else message
            except (TypeError, ValueError, KeyError, AttributeError, IndexError):
                continue  # a hint that cannot read this answer does not apply
        return self.otherwise


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


def comma_number(answer) -> float | None:
    """The number a French writer meant by ``24,8``, which Python reads as the tuple ``(24, 8)``; else None."""
    if (isinstance(answer, tuple) and len(answer) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in answer) and answer[1] >= 0):
        return float(f"{answer[0]}.{answer[1]}")
    return None


def text_number(answer) -> float | None:
    """The number inside a text answer (``"24,8"``, ``"30 %"``, ``"0.3"``); else None."""
    if not isinstance(answer, str):
        return None
    cleaned = re.sub(r"[\s\u202f\u00a0%]", "", answer).replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _literal(value: float) -> str:
    """How to type ``value`` in Python: ``24.8``, ``30``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def number(id: str, expected: Callable[[], float], *, what: str, tolerance: float = 0.05, percent: bool = True,
           decimals: int | None = None, hints: list[tuple[Callable[[], float], str]] = (), otherwise: str,
           right: str | Callable | None = None, wrong: list[Any] = ()) -> Exercise:
    """An exercise whose answer is one number (a percentage when ``percent``), within ``tolerance``.

    ``hints`` pairs a value a usual mistake gives (computed from the data)
    with what to say when the answer equals it. ``decimals`` is the precision
    the statement asks for: the right answer is shown with it.

    A number typed the French way is recognised, never accepted: ``24,8`` (a
    tuple to Python) and ``"24,8"`` or ``"30 %"`` (texts) get a sentence that
    names the comma, the quotes or the ``%``, and says whether the number itself
    is right. Accepting them would only move the error to the next cell that
    computes with the answer (a tuple or a text is not a number).
    """
    def close(answer, target) -> bool:
        value = _as_number(answer)
        return value is not None and math.isclose(value, target, abs_tol=tolerance)

    specific: list[Hint] = [(lambda a, e, v=v: close(a, v()), message) for v, message in hints]

    def verdict_on(value: float, expected: float) -> str:
        """What to add about the value itself once its writing is fixed."""
        if math.isclose(value, expected, abs_tol=tolerance):
            return "Le nombre lui-même est le bon : il ne reste qu'à l'écrire ainsi."
        for applies, message in specific:
            if applies(value, expected):
                return f"Mais même écrit ainsi, ce nombre n'est pas encore le bon. {message}"
        return "Mais même écrit ainsi, ce nombre n'est pas encore le bon."

    def on_comma(answer, expected) -> str:
        a, b = answer
        value = comma_number(answer)
        return (f"Vous avez écrit `{a},{b}` avec une virgule : Python y lit deux nombres ({a} et {b}), "
                f"pas un nombre décimal. En Python, les décimales s'écrivent avec un point : `{_literal(value)}`. "
                + verdict_on(value, expected))

    def on_text(answer, expected) -> str:
        value = text_number(answer)
        what_to_drop = "les guillemets" + (" et le « % »" if "%" in answer else "")
        point = ", avec un point pour les décimales" if "," in answer else ""
        return (f"Votre réponse `{answer!r}` est un texte (entre guillemets) : il faut un nombre. "
                f"Enlevez {what_to_drop} et écrivez le nombre seul{point} : `{_literal(value)}`. "
                + verdict_on(value, expected))

    shared: list[Hint] = [
        (lambda a, e: comma_number(a) is not None, on_comma),
        (lambda a, e: text_number(a) is not None, on_text),
        (lambda a, e: isinstance(a, str),
         f"Votre réponse est un texte : il faut {what}, sous forme de nombre, sans guillemets."),
        (lambda a, e: isinstance(a, (tuple, list)),
         f"Votre réponse contient plusieurs valeurs : il faut {what}, une seule valeur."),
        (lambda a, e: getattr(a, "size", 1) != 1 and hasattr(a, "shape"),
         f"Votre réponse est un tableau de plusieurs valeurs : il faut {what}, une seule valeur. "
         "Filtrez la ligne voulue, puis prenez sa valeur avec `.iloc[0]`."),
    ]
    if percent:
        shared.append((lambda a, e: _as_number(a) is not None and 0 < abs(_as_number(a)) <= 1 < e
                       and math.isclose(100 * _as_number(a), e, abs_tol=tolerance + 0.5),
                       "Vous avez donné une proportion : le livre écrit les pourcentages en pour cent "
                       "(`47` pour 47 %, pas `0.47`)."))

    def shown(e: float) -> str:
        if percent:
            return f"C'est bien {fmt.pct(e, decimals)}."
        return f"C'est bien {fmt.number(e, decimals)}." if decimals is not None else f"C'est bien {fmt.number(e)}."

    exercise = Exercise(
        id=id, expected=expected, compare=close, kind=what,
        hints=shared + specific, own_hints=[message for _, message in hints], tolerance=tolerance,
        hint_answers=[value for value, _ in hints],
        otherwise=otherwise, wrong=list(wrong),
        right=right or shown)
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
         f"Il faut {what} : des clés entre guillemets, par exemple `\"total\"` ou `[\"size_lt5\", \"size_20plus\"]`."),
    ]
    if known is not None:
        def is_label(a, e) -> bool:
            from .. import data  # the labels a participant reads in tables and charts
            return bool(as_set(a) - known()) and any(len(data.find(k)) for k in as_set(a) - known())

        shared.append((is_label,
                       "C'est un libellé en français, pas une clé : la clé est le mot anglais de la colonne "
                       "`technology`, `segment` ou `question` du tableau (`data.find(\"mot\")` la retrouve)."))
        shared.append((lambda a, e: bool(as_set(a) - known()),
                       "Une de vos clés n'existe pas : vérifiez l'orthographe (`data.segments()`, "
                       "`data.technologies()` ou `data.questions()` les énumèrent)."))
    shared.append((lambda a, e: as_set(a) < e, "Il en manque : votre réponse est juste, mais incomplète."))
    shared.append((lambda a, e: as_set(a) > e, "Votre réponse contient les bonnes clés, mais aussi d'autres en trop."))
    specific: list[Hint] = [(lambda a, e, v=v: as_set(a) == v(), message) for v, message in hints]
    exercise = Exercise(id=id, expected=expected, compare=lambda a, e: as_set(a) == e, kind=what,
                        hints=shared[:1] + specific + shared[1:], otherwise=otherwise,
                        own_hints=[message for _, message in hints],
                        hint_answers=[value for value, _ in hints],
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
        hints=[(lambda a, e: isinstance(a, str) and a.strip().lower() in {"true", "false", "vrai", "faux"},
                lambda a, e: f"Votre réponse `{a!r}` est un texte : écrivez `{a.strip().lower() in {'true', 'vrai'}}` "
                             "sans guillemets, avec une majuscule."),
               (lambda a, e: as_bool(a) is None, "Il faut répondre `True` (vrai) ou `False` (faux), sans guillemets.")],
        otherwise=otherwise, right=right or "Votre réponse est la bonne.", wrong=list(wrong))
    return register(exercise)
