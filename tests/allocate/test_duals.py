"""Shadow prices: sign-locked on toy models whose duals are known by hand, for every solver.

The convention: a positive shadow price means "relaxing this constraint by one unit of money
adds this much value" — raising a cap or a budget, lowering a floor, a ticket or a commitment.
HiGHS and CBC report the duals of a maximisation with opposite signs, so every case runs
against both (one shared contract, run against every solver).
"""

from __future__ import annotations

import numpy as np
import pytest

from prioritise.allocate import allocation_input, optimise
from prioritise.allocate.text import estimate_of, significant
from prioritise.scenario.schema import Scenario

SOLVERS = ["highs", "cbc"]


def two_programmes(
    total: float,
    years: list[int] | None = None,
    per_year: list[float] | None = None,
    **constraints: object,
) -> Scenario:
    """Programmes a and b, one area, one region; linear returns, saturation out of reach."""
    budget: dict[str, object] = {"total": total, "years": years or [2030]}
    if per_year is not None:
        budget["per_year"] = per_year
    return Scenario.model_validate(
        {
            "format": "prioritise-scenario/1",
            "scenario": {"name": "toy", "language": "en"},
            "budget": budget,
            "programmes": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
            "enabling_areas": [{"id": "e", "name": "E"}],
            "regions": [{"id": "r", "name": "R", "population": 100}],
            "returns": {"curve": "linear", "saturation": 10.0},
            "constraints": constraints,
        }
    )


VALUES = np.array([0.75, 0.25]).reshape(2, 1, 1)


def prices(scenario: Scenario, solver: str) -> tuple[float, dict[str, float]]:
    result = optimise(allocation_input(scenario, VALUES), solver=solver, gap=0.0)
    assert result.status == "optimal"
    table = result.constraints.set_index("name")["shadow_price"]
    return result.objective, table.to_dict()


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_binding_cap(solver: str) -> None:
    """Budget 10, a capped at 40 %: a = 4, b = 6, value 0.75·4 + 0.25·6 = 4.5. One more unit
    of budget goes to b (+0.25); one more unit of a's cap moves a unit from b to a (+0.5)."""
    objective, found = prices(two_programmes(10.0, programme_share={"a": {"max": 0.4}}), solver)
    assert objective == pytest.approx(4.5)
    assert found["budget"] == pytest.approx(0.25, abs=1e-9)
    assert found["programme_share[a].max"] == pytest.approx(0.5, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_binding_floor(solver: str) -> None:
    """Budget 10, b's floor 50 %: a = 5, b = 5, value 5. Lowering the floor by a unit moves
    it to a (+0.5); a's 60 % cap is slack (0); one more unit of budget goes to a (+0.75)."""
    scenario = two_programmes(10.0, programme_share={"a": {"max": 0.6}, "b": {"min": 0.5}})
    objective, found = prices(scenario, solver)
    assert objective == pytest.approx(5.0)
    assert found["programme_share[b].min"] == pytest.approx(0.5, abs=1e-9)
    assert found["programme_share[a].max"] == pytest.approx(0.0, abs=1e-9)
    assert found["budget"] == pytest.approx(0.75, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_commitment_and_year_budgets(solver: str) -> None:
    """Years 2030 and 2031 with 4 and 6; 1 committed to a in 2030. 2030: a = 1 (held), b = 3;
    2031: a = 6. Value 0.75·7 + 0.25·3 = 6. A unit more in 2030 goes to b (+0.25), in 2031 to
    a (+0.75); the total, spread 40/60 over the years, earns 0.4·0.25 + 0.6·0.75 = 0.55;
    committing a unit less to a in 2030 moves it to b (-0.5: the commitment costs value
    only if it is lowered)."""
    scenario = two_programmes(
        10.0,
        years=[2030, 2031],
        per_year=[4.0, 6.0],
        fixed=[
            {"programme": "a", "enabling_area": "e", "region": "r", "year": 2030, "amount": 1.0}
        ],
    )
    objective, found = prices(scenario, solver)
    assert objective == pytest.approx(6.0)
    assert found["budget[2030]"] == pytest.approx(0.25, abs=1e-9)
    assert found["budget[2031]"] == pytest.approx(0.75, abs=1e-9)
    assert found["budget"] == pytest.approx(0.55, abs=1e-9)
    assert found["fixed[a,e,r][2030]"] == pytest.approx(-0.5, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_carry_over_makes_an_early_commitment_free(solver: str) -> None:
    """With carry-over, the 2030 money a does not get can wait for 2031: a = 1 + 9, value 7.5.
    Only the total binds (+0.75); the 2030 limit (4, cumulative) is slack, and committing a
    unit less to a in 2030 just moves it to 2031 (0)."""
    scenario = two_programmes(
        10.0,
        years=[2030, 2031],
        per_year=[4.0, 6.0],
        fixed=[
            {"programme": "a", "enabling_area": "e", "region": "r", "year": 2030, "amount": 1.0}
        ],
    )
    scenario = scenario.model_copy(
        update={"budget": scenario.budget.model_copy(update={"carry_over": True})}
    )
    objective, found = prices(scenario, solver)
    assert objective == pytest.approx(7.5)
    assert found["budget"] == pytest.approx(0.75, abs=1e-9)
    assert found["budget[2030]"] == pytest.approx(0.0, abs=1e-9)
    assert found["fixed[a,e,r][2030]"] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_uncommitted_cells_share_a_year_profile_priced_year_by_year(solver: str) -> None:
    """Without commitments every cell follows the yearly profile of free money (here 40/60):
    with a capped at 40 %, every year's budget is worth what the total is worth (+0.25)."""
    scenario = two_programmes(
        10.0, years=[2030, 2031], per_year=[4.0, 6.0], programme_share={"a": {"max": 0.4}}
    )
    objective, found = prices(scenario, solver)
    assert objective == pytest.approx(4.5)
    assert found["budget[2030]"] == pytest.approx(0.25, abs=1e-9)
    assert found["budget[2031]"] == pytest.approx(0.25, abs=1e-9)
    assert found["programme_share[a].max"] == pytest.approx(0.5, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_continuity_against_a_small_second_year(solver: str) -> None:
    """Years of 8 and 2 with continuity 50 %: 2031 holds at most 2, so 2030 at most 4; a gets
    all 6, value 4.5. A unit more in 2031 lets 2030 take two more: 3 units of a (+2.25); 2030's
    budget is slack (0); the total, spread 80/20, earns 0.2 · 2.25 = 0.45. Letting a's money
    fall one unit further lets 2030 take two more units of a (+1.5). b gets nothing, so its
    continuity rules are not reported."""
    scenario = two_programmes(10.0, years=[2030, 2031], per_year=[8.0, 2.0], continuity=0.5)
    objective, found = prices(scenario, solver)
    assert objective == pytest.approx(4.5)
    assert found["budget[2031]"] == pytest.approx(2.25, abs=1e-9)
    assert found["budget[2030]"] == pytest.approx(0.0, abs=1e-9)
    assert found["budget"] == pytest.approx(0.45, abs=1e-9)
    assert found["continuity[a,e,r][2031]"] == pytest.approx(1.5, abs=1e-9)
    assert "continuity[b,e,r][2031]" not in found


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_binding_minimum_ticket_in_the_mip(solver: str) -> None:
    """Budget 12, b's floor 30 % (3.6) and a ticket of 5: b is funded at the ticket, a = 7,
    value 0.75·7 + 0.25·5 = 6.5. Lowering the ticket by a unit moves it from b to a (+0.5),
    read from the LP with the funding decisions held fixed; the floor is slack (0)."""
    scenario = two_programmes(12.0, min_ticket=5.0, programme_share={"b": {"min": 0.3}})
    objective, found = prices(scenario, solver)
    assert objective == pytest.approx(6.5)
    assert found["min_ticket"] == pytest.approx(0.5, abs=1e-9)
    assert found["programme_share[b].min"] == pytest.approx(0.0, abs=1e-9)
    assert found["budget"] == pytest.approx(0.75, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_sentences_follow_the_sign(solver: str) -> None:
    scenario = two_programmes(10.0, programme_share={"a": {"max": 0.4}})
    result = optimise(allocation_input(scenario, VALUES), solver=solver)
    sentence = result.constraints.set_index("name").loc["programme_share[a].max", "sentence"]
    assert sentence.startswith("Raising the cap on A (40.0% of the budget) by 1 M USD would add")
    fixed = two_programmes(
        10.0,
        fixed=[
            {"programme": "a", "enabling_area": "e", "region": "r", "year": 2030, "amount": 1.0}
        ],
    )
    result = optimise(allocation_input(fixed, VALUES), solver=solver)
    row = result.constraints.set_index("name").loc["fixed[a,e,r][2030]"]
    assert row["shadow_price"] == pytest.approx(-0.5, abs=1e-9)
    stick = result.yardstick
    points = significant(100 * 0.5 / stick.reference, 2).text("en")
    money = 0.5 / stick.marginal
    assert (  # a dual's reading, not re-solved: said at the margin (§8.1)
        f"would lose {points} index points at the margin, as much as {money:.2f} M USD less budget"
        in (row["sentence"])
    )


def test_money_equivalents_read_alike_side_by_side() -> None:
    """A money equivalent worked out from prices keeps two decimals under 10 units whatever
    its digits: "1.00" beside "1.06", never "1.0"; one above; four for slivers."""
    data = allocation_input(two_programmes(10.0), VALUES)
    said = [estimate_of(amount, data).text("en") for amount in (1.0, 1.06, 0.5, 12.345, 0.004)]
    assert said == ["1.00 M USD", "1.06 M USD", "0.50 M USD", "12.3 M USD", "0.0040 M USD"]
    assert estimate_of(1.0, data).text("es") == "1,00 MM USD"


def test_a_share_rule_of_a_programme_without_money_says_so() -> None:
    """b earns nothing and gets no money: its area's share of b's money does not exist, so the
    sentence says b gets none instead of showing a share (it used to read "it gets –")."""
    scenario = two_programmes(10.0, enabling_share={"e": {"min": 0.1}})
    result = optimise(allocation_input(scenario, np.array([1.0, 0.0]).reshape(2, 1, 1)))
    assert result.amounts[1].sum() == 0
    notes = result.constraints.set_index("name")["note"]
    empty, funded = notes["enabling_share[e].min[b]"], notes["enabling_share[e].min[a]"]
    assert empty.text("en") == "The floor for E within B (10.0%) is not binding: B gets no money."
    assert empty.text("es") == (
        "El piso de E dentro de B (10,0\xa0%) no está activo: B no recibe dinero."
    )
    assert funded.text("en") == "The floor for E within A (10.0%) is not binding: it gets 100.0%."


def test_a_dual_reading_is_said_at_the_margin_and_a_re_solved_price_is_not() -> None:
    """Without re-solving, a step's worth is the dual times the step: a rate valid for small
    changes, which a whole step may not reach (in the shipped mixed scenario, lowering a floor
    by 1 M USD read 0.16 points while dropping it whole was worth 0.11), so it is said "at the
    margin"; priced by re-solving, it is no longer a rate and is not."""
    scenario = two_programmes(10.0, programme_share={"a": {"max": 0.4}})
    data = allocation_input(scenario, VALUES)
    name = "programme_share[a].max"
    for lang, words in (("en", "at the margin"), ("es", "al margen")):
        plain = optimise(data).constraints.set_index("name").loc[name, "note"]
        assert words in plain.text(lang)
        priced = optimise(data, price_seconds=10).constraints.set_index("name").loc[name, "note"]
        assert words not in priced.text(lang)
