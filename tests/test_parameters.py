"""A researcher changes the confidence level in a chapter's « Paramètres » cell and runs it all.

Every chapter with such a cell is executed again at 90 % and at 99 % (as
``book_build.notebooks`` does it: papermill's convention, a cell injected
after the one tagged ``parameters``), in parallel, and compared with the
build's run at 95 %:

- every cell runs; a sentence whose conclusion no longer holds says so in French
  (``book.check``), never with a bare error;
- what states the level follows it: the level itself, interval legends and the
  data tables under the charts say 90 % or 99 %, never 95 %;
- the prose, read with its numbers at the new level, never states 95 % (or a
  0,05 threshold) as the level in use: 95 % appears only where a sentence names
  it as the report's own convention;
- every chart is still made (its data table is there; the images themselves are the build's).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from book_build import notebooks, sphinx_notebooks
from book_build.forked_kernels import zygote_if_wanted

from .conftest import ROOT

CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.ipynb")
                  if any(notebooks.PARAMETERS_TAG in c.metadata.get("tags", [])
                         for c in nbformat.read(p, as_version=4).cells))
LEVELS = (90, 99)
# An expression that may change with the level: it calls something that reads it.
STATES_LEVEL = re.compile(r"book\.level\(\)|fmt\.pct\((settings\.confidence\(\)|CONFIDENCE_LEVEL)\)")
STATES_95 = re.compile(r"(confiance|seuil|niveau)[^.;:]{0,25}95\s?%")
DEFAULT_LEVEL = re.compile(r"\b95[\u00a0\u202f ]?%|\b0,05\b")
# The report's own convention may be named: « au seuil de 95 % du rapport », « retenu par le rapport »...
REPORTS_OWN = re.compile(r"rapport|CEFRIO|convention|habituel", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀÉÈÊ«])|\n\n")


@pytest.fixture(scope="module")
def runs():
    """{(chapter, level): executed notebook or the ExecutionError}, executed two at a time."""
    def run(job):
        path, level = job
        try:
            # no image drawn: what these runs check is prose, verdicts and the charts' data tables (the charts
            # themselves are drawn by the build at 95 %, and at 99 % by the JupyterLab test)
            return job, notebooks.execute(path, {"CONFIDENCE_LEVEL": level}, figure_formats=(), zygote=zygote)
        except notebooks.ExecutionError as err:
            return job, err

    longest_first = sorted(CHAPTERS, key=lambda p: -p.stat().st_size)  # as the build orders a cold run
    with zygote_if_wanted() as zygote, ThreadPoolExecutor(max_workers=2) as pool:  # forked kernels, as the build's
        return dict(pool.map(run, [(p, level) for p in longest_first for level in LEVELS]))


def _expressions(nb) -> list[tuple[int, str, str]]:
    cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    return [(i, e["expression"], e["result"].get("data", {}).get("text/plain", ""))
            for i, c in enumerate(cells) for e in c.metadata.get("user_expressions", [])]


def _texts(nb) -> list[str]:
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            out += [data[m] for m in ("text/markdown", "text/plain") if isinstance(data.get(m), str)]
    return out


def test_some_chapters_have_a_parameters_cell():
    assert len(CHAPTERS) >= 6, [p.name for p in CHAPTERS]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_runs_and_follows_the_level(runs, path, level):
    result = runs[(path, level)]
    assert not isinstance(result, Exception), f"{path.name} at {level} %: {result}"
    for message in notebooks.messages(result, "conclusion-changed"):
        assert message.startswith(f"Attention : avec les données et les paramètres actuels (niveau de confiance de {level}\u00a0%)") \
            and "Raison :" in message, message
        print(f"{path.name} at {level} %: {message}")

    # what states the level says the new one, and nothing states 95 % as the level in use
    for i, expression, shown in _expressions(result):
        if STATES_LEVEL.fullmatch(expression.replace(" ", "")):
            assert shown.startswith(f"{level}\u00a0%"), f"cell {i}: {{eval}}`{expression}` shows {shown!r}"
    stale = [t for t in _texts(result) if STATES_95.search(t)]
    assert not stale, f"{path.name} at {level} %: an output still states 95 %: {stale[0][:200]}"

    # the prose as it reads at this level: 95 % or 0,05 only where it is the report's own convention
    stale = []
    for i, cell in enumerate(result.cells):
        if cell.cell_type != "markdown":
            continue
        for sentence in SENTENCE.split(sphinx_notebooks.substitute(cell)):
            if DEFAULT_LEVEL.search(sentence) and not REPORTS_OWN.search(sentence):
                stale.append(f"cell {i}: {' '.join(sentence.split())[:220]}")
    assert not stale, f"{path.name} at {level} %: the prose still states 95 % as the level in use:\n  " + "\n  ".join(stale)

    # the charts are all there, and their data tables state the new level
    at_95 = notebooks.default_store(ROOT).get(path, notebooks.source_key(nbformat.read(path, as_version=4),
                                                                         notebooks.inputs_digest()))
    assert at_95 is not None, "run scripts/build.sh first (the 95 % run is the build's)"
    images_95 = sum("image/png" in o.get("data", {}) for c in at_95.cells for o in c.get("outputs", []))
    charts_95, charts = (len(notebooks.messages(nb, "figure-data")) for nb in (at_95, result))
    assert charts_95 == images_95, f"{path.name}: every chart of the build's run comes with its data table"
    assert charts == charts_95, f"{path.name} at {level} %: {charts} charts instead of {charts_95}"
    intervals = [t for t in _texts(result) if "Intervalle de confiance" in t or "Intervalles de confiance" in t]
    assert all(f"{level}\u00a0%" in t for t in intervals), f"{path.name}: a data table does not state {level} %"
