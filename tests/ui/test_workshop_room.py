"""The workshop in a room, under AppTest: the join link's address and its QR code, the note or
warning beside it, and phones that open the plain address of the app."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from prioritise.ui.workshop import room
from prioritise.ui.workshop import views as workshop_views
from prioritise.workshop import WorkshopStore
from prioritise.workshop.address import PUBLIC_URL_ENV
from tests.ui.apptools import ROOT, assert_clean, go, start

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
ANDROID_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
ANDROID_TABLET = (
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    """A fresh database for the app (which opens its store once per process) and the test."""
    monkeypatch.setenv("PRIORITISE_DB_PATH", str(tmp_path / "workshop.sqlite"))
    monkeypatch.delenv("PRIORITISE_DB_URL", raising=False)
    monkeypatch.delenv(PUBLIC_URL_ENV, raising=False)
    workshop_views._open_store.clear()
    with WorkshopStore() as opened:
        yield opened
    workshop_views._open_store.clear()


@pytest.fixture
def qr_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the app turned into a QR code during the test."""
    made: list[str] = []
    real = workshop_views.qr_png

    def recording(text: str, scale: int = 10) -> bytes:
        made.append(text)
        return real(text, scale)

    monkeypatch.setattr(workshop_views, "qr_png", recording)
    return made


def facilitator_page(store: WorkshopStore, lang: str = "en") -> tuple[AppTest, str]:
    _, code, secret = store.create_workshop("Taller", TUTORIAL)
    at = start("tutorial", lang)
    at.session_state["wf_code"] = code
    at.session_state["wf_secret"] = secret
    return go(at, "workshop_facilitator"), code


def join_links(at: AppTest) -> list[str]:
    return [c.value for c in at.code if "?join=" in c.value]


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


# ---------------------------------------------------------------- the join link's address


def test_a_public_address_is_in_the_link_and_the_qr_code(
    store: WorkshopStore, qr_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PUBLIC_URL_ENV, "http://10.0.0.5:8501")
    monkeypatch.setattr(room, "detect_lan_address", lambda: "192.168.1.20")
    at, code = facilitator_page(store)
    assert_clean(at)
    link = f"http://10.0.0.5:8501/?join={code}&lang=en"  # the room's language: the facilitator's
    assert join_links(at) == [link]
    assert qr_texts == [link]
    assert at.get("image"), "the QR code is missing"
    assert not [w for w in warnings(at) if "only work on this computer" in w]
    assert not [c.value for c in at.caption if "network address" in c.value]


def test_at_localhost_the_link_uses_the_lan_address_and_says_so(
    store: WorkshopStore, qr_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(room, "detect_lan_address", lambda: "192.168.1.20")
    at, code = facilitator_page(store)
    assert_clean(at)
    port = config.get_option("server.port")
    link = f"http://192.168.1.20:{port}/?join={code}&lang=en"
    assert join_links(at) == [link]
    assert qr_texts == [link]
    notes = [c.value for c in at.caption if "this computer's network address" in c.value]
    assert notes and f"192.168.1.20:{port}" in notes[0]
    assert not [w for w in warnings(at) if "only work on this computer" in w]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "This link can only work on this computer: no network address"),
        ("es", "Este enlace solo puede funcionar en este computador: no se encontró"),
    ],
)
def test_at_localhost_without_a_lan_address_the_page_warns(
    store: WorkshopStore,
    qr_texts: list[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    monkeypatch.setattr(room, "detect_lan_address", lambda: None)
    at, code = facilitator_page(store, lang)
    assert_clean(at)
    port = config.get_option("server.port")
    assert join_links(at) == [f"http://localhost:{port}/?join={code}&lang={lang}"]
    assert [w for w in warnings(at) if w.startswith(words)]
    assert qr_texts == join_links(at)


def test_a_server_on_loopback_only_gets_the_warning_and_the_way_out(
    store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(room, "detect_lan_address", lambda: "192.168.1.20")
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    try:
        at, _ = facilitator_page(store)
    finally:
        config.set_option("server.address", before)
    assert_clean(at)
    assert join_links(at)[0].startswith("http://localhost:")
    found = [w for w in warnings(at) if w.startswith("This link can only work on this computer")]
    assert found and "prioritise app --host 0.0.0.0" in found[0] and "--public-url" in found[0]


def test_a_bad_public_address_is_ignored_with_a_warning(
    store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PUBLIC_URL_ENV, "10.0.0.5:8501")
    at, _ = facilitator_page(store, "es")
    assert_clean(at)
    assert join_links(at)[0].startswith("http://localhost:")
    assert [w for w in warnings(at) if w.startswith("PRIORITISE_PUBLIC_URL no es una dirección")]


# ---------------------------------------------------------------- phones at the plain address


@pytest.mark.parametrize(
    ("agent", "phone"),
    [
        (IPHONE, True),
        (ANDROID_PHONE, True),
        ("Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1) Edge/15.15063", True),
        (ANDROID_TABLET, False),
        (DESKTOP, False),
        ("", False),
        (None, False),
    ],
)
def test_phones_are_told_apart_by_their_user_agent(agent: str | None, phone: bool) -> None:
    assert room.is_phone(agent) is phone


def test_a_phone_at_the_plain_address_gets_the_code_screen_then_the_join_view(
    store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, code, _ = store.create_workshop("Taller Biobío", TUTORIAL)
    monkeypatch.setattr(room, "user_agent", lambda: ANDROID_PHONE)
    at = start(lang="es")
    assert_clean(at)
    assert len(at.sidebar.children) == 0  # no menu, no scenario controls
    assert [t.value for t in at.title] == ["Unirse a un taller"]
    assert at.button(key="room_open_app").label == "Abrir la aplicación de análisis"
    at.radio(key="lang").set_value("en").run()
    assert [t.value for t in at.title] == ["Join a workshop"]
    at.text_input(key="wp_code").set_value(code.lower())
    next(b for b in at.button if b.key != "room_open_app").click().run()  # the form's button
    assert_clean(at)
    assert at.query_params["join"] == code
    assert "Taller Biobío" in [t.value for t in at.text]
    assert at.text_input(key="wp_name") is not None  # the join form


def test_a_phone_may_go_on_to_the_full_app_and_stays_there(
    store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(room, "user_agent", lambda: IPHONE)
    at = start(lang="en")
    at.button(key="room_open_app").click().run()
    assert_clean(at)
    assert at.query_params["app"] == "1"
    assert len(at.sidebar.children) > 0  # the menu's language switch and scenario box
    assert "wp_code" not in [w.key for w in at.text_input]
    at = go(at, "priorities")
    assert_clean(at)
    assert at.query_params["app"] == "1"
    assert not [b for b in at.button if b.key == "room_open_app"]


def test_a_phone_with_app_1_or_a_copied_link_and_a_computer_get_the_full_app(
    store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(room, "user_agent", lambda: ANDROID_PHONE)
    assert len(start(lang="en", app="1").sidebar.children) > 0
    shared = start("tutorial", "en")  # a link copied from the app, opened on a phone
    assert len(shared.sidebar.children) > 0
    assert not [b for b in shared.button if b.key == "room_open_app"]
    monkeypatch.setattr(room, "user_agent", lambda: DESKTOP)
    at = start(lang="en")
    assert len(at.sidebar.children) > 0
    assert not [b for b in at.button if b.key == "room_open_app"]


def test_the_app_starts_in_a_fresh_process() -> None:
    """The frame and the workshop's modules import each other only in this order-free way."""
    code = "import prioritise.ui.main, prioritise.ui.workshop.room"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
