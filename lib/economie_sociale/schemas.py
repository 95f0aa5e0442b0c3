"""Schemas of the CSV files in ``data/`` (pandera).

One schema per file. Cross-file rules (a response must name a known
segment, a technology-use row a known technology, ...) are added by
:mod:`economie_sociale.data` at load time, because the allowed keys come
from the other files.
"""

from __future__ import annotations

import pandera.pandas as pa

KEY = r"^[a-z0-9]+(_[a-z0-9]+)*$"
LINES = r"^\d+-\d+$"

MAPPING = ["certain", "ambiguous"]
DIMENSIONS = ["total", "size", "sector", "it_person", "revenue", "subgroup"]
QUESTION_KINDS = ["distribution", "multiple", "scale", "binary"]
ROLES = ["item", "level"]
MEASURES = ["use", "planned"]
TECHNOLOGY_SOURCES = ["annex", "tab3", "tab4", "fig4", "fig5", "fig6"]
SOURCE = r"^(tab\d+|fig\d+|annex\d?|case\d+|p[\d.]+|front)$"


def _key(**kw) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(KEY), **kw)


def _text(nullable: bool = False) -> pa.Column:
    checks = None if nullable else pa.Check.str_length(min_value=1)
    return pa.Column(str, checks, nullable=nullable)


def _lines() -> pa.Column:
    return pa.Column(
        str,
        [
            pa.Check.str_matches(LINES),
            pa.Check(
                lambda s: s.str.split("-").map(lambda p: int(p[0]) <= int(p[1])),
                element_wise=False,
                error="line range must read start-end with start <= end",
            ),
        ],
    )


def _percent(name: str = "value") -> pa.Column:
    return pa.Column(float, pa.Check.in_range(0, 100), coerce=True, title=name)


def _mapping_columns() -> dict[str, pa.Column]:
    return {
        "mapping": pa.Column(str, pa.Check.isin(MAPPING)),
        "mapping_note": _text(nullable=True),
        "alternatives": _text(nullable=True),
    }


def _ambiguous_has_alternatives(df) -> bool:
    """An ambiguous value must say what else it could be, and why."""
    amb = df["mapping"] == "ambiguous"
    return bool((df.loc[amb, "alternatives"].notna() & df.loc[amb, "mapping_note"].notna()).all())


SEGMENTS = pa.DataFrameSchema(
    {
        "segment": _key(unique=True),
        "dimension": pa.Column(str, pa.Check.isin(DIMENSIONS)),
        "order": pa.Column(int, pa.Check.gt(0), coerce=True),
        "label_fr": _text(),
        "label_en": _text(),
        "n_printed": pa.Column("Int64", pa.Check.gt(0), coerce=True, nullable=True),
        "n": pa.Column(int, pa.Check.gt(0), coerce=True),
        "n_note": _text(nullable=True),
        "source": pa.Column(str, pa.Check.str_matches(SOURCE)),
        "lines": _lines(),
    },
    checks=[
        pa.Check(
            lambda df: (df["n_printed"].isna() | (df["n_printed"] == df["n"]) | df["n_note"].notna()).all(),
            error="a base that differs from the printed one (or has none printed) needs an n_note",
        )
    ],
    strict=True,
    ordered=True,
    name="segments",
)

QUESTIONS = pa.DataFrameSchema(
    {
        "question": _key(unique=True),
        "source": pa.Column(str, pa.Check.str_matches(SOURCE)),
        "kind": pa.Column(str, pa.Check.isin(QUESTION_KINDS)),
        "title_fr": _text(),
        "title_en": _text(),
        "question_fr": _text(nullable=True),
        "base_segment": _key(),
        "lines": _lines(),
        "notes": _text(nullable=True),
    },
    strict=True,
    ordered=True,
    name="questions",
)

QUESTION_ITEMS = pa.DataFrameSchema(
    {
        "question": _key(),
        "role": pa.Column(str, pa.Check.isin(ROLES)),
        "key": _key(),
        "order": pa.Column(int, pa.Check.gt(0), coerce=True),
        "label_fr": _text(),
        "label_en": _text(),
    },
    unique=["question", "role", "key"],
    strict=True,
    ordered=True,
    name="question_items",
)

RESPONSES = pa.DataFrameSchema(
    {
        "question": _key(),
        "segment": _key(),
        "item": _key(),
        "level": _key(),
        "value": _percent(),
        "lines": _lines(),
        **_mapping_columns(),
    },
    unique=["question", "segment", "item", "level"],
    checks=[pa.Check(_ambiguous_has_alternatives, error="an ambiguous value needs a mapping_note and alternatives")],
    strict=True,
    ordered=True,
    name="responses",
)

TECHNOLOGY_FAMILIES = pa.DataFrameSchema(
    {
        "family": _key(unique=True),
        "order": pa.Column(int, pa.Check.gt(0), coerce=True, unique=True),
        "label_fr": _text(),
        "label_en": _text(),
        "lines": _lines(),
    },
    strict=True,
    ordered=True,
    name="technology_families",
)

TECHNOLOGIES = pa.DataFrameSchema(
    {
        "technology": _key(unique=True),
        "family": _key(),
        "order": pa.Column(int, pa.Check.in_range(1, 21), coerce=True, unique=True),
        "label_fr": _text(),
        "label_en": _text(),
        "table_label_fr": _text(),
        "chart_label_fr": _text(),
        "lines": _lines(),
    },
    strict=True,
    ordered=True,
    name="technologies",
)

TECHNOLOGY_USE = pa.DataFrameSchema(
    {
        "source": pa.Column(str, pa.Check.isin(TECHNOLOGY_SOURCES)),
        "segment": _key(),
        "technology": _key(),
        "measure": pa.Column(str, pa.Check.isin(MEASURES)),
        "value": _percent(),
        "lines": _lines(),
        **_mapping_columns(),
    },
    unique=["source", "segment", "technology", "measure"],
    checks=[pa.Check(_ambiguous_has_alternatives, error="an ambiguous value needs a mapping_note and alternatives")],
    strict=True,
    ordered=True,
    name="technology_use",
)

PROSE_NUMBERS = pa.DataFrameSchema(
    {
        "claim": _key(unique=True),
        "section": pa.Column(str, pa.Check.str_matches(r"^\d+(\.\d+)*$")),
        "value": pa.Column(float, pa.Check.ge(0), coerce=True),
        "unit": pa.Column(str, pa.Check.isin(["pct", "count", "minutes", "date", "dollars", "ratio", "years", "persons"])),
        "quote_fr": _text(),
        "lines": _lines(),
        "refers_to": pa.Column(
            str,
            pa.Check.str_matches(r"^(sum:)?(responses|technology_use):[a-z0-9_]+(/[a-z0-9_]+){3}(\+(responses|technology_use):[a-z0-9_]+(/[a-z0-9_]+){3})*$"),
            nullable=True,
        ),
        "notes": _text(nullable=True),
    },
    checks=[
        pa.Check(
            lambda df: ((df["unit"] != "pct") | (df["value"] <= 100)).all(),
            error="a percentage must lie in [0, 100]",
        )
    ],
    strict=True,
    ordered=True,
    name="prose_numbers",
)

CONTEXT_FIGURES = pa.DataFrameSchema(
    {
        "figure": _key(unique=True),
        "value": pa.Column(float, pa.Check.gt(0), coerce=True),
        "unit": pa.Column(str, pa.Check.isin(["count", "dollars", "persons", "pct"])),
        "year": pa.Column("Int64", pa.Check.in_range(1990, 2017), coerce=True, nullable=True),
        "label_fr": _text(),
        "label_en": _text(),
        "cited_source": _text(nullable=True),
        "lines": _lines(),
    },
    strict=True,
    ordered=True,
    name="context_figures",
)


def _range_pair(prefix: str) -> dict[str, pa.Column]:
    return {
        f"{prefix}_min": pa.Column(float, pa.Check.ge(0), coerce=True, nullable=True),
        f"{prefix}_max": pa.Column(float, pa.Check.ge(0), coerce=True, nullable=True),
    }


RANGED = ["employees", "volunteers", "clients", "revenue", "it_budget"]


def _ranges_ordered(df) -> bool:
    ok = True
    for p in RANGED:
        lo, hi = df[f"{p}_min"], df[f"{p}_max"]
        ok &= bool(((lo.isna() & hi.isna()) | (lo <= hi)).all())
    return ok


CASES = pa.DataFrameSchema(
    {
        "case": pa.Column(str, pa.Check.str_matches(r"^case\d\d$"), unique=True),
        "order": pa.Column(int, pa.Check.in_range(1, 13), coerce=True, unique=True),
        "name": _text(),
        "legal_form": pa.Column(str, pa.Check.isin(["cooperative", "obnl", "mutual", "other"])),
        "sector": _key(),
        "region": _text(nullable=True),
        **{k: v for p in RANGED for k, v in _range_pair(p).items()},
        "it_budget_share_printed": pa.Column(float, pa.Check.in_range(0, 100), coerce=True, nullable=True),
        "flagship_fr": _text(),
        "lesson_fr": _text(),
        "lines": _lines(),
        "notes": _text(nullable=True),
    },
    checks=[pa.Check(_ranges_ordered, error="each range needs both ends, with min <= max")],
    strict=True,
    ordered=True,
    name="cases",
)

GLOSSARY = pa.DataFrameSchema(
    {
        "term": _key(unique=True),
        "label_fr": _text(),
        "definition_fr": _text(),
        "technology": _key(nullable=True),
        "lines": _lines(),
    },
    strict=True,
    ordered=True,
    name="glossary",
)

PARTNERS = pa.DataFrameSchema(
    {
        "partner": _key(unique=True),
        "order": pa.Column(int, pa.Check.gt(0), coerce=True, unique=True),
        "name": _text(),
        "description_fr": _text(),
        "url": _text(nullable=True),
        "lines": _lines(),
    },
    strict=True,
    ordered=True,
    name="partners",
)
