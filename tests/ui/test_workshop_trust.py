"""What a participant's page and the facilitator's dashboard can be trusted with: a confirmation
only for an answer the store holds (also after a lost connection or a restarted server), a
value no slider offers refused in words, a link that does not silently become someone else in
another browser, a link the facilitator can replace, and a dashboard that comes back after a
restart."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from prioritise.ui.workshop.links import KEY_NEW, KEY_PERSON
from prioritise.ui.workshop.phone import KEY_NEXT, KEY_SEND, SENT_PARAM, slider_key
from prioritise.workshop import WorkshopStore
from tests.ui.apptools import assert_clean, go, start
from tests.ui.workshop_tools import (
    TUTORIAL,
    answer,
    browser_cookies,
    facilitator,
    join,
    participant,
    press,
    step,
    texts,
)


def scripts(at: AppTest) -> list[str]:
    """The bodies of the page's HTML elements (cookies are written by a line of script)."""
    return [element.value for element in at.html]


def send_all(at: AppTest) -> None:
    for _ in range(3):
        press(at, KEY_NEXT)
    press(at, KEY_SEND)


# ---------------------------------------------------------------- the truth about a send


def test_a_page_after_a_restart_says_whether_the_last_send_arrived(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    token = at.query_params["me"]
    send_all(at)
    sent = at.query_params[SENT_PARAM]
    stored = store.participant_status(code, token).latest
    assert stored is not None and stored.send_id == sent  # the URL names the stored send

    arrived = participant(code, token, sent=sent)  # a new session, as after a restart
    assert_clean(arrived)
    assert any(s.startswith("Your answer was saved at ") for s in texts(arrived, "success"))
    assert not arrived.warning

    lost = participant(code, token, sent="f" * 32)  # a send that never reached the store
    assert_clean(lost)
    (warning,) = texts(lost, "warning")
    assert "did not reach the server" in warning and "send it again" in warning
    assert not any("saved at" in s for s in texts(lost, "success"))
    assert step(lost) == "1 of 4"  # straight back to the answer, to send it again
    send_all(lost)
    assert not lost.warning
    assert any(s.startswith("Your answer was saved at ") for s in texts(lost, "success"))
    assert len(store.all_submissions(code, secret)) == 2  # two sends, two rows, no more


def test_a_value_no_slider_offers_is_refused_in_words_and_never_sent(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = join(code)
    at.slider(key=slider_key("criteria", "growth")).set_value(37).run()
    press(at, KEY_NEXT)
    assert step(at) == "1 of 4"
    (error,) = texts(at, "error")
    assert "“Growth potential” shows 37 points" in error and "nothing was sent" in error
    at.slider(key=slider_key("criteria", "growth")).set_value(35).run()
    press(at, KEY_NEXT)
    assert step(at) == "2 of 4" and not at.error
    assert store.all_submissions(code, secret) == []


# ---------------------------------------------------------------- a link bound to its browser


def test_joining_keeps_the_link_in_this_browser(store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = join(code)
    token = at.query_params["me"]
    assert any(f"prioritise_me_{code}={token};" in body for body in scripts(at))


def test_a_link_opened_in_another_browser_asks_before_acting_as_its_person(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    _, token = store.join(code, "Ana", "CORFO", "public")
    store.submit(code, token, answer())
    elsewhere = participant(code, token, same_browser=False)
    assert_clean(elsewhere)
    (warning,) = texts(elsewhere, "warning")
    assert "first opened on another phone or browser" in warning
    shown = " ".join(texts(elsewhere, "text") + texts(elsewhere, "success"))
    assert "Ana" not in shown and "saved" not in shown  # nothing of the person yet
    assert not elsewhere.slider and not [
        b for b in elsewhere.button if (b.key or "").startswith(KEY_SEND)
    ]

    press(elsewhere, "wp_link_other")
    assert "me" not in elsewhere.query_params
    assert elsewhere.text_input(key="wp_name").value == ""  # the join form, as someone new

    mine = participant(code, token, same_browser=False)
    press(mine, "wp_link_mine")
    assert "Ana · CORFO · public sector" in texts(mine, "text")
    assert any(f"prioritise_me_{code}={token};" in body for body in scripts(mine))
    assert len(store.all_submissions(code, secret)) == 1


def test_the_join_link_opened_again_in_the_joining_browser_offers_the_persons_own_place(
    store: WorkshopStore,
) -> None:
    """The QR code scanned again after the tab was closed: the browser's cookie brings the
    person back to their answer, not to a second place that would count them twice; someone
    else on the same browser can still join as themselves."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    person, token = store.join(code, "María José", "Seremi", "public")
    store.submit(code, token, answer())
    with browser_cookies({f"me_{code}": token}):
        again = start(join=code, lang="es")  # the join link, without the person's token
        assert_clean(again)
        (offer,) = texts(again, "info")
        assert "ya se unió a este taller como María José (sector público)" in offer
        assert not again.text_input  # no join form beside the offer
        press(again, "wp_return")
        assert again.query_params["me"] == token
        assert "María José · Seremi · sector público" in texts(again, "text")
        assert len(store.participants(code, secret)) == 1

        other = start(join=code, lang="es")
        press(other, "wp_return_other")
        assert other.text_input(key="wp_name").value == ""  # the join form, as someone new
        assert "me" not in other.query_params
        # a link the facilitator has replaced (a phone left on a table) is offered no more
        store.new_participant_link(code, secret, person.id)
        replaced = start(join=code, lang="es")
        assert not replaced.info and replaced.text_input(key="wp_name").value == ""


# ---------------------------------------------------------------- the facilitator's side


def test_the_facilitator_gives_a_participant_a_new_link_and_the_old_one_stops(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    ana, old = store.join(code, "Ana", "CORFO", "public")
    store.submit(code, old, answer())
    at = facilitator(store, code, secret)
    at.toggle(key="wf_facilitator_only").set_value(True).run()
    assert at.selectbox(key=KEY_PERSON).value == ana.id
    press(at, KEY_NEW)
    (link,) = [c.value for c in at.code if "me=" in c.value]
    new = link.split("me=", 1)[1]
    assert new != old and f"join={code}" in link
    assert store.participant_status(code, new).participant.name == "Ana"
    assert store.participant_status(code, new).latest is not None  # answers stay hers
    stale = participant(code, old)
    assert stale.error and not stale.slider  # the old link no longer opens her page


def test_the_dashboard_comes_back_from_the_browser_after_a_restart(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = facilitator(store, code, secret)
    assert any(f"prioritise_facilitator={code}:{secret};" in body for body in scripts(at))
    with browser_cookies({"facilitator": f"{code}:{secret}"}):
        back = go(start("tutorial", "en"), "workshop_facilitator")  # a new session
    assert_clean(back)
    assert back.session_state["wf_code"] == code
    assert "wf_title" not in [t.key for t in back.text_input]  # not the start form


def test_a_projector_that_lost_its_session_never_shows_the_start_form(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = facilitator(store, code, secret)
    at.toggle(key="wf_projector").set_value(True).run()
    assert at.query_params["projector"] == "1"
    lost = go(start("tutorial", "en", projector="1"), "workshop_facilitator")
    assert_clean(lost)
    assert any("projector view lost its connection" in s for s in texts(lost, "info"))
    assert lost.text_input(key="wf_return_code") is not None
    assert "wf_title" not in [t.key for t in lost.text_input]  # never the start form


def test_leaving_forgets_the_workshop_in_this_browser(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    with browser_cookies({"facilitator": f"{code}:{secret}"}):
        at = go(start("tutorial", "en"), "workshop_facilitator")
        assert at.button(key="wf_leave").disabled  # one click never loses the dashboard
        at.checkbox(key="wf_sure_leave").check().run()
        press(at, "wf_leave")
    assert "wf_code" not in at.session_state
    assert any("prioritise_facilitator=x; Max-Age=0;" in body for body in scripts(at))
    assert at.text_input(key="wf_title") is not None  # the start form, for this session only


def test_two_people_with_the_same_name_are_told_apart_in_the_links_list(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    store.join(code, "José Pérez", "Municipalidad de Ñuñoa", "public")
    store.join(code, "José Pérez", "Municipalidad de Ñuñoa", "public")
    store.join(code, "Ana", "CORFO", "private")
    at = facilitator(store, code, secret)
    at.toggle(key="wf_facilitator_only").set_value(True).run()
    assert_clean(at)
    options = at.selectbox(key=KEY_PERSON).options
    twins = [o for o in options if o.startswith("José Pérez")]
    assert len(twins) == 2 and len(set(twins)) == 2  # never the same line twice
    assert all(" · joined at " in o for o in twins)
    assert "Ana · CORFO · private sector" in options  # no time where no one shares the line


def test_one_person_who_joined_twice_is_pointed_out_and_taken_out_once(
    store: WorkshopStore,
) -> None:
    """Two answers under one name, organisation and group are flagged beside the participant
    list; the facilitator ticks that they mean it and takes the extra place out, with its
    answer, and the warning goes."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    _, first = store.join(code, "María José", "Seremi", "public")
    extra, second = store.join(code, " maría josé ", "SEREMI", "public")  # typed again
    _, other = store.join(code, "María José", "Seremi", "private")  # another group: not flagged
    for token in (first, second, other):
        store.submit(code, token, answer())
    at = facilitator(store, code, secret, lang="es")
    at.toggle(key="wf_facilitator_only").set_value(True).run()
    assert_clean(at)
    (warning,) = [w for w in texts(at, "warning") if "cuenta más de una vez" in w]
    assert warning.startswith(
        "P1 y P2 tienen el mismo nombre, organización y grupo («María José · Seremi · sector público»)"
    )
    at.selectbox(key=KEY_PERSON).set_value(extra.id).run()
    assert at.button(key="wf_remove").disabled  # not before the facilitator says so
    (sure,) = [c for c in at.checkbox if (c.key or "").startswith("wf_remove_sure")]
    sure.check().run()
    press(at, "wf_remove")
    assert_clean(at)
    assert any("Se quitó a" in s and "con 1 respuesta." in s for s in texts(at, "success"))
    assert not [w for w in texts(at, "warning") if "cuenta más de una vez" in w]
    assert len(store.participants(code, secret)) == 2
    assert extra.id not in {p.id for p in store.participants(code, secret)}
    assert len(store.all_submissions(code, secret)) == 2
