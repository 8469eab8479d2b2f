"""Conflicts and repairs checked by brute force, on small scenarios and on the Chile variants.

For a small scenario every subset of its rules can be switched off and solved: the conflict
must have no split on its own and get one without any single member (irreducible), the first
repair must change no more rules than the fewest whose removal gives a split, and every repair
applied to the scenario must let the optimiser find a split.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritise.allocate import (
    AllocationError,
    Repair,
    allocation_input,
    apply_repair,
    cell_values_of,
    diagnose,
    optimise,
    optimise_scenario,
    reference_value,
)
from prioritise.scenario import load, validate_dict
from prioritise.scenario.schema import Scenario
from tests.allocate.helpers import check_allocation, random_values, with_constraints
from tests.allocate.rule_helpers import (
    fewest_rules_to_drop,
    has_split,
    rule_paths,
    with_values,
    without,
)
from tests.factories import scenario_dict

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
CHILE = ROOT / "scenarios" / "chile_transforma_2017.toml"
FIX = {"programme": "solar", "enabling_area": "rd", "region": "south"}

SMALL = {
    "floors above 100 % and a cap": {
        "spend_all": True,
        "min_region_share": 0.35,
        "max_programme_share": 0.5,
    },
    "a commitment above a regional cap": {
        "region_share": {"south": {"max": 0.1}},
        "continuity": 0.5,
        "fixed": [{**FIX, "year": 2025, "amount": 4.0}],
    },
    "lines against floors and concentration": {
        "min_region_share": 0.1,
        "concentration": 0.6,
        "max_lines": 4,
        "min_ticket": 1.0,
    },
    "a ticket too large for the floors": {"min_region_share": 0.2, "min_ticket": 11.0},
    "two separate conflicts": {
        "spend_all": True,
        "min_region_share": 0.4,
        "max_programme_share": 0.3,
    },
}


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load(TUTORIAL)


def _checked(scenario: Scenario, values: np.ndarray, budget: float | None = None) -> list[Repair]:
    """The diagnosis, with the conflict and every repair checked against the optimiser."""
    data = allocation_input(scenario, values, budget)
    diagnosis = diagnose(data)
    assert diagnosis.conflict and diagnosis.proven
    every = rule_paths(scenario)
    assert set(diagnosis.conflict) <= set(every)
    others = [path for path in every if path not in diagnosis.conflict]
    assert not has_split(without(scenario, others), values, budget)  # no split on its own
    for member in diagnosis.conflict:  # ... and one without any single member
        assert has_split(without(scenario, [*others, member]), values, budget), member
    for repair in diagnosis.repairs:
        repaired = apply_repair(scenario, repair)
        result = optimise(allocation_input(repaired, values, budget), diagnose=False)
        assert result.status == "optimal", repair.message
        assert check_allocation(repaired, result.allocation, budget) == []
        assert repair.objective <= result.objective * (1 + 2e-3) + 1e-9
    return list(diagnosis.repairs)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_conflicts_are_irreducible_and_first_repairs_smallest(
    tutorial: Scenario, name: str
) -> None:
    scenario = with_constraints(tutorial, **SMALL[name])
    values = random_values(scenario, 3)
    assert not has_split(scenario, values)
    repairs = _checked(scenario, values)
    assert repairs
    fewest = fewest_rules_to_drop(scenario, values, most=len(repairs[0].changes))
    assert fewest == len(repairs[0].changes)
    single = [r for r in repairs if len(r.changes) == 1]
    if fewest == 1:  # every rule that alone repairs the scenario is offered
        alone = [p for p in rule_paths(scenario) if has_split(without(scenario, [p]), values)]
        assert sorted(r.changes[0].field for r in single) == sorted(alone)
    sizes = [(len(r.changes), sum(_relative(c) for c in r.changes)) for r in repairs]
    assert sizes == sorted(sizes)


def _relative(change: object) -> float:
    current, suggested = change.current, change.suggested  # type: ignore[attr-defined]
    if isinstance(current, bool):
        return 1.0
    return abs(suggested - current) / abs(current)


def test_when_no_single_change_works_the_fewest_rules_change_together(tutorial: Scenario) -> None:
    """Regional floors of 120 % and programme caps of 90 % with the whole budget to spend:
    two conflicts, so one change cannot be enough; the combination changes two rules."""
    scenario = with_constraints(tutorial, **SMALL["two separate conflicts"])
    values = random_values(scenario, 3)
    (repair,) = _checked(scenario, values)
    assert len(repair.changes) == 2
    fields = {change.field for change in repair.changes}
    assert "constraints.min_region_share" in fields
    assert fields & {"constraints.max_programme_share", "constraints.spend_all"}
    for change in repair.changes:  # each of the two alone is not enough
        alone = with_values(scenario, {change.field: change.suggested})
        assert not has_split(alone, values)


def test_a_smallest_value_is_the_edge_of_feasibility(tutorial: Scenario) -> None:
    """A one-change repair moves its rule just far enough: one grid step less has no split."""
    scenario = with_constraints(tutorial, **SMALL["lines against floors and concentration"])
    values = random_values(scenario, 3)
    for repair in _checked(scenario, values):
        (change,) = repair.changes
        if isinstance(change.current, bool):
            continue
        step = 1 if change.field.endswith("max_lines") else 1e-4
        if change.field.endswith("min_ticket"):
            step = 1e-3  # five significant digits of a budget of 30
        direction = 1 if change.suggested > change.current else -1
        short = change.suggested - direction * step
        if (short - change.current) * direction > 0:
            tighter = with_values(scenario, {change.field: short})
            assert not has_split(tighter, values), change.field


RANDOM_RULES = st.fixed_dictionaries(
    {
        "spend_all": st.booleans(),
        "min_region_share": st.sampled_from([None, 0.2, 0.4]),
        "max_programme_share": st.sampled_from([None, 0.3, 0.5]),
        "region_share": st.sampled_from([{}, {"south": {"max": 0.5}}]),
        "concentration": st.sampled_from([None, 0.4]),
        "min_ticket": st.sampled_from([None, 6.0, 12.0]),
        "max_lines": st.sampled_from([None, 2, 4]),
        "fixed": st.sampled_from([[], [{**FIX, "year": 2025, "amount": 9.0}]]),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), rules=RANDOM_RULES)
def test_random_infeasible_scenarios_get_verified_smallest_repairs(
    seed: int, rules: dict[str, object]
) -> None:
    scenario = with_constraints(load(TUTORIAL), **rules)
    values = random_values(scenario, seed)
    if has_split(scenario, values):
        return
    repairs = _checked(scenario, values)
    assert repairs
    first = len(repairs[0].changes)
    assert fewest_rules_to_drop(scenario, values, most=first) == first


# ----------------------------------------------------------------------- applying repairs


def test_applying_a_repair_copies_the_scenario_and_refuses_nonsense(tutorial: Scenario) -> None:
    scenario = with_constraints(tutorial, **SMALL["floors above 100 % and a cap"])
    before = scenario.model_dump()
    (repair, *_) = diagnose(allocation_input(scenario, random_values(scenario, 3))).repairs
    repaired = apply_repair(scenario, repair)
    assert scenario.model_dump() == before and repaired is not scenario
    (change,) = repair.changes
    broken = Repair(
        (change.__class__("constraints.min_region_share", 0.35, 1.5, change.note),),
        0,
        0,
        change.note,
    )
    with pytest.raises(AllocationError) as error:
        apply_repair(scenario, broken)
    assert "constraints.min_region_share" in error.value.text("en")
    nowhere = Repair(
        (change.__class__("constraints.fixed[3].amount", 1.0, 0.0, change.note),), 0, 0, change.note
    )
    with pytest.raises(AllocationError):
        apply_repair(scenario, nowhere)


def test_a_feasible_problem_has_nothing_to_diagnose(tutorial: Scenario) -> None:
    diagnosis = diagnose(allocation_input(tutorial, random_values(tutorial, 1)))
    assert diagnosis.conflict == () and diagnosis.repairs == ()


# ----------------------------------------------------------------------- the Chile cases


@pytest.fixture(scope="module")
def chile() -> Scenario:
    return load(CHILE)


def _variant(chile: Scenario, **changes: object) -> Scenario:
    constraints = chile.constraints.model_copy(update=changes)
    return chile.model_copy(update={"constraints": constraints})


def test_chile_caps_below_the_budget_offer_unticking_spend_all(chile: Scenario) -> None:
    """Every region at least 6 % and none above 6.1 %: sixteen caps add up to 97.6 %."""
    scenario = _variant(chile, min_region_share=0.06, max_region_share=0.061)
    result = optimise_scenario(scenario)
    assert result.diagnosis is not None
    assert set(result.diagnosis.conflict) == {
        "constraints.spend_all",
        "constraints.max_region_share",
    }
    by_field = {r.changes[0].field: r for r in result.diagnosis.repairs if len(r.changes) == 1}
    assert by_field["constraints.spend_all"].changes[0].suggested is False
    cap = by_field["constraints.max_region_share"].changes[0].suggested
    assert cap == pytest.approx(0.0625)  # sixteen regions at 6.25 % spend it all
    values = cell_values_of(scenario)
    for repair in result.diagnosis.repairs:
        assert has_split(apply_repair(scenario, repair), values)
    assert result.seconds["diagnose"] < 20


def test_chile_with_ten_lines_raises_the_limit_to_exactly_the_lines_needed(
    chile: Scenario,
) -> None:
    scenario = _variant(chile, max_lines=10)
    result = optimise_scenario(scenario)
    assert result.diagnosis is not None
    assert "constraints.max_lines" in result.diagnosis.conflict
    lines = [r for r in result.diagnosis.repairs if r.fields == ("constraints.max_lines",)]
    (repair,) = lines
    needed = repair.changes[0].suggested
    assert needed == 32  # sixteen regions with a floor, two programmes each (concentration 60 %)
    values = cell_values_of(scenario)
    assert has_split(apply_repair(scenario, repair), values)
    assert not has_split(_variant(chile, max_lines=needed - 1), values)


def test_a_repair_says_its_value_as_the_value_index(chile: Scenario) -> None:
    """Each repair's sentence gives the value its split reaches (and the most any could) in
    index points, as every other figure of value is given (docs/model.md §10.1)."""
    scenario = _variant(chile, max_lines=10).in_language("en")
    result = optimise_scenario(scenario, price_seconds=0)
    assert result.diagnosis is not None and result.diagnosis.repairs
    reference = reference_value(allocation_input(scenario, cell_values_of(scenario)))
    for repair in result.diagnosis.repairs:
        said = repair.note.text("en")
        index = f"value index of {100 * repair.objective / reference:.1f}"
        assert index in said, said
        if repair.bound is not None:
            assert f"more than {100 * repair.bound / reference:.1f})" in said, said


@pytest.mark.parametrize("ticket", [0.25, 0.16])
def test_a_lowered_ticket_is_said_exactly_as_it_is_applied(chile: Scenario, ticket: float) -> None:
    """Chile at 5 M USD: 32 lines of at least 0.25 M USD do not fit. The ticket must fall to
    5 / 32 = 0.15625 or below: the sentence gives the value applied (0.1562), never a rounded
    0.16, which would not fit either and, typed in, would be offered "from 0.16 to 0.16"."""
    scenario = _variant(chile, min_ticket=ticket)
    result = optimise_scenario(scenario, budget=5.0, price_seconds=0)
    assert result.diagnosis is not None
    (repair,) = [r for r in result.diagnosis.repairs if r.fields == ("constraints.min_ticket",)]
    suggested = repair.changes[0].suggested
    assert isinstance(suggested, float) and 32 * suggested <= 5.0 < 32 * round(suggested, 2)
    for lang, mark in (("en", "."), ("es", ",")):
        said = repair.changes[0].note.text(lang)
        shown = f"{suggested:.4f}".replace(".", mark)
        old = f"{ticket:.2f}".replace(".", mark)
        assert f" {old} M" in said and f" {shown} M" in said, said
        assert shown in repair.note.text(lang), repair.note.text(lang)
    values = cell_values_of(scenario)
    assert has_split(apply_repair(scenario, repair), values, budget=5.0)
    assert not has_split(_variant(chile, min_ticket=round(suggested, 2)), values, budget=5.0)


def test_a_commitment_above_a_cap_on_25_regions_is_repaired_by_the_cap_alone() -> None:
    raw = scenario_dict(7, programmes=12, areas=6, regions=25, years=3, total=175.0)
    raw["constraints"] = {
        "spend_all": True,
        "max_programme_share": 0.2,
        "min_region_share": 0.005,
        "concentration": 0.6,
        "region_share": {"r3": {"max": 0.01}},
        "fixed": [
            {"programme": "p2", "enabling_area": "a0", "region": "r3", "year": 2031, "amount": 5.0}
        ],
    }
    scenario = validate_dict(raw)
    result = optimise_scenario(scenario)
    assert result.diagnosis is not None
    assert set(result.diagnosis.conflict) == {
        "constraints.region_share.r3.max",
        "constraints.fixed[0].amount",
    }
    (cap,) = [
        r for r in result.diagnosis.repairs if r.fields == ("constraints.region_share.r3.max",)
    ]
    assert cap.changes[0].suggested >= 5.0 / 175.0
    repaired = apply_repair(scenario, cap)
    solved = optimise_scenario(repaired, gap=0.05)
    assert solved.solved and check_allocation(repaired, solved.allocation) == []
