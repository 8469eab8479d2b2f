"""A budget with no source is marked illustrative: in the report's headline, in its list of
illustrative figures, and on the app's Scenario page; a sourced budget carries no mark."""

from __future__ import annotations

import pytest

from prioritise.allocate import optimise_scenario
from prioritise.report import markdown_text
from prioritise.scenario import load
from prioritise.text import t
from tests.ui.apptools import ROOT, assert_clean, start

SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module", params=["chile_clusters_2008", "chile_transforma_2017"])
def report_of(request):
    scenario = load(SCENARIOS / f"{request.param}.toml")
    result = optimise_scenario(scenario, price_seconds=0, with_baselines=False)
    return scenario, result


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_headline_marks_a_budget_without_a_source(report_of, lang):
    scenario, result = report_of
    text = markdown_text(scenario, result, lang=lang)
    headline = next(line for line in text.splitlines() if line.startswith("- **"))
    mark = t("report.md.illustrative_mark", lang)
    budget = "the budget of" if lang == "en" else "el presupuesto de"
    sources = text.split("## " + t("report.sheet.sources", lang))[1].split("\n## ")[0]
    listed = [line for line in sources.splitlines() if budget in line]
    if scenario.budget.source == "illustrative":
        assert mark in headline
        (line,) = listed
        heading = t("report.md.illustrative", lang, items="").split(" (")[0]  # **Illustrative**
        assert line.startswith("- " + heading)
        assert ("90.0 M USD" if lang == "en" else "90,0 MM USD") in line
    else:
        assert scenario.budget.source == "ptpr-2017"
        assert mark not in headline
        (line,) = listed
        assert line.startswith("- [ptpr-2017]")


def test_the_scenario_page_marks_the_illustrative_budget() -> None:
    at = start("chile_clusters_2008", "en")
    assert_clean(at)
    budget = next(m for m in at.metric if m.label.startswith("Budget"))
    assert budget.label.endswith("⚠") and "illustrative" in budget.help
    at = start("chile_transforma_2017", "en")
    budget = next(m for m in at.metric if m.label.startswith("Budget"))
    assert "⚠" not in budget.label
