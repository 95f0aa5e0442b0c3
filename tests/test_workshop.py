"""The workshop as 25 beginners meet it: their wrong answers, their Python errors, a restart, Run All, the guide.

- a corpus of beginners' wrong answers for every exercise of the book and the
  workshop (a decimal comma as Python reads it, a number in quotes or with
  « % », a proportion, a table for a number, a French label for a key, a
  truth value in quotes): each gets a French sentence naming the fault;
- every hint an exercise registers is reached by one of its wrong answers;
- every message renders literally (no ``$…$`` mathematics, code in code spans);
- the beginners' extension in a real kernel (started as a Jupyter server
  starts one): Python's errors explained in French, no stale verdict, a
  kernel restart, Run All through unfinished and broken answers;
- the facilitator's guide: its timing is the scripted beginner's, the
  notebooks announce the same durations, its commands run.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from economie_sociale import beginners, exercises, workshop

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = exercises.catalogue()
NUMBERS = sorted(k for k, e in CATALOGUE.items() if isinstance(e.expected(), (int, float)) and not isinstance(e.expected(), bool))
KEYS = sorted(k for k, e in CATALOGUE.items() if isinstance(e.expected(), (set, frozenset)))
YES_NO = sorted(k for k, e in CATALOGUE.items() if isinstance(e.expected(), bool))


# --------------------------------------------------------------------------
# the beginners' corpus, for every exercise


def _shown(value: float, tolerance: float) -> str:
    """``value`` with as many decimals as its exercise asks for (from the tolerance), Python's way."""
    decimals = 0 if tolerance < 1e-12 else max(1, math.ceil(-math.log10(tolerance)))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"


def _comma(value: float, tolerance: float = 0.05) -> tuple[int, int] | None:
    """``value`` as a French writer types it in Python: 24.8 -> (24, 8)."""
    text = _shown(value, tolerance)
    if "." not in text or value < 0:
        return None
    whole, decimals = text.split(".")
    return None if decimals.startswith("0") else (int(whole), int(decimals))


@pytest.mark.parametrize("name", NUMBERS)
def test_a_number_typed_the_french_way_is_named(name):
    exercise = CATALOGUE[name]
    expected = float(exercise.expected())
    tolerance = exercise.tolerance
    shown = _shown(expected, tolerance)
    cases = {"comma": _comma(expected, tolerance), "quoted": shown.replace(".", ","), "percent sign": f"{shown.replace('.', ',')} %",
             "table": pd.Series([expected, expected + 1])}
    for kind, answer in cases.items():
        if answer is None:
            continue
        verdict = exercises.check(name, answer)
        assert not verdict.ok, f"{name}: {kind} {answer!r} was accepted"
        said = verdict.message
        if kind == "comma":
            assert "virgule" in said and "point" in said and "Le nombre lui-même est le bon" in said, (name, said)
        elif kind == "quoted":
            assert "texte" in said and "guillemets" in said and "Le nombre lui-même est le bon" in said, (name, said)
        elif kind == "percent sign":
            assert "« % »" in said and "Le nombre lui-même est le bon" in said, (name, said)
        else:
            assert "plusieurs valeurs" in said or "tableau" in said, (name, said)
    if _comma(expected + 1.5):  # a wrong number with a comma: the comma is named, and the value said wrong
        said = exercises.check(name, _comma(expected + 1.5)).message
        assert "virgule" in said and "pas encore le bon" in said, (name, said)


@pytest.mark.parametrize("name", [n for n in NUMBERS if CATALOGUE[n].expected() > 1.5
                                  and "pourcentage" in CATALOGUE[n].kind])
def test_a_proportion_for_a_percentage_is_named(name):
    said = exercises.check(name, CATALOGUE[name].expected() / 100).message
    assert "proportion" in said, (name, said)


@pytest.mark.parametrize("name", KEYS)
def test_a_key_answer_names_labels_and_missing_quotes(name):
    said = exercises.check(name, 3).message
    assert "guillemets" in said, (name, said)
    exercise = CATALOGUE[name]
    if any("n'existe pas" in str(m) for _, m in exercise.hints):  # exercises that know their keys
        said = exercises.check(name, "Logiciel comptable").message
        assert "libellé en français" in said, (name, said)


@pytest.mark.parametrize("name", YES_NO)
def test_a_truth_value_in_quotes_is_named(name):
    expected = CATALOGUE[name].expected()
    said = exercises.check(name, str(expected)).message
    assert f"`{expected}`" in said and "texte" in said, (name, said)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_registered_hint_can_be_reached(name):
    exercise = CATALOGUE[name]
    expected = exercise.expected()
    answers = [*exercise.wrong, *(value() for value in exercise.hint_answers)]
    reached = {exercise.hint(answer, expected) for answer in answers}
    for hint in exercise.own_hints:
        assert hint in reached, f"{name}: no answer reaches the hint « {hint} » (another hint answers it first)"


def test_the_right_answer_is_shown_with_the_precision_asked():
    assert str(exercises.check("atelier3-p", round(exercises.catalogue()["atelier3-p"].expected(), 3))) \
        == "✅ Juste ! C'est bien 0,024."
    assert str(exercises.check("atelier2-borne", 24.8)) == "✅ Juste ! C'est bien 24,8\u00a0%."
    assert str(exercises.check("atelier1-revenu", 30)) == "✅ Juste ! C'est bien 30\u00a0%."


def _messages() -> list[str]:
    said = []
    for name, exercise in CATALOGUE.items():
        said += [exercise.otherwise, *[m for _, m in exercise.hints if isinstance(m, str)]]
        said += [exercises.check(name, answer).message for answer in exercise.wrong]
    return said


def test_every_message_renders_literally_and_its_code_can_be_pasted():
    parser = MarkdownIt("commonmark").use(dollarmath_plugin)   # « $…$ » read as mathematics, as Jupyter does
    messages = _messages()
    assert len(messages) > 250, len(messages)
    for message in messages:
        outside = re.sub(r"`[^`]*`", "", message)
        assert '"' not in outside, f"straight quotes outside a code span (turned curly, not pasteable): {message}"
        tokens = [t for block in parser.parse(exercises.markdown(message)) for t in [block, *(block.children or [])]]
        assert not [t for t in tokens if "math" in t.type], f"read as mathematics: {message}"
        text = "".join(t.content for t in tokens if t.type in ("text", "code_inline"))
        assert text.count("$") == message.count("$"), f"a $ was lost: {message}"
    hint = exercises.check("atelier1-revenu", 18)._repr_markdown_()
    assert "1 000 000 \\$ et plus" in hint and "100 000 \\$ »" in hint


# --------------------------------------------------------------------------
# the beginners' extension, in a kernel started as a Jupyter server starts it


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernel of this environment with the extension loaded and active (JPY_SESSION_NAME set)."""
    from jupyter_client.manager import start_new_kernel

    config = tmp_path_factory.mktemp("ipython")
    (config / "profile_default").mkdir()
    (config / "profile_default" / "ipython_kernel_config.py").write_text(beginners.KERNEL_CONFIG)
    env = {**os.environ, "JPY_SESSION_NAME": str(ROOT / workshop.NOTEBOOKS[0]), "IPYTHONDIR": str(config)}
    env.pop("MPLBACKEND", None)
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "atelier"), env=env)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _run(kc, code: str) -> tuple[str, str]:
    """Run ``code`` as a cell: (status of the reply, every text the cell shows)."""
    shown = []
    reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: shown.append(m), store_history=True)
    texts = []
    for m in shown:
        c = m["content"]
        if m["msg_type"] in ("execute_result", "display_data"):
            texts.append(c["data"].get("text/markdown") or c["data"].get("text/plain", ""))
        elif m["msg_type"] == "stream":
            texts.append(c["text"])
        elif m["msg_type"] == "error":
            texts.append("\n".join(c["traceback"]))
    return reply["content"]["status"], "\n".join(texts)


ANSWER = 'part_petites = {}\nexercises.check("atelier1-revenu", part_petites)'


def test_after_a_restart_the_check_and_the_prose_work_before_anything_is_run(kernel):
    km, kc = kernel
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=60)
    status, shown = _run(kc, ANSWER.format("30"))
    assert status == "ok" and "Juste" in shown, shown
    # a prose cell's number, as jupyterlab-myst asks for it (a user expression) right after a restart
    reply = kc.execute("", user_expressions={"n": 'fmt.number(data.segment_n("total"))'}, reply=True, timeout=60)
    assert reply["content"]["user_expressions"]["n"]["data"]["text/plain"] == "403"


def test_no_stale_verdict(kernel):
    _, kc = kernel
    status, shown = _run(kc, ANSWER.format("30"))
    assert "✅" in shown
    for typed, said in (("30 %", "Le signe « % »"), ("stats.count(pourcentage, base)", "`pourcentage` n'existe pas"),
                        ("“30”", "guillemets courbes"), ("0,030", "avec un point"), ("30,0", "avec une virgule")):
        status, shown = _run(kc, ANSWER.format(typed))
        assert status == "ok", f"{typed}: an exercise cell must not stop Run All ({status})"
        assert "✅" not in shown and "Juste" not in shown, f"{typed}: a verdict on an older answer: {shown}"
        assert said in shown, (typed, shown)
        if typed != "30,0":  # Python's errors, explained (30,0 is a valid tuple: the check names the comma)
            assert "Python n'a pas pu exécuter cette cellule" in shown and "Détail technique :" in shown, (typed, shown)
        assert "Traceback" not in shown, shown


@pytest.mark.parametrize("cell, said", [
    ('groupe = size_lt5', "`size_lt5` est la clé d'un groupe : une clé s'écrit entre guillemets, `\"size_lt5\"`"),
    ('data.technology_use("size_lt_5")', "n'est pas un groupe (segment) connu. Vouliez-vous dire `'size_lt5'`"),
    ('stats.count(47, 80)', "Aucun nombre entier d'entreprises sur 80 ne donne 47 %"),
    ('stats.count("30", 80)', "doit être un nombre, pas un texte"),
    ('plus_du_quart = vrai', "Python écrit `True`"),
    ('x = (24,8) - 1', "un nombre décimal écrit avec une virgule"),
    ('revenus', "`revenus` n'existe pas (encore) dans ce carnet"),
    ('x = 1\n    y = 2', "espaces en trop"),
    ('data.responses("revenue")["valeur"]', "La colonne ou la clé `'valeur'` n'existe pas"),
])
def test_python_errors_are_explained_in_french(kernel, cell, said):
    _, kc = kernel
    status, shown = _run(kc, cell)
    assert status == "error", "outside an exercise cell, an error still stops Run All"
    assert said in shown, shown
    assert "Traceback" not in shown and "most recent call last" not in shown, shown


def test_run_all_goes_through_unfinished_and_broken_answers(tmp_path):
    """« Restart Kernel and Run All » on the workshop with a participant's answers: every cell runs."""
    from nbclient import NotebookClient

    broken = {"part_petites": "30 %", "plus_investie": "wifi", "part_nuage": "..."}  # a key without its quotes
    nb = nbformat.read(ROOT / workshop.NOTEBOOKS[0], as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            for name, typed in broken.items():
                cell.source = cell.source.replace(f"{name} = ...", f"{name} = {typed}")
    env_before = dict(os.environ)
    os.environ["JPY_SESSION_NAME"] = str(ROOT / workshop.NOTEBOOKS[0])  # the kernel inherits it, as from a server
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "atelier")}},
                       allow_errors=False).execute()   # nbclient stops at the first cell whose reply is an error
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "Run All stopped before the end"
    said = {name: "\n".join(o.get("data", {}).get("text/plain", "") for c in code if f"{name} =" in c.source
                            for o in c.outputs) for name in broken}
    assert "Le signe « % »" in said["part_petites"]
    assert "`wifi` est la clé d'une technologie : une clé s'écrit entre guillemets" in said["plus_investie"]
    assert "À vous" in said["part_nuage"]


def test_the_build_keeps_pythons_own_errors(tmp_path):
    """Outside a Jupyter server (the book's build), the extension does nothing: a failing cell fails."""
    code = ("import os; os.environ.pop('JPY_SESSION_NAME', None); os.environ.pop('ECONOMIE_SOCIALE_BEGINNERS', None)\n"
            "from IPython.testing.globalipapp import start_ipython\n"
            "ip = start_ipython(); ip.run_line_magic('load_ext', 'economie_sociale.beginners')\n"
            "r = ip.run_cell('x = 30 %\\nexercises.check(\"atelier1-revenu\", x)')\n"
            "print('success', r.success, 'data' in ip.user_ns)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.stdout.strip().splitlines()[-1] == "success False False", out.stdout + out.stderr


def test_install_writes_the_kernel_configuration_and_french_jupyterlab(tmp_path):
    (tmp_path / "etc" / "ipython").mkdir(parents=True)
    (tmp_path / "etc" / "ipython" / "ipython_kernel_config.py").write_text("c.Foo.bar = 1\n")
    out = subprocess.run([sys.executable, "-m", "economie_sociale.beginners", "install", "--prefix", str(tmp_path)],
                         capture_output=True, text=True, timeout=60, check=True)
    assert "ipython_kernel_config.py" in out.stdout
    config = (tmp_path / "etc" / "ipython" / "ipython_kernel_config.py").read_text()
    assert "c.Foo.bar = 1" in config and 'c.InteractiveShellApp.extensions = ["economie_sociale.beginners"]' in config
    settings = json.loads((tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text())
    assert settings["@jupyterlab/translation-extension:plugin"] == {"locale": "fr_FR"}
    # twice is the same as once
    subprocess.run([sys.executable, "-m", "economie_sociale.beginners", "install", "--prefix", str(tmp_path)],
                   capture_output=True, timeout=60, check=True)
    assert (tmp_path / "etc" / "ipython" / "ipython_kernel_config.py").read_text() == config


# --------------------------------------------------------------------------
# the facilitator's side


def test_the_guide_shows_the_scripted_beginners_timing_and_the_notebooks_agree():
    guide = workshop.GUIDE.read_text(encoding="utf-8")
    block = guide[guide.index(workshop.START):guide.index(workshop.END) + len(workshop.END)]
    found = workshop.timings()
    assert block == workshop.table(found), "the guide's timing is stale: python -m economie_sociale.workshop timing --update-guide"
    assert sum(t.announced for t in found) + sum(workshop.AROUND.values()) <= workshop.TOTAL
    for t, path in zip(found, workshop.NOTEBOOKS):
        first = nbformat.read(ROOT / path, as_version=4).cells[0].source
        later = 5 * math.ceil(t.later / 5)
        assert f"**Durée :** {t.announced} minutes, et environ {later} de plus" in first, (path, first[:600])
    # a beginner's pace, not a programmer's
    assert workshop.WPM <= 120 and workshop.TYPE_ANSWER >= 90


def test_a_notebook_goes_back_to_its_original_and_the_participants_copy_is_kept(tmp_path):
    repo = tmp_path / "repo"
    (repo / "atelier").mkdir(parents=True)
    original = (ROOT / workshop.NOTEBOOKS[0]).read_bytes()
    (repo / workshop.NOTEBOOKS[0]).write_bytes(original)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    (repo / workshop.NOTEBOOKS[0]).write_text("{broken")
    code = ("import sys; from pathlib import Path; from economie_sociale import workshop; "
            "print(workshop.reset(sys.argv[1], root=Path(sys.argv[2])).name)")
    out = subprocess.run([sys.executable, "-c", code, workshop.NOTEBOOKS[0], str(repo)], cwd=repo,
                         capture_output=True, text=True, timeout=60, check=True)
    copy = repo / "atelier" / out.stdout.strip()
    assert copy.read_text() == "{broken" and copy.name.startswith("atelier_1_premiers_pas-copie-")
    assert (repo / workshop.NOTEBOOKS[0]).read_bytes() == original


def test_every_link_of_the_workshop_opens_a_file_in_jupyterlab_and_the_book():
    """Links are plain Markdown links to files (JupyterLab opens them; the book resolves them to pages)."""
    links = []
    for path in workshop.NOTEBOOKS:
        for cell in nbformat.read(ROOT / path, as_version=4).cells:
            if cell.cell_type == "markdown":
                assert not re.search(r"\{(doc|ref|numref)\}", cell.source), f"{path}: a role JupyterLab cannot follow"
                links += [(path, target) for target in re.findall(r"\]\(([^)#]+)\)", cell.source)
                          if not target.startswith("http")]
    assert len(links) >= 8, links
    for path, target in links:
        assert (ROOT / path).parent.joinpath(target).resolve().is_file(), f"{path}: {target} does not exist"


def test_the_guides_laptop_commands_are_those_the_participant_environment_is_tested_with():
    """Plan B on a laptop: the guide's commands are the install that tests/test_binder.py runs on 3.11 and 3.13
    (pip install -r binder/requirements.txt, then binder/postBuild's command), and JupyterLab on the workshop."""
    guide = workshop.GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(.*?)```", guide, re.S)
    unix = next(b for b in blocks if ".venv-atelier/bin/python -m pip" in b).split("\n")
    windows = next(b for b in blocks if ".venv-atelier\\Scripts\\python" in b).split("\n")
    assert [l.strip() for l in unix if l.strip()] == [
        "python3 -m venv .venv-atelier",
        ".venv-atelier/bin/python -m pip install -r binder/requirements.txt",
        ".venv-atelier/bin/python -m economie_sociale.beginners install",
        ".venv-atelier/bin/jupyter lab atelier"]
    assert [l.strip().replace("\\", "/").replace("Scripts", "bin").replace("py -m", "python3 -m") for l in windows
            if l.strip()] == [l.strip() for l in unix if l.strip()]
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "python -m economie_sociale.beginners install" in post_build
    binder_test = (ROOT / "tests" / "test_binder.py").read_text(encoding="utf-8")
    assert '"-r", "binder/requirements.txt"' in binder_test and "post_build" in binder_test
    # the supported Pythons the guide names are those the project declares
    assert "Python 3.11, 3.12 ou\n  3.13" in guide or "Python 3.11, 3.12 ou 3.13" in guide
    assert 'requires-python = ">=3.11,<3.14"' in (ROOT / "pyproject.toml").read_text()
