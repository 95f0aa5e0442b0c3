"""The README's setup on the machines it names: Debian 12's own Python, a wrong Python, a broken or outdated .venv.

``scripts/setup.sh`` runs here on throw-away copies (a one-package requirements
file), so that its logic is exercised without rebuilding the real environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

DEBIAN_PYTHON = Path("/usr/bin/python3.11")


def _distribution_python() -> Path:
    if not DEBIAN_PYTHON.exists():
        pytest.fail(f"{DEBIAN_PYTHON} is missing: this test checks the pins against Debian 12's own Python 3.11")
    return DEBIAN_PYTHON


def test_every_pin_supports_the_distributions_python(requirements="requirements.txt"):
    """Debian 12's python3.11 is 3.11.2: no pin may need a later 3.11 (soupsieve 4 needs 3.11.5), nor refuse 3.12 or 3.13.

    Each pinned version is the one installed in .venv (setup.sh runs ``pip check`` on it), so its
    own metadata says which Pythons it supports: read there, in a tenth of a second, rather than by
    asking pip to resolve the whole file again for Debian's Python (30 s, mostly index lookups).
    binder/requirements.txt pins the same versions (tests/test_binder.py checks it), so this covers it too.
    """
    from importlib import metadata

    from packaging.requirements import Requirement

    python = subprocess.run([_distribution_python(), "-c", "import platform; print(platform.python_version())"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert python.startswith("3.11."), python
    pins = [Requirement(line) for line in (ROOT / requirements).read_text().splitlines()
            if line.strip() and not line.startswith(("#", "-e"))]
    assert len(pins) > 100, "requirements.txt pins the whole environment"
    refused, unpinned = [], []
    for pin in pins:
        (version,) = [s.version for s in pin.specifier]
        dist = metadata.distribution(pin.name)
        if dist.version != version:
            unpinned.append(f"{pin.name}: pinned {version}, installed {dist.version}")
        needs = dist.metadata.get("Requires-Python")
        for supported in (python, "3.12.1", "3.13.0"):  # and pyenv's 3.12 and 3.13 here, the oldest of each
            if needs and not Requirement(f"x{needs}").specifier.contains(supported, prereleases=True):
                refused.append(f"{pin.name}=={version} requires Python {needs}, refusing {supported}")
    assert not unpinned, "the .venv does not hold the pinned versions (rerun scripts/setup.sh):\n" + "\n".join(unpinned)
    assert not refused, "pins that a supported Python cannot install:\n" + "\n".join(refused)


def _project(tmp_path: Path, requirements: str) -> Path:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", project / "scripts" / "setup.sh")
    (project / "requirements.txt").write_text(requirements)
    (project / "pyproject.toml").write_text("# a stand-in\n")
    return project


def _setup(project: Path, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHON")}
    environ["PATH"] = os.pathsep.join(p for p in environ["PATH"].split(os.pathsep) if not p.startswith(str(ROOT)))
    return subprocess.run(["bash", "scripts/setup.sh"], cwd=project, env={**environ, **env},
                          capture_output=True, text=True, timeout=600)


def test_a_wrong_python_is_refused_before_anything_is_created(tmp_path):
    project = _project(tmp_path, "six==1.17.0\n")
    fake = tmp_path / "python3.10"
    fake.write_text("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'Python 3.10.12'; exit 0; fi\nexit 1\n")
    fake.chmod(0o755)
    run = _setup(project, PYTHON=str(fake))
    assert run.returncode == 1
    assert f"PYTHON={fake} is not Python 3.11, 3.12 or 3.13 (Python 3.10.12); the pins are for those." in run.stderr
    assert not (project / ".venv").exists(), "nothing may be created with a wrong Python"


def test_a_broken_venv_is_rebuilt_and_removed_packages_go(tmp_path):
    project = _project(tmp_path, "six==1.17.0\n")
    (project / ".venv" / "bin").mkdir(parents=True)  # what a failed first attempt leaves: no stamp
    (project / ".venv" / "bin" / "python").write_text("#!/bin/sh\nexit 1\n")
    (project / ".venv" / "bin" / "python").chmod(0o755)
    run = _setup(project, PYTHON=str(_distribution_python()))
    assert run.returncode == 0, run.stderr[-2000:]
    assert "missing its stamp or was made for other requirements or another Python: rebuilding it" in run.stdout
    python = project / ".venv" / "bin" / "python"
    assert subprocess.run([python, "-c", "import six"]).returncode == 0
    assert (project / ".venv" / ".requirements.sha256").is_file()

    (project / "requirements.txt").write_text("# six is no longer needed\n")
    run = _setup(project)
    assert run.returncode == 0, run.stderr[-2000:]
    assert subprocess.run([python, "-c", "import six"], capture_output=True).returncode != 0, \
        "a package removed from requirements.txt is still installed"
    again = _setup(project)
    assert "creating .venv" not in again.stdout, "an up-to-date .venv must be reused"


def test_python_3_13_is_accepted_and_a_change_of_python_rebuilds(tmp_path):
    """The pins install on 3.11 to 3.13: setup.sh takes 3.13, and rebuilds .venv when the Python changes."""
    from .test_binder import _find_interpreter

    project = _project(tmp_path, "six==1.17.0\n")
    run = _setup(project, PYTHON=_find_interpreter("3.13"))
    assert run.returncode == 0, run.stderr[-2000:]
    assert "setup: creating .venv with Python 3.13." in run.stdout
    python = project / ".venv" / "bin" / "python"
    version = subprocess.run([python, "-c", "import sys, six; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    assert version == "3.13"
    run = _setup(project, PYTHON=str(_distribution_python()))
    assert run.returncode == 0, run.stderr[-2000:]
    assert "made for other requirements or another Python: rebuilding it" in run.stdout and "creating .venv with Python 3.11.2" in run.stdout


def test_the_package_has_one_version():
    """pyproject.toml said 0.1.0 while the library (and the colophon) said 0.2.0: now it reads the library's."""
    from importlib.metadata import version

    from economie_sociale import __version__

    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert version("economie-sociale") == __version__ == "0.3.0"
