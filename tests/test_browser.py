"""The built HTML as a reader meets it: Debian's Chromium, driven by Playwright,
against the site served on 127.0.0.1.

Every page loads without a console error, every figure image loads and has alt
text, search finds a chapter 1 term, the launch buttons point at the
configured repository, and pages still render with every outside host blocked.
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

from .conftest import BUILD, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
HTML = BUILD / "html"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]
PAGES = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "chapters").glob("*.html"))
# Known, harmless, and not ours: sphinx-thebe's inline configuration is emitted
# twice by Jupyter Book 1.0.4 (thebe itself is never loaded: launch_buttons.thebe
# is off). Any other console error fails the test.
KNOWN_CONSOLE_ERRORS = ("Identifier 'THEBE_JS_URL' has already been declared",)


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

    def record(text):
        if not any(known in text for known in KNOWN_CONSOLE_ERRORS):
            errors.append(text)

    page.on("console", lambda m: record(m.text) if m.type == "error" and "status of 404" not in m.text else None)
    page.on("pageerror", lambda e: record(str(e)))
    # a missing file is reported by URL, except the favicon the site does not have
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("favicon.ico") else None)
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


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_images_and_alt_text(site, browser, path):
    page, errors, _ = _open(browser, f"{site}/{path}")
    try:
        assert page.title()
        images = page.eval_on_selector_all(
            "main img", "els => els.map(e => ({src: e.src, alt: e.alt, ok: e.complete && e.naturalWidth > 0}))")
        figures = [i for i in images if "/_images/" in i["src"]]
        for img in figures:
            assert img["ok"], f"{path}: image did not load: {img['src']}"
            assert len(img["alt"]) > 30, f"{path}: figure without meaningful alt text: {img['src']}"
        assert not errors, f"{path}: console errors {errors}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / (Path(path).stem + ".png")), full_page=False)
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline(site, browser, path):
    page, errors, outside = _open(browser, f"{site}/{path}", offline=True)
    try:
        text = page.inner_text("main")
        assert len(text) > 200, f"{path}: almost no content offline"
        broken = page.eval_on_selector_all(
            "main img[src*='/_images/']", "els => els.filter(e => !(e.complete && e.naturalWidth > 0)).length")
        assert broken == 0
        assert not errors, f"{path}: console errors offline {errors} (blocked: {outside})"
    finally:
        page.close()


def test_search_finds_a_chapter_1_term(site, browser):
    page, errors, _ = _open(browser, f"{site}/search.html?q=infonuagique")
    try:
        page.wait_for_selector("ul.search li", timeout=20_000)
        hits = page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
        assert any("02_usage_numerique" in h for h in hits), hits
    finally:
        page.close()


def test_launch_buttons_point_at_the_repository(site, browser):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    branch = config["repository"]["branch"]
    page, _, _ = _open(browser, f"{site}/chapters/01_profil_repondants.html")
    try:
        links = [unquote(h) for h in page.eval_on_selector_all("a", "els => els.map(e => e.href)")]
        binder = [h for h in links if h.startswith(config["launch_buttons"]["binderhub_url"])]
        assert binder, "no Binder launch button"
        assert f"/v2/gh/{repo}/{branch}" in binder[0]
        assert "urlpath=lab/tree/chapters/01_profil_repondants.ipynb" in binder[0]
        hub = [h for h in links if h.startswith(config["launch_buttons"]["jupyterhub_url"])]
        assert hub and "chapters/01_profil_repondants.ipynb" in hub[0]
        assert any(h.endswith("01_profil_repondants.ipynb") and "_sources" in h for h in links), "no .ipynb download"
    finally:
        page.close()
