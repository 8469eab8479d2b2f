"""A sheet without an initiative that a pool names: refused, saying how to go on, unless the
import is asked to take the initiative out of the pool's list, which it then says it did."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from prioritise.scenario import (
    Scenario,
    SheetError,
    initiative_sheet_bytes,
    initiatives_from,
    load,
    to_dict,
    validate_dict,
)
from prioritise.scenario.sheet_pools import only_lost_members

SHIPPED = Path(__file__).parents[2] / "scenarios" / "chile_transforma_initiatives_2017.toml"
SCENARIO = load(SHIPPED)
LOST = "port_community_system"  # the one initiative the port pool lists by id


def _without(ident: str, *, bad_cost: bool = False, scenario: Scenario = SCENARIO) -> bytes:
    """The filled sheet of the scenario's initiatives without one of them."""
    book = openpyxl.load_workbook(
        io.BytesIO(initiative_sheet_bytes(scenario, "es", "xlsx", filled=True))
    )
    sheet = book.worksheets[0]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == ident)
    sheet.delete_rows(row)
    if bad_cost:
        header = [c.value for c in sheet[1]]
        sheet.cell(2, header.index("cost_2017") + 1, "abc")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_pools_list_names_the_lost_initiative_and_the_way_on() -> None:
    assert LOST in next(p for p in SCENARIO.pools if p.id == "port_modernisation").initiatives
    with pytest.raises(SheetError) as caught:
        initiatives_from(_without(LOST), "p.xlsx", SCENARIO, "s.toml")
    assert only_lost_members(caught.value.problems)
    (es,) = caught.value.lines("es")
    (en,) = caught.value.lines("en")
    assert es.startswith("s.toml: el fondo «Fondo de Modernización Portuaria» nombra")
    assert es.endswith("Agréguela a la planilla, o quítela de la lista de iniciativas del fondo.")
    assert en.endswith("Add it to the sheet, or take it out of the pool's list of initiatives.")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "El fondo «Fondo de Modernización Portuaria» ya no incluye la iniciativa «Port "
            "Community System (sistema de comunidad portuaria), Valparaíso», que la planilla no "
            "trae.",
        ),
        (
            "en",
            "The pool “Port Modernisation Fund” no longer lists the initiative “Port Community "
            "System, Valparaíso”, which the sheet does not have.",
        ),
    ],
)
def test_asked_to_the_import_takes_it_out_of_the_pool_and_says_so(lang: str, said: str) -> None:
    result = initiatives_from(_without(LOST), "p.xlsx", SCENARIO, "s.toml", drop_from_pools=True)
    pools = {p.id: p for p in result.scenario.pools}
    assert LOST not in pools["port_modernisation"].initiatives
    assert pools["port_modernisation"].programmes == ["logistics"]  # the rest as it was
    assert [p.id for p in result.scenario.pools] == [p.id for p in SCENARIO.pools]
    assert [d.message.text(lang) for d in result.dropped] == [said]
    assert [(d.pool, d.initiative) for d in result.dropped] == [("port_modernisation", LOST)]
    assert result.count == len(SCENARIO.initiatives) - 1


def test_nothing_is_taken_out_when_nothing_is_lost_and_other_problems_stay() -> None:
    other = next(i.id for i in SCENARIO.initiatives if i.id != LOST)
    result = initiatives_from(_without(other), "p.xlsx", SCENARIO, drop_from_pools=True)
    assert result.dropped == ()
    assert result.scenario.pools == SCENARIO.pools
    with pytest.raises(SheetError) as caught:
        initiatives_from(_without(LOST, bad_cost=True), "p.xlsx", SCENARIO, drop_from_pools=True)
    assert not only_lost_members(caught.value.problems)
    assert [p.column for p in caught.value.problems] == ["cost_2017"]


def _one_pool(pool: dict) -> Scenario:
    raw = to_dict(SCENARIO)
    raw["pools"] = [pool]
    for item in raw["initiatives"]:
        item.pop("pool", None)
    return validate_dict(raw)


def test_a_pool_left_open_to_no_initiative_is_said_once_per_initiative_and_once_closed() -> None:
    """The money of such a pool would go unused: the import says so, in both languages."""
    scenario = _one_pool({"id": "fund", "amount": [1.0, 1.0, 1.0], "initiatives": [LOST, LOST]})
    sheet = _without(LOST, scenario=scenario)
    result = initiatives_from(sheet, "p.xlsx", scenario, drop_from_pools=True)
    assert result.scenario.pools[0].initiatives == []
    assert [(d.pool, d.initiative) for d in result.dropped] == [("fund", LOST), ("fund", None)]
    assert [d.message.text("en") for d in result.dropped][1] == (
        "The pool “fund” is now open to no initiative: its money will go unused."
    )
    assert [d.message.text("es") for d in result.dropped][1] == (
        "El fondo «fund» ya no queda abierto a ninguna iniciativa: su dinero quedará sin usar."
    )
    assert result.dropped[0].to_json("en") == {
        "pool": "fund",
        "initiative": LOST,
        "message": "The pool “fund” no longer lists the initiative “Port Community System, "
        "Valparaíso”, which the sheet does not have.",
    }


def test_a_pool_still_drawn_on_by_a_row_is_not_said_to_be_closed() -> None:
    scenario = _one_pool({"id": "fund", "amount": [1.0, 1.0, 1.0], "initiatives": [LOST]})
    book = openpyxl.load_workbook(io.BytesIO(_without(LOST, scenario=scenario)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("pool") + 1, "fund")
    buffer = io.BytesIO()
    book.save(buffer)
    result = initiatives_from(buffer.getvalue(), "p.xlsx", scenario, drop_from_pools=True)
    assert [(d.pool, d.initiative) for d in result.dropped] == [("fund", LOST)]


def test_without_a_file_name_the_scenario_is_named_in_its_own_language() -> None:
    """A library caller that gives no file name gets the scenario's name where the file's
    would be, in the scenario's language, never the English word 'scenario'."""
    with pytest.raises(SheetError) as caught:
        initiatives_from(_without(LOST), "p.xlsx", SCENARIO)
    (es,) = caught.value.lines("es")
    name = SCENARIO.scenario.name_in(SCENARIO.scenario.language)
    assert es.startswith(f"{name}: el fondo «Fondo de Modernización Portuaria» nombra")
