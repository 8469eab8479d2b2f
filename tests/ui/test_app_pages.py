"""Every page of the app loads on every shipped scenario, in Spanish and in English."""

from __future__ import annotations

import json

import pytest

from prioritise.ui.pages import PAGES
from tests.ui.apptools import SHIPPED, assert_clean, charts, go, start

PAGE_NAMES = [entry.name for entry in PAGES]


@pytest.mark.parametrize("scenario", SHIPPED)
def test_every_page_loads_on_every_shipped_scenario(scenario: str) -> None:
    at = start(scenario)
    assert_clean(at)
    assert at.session_state["scenario_shipped"] == scenario
    for page in PAGE_NAMES:
        go(at, page)
        assert_clean(at)
        assert at.title, f"{page} drew no title"


def test_default_scenario_is_chile_and_url_names_it() -> None:
    at = start()
    assert at.title[0].value == "Chile Transforma 2017"
    assert at.query_params["scenario"] == "chile_transforma_2017"
    assert at.query_params["lang"] == "es"  # the scenario's language


def test_language_switch_changes_labels_and_url() -> None:
    at = start("tutorial")  # an English scenario opens in English
    go(at, "priorities")
    assert at.title[0].value == "Priorities"
    at.sidebar.radio(key="lang").set_value("es").run()
    assert at.title[0].value == "Prioridades"
    assert at.query_params["lang"] == "es"
    tabs = [tab.label for tab in at.tabs]
    assert "Programas × ámbitos habilitantes" in tabs


def test_link_reopens_the_same_view() -> None:
    at = start("tutorial", "es")
    go(at, "priorities")
    at.selectbox(key="priorities_programme").set_value("solar").run()
    at.segmented_control(key="priorities_method").set_value("topsis").run()
    params = dict(at.query_params)
    assert params["programme"] == "solar" and params["method"] == "topsis"
    again = go(start(**params), "priorities")
    assert again.selectbox(key="priorities_programme").value == "solar"
    assert again.segmented_control(key="priorities_method").value == "topsis"


def test_spanish_numbers_use_a_decimal_comma() -> None:
    at = start("chile_transforma_2017", "es")
    budget = next(m for m in at.metric if m.label == "Presupuesto")
    assert budget.value == "175,0 MM USD"


def test_stakeholders_are_named_in_the_readers_language_on_the_priorities_page() -> None:
    """The "each stakeholder" chart names them as the file does in Spanish, not as written."""
    at = go(start("chile_transforma_2017", "es"), "priorities")
    drawn = json.dumps(charts(at), ensure_ascii=False)
    assert "Ministerio de Economía" in drawn and "Ministry of Economy" not in drawn
