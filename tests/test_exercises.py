"""Exercises check themselves: every solution in the notebooks passes its check, every registered wrong answer gets its hint.

The notebooks write each exercise as a ``{exercise}`` block (``:label: ex-<id>``),
an answer cell (``<variable> = ...``), a check cell
(``exercises.check("<id>", <variable>)``) and a ``{solution} ex-<id>`` block
holding the solution's code, self-contained once the library is imported.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from economie_sociale import exercises
from economie_sociale.exercises import Feedback

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("atelier/*.ipynb")])
PRELUDE = ("import pandas as pd\n"
           "from economie_sociale import audit, book, charts, claims, data, exercises, fmt, settings, stats, tables\n")
EXERCISE = re.compile(r"^(:{3,})\{exercise\}[^\n]*\n(?:.*\n)*?:label: ex-(?P<id>[a-z0-9-]+)\s*$", re.M)
SOLUTION = re.compile(r"^(?P<fence>:{3,})\{solution\} ex-(?P<id>[a-z0-9-]+)\s*\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)
CODE = re.compile(r"^```(?:python|ipython3?)\s*\n(?P<code>.*?)^```\s*$", re.M | re.S)


def _exercises_in(path: Path) -> list[dict]:
    """Each exercise of a notebook: its id, the answer variable, the solution's code, in order."""
    nb = nbformat.read(path, as_version=4)
    found, by_id = [], {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for m in EXERCISE.finditer(cell.source):
                entry = {"id": m["id"], "notebook": path.name, "cell": i, "variable": None, "solution": None, "answer_cell": None}
                found.append(entry)
                by_id[m["id"]] = entry
            for m in SOLUTION.finditer(cell.source):
                code = CODE.search(m["body"])
                assert m["id"] in by_id, f"{path.name}: solution for ex-{m['id']} comes before its exercise"
                by_id[m["id"]]["solution"] = code["code"] if code else None
        elif cell.cell_type == "code":
            for call in ast.walk(ast.parse(cell.source)) if "exercises.check" in cell.source else []:
                if isinstance(call, ast.Call) and ast.unparse(call.func) == "exercises.check":
                    ex_id = call.args[0].value
                    assert ex_id in by_id, f"{path.name}: check of {ex_id!r} without an {{exercise}} block labelled ex-{ex_id}"
                    by_id[ex_id]["variable"] = ast.unparse(call.args[1])
                    # the answer and its check in one cell: the check judges the answer just typed, never an older one
                    by_id[ex_id]["answer_cell"] = cell.source
    return found


ALL = [e for path in NOTEBOOKS for e in _exercises_in(path)]


def test_every_exercise_is_complete_and_registered():
    registered = exercises.catalogue()
    assert len(ALL) >= 40, len(ALL)
    ids = [e["id"] for e in ALL]
    assert len(ids) == len(set(ids)), "an exercise id is used twice"
    for e in ALL:
        where = f"{e['notebook']}, ex-{e['id']}"
        assert e["id"] in registered, f"{where}: no check registered in economie_sociale.exercises"
        assert e["variable"], f"{where}: no check cell exercises.check({e['id']!r}, <answer>)"
        assert e["answer_cell"] is not None and re.search(rf"^{re.escape(e['variable'])} = \.\.\.", e["answer_cell"], re.M), \
            f"{where}: the check's cell must hold the answer line « {e['variable']} = ... » above it"
        assert e["solution"], f"{where}: no {{solution}} block with a ```python code block"
    assert set(registered) == set(ids), f"registered but in no notebook: {sorted(set(registered) - set(ids))}"


@pytest.mark.parametrize("entry", ALL, ids=[e["id"] for e in ALL])
def test_the_solution_passes_its_check(entry):
    namespace: dict = {}
    exec(PRELUDE + entry["solution"], namespace)
    verdict = exercises.check(entry["id"], namespace[entry["variable"]])
    assert isinstance(verdict, Feedback) and verdict.ok, f"{entry['id']}: {verdict}"
    assert str(verdict).startswith("✅ Juste !")


@pytest.mark.parametrize("name", sorted(exercises.catalogue()))
def test_wrong_answers_get_a_french_hint(name):
    exercise = exercises.catalogue()[name]
    assert exercise.wrong, f"{name}: register at least one typical wrong answer (wrong=[...])"
    expected = exercise.expected()
    for answer in exercise.wrong:
        verdict = exercises.check(name, answer)
        assert not verdict.ok, f"{name}: {answer!r} was accepted"
        assert str(verdict).startswith("❌ Pas encore. ") and len(verdict.message) > 20
        if not _typed_right(answer, expected):  # a hint may echo what the participant typed
            assert not _gives_away(verdict.message, expected), f"{name}: the hint gives the answer away: {verdict.message}"


def _typed_right(answer, expected) -> bool:
    """The right number, typed the French way (« 30 % », 24,8): its hint may repeat it."""
    if not isinstance(expected, (int, float)) or isinstance(expected, bool):
        return False
    value = exercises.comma_number(answer)
    value = exercises.text_number(answer) if value is None else value
    return value is not None and abs(value - expected) < 1e-6


def _gives_away(message: str, expected) -> bool:
    """Whether a hint prints the right answer (a number in either notation, or one of the expected keys)."""
    if isinstance(expected, bool):
        return False  # True/False: naming both is how a hint explains the form
    if isinstance(expected, (int, float)):
        shown = {f"{expected:g}", f"{expected:g}".replace(".", ",")}
        return any(re.search(rf"(?<![\d,.]){re.escape(x)}(?![\d,])", message) for x in shown)
    return any(f'"{k}"' in message or f"'{k}'" in message for k in expected)


def test_an_unanswered_exercise_says_what_to_do():
    name = ALL[0]["id"]
    text = str(exercises.check(name, ...))
    assert text.startswith("✏️ À vous : remplacez « ... » par votre réponse")


def test_an_unknown_exercise_is_named():
    with pytest.raises(KeyError, match="unknown exercise 'atelier1-nope'"):
        exercises.check("atelier1-nope", 3)
