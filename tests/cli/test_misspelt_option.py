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


def test_an_option_like_none_keeps_the_plain_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "optimise", TUTORIAL, "--zzzzzz"]) == 2
    assert capsys.readouterr().err == "prioritise: not understood: --zzzzzz\n"
