#!/usr/bin/env bash
# Set up (scripts/setup.sh), then build the book:
#   HTML site -> _build/html/index.html
#   PDF book  -> _build/latex/economie-sociale-2-0.pdf
# Warnings are errors (-n -W): a notebook that raises, a broken reference or a
# failing {eval} expression fails the build. Sphinx reports a page's warnings only when
# it re-reads that page, so after a failed build (or on a fresh _build) every
# page is re-read (--all); after a clean one, only changed pages are. Executed
# notebooks come from _build/executed/, keyed on each notebook, data/ and lib/
# (lib/book_build/notebooks.py), so a data change re-executes them.
#
# One state is published: the notebooks, the HTML, the PDF and its solutions appendix, the
# site's notebook downloads and the long CSV all come from this run (lib/book_build/
# sphinx_generated.py); the site's PDF is replaced atomically when a new one is made, kept
# while it was made from the same sources, and removed when it was not (HTML_ONLY=1 after a
# change, no XeLaTeX, a failed PDF build): never missing during a build, never stale after one.
#
# Options (environment): BOOK_DIR (default: the repository), HTML_ONLY=1,
# ECONOMIE_SOCIALE_CELL_TIMEOUT (seconds a cell may run, 120 by default).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
book=${BOOK_DIR:-$repo}
mkdir -p "$repo/_build" "$book/_build"

# Set-up under a lock of the repository: two builds started together in a fresh clone would
# otherwise both create .venv, the second deleting what the first installs into.
exec 8>"$repo/_build/.setup.lock"
if ! flock -n 8; then
  echo "build: another build is setting up $repo; waiting for it"
  flock 8
fi
bash scripts/setup.sh
flock -u 8
export PATH="$repo/.venv/bin:$PATH"
# An exported MPLBACKEND=Agg silently drops every figure from the outputs.
unset MPLBACKEND

# One build of a folder at a time: two would share _build/ (its store, Sphinx's environment).
exec 9>"$book/_build/.build.lock"
if ! flock -n 9; then
  echo "build: another build of $book is running; waiting for it to finish"
  flock 9
fi

# What the site's PDF is made from: the book's sources, its data and the library. The PDF's
# stamp records it; a PDF of other sources is not offered beside this run's pages.
inputs() {
  local data=${ECONOMIE_SOCIALE_DATA:-$repo/data} p
  for p in "$book"/chapters "$book"/atelier "$book"/_config.yml "$book"/_toc.yml "$data" "$repo"/lib "$repo"/scripts/latex; do
    if [ -e "$p" ]; then find "$p" -type f -not -path '*/.ipynb_checkpoints/*' -not -path '*/__pycache__/*' -print0; fi
  done | sort -z | xargs -0 -r sha256sum | sha256sum | cut -d' ' -f1
}
site_pdf="$book/_build/html/economie-sociale-2-0.pdf"
pdf_stamp="$book/_build/.site-pdf-inputs"
want_inputs=$(inputs)
drop_stale_pdf() {  # on any exit before a new PDF is in place: a PDF of other sources goes
  if [ -f "$site_pdf" ] && [ "$(cat "$pdf_stamp" 2>/dev/null)" != "$want_inputs" ]; then
    rm -f "$site_pdf" "$pdf_stamp"
    echo "build: removed the site's PDF (made from other sources; no new PDF in this run)" >&2
  fi
}
trap drop_stale_pdf EXIT

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
python -m book_build.notebooks execute --store "$book/_build/executed" "${notebooks[@]}"

echo "build: HTML"
# The site's PDF stays in place during the build (a reader, a test run, never gets a 404); it is
# replaced below, or removed on exit if it was made from other sources (drop_stale_pdf).
build html

if [ "${HTML_ONLY:-0}" = 1 ]; then exit 0; fi
if command -v xelatex >/dev/null 2>&1 && command -v latexmk >/dev/null 2>&1; then
  echo "build: PDF (LaTeX route, XeLaTeX)"
  build pdflatex
  # the site links the PDF from every page's download menu (lib/book_build/sphinx_downloads.py):
  # copied beside it under a temporary name, then renamed over it (atomic: never half a PDF)
  cp "$book/_build/latex/economie-sociale-2-0.pdf" "$site_pdf.tmp.$$"
  mv -f "$site_pdf.tmp.$$" "$site_pdf"
  echo "$want_inputs" > "$pdf_stamp"
  echo "build: done: $book/_build/html/index.html and $book/_build/latex/economie-sociale-2-0.pdf"
else
  echo "build: PDF NOT BUILT: XeLaTeX is missing (see the message of scripts/setup.sh). HTML: $book/_build/html/index.html" >&2
fi
