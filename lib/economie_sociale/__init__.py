"""Survey library of the executable edition of CEFRIO's *Économie sociale 2.0* (2017).

Modules a chapter or a researcher's own cell uses:

- :mod:`.data`: the report's numbers from ``data/``, validated; lookups
  (:func:`~.data.responses`, :func:`~.data.value`, :func:`~.data.technology_use`,
  :func:`~.data.technology_value`; keys or French labels, a dimension for its groups)
  and what exists (:func:`~.data.segments`, :func:`~.data.questions`,
  :func:`~.data.technologies`, :func:`~.data.find` from a French label).
- :mod:`.charts`: one function per chart kind, one house style.
- :mod:`.tables`: French-formatted tables; a chart's numbers as a table.
- :mod:`.fmt`: French number formatting (``47 %``, ``25,6 %``, ``210 000``).
- :mod:`.stats`: counts behind percentages, Wilson intervals, tests; from printed
  percentages (:func:`~.stats.compare_pct`), over every count the rounding allows,
  with a three-state verdict.
- :mod:`.settings`: the confidence level every chart, margin and test uses.
- :mod:`.book`: figures with their data, tables, and checks of a chapter's conclusions.
- :mod:`.audit`: the report's inconsistencies, recomputed.
- :mod:`.claims`: the report's significance claims, recomputed.
- :mod:`.explorer`, :mod:`.calculator`: widgets (annex panels, margins of error).
- :mod:`.export`: every value in one long CSV; a chart's numbers as a numeric
  frame (:func:`~.export.values`: bounds, p range, verdict, source lines), to CSV or Excel.
- :mod:`.exercises`: the book's and the workshop's exercises, which check
  themselves (``exercises.check("atelier1-revenu", answer)``).
- :mod:`.errors`: the library's errors and its conventions for arguments.

The workshop (``atelier/``):

- :mod:`.beginners`: an IPython extension, for kernels a Jupyter server starts:
  Python's errors explained in French, exercise cells that never stop Run All,
  the book's modules ready after a restart (``python -m economie_sociale.beginners
  install`` sets it up in an environment, with JupyterLab in French).
- :mod:`.workshop`: the facilitator's tools: the scripted beginner's timing of
  each notebook, and a notebook put back as published.

The data files:

- :mod:`.schemas`: the data files' schemas (pandera) and data dictionary.

The book's build (running the notebooks, the Sphinx extensions, the workshop's launch links)
is a package of its own, :mod:`book_build` (``lib/book_build``), which nothing here imports.

Import what you use, e.g. ``from economie_sociale import data, charts``.
The statistics need neither statsmodels nor scipy (closed forms, checked
against both by the tests), and validated data are reused from a disk
cache: a first chart in a fresh kernel loads numpy, pandas and matplotlib,
little else.

Conventions: percentages and confidence levels are in percent (``25.6``,
``95``); counts are whole numbers; where a list of keys is expected, one
key is accepted too. Errors say what is wrong and where
(:class:`~.errors.EconomieSocialeError`).
"""

import os as _os
from pathlib import Path as _Path


__version__ = "0.3.0"

#: Output metadata key that marks the outputs the book treats specially
#: (a figure's data table, a conclusion that no longer holds).
ROLE_KEY = "economie_sociale"

#: The transcribed data the library reads, unless ``ECONOMIE_SOCIALE_DATA`` names another folder.
DEFAULT_DATA_DIR = _Path(__file__).resolve().parents[2] / "data"


def data_dir() -> _Path:
    """The folder the library reads its CSV files from (kept here, light: the build asks without pandas)."""
    return _Path(_os.environ.get("ECONOMIE_SOCIALE_DATA", DEFAULT_DATA_DIR))
