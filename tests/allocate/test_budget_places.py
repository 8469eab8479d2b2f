"""The decimals a split's money is written with: a mixed scenario's as its whole budget and its
two parts need (at least one, at most two), so that they add up as written; any other's as
many as its budget has, one or two. The command line and the app share the rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prioritise.allocate import PARTS_PLACES, budget_parts, budget_places, parts_places
from prioritise.scenario import load
from prioritise.text import money

ROOT = Path(__file__).parents[2]
MIXED = load(ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml")
PLAIN = load(ROOT / "scenarios" / "chile_transforma_2017.toml")


@pytest.mark.parametrize(
    ("lines", "places"),
    [(131.25, 2), (150.0, 1), (75.0, 1), (75.225, PARTS_PLACES), (7.5, 1), (0.75, 2)],
)
def test_a_mixed_split_is_written_as_the_parts_are(lines: float, places: int) -> None:
    """A quarter for initiatives: 131,25 leaves 43,75 (two decimals); 150 leaves 50 and 75
    leaves 25 (one, as a plain budget's 175,0); 7,5 leaves 2,5 of 10 (one) but 0,75 leaves
    0,25 of 1 (two); 75,225 would need three and gets the most, two."""
    assert MIXED.initiatives_share == 0.25
    assert budget_places(MIXED, lines) == places


def test_the_shipped_mixed_scenario_reads_131_25_not_131_3() -> None:
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


@pytest.mark.parametrize(
    ("budget", "expected"),
    [(None, (175.0, 43.75, 131.25, 2)), (100.0, (100.0, 25.0, 75.0, 1)), (10.0, (10, 2.5, 7.5, 1))],
)
def test_budget_parts_cut_the_whole_by_the_initiatives_share(
    budget: float | None, expected: tuple[float, float, float, int]
) -> None:
    parts = budget_parts(MIXED, budget)
    assert (parts.whole, parts.initiatives, parts.lines, parts.places) == pytest.approx(expected)
    assert budget_places(MIXED, parts.lines) == parts.places  # the split's figure agrees


@given(st.integers(0, 10**6), st.integers(1, 3))
def test_parts_written_to_their_places_add_up_as_written(cents: int, quarters: int) -> None:
    """Whole budgets in cents cut in quarters: written to `parts_places`, the two parts add up
    to the whole exactly as written whenever two decimals are enough to write them."""
    whole = cents / 100
    initiatives = whole * quarters / 4
    lines = whole - initiatives
    places = parts_places(whole, initiatives, lines)
    assert 1 <= places <= PARTS_PLACES
    if all(abs(round(v, 2) - v) < 1e-9 for v in (initiatives, lines)):
        written = [round(v, places) for v in (whole, initiatives, lines)]
        assert written[1] + written[2] == pytest.approx(written[0], abs=1e-9)


def test_money_spent_to_the_solvers_tolerance_is_the_budget_as_written() -> None:
    """A split that spends 65.625 up to float noise is written 65,63 as its budget is, not
    65,62: `spent` is the budget within 10⁻⁶ of it, and the amounts' sum otherwise."""
    from dataclasses import replace

    from prioritise.allocate import lines_scenario, optimise_scenario
    from prioritise.tradeoffs import budget_sweep

    result = optimise_scenario(load(ROOT / "scenarios" / "tutorial.toml"), with_baselines=False)
    assert result.spent == result.budget
    noisy = replace(result, amounts=result.amounts * (1 - 1e-9))
    assert noisy.spent == result.budget and float(noisy.amounts.sum()) != result.budget
    short = replace(result, amounts=result.amounts * 0.99)
    assert short.spent == pytest.approx(0.99 * result.budget)
    sweep = budget_sweep(lines_scenario(MIXED), [65.625])  # as `sweep` runs it: 65.62499…
    (point,) = sweep.points
    assert point.spent == point.budget == 65.625
    row = next(line for line in sweep.format_text("es").splitlines() if "65,6" in line)
    assert row.split().count("65,63") == 2, row
