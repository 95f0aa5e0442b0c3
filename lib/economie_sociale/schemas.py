"""Schemas of the CSV files in ``data/`` (pandera).

One schema per file. Cross-file rules (a response must name a known
segment, a technology-use row a known technology, ...) are added by
:mod:`economie_sociale.data` at load time, because the allowed keys come
from the other files.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

KEY = r"^[a-z0-9]+(_[a-z0-9]+)*$"
KEYS = r"^[a-z0-9]+(_[a-z0-9]+)*( [a-z0-9]+(_[a-z0-9]+)*)*$"  # keys separated by spaces
LINES = r"^\d+-\d+$"
#: Lines of ../shared/source/rapport-economie-sociale-2-0.txt, the text every `lines` range points into
#: (tests/test_data.py checks it against the file when the file is there).
SOURCE_LINES = 5729
PRINTED = ["all", "none", "some"]
#: The report's technology grid: the panels (segments) each source prints, every one of them complete.
SOURCE_SEGMENTS = {
    "annex": ["total", "size_lt5", "size_5_19", "size_20plus", "sector_agri", "sector_retail", "sector_personal",
              "sector_business", "sector_leisure", "sector_housing", "it_no", "it_yes"],
    "tab3": ["total", "sector_agri", "sector_retail", "sector_personal", "sector_business", "sector_leisure",
             "sector_housing"],
    "tab4": ["total", "sector_agri", "sector_retail", "sector_personal", "sector_business", "sector_leisure",
             "sector_housing"],
}

MAPPING = ["certain", "ambiguous"]
DIMENSIONS = ["total", "size", "sector", "it_person", "revenue", "subgroup"]
QUESTION_KINDS = ["distribution", "multiple", "scale", "binary"]
ROLES = ["item", "level"]
MEASURES = ["use", "planned"]
TECHNOLOGY_SOURCES = ["annex", "tab3", "tab4", "fig4", "fig5", "fig6"]
SOURCE = r"^(tab\d+|fig\d+|annex\d?|case\d+|p[\d.]+|front)$"
REF = r"^(sum:)?((technology_use|responses):[a-z0-9_]+(/[a-z0-9_]+){3}|prose:[a-z0-9_]+)(\+((technology_use|responses):[a-z0-9_]+(/[a-z0-9_]+){3}|prose:[a-z0-9_]+))*$"


def _key(**kw) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(KEY), **kw)


CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
#: What no text of data/ may hold (data/README.md, « Text is text »): a line break (every field is one
#: line), an HTML tag or comment (``<script``, ``</b``, ``<!--``), a backquote, a brace or a backslash
#: (MyST roles, directives, substitutions, escapes). Everything else is escaped where the text lands.
MARKUP = r"[\n\r`{}\\]|<[A-Za-z/!?]"
MARKUP_ERROR = "text holds a line break or markup (an HTML tag, a backquote, a brace or a backslash): data is plain text"


#: A glossary term: words (letters, digits), spaces, apostrophes, hyphens, periods, slashes and parentheses.
TERM = r"^[^\W_]+(?:[ ’'./()-]+[^\W_]*)*$"


def _plain(s: pd.Series) -> pd.Series:
    return ~s.str.contains(MARKUP, regex=True)


def _text(nullable: bool = False) -> pa.Column:
    checks = [pa.Check(lambda s: ~s.str.contains(CONTROL, regex=True), error="text holds a control character"),
              pa.Check(_plain, error=MARKUP_ERROR)]
    if not nullable:
        checks.append(pa.Check.str_length(min_value=1))
    return pa.Column(str, checks, nullable=nullable)


def _in_source(s: pd.Series) -> pd.Series:
    def ok(text: str) -> bool:
        start, _, end = text.partition("-")
        return start.isdigit() and end.isdigit() and 1 <= int(start) <= int(end) <= SOURCE_LINES

    return s.map(ok)


def _lines() -> pa.Column:
    return pa.Column(
        str,
        [
            pa.Check.str_matches(LINES),
            pa.Check(_in_source, element_wise=False,
                     error=f"line range must read start-end with 1 <= start <= end <= {SOURCE_LINES} (the source text)"),
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


def _ambiguous_has_alternatives(df) -> pd.Series:
    """An ambiguous value must say what else it could be, and why; a certain one has no alternatives."""
    amb = df["mapping"] == "ambiguous"
    return (amb & df["alternatives"].notna() & df["mapping_note"].notna()) | (~amb & df["alternatives"].isna())


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
            lambda df: df["n_printed"].isna() | (df["n_printed"] == df["n"]) | df["n_note"].notna(),
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
        "segments": pa.Column(str, pa.Check.str_matches(KEYS), nullable=True),
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
        "printed": pa.Column(str, pa.Check.isin(PRINTED)),
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
    checks=[pa.Check(_ambiguous_has_alternatives, error="an ambiguous value needs a mapping_note and alternatives; a certain one takes no alternatives")],
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
    checks=[pa.Check(_ambiguous_has_alternatives, error="an ambiguous value needs a mapping_note and alternatives; a certain one takes no alternatives")],
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
        ),
        pa.Check(
            lambda df: pd.to_datetime(df.loc[df["unit"] == "date", "value"].astype("int64").astype(str), format="%Y%m%d", errors="coerce").notna().all(),
            error="a date must be written YYYYMMDD",
        ),
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


def _ranges_ordered(df) -> pd.Series:
    ok = pd.Series(True, index=df.index)
    for p in RANGED:
        lo, hi = df[f"{p}_min"], df[f"{p}_max"]
        ok &= (lo.isna() & hi.isna()) | (lo <= hi)
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
        "it_budget_share_qualifier": pa.Column(str, pa.Check.isin(["about", "less_than", "more_than", "exact"]), nullable=True),
        "flagship_fr": _text(),
        "lesson_fr": _text(),
        "lines": _lines(),
        "notes": _text(nullable=True),
    },
    checks=[
        pa.Check(_ranges_ordered, error="each range needs both ends, with min <= max"),
        pa.Check(
            lambda df: df["it_budget_share_printed"].isna() == df["it_budget_share_qualifier"].isna(),
            error="a printed IT-budget share needs its qualifier (about, less_than, more_than, exact), and only then",
        ),
    ],
    strict=True,
    ordered=True,
    name="cases",
)

GLOSSARY = pa.DataFrameSchema(
    {
        "term": _key(unique=True),
        "label_fr": _text(),
        # the glossary's entry and what the chapters' {term} roles name: words only
        "short_fr": pa.Column(str, [pa.Check.str_length(min_value=1), pa.Check.str_matches(TERM)], unique=True),
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


SIGNIFICANCE_CLAIMS = pa.DataFrameSchema(
    {
        "claim": _key(unique=True),
        "section": pa.Column(str, pa.Check.str_matches(r"^\d+(\.\d+)*$")),
        "lines": _lines(),
        "quote_fr": _text(),
        "direction": pa.Column(str, pa.Check.isin(["higher", "lower"])),
        "comparison": pa.Column(str, pa.Check.isin(["vs_rest", "vs_other"])),
        "segment": _key(),
        "other_segment": _key(nullable=True),
        "value_ref": pa.Column(str, pa.Check.str_matches(REF), nullable=True),
        "other_ref": pa.Column(str, pa.Check.str_matches(REF), nullable=True),
        "total_ref": pa.Column(str, pa.Check.str_matches(REF), nullable=True),
        "notes": _text(nullable=True),
        "wording": pa.Column(str, pa.Check.isin(["difference", "ranking"])),
    },
    checks=[
        pa.Check(
            lambda df: ((df["comparison"] != "vs_other") | (df["other_segment"].notna() & (df["other_ref"].notna() | df["value_ref"].isna()))).all(),
            error="a vs_other claim needs other_segment and other_ref",
        ),
        pa.Check(
            lambda df: ((df["comparison"] != "vs_rest") | df["total_ref"].notna() | df["value_ref"].isna()).all(),
            error="a vs_rest claim needs total_ref",
        ),
    ],
    strict=True,
    ordered=True,
    name="significance_claims",
)


USAGE_GRID = pa.DataFrameSchema(
    {
        "part": pa.Column(str, pa.Check.isin(["usage", "tool"])),
        "group": _key(),
        "group_label_fr": _text(),
        "order": pa.Column(int, pa.Check.gt(0), coerce=True),
        "item_fr": _text(),
        "lines": _lines(),
    },
    unique=["part", "group", "order"],
    strict=True,
    ordered=True,
    name="usage_grid",
)


# --------------------------------------------------------------------------
# column descriptions, shown on the book's data-dictionary page (French)

PROVENANCE = {
    "lines": "lignes du texte source (début-fin) où figure la valeur",
    "source": "tableau, figure, panneau d'annexe, cas ou paragraphe du rapport",
}
MAPPING_FR = {
    "mapping": "certain : l'étiquette de la valeur est établie ; ambiguous : le texte source ne permet pas de trancher",
    "mapping_note": "raisonnement qui fixe l'attribution, ou pourquoi elle reste incertaine (anglais)",
    "alternatives": "autres attributions possibles d'une valeur ambiguë",
}
DESCRIPTIONS = {
    "segments": {
        "segment": "clé du groupe de répondants", "dimension": "type de groupe (total, taille, secteur, personne TI, revenu, sous-groupe)",
        "order": "ordre d'affichage", "label_fr": "libellé tel qu'imprimé", "label_en": "libellé anglais",
        "n_printed": "base imprimée dans le rapport (vide si aucune)", "n": "base retenue par le livre",
        "n_note": "raisonnement quand la base retenue diffère de la base imprimée ou n'est pas imprimée",
        **PROVENANCE,
    },
    "questions": {
        "question": "clé de la question (tableau ou figure)", "kind": "distribution, multiple (plusieurs réponses), scale (échelle empilée) ou binary (oui/non/ne sait pas)",
        "title_fr": "titre imprimé", "title_en": "titre anglais", "question_fr": "libellé de la question posée, tel qu'imprimé",
        "base_segment": "segment dont la base est celle du graphique", "notes": "particularités (anglais)", **PROVENANCE,
        "segments": "groupes que la figure ou le tableau imprime (clés séparées par des espaces) : chacun doit avoir toutes ses valeurs ; vide si aucune valeur n'est lisible dans la source",
    },
    "question_items": {
        "question": "question concernée", "role": "item (barre ou ligne) ou level (série ou modalité de réponse)",
        "key": "clé de l'item ou de la modalité", "order": "ordre imprimé, de haut en bas",
        "label_fr": "libellé tel qu'imprimé", "label_en": "libellé anglais",
        "printed": "all : une valeur imprimée pour chaque groupe et chaque item ; none : jamais imprimée (p. ex. « ne sait pas » trop petit) ; some : imprimée pour certains seulement",
    },
    "responses": {
        "question": "question", "segment": "groupe de répondants", "item": "barre ou ligne", "level": "modalité (share pour une série unique)",
        "value": "pourcentage imprimé", **PROVENANCE, **MAPPING_FR,
    },
    "technology_families": {"family": "clé de la famille", "order": "ordre du tableau 2 du rapport", "label_fr": "intitulé imprimé", "label_en": "intitulé anglais", **PROVENANCE},
    "technologies": {
        "technology": "clé de la technologie", "family": "famille (tableau 2 du rapport)", "order": "ordre du tableau 2 du rapport",
        "label_fr": "libellé du tableau 2 du rapport", "label_en": "libellé anglais", "table_label_fr": "libellé des tableaux 3 et 4 du rapport",
        "chart_label_fr": "libellé des graphiques des annexes", **PROVENANCE,
    },
    "technology_use": {
        "source": "tab3, tab4, fig4 à fig6 ou annex (les 12 panneaux des annexes 2 à 4)", "segment": "groupe de répondants",
        "technology": "technologie", "measure": "use (usage actuel) ou planned (investissement prévu d'ici 12 mois)",
        "value": "pourcentage imprimé", "lines": PROVENANCE["lines"], **MAPPING_FR,
    },
    "prose_numbers": {
        "claim": "clé de la mention", "section": "section du rapport", "value": "nombre cité", "unit": "unité (pct, count, minutes, date…)",
        "quote_fr": "quelques mots autour du nombre, tels qu'imprimés (coupures de fin de ligne de l'extraction recollées)", "lines": PROVENANCE["lines"],
        "refers_to": "valeur du tableau ou de la figure que le texte cite (sum: pour une somme)", "notes": "remarques (anglais)",
    },
    "context_figures": {
        "figure": "clé du chiffre", "value": "valeur", "unit": "unité", "year": "année de référence", "label_fr": "libellé",
        "label_en": "libellé anglais", "cited_source": "source citée par le rapport", "lines": PROVENANCE["lines"],
    },
    "cases": {
        "case": "clé du cas (case01 à case13)", "order": "ordre dans le rapport", "name": "nom de l'entreprise",
        "legal_form": "forme juridique", "sector": "secteur de l'enquête le plus proche", "region": "région",
        **{f"{p}_{b}": f"{label}, borne {'inférieure' if b == 'min' else 'supérieure'}" for p, label in
           [("employees", "employés"), ("volunteers", "bénévoles"), ("clients", "clients ou membres"), ("revenue", "chiffre d'affaires ($)"), ("it_budget", "budget TI annuel ($)")]
           for b in ("min", "max")},
        "it_budget_share_printed": "part du budget TI dans le chiffre d'affaires, telle qu'imprimée (%)",
        "it_budget_share_qualifier": "précision de cette part : about (environ), less_than (moins de), more_than (plus de), exact",
        "flagship_fr": "projet phare, en nos mots", "lesson_fr": "leçon retenue, en nos mots", "lines": PROVENANCE["lines"], "notes": "remarques (anglais)",
    },
    "glossary": {"term": "clé du terme", "label_fr": "terme tel qu'imprimé", "short_fr": "forme courte, celle que les chapitres citent", "definition_fr": "définition, en nos mots", "technology": "technologie correspondante, s'il y a lieu", "lines": PROVENANCE["lines"]},
    "significance_claims": {
        "claim": "clé de l'affirmation", "section": "section du rapport", "lines": PROVENANCE["lines"],
        "quote_fr": "quelques mots de l'affirmation, tels qu'imprimés (coupures de fin de ligne recollées)", "direction": "higher (supérieur) ou lower (inférieur)",
        "comparison": "vs_rest (groupe contre le reste de l'échantillon) ou vs_other (contre un autre groupe)",
        "segment": "groupe concerné", "other_segment": "groupe de comparaison (vs_other)",
        "value_ref": "valeur du groupe dans les données", "other_ref": "valeur de l'autre groupe (vs_other)",
        "total_ref": "valeur de l'ensemble (vs_rest)", "notes": "remarques (anglais)",
        "wording": "difference (la phrase compare des groupes) ou ranking (sa formulation et sa liste décrivent "
                   "plutôt ce que le groupe utilise le plus : affirmation douteuse)",
    },
    "usage_grid": {
        "part": "usage (domaine d'usage) ou tool (famille d'outils)", "group": "clé du domaine ou de la famille",
        "group_label_fr": "intitulé imprimé du domaine ou de la famille", "order": "ordre dans le groupe",
        "item_fr": "usage ou outils, tels qu'imprimés", "lines": PROVENANCE["lines"],
    },
    "partners": {"partner": "clé", "order": "ordre", "name": "nom", "description_fr": "mission, en nos mots", "url": "site Web", "lines": PROVENANCE["lines"]},
    "audit_findings": {
        "check": "contrôle qui trouve l'incohérence (voir economie_sociale.audit)",
        "key": "adresse de la valeur en cause (fichier:clés), telle que l'audit la calcule",
        "value": "valeur imprimée", "expected": "ce que la comparaison implique (vide : aucune valeur précise)",
        "lines": "lignes du texte source où nous avons relu les valeurs en cause",
        "reviewed_fr": "ce que nous avons vérifié dans la source avant d'attribuer l'incohérence au rapport",
    },
}

CHECKS = ["sum", "table_vs_annex", "weighted_total", "granularity", "prose", "base", "case_ratio"]
FINDING_KEY = r"^(responses|technology_use|segments|cases|prose_numbers):[a-z0-9_*]+(/[a-z0-9_*]+)*$"

AUDIT_FINDINGS = pa.DataFrameSchema(
    {
        "check": pa.Column(str, pa.Check.isin(CHECKS)),
        "key": pa.Column(str, pa.Check.str_matches(FINDING_KEY)),
        "value": pa.Column(float, pa.Check.ge(0), coerce=True),
        "expected": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True),
        "lines": _lines(),
        "reviewed_fr": _text(),
    },
    unique=["check", "key"],
    strict=True,
    ordered=True,
    name="audit_findings",
)

SCHEMAS = {
    "segments": SEGMENTS, "questions": QUESTIONS, "question_items": QUESTION_ITEMS, "responses": RESPONSES,
    "technology_families": TECHNOLOGY_FAMILIES, "technologies": TECHNOLOGIES, "technology_use": TECHNOLOGY_USE,
    "prose_numbers": PROSE_NUMBERS, "significance_claims": SIGNIFICANCE_CLAIMS, "context_figures": CONTEXT_FIGURES, "cases": CASES, "glossary": GLOSSARY, "usage_grid": USAGE_GRID, "partners": PARTNERS,
    "audit_findings": AUDIT_FINDINGS,
}


def _missing_descriptions() -> list[str]:
    return [f"{name}.{col}" for name, schema in SCHEMAS.items() for col in schema.columns if col not in DESCRIPTIONS.get(name, {})]


_TYPES = {"str": "texte", "string[python]": "texte", "float64": "nombre", "int64": "entier", "Int64": "entier"}
_ERRORS_FR = {
    f"line range must read start-end with 1 <= start <= end <= {SOURCE_LINES} (the source text)":
        f"1 ≤ début ≤ fin ≤ {SOURCE_LINES} (dans le texte source)",
    "text holds a control character": "sans caractère de contrôle",
    MARKUP_ERROR: "texte simple d'une ligne (sans balisage)",
}


def _constraint(check) -> str:
    stats = check.statistics or {}
    name = check.name or ""
    if name == "isin":
        return "parmi : " + ", ".join(map(str, stats.get("allowed_values", [])))
    if name == "str_matches":
        pattern = str(stats.get("pattern"))
        return PATTERNS_FR.get(pattern, f"motif {pattern}")
    if name == "in_range":
        return f"entre {stats.get('min_value')} et {stats.get('max_value')}"
    if name == "greater_than":
        return f"> {stats.get('min_value')}"
    if name == "greater_than_or_equal_to":
        return f">= {stats.get('min_value')}"
    if name == "str_length":
        return "non vide"
    return _ERRORS_FR.get(check.error, check.error or name)


def describe(name: str):
    """The data dictionary of one file, from its schema: column, type, required, constraints, description."""
    import pandas as pd

    schema = SCHEMAS[name]
    rows = []
    for col, spec in schema.columns.items():
        constraints = [_constraint(c) for c in spec.checks]
        if spec.unique:
            constraints.append("unique")
        rows.append({
            "Colonne": col,
            "Type": _TYPES.get(str(spec.dtype), str(spec.dtype)),
            "Obligatoire": "non" if spec.nullable else "oui",
            "Contraintes": " ; ".join(c for c in constraints if c) or "—",
            "Description": DESCRIPTIONS[name][col],
        })
    return pd.DataFrame(rows)


#: The dictionary page's French wording of each pattern (a raw regular expression helps no reader).
PATTERNS_FR = {
    KEY: "clé snake_case",
    KEYS: "clés snake_case séparées par des espaces",
    LINES: "début-fin",
    SOURCE: "tabN, figN, annexN, caseN, pN.N ou front",
    REF: "adresse(s) de valeur, p. ex. responses:question/segment/item/level",
    TERM: "des mots (lettres, chiffres, espaces, apostrophes, traits d'union, points, barres obliques, parenthèses)",
    r"^(sum:)?(responses|technology_use):[a-z0-9_]+(/[a-z0-9_]+){3}(\+(responses|technology_use):[a-z0-9_]+(/[a-z0-9_]+){3})*$":
        "adresse(s) de valeur, p. ex. technology_use:source/segment/technology/measure",
    r"^\d+(\.\d+)*$": "numéro de section (3.2.1)",
    r"^case\d\d$": "case01 à case13",
    FINDING_KEY: "fichier:clés, p. ex. segments:it_yes",
}


#: What each file holds, in French: the data dictionary's one-line description of each file
#: (the book's table of files and the captions of its dictionary tables).
FILE_DESCRIPTIONS = {
    "segments": "les groupes de répondants et leurs bases",
    "questions": "les tableaux et figures du chapitre 1 du rapport (hors grille des technologies)",
    "question_items": "les items et modalités de chaque question",
    "responses": "les pourcentages de ces tableaux et figures",
    "technology_families": "les neuf familles de technologies du tableau 2 du rapport",
    "technologies": "les technologies du tableau 2 du rapport",
    "technology_use": "l'usage et les investissements prévus, par technologie et par segment",
    "prose_numbers": "les nombres cités dans le texte du chapitre 1 du rapport",
    "significance_claims": "les affirmations de différence entre groupes du chapitre 1 du rapport",
    "context_figures": "les chiffres clés du secteur",
    "cases": "les fiches des cas d'entreprises",
    "glossary": "le glossaire de l'annexe 1 du rapport",
    "usage_grid": "le référentiel des usages numériques de l'annexe 5 du rapport",
    "partners": "les organismes partenaires",
    "audit_findings": "la liste revue des incohérences du rapport",
}
