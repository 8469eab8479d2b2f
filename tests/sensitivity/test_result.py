"""What a result says about one weight: decisive or not, and a set of a single item."""

from __future__ import annotations

from prioritise.sensitivity import WeightInterval, run_sensitivity
from tests.factories import make_scenario


def _weight(first: tuple[float, float], split: tuple[float, float], complete: bool = True):
    return WeightInterval("criteria", "growth", 0.3, first, first, split, complete)


def test_a_weight_is_decisive_near_an_inner_end_only() -> None:
    assert _weight((0.0, 1.0), (0.0, 1.0)).decisive_for == ()
    assert _weight((0.26, 1.0), (0.0, 1.0)).decisive_for == ("first_place", "ranking")
    assert _weight((0.0, 1.0), (0.1, 0.34)).decisive_for == ("portfolio",)
    assert not _weight((0.0, 1.0), (0.1, 0.36)).decisive
    near_zero = WeightInterval("criteria", "jobs", 0.02, (0.0, 1.0), (0.0, 1.0), (0.0, 0.5))
    assert not near_zero.decisive  # 0 is where the weight stops, not where anything changes
    assert not _weight((0.0, 1.0), (0.3, 0.3), complete=False).decisive
    assert _weight((0.0, 0.33), (0.0, 1.0)).to_json()["decisive"] is True


def test_a_set_of_one_item_moves_nothing() -> None:
    result = run_sensitivity(make_scenario(3, programmes=4, areas=1))
    (alone,) = [w for w in result.weights if w.set == "enabling_areas"]
    assert alone.current == 1.0
    assert alone.first_place == alone.ranking == alone.portfolio == (0.0, 1.0)
    assert not alone.decisive
