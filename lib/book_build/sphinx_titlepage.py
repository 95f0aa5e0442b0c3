"""Sphinx extension: the PDF book's title page, colophon and table of contents' title.

The title page names the report the book is made from; the colophon, on its
back, gives what a printed book gives: the source, what this edition is, the
licences, the version and date of the build, and how to rebuild it. The
figures it cites (the number of respondents) come from ``data/``; the version
from the library and the repository's commit when there is one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.i18n import format_date
from sphinx.util import texescape

from economie_sociale import __version__
from .sphinx_typography import french

ROOT = Path(__file__).resolve().parents[2]


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _tex(text: str) -> str:
    texescape.init()  # Sphinx fills its tables when its LaTeX builder starts, after this runs
    return texescape.escape(text, "xelatex")


def title_page(config: Config) -> str:
    """The LaTeX of the title page and the colophon (``latex_elements['maketitle']``).

    The title is LaTeX's own ``\\@title``: Jupyter Book hands its ``title:`` to the LaTeX document, not to
    Sphinx's ``project``, which is still unset when this runs.
    """
    from economie_sociale import data, fmt  # pandas: only when the PDF is built

    respondents = fmt.number(int(data.load_segments().set_index("segment").loc["total", "n"]))
    date = format_date(config.today_fmt or "%d %B %Y", language=config.language)
    commit = _commit()
    version = f"version {__version__}" + (f" (commit {commit})" if commit else "")
    repository = getattr(config, "html_theme_options", {}).get("repository_url", "")
    deposit = rf"Dépôt : \url{{{repository}}}." if repository else ""
    return french(rf"""
\begin{{titlepage}}
\centering
\vspace*{{0.16\textheight}}
{{\Huge\bfseries \csname @title\endcsname\par}}
\vspace{{2.5em}}
{{\large D'après le rapport du CEFRIO\par}}
\vspace{{0.4em}}
{{\large\itshape Économie sociale 2.0 — Cap vers le numérique\par}}
\vspace{{0.4em}}
{{\normalsize Portrait de l'utilisation des technologies numériques\\dans les entreprises d'économie sociale du Québec (2017)\par}}
\vfill
{{\normalsize Édition non officielle, {_tex(version)}\\{_tex(date)}\par}}
\end{{titlepage}}
\thispagestyle{{empty}}
\vspace*{{\fill}}
\begin{{small}}
\setlength{{\parindent}}{{0pt}}\setlength{{\parskip}}{{0.6em}}
\textbf{{Source.}} CEFRIO (2017), \emph{{Économie sociale 2.0 — Cap vers le numérique. Portrait de l'utilisation
des technologies numériques dans les entreprises d'économie sociale du Québec}}, rapport réalisé pour le ministère
de l'Économie, de la Science et de l'Innovation du Québec. L'enquête du chapitre 1 du rapport a interrogé
{respondents}~coopératives et organismes à but non lucratif.

\textbf{{Cette édition.}} Une édition exécutable et commentée, non officielle : chaque tableau et graphique est
reconstruit à partir des pourcentages du rapport, transcrits avec leur provenance ; les effectifs, les
intervalles de confiance et les tests sont calculés à partir d'eux. Le texte est le nôtre, les citations du
rapport sont brèves et signalées. Elle existe aussi en site Web et en carnets Jupyter.

\textbf{{Licences.}} Les chiffres sont ceux que le CEFRIO a publiés ; le rapport lui-même reste protégé par le
droit d'auteur de ses auteurs et n'est pas reproduit ici. La transcription des données (dossier \texttt{{data/}}),
le texte et le code de cette édition sont diffusés selon les conditions du fichier \texttt{{LICENSE}} du dépôt
(données et texte : CC~BY~4.0 ; code : MIT).

\textbf{{Version.}} {_tex(version[0].upper() + version[1:])}, compilée le {_tex(date)}.
{deposit}

\textbf{{Reproduire.}} Dans une copie du dépôt : \texttt{{bash scripts/build.sh}} recrée le site et ce PDF ;
\texttt{{bash scripts/test.sh}} les vérifie.
\end{{small}}
\clearpage
""")


def _set_title_page(app: Sphinx, config: Config) -> None:
    config.latex_elements = {**(config.latex_elements or {}), "maketitle": title_page(config)}


def _contents_name(app: Sphinx) -> None:
    """Sphinx names the PDF's table of contents after the root page's first toctree caption: with Jupyter
    Book's parts, the contents were titled « Mise en contexte », the first part, and so was their running head."""
    if app.builder.name == "latex":
        app.builder.get_contentsname = lambda indexfile: "Table des matières"


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _set_title_page, priority=900)  # after Jupyter Book has set the config
    app.connect("builder-inited", _contents_name)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
