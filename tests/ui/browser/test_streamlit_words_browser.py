"""Streamlit's own words in a real browser, at desktop and phone size: the hint under an input
being edited ("Press Enter to apply", "… to submit form") is drawn in the page's language with
Streamlit's English hidden, the character count beside it stays, drop-down lists carry our
placeholder and number inputs show whole numbers without decimals ("175", not "175.00"). The
words of Streamlit's controls (the table toolbar, help icons, the charts' toolbar) and their
tooltips are the page's language's, and a switch of language writes them again."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from prioritise.text import t
from prioritise.ui.streamlit_words import HELP_FOR, WORDS
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


LABELS = """() => [...document.querySelectorAll('[aria-label], [title], [data-title]')].flatMap(
    e => ['aria-label', 'title', 'data-title'].map(a => e.getAttribute(a)).filter(v => v))"""


def _english(labels: list[str]) -> list[str]:
    """The labels that are Streamlit's English words."""
    return [label for label in labels if label in WORDS or label.startswith(HELP_FOR)]


def test_streamlits_own_words_follow_the_pages_language(
    browser, app_server, screenshots: Path
) -> None:
    words = "ui.streamlit_words."
    with sized_page(browser, "desktop") as page:
        page.goto(f"{app_server.url}/priorities?scenario=chile_transforma_2017&lang=es")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        table = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
        table.hover()
        download = page.get_by_role("button", name=t(words + "download_csv", "es"))
        download.filter(visible=True).first.wait_for(timeout=WAIT_MS)
        for _ in range(3):  # a tooltip shows after the pointer rests on its button
            table.hover()
            download.filter(visible=True).first.hover()
            tip = page.locator('[data-testid="stTooltipContent"]').filter(visible=True)
            try:
                tip.first.wait_for(timeout=5000)
                break
            except PlaywrightTimeout:  # moved too soon: rest on it again
                page.mouse.move(0, 0)
        assert tip.first.inner_text() == "Descargar como CSV"
        page.screenshot(path=str(screenshots / "streamlit_words_es.png"))
        labels = page.evaluate(LABELS)
        assert not _english(labels), _english(labels)
        assert "Ayuda: Método de puntaje" in labels  # a help icon, for a screen reader
        assert t(words + "download_png", "es") in labels  # the charts' toolbar
        assert t(words + "search", "es") in labels
        page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
        settled(page)
        labels = page.evaluate(LABELS)
        assert "Download as CSV" in labels and "Help for Scoring method" in labels
        assert not [label for label in labels if label.startswith("Ayuda")]
        assert "Descargar como CSV" not in labels
