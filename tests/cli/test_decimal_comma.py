"""Decimal numbers typed the Spanish way (`--budget 150,5`) are read as typed the English way
(`150.5`), in either language; a value that cannot be read is refused in the reader's
language, naming the option and what was typed (exit 2, never a traceback, with `--json`
one JSON object)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from prioritise.cli import arguments, main

ROOT = Path(__file__).parents[2]
CHILE = str(ROOT / "scenarios" / "chile_transforma_2017.toml")
TUTORIAL = str(ROOT / "scenarios" / "tutorial.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("150,5", 150.5),
        ("150.5", 150.5),
        (" 150,5 ", 150.5),
        ("0,001", 0.001),
        ("-0,5", -0.5),
        ("175", 175.0),
        ("1e3", 1000.0),
        (30.0, 30.0),
        ("1,5,0", None),
        ("1,500", None),  # fifteen hundred to one reader, one and a half to another
        ("150,500", None),
        ("-2,000", None),
        ("1.500,5", None),
        ("1,500.5", None),
        ("1.500", None),  # fifteen hundred as Spanish groups it, one and a half in English
        ("-2.000", None),
        ("1.500.000", None),
        ("0.500", 0.5),  # no thousands before a leading zero
        ("1.50", 1.5),
        ("1500.250", 1500.25),
        ("abc", None),
        ("", None),
    ],
)
def test_one_reader_takes_a_decimal_point_or_a_lone_decimal_comma(
    typed: str | float, read: float | None
) -> None:
    assert arguments.read_decimal(typed) == read


def test_every_decimal_option_reads_a_decimal_comma() -> None:
    assert arguments.amount("150,5") == 150.5
    assert arguments.fraction("0,01", "--gap") == 0.01
    below = "cli.usage.time_limit_positive"
    assert arguments.seconds("10,5", "--time-limit", below) == 10.5
    assert arguments.seconds("0,5", "--price-seconds", below, zero=True) == 0.5


@pytest.mark.parametrize(
    ("lang", "scenario", "comma", "point"),
    [("es", CHILE, "150,5", "150.5"), ("en", TUTORIAL, "25,5", "25.5")],
)
def test_a_budget_with_a_decimal_comma_is_the_budget_with_a_point(
    capsys: pytest.CaptureFixture[str], lang: str, scenario: str, comma: str, point: str
) -> None:
    budgets = []
    for typed in (comma, point):
        argv = ["--lang", lang, "optimise", scenario, "--budget", typed, "--json"]
        code, out, err = run(capsys, *argv, "--price-seconds", "0")
        assert code == 0, err
        budgets.append(json.loads(out)["budget"])
    assert budgets[0] == budgets[1] == float(point)


def test_the_other_decimal_options_run_with_a_decimal_comma(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["optimise", TUTORIAL, "--gap", "0,01", "--time-limit", "60,5", "--json"]
    code, out, err = run(capsys, *argv, "--price-seconds", "0,5", "--sensitivity-seconds", "0,0")
    assert code == 0, err
    assert json.loads(out)["status"] == "optimal"


BAD = [
    ("optimise", "--budget", "1,5,0"),
    ("optimise", "--budget", "abc"),
    ("optimise", "--budget", "1.500,5"),
    ("optimise", "--budget", "1.500"),
    ("optimise", "--gap", "0,0,1"),
    ("optimise", "--time-limit", "abc"),
    ("optimise", "--price-seconds", "1,5,0"),
    ("optimise", "--sensitivity-seconds", "abc"),
    ("sensitivity", "--seconds", "1,5,0"),
]
SAID = {
    "en": "{option} must be a number, got '{typed}' (write decimals as 150.5 or 150,5, "
    "without a thousands separator)",
    "es": "{option} debe ser un número; se recibió '{typed}' (escriba los decimales como 150,5 "
    "o 150.5, sin separador de miles)",
}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(("command", "option", "typed"), BAD, ids=[" ".join(b) for b in BAD])
def test_a_number_that_cannot_be_read_is_named_in_the_readers_language(
    capsys: pytest.CaptureFixture[str], lang: str, command: str, option: str, typed: str
) -> None:
    said = SAID[lang].format(option=option, typed=typed)
    code, out, err = run(capsys, "--lang", lang, command, TUTORIAL, option, typed)
    assert (code, out, err) == (2, "", f"prioritise {command}: {said}\n")
    code, out, err = run(capsys, "--lang", lang, command, TUTORIAL, option, typed, "--json")
    assert code == 2 and "Traceback" not in err
    payload = json.loads(out)  # the whole of stdout: one object
    assert payload == {
        "ok": False,
        "errors": [{"location": "", "id": "cli.usage.not_a_number", "message": said}],
    }


@pytest.mark.parametrize("command", ["sweep", "frontier"])
@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        (
            "en",
            "10,abc",
            "--budgets must be numbers separated by commas, with a decimal point "
            "(e.g. 50,175.5,700), or by semicolons, with a decimal comma "
            "(e.g. \"50;175,5;700\"), without a thousands separator, got '10,abc'",
        ),
        (
            "es",
            "150,5;1,500",
            "--budgets debe ser una lista de números separados por comas, con punto decimal "
            "(p. ej. 50,175.5,700), o por punto y coma, con coma decimal "
            "(p. ej. \"50;175,5;700\"), sin separador de miles; se recibió '150,5;1,500'",
        ),
        ("en", "1,5,0", "--budgets must list positive amounts, e.g. 50,175,700, got '1,5,0'"),
        (
            "es",
            "1,5,0",
            "--budgets debe listar montos positivos, por ejemplo 50,175,700; se recibió '1,5,0'",
        ),
    ],
    ids=["en-a-word", "es-a-semicolon", "en-a-zero", "es-a-zero"],
)
def test_a_list_of_budgets_keeps_the_comma_as_separator_and_names_what_was_typed(
    capsys: pytest.CaptureFixture[str], command: str, lang: str, typed: str, said: str
) -> None:
    # frontier needs initiatives; sweep of that scenario would first say it analyses the lines
    initiatives = str(ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml")
    scenario = initiatives if command == "frontier" else TUTORIAL
    code, out, err = run(capsys, "--lang", lang, command, scenario, "--budgets", typed)
    assert (code, out, err) == (2, "", f"prioritise {command}: {said}\n")
    code, out, _ = run(capsys, "--lang", lang, command, scenario, "--budgets", typed, "--json")
    assert code == 2
    (entry,) = json.loads(out)["errors"]
    assert entry["message"] == said


def test_a_list_of_budgets_takes_decimals_with_a_point() -> None:
    assert arguments.budgets_from("50,175.5,700") == [50.0, 175.5, 700.0]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("50;175,5;700", [50.0, 175.5, 700.0]),
        ("150,5;200", [150.5, 200.0]),
        ("150,5;", [150.5]),
        ("50;175.5; 700 ", [50.0, 175.5, 700.0]),
        ("150,5", [150.0, 5.0]),  # no semicolon: the comma separates
    ],
)
def test_a_list_separated_by_semicolons_takes_decimal_commas(typed: str, read: list) -> None:
    assert arguments.budgets_from(typed) == read


def test_a_sweep_of_budgets_with_decimal_commas_sweeps_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--lang", "es", "sweep", TUTORIAL, "--budgets", "20,5;30", "--json")
    assert code == 0
    assert [point["budget"] for point in json.loads(out)["points"]] == [20.5, 30.0]


def test_the_installed_command_refuses_in_spanish_without_a_traceback() -> None:
    argv = ["--lang", "es", "optimise", CHILE, "--budget", "1,5,0", "--json"]
    result = subprocess.run(
        [sys.executable, "-m", "prioritise", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "prioritise optimise: " + SAID["es"].format(option="--budget", typed="1,5,0") + "\n"
    )
    (entry,) = json.loads(result.stdout)["errors"]
    assert entry["id"] == "cli.usage.not_a_number"


@pytest.mark.parametrize("command", ["sweep", "frontier"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "nota: --budgets '20,5' se lee como dos presupuestos, 20 y 5; para un solo "
            'presupuesto de 20,5, escriba 20.5 o "20,5;"',
        ),
        (
            "en",
            "note: --budgets '20,5' is read as two budgets, 20 and 5; for one budget of 20.5, "
            'write 20.5 or "20,5;"',
        ),
    ],
)
def test_two_budgets_that_could_be_one_with_a_decimal_comma_are_noted(
    capsys: pytest.CaptureFixture[str], command: str, lang: str, said: str
) -> None:
    """`--budgets 20,5` runs the two budgets it reads, and says so on standard error, with how
    to write the one budget a Spanish reader may have meant; `--json` stays one object."""
    initiatives = str(ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml")
    scenario = initiatives if command == "frontier" else TUTORIAL
    code, out, err = run(capsys, "--lang", lang, command, scenario, "--budgets", "20,5", "--json")
    assert code == 0 and err == f"prioritise {command}: {said}\n"
    assert sorted(point["budget"] for point in json.loads(out)["points"]) == [5.0, 20.0]


@pytest.mark.parametrize("typed", ["50,175,700", "20.5", "20,5;", "20,5;30", "20,500", "5"])
def test_a_list_that_reads_one_way_only_has_no_note(typed: str) -> None:
    assert arguments.budgets_note(typed) is None


@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        (
            "en",
            "50,,70",
            "--budgets has an empty item: item 2 of '50,,70'; write one amount between each two "
            "separators, e.g. 50,175,700",
        ),
        (
            "es",
            "50,,70",
            "--budgets tiene un elemento vacío: el elemento 2 de '50,,70'; escriba un monto "
            "entre cada dos separadores, por ejemplo 50,175,700",
        ),
        ("en", ";50;;70", "--budgets has 2 empty items: items 1 and 3 of ';50;;70'"),
        ("es", "50, ,70,,", "--budgets tiene 2 elementos vacíos: los elementos 2 y 4 de"),
    ],
)
def test_an_empty_item_in_a_list_of_budgets_is_refused_naming_where(
    capsys: pytest.CaptureFixture[str], lang: str, typed: str, said: str
) -> None:
    """`50,,70` is not swept as 50 and 70 without a word: exit 2, one sentence saying which
    item is empty, no traceback, in the reader's language (with `--json` too)."""
    code, out, err = run(capsys, "--lang", lang, "sweep", TUTORIAL, "--budgets", typed)
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith(f"prioritise sweep: {said}"), line
    code, out, _ = run(capsys, "--lang", lang, "sweep", TUTORIAL, "--budgets", typed, "--json")
    assert code == 2
    (entry,) = json.loads(out)["errors"]
    assert entry["message"].startswith(said) and entry["id"] == "cli.usage.budgets_empty"


def test_one_separator_may_end_a_list_of_budgets() -> None:
    assert arguments.budgets_from("50,70,") == [50.0, 70.0]
    assert arguments.budgets_from("150,5;") == [150.5]
