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
