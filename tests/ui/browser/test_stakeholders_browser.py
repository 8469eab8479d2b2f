"""The Stakeholders page in a real Chromium: saving one stakeholder's details or applying
their weights leaves the reader on that stakeholder's tab, the weights' notice under the form
applied. Before the tabs had a key, the page drawn again with a notice above them opened the
first stakeholder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.browser.conftest import run_finished
from tests.ui.browser.page_tools import WAIT_MS, settled, sized_page

pytestmark = pytest.mark.browser

PERSON = "Consorcio de universidades regionales"  # the fifth tab; criteria as comparisons


def _open_tab(page) -> str:
    return page.locator('[data-testid="stTab"][aria-selected="true"]').first.inner_text()


def test_saving_details_and_applying_comparisons_keep_the_stakeholder_open(
    browser, app_server, screenshots: Path
) -> None:
    with sized_page(browser, "desktop") as page:
        page.goto(f"{app_server.url}/stakeholders?scenario=chile_transforma_2017&lang=es")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        page.locator('[data-testid="stTab"]', has_text=PERSON).first.click()
        settled(page)
        assert _open_tab(page) == PERSON
        panel = page.locator('[data-testid="stTabPanel"]:visible')
        # The details saved: their notice shows at the top of the page, above the tabs.
        panel.get_by_text("Datos", exact=True).first.click()
        details = panel.locator('[data-testid="stForm"]', has_text="Guardar datos")
        details.get_by_label("Organización").fill("Universidades regionales")
        details.get_by_role("button", name="Guardar datos").click()
        page.get_by_text("Datos guardados.").first.wait_for(timeout=WAIT_MS)
        settled(page)
        assert _open_tab(page) == PERSON
        form = panel.locator('[data-testid="stForm"]', has=page.locator('input[type="range"]'))
        thumb = form.locator('input[type="range"]').first  # the first pair's slider
        before = thumb.get_attribute("aria-valuetext")
        thumb.press("ArrowRight")  # one step towards the pair's second item
        page.wait_for_timeout(500)
        assert thumb.get_attribute("aria-valuetext") != before
        form.get_by_role("button", name="Aplicar").click()
        page.wait_for_timeout(800)
        settled(page)
        run_finished(page, WAIT_MS)
        notice = page.locator('[data-testid="stTabPanel"]:visible [data-testid="stAlert"]')
        notice.filter(has_text="Ponderaciones actualizadas.").first.wait_for(timeout=WAIT_MS)
        assert _open_tab(page) == PERSON  # it was the first tab, CORFO's
        page.screenshot(path=str(screenshots / "stakeholders_applied_es.png"))
