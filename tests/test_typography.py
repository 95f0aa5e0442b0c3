"""French typography in the built book: spacing before ; : ! ?, inside « », apostrophes; French generated strings.

The rule (``sphinx_typography.french``) is tested on its own, then every page of
the built HTML and the PDF's LaTeX source and text are read for each fault.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from book_build.sphinx_typography import NBSP, NNBSP, french

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
LATEX = ROOT / "_build" / "latex"

FAULTS = {
    "a breakable or missing space before ; ! ?": re.compile(r"(?<=[\w»)])( ?)[;!?](?=\s|$)"),
    "a breakable or missing space before :": re.compile(r"(?<=[\w»)])( ?):(?=\s|$)"),
    "« without a no-break space after it": re.compile(r"«(?![\u00a0\u202f])"),
    "» without a no-break space before it": re.compile(r"(?<![\u00a0\u202f])»"),
    "an apostrophe turned into a quote": re.compile(r"\b[A-Za-zÀ-ÿ]”|“[a-zà-ÿ]"),
    "a straight apostrophe": re.compile(r"(?<=[A-Za-zÀ-ÿ])'(?=[A-Za-zÀ-ÿ])"),
}


@pytest.mark.parametrize("raw, expected", [
    ("un mot ; un autre", f"un mot{NNBSP}; un autre"),
    ("Vraiment ? Oui !", f"Vraiment{NNBSP}? Oui{NNBSP}!"),
    ("Durée : 30 minutes", f"Durée{NBSP}: 30 minutes"),
    ("figure 3 : la suite", f"figure 3{NBSP}: la suite"),
    (" : après un lien", f"{NBSP}: après un lien"),
    ("« Moins de 100 000 $ »", f"«{NBSP}Moins de 100 000 ${NBSP}»"),
    ("«\u2009Web\u2009»", f"«{NBSP}Web{NBSP}»"),
    ("l'organisme d'aujourd'hui", "l’organisme d’aujourd’hui"),
    ("à 10:30, https://mybinder.org", "à 10:30, https://mybinder.org"),   # times and addresses untouched
    (f"déjà{NNBSP}; fait", f"déjà{NNBSP}; fait"),                         # idempotent
])
def test_the_rule(raw, expected):
    assert french(raw) == expected
    assert french(expected) == expected


def _pages():
    pages = [p for p in sorted(HTML.rglob("*.html")) if "_static" not in p.parts
             and p.name not in ("search.html", "genindex.html") and p.stat().st_size > 1000]
    assert len(pages) >= 20, "build the book first (scripts/test.sh does)"
    return pages


def _reader_text(page: Path) -> list[str]:
    """The text a reader reads on a page (main content and footer); code, math and raw DataFrame views left out."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    parts = [x for x in (soup.select_one("main"), soup.select_one("footer.bd-footer-content")) if x is not None]
    for part in parts:
        # a code cell's DataFrame shows the data as stored (a researcher's view); reader tables are book.table's
        for code in part.select("pre, code, kbd, .math, script, style, .highlight, table.dataframe"):
            code.decompose()
    return [str(s) for part in parts for s in part.find_all(string=True)]


def test_html_pages_follow_french_typography():
    faults = []
    for page in _pages():
        for text in _reader_text(page):
            for rule, pattern in FAULTS.items():
                for m in pattern.finditer(text):
                    faults.append(f"{page.relative_to(HTML)}: {rule}: …{text[max(0, m.start() - 30):m.end() + 10]!r}")
    assert not faults, f"{len(faults)} typography faults, e.g.:\n  " + "\n  ".join(faults[:15])


def test_generated_strings_read_as_french():
    page = (HTML / "chapters" / "02_profil_repondants.html").read_text(encoding="utf-8")
    footer = BeautifulSoup(page, "html.parser").select_one("footer.bd-footer-content").get_text(" ", strip=True)
    assert "Par D" not in footer and "By " not in footer, footer
    assert "des données publiées par le CEFRIO (2017)" in footer


def test_pdf_source_and_text_follow_french_typography():
    tex = (LATEX / "economie-sociale-2-0.tex").read_text(encoding="utf-8")
    prose = re.sub(r"\\begin\{sphinxVerbatim\}.*?\\end\{sphinxVerbatim\}", "", tex, flags=re.S)
    prose = re.sub(r"(?m)^\s*%.*$", "", prose)  # LaTeX comments (the preamble's)
    prose = re.sub(r"\\sphinxcode\{\\sphinxupquote\{(?:[^{}]|\{[^{}]*\})*\}\}|\\url\{[^}]*\}|\\href\{[^}]*\}", "", prose)
    faults = [m.group(0) for m in re.finditer(r"\w [;!?](?=\s)|\w :(?=\s)|« |(?<=\w) »|\w”", prose)]
    assert not faults, f"{len(faults)} typography faults in the LaTeX source, e.g. {faults[:10]}"
    text = subprocess.run(["pdftotext", str(LATEX / "economie-sociale-2-0.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert not re.search(r"\b[A-Za-zÀ-ÿ]”", text), "an apostrophe printed as a closing quote in the PDF"
    assert "Par D'après" not in text and "Par D’après" not in text
