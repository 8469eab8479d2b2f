"""A robustness analysis, read in Spanish and in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prioritise.robustness import RobustnessError, RobustnessResult, run_robustness
from prioritise.scenario import load
from prioritise.scenario.schema import Scenario
from prioritise.text import LocalizedError
from tests.allocate.language_checks import check_language

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"


@pytest.fixture(scope="module")
def chile() -> Scenario:
    return load(CHILE)


@pytest.fixture(scope="module")
def result(chile: Scenario) -> RobustnessResult:
    return run_robustness(chile, draws=12, seed=3, workers=1, compromise=False)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_summary_reads_in_one_language(
    chile: Scenario, result: RobustnessResult, lang: str
) -> None:
    text = result.format_text(lang=lang, limit=3)
    check_language(text, lang, chile)
    if lang == "es":
        assert text.startswith("Robustez: 12 sorteos") and "MM USD" in text
        assert "… y " in text  # more lines than shown
    else:
        assert text.startswith("Robustness: 12 draws") and " M USD" in text
        assert "… and " in text
    for note in result.notes_in(lang):
        check_language(note, lang, chile)


def test_json_notes_follow_the_language(result: RobustnessResult) -> None:
    spanish, english = result.to_json("es"), result.to_json("en")
    assert set(spanish) == set(english)
    assert spanish["notes"] == result.notes_in("es") and english["notes"] == result.notes_in("en")
    assert result.to_json()["notes"] == spanish["notes"]  # Chile's scenario speaks Spanish
    json.dumps(english, allow_nan=False)


def test_errors_are_localized(chile: Scenario) -> None:
    with pytest.raises(RobustnessError) as caught:
        run_robustness(chile, draws=0)
    assert isinstance(caught.value, LocalizedError) and isinstance(caught.value, ValueError)
    assert caught.value.text("es").startswith("El número de sorteos debe ser un entero")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_stakeholders_are_named_in_the_readers_language(
    chile: Scenario, result: RobustnessResult, lang: str
) -> None:
    """The regrets name stakeholders: as the file names them in the reader's language."""
    other = "en" if lang == "es" else "es"
    for person in chile.stakeholders:
        assert result.name(person.id, lang) == person.names[lang] != person.names[other]
