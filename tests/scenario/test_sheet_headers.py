"""The header row of a spreadsheet of initiatives: read whatever its case, and a file that is
not a sheet of initiatives at all named once, not once per missing column and per cell."""

from __future__ import annotations

import pytest

from prioritise.scenario import initiatives_from
from tests.initiative_factories import initiative_scenario
from tests.scenario.sheet_helpers import base_header, good_row, problems_of, sheet_bytes, where


@pytest.fixture(scope="module")
def scenario():
    return initiative_scenario(3, 4, dependencies=False)


def test_headers_are_read_whatever_their_case(scenario):
    header = [h.upper() if h in ("id", "programme") else h.title() for h in base_header(scenario)]
    rows = [good_row(scenario, "a"), good_row(scenario, "b", "a")]
    result = initiatives_from(sheet_bytes("csv", header, rows), "p.csv", scenario)
    assert [i.id for i in result.scenario.initiatives] == ["a", "b"]
    assert result.scenario.initiatives[1].requires == ["a"]


@pytest.mark.parametrize(
    "text",
    [
        "Meeting notes\nWe discussed the budget, and agreed to revisit it\nNext: send the file\n",
        "fecha;monto;glosa\n2024-01-01;100;pago\n2024-01-02;250;arriendo\n",
    ],
)
def test_a_file_that_is_not_a_sheet_of_initiatives_gets_one_problem(scenario, text):
    """Not a line per missing column and per stray cell, nor the pools' lost members."""
    found = problems_of(text.encode(), "notes.csv", scenario)
    assert [where(p) for p in found] == [
        ("notes.csv", None, None, "scenario.sheet.not_initiatives")
    ]
    said = {lang: found[0].line(lang) for lang in ("es", "en")}
    assert said["es"].startswith("notes.csv: no parece una planilla de iniciativas")
    assert said["en"].startswith("notes.csv: does not look like a spreadsheet of initiatives")
    assert f"cost_{scenario.years[0]}" in said["en"]


def test_without_an_id_column_no_row_is_read_and_nothing_else_is_said(scenario):
    """The header first: a row's cells are named once the sheet says which row is which."""
    header = ["identifier", *base_header(scenario)[1:]]
    rows = [good_row(scenario, "a"), good_row(scenario, "b")]
    rows[1][2] = "abc"  # a bad cost, named after the header is mended
    found = [where(p)[1:] for p in problems_of(sheet_bytes("csv", header, rows), "p.csv", scenario)]
    assert found == [
        (1, "A", "scenario.sheet.unknown_column"),
        (1, None, "scenario.sheet.missing_column"),
    ]
