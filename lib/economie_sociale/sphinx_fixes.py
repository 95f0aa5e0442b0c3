"""Sphinx extension: workarounds for upstream bugs that show in the book.

- Sphinx 7.4 writes twice every inline ``<script>`` that an extension adds
  after the HTML builder starts (sphinx-thebe's and sphinx-togglebutton's
  configuration): once as registered (file name ``None``), once again when
  ``prepare_writing`` re-adds the registry's scripts (file name ``''``), and
  the two do not compare equal. The second ``const THEBE_JS_URL`` is a
  console error in every browser. Dropping the first copy before writing
  leaves exactly one of each.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _drop_inline_script_copies(app: Sphinx, builder) -> None:
    scripts = getattr(builder, "_js_files", None)
    if scripts is not None:
        # Builder.init() stores inline scripts with filename ''; None marks the later, duplicated ones
        scripts[:] = [js for js in scripts if js.filename is not None]


def setup(app: Sphinx) -> dict:
    app.connect("write-started", _drop_inline_script_copies)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
