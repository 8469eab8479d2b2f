"""Tables on a phone: a table wider than the screen scrolls sideways, and touch screens hide
the scroll bar, so a line above every table says so, in the page's language; a desktop shows
no such line."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.text import t
from tests.ui.browser.page_tools import SIZES, WAIT_MS, settled, sized_page

pytestmark = pytest.mark.browser

TABLE = (
    '[data-testid="stElementContainer"]'
    ':has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"])'
)
HINT = "el => getComputedStyle(el, '::before').content"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_line_above_each_table_says_it_scrolls_sideways_on_a_phone(
    browser, app_server, screenshots: Path, lang: str
) -> None:
    for size in SIZES:
        with sized_page(browser, size) as page:
            page.goto(f"{app_server.url}/priorities?lang={lang}")
            page.locator("h1").first.wait_for(timeout=WAIT_MS)
            page.locator(TABLE).first.wait_for(timeout=WAIT_MS)
            settled(page)
            tables = page.locator(TABLE)
            assert tables.count() >= 1
            expected = f'"{t("ui.widgets.table_swipe", lang)}"' if size == "phone" else "none"
            for i in range(tables.count()):
                assert tables.nth(i).evaluate(HINT) == expected, (size, i)
            page.screenshot(path=str(screenshots / f"tables_{lang}_{size}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_line_above_a_table_of_set_height_does_not_push_it_under_what_follows(
    browser, app_server, screenshots: Path, lang: str
) -> None:
    """The Scenario page's floors and caps are tables of a set height: on a phone the line
    above each pushes it down, and its container must grow with it, so that the next heading
    starts below the table's last row, not across it."""
    tab = {"en": "Constraints", "es": "Restricciones"}[lang]
    with sized_page(browser, "phone") as page:
        page.goto(f"{app_server.url}/?lang={lang}&scenario=chile_transforma_2017")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        page.get_by_role("tab", name=tab, exact=True).first.click()
        page.locator(f"{TABLE}[class*=cons_regions]").wait_for(timeout=WAIT_MS)
        settled(page)
        places = page.locator(TABLE).evaluate_all(
            """tables => tables.filter(e => e.getBoundingClientRect().height > 0).map(e => {
                const frame = e.querySelector('[data-testid=stFullScreenFrame]');
                const next = e.nextElementSibling;
                return [frame.getBoundingClientRect().bottom,
                        next ? next.getBoundingClientRect().top : Infinity];
            })"""
        )
        assert len(places) >= 4  # regions, programmes, areas, commitments
        for bottom, below in places:
            assert bottom <= below + 0.5, places
        page.screenshot(path=str(screenshots / f"constraints_{lang}_phone.png"), full_page=True)
