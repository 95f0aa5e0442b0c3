"""Binder readiness: rebuild the environment from the repository alone, as
repo2docker's Python buildpack does, and run one chapter there.

Workshop participants launch the book on Binder, which never sees our .venv:
repo2docker takes the repository's tracked files, picks Python from
``runtime.txt`` (``python-X.Y``), runs ``pip install -r requirements.txt`` from
the repository's root (so ``-e .`` installs the helper library from the
clone), runs ``postBuild`` if there is one, and starts JupyterLab. This module
does the same in a temporary directory with a fresh venv (keeping pip's cache,
so a rerun is fast), then checks the pins, the library, one chapter's outputs
against the committed notebook, and the widget extension of JupyterLab.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from packaging.version import Version

from .conftest import ROOT, record_timing

CHAPTER = "chapters/01_profil_repondants.ipynb"
INSTALL_TIMEOUT = 900
CELL_TIMEOUT = 300
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)")


def _run(cmd, *, timeout, what, **kwargs):
    """Run a command; on failure or timeout, fail with the tail of its output."""
    try:
        proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail(f"{what}: timed out after {timeout} s\n{out[-3000:]}")
    if proc.returncode != 0:
        pytest.fail(f"{what}: exit code {proc.returncode}\n--- stdout (tail)\n{proc.stdout[-3000:]}"
                    f"\n--- stderr (tail)\n{proc.stderr[-3000:]}")
    return proc


def _python_version(runtime: Path) -> str:
    text = runtime.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)(?:\.\d+)?", text)
    if not match:
        pytest.fail(f"{runtime}: expected 'python-X.Y' (as repo2docker reads it), found {text!r}")
    return match.group(1)


def _find_interpreter(version: str) -> str:
    """The first interpreter on this machine that really is Python ``version``."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}"),
                  *sorted(glob.glob(str(pyenv / "versions" / f"{version}.*" / "bin" / f"python{version}")), reverse=True),
                  f"/usr/bin/python{version}"]
    for cand in filter(None, candidates):
        try:
            out = subprocess.run([cand, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return cand
    pytest.fail(f"runtime.txt asks for Python {version}, and no python{version} was found "
                f"(tried {', '.join(filter(None, candidates))}): install it to test what Binder builds")


def _copy_tracked_files(dest: Path) -> None:
    """Copy what a clone would hold: the files git tracks, as they are in the work tree."""
    listed = _run(["git", "-C", ROOT, "ls-files", "-z"], timeout=60, what="git ls-files").stdout
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if not os.path.lexists(src):  # deleted in the work tree, not yet committed
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel, follow_symlinks=False)


def _env(venv: Path, home: Path) -> dict:
    """The environment of a Binder session: the venv first on PATH, nothing from our .venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"MPLBACKEND", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "ECONOMIE_SOCIALE_DATA"}
           and not k.startswith("JUPYTER")}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not p.startswith(str(ROOT))]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):  # no user-level kernels or config
        env[name] = str(home / name.lower())
    return env


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """The repository rebuilt in tmp the way repo2docker would; yields (copy, venv python, env)."""
    version = _python_version(ROOT / "runtime.txt")
    interpreter = _find_interpreter(version)
    base = tmp_path_factory.mktemp("binder")
    repo, venv = base / "repo", base / "venv"
    _copy_tracked_files(repo)
    env = _env(venv, base / "home")
    _run([interpreter, "-m", "venv", venv], timeout=300, what="python -m venv", env=env)
    python = venv / "bin" / "python"
    start = time.perf_counter()
    proc = _run([python, "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"],
                timeout=INSTALL_TIMEOUT, what="pip install -r requirements.txt", cwd=repo, env=env)
    record_timing("binder", "pip install -r requirements.txt (fresh venv)", time.perf_counter() - start)
    print(f"\n[binder] pip install -r requirements.txt (Python {version}): {time.perf_counter() - start:.1f} s")
    warnings = sorted({line.strip() for line in (proc.stdout + proc.stderr).splitlines() if "WARNING" in line
                       and "is ignored: it is neither a file nor a directory" not in line})  # local indexes in pip.conf
    if warnings:
        print("[binder] pip warnings:\n  " + "\n  ".join(warnings))
    post_build = repo / "postBuild"
    if post_build.exists():
        if not os.access(post_build, os.X_OK):
            pytest.fail("postBuild exists but is not executable: repo2docker would not run it (git update-index --chmod=+x postBuild)")
        _run(["bash", post_build], timeout=INSTALL_TIMEOUT, what="postBuild", cwd=repo, env=env)
    yield repo, python, env
    shutil.rmtree(base, ignore_errors=True)  # about 1 GB; pytest would keep three runs of it


def test_python_version_matches_runtime_txt(binder):
    repo, python, env = binder
    out = _run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], timeout=60,
               what="venv python", env=env).stdout.strip()
    assert out == _python_version(repo / "runtime.txt")


def test_pip_check_is_clean(binder):
    _, python, env = binder
    _run([python, "-m", "pip", "check", "--disable-pip-version-check"], timeout=120, what="pip check", env=env)


def test_pinned_versions_are_installed(binder):
    repo, python, env = binder
    pins = {}
    for line in (repo / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line.strip()):
            pins[match.group(1)] = match.group(2)
    assert len(pins) > 50, "requirements.txt should pin the whole environment"
    script = ("import importlib.metadata as m, json, sys\n"
              "def v(n):\n    try: return m.version(n)\n    except m.PackageNotFoundError: return None\n"
              "print(json.dumps({n: v(n) for n in json.load(sys.stdin)}))")
    got = json.loads(_run([python, "-c", script], input=json.dumps(list(pins)), timeout=120,
                          what="importlib.metadata in the venv", env=env).stdout)
    wrong = {n: (want, got[n]) for n, want in pins.items() if got[n] is None or Version(got[n]) != Version(want)}
    assert not wrong, f"pinned (wanted, installed): {wrong}"


def test_library_is_installed_from_the_repository(binder, tmp_path):
    repo, python, env = binder
    where = _run([python, "-c", "import economie_sociale; print(economie_sociale.__file__)"], timeout=120,
                 what="import economie_sociale", cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).resolve().is_relative_to((repo / "lib").resolve()), where
    assert not Path(where).resolve().is_relative_to(ROOT), where


def _text_outputs(nb) -> list[list[str]]:
    """Per code cell, every ``text/plain`` value (glue records included) in order."""
    return [[value for out in cell.get("outputs", []) for key, value in out.get("data", {}).items()
             if key.endswith("text/plain")]
            for cell in nb.cells if cell.cell_type == "code"]


def _count_png(nb) -> int:
    return sum("image/png" in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", []))


def test_chapter_runs_and_matches_the_committed_outputs(binder, tmp_path):
    repo, python, env = binder
    stored = nbformat.read(ROOT / CHAPTER, as_version=4)
    probe = nbformat.read(repo / CHAPTER, as_version=4)
    probe.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))
    source = repo / CHAPTER.replace(".ipynb", ".binder-probe.ipynb")
    nbformat.write(probe, source)
    start = time.perf_counter()
    _run([python, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", source,
          "--output-dir", tmp_path, "--output", "fresh.ipynb",
          "--ExecutePreprocessor.kernel_name=python3", f"--ExecutePreprocessor.timeout={CELL_TIMEOUT}"],
         timeout=INSTALL_TIMEOUT, what=f"executing {CHAPTER} in the Binder venv", cwd=source.parent, env=env)
    record_timing("binder", f"{CHAPTER} executed (nbconvert, kernel start included)", time.perf_counter() - start)
    print(f"\n[binder] {CHAPTER} executed in the Binder venv: {time.perf_counter() - start:.1f} s")
    fresh = nbformat.read(tmp_path / "fresh.ipynb", as_version=4)
    kernel_prefix = "".join(out.get("text", "") for out in fresh.cells.pop().outputs).strip()
    assert Path(kernel_prefix).resolve() == python.parent.parent.resolve(), f"kernel ran in {kernel_prefix}"
    assert len(fresh.cells) == len(stored.cells)
    for i, (want, got) in enumerate(zip(_text_outputs(stored), _text_outputs(fresh))):
        assert got == want, f"code cell {i}: text outputs differ from the committed notebook"
    assert _count_png(fresh) == _count_png(stored)


def test_jupyterlab_has_the_widgets_extension(binder):
    _, python, env = binder
    venv = python.parent.parent
    assert os.access(venv / "bin" / "jupyter-lab", os.X_OK), "no jupyter-lab entry point in the venv"
    proc = _run([venv / "bin" / "jupyter", "labextension", "list"], timeout=120, what="jupyter labextension list", env=env)
    listing = ANSI.sub("", proc.stdout + proc.stderr)
    line = next((l for l in listing.splitlines() if "@jupyter-widgets/jupyterlab-manager" in l), None)
    assert line and "enabled" in line and "OK" in line, f"widgets extension missing or disabled:\n{listing}"
    assert str(venv / "share" / "jupyter" / "labextensions") in listing, listing
