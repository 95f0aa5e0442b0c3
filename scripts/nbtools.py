"""Maintenance of the chapter notebooks: execute them and save their results in place,
as a reader's Run All then Save in JupyterLab would (outputs, and the values of
the prose's {eval} expressions), so that what a chapter shows before anyone runs
it is what it computes.

    .venv/bin/python scripts/nbtools.py execute [--timeout SECONDS] [chapters/02_profil_repondants.ipynb ...]

Run it after changing a chapter, data/ or lib/ in a way that changes a
notebook's output, then review the diff and commit the notebooks
(tests/test_notebooks.py compares them with the build's fresh run).
It is ``python -m book_build.notebooks execute --write``: chapters run in
parallel, one kernel per core, through the build's store (_build/executed/),
under the store's lock (a build running at the same time, or another
nbtools, is waited for, never written over). ``--timeout`` (or
``ECONOMIE_SOCIALE_CELL_TIMEOUT``) sets the seconds a cell may run (120).
Ctrl-C stops it with one line; the notebooks already done stay in the store.
"""

from __future__ import annotations

import sys

from book_build import notebooks


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "execute":
        print(__doc__)
        return 2
    return notebooks.main(["execute", "--write", *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
