"""Helper library of the executable edition of CEFRIO's *Économie sociale 2.0*.

Modules, one concern each:

- :mod:`.data`: load and validate the CSV files of ``data/``; lookups.
- :mod:`.fmt`: French number formatting.
- :mod:`.charts`: the chart functions and house style.
- :mod:`.tables`: French-formatted tables for the book.
- :mod:`.book`: glue numbers, tables and figures into the prose.

Import what you use, e.g. ``from economie_sociale import data, charts``;
heavy modules (statistics) are imported only where they are used.
"""

__version__ = "0.1.0"
