"""Rule prices by re-solving (docs/model.md §8.2): rounded from a warm relaxation, two lanes at
once, and against brute force."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from prioritise.allocate import allocation_input, cell_values_of, run
from prioritise.allocate import prices as prices_module
from prioritise.allocate.constraints import RulePrice, binding_rules
from prioritise.allocate.prices import drop_change, price_rules
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.session import Session
from prioritise.allocate.solve import DEFAULT_GAP, optimise_scenario
from prioritise.allocate.text import Sentences
from prioritise.scenario import load, resolve_scenario
from tests.allocate.helpers import best_over_funding, random_values, with_constraints
from tests.factories import make_scenario

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
Prices = dict[str, RulePrice]


def _default_builder() -> ModelBuilder:
    scenario = load(DEFAULT_SCENARIO)
    return ModelBuilder(allocation_input(scenario, cell_values_of(scenario)))


def _small_builder(seed: int) -> ModelBuilder:
    """Eight cells (2 programmes × 2 areas × 2 regions, 2 years), a ticket and a line limit."""
    scenario = make_scenario(seed, programmes=2, areas=2, regions=2, years=2, total=30.0)
    scenario = with_constraints(
        scenario, spend_all=True, min_ticket=1.0, max_lines=4, max_programme_share=0.7
    )
    return ModelBuilder(allocation_input(scenario, random_values(scenario, seed)))


def _priced(builder: ModelBuilder, gap: float) -> tuple[Prices, float, np.ndarray]:
    """The prices of every binding rule, the optimum's value and its column values."""
    outcome = run(builder, "highs", None, gap)
    assert outcome.status == "optimal"
    items = binding_rules(builder.data, builder.named, builder.amounts(outcome.values))
    columns = builder.z_columns
    decisions = None if columns is None else outcome.values[columns]
    prices = price_rules(builder, items, outcome.values, decisions, gap=gap)
    value = float(builder.linear_program().objective @ outcome.values)
    return prices, value, outcome.values


def _same(first: Prices, second: Prices, tolerance: float) -> None:
    assert first.keys() == second.keys() and first
    for name, price in first.items():
        other = second[name]
        assert price.exact == other.exact, name
        assert price.dropped == pytest.approx(other.dropped, abs=tolerance), name
        assert price.steps.keys() == other.steps.keys(), name
        for step, value in price.steps.items():
            assert value == pytest.approx(other.steps[step], abs=tolerance), (name, step)


def test_on_the_default_scenario_rounding_proves_most_prices_and_agrees_with_branching(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The default scenario's relaxation is tight: most re-solves are proven by the split
    rounded from the warm relaxation, and give the prices the mixed-integer re-solves give."""
    builder = _default_builder()
    rounded: list[bool] = []
    original = prices_module._Lane.rounded

    def counted(lane: prices_module._Lane, *args: object, **kwargs: object) -> object:
        found = original(lane, *args, **kwargs)  # type: ignore[arg-type]
        rounded.append(found is not None)
        return found

    monkeypatch.setattr(prices_module._Lane, "rounded", counted)
    fast, value, _ = _priced(builder, DEFAULT_GAP)
    assert sum(rounded) >= 0.8 * len(rounded) > 10
    monkeypatch.setattr(prices_module._Lane, "rounded", lambda *args, **kwargs: None)
    branched, again, _ = _priced(builder, DEFAULT_GAP)
    assert again == pytest.approx(value, rel=1e-12)
    assert all(price.exact for price in fast.values())
    _same(fast, branched, DEFAULT_GAP * value)


@pytest.mark.parametrize("seed", [2, 5, 7])
def test_one_lane_and_two_lanes_give_the_same_prices(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = _small_builder(seed)
    two, _, _ = _priced(builder, 1e-6)
    monkeypatch.setattr(prices_module, "lane_count", lambda tasks: 1)
    one, _, _ = _priced(builder, 1e-6)
    _same(two, one, 1e-9)


def test_the_default_scenarios_prices_do_not_depend_on_the_lanes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builder = _default_builder()
    two, _, _ = _priced(builder, DEFAULT_GAP)
    monkeypatch.setattr(prices_module, "lane_count", lambda tasks: 1)
    one, _, _ = _priced(builder, DEFAULT_GAP)
    _same(two, one, 1e-9)


@pytest.mark.parametrize("seed", [1, 3, 4, 6])
def test_the_value_of_dropping_a_rule_is_what_brute_force_finds_without_it(seed: int) -> None:
    builder = _small_builder(seed)
    prices, value, _ = _priced(builder, 1e-7)
    columns = builder.z_columns
    assert columns is not None
    program = builder.linear_program()
    session = Session(program, None)
    named = {item.name: item for item in builder.named}
    checked = 0
    for name, price in prices.items():
        if price.dropped is None or name not in builder.parts:
            continue
        without = session.changed_program(drop_change(builder, named[name]))
        expected = max(0.0, best_over_funding(without, columns) - value)
        assert price.exact
        assert price.dropped == pytest.approx(expected, abs=1e-6), name
        checked += 1
    assert checked >= 1


@pytest.mark.parametrize("name", ["chile_transforma_2017", "chile_clusters_2008"])
def test_no_step_of_a_rule_is_worth_more_than_the_whole_rule_nor_larger_than_it(
    name: str,
) -> None:
    """A sentence prices a step of a rule by its dual price: the step is 1 unit, or less where
    the rule holds less money, and its worth never exceeds what dropping the rule entirely is
    worth when that was re-solved exactly (§8.1–§8.2)."""
    scenario = load(resolve_scenario(name))
    result = optimise_scenario(scenario, price_seconds=120, with_baselines=False)
    stick = result.yardstick
    assert stick is not None
    total = result.data.total if result.data is not None else 0.0
    checked = capped = 0
    for row in result.constraints[result.constraints["binding"]].itertuples():
        note = row.note.items[0] if isinstance(row.note, Sentences) else row.note
        step, worth = note.params.get("step"), note.params.get("effect")
        if step is None or worth is None or "points" not in worth.params:
            continue
        assert 0 < step.amount <= 1.0
        if row.kind == "min_ticket":
            assert step.amount == pytest.approx(min(1.0, row.limit))
        if row.kind in ("region_share", "programme_share") and row.name.endswith(".min"):
            assert step.amount <= max(0.01, row.limit * total) + 0.005  # shown to 2 decimals
        if row.price_exact:
            dropped = stick.points(row.value_if_dropped)
            assert float(worth.params["points"].value) <= dropped * 1.05 + 1e-9, row.name
            capped += worth.id.endswith("_most")
        checked += 1
    assert checked >= 5
    if name == "chile_clusters_2008":
        assert capped >= 1  # its small floors and ticket are worth less than a full unit


def test_index_points_show_two_digits_so_that_none_looks_exact() -> None:
    """"3,0 puntos" beside "0,63 puntos", not "3": and one point reads "1,0", which the plural
    of the sentences fits."""
    from prioritise.allocate.text import index_points

    values = (1.0, 1.04, 0.96, 2.0, 2.96, 0.63, 9.96, 12.4, 0.0996)
    shown = [index_points(v).text("es") for v in values]
    assert shown == ["1,0", "1,0", "0,96", "2,0", "3,0", "0,63", "10", "12", "0,10"]


def _committed(seed: int, commitment: bool) -> ModelBuilder:
    """The small model, with money committed to its line of least value (or without it)."""
    scenario = make_scenario(seed, programmes=2, areas=2, regions=2, years=2, total=30.0)
    values = random_values(scenario, seed)
    p, e, r = np.unravel_index(int(np.argmin(values)), values.shape)
    fixed = [
        {
            "programme": scenario.programmes[p].id,
            "enabling_area": scenario.enabling_areas[e].id,
            "region": scenario.regions[r].id,
            "year": scenario.years[0],
            "amount": 1.5,
        }
    ]
    scenario = with_constraints(
        scenario,
        spend_all=True,
        min_ticket=1.0,
        max_lines=3,
        max_programme_share=0.7,
        fixed=fixed if commitment else [],
    )
    return ModelBuilder(allocation_input(scenario, values))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_committed_line_is_funded_in_the_relaxation_and_free_once_its_commitment_is_priced(
    seed: int,
) -> None:
    """A line with committed money is funded (docs/model.md §7.6): the relaxation may not hold
    the commitment with a sliver of a line. Dropping the commitment frees that line too: its
    price is what brute force finds on the scenario built without it."""
    builder = _committed(seed, commitment=True)
    program = builder.linear_program()
    columns = builder.z_columns
    assert columns is not None
    relaxed = Session(program, None, mip=False).solve()
    committed = [rule.where["cell"] for rule in builder.rule_rows if rule.kind == "lines_committed"]
    assert len(committed) == 1 and relaxed.values[columns[committed[0]]] == pytest.approx(1.0)
    prices, value, _ = _priced(builder, 1e-7)
    assert value == pytest.approx(best_over_funding(program, columns), abs=1e-9)
    name = next(item.name for item in builder.named if item.kind == "fixed")
    without = _committed(seed, commitment=False)
    assert without.z_columns is not None
    best = best_over_funding(without.linear_program(), without.z_columns)
    assert prices[name].exact
    assert prices[name].dropped == pytest.approx(max(0.0, best - value), abs=1e-6)
