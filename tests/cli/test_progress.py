"""The long commands draw a progress bar on a terminal (and none in a log file), so that a
user does not take a run of half a minute for a hang."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from prioritise.cli import main

TUTORIAL = str(Path(__file__).parents[2] / "scenarios" / "tutorial.toml")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "log file"])
def test_the_report_s_sensitivity_draws_a_bar_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, terminal: bool
) -> None:
    err = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    report = tmp_path / "report.md"
    argv = ["optimise", TUTORIAL, "--out", str(report), "--sensitivity-seconds", "5"]
    assert main([*argv, "--price-seconds", "0"]) == 0
    assert report.exists()
    bars = [part for part in err.getvalue().split("\r") if part.startswith("[")]
    if not terminal:
        assert bars == []
        return
    assert bars and "steps" in bars[-1]
    assert bars[-1].startswith("[" + "#" * 30 + "]") and bars[-1].endswith("\n")


def test_a_log_file_gets_no_blank_line_for_a_bar_it_never_saw(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["robustness", TUTORIAL, "--draws", "5"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("Robustness: 5 draws")
