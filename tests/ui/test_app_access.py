"""The analyst app behind a key when the room can reach the server (docs/workshop.md).

A server listening on every interface (`prioritise app --host 0.0.0.0`, Streamlit's default) is
stood for by the address the app reads; the key by $PRIORITISE_ACCESS_KEY; the gate's clock by
a fake one, so that the waits after wrong keys are checked without waiting.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from prioritise.ui import access
from prioritise.ui.pages import PAGES
from prioritise.ui.workshop import room
from prioritise.workshop import WorkshopStore
from prioritise.workshop.access import FREE_FAILURES, AccessGate
from tests.ui.apptools import ROOT, assert_clean, go, start
from tests.ui.workshop_tools import participant

KEY = "k7m2q-x9tba-3hw8e-pcn4r"
TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
ANDROID_PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36"
ANALYST_PAGES = [entry.name for entry in PAGES if entry.name != "workshop_participant"]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, store: WorkshopStore) -> Iterator[FakeClock]:
    """The server listening on every interface, with a known key and a fake clock; the
    browser on a phone or a laptop in the room."""
    fake = FakeClock()
    monkeypatch.setattr(access, "server_address", lambda: "0.0.0.0")
    monkeypatch.setattr(access, "client_address", lambda: "192.168.1.34")
    monkeypatch.setenv("PRIORITISE_ACCESS_KEY", KEY)
    monkeypatch.setattr(access, "gate_for", lambda key: AccessGate(key, fake))
    access.gate.clear()
    yield fake
    access.gate.clear()


def locked(at: AppTest) -> bool:
    """The key screen, and nothing of the analyst app: no menu, no scenario, no upload."""
    keys = {w.key for w in at.text_input}
    return (
        access.KEY_INPUT in keys
        and len(at.sidebar.children) == 0
        and not at.get("file_uploader")
        and "wf_title" not in keys
        and not [b for b in at.button if b.key == "open_shipped"]
    )


def give(at: AppTest, key: str) -> AppTest:
    at.text_input(key=access.KEY_INPUT).set_value(key)
    return at.button(key=access.KEY_SEND).click().run()


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_without_the_key_no_analyst_page_opens(clock: FakeClock) -> None:
    at = start("tutorial", "en")
    assert_clean(at)
    assert locked(at)
    assert [t.value for t in at.title] == ["Join a workshop"]  # participants: the code
    # the only page the session knows is the key screen (a page's own address: the browser test)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        go(at, "portfolio")
    for params in ({"app": "1"}, {"scenario": "chile_clusters_2008", "app": "1"}):
        assert locked(start(lang="en", **params)), params


def test_a_phone_going_on_to_the_full_app_meets_the_key(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(room, "user_agent", lambda: ANDROID_PHONE)
    at = start(lang="en")
    assert at.button(key="room_open_app") is not None  # the code screen, no key needed
    assert access.KEY_INPUT not in [w.key for w in at.text_input]
    at.button(key="room_open_app").click().run()
    assert_clean(at)
    assert locked(at)


def test_a_wrong_key_is_refused_and_slowed_down(clock: FakeClock) -> None:
    at = start("tutorial", "en")
    for _ in range(FREE_FAILURES - 1):
        at = give(at, "guess")
        assert errors(at) == ["That is not the access key."] and locked(at)
    at = give(at, "guess")
    assert errors(at) == ["That is not the access key. Too many wrong keys: try again in 1.0 s."]
    at = give(at, KEY)  # the right key, during the wait: refused unseen
    assert errors(at) == ["Too many wrong keys: try again in 1.0 s."] and locked(at)
    clock.now += 1.0
    at = give(at, "guess")
    assert errors(at) == ["That is not the access key. Too many wrong keys: try again in 2.0 s."]
    clock.now += 2.0
    at = give(at, KEY)
    assert_clean(at)
    assert not locked(at)


def test_the_right_key_opens_everything_for_the_session(
    clock: FakeClock, store: WorkshopStore
) -> None:
    at = give(start("tutorial", "es"), f" {KEY} ")
    assert_clean(at)
    assert not errors(at)
    assert len(at.sidebar.children) > 0  # the menu
    assert KEY not in str(dict(at.query_params))  # never in the address
    assert at.session_state[access.KEY_GRANTED] is True  # kept: that it was given, not the key
    assert access.KEY_INPUT not in at.session_state or not at.session_state[access.KEY_INPUT]
    for page in ANALYST_PAGES:
        at = go(at, page)
        assert_clean(at)
        assert access.KEY_INPUT not in [w.key for w in at.text_input], page
    at = go(at, "scenario")
    assert at.get("file_uploader")  # uploads are open
    at = go(at, "workshop_facilitator")
    at.text_input(key="wf_title").set_value("Taller de prueba")
    next(b for b in at.button if b.label == "Iniciar el taller").click().run()
    assert_clean(at)
    assert at.session_state["wf_code"]  # the workshop was made


def test_participant_links_need_no_key(clock: FakeClock, store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("Taller Biobío", TUTORIAL)
    at = participant(code)
    assert_clean(at)
    assert access.KEY_INPUT not in [w.key for w in at.text_input]
    assert at.text_input(key="wp_name") is not None  # the join form
    assert len(at.sidebar.children) == 0
    # the code typed on the key screen leads to the same view
    at = start(lang="en")
    at.text_input(key="wp_code").set_value(code)
    next(b for b in at.button if b.key != access.KEY_SEND).click().run()
    assert at.query_params["join"] == code


def test_on_this_computer_only_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIORITISE_ACCESS_KEY", KEY)  # a key set changes nothing on loopback
    for address in ("127.0.0.1", "localhost", "::1"):
        monkeypatch.setattr(access, "server_address", lambda address=address: address)
        at = start("tutorial", "en")
        assert_clean(at)
        assert not locked(at) and len(at.sidebar.children) > 0, address
        assert at.get("file_uploader")


def test_the_analyst_at_the_server_itself_is_not_asked(clock: FakeClock, monkeypatch) -> None:
    """The server listens to the room, but this browser runs on the server's computer."""
    monkeypatch.setattr(access, "client_address", lambda: None)
    at = start("tutorial", "en")
    assert_clean(at)
    assert not locked(at) and at.get("file_uploader")
    monkeypatch.setattr(access, "public_url", lambda: "https://taller.example.org")
    behind_a_proxy = start("tutorial", "en")  # everyone seems to come from this computer
    assert locked(behind_a_proxy)
