"""Scenarios with raw tables and derived criteria (docs/model.md §17), for tests across the
package: an `activity` table (programmes × regions), an `io` table of input–output
coefficients, and one criterion per derive method, weighted by every stakeholder."""

from __future__ import annotations

import numpy as np

from prioritise.scenario import Scenario, validate_dict
from prioritise.scenario.indicators import IndicatorError, complexity, location_quotients, presence
from tests.factories import scenario_dict

DERIVED = {
    "lq": ("programme_region", "location_quotient", "activity"),
    "related": ("programme_region", "relatedness", "activity"),
    "complex": ("programme", "complexity", "activity"),
    "links": ("programme", "linkages", "io"),
}


def derived_dict(seed: int = 0, programmes: int = 4, regions: int = 5, **sizes: int) -> dict:
    """A valid raw scenario whose activity and io tables are sourced (`made-up`)."""
    raw = scenario_dict(seed, programmes=programmes, regions=regions, **sizes)
    rng = np.random.default_rng(seed + 100)
    prog_ids = [p["id"] for p in raw["programmes"]]
    region_ids = [r["id"] for r in raw["regions"]]
    raw["tables"]["activity"] = {"source": "made-up", **_activity(rng, prog_ids, region_ids)}
    raw["tables"]["io"] = {
        "source": "made-up",
        **{
            p: {q: round(float(rng.uniform(0, 0.6 / programmes)), 4) for q in prog_ids}
            for p in prog_ids
        },
    }
    for ident, (level, method, table) in DERIVED.items():
        raw["criteria"].append(
            {
                "id": ident,
                "name": ident.title(),
                "level": level,
                "derive": {"method": method, "table": table},
            }
        )
    for person in raw["stakeholders"]:
        person["criteria"]["complex"] = float(rng.integers(1, 100))
        person["criteria"]["links"] = float(rng.integers(1, 100))
        person["regional_criteria"]["lq"] = float(rng.integers(1, 100))
        person["regional_criteria"]["related"] = float(rng.integers(1, 100))
    return raw


def _activity(rng: np.random.Generator, programmes: list[str], regions: list[str]) -> dict:
    """Random activity on which complexity is defined (a connected programme network; with
    few regions a random draw often splits into blocks that share no region)."""
    while True:
        x = np.round(rng.lognormal(3, 1, size=(len(programmes), len(regions))), 3)
        try:
            complexity(presence(location_quotients(x)))
        except IndicatorError:
            continue
        return {
            p: dict(zip(regions, map(float, row), strict=True))
            for p, row in zip(programmes, x, strict=True)
        }


def derived_scenario(seed: int = 0, **sizes: int) -> Scenario:
    return validate_dict(derived_dict(seed, **sizes))  # type: ignore[return-value]
