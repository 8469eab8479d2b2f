"""The placeholders of `--help` (`FILE`, `ARCHIVO`) speak the reader's language, like the rest
of the help: a Spanish reader never meets an English `FILE`, `PATH` or `COMMAND`."""

from __future__ import annotations

import re

import pytest

from prioritise.cli import main

PLACEHOLDER = re.compile(r"(?<![\w$])[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ_]*(?::[A-ZÁÉÍÓÚÑ]+)?(?!\w)")
"""An upper-case word of the help (`FILE`, `HOST:PORT`, `PROPORCIÓN`); not `$PRIORITISE_…`."""

ENGLISH_ONLY = frozenset(
    {"FILE", "PATH", "OUT", "SCENARIO", "COMMAND", "AMOUNT", "AMOUNTS", "SHARE", "S", "N"}
    | {"HOST:PORT", "PORT", "URL"}
)
"""The English placeholders: none may be left in Spanish help."""
SPANISH_ONLY = frozenset(
    {"ARCHIVO", "RUTA", "SALIDA", "ESCENARIO", "COMANDO", "MONTO", "MONTOS", "PROPORCIÓN"}
    | {"SEGUNDOS", "NÚMERO", "HOST:PUERTO", "PUERTO", "DIRECCIÓN", "URL_PÚBLICA"}
)

# For each command (None: `prioritise --help` itself), the option and its placeholder as the
# help shows them, in English and in Spanish.
EXPECTED: dict[str | None, tuple[tuple[str, ...], tuple[str, ...]]] = {
    None: (("COMMAND ...",), ("COMANDO ...",)),
    "list": ((), ()),
    "validate": (("FILE [FILE ...]",), ("ARCHIVO [ARCHIVO ...]",)),
    "show": (("] FILE",), ("] ARCHIVO",)),
    "score": (("FILE",), ("ARCHIVO",)),
    "optimise": (
        (
            *("--budget AMOUNT", "--time-limit S", "--gap SHARE", "--price-seconds S"),
            *("--out PATH", "--sensitivity-seconds S", "FILE"),
        ),
        (
            *("--budget MONTO", "--time-limit SEGUNDOS", "--gap PROPORCIÓN", "--out RUTA"),
            *("--price-seconds SEGUNDOS", "--sensitivity-seconds SEGUNDOS", "ARCHIVO"),
        ),
    ),
    "sweep": (("--budgets AMOUNTS", "FILE"), ("--budgets MONTOS", "ARCHIVO")),
    "frontier": (("--budgets AMOUNTS", "FILE"), ("--budgets MONTOS", "ARCHIVO")),
    "robustness": (
        ("--draws N", "--seed N", "--workers N", "--address HOST:PORT", "FILE"),
        ("--draws NÚMERO", "--seed NÚMERO", "--workers NÚMERO", "--address HOST:PUERTO", "ARCHIVO"),
    ),
    "sensitivity": (("--seconds S", "FILE"), ("--seconds SEGUNDOS", "ARCHIVO")),
    "import": (
        ("--into SCENARIO", "--template OUT", "--scenario SCENARIO", "[FILE]"),
        ("--into ESCENARIO", "--template SALIDA", "--scenario ESCENARIO", "[ARCHIVO]"),
    ),
    "app": (
        ("--port N", "--host HOST", "--public-url URL", "[FILE]"),
        ("--port NÚMERO", "--host DIRECCIÓN", "--public-url URL_PÚBLICA", "[ARCHIVO]"),
    ),
}


def help_of(capsys: pytest.CaptureFixture[str], command: str | None, lang: str) -> str:
    words = [command] if command else []
    code = main(["--lang", lang, *words, "--help"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    return captured.out


def test_every_command_is_checked() -> None:
    from prioritise.cli.parser import build_parser

    parser = build_parser("en")
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) - {"optimize"} == set(EXPECTED) - {None}


@pytest.mark.parametrize("command", list(EXPECTED), ids=lambda c: c or "prioritise")
def test_spanish_help_has_spanish_placeholders_only(
    capsys: pytest.CaptureFixture[str], command: str | None
) -> None:
    spanish = help_of(capsys, command, "es")
    assert spanish.startswith("uso: prioritise")
    left = sorted(set(PLACEHOLDER.findall(spanish)) & ENGLISH_ONLY)
    assert not left, f"English placeholders in the Spanish help: {left}\n{spanish}"
    flat = " ".join(spanish.split())  # the usage line wraps where it likes
    for shown in EXPECTED[command][1]:
        assert shown in flat, (shown, spanish)


@pytest.mark.parametrize("command", list(EXPECTED), ids=lambda c: c or "prioritise")
def test_english_help_keeps_its_english_placeholders(
    capsys: pytest.CaptureFixture[str], command: str | None
) -> None:
    english = help_of(capsys, command, "en")
    assert english.startswith("usage: prioritise")
    left = sorted(set(PLACEHOLDER.findall(english)) & SPANISH_ONLY)
    assert not left, f"Spanish placeholders in the English help: {left}\n{english}"
    flat = " ".join(english.split())
    for shown in EXPECTED[command][0]:
        assert shown in flat, (shown, english)


def test_the_alias_optimize_shows_the_same_spanish_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    alias = help_of(capsys, "optimize", "es")
    assert alias.replace("optimize", "optimise") == help_of(capsys, "optimise", "es")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "es",
            "prioritise import: indique la planilla y el escenario al que va: prioritise import "
            "ARCHIVO --into ESCENARIO.toml (o --template SALIDA para una planilla vacía)",
        ),
        (
            "en",
            "prioritise import: give the spreadsheet and the scenario it goes into: prioritise "
            "import FILE --into SCENARIO.toml (or --template OUT for an empty spreadsheet)",
        ),
    ],
)
def test_import_without_its_files_names_them_with_the_help_placeholders(
    capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    assert main(["--lang", lang, "import"]) == 2
    assert capsys.readouterr().err == said + "\n"
