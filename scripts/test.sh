#!/usr/bin/env bash
# Set up, build the book (HTML + PDF), then run the whole test suite:
# the library's unit tests, the build checks on _build/, and nbval on every
# notebook of chapters/ (stored outputs must match a fresh run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
export PATH="$PWD/.venv/bin:$PATH"
unset MPLBACKEND
python -m pytest tests chapters --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg "$@"
