"""Pools that name initiatives a sheet no longer has (docs/scenario-format.md, "Spreadsheets of
initiatives").

A sheet replaces every initiative of the scenario, but the pools stay in the scenario file, and
one that lists an initiative by id keeps that id. The import refuses such a sheet and says which
pool names which initiative, since the pool's money may have been meant for it. Asked to, it
takes the lost initiatives out of the pools' lists instead, and says which it took out, and which
pool that leaves open to no initiative: the way forward for someone who works in the app alone,
with no scenario file to edit. An initiative whose id the sheet changed counts as lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from prioritise.scenario.problems import Problem
from prioritise.scenario.schema import Scenario
from prioritise.scenario.sheet_cells import SheetProblem
from prioritise.text import Message, msg

_MEMBER = re.compile(r"pools\[(\d+)\]\.initiatives\[(\d+)\]")


@dataclass(frozen=True)
class Dropped:
    """One initiative taken out of one pool's list (`initiative` None: what the taking out
    left, a pool open to no initiative), and the sentence that says so."""

    pool: str
    initiative: str | None
    message: Message

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "pool": self.pool,
            "initiative": self.initiative,
            "message": self.message.text(lang),
        }


def _shown(pool: Any) -> Any:
    """A pool as a sentence names it: by its name, or by its id when it has none."""
    return pool if pool.name or any(pool.names.values()) else pool.id


def lost_member(problem: Problem, scenario: Scenario, origin: str) -> Message | None:
    """The scenario's problem of a pool naming an initiative the sheet no longer has, said
    with both names; None for any other problem."""
    member = _MEMBER.fullmatch(problem.location or "")
    if member is None or int(member.group(1)) >= len(scenario.pools):
        return None
    pool = scenario.pools[int(member.group(1))]
    position = int(member.group(2))
    ident = pool.initiatives[position] if position < len(pool.initiatives) else None
    item = next((i for i in scenario.initiatives if i.id == ident), None)
    if item is None:
        return None
    return msg(
        "scenario.sheet.pool_lost_initiative", file=origin, pool=_shown(pool), initiative=item
    )


def only_lost_members(problems: list[SheetProblem]) -> bool:
    """Whether every problem of an import is a pool naming a lost initiative: then taking
    them out of the pools' lists (`drop_lost_members`) is all the import needs."""
    wanted = "scenario.sheet.pool_lost_initiative"
    return bool(problems) and all(problem.message.id == wanted for problem in problems)


def drop_lost_members(
    raw: dict[str, Any], scenario: Scenario, rows: list[dict[str, Any]]
) -> list[Dropped]:
    """Take out of each pool's list in `raw` (the scenario as data, its initiatives already
    `rows`, the sheet's) the initiatives of `scenario` that the rows no longer have: what was
    taken out of which pool, and each pool left open to no initiative."""
    kept = {str(row.get("id")) for row in rows}
    by_id = {item.id: item for item in scenario.initiatives}
    said: list[Dropped] = []
    for pool, data in zip(scenario.pools, raw.get("pools", []), strict=False):
        listed = data.get("initiatives") or []
        lost = list(dict.fromkeys(ident for ident in listed if ident not in kept))
        if not lost:
            continue
        data["initiatives"] = [ident for ident in listed if ident in kept]
        for ident in lost:
            item = by_id.get(ident, ident)
            words = msg("scenario.sheet.pool_member_dropped", pool=_shown(pool), initiative=item)
            said.append(Dropped(pool.id, ident, words))
        drawn = any(row.get("pool") == pool.id for row in rows)
        if not (data["initiatives"] or pool.programmes or pool.regions or drawn):
            words = msg("scenario.sheet.pool_left_closed", pool=_shown(pool))
            said.append(Dropped(pool.id, None, words))
    return said
