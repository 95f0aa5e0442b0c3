"""A release to cite: CITATION.cff valid, the workflow clean, one repository URL, one version, the site's zip.

The repository URL is set once, in ``_config.yml`` (``repository: url:``): CITATION.cff, .zenodo.json,
CHANGELOG.md's links and the launch links must agree with it, and the workflow names no repository of its
own (it compares ``_config.yml`` with the repository it runs in). The version is
``economie_sociale.__version__``: CITATION.cff, .zenodo.json and CHANGELOG.md's latest release repeat it.
cffconvert needs jsonschema<4, which Jupyter cannot share: it runs from a venv of its own
(``requirements-cffconvert.txt``), cached per version of that file.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

import economie_sociale

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
SEMVER = re.compile(r"\d+\.\d+\.\d+")
PYTHONS = ["3.11", "3.12", "3.13"]


def _config_url() -> str:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"].rstrip("/")


def _citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _zenodo() -> dict:
    return json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _step(job: str, name: str) -> dict:
    steps = [s for s in _workflow()["jobs"][job]["steps"] if s.get("name") == name]
    assert len(steps) == 1, f"job {job!r} of {WORKFLOW.name} should have one step named {name!r}"
    return steps[0]


def _cffconvert() -> Path:
    """cffconvert in a venv of its own, made once per version of requirements-cffconvert.txt."""
    pins = (ROOT / "requirements-cffconvert.txt").read_text(encoding="utf-8")
    cache = Path.home() / ".cache" / "economie-sociale"
    key = hashlib.sha256(f"{sys.version_info[:2]}\n{pins}".encode()).hexdigest()[:16]
    venv = cache / f"cffconvert-{key}"
    if not (venv / ".complete").is_file():
        for old in cache.glob("cffconvert-*"):
            shutil.rmtree(old, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
        for cmd in (["install", "--quiet", "-r", ROOT / "requirements-cffconvert.txt"], ["check"]):
            run = subprocess.run([venv / "bin" / "python", "-m", "pip", "--disable-pip-version-check", *cmd],
                                 capture_output=True, text=True, timeout=600)
            assert run.returncode == 0, f"pip {cmd[0]} (requirements-cffconvert.txt):\n{run.stdout[-2000:]}{run.stderr[-2000:]}"
        (venv / ".complete").write_text("")
    return venv / "bin" / "cffconvert"


def test_citation_is_valid_for_cffconvert(tmp_path):
    cffconvert = _cffconvert()
    run = subprocess.run([cffconvert, "--validate", "-i", ROOT / "CITATION.cff"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert run.stdout.strip() == "Citation metadata are valid according to schema version 1.2.0."
    # and it does check: the key a reader would guess for the report's language is refused
    bad = tmp_path / "CITATION.cff"
    bad.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("    languages:", "    language:"), encoding="utf-8")
    run = subprocess.run([cffconvert, "--validate", "-i", bad], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "'language' was unexpected" in run.stderr


def test_citation_names_the_team_and_references_the_report():
    cff = _citation()
    assert cff["authors"] == [{"name": "Équipe de l'édition exécutable"}]
    (report,) = [r for r in cff["references"] if r["type"] == "report"]
    assert report["authors"] == [{"name": "CEFRIO"}] and report["year"] == 2017
    assert report["title"].startswith("Économie sociale 2.0 — Cap vers le numérique")
    assert sorted(cff["license"]) == ["CC-BY-4.0", "MIT"]
    zenodo = _zenodo()
    assert zenodo["creators"] == [{"name": "Équipe de l'édition exécutable"}] and zenodo["license"] == "CC-BY-4.0"
    assert {"title", "description", "keywords", "related_identifiers"} <= zenodo.keys()
    (derived,) = zenodo["related_identifiers"]
    assert derived["relation"] == "isDerivedFrom" and derived["identifier"] == report["url"]


def test_one_repository_url():
    url = _config_url()
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url), url
    assert _citation()["repository-code"] == url
    found = {
        ".zenodo.json": re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", (ROOT / ".zenodo.json").read_text(encoding="utf-8")),
        "CHANGELOG.md": re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")),
    }
    assert found[".zenodo.json"] and found["CHANGELOG.md"], found
    other = {f: sorted(set(u) - {url}) for f, u in found.items() if set(u) - {url}}
    assert not other, f"repository URLs other than _config.yml's {url}: {other}"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert not re.search(r"github\.com/[\w.-]+/[\w.-]+", text), "the workflow must not name a repository: it reads _config.yml"
    check = _step("tests", "The repository URL set in _config.yml is this repository (CITATION.cff, .zenodo.json and the launch links follow it)")
    assert "_config.yml" in check["run"] and "$GITHUB_REPOSITORY" in check["run"]


def test_workflow_url_check_reads_config_yml():
    """The workflow's shell step extracts the URL from _config.yml as yaml does."""
    check = _step("tests", "The repository URL set in _config.yml is this repository (CITATION.cff, .zenodo.json and the launch links follow it)")
    line = next(l for l in check["run"].splitlines() if l.strip().startswith("url=$("))
    script = shlex.split(line.strip()[len("url=$("):-1])
    assert script[:2] == ["python3", "-c"], script
    out = subprocess.run([sys.executable, "-c", script[2]], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == _config_url()


def test_one_version():
    version = economie_sociale.__version__
    assert SEMVER.fullmatch(version), version
    cff, zenodo = _citation(), _zenodo()
    assert str(cff["version"]) == version and zenodo["version"] == version
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert releases and releases[0][0] == version, f"CHANGELOG.md's latest release is {releases[:1]}, the library is {version}"
    assert str(cff["date-released"]) == releases[0][1], "CITATION.cff's date-released is the changelog's date"
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{version}]")
    url = _config_url()
    assert f"[{version}]: {url}/compare/" in changelog or f"[{version}]: {url}/releases/tag/v{version}" in changelog
    assert f"[Unreleased]: {url}/compare/v{version}...HEAD" in changelog
    listed = [v for v, _ in releases]
    assert listed == sorted(listed, key=lambda v: tuple(map(int, v.split("."))), reverse=True), listed


def test_workflow_passes_actionlint(tmp_path):
    actionlint = Path(sys.executable).parent / "actionlint"
    # shellcheck and pyflakes off: the result must not depend on what else a machine has on PATH
    cmd = [actionlint, "-shellcheck=", "-pyflakes=", "-no-color"]
    run = subprocess.run([*cmd, WORKFLOW], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr
    # and it does check: a misspelt key and an outdated action are reported
    broken = tmp_path / ".github" / "workflows" / "book.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-24.04\n    timeout-minutes: 90",
                                                                   "runs-on: ubuntu-24.04\n    timeout-minute: 90")
                      .replace("actions/checkout@v5", "actions/checkout@v2"), encoding="utf-8")
    run = subprocess.run([*cmd, broken], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 1 and 'unexpected key "timeout-minute"' in run.stdout and "actions/checkout@v2" in run.stdout, run.stdout


def test_workflow_runs_the_ci_command_and_the_unit_tests_on_each_python():
    ci = [l.strip() for l in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if l.strip() and not l.startswith("#") and not l.startswith(("set ", "cd "))]
    assert ci == ["bash scripts/test.sh"], ci
    tests = _step("tests", "Tests (the command .ci/run runs)")
    assert tests["run"].strip() == f'sudo env "PATH=$PATH" {ci[0]}'
    setup = _workflow()["jobs"]["tests"]["steps"][1]
    assert setup["uses"].startswith("actions/setup-python@") and setup["with"]["python-version"].split() == ["3.13", "3.11"]
    unit = _workflow()["jobs"]["unit-tests"]
    assert unit["strategy"]["matrix"]["python"] == PYTHONS
    assert "tests/unit_tests.txt" in unit["steps"][-1]["run"]
    listed = [l for l in (ROOT / "tests" / "unit_tests.txt").read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    assert listed and all((ROOT / m).is_file() for m in listed), listed
    on = _workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert on["push"]["tags"] == ["v*"] and on["push"]["branches"] == ["main"]
    pages = _workflow()["jobs"]["pages"]
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert _workflow()["jobs"]["release"]["if"] == "startsWith(github.ref, 'refs/tags/v')"


def test_supported_pythons_agree():
    """requires-python, setup.sh's candidates, the workflow's matrix: 3.11 to 3.13."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^requires-python = ">=3\.11,<3\.14"', pyproject, re.M)
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "for cand in python3.11 python3.12 python3.13 python3; do" in setup
    assert "(3, 11) <= sys.version_info[:2] <= (3, 13)" in setup
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() in {f"python-{v}" for v in PYTHONS}


def test_site_zip_holds_the_site_for_offline_reading(tmp_path):
    site = tmp_path / "html"
    (site / "chapters").mkdir(parents=True)
    (site / "_static").mkdir()
    (site / ".doctrees").mkdir()
    (site / "index.html").write_text("<html>accueil</html>", encoding="utf-8")
    (site / "chapters" / "01.html").write_text("<html>chapitre</html>", encoding="utf-8")
    (site / "_static" / "book.css").write_text("body {}", encoding="utf-8")
    (site / "economie-sociale-2-0.pdf").write_bytes(b"%PDF-1.5")
    (site / ".buildinfo").write_text("# Sphinx build info")
    (site / ".doctrees" / "x.doctree").write_bytes(b"x")
    out = tmp_path / "out" / "site.zip"
    run = subprocess.run(["bash", ROOT / "scripts" / "site_zip.sh", site, out], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"site_zip: {out}: 4 files, {out.stat().st_size / 1e6:.1f} MB"
    with zipfile.ZipFile(out) as z:
        assert z.namelist() == ["economie-sociale-2-0/economie-sociale-2-0.pdf", "economie-sociale-2-0/index.html",
                                "economie-sociale-2-0/_static/book.css", "economie-sociale-2-0/chapters/01.html"]
        assert z.read("economie-sociale-2-0/index.html") == b"<html>accueil</html>"
    (site / "index.html").unlink()
    run = subprocess.run(["bash", ROOT / "scripts" / "site_zip.sh", site, out], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip() == f"site_zip: {site}/index.html is missing: build the book first (bash scripts/build.sh)"
