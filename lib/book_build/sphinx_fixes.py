"""Sphinx extension: workarounds for upstream bugs that show in the book.

- Sphinx 7.4 writes twice every inline ``<script>`` that an extension adds
  after the HTML builder starts (sphinx-thebe's and sphinx-togglebutton's
  configuration): once as registered (file name ``None``), once again when
  ``prepare_writing`` re-adds the registry's scripts (file name ``''``), and
  the two do not compare equal. The second ``const THEBE_JS_URL`` is a
  console error in every browser. Dropping the first copy before writing
  leaves exactly one of each.
- Sphinx 7.4 unpickles the target page's whole doctree for every ``{numref}``
  it resolves (``StandardDomain._resolve_numref_xref``), only to look up one
  node: the book's hundred numrefs cost 3.5 s of every HTML build, all in the
  serial part of a parallel build. :func:`_numref_doctrees_once` gives it each
  page's doctree once per write phase, read-only as Sphinx uses it there.
- myst-parser 3.0 HTML-escapes an external link's address when it reads it
  (``escapeHtml(uri)`` in ``render_link_url``), and the HTML writer escapes it
  again: a link with a query (``?repo=…&branch=…``, the workshop's JupyterHub
  link) reached the page as ``&amp;amp;branch``, and the server got neither
  branch nor notebook. :func:`_unescape_link_addresses` undoes the first
  escape in every page, before either builder writes.
"""

from __future__ import annotations

import functools
import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain

_NUMREF_CACHE = "_economie_sociale_numref_doctrees"


def _drop_inline_script_copies(app: Sphinx, builder) -> None:
    scripts = getattr(builder, "_js_files", None)
    if scripts is not None:
        # Builder.init() stores inline scripts with filename ''; None marks the later, duplicated ones
        scripts[:] = [js for js in scripts if js.filename is not None]


def _numref_doctrees_once(resolve):
    @functools.wraps(resolve)
    def wrapper(self, env, *args, **kwargs):
        cache = env.__dict__.get(_NUMREF_CACHE)
        if cache is None:  # outside a write phase (or before this extension's reset): Sphinx's own path
            return resolve(self, env, *args, **kwargs)
        real = env.get_doctree
        env.get_doctree = lambda docname: cache[docname] if docname in cache else cache.setdefault(docname, real(docname))
        try:
            return resolve(self, env, *args, **kwargs)
        finally:
            del env.get_doctree  # the instance attribute; the class's method again
    wrapper.economie_sociale = True
    return wrapper


def _reset_numref_doctrees(app: Sphinx, *args) -> None:
    """A fresh cache at each write phase (the pages were just read); none kept in the pickled environment."""
    app.env.__dict__[_NUMREF_CACHE] = {}


def _drop_numref_doctrees(app: Sphinx, *args) -> None:
    app.env.__dict__.pop(_NUMREF_CACHE, None)


def _unescape_link_addresses(app: Sphinx, doctree) -> None:
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if "&" in uri and "://" in uri:
            ref["refuri"] = html.unescape(uri)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", _unescape_link_addresses)
    app.connect("write-started", _drop_inline_script_copies)
    if not getattr(StandardDomain._resolve_numref_xref, "economie_sociale", False):
        StandardDomain._resolve_numref_xref = _numref_doctrees_once(StandardDomain._resolve_numref_xref)
    app.connect("write-started", _reset_numref_doctrees)
    app.connect("build-finished", _drop_numref_doctrees)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
