"""Words of the robustness sheets, from the `report` message catalogue.

The keys are stable so that code and tests can find a sheet or a column whatever the language;
sheet titles stay within Excel's 31 characters in both languages.
"""

from __future__ import annotations

from typing import Any, Final

from prioritise.text import t

SHEET_KEYS: Final = (
    "robustness",
    "core_index",
    "core_by_region",
    "programmes",
    "regions",
    "ranks",
    "compromise",
    "regret",
)

_WORDS: Final[dict[str, str]] = {
    # sheet titles (at most 31 characters: Excel's limit)
    "robustness": "report.robustness.sheet.robustness",
    "core_index": "report.robustness.sheet.core_index",
    "core_by_region": "report.robustness.sheet.core_by_region",
    "programmes": "report.robustness.sheet.programmes",
    "regions": "report.robustness.sheet.regions",
    "ranks": "report.robustness.sheet.ranks",
    "compromise": "report.robustness.sheet.compromise",
    "regret": "report.robustness.sheet.regret",
    # columns
    "item": "report.column.item",
    "value": "report.column.value",
    "unit": "report.column.unit",
    "id": "report.column.id",
    "stakeholder_id": "report.column.stakeholder_id",
    "split_id": "report.column.split_id",
    "programme": "common.programme",
    "enabling_area": "common.enabling_area",
    "region": "common.region",
    "stakeholder": "common.stakeholder",
    "core": "report.robustness.core",
    "p10": "report.robustness.p10",
    "p50": "report.robustness.p50",
    "p90": "report.robustness.p90",
    "mean": "report.robustness.mean",
    "group": "report.robustness.group",
    "class": "report.robustness.class",
    "priority": "report.robustness.priority",
    "population_share": "report.robustness.population_share",
    "p_population_share": "report.robustness.p_population_share",
    "rank_n": "report.robustness.rank_n",
    "level": "report.robustness.level",
    "compromise_amount": "report.robustness.compromise_amount",
    "difference": "report.robustness.difference",
    "split": "report.robustness.split",
    "achieved": "report.robustness.achieved",
    "optimum": "report.robustness.optimum",
    "regret_value": "report.robustness.regret_value",
    "regret_share": "report.robustness.regret_share",
    # splits
    "split_own": "report.robustness.split_own",
    "split_group": "report.robustness.split_group",
    "split_compromise": "report.robustness.split_compromise",
    # summary rows
    "draws": "report.robustness.draws",
    "seed": "report.robustness.seed",
    "sampling": "report.robustness.sampling",
    "spread": "report.robustness.spread",
    "no_spread": "report.robustness.no_spread",
    "core_lines": "report.robustness.core_lines",
    "core_money": "report.robustness.core_money",
    "contested_lines": "report.robustness.contested_lines",
    "value_group": "report.robustness.value_group",
    "value_draws_p10": "report.robustness.value_draws_p10",
    "value_draws_p50": "report.robustness.value_draws_p50",
    "value_draws_p90": "report.robustness.value_draws_p90",
    "max_regret": "report.robustness.max_regret",
    "worst_off": "report.robustness.worst_off",
    "note": "report.column.note",
    "value_unit": "report.summary.value_unit",
    "points_unit": "report.summary.points_unit",
}

CLASSES: Final = {
    "core": "report.robustness.class_core",
    "contested": "report.robustness.class_contested",
    "rare": "report.robustness.class_rare",
    "never": "report.robustness.class_never",
}
SAMPLINGS: Final = {
    "dirichlet": "report.robustness.sampling_dirichlet",
    "uniform": "report.robustness.sampling_uniform",
    "resample": "report.robustness.sampling_resample",
}


def word(key: str, lang: str, **values: Any) -> str:
    """A word of the robustness sheets in `lang`, by its stable key."""
    return t(_WORDS[key], lang, **values)


def sheet_titles(lang: str = "en") -> dict[str, str]:
    """The robustness sheets' titles, by stable key, in the report's language."""
    return {key: word(key, lang) for key in SHEET_KEYS}
