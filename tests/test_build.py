"""The built book (scripts/build.sh, run before pytest by scripts/test.sh):
the HTML chapter page and the PDF exist and carry the chapter's real content."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from economie_sociale import data, fmt

from .conftest import BUILD, ROOT

HTML = BUILD / "html"
PDF = BUILD / "latex" / "economie-sociale-2-0.pdf"
CHAPTER = HTML / "chapters" / "02_profil_repondants.html"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.ids, self.text = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs)

    def handle_data(self, d):
        self.text.append(d)


@pytest.fixture(scope="module")
def chapter():
    if not CHAPTER.is_file():
        pytest.fail(f"{CHAPTER} is missing: run scripts/build.sh (scripts/test.sh does) before pytest")
    page = _Page()
    page.feed(CHAPTER.read_text(encoding="utf-8"))
    page.text = re.sub(r"\s+", " ", "".join(page.text).replace("\u00a0", " "))
    return page


def test_chapter_page_has_title_table_and_figures(chapter):
    assert "Profil des répondants" in chapter.text
    assert {"tab-profil", "fig-revenue", "fig-it-person", "fig-it-investment"} <= chapter.ids
    assert re.search(r"Tableau 2\.1 Répartition des répondants selon le secteur", chapter.text)
    assert len(re.findall(r"Figure 2\.\d+ ", chapter.text)) >= 3


def test_table1_values_in_page(chapter):
    assert "Total (n = 403)" in chapter.text
    assert "Services à la personne, santé et services sociaux 30 % 13 % 41 % 56 %" in chapter.text


def test_prose_numbers_come_from_the_data(chapter):
    text = chapter.text
    lt5 = fmt.pct(data.value("respondent_size", item="size_lt5")).replace("\u00a0", " ")
    assert f"Près de la moitié des répondants ({lt5})" in text
    it_total = fmt.pct(data.value("it_person", "total", level="yes")).replace("\u00a0", " ")
    assert f"Une entreprise sur cinq ({it_total})" in text
    assert "35,5 %" in text  # 143 / 403, computed in the notebook


def test_figures_are_images_with_alt_text(chapter):
    figures = [img for img in chapter.images if "_images/" in img.get("src", "")]
    assert len(figures) == 3
    for img in figures:
        assert len(img.get("alt", "")) > 40
        assert (CHAPTER.parent / img["src"]).resolve().is_file()


def test_no_code_error_or_leftover_glue_in_page(chapter):
    assert "Traceback" not in chapter.text
    assert "glue" not in chapter.text.lower().replace("glue_", "")


@pytest.fixture(scope="module")
def pdf_text():
    if not PDF.is_file():
        pytest.fail(f"{PDF} is missing: the PDF build did not run (is XeLaTeX installed? see scripts/setup.sh)")
    out = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def test_pdf_has_the_chapter(pdf_text):
    assert "Profil des répondants" in pdf_text
    assert "n = 403" in pdf_text.replace("\u00a0", " ")
    assert "56 %" in pdf_text.replace("\u00a0", " ")
    assert "TABLEAU 1" in pdf_text.upper()


def test_pdf_has_the_figures_as_vector_graphics():
    """Every chart of the PDF is the vector PDF the runner keeps beside the PNG (print quality), no bitmap."""
    if not shutil.which("pdfimages"):
        pytest.fail("pdfimages (poppler-utils) is missing")
    tex = (BUILD / "latex" / "economie-sociale-2-0.tex").read_text(encoding="utf-8")
    charts = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{([0-9a-f]+)\}\.(\w+)\}", tex)
    assert len(charts) >= 30, len(charts)
    assert {ext for _, ext in charts} == {"pdf"}, sorted({ext for _, ext in charts})
    out = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True, check=True).stdout
    bitmaps = [line for line in out.splitlines()[2:] if " image " in line]
    low = [line for line in bitmaps if int(line.split()[12]) < 200]
    assert not low, f"{len(low)} bitmaps under 200 ppi in the PDF, e.g. {low[:3]}"


def test_no_page_shows_unparsed_markup():
    """A directive that fails to parse shows up as raw text rather than as a warning."""
    pages = sorted((HTML / "chapters").glob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        parser = _Page()
        parser.feed(page.read_text(encoding="utf-8"))
        text = "".join(parser.text)
        for marker in ("```", "{glue", "{numref}", ":name:", "{table}", "{download}"):
            assert marker not in text, f"{page.name} shows raw markup {marker!r}"


def test_long_csv_is_offered_for_download():
    page = (HTML / "chapters" / "18_donnees.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*economie-sociale-2-0-valeurs\.csv)"', page)
    assert links
    target = (HTML / "chapters" / links[0]).resolve()
    header = target.read_text(encoding="utf-8").splitlines()[0]
    assert header == "dataset,source,segment,item,measure,value,unit,n,lines,mapping"


def test_pdf_has_every_part_of_the_book(pdf_text):
    text = pdf_text.replace("\u00a0", " ").replace("’", "'")
    for title in ("L'économie sociale au Québec", "Le potentiel du numérique : treize cas", "PME 2.0",
                  "Glossaire", "Résultats détaillés par segment", "Méthodologie", "Errata et reconstruction",
                  "Les données du livre", "Bibliographie"):
        assert title in text, title
    assert "Économie sociale 2.0 — Cap vers le numérique" in text  # the bibliography entry of the report


def _table_rows(page: str, table_id: str) -> list[list[str]]:
    import html as html_lib

    text = (HTML / "chapters" / page).read_text(encoding="utf-8")
    start = text.index(f'id="{table_id}"')
    body = text[start:text.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_case_table_equals_the_data():
    rows = {r[1]: r for r in _table_rows("08_potentiel_numerique.html", "tab-cas-fiches")[1:]}
    cases = data.load_cases()
    assert len(rows) == len(cases) == 13
    for case in cases.itertuples():
        row = next(r for name, r in rows.items() if name == case.name)
        if case.revenue_min == case.revenue_max and not pd.isna(case.revenue_min):
            assert row[6] == fmt.dollars(case.revenue_min)
        if case.it_budget_min == case.it_budget_max and not pd.isna(case.it_budget_min):
            assert row[7] == fmt.dollars(case.it_budget_min)
        if not pd.isna(case.employees_min) and case.employees_min == case.employees_max:
            assert row[3] == fmt.number(case.employees_min)
    la_remise = rows["La Remise"]
    assert la_remise[6] == f"{fmt.number(35000)} à {fmt.dollars(40000)}"  # a range stays a range


def test_no_inline_script_is_written_twice():
    """Sphinx 7.4 duplicates late inline scripts; a second ``const`` is a console error (sphinx_fixes)."""
    for page in [HTML / "genindex.html", *sorted((HTML / "chapters").glob("*.html"))]:
        scripts = re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
        repeated = {s for s in scripts if scripts.count(s) > 1}
        assert not repeated, f"{page.name}: {repeated}"


def test_no_page_needs_math_rendering():
    """No page has math, so none loads MathJax from a CDN; a "$" in a label once made one."""
    for page in sorted(HTML.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert 'class="math' not in text, f"{page.name} has math"
        assert not re.search(r"<script[^>]*mathjax", text, re.I), f"{page.name} loads MathJax"


def test_pdf_layout_has_no_overflowing_float_or_blank_page():
    """Figures and their captions fit on a page (they printed over the footer); no blank page between chapters."""
    log = (BUILD / "latex" / "economie-sociale-2-0.log").read_text(encoding="utf-8", errors="replace")
    assert log.count("Float too large") == 0, "a figure with its caption is taller than the page"
    assert "headheight is too small" not in log
    # an overfull line is text running into the next column or the margin (a key, « 2 000 000 $ » in a
    # narrow column); an overfull page is a table running over the footer (a tabular cannot break)
    overfull = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*\n(.*)", log)
    assert not overfull, f"{len(overfull)} overfull lines: {overfull[:5]}"
    # a point or two is the page's rounding under a split code block, invisible
    pages_too_high = [float(x) for x in re.findall(r"Overfull \\vbox \(([\d.]+)pt too high\)", log)]
    assert all(x < 2 for x in pages_too_high), f"content taller than the page: {pages_too_high}"
    missing = sorted(set(re.findall(r"Missing character: There is no (.*?) in font", log)))
    assert not missing, f"characters the PDF's fonts lack (printed as nothing): {missing}"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True,
                                                                 check=True).stdout).group(1))
    text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    blank = [i + 1 for i, page in enumerate(text.split("\f")[:pages]) if len(page.strip()) < 5]
    assert not blank, f"blank pages: {blank}"


def _latex_plain(tex: str) -> str:
    """Letters and digits of a LaTeX fragment's words (commands and their brackets dropped)."""
    text = re.sub(r"\\[A-Za-z@]+\*?(\[[^]]*\])?", " ", tex)
    return re.sub(r"[^0-9A-Za-z]", "", text)


def test_pdf_prints_each_chart_on_its_texts_page_or_the_next():
    """A chart floats at most one page past the paragraph that introduces it.

    The annex's twelve panels trailed their code by up to six pages, and a chart
    of section 3.3 printed after section 3.4's table (sphinx_layout, placeins).
    The k-th figure of the LaTeX source is the k-th « FIGURE » caption of the PDF;
    the paragraph before it is found in the PDF's text by its last letters.
    """
    tex = (BUILD / "latex" / "economie-sociale-2-0.tex").read_text(encoding="utf-8")
    pages = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    letters = [re.sub(r"[^0-9A-Za-z]", "", page) for page in pages]
    captions = [(i, m.group(1)) for i, page in enumerate(pages)
                for m in re.finditer(r"FIGURE (\d+\.\d+) –", page.replace("\u00a0", " "))]
    chunks = tex.split("\\begin{figure}")[:-1]
    assert len(captions) == len(chunks) > 30, (len(captions), len(chunks))
    far, start = [], 0
    for chunk, (caption_page, number) in zip(chunks, captions):
        paragraph = chunk.split("\\end{figure}")[-1].split("\\sphinxAtStartPar")[-1]
        last = _latex_plain(paragraph.split("\\begin{")[0])[-30:]
        found = [j for j in range(start, caption_page + 1) if last and last in letters[j]]
        if not found:  # a paragraph the PDF sets differently (a term, a reference): the figure's own page
            found = [caption_page]
        start = found[-1]
        if caption_page - found[-1] > 1:
            far.append(f"figure {number}: text on page {found[-1] + 1}, chart on page {caption_page + 1}")
    assert not far, "\n".join(far)


def test_pdf_prints_no_exercise_and_says_where_they_are(pdf_text):
    """Exercises are done on a screen (their statements name cells; the notebook checks the answer): not printed."""
    from book_build.sphinx_notebooks import EXERCISES_NOTE

    text = _normalised(pdf_text)
    assert not re.search(r"Exercice \d+\.\d+", text), re.search(r".{80}Exercice \d+\.\d+.{80}", text).group(0)
    assert "Solution" not in text.replace("Solutions des exercices", "")
    assert "Les exercices de fin de chapitre et l'atelier se font à l'écran" in text  # the introduction says so
    # a chapter's closing « À vous de jouer » is not printed (it stood alone on a page); one followed by
    # numbered sections stays, with a note, so that those keep the site's numbers
    assert text.count(_normalised(EXERCISES_NOTE)) <= 2, text.count(_normalised(EXERCISES_NOTE))
    assert "Ils se font à l'écran, dans les carnets du livre, et ne sont pas imprimés" in text


def test_pdf_has_one_bibliography_heading_a_title_page_and_a_colophon():
    from economie_sociale import __version__

    text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    assert re.findall(r"(?m)^Bibliographie$", text) == ["Bibliographie"], "thebibliography printed its own heading again"
    cover, colophon = (_normalised(page) for page in text.split("\f")[:2])
    for expected in ("Économie sociale 2.0 — édition exécutable", "D'après le rapport du CEFRIO",
                     "Économie sociale 2.0 — Cap vers le numérique", f"version {__version__}"):
        assert expected in cover, (expected, cover)
    n = fmt.number(data.segment_n("total")).replace("\u00a0", " ")
    for expected in ("Source. CEFRIO (2017)", f"a interrogé {n} coopératives", "Licences.", "CC BY 4.0", "MIT",
                     f"Version. Version {__version__}", "compilée le", "bash scripts/build.sh"):
        assert expected in colophon, (expected, colophon)
    assert (BUILD.parent / "LICENSE").is_file(), "the colophon cites the repository's LICENSE"


def test_pdf_has_no_web_only_instructions():
    """The PDF does not tell its reader to click an arrow or unfold a table it does not print."""
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True,
                                               check=True).stdout)
    for phrase in ("la flèche en haut de chaque page", "« Les données de cette figure » déroule", "triangle ▸"):
        assert phrase not in text, phrase
    # the introduction describes the online version to both readers, as such (« En ligne, … »)
    assert "En ligne, sous chaque graphique, « Les données de cette figure » donne" in text
    html = (HTML / "chapters" / "intro.html").read_text(encoding="utf-8")
    assert "le menu de téléchargement, en haut de chaque page" in re.sub(r"\s+", " ", html)


#: the notebook's machinery and instructions for a screen, as the PDF printed them (issue 23: 76 book.figure calls,
#: 45 checks, 133 « exécutez », 18 « Run All », 46 ✏, 61 lines wrapped with ↪, « la cellule suivante, repliée »...)
PLUMBING = ["book.figure(", "book.table(", "book.check(", "exercises.check(", "settings.set_confidence(",
            "CONFIDENCE_LEVEL", "xécutez", "Run All", "✏", "se déplie", "l'encadré à déplier", "bouton + de la barre",
            "la cellule suivante", "cellule suivante", "cellules suivantes", "cellule ci-dessous", "↪", "Maj + Entrée",
            "hub.example.org", "%2F", "%3A", "Traceback"]


def test_pdf_is_free_of_notebook_plumbing_and_screen_instructions(pdf_text):
    text = _normalised(pdf_text)
    found = {phrase: text.count(phrase) for phrase in PLUMBING if phrase in text}
    assert not found, {p: re.findall(rf".{{60}}{re.escape(p)}.{{40}}", text)[:2] for p in found}
    # JupyterLab is named only where the introduction tells a researcher how to rerun the book
    pages = [_normalised(page) for page in
             subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout.split("\f")]
    intro = next(i for i, page in enumerate(pages) if "Ce livre est une édition exécutable" in page)
    first_chapter = next(i for i, page in enumerate(pages) if i > intro and "L'économie sociale au Québec" in page)
    late = [i + 1 for i, page in enumerate(pages) if "JupyterLab" in page and not intro <= i < first_chapter]
    assert not late, f"« JupyterLab » printed on pages {late}"


def test_pdf_prints_only_the_code_the_text_teaches():
    """Code is printed only from cells tagged « print » (sphinx_notebooks.for_print: code the text teaches);
    a chart or a table prints without the code that draws it. The book tags none today: no notebook cell is
    printed, and the printed code (fenced examples of the prose) has no English comment."""
    import nbformat

    tagged = [cell.source for page in _toc_pages() if (BUILD.parent / f"{page}.ipynb").is_file()
              for cell in nbformat.read(BUILD.parent / f"{page}.ipynb", as_version=4).cells
              if cell.cell_type == "code" and "print" in cell.metadata.get("tags", [])]
    tex = (BUILD / "latex" / "economie-sociale-2-0.tex").read_text(encoding="utf-8")
    cells = re.findall(r"\\begin\{sphinxVerbatimInput\}.*?\\end\{sphinxVerbatimInput\}", tex, re.S)
    assert len(cells) == len(tagged), f"{len(cells)} notebook cells printed, {len(tagged)} tagged « print »"
    blocks = re.findall(r"\\begin\{sphinxVerbatim\}.*?\\end\{sphinxVerbatim\}", tex, re.S)
    comments = [line for b in blocks for line in re.findall(r"PYGZsh\{\}([^\n]*)", b)]
    english = [c for c in comments if re.search(r"\b(the|of|is|and|with|from)\b", c)]
    assert not english, english


def test_latex_log_has_no_undefined_reference():
    """The solutions' « (énoncé) » links pointed at labels LaTeX never had: 45 undefined references."""
    log = (BUILD / "latex" / "economie-sociale-2-0.log").read_text(encoding="utf-8", errors="replace")
    undefined = re.findall(r"(?:Hyper reference|Reference|Citation) `([^']*)'\s*on page \d+ undefined", log)
    assert not undefined, f"{len(undefined)} undefined references, e.g. {undefined[:5]}"
    assert "There were undefined references" not in log


#: the smallest word of a chart on paper, in points (the body is 10 pt; captions and tables' notes 8 pt)
MIN_CHART_TEXT = 7.0


def _chart_font_sizes(path: Path) -> list[float]:
    """Every text size a matplotlib PDF sets (``/F1 9 Tf``), in its own units (points at 100 %)."""
    import zlib

    raw = path.read_bytes()
    sizes = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            stream = zlib.decompressobj().decompress(stream)
        except zlib.error:
            pass
        sizes += [float(x) for x in re.findall(rb"/F\d+ ([\d.]+) Tf", stream)]
    return sizes


def chart_sizes() -> list[tuple[str, float, float, float, float]]:
    """(chart, scale at which the PDF prints it, smallest text at that scale, printed width, printed height) of
    every chart, from LaTeX's log (each image's printed box) and the chart's own PDF (its size and fonts)."""
    log = "".join((BUILD / "latex" / "economie-sociale-2-0.log").read_text(encoding="utf-8", errors="replace")
                  .splitlines())  # TeX wraps its log at 79 characters
    out = []
    for name, width, height in re.findall(r"es-image: \{(\w+)\}\.pdf ([\d.]+)pt ([\d.]+)pt", log):
        chart = BUILD / "latex" / f"{name}.pdf"
        box = re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)", chart.read_bytes())
        natural = float(box.group(1)) * 72.27 / 72  # PostScript points to TeX points
        scale = float(width) / natural
        out.append((name[:10], scale, min(_chart_font_sizes(chart)) * scale, float(width), float(height)))
    return out


def test_every_chart_prints_its_words_at_7_points_or_more():
    """Tall charts were scaled to the page's height: their words printed at 4.3-4.7 pt (issue 23)."""
    sizes = chart_sizes()
    assert len(sizes) >= 30, len(sizes)
    small = [f"{name}: {size:.1f} pt (printed at {scale:.0%})" for name, scale, size, _, _ in sizes
             if size < MIN_CHART_TEXT]
    assert not small, "chart text under 7 pt on paper:\n" + "\n".join(small)
    # at the text width (469.75 pt) or a full page: never a narrow chart in a wide column
    text_width = 469.75
    narrow = [f"{name}: {width:.0f} pt wide" for name, _, _, width, _ in sizes if width < 0.95 * text_width]
    assert not narrow, narrow


def test_pdf_metadata_title_authors_subject_language_and_bookmarks():
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "Économie sociale 2.0 — édition exécutable"
    assert "CEFRIO" in fields["Author"]
    assert "économie sociale" in fields["Subject"] and "Québec" in fields["Subject"]
    import zlib

    raw = PDF.read_bytes()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):  # objects may sit in object streams
        try:
            raw += zlib.decompressobj().decompress(stream)  # tolerant of the padding some streams end with
        except zlib.error:
            pass
    assert re.search(rb"/Lang\s*\(fr-CA\)", raw), "no /Lang in the PDF's catalog"
    assert re.search(rb"/Outlines\s+\d+ 0 R", raw), "no bookmarks"
    assert raw.count(b"/Title") > 40, "the bookmarks name fewer than 40 chapters and sections"


def test_pdf_dates_have_no_leading_zero():
    """« 6 décembre 2026 », not « 06 décembre 2026 » (issue 25)."""
    cover = subprocess.run(["pdftotext", "-l", "2", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    dates = re.findall(r"\b(\d{1,2}) (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
                       r"décembre) \d{4}", cover)
    assert len(dates) >= 2 and not [d for d in dates if d.startswith("0")], dates


def test_pdf_introduction_is_titled_in_the_contents_and_its_running_head():
    pages = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    contents = next(i for i, page in enumerate(pages) if "Table des matières" in page)
    assert re.search(r"(?m)^Introduction\b", pages[contents]), pages[contents][:400]
    intro = next(i for i, page in enumerate(pages) if "Ce livre est une édition exécutable" in page.replace("’", "'"))
    assert "Introduction" in pages[intro]
    for page in pages[intro + 1:intro + 4]:  # its running heads and feet
        assert "Table des matières" not in page, page[:200]


# --------------------------------------------------------------------------
# one numbering (issue 13): the HTML and the PDF number chapters, figures and tables alike


def _toc_pages() -> list[str]:
    from book_build import notebooks

    return notebooks.toc_pages(BUILD.parent)


def _online_only(page: str) -> bool:
    """Whether the PDF prints only the page's title and a note (_config.yml: economie_sociale_online_only)."""
    import fnmatch

    import yaml

    config = yaml.safe_load((BUILD.parent / "_config.yml").read_text(encoding="utf-8"))
    return any(fnmatch.fnmatch(page, p) for p in config["sphinx"]["config"]["economie_sociale_online_only"])


def _html_numbers(page: str) -> tuple[str | None, list[tuple[str, str, str]]]:
    """(chapter number of the page's title, [(kind, number, caption start)]) as the HTML shows them."""
    text = (HTML / f"{page}.html").read_text(encoding="utf-8")
    h1 = re.search(r'<h1><span class="section-number">([0-9]+)\. </span>', text)
    captions = re.findall(r'<span class="caption-number">(Figure|Tableau) ([0-9.]+) </span>'
                          r'<span class="caption-text">(.*?)</span>', text, re.S)
    plain = [(kind, number, re.sub(r"\s+", " ", re.sub(r"<.*?>", "", caption)).strip()) for kind, number, caption in captions]
    return (h1.group(1) if h1 else None), plain


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'"))


def test_html_and_pdf_number_chapters_figures_and_tables_alike(pdf_text):
    """Chapter n of the HTML is chapter n of the PDF, and its figures are « Figure n.k » in both."""
    pdf = _normalised(pdf_text)
    checked, missing = 0, []
    for number, page in enumerate(_toc_pages(), start=1):
        chapter, captions = _html_numbers(page)
        assert chapter == str(number), f"{page}: the HTML numbers it {chapter}, the PDF {number}"
        for kind, caption_number, caption in captions:
            assert caption_number.startswith(f"{number}."), f"{page}: {kind} {caption_number} in chapter {number}"
            if _online_only(page):  # the workshop's pages print their title only (sphinx_notebooks.for_print)
                continue
            start = _normalised(caption)[:40]
            if f"{kind.upper()} {caption_number} – {start}" not in pdf:  # floats and long tables alike
                missing.append(f"{kind} {caption_number} – {start}")
            checked += 1
    assert checked >= 60, checked
    assert not missing, "numbered in the HTML, not so in the PDF:\n" + "\n".join(missing)


def test_html_numbers_exercises_by_chapter():
    """« Exercice 4.1 » (the PDF, which printed them, said « Exercice 4.5.1 »; it now prints none)."""
    html = sorted({m for page in _toc_pages()
                   for m in re.findall(r"Exercice (\d+\.\d+(?:\.\d+)?)",
                                       (HTML / f"{page}.html").read_text(encoding="utf-8"))})
    assert len(html) >= 20, html
    assert all(n.count(".") == 1 for n in html), html


def test_parts_are_the_same_in_html_and_pdf_and_name_the_reports_chapters_as_its_own(pdf_text):
    import yaml

    toc = yaml.safe_load((BUILD.parent / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc["parts"]]
    sidebar = (HTML / "chapters" / "intro.html").read_text(encoding="utf-8")
    pdf = _normalised(pdf_text)
    for caption in captions:
        assert f'class="caption-text">{caption}<' in sidebar, caption
        assert _normalised(caption).replace("'", "'") in pdf, caption
        # « Chapitre 1 — … » as a part holding the book's chapters 2 to 7 read as the book's chapter 1
        assert not re.match(r"Chapitre [0-9]", caption), caption
    assert all(part.get("numbered") for part in toc["parts"]), "an unnumbered part shifts the HTML's numbers off the PDF's"


class _Prose(HTMLParser):
    """A page's reader-facing text: no code (cells and inline), no table cell whose column says « du rapport »."""

    def __init__(self):
        super().__init__()
        self.text, self._skip, self._headers, self._column, self._in_th = [], 0, [], 0, False

    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "code", "script", "style"):
            self._skip += 1
        elif tag == "table":
            self._headers = []
        elif tag == "tr":
            self._column = 0
        elif tag == "th":
            self._in_th = True
            self._headers.append("")
        elif tag == "td":
            header = self._headers[self._column] if self._column < len(self._headers) else ""
            self._column += 1
            self._skip += "rapport" in header
            self._td_skipped = "rapport" in header

    def handle_endtag(self, tag):
        if tag in ("pre", "code", "script", "style"):
            self._skip -= 1
        elif tag == "th":
            self._in_th = False
        elif tag == "td" and getattr(self, "_td_skipped", False):
            self._skip -= 1
            self._td_skipped = False
        if tag in ("td", "th", "p", "li", "caption"):
            self.text.append(" ¦ ")  # a number in the next cell is not this cell's

    def handle_data(self, d):
        if self._in_th and self._headers:
            self._headers[-1] += d
        if not self._skip:
            self.text.append(d)


def test_the_reports_figures_and_tables_are_named_as_the_reports():
    """A bare « figure 8 » is the report's (the book's own are « Figure 2.1 »): it says so, « figure 8 du rapport »."""
    bare = re.compile(r"\b(figures?|tableaux?|tableau)\s+([0-9]+)(?![.,]?[0-9])", re.I)
    unmarked = []
    for page in _toc_pages():
        parser = _Prose()
        parser.feed((HTML / f"{page}.html").read_text(encoding="utf-8"))
        text = _normalised(" ".join(parser.text))
        for match in bare.finditer(text):
            after = text[match.end():match.end() + 80]
            before = text[max(0, match.start() - 80):match.start()]
            # « la figure 8 du rapport », « les tableaux 3 et 4 et les figures 4 à 6 du rapport »,
            # « le rapport … sa figure 8 », « son tableau 3 » (the report, named just before)
            if (re.match(r"(\s|,|\bet\b|\bà\b|\bdes\b|\bavec\b|\baux?\b|\bles?\b|\bla\b|\bfigures?\b|\btableaux?\b|[0-9]+)*du rapport", after)
                    or re.search(r"\brapport\b[^.¦]{0,60}$", before) or re.search(r"\b(son|sa|ses)( propres?)? $", before, re.I)):
                continue
            unmarked.append(f"{page}: …{before[-30:]}{match.group(0)}{after[:30]}…")
    assert not unmarked, f"{len(unmarked)} references to the report's figures or tables that do not say so:\n" + "\n".join(unmarked)


def test_pdf_contents_are_titled_and_headed_as_contents():
    """Sphinx titled the contents after the first part (« Mise en contexte »), and so was their running head."""
    pages = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    contents = [i for i, page in enumerate(pages) if "Ce que la loi appelle économie sociale" in page.replace("\u00a0", " ")]
    first = pages[contents[0]]
    assert "Table des matières" in first, first[:300]
    assert "Mise en contexte\n\nI" not in first and not first.lstrip().startswith("Mise en contexte"), first[:300]


def test_pdf_text_stays_inside_the_text_block():
    """No word of the PDF runs into the margin (a clipped table, a long URL or identifier), on any page."""
    import html
    from collections import Counter

    out = subprocess.run(["pdftotext", "-bbox", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    words = [(page, float(x0), float(x1), html.unescape(text))
             for page, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", out, re.S), start=1)
             for x0, x1, text in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body)]
    assert len(words) > 40000, len(words)
    # the text block's edges: where most lines start and end
    left = Counter(round(x0) for _, x0, _, _ in words).most_common(1)[0][0]
    right = Counter(round(x1) for _, _, x1, _ in words).most_common(1)[0][0]
    outside = [f"page {page}: {text[:60]} ({x0:.0f}-{x1:.0f} pt)" for page, x0, x1, text in words
               if x1 > right + 3 or x0 < left - 3]
    assert not outside, f"text block {left}-{right} pt; outside it:\n" + "\n".join(outside)


def test_pdf_has_no_page_with_only_its_running_head_and_foot():
    """A float too tall for the page left behind it a page with nothing but its head and foot (annex panel 11.9)."""
    pages = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    empty = []
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and not lines[1:-1]:
            empty.append(number)
    # the cover has no head: its lines are its own
    assert not [n for n in empty if n > 2], f"pages with only a running head and foot: {empty}"


def test_pdf_bibliography_is_by_author_without_numbers(pdf_text):
    """The text cites author-year (« [CEFRIO, 2017] »); the bibliography printed numbers [1]-[8] that nothing cites."""
    text = _normalised(pdf_text)
    bibliography = text[text.rindex("Le rapport reproduit dans ce livre et les sources qu'il cite"):]
    assert "[CEFRIO, 2017]" in text
    assert not re.search(r"\[\d\]", bibliography), bibliography[:300]
    assert "CEFRIO. Économie sociale 2.0 — Cap vers le numérique" in bibliography, bibliography[:300]


def test_build_package_docstring_lists_every_module():
    """The build (lib/book_build, apart from the survey library since issue 26) says what each module does."""
    import pkgutil

    import book_build

    modules = [m.name for m in pkgutil.iter_modules(book_build.__path__) if not m.name.startswith("_")]
    missing = [m for m in modules if f":mod:`.{m}`" not in book_build.__doc__]
    assert len(modules) == 11 and not missing, f"book_build's docstring does not mention {missing}"


def test_short_hidden_cells_share_one_toggle_on_the_site():
    """A chapter's short hidden cells (issue 26) read as one step behind one « Afficher le code »: each run of
    hide-input cells that show nothing joins the hidden cell after it (sphinx_notebooks.JoinHiddenCode),
    so the site has as many toggles as the chapters had before their long cells were cut, and the code is all there."""
    import nbformat

    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        groups, run, prev_hidden = [], [], False
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            hidden = (cell.cell_type == "code" and "hide-input" in tags
                      and not {"remove-cell", "remove-input"} & set(tags))
            if cell.cell_type == "code" and "remove-cell" in tags:
                continue  # not on the page: the cells around it are neighbours there
            if not hidden:
                if run:
                    groups.append(run)
                run = []
                continue
            run.append(cell)
            if cell.outputs and "remove-output" not in tags:
                groups.append(run)
                run = []
        if run:
            groups.append(run)
        page = (HTML / "chapters" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        toggles = re.findall(r'<details class="admonition hide above-input">(.*?)</details>', page, re.S)
        assert len(toggles) == len(groups), f"{notebook.name}: {len(toggles)} toggles for {len(groups)} groups of hidden cells"
        for group, toggle in zip(groups, toggles):
            code = html.unescape(re.sub(r"<[^>]+>", "", toggle))
            for cell in group:  # every line of every cell of the group, in the group's toggle
                line = next(l.strip() for l in cell.source.splitlines() if l.strip())
                assert line in code, f"{notebook.name}: « {line} » missing from its toggle"
