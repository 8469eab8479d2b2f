"""Helpers for the browser tests of a workshop room: a phone's browser settings, waiting until a
run has settled, the no-horizontal-scroll check, a whole-screen screenshot, a button by its
widget key, and a facilitator who starts a workshop.

Imported by the browser tests as `tests.ui.browser.room_tools`; it is a helper, not a test
module.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from prioritise.text import t
from tests.ui.browser.conftest import run_finished

WAIT_MS = 90_000
PHONE_SIZE = {"width": 360, "height": 780}
PHONE = {
    "viewport": PHONE_SIZE,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Mobile Safari/537.36"
    ),
    "is_mobile": True,
    "has_touch": True,
}
"""A phone's browser context settings (add the phone's ``locale``)."""
DESK = {"width": 1400, "height": 1100}


def settled(page, timeout_ms: float = WAIT_MS) -> None:
    """Wait until the app's run is over and everything on the page is drawn."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=timeout_ms)
    run_finished(page, timeout_ms)
    page.wait_for_timeout(300)


def fits(page, where: str) -> None:
    """No horizontal scroll: neither the document nor the app's own scrolling area."""
    widths = page.evaluate(
        """() => {
          const main = document.querySelector('[data-testid="stMain"]');
          return [document.documentElement.scrollWidth, window.innerWidth,
                  main.scrollWidth, main.clientWidth];
        }"""
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[3], (where, widths)


def whole_screen(page, path: Path, size: dict = PHONE_SIZE) -> None:
    """A screenshot of the whole screen as a phone would scroll it (the app scrolls inside its
    main area), taken with the page as tall as its content, then back to ``size``."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


NAV_KEYS = ("wp_next", "wp_back", "wp_send", "wp_change")


def button(page, key: str):
    """The button drawn with widget key ``key``; a phone's Next, Back, Send and Change, whose
    keys name their screen (`nav_key`), on the screen shown."""
    if key in NAV_KEYS:
        return page.locator(f"[class*='st-key-{key}_'] button")
    return page.locator(f".st-key-{key} button")


def start_workshop(
    browser,
    url: str,
    lang: str = "en",
    viewport: dict = DESK,
    title: str = "Taller en la sala",
    key: str | None = None,
):
    """A facilitator's context and page with a new workshop of the tutorial scenario; returns
    them and the join link the page shows. `key`: the access key, for a server the room reaches."""
    ui = "ui.workshop_facilitator."
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{url}/workshop_facilitator?scenario=tutorial&lang={lang}")
    if key is not None:
        page.get_by_label(t("ui.access.key", lang)).fill(key)
        page.get_by_role("button", name=t("ui.access.open", lang)).click()
    page.get_by_label(t(ui + "workshop_title", lang)).fill(title)
    page.get_by_role("button", name=t(ui + "create", lang)).click()
    block = page.locator('[data-testid="stCode"]', has_text="?join=")
    block.wait_for(timeout=WAIT_MS)
    return context, page, block.inner_text().strip()


def join_code_of(link: str) -> str:
    """The workshop code a join link carries (the link also names the room's language)."""
    return parse_qs(urlsplit(link).query)["join"][0]
