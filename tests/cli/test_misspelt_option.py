"""A misspelt option is named alone, with the option meant, in the reader's language (exit 2,
no traceback, `--json` one object): not 'not understood: --budgte FILE', which also blamed
the scenario argparse could no longer place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prioritise.cli import main

TUTORIAL = str(Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml")


@pytest.mark.parametrize(
    ("lang", "argv", "said"),
    [
        ("en", ["optimise", "--budgte", "10", TUTORIAL], "unknown option --budgte; did you mean --budget?"),
        ("es", ["optimise", "--budgte", "10", TUTORIAL], "no se conoce la opción --budgte; ¿quiso decir --budget?"),
        ("es", ["optimise", TUTORIAL, "--jsn"], "no se conoce la opción --jsn; ¿quiso decir --json?"),
        ("en", ["sweep", TUTORIAL, "--budgts=5,10"], "unknown option --budgts; did you mean --budgets?"),
    ],
)  # fmt: skip
def test_a_misspelt_option_is_named_with_the_one_meant(
    capsys: pytest.CaptureFixture[str], lang: str, argv: list[str], said: str
) -> None:
    assert main(["--lang", lang, *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"prioritise: {said}\n"
    assert TUTORIAL not in captured.err
    assert main(["--lang", lang, *argv, "--json"]) == 2
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert error["message"] in (said, f"prioritise: {said}")


@pytest.mark.parametrize(
    ("lang", "argv", "said"),
    [
        ("es", ["show", TUTORIAL, "--json"], "show no tiene la opción --json; sus opciones: prioritise show --help"),
        ("en", ["show", TUTORIAL, "--budgets", "5"], "show has no option --budgets; its options: prioritise show --help"),
        ("en", ["show", TUTORIAL, "--jsn"], "not understood: --jsn"),
    ],
)  # fmt: skip
def test_an_option_of_other_commands_is_said_to_be_theirs(
    capsys: pytest.CaptureFixture[str], lang: str, argv: list[str], said: str
) -> None:
    """Not 'unknown option --json; did you mean --json?': `show` has no --json, other commands
    do, and a misspelling is matched against the command's own options only."""
    assert main(["--lang", lang, *argv]) == 2
    assert capsys.readouterr().err == f"prioritise: {said}\n"


def test_an_option_like_none_keeps_the_plain_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "optimise", TUTORIAL, "--zzzzzz"]) == 2
    assert capsys.readouterr().err == "prioritise: not understood: --zzzzzz\n"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "which command? One of list, validate, show, score, optimise, sweep, frontier, robustness, sensitivity, import, app (prioritise --help says what each does)"),
        ("es", "¿qué comando? Uno de estos: list, validate, show, score, optimise, sweep, frontier, robustness, sensitivity, import, app (prioritise --help dice qué hace cada uno)"),
    ],
)  # fmt: skip
def test_no_command_lists_the_commands(
    capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    """Not 'missing: COMMAND', which a first-time user cannot act on."""
    assert main(["--lang", lang]) == 2
    assert capsys.readouterr().err == f"prioritise: {said}\n"
    assert main(["--lang", lang, "optimise"]) == 2  # a command without its file: as before
    assert capsys.readouterr().err.startswith("prioritise optimise: ")
