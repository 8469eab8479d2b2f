"""Words of the allocation reports, from the `report` message catalogue, and the few helpers
every report module shares: the report's language, its time zone, and how a share is written.

A report speaks one language from its first line to its last: the one asked for, else the
scenario's. Keys are stable so that code and tests can find a sheet or a column whatever the
language; the words themselves live in ``text/locales/<lang>/LC_MESSAGES/report.po``.
"""

from __future__ import annotations

import math
from typing import Any, Final

from prioritise.text import (
    DEFAULT_TIMEZONE,
    LANGUAGES,
    ListOf,
    Localizable,
    LocalizedError,
    Money,
    name_of,
    percent,
    t,
)
from prioritise.text.format import Amount

ILLUSTRATIVE: Final = "illustrative"

_LABELS: Final[dict[str, str]] = {
    # sheet titles
    "summary": "report.sheet.summary",
    "allocation": "report.sheet.allocation",
    "by_programme": "report.sheet.by_programme",
    "by_region": "report.sheet.by_region",
    "by_area": "report.sheet.by_area",
    "by_year": "report.sheet.by_year",
    "weights": "report.sheet.weights",
    "constraints": "report.sheet.constraints",
    "baselines": "report.sheet.baselines",
    "money_sources": "report.sheet.money_sources",
    "sources": "report.sheet.sources",
    "evidence": "report.evidence.sheet",
    # columns
    "item": "report.column.item",
    "value_col": "report.column.value",
    "unit": "report.column.unit",
    "programme": "common.programme",
    "area": "common.enabling_area",
    "region": "common.region",
    "year": "common.year",
    "amount": "report.column.amount",
    "budget_amount": "report.column.budget",
    "unspent_amount": "report.column.unspent",
    "share": "report.column.share",
    "earned": "report.column.earned",
    "earned_points": "report.column.earned_points",
    "priority": "common.priority",
    "kind": "report.column.kind",
    "population": "report.column.population",
    "per_capita": "report.column.per_capita",
    "id": "report.column.id",
    "weight_set": "report.column.weight_set",
    "name": "report.column.name",
    "group_weight": "report.column.group_weight",
    "binding": "common.binding",
    "shadow_points": "report.column.shadow_points",
    "sentence": "report.column.sentence",
    "constraint_kind": "report.column.constraint_kind",
    "split": "report.column.split",
    "description": "report.column.description",
    "objective": "report.column.value",
    "obeys_rules": "report.column.obeys_rules",
    "value_index": "report.column.value_index",
    "gain_points": "report.column.gain_points",
    "money_moved": "report.column.money_moved",
    "committed": "report.column.committed",
    "held": "report.column.held",
    "chosen": "report.column.chosen",
    "title": "report.column.title",
    "url": "report.column.url",
    "note": "report.column.note",
    "cited_by": "report.column.cited_by",
    # summary rows and words
    "scenario": "common.scenario",
    "budget": "common.budget",
    "whole_budget": "report.summary.whole_budget",
    "lines_budget": "report.summary.lines_budget",
    "status": "report.summary.status",
    "years": "report.summary.years",
    "spent": "report.summary.spent",
    "unspent": "report.summary.unspent",
    "proposal_value": "report.summary.proposal_value",
    "gain_over": "report.summary.gain_over",
    "points_unit": "report.summary.points_unit",
    "rules_cost": "report.summary.rules_cost",
    "rules_cost_money": "report.summary.rules_cost_money",
    "obeys": "report.word.obeys",
    "ignores": "report.word.ignores",
    "lines": "report.summary.lines",
    "cells": "report.summary.cells",
    "method": "report.summary.method",
    "solver": "report.summary.solver",
    "gap": "report.summary.gap",
    "seconds": "report.summary.seconds",
    "written": "report.summary.written",
    "written_at": "report.written_at",
    "score_unit": "report.summary.score_unit",
    "optimised": "report.baseline.optimised",
    "illustrative_title": "report.source.illustrative_title",
    "unsourced_title": "report.source.unsourced_title",
    "source_kind": "report.source.kind.source",
    "illustrative_kind": "report.source.kind.illustrative",
    "unsourced_kind": "report.source.kind.unsourced",
    "cited_criterion": "report.cited.criterion",
    "cited_table": "report.cited.table",
}

SHEET_KEYS: Final = (
    "summary",
    "allocation",
    "by_programme",
    "by_region",
    "by_area",
    "by_year",
    "weights",
    "constraints",
    "baselines",
    "money_sources",
    "sources",
    "evidence",
)

WEIGHT_SET_TITLES: Final = {
    "criteria": "report.weight_set.criteria",
    "enabling_areas": "report.weight_set.enabling_areas",
    "regional_criteria": "report.weight_set.regional_criteria",
    "programmes": "report.weight_set.programmes",
}
PROGRAMME_KINDS: Final = {"sector": "common.kind.sector", "platform": "common.kind.platform"}
METHODS: Final = {
    "additive": "common.method.additive",
    "topsis": "common.method.topsis",
    "promethee": "common.method.promethee",
}
SOLVER_NAMES: Final = {"highs": "HiGHS", "cbc": "CBC"}
"""Solvers by their own (untranslated) product names."""

BASELINES: Final = {
    "proportional": "report.baseline.proportional",
    "population": "report.baseline.population",
    "proportional_ignoring_rules": "report.baseline.proportional_ignoring_rules",
    "population_ignoring_rules": "report.baseline.population_ignoring_rules",
}
CONSTRAINT_KINDS: Final = {
    "budget_year": "report.constraint.budget_year",
    "budget": "report.constraint.budget",
    "spend_all": "report.constraint.spend_all",
    "programme_share": "report.constraint.programme_share",
    "region_share": "report.constraint.region_share",
    "enabling_share": "report.constraint.enabling_share",
    "concentration": "report.constraint.concentration",
    "min_ticket": "report.constraint.min_ticket",
    "max_lines": "report.constraint.max_lines",
    "continuity": "report.constraint.continuity",
    "fixed": "report.constraint.fixed",
}
TABLE_NAMES: Final = {
    "need": "report.cited.table_need",
    "specialisation": "report.cited.table_specialisation",
}


def label(key: str, lang: str, **params: Any) -> str:
    """A report word in `lang`, by its stable key."""
    return t(_LABELS[key], lang, **params)


def sheet_titles(lang: str = "en") -> dict[str, str]:
    """The workbook's sheet titles, by stable key, in the report's language."""
    return {key: label(key, lang) for key in SHEET_KEYS}


class ReportArgumentError(LocalizedError, ValueError):
    """A report asked for with an argument it cannot take (a language, a level, an item)."""


def report_language(scenario: Any, lang: str | None) -> str:
    """The language asked for, else the scenario's; anything else is a programming error."""
    chosen = lang or scenario.scenario.language
    if chosen not in LANGUAGES:
        raise ReportArgumentError(
            "report.error.language", languages=ListOf(LANGUAGES, "or"), given=str(chosen)
        )
    return str(chosen)


def scenario_timezone(scenario: Any) -> str:
    """The time zone the scenario's readers live in (America/Santiago unless it says)."""
    return getattr(scenario.scenario, "timezone", None) or DEFAULT_TIMEZONE


def as_text(value: object, lang: str) -> str:
    """A sentence from the allocation: a message rendered in `lang`, or a string as it is."""
    if value is None:
        return ""
    if isinstance(value, Localizable):
        return value.text(lang)
    return str(value)


def share_decimals(share: Amount | None) -> int:
    """Decimals that keep two significant digits of a small share: 0.00077 is '0.077%'."""
    if share is None or not math.isfinite(float(share)) or share == 0:
        return 1
    points = abs(float(share)) * 100
    return max(1, 1 - math.floor(math.log10(points)))


def share_text(share: Amount | None, lang: str, *, signed: bool = False) -> str:
    """A share of one as a percentage, with enough decimals to tell a small one from zero."""
    return percent(share, lang, share_decimals(share), signed=signed)


def named(table: dict[str, str], key: str, lang: str, fallback: object = None) -> str:
    """The word for a known key (a method, a kind); an unknown one shows `fallback` or itself."""
    message_id = table.get(key)
    if message_id is not None:
        return t(message_id, lang)
    return as_text(fallback, lang) if fallback is not None else key


def citations(scenario: Any, lang: str) -> dict[str | None, list[str]]:
    """What cites each source id ("illustrative", or None for none), named in `lang`."""
    cited: dict[str | None, list[str]] = {}
    for item in scenario.criteria:
        phrase = t("report.cited.criterion", lang, name=name_of(item, lang))
        source = item.source
        if item.derive is not None:  # a derived criterion rests on its table's source
            source = scenario.table_source(item.derive.table)
            phrase = t("report.evidence.cited_derived", lang, name=name_of(item, lang))
        cited.setdefault(source, []).append(phrase)
    budget = t("report.cited.budget", lang, total=_total(scenario))
    cited.setdefault(scenario.budget.source, []).append(budget)
    for table_id in scenario.tables:
        own = scenario.table_text(table_id, "name", lang)
        if own is None and table_id in TABLE_NAMES:
            phrase = t(TABLE_NAMES[table_id], lang)
        else:
            phrase = t("report.cited.table", lang, name=scenario.table_name(table_id, lang))
        cited.setdefault(scenario.table_source(table_id), []).append(phrase)
    return cited


def _total(scenario: Any) -> Money:
    meta = scenario.scenario
    return Money(float(scenario.budget.total), meta.unit, meta.currency)


def cited_text(items: list[str], lang: str) -> str:
    """What cites a source, as one phrase: 'criterion Jobs, criterion Growth and …'."""
    return ListOf(items).text(lang)
