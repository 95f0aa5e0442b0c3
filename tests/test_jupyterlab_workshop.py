"""The workshop in a real JupyterLab, as a participant uses it: French menus, a wrong answer, a restart, links.

The server and the browser are those of ``test_jupyterlab.py`` (the project's
environment, in which ``scripts/setup.sh`` installs the workshop's French help
and JupyterLab's French settings, as ``binder/postBuild`` does for Binder).
Nothing is saved: autosave is off, and the notebooks must be byte-identical
afterwards. Screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest

from .test_jupyterlab import ROOT, UI_WAIT, _close_sessions, _wait, browser, lab  # noqa: F401 (fixtures)

WORKSHOP = ["atelier/atelier_1_premiers_pas.ipynb", "atelier/atelier_2_marges.ipynb", "atelier/atelier_3_comparer.ipynb"]
SHOTS = ROOT / "artifacts" / "screenshots"
IDLE = "() => /\\| (Idle|Inactif)/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')"


def _hashes() -> dict[str, str]:
    return {p: hashlib.sha256((ROOT / p).read_bytes()).hexdigest() for p in WORKSHOP}


@pytest.fixture
def participant(lab, browser):  # noqa: F811 (fixtures imported above)
    """A JupyterLab page on workshop 1, its kernel idle; closed, and nothing saved, afterwards."""
    before = _hashes()
    writes: list[str] = []
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.on("dialog", lambda d: d.dismiss())
    page.on("request", lambda r: writes.append(f"{r.method} {r.url}")
            if "/api/contents" in r.url and r.method not in ("GET",) and "/checkpoints" not in r.url else None)
    page.goto(f"{lab.base}/lab/workspaces/{uuid.uuid4().hex}/tree/{WORKSHOP[0]}?token={lab.token}", wait_until="load")
    _wait(page, "workshop 1 did not open", page.wait_for_selector, ".jp-Notebook .jp-Cell", timeout=UI_WAIT)
    _wait(page, "the kernel did not become idle", page.wait_for_function, IDLE, timeout=UI_WAIT)
    yield page
    page.close()
    for path in WORKSHOP + ["chapters/intro.md"]:
        _close_sessions(lab, path)
    assert not writes, f"the page tried to write: {writes}"
    assert _hashes() == before, "a workshop notebook changed on disk"


def _menu(page, label: str, command: str) -> None:
    page.click(f".lm-MenuBar-itemLabel:text-is('{label}')")
    page.click(f"li[data-command='{command}']")


def _cell(page, contains: str):
    return page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea-editor", has_text=contains)).first


def _type_into(page, cell, code: str) -> None:
    """What a participant does: click in the cell, select all, type, Shift+Enter."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")


def _output(page, cell, expected: str) -> str:
    out = cell.locator(".jp-OutputArea-output")
    _wait(page, f"the cell did not show « {expected} »", page.wait_for_function,
          "([el, text]) => el && el.innerText.includes(text)", arg=[cell.element_handle(), expected], timeout=UI_WAIT)
    return out.last.inner_text()


def test_jupyterlab_speaks_french(participant):
    page = participant
    menus = [t.strip() for t in page.locator(".lm-MenuBar-itemLabel").all_text_contents()]
    assert {"Fichier", "Édition", "Affichage", "Exécution", "Noyau"} <= set(menus), menus
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "atelier-jupyterlab-fr.png"))


def test_a_wrong_answer_gets_its_hint_literally_and_a_restart_is_explained(participant):
    page = participant
    cell = _cell(page, 'exercises.check("atelier1-revenu"')
    # the first code cell, then the answer: the likeliest wrong one (the top bracket), its hint holds « $ »
    page.locator(".jp-CodeCell").first.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    _type_into(page, cell, 'part_petites = 18\nexercises.check("atelier1-revenu", part_petites)')
    said = _output(page, cell, "Pas encore")
    assert "(1 000 000 $ et plus)" in said.replace("\u202f", " ").replace("\u00a0", " "), said
    assert not cell.locator("mjx-container, .MathJax").count(), "the hint was set as mathematics"
    # a decimal comma
    _type_into(page, cell, 'part_petites = 24,8\nexercises.check("atelier1-revenu", part_petites)')
    said = _output(page, cell, "virgule")
    cell.evaluate("c => c.scrollIntoView({block: 'center'})")
    code = [c.strip() for c in cell.locator(".jp-OutputArea-output code").all_text_contents()]
    assert "24.8" in code, code  # in a code span: straight characters, pasteable
    page.screenshot(path=str(SHOTS / "atelier-indice-virgule.png"))
    # the kernel restarts; the participant runs an answer that uses a variable of an earlier cell
    _menu(page, "Noyau", "kernelmenu:restart")
    page.locator(".jp-Dialog button.jp-mod-accept").click()
    page.wait_for_timeout(1500)
    _wait(page, "the kernel did not restart", page.wait_for_function, IDLE, timeout=UI_WAIT)
    table = _cell(page, 'revenus[["item_label"')
    table.scroll_into_view_if_needed()
    table.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    said = _output(page, table, "existe pas").replace("\u2019", "'")  # the rendered prose has typographic apostrophes
    table.evaluate("c => c.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SHOTS / "atelier-erreur-expliquee.png"))
    assert "revenus n'existe pas (encore) dans ce carnet" in said, said
    assert "Traceback" not in said and "NameError" in said, said
    page.screenshot(path=str(SHOTS / "atelier-erreur-expliquee.png"))


def test_restart_and_run_all_goes_to_the_end_with_wrong_answers(participant):
    page = participant
    _type_into(page, _cell(page, 'exercises.check("atelier1-revenu"'), 'part_petites = 30 %\nexercises.check("atelier1-revenu", part_petites)')
    _type_into(page, _cell(page, 'exercises.check("atelier1-top"'), 'plus_investie = wifi\nexercises.check("atelier1-top", plus_investie)')
    _menu(page, "Noyau", "runmenu:restart-and-run-all")
    page.click(".jp-Dialog button.jp-mod-accept")
    last = page.locator(".jp-CodeCell").last
    _wait(page, "Run All did not reach the last cell", page.wait_for_function,
          "el => /\\[\\d+\\]/.test(el.querySelector('.jp-InputPrompt')?.textContent || '')", arg=last.element_handle(),
          timeout=UI_WAIT)
    prompts = [p.strip() for p in page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()]
    assert all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), f"cells not run: {prompts}"
    assert "« % »" in _cell(page, 'exercises.check("atelier1-revenu"').inner_text()


@pytest.mark.parametrize("text, opens", [("Atelier 2 — Une part et sa marge", "atelier_2_marges.ipynb"),
                                         ("introduction du livre", "intro.md")])
def test_links_open_when_clicked(participant, text, opens):
    page = participant
    link = page.locator(".jp-Notebook a", has_text=text).first
    link.scroll_into_view_if_needed()
    link.click()
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel")
    _wait(page, f"clicking « {text} » did not open {opens}", page.wait_for_function,
          "([name]) => [...document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel')]"
          ".some(t => t.textContent.trim() === name)", arg=[opens], timeout=UI_WAIT)
    assert opens in tab.all_text_contents()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / f"atelier-lien-{opens.split('.')[0]}.png"))
    if opens.endswith(".md"):  # a page of the book opens rendered (Markdown Preview), not as Markdown source
        heading = page.locator("h2", has_text=re.compile("D.où viennent les chiffres"))
        _wait(page, "intro.md did not open rendered", heading.first.wait_for, timeout=UI_WAIT)
        assert not page.locator(".cm-content", has_text="(lire-les-chiffres)=").count(), "intro.md opened as source"
        assert not page.get_by_text("Unknown Directive").count(), "jupyterlab-myst shows a directive it does not know"
