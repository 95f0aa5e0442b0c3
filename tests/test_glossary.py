"""The glossary is generated from data/glossary.csv and every {term} link of the chapters resolves."""

from __future__ import annotations

import json
import re

from economie_sociale import data
from book_build.sphinx_generated import glossary_markdown

from .conftest import ROOT

TERM = re.compile(r"\{term\}`([^`]+)`")


def _terms_used():
    used = []
    for path in sorted((ROOT / "chapters").glob("*")):
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
        else:
            continue
        for role in TERM.findall(text):
            target = role.rsplit("<", 1)[1].rstrip(">") if "<" in role else role
            used.append((path.name, target.strip()))
    return used


def test_glossary_markdown_has_every_term():
    text = glossary_markdown()
    glossary = data.load_glossary()
    assert text.startswith("```{glossary}")
    for row in glossary.itertuples():
        assert f"\n{row.short_fr}\n  {row.definition_fr}" in text
    assert len(glossary) == 16


def test_every_term_link_resolves():
    known = set(data.load_glossary()["short_fr"])
    used = _terms_used()
    unknown = [(page, t) for page, t in used if t not in known]
    assert not unknown, unknown


def test_glossary_page_is_built():
    page = ROOT / "_build" / "html" / "chapters" / "10_glossaire.html"
    html = page.read_text(encoding="utf-8")
    for short in data.load_glossary()["short_fr"]:
        assert f'id="term-{short.replace(" ", "-")}"' in html or short in html
