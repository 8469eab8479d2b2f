"""Programmes, enabling areas, regions and pools in a spreadsheet of initiatives: shown by
name in the sheet's language, read back by name (either language, any case or accents) or by
id, and never by a name that could mean two items."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from prioritise.scenario import (
    initiative_sheet_bytes,
    initiatives_from,
    load,
    to_dict,
    validate_dict,
)
from tests.scenario.sheet_helpers import problems_of, sheet_bytes, where

SHIPPED = Path(__file__).parents[2] / "scenarios" / "chile_transforma_initiatives_2017.toml"
HEADER = ["id", "name_es", "cost_2017", "cost_2018", "cost_2019", "score_impact"]
HEADER += ["score_co_funding", "programme", "enabling_area", "region", "pool"]


def _shipped() -> dict:
    """The shipped scenario, its pools open to initiatives by programme and region only: the
    initiatives their lists name are not in these sheets."""
    raw = to_dict(load(SHIPPED))
    for pool in raw.get("pools", []):
        pool.pop("initiatives", None)
    return raw


def _row(ident: str, programme: str, area: str, region: str, pool: str) -> list[object]:
    return [ident, f"Iniciativa {ident}", 1, 1, 1, 3, 40, programme, area, region, pool]


def _imported(rows: list[list[object]], scenario=None):
    scenario = scenario or validate_dict(_shipped())
    data = sheet_bytes("xlsx", HEADER, rows)
    return initiatives_from(data, "p.xlsx", scenario, "s.toml").scenario.initiatives


def test_names_in_either_language_whatever_their_case_and_accents_read_as_ids() -> None:
    found = _imported(
        [
            _row("a", "Minería", "I+D+i", "Los Ríos", "Fondo de Inversión Estratégica (FIE)"),
            _row(
                "b", "MINERIA", "r&d and innovation", "los rios", "strategic investment fund (fie)"
            ),
            _row("c", "mining", "rd", "losrios", "fie"),  # ids, as before
            _row("d", "  Agro-food ", "Capital  humano", "Tarapaca", "Port Modernisation Fund"),
        ]
    )
    places = [(i.programme, i.enabling_area, i.region, i.pool) for i in found]
    assert places == [
        ("mining", "rd", "losrios", "fie"),
        ("mining", "rd", "losrios", "fie"),
        ("mining", "rd", "losrios", "fie"),
        ("agrofood", "human_capital", "tarapaca", "port_modernisation"),
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "p.xlsx, fila 2, columna programme: 'Minerias' no es un nombre ni un id que esta "
            "columna acepte (la hoja Léame de la plantilla los enumera) (¿quiso decir 'Minería'?)",
        ),
        (
            "en",
            "p.xlsx, row 2, column programme: 'Minerias' is not a name or an id this column "
            "takes (the template's Read me sheet lists them) (did you mean 'Mining'?)",
        ),
    ],
)
def test_a_name_of_nothing_is_refused_at_its_cell_with_the_closest_name(lang, said) -> None:
    found = problems_of(
        sheet_bytes("xlsx", HEADER, [_row("a", "Minerias", "rd", "", "")]),
        "p.xlsx",
        validate_dict(_shipped()),
    )
    assert [p.line(lang).replace("Initiatives", "p.xlsx") for p in found] == [said]


def _twins() -> dict:
    """The shipped scenario with two regions of one name, and a programme named as another
    programme's id."""
    raw = _shipped()
    raw["regions"][0]["names"] = {"es": "Norte", "en": "North"}
    raw["regions"][1]["names"] = {"es": "Norte", "en": "North"}
    raw["programmes"][1]["names"] = {"es": "mining", "en": "mining"}
    return raw


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_name_that_could_mean_two_items_is_shown_as_an_id_and_read_only_as_one(
    lang: str,
) -> None:
    scenario = validate_dict(_twins())
    first, second = scenario.regions[0].id, scenario.regions[1].id
    book = openpyxl.load_workbook(io.BytesIO(initiative_sheet_bytes(scenario, lang)))
    lists = book.worksheets[2]
    column = {c.value: c.column_letter for c in lists[1]}
    offered = [c.value for c in lists[column["region"]][1:] if c.value]
    assert first in offered and second in offered  # not "Norte" twice
    assert "Norte" not in offered and "North" not in offered
    programmes = [c.value for c in lists[column["programme"]][1:] if c.value]
    assert programmes[1] == scenario.programmes[1].id  # named as another's id: its own id
    found = problems_of(
        sheet_bytes("xlsx", HEADER, [_row("a", "mining", "rd", "norte", "")]), "p.xlsx", scenario
    )
    assert [where(p) for p in found] == [
        ("Initiatives", 2, "region", "scenario.sheet.ambiguous_name")
    ]
    assert f"write the id of the one meant ({first} or {second})" in found[0].line("en")
    (item,) = _imported([_row("a", "mining", "rd", first, "")], scenario)
    assert (item.programme, item.region) == ("mining", first)  # an id means its own item


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_filled_sheet_shows_names_in_its_language_and_reads_back_to_the_same_ids(
    lang: str, kind: str
) -> None:
    scenario = load(SHIPPED)
    data = initiative_sheet_bytes(scenario, lang, kind, filled=True)
    text = data.decode("utf-8-sig", errors="replace") if kind == "csv" else ""
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        text = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    word = {"es": "Minería", "en": "Mining"}[lang]
    assert word in text and ";mining;" not in text and ",mining," not in text
    again = initiatives_from(data, f"p.{kind}", scenario).scenario
    assert [(i.programme, i.enabling_area, i.region, i.pool) for i in again.initiatives] == [
        (i.programme, i.enabling_area, i.region, i.pool) for i in scenario.initiatives
    ]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_name_in_one_language_that_is_another_item_s_name_in_the_other_is_shown_as_an_id(
    lang: str,
) -> None:
    """Programme B's Spanish name is programme A's English name: the sheet must not offer a
    name that the import would then refuse."""
    raw = _shipped()
    raw["programmes"][1]["names"] = {"es": "Mining", "en": "Agro-food"}
    scenario = validate_dict(raw)
    book = openpyxl.load_workbook(io.BytesIO(initiative_sheet_bytes(scenario, lang)))
    lists = book.worksheets[2]
    column = {c.value: c.column_letter for c in lists[1]}
    offered = [c.value for c in lists[column["programme"]][1:] if c.value]
    assert "Mining" not in offered  # it would mean two programmes: each shows its id then
    assert offered[:2] == (["Minería", "agrofood"] if lang == "es" else ["mining", "Agro-food"])
    data = initiative_sheet_bytes(scenario, lang, "csv", filled=True)
    again = initiatives_from(data, "p.csv", scenario).scenario
    assert [i.programme for i in again.initiatives] == [i.programme for i in scenario.initiatives]


def test_ids_apart_only_in_case_are_read_only_as_typed() -> None:
    raw = _shipped()
    raw["pools"][0]["id"], raw["pools"][1]["id"] = "FIE", "fie"
    for item in raw["initiatives"]:
        item.pop("pool", None)
    scenario = validate_dict(raw)
    (item,) = _imported([_row("a", "mining", "rd", "", "fie")], scenario)
    assert item.pool == "fie"
    found = problems_of(
        sheet_bytes("xlsx", HEADER, [_row("a", "mining", "rd", "", "Fie")]), "p.xlsx", scenario
    )
    assert [where(p)[2:] for p in found] == [("pool", "scenario.sheet.ambiguous_name")]


def test_a_name_that_excel_stores_as_a_number_is_read_as_that_name() -> None:
    raw = _shipped()
    raw["regions"][0]["names"] = {"es": "2030", "en": "2030"}
    raw["regions"][0]["name"] = "2030"
    scenario = validate_dict(raw)
    (item,) = _imported([_row("a", "mining", "rd", 2030, "")], scenario)  # a number cell
    assert item.region == scenario.regions[0].id


def test_the_start_of_one_name_alone_is_suggested() -> None:
    found = problems_of(
        sheet_bytes("xlsx", HEADER, [_row("a", "Pesca", "rd", "", "")]),
        "p.xlsx",
        validate_dict(_shipped()),
    )
    assert [p.line("es") for p in found] == [
        "Initiatives, fila 2, columna programme: 'Pesca' no es un nombre ni un id que esta "
        "columna acepte (la hoja Léame de la plantilla los enumera) "
        "(¿quiso decir 'Pesca y acuicultura'?)"
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "p.csv, fila 2, columna region: 'Santiago' no es un nombre ni un id que esta columna "
            "acepte (la hoja Léame de la plantilla .xlsx los enumera) "
            "(¿quiso decir 'Región Metropolitana de Santiago'?)",
        ),
        (
            "en",
            "p.csv, row 2, column region: 'Santiago' is not a name or an id this column takes "
            "(the Read me sheet of the .xlsx template lists them) "
            "(did you mean 'Santiago Metropolitan Region'?)",
        ),
    ],
)
def test_the_closest_item_is_suggested_by_its_name_in_the_reader_s_language(lang, said) -> None:
    """'Santiago' comes closest to the English name; a Spanish reader is still offered the
    Spanish one (the import reads either), and a CSV file's reader is sent to the workbook
    template, a CSV file having no sheets."""
    found = problems_of(
        sheet_bytes("csv", HEADER, [_row("a", "Minería", "rd", "Santiago", "")]),
        "p.csv",
        validate_dict(_shipped()),
    )
    assert [p.line(lang).replace("Initiatives", "p.csv") for p in found] == [said]
