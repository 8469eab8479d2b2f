"""`--lang es|en` on every command: headings, rules and errors in one language, same contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from prioritise.cli import main
from prioritise.scenario import load
from prioritise.text import name_of

ROOT = Path(__file__).parents[2]
CHILE = str(ROOT / "scenarios" / "chile_transforma_2017.toml")
TUTORIAL = str(ROOT / "scenarios" / "tutorial.toml")

ENGLISH = re.compile(
    r"\b(the|and|with|of|budget|Budget|region|Regions|Criteria|Stakeholders|Constraints|"
    r"Sources|Priorities|Programmes|Notes|every|least|most)\b"
)
SPANISH = re.compile(
    r"\b(el|los|las|del|presupuesto|Presupuesto|región|Regiones|Criterios|Actores|"
    r"Restricciones|Fuentes|Prioridades|Programas|Notas|cada|menos)\b"
)


def output(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _generated(text: str, scenario_path: str, lang: str) -> str:
    """The text without what the file itself gives in one language only (source titles) and
    the names and description it gives in `lang`: what is left must be in `lang`."""
    scenario = load(scenario_path)
    own = [scenario.scenario.name_in(lang), scenario.scenario.description_in(lang)]
    own += [source.title for source in scenario.sources]
    own += [source.url for source in scenario.sources if source.url]
    own += [name_of(person, lang) for person in scenario.stakeholders]
    for words in sorted(own, key=len, reverse=True):
        text = text.replace(words, " ")
    return text


def test_show_in_spanish_has_no_english_heading(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = output(capsys, "show", CHILE, "--lang", "es")
    assert code == 0
    found = ENGLISH.findall(_generated(out, CHILE, "es"))
    assert not found, found
    assert "Presupuesto: 175,0 MM USD" in out and "Restricciones:" in out
    assert "spend_all" not in out and "constraints." not in out
    assert "20,0\u00a0%" in out


def test_show_in_english_has_no_spanish_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = output(capsys, "--lang", "en", "show", CHILE)
    assert code == 0
    found = SPANISH.findall(_generated(out, CHILE, "en"))
    assert not found, found
    assert "Budget: 175.0 M USD" in out and "Santiago Metropolitan Region" in out
    assert "20.0%" in out


def test_show_defaults_to_the_scenario_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert output(capsys, "show", CHILE)[1] == output(capsys, "show", CHILE, "--lang", "es")[1]
    assert "Budget:" in output(capsys, "show", TUTORIAL)[1]


@pytest.mark.parametrize(
    ("lang", "scenario", "said"),
    [
        ("en", CHILE, "Language: Spanish; time zone: Chile Time (America/Santiago)"),
        ("es", CHILE, "Idioma: español; zona horaria: hora de Chile (America/Santiago)"),
        ("en", TUTORIAL, "Language: English; time zone: Chile Time (America/Santiago)"),
        ("es", TUTORIAL, "Idioma: inglés; zona horaria: hora de Chile (America/Santiago)"),
    ],
)
def test_show_gives_the_language_the_file_opens_in_whatever_lang_says(
    capsys: pytest.CaptureFixture[str], lang: str, scenario: str, said: str
) -> None:
    """Chile's file says language = "es": read in English, it is 'Spanish', not the
    language of the output."""
    code, out, _ = output(capsys, "--lang", lang, "show", scenario)
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith(("Language:", "Idioma:"))] == [
        said
    ]


def test_score_text_follows_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    _, spanish, _ = output(capsys, "score", TUTORIAL, "--lang", "es")
    _, english, _ = output(capsys, "score", TUTORIAL)
    assert spanish.startswith("Prioridades") and "Minería" in spanish and "\u00a0%" in spanish
    assert english.startswith("Priorities") and "Mining" in english
    assert not SPANISH.findall(english)


def test_score_names_the_stakeholders_in_the_readers_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The consistency lines name each stakeholder as the file names them in that language."""
    scenario = load(CHILE)
    for lang, other in (("es", "en"), ("en", "es")):
        _, out, _ = output(capsys, "score", CHILE, "--lang", lang)
        named = [p for p in scenario.stakeholders if name_of(p, lang) != name_of(p, other)]
        assert named and any(name_of(person, lang) in out for person in named)
        assert not [name_of(p, other) for p in named if name_of(p, other) in out]
        if lang == "es":
            assert not ENGLISH.findall(_generated(out, CHILE, "es"))


CLUSTERS = str(ROOT / "scenarios" / "chile_clusters_2008.toml")


@pytest.mark.parametrize(
    ("lang", "title"),
    [("es", "Política de clústeres de Chile 2008"), ("en", "Chile cluster policy 2008")],
)
def test_optimise_and_its_report_give_the_scenarios_name_in_the_readers_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, title: str
) -> None:
    report = tmp_path / "report.md"
    code, out, _ = output(
        capsys,
        "optimise",
        CLUSTERS,
        "--lang",
        lang,
        "--price-seconds",
        "0",
        "--sensitivity-seconds",
        "0",
        "--out",
        str(report),
    )
    other = load(CLUSTERS).scenario.name_in("en" if lang == "es" else "es")
    assert code == 0 and out.startswith(title) and other not in out
    written = report.read_text(encoding="utf-8")
    assert written.startswith(f"# {title}") and other not in written


def test_score_json_keys_do_not_change_with_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, spanish, _ = output(capsys, "score", TUTORIAL, "--json", "--lang", "es")
    _, english, _ = output(capsys, "score", TUTORIAL, "--json", "--lang", "en")
    assert json.loads(spanish) == json.loads(english)


def test_validate_speaks_the_chosen_language_at_the_same_locations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = Path(TUTORIAL).read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(
        text.replace("criteria = { growth = 50", "criteria = { growht = 50").replace(
            "performance = { growth = 2,", 'performance = { growth = "2",'
        ),
        encoding="utf-8",
    )
    code_es, _, spanish = output(capsys, "--lang", "es", "validate", str(broken))
    code_en, _, english = output(capsys, "validate", str(broken))
    assert code_es == code_en == 2
    places_es = [line.split(": ")[1] for line in spanish.splitlines()]
    places_en = [line.split(": ")[1] for line in english.splitlines()]
    assert places_es == [
        place.replace(" no. ", " n.º ").replace("(line ", "(línea ") for place in places_en
    ]
    rows = broken.read_text(encoding="utf-8").split("\n")
    line = next(n for n, row in enumerate(rows, 1) if 'growth = "2"' in row)
    assert (  # entries counted from 1, with the line the path points to
        f'programmes no. 1 (id = "mining"), performance.growth (line {line})' in places_en
    )
    assert "criterio desconocido 'growht' (¿quiso decir 'growth'?)" in spanish
    assert "debe ser un número (se recibió '2')" in spanish
    assert "unknown criterion 'growht' (did you mean 'growth'?)" in english
    assert not ENGLISH.findall(spanish.replace(str(broken), ""))


def test_usage_errors_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = output(capsys, "optimise", CHILE, "--budget", "-5")
    assert code == 2
    assert err.strip() == "prioritise optimise: --budget debe ser un monto positivo"
    code, _, err = output(capsys, "optimise", CHILE, "--budget", "-5", "--lang", "en")
    assert code == 2 and err.strip() == "prioritise optimise: --budget must be a positive amount"


def test_missing_file_is_english_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert output(capsys, "show", "nowhere/absent.toml")[2].strip().endswith("no such file")
    err = output(capsys, "show", "nowhere/absent.toml", "--lang", "es")[2]
    assert err.strip().endswith("el archivo no existe")


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert output(capsys, "--lang", "fr", "show", TUTORIAL)[0] == 2


@pytest.mark.parametrize("command", ["show", "validate", "optimise"])
def test_a_broken_file_is_told_about_in_the_language_it_declares(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """The file does not load, but it says `language = "es"`: its reader reads Spanish."""
    broken = tmp_path / "roto.toml"
    text = Path(CHILE).read_text(encoding="utf-8").replace("total = 175.0", "totl = 175.0", 1)
    broken.write_text(text, encoding="utf-8")
    code, _, err = output(capsys, command, str(broken))
    assert code == 2 and "clave desconocida 'totl'" in err and "unknown key" not in err
    _, _, english = output(capsys, command, str(broken), "--lang", "en")
    assert "unknown key 'totl'" in english
    unparsable = tmp_path / "sintaxis.toml"
    unparsable.write_text('[scenario]\nlanguage = "es"\nname = x\n', encoding="utf-8")
    assert "no es TOML válido" in output(capsys, command, str(unparsable))[2]
    unparsable.write_text('[scenario]\nlanguage = "en"\nname = x\n', encoding="utf-8")
    assert "not valid TOML" in output(capsys, command, str(unparsable))[2]


COMMANDS = ["list", "validate", "show", "score", "optimise", "sweep", "frontier", "robustness"]
COMMANDS += ["sensitivity", "import", "app"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_speaks_the_language_asked_for(
    capsys: pytest.CaptureFixture[str], command: str | None
) -> None:
    words = [command] if command else []
    code, spanish, _ = output(capsys, *words, "--help", "--lang", "es")
    assert code == 0 and spanish.startswith("uso: prioritise")
    assert "opciones:" in spanish and "muestra esta ayuda y termina" in spanish
    for english in ("usage:", "options:", "show this help", "print one JSON", "a scenario file"):
        assert english not in spanish
    code, english_help, _ = output(capsys, *words, "--help")
    assert code == 0 and english_help.startswith("usage: prioritise")
    assert "uso:" not in english_help and "opciones" not in english_help


def test_argument_mistakes_are_said_in_the_language_with_the_closest_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = output(capsys, "--lang", "es", "optimse", TUTORIAL)
    assert (
        code == 2
        and err.strip() == "prioritise: COMANDO: 'optimse' no se reconoce; ¿quiso decir 'optimise'?"
    )
    assert "falta: ARCHIVO" in output(capsys, "optimise", "--lang", "es")[2]
    assert "no se entiende: --bogus" in output(capsys, "show", TUTORIAL, "--bogus", "--lang=es")[2]
    _, _, english = output(capsys, "optimse", TUTORIAL)
    assert "did you mean 'optimise'?" in english


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"LANG": "es_CL.UTF-8"}, "es"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "es_ES.UTF-8"}, "es"),  # LC_ALL comes first
        ({"LANG": "es_CL.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # not an interface language
        ({"LANG": "C"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LANGUAGE": "fr:es:en"}, "es"),  # gettext's list comes first
        ({"LANG": "C.UTF-8", "LANGUAGE": "es"}, "en"),  # but not in the C locale
        ({"LANG": "es_CL.UTF-8", "LANGUAGE": "fr"}, "es"),  # none listed: the locale's
    ],
)
def test_without_a_scenario_or_lang_the_terminals_language_is_spoken(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    variables: dict[str, str],
    expected: str,
) -> None:
    for variable, value in variables.items():
        monkeypatch.setenv(variable, value)
    code, listed, _ = output(capsys, "list")
    clusters = (
        "Política de clústeres de Chile 2008" if expected == "es" else "Chile cluster policy 2008"
    )
    assert code == 0 and clusters in listed
    code, helped, _ = output(capsys, "--help")
    assert code == 0 and helped.startswith("uso:" if expected == "es" else "usage:")
    _, _, missing = output(capsys, "show", "no_such_scenario.toml")
    assert ("no existe" in missing) is (expected == "es"), missing
    # --lang, and a scenario's own language, still come first
    assert output(capsys, "list", "--lang", "en")[1].count("Chile cluster policy 2008") == 1
    _, shown, _ = output(capsys, "show", TUTORIAL)
    assert "Tutorial" in shown and ("Presupuesto" in shown) is False


def test_a_wrong_option_is_refused_in_the_scenarios_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --lang the command speaks the scenario's language, its refusals included."""
    code, out, err = output(capsys, "score", CHILE, "--method", "foo")
    assert code == 2 and out == ""
    assert "no es ninguna de estas opciones" in err
    code, _, err = output(capsys, "optimise", CHILE, "--bogus")
    assert code == 2 and "no se entiende: --bogus" in err
    code, _, err = output(capsys, "optimise", TUTORIAL, "--bogus")  # an English scenario
    assert code == 2 and "not understood: --bogus" in err
    code, _, err = output(capsys, "--lang", "en", "optimise", CHILE, "--bogus")
    assert code == 2 and "not understood: --bogus" in err


def test_show_says_none_in_agreement_with_its_noun(capsys: pytest.CaptureFixture[str]) -> None:
    """Chile 2008 has no horizontal platforms and no pilot regions: "ninguna" agrees with
    plataforma and regiones, and no "0 platforms (none)"."""
    clusters = str(Path(CHILE).with_name("chile_clusters_2008.toml"))
    out = output(capsys, "show", clusters, "--lang", "es")[1]
    assert "; ninguna plataforma habilitante transversal\n" in out
    assert "regiones piloto de descentralización: ninguna" in out
    assert "0 plataformas" not in out and "ninguno" not in out
    english = output(capsys, "show", clusters, "--lang", "en")[1]
    assert "; no horizontal platform\n" in english and "pilots: none" in english
    assert "0 horizontal" not in english
