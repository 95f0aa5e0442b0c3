"""The site on a phone and a laptop, for every reader: Chromium (Debian's) driven by Playwright, axe-core by
axe-playwright-python (it bundles axe-core: nothing is downloaded).

- The menu buttons work: tapped on a touch phone (390 × 844) the hamburger opens the navigation and « Contenu »
  the page's contents; clicked at 1366 px the hamburger hides and shows the sidebar (pydata-sphinx-theme #2451).
- No page is wider than a 390 px screen; a table wider than its box scrolls inside it, says so, and keeps its
  header row in view; « Haut de page » never covers the text; Tables 3.2, 3.3 and 8.1 fit at 1366 px.
- The interface is French, with one search field on a laptop and an icon (no 404).
- Search ranks first the chapter whose prose uses a word most, and its excerpts quote prose, not code.
- axe-core on every page at both widths: no serious or critical violation; any other is listed below, with why.
- The spreadsheet CSV reads back, in a French spreadsheet's conventions, to the values of the long CSV.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from economie_sociale import export

from .test_browser import HTML, browser, site  # noqa: F401  (the fixtures: the built site served, Chromium)

PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
               if not p.relative_to(HTML).as_posix().startswith("_") and p.name != "index.html")
PHONE = dict(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2)
LAPTOP = dict(viewport={"width": 1366, "height": 768})

#: axe rules left as they are, with the reason (impact minor or moderate only: serious and critical always fail).
#: None now: color-contrast (links in boxes), aria-required-children, aria-allowed-role and aria-deprecated-role
#: (bibliography), region (the sidebar's title) and empty-table-header (pandas' index header) are fixed.
ACCEPTED: dict[str, str] = {}


@pytest.fixture(scope="module")
def phone(browser):  # noqa: F811
    context = browser.new_context(**PHONE)
    yield context
    context.close()


@pytest.fixture(scope="module")
def laptop(browser):  # noqa: F811
    context = browser.new_context(**LAPTOP)
    yield context
    context.close()


def _visible(page, selector):
    return [e for e in page.query_selector_all(selector) if e.is_visible()]


def test_menu_opens_when_tapped_on_a_phone(site, phone):  # noqa: F811
    page = phone.new_page()
    try:
        page.goto(f"{site}/chapters/04_pratiques_web.html", wait_until="load")
        toggles = _visible(page, ".primary-toggle")
        assert len(toggles) == 1, "one visible menu button"
        toggles[0].tap()
        dialog = page.locator("#pst-primary-sidebar-modal")
        dialog.wait_for(state="visible", timeout=5_000)
        assert page.evaluate("document.querySelector('#pst-primary-sidebar-modal').open")
        link = dialog.locator("a", has_text="Profil des répondants").first
        assert link.is_visible(), "the chapters are listed in the opened menu"
        page.keyboard.press("Escape")
        page.wait_for_function("!document.querySelector('#pst-primary-sidebar-modal').open")
        contents = _visible(page, ".secondary-toggle")
        assert len(contents) == 1, "one visible « Contenu » button"
        contents[0].tap()
        page.wait_for_function("document.querySelector('#pst-secondary-sidebar-modal').open", timeout=5_000)
        assert page.locator("#pst-secondary-sidebar-modal nav a").first.is_visible(), "the page's sections are listed"
    finally:
        page.close()


def test_menu_button_hides_and_shows_the_sidebar_on_a_laptop(site, laptop):  # noqa: F811
    page = laptop.new_page()
    try:
        page.goto(f"{site}/chapters/04_pratiques_web.html", wait_until="load")
        sidebar = page.locator("#pst-primary-sidebar")
        assert sidebar.is_visible()
        _visible(page, ".primary-toggle")[0].click()
        page.wait_for_timeout(400)
        assert "pst-sidebar-hidden" in sidebar.get_attribute("class")
        box = sidebar.bounding_box()
        assert box is None or box["x"] + box["width"] <= 0, "the sidebar slid out of view"
        _visible(page, ".primary-toggle")[0].click()
        page.wait_for_timeout(400)
        assert "pst-sidebar-hidden" not in sidebar.get_attribute("class")
        assert sidebar.bounding_box()["width"] > 200
    finally:
        page.close()


def test_no_page_is_wider_than_a_phone(site, phone):  # noqa: F811
    page = phone.new_page()
    wide = {}
    try:
        for path in PAGES:
            page.goto(f"{site}/{path}", wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
    finally:
        page.close()
    assert not wide, f"pages wider than 390 px: {wide}"


SCROLLING = """() => [...document.querySelectorAll('article .pst-scrollable-table-container')]
  .filter(box => box.scrollWidth > box.clientWidth + 2)
  .map(box => ({id: box.querySelector('table').id,
                cue: !!(box.previousElementSibling && box.previousElementSibling.classList.contains('es-scroll-cue')
                        && box.previousElementSibling.offsetHeight > 0),
                sticky: getComputedStyle(box.querySelector('thead th') || box).position}))"""


def test_wide_tables_scroll_in_their_box_with_a_cue_and_their_header_in_view(site, phone):  # noqa: F811
    page = phone.new_page()
    try:
        page.goto(f"{site}/chapters/11_annexes_panneaux.html", wait_until="load")
        boxes = page.evaluate(SCROLLING)
        assert len(boxes) >= 2, f"the annex's two wide tables scroll sideways on a phone: {boxes}"
        assert all(b["cue"] for b in boxes), [b["id"] for b in boxes if not b["cue"]]
        assert all(b["sticky"] == "sticky" for b in boxes)
        # scrolled down inside the box, the header row stays at its top
        box = page.locator("article .pst-scrollable-table-container").first
        box.scroll_into_view_if_needed()
        moved = box.evaluate("b => { b.scrollTop = 200; return b.scrollTop }")
        header, frame = box.locator("thead th").first.bounding_box(), box.bounding_box()
        if moved:
            assert abs(header["y"] - frame["y"]) < 3, (header, frame)
    finally:
        page.close()


#: the HTML shows charts as drawn at figure.dpi 100 (charts.py), labels (ticks, legend, bar values of single charts) at 9 pt
CHART_DPI, LABEL_PT = 100, 9
CHART_SIZES = """() => [...document.querySelectorAll('article div.cell_output > figure img')].map(img => ({
  src: img.getAttribute('src'), shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
  cue: !!(img.closest('figure').previousElementSibling || {classList: {contains: () => false}}).classList.contains('es-scroll-cue')}))"""


def test_chart_labels_are_at_least_9_px_on_a_360_px_phone(site, browser):  # noqa: F811
    """The measure of a legible chart on a phone: its 9 pt labels shown at 9 CSS px or more at 360 px.

    A label of s pt on a chart N px wide drawn at 100 dpi shows at s / 72 * 100 * shown / N CSS px.
    """
    context = browser.new_context(viewport={"width": 360, "height": 780}, has_touch=True, is_mobile=True)
    page = context.new_page()
    small, charts = [], 0
    try:
        for path in [p for p in PAGES if p.startswith(("chapters/", "atelier/"))]:
            page.goto(f"{site}/{path}", wait_until="load")
            for chart in page.evaluate(CHART_SIZES):
                charts += 1
                label_px = LABEL_PT / 72 * CHART_DPI * chart["shown"] / chart["natural"]
                if round(label_px, 2) < 9 or (chart["shown"] > 360 and not chart["cue"]):
                    small.append((path, chart["src"], round(label_px, 1), chart["cue"]))
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{path} wider than the phone"
    finally:
        context.close()
    assert charts >= 30, f"only {charts} charts found"
    assert not small, small


def test_tables_3_2_3_3_and_8_1_fit_a_laptop(site, laptop):  # noqa: F811
    page = laptop.new_page()
    try:
        cut = []
        for path, ids in (("chapters/03_usage_numerique.html", ["tab-usage-sectors-use", "tab-usage-sectors-planned"]),
                          ("chapters/08_potentiel_numerique.html", ["tab-cas-fiches"])):
            page.goto(f"{site}/{path}", wait_until="load")
            for ident in ids:
                box = page.locator(f"#{ident}").evaluate(
                    "t => { const b = t.closest('.pst-scrollable-table-container'); return [b.scrollWidth, b.clientWidth] }")
                if box[0] > box[1] + 2:
                    cut.append((ident, box))
        assert not cut, f"cut at 1366 px: {cut}"
    finally:
        page.close()


def test_back_to_top_never_covers_the_text(site, phone, laptop):  # noqa: F811
    for context in (phone, laptop):
        page = context.new_page()
        try:
            page.goto(f"{site}/chapters/11_annexes_panneaux.html", wait_until="load")
            page.mouse.wheel(0, 3000)
            page.wait_for_timeout(300)
            page.mouse.wheel(0, -400)  # the theme shows the button when the reader scrolls back up
            page.wait_for_timeout(500)
            button = page.locator("#pst-back-to-top")
            if button.is_visible():
                b, text = button.bounding_box(), page.locator("article.bd-article").bounding_box()
                assert b["x"] >= text["x"] + text["width"] or b["x"] + b["width"] <= text["x"], (b, text)
        finally:
            page.close()


ENGLISH = ["Toggle primary sidebar", "Toggle secondary sidebar", "Launch on", "Search this book",
           "Toggle hidden content", "Launch interactive content"]


def test_the_interface_is_french_with_one_search_field_and_an_icon(site, laptop):  # noqa: F811
    page = laptop.new_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(f"{site}/chapters/02_profil_repondants.html", wait_until="load")
        html = page.content()
        assert not [s for s in ENGLISH if s in html], [s for s in ENGLISH if s in html]
        fields = [e for e in page.query_selector_all(".search-button-field, form.bd-search input") if e.is_visible()]
        assert len(fields) == 1, f"{len(fields)} search fields on a laptop"
        icon = page.get_attribute("link[rel='icon']", "href")
        assert icon and page.request.get(page.url.rsplit("/", 1)[0] + "/" + icon).status == 200
        assert not missing, missing
    finally:
        page.close()


def test_search_ranks_the_chapter_that_treats_a_word_first_and_quotes_prose(site, laptop):  # noqa: F811
    page = laptop.new_page()
    try:
        page.goto(f"{site}/search.html?q=infonuagique", wait_until="load")
        page.wait_for_selector("ul.search li p.context", timeout=20_000)
        page.wait_for_timeout(1_000)
        hits = page.eval_on_selector_all("ul.search li > a", "els => els.map(e => e.getAttribute('href'))")
        # the glossary's definition of the word (a Sphinx object, scored as such) may come first: it is the
        # word's definition; then the pages, the chapter that treats the word first
        pages = [h for h in hits if "#term-" not in h]
        assert "03_usage_numerique" in pages[0], hits
        assert all("10_glossaire.html#term-" in h for h in hits[:hits.index(pages[0])]), hits
        excerpts = page.eval_on_selector_all("ul.search li p.context", "els => els.map(e => e.innerText)")
        # code cells read « value = figures.at[…] », « import … », « book.figure(…) » (inline code in prose may name a function)
        code = [e for e in excerpts if any(s in e for s in (" = ", "figures.at[", "import ", "book.figure("))]
        assert not code, code
        # the chapter's excerpt is a sentence of its prose that uses the word (not a cell of Table 3.1)
        first = excerpts[hits.index(pages[0])]
        assert "infonuagique" in first.lower() and "Sharepoint" not in first, first
    finally:
        page.close()


@pytest.mark.parametrize("width", ["laptop", "phone"])
def test_axe_finds_no_serious_violation_on_any_page(site, phone, laptop, width):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = (laptop if width == "laptop" else phone).new_page()
    problems = []
    try:
        for path in PAGES:
            page.goto(f"{site}/{path}", wait_until="load")
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical") or violation["id"] not in ACCEPTED:
                    targets = [n["target"] for n in violation["nodes"][:3]]
                    problems.append(f"{path}: {violation['id']} ({violation['impact']}) x{len(violation['nodes'])} {targets}")
    finally:
        page.close()
    assert not problems, "\n".join(problems)


def test_solutions_and_data_tables_open_from_the_keyboard(site, laptop):  # noqa: F811
    """A solution (sphinx-togglebutton) and a figure's data (a <details>) open with Tab/focus and Enter alone."""
    page = laptop.new_page()
    try:
        page.goto(f"{site}/chapters/04_pratiques_web.html", wait_until="load")
        solution = page.locator(".solution.dropdown").first
        body = solution.locator(":scope > section")
        assert not body.is_visible(), "a solution is folded until asked for"
        button = solution.locator("button.toggle-button")
        assert button.get_attribute("aria-label") == "Afficher ou masquer : Solution"
        button.focus()
        page.keyboard.press("Enter")
        body.wait_for(state="visible", timeout=5_000)
        assert button.get_attribute("aria-expanded") == "true"
        data = page.locator("main details.sd-dropdown").first
        table = data.locator("table")
        assert not table.is_visible()
        data.locator("summary").focus()
        page.keyboard.press("Enter")
        table.wait_for(state="visible", timeout=5_000)
    finally:
        page.close()


def test_spreadsheet_csv_reads_back_in_french_conventions():
    raw = export.spreadsheet_csv()
    assert raw.startswith("\ufeff".encode("utf-8"))
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:6] == ["jeu_de_donnees", "source", "groupe", "element", "mesure", "valeur"]
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    long = export.long_format()
    assert len(back) == len(long)
    assert back["valeur"].tolist() == pytest.approx(long["value"].astype(float).tolist())
    assert "25,6" in text  # the response rate, with its decimal comma
