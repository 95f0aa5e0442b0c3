#!/usr/bin/env bash
# Set up, build the book (HTML + PDF), then run the whole test suite on that build:
# the library's unit and bad-input tests, the build checks on _build/, the
# committed notebooks against the build's own fresh execution of every chapter
# (tests/test_notebooks.py: each chapter runs once per check, in the build),
# the chapters rerun at other confidence levels, the browser, JupyterLab,
# Binder-style and palette tests. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
export PATH="$PWD/.venv/bin:$PATH"
unset MPLBACKEND
# two workers, one test module each at a time (their servers and browsers are per module)
python -m pytest tests -n 2 --dist loadscope "$@"

# Python 3.13 as well (participants' laptops and hubs run current Pythons): tests/test_binder.py again,
# with the participant environment (binder/requirements.txt, cached per pins and Python) built on 3.13:
# pip check, the pins, the workshop and chapter 02 run and compared with the committed notebooks, and the
# library's unit tests (tests/unit_tests.txt). Measured once the pins are cached: 38 s of CPU (129 s of wall
# time on this 2-core machine shared with five other loads); a change of pins adds their install (about 40 s of CPU).
py313=""
for cand in python3.13 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13.*/bin/python3.13; do
  if "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then py313=$cand; break; fi
done
if [ -n "$py313" ]; then
  ECONOMIE_SOCIALE_BINDER_PYTHON=3.13 python -m pytest tests/test_binder.py
else
  echo "test: no Python 3.13 found (python3.13 on PATH or pyenv's): the participant environment was not tested on 3.13"
fi
