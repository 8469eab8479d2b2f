"""Waiting for a page to settle in the browser tests, pages at desktop and phone size (and in a
phone's browser), the Scenario page's tabs and the scenario it saves, and
what an English number looks like (a Spanish page must show none). A helper, not a test
module."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ui.browser.conftest import run_finished

WAIT_MS = 90_000
ENGLISH_NUMBER = re.compile(r"\d\.\d+\s?%|\(UTC\)")
SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}


PHONE = {
    "viewport": {"width": SIZES["phone"][0], "height": SIZES["phone"][1]},
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Mobile Safari/537.36"
    ),
    "is_mobile": True,
    "has_touch": True,
}
"""A phone's browser: its size, and a User-Agent that says it is a phone, as the app reads it."""


@contextmanager
def phone_page(browser) -> Iterator:
    """A fresh page in a browser that says it is a phone (`PHONE`), closed afterwards."""
    context = browser.new_context(**PHONE)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def sized_page(browser, size: str) -> Iterator:
    """A fresh page of one of `SIZES`, closed (with its context) afterwards."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


def settled(page) -> None:
    """The run has finished and no spinner or progress bar is left (optimising takes a while)."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=WAIT_MS)
    for busy in ('[data-testid="stSpinner"]', '[data-testid="stProgress"]'):
        page.locator(busy).first.wait_for(state="hidden", timeout=WAIT_MS)
    # Charts and downloads show a grey placeholder until their library has loaded.
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="hidden", timeout=WAIT_MS)
    page.wait_for_timeout(1500)


def show_tab(page, name: str) -> None:
    """Open the tab named `name` once the run has drawn everything."""
    run_finished(page, WAIT_MS)
    page.locator('[data-testid="stTab"]:visible', has_text=name).first.click()
    page.wait_for_timeout(800)
    settled(page)


def saved_scenario(page, file_tab: str) -> dict:
    """The scenario as the Scenario page saves it (its tab for files is named `file_tab`)."""
    show_tab(page, file_tab)
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button').first.click()
    return tomllib.loads(Path(download.value.path()).read_text(encoding="utf-8"))
