#!/usr/bin/env bash
# Set up everything the book needs, idempotently:
#   - a virtual environment in .venv with the pinned requirements and the
#     helper library (editable), rebuilt only when requirements.txt changes
#     (or an earlier attempt failed);
#   - the TeX packages of the PDF route (XeLaTeX), through apt when run as root,
#     otherwise a message saying what to install (the HTML builds without TeX).
set -euo pipefail
cd "$(dirname "$0")/.."

# Python 3.11, 3.12 or 3.13 (the pins install on each), checked before anything is created: Debian 12's
# own python3.11 (3.11.2) is enough. python3.11 first (the version CI runs the whole suite on), then 3.12, 3.13.
is_supported() { "$1" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; }
PY=${PYTHON:-}
if [ -n "$PY" ]; then
  if ! is_supported "$PY"; then
    echo "setup: PYTHON=$PY is not Python 3.11, 3.12 or 3.13 ($("$PY" --version 2>&1 || echo 'not found')); the pins are for those." >&2
    exit 1
  fi
else
  for cand in python3.11 python3.12 python3.13 python3; do
    if command -v "$cand" >/dev/null 2>&1 && is_supported "$cand"; then
      PY=$cand; break
    fi
  done
fi
if [ -z "$PY" ]; then
  echo "setup: Python 3.11, 3.12 or 3.13 is required (python3.11, python3.12, python3.13 or python3; or set PYTHON=/path/to/python3.x)." >&2
  echo "setup: on Debian: apt-get install python3 python3-venv (Debian 12 ships 3.11, Debian 13 ships 3.13)" >&2
  exit 1
fi
pyver=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if ! "$PY" -c 'import ensurepip' 2>/dev/null; then  # Debian ships venv's pip separately
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing python$pyver-venv (Debian's venv support)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "python$pyver-venv" >/dev/null
  else
    echo "setup: $PY cannot create virtual environments; as root, run: apt-get install python$pyver-venv" >&2
    exit 1
  fi
fi

# The environment is rebuilt from scratch whenever requirements.txt, the pyproject.toml files or the Python version
# change, or a previous attempt did not finish (no stamp): never patched, so a removed package goes too.
stamp=.venv/.requirements.sha256
want=$( (cat requirements.txt pyproject.toml; cat lib/book_build/pyproject.toml 2>/dev/null || true; echo "python $pyver") | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if [ -d .venv ]; then
    echo "setup: .venv is missing its stamp or was made for other requirements or another Python: rebuilding it"
    rm -rf .venv
  fi
  echo "setup: creating .venv with $("$PY" --version) and installing requirements.txt (about a minute)"
  "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  .venv/bin/python -m pip check
  # the workshop's French help in every kernel and JupyterLab in French, as binder/postBuild installs them
  if .venv/bin/python -c 'import economie_sociale.beginners' 2>/dev/null; then
    .venv/bin/python -m economie_sociale.beginners install >/dev/null
  fi
  echo "$want" > "$stamp"  # only once everything is installed
fi
# A release bumps economie_sociale.__version__ only: the editable install's metadata (what importlib.metadata
# and the colophon read) is refreshed in a few seconds, without rebuilding the environment.
if [ -f lib/economie_sociale/__init__.py ] && ! .venv/bin/python -c 'import importlib.metadata as m, economie_sociale as e, sys; sys.exit(m.version("economie-sociale") != e.__version__)' 2>/dev/null; then
  echo "setup: the library's version changed: reinstalling it (-e .)"
  .venv/bin/python -m pip install --quiet --no-deps -e .
fi

# The PDF goes through Jupyter Book's LaTeX route, which always runs XeLaTeX.
TEX_PACKAGES="texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-lang-french latexmk fonts-freefont-otf poppler-utils"
# The browser tests drive Debian's Chromium with Playwright (never its own download).
BROWSER_PACKAGES="chromium"
missing=""
if ! command -v xelatex >/dev/null 2>&1 || ! command -v latexmk >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  missing="$TEX_PACKAGES"
fi
if ! command -v chromium >/dev/null 2>&1; then
  missing="$missing $BROWSER_PACKAGES"
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages for the PDF and the browser tests (a minute or two)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: missing Debian packages (XeLaTeX for the PDF, Chromium for the browser tests). As root, run:" >&2
    echo "  apt-get install --no-install-recommends $missing" >&2
    echo "setup: the HTML site builds without them." >&2
  fi
fi
