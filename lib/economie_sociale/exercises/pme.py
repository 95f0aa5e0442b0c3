"""Checks of the chapter on PME 2.0 and the usage grid (chapters/09_virage_numerique_pme.ipynb)."""

from __future__ import annotations

from .. import data
from . import keys, number


def _usages(group: str | None = None) -> int:
    grid = data.load_usage_grid()
    usage = grid[grid["part"] == "usage"]
    return len(usage) if group is None else int((usage["group"] == group).sum())


democratie = number(
    "pme-democratie", lambda: _usages("democratic_management"), what="un nombre d'usages", percent=False,
    tolerance=0, right=lambda e: f"C'est bien {e} usages.",
    hints=[(lambda: _usages(), "C'est le nombre d'usages de tout le référentiel : filtrez le domaine "
                               "`\"democratic_management\"` avant de compter."),
           (lambda: len(data.load_usage_grid()), "C'est le nombre de lignes de tout le référentiel (usages et outils) : "
                                                 "filtrez le domaine `\"democratic_management\"` avant de compter."),
           (lambda: data.load_usage_grid().query("part == 'usage'")["group"].nunique(),
            "C'est le nombre de domaines d'usage : la question demande combien d'usages compte le seul "
            "domaine « Gestion démocratique ».")],
    otherwise="Filtrez le référentiel sur le domaine `\"democratic_management\"`, puis comptez les lignes avec `len(...)`.",
    wrong=[19, 23, 5, "trois"],
)
# the filtered table itself: the shared hint would say « .iloc[0] », a count wants len()
democratie.hints.insert(0, (lambda a, e: hasattr(a, "shape") and getattr(a, "size", 1) != 1,
                            "Vous avez donné le tableau filtré : la question demande combien il a de lignes. "
                            "Comptez-les avec `len(...)`."))

#: The survey's technologies that the grid's tool lists also name, as the chapter's paragraph
#: « Comment le lire avec l'enquête » pairs them (extranet has no survey counterpart).
GRID_TECHNOLOGIES = ["intranet", "web_conferencing", "cloud", "website_transactional", "erp", "big_data"]
THRESHOLD = 10  # percent of respondents planning to invest


def _below(measure: str = "planned", technologies: list[str] | None = GRID_TECHNOLOGIES, strict: bool = True) -> set[str]:
    t = data.technology_use("total", measures=measure, technologies=technologies)
    below = t["value"] < THRESHOLD if strict else t["value"] <= THRESHOLD
    return set(t.loc[below, "technology"])


keys(
    "pme-cle4", _below, what="une liste de clés de technologies",
    known=lambda: set(data.technologies()["technology"]),
    hints=[(lambda: _below("use"),
            "Vous avez regardé l'usage actuel : la clé 4 porte sur les intentions d'investissement "
            "(`measures=[\"planned\"]`)."),
           (lambda: _below(technologies=None),
            "Vous avez pris toutes les technologies de l'enquête : ne gardez que les six que le référentiel "
            "cite (`intranet`, `web_conferencing`, `cloud`, `website_transactional`, `erp`, `big_data`).")],
    otherwise="Dans les intentions d'investissement de l'ensemble (`measures=[\"planned\"]`), gardez, parmi les six "
              "technologies citées, celles dont la valeur est inférieure à 10 %.",
    wrong=[["big_data"], "erp", ["scm", "wms", "big_data", "collaboration_platform", "crm", "remote_support",
                                 "web_conferencing", "intranet", "web_analytics", "erp"], 4],
)


def _group_values():
    """Section 3.5's percentages for a group of respondents (no reference to a charted value)."""
    p = data.load_prose_numbers()
    return p[(p["section"] == "3.5") & (p["unit"] == "pct") & p["refers_to"].isna()]


def _plan_by_group() -> set[str]:
    values = _group_values()
    return set(values.loc[values["claim"].str.contains("digital_plan"), "claim"])


def _claims_3_5(what: str) -> set[str]:
    p = data.load_prose_numbers()
    p = p[p["section"] == "3.5"]
    if what == "charted":
        return set(p.loc[p["claim"].str.contains("digital_plan") & p["refers_to"].notna(), "claim"])
    if what == "other_group":
        return set(_group_values()["claim"]) - _plan_by_group()
    return set(p.loc[p["unit"] != "pct", "claim"])  # class bounds, not results


cle2 = keys(
    "pme-cle2", _plan_by_group, what="une clé de la colonne `claim`",
    hints=[(lambda: _claims_3_5("charted"),
            "C'est la valeur de l'ensemble des répondants, celle que montre la figure 11 : cherchez la même "
            "mesure pour un groupe (la colonne `notes` dit alors « Segment not charted »)."),
           (lambda: _claims_3_5("other_group"),
            "Cette valeur par groupe porte sur le virage numérique nécessaire pour croître, pas sur le plan "
            "numérique dont parle la clé 2."),
           (lambda: _claims_3_5("bound"),
            "Ce n'est pas un résultat : c'est la limite d'une classe de taille "
            "(le « 20 » de « 20 employés et plus »)."),
           (lambda: _plan_by_group() | _claims_3_5("other_group"),
            "La valeur des 20 employés et plus porte sur le virage numérique, pas sur le plan numérique : "
            "gardez seulement celle qui parle du plan.")],
    otherwise="Dans la section 3.5, cherchez la valeur par groupe (colonne `notes` : « Segment not charted ») "
              "qui parle du plan numérique (`digital_plan`).",
    wrong=["p3_5_digital_plan", "p3_5_digital_shift_20plus", 23, "plan numérique"],
)
cle2.hints.insert(1, (lambda a, e: isinstance(a, str) and a not in set(data.load_prose_numbers()["claim"]),
                      "Ce n'est pas une clé de la colonne `claim` : copiez-la telle qu'elle est écrite dans le tableau, "
                      "entre guillemets (elles commencent par `p3_5_` dans cette section)."))
