"""The ``jupyter-book`` command, started without a grammar compiler nobody here needs.

Jupyter Book imports jsonschema, whose optional IRI format checker
(rfc3987_syntax, pulled in by jupyter-events' ``jsonschema[format-nongpl]``)
compiles some 40 grammars on import: 1.8 s of every build, for a check the
book's configuration never uses. jsonschema skips that checker when the import
fails, as the notebook runner already arranges (lib/book_build/notebooks.py).

    python scripts/run_jupyter_book.py build . --builder html   # same arguments as jupyter-book
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)

from jupyter_book.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
