"""Binder readiness: rebuild the participant environment from the repository alone, as
repo2docker's Python buildpack does, and run chapters there.

Workshop participants launch the book on Binder, which never sees our .venv.
With a ``binder/`` folder, repo2docker reads only that folder: Python from
``binder/runtime.txt``, ``pip install -r binder/requirements.txt`` from the
repository's root (its ``-e .`` installs the helper library from the clone),
then ``binder/postBuild``; the development environment (``requirements.txt``:
Jupyter Book, Sphinx, Playwright, pytest) is not installed.

This module does the same from the tracked files copied to a temporary
directory, with the Python of ``binder/runtime.txt``, or another one named by
``ECONOMIE_SOCIALE_BINDER_PYTHON`` (``scripts/test.sh`` runs this module a
second time with ``3.13``: participants' laptops and hubs have newer
Pythons). The pinned packages are installed once per version of
``binder/requirements.txt`` and Python into a cached venv
(``~/.cache/economie-sociale``), so pip's work is not repeated while the pins
do not change; the library and postBuild are installed from the copy on
every run. It then checks the pins, the library, the JupyterLab extensions
and settings, that the kernel stays light (no Sphinx), runs the workshop and
a chapter there with the book's own runner (``{eval}`` values included),
comparing them with the committed notebooks, and runs the library's unit
tests there (``tests/unit_tests.txt``, with pytest added beside the venv for
the run only).
"""

from __future__ import annotations

import glob
import hashlib
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

CHAPTER = "chapters/02_profil_repondants.ipynb"
WORKSHOP = sorted(f"atelier/{p.name}" for p in (ROOT / "atelier").glob("*.ipynb"))
INSTALL_TIMEOUT = 900
CELL_TIMEOUT = 300
ANSI = re.compile(r"\x1b\[[0-9;]*m")
UNIT_TESTS = ROOT / "tests" / "unit_tests.txt"
PYTEST = ["pytest==9.2.0", "iniconfig==2.3.1", "pluggy==1.7.0"]  # requirements.txt's pins; packaging and Pygments are in the venv
PYTHON_VARIABLE = "ECONOMIE_SOCIALE_BINDER_PYTHON"
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


def _timing(what: str, seconds: float) -> None:
    """Kept in artifacts/timings/binder.json (scripts/benchmark.py reports it), naming the Python of a second run."""
    wanted = os.environ.get(PYTHON_VARIABLE, "").strip()
    record_timing("binder", f"{what} (Python {wanted})" if wanted else what, seconds)


def _python_version(runtime: Path) -> str:
    text = runtime.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)(?:\.\d+)?", text)
    if not match:
        pytest.fail(f"{runtime}: expected 'python-X.Y' (as repo2docker reads it), found {text!r}")
    return match.group(1)


def _wanted_version(runtime: Path) -> str:
    """The Python to test: runtime.txt's (what Binder installs), unless ECONOMIE_SOCIALE_BINDER_PYTHON names another."""
    wanted = os.environ.get(PYTHON_VARIABLE, "").strip()
    if wanted and not re.fullmatch(r"\d+\.\d+", wanted):
        pytest.fail(f"{PYTHON_VARIABLE}={wanted!r}: expected a version such as 3.13")
    return wanted or _python_version(runtime)


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
    pytest.fail(f"the participant environment is tested on Python {version}, and no python{version} was found "
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


def _cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "economie-sociale"


def _pins(requirements: Path) -> str:
    """The requirements without local (``-e .``) lines: what the cached venv holds."""
    return "".join(line + "\n" for line in requirements.read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith(("#", "-e", ".")))


def _cached_venv(interpreter: str, version: str, requirements: Path, env: dict) -> Path:
    pins = _pins(requirements)
    key = hashlib.sha256(f"{version}\n{pins}".encode()).hexdigest()[:16]
    venv = _cache_root() / f"binder-venv-py{version}-{key}"
    if (venv / ".complete").is_file():
        return venv
    for old in _cache_root().glob(f"binder-venv-py{version}-*"):  # earlier pins on this Python: about 750 MB each
        shutil.rmtree(old, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    _run([interpreter, "-m", "venv", venv], timeout=300, what="python -m venv", env=env)
    (venv / "pins.txt").write_text(pins, encoding="utf-8")
    start = time.perf_counter()
    _run([venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "-r", venv / "pins.txt"],
         timeout=INSTALL_TIMEOUT, what="pip install -r binder/requirements.txt", env=env)
    _timing("pip install -r binder/requirements.txt (fresh venv)", time.perf_counter() - start)
    (venv / ".complete").write_text("")
    return venv


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """The repository rebuilt in tmp the way repo2docker would; yields (copy, venv python, env)."""
    version = _wanted_version(ROOT / "binder" / "runtime.txt")
    interpreter = _find_interpreter(version)
    base = tmp_path_factory.mktemp("binder")
    repo = base / "repo"
    _copy_tracked_files(repo)
    env = _env(base / "venv-placeholder", base / "home")
    venv = _cached_venv(interpreter, version, repo / "binder" / "requirements.txt", env)
    env = _env(venv, base / "home")
    python = venv / "bin" / "python"
    # what repo2docker runs, from the repository's root: the pins are already there, -e . installs the copy
    start = time.perf_counter()
    _run([python, "-m", "pip", "install", "--disable-pip-version-check", "-r", "binder/requirements.txt"],
         timeout=INSTALL_TIMEOUT, what="pip install -r binder/requirements.txt", cwd=repo, env=env)
    _timing("pip install -r binder/requirements.txt (pins cached, library from the clone)",
                  time.perf_counter() - start)
    post_build = repo / "binder" / "postBuild"
    if post_build.exists():
        if not os.access(post_build, os.X_OK):
            pytest.fail("binder/postBuild is not executable: repo2docker would not run it (git update-index --chmod=+x)")
        _run(["bash", post_build], timeout=INSTALL_TIMEOUT, what="postBuild", cwd=repo, env=env)
    yield repo, python, env
    shutil.rmtree(base, ignore_errors=True)


def test_python_version_matches_runtime_txt(binder):
    """runtime.txt's version, or the one ECONOMIE_SOCIALE_BINDER_PYTHON asks for."""
    repo, python, env = binder
    out = _run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], timeout=60,
               what="venv python", env=env).stdout.strip()
    assert out == _wanted_version(repo / "binder" / "runtime.txt")


def test_pip_check_is_clean(binder):
    _, python, env = binder
    _run([python, "-m", "pip", "check", "--disable-pip-version-check"], timeout=120, what="pip check", env=env)


def test_pinned_versions_are_installed(binder):
    repo, python, env = binder
    pins = {}
    for line in (repo / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line.strip()):
            pins[match.group(1)] = match.group(2)
    assert len(pins) > 50, "binder/requirements.txt should pin the whole environment"
    dev = {m.group(1).lower().replace("_", "-"): m.group(2) for line in (ROOT / "requirements.txt").read_text().splitlines()
           if (m := PIN.match(line.strip()))}
    differ = {n: (v, dev.get(n.lower().replace("_", "-"))) for n, v in pins.items() if dev.get(n.lower().replace("_", "-")) != v}
    assert not differ, f"participant and development environments pin different versions (binder, dev): {differ}"
    for tool in ("jupyter-book", "sphinx", "playwright", "pytest", "colorspacious"):
        assert tool not in {n.lower() for n in pins}, f"{tool} is a build or test tool: not for participants"
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


def test_workshop_and_a_chapter_run_and_match_the_committed_notebooks(binder, tmp_path):
    """Every workshop notebook and a chapter, run in the participant environment by the book's own runner
    (not installed there: taken from the clone's lib/, as a developer would)."""
    repo, python, env = binder
    runner_env = {**env, "PYTHONPATH": str(repo / "lib")}
    assert len(WORKSHOP) >= 2, WORKSHOP
    for notebook in [*WORKSHOP, CHAPTER]:
        store = tmp_path / Path(notebook).stem
        start = time.perf_counter()
        _run([python, "-m", "book_build.notebooks", "execute", "--jobs", "1", "--store", store, repo / notebook],
             timeout=INSTALL_TIMEOUT, what=f"executing {notebook} in the Binder venv", cwd=repo, env=runner_env)
        _timing(f"{notebook} executed (kernel start included)", time.perf_counter() - start)
        from book_build import notebooks

        (fresh,) = [nbformat.read(p, as_version=4) for p in store.glob("*.ipynb")]
        diff = notebooks.differences(nbformat.read(ROOT / notebook, as_version=4), fresh)
        assert not diff, f"in the Binder environment, {notebook} differs from the committed notebook:\n  " + "\n  ".join(diff[:10])
        checks = [o for c in fresh.cells if c.cell_type == "code" and "exercises.check" in c.source for o in c.outputs]
        if notebook in WORKSHOP:  # the exercises' checks answer in French there too
            assert checks and all("À vous" in o["data"]["text/plain"] for o in checks), notebook


def test_kernel_is_light_and_has_no_build_tools(binder, tmp_path):
    repo, python, env = binder
    probe = ("from economie_sociale import book, charts, data\n"
             "book.figure(charts.barh(data.responses('revenue')))\n"
             "import sys, economie_sociale\n"
             "print(economie_sociale.__file__)\n"
             "print(sorted(m for m in ('sphinx', 'myst_nb', 'statsmodels', 'scipy') if m in sys.modules))")
    out = _run([python, "-c", probe], timeout=300, what="first chart in the Binder venv", cwd=tmp_path,
               env={**env, "MPLBACKEND": "agg"}).stdout.splitlines()
    assert Path(out[-2]).resolve().is_relative_to((repo / "lib").resolve()), out[-2]
    assert out[-1] == "[]", f"the first chart pulled in {out[-1]}"
    missing = _run([python, "-c", "import importlib.util as u; print([m for m in ('sphinx', 'jupyter_book', 'playwright', "
                    "'pytest', 'book_build') if u.find_spec(m)])"], timeout=120, what="find_spec", cwd=tmp_path,
                    env=env).stdout.strip()
    assert missing == "[]", f"build or test tools in the participant environment: {missing}"


def test_jupyterlab_has_the_widgets_extension(binder):
    _, python, env = binder
    venv = python.parent.parent
    assert os.access(venv / "bin" / "jupyter-lab", os.X_OK), "no jupyter-lab entry point in the venv"
    proc = _run([venv / "bin" / "jupyter", "labextension", "list"], timeout=120, what="jupyter labextension list", env=env)
    listing = ANSI.sub("", proc.stdout + proc.stderr)
    line = next((l for l in listing.splitlines() if "@jupyter-widgets/jupyterlab-manager" in l), None)
    assert line and "enabled" in line and "OK" in line, f"widgets extension missing or disabled:\n{listing}"
    myst = next((l for l in listing.splitlines() if "jupyterlab-myst" in l), None)
    assert myst and "enabled" in myst, f"jupyterlab-myst missing or disabled (chapters would show raw MyST):\n{listing}"
    overrides = json.loads((venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false", "the news prompt is on"
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR", "JupyterLab is not in French"
    config = (venv / "etc" / "ipython" / "ipython_kernel_config.py").read_text()
    assert '"economie_sociale.beginners"' in config, "the kernels do not load the beginners' French help"
    packs = _run([python, "-c", "import jupyterlab_language_pack_fr_FR as p; print(p.__name__)"], timeout=60,
                 what="the French language pack", env=env).stdout.strip()
    assert packs == "jupyterlab_language_pack_fr_FR"
    assert str(venv / "share" / "jupyter" / "labextensions") in listing, listing


def test_library_unit_tests_pass_there(binder):
    """The library's unit tests that need no build (tests/unit_tests.txt) pass in the participant environment.

    pytest is not a participant's package: it is installed apart (``pip install --target``, cached beside
    the venv) and put on PYTHONPATH for this run only, so the venv itself stays as Binder builds it.
    """
    repo, python, env = binder
    modules = [line.strip() for line in UNIT_TESTS.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    assert modules and all((repo / m).is_file() for m in modules), modules
    venv = python.parent.parent
    tools = venv.parent / f"{venv.name}-pytest"
    stamp = tools / ".complete"
    if not stamp.is_file() or stamp.read_text() != " ".join(PYTEST):
        shutil.rmtree(tools, ignore_errors=True)
        _run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--no-deps", "--target", tools,
              *PYTEST], timeout=INSTALL_TIMEOUT, what="pip install --target (pytest, for the test run only)", env=env)
        stamp.write_text(" ".join(PYTEST))
    start = time.perf_counter()
    proc = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *modules], timeout=INSTALL_TIMEOUT,
                what="the library's unit tests in the participant environment", cwd=repo,
                env={**env, "PYTHONPATH": str(tools)})
    _timing("the library's unit tests (tests/unit_tests.txt)", time.perf_counter() - start)
    summary = ANSI.sub("", proc.stdout).strip().splitlines()[-1]
    assert re.fullmatch(r"=* ?\d+ passed in [\d.]+s( \(.*\))? ?=*", summary), summary


def test_french_language_pack_and_nbgitpuller_are_there(binder):
    """JupyterLab can be set in French (the pack is found by JupyterLab's server), and the hub link's nbgitpuller runs."""
    _, python, env = binder
    venv = python.parent.parent
    packs = _run([python, "-c", "import json; from jupyterlab_server.translation_utils import get_language_packs; "
                  "print(json.dumps(get_language_packs('fr_FR')[0]))"], timeout=120, what="get_language_packs", env=env).stdout
    assert json.loads(packs)["fr_FR"] == {"displayName": "Français (France)", "nativeName": "Français (France)"}, packs
    proc = _run([venv / "bin" / "jupyter", "server", "extension", "list"], timeout=120, what="jupyter server extension list", env=env)
    listing = ANSI.sub("", proc.stdout + proc.stderr)
    assert re.search(r"^\s+nbgitpuller enabled$", listing, re.M) and re.search(r"^\s+nbgitpuller 1\.3\.0 OK$", listing, re.M), listing
