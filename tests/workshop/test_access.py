"""The access key: when it is asked for, how keys are compared, how wrong keys are slowed down.

The waits run on a fake clock, and are checked against the rule written out independently: a
session's n-th wrong key (n > 5) makes it wait 2^(n-6) s, at most 60 s; after 20 wrong keys from
all sessions together, every session waits the same way.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prioritise.workshop.access import (
    ACCESS_KEY_ENV,
    FREE_FAILURES,
    FREE_FAILURES_SERVER,
    MOST_WAIT,
    AccessGate,
    asks_for_key,
    configured_key,
    needs_access_key,
    new_access_key,
    same_key,
)

KEY = "k7m2q-x9tba-3hw8e-pcn4r"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def expected_wait(failures: int, free: int) -> float:
    return 0.0 if failures < free else min(MOST_WAIT, 2.0 ** (failures - free))


@pytest.mark.parametrize(
    ("address", "asks"),
    [
        (None, True),  # Streamlit's default: every interface
        ("", True),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("workshop.example.org", True),
        ("127.0.0.1", False),
        ("127.0.1.1", False),
        ("localhost", False),
        ("::1", False),
    ],
)
def test_the_key_is_asked_for_beyond_this_computer_only(address: str | None, asks: bool) -> None:
    assert needs_access_key(address) is asks


@pytest.mark.parametrize(
    ("public_url", "asks"),
    [
        ("https://taller.example.org", True),  # a reverse proxy brings the world in
        ("http://192.168.1.20:8501", True),
        ("http://localhost:8501", False),
        ("", False),
        (None, False),
    ],
)
def test_a_loopback_server_with_a_public_address_asks_too(
    public_url: str | None, asks: bool
) -> None:
    assert needs_access_key("127.0.0.1", public_url) is asks
    assert needs_access_key("0.0.0.0", public_url)


def test_made_keys_are_fresh_and_easy_to_type() -> None:
    keys = {new_access_key() for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        assert re.fullmatch(r"[2-9a-hjkmnp-z]{5}(-[2-9a-hjkmnp-z]{5}){3}", key), key


def test_the_configured_key_is_the_environments_trimmed() -> None:
    assert configured_key({ACCESS_KEY_ENV: "  secreto  "}) == "secreto"
    assert configured_key({ACCESS_KEY_ENV: "   "}) is None
    assert configured_key({}) is None


@given(st.text(max_size=40), st.text(max_size=40))
def test_keys_match_exactly_up_to_surrounding_spaces(a: str, b: str) -> None:
    assert same_key(a, b) is (a.strip() == b.strip())


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError):
        AccessGate("  ")


def test_the_right_key_opens_and_a_wrong_one_is_refused() -> None:
    gate = AccessGate(KEY, FakeClock())
    assert gate.check("a", f" {KEY}\n").granted
    wrong = gate.check("a", KEY.upper())
    assert wrong.outcome == "wrong" and wrong.wait == 0.0


def test_one_session_waits_longer_after_every_wrong_key() -> None:
    clock = FakeClock()
    gate = AccessGate(KEY, clock)
    for failures in range(1, 15):
        verdict = gate.check("guesser", "nope")
        assert verdict.outcome == "wrong"
        assert verdict.wait == pytest.approx(expected_wait(failures, FREE_FAILURES))
        if verdict.wait:  # a try during the wait is refused unseen, even with the right key
            clock.now += verdict.wait / 2
            refused = gate.check("guesser", KEY)
            assert refused.outcome == "wait" and refused.wait == pytest.approx(verdict.wait / 2)
            clock.now += verdict.wait / 2
        assert gate.waiting("someone else") == 0.0  # other sessions are not held up (yet)
    assert gate.check("guesser", KEY).granted
    assert gate.waiting("guesser") == 0.0  # the right key forgets the session's failures


def test_new_sessions_do_not_help_guessing() -> None:
    clock = FakeClock()
    gate = AccessGate(KEY, clock)
    for failures in range(1, FREE_FAILURES_SERVER + 4):
        verdict = gate.check(f"session {failures}", "nope")
        assert verdict.outcome == "wrong"
        assert verdict.wait == pytest.approx(expected_wait(failures, FREE_FAILURES_SERVER))
        assert gate.waiting("the analyst") == pytest.approx(verdict.wait)
        clock.now += verdict.wait
    clock.now += MOST_WAIT
    assert gate.check("the analyst", KEY).granted


@pytest.mark.parametrize(
    ("server", "public_url", "client", "asks"),
    [
        ("0.0.0.0", None, "192.168.1.34", True),  # a phone in the room
        ("0.0.0.0", None, "fe80::1", True),
        ("0.0.0.0", None, None, False),  # the analyst at the server's own keyboard
        ("0.0.0.0", None, "127.0.0.1", False),
        ("0.0.0.0", None, "::1", False),
        ("0.0.0.0", "https://taller.example.org", None, True),  # behind a proxy: everyone
        ("127.0.0.1", None, "192.168.1.34", False),  # nobody else can reach this server
        ("127.0.0.1", "http://localhost:8501", None, False),
    ],
)
def test_a_browser_on_the_server_itself_gives_no_key(
    server: str, public_url: str | None, client: str | None, asks: bool
) -> None:
    assert asks_for_key(server, public_url, client) is asks
