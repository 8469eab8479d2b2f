"""The Initiatives page in a real headless Chromium, at desktop and phone size in both
languages: the table on a desktop, the compact list on a phone, no sideways scrolling, the
value-for-money chart drawn, and numbers the language's way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prioritise import scenario as scenario_io
from tests.ui.browser.page_tools import ENGLISH_NUMBER, SIZES, WAIT_MS, settled, sized_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[3]
SHIPPED = "chile_transforma_initiatives_2017"
SCENARIO = scenario_io.load(ROOT / "scenarios" / f"{SHIPPED}.toml")
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_initiatives_page_at_desktop_and_phone_size(
    browser, app_server, screenshots: Path, lang: str
) -> None:
    for size in SIZES:
        with sized_page(browser, size) as page:
            page.goto(f"{app_server.url}/initiatives?scenario={SHIPPED}&lang={lang}")
            page.locator("h1").first.wait_for(timeout=WAIT_MS)
            settled(page)
            body = page.locator("body").inner_text()
            assert "Algo falló" not in body and "went wrong" not in body
            if lang == "es":
                assert not ENGLISH_NUMBER.search(body)
            for item in SCENARIO.initiatives:  # names in the language, never ids
                assert item.id not in re.findall(r"[\w-]+", body)
            first = SCENARIO.initiatives[0].names[lang]
            assert first in body
            assert page.evaluate(SIDEWAYS) <= 0, size
            wide = page.locator(".st-key-init_wide").first
            narrow = page.locator(".st-key-init_narrow").first
            assert wide.is_visible() == (size == "desktop")
            assert narrow.is_visible() == (size == "phone")
            page.screenshot(
                path=str(screenshots / f"initiatives_{lang}_{size}.png"), full_page=True
            )
            tab = {"en": "Value for money", "es": "Valor por costo"}[lang]
            page.get_by_role("tab", name=tab).click()
            chart = page.locator(".js-plotly-plot").first
            chart.wait_for(timeout=WAIT_MS)
            page.wait_for_timeout(1000)
            assert page.evaluate(SIDEWAYS) <= 0, size
            assert chart.locator(".scatterlayer .point").count() == len(SCENARIO.initiatives)
            page.screenshot(
                path=str(screenshots / f"initiatives_{lang}_{size}_chart.png"), full_page=True
            )
