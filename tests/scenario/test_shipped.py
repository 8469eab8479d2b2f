"""The scenario files shipped in scenarios/: valid, round-tripping, sourced, and right about Chile.

Figures recomputed here come from the sources the files cite: INE Censo 2017 (national population
17,574,003), ODEPA's agriculture and forestry share of regional GDP in 2017 (national 4,332 of
147,809 bn CLP), the 2017 ICT study (92 % of the software industry in Santiago) and Saaty's
random consistency indices for AHP (Saaty, The Analytic Hierarchy Process, 1980).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from prioritise import scenario as sio
from prioritise.scenario import Scenario

SCENARIOS = Path(__file__).parents[2] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.toml"))
CHILE_FILES = [f for f in FILES if f.name.startswith("chile_")]
DEFAULT = SCENARIOS / "chile_transforma_2017.toml"
CLUSTERS = SCENARIOS / "chile_clusters_2008.toml"

NATIONAL_POPULATION_2017 = 17_574_003
PILOTS = {"antofagasta", "biobio", "losrios"}
SECTORS_ES = {
    "mining": "Minería",
    "agrofood": "Agroalimentos",
    "construction": "Construcción",
    "health": "Salud",
    "tourism": "Turismo",
    "creative": "Industrias creativas",
    "fishing": "Pesca y acuicultura",
    "global_services": "Servicios globales",
}
PLATFORMS_ES = {
    "logistics": "Logística",
    "solar": "Energía solar",
    "water": "Recursos hídricos",
    "smart_industries": "Industrias inteligentes",
    "advanced_manufacturing": "Manufactura avanzada",
}
AREAS_ES = {
    "infrastructure": "Infraestructura física y tecnológica",
    "rd": "I+D+i",
    "human_capital": "Capital humano",
    "standards": "Normas y estándares",
    "sustainability": "Sustentabilidad",
    "suppliers": "Desarrollo de proveedores",
}
# ODEPA: agriculture and forestry, per cent of each region's GDP, 2017 (Ñuble with Biobío).
ODEPA_AGRO_SHARE = {
    "arica": 5.2, "tarapaca": 0.1, "antofagasta": 0.0, "atacama": 1.8, "coquimbo": 7.0,
    "valparaiso": 4.0, "metropolitana": 0.8, "ohiggins": 12.5, "maule": 13.1, "nuble": 5.8,
    "biobio": 5.8, "araucania": 9.8, "losrios": 10.3, "loslagos": 5.8, "aysen": 1.9,
    "magallanes": 1.4,
}  # fmt: skip
ODEPA_NATIONAL_SHARE = 4_332 / 147_809 * 100
AGRO_ROW = {
    "chile_transforma_2017.toml": "agrofood",
    "chile_transforma_initiatives_2017.toml": "agrofood",
    "chile_clusters_2008.toml": "agribusiness",
}
SAATY_RANDOM_INDEX = {3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}


@cache
def shipped(path: Path) -> Scenario:
    return sio.load(path)


def names_of(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def test_the_three_shipped_scenarios_are_there() -> None:
    assert {f.name for f in FILES} >= {
        "tutorial.toml",
        "chile_transforma_2017.toml",
        "chile_clusters_2008.toml",
    }


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_loads_and_round_trips_through_text(path: Path) -> None:
    scenario = shipped(path)
    assert sio.loads(sio.dumps(scenario)) == scenario


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_round_trips_through_a_saved_file(path: Path, tmp_path: Path) -> None:
    scenario = shipped(path)
    target = tmp_path / path.name
    sio.save(scenario, target)
    again = sio.load(target)
    assert again == scenario
    assert sio.dumps(again) == target.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_every_criterion_and_table_names_its_source(path: Path) -> None:
    scenario = shipped(path)
    known = {source.id for source in scenario.sources} | {"illustrative"}
    for criterion in scenario.criteria:
        assert criterion.source in known, f"criterion {criterion.id}: source {criterion.source!r}"
    for table_id in scenario.tables:
        source = scenario.table_source(table_id)
        assert source in known, f"table {table_id}: source {source!r}"
    for source in scenario.sources:
        assert source.title.strip(), f"source {source.id} has no title"


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_everything_has_a_spanish_name(path: Path) -> None:
    scenario = shipped(path)
    items = [*scenario.criteria, *scenario.programmes, *scenario.enabling_areas, *scenario.regions]
    missing = [item.id for item in items if not item.names.get("es", "").strip()]
    assert not missing


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_every_source_note_and_table_unit_and_note_has_a_spanish_version(path: Path) -> None:
    """A Spanish reader reads no English note: each one the file writes has its `notes.es`
    (sources and tables), and each table's unit its `units.es`."""
    scenario = shipped(path)
    missing = [
        f"sources.{s.id}.notes" for s in scenario.sources if s.note and not s.notes.get("es")
    ]
    for table_id, entries in scenario.tables.items():
        for key in ("note", "unit"):
            spanish = entries.get(f"{key}s")
            if entries.get(key) and not (isinstance(spanish, dict) and spanish.get("es")):
                missing.append(f"tables.{table_id}.{key}s")
    missing += [f"criteria.{c.id}.units" for c in scenario.criteria if c.unit and not c.units]
    assert not missing


def _prose(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every description and note a file writes, with where it is (`….notes.es`)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _prose(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _prose(value, f"{path}[{index}]")
    elif isinstance(node, str) and re.search(r"(description|note)s?(\.(es|en))?$", path):
        yield path, node


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_the_prose_on_screen_names_programmes_and_regions_not_their_ids(path: Path) -> None:
    """Notes and descriptions are shown as written, so they name a programme, region, area or
    criterion, never its id: "Agroalimentos (agrofood)" and "mining = Minería" were on the
    Spanish screen. A Spanish text may use no id at all (bar a Spanish word such as "solar"); an
    English one no id that is not a word (with "_"). Sources are cited by their key, which the
    Scenario page's list of sources shows beside each title."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    scenario = shipped(path)
    items = [
        *scenario.programmes,
        *scenario.regions,
        *scenario.enabling_areas,
        *scenario.criteria,
        *scenario.stakeholders,
    ]
    spanish_words = {w for i in items for w in re.findall(r"\w+", i.names.get("es", "").lower())}
    found = []
    for where, text in _prose(raw):
        spanish = where.endswith(".es")
        for ident in (i.id for i in items):
            if (spanish and ident in spanish_words) or (not spanish and "_" not in ident):
                continue
            if re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text):
                found.append(f"{where}: {ident}")
    assert not found


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_performance_values_lie_within_their_criterion_scale(path: Path) -> None:
    scenario = shipped(path)
    scales = {c.id: c.scale for c in scenario.criteria if c.scale is not None}
    for item in [*scenario.programmes, *scenario.regions]:
        for criterion, value in item.performance.items():
            if criterion in scales:
                low, high = scales[criterion]
                assert low <= value <= high, f"{item.id}.{criterion} = {value}"


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_pairwise_matrices_are_acceptably_consistent(path: Path) -> None:
    """Saaty's consistency ratio, from the principal eigenvalue, stays below 0.1."""
    for stakeholder in shipped(path).stakeholders:
        for weight_set, pairwise in stakeholder.pairwise.items():
            matrix = np.array(pairwise.matrix, dtype=float)
            n = len(matrix)
            principal = max(np.linalg.eigvals(matrix).real)
            ratio = (principal - n) / (n - 1) / SAATY_RANDOM_INDEX[n]
            assert ratio < 0.1, f"{stakeholder.id}.{weight_set}: CR = {ratio:.3f}"


@pytest.mark.parametrize("path", FILES, ids=names_of(FILES))
def test_constraint_set_is_arithmetically_feasible(path: Path) -> None:
    scenario = shipped(path)
    cons = scenario.constraints

    def bounds(ids: list[str], table: dict, floor: float | None, cap: float | None) -> list:
        pairs = []
        for ident in ids:
            own = table.get(ident)
            lows = [v for v in (floor, own and own.min) if v is not None]
            highs = [v for v in (cap, own and own.max) if v is not None]
            pairs.append((max(lows, default=0.0), min(highs, default=1.0)))
        return pairs

    regions = bounds(
        scenario.region_ids, cons.region_share, cons.min_region_share, cons.max_region_share
    )
    programmes = bounds(
        scenario.programme_ids,
        cons.programme_share,
        cons.min_programme_share,
        cons.max_programme_share,
    )
    for pairs in (regions, programmes):
        assert all(low <= high for low, high in pairs)
        assert sum(low for low, _ in pairs) <= 0.6, "minimum shares leave too little freedom"
        assert sum(high for _, high in pairs) >= 1.0, "caps cannot hold the whole budget"
    if cons.max_lines is not None and cons.min_ticket is not None:
        assert cons.max_lines * cons.min_ticket <= scenario.budget.total
    for year, amount in zip(scenario.years, scenario.budget.year_amounts(), strict=True):
        assert sum(f.amount for f in cons.fixed if f.year == year) <= amount


@pytest.mark.parametrize("path", CHILE_FILES, ids=names_of(CHILE_FILES))
def test_chile_has_sixteen_regions_and_its_census_population(path: Path) -> None:
    scenario = shipped(path)
    assert len(scenario.regions) == 16
    assert sum(r.population or 0 for r in scenario.regions) == NATIONAL_POPULATION_2017
    assert sorted(r.order for r in scenario.regions) == list(range(1, 17))
    assert len({r.code for r in scenario.regions}) == 16
    assert math.isclose(sum(r.gdp_share or 0 for r in scenario.regions), 1.0, abs_tol=0.005)
    assert all(r.area_km2 and r.area_km2 > 0 for r in scenario.regions)


def test_both_chile_files_share_the_same_regional_data() -> None:
    def facts(path: Path) -> list[tuple]:
        return [
            (r.id, r.name, r.code, r.order, r.population, r.gdp_share, r.area_km2)
            for r in shipped(path).regions
        ]

    assert facts(DEFAULT) == facts(CLUSTERS)
    assert shipped(DEFAULT).area_ids == shipped(CLUSTERS).area_ids


def test_default_has_the_thirteen_transforma_programmes_with_glossary_names() -> None:
    scenario = shipped(DEFAULT)
    kinds = {p.id: p.kind for p in scenario.programmes}
    assert kinds == {
        **dict.fromkeys(SECTORS_ES, "sector"),
        **dict.fromkeys(PLATFORMS_ES, "platform"),
    }
    spanish = {p.id: p.names["es"] for p in scenario.programmes}
    assert spanish == SECTORS_ES | PLATFORMS_ES
    assert {a.id: a.names["es"] for a in scenario.enabling_areas} == AREAS_ES


def test_default_budget_is_transformas_175_million_over_three_years() -> None:
    scenario = shipped(DEFAULT)
    assert scenario.budget.total == 175.0
    assert scenario.budget.years == [2017, 2018, 2019]
    assert math.isclose(sum(scenario.budget.year_amounts()), 175.0)
    assert (scenario.scenario.unit, scenario.scenario.currency) == (1_000_000, "USD")
    assert scenario.scenario.language == "es"


def test_default_pilots_are_the_three_decentralisation_pilots() -> None:
    scenario = shipped(DEFAULT)
    assert {r.id for r in scenario.regions if r.pilot} == PILOTS
    for region in scenario.regions:
        assert region.performance["pilot"] == (1 if region.pilot else 0), region.id


def test_no_region_is_a_pilot_in_2008_before_the_pilots_existed() -> None:
    assert not [r.id for r in shipped(CLUSTERS).regions if r.pilot]


def test_default_constraints_follow_the_lessons() -> None:
    cons = shipped(DEFAULT).constraints
    population = {r.id: r.population for r in shipped(DEFAULT).regions}
    santiago_share = population["metropolitana"] / NATIONAL_POPULATION_2017
    assert cons.region_share["metropolitana"].max < santiago_share
    assert all(cons.region_share[r].min >= 0.05 for r in PILOTS)
    assert cons.min_region_share and cons.min_region_share > 0
    assert cons.max_programme_share and cons.max_programme_share < 0.5
    assert cons.max_lines is not None and cons.min_ticket is not None
    assert cons.spend_all


@pytest.mark.parametrize("path", CHILE_FILES, ids=names_of(CHILE_FILES))
def test_stakeholders_span_the_quadruple_helix_in_all_three_forms(path: Path) -> None:
    stakeholders = shipped(path).stakeholders
    assert len(stakeholders) >= 5
    assert {s.group for s in stakeholders} == {"public", "private", "academia", "civil"}
    forms = {s.form_of(w) for s in stakeholders for w in sio.WEIGHT_SETS}
    assert {"points", "ranks", "pairwise"} <= forms


def test_the_2008_stakeholders_are_not_the_default_ones() -> None:
    def names(path: Path) -> set[str]:
        return {s.name for s in shipped(path).stakeholders}

    assert names(DEFAULT) != names(CLUSTERS)


@pytest.mark.parametrize("path", CHILE_FILES, ids=names_of(CHILE_FILES))
def test_tables_cover_every_programme_area_and_region(path: Path) -> None:
    scenario = shipped(path)
    need = scenario.table("need")
    specialisation = scenario.table("specialisation")
    assert set(need) == set(specialisation) == set(scenario.programme_ids)
    assert all(set(row) == set(scenario.area_ids) for row in need.values())
    assert all(set(row) == set(scenario.region_ids) for row in specialisation.values())


@pytest.mark.parametrize("path", CHILE_FILES, ids=names_of(CHILE_FILES))
def test_agro_food_location_quotients_follow_odepa(path: Path) -> None:
    """LQ = ODEPA's agriculture and forestry share of regional GDP / the national 2.93 %."""
    row = shipped(path).table("specialisation")[AGRO_ROW[path.name]]
    for region, share in ODEPA_AGRO_SHARE.items():
        assert row[region] == pytest.approx(share / ODEPA_NATIONAL_SHARE, abs=0.005), region


@pytest.mark.parametrize("path", CHILE_FILES, ids=names_of(CHILE_FILES))
def test_software_based_location_quotients_follow_the_ict_study(path: Path) -> None:
    """92 % of the software industry in Santiago, the other 8 % spread in proportion to GDP."""
    scenario = shipped(path)
    gdp = {r.id: r.gdp_share or 0.0 for r in scenario.regions}
    rest = sum(gdp.values()) - gdp["metropolitana"]
    rows = [p for p in ("global_services", "smart_industries") if p in scenario.programme_ids]
    assert rows
    for programme in rows:
        row = scenario.table("specialisation")[programme]
        assert row["metropolitana"] == pytest.approx(0.92 / gdp["metropolitana"], abs=0.005)
        others = [row[r] for r in scenario.region_ids if r != "metropolitana"]
        assert others == [pytest.approx(0.08 / rest, abs=0.005)] * len(others)


@pytest.mark.parametrize("path", CHILE_FILES, ids=names_of(CHILE_FILES))
def test_lagging_need_is_one_minus_normalised_log_gdp_per_person(path: Path) -> None:
    scenario = shipped(path)
    relative = {
        r.id: (r.gdp_share or 0.0) / ((r.population or 0) / NATIONAL_POPULATION_2017)
        for r in scenario.regions
    }
    low, high = math.log(min(relative.values())), math.log(max(relative.values()))
    for region in scenario.regions:
        expected = 1 - (math.log(relative[region.id]) - low) / (high - low)
        assert region.performance["lagging"] == pytest.approx(expected, abs=0.0006), region.id
    least = min(scenario.regions, key=lambda r: r.performance["lagging"])
    assert least.id == "antofagasta"


def test_the_format_reference_example_is_the_tutorial() -> None:
    """docs/scenario-format.md ends with tutorial.toml as its example: it loads, and has the
    tutorial's programmes, areas, regions, criteria and stakeholders (figures may be retuned)."""
    reference = (SCENARIOS.parent / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    example = reference.split("## A complete example", 1)[1]
    quoted = sio.loads(example.split("```toml\n", 1)[1].split("```", 1)[0])
    tutorial = shipped(SCENARIOS / "tutorial.toml")

    def outline(scenario: Scenario) -> tuple:
        return (
            scenario.scenario.name,
            scenario.programme_ids,
            scenario.area_ids,
            scenario.region_ids,
            [c.id for c in scenario.criteria],
            [s.id for s in scenario.stakeholders],
        )

    assert outline(quoted) == outline(tutorial)
