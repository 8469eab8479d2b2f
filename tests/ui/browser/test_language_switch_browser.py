"""Switching the language back and forth in a real browser: every choice a page shows (a
method, a view, a programme) keeps working, and no page reports a change the user did not
make. The browser sends a choice back as the words it showed, so a choice worded in the
language before must not be read in the language after."""

from __future__ import annotations

import pytest

from tests.ui.browser.page_tools import WAIT_MS, settled

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
