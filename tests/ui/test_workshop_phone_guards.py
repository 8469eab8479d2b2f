"""What a real room does to a phone: Enter pressed in the name box, a round closed while someone
is changing an answer, shares that must add up, a previous round's money said in words."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.text import share_decimals, t
from prioritise.ui.workshop.phone import (
    KEY_CHANGE,
    KEY_GROUP,
    KEY_JOIN,
    KEY_NAME,
    KEY_NEXT,
    KEY_SEND,
    slider_key,
)
from prioritise.workshop import WorkshopStore
from prioritise.workshop.results import round_summary, workshop_results
from tests.ui.apptools import assert_clean
from tests.ui.workshop_tools import TUTORIAL, answer, bar_words, join, participant, press, texts


@pytest.mark.parametrize("lang", ["en", "es"])
def test_enter_in_the_name_box_does_not_join_before_a_group_is_chosen(
    store: WorkshopStore, lang: str
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = participant(code, lang=lang)
    assert at.selectbox(key=KEY_GROUP).value is None  # no group is taken by default
    at.text_input(key=KEY_NAME).set_value("Catalina Muñoz")
    at.button(key=KEY_JOIN).click().run()  # what Enter in a form's text box does
    assert_clean(at)
    assert t("ui.workshop_participant.group_missing", lang) in texts(at, "error")
    assert store.participants(code, secret) == []
    at.selectbox(key=KEY_GROUP).set_value("private")
    at.button(key=KEY_JOIN).click().run()
    (joined,) = store.participants(code, secret)
    assert joined.group == "private" and joined.name == "Catalina Muñoz"


def _sent(store: WorkshopStore) -> tuple[AppTest, str, str]:
    """A participant who joined and sent an answer: the page, the code and the secret."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    for _ in range(3):
        press(at, KEY_NEXT)
    press(at, KEY_SEND)
    return at, code, secret


def test_a_round_closed_mid_change_says_the_change_was_not_counted(store: WorkshopStore) -> None:
    at, code, secret = _sent(store)
    assert any(s.startswith("Your answer was saved") for s in texts(at, "success"))
    press(at, KEY_CHANGE)
    at.slider(key=slider_key("criteria", "growth")).set_value(5).run()
    store.close_round(code, secret)
    at.run()  # the page's watch of the round redraws it
    assert_clean(at)
    unsent = t("ui.workshop_participant.closed_unsent", "en")
    assert unsent in texts(at, "warning")
    saved = texts(at, "success")
    assert saved and saved[0].startswith("Your last answer was saved")  # no "change it until"
    assert not any("until the round closes" in s for s in saved)
    assert not at.slider


def test_a_closed_round_right_after_sending_does_not_promise_changes(store: WorkshopStore) -> None:
    at, code, secret = _sent(store)
    store.close_round(code, secret)
    at.run()
    assert not any("until the round closes" in s for s in texts(at, "success"))
    assert t("ui.workshop_participant.closed_unsent", "en") not in texts(at, "warning")


@pytest.mark.parametrize(
    ("shares", "decimals"),
    [
        ([0.5, 0.25, 0.25], 0),
        ([80 / 230, 50 / 230, 50 / 230, 50 / 230], 1),  # 35+22+22+22 = 101 in whole percents
        ([1 / 6, 1 / 6, 2 / 3], 1),
        ([1 / 3, 1 / 3, 1 / 3], 1),
        ([1.0], 0),
        ([0.0, 0.0], 0),  # nothing to add up: 0 %, not 0.0 %
    ],
)
def test_shares_get_the_fewest_decimals_that_add_up(shares: list[float], decimals: int) -> None:
    assert share_decimals(shares) == decimals
    whole = sum(round(100 * s) for s in shares)
    assert (whole == 100) == (decimals == 0) or not any(shares)


def test_the_previous_round_says_what_its_percentages_are(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    for number in range(3):
        _, token = store.join(code, f"P{number}", "", "public")
        store.submit(code, token, answer(10 + 20 * number))
    store.close_round(code, secret)
    scenario = scenario_io.loads(TUTORIAL)
    results = workshop_results(scenario, store.latest_submissions(code, secret))
    store.open_next_round(code, secret, round_summary(results, 1))
    at = join(code)
    words = bar_words(at)
    heading = {
        t("ui.workshop_participant.previous_priority", "en"),
        t("ui.workshop_participant.previous_money", "en"),
    }
    assert heading & set(words), words
    agreement = [c for c in texts(at, "caption") if "agreement" in c]
    assert agreement and not any("Kendall" in c for c in agreement)  # words, not a statistic


def test_the_previous_round_folds_once_this_rounds_answer_is_sent(store: WorkshopStore) -> None:
    """Open while the answer is still to give, where it informs it; folded after Send, so
    that a phone's first screen says the answer was saved, not 2,400 px further down."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    for _ in range(3):
        press(at, KEY_NEXT)
    press(at, KEY_SEND)
    store.close_round(code, secret)
    results = workshop_results(scenario_io.loads(TUTORIAL), store.latest_submissions(code, secret))
    store.open_next_round(code, secret, round_summary(results, 1))
    at.run()
    assert_clean(at)
    (before,) = at.expander
    assert before.proto.expanded
    for _ in range(3):  # the new round opens on the answer's first screen
        press(at, KEY_NEXT)
    press(at, KEY_SEND)
    (after,) = at.expander
    assert not after.proto.expanded
    assert at.success and "saved" in at.success[0].value


def test_three_equal_sliders_read_a_third_each_not_33_percent(store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code)  # three criteria at 50 points each
    shares = [w for w in bar_words(at) if w.startswith("Share:")]
    assert shares == ["Share: 33.3%"] * 3  # 99.9 %, not 99 %


def test_one_screen_writes_every_share_to_the_same_decimals(store: WorkshopStore) -> None:
    """The review screen: a third each for the criteria needs one decimal (33.3 %), so the
    other sets are written to one decimal too, never 50 % beside 33.3 % on one screen."""
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code)
    for _ in range(3):
        press(at, KEY_NEXT)
    shares = [w.rsplit(": ", 1)[1] for w in bar_words(at) if w.endswith("%")]
    assert shares == ["33.3%"] * 3 + ["50.0%"] * 4, shares  # criteria, then areas and regions
    whole = [share_decimals([0.5, 0.5]), share_decimals([1 / 3] * 3)]
    assert whole == [0, 1]  # each set alone would take its own


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_new_round_starts_from_the_answer_that_still_counts(
    store: WorkshopStore, lang: str
) -> None:
    """Delphi: round 2 opens on the phone with the round-1 answer on the sliders (not every
    slider back at its start), says that answer counts until a new one is sent, and a round
    closed before a new send says that the round-1 answer is the one that counts."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code, lang=lang)
    at.slider(key=slider_key("criteria", "growth")).set_value(90).run()
    for _ in range(3):
        press(at, KEY_NEXT)
    press(at, KEY_SEND)
    store.close_round(code, secret)
    store.open_next_round(code, secret)
    at.run()
    assert_clean(at)
    revise = t("ui.workshop_participant.revise_from", lang, round=1)
    assert revise in texts(at, "info")
    assert at.slider(key=slider_key("criteria", "growth")).value == 90  # round 1's, kept
    status = store.participant_status(code, at.session_state["wp_token"])
    assert status.latest is None and status.earlier is not None
    assert status.earlier.round_number == 1 and status.standing == status.earlier
    store.close_round(code, secret)  # with no change made: nothing was lost, none is said
    at.run()
    assert_clean(at)
    said = t("ui.workshop_participant.closed_unsent_earlier", lang, round=1)
    assert said not in texts(at, "warning")
    assert t("ui.workshop_participant.earlier_counts", lang, round=1) in texts(at, "info")
    store.open_next_round(code, secret)  # round 3: round 1's answer still counts
    at.run()
    assert at.slider(key=slider_key("criteria", "growth")).value == 90
    at.slider(key=slider_key("criteria", "growth")).set_value(10).run()  # a change, not sent
    store.close_round(code, secret)
    at.run()
    assert_clean(at)
    assert said in texts(at, "warning")
    assert t("ui.workshop_participant.earlier_counts", lang, round=1) in texts(at, "info")
    assert t("ui.workshop_participant.no_answer_this_round", lang) not in texts(at, "info")
    assert not at.slider
