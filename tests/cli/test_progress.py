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


INITIATIVES = str(
    Path(__file__).parents[2] / "scenarios" / "chile_transforma_initiatives_2017.toml"
)
WIPE = "\r\033[K"


@pytest.mark.parametrize(
    ("lang", "solving", "priced", "title"),
    [
        ("en", "Solving the split…", "to price the rules", "optimised split"),
        (
            "es",
            "Resolviendo la asignación…",
            "para el precio de las reglas",
            "asignación optimizada",
        ),
    ],
)
def test_optimise_says_what_it_is_doing_and_wipes_it_before_the_answer(
    monkeypatch: pytest.MonkeyPatch, lang: str, solving: str, priced: str, title: str
) -> None:
    screen = Terminal()  # standard output and error on one terminal, in the order written
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["optimise", TUTORIAL, "--lang", lang]) == 0
    shown = screen.getvalue()
    assert shown.startswith(solving)
    working, answer = shown.rsplit(WIPE, 1)
    bars = [part for part in working.split(WIPE) if part.startswith("[")]
    assert bars and all(priced in part for part in bars)
    done = [int(part.split("] ")[1].split("/")[0]) for part in bars]
    total = int(bars[-1].split("/")[1].split(" ")[0])
    assert done == list(range(1, total + 1)) and bars[-1].startswith("[" + "#" * 30 + "]")
    assert title in answer.splitlines()[0]
    assert "\r" not in answer and "[#" not in answer


def test_optimise_of_a_scenario_with_initiatives_wipes_its_line_before_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["optimise", INITIATIVES, "--lang", "en", "--price-seconds", "0"]) == 0
    shown = screen.getvalue()
    assert shown.startswith("Solving the split…" + WIPE)
    assert shown.count(WIPE) == 1 and "optimised split" in shown.split(WIPE)[1].splitlines()[0]


@pytest.mark.parametrize("json", [True, False], ids=["--json on a terminal", "log file"])
def test_optimise_writes_nothing_on_stderr_for_json_or_a_log_file(
    monkeypatch: pytest.MonkeyPatch, json: bool
) -> None:
    err = Terminal() if json else io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["optimise", TUTORIAL, *(["--json"] if json else [])]) == 0
    assert err.getvalue() == ""


@pytest.mark.parametrize(
    ("lang", "seeking"),
    [
        ("en", "Seeking the least-regret compromise…"),
        ("es", "Buscando la asignación de compromiso (mínimo arrepentimiento)…"),
    ],
)
def test_robustness_says_it_seeks_the_compromise_after_the_draws(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, seeking: str
) -> None:
    """The compromise is a search of its own once every draw is solved: a full bar and then
    silence for a minute reads as a hang. The line is wiped before the answer."""
    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["--lang", lang, "robustness", TUTORIAL, "--draws", "5"]) == 0
    written = err.getvalue()
    bar_end = written.index("5/5")
    assert written.index(seeking) > bar_end
    assert written.endswith(seeking + WIPE)
    assert capsys.readouterr().out.startswith(("Robustness: 5 draws", "Robustez: 5 sorteos"))


@pytest.mark.parametrize("say", [1.0, 0.0], ids=["stakeholders heard", "no one has a say"])
def test_robustness_says_it_seeks_the_compromise_only_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, say: float
) -> None:
    """After the draws' bar, a terminal is told the compromise is being sought, and the line
    is wiped before the answer; with every influence at zero there is no compromise to seek
    (the library leaves it out), so no such line."""
    import tomllib

    import tomli_w

    raw = tomllib.loads(Path(TUTORIAL).read_text(encoding="utf-8"))
    for stakeholder in raw["stakeholders"]:
        stakeholder["influence"] = say
    path = tmp_path / "said.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["robustness", str(path), "--draws", "3"]) == 0
    seeking = "Seeking the least-regret compromise…"
    if say:
        assert seeking in err.getvalue() and err.getvalue().endswith(WIPE)
    else:
        assert seeking not in err.getvalue()


@pytest.mark.parametrize(
    ("total", "lang", "said"),
    [
        (1, "es", "1/1 sorteo\n"),
        (1, "en", "1/1 draw\n"),
        (40, "es", "40/40 sorteos\n"),
        (40, "en", "40/40 draws\n"),
    ],
)
def test_the_bar_counts_draws_in_the_right_plural(
    monkeypatch: pytest.MonkeyPatch, total: int, lang: str, said: str
) -> None:
    """`--draws 1` draws '1/1 draw', not '1/1 draws'."""
    from prioritise.cli.progress import terminal_progress

    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    terminal_progress(total, total, lang)
    assert err.getvalue().endswith("] " + said)
