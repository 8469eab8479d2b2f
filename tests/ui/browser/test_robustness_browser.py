"""The Robustness page in a real headless Chromium on the Chile scenario (16 regions): at a
phone's width the core-index heatmap names every region (a row each), at a desktop's the
heatmap keeps a column per region; the ranges are said in plain words, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise import scenario as scenario_io
from prioritise.text import t
from tests.ui.browser.page_tools import WAIT_MS, settled, sized_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[3]
SHIPPED = "chile_transforma_2017"
SCENARIO = scenario_io.load(ROOT / "scenarios" / f"{SHIPPED}.toml")
WIDE = ".st-key-robustness_heat_wide"
NARROW = ".st-key-robustness_heat_narrow"


def _ticks(page, box: str, axis: str) -> list[str]:
    return page.locator(f"{box} .{axis}tick text").all_text_contents()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_region_is_named_on_a_phone_and_on_a_desktop(
    browser, app_server, screenshots: Path, lang: str
) -> None:
    regions = [r.names[lang] for r in SCENARIO.regions_north_to_south()]
    assert len(regions) == 16
    for size in ("phone", "desktop"):
        with sized_page(browser, size) as page:
            page.goto(f"{app_server.url}/robustness?scenario={SHIPPED}&lang={lang}")
            page.locator("h1").first.wait_for(timeout=WAIT_MS)
            settled(page)
            page.get_by_role("button", name=t("ui.robustness.run", lang)).click()
            page.locator(f"{WIDE}, {NARROW}").first.wait_for(state="attached", timeout=WAIT_MS)
            settled(page)
            shown, hidden = (NARROW, WIDE) if size == "phone" else (WIDE, NARROW)
            assert page.locator(shown).is_visible() and not page.locator(hidden).is_visible()
            page.locator(shown).scroll_into_view_if_needed()
            page.locator(shown).screenshot(path=str(screenshots / f"robustness_{lang}_{size}.png"))
            if size == "phone":  # a row per region, each named (long names in two short lines)
                labels = _ticks(page, NARROW, "y")
                assert len(labels) == 16
                for region, label in zip(regions, labels, strict=True):  # lines: no space
                    joined = region.replace(" ", "")
                    assert joined.startswith(label.rstrip("…").replace(" ", "")), (region, label)
            else:
                assert _ticks(page, WIDE, "x") == regions
            body = page.locator("body").inner_text()
            for jargon in ("P10", "P50", "P90", "Dirichlet", "percentil"):
                assert jargon not in body
            band = t("ui.robustness_views.fan_band", lang)
            page.get_by_role("tab", name=t("ui.robustness.tab_regions", lang)).click()
            page.get_by_text(band).first.wait_for(timeout=WAIT_MS)
