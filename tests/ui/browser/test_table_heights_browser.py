"""Tables in a real Chromium show what they hold without hiding it.

- A list of programmes or regions shows every row: Streamlit's own height shows ten rows and
  scrolls the rest out of sight (the default scenario's thirteen programmes lost three, with no
  scroll bar on a phone). The regions' floors and caps, typed into, show all sixteen.
- On a phone (a browser that says it is one), a stakeholder's ranks and the weights beside
  them fit the screen: the rank column was past its right edge, and a line above the tables
  told the reader to swipe tables that had nothing to swipe to.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.text import t
from tests.ui.browser.page_tools import (
    PHONE,
    WAIT_MS,
    phone_page,
    settled,
    show_tab,
    sized_page,
)

pytestmark = pytest.mark.browser

TABLE = (
    '[data-testid="stElementContainer"]'
    ':has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"])'
)
HINT = "el => getComputedStyle(el, '::before').content"
OVERFLOW = """el => {
    const s = el.querySelector('.dvn-scroller');
    return {down: s.scrollHeight - s.clientHeight, across: s.scrollWidth - s.clientWidth};
}"""


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_ranking_of_thirteen_programmes_shows_every_row(
    browser, app_server, screenshots: Path, size: str
) -> None:
    with sized_page(browser, size) as page:
        page.goto(f"{app_server.url}/priorities?scenario=chile_transforma_2017&lang=es")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        table = page.locator(TABLE).filter(has_text="Servicios globales").first  # the first
        table.wait_for(timeout=WAIT_MS)
        settled(page)
        rows = table.locator('[role="row"]').evaluate_all("rs => rs.map(r => r.innerText)")
        assert len(rows) == 14  # the header and every programme
        assert "Recursos hídricos" in rows[-1]  # the last, at 5,2 %
        assert table.evaluate(OVERFLOW)["down"] <= 1  # nothing scrolled out of sight
        table.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"ranking_rows_es_{size}.png"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_floors_and_caps_of_sixteen_regions_show_every_row(
    browser, app_server, screenshots: Path, size: str
) -> None:
    with sized_page(browser, size) as page:
        page.goto(f"{app_server.url}/?scenario=chile_transforma_2017&lang=es")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        show_tab(page, "Restricciones")
        form = page.locator('[data-testid="stForm"]').filter(visible=True)
        table = form.locator(TABLE).filter(has_text="Arica y Parinacota").first
        table.wait_for(timeout=WAIT_MS)
        rows = table.locator('[role="row"]').evaluate_all("rs => rs.map(r => r.innerText)")
        assert len(rows) == 17  # the header and every region, north to south
        assert "Magallanes" in rows[-1]
        assert table.evaluate(OVERFLOW)["down"] <= 1  # nothing scrolled out of sight
        table.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"region_bounds_rows_es_{size}.png"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_ranking_and_its_weights_fit_a_phone(
    browser, app_server, screenshots: Path, lang: str
) -> None:
    ranks = t("ui.weights_editor.form_ranks", lang)
    with phone_page(browser) as page:
        page.goto(f"{app_server.url}/stakeholders?scenario=chile_transforma_2017&lang={lang}&app=1")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        # CORFO's criteria, as ranks (the other tabs' selectors are drawn, hidden)
        page.get_by_text(ranks, exact=True).filter(visible=True).first.click()
        form = page.locator('[data-testid="stForm"]').filter(visible=True)
        editor = form.locator(TABLE).first
        editor.wait_for(timeout=WAIT_MS)
        settled(page)
        header = editor.locator('[role="columnheader"]').evaluate_all(
            "hs => hs.map(h => h.getBoundingClientRect().right)"
        )
        assert max(header) <= PHONE["viewport"]["width"]  # the rank column is in view
        weights = page.locator(f"[class*=weights_given] {TABLE}").filter(visible=True)
        effect = page.locator(f"[class*=weights_effect] {TABLE}").filter(visible=True)
        for table in (editor, weights.first, effect.first):
            table.scroll_into_view_if_needed()
            assert table.evaluate(OVERFLOW) == {"down": 0, "across": 0}
            assert table.evaluate(HINT) in ('""', "none")  # no line says to swipe it
        assert weights.count() == 1  # this scenario has no initiative criteria
        editor.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"ranks_phone_{lang}.png"))


def test_a_ranking_of_two_groups_names_its_rank_column_in_full_on_a_phone(
    browser, app_server, screenshots: Path
) -> None:
    """With initiative criteria beside the programmes' a phone's rank column is 88 pixels
    wide, where "Orden de prioridad" showed as "Orden de p…": it is headed "Orden" there."""
    ranks = t("ui.weights_editor.form_ranks", "es")
    with phone_page(browser) as page:
        page.goto(
            f"{app_server.url}/stakeholders?scenario=chile_transforma_initiatives_2017"
            "&lang=es&app=1"
        )
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        page.get_by_text(ranks, exact=True).filter(visible=True).first.click()
        editor = page.locator('[data-testid="stForm"]').filter(visible=True).locator(TABLE).first
        editor.wait_for(timeout=WAIT_MS)
        settled(page)
        headers = editor.locator('[role="columnheader"]')
        names = headers.evaluate_all("hs => hs.map(h => h.innerText.trim())")
        assert names[-1] == t("ui.weights_editor.rank_short", "es"), names
        assert t("common.rank", "es") not in names
        rights = headers.evaluate_all("hs => hs.map(h => h.getBoundingClientRect().right)")
        assert max(rights) <= PHONE["viewport"]["width"]
        editor.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "ranks_two_groups_phone_es.png"))
