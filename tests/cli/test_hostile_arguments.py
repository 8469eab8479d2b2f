"""Bad command-line arguments: exit 2, one plain sentence naming the argument, and with
`--json` exactly one JSON object; files that are not files are refused without being read."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prioritise.cli import main
from prioritise.report import export
from tests.scenario.mutations import REPR

ROOT = Path(__file__).parents[2]
TUTORIAL = str(ROOT / "scenarios" / "tutorial.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


CATALOGUE = [
    (("optimise", "--budget", "nan"), "--budget must be a finite number, got 'nan'"),
    (("optimise", "--budget", "inf"), "--budget must be a finite number, got 'inf'"),
    (("optimise", "--budget", "1e400"), "--budget must be a finite number, got '1e400'"),
    (("optimise", "--budget", "-5"), "--budget must be a positive amount"),
    (("optimise", "--budget", "0"), "--budget must be a positive amount"),
    (("optimise", "--budget", "lots"), "--budget must be a number, got 'lots'"),
    (("optimise", "--budget", "1,5,0"), "--budget must be a number, got '1,5,0'"),
    (("optimise", "--budget", "1.500,5"), "--budget must be a number, got '1.500,5'"),
    (("optimise", "--budget", "2e15"), "--budget must be at most 1,000,000,000,000,000"),
    (("optimise", "--time-limit", "nan"), "--time-limit must be a finite number, got 'nan'"),
    (("optimise", "--time-limit", "inf"), "--time-limit must be a finite number, got 'inf'"),
    (("optimise", "--time-limit", "-1"), "--time-limit must be a positive number of seconds"),
    (("optimise", "--time-limit", "0"), "--time-limit must be a positive number of seconds"),
    (("optimise", "--time-limit", "1e6"), "--time-limit must be at most 86,400 seconds (a day)"),
    (("optimise", "--gap", "nan"), "--gap must be a finite number, got 'nan'"),
    (
        ("optimise", "--gap", "1"),
        "--gap must be a fraction between 0 and 1, e.g. 0.001 for a gap of 0.1%",
    ),
    (("optimise", "--price-seconds", "-1"), "--price-seconds must be zero or more"),
    (("optimise", "--sensitivity-seconds", "nan"), "--sensitivity-seconds must be a finite"),
    (
        ("optimise", "--out", "report.docx"),
        "--out must end in .xlsx, .csv or .md, got 'report.docx'",
    ),
    (("optimise", "--out", "/no/such/folder/r.md"), "--out: the folder /no/such/folder does not"),
    (("robustness", "--draws", "0"), "--draws must be at least 1"),
    (("robustness", "--draws", "1000000000"), "--draws must be a whole number from 1 to 100,000"),
    (("robustness", "--draws", "1e9"), "--draws must be a whole number, got '1e9'"),
    (("robustness", "--workers", "0"), "--workers must be at least 1"),
    (("sensitivity", "--seconds", "inf"), "--seconds must be a finite number, got 'inf'"),
    (("sensitivity", "--seconds", "0"), "--seconds must be a positive number of seconds"),
    (("sweep", "--budgets", "10,nan"), "--budgets must be a finite number, got '10,nan'"),
    (("sweep", "--budgets", "-5,10"), "--budgets must list positive amounts, e.g. 50,175,700"),
    (("optimise", "--time-limit", "-0.5"), "--time-limit must be a positive number of seconds"),
    (("optimise", "--solver", "glpk"), "--solver: 'glpk' is not one of highs or cbc"),
]


@pytest.mark.parametrize(("argv", "sentence"), CATALOGUE, ids=[" ".join(a) for a, _ in CATALOGUE])
def test_a_bad_argument_is_one_sentence_naming_it(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], sentence: str
) -> None:
    command, *options = argv
    code, out, err = run(capsys, command, TUTORIAL, *options)
    assert code == 2
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"prioritise {command}: {sentence}"), line
    said = line.replace(f"'{options[-1]}'", "")  # what was typed is echoed as typed
    assert not REPR.search(said) and "Error" not in said
    code, out, err = run(capsys, command, TUTORIAL, *options, "--json")
    assert code == 2
    payload = json.loads(out)  # the whole of stdout: one object
    assert payload["ok"] is False
    (entry,) = payload["errors"]
    assert entry["message"].endswith(line.split(": ", 1)[1])


def test_the_sentence_speaks_the_language_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "es", "optimise", TUTORIAL, "--budget", "nan")
    assert code == 2
    assert err == "prioritise optimise: --budget debe ser un número finito; se recibió 'nan'\n"
    code, _, err = run(capsys, "optimise", TUTORIAL, "--out", "/no/such/r.md", "--lang", "es")
    assert err == "prioritise optimise: --out: la carpeta /no/such no existe\n"


def test_a_folder_that_cannot_be_written_is_named_without_the_os_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: Path, _content: bytes) -> None:
        temporary = path.parent / f".{path.name}.prioritise-1-x1y2.tmp"
        raise PermissionError(errno.EACCES, "Permission denied", str(temporary))

    monkeypatch.setattr(export, "write_atomically", refused)
    out = tmp_path / "report.md"
    argv = ("optimise", TUTORIAL, "--out", str(out), "--price-seconds", "0")
    code, _, err = run(capsys, *argv, "--sensitivity-seconds", "0")
    assert code == 2
    assert err == (
        f"prioritise optimise: --out: cannot write into the folder {tmp_path} (no permission, "
        "or it is read-only)\n"
    )
    assert not list(tmp_path.iterdir())


def test_a_folder_of_the_system_that_takes_no_files_is_refused_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ("optimise", TUTORIAL, "--out", "/proc/report.md", "--price-seconds", "0")
    code, _, err = run(capsys, *argv)
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith("prioritise optimise: --out: ")
    assert "Errno" not in line and ".tmp" not in line


def test_a_folder_given_as_the_report_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "out.md"
    folder.mkdir()
    code, _, err = run(capsys, "optimise", TUTORIAL, "--out", str(folder))
    assert code == 2
    assert err == (
        f"prioritise optimise: --out names a folder ({folder}); give a file name ending in "
        ".xlsx, .csv or .md\n"
    )


def test_validate_never_blocks_on_a_pipe_nor_reads_a_device(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    script = "from prioritise.cli import main; raise SystemExit(main())"
    result = subprocess.run(
        [sys.executable, "-c", script, "validate", str(fifo), "/dev/zero", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    payload = json.loads(result.stdout)
    assert [(e["file"], e["id"]) for e in payload["errors"]] == [
        (str(fifo), "scenario.file.not_regular"),
        ("/dev/zero", "scenario.file.not_regular"),
        (str(tmp_path), "scenario.file.folder"),
    ]


def test_a_scenario_that_does_not_load_gives_one_json_object(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(Path(TUTORIAL).read_text().replace("total = 30.0", "total = 2024-01-01"))
    for command in ("score", "optimise"):
        code, out, err = run(capsys, command, str(broken), "--json")
        assert code == 2
        line = broken.read_text().split("\n").index("total = 2024-01-01") + 1
        assert err == f"{broken}: budget.total (line {line}): must be a number, not a date\n"
        (entry,) = json.loads(out)["errors"]
        assert entry["location"] == "budget.total"


def test_the_app_uploads_are_capped_like_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from prioritise.cli.app import streamlit_command
    from prioritise.cli.common import UsageError

    def cap() -> str:
        command = streamlit_command(8501, None)
        return command[command.index("--server.maxUploadSize") + 1]

    assert cap() == "1"
    monkeypatch.setenv("PRIORITISE_MAX_FILE_MB", "2.5")
    assert cap() == "3"
    monkeypatch.setenv("PRIORITISE_MAX_FILE_MB", "lots")
    with pytest.raises(UsageError) as caught:
        cap()
    assert caught.value.text("en") == (
        "PRIORITISE_MAX_FILE_MB must be a number of megabytes from 0.001 to 1,024 (it is 'lots')"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_option_of_every_command_is_described(lang: str) -> None:
    """`--help` explains each option in the language asked: none is left bare."""
    from prioritise.cli.parser import build_parser

    parser = build_parser(lang)
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, command in commands.items():
        for action in command._actions:
            assert action.help, (name, action.option_strings or action.dest)
