"""Scenario problems, summaries and the time zone: messages in either language, same places."""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path

import pytest

from prioritise import scenario as sio
from prioritise.scenario import ScenarioError, constraint_lines, describe, load, validate_dict
from prioritise.text import LocalizedError
from tests.factories import scenario_dict

ROOT = Path(__file__).parents[2]
CHILE = ROOT / "scenarios" / "chile_transforma_2017.toml"
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"


def raw(path: Path = TUTORIAL) -> dict:
    return sio.to_dict(load(path))


def caught(document: dict) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        sio.validate_dict(document, "file.toml")
    return info.value


@pytest.mark.parametrize(
    ("given", "english", "spanish"),
    [
        (35, "0.35 for 35%", "0.35 para 35\xa0%"),
        (12.5, "0.125 for 12.5%", "0.125 para 12,5\xa0%"),  # the file takes 0.125
        (100, "1 for 100%", "1 para 100\xa0%"),
    ],
)
def test_a_share_written_as_a_percentage_is_told_how_to_write_it(
    given: float, english: str, spanish: str
) -> None:
    document = raw()
    document["constraints"]["min_region_share"] = given
    error = caught(document)
    said = {lang: "\n".join(error.lines(lang)) for lang in ("en", "es")}
    assert f"in the file a share is written as a fraction of 1: {english}" in said["en"]
    assert (
        f"una proporción se escribe como fracción de 1, con punto decimal: {spanish}" in said["es"]
    )


@pytest.mark.parametrize("given", [100.5, 1000, -3])
def test_a_number_no_percentage_explains_gets_no_such_hint(given: float) -> None:
    document = raw()
    document["constraints"]["min_region_share"] = given
    said = "\n".join(caught(document).lines("en"))
    assert "fraction" not in said


def test_problems_render_in_both_languages_at_the_same_places() -> None:
    document = raw()
    document["budget"]["per_year"] = [10.0, 10.0]
    document["constraints"]["min_region_share"] = 1.5
    document["scenario"]["languge"] = "es"
    error = caught(document)
    english, spanish = error.lines("en"), error.lines("es")
    assert [line.split(": ")[1] for line in english] == [line.split(": ")[1] for line in spanish]
    assert "file.toml: budget.per_year: adds up to 20 M USD, not the total 30 M USD" in english
    assert "file.toml: budget.per_year: suma 20 MM USD, no el total 30 MM USD" in spanish
    assert any("debe ser menor o igual a 1 (se recibió 1,5)" in line for line in spanish)
    assert any("clave desconocida 'languge' (¿quiso decir 'language'?)" in line for line in spanish)
    assert error.lines() == english and str(error) == "\n".join(english)
    assert error.text("es") == "\n".join(spanish)


def test_scenario_errors_are_localized_and_picklable() -> None:
    document = raw()
    document["budget"]["total"] = -1.0
    error = caught(document)
    assert isinstance(error, LocalizedError) and isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert again.lines("es") == error.lines("es") and again.origin == "file.toml"


def test_percentages_in_problems_follow_the_language() -> None:
    document = raw()
    document["constraints"]["region_share"] = {"north": {"min": 0.6}, "south": {"min": 0.6}}
    error = caught(document)
    assert any(re.search(r"add up to 1\d0\.0%, more", line) for line in error.lines("en"))
    assert any(re.search(r"suman 1\d0,0\u00a0%, más", line) for line in error.lines("es"))


def test_spend_all_is_described_in_words() -> None:
    document = raw()
    document["constraints"]["spend_all"] = True
    document["constraints"]["max_programme_share"] = 0.2
    text = "\n".join(caught(document).lines("en") + caught(document).lines("es"))
    assert "spend_all" not in text.split(": ", 2)[-1]
    assert "must all be spent" in text and "debe gastarse completo" in text


def test_timezone_defaults_to_santiago_and_is_checked() -> None:
    assert load(TUTORIAL).scenario.timezone == "America/Santiago"
    assert load(CHILE).scenario.timezone == "America/Santiago"
    document = raw()
    document["scenario"]["timezone"] = "America/Lima"
    lima = sio.validate_dict(document)
    assert lima.scenario.timezone == "America/Lima"
    assert 'timezone = "America/Lima"' in sio.dumps(lima)
    assert "timezone" not in sio.dumps(load(TUTORIAL))  # the default is not written
    wrong = copy.deepcopy(document)
    wrong["scenario"]["timezone"] = "Mars/Base"
    lines = caught(wrong).lines("es")
    assert any(
        line.startswith("file.toml: scenario.timezone: 'Mars/Base' no es una zona horaria")
        for line in lines
    ), lines


ENGLISH_WORDS = (" the ", " and ", " with ", "Budget", "Regions", "Constraints", "every ")
SPANISH_WORDS = (" el ", " los ", "Presupuesto", "Regiones", "Restricciones", "cada ")


def test_summary_in_each_language() -> None:
    scenario = load(TUTORIAL)
    scenario = scenario.model_copy(update={"description": ""})
    meta = scenario.scenario.model_copy(update={"description": ""})
    scenario = scenario.model_copy(update={"scenario": meta})
    spanish, english = describe(scenario, "es"), describe(scenario, "en")
    assert not [w for w in ENGLISH_WORDS if w in spanish.replace(scenario.scenario.name, "")]
    assert not [w for w in SPANISH_WORDS if w in english]
    assert "Presupuesto: 30,0 MM USD" in spanish and "Budget: 30.0 M USD" in english
    assert "cada región a lo menos el 10,0\u00a0% del presupuesto" in constraint_lines(
        scenario, "es"
    )
    assert "every region at least 10.0% of the budget" in constraint_lines(scenario, "en")
    assert describe(scenario) == english  # the tutorial is an English scenario


def test_a_place_in_the_text_reads_in_the_readers_language() -> None:
    with pytest.raises(ScenarioError) as caught:
        sio.loads('format = "prioritise-scenario/1"\nname "x"\n')
    (problem,) = caught.value.problems
    assert problem.location == "line 2, column 6"  # `--json` keeps the plain place
    assert problem.line("es").startswith("línea 2, columna 6: ")
    assert problem.line("en").startswith("line 2, column 6: ")
    assert sio.location_text("budget.total", "es") == "budget.total"  # a field path as written


@pytest.mark.parametrize(
    ("location", "english", "spanish"),
    [
        (
            "stakeholders[1].influence",
            "stakeholders no. 2, influence",
            "stakeholders n.º 2, influence",
        ),
        ("regions[0]", "regions no. 1", "regions n.º 1"),
        (
            "stakeholders[2].pairwise.criteria.matrix[0][1]",
            "stakeholders no. 3, pairwise.criteria.matrix row 1, column 2",
            "stakeholders n.º 3, pairwise.criteria.matrix fila 1, columna 2",
        ),
        (
            "initiatives[4].requires[0]",
            "initiatives no. 5, requires no. 1",
            "initiatives n.º 5, requires n.º 1",
        ),
    ],
)
def test_a_field_path_counts_its_entries_from_one_as_a_reader_does(
    location: str, english: str, spanish: str
) -> None:
    assert sio.location_text(location, "en") == english
    assert sio.location_text(location, "es") == spanish


def test_the_second_stakeholder_is_number_two_on_screen_and_one_in_json() -> None:
    raw = scenario_dict(0)
    raw["stakeholders"][1]["influence"] = -1.0
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    (problem,) = caught.value.problems
    assert problem.location == "stakeholders[1].influence"  # `--json`: the path as code reads it
    ident = raw["stakeholders"][1]["id"]
    assert problem.line("en").startswith(f'stakeholders no. 2 (id = "{ident}"), influence: ')
    assert problem.line("es").startswith(f'stakeholders n.º 2 (id = "{ident}"), influence: ')
    assert ident != raw["stakeholders"][0]["id"]


@pytest.mark.parametrize(
    ("location", "ids", "english"),
    [
        ("regions[1].population", ("tarapaca",), 'regions no. 2 (id = "tarapaca"), population'),
        ("regions[1].population", (None,), "regions no. 2, population"),
        (
            "initiatives[4].requires[0]",
            ("lab", None),
            'initiatives no. 5 (id = "lab"), requires no. 1',
        ),
        (
            "stakeholders[2].pairwise.criteria.matrix[0][1]",
            ("ana", None, None),
            'stakeholders no. 3 (id = "ana"), pairwise.criteria.matrix row 1, column 2',
        ),
    ],
)
def test_an_entry_is_named_by_the_id_the_file_gives_it(
    location: str, ids: tuple[str | None, ...], english: str
) -> None:
    assert sio.location_text(location, "en", ids) == english


def test_the_ids_are_read_off_the_file_s_own_data() -> None:
    raw = {
        "regions": [{"id": "arica"}, {"id": "tarapaca", "population": -5}],
        "initiatives": [{"id": "lab", "requires": ["x"]}],
        "stakeholders": [{"id": 7}, {"id": "a" * 61}, {"name": "no id"}, {"id": "bad\nline"}],
    }
    assert sio.entry_ids("regions[1].population", raw) == ("tarapaca",)
    assert sio.entry_ids("initiatives[0].requires[0]", raw) == ("lab", None)
    assert sio.entry_ids("regions[5].population", raw) == (None,)  # past the end
    assert sio.entry_ids("budget.total", raw) == ()
    # not a readable name: a number, too long to search for, missing, a line break
    assert [sio.entry_ids(f"stakeholders[{i}].x", raw) for i in range(4)] == [(None,)] * 4
    assert sio.entry_ids("stakeholders.x[0]", {"stakeholders": [1]}) == (None,)


def test_a_key_outside_every_table_is_placed_in_the_reader_s_language() -> None:
    raw = scenario_dict(0)
    raw["constraint"] = {"spend_all": True}  # a typo of [constraints]
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    (problem,) = caught.value.problems
    assert problem.location == "(top level)"  # `--json` keeps the plain place
    assert problem.line("es").startswith("(primer nivel del archivo): clave desconocida")
    assert "¿quiso decir 'constraints'?" in problem.line("es")
    assert problem.line("en").startswith("(top level): unknown key 'constraint'")
