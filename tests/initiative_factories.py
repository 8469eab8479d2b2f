"""Seeded scenarios with initiatives: random costs, scores and dependencies that always load."""

from __future__ import annotations

import copy

import numpy as np

from prioritise.scenario import Scenario, validate_dict
from tests.factories import scenario_dict


def with_initiatives(
    seed: int = 0,
    count: int = 8,
    *,
    dependencies: bool = True,
    partial: bool = False,
    share: float | None = None,
    budget: float | None = None,
    years: int = 2,
) -> dict:
    """A factory scenario with `count` initiatives on its lines, two initiative criteria, and
    (with `dependencies`) random `requires`/`excludes`/`must`/`must_not` that can all hold:
    an initiative only requires earlier ones, and never one it or those need exclude."""
    rng = np.random.default_rng(seed + 1000)
    raw = scenario_dict(seed, years=years, total=budget or 30.0)
    raw["criteria"] += [
        {"id": "impact", "name": "Impact", "level": "initiative", "scale": [0.0, 10.0]},
        {"id": "readiness", "name": "Readiness", "level": "initiative"},
    ]
    for person in raw["stakeholders"]:
        if isinstance(person.get("criteria"), dict):
            person["criteria"]["impact"] = float(rng.integers(1, 10))
            person["criteria"]["readiness"] = float(rng.integers(0, 10))
    programmes = [p["id"] for p in raw["programmes"]]
    areas = [a["id"] for a in raw["enabling_areas"]]
    regions = [r["id"] for r in raw["regions"]]
    items: list[dict] = []
    needs: dict[str, set[str]] = {}
    for i in range(count):
        ident = f"i{i}"
        item: dict = {
            "id": ident,
            "name": f"Initiative {i}",
            "cost": [round(float(rng.uniform(0.5, 6.0)), 2) for _ in range(years)],
            "scores": {
                "impact": round(float(rng.uniform(0, 10)), 1),
                "readiness": round(float(rng.uniform(0, 5)), 1),
            },
        }
        if rng.random() < 0.8:
            item["programme"] = str(rng.choice(programmes))
            item["enabling_area"] = str(rng.choice(areas))
        if rng.random() < 0.7:
            item["region"] = str(rng.choice(regions))
        needs[ident] = set()
        if dependencies and i > 0:
            if rng.random() < 0.3:
                other = f"i{int(rng.integers(0, i))}"
                item["requires"] = [other]
                needs[ident] = {other} | needs[other]
            if rng.random() < 0.3:
                other = f"i{int(rng.integers(0, i))}"
                if other not in needs[ident] and not _excluded(items, needs[ident], other):
                    item["excludes"] = [other]
            roll = rng.random()
            if roll < 0.08:
                item["must_not"] = True
            elif roll < 0.14 and not any(items[int(n[1:])].get("must_not") for n in needs[ident]):
                item["must"] = True
        if partial and rng.random() < 0.5:
            item["partial"] = {"min": round(float(rng.uniform(0.3, 0.9)), 2)}
        items.append(item)
    _drop_clashing_musts(items, needs)
    raw["initiatives"] = items
    if share is not None:
        raw["budget"]["initiatives_share"] = share
    return raw


def _excluded(items: list[dict], needs: set[str], other: str) -> bool:
    """Would excluding `other` clash with what the new initiative needs (`needs`)?"""
    group = needs | {other}
    for item in items:
        if item["id"] in group and set(item.get("excludes", [])) & group:
            return True
    return any(item["id"] in needs and other in item.get("excludes", []) for item in items)


def _drop_clashing_musts(items: list[dict], needs: dict[str, set[str]]) -> None:
    """Keep only `must` flags that can all hold together: no two excluding each other
    through anything they need, none needing a `must_not`."""
    chosen: set[str] = set()
    by_id = {item["id"]: item for item in items}
    for item in items:
        if not item.get("must"):
            continue
        group = chosen | {item["id"]} | needs[item["id"]]
        for member in list(group):
            group |= needs[member]
        clash = any(set(by_id[m].get("excludes", [])) & group for m in group)
        blocked = any(by_id[m].get("must_not") for m in group)
        if clash or blocked:
            del item["must"]
        else:
            chosen = group
    for item in items:  # a must_not needed by a chosen must initiative
        if item.get("must_not") and item["id"] in chosen:
            del item["must_not"]


def initiative_scenario(seed: int = 0, count: int = 8, **options: object) -> Scenario:
    return validate_dict(copy.deepcopy(with_initiatives(seed, count, **options)))  # type: ignore[arg-type]
