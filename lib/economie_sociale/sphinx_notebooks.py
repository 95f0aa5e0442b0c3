"""Sphinx extension: the book's notebooks, executed through :mod:`.notebooks` and adapted for Sphinx.

The chapters are written in the MyST that jupyterlab-myst renders, so that
they read well in JupyterLab and on Binder with no build step. Sphinx and
MyST-NB spell three things differently; when Sphinx reads a notebook
(``source-read``), this extension hands it the executed notebook from the
store (running it if the store lacks it; ``scripts/build.sh`` fills the
store in parallel first) and rewrites:

1. ``{eval}`expr``` -> the result the execution stored in the Markdown
   cell's ``user_expressions``, checked to be French-formatted text;
2. a caption block (``:::{figure}`` with no image, right after a code cell
   that drew a chart or showed a table) -> MyST-NB's figure metadata on that
   cell, or a ``{table}`` directive holding the table; the figure's data
   table becomes an HTML-only dropdown under it;
3. the first cell's front matter (jupyterlab-myst's numbering) is dropped.

MyST-NB then renders the result with execution off. Anything missing (an
expression never evaluated, one that failed, a caption block with nothing to
caption) is a warning naming the notebook and cell: the build runs with
``-W``, so the book never shows a page with a hole in it.

When the data folder or the library change, every notebook is re-read (the
store is keyed on them, so it re-executes): no stale number survives.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from sphinx.application import Sphinx
from sphinx.util import logging

from . import ROLE_KEY, notebooks

logger = logging.getLogger(__name__)

DATA_TITLE = "Les données de cette figure"
CAPTION = re.compile(
    r"\A(?P<fence>:{3,})\{figure\}[ \t]*\n(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)\s*(?P<body>.*?)\n(?P=fence)[ \t]*\Z",
    re.DOTALL,
)
OPTION = re.compile(r"[ \t]*:([\w-]+):[ \t]*(.*)")
FRONT_MATTER = notebooks.FRONT_MATTER  # jupyterlab-myst's page options (the chapter's numbering)
# Characters that would start Markdown syntax (or a MyST role, or inline math) inside a substituted value.
MARKUP = re.compile(r"([\\`*_\[\]<>{}$|#])")
BARE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
PYTHON_REPR = re.compile(r"np\.|<[A-Za-z_]|array\(")  # "<Axes: ...>", but not "< 0,001"


class AdaptError(Exception):
    """A notebook cannot become a page as it stands (the message says which cell and why)."""


def check_result(expression: str, result: dict) -> str:
    """The text an ``{eval}`` result shows, or :class:`AdaptError` if it is missing, failed or is not French text."""
    if result.get("status") != "ok":
        raise AdaptError(f"{{eval}}`{expression}` failed when executed: {result.get('ename')}: {result.get('evalue')}")
    text = result.get("data", {}).get("text/plain")
    if text is None:
        raise AdaptError(f"{{eval}}`{expression}` has no text result (a chart or a table belongs in a code cell)")
    if "\n" in text:
        raise AdaptError(f"{{eval}}`{expression}` shows several lines; an inline value must be one line: {text[:80]!r}")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        raise AdaptError(f"{{eval}}`{expression}` is a plain string and would show its quotes in JupyterLab: "
                         f"wrap it with fmt.text(...)")
    if BARE_NUMBER.fullmatch(text) and ("." in text or len(text.lstrip("-")) >= 4):
        raise AdaptError(f"{{eval}}`{expression}` shows {text}, not French-formatted: use fmt.pct, fmt.number "
                         f"or fmt.dollars")
    if PYTHON_REPR.match(text) or "np.float" in text or "np.int" in text:
        raise AdaptError(f"{{eval}}`{expression}` shows a Python repr ({text[:60]}): format it with fmt")
    return text


def substitute(cell: nbformat.NotebookNode) -> str:
    """The Markdown cell's source with each ``{eval}`` replaced by its stored, escaped result."""
    stored = {e["expression"]: e["result"] for e in cell.metadata.get("user_expressions", [])}

    def replace(match: re.Match) -> str:
        expression = match.group(1)
        if expression not in stored:
            raise AdaptError(f"{{eval}}`{expression}` was never evaluated (was the notebook executed with "
                             f"economie_sociale.notebooks?)")
        return MARKUP.sub(r"\\\1", check_result(expression, stored[expression]))

    return notebooks.EVAL.sub(replace, cell.source)


def _caption(cell: nbformat.NotebookNode) -> dict | None:
    if cell.cell_type != "markdown":
        return None
    match = CAPTION.match(cell.source.strip())
    if not match:
        return None
    options = {}
    for line in match.group("options").splitlines():
        key, value = OPTION.match(line).groups()
        options[key] = value.strip()
    return {"options": options, "body": match.group("body").strip()}


def _outputs_with(cell, mime: str) -> list[int]:
    return [i for i, out in enumerate(cell.get("outputs", []))
            if mime in out.get("data", {}) and out.get("metadata", {}).get(ROLE_KEY) is None]


def _figure(code, caption: dict) -> list[nbformat.NotebookNode]:
    """Caption the chart of ``code`` (MyST-NB's figure metadata); its data table as an HTML-only dropdown."""
    opts, label = caption["options"], caption["options"]["label"]
    images = _outputs_with(code, "image/png")
    if len(images) != 1:
        raise AdaptError(f"caption block '{label}' follows a code cell with {len(images)} images; it needs exactly one")
    if not opts.get("alt"):
        raise AdaptError(f"caption block '{label}' has no :alt: text (screen readers need it)")
    code.metadata["mystnb"] = {"figure": {"name": label, "caption": caption["body"]}, "image": {"alt": opts["alt"]}}
    data = [i for i, out in enumerate(code.outputs) if out.get("metadata", {}).get(ROLE_KEY) == "figure-data"]
    cells = []
    for i in reversed(data):
        table = code.outputs.pop(i)["data"]["text/markdown"]
        cells.append(nbformat.v4.new_markdown_cell(
            f"::::{{only}} html\n:::{{dropdown}} {DATA_TITLE}\n:icon: table\n\n{table}\n:::\n::::"))
    return cells


def _table(code, caption: dict) -> list[nbformat.NotebookNode]:
    """A ``{table}`` directive holding the table that ``code`` showed; the code cell's output is removed."""
    label = caption["options"]["label"]
    shown = _outputs_with(code, "text/markdown")
    if len(shown) != 1:
        raise AdaptError(f"caption block '{label}' (a table) follows a code cell with {len(shown)} Markdown "
                         f"outputs; it needs exactly one table")
    markdown = code.outputs[shown[0]]["data"]["text/markdown"].strip()
    table, _, note = markdown.partition("\n\n")
    options = [f":name: {label}"] + [f":{k}: {v}" for k, v in caption["options"].items() if k in ("widths", "align")]
    title = " ".join(caption["body"].split())
    source = "::::{table} " + title + "\n" + "\n".join(options) + "\n\n" + table + "\n::::"
    if note.strip():
        source += "\n\n" + note.strip()
    tags = code.metadata.setdefault("tags", [])
    if "remove-output" not in tags:
        tags.append("remove-output")
    return [nbformat.v4.new_markdown_cell(source)]


def adapt(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The executed notebook as MyST-NB (execution off) should render it; :class:`AdaptError` on any hole."""
    cells = []
    problems = []
    for index, cell in enumerate(nb.cells):
        try:
            if cell.cell_type == "markdown":
                if index == 0:
                    cell.source = FRONT_MATTER.sub("", cell.source)
                cell.source = substitute(cell)
            caption = _caption(cell)
            if caption is None:
                cells.append(cell)
                continue
            label = caption["options"].get("label")
            if not label:
                raise AdaptError("caption block without a :label:")
            code = cells[-1] if cells and cells[-1].cell_type == "code" else None
            if code is None:
                raise AdaptError(f"caption block '{label}' must come right after the code cell that shows it")
            kind = caption["options"].get("kind", "figure")
            if kind == "figure":
                cells.extend(_figure(code, caption))
            elif kind == "table":
                cells.extend(_table(code, caption))
            else:
                raise AdaptError(f"caption block '{label}': unknown :kind: {kind!r} (figure or table)")
        except AdaptError as err:
            problems.append(f"cell {index}: {err}")
            cells.append(cell)
    if problems:
        raise AdaptError("\n".join(problems))
    nb.cells = cells
    return nb


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    path = Path(str(app.env.doc2path(docname)))
    if path.suffix != ".ipynb":
        return
    store = notebooks.default_store(Path(app.srcdir))
    try:
        executed, ran = store.executed(path, app.env.es_inputs_digest_now, text=source[0])
        if ran:
            logger.info(f"notebooks: executed {docname} (not in the store)")
        source[0] = nbformat.writes(adapt(executed))
    except (notebooks.ExecutionError, AdaptError) as err:
        logger.warning(f"{docname}: {err}", location=docname, type="notebooks")


def _on_builder_inited(app: Sphinx) -> None:
    app.env.es_inputs_digest_now = notebooks.inputs_digest()


def _on_env_get_outdated(app: Sphinx, env, added, changed, removed):
    # The digest the pages were last read with, pickled with the environment.
    previous, current = getattr(env, "es_inputs_digest_read", None), env.es_inputs_digest_now
    env.es_inputs_digest_read = current
    if previous == current:
        return []
    notebooks_ = [d for d in env.found_docs if str(env.doc2path(d)).endswith(".ipynb")]
    return [d for d in notebooks_ if d not in added and d not in changed]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
