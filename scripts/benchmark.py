"""Measure the book's build and test times, output sizes, and the wait a Binder user feels; print the ratios.

    .venv/bin/python scripts/benchmark.py            (after bash scripts/setup.sh)
    .venv/bin/python scripts/benchmark.py --no-ci    (skip the fresh-clone .ci/run, ~6 minutes)
    .venv/bin/python scripts/benchmark.py --record   (also write the results into CONTRIBUTING.md)

It rebuilds the book in place (cold, no change, after a data change, PDF),
runs the test suite on that build, and (unless ``--no-ci``) runs ``.ci/run``
in a fresh clone beside the repository, as CI does (the apt packages being
already installed). It leaves _build/ fully built and data/ unchanged.
Targets (issue 14; benchmarks, never timed tests), on a 2-core machine:

- cold HTML build <= 1.5 x the floor and <= 35 s; the floor is what executing
  the notebooks cannot go below: (kernel start + a chapter's imports) x
  notebooks / cores. The build's kernels are forked from a zygote
  (forked_kernels.py), so a second floor is printed with its kernels: zygote
  start + (forked kernel start + imports) x notebooks / cores;
- no-change rebuild <= 5 s;
- test suite after the build <= 180 s;
- fresh-clone .ci/run <= 8 min (apt packages present);
- library import plus a first chart in a fresh kernel <= 1.0 s, with neither
  Sphinx nor statsmodels imported;
- the participant environment (binder/) under 60 % of the development one.

The JupyterLab and Binder-style tests record what they measure during the
test-suite run (artifacts/timings/); they are reported too.

``--record`` writes the results, with the date, the commit and the machine
(cores, RAM, Python), as a Markdown table into CONTRIBUTING.md, between its
``benchmark:start`` and ``benchmark:end`` markers (:func:`record`), replacing
the previous results: the one documented place of the latest figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUILD = ["bash", str(ROOT / "scripts" / "build.sh")]
ENV = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "HTML_ONLY": "1"}
ENV.pop("MPLBACKEND", None)
CORES = os.cpu_count() or 1
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
RECORD_START = "<!-- benchmark:start (written by .venv/bin/python scripts/benchmark.py --record) -->"
RECORD_END = "<!-- benchmark:end -->"

CHAPTER_IMPORTS = "from economie_sociale import book, charts, data, fmt, settings, stats, tables\n"
FIRST_CHART = (
    "from economie_sociale import book, charts, data\n"
    "book.figure(charts.barh(data.responses('revenue')))\n"
    "import sys\n"
    "heavy = sorted(m for m in ('sphinx', 'statsmodels', 'scipy', 'myst_nb') if m in sys.modules)\n"
    "print('HEAVY', heavy)\n"
)


class Result(NamedTuple):
    """One measured figure: what was measured, its value, and the target it must meet ("" when none)."""

    what: str
    value: str
    target: str = ""

    def shown(self) -> str:
        return f"{self.value} (target {self.target})" if self.target else self.value


def timed(cmd: list[str], env: dict | None = None, cwd: Path = ROOT, **kw) -> float:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return elapsed


def kernel_timings(code: str, repeat: int = 3) -> tuple[float, float, str]:
    """Median (kernel start, execution of ``code``) in fresh kernels, seconds, and the code's stdout."""
    from jupyter_client.manager import start_new_kernel

    starts, runs, out = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "chapters"), env=ENV)
        t1 = time.perf_counter()
        printed = []
        reply = kc.execute_interactive(code, timeout=120, output_hook=lambda msg: printed.append(
            msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
        t2 = time.perf_counter()
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        if reply["content"]["status"] != "ok":
            sys.exit(f"benchmark: kernel code failed: {reply['content']}")
        starts.append(t1 - t0)
        runs.append(t2 - t1)
        out.append("".join(printed))
    return statistics.median(starts), statistics.median(runs), out[-1]


def forked_floor(repeat: int = 3) -> tuple[float, float]:
    """(zygote start, median seconds of a one-cell notebook of the chapter imports in a forked kernel)."""
    import nbformat

    from book_build import forked_kernels, notebooks as runner

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CHAPTER_IMPORTS)]
    t0 = time.perf_counter()
    with forked_kernels.Zygote(env=ENV) as zygote:
        started = time.perf_counter() - t0
        runs = []
        for _ in range(repeat):
            t1 = time.perf_counter()
            runner.execute(ROOT / "chapters" / "floor.ipynb", nb=nb, zygote=zygote)
            runs.append(time.perf_counter() - t1)
    return started, statistics.median(runs)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def machine() -> dict[str, str]:
    """What the figures were measured on: cores, memory, Python, system."""
    try:
        ram = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):  # not a POSIX system
        ram = "unknown"
    return {"cores": str(CORES), "ram": ram, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}"}


def commit() -> str:
    """The commit measured, short, with a note when the work tree had changes."""
    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return run.stdout.strip() if run.returncode == 0 else ""

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{sha} (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else sha


def _cell(text: str) -> str:
    """``text`` as one Markdown table cell: on one line, its pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def record_block(results: list[Result], *, date: str, commit: str, machine: dict[str, str], notebooks: int,
                 note: str = "") -> str:
    """The marked block of CONTRIBUTING.md that holds ``results``: a line on when and where, then a table."""
    where = (f"Measured on {date} at commit `{commit}`, on {machine['cores']} cores, {machine['ram']} of RAM, "
             f"Python {machine['python']} ({machine['system']}), {notebooks} notebooks.")
    lines = [RECORD_START, where]
    if note:
        lines += ["", note]
    lines += ["", "| measure | result | target |", "|---|---|---|"]
    lines += [f"| {_cell(r.what)} | {_cell(r.value)} | {_cell(r.target)} |" for r in results]
    lines.append(RECORD_END)
    return "\n".join(lines)


def replace_record(text: str, block: str) -> str:
    """``text`` with its one benchmark block replaced by ``block``; nothing else changes."""
    start, end = text.find(RECORD_START), text.find(RECORD_END)
    if start < 0 or end < start or text.count(RECORD_START) != 1 or text.count(RECORD_END) != 1:
        raise ValueError(f"expected one block between {RECORD_START!r} and {RECORD_END!r}")
    return text[:start] + block + text[end + len(RECORD_END):]


def record(results: list[Result], path: Path = CONTRIBUTING, **meta) -> None:
    """Write ``results`` into ``path``'s benchmark block (see :func:`record_block` for ``meta``)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(replace_record(text, record_block(results, **meta)), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="scripts/benchmark.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-ci", action="store_true", help="skip the fresh-clone .ci/run (about 6 minutes)")
    parser.add_argument("--record", action="store_true",
                        help=f"write the results into {CONTRIBUTING.name}, replacing the previous ones")
    args = parser.parse_args(argv)
    if args.record:  # before the long run: a missing block is said at once, not after half an hour
        replace_record(CONTRIBUTING.read_text(encoding="utf-8"), "")
    measured = commit()  # the commit the run starts from (the run itself changes nothing tracked)
    notebooks = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "atelier").glob("*.ipynb"))
    results: list[Result] = []

    start, imports, _ = kernel_timings(CHAPTER_IMPORTS)
    floor = (start + imports) * len(notebooks) / CORES
    results.append(Result("floor: (kernel start + chapter imports) x notebooks / cores",
                          f"({start:.2f} + {imports:.2f}) x {len(notebooks)} / {CORES} = {floor:.1f} s"))

    zygote, forked = forked_floor()
    floor_forked = zygote + forked * len(notebooks) / CORES
    results.append(Result("floor with forked kernels: zygote + (kernel + imports) x notebooks / cores",
                          f"{zygote:.2f} + {forked:.2f} x {len(notebooks)} / {CORES} = {floor_forked:.1f} s"))

    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold = timed(BUILD)
    results.append(Result("cold HTML build (scripts/build.sh, empty _build)", f"{cold:.1f} s", "<= 35 s"))
    results.append(Result("cold build / floor", f"{cold / floor:.2f}", "<= 1.5"))
    results.append(Result("cold build / floor with forked kernels", f"{cold / floor_forked:.2f}"))
    executed = json.loads((ROOT / "_build" / "executed" / "timings.json").read_text()) \
        if (ROOT / "_build" / "executed" / "timings.json").is_file() else {}
    if executed:
        results.append(Result("  of which notebook execution (parallel), slowest notebook",
                              f"{executed.get('wall', float('nan')):.1f} s, {max(executed['notebooks'].values()):.1f} s"))
    for path in sorted((ROOT / "atelier").glob("*.ipynb")):  # each alone in a fresh kernel, as a participant runs it
        alone = timed([str(BIN / "python"), "-m", "book_build.notebooks", "execute", "--jobs", "1",
                       "--store", str(ROOT / "_build" / "bench-atelier" / path.stem), str(path)])
        results.append(Result(f"workshop notebook {path.name}, fresh kernel, top to bottom", f"{alone:.1f} s", "< 10 s"))
    nochange = timed(BUILD)
    results.append(Result("no-change HTML rebuild", f"{nochange:.1f} s", "<= 5 s"))

    csv = ROOT / "data" / "segments.csv"
    original = csv.read_bytes()
    try:
        csv.write_bytes(original + b"\n")  # a blank line: same data, new content hash
        datachange = timed(BUILD)
    finally:
        csv.write_bytes(original)
    results.append(Result("HTML rebuild after a data change (every notebook re-run)", f"{datachange:.1f} s"))
    timed(BUILD)  # back in step with the restored data

    full = {k: v for k, v in ENV.items() if k != "HTML_ONLY"}
    pdf = timed(BUILD, env=full) if shutil.which("xelatex") else float("nan")
    results.append(Result("scripts/build.sh with the PDF (HTML unchanged)", f"{pdf:.1f} s"))

    shutil.rmtree(ROOT / "artifacts" / "timings", ignore_errors=True)  # only this run's measurements
    # as scripts/test.sh runs it: two workers, one test module each at a time
    tests = timed([str(BIN / "python"), "-m", "pytest", "-q", "tests", "-n", "2", "--dist", "loadscope",
                   "-p", "no:cacheprovider"], env=full)  # as scripts/test.sh: not HTML_ONLY
    results.append(Result("test suite (pytest, book already built)", f"{tests:.1f} s", "<= 180 s"))
    for group in ("jupyterlab", "binder"):
        path = ROOT / "artifacts" / "timings" / f"{group}.json"
        if path.is_file():
            for what, seconds in json.loads(path.read_text(encoding="utf-8")).items():
                results.append(Result(f"  {group}: {what}", f"{seconds:.1f} s"))

    html = ROOT / "_build" / "html"
    pages = sorted(html.rglob("*.html"), key=lambda p: p.stat().st_size)
    results.append(Result("HTML site size", f"{size(html) / 1e6:.1f} MB"))
    results.append(Result("largest page", f"{pages[-1].relative_to(html)} ({pages[-1].stat().st_size / 1e3:.0f} kB)"))
    pdf_path = ROOT / "_build" / "latex" / "economie-sociale-2-0.pdf"
    if pdf_path.is_file():
        results.append(Result("PDF size", f"{pdf_path.stat().st_size / 1e6:.2f} MB"))

    _, first, printed = kernel_timings(FIRST_CHART)
    heavy = printed.split("HEAVY", 1)[-1].strip()
    results.append(Result("library import + first chart, fresh kernel",
                          f"{first:.2f} s (kernel start {start:.2f} s on top); heavy modules loaded: {heavy}",
                          "<= 1.0 s, with neither Sphinx nor statsmodels imported"))

    # the participant environment, as repo2docker installs it: a fresh venv, binder/requirements.txt from the root
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run(["python3.11", "-m", "venv", str(venv)], check=True)  # as setup.sh and repo2docker pick it
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        binder = timed([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
                       env=env)
        participant, development = size(venv), size(ROOT / ".venv")
        results.append(Result("Binder-style environment: fresh pip install -r binder/requirements.txt",
                              f"{binder:.1f} s, {participant / 1e6:.0f} MB = {participant / development:.0%} of the "
                              f"development .venv ({development / 1e6:.0f} MB)", "< 60 % of the development .venv"))

    if not args.no_ci:
        clone = ROOT.parent / "benchmark-ci"
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "MPLBACKEND")}
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(str(BIN)))
        ci = timed(["bash", ".ci/run"], env=env, cwd=clone)
        results.append(Result("fresh-clone .ci/run (apt packages present)", f"{ci:.0f} s = {ci / 60:.1f} min", "<= 8 min"))
        shutil.rmtree(clone, ignore_errors=True)

    width = max(len(r.what) for r in results)
    print(f"benchmark on {CORES} cores, {len(notebooks)} notebook(s)")
    for r in results:
        print(f"  {r.what:<{width}}  {r.shown()}")
    if args.record:
        record(results, date=datetime.date.today().isoformat(), commit=measured, machine=machine(),
               notebooks=len(notebooks))
        print(f"benchmark: results recorded in {CONTRIBUTING.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
