"""Where a region's money comes from, in words: the parts add up to the amount as written
(1,58 = 1,35 + 0,23, never 1,34 + 0,23), checked on every split line of the default scenario
and on random parts."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from prioritise.allocate import allocation_input, cell_values_of, optimise_scenario
from prioritise.allocate.text import amounts_adding_up
from prioritise.scenario import load

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
SCENARIO = load(CHILE).in_language("en")
DATA = allocation_input(SCENARIO, cell_values_of(SCENARIO))
AMOUNT = r"(\d+(?:\.\d+)?) M USD"


def _cents(text: str) -> Decimal:
    return Decimal(text.split()[0].replace(",", ""))


@given(st.lists(st.floats(0.0, 50.0, allow_nan=False), min_size=1, max_size=3))
def test_written_parts_add_up_to_the_written_total(parts: list[float]) -> None:
    total = sum(parts)
    shown, written = amounts_adding_up(total, parts, DATA)
    texts = [m.text("en") for m in written]
    assert sum(_cents(t) for t in texts) == _cents(shown.text("en"))
    places = {len(t.split()[0].partition(".")[2]) for t in [shown.text("en"), *texts]}
    assert len(places) == 1  # all to the same places
    for part, money in zip(parts, written, strict=True):
        assert abs(float(_cents(money.text("en"))) - part) < 1.01 * 10 ** -min(places)


def test_every_source_sentence_of_the_default_scenario_adds_up() -> None:
    result = optimise_scenario(SCENARIO, with_baselines=False)
    checked = 0
    for sentence in result.sources["sentence"]:
        head, _, tail = sentence.partition(" — ")
        (total,) = re.findall(AMOUNT, head)
        parts = re.findall(AMOUNT, tail)
        if len(parts) >= 2:  # money from two sources or more
            assert sum(Decimal(p) for p in parts) == Decimal(total), sentence
            checked += 1
    assert checked >= 5


def test_parts_that_do_not_add_up_are_written_as_they_are() -> None:
    shown, written = amounts_adding_up(2.0, [0.5, 0.25], DATA)
    assert [m.text("en") for m in written] == ["0.5 M USD", "0.25 M USD"]
    assert shown.text("en") == "2.0 M USD"
