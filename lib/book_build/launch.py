"""The workshop's launch links, built from the one place they are set: ``_config.yml``.

``repository.url`` and ``repository.branch`` name the repository,
``launch_buttons.binderhub_url`` and ``launch_buttons.jupyterhub_url`` the
services. ``python -m book_build.launch --update`` writes the links
into the README's and the facilitator guide's ``launch-links`` blocks, as
plain text that reads the same in the HTML, the PDF and JupyterLab;
``tests/test_launch.py`` checks that both are up to date. (The guide once
took them as MyST substitutions: myst-parser 3 escapes a substituted link's
``&`` twice, and nbgitpuller then got neither branch nor notebook.)

A JupyterHub address left at its example (``hub.example.org``) is never
printed as a link: the blocks say where to set it.
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
START, END = "<!-- launch-links:start (written by python -m book_build.launch --update) -->", "<!-- launch-links:end -->"
GUIDE = ROOT / "atelier" / "guide_animation.md"
#: The example JupyterHub of a fresh copy of the book: a placeholder, never a link.
EXAMPLE_HUB = "hub.example.org"


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


def hub_configured(config: Path = ROOT / "_config.yml") -> bool:
    hub = settings(config)["jupyterhub"]
    return bool(hub) and urlparse(hub).hostname != EXAMPLE_HUB


def readme_block(config: Path = ROOT / "_config.yml") -> str:
    x = links(config=config)
    hub = (f"<{x['jupyterhub']}>" if hub_configured(config) else
           "to be set: `launch_buttons.jupyterhub_url` in `_config.yml`, then `python -m book_build.launch --update`")
    return "\n".join([
        START,
        f"- **Binder** (free, public, no account): <{x['binder']}>",
        "- **Your institution's JupyterHub** (through [nbgitpuller](https://nbgitpuller.readthedocs.io), which clones",
        f"  the repository into each participant's home, or updates it keeping their edits): {hub}",
        END,
    ])


def guide_block(config: Path = ROOT / "_config.yml") -> str:
    x = links(config=config)
    hub = (f"<{x['jupyterhub']}>" if hub_configured(config) else
           "son adresse est à indiquer dans `_config.yml` (`launch_buttons.jupyterhub_url`), "
           "puis `python -m book_build.launch --update` écrit le lien ici")
    return "\n".join([
        START, "",
        f"Dépôt `{x['repository']}`, branche ou étiquette `{x['branch']}` (réglés dans `_config.yml`).", "",
        f"- Binder (gratuit, public, sans compte) : <{x['binder']}>",
        f"- JupyterHub de votre établissement : {hub}", "",
        END,
    ])


def _update(path: Path, block: str) -> bool:
    text = path.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def update_readme(readme: Path = ROOT / "README.md") -> bool:
    return _update(readme, readme_block())


def update_guide(guide: Path = GUIDE) -> bool:
    return _update(guide, guide_block())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book_build.launch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", "--readme", action="store_true",
                        help="rewrite the launch-links blocks of the README and the facilitator guide")
    args = parser.parse_args(argv)
    if args.update:
        for name, changed in (("README.md", update_readme()), ("atelier/guide_animation.md", update_guide())):
            print(f"{name} {'updated' if changed else 'already up to date'}")
    else:
        for key, value in links().items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
