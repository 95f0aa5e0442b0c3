"""The workshop's launch links come from _config.yml, and the README shows the current ones."""

from __future__ import annotations

from urllib.parse import unquote

from economie_sociale import launch


def test_links_open_the_workshop_in_jupyterlab():
    s = launch.settings()
    x = launch.links()
    owner_repo = s["url"].removeprefix("https://github.com/")
    assert x["binder"] == f"{s['binderhub']}/v2/gh/{owner_repo}/{s['branch']}?urlpath=lab/tree/atelier/atelier_1_premiers_pas.ipynb"
    hub = unquote(x["jupyterhub"])
    assert hub.startswith(f"{s['jupyterhub']}/hub/user-redirect/git-pull?repo={s['url']}&branch={s['branch']}")
    assert hub.endswith(f"urlpath=lab/tree/{owner_repo.split('/')[-1]}/atelier/atelier_1_premiers_pas.ipynb")
    assert (launch.ROOT / launch.FIRST).is_file()


def test_links_follow_the_config(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: https://github.com/coop/atelier-num\n  branch: atelier-2026\n"
                      "launch_buttons:\n  binderhub_url: https://binder.example.ca/\n  jupyterhub_url: https://hub.coop.ca\n",
                      encoding="utf-8")
    x = launch.links(config=config)
    assert x["binder"] == ("https://binder.example.ca/v2/gh/coop/atelier-num/atelier-2026"
                           "?urlpath=lab/tree/atelier/atelier_1_premiers_pas.ipynb")
    assert unquote(x["jupyterhub"]) == ("https://hub.coop.ca/hub/user-redirect/git-pull?repo=https://github.com/coop/atelier-num"
                                        "&branch=atelier-2026&urlpath=lab/tree/atelier-num/atelier/atelier_1_premiers_pas.ipynb")


def test_readme_shows_the_current_links():
    readme = (launch.ROOT / "README.md").read_text(encoding="utf-8")
    assert launch.readme_block() in readme, "run `.venv/bin/python -m economie_sociale.launch --readme` after editing _config.yml"


def test_the_guide_gets_the_links_as_substitutions():
    subs = launch.substitutions()
    assert subs["lien_binder"] == f"[ouvrir l'atelier sur Binder]({launch.links()['binder']})"
    guide = (launch.ROOT / "atelier" / "guide_animation.md").read_text(encoding="utf-8")
    for key in ("lien_binder", "lien_jupyterhub", "depot", "branche"):
        assert "{{ " + key + " }}" in guide


def test_the_built_guide_links_to_the_workshop():
    page = (launch.ROOT / "_build" / "html" / "atelier" / "guide_animation.html").read_text(encoding="utf-8")
    assert f'href="{launch.links()["binder"]}"' in page
    assert "{{" not in page
