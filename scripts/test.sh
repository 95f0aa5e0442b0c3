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
