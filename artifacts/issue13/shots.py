"""Before/after pictures for issue 13 (run from the repository; BEFORE = a build of the session's first commit).

    .venv/bin/python artifacts/issue13/shots.py /tmp/before/_build _build
    .venv/bin/python artifacts/issue13/shots.py /tmp/s3before/_build _build s3   # third session: tables, panels, solutions
"""
import subprocess, sys
from pathlib import Path

before, after = Path(sys.argv[1]), Path(sys.argv[2])
prefix = f"{sys.argv[3]}-" if len(sys.argv) > 3 else ""
OUT = Path(__file__).resolve().parent
# (name, text that identifies the page in the PDF)
PAGES = [("cover", None), ("contents", "Ce que la loi appelle économie sociale"), ("revenue-figure", "chiffre d’affaires des 12 derniers mois (figure 1"),
         ("case-table", "Les fiches signalétiques des treize"), ("errata-claims", "Affirmations de différence du chapitre 1"),
         ("concerns-figure", "préoccupations d’affaires")]
if prefix:  # the third session's pages: a table over the footer, justified narrow cells, trailing panels, solutions
    PAGES = [("classification-table", "Gestion électronique des documents"), ("case-table", "Les fiches signalétiques des treize"),
             ("data-dictionary", "les affirmations de différence entre"), ("annex-panels", "Les douze panneaux"),
             ("solutions", "Chaque solution est un code")]


def page_of(pdf: Path, text: str | None, name: str) -> int:
    if text is None:
        return 1
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    norm = lambda s: " ".join(s.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "’").split())
    for i, page in enumerate(pages, start=1):
        if norm(text) in norm(page) and (i > 12 or name == "contents"):  # past the table of contents
            return i
    raise SystemExit(f"{text!r} not found in {pdf}")


for label, build in (("before", before), ("after", after)):
    pdf = build / "latex" / "economie-sociale-2-0.pdf"
    for name, text in PAGES:
        n = page_of(pdf, text, name)
        out = OUT / f"{prefix}{label}-pdf-{name}"
        subprocess.run(["pdftoppm", "-r", "60", "-f", str(n), "-l", str(n), "-png", "-singlefile", str(pdf), str(out)], check=True)
        print(label, name, "page", n)
