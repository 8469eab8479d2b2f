"""The participant's phone flow under AppTest: join, one block per screen, review, send, the
confirmation beside the group's answer, and coming back to a stored answer."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from prioritise.ui.workshop.phone import (
    KEY_BACK,
    KEY_CHANGE,
    KEY_NEXT,
    KEY_SEND,
    form_key,
    rank_key,
    slider_key,
)
from prioritise.workshop import WorkshopStore
from tests.ui.apptools import assert_clean
from tests.ui.workshop_tools import (
    TUTORIAL,
    answer,
    bar_words,
    bars,
    join,
    nav_button,
    participant,
    press,
    step,
    texts,
)

WAITING = "The group result appears once at least 3 people have answered."


def test_join_then_one_block_per_screen_review_send_and_confirmation(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    assert step(at) == "1 of 4"
    assert "Criteria" in texts(at, "subheader")
    assert [s.key for s in at.slider] == [
        slider_key("criteria", i) for i in ("growth", "exports", "jobs")
    ]
    assert [s.label for s in at.slider] == ["Growth potential", "Export potential", "Jobs"]
    # the plain example under each slider, not behind a "?"
    assert "How much of what the programme produces can be sold abroad." in bar_words(at)
    assert not any(s.help for s in at.slider)
    # the live bar of each item's share moves with the sliders
    assert bars(at)[1:] == ["Share: 33.3%"] * 3  # 99.9 %, not 99 %
    at.slider(key=slider_key("criteria", "growth")).set_value(100).run()
    assert bars(at)[1:] == ["Share: 50%", "Share: 25%", "Share: 25%"]
    press(at, KEY_NEXT)
    assert step(at) == "2 of 4" and "Enabling areas" in texts(at, "subheader")
    at.slider(key=slider_key("enabling_areas", "rd")).set_value(0).run()
    press(at, KEY_BACK)
    assert step(at) == "1 of 4"
    assert at.slider(key=slider_key("criteria", "growth")).value == 100  # kept across screens
    press(at, KEY_NEXT)
    assert at.slider(key=slider_key("enabling_areas", "rd")).value == 0
    press(at, KEY_NEXT)
    assert step(at) == "3 of 4" and "Regional criteria" in texts(at, "subheader")
    at.slider(key=slider_key("regional_criteria", "lagging")).set_value(0).run()
    press(at, KEY_NEXT)
    assert step(at) == "4 of 4"
    assert "Growth potential: 50%" in bars(at) and "R&D and innovation: 0%" in bars(at)
    assert store.latest_submissions(code, secret) == []  # nothing is stored before Send
    press(at, KEY_SEND)
    (saved,) = store.latest_submissions(code, secret)
    assert saved.weights["criteria"] == {"growth": 100.0, "exports": 50.0, "jobs": 50.0}
    assert saved.weights["enabling_areas"] == {"rd": 0.0, "human_capital": 50.0}
    assert saved.weights["regional_criteria"] == {"specialisation": 50.0, "lagging": 0.0}
    assert any(s.startswith("Your answer was saved at ") for s in texts(at, "success"))
    assert WAITING in texts(at, "info")
    assert "You 50%" in bars(at) and not any("everyone" in b for b in bars(at))


def test_a_block_of_zeros_is_refused_on_its_screen(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code, lang="es")
    for item in ("growth", "exports", "jobs"):
        at.slider(key=slider_key("criteria", item)).set_value(0).run()
    assert bars(at)[1:] == ["Proporción: 0\u00a0%"] * 3
    press(at, KEY_NEXT)
    assert step(at) == "1 de 4"
    assert texts(at, "error") == ["Dé más de 0 puntos a al menos un elemento de «Criterios»."]
    at.slider(key=slider_key("criteria", "jobs")).set_value(5).run()
    press(at, KEY_NEXT)
    assert step(at) == "2 de 4" and not texts(at, "error")
    assert store.latest_submissions(code, secret) == []


def test_ranks_stay_an_alternative_form_per_block(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    at.radio(key=form_key("criteria")).set_value("ranks").run()
    assert not at.slider
    for place, item in enumerate(("exports", "growth", "jobs"), start=1):
        at.selectbox(key=rank_key("criteria", item)).set_value(place).run()
    assert bars(at)[1:] == ["Share: 28%", "Share: 61%", "Share: 11%"]  # rank-order centroid
    for _ in range(3):
        press(at, KEY_NEXT)
    press(at, KEY_SEND)
    (saved,) = store.latest_submissions(code, secret)
    assert saved.weights["ranks"] == {"criteria": ["exports", "growth", "jobs"]}
    assert saved.weights["enabling_areas"] == {"rd": 50.0, "human_capital": 50.0}
    press(at, KEY_CHANGE)  # revising starts from the stored answer, in the same form
    assert at.radio(key=form_key("criteria")).value == "ranks"
    assert at.selectbox(key=rank_key("criteria", "exports")).value == 1


def test_switching_to_ranks_keeps_the_order_the_sliders_gave(store: WorkshopStore) -> None:
    """Not every place back at 1 (equal weights, sent without a word): the sliders' order,
    ties kept; an order given in ranks stays when switching back and forth."""
    _, code, _secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    for item, points in (("growth", 90), ("exports", 30), ("jobs", 90)):
        at.slider(key=slider_key("criteria", item)).set_value(points).run()
    at.radio(key=form_key("criteria")).set_value("ranks").run()
    places = {
        i: at.selectbox(key=rank_key("criteria", i)).value for i in ("growth", "exports", "jobs")
    }
    assert places == {"growth": 1, "jobs": 1, "exports": 3}
    at.selectbox(key=rank_key("criteria", "jobs")).set_value(2).run()
    at.radio(key=form_key("criteria")).set_value("points").run()
    at.radio(key=form_key("criteria")).set_value("ranks").run()
    assert at.selectbox(key=rank_key("criteria", "jobs")).value == 2  # the order given stays
    assert at.selectbox(key=rank_key("criteria", "exports")).value == 3


def test_coming_back_finds_the_stored_answer_and_the_same_participant(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code, name="Ana")
    token = at.query_params["me"]
    at.slider(key=slider_key("criteria", "growth")).set_value(90).run()
    for _ in range(3):
        press(at, KEY_NEXT)
    assert nav_button(at, KEY_SEND).label == "Send my answer"
    press(at, KEY_SEND)
    first_send = store.participant_status(code, token).latest.send_id
    assert first_send is not None and len(first_send) == 32  # a retry of it is stored once
    again = participant(code, token)  # a reload, another tab, or a restarted server
    assert_clean(again)
    assert any(s.startswith("Your last answer was saved at ") for s in texts(again, "success"))
    assert "Ana · CORFO · public sector" in texts(again, "text")
    assert store.participant_count(code) == 1
    press(again, KEY_CHANGE)
    assert step(again) == "1 of 4"
    assert again.slider(key=slider_key("criteria", "growth")).value == 90
    again.slider(key=slider_key("criteria", "jobs")).set_value(10).run()
    for _ in range(3):
        press(again, KEY_NEXT)
    assert nav_button(again, KEY_SEND).label == "Update my answer"
    press(again, KEY_SEND)
    (saved,) = store.latest_submissions(code, secret)
    assert saved.weights["criteria"] == {"growth": 90.0, "exports": 50.0, "jobs": 10.0}
    assert store.participant_count(code) == 1
    assert store.participant_status(code, token).latest.send_id not in (None, first_send)


@pytest.mark.parametrize("others", [1, 2])
def test_the_group_result_is_hidden_below_k_and_shown_at_k(
    store: WorkshopStore, others: int
) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    for number in range(others):
        _, token = store.join(code, f"P{number}", "", "public")
        store.submit(code, token, answer(100, 0, 0))
    at = join(code, group="public")
    at.slider(key=slider_key("criteria", "growth")).set_value(0).run()
    for _ in range(3):
        press(at, KEY_NEXT)
    press(at, KEY_SEND)
    if others + 1 < 3:
        assert WAITING in texts(at, "info")
        assert not any("everyone" in b or "group" in b for b in bars(at))
        return
    assert WAITING not in texts(at, "info")
    # growth: 100 % for two people, 0 % for this one → everyone and the group: 2/3
    # adding up to 100.1, not 101; every share on the screen to one decimal, 0.0 % too
    assert "You 0.0% · everyone 66.7% · your group 66.7%" in bars(at)
    assert "So far: 3 answers in all, 3 from “public sector”." in texts(at, "caption")


def test_a_closed_round_shows_the_answer_and_no_sliders(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    store.close_round(code, secret)  # the screen is still open when the round closes
    at.slider(key=slider_key("criteria", "growth")).set_value(40).run()
    assert_clean(at)
    assert any("Round 1 is closed" in w for w in texts(at, "warning"))
    assert not at.slider
    assert "You sent no answer in this round." in texts(at, "info")
    assert store.latest_submissions(code, secret) == []


OTHER_LANGUAGE = {
    "es": ("Share:", " of 4", "Next", "Back", "everyone", "You ", "Send", "Growth potential"),
    "en": ("Proporción", " de 4", "Siguiente", "Atrás", "todos", "Usted", "Enviar", "Potencial"),
}


def shown(at: AppTest) -> list[str]:
    found = bars(at) + bar_words(at) + [b.label for b in at.button] + [s.label for s in at.slider]
    for kind in ("caption", "subheader", "markdown", "success", "info", "error"):
        found += texts(at, kind)
    return found


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_screen_speaks_one_language(store: WorkshopStore, lang: str) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    for number in range(3):
        _, token = store.join(code, f"P{number}", "", "public")
        store.submit(code, token, answer(10 + 10 * number))
    at = join(code, lang=lang)
    screens = [shown(at)]
    for _ in range(3):
        screens.append(shown(press(at, KEY_NEXT)))
    screens.append(shown(press(at, KEY_SEND)))
    for number, found in enumerate(screens, start=1):
        wrong = [t for t in found for word in OTHER_LANGUAGE[lang] if word in t]
        assert not wrong, (lang, number, wrong)
    assert len(screens[-1]) > 10  # the confirmation beside everyone's answer
