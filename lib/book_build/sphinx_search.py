"""Sphinx extension: the site's search finds prose, and ranks first the page that treats a word.

Sphinx 7.4's search indexes every text of a page, code cells included, and shows
as an excerpt the first 240 characters around the word in the page's text; all
pages that contain a word get the same score, ties sorted by title. So « infonuagique »
listed the chapter that discusses cloud computing sixth, after pages that only
name the variable in code, with excerpts of Python (``value = figures.at[…]``).

- Code blocks (code cells, solutions' code) are left out of the index.
- Each page's count of each word in its prose (tables and code left out) is added
  to ``searchindex.js`` (key ``es_counts``, only for words found on several pages,
  which are the ones to rank); ``static/search_scorer.js`` adds to each result a
  bonus that grows with that count, smaller than the bonus of a title match.
- The excerpts leave out code cells and code blocks (same file).
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder, WordCollector

SCORER = Path(__file__).resolve().parent / "static" / "search_scorer.js"
_MARK = "_economie_sociale"


def _is_code(node: nodes.Node) -> bool:
    return isinstance(node, nodes.literal_block) or (
        isinstance(node, nodes.Element) and "cell_input" in node.get("classes", []))


def _skip_code(visit):
    def dispatch_visit(self, node):
        if _is_code(node):
            raise nodes.SkipNode
        return visit(self, node)
    setattr(dispatch_visit, _MARK, True)
    return dispatch_visit


def prose_words(doctree: nodes.Node, split) -> list[str]:
    """The words of a page's prose: its text outside code, tables and raw output (figure data, HTML tables)."""
    words: list[str] = []

    def walk(node):
        if _is_code(node) or isinstance(node, (nodes.table, nodes.raw, nodes.comment)):
            return
        if isinstance(node, nodes.Text):
            words.extend(split(node.astext()))
            return
        for child in node.children:
            walk(child)

    walk(doctree)
    return words


def _feed(feed):
    def wrapper(self, docname, filename, title, doctree):
        feed(self, docname, filename, title, doctree)
        counts = Counter()
        for word in prose_words(doctree, self.lang.split):
            stemmed = self.lang.stem(word).lower()
            if not self.lang.word_filter(stemmed) and self.lang.word_filter(word):
                stemmed = word
            counts[stemmed] += 1
        self.__dict__.setdefault("_es_counts", {})[docname] = dict(counts)
    setattr(wrapper, _MARK, True)
    return wrapper


def _freeze(freeze):
    def wrapper(self):
        frozen = freeze(self)
        index = {name: i for i, name in enumerate(frozen["docnames"])}
        pages: dict[str, dict[str, int]] = {}
        for docname, counts in self.__dict__.get("_es_counts", {}).items():
            if docname in index:
                for word, n in counts.items():
                    pages.setdefault(word, {})[str(index[docname])] = n
        frozen["es_counts"] = {word: found for word, found in sorted(pages.items()) if len(found) > 1}
        return frozen
    setattr(wrapper, _MARK, True)
    return wrapper


def _load(load):
    """An incremental build re-reads only changed pages: the others' counts come back from the last index."""
    def wrapper(self, stream, format):
        text = stream.read()
        load(self, io.StringIO(text), format)
        fmt = self.formats[format] if isinstance(format, str) else format
        frozen = fmt.loads(text)
        names = frozen["docnames"]
        counts: dict[str, dict[str, int]] = {}
        for word, found in frozen.get("es_counts", {}).items():
            for i, n in found.items():
                counts.setdefault(names[int(i)], {})[word] = n
        self.__dict__["_es_counts"] = counts
    setattr(wrapper, _MARK, True)
    return wrapper


def _prune(prune):
    def wrapper(self, docnames):
        prune(self, docnames)
        counts = self.__dict__.get("_es_counts", {})
        for name in [n for n in counts if n not in docnames]:
            del counts[name]
    setattr(wrapper, _MARK, True)
    return wrapper


def _patch(cls, name, wrap):
    if not getattr(getattr(cls, name), _MARK, False):
        setattr(cls, name, wrap(getattr(cls, name)))


def setup(app: Sphinx) -> dict:
    _patch(WordCollector, "dispatch_visit", _skip_code)
    _patch(IndexBuilder, "feed", _feed)
    _patch(IndexBuilder, "freeze", _freeze)
    _patch(IndexBuilder, "load", _load)
    _patch(IndexBuilder, "prune", _prune)
    if not app.config.html_search_scorer:
        app.config.html_search_scorer = str(SCORER)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
