"""Tables of a robustness analysis: the workbook's sheets and the app's charts share them.

`robustness_sheets` gives the sheets that `report.excel_bytes(..., extra_sheets=...)` appends
to an allocation's workbook: a summary of the run, the core index of every cell and of every
programme × region pair, P10 / P50 / P90 of each programme's and region's money, the
programmes' rank acceptability, the compromise against the group split and the regret table.
Headers and names are in the report's language (English or Spanish) and money is in the
scenario's unit written for that language; every figure is the `RobustnessResult`'s own number,
so the workbook, the app and `prioritise robustness --json` agree. Each sheet carries its format
kinds in ``frame.attrs`` so the workbook shows shares as percentages and money as money.
`core_by_region`, `split_totals` and `regret_long` also feed the app's charts.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from prioritise.report.excel import FORMATS_ATTR, LANG_ATTR
from prioritise.report.labels import (
    WEIGHT_SET_TITLES,
    ReportArgumentError,
    as_text,
    named,
    report_language,
)
from prioritise.report.robustness_labels import CLASSES, SAMPLINGS, SHEET_KEYS, sheet_titles, word
from prioritise.robustness.compromise import COMPROMISE, GROUP
from prioritise.robustness.result import RobustnessResult
from prioritise.robustness.stats import funded_tolerance
from prioritise.scenario.schema import Scenario
from prioritise.text import ListOf, Percent, money_unit, name_of

__all__ = [
    "SHEET_KEYS",
    "core_by_region",
    "item_names",
    "regret_long",
    "robustness_sheets",
    "sheet_titles",
    "split_label",
    "split_totals",
]

LEVELS = ("programme", "region")


def item_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """Display names of programmes, areas, regions and stakeholders, by id, in a language."""
    names: dict[str, str] = {}
    for group in (scenario.programmes, scenario.enabling_areas, scenario.regions):
        for item in group:
            names[item.id] = name_of(item, lang)
    for person in scenario.stakeholders:
        names[person.id] = name_of(person, lang)
    return names


def _shape(result: RobustnessResult) -> tuple[list[str], list[str], list[str]]:
    """Programmes, enabling areas and regions in the cells' (model) order."""
    index = result.cells.index
    programmes, areas, regions = (
        [str(v) for v in index.get_level_values(level).unique()] for level in range(3)
    )
    return programmes, areas, regions


def core_by_region(result: RobustnessResult, programme: str | None = None) -> pd.DataFrame:
    """Core index aggregated over enabling areas, or one programme's cells.

    Without `programme`: programmes × regions, the share of draws in which the programme gets
    money in the region in any enabling area (so at least its best cell's core index). With a
    programme id: that programme's enabling areas × regions, each cell's own core index.
    Rows and columns in the model's order, labelled by id.
    """
    programmes, areas, regions = _shape(result)
    shape = (len(programmes), len(areas), len(regions))
    if programme is not None:
        if programme not in programmes:
            raise ReportArgumentError("report.error.no_programme", programme=programme)
        core = result.cells["core_index"].to_numpy(float).reshape(shape)
        return pd.DataFrame(
            core[programmes.index(programme)],
            index=pd.Index(areas, name="enabling_area"),
            columns=pd.Index(regions, name="region"),
        )
    amounts = result.arrays.cell_amounts.reshape(len(result.arrays.cell_amounts), *shape)
    funded = (amounts > funded_tolerance(result.total)).any(axis=2).mean(axis=0)
    return pd.DataFrame(
        funded,
        index=pd.Index(programmes, name="programme"),
        columns=pd.Index(regions, name="region"),
    )


def split_totals(result: RobustnessResult, level: str) -> pd.DataFrame:
    """The group split and the minimax-regret compromise summed by programme or region.

    Columns group, compromise and difference (compromise − group), indexed by id in the model's
    order. Raises ValueError when the run had no compromise.
    """
    if level not in LEVELS:
        raise ReportArgumentError(
            "report.error.level", levels=ListOf(LEVELS, "or"), given=str(level)
        )
    found = result.compromise
    if found is None:
        raise ReportArgumentError("report.error.no_compromise")
    position = LEVELS.index(level) * 2  # programme is level 0 of the cells, region level 2
    keys = result.cells.index.get_level_values(position)
    order = pd.Index(keys.unique(), name=level)
    table = pd.DataFrame(
        {
            split: pd.Series(found.portfolios[split], index=keys).groupby(level=0).sum()
            for split in (GROUP, COMPROMISE)
        }
    ).reindex(order)
    table["difference"] = table["compromise"] - table["group"]
    return table


def regret_long(result: RobustnessResult) -> pd.DataFrame:
    """One row per stakeholder and split: value reached, best value, regret and its share.

    The value reached is the best value less the regret (a split that would beat the best
    split found counts as reaching it: regrets are never negative).

    Splits are each stakeholder's own best split (by their id), "group" and "compromise".
    Raises ValueError when the run had no compromise.
    """
    found = result.compromise
    if found is None:
        raise ReportArgumentError("report.error.no_compromise")
    relative = found.relative_regret
    rows = []
    for stakeholder in found.regret.index:
        optimum = float(found.optimum[stakeholder])
        for split in found.regret.columns:
            regret = float(found.regret.at[stakeholder, split])
            rows.append(
                {
                    "stakeholder": stakeholder,
                    "split": split,
                    "achieved": optimum - regret,
                    "optimum": optimum,
                    "regret": regret,
                    "relative": float(relative.at[stakeholder, split]),
                }
            )
    return pd.DataFrame(rows)


def split_label(split: str, names: dict[str, str], lang: str) -> str:
    """A split's name: a stakeholder's own best split, the group's or the compromise."""
    if split == GROUP:
        return word("split_group", lang)
    if split == COMPROMISE:
        return word("split_compromise", lang)
    return word("split_own", lang, name=names.get(split, split))


# ---------------------------------------------------------------- the sheets


def _formatted(table: dict[str, Any] | pd.DataFrame, lang: str, **kinds: str) -> pd.DataFrame:
    """A sheet with the format kind of some columns (by header) and its language attached."""
    frame = table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)
    frame.attrs[FORMATS_ATTR] = {word(key, lang): kind for key, kind in kinds.items()}
    frame.attrs[LANG_ATTR] = lang
    return frame


def _quantile_columns(frame: pd.DataFrame, lang: str, unit: str) -> dict[str, np.ndarray]:
    return {
        word(key, lang, unit=unit): frame[key].to_numpy(float)
        for key in ("p10", "p50", "p90", "mean", "group")
    }


def _money_kinds(frame: pd.DataFrame, lang: str, unit: str) -> dict[str, str]:
    return {header: "money" for header in _quantile_columns(frame, lang, unit)}


def _summary(result: RobustnessResult, names: dict[str, str], lang: str, unit: str) -> pd.DataFrame:
    value_unit = word("value_unit", lang)
    sampling = named(SAMPLINGS, result.sampling, lang)
    rows: list[tuple[str, Any, str]] = [
        (word("draws", lang), result.draws, ""),
        (word("seed", lang), result.seed, ""),
        (word("sampling", lang), sampling, ""),
    ]
    if result.sampling == "dirichlet":
        for name, precision in result.precision.items():
            title = named(WEIGHT_SET_TITLES, name, lang)
            shown: Any = float(precision) if math.isfinite(precision) else word("no_spread", lang)
            rows.append((word("spread", lang, set=title.lower()), shown, ""))
    core = result.robust_core
    share, low = Percent(0.9, 0), Percent(0.1, 0)
    rows += [
        (word("core_lines", lang, share=share), len(core), ""),
        (word("core_money", lang), float(core["group"].sum()), unit),
        (word("contested_lines", lang, low=low, high=share), len(result.contested), ""),
        (word("value_group", lang), float(result.objective["group"]), value_unit),
    ]
    rows += [
        (word(f"value_draws_{q}", lang), float(result.objective[q]), value_unit)
        for q in ("p10", "p50", "p90")
    ]
    found = result.compromise
    if found is not None:
        for split in (GROUP, COMPROMISE):
            label = split_label(split, names, lang)
            worst = str(found.worst_off[split])
            points = found.regret_points  # one unit for every stakeholder, where there is one
            largest, unit_word = float(found.max_regret[split]), ""
            if points is not None:
                largest, unit_word = float(points.at[worst, split]), word("points_unit", lang)
            rows.append((word("max_regret", lang, split=label), largest, unit_word))
            rows.append((word("worst_off", lang, split=label), names.get(worst, worst), ""))
    rows += [(word("note", lang), as_text(note, lang), "") for note in result.notes_in(lang)]
    headers = [word("item", lang), word("value", lang), word("unit", lang)]
    return _formatted(pd.DataFrame(rows, columns=headers), lang)


def _cells(result: RobustnessResult, names: dict[str, str], lang: str, unit: str) -> pd.DataFrame:
    cells = result.cells
    ids = [cells.index.get_level_values(level).astype(str) for level in range(3)]
    table: dict[str, Any] = {
        word(key, lang): [names.get(i, i) for i in level]
        for key, level in zip(("programme", "enabling_area", "region"), ids, strict=True)
    }
    table[word("core", lang)] = cells["core_index"].to_numpy(float)
    table.update(_quantile_columns(cells, lang, unit))
    classes = {key: named(CLASSES, key, lang) for key in CLASSES}
    table[word("class", lang)] = [classes.get(str(c), str(c)) for c in cells["class"]]
    for key, level in zip(("programme_id", "enabling_area_id", "region_id"), ids, strict=True):
        table[key] = list(level)
    frame = _formatted(table, lang, core="share")
    frame.attrs[FORMATS_ATTR].update(_money_kinds(cells, lang, unit))
    return frame


def _core_by_region(
    result: RobustnessResult, names: dict[str, str], lang: str, regions: list[str]
) -> pd.DataFrame:
    core = core_by_region(result).reindex(columns=regions)
    table = core.rename(columns=lambda r: names.get(r, r))
    table.insert(0, word("programme", lang), [names.get(p, p) for p in core.index])
    table.insert(1, word("id", lang), list(core.index))
    table.columns.name = None
    frame = _formatted(table.reset_index(drop=True), lang)
    frame.attrs[FORMATS_ATTR] = {names.get(r, r): "share" for r in regions}
    return frame


def _programmes(
    result: RobustnessResult, names: dict[str, str], lang: str, unit: str
) -> pd.DataFrame:
    source = result.programmes
    table: dict[str, Any] = {
        word("programme", lang): [names.get(p, p) for p in source.index],
        word("id", lang): list(source.index),
        word("priority", lang): result.group_priorities.reindex(source.index).to_numpy(float),
    }
    table.update(_quantile_columns(source, lang, unit))
    frame = _formatted(table, lang, priority="share")
    frame.attrs[FORMATS_ATTR].update(_money_kinds(source, lang, unit))
    return frame


def _regions(
    result: RobustnessResult, names: dict[str, str], lang: str, regions: list[str], unit: str
) -> pd.DataFrame:
    source = result.regions.reindex(regions)
    table: dict[str, Any] = {
        word("region", lang): [names.get(r, r) for r in source.index],
        word("id", lang): list(source.index),
        word("population_share", lang): source["population_share"].to_numpy(float),
    }
    table.update(_quantile_columns(source, lang, unit))
    table[word("p_population_share", lang)] = source["p_population_share"].to_numpy(float)
    frame = _formatted(table, lang, population_share="share", p_population_share="share")
    frame.attrs[FORMATS_ATTR].update(_money_kinds(source, lang, unit))
    return frame


def _ranks(result: RobustnessResult, names: dict[str, str], lang: str) -> pd.DataFrame:
    source = result.rank_acceptability
    table: dict[str, Any] = {
        word("programme", lang): [names.get(p, p) for p in source.index],
        word("id", lang): list(source.index),
    }
    for rank in source.columns:
        table[word("rank_n", lang, n=int(rank))] = source[rank].to_numpy(float)
    frame = _formatted(table, lang)
    frame.attrs[FORMATS_ATTR] = {word("rank_n", lang, n=int(r)): "share" for r in source.columns}
    return frame


def _compromise(
    result: RobustnessResult, names: dict[str, str], lang: str, regions: list[str], unit: str
) -> pd.DataFrame:
    columns = (
        ("group", "group"),
        ("compromise_amount", "compromise"),
        ("difference", "difference"),
    )
    parts = []
    for level in LEVELS:
        totals = split_totals(result, level)
        if level == "region":
            totals = totals.reindex(regions)
        table: dict[str, Any] = {
            word("level", lang): word(level, lang),
            word("item", lang): [names.get(i, i) for i in totals.index],
            word("id", lang): list(totals.index),
        }
        for key, column in columns:
            table[word(key, lang, unit=unit)] = totals[column].to_numpy(float)
        parts.append(pd.DataFrame(table))
    frame = _formatted(pd.concat(parts, ignore_index=True), lang)
    frame.attrs[FORMATS_ATTR] = {word(key, lang, unit=unit): "money" for key, _ in columns}
    return frame


def _regret(result: RobustnessResult, names: dict[str, str], lang: str) -> pd.DataFrame:
    long = regret_long(result)
    table = {
        word("stakeholder", lang): [names.get(s, s) for s in long["stakeholder"]],
        word("split", lang): [split_label(s, names, lang) for s in long["split"]],
        word("achieved", lang): long["achieved"].to_numpy(float),
        word("optimum", lang): long["optimum"].to_numpy(float),
        word("regret_value", lang): long["regret"].to_numpy(float),
        word("regret_share", lang): long["relative"].to_numpy(float),
        word("stakeholder_id", lang): long["stakeholder"].to_numpy(),
        word("split_id", lang): long["split"].to_numpy(),
    }
    return _formatted(table, lang, regret_share="share")


def robustness_sheets(
    result: RobustnessResult, scenario: Scenario, lang: str | None = None
) -> dict[str, pd.DataFrame]:
    """The robustness sheets for an allocation's workbook: title -> table, in SHEET_KEYS order.

    `lang` ("en" or "es"; the scenario's by default) sets titles, headers, names and the money
    unit. The compromise and regret sheets are left out when the run had no compromise.
    """
    chosen = report_language(scenario, lang)
    names = item_names(scenario, chosen)
    unit = money_unit(scenario.scenario.unit, scenario.scenario.currency, chosen)
    _, _, model_regions = _shape(result)
    known = [r.id for r in scenario.regions_north_to_south() if r.id in model_regions]
    regions = known + [r for r in model_regions if r not in known]
    tables = {
        "robustness": _summary(result, names, chosen, unit),
        "core_index": _cells(result, names, chosen, unit),
        "core_by_region": _core_by_region(result, names, chosen, regions),
        "programmes": _programmes(result, names, chosen, unit),
        "regions": _regions(result, names, chosen, regions, unit),
        "ranks": _ranks(result, names, chosen),
    }
    if result.compromise is not None:
        tables["compromise"] = _compromise(result, names, chosen, regions, unit)
        tables["regret"] = _regret(result, names, chosen)
    titles = sheet_titles(chosen)
    return {titles[key]: table for key, table in tables.items()}
