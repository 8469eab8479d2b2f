"""Where each region's money comes from (docs/model.md §8.4).

"Why does Aysén get tourism money?" has three answers, and a split mixes them: a commitment
puts it there, a rule forces it there (a regional floor, a programme floor, an area floor, the
minimum ticket), or the optimiser chose it for its value. The split is read at the margin: money
in a cell earns V_c · slope_k on its curve segment k, and the budget's price λ (§8.1) is what
money earns at the margin anywhere. Money on segments earning at least λ is **chosen for
value** — it would be there without any floor; money on segments earning less than λ is there
only because a rule **holds** it; commitments are counted first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.text import amount_of, amounts_adding_up, language_of
from prioritise.text import ListOf, Message, msg

TOLERANCE = 1e-9
HELD = {
    "region_floor": "allocate.source.held.region_floor",
    "programme_floor": "allocate.source.held.programme_floor",
    "area_floor": "allocate.source.held.area_floor",
    "ticket": "allocate.source.held.ticket",
    "other": "allocate.source.held.other",
}
"""Rules that can hold money in a cell, in the order the money is attributed to them."""
BINDS = {
    "region_floor": "allocate.source.binds.region_floor",
    "region_cap": "allocate.source.binds.region_cap",
    "concentration": "allocate.source.binds.concentration",
}


def value_chosen(data: AllocationInput, money: np.ndarray, marginal: float | None) -> np.ndarray:
    """Per cell, the money on curve segments earning at least `marginal` per unit."""
    if marginal is None or not math.isfinite(marginal):
        return money.copy()
    points = np.asarray(data.breakpoints, dtype=float)
    slopes = np.asarray(data.slopes, dtype=float)
    earning = data.values[..., None] * slopes  # (P, E, R, K)
    keep = earning >= marginal * (1 - 1e-7) - 1e-15
    # segments earn less and less, so the kept ones come first: count them
    reach = points[keep.sum(axis=-1)] * data.scale
    return np.minimum(money, reach)


def _binding(table: pd.DataFrame) -> set[str]:
    if not len(table):
        return set()
    return set(table.loc[table["binding"], "name"])


def _holder(data: AllocationInput, binding: set[str], p: int, r: int, areas: set[int]) -> str:
    """The rule that holds money in the cells of (programme p, region r)."""
    if f"region_share[{data.regions[r]}].min" in binding:
        return "region_floor"
    if f"programme_share[{data.programmes[p]}].min" in binding:
        return "programme_floor"
    for e in areas:
        if f"enabling_share[{data.areas[e]}].min[{data.programmes[p]}]" in binding:
            return "area_floor"
    if "min_ticket" in binding:
        return "ticket"
    return "other"


def money_sources(
    data: AllocationInput, amounts: np.ndarray, table: pd.DataFrame, marginal: float | None
) -> pd.DataFrame:
    """One row per region and programme with money: committed, held by a rule, chosen for value.

    Flags say which rules bind there (the region's floor or cap, the programme's
    concentration limit in the region); `note` is the row as a sentence.
    """
    money = np.asarray(amounts, dtype=float).sum(axis=3)
    committed = np.zeros(data.shape)
    for _, (p, e, r, _t), amount in data.fixed_amounts():
        committed[p, e, r] += amount
    free = np.maximum(money - committed, 0.0)
    chosen = np.minimum(free, value_chosen(data, money, marginal))
    held = np.maximum(free - chosen, 0.0)
    binding = _binding(table)
    tolerance = TOLERANCE * max(1.0, data.total)
    language = language_of(data)
    rows = []
    for r, region in enumerate(data.regions):
        floor = f"region_share[{region}].min" in binding
        cap = f"region_share[{region}].max" in binding
        for p, programme in enumerate(data.programmes):
            amount = float(money[p, :, r].sum())
            if amount <= tolerance:
                continue
            areas = {e for e in range(len(data.areas)) if held[p, e, r] > tolerance}
            kept = float(held[p, :, r].sum())
            holder = _holder(data, binding, p, r, areas) if kept > tolerance else ""
            row: dict[str, Any] = {
                "region": region,
                "programme": programme,
                "amount": amount,
                "committed": float(committed[p, :, r].sum()),
                "held": kept if kept > tolerance else 0.0,
                "held_by": holder,
                "chosen": float(chosen[p, :, r].sum()),
                "region_floor_binds": floor,
                "region_cap_binds": cap,
                "concentration_binds": f"concentration[{region}][{programme}]" in binding,
            }
            rows.append(row)
    # the rows a reader sees (money held or committed) are written to one number of places
    shown = [row for row in rows if row["held"] > 0 or row["committed"] > 0]
    least = max((_places(data, row) for row in shown), default=0)
    for row in rows:
        note = source_note(data, row, least)
        row.update(note=note, sentence=note.text(language))
    columns = [
        "region",
        "programme",
        "amount",
        "committed",
        "held",
        "held_by",
        "chosen",
        "region_floor_binds",
        "region_cap_binds",
        "concentration_binds",
        "note",
        "sentence",
    ]
    return pd.DataFrame(rows, columns=columns)


def _kinds(data: AllocationInput, row: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The parts of a row's money: committed, held (by which rule), chosen for its value."""
    kinds = []
    if row["committed"] > 0:
        kinds.append(("allocate.source.committed", float(row["committed"])))
    if row["held"] > 0:
        kinds.append((HELD[row["held_by"]], float(row["held"])))
    if row["chosen"] > TOLERANCE * max(1.0, data.total):
        kinds.append(("allocate.source.chosen", float(row["chosen"])))
    return kinds


def _places(data: AllocationInput, row: Mapping[str, Any]) -> int:
    """The places a row's sentence needs on its own: its most precise amount's (`amount_of`,
    as `amounts_adding_up` takes them)."""
    amounts = [float(row["amount"]), *(amount for _, amount in _kinds(data, row))]
    return max((amount_of(amount, data).decimals or 0) for amount in amounts)


def source_note(data: AllocationInput, row: Mapping[str, Any], least: int = 0) -> Message:
    """'Aysén, tourism: 1.9 M USD — 1.2 M USD held by the regional floor, 0.7 M USD chosen
    for its value.' plus the rules that bind there. The parts are written to the places of
    the amount, at least `least` (the list's rows alike: 0,50 beside 0,50, not 0,5), and add
    up to it as written (`amounts_adding_up`): 1,58 = 1,35 + 0,23, not 1,34 + 0,23."""
    kinds = _kinds(data, row)
    total, amounts = amounts_adding_up(float(row["amount"]), [a for _, a in kinds], data, least)
    parts = [msg(key, amount=amount) for (key, _), amount in zip(kinds, amounts, strict=True)]
    flags = [msg(text) for flag, text in BINDS.items() if row[f"{flag}_binds"]]
    params = {
        "region": data.label(row["region"]),
        "programme": data.label(row["programme"]),
        "amount": total,
        "parts": ListOf(parts),
    }
    if flags:
        return msg("allocate.source.row_binds", binds=ListOf(flags), **params)
    return msg("allocate.source.row", **params)
