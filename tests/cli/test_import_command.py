"""`prioritise import`: a spreadsheet into a scenario file, all or nothing, every problem at
its sheet, row and column; and the template to fill in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from prioritise.cli import main
from prioritise.scenario import Scenario, load, save, to_dict, validate_dict
from prioritise.text import name_of
from tests.initiative_factories import initiative_scenario
from tests.scenario.sheet_helpers import base_header, csv_rows, good_row, sheet_bytes


def output(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.toml"
    save(initiative_scenario(5, 3, dependencies=False), path)
    return path


def _bad_sheet(path: Path, kind: str, years: list[int]) -> Path:
    scenario = load(path)
    header = base_header(scenario)
    rows = [
        good_row(scenario, "hub", "centre"),
        good_row(scenario, "centre", "hub"),
        good_row(scenario, "port", "harbour"),
    ]
    rows[2][header.index(f"cost_{years[0]}")] = "abc"
    target = path.parent / f"proposals.{kind}"
    target.write_bytes(sheet_bytes(kind, header, rows))
    return target


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_three_problems_refused_and_the_scenario_unchanged(capsys, scenario_file, kind):
    before = scenario_file.read_bytes()
    years = load(scenario_file).years
    sheet = _bad_sheet(scenario_file, kind, years)
    code, out, err = output(capsys, "import", str(sheet), "--into", str(scenario_file), "--json")
    assert code == 2 and err == ""
    found = json.loads(out)
    assert found["ok"] is False
    place = "Initiatives" if kind == "xlsx" else "proposals.csv"
    assert [(p["sheet"], p["row"], p["column"]) for p in found["problems"]] == [
        (place, 2, "requires"),
        (place, 4, f"cost_{years[0]}"),
        (place, 4, "requires"),
    ]
    assert "harbour" in found["problems"][2]["message"]
    code, out, err = output(capsys, "import", str(sheet), "--into", str(scenario_file))
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 3
    assert lines[1].startswith(f"{place}, row 4, column cost_{years[0]}: must be a number")
    assert scenario_file.read_bytes() == before
    assert sorted(p.name for p in scenario_file.parent.iterdir()) == sorted(
        ["scenario.toml", sheet.name]
    )  # no temporary file left behind


def test_spanish_lines_follow_the_language(capsys, scenario_file):
    sheet = _bad_sheet(scenario_file, "csv", load(scenario_file).years)
    code, _, err = output(
        capsys, "--lang", "es", "import", str(sheet), "--into", str(scenario_file)
    )
    assert code == 2 and "proposals.csv, fila 4, columna cost_" in err


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_template_filled_and_imported(capsys, scenario_file, kind):
    template = scenario_file.parent / f"template.{kind}"
    code, out, _ = output(
        capsys, "import", "--template", str(template), "--scenario", str(scenario_file)
    )
    assert code == 0 and str(template) in out
    scenario = load(scenario_file)
    header = base_header(scenario)
    rows = [good_row(scenario, "hub"), good_row(scenario, "centre", "hub")]
    if kind == "csv":
        full = csv_rows(template.read_bytes())[0]
        table = [dict(zip(header, r, strict=True)) for r in rows]
        template.write_bytes(sheet_bytes("csv", full, [[t.get(h) for h in full] for t in table]))
    else:
        book = openpyxl.load_workbook(template)
        sheet = book.worksheets[0]
        full = [c.value for c in sheet[1]]
        for row in rows:
            sheet.append([dict(zip(header, row, strict=True)).get(h) for h in full])
        book.save(template)
    code, out, err = output(capsys, "import", str(template), "--into", str(scenario_file), "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "ok": True,
        "initiatives": 2,
        "file": str(scenario_file),
        "whole_budget_to_initiatives": False,  # the scenario had initiatives already
        "dropped_from_pools": [],
    }
    after = load(scenario_file)
    assert [i.id for i in after.initiatives] == ["hub", "centre"]
    assert after.initiatives[1].requires == ["hub"]
    code, _, _ = output(capsys, "validate", str(scenario_file))
    assert code == 0


def test_template_columns_follow_the_scenario(capsys, scenario_file):
    target = scenario_file.parent / "t.csv"
    output(capsys, "import", "--template", str(target), "--scenario", str(scenario_file), "--json")
    header = csv_rows(target.read_bytes())[0]
    scenario = load(scenario_file)
    assert [h for h in header if h.startswith("cost_")] == [f"cost_{y}" for y in scenario.years]
    assert [h for h in header if h.startswith("score_")] == [
        f"score_{c.id}" for c in scenario.criteria_at("initiative")
    ]


def test_a_scenario_that_does_not_load_is_reported_in_json(capsys, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "prioritise-scenario/1"\n')
    sheet = tmp_path / "p.csv"
    sheet.write_text("id,name_en\na,A\n")
    code, out, _ = output(capsys, "import", str(sheet), "--into", str(broken), "--json")
    found = json.loads(out)
    assert code == 2 and found["ok"] is False and found["problems"]
    assert all(p["sheet"] is None and "broken.toml" in p["message"] for p in found["problems"])
    assert broken.read_text() == 'format = "prioritise-scenario/1"\n'


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "p.csv"],
        ["import", "--template", "t.ods"],
        ["import", "p.txt", "--into", "s.toml"],
    ],
)
def test_usage_mistakes_exit_2(capsys, argv):
    code, out, err = output(capsys, *argv)
    assert code == 2 and out == "" and err.startswith("prioritise import: ")


@pytest.mark.parametrize(
    ("argv", "option", "words"),
    [
        (["--template", "t.xlsx", "--drop-from-pools"], "--drop-from-pools", "no hace nada"),
        (["p.xlsx", "--into", "s.toml", "--filled"], "--filled", "va con --template"),
        (["p.xlsx", "--into", "s.toml", "--scenario", "x.toml"], "--scenario", "va con"),
    ],
)
def test_an_option_of_the_other_way_is_refused_not_ignored(
    capsys, tmp_path, monkeypatch, argv, option, words
):
    """`--drop-from-pools` does nothing to a template, `--filled` and `--scenario` nothing to
    an import: the command says so, in the reader's language, and writes no file."""
    monkeypatch.chdir(tmp_path)
    code, out, err = output(capsys, "import", *argv, "--lang", "es")
    assert code == 2 and out == ""
    assert err.startswith(f"prioritise import: {option}") and words in err
    assert list(tmp_path.iterdir()) == []
    code, out, err = output(capsys, "import", *argv, "--lang", "en", "--json")
    (error,) = json.loads(out)["errors"]
    assert code == 2 and error["message"].startswith(option) and "Traceback" not in err
    assert "template" in error["message"] or "importing" in error["message"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_usage_mistake_speaks_the_language_of_the_scenario_named(
    capsys, tmp_path, monkeypatch, lang
):
    """Without --lang, a mistake found before any scenario is read is said in the language of
    the scenario the command names, as the rest of the command would speak, not the
    terminal's."""
    monkeypatch.setenv("LANG", "en_GB.UTF-8" if lang == "es" else "es_CL.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "escenario.toml"
    scenario = initiative_scenario(5, 3, dependencies=False)
    save(
        scenario.model_copy(
            update={"scenario": scenario.scenario.model_copy(update={"language": lang})}
        ),
        path,
    )
    words = {"es": "va con --template", "en": "goes with --template"}[lang]
    code, out, err = output(capsys, "import", "p.xlsx", "--into", str(path), "--filled")
    assert code == 2 and out == "" and words in err
    refused = {"es": "no hace nada", "en": "does nothing"}[lang]
    code, out, err = output(
        capsys, "import", "--template", "t.csv", "--drop-from-pools", "--scenario", str(path)
    )
    assert code == 2 and refused in err


def test_filled_template_round_trips_through_the_command_line(capsys, scenario_file):
    before = load(scenario_file)
    target = scenario_file.parent / "current.xlsx"
    argv = ["import", "--template", str(target), "--scenario", str(scenario_file), "--filled"]
    assert output(capsys, *argv)[0] == 0
    book = openpyxl.load_workbook(target)
    assert book.worksheets[0].max_row == 1 + len(before.initiatives)
    code, _, err = output(capsys, "import", str(target), "--into", str(scenario_file))
    assert code == 0, err
    after = load(scenario_file)
    assert [i.model_dump() for i in after.initiatives] == [
        i.model_dump() for i in before.initiatives
    ]


def test_a_missing_spreadsheet_is_named(capsys, scenario_file):
    before = scenario_file.read_bytes()
    missing = scenario_file.parent / "nothere.csv"
    code, out, _ = output(capsys, "import", str(missing), "--into", str(scenario_file), "--json")
    assert code == 2
    assert json.loads(out)["problems"] == [
        {"sheet": "nothere.csv", "row": None, "column": None, "message": "the file does not exist"}
    ]
    assert scenario_file.read_bytes() == before


SHIPPED = Path(__file__).parents[2] / "scenarios" / "chile_transforma_initiatives_2017.toml"


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_shipped_initiatives_round_trip_with_their_descriptions(capsys, tmp_path, kind):
    """Every initiative of the shipped scenario comes back as it was, descriptions included."""
    scenario_file = tmp_path / "iniciativas.toml"
    scenario_file.write_bytes(SHIPPED.read_bytes())
    before = load(scenario_file)
    assert sum(1 for i in before.initiatives if i.description) >= 30
    target = tmp_path / f"current.{kind}"
    argv = ["import", "--template", str(target), "--scenario", str(scenario_file), "--filled"]
    assert output(capsys, *argv)[0] == 0
    code, _, err = output(capsys, "import", str(target), "--into", str(scenario_file))
    assert code == 0, err
    after = load(scenario_file)

    def shown(scenario: Scenario) -> list[dict]:
        """Each initiative as it reads in either language (a name may move to `names`)."""
        return [
            {
                **i.model_dump(exclude={"name", "names"}),
                **{lang: name_of(i, lang) for lang in ("es", "en")},
            }
            for i in scenario.initiatives
        ]

    assert shown(after) == shown(before)


def test_a_sheet_without_descriptions_keeps_those_of_the_file(capsys, tmp_path):
    """A sheet made before the column existed does not wipe the descriptions out."""
    scenario_file = tmp_path / "iniciativas.toml"
    scenario_file.write_bytes(SHIPPED.read_bytes())
    before = {i.id: i.description for i in load(scenario_file).initiatives}
    filled = tmp_path / "current.csv"
    argv = ["import", "--template", str(filled), "--scenario", str(scenario_file), "--filled"]
    assert output(capsys, *argv)[0] == 0
    rows = csv_rows(filled.read_bytes())
    drop = rows[0].index("description")
    older = tmp_path / "older.csv"
    with older.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[:drop] + r[drop + 1 :] for r in rows])
    code, _, err = output(capsys, "import", str(older), "--into", str(scenario_file))
    assert code == 0, err
    assert {i.id: i.description for i in load(scenario_file).initiatives} == before


def test_drop_from_pools_takes_a_lost_initiative_out_of_its_pool_and_says_so(capsys, tmp_path):
    scenario_file = tmp_path / "iniciativas.toml"
    scenario_file.write_bytes(SHIPPED.read_bytes())
    sheet = tmp_path / "sin_pcs.csv"
    argv = ["import", "--template", str(sheet), "--scenario", str(scenario_file), "--filled"]
    assert output(capsys, *argv)[0] == 0
    lines = sheet.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("port_community_system;")]
    assert len(kept) == len(lines) - 1
    sheet.write_bytes("".join(kept).encode("utf-8-sig"))
    before = scenario_file.read_bytes()
    code, out, err = output(capsys, "import", str(sheet), "--into", str(scenario_file))
    assert code == 2 and err.endswith(
        "Para quitarlas de las listas de los fondos, ejecute el mismo comando con "
        "--drop-from-pools.\n"
    )
    assert scenario_file.read_bytes() == before
    code, out, _ = output(capsys, "import", str(sheet), "--into", str(scenario_file), "--json")
    assert code == 2 and "drop-from-pools" not in out  # one object: the problems alone
    assert scenario_file.read_bytes() == before
    said = (
        "El fondo «Fondo de Modernización Portuaria» ya no incluye la iniciativa «Port "
        "Community System (sistema de comunidad portuaria), Valparaíso», que la planilla no trae."
    )
    argv = ["import", str(sheet), "--into", str(scenario_file), "--drop-from-pools"]
    code, out, err = output(capsys, *argv)
    assert code == 0, err
    assert out.splitlines()[1:] == [said]
    pool = next(p for p in load(scenario_file).pools if p.id == "port_modernisation")
    assert "port_community_system" not in pool.initiatives
    scenario_file.write_bytes(before)
    code, out, err = output(capsys, *argv, "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found["initiatives"] == len(load(SHIPPED).initiatives) - 1
    assert found["dropped_from_pools"] == [
        {"pool": "port_modernisation", "initiative": "port_community_system", "message": said}
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_first_import_says_the_whole_budget_now_goes_to_initiatives(
    capsys, tmp_path: Path, lang: str
) -> None:
    """A scenario with no initiatives and no share for them: after the import nothing is left
    for lines, and the command says so, with what to write to keep some."""
    path = tmp_path / "lines_only.toml"
    scenario = initiative_scenario(5, 3, dependencies=False)
    save(validate_dict(to_dict(scenario) | {"initiatives": [], "pools": []}), path)
    header = base_header(scenario)
    sheet = tmp_path / "proposals.csv"
    sheet.write_bytes(sheet_bytes("csv", header, [good_row(scenario, "hub")]))
    code, out, err = output(capsys, "--lang", lang, "import", str(sheet), "--into", str(path))
    assert code == 0, err
    said = {
        "en": "The scenario had no initiatives, so the whole budget (30.00 M USD) now goes to them",
        "es": "El escenario no tenía iniciativas, así que ahora todo el presupuesto (30,00 MM USD)",
    }
    assert said[lang] in out and "initiatives_share = 0.25" in out
    assert load(path).initiatives_share == 1.0
    code, out, _ = output(capsys, "import", str(sheet), "--into", str(path), "--json")
    assert json.loads(out)["whole_budget_to_initiatives"] is False  # not the first any more
