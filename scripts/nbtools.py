"""Maintenance of the chapter notebooks: execute them in place so that their
stored outputs (which nbval compares on every test run) match the data.

    .venv/bin/python scripts/nbtools.py execute [chapters/01_profil_repondants.ipynb ...]

Run it after changing data/ or lib/ in a way that changes a notebook's
output, then review the diff and commit the notebooks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    # Widget state would make the static pages load require.js and the widget
    # manager from public CDNs, for widgets the book does not show (their
    # outputs are removed; the static figures and tables stand in for them).
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:  # timings change on every run: keep the diff to real changes
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "execute":
        print(__doc__)
        return 2
    paths = [Path(p).resolve() for p in argv[1:]] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
