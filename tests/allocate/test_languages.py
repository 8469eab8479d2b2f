"""One allocation, read in Spanish and in English: sentences, diagnoses, numbers, JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prioritise.allocate import Allocation, AllocationError, allocation_input, optimise
from prioritise.allocate.input import cell_values_of
from prioritise.allocate.text import status_note
from prioritise.scenario import load
from prioritise.scenario.schema import Scenario
from prioritise.text import LocalizedError
from tests.allocate.language_checks import check_language

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
JSON_KEYS = {
    "value_index",
    "value_reference",
    "marginal_value_of_budget",
    "rules_priced",
    "money_sources",
    "status",
    "message",
    "objective",
    "gap",
    "solver",
    "budget",
    "allocation",
    "totals",
    "per_capita",
    "objective_split",
    "lines",
    "constraints",
    "baselines",
    "diagnosis",
    "seconds",
}


@pytest.fixture(scope="module")
def chile() -> Scenario:
    return load(CHILE)


@pytest.fixture(scope="module")
def optimised(chile: Scenario) -> Allocation:
    return optimise(allocation_input(chile, cell_values_of(chile)))


@pytest.fixture(scope="module")
def infeasible(chile: Scenario) -> tuple[Scenario, Allocation]:
    """Every region at least 7 % of the budget: sixteen regions need 112 %."""
    constraints = chile.constraints.model_copy(update={"min_region_share": 0.07})
    scenario = chile.model_copy(update={"constraints": constraints})
    return scenario, optimise(allocation_input(scenario, cell_values_of(scenario)))


def texts_of(result: Allocation, lang: str) -> list[str]:
    texts = [result.message_text(lang), *result.sentences(lang)]
    texts += [b.description_text(lang) for b in result.baselines]
    if result.diagnosis is not None:
        texts.append(result.diagnosis.message_text(lang))
        texts += [c.message_text(lang) for c in result.diagnosis.checks]
        for repair in result.diagnosis.repairs:
            texts.append(repair.message_text(lang))
            texts += [change.message_text(lang) for change in repair.changes]
    return texts


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_optimised_split_reads_in_one_language(
    chile: Scenario, optimised: Allocation, lang: str
) -> None:
    assert optimised.solved
    for text in texts_of(optimised, lang):
        check_language(text, lang, chile)
    budget = "175,0 MM USD" if lang == "es" else "175.0 M USD"
    assert any(budget in sentence for sentence in optimised.sentences(lang))


def test_the_scenario_language_is_the_default(optimised: Allocation) -> None:
    """Chile's scenario speaks Spanish: the old string attributes stay Spanish."""
    assert optimised.language == "es"
    assert optimised.message == optimised.message_text("es")
    assert optimised.message.startswith("Óptimo")
    assert list(optimised.constraints["sentence"]) == list(optimised.sentences("es"))
    assert optimised.baselines[0].description == optimised.baselines[0].description_text("es")


def test_names_not_ids(optimised: Allocation) -> None:
    english = " ".join(optimised.sentences("en"))
    spanish = " ".join(optimised.sentences("es"))
    assert "Global services" in english and "Servicios globales" in spanish
    assert "global_services" not in english + spanish
    assert "arica" not in english  # the id; the name is "Arica y Parinacota"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_infeasible_split_reads_in_one_language(
    infeasible: tuple[Scenario, Allocation], lang: str
) -> None:
    scenario, result = infeasible
    diagnosis = result.diagnosis
    assert result.status == "infeasible" and diagnosis is not None
    assert diagnosis.conflict == ("constraints.min_region_share",)
    assert diagnosis.checks and diagnosis.repairs
    for text in texts_of(result, lang):
        check_language(text, lang, scenario)
    message = result.message_text(lang)
    if lang == "es":
        assert message.startswith("Ninguna asignación cumple todas las reglas.")
        assert "112,0\u00a0% del presupuesto" in message and "de 7\u00a0% a" not in message
    else:
        assert message.startswith("No allocation satisfies every rule.")
        assert "112.0% of the budget" in message
    assert "spend_all" not in message and "min_region_share" not in message


def test_json_follows_the_language_and_keeps_its_shape(
    infeasible: tuple[Scenario, Allocation], optimised: Allocation
) -> None:
    _, result = infeasible
    spanish, english = result.to_json("es"), result.to_json("en")
    assert set(spanish) == set(english) == JSON_KEYS
    assert spanish["message"] == result.message_text("es")
    assert english["message"] == result.message_text("en")
    for payload in (spanish, english):
        diagnosis = payload["diagnosis"]
        assert set(diagnosis) == {"conflict", "message", "checks", "repairs"}
        assert diagnosis["conflict"] == ["constraints.min_region_share"]
        assert {k for check in diagnosis["checks"] for k in check} == {"constraint", "message"}
        assert {k for r in diagnosis["repairs"] for k in r} == {
            "changes",
            "objective",
            "bound",
            "value_index",
            "bound_index",
            "message",
        }
        assert {k for r in diagnosis["repairs"] for c in r["changes"] for k in c} == {
            "field",
            "current",
            "suggested",
            "message",
        }
    assert spanish["diagnosis"]["repairs"][0]["changes"] == [
        {**change, "message": spanish["diagnosis"]["repairs"][0]["changes"][i]["message"]}
        for i, change in enumerate(english["diagnosis"]["repairs"][0]["changes"])
    ]
    assert spanish["diagnosis"]["message"].startswith("Estas reglas no pueden cumplirse")
    assert english["diagnosis"]["message"] == (
        "These rules cannot all hold: every region at least 7%."
    )
    assert result.to_json() == spanish  # the scenario's language by default
    payload = json.loads(json.dumps(optimised.to_json("en"), allow_nan=False))
    assert set(payload) == JSON_KEYS
    assert set(payload["constraints"][0]) == {
        "name",
        "kind",
        "binding",
        "shadow_price",
        "price_as_budget",
        "value_if_dropped",
        "sentence",
    }
    assert payload["constraints"][0]["sentence"] == optimised.sentences("en").iloc[0]
    assert set(payload["baselines"]["proportional"]) == {
        "obeys_rules",
        "objective",
        "value_index",
        "gain",
        "gain_share",
        "gain_points",
        "money_moved",
        "description",
    }


def test_a_small_gap_keeps_its_digits() -> None:
    note = status_note("optimal", 0.00077, None)
    assert note.text("es") == (
        "Óptimo: a lo más 0,077\u00a0% bajo el mejor valor posible (la brecha que deja el optimizador)."
    )
    assert note.text("en") == (
        "Optimal: at most 0.077% below the best possible value (the gap the solver leaves)."
    )
    stopped = status_note("feasible", 0.023, 1.0)
    assert stopped.text("en") == (
        "Good, not proven the best: at most 2.3% below the best possible value "
        "(stopped at the time limit of 1.0 s)."
    )
    assert (
        stopped.text("es")
        == "Buena, sin comprobar que sea la mejor: a lo más 2,3\u00a0% bajo el mejor "
        "valor posible (detenido por el límite de tiempo de 1,0 s)."
    )


def test_errors_are_localized(chile: Scenario) -> None:
    with pytest.raises(AllocationError) as caught:
        allocation_input(chile, cell_values_of(chile), budget=-5)
    error = caught.value
    assert isinstance(error, LocalizedError) and isinstance(error, ValueError)
    assert str(error) == "The budget must be a positive number (got -5)."
    assert error.text("es") == "El presupuesto debe ser un número positivo (se recibió -5)."
