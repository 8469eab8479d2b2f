"""The analyst app behind a key when the room can reach the server (docs/workshop.md).

A server that listens beyond this computer (every interface, or a network address), or that has
a public address (a reverse proxy in front of a loopback server), opens the
participant view to anyone with a join link, and every other page only to a browser session that
gave the **access key**: the one in ``$PRIORITISE_ACCESS_KEY``, or else one made here with
`secrets` and printed where the server was started. A server on loopback only asks for nothing.

Wrong keys are slowed down: after `FREE_FAILURES` wrong keys from one browser session, that
session waits before each further try, twice as long each time (1 s, 2 s, 4 s, … at most
`MOST_WAIT`); the whole server does the same after `FREE_FAILURES_SERVER` wrong keys from all
sessions together, so that opening new sessions does not help guessing. A try during a wait is
refused without looking at the key. Keys are compared in constant time. Nothing here needs
Streamlit: the app passes in the session's id and shows the verdict.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from prioritise.workshop.address import is_loopback_host

ACCESS_KEY_ENV = "PRIORITISE_ACCESS_KEY"
"""The environment variable with the access key (`prioritise app` sets it for its server)."""

KEY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
"""Characters of a made key: lower case, no 0/o, 1/l/i look-alikes (read aloud, typed on a
laptop)."""
KEY_GROUPS = 4
KEY_GROUP_LENGTH = 5
"""A made key is four groups of five characters, ``k7m2q-…``: 31^20, about 99 bits."""

FREE_FAILURES = 5
"""Wrong keys one session may give before it has to wait."""
FREE_FAILURES_SERVER = 20
"""Wrong keys all sessions together may give before every session has to wait."""
FIRST_WAIT = 1.0
MOST_WAIT = 60.0
"""Seconds of the first wait, doubled at every further wrong key, and the longest wait."""
MAX_SESSIONS = 10_000
"""Sessions whose wrong keys are remembered (the oldest are forgotten first)."""


def new_access_key() -> str:
    """A fresh key, e.g. ``k7m2q-x9tba-3hw8e-pcn4r``."""
    return "-".join(
        "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_GROUP_LENGTH))
        for _ in range(KEY_GROUPS)
    )


def needs_access_key(server_address: str | None, public_url: str | None = None) -> bool:
    """Whether a server listening on `server_address` must ask for the key: every address but
    this computer's own (no address, ``0.0.0.0`` or ``::`` means every interface), and also a
    loopback server given a public address (``--public-url``: a reverse proxy brings the world
    to it)."""
    if public_url and public_url.strip() and not is_loopback_host(urlsplit(public_url).hostname):
        return True
    if server_address is None or not server_address.strip():
        return True
    return not is_loopback_host(server_address)


def asks_for_key(
    server_address: str | None, public_url: str | None, client_address: str | None
) -> bool:
    """Whether one browser must give the key: the server needs one (`needs_access_key`) and
    the browser is not on this computer. `client_address` is the address the browser connects
    from, None for this computer (as Streamlit reports it). The analyst at the server's own
    keyboard opens the app without a key; a phone on the room's network must give it. With a
    public address every browser gives it: behind a reverse proxy on the same computer, all
    of them seem to connect from this computer."""
    if not needs_access_key(server_address, public_url):
        return False
    has_public = bool(public_url and public_url.strip())
    return has_public or not (client_address is None or is_loopback_host(client_address))


def configured_key(environment: dict[str, str] | None = None) -> str | None:
    """The key in ``$PRIORITISE_ACCESS_KEY`` (surrounding spaces removed), None if unset or
    blank."""
    value = (os.environ if environment is None else environment).get(ACCESS_KEY_ENV, "")
    return value.strip() or None


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.strip().encode("utf-8")).digest()


def same_key(given: str, expected: str) -> bool:
    """Whether `given` is the key, in time that does not depend on where they differ (nor on
    their lengths: digests of both are compared)."""
    return hmac.compare_digest(_digest(given), _digest(expected))


@dataclass(frozen=True)
class Verdict:
    """The answer to one try: ``ok``, ``wrong`` (and now `wait` seconds before the next try
    counts) or ``wait`` (refused unseen; `wait` seconds left)."""

    outcome: str
    wait: float = 0.0

    @property
    def granted(self) -> bool:
        return self.outcome == "ok"


def _wait_after(failures: int, free: int) -> float:
    if failures < free:
        return 0.0
    return min(MOST_WAIT, FIRST_WAIT * 2.0 ** (failures - free))


class AccessGate:
    """Checks keys for one server process (thread-safe: every browser session is a thread)."""

    def __init__(self, key: str, clock: Callable[[], float] = time.monotonic) -> None:
        if not key.strip():
            raise ValueError("an access key cannot be empty")
        self._key = key
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, tuple[int, float]] = {}  # failures, time of the last one
        self._server: tuple[int, float] = (0, -math.inf)

    def waiting(self, session: str) -> float:
        """Seconds before a try from `session` is looked at (0: now)."""
        with self._lock:
            return self._waiting(session, self._clock())

    def _waiting(self, session: str, now: float) -> float:
        own, own_at = self._sessions.get(session, (0, -math.inf))
        every, every_at = self._server
        until = max(
            own_at + _wait_after(own, FREE_FAILURES),
            every_at + _wait_after(every, FREE_FAILURES_SERVER),
        )
        return max(0.0, until - now)

    def check(self, session: str, given: str) -> Verdict:
        """Try `given` as the key for `session`."""
        with self._lock:
            now = self._clock()
            left = self._waiting(session, now)
            if left > 0:
                return Verdict("wait", left)
            if same_key(given, self._key):
                self._sessions.pop(session, None)
                return Verdict("ok")
            own, _ = self._sessions.pop(session, (0, -math.inf))
            self._sessions[session] = (own + 1, now)  # most recent last
            while len(self._sessions) > MAX_SESSIONS:
                del self._sessions[next(iter(self._sessions))]
            self._server = (self._server[0] + 1, now)
            return Verdict("wrong", self._waiting(session, now))
