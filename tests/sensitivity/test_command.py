"""`prioritise sensitivity`: one JSON object of the documented shape, plain errors."""

from __future__ import annotations

import json

import pytest

from prioritise.cli import main
from tests.sensitivity.helpers import TUTORIAL, run_command

SETS = {"criteria", "enabling_areas", "regional_criteria"}


def test_json_has_the_documented_shape() -> None:
    result = run_command("sensitivity", str(TUTORIAL), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)  # exactly one object, nothing else on stdout
    assert isinstance(payload["weights"], list) and payload["weights"]
    for row in payload["weights"]:
        assert {"set", "id", "current", "first_place", "ranking", "portfolio", "decisive"} <= set(
            row
        )
        assert row["set"] in SETS and isinstance(row["decisive"], bool)
        for name in ("first_place", "ranking", "portfolio"):
            low, high = row[name]
            assert 0.0 <= low <= row["current"] <= high <= 1.0
    assert {row["set"] for row in payload["weights"]} == SETS


def test_text_follows_lang_and_errors_are_plain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(TUTORIAL), "--lang", "es", "--seconds", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sensibilidad de las ponderaciones") and "Criterios" in out
    assert main(["sensitivity", "no-such-scenario"]) == 2
    assert main(["sensitivity", str(TUTORIAL), "--seconds", "0"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--seconds" in err


def test_the_time_defaults_agree() -> None:
    from prioritise.cli.parser import SENSITIVITY_SECONDS
    from prioritise.sensitivity.portfolio import SECONDS

    assert SENSITIVITY_SECONDS == SECONDS
