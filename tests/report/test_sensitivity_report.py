"""The sensitivity section of the Markdown and Excel reports, in both languages."""

from __future__ import annotations

import io

import openpyxl
import pytest

from prioritise.allocate import optimise_scenario
from prioritise.report import excel_bytes, markdown_text
from prioritise.scenario import Scenario, validate_dict
from prioritise.sensitivity import SensitivityResult, run_sensitivity
from tests.allocate.language_checks import check_language
from tests.factories import edited, scenario_dict

HEADINGS = {"es": "## Sensibilidad de las ponderaciones", "en": "## Sensitivity of the weights"}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return validate_dict(scenario_dict(7, programmes=6))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def found(scenario: Scenario) -> SensitivityResult:
    return run_sensitivity(scenario)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_markdown_has_the_decisive_weights_in_words(
    scenario: Scenario, found: SensitivityResult, lang: str
) -> None:
    allocation = optimise_scenario(scenario, with_baselines=False)
    text = markdown_text(scenario, allocation, lang, found)
    section = text[text.index(HEADINGS[lang]) :]
    check_language(section, lang, scenario)
    assert found.deciders, "six programmes: the third and fourth can swap"
    for sentence in found.sentences(lang):
        assert f"- {sentence}" in section
    start = "Si " if lang == "es" else "If "
    assert any(line.startswith(f"- {start}") for line in section.splitlines())
    for weight in found.weights:
        assert found.name(weight.id, lang) in section
    for said in found.legend(lang):  # what "decisive" means, beside the table
        assert said in section
    assert HEADINGS[lang] not in markdown_text(scenario, allocation, lang)


def test_the_workbook_gets_a_sheet_of_intervals(
    scenario: Scenario, found: SensitivityResult
) -> None:
    raw = edited(scenario_dict(7, programmes=6), "scenario.language", "es")
    spanish = validate_dict(raw)  # type: ignore[arg-type]
    allocation = optimise_scenario(spanish, with_baselines=False)
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(spanish, allocation, sensitivity=found)))
    sheet = book.worksheets[-1]
    assert sheet.title == "Sensibilidad ponderaciones"  # whole, within Excel's 31 characters
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Ponderación"
    currents = [row[2] for row in rows[1 : len(found.weights) + 1]]
    assert currents == pytest.approx([w.current for w in found.weights])
    texts = [row[0] for row in rows if isinstance(row[0], str)]
    assert found.sentences("es")[0] in texts
    assert found.legend("es")[0] in texts and found.legend("es")[0].startswith("Decisiva: ")
