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
3. the first cell's front matter (jupyterlab-myst's numbering) is dropped;
4. a Markdown cell tagged ``screen-only`` (how to run, click or unfold
   something) is wrapped in ``{only} html``, one tagged ``print-only`` in
   ``{only} latex``; a code cell that calls ``exercises.check`` is tagged
   ``exercise-check``.

On the site (:class:`JoinHiddenCode`, HTML only), hidden code cells that show nothing are folded
into the next hidden cell's « Afficher le code »: the chapters' short cells, one idea each, read
as steps of one analysis behind one toggle, not as a row of toggles.

The printed book (:func:`for_print`, LaTeX only) is the reader's edition: it
shows what the book says, shows and computes, not the notebook's machinery.

- A code cell's code is printed only when the cell is tagged ``print`` (code
  the text teaches, briefly); charts and tables print without the code that
  draws them. A code cell tagged ``screen-only`` (a widget) is not printed.
- Exercises are not printed: their statements name cells, variables and menu
  commands, and each answer is checked by the notebook (the introduction says
  so). A section holding only exercises is dropped when it ends its chapter
  (it did, alone on a page), else it keeps its title and says where to find
  them (:data:`EXERCISES_NOTE`), so that the sections after it keep their numbers.
- The pages listed in the ``economie_sociale_online_only`` setting (the
  workshop, done on a screen) print their title, their first box (what the
  page is for) and a note sending the reader to the online edition.

MyST-NB then renders the result with execution off. Anything missing (an
expression never evaluated, one that failed, a caption block with nothing to
caption) is a warning naming the notebook and cell: the build runs with
``-W``, so the book never shows a page with a hole in it.

When the data folder or the library change, every notebook is re-read (the
store is keyed on them, so it re-executes): no stale number survives.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from economie_sociale import ROLE_KEY

from . import notebooks
from .sphinx_typography import french

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
PRINT_TAG = "print"  # a code cell whose code the printed book shows (code the text teaches)
SCREEN_TAG = "screen-only"  # a cell meant for a screen only (run, click, unfold; a widget)
PRINT_ONLY_TAG = "print-only"  # a Markdown cell for the printed book only (what it says instead)
CHECK_TAG = "exercise-check"  # set by adapt() on the cells that check an exercise's answer
CHECK_CALL = re.compile(r"^\s*exercises\.check\(", re.M)
INTRODUCTION = r"\chapter*{Introduction}\addcontentsline{toc}{chapter}{Introduction}\markboth{Introduction}{Introduction}"
EXERCISES_NOTE = ("Les exercices de cette section se font à l'écran, dans le carnet du chapitre, qui vérifie "
                  "chaque réponse et cache sa solution sous son énoncé. Ils ne sont pas imprimés : on les trouve "
                  "dans la version en ligne du livre et dans le dossier chapters/ de son dépôt.")
ONLINE_ONLY_NOTE = ("Cet atelier se fait à l'écran, dans les carnets du livre : chaque exercice s'y vérifie de "
                    "lui-même. Il n'est pas imprimé ; il se trouve dans la version en ligne du livre et dans le "
                    "dossier atelier/ de son dépôt.")


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
                             f"book_build.notebooks?)")
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


def only(builder: str, source: str) -> str:
    """``source`` inside an ``{only} <builder>`` block, fenced longer than any colon fence it holds."""
    longest = max([len(m) for m in re.findall(r"^[ \t]*(:{3,})", source, re.M)] or [2])
    fence = ":" * (longest + 1)
    return f"{fence}{{only}} {builder}\n{source.strip()}\n{fence}"


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
                if SCREEN_TAG in cell.metadata.get("tags", []):
                    cell.source = only("html", cell.source)
                elif PRINT_ONLY_TAG in cell.metadata.get("tags", []):
                    cell.source = only("latex", cell.source)
            elif cell.cell_type == "code" and CHECK_CALL.search(cell.source):
                tags = cell.metadata.setdefault("tags", [])
                if CHECK_TAG not in tags:
                    tags.append(CHECK_TAG)
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


def _is_cell(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "cell" in node.get("classes", [])


def _tags(cell: nodes.container) -> set[str]:
    return {c[len("tag_"):] for c in cell["classes"] if c.startswith("tag_")}


def for_print(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The printed book without the notebook's machinery (see the module's docstring); LaTeX only.

    The LaTeX builder resolves the whole book as one tree (``docname`` is the root page); each page
    sits in it under a ``start_of_file`` node naming it.
    """
    if app.builder.format != "latex":
        return
    for page in list(doctree.findall(addnodes.start_of_file)):
        if any(fnmatch.fnmatch(page["docname"], pattern) for pattern in app.config.economie_sociale_online_only):
            _online_only(page)
    _exercises_online_only(doctree)
    # the root page opens the book under a title of its own, in the contents and the running heads
    # (Jupyter Book prints it untitled, its running head still « Table des matières »)
    doctree.insert(0, nodes.raw("", INTRODUCTION, format="latex"))
    for cell in list(doctree.findall(_is_cell)):
        tags = _tags(cell)
        if CHECK_TAG in tags or SCREEN_TAG in tags:
            cell.parent.remove(cell)
            continue
        # (sphinx-jupyterbook-latex has turned the input and output containers into nodes of its own)
        if PRINT_TAG not in tags:
            for part in [c for c in cell.children if "cell_input" in c.get("classes", [])]:
                cell.remove(part)
        if not any(c.children for c in cell.children if isinstance(c, nodes.Element)):
            cell.parent.remove(cell)


def _exercises_online_only(doctree: nodes.document) -> None:
    """No exercise in print; a section of exercises only keeps its title and :data:`EXERCISES_NOTE`."""
    from sphinx_exercise.nodes import (exercise_enumerable_node, exercise_latex_number_reference, exercise_node,
                                       solution_node)

    def is_exercise(node) -> bool:
        return isinstance(node, (exercise_node, exercise_enumerable_node, solution_node))

    for section in list(doctree.findall(nodes.section)):
        body = [n for n in section.children if not isinstance(n, (nodes.title, nodes.target))]
        if any(is_exercise(n) for n in body) and all(
                is_exercise(n) or _is_cell(n) or isinstance(n, (nodes.paragraph, nodes.comment)) for n in body):
            later = section.parent.children[section.parent.index(section) + 1:]
            if not any(isinstance(n, nodes.section) for n in later):  # a chapter's last section: dropped
                section.parent.remove(section)  # (the introduction says where the exercises are)
                continue
            for node in body:  # numbered sections follow: the section stays, so that they keep the site's numbers
                section.remove(node)
            section.append(nodes.paragraph("", french(EXERCISES_NOTE)))
    for node in list(doctree.findall(is_exercise)):
        node.parent.remove(node)
    # the prose's « voir l'exercice 3.4 » keeps its words, without a link to an exercise not printed
    for ref in list(doctree.findall(exercise_latex_number_reference)):
        ref.parent.replace(ref, nodes.Text(ref.astext()))


def _online_only(page: nodes.Element) -> None:
    """A page done on a screen: its title, its first box (what it is for) and a note, nothing else."""
    section = next(iter(page.findall(nodes.section)), None)
    if section is None:
        return
    box = next((n for n in section.children if isinstance(n, nodes.Admonition)), None)
    keep = [n for n in section.children if isinstance(n, (nodes.title, nodes.target))]
    section.children = []
    for node in [*keep, *([box] if box is not None else [])]:
        section.append(node)
    section.append(nodes.paragraph("", french(ONLINE_ONLY_NOTE)))


def _hidden_code_cell(node: nodes.Node) -> bool:
    return (isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"
            and node.get("hide_mode") == "input" and bool(node.children)
            and node.children[0].get("nb_element") == "cell_code_source")


def _shows_something(cell: nodes.container) -> bool:
    return cell.children[-1].get("nb_element") == "cell_code_output"


class JoinHiddenCode(SphinxPostTransform):
    """Consecutive hidden code cells behind one « Afficher le code »: a run of ``hide-input`` cells that
    show nothing joins the cell after it when that one is hidden too (its code first, a blank line
    between cells), or the last of the run. A cell that shows something closes its group, so each
    figure or table keeps the code that leads to it. Runs before MyST-NB wraps each cell's code in
    its own toggle (``HideInputCells``, priority 199)."""

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs) -> None:
        parents = {id(c.parent): c.parent for c in self.document.findall(_hidden_code_cell)}
        for parent in parents.values():
            run: list[nodes.container] = []
            for child in list(parent.children):
                if _hidden_code_cell(child):
                    run.append(child)
                    if _shows_something(child):
                        self._join(run)
                        run = []
                    continue
                self._join(run)
                run = []
            self._join(run)

    @staticmethod
    def _join(cells: list[nodes.container]) -> None:
        if len(cells) < 2:
            return
        *before, target = cells
        blocks = [next(c.children[0].findall(nodes.literal_block)) for c in cells]
        code = "\n\n".join(b.astext().rstrip("\n") for b in blocks)
        blocks[-1].clear()
        blocks[-1].append(nodes.Text(code))
        blocks[-1].rawsource = code  # equal to its text, or Sphinx takes it for a parsed literal and does not highlight it
        for cell in before:
            cell.parent.remove(cell)


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
    app.add_post_transform(JoinHiddenCode)
    # pages that print as their title, first box and a note (fnmatch patterns of docnames)
    app.add_config_value("economie_sociale_online_only", [], "env", [list])
    app.connect("doctree-resolved", for_print, priority=800)  # before sphinx_layout's barriers (900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
