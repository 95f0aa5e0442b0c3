"""The library as a researcher meets it in a cell of their own: what exists, one convention, clear refusals.

Each misuse a researcher was seen to make gets its message asserted (issue: the library traps a
researcher writing their own cell).
"""

from __future__ import annotations

import pkgutil
import pydoc

import pytest

import economie_sociale
from economie_sociale import book, charts, data, fmt, settings, stats
from economie_sociale.errors import ArgumentError, EconomieSocialeError, UnknownKeyError


def test_levels_are_in_percent_everywhere():
    low, high = stats.wilson(20, 50, level=95)
    assert (round(low, 1), round(high, 1)) == (27.6, 53.8)
    assert stats.wilson(20, 50) == (low, high), "the default is the library-wide level, 95"
    with pytest.raises(ArgumentError, match=r"level is in percent: write 95, not 0\.95"):
        stats.wilson(20, 50, level=0.95)
    with pytest.raises(ArgumentError, match=r"between 50 and 100 \(e\.g\. 90, 95 or 99\); got 150"):
        stats.margin_of_error(100, level=150)
    with pytest.raises(ArgumentError, match="confidence level is in percent: write 99, not 0.99"):
        settings.set_confidence(0.99)


def test_the_library_wide_level_drives_intervals_margins_and_legends():
    at_95 = stats.margin_of_error(403)
    with settings.confidence_level(99):
        assert stats.margin_of_error(403) == pytest.approx(6.36, abs=0.01)
        assert charts.ci_label() == "Intervalle de confiance à 99\u00a0%"
        assert book.level() == "99\u00a0%" and book.threshold() == "0,01"
        ax = charts.barh(data.responses("revenue"))
        assert [t.get_text() for t in ax.figure.legends[0].get_texts()][0] == "Intervalle de confiance à 99\u00a0%"
    assert settings.confidence() == 95 and stats.margin_of_error(403) == at_95, "the with-block restores 95"
    with settings.confidence_level(90):
        assert book.threshold() == "0,1"


def test_counts_are_counts_not_proportions():
    with pytest.raises(ArgumentError, match=r"k1 must be a whole count of respondents, got 0\.55 \(it looks like a proportion"):
        stats.compare_counts(0.55, 53, 0.45, 122)
    with pytest.raises(ArgumentError, match="k = 60 is larger than its base n = 50"):
        stats.wilson(60, 50)
    with pytest.raises(ArgumentError, match="n must be a positive count, got 0"):
        stats.count(25, 0)
    with pytest.raises(ArgumentError, match="pct must be a number, got str '25'"):
        stats.count("25", 100)
    # percentages come as floats (data.value), counts as ints (stats.count): a float where a count goes is refused
    with pytest.raises(ArgumentError, match=r"k1 = 25\.0 is a float: .*use stats\.compare_pct"):
        stats.compare_counts(25.0, 50, 10, 50)
    assert stats.compare_counts(int(25.0), 50, 10, 50).k1 == 25


def test_percentages_are_in_percent():
    with pytest.raises(ArgumentError, match=r"pct\(0\.55\): percentages are in percent; 0\.55 looks like a proportion \(write 55\)"):
        fmt.pct(0.55)
    assert fmt.pct(0.3) == "0,3\u00a0%", "a small percentage with the report's one decimal is fine"
    assert fmt.pct(0.55, 2) == "0,55\u00a0%", "explicit decimals say it is meant"
    with pytest.raises(ArgumentError, match=r"p=0\.5 looks like a proportion: p is in percent \(write 50\)"):
        stats.margin_of_error(100, p=0.5)
    with pytest.raises(ArgumentError, match=r"p is a probability and must lie in \[0, 1\], got 5"):
        fmt.p_value(5)


def test_one_key_where_a_list_is_expected():
    one = data.technology_use("size_lt5")
    assert set(one["segment"]) == {"size_lt5"} and len(one) == 42
    assert set(data.responses("respondent_sector", "size_20plus")["segment"]) == {"size_20plus"}
    assert data.technology_use(["size_lt5"]).equals(one)
    with pytest.raises(ArgumentError, match="segments must be a key or a list of keys, got int 5"):
        data.technology_use(5)
    with pytest.raises(UnknownKeyError, match=r"unknown segment in source 'annex' 'size_lt6' \(did you mean 'size_lt5'"):
        data.technology_use("size_lt6")


def test_unknown_segment_in_margins_is_the_librarys_error():
    with pytest.raises(UnknownKeyError, match="unknown segment 'totl'"):
        stats.margins("totl")
    assert list(stats.margins("total")["n"]) == [403]


def test_what_exists_and_finding_a_key_from_its_french_label():
    seg = data.segments()
    assert seg.set_index("segment").at["size_lt5", "label_fr"] == "Moins de 5 employés"
    assert list(data.segments("size")["segment"]) == ["size_lt5", "size_5_19", "size_20plus"]
    assert len(data.technologies()) == 21 and "cloud" in set(data.technologies()["technology"])
    assert "revenue" in set(data.questions()["question"])
    found = data.find("infonuagique")
    assert set(found.loc[found["kind"] == "technology", "key"]) == {"cloud"}
    assert "sector_leisure" in set(data.find("loisirs")["key"])
    assert set(data.find("Infonuagique")["key"]) == set(data.find("INFONUAGIQUE")["key"]), "case and accents ignored"
    with pytest.raises(UnknownKeyError, match="unknown segment dimension 'taille'"):
        data.segments("taille")
    with pytest.raises(ArgumentError, match="find expects a French word or label"):
        data.find("")


def test_every_error_on_bad_input_is_the_librarys_own():
    for call in (lambda: stats.wilson(1.5, 10), lambda: fmt.number(1e300), lambda: data.value("revenue"),
                 lambda: stats.adjust([0.01, -0.5]), lambda: fmt.date(20161332)):
        with pytest.raises(EconomieSocialeError):
            call()
    with pytest.raises(ArgumentError, match=r"p_values\[1\] is a probability and must lie in \[0, 1\], got -0\.5"):
        stats.adjust([0.01, -0.5])


def test_package_docstring_lists_every_public_module():
    modules = [m.name for m in pkgutil.iter_modules(economie_sociale.__path__) if not m.name.startswith("_")]
    missing = [m for m in modules if f":mod:`.{m}`" not in economie_sociale.__doc__]
    assert not missing, f"economie_sociale's docstring does not mention {missing}"


def test_the_survey_library_never_imports_the_build():
    """What participants and researchers import carries none of the book's build (issue 26): no module of
    economie_sociale imports book_build, Sphinx, docutils, nbclient or jupyter_client, even lazily."""
    import ast
    from pathlib import Path

    build_only = {"book_build", "sphinx", "docutils", "nbclient", "jupyter_client", "myst_nb", "jupyter_book"}
    found = []
    for path in sorted(Path(economie_sociale.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in build_only]
    assert not found, found


@pytest.mark.parametrize("module", [data, book, settings])
def test_help_shows_functions_first(module):
    text = pydoc.render_doc(module, renderer=pydoc.plaintext)
    assert "\nFUNCTIONS\n" in text
    assert "\nCLASSES\n" not in text or text.index("\nFUNCTIONS\n") < text.index("\nCLASSES\n"), \
        f"help({module.__name__}) lists classes before its functions"
    assert "Error" not in text.split("\nFUNCTIONS\n")[0].split("\nDESCRIPTION\n")[0]


def test_help_of_fmt_is_not_a_wall_of_str_methods():
    text = pydoc.render_doc(fmt, renderer=pydoc.plaintext)
    assert "Methods inherited from builtins.str" not in text and "\n    pct(value" in text
