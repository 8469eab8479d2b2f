"""Seeded data factories: valid scenario dicts of any size, for tests across the package."""

from __future__ import annotations

import copy

import numpy as np

from prioritise.scenario import Scenario, validate_dict

FORMAT = "prioritise-scenario/1"


def scenario_dict(
    seed: int = 0,
    programmes: int = 3,
    areas: int = 2,
    regions: int = 3,
    years: int = 2,
    stakeholders: int = 3,
    total: float = 30.0,
) -> dict:
    """A valid raw scenario with random but sensible figures."""
    rng = np.random.default_rng(seed)
    prog_ids = [f"p{i}" for i in range(programmes)]
    area_ids = [f"a{i}" for i in range(areas)]
    region_ids = [f"r{i}" for i in range(regions)]
    year_list = [2030 + i for i in range(years)]
    per_year = [round(total / years, 6)] * years
    per_year[-1] = round(total - sum(per_year[:-1]), 6)
    criteria = [
        {
            "id": "growth",
            "name": "Growth",
            "level": "programme",
            "scale": [1.0, 5.0],
            "source": "illustrative",
        },
        {"id": "jobs", "name": "Jobs", "level": "programme", "source": "illustrative"},
        {
            "id": "cost",
            "name": "Cost",
            "level": "programme",
            "direction": "min",
            "source": "illustrative",
        },
        {
            "id": "specialisation",
            "name": "Specialisation",
            "level": "programme_region",
            "source": "illustrative",
        },
        {
            "id": "lagging",
            "name": "Lagging",
            "level": "region",
            "scale": [0.0, 1.0],
            "source": "illustrative",
        },
    ]
    programme_rows = [
        {
            "id": pid,
            "name": f"Programme {i}",
            "kind": "sector" if i % 3 else "platform",
            "performance": {
                "growth": float(rng.integers(1, 6)),
                "jobs": round(float(rng.uniform(1, 100)), 2),
                "cost": round(float(rng.uniform(1, 10)), 2),
            },
        }
        for i, pid in enumerate(prog_ids)
    ]
    population = rng.integers(100_000, 5_000_000, size=regions)
    gdp = rng.dirichlet(np.ones(regions))
    region_rows = [
        {
            "id": rid,
            "name": f"Region {i}",
            "order": i + 1,
            "population": int(population[i]),
            "gdp_share": float(gdp[i].round(6)),
            "pilot": bool(i == 0),
            "performance": {"lagging": round(float(rng.uniform(0, 1)), 3)},
        }
        for i, rid in enumerate(region_ids)
    ]
    need = {pid: {aid: float(rng.integers(1, 6)) for aid in area_ids} for pid in prog_ids}
    special = {
        pid: {rid: round(float(rng.uniform(0.1, 3)), 3) for rid in region_ids} for pid in prog_ids
    }
    groups = ["public", "private", "academia", "civil"]
    people = []
    for i in range(stakeholders):
        people.append(
            {
                "id": f"s{i}",
                "name": f"Stakeholder {i}",
                "group": groups[i % len(groups)],
                "influence": 1.0,
                "criteria": {c: float(rng.integers(1, 100)) for c in ("growth", "jobs", "cost")},
                "enabling_areas": {a: float(rng.integers(1, 100)) for a in area_ids},
                "regional_criteria": {
                    "specialisation": float(rng.integers(1, 100)),
                    "lagging": float(rng.integers(1, 100)),
                },
            }
        )
    return {
        "format": FORMAT,
        "scenario": {"name": f"Generated {seed}", "language": "en"},
        "sources": [{"id": "made-up", "title": "Generated for tests"}],
        "budget": {"total": total, "years": year_list, "per_year": per_year},
        "criteria": criteria,
        "programmes": programme_rows,
        "enabling_areas": [{"id": a, "name": f"Area {a}"} for a in area_ids],
        "regions": region_rows,
        "tables": {
            "need": {"source": "illustrative", **need},
            "specialisation": {"source": "illustrative", **special},
        },
        "stakeholders": people,
        "priority": {"method": "additive"},
        "returns": {"curve": "concave", "saturation": 4.0, "capacity_basis": "population"},
        "constraints": {"spend_all": True},
    }


def make_scenario(seed: int = 0, **sizes: int | float) -> Scenario:
    return validate_dict(scenario_dict(seed, **sizes))  # type: ignore[arg-type]


def edited(raw: dict, path: str, value: object) -> dict:
    """A deep copy of raw with the dotted path (list indices as numbers) set to value."""
    result = copy.deepcopy(raw)
    node: object = result
    parts = [int(p) if p.isdigit() else p for p in path.split(".")]
    for part in parts[:-1]:
        node = node[part]  # type: ignore[index]
    node[parts[-1]] = value  # type: ignore[index]
    return result


def without(raw: dict, path: str) -> dict:
    """A deep copy of raw with the dotted path removed."""
    result = copy.deepcopy(raw)
    node: object = result
    parts = [int(p) if p.isdigit() else p for p in path.split(".")]
    for part in parts[:-1]:
        node = node[part]  # type: ignore[index]
    del node[parts[-1]]  # type: ignore[union-attr]
    return result


# A minimal scenario for the workshop store, which reads only ids, levels and groups.
WORKSHOP_SCENARIO_TOML = """
format = "prioritise-scenario/1"

[scenario]
name = "Store test"

[[criteria]]
id = "growth"
level = "programme"

[[criteria]]
id = "exports"

[[criteria]]
id = "lagging"
level = "region"

[[criteria]]
id = "specialisation"
level = "programme_region"

[[programmes]]
id = "mining"

[[programmes]]
id = "tourism"

[[enabling_areas]]
id = "rd"

[[enabling_areas]]
id = "human_capital"

[[stakeholders]]
id = "gore"
name = "Regional government"
group = "regions"
"""
