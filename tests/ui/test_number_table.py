"""The Scenario page's number cells (prioritise.ui.scenario.number_table): a table written the
reader's way reads back as the numbers it showed, in either language; a typed number is read
as a number box reads it; what cannot be read is refused naming the table, the row and the
column, quoting what was typed."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.ui.number_box import AMOUNT, OPTIONAL_AMOUNT, Allowed
from prioritise.ui.scenario import number_table
from prioritise.ui.scenario.number_table import Column

LANGS = ("es", "en")
PERCENT = Allowed(most=100.0, optional=True)
BOUNDS = {"min": Column("Minimum %", PERCENT), "max": Column("Maximum %", PERCENT)}
TABLE = "Regional floors and caps"


def _bounds(rows: dict[str, tuple[object, object]]) -> pd.DataFrame:
    """A min/max table as the editor gives it back: names, then the cells as typed."""
    return pd.DataFrame(
        {
            "name": list(rows),
            "min": [cells[0] for cells in rows.values()],
            "max": [cells[1] for cells in rows.values()],
        },
        index=pd.Index([name.lower() for name in rows], dtype=object),
    )


def _read(table: pd.DataFrame, lang: str, columns=BOUNDS) -> number_table.TableReading:
    return number_table.read_table(table, columns, lang, TABLE, ["name"])


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "written"),
    [
        (55.0, "es", 2, "55,00"),
        (55.0, "en", 2, "55.00"),
        (12.5, "es", 2, "12,50"),
        (1.5, "es", 1, "1,5"),
        (1.5, "en", 1, "1.5"),
        (5.0, "es", 1, "5,0"),
        (35.0, "en", 1, "35.0"),
        (12.345, "es", 2, "12,345"),  # two more decimals than the column's are shown
        (12.3456, "en", 2, "12.3456"),
        (175 / 3, "es", 2, "58,3333"),  # not a float's 15 digits (the cell keeps them)
        (1 / 3, "en", 1, "0.333"),
        (0.1 + 0.2, "es", 2, "0,30"),  # no float noise
        (1500.0, "es", 2, "1500,00"),  # no thousands marks
        (2017, "es", 0, "2017"),
        (7.0, "en", 0, "7"),
        (None, "es", 2, ""),
        (math.nan, "en", 1, ""),
        ("1,5", "es", 1, ""),  # not a number: the editor's text is not rewritten
    ],
)
def test_a_cell_writes_its_number_the_readers_way_with_the_columns_decimals(
    value: object, lang: str, decimals: int, written: str
) -> None:
    assert number_table.cell_text(value, lang, decimals) == written


def test_a_shown_table_is_text_and_leaves_other_columns_alone() -> None:
    table = pd.DataFrame(
        {"year": [2017, 2018], "amount": [55.0, None]}, index=pd.Index([0, 1], dtype=int)
    )
    shown = number_table.shown(table, {"amount": Column("Amount", decimals=2)}, "es")
    assert shown["amount"].tolist() == ["55,00", None]  # None: the editor shows it empty
    assert shown["year"].tolist() == [2017, 2018]
    assert table["amount"].iloc[0] == 55.0  # the table given is not changed


def _typed(digits: int, decimals: int) -> float:
    """A number as someone would type it: at most 15 digits, `decimals` of them decimals."""
    return float(f"{digits}e-{decimals}")


numbers = st.builds(_typed, st.integers(min_value=0, max_value=10**15 - 1), st.integers(0, 5))
any_numbers = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)


def _table(rows: list[tuple[float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"Región {i}" for i in range(len(rows))],
            "min": [r[0] for r in rows],
            "max": [r[1] for r in rows],
        },
        index=pd.Index([f"r{i}" for i in range(len(rows))], dtype=object),
    )


def _same(table: pd.DataFrame, reading: number_table.TableReading) -> None:
    assert reading.problems == []
    for name in ("min", "max"):
        for given_value, read in zip(table[name], reading.numbers[name], strict=True):
            assert math.isnan(read) if pd.isna(given_value) else read == given_value


def _cells(values: st.SearchStrategy[float]) -> st.SearchStrategy:
    cell = st.one_of(st.none(), values)
    return st.lists(st.tuples(cell, cell), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(rows=_cells(numbers), lang=st.sampled_from(LANGS))
def test_numbers_typed_by_hand_read_back_from_the_text_they_show(
    rows: list[tuple[float | None, float | None]], lang: str
) -> None:
    """A number with as many decimals as a cell shows (its column's and two more) reads back
    from its text alone, in the reader's writing (no point in Spanish, no comma in English)."""
    table = _table(rows)
    columns = {name: Column(name, OPTIONAL_AMOUNT, decimals=3) for name in ("min", "max")}
    shown = number_table.shown(table, columns, lang)
    texts = [t for t in [*shown["min"], *shown["max"]] if t is not None]
    assert all(("." not in t) if lang == "es" else ("," not in t) for t in texts)
    _same(table, _read(shown, lang, columns))


@settings(max_examples=200, deadline=None)
@given(
    rows=_cells(any_numbers),
    decimals=st.integers(min_value=0, max_value=3),
    lang=st.sampled_from(LANGS),
)
def test_a_table_left_alone_keeps_every_digit_of_its_numbers(
    rows: list[tuple[float | None, float | None]], decimals: int, lang: str
) -> None:
    """Shown and read back without an edit, every cell is the number the scenario holds, to
    the last digit (175/3, not 58,3333): applying an untouched form changes nothing."""
    table = _table(rows)
    columns = {name: Column(name, OPTIONAL_AMOUNT, decimals) for name in ("min", "max")}
    shown = number_table.shown(table, columns, lang)
    _same(table, number_table.read_table(shown, columns, lang, TABLE, ["name"], table))


def test_a_cell_typed_over_or_added_is_read_from_its_text() -> None:
    original = pd.DataFrame({"year": [2017, 2018], "amount": [175 / 3, 175 / 3]})
    columns = {"amount": Column("Monto", AMOUNT, decimals=2)}
    shown = number_table.shown(original, columns, "es")
    assert shown["amount"].tolist() == ["58,3333", "58,3333"]
    shown.loc[1, "amount"] = "58,33"  # typed over
    shown.loc[2] = [2019, "58,3333"]  # a row added: no number behind it
    reading = number_table.read_table(shown, columns, "es", "Montos", ["year"], original)
    assert reading.numbers["amount"].tolist() == [175 / 3, 58.33, 58.3333]


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [
        ("1,5", "es", 1.5),
        ("1.5", "es", 1.5),  # a lone point reads as decimal in Spanish too
        (" 12,5 ", "es", 12.5),
        ("1,500", "es", 1.5),  # the comma is Spanish's decimal mark
        ("1.5", "en", 1.5),
        ("100", "en", 100.0),
        ("0", "es", 0.0),
        (2.5, "es", 2.5),  # a cell the editor gives back as a number
        ("", "es", math.nan),  # empty: no bound
        (None, "en", math.nan),
        (math.nan, "es", math.nan),
    ],
)
def test_a_typed_cell_is_read_as_a_number_box_reads_it(
    typed: object, lang: str, read: float
) -> None:
    reading = _read(_bounds({"Atacama": (typed, None)}), lang)
    assert reading.problems == []
    value = reading.numbers.loc["atacama", "min"]
    assert math.isnan(value) if math.isnan(read) else value == read


@pytest.mark.parametrize(
    ("typed", "lang", "said"),
    [
        (
            "1.500",
            "es",
            "Regional floors and caps, fila «Atacama», columna «Minimum %»: «1.500» no es un "
            "número; escríbalo como 1,25, sin separador de miles.",
        ),
        (
            "1,500",
            "en",
            "Regional floors and caps, row “Atacama”, column “Minimum %”: “1,500” is not a "
            "number; write it like 1.25, without thousands separators.",
        ),
        ("1.234,5", "es", "«1.234,5» no es un número"),
        ("uno y medio", "es", "«uno y medio» no es un número"),
        ("1,5 %", "es", "«1,5 %» no es un número"),
        ("150", "en", "“150” is more than 100; write a number of 100 or less."),
        ("-1", "es", "«-1» es menor que 0; escriba un número igual o mayor que 0."),
    ],
)
def test_what_cannot_be_read_is_refused_naming_table_row_and_column(
    typed: str, lang: str, said: str
) -> None:
    table = _bounds({"Arica": ("2,0", None), "Atacama": (typed, "35")})
    reading = _read(table, lang)
    (problem,) = reading.problems
    assert problem.startswith("- ") and said in problem
    assert math.isnan(reading.numbers.loc["atacama", "min"])


def test_every_refused_cell_is_named_and_the_rest_still_read() -> None:
    table = _bounds({"Arica": ("x", "1.000"), "Biobío": ("5", "")})
    reading = _read(table, "es")
    assert len(reading.problems) == 2
    assert "fila «Arica», columna «Minimum %»: «x»" in reading.problems[0]
    assert "fila «Arica», columna «Maximum %»: «1.000»" in reading.problems[1]
    assert reading.numbers.loc["biobío", "min"] == 5.0


def test_a_needed_cell_left_empty_is_refused() -> None:
    table = pd.DataFrame({"year": [2008], "amount": [""]})
    columns = {"amount": Column("Amount", AMOUNT)}
    reading = number_table.read_table(table, columns, "es", "Committed amounts", ["year"])
    (problem,) = reading.problems
    assert "Committed amounts, fila «2008», columna «Amount»: no se escribió nada" in problem


def test_a_row_name_is_shown_as_written_not_as_markdown() -> None:
    reading = _read(_bounds({"*Sur* [1]": ("x", None)}), "en")
    (problem,) = reading.problems
    assert "row “\\*Sur\\* \\[1\\]”" in problem


def test_rows_are_named_by_their_cells_or_their_place() -> None:
    table = pd.DataFrame(
        {
            "programme": ["Minería", None, None],
            "region": ["Biobío", None, None],
            "year": [2018, None, None],
            "amount": ["x", "y", None],
        }
    )
    columns = {"amount": Column("Monto", AMOUNT)}
    reading = number_table.read_table(
        table, columns, "es", "Montos comprometidos", ["programme", "region", "year"]
    )
    assert len(reading.problems) == 2  # the row left empty is no entry, so no refusal
    assert "fila «Minería · Biobío · 2018»" in reading.problems[0]
    assert "fila «2»" in reading.problems[1]
    assert list(reading.numbers.index) == [0, 1]


def test_rows_left_empty_are_left_out() -> None:
    table = pd.DataFrame(
        {"year": [2017.0, None, None], "amount": ["55,00", None, "  "]}, index=[0, 1, 2]
    )
    assert list(number_table.without_blank_rows(table).index) == [0]
    assert number_table.without_blank_rows(table.iloc[0:0]).empty
    assert list(number_table.without_blank_rows(table.iloc[0:0]).columns) == ["year", "amount"]
