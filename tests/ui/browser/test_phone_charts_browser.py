"""The money flow and the trade-offs' stacked areas read on a phone, in a real Chromium that
says it is a phone (its User-Agent, as a phone's browser does), in both languages.

The default scenario (Chile's 16 regions): on a phone the money flow's labels printed over each
other, and the stacked areas' legend filled the top of the chart, squeezed the plot and
scrolled its last entries out of sight. The labels drawn must not overlap, every region must
be named in full by the hover, and the legends must come whole under the plot; a laptop keeps
the whole names. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise import scenario as scenario_io
from prioritise.ui import i18n
from tests.ui.browser.page_tools import WAIT_MS, phone_page, settled, sized_page

pytestmark = pytest.mark.browser

BOXES = """nodes => nodes.map(n => {
    const b = n.getBoundingClientRect();
    return {text: n.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom};
})"""
SANKEY = ".js-plotly-plot:has(g.sankey)"


def _regions(lang: str) -> list[str]:
    scenario = scenario_io.load(scenario_io.default_scenario_path())
    return [i18n.label(r, lang) for r in scenario.regions_north_to_south()]


def _overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    )


def _labels(page, url: str, lang: str) -> list[dict]:
    page.goto(f"{url}/portfolio?lang={lang}&app=1")
    page.locator(f"{SANKEY} .node-label").first.wait_for(timeout=WAIT_MS)
    settled(page)
    page.locator(SANKEY).scroll_into_view_if_needed()
    return page.locator(f"{SANKEY} .node-label").evaluate_all(BOXES)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_money_flows_labels_do_not_overlap_on_a_phone(
    browser, app_server, screenshots: Path, lang: str
) -> None:
    regions = _regions(lang)
    with phone_page(browser) as page:
        labels = _labels(page, app_server.url, lang)
        chart = page.locator(SANKEY).evaluate_all(BOXES)[0]
        page.locator(SANKEY).screenshot(path=str(screenshots / f"sankey_{lang}_phone.png"))
        assert len(labels) >= len(regions) == 16
        for label in labels:  # inside the chart, not cut at the screen's edge
            assert chart["left"] - 1 <= label["left"] and label["right"] <= chart["right"] + 1
        crossed = [
            (a["text"], b["text"])
            for i, a in enumerate(labels)
            for b in labels[i + 1 :]
            if _overlap(a, b)
        ]
        assert not crossed
        # every region is a tap away in full, the smallest at the bottom too
        nodes = page.locator(f"{SANKEY} .sankey-node")
        for i in (nodes.count() - 1, nodes.count() - 16):
            nodes.nth(i).locator(".node-rect").hover()
            hover = page.locator(".hoverlayer .hovertext").first
            hover.wait_for(timeout=WAIT_MS)
            assert regions[i - nodes.count() + 16] in hover.text_content()
        said = " ".join(page.locator('[data-testid="stCaptionContainer"]').all_text_contents())
        assert ("Regions tab" if lang == "en" else "pestaña Regiones") in said


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_laptop_keeps_the_whole_names_in_the_money_flow(browser, app_server, lang: str) -> None:
    with sized_page(browser, "desktop") as page:
        shown = [label["text"] for label in _labels(page, app_server.url, lang)]
        assert shown[-16:] == _regions(lang)


def _areas(page, url: str, lang: str):
    page.goto(f"{url}/tradeoffs?lang={lang}&app=1")
    page.locator(".st-key-run_sweep button").wait_for(timeout=WAIT_MS)
    settled(page)
    page.locator(".st-key-run_sweep button").click()
    charts = page.locator(".js-plotly-plot:has(.scatterlayer .trace)")
    charts.nth(2).wait_for(timeout=WAIT_MS)
    settled(page)
    return [charts.nth(1), charts.nth(2)]  # after the sweep: by programme, by region


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_stacked_areas_legend_comes_whole_under_the_plot_on_a_phone(
    browser, app_server, screenshots: Path, lang: str
) -> None:
    regions = _regions(lang)
    with phone_page(browser) as page:
        shown = _areas(page, app_server.url, lang)
        for name, chart in zip(("programmes", "regions"), shown, strict=True):
            chart.scroll_into_view_if_needed()
            chart.screenshot(path=str(screenshots / f"areas_{name}_{lang}_phone.png"))
            (plot,) = chart.locator(".draglayer .nsewdrag").evaluate_all(BOXES)
            (legend,) = chart.locator("g.legend").evaluate_all(BOXES)
            (figure,) = chart.locator(".main-svg").first.evaluate_all(BOXES)
            assert plot["bottom"] - plot["top"] >= 300, name  # the plot is not squeezed
            assert legend["top"] >= plot["bottom"], name  # under it, not over it
            assert legend["bottom"] <= figure["bottom"] + 1, name
            entries = chart.locator("g.legend .traces").evaluate_all(BOXES)
            assert all(e["bottom"] <= figure["bottom"] + 1 for e in entries), name
            bar = chart.locator("g.legend .scrollbar")
            assert not bar.count() or float(bar.first.get_attribute("height") or 0) == 0, name
            if name == "regions":  # every region and both budget marks are named
                texts = [e["text"] for e in entries]
                assert set(regions) <= set(texts) and len(texts) == len(regions) + 2
