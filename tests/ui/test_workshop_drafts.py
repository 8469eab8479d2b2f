"""Changes not yet sent survive a reload: the address keeps them (``&draft=``), a new session
of the same round brings them back and says so, and a stored send clears them."""

from __future__ import annotations

import pytest

from prioritise.text import t
from prioritise.ui.workshop.drafts import DRAFT_PARAM, decode, encode
from prioritise.ui.workshop.phone import (
    KEY_CHANGE,
    KEY_NEXT,
    KEY_SEND,
    Flow,
    make_flow,
    slider_key,
    values_from,
)
from prioritise.workshop import WorkshopStore
from tests.ui.apptools import assert_clean, start
from tests.ui.workshop_tools import TUTORIAL, answer, browser_cookies, join, press, texts

BACK = t("ui.workshop_participant.draft_back", "en")


def _reloaded(at, code: str, draft: str):
    """The same phone's page in a new session (it slept, the tab reloaded), with its address."""
    token = _param(at, "me")
    with browser_cookies({f"me_{code.upper()}": token}):
        return start(join=code, lang="en", me=token, **{DRAFT_PARAM: draft})


def _param(at, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_a_reload_brings_back_the_sliders_moved_since_the_last_send(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    at.slider(key=slider_key("criteria", "growth")).set_value(85).run()
    at.slider(key=slider_key("criteria", "jobs")).set_value(10).run()
    draft = _param(at, DRAFT_PARAM)
    assert draft is not None and draft.startswith("1-p85.50.10-")
    reloaded = _reloaded(at, code, draft)
    assert_clean(reloaded)
    assert BACK in texts(reloaded, "info")
    assert reloaded.slider(key=slider_key("criteria", "growth")).value == 85
    assert reloaded.slider(key=slider_key("criteria", "jobs")).value == 10
    press(reloaded, KEY_NEXT)
    assert BACK not in texts(reloaded, "info")  # said once, on the screen they came back on
    press(reloaded, "wp_back")
    assert BACK in texts(reloaded, "info")  # and there again while they are not sent
    for _ in range(3):
        press(reloaded, KEY_NEXT)
    press(reloaded, KEY_SEND)
    assert _param(reloaded, DRAFT_PARAM) is None  # stored: nothing left under way
    assert BACK not in texts(reloaded, "info")
    (latest,) = store.latest_submissions(code, secret)
    assert latest.weights["criteria"] == {"growth": 85.0, "exports": 50.0, "jobs": 10.0}


def test_moving_back_to_the_stored_answer_leaves_no_draft(store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code)
    growth = at.slider(key=slider_key("criteria", "growth"))
    growth.set_value(70).run()
    assert _param(at, DRAFT_PARAM) is not None
    at.slider(key=slider_key("criteria", "growth")).set_value(50).run()  # the starting value
    assert _param(at, DRAFT_PARAM) is None


@pytest.mark.parametrize(
    "draft",
    [
        "2-p85.50.10-p60.40-p50.50",  # another round
        "1-p85.50-p60.40-p50.50",  # too few items
        "1-p37.50.10-p60.40-p50.50",  # 37 is no slider's step
        "1-r1.2.9-p60.40-p50.50",  # a place past the last
        "1-x85.50.10-p60.40-p50.50",
        "nonsense",
    ],
)
def test_a_draft_that_does_not_fit_is_ignored(store: WorkshopStore, draft: str) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code)
    reloaded = _reloaded(at, code, draft)
    assert_clean(reloaded)
    assert BACK not in texts(reloaded, "info")
    assert reloaded.slider(key=slider_key("criteria", "growth")).value == 50
    assert _param(reloaded, DRAFT_PARAM) is None


def test_encoding_round_trips_every_answer_a_phone_can_give(store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    _, token = store.join(code, "Ana", "", "public")
    store.submit(code, token, answer(85, 0, 15))
    status = store.participant_status(code, token)
    flow: Flow = make_flow(store.get_workshop(code), None, status, token)  # type: ignore[arg-type]
    values = values_from(status.latest.weights, flow.blocks)
    assert decode(flow, encode(flow, values)) == values


def test_a_draft_whose_send_arrived_is_not_brought_back(store: WorkshopStore) -> None:
    """The connection dropped as Send was pressed: the address still holds the draft and the
    send's id, and the store has the answer. The page says it was saved, and nothing more."""
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code)
    at.slider(key=slider_key("criteria", "growth")).set_value(85).run()
    draft = _param(at, DRAFT_PARAM)
    assert draft is not None
    token = _param(at, "me")
    stored = answer(85, 50, 50)
    stored["enabling_areas"] = {"rd": 50.0, "human_capital": 50.0}  # the draft: 1-p85.50.50-…
    assert draft == "1-p85.50.50-p50.50-p50.50"
    store.submit(code, token, stored, "send-1")  # what that Send stored
    with browser_cookies({f"me_{code.upper()}": token}):
        page = start(join=code, lang="en", me=token, sent="send-1", **{DRAFT_PARAM: draft})
    assert_clean(page)
    assert BACK not in texts(page, "info")
    assert any(s.startswith("Your answer was saved") for s in texts(page, "success"))
    assert _param(page, DRAFT_PARAM) is None and not page.slider


def test_a_last_round_send_in_the_address_does_not_close_the_new_round(
    store: WorkshopStore,
) -> None:
    """The address keeps the id of the round 1 send; in round 2 the page must still open the
    answer screens, not the confirmation of an answer that belongs to round 1."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    _, token = store.join(code, "Ana", "", "public")
    store.submit(code, token, answer(85, 50, 50), "send-1")
    store.close_round(code, secret)
    store.open_next_round(code, secret)
    with browser_cookies({f"me_{code.upper()}": token}):
        page = start(join=code, lang="en", me=token, sent="send-1")
    assert_clean(page)
    assert page.slider  # round 2's first screen


def _sent_then_changed(store: WorkshopStore):
    """A phone whose first answer was stored (and confirmed) under "send-1", then changed on
    the first screen: the address keeps that send's id and the draft of the change."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    for _ in range(3):
        press(at, KEY_NEXT)
    press(at, KEY_SEND)
    sent = _param(at, "sent")
    assert sent is not None and _param(at, DRAFT_PARAM) is None
    press(at, KEY_CHANGE)
    at.slider(key=slider_key("criteria", "growth")).set_value(90).run()
    draft = _param(at, DRAFT_PARAM)
    assert draft is not None and draft.startswith("1-p90.")
    return at, code, secret, sent, draft


def _reopened(at, code: str, sent: str, draft: str):
    token = _param(at, "me")
    with browser_cookies({f"me_{code.upper()}": token}):
        return start(join=code, lang="en", me=token, sent=sent, **{DRAFT_PARAM: draft})


def test_changes_made_after_a_confirmed_send_survive_a_reload(store: WorkshopStore) -> None:
    """The send the address names arrived, but the draft was made after it: the page must not
    call the changes saved and drop them; it brings them back to send."""
    at, code, secret, sent, draft = _sent_then_changed(store)
    page = _reopened(at, code, sent, draft)
    assert_clean(page)
    assert BACK in texts(page, "info")
    assert not any(s.startswith("Your answer was saved") for s in texts(page, "success"))
    assert page.slider(key=slider_key("criteria", "growth")).value == 90
    assert _param(page, DRAFT_PARAM) == draft
    assert len(store.all_submissions(code, secret)) == 1


def test_a_change_that_arrived_unheard_is_called_saved(store: WorkshopStore) -> None:
    """The change was sent and stored, but the connection dropped before the page heard, so the
    address still names the first send: the draft is what the store holds, and the page says
    the answer was saved instead of offering to send it again."""
    at, code, secret, sent, draft = _sent_then_changed(store)
    token = _param(at, "me")
    (first,) = store.latest_submissions(code, secret)
    change = {**first.weights, "criteria": {**first.weights["criteria"], "growth": 90.0}}
    store.submit(code, token, change, "send-2")  # the change, stored
    page = _reopened(at, code, sent, draft)
    assert_clean(page)
    assert BACK not in texts(page, "info")
    assert any(s.startswith("Your last answer was saved") for s in texts(page, "success"))
    assert _param(page, DRAFT_PARAM) is None and not page.slider
    assert len(store.all_submissions(code, secret)) == 2
