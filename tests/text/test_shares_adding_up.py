"""Shares of one written so that they add up to 100 % as written (largest remainders): the
group's weights of a weight set read 36 + 25 + 25 + 14, never 99 %."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prioritise.cli import main
from prioritise.text import shares_adding_up

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"


@given(st.lists(st.floats(0.001, 1.0), min_size=1, max_size=12), st.integers(0, 2))
def test_rounded_shares_add_up_to_one_and_stay_within_a_unit(
    weights: list[float], decimals: int
) -> None:
    shares = [w / sum(weights) for w in weights]
    if abs(sum(shares) - 1.0) > 1e-9:  # float sums: the rule applies to shares of one
        return
    rounded = shares_adding_up(shares, decimals)
    unit = Decimal(1) / 10 ** (decimals + 2)
    assert sum(rounded) == 1
    assert all(
        abs(float(r) - s) < float(unit) + 1e-12 for r, s in zip(rounded, shares, strict=True)
    )


def test_shares_that_are_not_of_one_are_rounded_one_by_one() -> None:
    assert shares_adding_up([0.334, 0.334]) == [Decimal("0.33"), Decimal("0.33")]


def test_the_groups_weights_add_up_to_100_in_the_score(capsys) -> None:
    assert main(["--lang", "es", "score", str(CHILE)]) == 0
    out = capsys.readouterr().out
    heading = out.index("Ponderaciones del grupo")
    rows = [line for line in out[heading:].splitlines()[1:4]]
    assert len(rows) == 3 and all(":" in row for row in rows)
    for row in rows:
        # to one decimal, as the sensitivity table writes them
        percents = [float(p.replace(",", ".")) for p in re.findall(r"(\d+,\d)\u00a0%", row)]
        assert len(percents) == row.count("%") and sum(percents) == pytest.approx(100.0), row
