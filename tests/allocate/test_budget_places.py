"""The decimals a split's money is written with: a mixed scenario's as its budget's parts are
written (two), any other's as many as its budget has, one or two."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.allocate import PARTS_PLACES, budget_places
from prioritise.scenario import load
from prioritise.text import money

ROOT = Path(__file__).parents[2]
MIXED = load(ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml")
PLAIN = load(ROOT / "scenarios" / "chile_transforma_2017.toml")


@pytest.mark.parametrize("budget", [131.25, 150.0, 75.225])
def test_a_mixed_split_is_written_as_the_parts_are(budget: float) -> None:
    assert 0 < MIXED.initiatives_share < 1
    assert budget_places(MIXED, budget) == PARTS_PLACES == 2
    lines = MIXED.budget.total * (1 - MIXED.initiatives_share)
    meta = MIXED.scenario
    shown = money(lines, meta.unit, meta.currency, "es", decimals=budget_places(MIXED, lines))
    assert shown == "131,25 MM USD"  # not 131,3 beside the note's 131,25


@pytest.mark.parametrize(("budget", "places"), [(175.0, 1), (60.5, 1), (60.25, 2), (60.123, 2)])
def test_a_plain_split_keeps_one_decimal_unless_its_budget_has_two(
    budget: float, places: int
) -> None:
    assert PLAIN.initiatives_share == 0
    assert budget_places(PLAIN, budget) == places
