"""Small cookies the workshop keeps in the browser: which participant link this browser joined
with (or confirmed), and which workshop this computer facilitates.

Streamlit reads a browser's cookies when its page connects (``st.context.cookies``) but has no
call to set one, so a cookie is set by a line of script in the page. Only names and values made
of URL-safe characters are ever written (join codes, random tokens and secrets); anything else
is refused before it reaches the page. A cookie set during a session is read back at the next
connection (a reload, a reconnect, a restarted server): the session itself remembers what it
wrote.
"""

from __future__ import annotations

import re

import streamlit as st

PREFIX = "prioritise_"
DAYS = 7
_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")
_VALUE = re.compile(r"[A-Za-z0-9_\-.:]{1,512}")


def _checked(name: str, value: str = "x") -> str:
    if not _NAME.fullmatch(name) or not _VALUE.fullmatch(value):
        raise ValueError("a cookie name or value with characters a cookie cannot carry")
    return PREFIX + name


def read(name: str) -> str | None:
    """The cookie's value as the browser sent it when this page connected, if any."""
    value = st.context.cookies.get(_checked(name))
    return value if isinstance(value, str) and _VALUE.fullmatch(value) else None


def _write(name: str, value: str, seconds: int) -> None:
    secure = "; Secure" if (st.context.url or "").startswith("https:") else ""
    st.html(
        f"<script>document.cookie = '{name}={value}; Max-Age={seconds}; Path=/; "
        f"SameSite=Strict{secure}';</script>",
        unsafe_allow_javascript=True,
    )


def remember(name: str, value: str, days: int = DAYS) -> None:
    """Keep ``value`` in this browser for ``days`` (sent back on the next connection)."""
    _write(_checked(name, value), value, days * 86_400)


def forget(name: str) -> None:
    """Remove the cookie from this browser."""
    _write(_checked(name), "x", 0)
