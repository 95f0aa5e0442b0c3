"""The workshop's launch links, built from the one place they are set: ``_config.yml``.

``repository.url`` and ``repository.branch`` name the repository,
``launch_buttons.binderhub_url`` and ``launch_buttons.jupyterhub_url`` the
services. The facilitator guide (MyST substitutions, set by
:mod:`.sphinx_generated`) and the README's workshop block
(``python -m economie_sociale.launch --readme``) are written from them;
``tests/test_launch.py`` checks that the README is up to date.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parents[2]
#: The notebook the workshop opens on.
FIRST = "atelier/atelier_1_premiers_pas.ipynb"
START, END = "<!-- launch-links:start (written by python -m economie_sociale.launch --readme) -->", "<!-- launch-links:end -->"


def settings(config: Path = ROOT / "_config.yml") -> dict[str, str]:
    import yaml

    conf = yaml.safe_load(config.read_text(encoding="utf-8"))
    repo, buttons = conf["repository"], conf.get("launch_buttons", {})
    return {"url": repo["url"].rstrip("/"), "branch": repo.get("branch", "main"),
            "binderhub": buttons.get("binderhub_url", "https://mybinder.org").rstrip("/"),
            "jupyterhub": buttons.get("jupyterhub_url", "").rstrip("/")}


def links(notebook: str = FIRST, config: Path = ROOT / "_config.yml") -> dict[str, str]:
    """Binder and JupyterHub (nbgitpuller) links opening ``notebook`` in JupyterLab."""
    s = settings(config)
    owner_repo = urlparse(s["url"]).path.strip("/")
    name = owner_repo.split("/")[-1]
    binder = f"{s['binderhub']}/v2/gh/{owner_repo}/{s['branch']}?urlpath=lab/tree/{notebook}"
    hub = (f"{s['jupyterhub']}/hub/user-redirect/git-pull?repo={quote(s['url'], safe='')}"
           f"&branch={s['branch']}&urlpath={quote(f'lab/tree/{name}/{notebook}', safe='')}")
    return {"binder": binder, "jupyterhub": hub, "repository": s["url"], "branch": s["branch"]}


def substitutions() -> dict[str, str]:
    """MyST substitutions for the guide: Markdown links and the settings they come from."""
    x = links()
    return {
        "lien_binder": f"[ouvrir l'atelier sur Binder]({x['binder']})",
        "lien_jupyterhub": f"[ouvrir l'atelier sur votre JupyterHub]({x['jupyterhub']})",
        "url_binder": f"<{x['binder']}>",  # a link: the PDF can break it at its slashes and escapes
        "url_jupyterhub": f"<{x['jupyterhub']}>",
        "depot": f"`{x['repository']}`",
        "branche": f"`{x['branch']}`",
    }


def readme_block() -> str:
    x = links()
    return "\n".join([
        START,
        f"- **Binder** (free, public, no account): <{x['binder']}>",
        f"- **Your institution's JupyterHub** (through [nbgitpuller](https://nbgitpuller.readthedocs.io), which clones",
        f"  the repository into each participant's home, or updates it keeping their edits): <{x['jupyterhub']}>",
        END,
    ])


def update_readme(readme: Path = ROOT / "README.md") -> bool:
    text = readme.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: readme_block(), text, flags=re.S)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m economie_sociale.launch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--readme", action="store_true", help="rewrite the README's launch-links block")
    args = parser.parse_args(argv)
    if args.readme:
        print("README.md updated" if update_readme() else "README.md already up to date")
    else:
        for key, value in links().items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
