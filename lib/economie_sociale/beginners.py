"""French help for beginners in JupyterLab: an IPython extension, and the command that installs it.

In a kernel that a Jupyter server started (JupyterLab, Binder, a hub), the
extension

- explains Python's errors in French, from what the participant typed: a
  decimal comma (``24,8``, ``0,024``), a ``%`` after a number, curly quotes
  pasted from a document, a key without its quotes, a name that does not
  exist yet (after a kernel restart, or a cell run out of order), the
  library's own refusals (an unknown key, a percentage that no whole count
  gives); the traceback is reduced to one line (``%tb`` shows it whole);
- lets « Restart Kernel and Run All » run to the end: an exercise cell (one
  that calls ``exercises.check``) whose answer line fails shows its French
  explanation and counts as run, so that one unfinished answer does not stop
  the rest of the notebook; an error inside the check itself still stops it;
- imports the book's modules (``data``, ``fmt``, ``stats``…) into every new
  kernel, so that the prose's numbers and the checks work after a restart
  even before the first cell is run again (the notebooks still import them
  in their first cell: nothing depends on this);
- keeps ``$`` literal in data frames (« 500 000 $ à 999 999 $ » is not
  mathematics).

The book's build runs its notebooks outside any Jupyter server: there the
extension does nothing, so a failing cell fails the build as before.

``python -m economie_sociale.beginners install`` writes, into the current
environment (``sys.prefix``), the IPython configuration that loads the
extension in every kernel, and JupyterLab's settings for the workshop
(French interface, no news prompt, no update check). ``binder/postBuild``
and ``scripts/setup.sh`` run it; on a laptop, run it once after installing.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import traceback
from pathlib import Path

from .fmt import Text

#: The modules the chapters and the workshop import, under the names they use.
MODULES = ("audit", "book", "charts", "data", "exercises", "fmt", "stats")
#: Set by jupyter_server for the kernels it starts (the notebook's path); absent in the build's kernels.
SESSION_VARIABLE = "JPY_SESSION_NAME"
#: Forces the extension on outside a Jupyter server (tests).
FORCE_VARIABLE = "ECONOMIE_SOCIALE_BEGINNERS"

#: JupyterLab settings for everyone in this environment (``share/jupyter/lab/settings/overrides.json``).
LAB_SETTINGS = {
    "@jupyterlab/translation-extension:plugin": {"locale": "fr_FR"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # a link to a page of the book (intro.md) opens it rendered, not as Markdown source in an editor
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}},
}
KERNEL_CONFIG = """\
# Written by `python -m economie_sociale.beginners install`: French help for the workshop's beginners.
c.InteractiveShellApp.extensions = ["economie_sociale.beginners"]
"""


class Explanation(Text):
    """What went wrong, in French, as Markdown whose code spans can be pasted back; then Python's own words."""

    HEAD = "❌ Python n'a pas pu exécuter cette cellule."

    def __new__(cls, message: str, detail: str = ""):
        self = super().__new__(cls, f"{cls.HEAD} {message}" + (f"\n{cls.technical(detail)}" if detail else ""))
        self.message, self.detail = message, detail
        return self

    @staticmethod
    def technical(detail: str) -> str:
        return f"(Détail technique : {detail} — la commande %tb affiche la trace complète.)"

    def _repr_markdown_(self) -> str:
        from .exercises import markdown

        said = f"**{self.HEAD}** {markdown(self.message)}"
        if self.detail:
            said += (f"\n\n*Détail technique :* `{self.detail.replace('`', chr(39))}` — la commande `%tb` affiche "
                     "la trace complète.")
        return said


# ---------------------------------------------------------------------------
# what to say


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _known_keys() -> dict[str, str]:
    """Every key a participant may type without its quotes, with what it is."""
    from . import data

    keys = {}
    for kind, frame, column in (("un groupe", data.segments(), "segment"),
                                ("une technologie", data.technologies(), "technology"),
                                ("une question", data.questions(), "question")):
        keys.update({k: kind for k in frame[column]})
    return keys


def _user_names(shell) -> list[str]:
    hidden = getattr(shell, "user_ns_hidden", {})
    return sorted(k for k, v in shell.user_ns.items()
                  if not k.startswith("_") and k not in hidden and k not in MODULES
                  and k not in ("In", "Out", "exit", "quit", "get_ipython") and not type(v).__name__ == "module")


RESTART = ("après un redémarrage du noyau, tout est à réexécuter dans l'ordre : menu *Exécution* › "
           "*Exécuter toutes les cellules*")


def explain_syntax(error: SyntaxError) -> str:
    line = (error.text or "").strip()
    where = f"Ligne {error.lineno} : {_code(line)}. " if line else ""
    msg = str(error.msg)
    if re.search(r"[“”‘’«»]", line):
        return (where + "Ces guillemets courbes (“ ” ou « ») viennent d'un traitement de texte : Python ne connaît "
                "que les guillemets droits du clavier. Retapez-les : " + _code('"size_lt5"') + ".")
    if "leading zeros" in msg or re.search(r"\d,\d", line) and "invalid" in msg:
        number = re.search(r"(\d+),(\d+)", line)
        fixed = f"{number[1]}.{number[2]}" if number else "24.8"
        return (where + "En Python, les décimales s'écrivent avec un point, pas une virgule : écrivez "
                + _code(fixed) + ".")
    if re.search(r"\d\s*%", line):
        number = re.search(r"(\d+(?:[.,]\d+)?)\s*%", line)
        value = number[1].replace(",", ".") if number else "30"
        return (where + "Le signe « % » ne s'écrit pas après un nombre en Python : un pourcentage s'écrit comme un "
                "nombre, " + _code(value) + " pour " + value.replace(".", ",") + " %.")
    if "unterminated string" in msg or "EOL while scanning" in msg:
        return where + "Un guillemet est ouvert mais jamais refermé : une clé s'écrit entre deux guillemets, " \
                       + _code('"size_lt5"') + "."
    if "never closed" in msg or "unmatched" in msg or "does not match" in msg:
        return where + "Une parenthèse ou un crochet est ouvert sans être refermé (ou l'inverse) : comptez-les."
    if isinstance(error, IndentationError):
        return where + "Une ligne commence par des espaces en trop (ou en manque) : alignez-la à gauche comme les autres."
    if "forgot a comma" in msg:
        return (where + "Deux éléments se suivent sans rien entre eux : une virgule manque entre deux valeurs, ou des "
                "guillemets autour d'une clé (" + _code('"size_lt5"') + ").")
    if line.rstrip().endswith("=") or "expected an expression" in msg:
        return where + "Il manque la valeur après le signe « = » : écrivez votre réponse à droite du « = »."
    return (where + "Python n'a pas compris cette ligne. Vérifiez les guillemets (droits, par paires), les "
            "parenthèses, et qu'un nombre décimal s'écrit avec un point (" + _code("24.8") + ").")


def explain_name(error: NameError, shell=None) -> str:
    name = getattr(error, "name", None) or (re.findall(r"'([^']+)'", str(error)) or ["?"])[0]
    if name in MODULES:
        return (f"{_code(name)} n'est pas défini : la première cellule du carnet (celle qui importe la bibliothèque) "
                f"n'a pas été exécutée depuis le démarrage du noyau. Exécutez-la, puis cette cellule ; {RESTART}.")
    if name.lower() in {"true", "false", "vrai", "faux", "oui", "non"}:
        right = "True" if name.lower() in {"true", "vrai", "oui"} else "False"
        return f"Python écrit {_code(right)}, avec une majuscule et sans guillemets, pour « {name} »."
    try:
        kind = _known_keys().get(name)
    except Exception:  # the data could not be read: say the general case
        kind = None
    if kind:
        return (f"{_code(name)} est la clé d'{kind} : une clé s'écrit entre "
                f"guillemets, {_code(repr(name).replace(chr(39), chr(34)))}. Sans guillemets, Python cherche une "
                "variable de ce nom.")
    names = _user_names(shell) if shell is not None else []
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    said = f"{_code(name)} n'existe pas (encore) dans ce carnet. "
    if close:
        said += f"Vouliez-vous dire {_code(close[0])} ? "
    said += ("Soit la cellule qui le crée, plus haut, n'a pas été exécutée (" + RESTART + "), soit le nom est mal "
             "écrit (majuscules et accents comptent).")
    if names:
        said += " Noms déjà définis : " + ", ".join(_code(n) for n in names[:10]) + "."
    return said


_WHAT_FR = {"segment": "groupe (segment)", "technology": "technologie", "question": "question", "item": "barre (item)",
            "level": "niveau de réponse (level)", "exercise": "exercice", "measure": "mesure"}
_LISTS = {"segment": "data.segments()", "technology": "data.technologies()", "question": "data.questions()"}


def explain_library(error: Exception) -> str | None:
    """The library's own refusals, in French; None for an error it did not raise on purpose."""
    from .errors import ArgumentError, UnknownKeyError

    text = str(error)
    if isinstance(error, UnknownKeyError):
        what = next((w for w in _WHAT_FR if w in str(error.what)), None)
        said = f"{_code(repr(error.key))} n'est pas un{'e' if what in ('technology', 'question', 'measure') else ''} " \
               f"{_WHAT_FR.get(what, str(error.what))} connu{'e' if what in ('technology', 'question', 'measure') else ''}. "
        close = re.search(r"did you mean (.*?)\?\)", text)
        if close:
            said += "Vouliez-vous dire " + " ou ".join(_code(c) for c in re.findall(r"'[^']*'", close[1])) + " ? "
        if what in _LISTS:
            said += f"{_code(_LISTS[what])} donne la liste ; {_code('data.find(' + chr(34) + 'mot' + chr(34) + ')')} " \
                    "cherche une clé à partir d'un mot français."
        return said
    if isinstance(error, ArgumentError):
        whole = re.match(r"([\d.]+) % cannot be a whole count over n = (\d+)", text)
        if whole:
            return (f"Aucun nombre entier d'entreprises sur {whole[2]} ne donne {whole[1].replace('.', ',')} % : la "
                    "part et la base ne vont pas ensemble (même groupe ?), ou la part est une proportion "
                    f"(écrivez {_code('42')}, pas {_code('0.42')}).")
        kind = re.search(r"(\w+) must be a (?:whole )?number, got (\w+) (.*)$", text)
        if kind and kind[2] == "tuple":
            return (f"{_code(kind[1])} a reçu deux nombres séparés par une virgule ({kind[3]}) : en Python, les "
                    f"décimales s'écrivent avec un point ({_code('24.8')}).")
        if kind and kind[2] == "str":
            return f"{_code(kind[1])} doit être un nombre, pas un texte : enlevez les guillemets ({kind[3]})."
        return ("La bibliothèque du livre refuse cette valeur (son message, en anglais, suit) : vérifiez ce que vous "
                f"passez à la fonction. « {text} »")
    return None


def explain(error: BaseException, shell=None) -> str:
    """A French sentence saying what went wrong and what to do."""
    if isinstance(error, SyntaxError):
        return explain_syntax(error)
    if isinstance(error, NameError):
        return explain_name(error, shell)
    said = explain_library(error)
    if said:
        return said
    text = str(error)
    line = _cell_line(error)
    where = f"Ligne {line[0]} : {_code(line[1])}. " if line else ""
    if isinstance(error, TypeError):
        if "'tuple'" in text:
            return where + ("Une valeur est un couple de nombres, sans doute un nombre décimal écrit avec une virgule "
                            f"({_code('24,8')}) : en Python, on écrit {_code('24.8')}.")
        if "'str'" in text and ("operand" in text or "concatenate" in text):
            return where + "Vous calculez avec un texte : un nombre s'écrit sans guillemets."
        if "positional argument" in text or "argument" in text:
            return where + ("La fonction n'a pas reçu les valeurs qu'elle attend (trop, pas assez, ou mal nommées) : "
                            f"relisez la consigne ; {_code('help(fonction)')} décrit ses arguments.")
        if "not callable" in text:
            return where + "Des parenthèses suivent quelque chose qui n'est pas une fonction : retirez-les."
        if "not subscriptable" in text:
            return where + "Des crochets suivent quelque chose qui n'est pas un tableau ni une liste."
    if isinstance(error, KeyError):
        return where + (f"La colonne ou la clé {_code(text)} n'existe pas dans ce tableau : vérifiez l'orthographe ; "
                        f"{_code('tableau.columns')} liste les colonnes d'un tableau.")
    if isinstance(error, AttributeError):
        missing = re.search(r"has no attribute '([^']+)'", text)
        name = _code(missing[1]) if missing else "ce nom"
        return where + (f"{name} n'existe pas sur cet objet : vérifiez l'orthographe (la bibliothèque est en anglais : "
                        f"{_code('help(data)')} liste ses fonctions).")
    if isinstance(error, IndexError):
        return where + ("Le tableau n'a pas de ligne à cette position : sans doute votre filtre n'a rien gardé "
                        "(vérifiez la clé ou la valeur filtrée).")
    if isinstance(error, ZeroDivisionError):
        return where + "Une division par zéro : une base ou un nombre vaut 0."
    return where + f"Python signale une erreur ({type(error).__name__}) : relisez cette ligne."


def _cell_line(error: BaseException) -> tuple[int, str] | None:
    """The line of the participant's cell where ``error`` happened (the last frame from a cell)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "ipykernel_" in f.filename or "<ipython" in f.filename]
    if frames and frames[-1].line:
        return frames[-1].lineno, frames[-1].line.strip()
    return None


def _detail(error: BaseException) -> str:
    return (f"{type(error).__name__}: {error}".splitlines() or [""])[0][:300]


# ---------------------------------------------------------------------------
# the extension


def _show(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler: the French explanation, with Python's one line below it.

    ipykernel publishes no error output for a handled exception: what the cell
    shows is this display alone (its reply still says « error », so Run All stops
    at a failing cell, except an exercise's: see :func:`_after_cell`).
    """
    from IPython.display import display

    try:
        display(Explanation(explain(value, shell), _detail(value)))
    except Exception:  # never hide the error behind a failure of ours
        return shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    return [Explanation.technical(_detail(value))]


def _is_exercise_cell(info) -> bool:
    tags = ((getattr(info, "cell_meta", None) or {}).get("tags") or [])
    return "exercises.check(" in (getattr(info, "raw_cell", "") or "") or "raises-exception" in tags


def _from_a_check(error: BaseException) -> bool:
    """Whether ``error`` was raised inside the library's checks (a bug to show, not a participant's slip)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and f"economie_sociale{os.sep}exercises" in frames[-1].filename


def _after_cell(result) -> None:
    """An exercise cell whose answer failed has been explained: it counts as run, so Run All goes on."""
    if result is None or result.success or not _is_exercise_cell(result.info):
        return
    error = result.error_before_exec or result.error_in_exec
    if error is not None and not _from_a_check(error):
        result.error_before_exec = result.error_in_exec = None


def active() -> bool:
    return bool(os.environ.get(SESSION_VARIABLE) or os.environ.get(FORCE_VARIABLE))


def load_ipython_extension(shell) -> None:
    if not active():
        return  # the book's build: Python's own errors, and a failing cell fails the build
    import pandas as pd

    pd.set_option("display.html.use_mathjax", False)  # « 500 000 $ à 999 999 $ » is text in every table
    shell.set_custom_exc((Exception,), _show)
    shell.events.register("post_run_cell", _after_cell)
    import importlib

    shell.push({name: importlib.import_module(f"economie_sociale.{name}") for name in MODULES}, interactive=False)


def unload_ipython_extension(shell) -> None:
    shell.set_custom_exc((), None)
    try:
        shell.events.unregister("post_run_cell", _after_cell)
    except ValueError:
        pass


# ---------------------------------------------------------------------------
# installing it


def install(prefix: Path | None = None) -> list[Path]:
    """Write the kernel configuration and JupyterLab's settings into the environment at ``prefix``."""
    prefix = Path(prefix or sys.prefix)
    config = prefix / "etc" / "ipython" / "ipython_kernel_config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    if not config.exists():
        config.write_text(KERNEL_CONFIG, encoding="utf-8")
    elif "economie_sociale.beginners" not in config.read_text(encoding="utf-8"):  # keep the environment's own settings
        config.write_text(config.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + KERNEL_CONFIG, encoding="utf-8")
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(overrides.read_text(encoding="utf-8")) if overrides.exists() else {}
    for plugin, values in LAB_SETTINGS.items():
        settings.setdefault(plugin, {}).update(values)
    overrides.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [config, overrides]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m economie_sociale.beginners",
                                     description="Install the workshop's French help into this Python environment.")
    parser.add_argument("command", choices=["install"])
    parser.add_argument("--prefix", type=Path, help="the environment's folder (default: this Python's sys.prefix)")
    args = parser.parse_args(argv)
    for path in install(args.prefix):
        print(f"écrit : {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
