"""The facilitator's tools for the workshop (``atelier/``): its timing, measured, and a notebook reset.

``python -m economie_sociale.workshop timing`` plays a scripted beginner
through each workshop notebook and prints how long it takes:

- the prose a participant reads (Markdown cells, without the solution
  blocks), at :data:`WPM` words per minute;
- :data:`RUN_CELL` seconds to run each code cell and look at its result;
- for each exercise, one typical wrong answer (the first of its registered
  ``wrong`` answers) then the right one (its solution), each typed in
  :data:`TYPE_ANSWER` seconds; the French hint the wrong answer really gets
  from the check is read at the same pace;
- the parts headed « Pour aller plus loin » apart: they are for the fast.

``--update-guide`` writes the table into ``atelier/guide_animation.md``
(between its ``workshop-timing`` markers); the tests check that the guide
and each notebook's « Durée » agree with the measure.

``python -m economie_sociale.workshop reset atelier/atelier_1_premiers_pas.ipynb``
puts a notebook back as it was published, after keeping the participant's
copy beside it (``…-copie-<date>.ipynb``). It reads the original from the
repository's git history, which Binder and a JupyterHub's nbgitpuller
both keep.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ("atelier/atelier_1_premiers_pas.ipynb", "atelier/atelier_2_marges.ipynb", "atelier/atelier_3_comparer.ipynb")
GUIDE = ROOT / "atelier" / "guide_animation.md"

#: Words per minute for a beginner reading instructions in French (a careful, not a fast, reader).
WPM = 100
#: Seconds to run a code cell and look at what it shows.
RUN_CELL = 45
#: Seconds to find an answer and type it into its cell (each attempt).
TYPE_ANSWER = 120
#: The agenda around the notebooks, in minutes: welcome and set-up, a break, the closing round.
AROUND = {"welcome": 10, "demo": 10, "break": 10, "closing": 5}
#: The agenda's rows, in order: what happens, in French (a notebook's row is its link).
AGENDA = [
    ("welcome", "Accueil, ouverture des liens (Binder ou JupyterHub), tour de table : quels chiffres utilisez-vous dans "
                "votre organisation ?"),
    ("demo", "Démonstration à l'écran : ce qu'est un carnet, exécuter une cellule (Maj + Entrée), l'ordre des "
             "cellules, les vérifications ✅ / ❌, redémarrer le noyau"),
    (NOTEBOOKS[0], "[Atelier 1 — Premiers pas](atelier_1_premiers_pas.ipynb) : lire un graphique et ses données, "
                   "changer de groupe"),
    ("break", "Pause (chacun télécharge son carnet : *Fichier › Télécharger*)"),
    (NOTEBOOKS[1], "[Atelier 2 — Une part et sa marge d'erreur](atelier_2_marges.ipynb)"),
    (NOTEBOOKS[2], "[Atelier 3 — Comparer deux groupes, vérifier le rapport](atelier_3_comparer.ipynb)"),
    ("closing", "Retour en grand groupe : une phrase par personne ; comment garder son travail"),
]
TOTAL = 120
START, END = "<!-- workshop-timing:start (python -m economie_sociale.workshop timing --update-guide) -->", \
    "<!-- workshop-timing:end -->"
LATER = re.compile(r"^#+\s*Pour aller plus loin", re.M)
SOLUTION = re.compile(r"^(:{3,})\{solution\}.*?^\1\s*$", re.M | re.S)


@dataclass
class Timing:
    notebook: str
    reading: float       # minutes, core
    cells: int           # code cells run, core
    exercises: int
    exercise_minutes: float
    later: float         # minutes of the « Pour aller plus loin » parts

    @property
    def core(self) -> float:
        return self.reading + self.cells * RUN_CELL / 60 + self.exercise_minutes

    @property
    def announced(self) -> int:
        """The core, rounded up to 5 minutes: what the notebook and the guide announce."""
        return 5 * math.ceil(self.core / 5)


def _words(text: str) -> int:
    text = SOLUTION.sub("", text)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)      # front matter
    text = re.sub(r"^[:`]{3,}.*$|^:\w+:.*$", "", text, flags=re.M)  # directive fences and options
    return len(re.findall(r"\w+", text))


def time_notebook(path: str | Path) -> Timing:
    """The scripted beginner's time through one workshop notebook (see the module's docstring)."""
    import nbformat

    from . import exercises

    nb = nbformat.read(ROOT / path, as_version=4)
    catalogue = exercises.catalogue()
    reading = later = 0.0
    cells = count = 0
    exercise_minutes = 0.0
    in_later = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts = LATER.split(cell.source, maxsplit=1)
            minutes = _words(parts[0]) / WPM
            if in_later:
                later += minutes
            else:
                reading += minutes
            if len(parts) > 1:
                in_later = True
                later += _words(parts[1]) / WPM
            continue
        checked = re.search(r'exercises\.check\("([^"]+)"', cell.source)
        if checked:
            exercise = catalogue[checked[1]]
            hint = exercises.check(checked[1], exercise.wrong[0]).message
            seconds = TYPE_ANSWER + RUN_CELL + len(re.findall(r"\w+", hint)) / WPM * 60 + TYPE_ANSWER + RUN_CELL
        else:
            seconds = RUN_CELL
        if in_later:
            later += seconds / 60
        elif checked:
            exercise_minutes += seconds / 60
            count += 1
        else:
            cells += 1
    return Timing(Path(path).name, reading, cells, count, exercise_minutes, later)


def timings() -> list[Timing]:
    return [time_notebook(p) for p in NOTEBOOKS]


def table(found: list[Timing] | None = None) -> str:
    """The guide's block: the measure per notebook and the two-hour agenda it gives."""
    found = found or timings()
    rows = [START, "",
            f"Mesuré par `python -m economie_sociale.workshop timing` : une personne qui débute lit le texte à "
            f"{WPM} mots par minute, met {RUN_CELL} s à exécuter chaque cellule et à en regarder le résultat, et, "
            f"à chaque exercice, donne d'abord une réponse fausse typique (elle lit l'indice que la vérification "
            f"lui renvoie), puis la bonne ; chaque réponse lui prend {TYPE_ANSWER} s à trouver et à taper.", "",
            "| carnet | lecture | cellules | exercices | tronc commun | annoncé | « Pour aller plus loin » |",
            "|---|---|---|---|---|---|---|"]
    for t in found:
        rows.append(f"| `{t.notebook}` | {t.reading:.0f} min | {t.cells} ({t.cells * RUN_CELL / 60:.0f} min) | "
                    f"{t.exercises} ({t.exercise_minutes:.0f} min) | {t.core:.0f} min | {t.announced} min | "
                    f"{t.later:.0f} min |")
    core = sum(t.announced for t in found)
    rows += ["", f"Tronc commun : {core} min ; avec l'accueil, la démonstration, la pause et la conclusion "
             f"({sum(AROUND.values())} min), la séance dure {core + sum(AROUND.values())} min sur {TOTAL}. "
             "Les parties « Pour aller plus loin » occupent qui a fini avant les autres.", "",
             "| heure | durée | activité |", "|---|---|---|"]
    minutes = {t.notebook: t.announced for t in found}
    clock = 0
    for key, what in AGENDA:
        length = minutes.get(Path(key).name, AROUND.get(key))
        rows.append(f"| {clock // 60} h {clock % 60:02d} | {length} min | {what} |")
        clock += length
    rows += ["", END]
    return "\n".join(rows)


def update_guide(guide: Path = GUIDE) -> bool:
    text = guide.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: table(), text, flags=re.S)
    if new != text:
        guide.write_text(new, encoding="utf-8")
    return new != text


def reset(notebook: str | Path, root: Path = ROOT) -> Path:
    """Put ``notebook`` back as published; the participant's copy is kept beside it. Returns the copy's path."""
    path = Path(notebook)
    path = path if path.is_absolute() else (Path.cwd() / path)
    if not path.exists():
        raise SystemExit(f"{notebook} : ce carnet n'existe pas ici (dossier courant : {Path.cwd()}).")
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    try:
        original = subprocess.run(["git", "-C", str(root), "show", f"HEAD:{relative}"], check=True,
                                  capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit(f"{relative} : l'original est introuvable (pas d'historique git ici). Téléchargez le carnet "
                         "de nouveau, ou rouvrez le lien de l'atelier.") from None
    copy = path.with_name(f"{path.stem}-copie-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
    shutil.copy2(path, copy)
    path.write_bytes(original)
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m economie_sociale.workshop", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    timing = sub.add_parser("timing", help="the scripted beginner's time through each notebook")
    timing.add_argument("--update-guide", action="store_true", help="write the table into the facilitator guide")
    again = sub.add_parser("reset", help="put a notebook back as published (your copy is kept beside it)")
    again.add_argument("notebook")
    args = parser.parse_args(argv)
    if args.command == "timing":
        if args.update_guide:
            print("guide_animation.md mis à jour" if update_guide() else "guide_animation.md déjà à jour")
        else:
            print(table())
    else:
        copy = reset(args.notebook)
        print(f"{args.notebook} est revenu à son état d'origine ; votre version est gardée dans {copy.name}. "
              "Rouvrez le carnet (s'il était ouvert : menu Fichier › Recharger le carnet depuis le disque).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
