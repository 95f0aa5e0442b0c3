"""The build of the book: what turns the notebooks into the HTML site and the PDF.

Used by ``scripts/build.sh``, ``scripts/nbtools.py`` and the tests only; readers,
participants and researchers import the survey library (:mod:`economie_sociale`),
never this package, and the participant environment (``binder/``) does not install it.

- :mod:`.notebooks`: runs the notebooks as JupyterLab does, ``{eval}`` expressions
  included, in parallel, and keeps the results in a store keyed by each notebook,
  ``data/`` and the library (``python -m book_build.notebooks execute``);
  ``python -m book_build.notebooks run CHAPTER --set CONFIDENCE_LEVEL=90 -o OUT``
  runs one chapter at other parameters.
- :mod:`.forked_kernels`: the build's kernels, forked from a process that has
  imported ipykernel, pandas and matplotlib once.
- :mod:`.launch`: the workshop's Binder and JupyterHub links, from ``_config.yml``
  (``python -m book_build.launch --update`` writes them into the guide and the README).
- Sphinx extensions (``_config.yml``'s ``extra_extensions``):
  :mod:`.sphinx_notebooks` (executed notebooks into the book, the print edition),
  :mod:`.sphinx_generated` (files derived from ``data/``),
  :mod:`.sphinx_downloads` (the download menu), :mod:`.sphinx_typography`
  (French spacing and apostrophes), :mod:`.sphinx_titlepage` (the PDF's title
  page and colophon), :mod:`.sphinx_layout` (the pages' stylesheet, ``static/``),
  :mod:`.sphinx_search` (search ranked by prose, excerpts without code),
  :mod:`.sphinx_fixes` (upstream bugs worked around).
"""
