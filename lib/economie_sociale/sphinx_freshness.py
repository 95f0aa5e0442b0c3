"""Sphinx extension: re-execute the notebooks when ``data/`` or ``lib/`` change.

MyST-NB's execution cache is keyed on the notebooks' code cells only, so an
edited CSV or chart function would otherwise be served from stale cached
outputs, and Sphinx would not even re-read the unchanged notebooks. This
extension hashes the book's inputs; when the hash differs from the last
successful build, it clears the execution cache and marks every notebook
as outdated.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

WATCHED = ("data", "lib")
PATTERNS = ("*.csv", "*.py", "*.bib")


def inputs_digest(root: Path) -> str:
    """A hash of every watched file's path and content under ``root``."""
    h = hashlib.sha256()
    for folder in WATCHED:
        for pattern in PATTERNS:
            for path in sorted((root / folder).rglob(pattern)):
                if "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
                    continue
                h.update(str(path.relative_to(root)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _stamp(app: Sphinx) -> Path:
    return Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache") / "inputs.sha256"


def _on_builder_inited(app: Sphinx) -> None:
    root = Path(app.srcdir)
    app.env.es_inputs_digest = digest = inputs_digest(root)
    stamp = _stamp(app)
    previous = stamp.read_text().strip() if stamp.is_file() else None
    app.env.es_inputs_changed = previous != digest
    if app.env.es_inputs_changed and stamp.parent.is_dir():
        logger.info("data/ or lib/ changed since the last build: clearing the execution cache")
        shutil.rmtree(stamp.parent)


def _on_env_get_outdated(app: Sphinx, env, added, changed, removed):
    if not getattr(env, "es_inputs_changed", False):
        return []
    notebooks = [d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")]
    return [d for d in notebooks if d not in added and d not in changed]


def _on_build_finished(app: Sphinx, exception) -> None:
    if exception is None and getattr(app.env, "es_inputs_digest", None):
        stamp = _stamp(app)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(app.env.es_inputs_digest + "\n")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
