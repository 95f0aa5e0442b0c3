"""The notebook runner: {eval} expressions evaluated as jupyterlab-myst does, a store keyed on every input."""

from __future__ import annotations

import nbformat
import pytest

from book_build import notebooks

from .conftest import ROOT


def _notebook(tmp_path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = list(cells)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_digest_follows_the_data_folder_the_library_reads(data_copy):
    before = notebooks.inputs_digest()
    assert notebooks.inputs_digest() == before
    csv = data_copy / "responses.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",30,", ",31,", 1), encoding="utf-8")
    assert notebooks.inputs_digest() != before


def test_digest_differs_between_data_folders(data_copy, monkeypatch):
    copy = notebooks.inputs_digest()
    monkeypatch.setenv("ECONOMIE_SOCIALE_DATA", str(ROOT / "data"))
    assert notebooks.inputs_digest() != copy, "another data folder with the same files must not share results"


def test_digest_ignores_prose_notes(data_copy):
    before = notebooks.inputs_digest()
    (data_copy / "NOTES.md").write_text("a note\n")
    assert notebooks.inputs_digest() == before


def test_key_ignores_results_but_not_sources():
    nb = nbformat.read(ROOT / "chapters" / "02_profil_repondants.ipynb", as_version=4)
    key = notebooks.source_key(nb, "d")
    stripped = notebooks._strip_results(nb)
    assert notebooks.source_key(stripped, "d") == key
    assert notebooks.source_key(nb, "other") != key
    assert notebooks.source_key(nb, "d", {"CONFIDENCE_LEVEL": 99}) != key
    stripped.cells[1].source += "\n"
    assert notebooks.source_key(stripped, "d") != key


def test_expressions_are_evaluated_after_the_cells_above(tmp_path):
    path = _notebook(
        tmp_path,
        nbformat.v4.new_code_cell("from economie_sociale import fmt\nx = 25.6"),
        nbformat.v4.new_markdown_cell("Avant : {eval}`fmt.pct(x)` et {eval}`fmt.number(1000 * x)`."),
        nbformat.v4.new_code_cell("x = 3"),
        nbformat.v4.new_markdown_cell("Après : {eval}`fmt.pct(x)`."),
    )
    nb = notebooks.execute(path)
    first, second = nb.cells[1].metadata["user_expressions"], nb.cells[3].metadata["user_expressions"]
    assert [(e["expression"], e["result"]["data"]["text/plain"]) for e in first] == [
        ("fmt.pct(x)", "25,6\u00a0%"), ("fmt.number(1000 * x)", "25\u00a0600")]
    assert second[0]["result"] == {"status": "ok", "data": {"text/plain": "3\u00a0%"}, "metadata": {}}


def test_a_failing_expression_names_the_cell_and_the_error(tmp_path):
    path = _notebook(tmp_path, nbformat.v4.new_markdown_cell("Valeur : {eval}`undefined_name`."))
    with pytest.raises(notebooks.ExecutionError, match=r"nb.ipynb: Markdown cell 0: 1 expression\(s\) failed\n"
                                                      r"  \{eval\}`undefined_name`: NameError"):
        notebooks.execute(path)


def test_a_missed_wakeup_costs_a_slice_not_the_timeout():
    """A reply already in the socket that never signals is found at the next slice (see _poll_in_slices)."""
    import asyncio
    import time
    from queue import Empty

    class Channel:  # the reply is there, but the first wait never sees it: it sleeps its whole timeout
        def __init__(self):
            self.calls = []

        async def get_msg(self, timeout=None):
            self.calls.append(timeout)
            if len(self.calls) == 1:
                await asyncio.sleep(timeout)
                raise Empty
            return {"reply": 1}

    channel = Channel()
    notebooks._poll_in_slices(channel)
    started = time.monotonic()
    assert asyncio.run(channel.get_msg(timeout=120)) == {"reply": 1}
    assert time.monotonic() - started < 2 * notebooks.POLL_SLICE, "found at the next slice, not after 120 s"
    assert channel.calls[0] == notebooks.POLL_SLICE

    class Silent:
        async def get_msg(self, timeout=None):
            await asyncio.sleep(timeout)
            raise Empty

    silent = Silent()
    notebooks._poll_in_slices(silent)
    started = time.monotonic()
    with pytest.raises(Empty):  # a message that never comes still times out when the caller says
        asyncio.run(silent.get_msg(timeout=1.2))
    assert 1.1 < time.monotonic() - started < 1.2 + notebooks.POLL_SLICE


def test_a_cell_that_never_ends_is_a_clear_error(tmp_path):
    path = _notebook(tmp_path, nbformat.v4.new_code_cell("import time\ntime.sleep(30)"))
    with pytest.raises(notebooks.ExecutionError, match=r"nb.ipynb: .*timed out"):
        notebooks.execute(path, timeout=2)


def test_parameters_override_the_parameters_cell(tmp_path):
    path = _notebook(
        tmp_path,
        nbformat.v4.new_code_cell("LEVEL = 95", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("{eval}`LEVEL`"),
    )
    nb = notebooks.execute(path, {"LEVEL": 99})
    assert nb.cells[2].metadata["user_expressions"][0]["result"]["data"]["text/plain"] == "99"
    assert notebooks.clean_for_commit(nb).cells[1].source == "{eval}`LEVEL`", "injected cells are never committed"


def test_store_serves_a_result_once_and_replaces_older_ones(tmp_path):
    path = _notebook(tmp_path, nbformat.v4.new_code_cell("1 + 1"))
    store = notebooks.Store(tmp_path / "store")
    first, ran = store.executed(path, "digest-1")
    assert ran and first.cells[0].outputs[0]["data"]["text/plain"] == "2"
    again, ran = store.executed(path, "digest-1")
    assert not ran and again == first
    _, ran = store.executed(path, "digest-2")
    assert ran
    assert len(list((tmp_path / "store").glob("nb-*.ipynb"))) == 1, "older results of a notebook are removed"


def test_the_longest_notebooks_start_first(tmp_path, monkeypatch):
    """By the last run's times when the store has them, else by size (a cold build has no times)."""
    paths = []
    for name, cells in (("small", 1), ("large", 40), ("medium", 10)):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(f"x = {i}") for i in range(cells)]
        paths.append(tmp_path / f"{name}.ipynb")
        nbformat.write(nb, paths[-1])
    started = []
    monkeypatch.setattr(notebooks, "execute", lambda path, **kwargs: started.append(path.stem) or nbformat.read(path, 4))
    store = notebooks.Store(tmp_path / "store")
    notebooks.execute_all(paths, store, jobs=1, log=lambda *a: None)
    assert started == ["large", "medium", "small"]
    (tmp_path / "store" / "timings.json").write_text('{"notebooks": {"small.ipynb": 9, "large.ipynb": 1, "medium.ipynb": 5}}')
    for path in (tmp_path / "store").glob("*-*.ipynb"):
        path.unlink()
    started.clear()
    notebooks.execute_all(paths, store, jobs=1, log=lambda *a: None)
    assert started == ["small", "medium", "large"]


NOTEBOOKS = notebooks.book_notebooks(ROOT)  # the chapters and the workshop


@pytest.fixture(scope="module")
def digest():
    return notebooks.inputs_digest()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_equals_the_builds_fresh_run(path, digest):
    """What JupyterLab shows before anyone runs a chapter (its saved outputs and numbers) is what it computes.

    The build executed each chapter once, in a new kernel, from its cells alone (no stored output
    reused): that run is compared here instead of executing the chapters again.
    """
    committed = nbformat.read(path, as_version=4)
    fresh = notebooks.default_store(ROOT).get(path, notebooks.source_key(committed, digest))
    assert fresh is not None, (f"the build has not executed {path.name} with the current data and library: "
                               "run scripts/build.sh (scripts/test.sh does) before the tests")
    diff = notebooks.differences(committed, fresh)
    assert not diff, (f"{path.name}: the committed outputs are stale; run "
                      f"`.venv/bin/python -m book_build.notebooks execute --write {path.relative_to(ROOT)}`, "
                      "review the diff, commit:\n  " + "\n  ".join(diff[:15]))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_is_saved_as_a_reader_should_open_it(path):
    """Hidden code stays collapsed in JupyterLab, every {eval} has its stored value, nothing is an error."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if "hide-input" in tags:
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, \
                f"{path.name} cell {i}: hide-input in the book but not collapsed in JupyterLab (jupyter.source_hidden)"
        if cell.cell_type == "markdown":
            stored = {e["expression"]: e["result"] for e in cell.metadata.get("user_expressions", [])}
            for expression in notebooks.EVAL.findall(cell.source):
                assert stored.get(expression, {}).get("status") == "ok", \
                    f"{path.name} cell {i}: {{eval}}`{expression}` has no stored value: JupyterLab would show the expression"
        if cell.cell_type == "code":
            assert not any(o.get("output_type") == "error" for o in cell.get("outputs", [])), f"{path.name} cell {i}"


@pytest.mark.parametrize("path", notebooks.book_notebooks(), ids=lambda p: p.stem)
def test_jupyterlab_numbers_figures_as_the_book_does(path):
    """The first cell's front matter gives JupyterLab the chapter number the HTML and the PDF print (« Figure 3.1 »)."""
    number = notebooks.chapter_numbers()[path.resolve()]
    first = nbformat.read(path, as_version=4).cells[0].source
    assert first.startswith(notebooks.numbering_front_matter(number)), (
        f"{path.name} is chapter {number} in _toc.yml: run scripts/nbtools.py execute, which numbers it")


def test_file_names_carry_the_chapter_numbers_the_book_shows():
    """chapters/NN_name: NN is the number the site, the PDF and JupyterLab give the chapter (its place in _toc.yml,
    numbered across parts, as its front matter's enumerator says), so the file browser lists them in reading order
    (issue 26: « 01_profil_repondants » used to be chapter 2). The workshop (atelier/) keeps its sessions' numbers."""
    import re

    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert len(files) == 20, files
    for number, file in enumerate(files, start=1):
        folder, name = file.split("/")
        if folder == "atelier":
            continue
        assert name.startswith(f"{number:02d}_"), f"{file} is chapter {number}: name it chapters/{number:02d}_…"
        path = next((ROOT / folder).glob(f"{name}.*"))
        if path.suffix == ".ipynb":
            front = nbformat.read(path, as_version=4).cells[0].source
            assert re.search(rf'enumerator: "{number}\.%s"', front), f"{path.name}'s front matter numbers another chapter"
    unnumbered = [p.name for p in (ROOT / "chapters").glob("*.*") if p.suffix in (".ipynb", ".md")
                  and not re.match(r"\d\d_", p.name)]
    assert unnumbered == ["intro.md"], unnumbered  # the front page, unnumbered in the book too
