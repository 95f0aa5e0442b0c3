#!/usr/bin/env bash
# Set up (scripts/setup.sh), then build the book:
#   HTML site -> _build/html/index.html
#   PDF book  -> _build/latex/economie-sociale-2-0.pdf
# Warnings are errors (-n -W): a notebook that raises, a broken reference or a
# failing {eval} expression fails the build. Sphinx reports a page's warnings only when
# it re-reads that page, so after a failed build (or on a fresh _build) every
# page is re-read (--all); after a clean one, only changed pages are. Executed
# notebooks come from _build/executed/, keyed on each notebook, data/ and lib/
# (lib/economie_sociale/notebooks.py), so a data change re-executes them.
#
# Options (environment): BOOK_DIR (default: the repository), HTML_ONLY=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bash scripts/setup.sh
export PATH="$repo/.venv/bin:$PATH"
# An exported MPLBACKEND=Agg silently drops every figure from the outputs.
unset MPLBACKEND
book=${BOOK_DIR:-$repo}
mkdir -p "$book/_build"

# One build of a folder at a time: two would share _build/ (its store, Sphinx's environment).
exec 9>"$book/_build/.build.lock"
if ! flock -n 9; then
  echo "build: another build of $book is running; waiting for it to finish"
  flock 9
fi

build() {  # build BUILDER: incremental after a clean build, full otherwise
  local stamp="$book/_build/.clean-$1" flags=(-n -W --keep-going)
  [ -f "$stamp" ] || flags+=(--all)
  rm -f "$stamp"
  python "$repo/scripts/run_jupyter_book.py" build "$book" --builder "$1" "${flags[@]}"
  touch "$stamp"
}

# Execute the notebooks first, one kernel per core, into _build/executed/ (skipped when
# the store already holds them for the current notebooks, data and library).
echo "build: notebooks"
shopt -s nullglob
notebooks=("$book"/chapters/*.ipynb "$book"/atelier/*.ipynb)  # the chapters and the workshop
shopt -u nullglob
python -m economie_sociale.notebooks execute --store "$book/_build/executed" "${notebooks[@]}"

echo "build: HTML"
# The site's copy of the PDF is put back only by a successful PDF build below: an HTML-only
# build (or one without XeLaTeX) never offers a PDF older than its pages.
rm -f "$book/_build/html/economie-sociale-2-0.pdf"
build html

if [ "${HTML_ONLY:-0}" = 1 ]; then exit 0; fi
if command -v xelatex >/dev/null 2>&1 && command -v latexmk >/dev/null 2>&1; then
  echo "build: PDF (LaTeX route, XeLaTeX)"
  build pdflatex
  # the site links the PDF from every page's download menu (lib/economie_sociale/sphinx_downloads.py)
  cp "$book/_build/latex/economie-sociale-2-0.pdf" "$book/_build/html/economie-sociale-2-0.pdf"
  echo "build: done: $book/_build/html/index.html and $book/_build/latex/economie-sociale-2-0.pdf"
else
  echo "build: PDF NOT BUILT: XeLaTeX is missing (see the message of scripts/setup.sh). HTML: $book/_build/html/index.html" >&2
fi
