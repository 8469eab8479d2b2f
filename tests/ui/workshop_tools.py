"""Helpers for the live-workshop AppTest modules: the tutorial scenario, an answer, the
facilitator's page of a workshop, a participant's first run, and the texts of one kind of
element or of the progress bars.

Imported by the workshop tests as `tests.ui.workshop_tools`; it is a helper, not a test module
(the `store` fixture is in `tests/ui/conftest.py`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from streamlit.testing.v1 import AppTest

from prioritise.ui.workshop import cookies
from prioritise.ui.workshop.phone import (
    KEY_BACK,
    KEY_CHANGE,
    KEY_GROUP,
    KEY_JOIN,
    KEY_NAME,
    KEY_NEXT,
    KEY_ORGANISATION,
    KEY_SEND,
)
from prioritise.workshop import WorkshopStore
from tests.ui.apptools import ROOT, assert_clean, go, start

BAR_TEXT = re.compile(r'<div class="pz-text">(.*?)</div>')
BAR_WORDS = re.compile(r'<div class="pz-(?:text|name|head)">(.*?)</div>')
TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


def answer(growth: float = 50, exports: float = 30, jobs: float = 20, lag: float = 50) -> dict:
    return {
        "criteria": {"growth": float(growth), "exports": float(exports), "jobs": float(jobs)},
        "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
        "regional_criteria": {"specialisation": 100.0 - lag, "lagging": float(lag)},
    }


def facilitator(store: WorkshopStore, code: str, secret: str, lang: str = "en") -> AppTest:
    at = start("tutorial", lang)
    at.session_state["wf_code"] = code
    at.session_state["wf_secret"] = secret
    return go(at, "workshop_facilitator")


def texts(at: AppTest, kind: str) -> list[str]:
    return [element.value for element in getattr(at, kind)]


@contextmanager
def browser_cookies(jar: dict[str, str]) -> Iterator[None]:
    """Runs in which the browser sends these cookies (AppTest has no browser to keep any)."""
    with mock.patch.object(cookies, "read", lambda name: jar.get(name)):
        yield


def participant(
    code: str,
    token: str | None = None,
    lang: str = "en",
    *,
    same_browser: bool = True,
    sent: str | None = None,
) -> AppTest:
    """A participant's page opened from their link: by default in the browser that joined
    with it (which keeps the link's cookie), else in another one; ``sent`` is the id of the
    last send the URL kept."""
    params = {"join": code, "lang": lang} | ({"me": token} if token else {})
    params |= {"sent": sent} if sent else {}
    jar = {f"me_{code.upper()}": token} if token and same_browser else {}
    with browser_cookies(jar):
        return start(**params)


def bars(at: AppTest) -> list[str]:
    """The texts of the bars on the page: the progress line first, then the share bars (drawn
    as blocks of HTML, see ``ui.workshop.bars``) in page order."""
    progress = [element.proto.text for element in at.get("progress")]
    shares = [
        html.unescape(text) for element in at.html for text in BAR_TEXT.findall(element.value)
    ]
    return progress + shares


def join(code: str, name: str = "Ana", group: str = "public", lang: str = "en") -> AppTest:
    at = participant(code, lang=lang)
    at.text_input(key=KEY_NAME).set_value(name)
    at.text_input(key=KEY_ORGANISATION).set_value("CORFO")
    at.selectbox(key=KEY_GROUP).set_value(group)
    at.button(key=KEY_JOIN).click().run()
    assert_clean(at)
    return at


NAV_KEYS = (KEY_NEXT, KEY_BACK, KEY_SEND, KEY_CHANGE)


def nav_button(at: AppTest, key: str):
    """The button `key` on the screen shown: each screen's navigation buttons have keys of
    their own (`nav_key`), so that a double tap never presses the next screen's."""
    if key not in NAV_KEYS:
        return at.button(key=key)
    (found,) = [b for b in at.button if b.key and b.key.startswith(key + "_")]
    return found


def press(at: AppTest, key: str) -> AppTest:
    nav_button(at, key).click().run()
    assert_clean(at)
    return at


def step(at: AppTest) -> str:
    """The progress line ('2 of 4'), the first bar on the page."""
    return bars(at)[0]


def bar_words(at: AppTest) -> list[str]:
    """Every text in the page's share-bar blocks: headings, item names or descriptions, and
    the words above each bar."""
    return [html.unescape(t) for element in at.html for t in BAR_WORDS.findall(element.value)]
