"""The checks of the rules: a suggested share is one that can be followed."""

from __future__ import annotations

import pytest

from prioritise.scenario import ScenarioError
from prioritise.scenario import io as sio
from tests.factories import edited, scenario_dict


def _said(raw: dict, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        sio.validate_dict(raw)
    return [problem.line(lang) for problem in info.value.problems]


@pytest.mark.parametrize(
    ("regions", "floor", "lang", "said"),
    [
        (
            16,
            0.07,
            "es",
            "constraints.min_region_share: las participaciones mínimas regionales suman "
            "112,0\u00a0%, más que todo el presupuesto: con 16 regiones, cabe un mínimo de a lo "
            "más 6,25\u00a0% cada una",
        ),
        (
            16,
            0.063,
            "en",
            "constraints.min_region_share: the regional minimum shares add up to 100.8%, more "
            "than the whole budget: with 16 regions, a minimum of at most 6.25% each fits",
        ),
        (6, 0.2, "es", "con 6 regiones, cabe un mínimo de a lo más 16,6\u00a0% cada una"),
        (6, 0.2, "en", "with 6 regions, a minimum of at most 16.6% each fits"),
        (4, 0.3, "en", "with 4 regions, a minimum of at most 25.0% each fits"),
    ],
)
def test_the_largest_minimum_that_fits_is_never_written_above_it(
    regions: int, floor: float, lang: str, said: str
) -> None:
    """With 16 regions, 1/16 = 6.25 %: '6,3 %' would add up to 100,8 %, still too much. The
    limit is written exactly when two decimals can, else rounded down (16,6 % for 1/6)."""
    raw = edited(scenario_dict(0, regions=regions), "constraints.min_region_share", floor)
    found = _said(raw, lang)
    assert any(said in line for line in found), found
    fits = sio.validate_dict(
        edited(scenario_dict(0, regions=regions), "constraints.min_region_share", 1 / regions)
    )
    assert fits.constraints.min_region_share == pytest.approx(1 / regions)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "con 7 programas, cabe un mínimo de a lo más 14,2\u00a0% cada uno"),
        ("en", "with 7 programmes, a minimum of at most 14.2% each fits"),
    ],
)
def test_the_programme_minimum_that_fits_is_rounded_down(lang: str, said: str) -> None:
    """1/7 = 14.285… %: 14,3 % each would add up to 100,1 %."""
    raw = edited(scenario_dict(0, programmes=7), "constraints.min_programme_share", 0.15)
    assert any(said in line for line in _said(raw, lang))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "suman 100,04\u00a0%, más que todo el presupuesto"),
        ("en", "add up to 100.04%, more than the whole budget"),
    ],
)
def test_a_sum_just_above_the_whole_budget_reads_above_it(lang: str, said: str) -> None:
    """Minima adding up to 100.04 % are not said to add up to '100,0 %, more than the whole
    budget'."""
    shares = {"r0": {"min": 0.5}, "r1": {"min": 0.5004}}
    raw = edited(scenario_dict(0), "constraints.region_share", shares)
    assert any(said in line for line in _said(raw, lang))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "15 programas con un tope de 6,66\u00a0% cada uno no pueden gastar"),
        ("en", "15 programmes capped at 6.66% each cannot spend the whole budget"),
    ],
)
def test_a_cap_too_low_is_written_as_typed(lang: str, said: str) -> None:
    """A cap of 6.66 % for 15 programmes cannot spend the budget; as '6,7 %' it would seem to
    (15 × 6,7 % = 100,5 %)."""
    raw = edited(scenario_dict(0, programmes=15), "constraints.max_programme_share", 0.0666)
    raw = edited(raw, "constraints.spend_all", True)
    found = _said(raw, lang)
    assert any(said in line for line in found), found
