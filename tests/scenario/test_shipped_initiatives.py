"""The shipped initiative portfolio, chile_transforma_initiatives_2017.toml: the default Chile
scenario with 34 initiatives and three pools. Its shared parts must stay those of the default
(so the default's sourced figures hold here too), every figure is sourced or illustrative, and
the file uses the whole initiative format in a way that leaves a real choice to make.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from prioritise import scenario as sio
from prioritise.scenario import Scenario
from prioritise.scenario.summary import describe

ROOT = Path(__file__).parents[2]
NAME = "chile_transforma_initiatives_2017.toml"
FILE = ROOT / "scenarios" / NAME
PACKAGED = ROOT / "src" / "prioritise" / "data" / NAME
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"
CITED = re.compile(r"\(([a-z0-9-]+(?:, [a-z0-9-]+)*)\)")
"""Source ids cited in running text: "(mch-alta-ley)", "(lanacion-ceta-2017, df-ceta)"."""


@cache
def portfolio() -> Scenario:
    return sio.load(FILE)


@cache
def default() -> Scenario:
    return sio.load(DEFAULT)


@cache
def raw() -> dict:
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def initiative_criteria() -> list[str]:
    return [c.id for c in portfolio().criteria if c.level == "initiative"]


def test_the_packaged_copy_is_the_same_file() -> None:
    assert PACKAGED.read_bytes() == FILE.read_bytes()


def test_everything_but_the_initiatives_is_the_default_scenario() -> None:
    ours, base = portfolio(), default()
    for part in ("programmes", "enabling_areas", "regions", "tables", "returns", "priority"):
        assert getattr(ours, part) == getattr(base, part), part
    assert ours.constraints == base.constraints
    assert [s for s in ours.sources if s.id in {b.id for b in base.sources}] == base.sources
    assert [c for c in ours.criteria if c.level != "initiative"] == base.criteria
    assert [s.id for s in ours.stakeholders] == [s.id for s in base.stakeholders]
    assert ours.budget.model_dump(exclude={"initiatives_share"}) == base.budget.model_dump(
        exclude={"initiatives_share"}
    )


def test_a_mixed_budget_with_twenty_to_forty_initiatives_and_pools() -> None:
    scenario = portfolio()
    assert 0 < (scenario.budget.initiatives_share or 0) < 1
    assert 20 <= len(scenario.initiatives) <= 40
    assert len(scenario.pools) >= 2
    assert len(initiative_criteria()) >= 2


def test_every_cost_and_yearly_pool_has_one_amount_per_budget_year() -> None:
    scenario = portfolio()
    years = len(scenario.budget.years)
    for item in scenario.initiatives:
        assert len(item.cost) == years, item.id
        assert all(amount > 0 for amount in item.cost), item.id
    for pool in scenario.pools:
        amounts = pool.year_amounts()
        assert amounts is None or len(amounts) == years, pool.id


def test_every_initiative_and_pool_is_sourced_or_marked_illustrative() -> None:
    scenario = portfolio()
    known = {source.id for source in scenario.sources}
    for item in [*scenario.initiatives, *scenario.pools]:
        assert item.source is not None, item.id
        assert item.source in known | {"illustrative"}, item.id
    for criterion in scenario.criteria:
        assert criterion.source in known | {"illustrative"}, criterion.id
    assert "illustrative" in FILE.read_text(encoding="utf-8").split("format =", 1)[0]


def test_every_source_cited_in_a_description_exists() -> None:
    scenario = portfolio()
    known = {source.id for source in scenario.sources}
    texts = [
        *(item.description for item in scenario.initiatives),
        *(c.description for c in scenario.criteria if c.level == "initiative"),
    ]
    cited = {
        name
        for text in texts
        for group in CITED.findall(text)
        for name in group.split(", ")
        if "-" in name
    }
    assert cited, "the descriptions cite no source"
    assert cited <= known, cited - known


def test_every_source_the_file_adds_is_cited_by_something_in_it() -> None:
    scenario = portfolio()
    added = {s.id for s in scenario.sources} - {s.id for s in default().sources}
    comments = [line for line in FILE.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    citing = " ".join(
        [*comments, *(i.description for i in scenario.initiatives)]
        + [c.description for c in scenario.criteria]
        + [p.source or "" for p in scenario.pools]
    )
    assert {name for name in added if name not in citing} == set()


def test_names_in_both_languages() -> None:
    scenario = portfolio()
    items = [
        *scenario.initiatives,
        *scenario.pools,
        *[c for c in scenario.criteria if c.level == "initiative"],
    ]
    for item in items:
        assert item.names.get("es", "").strip() and item.names.get("en", "").strip(), item.id
    meta = scenario.scenario
    assert meta.name_in("es") != meta.name_in("en")
    assert meta.name_in("en") == meta.name
    assert meta.description_in("es") != meta.description_in("en")


def test_the_whole_initiative_format_is_used() -> None:
    items = portfolio().initiatives
    assert [i.id for i in items if i.must] and [i.id for i in items if i.must_not]
    assert sum(i.partial is not None for i in items) >= 3
    assert {i.min_share for i in items if i.partial} > {0.5}
    assert sum(bool(i.requires) for i in items) >= 4
    assert any(i.excludes for i in items)
    assert any(i.pool for i in items)
    assert any(i.region is None for i in items) and any(i.programme is None for i in items)
    assert any(i.enabling_area is None for i in items)
    pools = portfolio().pools
    assert any(p.per_year for p in pools) and any(not p.per_year for p in pools)
    assert any(p.regions for p in pools) and any(p.programmes for p in pools)
    assert any(p.initiatives for p in pools)


def test_excludes_name_each_other_and_requires_lead_to_initiatives_that_can_be_funded() -> None:
    by_id = {i.id: i for i in portfolio().initiatives}
    for item in by_id.values():
        for other in item.excludes:
            assert item.id in by_id[other].excludes, (item.id, other)
        for needed in item.requires:
            assert not by_id[needed].must_not, (item.id, needed)


def test_every_stakeholder_weighs_the_initiative_criteria() -> None:
    wanted = set(initiative_criteria())
    for stakeholder in raw()["stakeholders"]:
        forms = [
            stakeholder.get("criteria", {}),
            [
                name
                for entry in stakeholder.get("ranks", {}).get("criteria", [])
                for name in (entry if isinstance(entry, list) else [entry])
            ],
            stakeholder.get("pairwise", {}).get("criteria", {}).get("items", []),
        ]
        given = {name for form in forms for name in form}
        assert wanted <= given, stakeholder["id"]
        points = stakeholder.get("criteria", {})
        assert all(points[name] > 0 for name in wanted if name in points), stakeholder["id"]


def test_not_everything_fits_and_the_commitments_do() -> None:
    """The initiatives that could be funded together cost more than the initiative money and
    every pool together, so the optimiser must choose; the committed ones fit in each year."""
    scenario = portfolio()
    share = scenario.budget.initiatives_share or 0.0
    money = [share * amount for amount in scenario.budget.year_amounts()]
    pools = sum(sum(p.year_amounts() or [p.amount]) for p in scenario.pools)  # type: ignore[list-item]
    by_id = {i.id: i for i in scenario.initiatives}
    left_out = {i.id for i in scenario.initiatives if i.must_not}
    for item in scenario.initiatives:  # of two that exclude each other, count the dearer one
        for other in item.excludes:
            cheaper = min((item, by_id[other]), key=lambda i: i.total_cost)
            left_out.add(cheaper.id)
    possible = sum(i.total_cost for i in scenario.initiatives if i.id not in left_out)
    assert possible > 1.3 * (sum(money) + pools)
    assert possible < 3 * (sum(money) + pools)
    musts = [i for i in scenario.initiatives if i.must]
    for year, amount in enumerate(money):
        assert sum(i.cost[year] for i in musts) < 0.5 * amount


def test_show_titles_the_scenario_in_its_output_language() -> None:
    for lang, title in (("es", "cartera de iniciativas"), ("en", "initiative portfolio")):
        first, rule = describe(portfolio(), lang).splitlines()[:2]
        assert first == f"Chile Transforma 2017: {title}" and rule == "=" * len(first)


def test_every_initiative_is_described_in_both_languages_citing_the_same_sources() -> None:
    scenario = portfolio()
    for item in scenario.initiatives:
        spanish, english = item.description_in("es"), item.description_in("en")
        assert spanish and english and spanish != english, item.id
        assert CITED.findall(spanish) == CITED.findall(english), item.id


def test_a_sheet_says_each_description_in_its_language_and_reads_back_as_the_file_said() -> None:
    """The Spanish spreadsheet describes each initiative in Spanish; read back unchanged, the
    file keeps both languages; a description changed in the sheet replaces both (the other
    language would say what the sheet no longer does)."""
    from prioritise.scenario import initiative_sheet_bytes, initiatives_from

    scenario = portfolio()
    first = scenario.initiatives[0]
    for lang in ("es", "en"):
        data = initiative_sheet_bytes(scenario, lang, "csv", filled=True)
        assert first.description_in(lang).split(":")[0] in data.decode("utf-8-sig")
        back = initiatives_from(data, "sheet.csv", scenario).scenario
        assert [(i.description, i.descriptions) for i in back.initiatives] == [
            (i.description, i.descriptions) for i in scenario.initiatives
        ]
    data = initiative_sheet_bytes(scenario, "es", "csv", filled=True).decode("utf-8-sig")
    edited = data.replace(first.description_in("es"), "Una plataforma nueva.", 1)
    back = initiatives_from(edited.encode("utf-8-sig"), "sheet.csv", scenario).scenario
    changed = back.initiatives[0]
    assert changed.description == "Una plataforma nueva." and changed.descriptions == {}
    assert back.initiatives[1].descriptions == scenario.initiatives[1].descriptions
