"""Switching the language back and forth in a real browser: every choice a page shows (a
method, a view, a programme) keeps working, and no page reports a change the user did not
make. The browser sends a choice back as the words it showed, so a choice worded in the
language before must not be read in the language after. What was typed in a form and not yet
applied stays through a switch, and applies in the new language."""

from __future__ import annotations

import re

import pytest

from prioritise.text import t
from tests.ui.browser.page_tools import WAIT_MS, saved_scenario, settled, show_tab

pytestmark = pytest.mark.browser

SWITCH = {"es": "Español", "en": "English"}
FAILED = ("Algo falló", "Something went wrong", "No se pudo aplicar", "Could not apply")


def _switch(page, lang: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(SWITCH[lang], exact=True).click()
    settled(page)


def _clean(page, where: str) -> None:
    body = page.locator("body").inner_text()
    assert not [said for said in FAILED if said in body], (where, body[:2000])
    assert page.locator('[data-testid="stException"]').count() == 0, where


@pytest.mark.parametrize(
    ("name", "first"),
    [("stakeholders", "es"), ("priorities", "en"), ("sensitivity", "es"), ("compare", "en")],
)
def test_switching_language_twice_keeps_every_page_working(
    browser, app_server, first: str, name: str
) -> None:
    other = "en" if first == "es" else "es"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/{name}?scenario=chile_transforma_2017&lang={first}")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        for lang in (other, first, other):
            _switch(page, lang)
            _clean(page, f"{name} after switching to {lang}")
            for tab in page.get_by_role("tab").all():  # every tab draws in the new language
                tab.click()
                settled(page)
                _clean(page, f"{name}, tab {tab.inner_text()}, in {lang}")
    finally:
        context.close()


def _box(page, label: str):
    """The visible text box labelled `label` (a catalogue id's words, or a pattern)."""
    exact = None if isinstance(label, re.Pattern) else True
    return page.get_by_role("textbox", name=label, exact=exact).filter(visible=True).first


def test_what_was_typed_and_not_applied_stays_through_a_switch(browser, app_server) -> None:
    """Numbers typed into the budget and constraints forms and not yet applied are still
    there after switching to Spanish, and Apply reads them there; a box left alone shows its
    number the new language's way ("0,25", not "0.25" on a Spanish screen)."""
    form = "ui.scenario_forms."
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?scenario=chile_transforma_2017&lang=en")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        show_tab(page, "Budget")
        _box(page, re.compile("^Total budget")).fill("180")
        show_tab(page, "Constraints")
        _box(page, t(form + "max_programme_share", "en")).fill("25")
        _box(page, t(form + "max_lines", "en")).fill("120")
        assert _box(page, re.compile("^Minimum amount per funded line")).input_value() == "0.25"
        _switch(page, "es")
        _clean(page, "the Scenario page after switching to Spanish")
        show_tab(page, "Restricciones")
        assert _box(page, t(form + "max_programme_share", "es")).input_value() == "25"
        assert _box(page, t(form + "max_lines", "es")).input_value() == "120"
        assert _box(page, re.compile("^Monto mínimo por línea")).input_value() == "0,25"
        assert _box(page, t(form + "min_region_share", "es")).input_value() == "1,5"
        page.locator('[data-testid="stForm"]:visible').first.get_by_role(
            "button", name="Aplicar"
        ).click()
        page.get_by_text("Restricciones actualizadas.").first.wait_for(timeout=WAIT_MS)
        show_tab(page, "Presupuesto")
        assert _box(page, re.compile("^Presupuesto total")).input_value() == "180"
        page.locator('[data-testid="stForm"]:visible').first.get_by_role(
            "button", name="Aplicar"
        ).click()
        # the years' amounts set this total, so it is refused, quoting what was typed
        page.locator('[data-testid="stAlert"]', has_text="180,0 MM USD").first.wait_for(
            timeout=WAIT_MS
        )
        saved = saved_scenario(page, "Abrir y guardar")
        assert saved["budget"]["total"] == 175
        rules = saved["constraints"]
        assert (rules["max_programme_share"], rules["max_lines"]) == (0.25, 120)
        assert (rules["min_ticket"], rules["min_region_share"]) == (0.25, 0.015)
    finally:
        context.close()
