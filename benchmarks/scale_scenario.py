"""A seeded scenario one step up from Chile: more regions, as a country with 25 of them.

    python benchmarks/scale_scenario.py [--regions 25] [--programmes 12] [--seed 2017] OUT.toml

Starts from the default scenario and keeps its criteria, stakeholders and rules; keeps the
first `--programmes` programmes; adds regions (to `--regions` in all), each a copy of a
Chilean region chosen at random with its population, performance and table columns scaled by
a random factor; sets a line limit of 140, keeps the minimum ticket and continuity, and adds one
commitment. Every figure of the added regions is made up: the file says so (`illustrative`).
Used by `benchmarks/allocate.py` and the speed tests; never shipped.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path
from typing import Any

import numpy as np

from prioritise.scenario import Scenario, load, save, to_dict, validate_dict

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"
MAX_LINES = 140


def _scaled(value: Any, factor: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return type(value)(round(value * factor)) if isinstance(value, int) else value * factor


def _new_region(base: dict[str, Any], number: int, rng: np.random.Generator) -> dict[str, Any]:
    region = copy.deepcopy(base)
    factor = float(rng.lognormal(0.0, 0.35))
    region["id"] = f"region_{number}"
    region["name"] = f"Region {number}"
    region["names"] = {"es": f"Región {number}", "en": f"Region {number}"}
    region["code"] = f"X{number}"
    region["order"] = number
    region["source"] = "illustrative"
    region["pilot"] = False
    if "population" in region:
        region["population"] = round(region["population"] * factor)
    for key in ("gdp_share", "area_km2"):
        region.pop(key, None)
    performance = region.get("performance", {})
    for key, value in list(performance.items()):
        if key == "pilot":
            performance[key] = 0
        elif key == "lagging":
            performance[key] = float(np.clip(value * factor, 0.0, 1.0))
    return region


def scaled_scenario(regions: int = 25, programmes: int = 12, seed: int = 2017) -> Scenario:
    """The default scenario with `regions` regions and its first `programmes` programmes."""
    rng = np.random.default_rng(seed)
    data = to_dict(load(DEFAULT))
    originals_programmes = list(data["programmes"])
    kept = [p["id"] for p in originals_programmes[:programmes]]
    data["programmes"] = data["programmes"][:programmes]
    originals = list(data["regions"])
    added = []
    for number in range(len(originals) + 1, regions + 1):
        base = originals[int(rng.integers(len(originals)))]
        added.append((base["id"], _new_region(base, number, rng), float(rng.lognormal(0, 0.4))))
    data["regions"] = originals + [region for _, region, _ in added]
    dropped = {p["id"] for p in originals_programmes} - set(kept)
    for table in data["tables"].values():
        for row in dropped:
            table.pop(row, None)
        if isinstance(table.get("sources"), dict):
            table["sources"] = {k: v for k, v in table["sources"].items() if k not in dropped}
        for row in kept:
            cells = table.get(row)
            if not isinstance(cells, dict):
                continue
            for base_id, region, factor in added:
                if base_id in cells:
                    cells[region["id"]] = _scaled(cells[base_id], factor)
    for stakeholder in data["stakeholders"]:
        for key in ("programmes",):
            if isinstance(stakeholder.get(key), dict):
                stakeholder[key] = {k: v for k, v in stakeholder[key].items() if k in kept}
    constraints = data["constraints"]
    constraints["max_lines"] = MAX_LINES
    constraints["programme_share"] = {
        k: v for k, v in constraints.get("programme_share", {}).items() if k in kept
    }
    constraints["fixed"] = [
        {
            "programme": kept[0],
            "enabling_area": data["enabling_areas"][0]["id"],
            "region": originals[2]["id"],
            "year": data["budget"]["years"][0],
            "amount": 1.5,
        }
    ]
    made_up = max(0, regions - len(originals))
    data["scenario"]["name"] = f"{regions} regions, {programmes} programmes (illustrative)"
    data["scenario"]["names"] = {
        "es": f"{regions} regiones, {programmes} programas (ilustrativo)",
        "en": data["scenario"]["name"],
    }
    data["scenario"]["descriptions"] = {
        "es": f"Escenario de prueba generado a partir de la estrategia Transforma de CORFO: "
        f"{programmes} programas, {len(data['enabling_areas'])} ámbitos habilitantes y {regions} "
        f"regiones, {made_up} de ellas inventadas a partir de regiones de Chile. Las cifras "
        "marcadas como ilustrativas no provienen de una fuente.",
        "en": f"A test scenario generated from CORFO's Transforma strategy: {programmes} "
        f"programmes, {len(data['enabling_areas'])} enabling areas and {regions} regions, "
        f"{made_up} of them made up from Chilean regions. Figures marked illustrative are not "
        "from a source.",
    }
    data["scenario"]["description"] = data["scenario"]["descriptions"]["en"]
    return validate_dict(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--regions", type=int, default=25)
    parser.add_argument("--programmes", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    save(scaled_scenario(args.regions, args.programmes, args.seed), args.out)
    print(args.out)


if __name__ == "__main__":
    main()
