"""The workshop's launch links come from _config.yml, and the README shows the current ones."""

from __future__ import annotations

from urllib.parse import unquote

from book_build import launch


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


def test_readme_and_guide_show_the_current_links():
    readme = (launch.ROOT / "README.md").read_text(encoding="utf-8")
    assert launch.readme_block() in readme, "run `.venv/bin/python -m book_build.launch --update` after editing _config.yml"
    guide = launch.GUIDE.read_text(encoding="utf-8")
    assert launch.guide_block() in guide, "run `.venv/bin/python -m book_build.launch --update` after editing _config.yml"
    assert "{{" not in guide, "the guide takes no substitutions (myst-parser escapes a substituted link's & twice)"


def _hrefs(markdown: str) -> list[str]:
    """The link addresses of ``markdown`` as the book's MyST parser reads them, with the book's fix applied
    (book_build.sphinx_fixes: myst-parser 3 HTML-escapes them once too often); the PDF uses the same doctree."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    from book_build import sphinx_fixes

    doctree = publish_doctree(markdown, parser=Parser())
    sphinx_fixes._unescape_link_addresses(None, doctree)
    return [ref["refuri"] for ref in doctree.findall(nodes.reference) if "refuri" in ref]


def test_a_configured_hub_link_gives_nbgitpuller_its_repository_branch_and_notebook(tmp_path):
    from urllib.parse import parse_qs, urlparse

    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: https://github.com/coop/atelier-num\n  branch: atelier-2027-03-15\n"
                      "launch_buttons:\n  jupyterhub_url: https://hub.coop.ca\n", encoding="utf-8")
    assert launch.hub_configured(config)
    (hub,) = [h for h in _hrefs(launch.guide_block(config)) if "git-pull" in h]
    url = urlparse(hub)
    assert (url.scheme, url.netloc, url.path) == ("https", "hub.coop.ca", "/hub/user-redirect/git-pull")
    assert parse_qs(url.query) == {"repo": ["https://github.com/coop/atelier-num"], "branch": ["atelier-2027-03-15"],
                                   "urlpath": ["lab/tree/atelier-num/atelier/atelier_1_premiers_pas.ipynb"]}
    (readme_hub,) = [h for h in _hrefs(launch.readme_block(config)) if "git-pull" in h]
    assert readme_hub == hub


def test_the_example_hub_is_never_printed():
    assert not launch.hub_configured()  # this repository's _config.yml keeps the example
    for block in (launch.guide_block(), launch.readme_block()):
        assert launch.EXAMPLE_HUB not in block and "jupyterhub_url" in block


def test_the_built_guide_links_to_the_workshop():
    page = (launch.ROOT / "_build" / "html" / "atelier" / "guide_animation.html").read_text(encoding="utf-8")
    assert f'href="{launch.links()["binder"]}"' in page
    assert "{{" not in page and launch.EXAMPLE_HUB not in page and "amp;amp;" not in page
