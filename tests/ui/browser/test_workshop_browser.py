"""A live workshop in a real headless Chromium: one facilitator and three participants, each in
their own browser context (separate cookies and sessions, like separate devices)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.browser.conftest import run_finished

pytestmark = pytest.mark.browser

WAIT_MS = 60_000
PARTICIPANTS = (
    # name, organisation, group label, slider presses (criterion index, steps right or left)
    ("Ana Pérez", "CORFO", "public sector", [(0, 8)]),
    ("Bruno Díaz", "Asociación Minera", "private sector", [(1, 9), (0, -6)]),
    ("Carla Soto", "Universidad de Los Ríos", "academia and technology centres", [(2, 8)]),
)


def _metric(page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).locator(
        '[data-testid="stMetricValue"]'
    )


def _answer(context, link: str, person: tuple, screenshots: Path, index: int):
    """Join through the link, move some sliders and send; returns the participant's page."""
    name, organisation, group, presses = person
    page = context.new_page()
    page.goto(f"{link}&lang=en")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Organisation").fill(organisation)
    page.get_by_role("combobox", name="You speak for").click()
    page.get_by_role("option", name=group).click()
    page.get_by_role("button", name="Join the workshop").click()
    sliders = page.get_by_role("slider")
    sliders.first.wait_for(timeout=WAIT_MS)
    assert "me=" in page.url  # the private token survives a reload
    for slider_index, steps in presses:
        slider = sliders.nth(slider_index)
        slider.focus()
        for _ in range(abs(steps)):
            slider.press("ArrowRight" if steps > 0 else "ArrowLeft")
    for number in (2, 3, 4):
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"{number} of 4").wait_for(timeout=WAIT_MS)
        run_finished(page, WAIT_MS)
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("Your answer was saved").wait_for(timeout=WAIT_MS)
    if index == 0:
        page.screenshot(path=str(screenshots / "workshop_participant_saved.png"))
        page.reload()  # the token in the URL keeps the participant's identity and answer
        page.get_by_text("Your answer was saved at").wait_for(timeout=WAIT_MS)  # from the store
        assert page.get_by_text(f"{name} · {organisation} · {group}").count() == 1
        page.screenshot(path=str(screenshots / "workshop_participant.png"))
    return page


def test_one_facilitator_three_participants(browser, app_server, screenshots: Path) -> None:
    facilitator = browser.new_context(viewport={"width": 1400, "height": 1500})
    page = facilitator.new_page()
    page.goto(f"{app_server.url}/workshop_facilitator?scenario=tutorial&lang=en")
    page.get_by_label("Workshop title (participants see it)").fill("Taller Transforma")
    page.get_by_role("button", name="Start the workshop").click()
    code_block = page.locator('[data-testid="stCode"]', has_text="?join=")
    code_block.wait_for(timeout=WAIT_MS)
    link = code_block.inner_text().strip()
    assert link.startswith(app_server.url) and "?join=" in link
    page.locator('[data-testid="stImage"] img').first.wait_for(timeout=WAIT_MS)  # drawn after
    assert page.locator('[data-testid="stImage"] img').count() == 1  # the QR code
    page.screenshot(path=str(screenshots / "workshop_facilitator_join.png"))
    contexts = [browser.new_context(viewport={"width": 420, "height": 900}) for _ in PARTICIPANTS]
    try:
        answered = [
            _answer(context, link, person, screenshots, index)
            for index, (context, person) in enumerate(zip(contexts, PARTICIPANTS, strict=True))
        ]
        # The dashboard refreshes by itself: no click on the facilitator's page.
        _metric(page, "Answers this round").filter(has_text="3").wait_for(timeout=WAIT_MS)
        assert _metric(page, "Joined").inner_text() == "3"
        spent = page.get_by_text("30.0 M USD of 30.0 M USD allocated.")
        spent.wait_for(timeout=WAIT_MS)
        assert page.get_by_text("Portfolio from the weights of: Everyone").count() == 1
        # One answer per group: no group is shown on its own (minimum group size 3).
        assert page.get_by_role("radio", name="private sector").count() == 0
        page.get_by_text("count only in the result of everyone together").wait_for(timeout=WAIT_MS)
        # From the answer counts down to the portfolio, as a projected screen shows them.
        _metric(page, "Joined").evaluate("node => node.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(screenshots / "workshop_facilitator.png"))
        # Closing the round reaches the participants' open pages without a reload.
        page.get_by_text("Yes, close round 1 now").click()
        page.get_by_role("button", name="Close round 1").click()
        _metric(page, "Round").filter(has_text="closed").wait_for(timeout=WAIT_MS)
        answered[1].get_by_text("Round 1 is closed").wait_for(timeout=WAIT_MS)
        answered[1].get_by_role("button", name="Change my answer").wait_for(
            state="detached", timeout=WAIT_MS
        )
    finally:
        for context in contexts:
            context.close()
        facilitator.close()
