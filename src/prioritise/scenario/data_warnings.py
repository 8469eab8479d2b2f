"""Warnings: data that loads and runs but may not say what its authors meant.

A valid scenario can still have gaps the model fills silently. Each warning is a located
`Problem` with severity ``warning`` that names the items (by their names, in the reader's
language) and says what the gap does to the result (docs/model.md §5, §6 and §7.3):

- a cell missing from `tables.need` counts as 0: no need, so that enabling area gets nothing
  of the programme's priority; a programme without a row needs every area alike;
- a cell missing from a programme × region table counts as 0: the lowest value where higher is
  better (the region comes last on that criterion), the best where lower is better; a
  programme without a row has 0 in every region, so the criterion cannot tell them apart;
- a row whose values are all equal cannot tell its columns apart: the enabling-area priorities
  follow the stakeholders' weights alone, or the other regional criteria decide;
- the regions' `gdp_share` values that do not add up to 100 % (± `GDP_TOLERANCE`), or that
  some regions lack, point to a typo or a region left out;
- a scenario without stakeholders weighs every criterion and enabling area the same, and its
  robustness has no disagreement to draw from.

`prioritise validate` prints them (and fails on them with `--strict`); the app shows each
beside the table it concerns (`warnings_at`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from prioritise.scenario.problems import Problem, plain_number
from prioritise.scenario.schema import Criterion, Scenario
from prioritise.text import Message, Percent, msg

__all__ = ["GDP_TOLERANCE", "check_warnings", "warnings_at"]

GDP_TOLERANCE = 0.02
"""How far the regions' GDP shares may add up from 100 % before a warning (2 points)."""


def _warning(location: str, message: Message) -> Problem:
    return Problem(location, message, severity="warning")


def _table_warnings(
    scenario: Scenario, table_id: str, criterion: Criterion | None
) -> list[Problem]:
    """The gaps and flat rows of one table: `need` (criterion None) or a criterion's."""
    rows = scenario.table(table_id)
    columns: Sequence = scenario.regions if criterion else scenario.enabling_areas
    found: list[Problem] = []
    for programme in scenario.programmes:
        where = f"tables.{table_id}.{programme.id}"
        row = rows.get(programme.id)
        if row is None:
            if criterion is None:
                message = msg("scenario.warning.need_row_missing", programme=programme)
            else:
                message = msg(
                    "scenario.warning.row_missing", programme=programme, criterion=criterion
                )
            found.append(_warning(where, message))
            continue
        gaps = [column for column in columns if column.id not in row]
        for column in gaps:
            if criterion is None:
                message = msg("scenario.warning.need_missing", programme=programme, area=column)
            else:
                message = msg(
                    "scenario.warning.cell_missing_max"
                    if criterion.direction == "max"
                    else "scenario.warning.cell_missing_min",
                    programme=programme,
                    criterion=criterion,
                    region=column,
                )
            found.append(_warning(f"{where}.{column.id}", message))
        values = {float(row[column.id]) for column in columns if column.id in row}
        if not gaps and len(columns) > 1 and len(values) == 1:
            value = plain_number(values.pop())
            if criterion is None:
                message = msg("scenario.warning.need_flat", programme=programme, value=value)
            else:
                message = msg(
                    "scenario.warning.row_flat",
                    programme=programme,
                    criterion=criterion,
                    value=value,
                )
            found.append(_warning(where, message))
    return found


def _gdp_warnings(scenario: Scenario) -> list[Problem]:
    shares = [region.gdp_share for region in scenario.regions]
    if all(share is None for share in shares):
        return []
    found = [
        _warning(f"regions[{i}]", msg("scenario.warning.gdp_missing", region=region))
        for i, region in enumerate(scenario.regions)
        if region.gdp_share is None
    ]
    if found:
        return found
    total = sum(share for share in shares if share is not None)
    if abs(total - 1) <= GDP_TOLERANCE:
        return []
    used = scenario.returns.capacity_basis == "gdp"
    message = msg(
        "scenario.warning.gdp_sum_used" if used else "scenario.warning.gdp_sum_unused",
        total=Percent(total),
    )
    return [_warning("regions", message)]


def check_warnings(scenario: Scenario) -> list[Problem]:
    """Every warning about a valid scenario's data, tables first, in file order."""
    found: list[Problem] = []
    if "need" in scenario.tables:
        found.extend(_table_warnings(scenario, "need", None))
    for criterion in scenario.criteria_at("programme_region"):
        if criterion.derive is None:  # a derived criterion has no table (derive_checks)
            found.extend(_table_warnings(scenario, criterion.id, criterion))
    found.extend(_gdp_warnings(scenario))
    if not scenario.stakeholders:
        found.append(_warning("stakeholders", msg("scenario.warning.no_stakeholders")))
    return found


def warnings_at(problems: Iterable[Problem], place: str) -> list[Problem]:
    """The problems at `place` or inside it (`tables.need` holds `tables.need.mining.rd`)."""
    return [
        problem
        for problem in problems
        if problem.location == place or problem.location.startswith((f"{place}.", f"{place}["))
    ]
