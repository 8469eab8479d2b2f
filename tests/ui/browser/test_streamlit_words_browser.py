"""Streamlit's own words in a real browser, at desktop and phone size: the hint under an input
being edited ("Press Enter to apply", "… to submit form") is drawn in the page's language with
Streamlit's English hidden, the character count beside it stays, drop-down lists carry our
placeholder and number inputs show whole numbers without decimals ("175", not "175.00")."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.text import t
from tests.ui.browser.page_tools import SIZES, WAIT_MS, settled, sized_page

pytestmark = pytest.mark.browser

HINT = '[data-testid="InputInstructions"] > span'
DRAWN = "e => [getComputedStyle(e, '::after').content, getComputedStyle(e).fontSize, e.innerText]"


def _typed_hint(page, field) -> list[tuple[str, str, str]]:
    """Type into `field`, then (drawn words, font size of Streamlit's text, its text) of each
    part of the instructions under it."""
    field.click()
    field.type("7")
    page.locator(HINT).first.wait_for(state="attached", timeout=WAIT_MS)
    return [tuple(part.evaluate(DRAWN)) for part in page.locator(HINT).all()]


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_hint_under_an_input_is_in_the_pages_language(
    browser, app_server, screenshots: Path, lang: str, size: str
) -> None:
    with sized_page(browser, size) as page:
        page.goto(f"{app_server.url}/tradeoffs?scenario=chile_transforma_2017&lang={lang}&app=1")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        budgets = page.locator('[data-testid="stTextInput"] input').first
        (hint,) = _typed_hint(page, budgets)
        assert hint[0] == f'"{t("ui.widgets.enter_apply", lang)}"', hint
        assert hint[1] == "0px" and hint[2].startswith("Press Enter"), hint  # English hidden
        page.screenshot(path=str(screenshots / f"input_hint_{lang}_{size}.png"))

        page.goto(f"{app_server.url}/workshop_participant?lang={lang}&app=1")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        code = page.locator('[data-testid="stForm"] [data-testid="stTextInput"] input').first
        hint, count = _typed_hint(page, code)
        assert hint[0] == f'"{t("ui.widgets.enter_submit", lang)}"', hint
        assert hint[1] == "0px", hint
        assert count[2] == "1/32" and count[1] != "0px", count  # the count is left as it is
        assert count[0] == "none", count


@pytest.mark.parametrize("size", list(SIZES))
def test_drop_downs_and_numbers_in_spanish(
    browser, app_server, screenshots: Path, size: str
) -> None:
    with sized_page(browser, size) as page:
        page.goto(f"{app_server.url}/portfolio?scenario=chile_transforma_2017&lang=es&app=1")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        budget = page.get_by_role("textbox", name="Presupuesto a optimizar (MM USD)")
        assert budget.input_value() == "175"  # a number box (prioritise.ui.number_box)
        budget.fill("192,5")
        budget.press("Enter")
        settled(page)
        page.get_by_text("se optimizan 192,5 MM USD").first.wait_for(timeout=WAIT_MS)
        assert (
            page.get_by_role("textbox", name="Presupuesto a optimizar (MM USD)").input_value()
            == "192,5"
        )
        boxes = page.locator('[data-testid="stSelectbox"] input')
        boxes.first.wait_for(state="attached", timeout=WAIT_MS)  # drawn with the split, later
        assert boxes.count() >= 1
        for i in range(boxes.count()):
            assert boxes.nth(i).get_attribute("placeholder") == "Elija una opción", i
        page.screenshot(path=str(screenshots / f"numbers_es_{size}.png"))
