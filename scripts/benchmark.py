"""Measure the book's build and test times, output sizes, and the wait a Binder user feels.

    .venv/bin/python scripts/benchmark.py          (after bash scripts/setup.sh)

It rebuilds the book several times in place (cold, no change, after a data
change, PDF) and runs the test suite without rebuilding; it leaves _build/
fully built and data/ unchanged. Targets (from the foundation issue), which
should hold as the book grows:

- cold HTML build within 1.5 x the floor (one kernel start plus a chapter's
  imports, times the number of notebooks);
- no-change rebuild under 10 s (scripts/build.sh: incremental after a clean build);
- library import plus first chart, in a fresh kernel, under 2 s.

It also reports what the JupyterLab and Binder-style tests measured during
the test-suite run (each chapter run through a real Jupyter server; the
fresh-venv install and one chapter run, as repo2docker would).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JB = [str(BIN / "jupyter-book"), "build", str(ROOT), "-n", "-W", "--keep-going", "--all"]
BUILD_HTML = ["bash", str(ROOT / "scripts" / "build.sh")]  # the README's build (HTML part: HTML_ONLY in ENV)
ENV = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "HTML_ONLY": "1"}
ENV.pop("MPLBACKEND", None)

FIRST_CHART = (
    "from economie_sociale import charts, data\n"
    "charts.barh(data.responses('revenue'))\n"
)
CHAPTER_IMPORTS = "from economie_sociale import book, charts, data, fmt, tables\n"


def timed(cmd: list[str], env: dict | None = None, **kw) -> float:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, env=env or ENV, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return elapsed


def kernel_timings(code: str, repeat: int = 3) -> tuple[float, float]:
    """Median (kernel start, execution of ``code``) in fresh kernels, seconds."""
    from jupyter_client.manager import start_new_kernel

    starts, runs = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "chapters"), env=ENV)
        t1 = time.perf_counter()
        reply = kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        t2 = time.perf_counter()
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        if reply["content"]["status"] != "ok":
            sys.exit(f"benchmark: kernel code failed: {reply['content']}")
        starts.append(t1 - t0)
        runs.append(t2 - t1)
    return statistics.median(starts), statistics.median(runs)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    notebooks = sorted((ROOT / "chapters").glob("*.ipynb"))
    results: list[tuple[str, str]] = []

    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold = timed(BUILD_HTML)
    results.append(("cold HTML build (cache cleared)", f"{cold:.1f} s"))
    nochange = timed(BUILD_HTML)
    results.append(("no-change HTML rebuild (scripts/build.sh)", f"{nochange:.1f} s"))
    every_page = timed(JB + ["--builder", "html"])
    results.append(("HTML rebuild re-reading every page (--all, as after a failed build)", f"{every_page:.1f} s"))

    csv = ROOT / "data" / "segments.csv"
    original = csv.read_bytes()
    try:
        csv.write_bytes(original + b"\n")  # a blank line: same data, new content hash
        datachange = timed(BUILD_HTML)
    finally:
        csv.write_bytes(original)
    results.append(("HTML rebuild after a data change (all notebooks re-run)", f"{datachange:.1f} s"))
    timed(BUILD_HTML)  # back in step with the restored data

    # the README's build, as a whole: HTML (unchanged, a few seconds), then the PDF, copied into the site
    full = {k: v for k, v in ENV.items() if k != "HTML_ONLY"}
    pdf = timed(BUILD_HTML, env=full) if shutil.which("xelatex") else float("nan")
    results.append(("scripts/build.sh with the PDF (HTML unchanged, executions cached)", f"{pdf:.1f} s"))

    shutil.rmtree(ROOT / "artifacts" / "timings", ignore_errors=True)  # only this run's measurements
    tests = timed([str(BIN / "python"), "-m", "pytest", "-q", "tests", "chapters", "--nbval",
                   "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "-p", "no:cacheprovider"])
    results.append(("test suite (pytest + nbval, book already built)", f"{tests:.1f} s"))
    # what the JupyterLab and Binder-style tests measured during that run (tests/conftest.py: record_timing)
    for group in ("jupyterlab", "binder"):
        path = ROOT / "artifacts" / "timings" / f"{group}.json"
        for what, seconds in json.loads(path.read_text(encoding="utf-8")).items():
            results.append((f"{group}: {what}", f"{seconds:.1f} s"))

    html = ROOT / "_build" / "html"
    pages = sorted(html.rglob("*.html"), key=lambda p: p.stat().st_size)
    results.append(("HTML site size", f"{size(html) / 1e6:.1f} MB"))
    results.append(("largest page", f"{pages[-1].relative_to(html)} ({pages[-1].stat().st_size / 1e3:.0f} kB)"))
    pdf_path = ROOT / "_build" / "latex" / "economie-sociale-2-0.pdf"
    if pdf_path.is_file():
        results.append(("PDF size", f"{pdf_path.stat().st_size / 1e6:.2f} MB"))

    start, imports = kernel_timings(CHAPTER_IMPORTS)
    floor = (start + imports) * len(notebooks)
    results.append(("floor: (kernel start + chapter imports) x notebooks",
                    f"({start:.2f} + {imports:.2f}) x {len(notebooks)} = {floor:.1f} s"))
    results.append(("cold build / floor", f"{cold / floor:.2f} (target <= 1.5)"))
    _, first = kernel_timings(FIRST_CHART)
    results.append(("Binder wait: library import + first chart, fresh kernel", f"{first:.2f} s (target < 2 s; kernel start {start:.2f} s on top)"))

    width = max(len(k) for k, _ in results)
    print(f"benchmark on {os.cpu_count()} cores, {len(notebooks)} notebook(s)")
    for key, value in results:
        print(f"  {key:<{width}}  {value}")


if __name__ == "__main__":
    main()
