"""A server the room reaches, in a real browser: a participant on the room's network opens the
participant view and nothing else without the access key; an analyst there opens everything
with it; the analyst at the server's own computer is not asked."""

from __future__ import annotations

from pathlib import Path

from prioritise.text import t
from prioritise.workshop import WorkshopStore
from prioritise.workshop.access import ACCESS_KEY_ENV
from prioritise.workshop.address import detect_lan_address
from tests.ui.browser.conftest import AppServer
from tests.ui.browser.room_tools import PHONE, WAIT_MS, settled

ROOT = Path(__file__).parents[3]
KEY = "k7m2q-x9tba-3hw8e-pcn4r"
ANALYST_PAGES = ("scenario", "portfolio", "workshop_facilitator", "sensitivity", "?app=1")


def _locked(page) -> None:
    """The workshop code (a phone), with the key's field below it (a computer, or a phone
    going on to the full app), and nothing else: no menu, no upload, no workshop to start."""
    page.get_by_role("heading", name="Join a workshop").wait_for(timeout=WAIT_MS)
    settled(page)
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    # every page's address is known: no "page not found" (Streamlit's own, in English) on top
    assert page.get_by_text("Page not found").count() == 0, page.url
    assert page.get_by_label(t("ui.workshop_facilitator.workshop_title", "en")).count() == 0


def test_a_participant_reaches_no_analyst_page_without_the_key(
    browser, tmp_path: Path, screenshots: Path, monkeypatch
) -> None:
    database = tmp_path / "workshop.sqlite"
    monkeypatch.setenv("PRIORITISE_DB_PATH", str(database))
    with WorkshopStore() as store:
        scenario = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
        _, code, _ = store.create_workshop("Taller en la sala", scenario)
    server = AppServer(
        env={"PRIORITISE_DB_PATH": str(database), ACCESS_KEY_ENV: KEY}, address="0.0.0.0"
    )
    lan = detect_lan_address()
    assert lan is not None, "this test reaches the server over the machine's network address"
    room = server.url.replace("127.0.0.1", lan)  # as a phone on the room's Wi-Fi opens it
    try:
        server.wait_ready()
        phone = browser.new_context(locale="en-GB", **PHONE)
        try:
            page = phone.new_page()
            page.goto(f"{room}/?join={code}&lang=en")  # the join link: no key
            page.get_by_text("Taller en la sala").wait_for(timeout=WAIT_MS)
            page.locator('[data-testid="stForm"] input').first.wait_for(timeout=WAIT_MS)
            assert page.get_by_label(t("ui.access.key", "en")).count() == 0
            page.goto(f"{room}/?lang=en")  # the plain address: the workshop code only
            page.get_by_role("heading", name="Join a workshop").wait_for(timeout=WAIT_MS)
            settled(page)
            assert page.locator('[data-testid="stSidebar"]').count() == 0
            for path in ANALYST_PAGES:  # every other page: the code or the key screen
                page.goto(f"{room}/{path}{'&' if '?' in path else '?'}lang=en")
                _locked(page)
            assert page.get_by_label(t("ui.access.key", "en")).count() == 1  # ?app=1
            page.screenshot(path=str(screenshots / "access_key_screen.png"))
            page.get_by_label(t("ui.access.key", "en")).fill("guess")
            page.get_by_role("button", name=t("ui.access.open", "en")).click()
            page.get_by_text(t("ui.access.wrong", "en")).wait_for(timeout=WAIT_MS)
            _locked(page)
        finally:
            phone.close()
        desk = browser.new_context(locale="en-GB")
        try:
            page = desk.new_page()
            for path in ANALYST_PAGES:
                page.goto(f"{room}/{path}{'&' if '?' in path else '?'}lang=en")
                _locked(page)
                assert page.get_by_label(t("ui.access.key", "en")).count() == 1, path
            page.get_by_label(t("ui.access.key", "en")).fill(KEY)
            page.get_by_role("button", name=t("ui.access.open", "en")).click()
            page.locator('[data-testid="stSidebar"]').wait_for(timeout=WAIT_MS)
            page.locator('[data-testid="stFileUploader"]').wait_for(timeout=WAIT_MS)
            assert KEY not in page.url
        finally:
            desk.close()
        here = browser.new_context(locale="en-GB")  # at the server's own keyboard
        try:
            page = here.new_page()
            page.goto(f"{server.url}/scenario?lang=en")
            page.locator('[data-testid="stSidebar"]').wait_for(timeout=WAIT_MS)
            assert page.get_by_label(t("ui.access.key", "en")).count() == 0
            settled(page)  # the default page's own name opens it at the root, no dialog
            assert page.get_by_text("Page not found").count() == 0
            assert "/scenario" not in page.url
        finally:
            here.close()
    finally:
        server.stop()
