"""The built HTML as a reader meets it: Debian's Chromium, driven by Playwright,
against the site served on 127.0.0.1.

Every page loads without a console error, every figure image loads and has alt
text, search finds a chapter 1 term, the launch buttons point at the
configured repository, and pages still render with every outside host blocked.
For readers with assistive technology: pages declare French, heading levels
never skip, and every figure has its data table one click away. Every page's
download menu offers its notebook, the data CSV and the PDF book.
A screenshot of each chapter lands in artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from economie_sociale import data, fmt

from .conftest import BUILD, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
HTML = BUILD / "html"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]
PAGES = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "chapters").glob("*.html"))


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").is_file():
        pytest.fail("the HTML site is missing: run scripts/build.sh first (scripts/test.sh does)")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/setup.sh installs it when run as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def _open(browser, url, offline=False):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = [], []

    # every console error fails (the duplicated THEBE_JS_URL one is fixed by book_build.sphinx_fixes)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of 404" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a missing file is reported by URL (the site's icon included: it has one, _static/favicon.svg)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    if offline:
        def route(r):
            if r.request.url.startswith("http://127.0.0.1"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
    page.goto(url, wait_until="load")
    return page, errors, outside


def test_chapter_pages_exist():
    assert len(PAGES) >= 16


def _images_and_alt_text(page, path) -> list[str]:
    problems = []
    images = page.eval_on_selector_all(
        "main img", "els => els.map(e => ({src: e.src, alt: e.alt, ok: e.complete && e.naturalWidth > 0}))")
    figures = [i for i in images if "/_images/" in i["src"]]
    problems += [f"image did not load: {img['src']}" for img in figures if not img["ok"]]
    problems += [f"figure without meaningful alt text: {img['src']}" for img in figures if len(img["alt"]) <= 30]
    alts = [img["alt"] for img in figures]
    if len(set(alts)) != len(alts):
        problems.append("two figures share one alt text")
    if len(page.inner_text("main")) <= 200:
        problems.append("almost no content")
    return problems


def _figure_data(page, path) -> list[str]:
    """In document order, each figure is followed by its data dropdown (tables.chart_data), closed until asked for."""
    sequence = page.eval_on_selector_all(
        "main figure, main details.sd-dropdown",
        "els => els.map(e => e.matches('figure') ? ['figure', e.id] : ['data', e.querySelector('table') ? 'table' : null])")
    missing = [ident for (kind, ident), after in zip(sequence, sequence[1:] + [("end", None)])
               if kind == "figure" and not (after[0] == "data" and after[1])]
    problems = [f"figures without a data table under them: {missing}"] if missing else []
    if any(kind == "figure" for kind, _ in sequence):
        table = page.locator("main details.sd-dropdown table").first
        if table.is_visible():
            problems.append("a data table is open before anyone asked for it")
        # with the keyboard alone, as a screen-reader user would: focus the summary, press Enter
        page.locator("main details.sd-dropdown summary").first.focus()
        page.keyboard.press("Enter")
        table.wait_for(state="visible", timeout=5_000)
        if table.locator("tbody tr").count() < 1:
            problems.append("the first data table is empty")
    if page.eval_on_selector_all("main details.sd-dropdown th", "ths => ths.filter(th => !th.textContent.trim()).length"):
        problems.append("a data table has an empty header cell")
    return problems


def _french_and_headings(page, path) -> list[str]:
    problems = [] if page.get_attribute("html", "lang") == "fr" else ["the page does not declare French"]
    levels = page.eval_on_selector_all("main h1, main h2, main h3, main h4, main h5, main h6",
                                       # hidden headings (the theme's print-only copy) are not read out
                                       "els => els.filter(e => e.checkVisibility()).map(e => Number(e.tagName[1]))")
    if not (levels and levels[0] == 1 and levels.count(1) == 1):
        problems.append(f"one h1 first, got {levels}")
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    if jumps:
        problems.append(f"heading levels skip {jumps}")
    return problems


def _download_menu(page, path) -> list[str]:
    problems = []
    menu = page.eval_on_selector_all(".dropdown-download-buttons a", "els => els.map(e => [e.innerText.trim(), e.href])")
    offered = dict(menu)
    source = (ROOT / path).with_suffix(".ipynb")
    if source.is_file() and not offered.get("Carnet (.ipynb)", "").endswith(f"/_sources/{path[:-5]}.ipynb"):
        problems.append(f"no notebook download in {menu}")
    for text, kind in (("Données (.csv)", "text/csv"), ("Données pour tableur (.csv, virgule décimale)", "text/csv"),
                       ("Livre (.pdf)", "application/pdf")):
        if text not in offered:
            problems.append(f"no {text} in the download menu {menu}")
            continue
        response = page.request.get(offered[text])
        if not (response.status == 200 and response.headers["content-type"].startswith(kind)):
            problems.append(f"{text}: {response.status} {response.headers.get('content-type')} for {offered[text]}")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_well_offline(site, browser, path):
    """One load per page, with every outside host blocked: what a reader (and a screen reader) gets.

    Content, figures with alt text, each figure's data one click away, French and heading order,
    the download menu (notebook, data CSV, PDF), tables that fit at 1280 px, no console error; a screenshot for
    the record.
    """
    page, errors, outside = _open(browser, f"{site}/{path}", offline=True)
    try:
        problems = []
        for check in (_images_and_alt_text, _french_and_headings, _download_menu, _figure_data, _tables_fit):
            problems += [f"{check.__name__.strip('_')}: {p}" for p in check(page, path)]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / (Path(path).stem + ".png")), full_page=False)
    finally:
        page.close()
    problems += [f"console error: {e}" for e in errors]
    assert not problems, f"{path} (outside hosts blocked: {sorted(set(outside))[:5]}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", ["genindex.html", "search.html"])
def test_generated_pages_are_french_with_ordered_headings(site, browser, path):
    page, _, _ = _open(browser, f"{site}/{path}")
    try:
        problems = _french_and_headings(page, path)
    finally:
        page.close()
    assert not problems, f"{path}: {problems}"


def test_search_finds_a_chapter_1_term(site, browser):
    page, errors, _ = _open(browser, f"{site}/search.html?q=infonuagique")
    try:
        page.wait_for_selector("ul.search li", timeout=20_000)
        hits = page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
        assert any("03_usage_numerique" in h for h in hits), hits
    finally:
        page.close()


def test_launch_buttons_point_at_the_repository(site, browser):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    branch = config["repository"]["branch"]
    page, _, _ = _open(browser, f"{site}/chapters/02_profil_repondants.html")
    try:
        links = [unquote(h) for h in page.eval_on_selector_all("a", "els => els.map(e => e.href)")]
        binder = [h for h in links if h.startswith(config["launch_buttons"]["binderhub_url"])]
        assert binder, "no Binder launch button"
        assert f"/v2/gh/{repo}/{branch}" in binder[0]
        assert "urlpath=lab/tree/chapters/02_profil_repondants.ipynb" in binder[0]
        hub = [h for h in links if h.startswith(config["launch_buttons"]["jupyterhub_url"])]
        assert hub and "chapters/02_profil_repondants.ipynb" in hub[0]
        assert any(h.endswith("02_profil_repondants.ipynb") and "_sources" in h for h in links), "no .ipynb download"
    finally:
        page.close()


def test_figure_data_table_equals_the_data(site, browser):
    page, _, _ = _open(browser, f"{site}/chapters/02_profil_repondants.html")
    try:
        dropdown = page.locator("div.cell:has(#fig-revenue) + details.sd-dropdown")
        dropdown.locator("summary").click()
        rows = dropdown.locator("tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
    finally:
        page.close()
    revenue = data.responses("revenue")
    # "$" in labels stays text, never math; amounts keep no-break spaces (fmt.unbreakable_numbers)
    assert [r[0] for r in rows] == [fmt.unbreakable_numbers(label) for label in revenue["item_label"]]
    assert [r[1].replace("\u00a0†", "") for r in rows] == [fmt.pct(v) for v in revenue["value"]]
    assert [r[2] for r in rows] == ["403"] * len(revenue)


# A table wider than the text column at 1280 px scrolls; these are the ones that still do (many columns of
# amounts or long labels). Any other table must fit: a new wide one is a decision, listed here.
SCROLLING_TABLES = {"tab-cas-fiches"}
WIDE_TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
  const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
  const caption = t.querySelector('caption');
  const shown = box.getBoundingClientRect(), cap = caption && caption.getBoundingClientRect();
  return {id: t.id, scrolls: box.scrollWidth > box.clientWidth + 2,
          caption_cut: !!cap && (cap.left < shown.left - 2 || cap.right > shown.right + 2),
          caption: caption ? caption.innerText.slice(0, 50) : ''};
})"""


def _tables_fit(page, path) -> list[str]:
    """At 1280 px (the page's width here) a table fits its column, unless listed; no caption is cut."""
    problems = []
    for table in page.evaluate(WIDE_TABLES):
        name = table["id"] or table["caption"]
        if table["caption_cut"]:
            problems.append(f"caption cut by its scrolling table: {table['caption']}")
        if table["scrolls"] and table["id"] not in SCROLLING_TABLES:
            problems.append(f"wider than the column at 1280 px: {name}")
        if not table["scrolls"] and table["id"] in SCROLLING_TABLES:
            problems.append(f"{name} fits now: remove it from SCROLLING_TABLES")
    return problems


def test_workshop_tables_fit_and_the_wide_list_is_current(site, browser):
    """The chapters' tables are checked with each chapter page (_tables_fit); the workshop's here."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    for path in sorted(p.relative_to(HTML).as_posix() for p in (HTML / "atelier").glob("*.html")):
        page.goto(f"{site}/{path}", wait_until="load")
        problems += [f"{path}: {p}" for p in _tables_fit(page, path)]
    page.close()
    assert not problems, "\n".join(problems)
    pages = " ".join(p.read_text(encoding="utf-8") for p in (HTML / "chapters").glob("*.html"))
    assert all(f'id="{name}"' in pages for name in SCROLLING_TABLES), "SCROLLING_TABLES names a table that is gone"
