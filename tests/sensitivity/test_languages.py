"""A sensitivity analysis, read in Spanish and in English, and its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prioritise.scenario import load, validate_dict
from prioritise.scenario.schema import Scenario
from prioritise.sensitivity import SensitivityError, SensitivityResult, run_sensitivity
from tests.allocate.language_checks import check_language
from tests.factories import edited, scenario_dict

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"


@pytest.fixture(scope="module")
def chile() -> Scenario:
    return load(CHILE)


@pytest.fixture(scope="module")
def result(chile: Scenario) -> SensitivityResult:
    return run_sensitivity(chile, seconds=4.0)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_summary_reads_in_one_language(
    chile: Scenario, result: SensitivityResult, lang: str
) -> None:
    text = result.format_text(lang=lang)
    check_language(text, lang, chile)
    for sentence in result.sentences(lang):
        check_language(sentence, lang, chile)
    if lang == "es":
        assert text.startswith("Sensibilidad de las ponderaciones del grupo")
        assert "entraría entre los tres primeros" in text and "16,9\u00a0%" in text
    else:
        assert text.startswith("Sensitivity of the group weights")
        assert "would enter the top three" in text and "16.9%" in text


def test_the_sentences_name_the_weight_the_threshold_and_the_programme(
    result: SensitivityResult,
) -> None:
    top = [d for d in result.deciders if d.edge == "top_three"]
    assert top, "Chile's third and fourth programmes can swap places"
    decider = min(top, key=lambda d: abs(d.points))
    words = result.sentence(decider).text("en")
    assert words.startswith(f"If {result.name(decider.id, 'en')} weighed ")
    assert result.name(decider.programme, "en") in words
    assert ("more than" in words) == (decider.threshold > decider.current)


def test_json_keeps_its_keys_in_both_languages(result: SensitivityResult) -> None:
    spanish, english = result.to_json("es"), result.to_json("en")
    assert set(spanish) == set(english)
    assert spanish["weights"] == english["weights"]
    assert spanish["sentences"] == result.sentences("es")
    json.dumps(english, allow_nan=False)


def test_an_infeasible_scenario_is_refused_in_words() -> None:
    raw = edited(scenario_dict(1), "constraints.max_region_share", 0.2)
    with pytest.raises(SensitivityError) as caught:
        run_sensitivity(validate_dict(raw))  # type: ignore[arg-type]
    assert caught.value.text("es").startswith("El análisis de sensibilidad necesita")


def test_each_weight_says_whether_its_ends_were_checked_against_optimise(
    result: SensitivityResult,
) -> None:
    weights = result.to_json("en")["weights"]
    checked = sum(w["portfolio_checked"] for w in weights)
    assert all(not w["portfolio_checked"] or w["portfolio_complete"] for w in weights)
    if checked == 0 and result.suggested_seconds is not None:  # a busy machine: no time left
        assert f"None of the {len(weights)} split intervals" in result.format_text("en")
        assert f"Ninguno de los {len(weights)} intervalos" in result.format_text("es")
        return
    assert f"{checked} of {len(weights)} split intervals were checked" in result.format_text("en")
    assert f"{checked} de {len(weights)} intervalos de la asignación" in result.format_text("es")


def test_one_move_that_swaps_two_programmes_in_the_top_three_is_one_sentence(
    result: SensitivityResult,
) -> None:
    """Chile's exports weight at 23.4 % puts Agrofood in the top three and takes Creative
    industries out: one sentence, not the same condition twice."""
    top = [d for d in result.key_deciders() if d.edge == "top_three"]
    pairs = [
        (a, b)
        for a in top
        for b in top
        if a.direction == "enter"
        and b.direction == "leave"
        and (a.set, a.id) == (b.set, b.id)
        and abs(a.threshold - b.threshold) < 1e-9
    ]
    assert pairs, "Chile's third and fourth programmes swap places at one threshold"
    for lang, words in (("en", "would enter the top three in place of"), ("es", "en lugar de")):
        sentences = result.sentences(lang)
        assert len(sentences) == len(result.key_deciders()) - len(pairs)
        for entering, leaving in pairs:
            (said,) = [s for s in sentences if result.name(entering.programme, lang) in s]
            assert words in said and result.name(leaving.programme, lang) in said
