"""Tables of raw figures (programme × region, in a unit the table names) beside the criteria's."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.report.labels import citations
from prioritise.scenario import ScenarioError, check_warnings
from prioritise.scenario import io as sio
from prioritise.scenario.summary import describe
from tests.factories import edited, scenario_dict

ROWS = {"p0": {"r0": 12_000.5, "r1": 0.0, "r2": 3.25}, "p2": {"r0": 7.0, "r1": 1.0, "r2": 0.0}}


def with_table(entries: dict) -> dict:
    return edited(scenario_dict(0), "tables.activity", {"source": "illustrative", **entries})


def problems(raw: dict) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        sio.validate_dict(raw)
    return [str(p) for p in info.value.problems]


def test_a_table_that_names_its_unit_holds_raw_figures_and_round_trips() -> None:
    scenario = sio.validate_dict(with_table({"unit": "bn CLP", **ROWS}))
    assert scenario.table("activity") == ROWS
    assert scenario.tables["activity"]["unit"] == "bn CLP"
    assert scenario.table_source("activity") == "illustrative"
    assert sio.loads(sio.dumps(scenario)) == scenario


def test_a_data_table_needs_no_row_per_programme_and_raises_no_warning() -> None:
    scenario = sio.validate_dict(with_table({"unit": "jobs", "p1": {"r0": 5.0}}))
    assert not [w for w in check_warnings(scenario) if w.location.startswith("tables.activity")]


def test_without_a_unit_a_table_must_belong_to_a_criterion() -> None:
    found = problems(with_table(ROWS))
    assert len(found) == 1
    assert found[0].startswith("tables.activity: a table must be 'need' or carry")


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("tables.activity.p0.r9", 1.0, "tables.activity.p0.r9: unknown region 'r9'"),
        ("tables.activity.p7", {"r0": 1.0}, "tables.activity.p7: unknown programme 'p7'"),
        ("tables.activity.p0.r1", -2.0, "tables.activity.p0.r1: must be a finite number, zero"),
        ("tables.activity.p0.r1", "many", "tables.activity.p0.r1: must be a number"),
    ],
)
def test_its_rows_are_programmes_its_columns_regions_its_cells_numbers(
    path: str, value: object, expected: str
) -> None:
    raw = edited(with_table({"unit": "bn CLP", **ROWS}), path, value)
    found = problems(raw)
    assert len(found) == 1 and found[0].startswith(expected), found


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "data table activity (programme by region, in bn CLP): illustrative (no source)"),
        (
            "es",
            "tabla de datos activity (programa por región, en bn CLP): ilustrativo (sin fuente)",
        ),
    ],
)
def test_show_names_a_data_table_with_its_unit(lang: str, line: str) -> None:
    scenario = sio.validate_dict(with_table({"unit": "bn CLP", **ROWS}))
    text = describe(scenario, lang)
    assert line in text
    assert text.count("need of each programme") + text.count("necesidad de cada") == 1


NAMED = {"name": "Activity", "names": {"es": "Actividad por región"}}


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "data table Activity (programme by region, in bn CLP)"),
        ("es", "tabla de datos Actividad por región (programa por región, en bn CLP)"),
    ],
)
def test_a_named_table_is_shown_by_its_name_in_each_language(lang: str, line: str) -> None:
    scenario = sio.validate_dict(with_table({"unit": "bn CLP", **NAMED, **ROWS}))
    assert scenario.table("activity") == ROWS  # the name is not a row
    assert line in describe(scenario, lang)
    assert sio.loads(sio.dumps(scenario)) == scenario


def test_a_table_without_a_name_is_called_by_its_criterion_else_its_id() -> None:
    scenario = sio.validate_dict(with_table({"unit": "bn CLP", **ROWS}))
    assert scenario.table_name("activity", "es") == "activity"
    criterion = next(c for c in scenario.criteria if c.id in scenario.tables)
    assert scenario.table_name(criterion.id, "es") == (criterion.names.get("es") or criterion.name)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("tables.activity.names", {"es": 3}, "tables.activity.names: must give the table's name"),
        ("tables.activity.names", "Actividad", "tables.activity.names: must give the table's"),
        ("tables.activity.name", 5, "tables.activity.name: must be a row of numbers (or the"),
    ],
)
def test_a_table_name_that_is_not_a_text_is_located(path: str, value: object, expected) -> None:
    raw = edited(with_table({"unit": "bn CLP", **NAMED, **ROWS}), path, value)
    found = problems(raw)
    assert len(found) == 1 and found[0].startswith(expected), found


IN_SPANISH = {"units": {"es": "miles de millones de CLP"}, "notes": {"es": "Cifras de prueba."}}


@pytest.mark.parametrize(
    ("lang", "line", "note"),
    [
        ("en", "data table activity (programme by region, in bn CLP)", "Test figures."),
        (
            "es",
            "tabla de datos activity (programa por región, en miles de millones de CLP)",
            "Cifras de prueba.",
        ),
    ],
)
def test_a_tables_unit_and_note_are_given_in_each_language(lang: str, line: str, note: str) -> None:
    """A language the maps leave out (here English) gets the `unit` and `note` written."""
    entries = {"unit": "bn CLP", "note": "Test figures.", **IN_SPANISH, **ROWS}
    scenario = sio.validate_dict(with_table(entries))
    assert scenario.table("activity") == ROWS  # the units and notes are not rows
    assert scenario.table_text("activity", "unit", lang) in line
    assert scenario.table_text("activity", "note", lang) == note
    assert line in describe(scenario, lang)
    assert sio.loads(sio.dumps(scenario)) == scenario


def test_a_table_without_a_unit_or_note_has_none_in_any_language() -> None:
    scenario = sio.validate_dict(with_table({"unit": "bn CLP", **ROWS}))
    assert scenario.table_text("activity", "note", "es") is None
    assert scenario.table_text("need", "unit", "es") is None
    assert scenario.table_text("activity", "unit", "fr") == "bn CLP"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("tables.activity.units", {"es": 3}, "tables.activity.units: must give the unit of the"),
        ("tables.activity.units", "miles", "tables.activity.units: must give the unit of the"),
        ("tables.activity.notes", {"es": ""}, "tables.activity.notes: must give the table's note"),
        ("tables.activity.notes", ["nota"], "tables.activity.notes: must give the table's note"),
        ("tables.activity.note", {"es": "x"}, "tables.activity.note: must be a row of numbers (or"),
    ],
)
def test_a_tables_units_or_notes_that_are_not_texts_are_located(
    path: str, value: object, expected: str
) -> None:
    raw = edited(with_table({"unit": "bn CLP", "note": "n", **IN_SPANISH, **ROWS}), path, value)
    found = problems(raw)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_wrong_units_map_is_told_in_the_readers_language() -> None:
    raw = edited(with_table({"unit": "bn CLP", **ROWS}), "tables.activity.units", {"es": 3})
    with pytest.raises(ScenarioError) as info:
        sio.validate_dict(raw)
    (problem,) = info.value.problems
    assert problem.line("es").startswith("tables.activity.units: debe dar la unidad de las cifras")


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("es", "tabla PIB regional por actividad, 2017"),
        ("en", "table Regional GDP by activity, 2017"),
    ],
)
def test_the_reports_cite_the_shipped_data_table_by_its_name(lang: str, phrase: str) -> None:
    """The default scenario's sources list what cites them: the activity table by its name."""
    shipped = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
    cited = citations(sio.load(shipped), lang)
    phrases = [phrase for found in cited.values() for phrase in found]
    assert phrase in phrases
    assert not [p for p in phrases if "activity" in p.split()]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "ilustrativo (sin fuente), salvo estas filas, que tienen fuente propia:"),
        ("en", "illustrative (no source), except these rows, which have a source of their own:"),
    ],
)
def test_show_says_a_tables_source_is_not_that_of_the_rows_with_their_own(
    lang: str, said: str
) -> None:
    """The default scenario's specialisation table is illustrative but for six sourced rows:
    `show` no longer calls the whole table illustrative and then lists sources."""
    shipped = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
    lines = describe(sio.load(shipped), lang).splitlines()
    (head,) = [i for i, line in enumerate(lines) if line.endswith(said)]
    rows = lines[head + 1 : head + 7]
    assert all(line.startswith("    ") and ": " in line for line in rows)


def test_sources_are_named_in_the_readers_language_where_the_file_gives_it() -> None:
    shipped = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
    scenario = sio.load(shipped)
    spanish, english = describe(scenario, "es"), describe(scenario, "en")
    assert "PIB regional a precios corrientes (referencia 2018)" in spanish
    assert "regional GDP at current prices" not in spanish
    assert "regional GDP at current prices (reference 2018)" in english
    census = next(s for s in scenario.sources if s.id == "ine-censo-2017")
    assert census.title_in("es") == census.title_in("en") == census.title  # one title for both
    raw = edited(
        with_table({"unit": "bn CLP", **ROWS}),
        "sources",
        [{"id": "own", "title": "Own table", "titles": {"es": "Tabla propia"}, "note": "n"}],
    )
    raw["tables"]["activity"]["source"] = "own"
    own = sio.validate_dict(raw)
    assert "Tabla propia" in describe(own, "es") and "Own table" in describe(own, "en")
    assert sio.loads(sio.dumps(own)) == own
