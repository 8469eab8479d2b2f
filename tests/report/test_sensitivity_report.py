"""The sensitivity section of the Markdown and Excel reports, in both languages."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from prioritise.allocate import optimise_scenario
from prioritise.report import excel_bytes, markdown_text, sensitivity_table
from prioritise.scenario import Scenario, validate_dict
from prioritise.sensitivity import SensitivityResult, run_sensitivity
from prioritise.text import t
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
    # the legend sends the reader to who decides and to the checks: both are there
    heading = f"### {t('sensitivity.deciders', lang)}"
    assert heading in section.splitlines()
    assert section.index(heading) < section.index(f"- {found.sentences(lang)[0]}")
    assert found.checked_text(lang) in section
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
    # what the legend points to is on the sheet: the checks, and who decides under its name
    assert found.checked_text("es") in texts
    assert texts.index("Quién decide") < texts.index(found.sentences("es")[0])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_interval_cut_short_is_marked_in_the_reports(
    scenario: Scenario, found: SensitivityResult, lang: str
) -> None:
    """A split interval not explored to the end holds only the points looked at (possibly
    the current weight alone): the reports say so beside it, as the terminal does."""
    weights = [
        replace(w, portfolio_complete=False) if k % 2 else w for k, w in enumerate(found.weights)
    ]
    short = replace(found, weights=weights)
    mark = t("sensitivity.unfinished", lang)
    allocation = optimise_scenario(scenario, with_baselines=False)
    section = markdown_text(scenario, allocation, lang, short).split(HEADINGS[lang])[1]
    for k, weight in enumerate(short.weights):
        row = next(
            line for line in section.splitlines() if f"| {short.name(weight.id, lang)} |" in line
        )
        assert (mark in row) == bool(k % 2), row
    table = sensitivity_table(short, lang).frame
    marks = table.iloc[: len(weights), -1].tolist()
    assert [mark in m for m in marks] == [bool(k % 2) for k in range(len(weights))]
