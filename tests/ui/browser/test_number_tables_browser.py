"""The Scenario page's tables in a real Chromium, typed into as a reader types.

Their number cells were Streamlit number columns, whose editor takes its decimal mark from the
browser's language: in a browser set to English (and in a headless one) "1,5" typed on the
Spanish page lost its comma as a thousands mark and a regional floor of 1.5 % was applied as
15 %, "12,5" per year as 125, a commitment of "2,5" as 25, each with "updated". The cells are
text now, read the page's way whatever the browser's language; these tests type into them in
browsers set to English and to Chilean Spanish and read back the scenario the page saves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.browser.conftest import run_finished
from tests.ui.browser.page_tools import WAIT_MS, saved_scenario, settled, show_tab

pytestmark = pytest.mark.browser

ROW = 35
"""The editor's header and rows are this many pixels high."""
WORDS = {
    "es": {"budget": "Presupuesto", "rules": "Restricciones", "file": "Abrir y guardar"},
    "en": {"budget": "Budget", "rules": "Constraints", "file": "Open and save"},
}
APPLY = {"es": "Aplicar", "en": "Apply"}
TRIES = 3
TYPED_MS = 10_000
"""How long a typed cell may take to show what was typed before the typing is tried again."""


def _open(browser, url: str, locale: str) -> Any:
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale=locale, accept_downloads=True
    )
    page = context.new_page()
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=WAIT_MS)
    settled(page)
    return page


def _editors(page) -> list:
    """The tables the open tab shows, each found again among the visible ones whenever it is
    used: a run that redraws the page can reorder the hidden tabs' tables, and a table held by
    its place among all of them then points at one no one can see."""
    run_finished(page, WAIT_MS)
    tables = page.locator('[data-testid="stDataFrame"]:visible')
    return [tables.nth(i) for i in range(tables.count())]


def _cell_text(editor, column: int, row: int) -> str:
    """What a cell shows, read from the grid's own table for screen readers."""
    return editor.locator(f"td#glide-cell-{column}-{row}").inner_text()


def _row_texts(editor, row: int) -> list[str]:
    """What every cell of a row shows, read from the grid's own table for screen readers."""
    cells = editor.locator(f'td[id^="glide-cell-"][id$="-{row}"]')
    return [text.strip() for text in cells.all_inner_texts()]


def _focused(editor) -> bool:
    """Whether the keys go to the table (its grid holds the focus)."""
    return editor.evaluate("table => table.contains(document.activeElement)")


def _type(page, editor, row: int, text: str, lefts: int = 0) -> None:
    """Select a cell of the last column (then `lefts` to the left), type, press Enter, and
    see the row show it: on a busy machine the grid can miss a click made before it is
    ready, so the typing is tried again. A key is pressed only once the table holds the
    focus: after a missed click the focus stays on the tab just opened, whose arrow keys open
    the tab beside it, and the typing then went into another tab's table."""
    tab = _open_tab(page)
    for _ in range(TRIES):
        # Clicked through the locator, which scrolls and waits until the table stands still.
        width = editor.bounding_box()["width"]
        editor.click(position={"x": width - 24, "y": ROW * (row + 1) + ROW / 2})
        for _ in range(TYPED_MS // 250):
            if _focused(editor):
                break
            page.wait_for_timeout(250)
        else:
            continue  # the click was missed: click again
        for _ in range(lefts):
            page.keyboard.press("ArrowLeft")
        page.keyboard.type(text, delay=40)
        page.keyboard.press("Enter")
        for _ in range(TYPED_MS // 250):
            page.wait_for_timeout(250)
            if text in _row_texts(editor, row):
                assert _open_tab(page) == tab, f"typed with {_open_tab(page)!r} open, not {tab!r}"
                return
        page.keyboard.press("Escape")
    raise AssertionError(f"{text!r} typed {TRIES} times and never shown: {_row_texts(editor, row)}")


def _apply(page, lang: str) -> None:
    form = page.locator('[data-testid="stForm"]:visible').first
    form.get_by_role("button", name=APPLY[lang]).click()
    page.wait_for_timeout(800)
    settled(page)


def _open_tab(page) -> str:
    return page.locator('[data-testid="stTab"][aria-selected="true"]:visible').inner_text()


def _saved(page, lang: str) -> dict:
    """The scenario as the page saves it."""
    return saved_scenario(page, WORDS[lang]["file"])


@pytest.mark.parametrize("locale", ["en-US", "es-CL"])
def test_spanish_decimals_typed_in_the_tables_are_applied_whatever_the_browsers_language(
    browser, app_server, screenshots: Path, locale: str
) -> None:
    page = _open(browser, f"{app_server.url}/?scenario=chile_transforma_2017&lang=es", locale)
    try:
        show_tab(page, "Presupuesto")
        (years,) = _editors(page)
        assert [_cell_text(years, 2, row) for row in range(3)] == ["55,00", "60,00", "60,00"]
        _type(page, years, 0, "12,5")
        assert _cell_text(years, 2, 0) == "12,5"  # the comma is kept, not dropped
        _apply(page, "es")
        page.get_by_text("Presupuesto actualizado.").first.wait_for(timeout=WAIT_MS)
        assert _open_tab(page) == "Presupuesto"  # Apply leaves the reader where they were
        show_tab(page, "Restricciones")
        regions = _editors(page)[0]
        assert _cell_text(regions, 1, 2) == "5,0"  # Antofagasta's floor
        _type(page, regions, 0, "1,5", lefts=1)  # Arica's floor
        assert _cell_text(regions, 1, 0) == "1,5"
        regions.screenshot(path=str(screenshots / f"number_tables_typed_{locale}.png"))
        _apply(page, "es")
        page.get_by_text("Restricciones actualizadas.").first.wait_for(timeout=WAIT_MS)
        assert _open_tab(page) == "Restricciones"  # it was the first tab, "Abrir y guardar"
        saved = _saved(page, "es")
        assert saved["budget"]["per_year"] == [12.5, 60.0, 60.0]
        assert saved["constraints"]["region_share"]["arica"] == {"min": 0.015}
        page.goto(f"{app_server.url}/?scenario=chile_clusters_2008&lang=es")
        page.locator("h1").first.wait_for(timeout=WAIT_MS)
        settled(page)
        show_tab(page, "Restricciones")
        fixed = _editors(page)[-1]
        assert _cell_text(fixed, 5, 0) == "2,00"
        _type(page, fixed, 0, "2,5")
        _apply(page, "es")
        page.get_by_text("Restricciones actualizadas.").first.wait_for(timeout=WAIT_MS)
        (commitment,) = _saved(page, "es")["constraints"]["fixed"]
        assert commitment["amount"] == 2.5
    finally:
        page.context.close()


def test_an_entry_that_reads_two_ways_is_refused_and_kept(
    browser, app_server, screenshots: Path
) -> None:
    page = _open(browser, f"{app_server.url}/?scenario=chile_transforma_2017&lang=es", "en-US")
    try:
        show_tab(page, "Restricciones")
        regions = _editors(page)[0]
        _type(page, regions, 0, "1.500", lefts=1)
        _apply(page, "es")
        error = page.locator('[data-testid="stAlert"]', has_text="1.500").first
        error.wait_for(timeout=WAIT_MS)
        said = error.inner_text()
        assert "No se pudieron cambiar las restricciones" in said
        assert "Pisos y topes regionales, fila «Arica y Parinacota», columna «Mínimo %»" in said
        assert "«1.500» no es un número" in said
        assert page.get_by_text("Restricciones actualizadas.").count() == 0
        regions = _editors(page)[0]
        assert _cell_text(regions, 1, 0) == "1.500"  # what was typed stays, to correct
        error.screenshot(path=str(screenshots / "number_tables_refused_es.png"))
        assert "arica" not in _saved(page, "es")["constraints"]["region_share"]
    finally:
        page.context.close()


def test_english_tables_write_and_read_a_decimal_point(
    browser, app_server, screenshots: Path
) -> None:
    page = _open(browser, f"{app_server.url}/?scenario=chile_transforma_2017&lang=en", "es-CL")
    try:
        show_tab(page, "Constraints")
        regions = _editors(page)[0]
        assert _cell_text(regions, 1, 2) == "5.0"
        _type(page, regions, 0, "1.5", lefts=1)
        _apply(page, "en")
        page.get_by_text("Constraints updated.").first.wait_for(timeout=WAIT_MS)
        assert _saved(page, "en")["constraints"]["region_share"]["arica"] == {"min": 0.015}
    finally:
        page.context.close()
