"""Run the book's notebooks the way a reader's JupyterLab does, and keep the results.

A chapter's prose cites its numbers with MyST's ``{eval}`` role::

    Près de la moitié des répondants ({eval}`fmt.pct(share_lt5)`) ...

In JupyterLab, jupyterlab-myst evaluates those expressions when a Markdown
cell runs and stores the results in the cell's ``user_expressions``
metadata, so a saved notebook shows its numbers even before anyone runs it.
:func:`execute` does the same outside JupyterLab: nbclient runs the code
cells, and each Markdown cell's expressions are evaluated in the kernel at
that point (an ``execute_request`` with ``user_expressions``, exactly the
message jupyterlab-myst sends) and stored in the same format. The book's
Sphinx extension (:mod:`.sphinx_notebooks`) reads the numbers from there;
the committed notebooks carry them for JupyterLab and Binder.

Executed notebooks are kept in a :class:`Store` keyed by the notebook's
inputs (its cells without outputs) and by :func:`inputs_digest` (the data
folder the library reads, and the library itself), so an edited CSV or chart
function can never be served from a stale result. :func:`execute_all` fills
the store in parallel, one kernel per core, each forked from a zygote that has
imported pandas and matplotlib once for all (:mod:`.forked_kernels`).

Command line (``scripts/build.sh`` and ``scripts/nbtools.py`` use it)::

    python -m book_build.notebooks execute [--store DIR] [--jobs N] [--timeout SECONDS] [--write] [NOTEBOOK ...]

``--write`` copies the results back into the notebooks (outputs and
``user_expressions``), as a reader's Run All then Save would. ``--timeout``
(or ``ECONOMIE_SOCIALE_CELL_TIMEOUT``) sets the seconds a cell may run (120).

What can go wrong says where: a failing cell names its notebook and cell; a
kernel that dies (out of memory, typically) names its notebook and the memory
limit it had; the notebooks that finished are stored all the same; Ctrl-C
ends with one line. A store entry that cannot be read is reported with its
path and executed again.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

# nbformat imports jsonschema, whose optional IRI format checker (rfc3987_syntax) compiles some 40
# grammars on import (1 s, on every build) for a check notebooks never need: jsonschema skips it
# when the import fails.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

import economie_sociale  # noqa: E402
from economie_sociale import ROLE_KEY, data_dir  # noqa: E402
from economie_sociale.errors import EconomieSocialeError  # noqa: E402
from .forked_kernels import Zygote, zygote_if_wanted  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
#: A first cell's front matter (jupyterlab-myst's page options).
FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*\n", re.DOTALL)
#: ``{eval}`expression``` in Markdown, as MyST writes the role.
EVAL = re.compile(r"\{eval\}`([^`]+)`")
#: Cell tag of a chapter's « Paramètres » cell (papermill's convention).
PARAMETERS_TAG = "parameters"
#: Seconds a cell may run (the slowest takes about 2 s), unless :data:`TIMEOUT_ENV` or ``--timeout`` say otherwise.
TIMEOUT = 120
#: Environment variable that sets the per-cell timeout, in seconds (for a slow or loaded machine).
TIMEOUT_ENV = "ECONOMIE_SOCIALE_CELL_TIMEOUT"


def cell_timeout() -> int:
    """The per-cell timeout: :data:`TIMEOUT_ENV` if set (a positive whole number of seconds), else :data:`TIMEOUT`."""
    text = os.environ.get(TIMEOUT_ENV, "").strip()
    if not text:
        return TIMEOUT
    if not text.isdigit() or int(text) <= 0:
        raise ExecutionError(f"{TIMEOUT_ENV}={text!r}: the per-cell timeout must be a positive whole number of seconds")
    return int(text)


def _memory_limit() -> str:
    """What this process (and so its kernels) may use of memory, as ``ulimit -v`` set it, in words."""
    import resource

    limits = []
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        soft, _ = resource.getrlimit(getattr(resource, name))
        if soft != resource.RLIM_INFINITY:
            limits.append(soft)
    if not limits:
        return "no memory limit is set on this process (ulimit -v: unlimited), so the machine itself may be short of memory"
    return f"each kernel may use at most {min(limits) / 2**30:.1f} GiB of address space here (ulimit -v {min(limits) // 1024})"
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # IPython's colours in tracebacks


class ExecutionError(EconomieSocialeError, RuntimeError):
    """A notebook failed: a cell raised, or an ``{eval}`` expression did."""


# --------------------------------------------------------------------------
# what a result depends on


def _library_files() -> list[Path]:
    """The code a notebook's results depend on: the survey library it imports, and this runner
    with its kernels (not the Sphinx extensions, which only present the results)."""
    library = Path(economie_sociale.__file__).resolve().parent
    here = Path(__file__).resolve().parent
    return [*sorted(p for p in library.rglob("*.py") if "__pycache__" not in p.parts),
            here / "notebooks.py", here / "forked_kernels.py"]


def inputs_digest() -> str:
    """A hash of what every notebook reads besides itself: the data folder the
    library reads (``ECONOMIE_SOCIALE_DATA`` or ``data/``) and the library's code."""
    h = hashlib.sha256()
    folder = data_dir()
    h.update(str(folder.resolve()).encode())
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for path in _library_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _strip_results(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as its author wrote it: no outputs, counts, timings or evaluated expressions."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("user_expressions", None)
        cell.metadata.pop("trusted", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("language_info", None)
    return nb


def source_key(nb: nbformat.NotebookNode, digest: str, parameters: dict | None = None) -> str:
    """The store key of a notebook: its cells (not their results), the inputs digest and the parameters."""
    h = hashlib.sha256()
    h.update(json.dumps([(c.cell_type, c.source, c.metadata.get("tags", [])) for c in _strip_results(nb).cells],
                        ensure_ascii=False).encode())
    h.update(digest.encode())
    h.update(json.dumps(parameters or {}, sort_keys=True).encode())
    return h.hexdigest()[:20]


# --------------------------------------------------------------------------
# execution



#: Seconds between two looks at a kernel channel while waiting for a message (see _poll_in_slices).
POLL_SLICE = 0.5


def _poll_in_slices(channel) -> None:
    """Make ``channel.get_msg`` look at its socket at least every :data:`POLL_SLICE` seconds.

    pyzmq's asyncio poller waits for the socket's file descriptor to signal, and that signal is
    edge-triggered: now and then (about one chapter in ten, with two kernels running) a reply that
    has arrived never wakes the waiting client, which then sees it only when its timeout expires.
    That was the « kernel idle, client waiting » stall: a cell finished after exactly the cell timeout
    (120 s), with every output right. Waiting in short slices bounds the cost of a missed signal to
    half a second; a message that really never comes still times out when the full timeout says.
    """
    get_msg = channel.get_msg

    async def get_msg_in_slices(timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else max(0.0, min(POLL_SLICE, deadline - time.monotonic()))
            try:
                return await get_msg(timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg_in_slices


class _Client(NotebookClient):
    """nbclient, plus the ``{eval}`` expressions of Markdown cells, as jupyterlab-myst evaluates them."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        for channel in (kc.shell_channel, kc.iopub_channel):
            _poll_in_slices(channel)
        return kc

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type == "markdown":
            await self._evaluate_expressions(cell, cell_index)
            return cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    async def _evaluate_expressions(self, cell, cell_index: int) -> None:
        expressions = list(dict.fromkeys(EVAL.findall(cell.source)))
        if not expressions:
            cell.metadata.pop("user_expressions", None)
            return
        msg_id = self.kc.execute("", silent=True, store_history=False, allow_stdin=False,
                                 user_expressions={str(i): e for i, e in enumerate(expressions)})
        try:
            reply = await self.async_wait_for_reply(msg_id, cell)
        except CellTimeoutError:
            raise ExecutionError(f"Markdown cell {cell_index}: no reply to its {{eval}} expressions "
                                 f"in {self.timeout} s") from None
        content = reply["content"]
        if content.get("status") != "ok":
            raise ExecutionError(f"Markdown cell {cell_index}: the kernel refused its expressions: "
                                 f"{content.get('ename', '')}: {content.get('evalue', '')}")
        results = content["user_expressions"]
        cell.metadata["user_expressions"] = [{"expression": e, "result": results[str(i)]}
                                             for i, e in enumerate(expressions)]
        failed = [(e, results[str(i)]) for i, e in enumerate(expressions) if results[str(i)]["status"] != "ok"]
        if failed:
            lines = [f"  {{eval}}`{e}`: {r.get('ename')}: {r.get('evalue')}" for e, r in failed]
            raise ExecutionError(f"Markdown cell {cell_index}: {len(failed)} expression(s) failed\n" + "\n".join(lines))


def _inject_parameters(nb: nbformat.NotebookNode, parameters: dict) -> None:
    """Add a cell after the « Paramètres » cell that overrides its values (papermill's convention)."""
    index = next((i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.metadata.get("tags", [])), None)
    if index is None:
        raise ExecutionError(f"no cell tagged {PARAMETERS_TAG!r} to override with {parameters}")
    source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]}))


#: The image formats a kernel's charts are kept in (see book._inline_figures): PNG unless this says otherwise.
FORMATS_ENV = "ECONOMIE_SOCIALE_FIGURE_FORMATS"


def execute(path: Path | str, parameters: dict | None = None, *, nb: nbformat.NotebookNode | None = None,
            timeout: int | None = None, figure_formats: tuple[str, ...] = ("png",),
            zygote: Zygote | None = None) -> nbformat.NotebookNode:
    """Run a notebook in a fresh kernel (cwd: its folder) and return it with outputs and ``user_expressions``.

    ``parameters`` override the values of the cell tagged ``parameters``
    (e.g. ``{"CONFIDENCE_LEVEL": 99}``). ``figure_formats`` are the formats each
    chart is kept in: the build adds ``"pdf"`` (vector charts for the PDF book; a
    chart costs twice as much then); ``()`` keeps none (a chart is still made and
    its data table shown, but never drawn: for runs that check prose and tables
    only). With a ``zygote`` (:mod:`.forked_kernels`), the kernel is forked
    from it rather than started from scratch: a new kernel all the same, 1 s
    of CPU sooner. Raises :class:`ExecutionError` naming the notebook, the cell
    and the error.
    """
    path = Path(path).resolve()
    timeout = timeout or cell_timeout()
    nb = _strip_results(nb if nb is not None else nbformat.read(path, as_version=4))
    if parameters:
        _inject_parameters(nb, parameters)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # Agg would drop every figure
    env[FORMATS_ENV] = ",".join(figure_formats)
    env.setdefault("SOURCE_DATE_EPOCH", "0")  # matplotlib then writes the same PDF bytes every run
    forked = {"kernel_manager_class": zygote.kernel_manager_class} if zygote is not None else {}
    # "immediate": once the last reply is in, the kernel is stopped at once, not asked to and then
    # watched until it goes (0.1-0.5 s per notebook during which its core waits; nothing of the book
    # happens at a kernel's exit)
    client = _Client(nb, timeout=timeout, kernel_name="python3", allow_errors=False, shutdown_kernel="immediate",
                     resources={"metadata": {"path": str(path.parent)}}, **forked)
    started = time.perf_counter()
    try:
        client.execute(env=env)
    except CellExecutionError as err:
        raise ExecutionError(f"{path.name}: a cell failed:\n{ANSI.sub('', str(err))}") from None
    except CellTimeoutError as err:
        raise ExecutionError(f"{path.name}: {err} (the limit is {timeout} s per cell: raise it with "
                             f"--timeout SECONDS or {TIMEOUT_ENV}=SECONDS)") from None
    except DeadKernelError:
        raise ExecutionError(f"{path.name}: its kernel died while running it (it ended without a Python error). "
                             f"The likely cause is memory: {_memory_limit()}. A chapter's kernel uses about 300 MB "
                             f"but reserves much more address space, which ulimit -v counts: allow a few GiB "
                             f"(or no limit), or run fewer notebooks at a time (--jobs 1).") from None
    except ExecutionError as err:
        raise ExecutionError(f"{path.name}: {err}") from None
    nb.metadata.pop("widgets", None)  # widget state: see clean_for_commit
    nb.metadata.setdefault(ROLE_KEY, {})["execution_seconds"] = round(time.perf_counter() - started, 2)
    return nb


def messages(nb: nbformat.NotebookNode, role: str) -> list[str]:
    """The text of every output a notebook marked with ``role`` (e.g. ``conclusion-changed``)."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get(ROLE_KEY) == role:
                found.append(out["data"].get("text/plain", ""))
    return found


# --------------------------------------------------------------------------
# the store


#: Where a notebook records the store key it was executed for (dropped from committed notebooks).
STORE_KEY = "store_key"


class StoreLock:
    """The store's one lock (``<store>/.lock``, flock): every writer takes it, in every process
    (the build's executor, its Sphinx reader, ``scripts/nbtools.py execute``).

    Re-entrant within a process, so that the executor can hold it for a whole run while its
    threads store each notebook. A second process waits, saying so once.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._depth = 0
        self._fd: int | None = None
        self._mutex = threading.Lock()

    @contextmanager
    def held(self, log=None):
        import fcntl

        with self._mutex:
            if self._depth == 0:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    print(f"notebooks: another process is writing to {self.folder}; waiting for it",
                          file=sys.stderr if log is None else sys.stdout, flush=True)
                    fcntl.flock(fd, fcntl.LOCK_EX)
                self._fd = fd
            self._depth += 1
        try:
            yield
        finally:
            with self._mutex:
                self._depth -= 1
                if self._depth == 0:
                    os.close(self._fd)  # releases the flock
                    self._fd = None


class StoreEntryError(ExecutionError):
    """A store entry that cannot be read (reported, then executed again)."""


@dataclass
class Store:
    """Executed notebooks on disk, one file per (notebook, inputs) key: ``<stem>-<key>.ipynb``.

    An entry is trusted only if it is a notebook (JSON that nbformat reads) that records its own key:
    a truncated, foreign or renamed file is a miss (reported with its path, deleted, and the notebook
    executed again), never a crash. Writes go through a temporary file of their own (per process and
    thread) renamed into place, under the store's :class:`StoreLock`.
    """

    folder: Path

    def __post_init__(self):
        self.folder = Path(self.folder)
        self.lock = StoreLock(self.folder)

    def path(self, source: Path, key: str) -> Path:
        return self.folder / f"{Path(source).stem}-{key}.ipynb"

    def get(self, source: Path, key: str, *, validate: bool = True) -> nbformat.NotebookNode | None:
        path = self.path(source, key)
        if not path.is_file():
            return None
        try:
            nb = nbformat.read(path, as_version=4) if validate else _read_unvalidated(path)
            recorded = nb.metadata.get(ROLE_KEY, {}).get(STORE_KEY)
            if recorded != key:
                raise ValueError(f"it records the key {recorded!r}, not {key!r}")
        except Exception as err:  # noqa: BLE001 - whatever is wrong with it, it is not a result
            print(f"notebooks: store entry {path} is unreadable ({type(err).__name__}: {str(err)[:120]}); "
                  f"deleting it and executing {Path(source).name} again", file=sys.stderr, flush=True)
            try:
                with self.lock.held():
                    path.unlink(missing_ok=True)
            except OSError as gone:
                raise StoreEntryError(f"store entry {path} is unreadable and cannot be deleted ({gone}): "
                                      f"delete it by hand") from None
            return None
        return nb

    def put(self, source: Path, key: str, nb: nbformat.NotebookNode) -> Path:
        nb.metadata.setdefault(ROLE_KEY, {})[STORE_KEY] = key
        path = self.path(source, key)
        with self.lock.held():
            tmp = self.folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
            nbformat.write(nb, tmp)
            tmp.replace(path)  # atomic: a parallel reader never sees half a notebook
            for old in self.folder.glob(f"{Path(source).stem}-*.ipynb"):  # older results of this notebook
                if old != path and re.fullmatch(rf"{re.escape(Path(source).stem)}-[0-9a-f]{{20}}\.ipynb", old.name):
                    old.unlink(missing_ok=True)
        return path

    def executed(self, source: Path | str, digest: str | None = None, text: str | None = None) -> tuple[nbformat.NotebookNode, bool]:
        """The executed notebook for ``source`` (its current text), running it if the store lacks it.

        Returns the notebook and whether it was executed now.
        """
        source = Path(source)
        nb = nbformat.reads(text, as_version=4) if text is not None else nbformat.read(source, as_version=4)
        key = source_key(nb, digest or inputs_digest())
        found = self.get(source, key)
        if found is not None:
            return found, False
        result = execute(source, nb=nb)
        self.put(source, key, result)
        return result, True


def _read_unvalidated(path: Path) -> nbformat.NotebookNode:
    """A notebook for its key only: JSON as nbformat reads it, without the (slow) schema validation."""
    from nbformat.v4.rwbase import rejoin_lines

    return rejoin_lines(nbformat.from_dict(json.loads(Path(path).read_text(encoding="utf-8"))))


#: The folders whose notebooks the book runs: the chapters and the workshop.
FOLDERS = ("chapters", "atelier")


def book_notebooks(book: Path = ROOT) -> list[Path]:
    """Every notebook of the book, chapters then workshop (file stems are unique across folders)."""
    return [p for folder in FOLDERS for p in sorted((book / folder).glob("*.ipynb"))]


def toc_pages(book: Path = ROOT) -> list[str]:
    """The book's pages in ``_toc.yml`` order (``chapters/01_contexte``…), the root page aside."""
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    parts = toc.get("parts", [toc])  # a book without parts lists its chapters at the top
    return [chapter["file"] for part in parts for chapter in part.get("chapters", [])]


def chapter_numbers(book: Path = ROOT) -> dict[Path, int]:
    """The number of each page of the book, as the HTML and the PDF print it: its place in ``_toc.yml``."""
    return {(book / f"{file}.ipynb").resolve(): number for number, file in enumerate(toc_pages(book), start=1)}


def numbering_front_matter(number: int) -> str:
    """The first cell's front matter that makes jupyterlab-myst number « Figure 3.1 » as the book does."""
    return f'---\nnumbering:\n  enumerator: "{number}.%s"\n---\n'


def set_numbering(path: Path, number: int) -> bool:
    """Give a notebook's first cell the front matter of its chapter number; returns whether the file changed.

    JupyterLab numbers a notebook's figures on its own (« Figure 1 »); the book numbers them per chapter
    (« Figure 3.1 »). The Sphinx adapter drops this front matter (the book numbers from ``_toc.yml``).
    """
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    first = nb.cells[0]
    source = FRONT_MATTER.sub("", first.source, count=1)
    wanted = numbering_front_matter(number) + source
    if first.source == wanted:
        return False
    first.source = wanted
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return True


def default_store(book: Path = ROOT) -> Store:
    return Store(Path(book) / "_build" / "executed")


def execute_all(paths: list[Path], store: Store, jobs: int | None = None, log=print,
                timeout: int | None = None) -> dict[Path, float]:
    """Fill ``store`` with every notebook not already in it, ``jobs`` kernels at a time (default: one per core).

    Returns each executed notebook's wall time. Raises :class:`ExecutionError`
    listing every notebook that failed, whatever failed (the others are stored).
    Holds the store's lock throughout: a second run waits, then finds the results.
    """
    with store.lock.held(log):
        return _execute_all(paths, store, jobs, log, timeout)


def _execute_all(paths, store, jobs, log, timeout) -> dict[Path, float]:
    digest = inputs_digest()
    todo = []
    for path in paths:
        nb = _read_unvalidated(path)
        key = source_key(nb, digest)
        if store.get(path, key) is None:
            todo.append((path, nb, key))
    if not todo:
        return {}
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    log(f"notebooks: executing {len(todo)} notebook(s), {jobs} at a time")
    # longest first (the annex's twelve panels take four chapters' time): started last, the longest
    # notebook would leave the other cores idle at the end. By the last run's times; without them (a
    # cold build), by the notebook's size, which is mostly its charts' images, which are its cost
    try:
        last = json.loads((store.folder / "timings.json").read_text())["notebooks"]
    except (OSError, ValueError, KeyError, TypeError):
        last = {}
    if isinstance(last, dict) and all(path.name in last for path, _, _ in todo):
        todo.sort(key=lambda item: -last[item[0].name])
    else:
        last = last if isinstance(last, dict) else {}
        todo.sort(key=lambda item: -item[0].stat().st_size)

    def run(item):
        path, _, key = item
        started = time.perf_counter()
        # the book's run: the PDF needs vector charts
        store.put(path, key, execute(path, figure_formats=("png", "pdf"), zygote=zygote, timeout=timeout))
        return path, time.perf_counter() - started

    times, failures = {}, []
    started = time.perf_counter()
    # kernels forked from one zygote: the imports every chapter makes are paid once, not once per chapter
    with zygote_if_wanted(len(todo) > 1) as zygote:
        pool = ThreadPoolExecutor(max_workers=jobs)  # the work happens in the kernels, not in these threads
        futures = {pool.submit(run, item): item[0] for item in todo}
        try:
            for future, path in futures.items():
                try:
                    path, seconds = future.result()
                    times[path] = seconds
                    log(f"notebooks: {path.name} executed in {seconds:.1f} s")
                except ExecutionError as err:
                    failures.append(str(err))
                except Exception as err:  # noqa: BLE001 - one notebook's failure never loses the others' results
                    failures.append(f"{path.name}: {type(err).__name__}: {err}")
        except KeyboardInterrupt:
            # Ctrl-C: stop the kernels now rather than wait for their notebooks (main() ends the process)
            pool.shutdown(wait=False, cancel_futures=True)
            if zygote is not None:
                zygote.kill_kernels()
            raise
        pool.shutdown()
    wall = time.perf_counter() - started
    store.folder.mkdir(parents=True, exist_ok=True)
    (store.folder / "timings.json").write_text(json.dumps(
        {"wall": round(wall, 2), "jobs": jobs, "notebooks": {**last, **{p.name: round(t, 2) for p, t in times.items()}}},
        indent=1))
    log(f"notebooks: {len(times)} executed in {wall:.1f} s")
    if failures:
        raise ExecutionError("\n\n".join(failures))
    return times


# --------------------------------------------------------------------------
# writing results back into the committed notebooks


def clean_for_commit(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What the repository keeps of an executed notebook: outputs and evaluated expressions, no noise.

    Timings change on every run; widget state would make the static pages
    load widget JavaScript from public CDNs for widgets the book does not
    show, nor the views that point at it; injected parameters are not the chapter's. Cells tagged
    ``hide-input`` get ``jupyter.source_hidden`` so that JupyterLab collapses
    them as the book does.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.metadata.pop("widgets", None)
    nb.metadata.pop(ROLE_KEY, None)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("trusted", None)
        for output in cell.get("outputs", []):
            # a widget's view points at a model that exists only while its kernel runs (and whose id
            # changes on every run): the saved notebook keeps the widget's French text instead
            output.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
            # the PDF book's vector copy of a chart: JupyterLab shows the PNG, the book reads the store
            output.get("data", {}).pop("application/pdf", None)
        if "hide-input" in cell.metadata.get("tags", []):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return nb


def write_back(source: Path, executed: nbformat.NotebookNode) -> bool:
    """Save ``executed`` over ``source`` (cleaned); returns whether the file changed."""
    text = nbformat.writes(clean_for_commit(executed)) + "\n"
    if source.read_text(encoding="utf-8") == text:
        return False
    source.write_text(text, encoding="utf-8")
    return True


def _parameter(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` from the command line: the value as a Python literal (``99``, ``'x'``), else as text."""
    import ast

    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE (e.g. CONFIDENCE_LEVEL=90), got {text!r}")
    try:
        return name.strip(), ast.literal_eval(value.strip())
    except (ValueError, SyntaxError):
        return name.strip(), value.strip()


def run_with(path: Path | str, parameters: dict, output: Path | str) -> nbformat.NotebookNode:
    """Run one notebook with its « Paramètres » overridden and save the executed copy to ``output``.

    The notebook itself is left as it is; ``output`` gets its outputs and {eval} values, the injected cell
    (tagged ``injected-parameters``) showing what was changed.
    """
    nb = execute(path, parameters)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, output)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book_build.notebooks", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run", help="run one notebook at other parameters and write the executed copy",
                         description="e.g.: run chapters/07_economie_partage.ipynb --set CONFIDENCE_LEVEL=90 -o out.ipynb")
    one.add_argument("notebook", type=Path)
    one.add_argument("--set", dest="parameters", action="append", type=_parameter, default=[], metavar="NAME=VALUE",
                     help="a value of the « Paramètres » cell (repeatable)")
    one.add_argument("-o", "--output", type=Path, required=True, help="where to write the executed notebook")
    run = sub.add_parser("execute", help="execute notebooks into the store (in parallel)")
    run.add_argument("notebooks", nargs="*", type=Path, help="default: the book's notebooks (chapters/, atelier/)")
    run.add_argument("--store", type=Path, default=None, help="default: _build/executed beside chapters/")
    run.add_argument("--jobs", type=int, default=None, help="kernels at a time (default: one per core)")
    run.add_argument("--write", action="store_true", help="save the results into the notebooks")
    run.add_argument("--timeout", type=int, default=None, metavar="SECONDS",
                     help=f"seconds a cell may run (default: ${TIMEOUT_ENV}, else {TIMEOUT})")
    args = parser.parse_args(argv)
    if getattr(args, "timeout", None) is not None and args.timeout <= 0:
        parser.error("--timeout must be a positive number of seconds")
    try:
        return _main(args)
    except KeyboardInterrupt:
        # One line, no traceback. The store holds only whole notebooks (each written to a temporary
        # file, then renamed). The process ends here, at once: the executor's threads still wait on
        # kernels that are being stopped (forked ones are killed; an ordinary kernel ends with its
        # parent, as ipykernel watches it), and Python's exit would wait for them, then complain.
        print("notebooks: interrupted (Ctrl-C); the notebooks that finished are kept in the store",
              file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(130)


def _main(args) -> int:
    if args.command == "run":
        if not args.notebook.is_file():
            print(f"notebooks: no notebook at {args.notebook}", file=sys.stderr)
            return 2
        try:
            nb = run_with(args.notebook, dict(args.parameters), args.output)
        except ExecutionError as err:
            print(f"notebooks: execution failed\n{err}", file=sys.stderr)
            return 1
        changed = messages(nb, "conclusion-changed")
        print(f"notebooks: wrote {args.output} ({', '.join(f'{k} = {v!r}' for k, v in args.parameters) or 'no change'})"
              + (f"; {len(changed)} sentence(s) of the chapter no longer hold (⚠️ in the notebook)" if changed else ""))
        return 0
    paths = [p.resolve() for p in args.notebooks] or book_notebooks()
    store = Store(args.store) if args.store else default_store(paths[0].parent.parent)
    if args.write:  # the chapter number JupyterLab's figures carry follows _toc.yml
        numbers = chapter_numbers(paths[0].parent.parent)
        for path in paths:
            if path in numbers and set_numbering(path, numbers[path]):
                print(f"notebooks: numbered {path.name} as chapter {numbers[path]}")
    try:
        execute_all(paths, store, args.jobs, timeout=args.timeout)
    except ExecutionError as err:
        print(f"notebooks: execution failed\n{err}", file=sys.stderr)
        return 1
    if args.write:
        digest = inputs_digest()
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            if write_back(path, store.get(path, source_key(nb, digest))):
                print(f"notebooks: wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --------------------------------------------------------------------------
# committed results against a fresh run


ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
COMPARED = ("text/plain", "text/markdown", "text/html", "text/latex", "application/json")


def _comparable(output: dict) -> dict:
    kind = output.get("output_type")
    if kind == "stream":
        return {"stream": output.get("name"), "text": ADDRESS.sub("0x", output.get("text", ""))}
    if kind == "error":
        return {"error": output.get("ename")}
    data = output.get("data", {})
    shown = {m: ADDRESS.sub("0x", data[m] if isinstance(data[m], str) else json.dumps(data[m], sort_keys=True))
             for m in COMPARED if m in data}
    # images are compared by presence (PNG bytes vary with library builds); widgets by model name only
    shown.update({m: "<present>" for m in data if m.startswith("image/")})
    if "application/vnd.jupyter.widget-view+json" in data:
        shown["widget"] = "<present>"
        shown.pop("text/plain", None)
    return shown


def differences(committed: nbformat.NotebookNode, fresh: nbformat.NotebookNode) -> list[str]:
    """Where a committed notebook's outputs or evaluated expressions differ from a fresh execution.

    Cells tagged ``nbval-ignore-output`` (live widgets) are compared by output count only.
    """
    found = []
    a = [c for c in committed.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    b = [c for c in fresh.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    if [c.cell_type for c in a] != [c.cell_type for c in b]:
        return ["the cells differ (not the same notebook)"]
    for i, (old, new) in enumerate(zip(a, b)):
        if old.cell_type == "markdown":
            was = {e["expression"]: e["result"] for e in old.metadata.get("user_expressions", [])}
            now = {e["expression"]: e["result"] for e in new.metadata.get("user_expressions", [])}
            for expression in sorted(set(was) | set(now)):
                shown_was = was.get(expression, {}).get("data", {}).get("text/plain")
                shown_now = now.get(expression, {}).get("data", {}).get("text/plain")
                if shown_was != shown_now:
                    found.append(f"cell {i}: {{eval}}`{expression}` is {shown_was!r} in the notebook, {shown_now!r} when run")
            continue
        if old.cell_type != "code":
            continue
        outs_old, outs_new = old.get("outputs", []), new.get("outputs", [])
        if len(outs_old) != len(outs_new):
            found.append(f"cell {i}: {len(outs_old)} outputs in the notebook, {len(outs_new)} when run")
            continue
        if "nbval-ignore-output" in old.metadata.get("tags", []):
            continue
        for j, (o, n) in enumerate(zip(outs_old, outs_new)):
            if _comparable(o) != _comparable(n):
                found.append(f"cell {i}, output {j}: {str(_comparable(o))[:300]} in the notebook, "
                             f"{str(_comparable(n))[:300]} when run")
    return found
