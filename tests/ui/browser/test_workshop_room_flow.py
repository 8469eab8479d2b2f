"""A room in a real headless Chromium, in both languages: a facilitator starts a workshop, five
phones (360 × 780) open its join link and each answers through every screen, none of which
scrolls sideways; then the projected dashboard counts five answers and shows nothing that
identifies the one participant alone in their group."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from prioritise.text import Integer, t
from prioritise.ui.workshop.phone import (
    BLOCKS,
    DEFAULT_POINTS,
    KEY_CHANGE,
    KEY_GROUP,
    KEY_JOIN,
    KEY_NAME,
    KEY_NEXT,
    KEY_ORGANISATION,
    KEY_SEND,
    slider_key,
)
from prioritise.workshop import WorkshopStore
from tests.ui.browser.room_tools import (
    PHONE,
    WAIT_MS,
    button,
    fits,
    join_code_of,
    settled,
    start_workshop,
)
from tests.ui.browser.room_tools import whole_screen as shot

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
LOCALES = {"es": "es-CL", "en": "en-GB"}
LONE = ("Zoila Única", "Universidad Solitaria", "academia")
PEOPLE = [LONE, *((f"Persona {n}", f"Empresa {n}", "private") for n in "ABCD")]
STEP = 5  # the phone sliders' step


@dataclass
class Phone:
    number: int  # 1 to 5; phone 1 is the lone participant and takes the screenshots
    name: str
    organisation: str
    group: str
    page: object

    def item(self, ids: tuple[str, ...]) -> str:
        """The item this phone moves in a block (the phones do not all move the same one)."""
        return ids[(self.number - 1) % len(ids)]


def _shot(phone: Phone, folder: Path, lang: str, screen: str) -> None:
    if phone.number == 1:
        shot(phone.page, folder / f"room_flow_{lang}_phone{phone.number}_{screen}.png")


def _join(phone: Phone, lang: str, folder: Path) -> None:
    page = phone.page
    page.locator(f".st-key-{KEY_NAME} input").fill(phone.name)
    page.locator(f".st-key-{KEY_ORGANISATION} input").fill(phone.organisation)
    page.locator(f".st-key-{KEY_GROUP} input").click()
    group = t(f"common.group.{phone.group}", lang)
    page.get_by_role("option", name=group, exact=True).click()
    fits(page, f"phone {phone.number} join")
    _shot(phone, folder, lang, "join")
    button(page, KEY_JOIN).click()


def _step(page, lang: str, number: int, total: int) -> None:
    text = t("ui.workshop_participant.step", lang, n=Integer(number), total=Integer(total))
    page.get_by_text(text, exact=True).wait_for(timeout=WAIT_MS)
    settled(page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_five_phones_answer_and_the_wall_hides_the_lone_one(
    browser, app_server, screenshots: Path, tmp_path: Path, lang: str
) -> None:
    started = time.perf_counter()
    desk, wall, link = start_workshop(browser, app_server.url, lang, PROJECTOR, "Taller de sala")
    code = join_code_of(link)
    with WorkshopStore(tmp_path / "workshop.sqlite") as store:  # the app server's database
        blocks = {b: ids for b, ids in store.get_workshop(code).allowed_ids.items() if b in BLOCKS}
    assert list(blocks) == list(BLOCKS)
    screens = len(blocks) + 1  # and the review
    contexts = [browser.new_context(locale=LOCALES[lang], **PHONE) for _ in PEOPLE]
    try:
        phones = [
            Phone(number, *person, context.new_page())
            for number, (person, context) in enumerate(zip(PEOPLE, contexts, strict=True), 1)
        ]
        # The phones move on together: each taps and goes on to the next one while the server
        # draws its next screen.
        for phone in phones:
            phone.page.goto(f"{link}&lang={lang}")
        for phone in phones:
            phone.page.locator(f".st-key-{KEY_NAME} input").wait_for(timeout=WAIT_MS)
            _join(phone, lang, screenshots)
        for number, (block, ids) in enumerate(blocks.items(), 1):
            for phone in phones:
                _step(phone.page, lang, number, screens)
                assert "me=" in phone.page.url  # the private token survives a reload
                fits(phone.page, f"phone {phone.number} {block}")
                _shot(phone, screenshots, lang, block)
                key = slider_key(block, phone.item(ids)).replace(":", "-")  # as in its class
                slider = phone.page.locator(f".st-key-{key}").get_by_role("slider")
                slider.focus()
                for _ in range(phone.number):
                    slider.press("ArrowRight")
                settled(phone.page)
                button(phone.page, KEY_NEXT).click()
        for phone in phones:
            _step(phone.page, lang, screens, screens)
            fits(phone.page, f"phone {phone.number} review")
            _shot(phone, screenshots, lang, "review")
            button(phone.page, KEY_SEND).click()
        saved = t("ui.workshop_participant.saved", lang, time="\x00").split("\x00")[0]
        for phone in phones:
            phone.page.get_by_text(saved).wait_for(timeout=WAIT_MS)
            button(phone.page, KEY_CHANGE).wait_for(timeout=WAIT_MS)
            settled(phone.page)
            fits(phone.page, f"phone {phone.number} confirmation")
            _shot(phone, screenshots, lang, "confirmation")
        phones_done = time.perf_counter() - started

        # Every phone's answer is stored as it was given on its screens.
        wall.get_by_text(t("ui.workshop_facilitator.secret_show", lang)).click()
        secret = wall.locator('[data-testid="stExpander"] [data-testid="stCode"]').inner_text()
        with WorkshopStore(tmp_path / "workshop.sqlite") as store:
            rows = {row.name: row for row in store.latest_submissions(code, secret.strip())}
        assert sorted(rows) == sorted(p.name for p in phones)
        for phone in phones:
            row = rows[phone.name]
            assert (row.organisation, row.group) == (phone.organisation, phone.group)
            for block, ids in blocks.items():
                moved = DEFAULT_POINTS + STEP * phone.number
                expected = {
                    i: float(moved if i == phone.item(ids) else DEFAULT_POINTS) for i in ids
                }
                assert row.weights[block] == expected, (phone.name, block)

        # The wall: five answers, no sideways scroll, nothing that points at the lone one.
        wall.get_by_text(t("ui.workshop_facilitator.projector", lang), exact=True).click()
        box = wall.locator(".st-key-wf_projector_view")
        box.wait_for(timeout=WAIT_MS)
        count = wall.locator(".st-key-wf_answer_count [data-testid='stMetricValue']")
        count.filter(has_text="5").wait_for(timeout=WAIT_MS)
        assert count.inner_text() == "5"
        box.locator("table").first.wait_for(timeout=WAIT_MS)
        wall.wait_for_timeout(1500)  # let the charts settle
        settled(wall)
        text = wall.locator("body").inner_text()
        for word in (LONE[0], LONE[1], "Zoila", "Solitaria", secret.strip()):
            assert word not in text, word
        # Neither group is a view: the private sector's four beside everyone's five would
        # give the lone answer away as the difference.
        groups = [t(f"common.group.{g}", lang) for g in ("academia", "private")]
        headers = box.locator("table th").all_inner_texts()
        legends = box.locator(".legendtext").all_inner_texts()
        views = box.locator("[role='radio'], [role='tab']").all_inner_texts()
        for group in groups:
            for shown in (*headers, *legends, *views):
                assert group not in shown, (group, shown)
            assert wall.get_by_role("radio", name=group).count() == 0
            assert wall.get_by_role("tab", name=group).count() == 0
        fits(wall, "projector")
        assert wall.evaluate("document.documentElement.scrollWidth") <= PROJECTOR["width"]
        shot(wall, screenshots / f"room_flow_{lang}_projector.png", PROJECTOR)  # all of it
        print(f"room {lang}: five phones done in {phones_done:.1f} s")
    finally:
        for context in contexts:
            context.close()
        desk.close()
