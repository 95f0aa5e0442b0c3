"""Sphinx extension: every page's download menu offers the book's data and the PDF book.

The theme's menu (the download icon at the top of each page) already offers
the page's notebook (``.ipynb``), its source and printing the page; their
entries get plainer names, and this adds:

- the long CSV of every value (``economie-sociale-2-0-valeurs.csv``, written by
  :mod:`book_build.sphinx_generated`), copied to the site's root;
- the same values for a spreadsheet in French (``;``, decimal commas, UTF-8 with a
  BOM: :func:`economie_sociale.export.spreadsheet_csv`), written at the site's root;
- the PDF book, which ``scripts/build.sh`` copies to the site's root once the
  LaTeX build has made it (an HTML-only build leaves that link dead).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from economie_sociale.export import FILENAME, FILENAME_FR, spreadsheet_csv
from .sphinx_generated import GENERATED

PDF_NAME = "economie-sociale-2-0.pdf"

#: (file at the site's root, text, tooltip, icon, label) of each added entry.
ENTRIES = [
    (FILENAME, "Données (.csv)", "Toutes les valeurs du livre, un fichier CSV", "fas fa-table", "download-data-button"),
    (FILENAME_FR, "Données pour tableur (.csv, virgule décimale)",
     "Les mêmes valeurs pour un tableur en français : champs séparés par des points-virgules, virgule décimale",
     "fas fa-file-csv", "download-spreadsheet-button"),
    (PDF_NAME, "Livre (.pdf)", "Le livre complet en PDF", "fas fa-book", "download-book-button"),
]


#: The theme's entries (by their text), renamed so that printing the page is not taken for the book.
RENAMED = {".ipynb": "Carnet (.ipynb)", ".md": "Source (.md)", ".pdf": "Imprimer la page"}


def _add_buttons(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    pathto = context["pathto"]
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            for button in group["buttons"]:
                button["text"] = RENAMED.get(button["text"], button["text"])
            for file, text, tooltip, icon, label in ENTRIES:
                group["buttons"].append({"type": "link", "url": pathto(file, 1), "text": text,
                                         "tooltip": tooltip, "icon": icon, "label": label})


def _copy_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        shutil.copyfile(Path(app.srcdir) / GENERATED / FILENAME, Path(app.outdir) / FILENAME)
        (Path(app.outdir) / FILENAME_FR).write_bytes(spreadsheet_csv())


def setup(app: Sphinx) -> dict:
    # after sphinx-book-theme builds the menu (priority 501)
    app.connect("html-page-context", _add_buttons, priority=600)
    app.connect("build-finished", _copy_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
