"""Sphinx extension: French typography in the built book (HTML and PDF alike).

The chapters are written with ordinary spaces, as anyone types them in
JupyterLab; the book sets them the French way once the pages are resolved:

- a narrow no-break space (U+202F) before ``;``, ``!`` and ``?``;
- a no-break space (U+00A0) before ``:`` and inside ``« »``;
- typographic apostrophes (``’``) instead of straight ones, with docutils'
  smart quotes off: they turned an apostrophe before a link or bold text
  into a closing quote (``l”organisme``).

Code, literals and math are left alone. :func:`french` is the rule itself,
used by ``tests/test_typography.py`` on the built HTML and PDF text.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

NBSP, NNBSP = "\u00a0", "\u202f"
_SPACES = "[ \u00a0\u202f\u2009]"
RULES = [
    (re.compile(rf"(?<=\S){_SPACES}?([;!?])(?=\s|$|[)»,.])"), NNBSP + r"\1"),  # mot ; mot ! mot ?
    (re.compile(rf"^{_SPACES}([;!?])(?=\s|$)"), NNBSP + r"\1"),                   # after an inline element
    (re.compile(rf"(?<=[^\s\d/]){_SPACES}?:(?=\s|$)"), NBSP + ":"),             # mot : (not 10:30, not https:)
    (re.compile(rf"(?<=\d){_SPACES}:(?=\s|$)"), NBSP + ":"),                    # « figure 3 : »
    (re.compile(rf"^{_SPACES}:(?=\s|$)"), NBSP + ":"),
    (re.compile(rf"«{_SPACES}?"), "«" + NBSP),
    (re.compile(rf"{_SPACES}?»"), NBSP + "»"),
    (re.compile(r"(?<=\w)'|'(?=\w)"), "’"),                                     # l'organisme, aujourd'hui
]
SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block, nodes.comment,
        nodes.FixedTextElement, nodes.target)


def french(text: str) -> str:
    """``text`` with French spacing and apostrophes."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def _skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIP) or "highlight" in " ".join(parent.get("classes", [])) \
                or "cell_output" in parent.get("classes", []) and isinstance(parent, nodes.literal_block):
            return True
        parent = parent.parent
    return False


def _frenchify(doctree: nodes.Node) -> None:
    for text in list(doctree.findall(nodes.Text)):
        if _skipped(text):
            continue
        new = french(str(text))
        if new != str(text):
            text.parent.replace(text, nodes.Text(new))


class FrenchTypography(SphinxTransform):
    """At read time, so that titles (navigation, table of contents, running heads) are French too."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        _frenchify(self.document)


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    _frenchify(doctree)  # again, for text made while resolving (cross-reference titles, numbers)


def _no_smartquotes(app: Sphinx, config) -> None:
    config.smartquotes = False  # our apostrophes instead: docutils' quotes misread « l'{term} »


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _no_smartquotes)
    app.add_transform(FrenchTypography)
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
