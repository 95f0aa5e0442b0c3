"""The chapters in JupyterLab, as a researcher opens them.

A real ``jupyter lab`` server, started from the project's environment on
127.0.0.1, serves the repository (jupyterlab-myst and the widgets extension
installed). Headless Chromium then uses JupyterLab's own interface:

- every chapter, opened without running anything, reads as prose: no raw MyST
  role or directive in the rendered notebook, and every number the chapter
  cites (its saved ``{eval}`` values) is on the page;
- chapter 02 (profil des répondants), with its confidence level changed to 99 in the « Paramètres »
  cell and Run All, shows the recomputed numbers: the level, the verdicts and
  the chart legends follow;
- the annex explorer renders, and a click redraws its chart.

Two widget tests play the frontend's part over the kernel websocket for the
annex explorer and the methodology calculator. Running every chapter is the
build's job (``book_build.notebooks``); what only a Jupyter server can
show is checked here. Nothing saves anything: autosave is off for this
server, checkpoints go to a temporary folder, and the chapter files must be
byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
import websocket

from economie_sociale import calculator, explorer

from .conftest import record_timing

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb"))
START_TIMEOUT = 60
CELL_TIMEOUT = 90
TIMINGS: dict[str, float] = {}


class LabClient:
    """HTTP access to the server with its token, and kernel websockets."""

    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.base = f"http://127.0.0.1:{port}"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        # Read-only on files: the chapters in the working tree must never be saved over.
        assert method == "GET" or not path.startswith("/api/contents"), f"refusing {method} {path}"
        return self.http.request(method, self.base + path, timeout=30, **kwargs)

    def channels(self, kernel_id: str) -> "KernelChannels":
        return KernelChannels(f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels?token={self.token}")


class KernelChannels:
    """One kernel websocket (legacy JSON protocol): send requests, gather the messages they cause."""

    def __init__(self, url: str):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(f"{url}&session_id={self.session}", timeout=5)

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "test",
                  "date": datetime.now(timezone.utc).isoformat(), "version": "5.3"}
        self.ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                 "channel": channel, "buffers": []}))
        return msg_id

    def collect(self, msg_id: str, want_reply: bool, timeout: float, what: str) -> tuple[dict | None, list[dict]]:
        """The shell reply (if one is expected) and the iopub messages of ``msg_id``, up to its idle status."""
        reply, iopub, idle = None, [], False
        deadline = time.monotonic() + timeout
        while not (idle and (reply or not want_reply)):
            if time.monotonic() > deadline:
                raise AssertionError(f"no answer from the kernel within {timeout} s for {what}")
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                continue
            except websocket.WebSocketConnectionClosedException:
                raise AssertionError(f"the kernel websocket closed during {what}") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue  # left over from another request, or the server's kernel_info nudge
            if msg["channel"] == "shell":
                reply = msg
            elif msg["channel"] == "iopub":
                iopub.append(msg)
                idle = idle or (msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle")
        return reply, iopub

    def execute(self, code: str, what: str, timeout: float = CELL_TIMEOUT) -> list[dict]:
        msg_id = self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        reply, iopub = self.collect(msg_id, True, timeout, what)
        content = reply["content"]
        assert content["status"] == "ok", (
            f"{what} failed: {content.get('ename')}: {content.get('evalue')}\n" + "\n".join(content.get("traceback", [])))
        errors = [m["content"] for m in iopub if m["msg_type"] == "error"]
        assert not errors, f"{what} published an error: {errors[0]['ename']}: {errors[0]['evalue']}"
        return iopub

    def close(self) -> None:
        self.ws.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _child_env(tmp: Path) -> dict[str, str]:
    # Nothing from the user's ~/.jupyter, ~/.ipython or MPLBACKEND: only the venv's config.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPLBACKEND", "PYTHONPATH"))}
    for name in ("runtime", "config", "data", "ipython"):
        (tmp / name).mkdir()
    env.update(JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), IPYTHONDIR=str(tmp / "ipython"),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    return env


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port, token = _free_port(), secrets.token_hex(24)
    tmp = tmp_path_factory.mktemp("jupyter")
    log = (tmp / "server.log").open("w+")
    # The browser test opens a chapter: autosave off, so JupyterLab never writes it back;
    # no news prompt over the page either.
    settings = tmp / "user-settings"
    # Every cell rendered, not only those in view (JupyterLab's default windowing), so the page can be read whole.
    for plugin, value in (("docmanager-extension/plugin", '{"autosave": false}'),
                          ("apputils-extension/notification", '{"fetchNews": "false"}'),
                          ("notebook-extension/tracker", '{"windowingMode": "none"}')):
        file = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(value + "\n")
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--allow-root", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
           "--ServerApp.port_retries=0", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
           # JupyterLab makes a checkpoint copy on opening a notebook: keep it out of chapters/.
           f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_child_env(tmp), stdout=log, stderr=subprocess.STDOUT)
    client = LabClient(port, token)
    try:
        started = time.monotonic()
        _wait_until_up(client, proc, log)
        record_timing("jupyterlab", "server start (until /api/status answers)", time.monotonic() - started)
        yield client
    finally:
        _stop(client, proc)
        log.close()
        print("\nJupyterLab timings:\n" + "\n".join(f"  {n:40s} {t:6.1f} s" for n, t in TIMINGS.items()))
    assert proc.returncode is not None, "the Jupyter server is still running"


def _wait_until_up(client: LabClient, proc: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"jupyter lab exited with code {proc.returncode}:\n{log.read()}")
        try:
            if client.request("GET", "/api/status").ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    log.seek(0)
    pytest.fail(f"jupyter lab did not answer /api/status within {START_TIMEOUT} s:\n{log.read()}")


def _stop(client: LabClient, proc: subprocess.Popen) -> None:
    # The API shutdown also stops the kernels; terminate/kill only as a fallback.
    try:
        client.request("POST", "/api/shutdown")
        proc.wait(timeout=20)
    except (requests.RequestException, subprocess.TimeoutExpired):
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class Session:
    """A kernel session on a notebook (kernel cwd: its folder), with its websocket."""

    def __init__(self, lab: LabClient, path: str):
        self.lab = lab
        r = lab.request("POST", "/api/sessions", json={"path": path, "name": Path(path).name, "type": "notebook",
                                                       "kernel": {"name": "python3"}})
        assert r.status_code == 201, f"could not start a session on {path}: {r.status_code} {r.text}"
        self.id, self.kernel_id = r.json()["id"], r.json()["kernel"]["id"]
        self.channels = lab.channels(self.kernel_id)

    def close(self) -> None:
        try:
            self.channels.close()
        finally:
            r = self.lab.request("DELETE", f"/api/sessions/{self.id}")
            assert r.status_code == 204, f"could not delete session {self.id}: {r.status_code}"


def test_lab_page_has_the_widgets_extension(lab):
    r = lab.request("GET", "/lab")
    assert r.status_code == 200, f"/lab answered {r.status_code}"
    start = r.text.index('<script id="jupyter-config-data" type="application/json">')
    config = json.loads(r.text[r.text.index(">", start) + 1:r.text.index("</script>", start)])
    federated = {e["name"]: e for e in config["federated_extensions"]}
    assert "jupyterlab-myst" in federated, f"jupyterlab-myst is not installed; found {sorted(federated)}"
    manager = federated.get("@jupyter-widgets/jupyterlab-manager")
    assert manager, f"the ipywidgets lab extension is not installed; found {sorted(federated)}"
    assert manager["name"] not in config.get("disabledExtensions", []), "the ipywidgets lab extension is disabled"
    # The browser must be able to load it, too.
    entry = lab.request("GET", f"/lab/extensions/{manager['name']}/{manager['load']}")
    assert entry.status_code == 200, f"the widgets extension's {manager['load']} answered {entry.status_code}"


def _widget_models(iopub: list[dict]) -> list[tuple[str, dict]]:
    """(comm_id, state) of every widget the kernel opened, with the updates sent after (as the frontend sees it)."""
    models = {m["content"]["comm_id"]: dict(m["content"]["data"]["state"]) for m in iopub
              if m["msg_type"] == "comm_open" and m["content"]["target_name"] == "jupyter.widget"}
    for m in iopub:
        if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] in models:
            models[m["content"]["comm_id"]].update(m["content"]["data"].get("state", {}))
    return list(models.items())


def _find(models, model_name: str, description: str | None = None) -> str:
    found = [cid for cid, s in models if s["_model_name"] == model_name
             and (description is None or s.get("description") == description)]
    assert len(found) == 1, (f"expected one {model_name} {description or ''}, found {len(found)} among "
                             f"{[(s['_model_name'], s.get('description')) for _, s in models]}")
    return found[0]


def _send_update(channels: KernelChannels, comm_id: str, state: dict, what: str) -> tuple[str, list[dict]]:
    """What JupyterLab sends when the user moves a control; returns the message id and the kernel's answer."""
    msg_id = channels.send("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state,
                                                                     "buffer_paths": []}})
    _, iopub = channels.collect(msg_id, False, CELL_TIMEOUT, what)
    errors = [m["content"] for m in iopub if m["msg_type"] == "error"]
    assert not errors, f"{what}: the kernel raised {errors[0]['ename']}: {errors[0]['evalue']}"
    return msg_id, iopub


def _comm_updates(iopub: list[dict], comm_id: str) -> list[dict]:
    return [m["content"]["data"] for m in iopub if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id]


def _stdout(iopub: list[dict]) -> str:
    return "".join(m["content"]["text"] for m in iopub if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def test_explorer_round_trip(lab):
    session = Session(lab, "chapters/11_annexes_panneaux.ipynb")
    ch = session.channels
    try:
        models = _widget_models(ch.execute(
            'from economie_sociale import explorer; ex = explorer.panels(segments=["total"], measure="use")',
            "creating the panel explorer"))
        panels, output = _find(models, "SelectMultipleModel", "Panneaux"), _find(models, "OutputModel")
        assert dict(models)[panels]["index"] == [explorer.PANEL_SEGMENTS.index("total")]

        # The user picks panels 0 and 3: the kernel echoes the choice and redraws. In a kernel, the
        # Output widget only takes the request's msg_id; the frontend captures the display that follows.
        msg_id, answer = _send_update(ch, panels, {"index": [0, 3]}, "selecting two panels")
        assert {"method": "echo_update", "state": {"index": [0, 3]}, "buffer_paths": []} in _comm_updates(answer, panels)
        assert {"method": "update", "state": {"msg_id": msg_id}, "buffer_paths": []} in _comm_updates(answer, output), \
            "the Output widget was not pointed at the redraw"
        assert any("image/png" in m["content"].get("data", {}) for m in answer if m["msg_type"] == "display_data"), \
            "the explorer did not redraw its chart"

        chosen = sorted(explorer.PANEL_SEGMENTS[i] for i in (0, 3))
        out = _stdout(ch.execute("print(sorted(ex.segments.value), sorted(ex.frame['segment'].unique()))",
                                 "reading the selection"))
        assert out.strip() == f"{chosen} {chosen}"
    finally:
        session.close()


def test_calculator_round_trip(lab):
    session = Session(lab, "chapters/16_methodologie.ipynb")
    ch = session.channels
    try:
        models = _widget_models(ch.execute("from economie_sociale import calculator; c = calculator.show(n=100, pct=50)",
                                           "creating the calculator"))
        slider, html = _find(models, "IntSliderModel", "Base n"), _find(models, "HTMLModel")
        assert dict(models)[html]["value"] == calculator.describe(100, 50)

        # Moving the "Base n" slider to 400 rewrites the sentence.
        _, answer = _send_update(ch, slider, {"value": 400}, "moving the Base n slider")
        values = [u["state"]["value"] for u in _comm_updates(answer, html) if u["method"] == "update"]
        assert values == [calculator.describe(400, 50)], f"the calculator answered {values}"
        assert values[0].startswith("Sur 400 répondants")
    finally:
        session.close()


UI_WAIT = 60_000  # ms, for each wait in the browser
SHOT = ROOT / "artifacts" / "screenshots" / "jupyterlab-explorer.png"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# What the ipywidgets lab manager writes in place of a widget it cannot show.
WIDGET_ERRORS = re.compile(r"Error displaying widget|Failed to create view|Could not create")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"]


def _chapter_hashes() -> dict[str, str]:
    # Every file under chapters/, so a stray checkpoint folder would show up too.
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((ROOT / "chapters").rglob("*")) if p.is_file()}


def _wait(page, what: str, wait, *args, **kwargs):
    """Run a Playwright wait; on timeout, fail saying what was awaited and what the explorer cell shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return wait(*args, **kwargs)
    except PlaywrightTimeout:
        pass  # fail below, without Playwright's traceback
    cell = page.locator(".jp-CodeCell", has_text="explorer.panels(")
    shown = (cell.first.text_content(timeout=2_000) or "")[-600:] if cell.count() else "(cell not found)"
    pytest.fail(f"JupyterLab UI: {what} within {kwargs.get('timeout', UI_WAIT) // 1000} s; "
                f"the explorer cell shows:\n{shown}")


def test_explorer_renders_in_the_jupyterlab_ui(lab):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/setup.sh installs it when run as root")
    from playwright.sync_api import sync_playwright

    path = "chapters/11_annexes_panneaux.ipynb"
    settings = lab.request("GET", "/lab/api/settings/@jupyterlab/docmanager-extension:plugin").json()["settings"]
    assert settings.get("autosave") is False, f"autosave is not off for this server: {settings}"
    before = _chapter_hashes()
    writes, page_errors = [], []
    started = time.monotonic()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1200})
                page.on("dialog", lambda d: d.dismiss())  # never confirm a save or a leave
                page.on("pageerror", lambda e: page_errors.append(str(e)))
                # A save is a PUT on /api/contents; only the checkpoint copy (to the server's tmp) may POST.
                page.on("request", lambda r: writes.append(f"{r.method} {r.url}")
                        if "/api/contents" in r.url and r.method != "GET"
                        and not (r.method == "POST" and "/checkpoints" in r.url) else None)
                opened = time.monotonic()
                page.goto(f"{lab.base}/lab/workspaces/{uuid.uuid4().hex}/tree/{path}?token={lab.token}", wait_until="load")
                _wait(page, "the notebook did not open", page.wait_for_selector, ".jp-Notebook", timeout=UI_WAIT)
                _wait(page, "the kernel did not become idle", page.wait_for_function,
                      "() => /\\| (Idle|Inactif)/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')",
                      timeout=UI_WAIT)

                # What the researcher sees in Settings: "Autosave Documents" unchecked.
                page.click(".lm-MenuBar-itemLabel:text-is('Paramètres')")  # JupyterLab in French (economie_sociale.beginners)
                autosave = page.wait_for_selector("li[data-command='docmanager:toggle-autosave']", timeout=UI_WAIT)
                assert "lm-mod-toggled" not in (autosave.get_attribute("class") or ""), \
                    "Settings > Autosave Documents is checked in the JupyterLab page"
                page.keyboard.press("Escape")

                # The explorer and the cells above it, as a reader runs them (the twelve static panels
                # below are the build's to run: executed here, they cost 8 s and show nothing more).
                cell = page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea-editor", has_text="explorer.panels("))
                cell.first.locator(".jp-InputPrompt").click()
                for command in ("notebook:run-all-above", "notebook:run-cell"):
                    page.click(".lm-MenuBar-itemLabel:text-is('Exécution')")
                    page.click(f"li[data-command='{command}']")
                panels = page.locator(".widget-select-multiple", has=page.locator("label.widget-label:text-is('Panneaux')"))
                # A broken widget shows one of these texts instead: fail on it at once, not after the timeout.
                broken = page.locator(".jp-Notebook .jp-OutputArea-output", has_text=WIDGET_ERRORS)
                _wait(page, "the 'Panneaux' selector did not render (a widget stuck on 'Loading widget...'?)",
                      panels.locator("select[multiple]").or_(broken).first.wait_for, timeout=UI_WAIT)
                assert not broken.count(), f"JupyterLab shows a widget error: {broken.all_text_contents()}"
                chart = page.locator(".widget-output img")
                _wait(page, "the explorer's chart did not appear", chart.first.wait_for, timeout=UI_WAIT)
                record_timing("jupyterlab", "UI: open 11 and render the explorer", time.monotonic() - opened)

                options = panels.locator("option")
                assert options.count() == len(explorer.PANEL_SEGMENTS) == 12, \
                    f"'Panneaux' shows {options.count()} options: {options.all_text_contents()}"
                chosen = panels.locator("select").evaluate("s => [...s.selectedOptions].map(o => o.value)")
                assert chosen == ["Total (n = 403)", "Moins de 5 employés (n = 190)", "20 employés et plus (n = 70)"], chosen
                assert chart.count() == 1, f"the explorer's output holds {chart.count()} images"
                first = chart.get_attribute("src")
                assert first.startswith("data:image/png;base64,"), f"the chart is not an inline PNG: {first[:60]}"
                buttons = page.locator(".widget-toggle-buttons button")
                labels = [t.strip() for t in buttons.all_text_contents()]
                assert labels == ["Usage actuel", "Investissements prévus", "Les deux (un panneau)"], labels

                # The user switches the measure: the kernel redraws and the page shows a new chart.
                page.locator(".widget-toggle-buttons button", has_text="Investissements prévus").click()
                _wait(page, "the chart did not change after clicking 'Investissements prévus'", page.wait_for_function,
                      "old => [...document.querySelectorAll('.widget-output img')].some(i => i.src && i.src !== old)",
                      arg=first, timeout=20_000)
                assert "mod-active" in buttons.nth(1).get_attribute("class"), "the clicked button is not shown as active"
                assert chart.count() == 1, f"the explorer's output holds {chart.count()} images after the redraw"

                assert not broken.count(), f"JupyterLab shows a widget error: {broken.all_text_contents()}"
                loading = page.locator(".jp-Notebook .jp-OutputArea-output", has_text="Loading widget...")
                assert not loading.count(), "a widget is stuck on 'Loading widget...'"
                assert not page_errors, f"uncaught errors in the JupyterLab page: {page_errors}"

                SHOT.parent.mkdir(parents=True, exist_ok=True)
                page.locator(".jp-CodeCell", has=panels).evaluate("c => c.scrollIntoView({block: 'start'})")
                page.screenshot(path=str(SHOT))
                page.close()  # no beforeunload handler runs: nothing asks to save
            finally:
                browser.close()
    finally:
        # The kernel the page started would otherwise live on (and serve the next session on this path).
        for s in lab.request("GET", "/api/sessions").json():
            if s["path"] == path:
                lab.request("DELETE", f"/api/sessions/{s['id']}")
    print(f"\nJupyterLab UI test: {time.monotonic() - started:.1f} s")
    assert not writes, f"the JupyterLab page tried to write: {writes}"
    after = _chapter_hashes()
    assert after == before, f"chapters/ changed: {sorted(set(after.items()) ^ set(before.items()))}"


# --------------------------------------------------------------------------
# every chapter as a reader sees it in JupyterLab


# MyST that a renderer did not understand shows up as its source: roles, directive fences, options.
RAW_MYST = re.compile(r"%s|\{(?:eval|numref|doc|term|glue(?::\w+)?|cite(?::\w+)?|download|ref|figure|table|admonition|"
                      r"note|warning|tip|dropdown|only|exercise|solution)\}|^\s*(?::{3,}|`{3,})|^\s*:(?:label|alt|kind|class|name|widths|"
                      r"format|icon):", re.M)


def _plain(text: str) -> str:
    return re.sub(r"[\u00a0\u202f\s]+", " ", text)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/setup.sh installs it when run as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _watched_page(browser, writes: list[str]):
    """A new page whose uncaught errors are collected and whose writes to the contents API go in ``writes``."""
    page = browser.new_page(viewport={"width": 1300, "height": 1100})
    errors = []
    page.on("dialog", lambda d: d.dismiss())
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: writes.append(f"{r.method} {r.url}")
            if "/api/contents" in r.url and r.method != "GET" and not (r.method == "POST" and "/checkpoints" in r.url)
            else None)
    return page, errors


def _open(lab, browser, path: str, writes: list[str], idle: bool = True):
    """A JupyterLab page showing the notebook ``path``, all its cells rendered (and its kernel idle)."""
    page, errors = _watched_page(browser, writes)
    # a workspace of its own: JupyterLab would otherwise reopen the notebooks of earlier pages beside it
    page.goto(f"{lab.base}/lab/workspaces/{uuid.uuid4().hex}/tree/{path}?token={lab.token}", wait_until="load")
    _wait(page, f"{path} did not open", page.wait_for_selector, ".jp-Notebook .jp-Cell", timeout=UI_WAIT)
    if idle:
        _wait(page, "the kernel did not become idle", page.wait_for_function,
              "() => /\\| (Idle|Inactif)/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')", timeout=UI_WAIT)
    # jupyterlab-myst renders cell by cell: wait until the page's text stops changing
    previous, text = None, page.locator(".jp-Notebook").inner_text()
    while text != previous:
        page.wait_for_timeout(400)
        previous, text = text, page.locator(".jp-Notebook").inner_text()
    return page, errors


def _close_sessions(lab, path: str) -> None:
    for s in lab.request("GET", "/api/sessions").json():
        if s["path"] == path:
            lab.request("DELETE", f"/api/sessions/{s['id']}")


@pytest.fixture(scope="module")
def reader(lab, browser):
    """One JupyterLab page, on the chapters folder, where each test opens a chapter as a reader does:
    a double click in the file browser (loading JupyterLab once, not once per chapter)."""
    writes: list[str] = []
    page, errors = _watched_page(browser, writes)
    page.goto(f"{lab.base}/lab/workspaces/{uuid.uuid4().hex}/tree/chapters?token={lab.token}", wait_until="load")
    _wait(page, "the file browser did not list the chapters", page.wait_for_selector,
          ".jp-DirListing-item[data-file-type='notebook']", timeout=UI_WAIT)
    yield page, errors, writes
    page.close()
    for name in NOTEBOOKS:
        _close_sessions(lab, f"chapters/{name}")


def _read_chapter(lab, reader, name: str, values: list[str]) -> str:
    """The rendered text of a chapter opened from the file browser, once it shows ``values`` (or after UI_WAIT)."""
    page, _, _ = reader
    page.locator(f".jp-DirListing-item[data-file-type='notebook'][title*='{name}']").first.dblclick()
    _wait(page, f"{name} did not open", page.wait_for_function,
          f"() => document.querySelector('.lm-DockPanel-tabBar .lm-mod-current')?.innerText.includes('{name}')",
          timeout=UI_WAIT)
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    notebook.locator(".jp-Cell").first.wait_for(timeout=UI_WAIT)
    deadline = time.monotonic() + UI_WAIT / 1000
    # jupyterlab-myst renders cell by cell, then numbers the notebook: until every cited value is there
    while True:
        text = notebook.inner_text()
        if all(_plain(v) in _plain(text) for v in values) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    page.wait_for_timeout(250)
    text = notebook.inner_text()
    shot = ROOT / "artifacts" / "screenshots" / f"jupyterlab-{Path(name).stem}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    # the tab stays open: closing a notebook while its kernel starts makes JupyterLab reject pending requests
    return text


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chapter_reads_well_in_jupyterlab(lab, reader, name):
    """Opened, not run: prose with its numbers, captions, admonitions; no raw role, key or directive."""
    nb = json.loads((ROOT / "chapters" / name).read_text(encoding="utf-8"))
    # every cited number, except in the exercises' solutions: folded until the reader asks (a test below opens one)
    values = [e["result"]["data"]["text/plain"] for c in nb["cells"]
              if c["cell_type"] == "markdown" and "{solution}" not in "".join(c["source"])
              for e in c["metadata"].get("user_expressions", [])]
    started = time.monotonic()
    text = _read_chapter(lab, reader, name, values)
    TIMINGS[f"open {name}"] = time.monotonic() - started
    record_timing("jupyterlab", f"open {name} (file browser, rendered)", TIMINGS[f"open {name}"])
    raw = [m.group(0).strip() for m in RAW_MYST.finditer(text)]
    assert not raw, f"{name}: JupyterLab shows {len(raw)} raw MyST construct(s): {sorted(set(raw))}"
    shown = _plain(text)
    missing = [v for v in values if _plain(v) not in shown]
    assert not missing, f"{name}: {len(missing)} of the {len(values)} cited numbers are not on the page: {missing[:8]}"
    if name == "02_profil_repondants.ipynb":  # a sample of sentences, as rendered, against the data files
        from economie_sociale import data, fmt

        for sentence in (
            f"Le taux de réponse a été de {fmt.pct(data.prose('p3_2_response_rate'))}",
            f"Au total, {fmt.number(data.segment_n('total'))} entreprises composent",
            f"Près d'un répondant sur trois ({fmt.pct(data.value('revenue', item='rev_lt100k'))})",
            f"Une entreprise sur cinq ({fmt.pct(data.value('it_person', level='yes'))})",
        ):
            assert _plain(sentence).replace("'", "’") in shown.replace("'", "’"), f"not on the page: {sentence!r}"
    _, errors, writes = reader
    assert not writes, f"the JupyterLab page tried to write: {writes}"
    assert not errors, f"uncaught errors in the JupyterLab page: {errors}"


def test_changing_the_level_and_running_all_recomputes_the_prose(lab, browser):
    """The researcher's path: CONFIDENCE_LEVEL = 99 in the « Paramètres » cell, Run All, read."""
    from book_build import notebooks

    path = "chapters/02_profil_repondants.ipynb"
    before = _chapter_hashes()
    writes: list[str] = []
    started = time.monotonic()
    page, errors = _open(lab, browser, path, writes)
    try:
        editor = page.locator(".jp-CodeCell", has_text="CONFIDENCE_LEVEL = 95").locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.type("CONFIDENCE_LEVEL = 99")
        page.keyboard.press("Escape")
        page.click(".lm-MenuBar-itemLabel:text-is('Exécution')")
        page.click("li[data-command='runmenu:run-all']")
        _wait(page, "Run All did not finish", page.wait_for_function,
              "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].every(p => /\\[\\d+\\]/.test(p.textContent))"
              " && /\\| (Idle|Inactif)/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')", timeout=UI_WAIT)
        previous, text = None, page.locator(".jp-Notebook").inner_text()
        while text != previous:  # the Markdown cells re-render with their new values
            page.wait_for_timeout(500)
            previous, text = text, page.locator(".jp-Notebook").inner_text()
        # the record: the verdict paragraph, recomputed at 99 %, under the chart whose intervals followed
        page.locator(".jp-MarkdownCell", has_text="Significatif ?").first.evaluate("c => c.scrollIntoView({block: 'end'})")
        page.screenshot(path=str(ROOT / "artifacts" / "screenshots" / "jupyterlab-02-level-99.png"))
        legend = page.locator(".jp-OutputArea-output details", has_text="Intervalle").first
        legend_text = legend.text_content()
    finally:
        page.close()
        _close_sessions(lab, path)
    TIMINGS["edit the level in 02, Run All, read"] = time.monotonic() - started
    record_timing("jupyterlab", "02: CONFIDENCE_LEVEL = 99, Run All, read", TIMINGS["edit the level in 02, Run All, read"])
    shown = _plain(text)
    expected = notebooks.execute(ROOT / path, {"CONFIDENCE_LEVEL": 99})
    values = [e["result"]["data"]["text/plain"] for c in expected.cells
              if c.cell_type == "markdown" and "{solution}" not in c.source  # solutions stay folded
              for e in c.metadata.get("user_expressions", [])]
    missing = [v for v in values if _plain(v) not in shown]
    assert not missing, f"after Run All at 99, these recomputed numbers are not on the page: {missing[:8]}"
    assert "intervalle de confiance à 99 % de chaque pourcentage" in shown
    assert "au niveau de confiance de 99 %, l'écart est non significatif" in shown.replace("’", "'"), \
        "the verdict did not follow the level"
    assert "99 %" in _plain(legend_text), f"the data table under a chart still says: {legend_text[:200]}"
    assert not RAW_MYST.search(text), "raw MyST after Run All"
    assert not writes and not errors, (writes, errors)
    assert _chapter_hashes() == before, "chapters/ changed: nothing may be saved"


def test_a_workshop_participant_answers_and_is_told(lab, browser):
    """The participant's path in atelier 1: the exercise renders, its solution stays folded, a wrong answer
    gets its French hint, the right one « Juste ! », the solution opens on request; nothing is saved."""
    path = "atelier/atelier_1_premiers_pas.ipynb"
    folder = ROOT / "atelier"
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}
    writes: list[str] = []
    page, errors = _open(lab, browser, path, writes)
    try:
        text = page.locator(".jp-Notebook").inner_text()
        assert "Exercise 1" in text and "Quelle part des entreprises" in text, text[:2000]
        assert 'data.value("revenue", item="rev_lt100k")' not in text, "the solution is shown before it is asked for"
        assert not RAW_MYST.search(text), "raw MyST in the workshop notebook"
        page.click(".lm-MenuBar-itemLabel:text-is('Exécution')")
        page.click("li[data-command='runmenu:run-all']")
        _wait(page, "Run All did not finish", page.wait_for_function,
              "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].every(p => /\\[\\d+\\]/.test(p.textContent))"
              " && /\\| (Idle|Inactif)/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')", timeout=UI_WAIT)
        # the answer and its check are one cell: the check judges the answer just typed
        check = page.locator(".jp-CodeCell", has_text='exercises.check("atelier1-revenu"').first
        assert "À vous" in check.locator(".jp-OutputArea").inner_text()

        def answer_with(code: str) -> str:
            check.locator(".cm-content").click()
            page.keyboard.press("Control+a")
            page.keyboard.type(code + '\nexercises.check("atelier1-revenu", part_petites)')
            page.keyboard.press("Shift+Enter")
            _wait(page, "the check did not answer", page.wait_for_function,
                  "() => /\\| (Idle|Inactif)/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')", timeout=UI_WAIT)
            page.wait_for_timeout(500)
            return check.locator(".jp-OutputArea").inner_text()

        wrong = answer_with("part_petites = 0.30")
        assert "Pas encore" in wrong and "proportion" in wrong, wrong
        right = answer_with("part_petites = 30")
        assert "Juste !" in right and "30 %" in _plain(right), right
        solution = page.locator(".jp-MarkdownCell", has_text="Solution to Exercise 1").first
        solution.get_by_text("Solution to Exercise 1").click()
        page.wait_for_timeout(500)
        assert 'data.value("revenue", item="rev_lt100k")' in solution.inner_text(), "the solution did not open"
        check.evaluate("c => c.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ROOT / "artifacts" / "screenshots" / "jupyterlab-atelier-1-exercise.png"))
    finally:
        page.close()
        _close_sessions(lab, path)
    assert not writes and not errors, (writes, errors)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert after == before, "atelier/ changed: nothing may be saved"
