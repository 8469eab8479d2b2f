"""Importing initiatives from a spreadsheet: every bad cell at its sheet, row and column, the
whole-file checks mapped back to the cells they come from, and nothing written unless valid."""

from __future__ import annotations

import copy
import datetime
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritise.scenario import (
    SheetError,
    initiative_sheet_bytes,
    initiatives_from,
    to_dict,
    validate_dict,
)
from prioritise.scenario.sheet_cells import SHEET_NAMES
from prioritise.text import name_of
from tests.initiative_factories import initiative_scenario, with_initiatives
from tests.scenario.sheet_helpers import base_header, good_row, problems_of, sheet_bytes, where

KINDS = ("xlsx", "csv")


@pytest.fixture(scope="module")
def scenario():
    return initiative_scenario(3, 4, dependencies=False)


def _sheet_name(kind: str) -> str:
    return "Initiatives" if kind == "xlsx" else "p.csv"


@pytest.mark.parametrize("kind", KINDS)
def test_bad_cost_unknown_dependency_and_circle_are_three_located_problems(scenario, kind):
    header = base_header(scenario)
    last_year = f"cost_{scenario.years[-1]}"
    rows = [
        good_row(scenario, "a", "b"),
        good_row(scenario, "b", "c"),
        good_row(scenario, "c", "a"),
        good_row(scenario, "d", "nowhere"),
        good_row(scenario, "e"),
    ]
    rows[4][header.index(last_year)] = "abc"
    found = [where(p) for p in problems_of(sheet_bytes(kind, header, rows), f"p.{kind}", scenario)]
    sheet = _sheet_name(kind)
    assert found == [
        (sheet, 2, "requires", "scenario.initiative.circular"),
        (sheet, 5, "requires", "scenario.check.unknown_initiative"),
        (sheet, 6, last_year, "scenario.value.number"),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_filled_template_imports_and_the_scenario_validates(scenario, kind):
    template = initiative_sheet_bytes(scenario, "es", kind)
    header = base_header(scenario)
    rows = [good_row(scenario, "hub", ""), good_row(scenario, "centre", "hub")]
    if kind == "csv":
        assert template.startswith(b"\xef\xbb\xbf")  # UTF-8 as Excel reads it
        full = template.decode("utf-8-sig").strip().split(";")  # Spanish Excel's separator
        filled = [[dict(zip(header, r, strict=True)).get(h) for h in full] for r in rows]
        data = sheet_bytes("csv", full, filled)
    else:
        book = openpyxl.load_workbook(io.BytesIO(template))
        sheet = book.worksheets[0]
        assert sheet.title in SHEET_NAMES
        full = [c.value for c in sheet[1]]
        for row in rows:
            values = dict(zip(header, row, strict=True))
            sheet.append([values.get(h) for h in full])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    result = initiatives_from(data, f"filled.{kind}", scenario)
    again = validate_dict(to_dict(result.scenario))
    assert [i.id for i in again.initiatives] == ["hub", "centre"]
    assert again.initiatives[1].requires == ["hub"]
    assert again.initiatives[0].cost == [1.5] * len(scenario.years)
    assert result.count == 2
    assert again.programmes == scenario.programmes  # the rest of the scenario as it was


def _same(first, second) -> None:
    assert len(first.initiatives) == len(second.initiatives)
    for a, b in zip(first.initiatives, second.initiatives, strict=True):
        for lang in ("es", "en"):
            assert name_of(a, lang) == name_of(b, lang)
        skip = {"name", "names"}
        assert a.model_dump(exclude=skip) == b.model_dump(exclude=skip)


names = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda s: s and not s.startswith("="))
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(1, 12),
    kind=st.sampled_from(KINDS),
    lang=st.sampled_from(["es", "en"]),  # ';' and decimal commas, or ',' and points
    # amounts to the millionth: a workbook holds 15 significant digits, as Excel does
    costs=st.lists(st.floats(0, 1e6).map(lambda x: round(x, 6)), min_size=24),
    texts=st.lists(st.tuples(names, st.none() | names), min_size=12, max_size=12),
)
def test_written_initiatives_read_back_the_same(seed, count, kind, lang, costs, texts):
    raw = with_initiatives(seed, count, partial=True)
    for i, item in enumerate(raw["initiatives"]):
        item["cost"] = [costs[2 * i], costs[2 * i + 1]]
        item["name"], other = texts[i]
        if other is not None:
            item["names"] = {"es": other}
    scenario = validate_dict(copy.deepcopy(raw))
    data = initiative_sheet_bytes(scenario, lang, kind=kind, filled=True)
    empty = validate_dict({**raw, "initiatives": []})
    _same(initiatives_from(data, f"x.{kind}", empty).scenario, scenario)


BAD_CELLS = [
    ("id", "3rd centre", "scenario.value.identifier"),
    ("id", None, "scenario.value.missing"),
    ("name_en", None, "scenario.sheet.name_missing"),
    ("cost_Y", "abc", "scenario.value.number"),
    ("cost_Y", -2, "scenario.value.at_least"),
    ("cost_Y", None, "scenario.sheet.cost_missing"),
    ("cost_Y", "1e400", "scenario.value.finite_number"),
    ("cost_Y", "1e20", "scenario.value.too_large"),
    ("cost_Y", "1.234,5", "scenario.value.number_ungrouped"),
    ("cost_Y", "=B2*2", "scenario.sheet.formula"),
    ("partial_min", "1.5", "scenario.sheet.share"),
    ("partial_min", "0", "scenario.sheet.share"),
    ("partial_min", "half", "scenario.sheet.share"),
    ("requires", "a, 9b", "scenario.value.identifier"),
    ("requires", "zz", "scenario.check.unknown_initiative"),
    ("requires", "a", "scenario.initiative.itself"),
    ("excludes", "a", "scenario.initiative.itself"),
    ("must", "maybe", "scenario.sheet.flag"),
    ("programme", "p 1", "scenario.check.did_you_mean"),  # a name or an id: 'p1'?
    ("programme", "p9", "scenario.sheet.unknown_name"),
    ("region", "r7", "scenario.sheet.unknown_name"),
    ("enabling_area", "a9", "scenario.sheet.unknown_name"),
    ("pool", "fund", "scenario.sheet.unknown_name"),
    ("score_impact", "12", "scenario.check.outside_scale"),
    ("score_impact", None, "scenario.value.missing"),
    ("score_impact", "high", "scenario.value.number"),
    ("name_es", "x" * 2001, "scenario.sheet.too_long"),
]


@pytest.mark.parametrize(("column", "value", "expected"), BAD_CELLS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_bad_cell_is_located(scenario, kind, column, value, expected):
    header = [*base_header(scenario), "partial_min", "excludes", "must", "programme"]
    header += ["region", "enabling_area", "pool", "name_es"]
    column = column.replace("Y", str(scenario.years[0]))
    rows = [good_row(scenario, i) + [None] * 8 for i in ("a", "b", "c")]
    rows[0][header.index(column)] = value
    if kind == "xlsx" and value is not None and value.__class__ is str and value[:1] == "=":
        expected = "scenario.sheet.formula"
    found = [where(p) for p in problems_of(sheet_bytes(kind, header, rows), f"p.{kind}", scenario)]
    found = [f[1:] for f in found]
    assert found == [(2, column, expected)] or (
        expected.startswith("scenario.check.unknown") and found == [(2, column, _suggested())]
    )


def _suggested() -> str:
    return "scenario.check.did_you_mean"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.datetime(2025, 3, 1), "scenario.value.number"),
        ("#DIV/0!", "scenario.sheet.error_value"),
        (True, "scenario.value.number"),
    ],
)
def test_workbook_cells_that_are_not_numbers_are_located(scenario, value, expected):
    header = base_header(scenario)
    rows = [good_row(scenario, "a"), good_row(scenario, "b")]
    column = f"cost_{scenario.years[1]}"
    rows[1][header.index(column)] = value
    found = [where(p) for p in problems_of(sheet_bytes("xlsx", header, rows), "p.xlsx", scenario)]
    assert found == [("Initiatives", 3, column, expected)]


def test_header_problems_are_named_at_row_one(scenario):
    header = base_header(scenario)
    header[header.index("requires")] = "requiers"
    header[header.index(f"cost_{scenario.years[1]}")] = "id"
    rows = [good_row(scenario, "a"), good_row(scenario, "b")]
    found = [where(p)[1:] for p in problems_of(sheet_bytes("csv", header, rows), "p.csv", scenario)]
    assert (1, "D", "scenario.sheet.duplicate_column") in found
    assert (1, "E", "scenario.check.did_you_mean") in found
    assert (1, None, "scenario.sheet.missing_column") in found


def test_repeated_id_and_value_without_header(scenario):
    header = [*base_header(scenario), ""]
    rows = [[*good_row(scenario, "a"), None], [*good_row(scenario, "a"), "stray"]]
    found = [where(p)[1:] for p in problems_of(sheet_bytes("csv", header, rows), "p.csv", scenario)]
    letter = chr(ord("A") + len(header) - 1)
    assert found == [
        (3, "id", "scenario.sheet.duplicate_id"),
        (3, letter, "scenario.sheet.no_header"),
    ]


def test_must_and_must_not_is_a_problem_of_the_row(scenario):
    header = [*base_header(scenario), "must", "must_not"]
    rows = [[*good_row(scenario, "a"), "yes", "sí"], [*good_row(scenario, "b"), "", "0"]]
    found = [where(p)[1:] for p in problems_of(sheet_bytes("csv", header, rows), "p.csv", scenario)]
    assert found == [(2, None, "scenario.initiative.must_and_must_not")]


def test_semicolon_csv_reads_decimal_commas_and_percentages(scenario):
    header = [*base_header(scenario), "partial_min", "must"]
    rows = [[*good_row(scenario, "a"), "50 %", "VERDADERO"]]
    rows[0][2] = "2,75"
    data = sheet_bytes("csv", header, rows, delimiter=";")
    item = initiatives_from(data, "p.csv", scenario).scenario.initiatives[0]
    assert item.cost[0] == 2.75 and item.partial is not None and item.partial.min == 0.5
    assert item.must is True
    comma = sheet_bytes("csv", header, rows, delimiter=",")  # "2,75" cannot group thousands
    assert initiatives_from(comma, "p.csv", scenario).scenario.initiatives[0].cost[0] == 2.75
    rows[0][2] = "2.750"  # where commas are decimal, a point before three digits may group
    found = [
        where(p)[1:] for p in problems_of(sheet_bytes("csv", header, rows, ";"), "p.csv", scenario)
    ]
    assert found == [(2, header[2], "scenario.value.number_ungrouped")]
    rows[0][2] = "2.75"
    point = sheet_bytes("csv", header, rows, delimiter=";")
    assert initiatives_from(point, "p.csv", scenario).scenario.initiatives[0].cost[0] == 2.75
    rows[0][2] = "2,750"  # two thousand seven hundred and fifty, or two point seven five
    comma = sheet_bytes("csv", header, rows, delimiter=",")
    found = [where(p)[1:] for p in problems_of(comma, "p.csv", scenario)]
    assert found == [(2, header[2], "scenario.value.number_ungrouped")]


@pytest.mark.parametrize("kind", KINDS)
def test_decimal_commas_typed_as_text_are_read_where_they_cannot_group_thousands(scenario, kind):
    """A workbook cell typed as text in a Spanish sheet ('0,5', '1,5') is read as the number it
    shows; '1,500' is refused at its cell, never guessed."""
    header = [*base_header(scenario), "partial_min"]
    rows = [[*good_row(scenario, "a"), "0,5"], [*good_row(scenario, "b"), "12,5 %"]]
    rows[0][2], rows[1][2] = "1,5", "0,25"
    items = initiatives_from(sheet_bytes(kind, header, rows), f"p.{kind}", scenario)
    first, second = items.scenario.initiatives[:2]
    assert first.cost[0] == 1.5 and first.partial is not None and first.partial.min == 0.5
    assert second.cost[0] == 0.25 and second.partial is not None and second.partial.min == 0.125
    rows[1][2] = "1,500"
    found = [where(p) for p in problems_of(sheet_bytes(kind, header, rows), f"p.{kind}", scenario)]
    assert [f[1:] for f in found] == [(3, header[2], "scenario.value.number_ungrouped")]
    (problem,) = problems_of(sheet_bytes(kind, header, rows), f"p.{kind}", scenario)
    assert "sin separador de miles" in problem.line("es") and "'1,500'" in problem.line("es")
    if kind == "xlsx":  # typed as text in a workbook, '1.500' may be a Chilean 1500 too
        rows[1][2] = "1.500"
        found = [where(p) for p in problems_of(sheet_bytes(kind, header, rows), "p.xlsx", scenario)]
        assert [f[1:] for f in found] == [(3, header[2], "scenario.value.number_ungrouped")]
    rows[1][2] = "doce"  # not a number at all: no word on separators
    found = [where(p) for p in problems_of(sheet_bytes(kind, header, rows), f"p.{kind}", scenario)]
    assert [f[1:] for f in found] == [(3, header[2], "scenario.value.number")]


def test_pool_naming_a_replaced_initiative_is_a_problem_of_the_scenario(scenario):
    raw = to_dict(scenario)
    raw["pools"] = [{"id": "fund", "amount": 3.0, "initiatives": [scenario.initiatives[0].id]}]
    with_pool = validate_dict(raw)
    data = sheet_bytes("csv", base_header(scenario), [good_row(scenario, "new")])
    (problem,) = problems_of(data, "p.csv", with_pool)
    assert (problem.sheet, problem.row, problem.column) == (None, None, None)
    dropped = scenario.initiatives[0]
    own = with_pool.scenario.name_in(with_pool.scenario.language)  # no file name given
    assert problem.line("en") == (
        f"{own}: the pool “fund” names the initiative “{name_of(dropped, 'en')}”, which the sheet"
        " no longer has. Add it to the sheet, or take it out of the pool's list of initiatives."
    )
    spanish = problem.line("es")
    assert f"el fondo «fund» nombra la iniciativa «{name_of(dropped, 'es')}»" in spanish
    assert "pools[" not in spanish and dropped.id not in spanish


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("p.xlsx", b"not a zip", "scenario.sheet.not_xlsx"),
        ("p.ods", b"x", "scenario.sheet.kind"),
        ("p.csv", b"id,name_en\n", "scenario.sheet.empty"),
        ("p.csv", b"\x00\x01", "scenario.sheet.not_csv"),
    ],
)
def test_files_that_cannot_be_read(scenario, name, data, expected):
    with pytest.raises(SheetError) as caught:
        initiatives_from(data, name, scenario)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.message.id) == (None, None, expected)


def test_too_many_rows_is_refused(scenario, monkeypatch):
    import prioritise.scenario.sheet_cells as cells

    monkeypatch.setattr(cells, "MAX_ROWS", 3)
    rows = [good_row(scenario, f"i{n}") for n in range(4)]
    for kind in KINDS:
        found = problems_of(sheet_bytes(kind, base_header(scenario), rows), f"p.{kind}", scenario)
        assert [p.message.id for p in found] == ["scenario.sheet.too_many_rows"]
    assert (
        initiatives_from(
            sheet_bytes("csv", base_header(scenario), rows[:3]), "p.csv", scenario
        ).count
        == 3
    )


cell_values = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["a", "b", "a;b", "50 %", "1,5", "=1+1", "#N/A", "true", "x"])
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(KINDS),
    count=st.integers(1, 5),
    changes=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 7), cell_values), max_size=6),
    extra=st.sampled_from(["", "must", "partial_min", "excludes", "zz"]),
)
def test_any_cells_give_initiatives_or_located_problems(scenario, kind, count, changes, extra):
    header = [*base_header(scenario), extra]
    rows = [[*good_row(scenario, ident), None] for ident in "abcde"[:count]]
    for i, j, value in changes:
        if i < count and j < len(header):
            rows[i][j] = _storable(value, kind)
    data = sheet_bytes(kind, header, rows)
    try:
        result = initiatives_from(data, f"p.{kind}", scenario)
    except SheetError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line("es") and problem.line("en")
            assert problem.row is None or 1 <= problem.row <= len(rows) + 1
    else:
        assert 1 <= result.count <= count
        assert validate_dict(to_dict(result.scenario)).initiatives == result.scenario.initiatives


def _storable(value, kind):
    """The value as a cell of that kind of file can hold it (no NaN, no control characters)."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch >= " " and ch != "\x7f")
    if kind == "csv":
        return None if value is None else str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def test_an_uploaded_sheet_over_the_size_limit_is_refused_before_it_is_read(scenario):
    """The app hands the bytes of an upload: they are held to the limit a file on disk is."""
    from prioritise.scenario.sheet_cells import MAX_FILE_BYTES

    data = sheet_bytes("csv", base_header(scenario), [good_row(scenario, "a")])
    padded = data + b" " * (MAX_FILE_BYTES + 1 - len(data))
    (problem,) = problems_of(padded, "big.csv", scenario)
    assert where(problem) == ("big.csv", None, None, "scenario.sheet.too_large")
    assert problems_of(data + b"x,", "ok.csv", scenario)  # under the limit: read, and checked
