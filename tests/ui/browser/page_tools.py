"""Waiting for a page to settle in the browser tests, pages at desktop and phone size (and in a
phone's browser), and
what an English number looks like (a Spanish page must show none). A helper, not a test
module."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

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
