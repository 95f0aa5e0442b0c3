"""The build's kernels are forked from a zygote (forked_kernels.py): they must be new kernels all the same.

A forked kernel differs from an ordinary one only by when pandas, matplotlib and
ipykernel were imported. These tests run the same code in both and compare what
a notebook can see of its kernel. Whole notebooks are compared elsewhere: the
committed notebooks come from forked kernels (``nbtools.py execute``), and
``test_binder.py`` runs the three workshops and chapter 02 in ordinary kernels
and finds the same outputs and prose numbers.
"""

from __future__ import annotations

import json
import os

import nbformat
import pytest

from book_build import forked_kernels, notebooks

from .conftest import ROOT

# What a notebook can see of its kernel, after importing the library as chapters do.
PROBE = r'''
import json, os, sys, warnings
import matplotlib, matplotlib.pyplot as plt, pandas as pd
from economie_sociale import book, charts, data, fmt
fig = plt.figure(); plt.close(fig)  # the backend is resolved at the first figure
print(json.dumps({
    "pid": os.getpid(),
    "cwd": os.getcwd(),
    "argv": [os.path.basename(sys.argv[0]), *sys.argv[1:2]],
    "path": sys.path,
    "pandas": {k: str(pd.get_option("display." + k)) for k in
               ("max_columns", "max_rows", "width", "max_colwidth", "precision", "html.table_schema")},
    "backend": matplotlib.get_backend(),
    "interactive": matplotlib.is_interactive(),
    "repl_hook": str(plt._REPL_DISPLAYHOOK),
    "rc": {k: str(v) for k, v in matplotlib.rcParams.items() if k != "backend"},
    "pandera": str(__import__("pandera.config").config.get_config_context()),
    "formats": os.environ.get("ECONOMIE_SOCIALE_FIGURE_FORMATS"),
    "env": sorted(k for k in os.environ if k not in ("JPY_PARENT_PID",)),
    "warnings": len(warnings.filters),
    "main": sys.modules["__main__"].__name__,
    "user_ns": sorted(k for k in get_ipython().user_ns if not k.startswith("_")),
}))
'''


def _probe(tmp_path, zygote=None) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PROBE)]
    run = notebooks.execute(tmp_path / "probe.ipynb", nb=nb, zygote=zygote)
    return json.loads(run.cells[0].outputs[0]["text"])


@pytest.fixture(scope="module")
def zygote():
    with forked_kernels.Zygote() as z:
        yield z


def test_a_forked_kernel_is_set_up_as_a_fresh_one(tmp_path, monkeypatch):
    # a relative PYTHONPATH entry means the kernel's folder, not the zygote's
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [".", os.environ.get("PYTHONPATH")])))
    with forked_kernels.Zygote() as zygote:
        fresh, forked = _probe(tmp_path), _probe(tmp_path, zygote)
    assert str(tmp_path.resolve()) in forked["path"]
    assert fresh.pop("pid") != forked.pop("pid")
    assert forked["cwd"] == str(tmp_path.resolve())
    assert forked["pandas"]["max_columns"] == "20", "pandas must believe it runs in a kernel, as it does"
    assert forked["backend"] == "module://matplotlib_inline.backend_inline"
    for key in fresh:
        assert forked[key] == fresh[key], key


def test_each_notebook_gets_its_own_kernel_which_ends_with_it(tmp_path, zygote):
    first, second = _probe(tmp_path, zygote), _probe(tmp_path, zygote)
    assert first["pid"] != second["pid"]
    for pid in (first["pid"], second["pid"]):
        assert not os.path.exists(f"/proc/{pid}"), f"kernel {pid} outlived its notebook"


def test_the_zygote_ends_with_its_owner(tmp_path):
    z = forked_kernels.Zygote()
    pid = z._process.pid
    z.close()
    assert not os.path.exists(f"/proc/{pid}")
    with pytest.raises(forked_kernels.ZygoteError, match="stopped"):
        z.fork(["python", "-m", "ipykernel_launcher"], str(tmp_path), {})


def test_the_build_can_be_told_to_use_ordinary_kernels(tmp_path, monkeypatch):
    paths = []
    for name in ("a", "b"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("import os\nos.getppid()")]
        paths.append(tmp_path / f"{name}.ipynb")
        nbformat.write(nb, paths[-1])

    def no_zygote():
        raise AssertionError("a zygote was started")

    monkeypatch.setenv(forked_kernels.SWITCH_ENV, "0")
    monkeypatch.setattr(forked_kernels, "Zygote", no_zygote)
    store = notebooks.Store(tmp_path / "store")
    assert len(notebooks.execute_all(paths, store, log=lambda *a: None)) == 2
    parents = {store.executed(p)[0].cells[0].outputs[0]["data"]["text/plain"] for p in paths}
    assert parents == {str(os.getpid())}, "ordinary kernels are the executor's children"
