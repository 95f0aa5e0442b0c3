"""Nothing a crash leaves behind or two commands at once do can poison a run (issue 25).

- the validated-data cache: a spoiled, truncated, foreign or unsigned entry is a miss, never a crash nor
  the wrong data; ``XDG_CACHE_HOME`` follows the XDG specification;
- the execution store: a truncated or foreign entry is a miss that names its path; two writers at
  once leave a whole notebook; every writer takes the same lock;
- limits: a dead kernel names its notebook and the memory limit; the notebooks that finished are stored;
  the per-cell timeout is an option; Ctrl-C ends with one line.
"""

from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from economie_sociale import data

from book_build import notebooks

from .conftest import ROOT


# --------------------------------------------------------------------------
# the validated-data cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of its own, and the in-memory cache cleared around the test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    data.clear_cache()
    yield data.disk_cache()
    data.clear_cache()


def _entry(name: str) -> Path:
    return data._cache_path(name, str(data.data_dir()))


def _reload(name: str) -> pd.DataFrame:
    data.clear_cache()  # as a new kernel: nothing in memory, the disk cache only
    return getattr(data, name)()


@pytest.fixture
def fresh_segments(cache):
    """The segments as validated from the CSV, with the cache entry that load wrote."""
    frame = data.load_segments()
    assert _entry("load_segments").is_file()
    return frame


def _foreign_entries() -> dict[str, bytes]:
    segments = pd.read_csv(ROOT / "data" / "segments.csv")
    return {
        "the issue's garbage": b"\x80\x09garbage",
        "empty": b"",
        "a valid pickle of a dict": pickle.dumps({"segment": ["total"]}),
        "a valid pickle of a plausible frame, unsigned": pickle.dumps(segments),
    }


@pytest.mark.parametrize("what", list(_foreign_entries()))
def test_a_spoiled_or_foreign_cache_entry_is_a_miss(fresh_segments, what):
    path = _entry("load_segments")
    path.write_bytes(_foreign_entries()[what])
    again = _reload("load_segments")
    pd.testing.assert_frame_equal(again, fresh_segments)  # validated anew, not the file's content
    assert path.read_bytes().startswith(data.CACHE_MAGIC)  # and the entry rewritten, signed
    pd.testing.assert_frame_equal(_reload("load_segments"), fresh_segments)  # which the next run reads


def test_a_truncated_entry_or_another_loaders_entry_is_a_miss(fresh_segments):
    path = _entry("load_segments")
    signed = path.read_bytes()
    path.write_bytes(signed[: len(signed) // 2])
    pd.testing.assert_frame_equal(_reload("load_segments"), fresh_segments)
    # another file's frame, signed by the library itself, under this loader's name
    data.load_questions()
    path.write_bytes(_entry("load_questions").read_bytes())
    pd.testing.assert_frame_equal(_reload("load_segments"), fresh_segments)
    # an entry signed with another cache's key (copied from elsewhere)
    (path.parent / ".key").write_bytes(os.urandom(32))
    pd.testing.assert_frame_equal(_reload("load_segments"), fresh_segments)


def test_random_bytes_never_escape_the_cache(fresh_segments):
    """300 random files (half of them starting as a pickle does): each is a miss, none an exception."""
    path, rnd = _entry("load_segments"), random.Random(25)
    for i in range(300):
        blob = bytes([0x80, rnd.randrange(256)]) + rnd.randbytes(rnd.randrange(1, 4096)) if i % 2 else rnd.randbytes(4096)
        path.write_bytes(blob)
        frame = _reload("load_segments")
        assert frame.shape == fresh_segments.shape and frame["segment"].tolist() == fresh_segments["segment"].tolist()


@pytest.mark.parametrize("value", ["", "relative/cache"])
def test_an_empty_or_relative_xdg_cache_home_means_the_default(monkeypatch, tmp_path, value):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", value)
    assert data.disk_cache() == tmp_path / "home" / ".cache" / "economie-sociale" / "data"
    # and a load from another folder writes nothing there
    run = subprocess.run([sys.executable, "-c", "from economie_sociale import data; data.load_segments()"],
                         cwd=tmp_path, env={**os.environ, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": value},
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "economie-sociale").exists() and not (tmp_path / "relative").exists()
    assert list((tmp_path / "home" / ".cache" / "economie-sociale" / "data").glob("*-load_segments.pkl"))


# --------------------------------------------------------------------------
# the execution store


def _notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Essai"), *(nbformat.v4.new_code_cell(s) for s in sources)]
    return nb


def test_a_truncated_or_foreign_store_entry_is_a_miss_naming_its_path(tmp_path, capsys):
    store, source = notebooks.Store(tmp_path / "executed"), tmp_path / "essai.ipynb"
    nb = _notebook("1 + 1")
    path = store.put(source, "a" * 20, nb)
    assert store.get(source, "a" * 20).cells[1].source == "1 + 1"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")  # a crash in the middle of a copy
    assert store.get(source, "a" * 20) is None
    err = capsys.readouterr().err
    assert f"notebooks: store entry {path} is unreadable (NotJSONError" in err
    assert "deleting it and executing essai.ipynb again" in err
    assert not path.exists()
    # a whole notebook, but not the one of this key (copied by hand, or from an older version)
    other = store.put(source, "b" * 20, nb)
    other.rename(store.path(source, "c" * 20))
    assert store.get(source, "c" * 20) is None
    assert "it records the key 'bbbbbbbbbbbbbbbbbbbb', not 'cccccccccccccccccccc'" in capsys.readouterr().err


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    import nbformat
    from book_build import notebooks
    store = notebooks.Store(Path(sys.argv[1]))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = " + "1" * 1000000)]  # big enough for writes to overlap
    for i in range(40):
        store.put(Path("essai.ipynb"), "d" * 20, nb)
        got = store.get(Path("essai.ipynb"), "d" * 20, validate=False)
        assert got is not None and got.cells[0].source.startswith("x = 111"), "half a notebook"
    print("ok")
""")


def test_two_writers_at_once_leave_a_whole_notebook(tmp_path):
    folder = tmp_path / "executed"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [w.communicate(timeout=120) for w in writers]
    assert [(w.returncode, out.strip()) for w, (out, _) in zip(writers, results)] == [(0, "ok"), (0, "ok")], results
    assert "is unreadable" not in "".join(err for _, err in results)
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "essai-" + "d" * 20 + ".ipynb"]  # no temporary left


def test_every_writer_takes_the_stores_lock(tmp_path):
    """While one process holds the store (a build executing, say), another's write waits, and says so."""
    folder = tmp_path / "executed"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from book_build import notebooks
        store = notebooks.Store({str(folder)!r})
        with store.lock.held():
            print("held", flush=True)
            sys.stdin.readline()  # until the test says so
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import nbformat
        from book_build import notebooks
        notebooks.Store({str(folder)!r}).put("essai.ipynb", "e" * 20, nbformat.v4.new_notebook())
        print("written", flush=True)
    """)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = writer.stderr.readline().strip()  # blocks until the writer reaches the lock
    assert said == f"notebooks: another process is writing to {folder}; waiting for it"
    entry = folder / ("essai-" + "e" * 20 + ".ipynb")
    time.sleep(0.5)
    assert writer.poll() is None and not entry.exists()  # still waiting, nothing written
    holder.communicate("\n", timeout=30)
    out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0 and out.strip() == "written" and entry.is_file()


def test_nbtools_execute_goes_through_the_store_lock():
    """scripts/nbtools.py execute is the notebooks command with --write: the same execute_all, hence the same lock."""
    source = (ROOT / "scripts" / "nbtools.py").read_text(encoding="utf-8")
    assert 'notebooks.main(["execute", "--write", *argv[1:]])' in source


# --------------------------------------------------------------------------
# limits that speak


def _execute(tmp_path, notebooks_: dict[str, nbformat.NotebookNode], *options, limit_kb: int | None = None,
             env: dict | None = None) -> subprocess.CompletedProcess:
    for name, nb in notebooks_.items():
        nbformat.write(nb, tmp_path / name)

    def limit():
        if limit_kb:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (limit_kb * 1024, limit_kb * 1024))

    return subprocess.run([sys.executable, "-m", "book_build.notebooks", "execute", "--store",
                           str(tmp_path / "store"), *options, *(str(tmp_path / n) for n in notebooks_)],
                          capture_output=True, text=True, preexec_fn=limit, env={**os.environ, **(env or {})},
                          timeout=300)


def test_a_dead_kernel_names_its_notebook_and_memory_and_the_others_are_stored(tmp_path):
    run = _execute(tmp_path, {"meurt.ipynb": _notebook("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
                              "finit.ipynb": _notebook("x = 2\nx")},
                   limit_kb=4 * 1024 * 1024)
    assert run.returncode == 1
    assert "DeadKernelError" not in run.stderr and "Traceback" not in run.stderr
    assert ("meurt.ipynb: its kernel died while running it (it ended without a Python error). The likely cause is "
            "memory: each kernel may use at most 4.0 GiB of address space here (ulimit -v 4194304).") in run.stderr
    stored = [p.name for p in (tmp_path / "store").glob("*.ipynb")]
    assert len(stored) == 1 and stored[0].startswith("finit-")


def test_the_cell_timeout_is_an_option(tmp_path):
    slow = {"lent.ipynb": _notebook("import time\ntime.sleep(4)")}
    run = _execute(tmp_path, slow, "--timeout", "1")
    assert run.returncode == 1
    assert "lent.ipynb: " in run.stderr and "(the limit is 1 s per cell: raise it with --timeout SECONDS or " \
        "ECONOMIE_SOCIALE_CELL_TIMEOUT=SECONDS)" in run.stderr
    run = _execute(tmp_path, slow, env={"ECONOMIE_SOCIALE_CELL_TIMEOUT": "2"})
    assert "(the limit is 2 s per cell" in run.stderr
    run = _execute(tmp_path, slow, env={"ECONOMIE_SOCIALE_CELL_TIMEOUT": "deux"})
    assert "ECONOMIE_SOCIALE_CELL_TIMEOUT='deux': the per-cell timeout must be a positive whole number of seconds" \
        in run.stderr


def test_ctrl_c_ends_quietly_with_one_line(tmp_path):
    for name in ("a.ipynb", "b.ipynb", "fini.ipynb"):
        nbformat.write(_notebook("import time\ntime.sleep(60)" if name != "fini.ipynb" else "1"), tmp_path / name)
    run = subprocess.Popen([sys.executable, "-m", "book_build.notebooks", "execute", "--jobs", "3", "--store",
                            str(tmp_path / "store"), *(str(tmp_path / n) for n in ("a.ipynb", "b.ipynb", "fini.ipynb"))],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not list((tmp_path / "store").glob("fini-*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # the two sleeping notebooks are in their cell
    os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
    started = time.monotonic()
    out, err = run.communicate(timeout=30)
    assert run.returncode == 130
    assert time.monotonic() - started < 10  # not after the 60 s cells
    lines = [line for line in err.splitlines() if "Kernel is running over TCP" not in line]  # ipykernel's start-up note
    assert lines == ["notebooks: interrupted (Ctrl-C); the notebooks that finished are kept in the store"]
    assert [p.name.split("-")[0] for p in (tmp_path / "store").glob("*.ipynb")] == ["fini"]


# --------------------------------------------------------------------------
# data text is text: hostile labels through a real build


HOSTILE = "*gras* _souligné_ [lien](javascript:alert(1)) $x^2$ &lt;b&gt; ~~barré~~ | #titre"


def _hostile_book(tmp_path, edits: dict[tuple[str, str, str, str], str], *, pdf: bool = False):
    """Build a small book (a table of data/, the glossary) from a copy of data/ with ``edits``
    ((file, key column, key, column) -> new text); HTML, and the PDF if asked."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    for (name, key_column, key, column), text in edits.items():
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        at = frame[key_column] == key
        assert at.sum() >= 1, (name, key)
        frame.loc[at, column] = text
        frame.to_csv(folder / f"{name}.csv", index=False)
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "scripts" / "latex").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copy(ROOT / "scripts" / "latex" / "bbm.sty", book / "scripts" / "latex" / "bbm.sty")
    shutil.copy(ROOT / "chapters" / "references.bib", book / "chapters" / "references.bib")
    shutil.copy(ROOT / "chapters" / "10_glossaire.md", book / "chapters" / "10_glossaire.md")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/intro\nchapters:\n"
                                   "  - file: chapters/etiquettes\n  - file: chapters/10_glossaire\n")
    (book / "chapters" / "intro.md").write_text("# Introduction\n\nUn petit livre.\n")
    nb = _notebook("from economie_sociale import book, data, tables\n"
                   "book.table(tables.percent_table(data.responses('respondent_sector'), index_name='Secteur'))")
    nb.cells[0].source = "# Étiquettes"
    nb.cells.append(nbformat.v4.new_markdown_cell(":::{figure}\n:label: tab-etiquettes\n:kind: table\n\n"
                                                  "Les secteurs.\n:::"))
    nbformat.write(nb, book / "chapters" / "etiquettes.ipynb")
    return book, _rebuild(book, folder, html_only=not pdf)


def _rebuild(book: Path, data_folder: Path, *, html_only: bool, background: bool = False):
    env = {**os.environ, "BOOK_DIR": str(book), "ECONOMIE_SOCIALE_DATA": str(data_folder),
           "XDG_CACHE_HOME": str(book.parent / "cache")}
    if html_only:
        env["HTML_ONLY"] = "1"
    else:  # whatever the caller's environment says (scripts/benchmark.py builds with HTML_ONLY=1)
        env.pop("HTML_ONLY", None)
    command = ["bash", str(ROOT / "scripts" / "build.sh")]
    if background:
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def _flat(text: str) -> str:
    """Spaces made plain and single; the book's French typography puts a thin space before « ; »."""
    return " ".join(text.split()).replace(" ;", ";")


@pytest.mark.parametrize("column, text, refused", [
    ("label_fr", "Habitation <script>alert(1)</script>", "'Habitation <script>alert(1)</script>'"),
    ("label_fr", "Rôle {download}`fichier <../../secret.txt>`", "'Rôle {download}`fichier <../../secret.txt>`'"),
    ("label_fr", "Valeur {eval}`1 + 1`", "'Valeur {eval}`1 + 1`'"),
])
def test_a_label_with_markup_is_refused_naming_the_csv(tmp_path, column, text, refused):
    book, run = _hostile_book(tmp_path, {("question_items", "key", "sector_housing", column): text})
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "question_items.csv: 1 problem(s)" in out
    assert f"line 8, column '{column}': {refused} fails check text holds a line break or markup" in out
    assert not (book / "_build" / "html" / "_downloads").exists()


def test_a_glossary_definition_with_a_line_break_is_refused_naming_the_csv(tmp_path):
    evil = "Une définition.\n\n```{literalinclude} /etc/passwd\n```"
    book, run = _hostile_book(tmp_path, {("glossary", "term", "mobility", "definition_fr"): evil})
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "glossary.csv: 1 problem(s)" in out and "column 'definition_fr'" in out
    assert "fails check text holds a line break or markup" in out
    assert "root:" not in out  # nothing of the outside file printed


def test_markup_that_passes_is_published_as_text_in_html_and_pdf(tmp_path):
    from bs4 import BeautifulSoup

    book, run = _hostile_book(tmp_path, {("question_items", "key", "sector_housing", "label_fr"): HOSTILE,
                                         ("glossary", "term", "mobility", "definition_fr"): HOSTILE},
                              pdf=True)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    html = BeautifulSoup((book / "_build" / "html" / "chapters" / "etiquettes.html").read_text(encoding="utf-8"),
                         "html.parser")
    cells = [td for td in html.select("table td") if "gras" in td.get_text()]
    assert [_flat(td.get_text()) for td in cells] == [HOSTILE]
    # a paragraph of text, and nothing else inside: no <em>, no <a>, no math, no <del>
    assert [child.name for child in cells[0].find_all(True)] == ["p"]
    glossary = BeautifulSoup((book / "_build" / "html" / "chapters" / "10_glossaire.html").read_text(encoding="utf-8"),
                             "html.parser")
    entry = next(dd for dd in glossary.select("dd") if "gras" in dd.get_text())
    assert HOSTILE in _flat(entry.get_text())
    assert not entry.select("a[href^='javascript'], .math, del, s")
    assert not list((book / "_build" / "html").rglob("*.html")) or \
        all("javascript:alert" not in a.get("href", "") for page in (book / "_build" / "html").rglob("*.html")
            for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a"))
    pdf = book / "_build" / "latex" / "economie-sociale-2-0.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = _flat(text)
    for piece in ("*gras*", "_souligné_", "[lien](javascript:alert(1))", "$x^2$", "&lt;b&gt;", "~~barré~~", "#titre"):
        assert piece in flat, piece

    # the site's PDF: never missing during a later build of the same sources (HTML only, here)...
    site_pdf = book / "_build" / "html" / "economie-sociale-2-0.pdf"
    assert site_pdf.read_bytes() == pdf.read_bytes()
    rebuild, missing = _rebuild(book, tmp_path / "data", html_only=True, background=True), 0
    while rebuild.poll() is None:
        missing += not site_pdf.is_file()
        time.sleep(0.05)
    assert rebuild.returncode == 0 and missing == 0 and site_pdf.is_file()
    # ... and never stale: after a change, an HTML-only build removes it, and says so
    (book / "chapters" / "intro.md").write_text("# Introduction\n\nUn petit livre, revu.\n")
    run = _rebuild(book, tmp_path / "data", html_only=True)
    assert run.returncode == 0 and not site_pdf.exists()
    assert "build: removed the site's PDF (made from other sources; no new PDF in this run)" in run.stderr


# --------------------------------------------------------------------------
# one state: set-up under the lock, two builds at once


def _tiny_book(folder: Path) -> Path:
    (folder / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    shutil.copy(ROOT / "chapters" / "references.bib", folder / "chapters" / "references.bib")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: chapters/intro\nchapters:\n  - file: chapters/page\n")
    (folder / "chapters" / "intro.md").write_text("# Intro\n")
    nbformat.write(_notebook("x = 6 * 7\nx"), folder / "chapters" / "page.ipynb")
    return folder


FAKE_SETUP = """#!/usr/bin/env bash
# stands for scripts/setup.sh: records when it runs, and takes long enough for two runs to overlap
echo "start $(date +%s.%N)" >> "$(dirname "$0")/../setup.log"
sleep 3
echo "end $(date +%s.%N)" >> "$(dirname "$0")/../setup.log"
"""


def test_two_builds_at_once_set_up_one_after_the_other_and_both_succeed(tmp_path):
    """The build's set-up runs under a lock taken before it: the second build's setup.sh starts only once the
    first's has finished (in a fresh clone, the second would otherwise delete the .venv the first installs
    into), then the second build waits for the first. A repository whose setup.sh is replaced by a timed
    stand-in (the real one's idempotence, a stamp, is its own), with this repository's environment."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "scripts", repo / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "scripts" / "setup.sh").write_text(FAKE_SETUP)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    book = _tiny_book(tmp_path / "book")
    env = {**os.environ, "BOOK_DIR": str(book), "HTML_ONLY": "1"}
    builds = [subprocess.Popen(["bash", str(repo / "scripts" / "build.sh")], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [b.communicate(timeout=600)[0] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    events = [line.split() for line in (repo / "setup.log").read_text().splitlines()]
    assert [e for e, _ in events] == ["start", "end", "start", "end"]  # never two at once
    assert sum("build: another build is setting up" in out for out in outputs) == 1
    assert sum("build: another build of" in out and "waiting for it to finish" in out for out in outputs) == 1
    assert "42" in (book / "_build" / "html" / "chapters" / "page.html").read_text(encoding="utf-8")


def _site_pages() -> list[Path]:
    return sorted((ROOT / "_build" / "html").rglob("*.html"))


def test_the_sites_notebook_downloads_are_this_runs_notebooks():
    """Each page's « Carnet (.ipynb) » is the notebook the build executed (cleaned as for a commit)."""
    store, digest = notebooks.default_store(ROOT), notebooks.inputs_digest()
    checked = 0
    for path in notebooks.book_notebooks(ROOT):
        relative = path.relative_to(ROOT).as_posix()
        site = ROOT / "_build" / "html" / "_sources" / relative
        executed = store.get(path, notebooks.source_key(nbformat.read(path, as_version=4), digest))
        assert executed is not None, f"{relative}: not in the store (build the book first)"
        assert site.read_text(encoding="utf-8") == nbformat.writes(notebooks.clean_for_commit(executed)) + "\n", relative
        checked += 1
    assert checked == 16


def test_the_site_holds_no_image_or_download_that_no_page_links():
    from urllib.parse import unquote

    html = ROOT / "_build" / "html"
    linked = set()
    for page in _site_pages():
        text = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"#?]+)', text):
            target = (page.parent / unquote(ref)).resolve()
            if target.is_relative_to(html):
                linked.add(target)
    published = [p.resolve() for folder in ("_images", "_downloads") for p in (html / folder).rglob("*") if p.is_file()]
    assert published, "no image at all: build the book first"
    assert [str(p.relative_to(html)) for p in published if p not in linked] == []


def test_a_dollar_in_a_chart_label_is_a_dollar(data_copy):
    """Chart labels are matplotlib text: with math text off, « $x^2$ » and « 100 000 $ » are drawn as typed."""
    import io

    import matplotlib

    from economie_sociale import charts

    frame = pd.read_csv(data_copy / "question_items.csv", dtype=str, keep_default_na=False)
    frame.loc[frame["key"] == "sector_housing", "label_fr"] = "Habitation $x^2$ et 100 000 $"
    frame.to_csv(data_copy / "question_items.csv", index=False)
    data.clear_cache()
    ax = charts.barh(data.responses("respondent_sector", "total"))
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        ax.figure.savefig(buffer, format="svg")
    # (the amount's spaces are no-break ones, as every label's: never « 100 » / « 000 $ » on two lines)
    assert "Habitation $x^2$ et 100 000 $" in buffer.getvalue().replace("\u00a0", " ")
