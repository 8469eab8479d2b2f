"""The participant's phone flow in a real headless Chromium at 360×780, in both languages: every
screen fits without horizontal scrolling; a participant whose page reloads or whose server
restarts comes back to their stored answer as the same participant, told from the store that
their last send arrived; their link opened in another browser asks first; and the facilitator's
dashboard comes back after a restart."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from prioritise import scenario as scenario_io
from prioritise.text import t
from prioritise.ui.workshop.phone import (
    KEY_CHANGE,
    KEY_GROUP,
    KEY_JOIN,
    KEY_NAME,
    KEY_NEXT,
    KEY_ORGANISATION,
    KEY_SEND,
)
from prioritise.workshop import WorkshopStore
from prioritise.workshop.results import round_summary, workshop_results
from tests.ui.browser.conftest import AppServer
from tests.ui.browser.room_tools import (
    PHONE_SIZE,
    button,
    fits,
    join_code_of,
    settled,
    start_workshop,
    whole_screen,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[3]
WAIT_MS = 90_000
WORDS = {
    "en": {"step": "{n} of {total}", "saved": "Your answer was saved", "last": "Your last answer"},
    "es": {
        "step": "{n} de {total}",
        "saved": "Su respuesta se guardó",
        "last": "Su última respuesta",
    },
}


def _scenario(name: str) -> str:
    return (ROOT / "scenarios" / f"{name}.toml").read_text(encoding="utf-8")


def _thumb(page) -> dict:
    thumb = page.locator(
        '[data-testid="stSlider"] div:has(> [data-testid="stSliderThumbValue"])'
    ).first
    box = thumb.bounding_box()
    assert box is not None
    return box


def _join(page, url: str, code: str, lang: str, name: str) -> None:
    page.goto(f"{url}/?join={code}&lang={lang}")
    page.locator(f".st-key-{KEY_NAME} input").fill(name)
    page.locator(f".st-key-{KEY_ORGANISATION} input").fill("CORFO")
    page.locator(f".st-key-{KEY_GROUP} input").click()
    page.get_by_role("option", name=t("common.group.public", lang), exact=True).click()
    button(page, KEY_JOIN).click()
    page.locator('[data-testid="stSlider"]').first.wait_for(timeout=WAIT_MS)
    assert "me=" in page.url


def _answer_every_screen(page, lang: str, screens: int, shots: Path | None, stem: str) -> float:
    """Go through every screen (checking the width), send; seconds from Send to the saved line."""
    words = WORDS[lang]
    for number in range(1, screens + 1):
        page.get_by_text(words["step"].format(n=number, total=screens)).wait_for(timeout=WAIT_MS)
        settled(page, WAIT_MS)
        fits(page, f"{stem} screen {number}")
        if shots is not None:
            whole_screen(page, shots / f"{stem}_{number}.png")
        if number == 1:
            thumb = _thumb(page)
            assert thumb["width"] >= 24 and thumb["height"] >= 24, thumb
            slider = page.get_by_role("slider").first
            slider.focus()
            for _ in range(4):
                slider.press("ArrowRight")
            settled(page, WAIT_MS)
        if number < screens:
            button(page, KEY_NEXT).click()
    started = time.perf_counter()
    button(page, KEY_SEND).click()
    page.get_by_text(words["saved"]).wait_for(timeout=WAIT_MS)
    return time.perf_counter() - started


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_phone_screen_fits_360_px(
    browser, app_server, screenshots: Path, tmp_path: Path, lang: str
) -> None:
    with WorkshopStore(tmp_path / "workshop.sqlite") as store:
        _, code, secret = store.create_workshop(
            "Taller Transforma", _scenario("chile_transforma_2017")
        )
        for number in range(3):  # enough answers for the group result to show
            _, token = store.join(code, f"P{number}", "", "public")
            weights = {
                block: dict.fromkeys(ids, 10.0 + 20 * number)
                for block, ids in store.get_workshop(code).allowed_ids.items()
                if block != "programmes"
            }
            store.submit(code, token, weights)
    context = browser.new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        _join(page, app_server.url, code, lang, "Ana Pérez")
        seconds = _answer_every_screen(page, lang, 4, screenshots, f"workshop_phone_{lang}")
        settled(page, WAIT_MS)
        fits(page, "confirmation")
        everyone = "everyone" if lang == "en" else "todos"
        assert page.get_by_text(everyone, exact=False).count() > 0
        whole_screen(page, screenshots / f"workshop_phone_{lang}_5_saved.png")
        print(f"phone {lang}: send to confirmation {seconds:.2f} s")
        with WorkshopStore(tmp_path / "workshop.sqlite") as store:  # round 2, with round 1's result
            scenario = scenario_io.loads(_scenario("chile_transforma_2017"))
            results = workshop_results(scenario, store.latest_submissions(code, secret))
            store.open_next_round(code, secret, round_summary(results, 1))
        page.reload()
        page.get_by_text(WORDS[lang]["step"].format(n=1, total=4)).wait_for(timeout=WAIT_MS)
        settled(page, WAIT_MS)
        fits(page, "round 2")
        heading = {
            "en": "Result of round 1 (4 answers)",
            "es": "Resultado de la ronda 1 (4 respuestas)",
        }
        assert page.get_by_text(heading[lang]).first.is_visible()
        assert page.locator('[data-testid="stDataFrame"]').count() == 0  # bars, not wide tables
        whole_screen(page, screenshots / f"workshop_phone_{lang}_6_round2.png")
    finally:
        context.close()


def test_reload_new_page_and_server_restart_keep_the_participant_and_answer(
    browser, tmp_path: Path, screenshots: Path
) -> None:
    database = tmp_path / "workshop.sqlite"
    env = {"PRIORITISE_DB_PATH": str(database)}
    server = AppServer(env=env)
    server.wait_ready()
    with WorkshopStore(database) as store:
        _, code, secret = store.create_workshop("Taller", _scenario("tutorial"))
    context = browser.new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
    other = browser.new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        _join(page, server.url, code, "en", "Ana Pérez")
        _answer_every_screen(page, "en", 4, None, "reconnect")
        link = page.url
        with WorkshopStore(database) as store:
            (saved,) = store.latest_submissions(code, secret)
        page.reload()  # a phone that slept, or a dropped connection
        # a new session asks the store about the send the URL names, and says it arrived
        page.get_by_text("Your answer was saved at").wait_for(timeout=WAIT_MS)
        elsewhere = other.new_page()  # the same link opened in another browser
        elsewhere.goto(link)
        elsewhere.get_by_text("first opened on another phone or browser").wait_for(timeout=WAIT_MS)
        assert elsewhere.get_by_text("Ana Pérez").count() == 0  # nothing of her yet
        button(elsewhere, "wp_link_mine").click()
        elsewhere.get_by_text("Ana Pérez · CORFO · public sector").wait_for(timeout=WAIT_MS)
        server.stop()  # the server restarts on the same address and database
        server = AppServer(env=env, port=server.port)
        server.wait_ready()
        page.reload()
        page.get_by_text("Your answer was saved at").wait_for(timeout=WAIT_MS)
        assert page.get_by_text("Ana Pérez · CORFO · public sector").count() == 1
        assert page.get_by_text("first opened on another").count() == 0  # its cookie came back
        whole_screen(page, screenshots / "workshop_phone_after_restart.png")
        # revising after the restart changes the same participant's answer
        button(page, KEY_CHANGE).click()
        _answer_every_screen(page, "en", 4, None, "revise")
        with WorkshopStore(database) as store:
            assert store.participant_count(code) == 1
            (revised,) = store.latest_submissions(code, secret)
        assert revised.participant_id == saved.participant_id
        assert revised.submission_id != saved.submission_id
        # 50 and four steps of 5 when first sent; four more from the stored answer
        assert saved.weights["criteria"]["growth"] == 70.0
        assert revised.weights["criteria"]["growth"] == 90.0
    finally:
        context.close()
        other.close()
        server.stop()


def test_the_facilitator_dashboard_comes_back_after_a_restart(browser, tmp_path: Path) -> None:
    env = {"PRIORITISE_DB_PATH": str(tmp_path / "workshop.sqlite")}
    server = AppServer(env=env)
    server.wait_ready()
    context, page, link = start_workshop(browser, server.url)
    try:
        code = join_code_of(link)
        settled(page, WAIT_MS)
        page.get_by_text("Projector view").click()  # what faces the room
        page.wait_for_url("**projector=1**", timeout=WAIT_MS)
        server.stop()
        server = AppServer(env=env, port=server.port)
        server.wait_ready()
        page.reload()
        page.locator('[data-testid="stImage"]').first.wait_for(timeout=WAIT_MS)  # the QR code
        settled(page, WAIT_MS)
        assert page.get_by_text(code[:4]).count() >= 1  # the join code is back on the wall
        assert page.get_by_role("button", name="Start the workshop").count() == 0
        assert page.get_by_text("lost its connection").count() == 0
    finally:
        context.close()
        server.stop()


@pytest.mark.parametrize(("lang", "gap"), [("en", 150), ("es", 400)])
def test_a_double_tap_on_next_moves_one_screen_and_opens_it_at_its_top(
    browser, app_server, tmp_path: Path, lang: str, gap: int
) -> None:
    """Two taps `gap` ms apart where Next is: before the fix, the second one pressed the Next
    of the screen drawn meanwhile (same place, same key) and skipped a whole block."""
    with WorkshopStore(tmp_path / "workshop.sqlite") as store:
        _, code, _ = store.create_workshop("Taller", _scenario("chile_transforma_2017"))
    context = browser.new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        _join(page, app_server.url, code, lang, "Catalina Muñoz")
        words = WORDS[lang]
        page.get_by_text(words["step"].format(n=1, total=4)).wait_for(timeout=WAIT_MS)
        settled(page, WAIT_MS)
        next_button = button(page, KEY_NEXT)
        next_button.scroll_into_view_if_needed()  # a thumb at the bottom of a long screen
        assert _scrolled(page) > 0
        box = next_button.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.click(x, y)
        page.wait_for_timeout(gap)
        page.mouse.click(x, y)
        page.wait_for_timeout(1500)
        second = page.get_by_text(words["step"].format(n=2, total=4))
        second.wait_for(timeout=WAIT_MS)
        settled(page, WAIT_MS)
        assert page.get_by_text(words["step"].format(n=3, total=4)).count() == 0
        assert _scrolled(page) == 0  # the new screen opens at its heading and "2 of 4"
        box = second.bounding_box()
        assert box is not None and 0 <= box["y"] < PHONE_SIZE["height"] / 2, box
    finally:
        context.close()


def _scrolled(page) -> float:
    """How far the app's scrolling area (or the document) is scrolled down."""
    return page.evaluate(
        """() => Math.max(
            document.scrollingElement ? document.scrollingElement.scrollTop : 0,
            ...Array.from(document.querySelectorAll('[data-testid="stMain"], '
              + '[data-testid="stAppViewContainer"]'), e => e.scrollTop))"""
    )


def test_a_reload_keeps_the_sliders_moved_since_the_last_send(
    browser, app_server, tmp_path: Path
) -> None:
    with WorkshopStore(tmp_path / "workshop.sqlite") as store:
        _, code, _ = store.create_workshop("Taller", _scenario("tutorial"))
    context = browser.new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        _join(page, app_server.url, code, "en", "Ana Pérez")
        settled(page, WAIT_MS)
        slider = page.get_by_role("slider").first
        slider.focus()
        for _ in range(4):  # 50 → 70
            slider.press("ArrowRight")
        settled(page, WAIT_MS)
        assert "draft=" in page.url
        page.reload()  # the phone slept, the tab came back
        page.get_by_text(t("ui.workshop_participant.draft_back", "en")).wait_for(timeout=WAIT_MS)
        settled(page, WAIT_MS)
        shown = page.locator('[data-testid="stSliderThumbValue"]').first.inner_text()
        assert shown.strip() == "70"
    finally:
        context.close()
