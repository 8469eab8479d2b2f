"""`prioritise validate`: warnings beside errors, `--strict` and `--json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prioritise.cli import main

ROOT = Path(__file__).parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
GAP = "tourism = { north = 0.8, centre = 0.9 }"
SAID = (
    "Tourism has no value of Regional specialisation (location quotient) for South: it counts "
    "as 0, the lowest possible, so South comes last for Tourism on this criterion. Give a "
    "value, 0 if there truly is none"
)
ROW = "tourism = { north = 0.8, centre = 0.9, south = 1.8 }"
ROW_LINE = TUTORIAL.read_text(encoding="utf-8").split("\n").index(ROW) + 1
"""The line of Tourism's specialisation row: where the warning's path points."""
WARNING = f"tables.specialisation.tourism.south (line {ROW_LINE}): warning: {SAID}"


def line_with(path: Path, words: str) -> int:
    """The first line of the file at `path` that holds `words`, counted from 1."""
    rows = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, row in enumerate(rows, 1) if words in row)


def output(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def gap(tmp_path: Path) -> Path:
    """The tutorial with South's cell left out of Tourism's specialisation row."""
    text = TUTORIAL.read_text(encoding="utf-8")
    assert ROW in text
    path = tmp_path / "gap.toml"
    path.write_text(text.replace(ROW, GAP))
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    text = TUTORIAL.read_text(encoding="utf-8").replace("total = 30.0", "total = inf")
    path.write_text(text, encoding="utf-8")
    return path


def test_a_warning_is_a_located_line_and_the_file_still_passes(
    capsys: pytest.CaptureFixture[str], gap: Path
) -> None:
    code, out, err = output(capsys, "validate", str(gap))
    assert code == 0
    assert err == f"{gap}: {WARNING}\n"
    assert out == f"{gap}: ok, with 1 warning\n"


def test_warnings_speak_the_language(capsys: pytest.CaptureFixture[str], gap: Path) -> None:
    code, out, err = output(capsys, "--lang", "es", "validate", str(gap))
    assert code == 0
    place = f"tables.specialisation.tourism.south (línea {ROW_LINE})"
    assert err.startswith(f"{gap}: {place}: advertencia: Turismo ")
    assert "Sur" in err and "south" not in err.split("advertencia:")[1]
    assert out == f"{gap}: válido, con 1 advertencia\n"


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], gap: Path) -> None:
    code, out, err = output(capsys, "validate", "--strict", str(gap), str(TUTORIAL))
    assert code == 2
    assert WARNING in err
    assert out == f"{TUTORIAL}: ok\n"  # the clean file still says so; the other does not
    assert err.endswith(f"{gap}: not valid with --strict: 1 warning counts as an error\n")
    assert output(capsys, "validate", "--strict", str(TUTORIAL))[0] == 0
    code, _, err = output(capsys, "--lang", "es", "validate", "--strict", str(gap))
    assert code == 2
    assert err.endswith(f"{gap}: no es válido con --strict: 1 advertencia cuenta como error\n")


def test_quiet_keeps_the_warnings(capsys: pytest.CaptureFixture[str], gap: Path) -> None:
    code, out, err = output(capsys, "validate", "-q", str(gap))
    assert (code, out) == (0, "")
    assert WARNING in err


def test_json_is_one_object_with_errors_and_warnings(
    capsys: pytest.CaptureFixture[str], gap: Path, broken: Path
) -> None:
    code, out, err = output(capsys, "validate", "--json", str(gap), str(broken), str(TUTORIAL))
    assert (code, err) == (2, "")
    payload = json.loads(out)
    assert set(payload) == {"valid", "errors", "warnings"}
    assert payload["valid"] is False
    [warning] = payload["warnings"]
    assert warning == {
        "file": str(gap),
        "location": "tables.specialisation.tourism.south",
        "line": ROW_LINE,
        "id": "scenario.warning.cell_missing_max",
        "message": SAID,
    }
    [error] = payload["errors"]
    assert error == {
        "file": str(broken),
        "location": "budget.total",
        "line": line_with(broken, "total = inf"),
        "id": "scenario.value.finite_number",
        "message": "must be a finite number",
    }


def test_json_of_valid_files(capsys: pytest.CaptureFixture[str], gap: Path) -> None:
    code, out, _ = output(capsys, "validate", "--json", str(TUTORIAL))
    assert code == 0
    assert json.loads(out) == {"valid": True, "errors": [], "warnings": []}
    code, out, _ = output(capsys, "validate", "--json", "--strict", str(gap))
    assert code == 2
    payload = json.loads(out)
    assert payload["valid"] is False and payload["errors"] == [] and len(payload["warnings"]) == 1
    code, out, _ = output(capsys, "--lang", "es", "validate", "--json", str(gap))
    assert json.loads(out)["warnings"][0]["message"].startswith("Turismo no tiene valor")


@pytest.mark.parametrize("command", ["score", "optimise"])
def test_the_analysis_commands_say_the_warnings_too(
    capsys: pytest.CaptureFixture[str], gap: Path, command: str
) -> None:
    """Someone who skips `validate` still learns what a missing cell does, on stderr."""
    code, _, err = output(capsys, command, str(gap))
    assert code == 0 and f"{gap}: {WARNING}" in err.splitlines()


@pytest.fixture
def contradiction(tmp_path: Path) -> Path:
    """The default Chile scenario allowed 10 funded lines, where its floors need 32."""
    text = (ROOT / "scenarios" / "chile_transforma_2017.toml").read_text(encoding="utf-8")
    changed = text.replace("\nmax_lines = 150 ", "\nmax_lines = 10 ")
    assert changed != text
    path = tmp_path / "diez.toml"
    path.write_text(changed, encoding="utf-8")
    return path


def test_validate_warns_of_rules_that_cannot_all_hold(
    capsys: pytest.CaptureFixture[str], contradiction: Path
) -> None:
    """A valid file whose rules have no split: `validate` says so before `optimise` does."""
    code, out, err = output(capsys, "validate", str(contradiction))
    assert code == 0 and "1 advertencia" in out
    said = "requieren al menos 32 líneas financiadas, pero se permiten como máximo 10"
    place = f"constraints (línea {line_with(contradiction, '[constraints]')})"
    assert f"{contradiction}: {place}: advertencia: Los pisos" in err and said in err
    assert output(capsys, "validate", "--strict", str(contradiction))[0] == 2
    code, out, _ = output(capsys, "validate", "--json", str(contradiction))
    found = json.loads(out)
    assert found["valid"] and [w["id"] for w in found["warnings"]] == ["allocate.check.max_lines"]
    code, out, _ = output(capsys, "optimise", str(contradiction), "--json")
    assert code == 1 and said in out  # what optimise then refuses


@pytest.mark.parametrize("command", ["score", "optimise"])
def test_the_other_commands_say_a_tables_gap_also_with_json(
    capsys: pytest.CaptureFixture[str], gap: Path, command: str
) -> None:
    """A gap in a table counts as 0: with `--json` the command's one object stays alone on
    standard output and the warning still goes to standard error, as without it."""
    extra = ["--price-seconds", "0"] if command == "optimise" else []
    code, out, err = output(capsys, command, str(gap), "--json", *extra)
    assert code == 0 and isinstance(json.loads(out), dict)
    assert err == f"{gap}: {WARNING}\n"
    code, _, plain = output(capsys, command, str(gap), *extra)
    assert code == 0 and plain == err


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "tables.specialisation.mining.tarapaca (línea {line}; y 16 lugares más): región "
            "desconocida "
            "'tarapaca' (¿quiso decir 'arica'?)",
        ),
        (
            "en",
            "tables.specialisation.mining.tarapaca (line {line}; and 16 more places): unknown "
            "region "
            "'tarapaca' (did you mean 'arica'?)",
        ),
    ],
)
def test_a_problem_met_in_many_places_is_said_once_with_their_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, said: str
) -> None:
    """A region id typed twice leaves the other region's 17 table cells unknown: 18 lines once
    buried the one that explains them. `--json` still lists every place."""
    text = (ROOT / "scenarios" / "chile_transforma_2017.toml").read_text(encoding="utf-8")
    assert text.count('id = "tarapaca"') == 1
    path = tmp_path / "twice.toml"
    path.write_text(text.replace('id = "tarapaca"', 'id = "arica"'), encoding="utf-8")
    code, out, err = output(capsys, "--lang", lang, "validate", str(path))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2, err
    # the first place: mining's row of the specialisation table, after its header
    rows = text.split("\n")
    header = rows.index("[tables.specialisation]")
    line = next(n for n, row in enumerate(rows[header:], header + 1) if row.startswith("mining"))
    assert "'arica'" in lines[0] and lines[1] == f"{path}: {said.format(line=line)}"
    code, out, _ = output(capsys, "validate", "--json", str(path))
    errors = json.loads(out)["errors"]
    assert len(errors) == 18
    assert sum(e["location"].endswith(".tarapaca") for e in errors) == 17
