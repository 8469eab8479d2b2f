"""The workshop in a room, in a real headless Chromium: the join link and QR code carry the public
address, a server on loopback only says so, and a phone at the plain address gets the code
screen (360 × 780, in both languages)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from prioritise.ui.workshop.views import qr_png
from prioritise.workshop.access import ACCESS_KEY_ENV
from prioritise.workshop.address import PUBLIC_URL_ENV
from tests.ui.browser.conftest import AppServer
from tests.ui.browser.room_tools import PHONE, join_code_of, start_workshop

pytestmark = pytest.mark.browser

WAIT_MS = 60_000


def qr_grid(png: bytes, modules: int) -> list[list[bool]]:
    """The dark and light modules of a square QR image `modules` wide (border included),
    read at each module's centre."""
    image = Image.open(io.BytesIO(png)).convert("L")
    step = image.width / modules
    return [
        [
            image.getpixel((int((x + 0.5) * step), int((y + 0.5) * step))) < 128
            for x in range(modules)
        ]
        for y in range(modules)
    ]


def test_a_public_address_is_in_the_link_and_in_the_qr_code(
    browser, tmp_path: Path, screenshots: Path
) -> None:
    server = AppServer(
        env={
            "PRIORITISE_DB_PATH": str(tmp_path / "workshop.sqlite"),
            PUBLIC_URL_ENV: "http://10.0.0.5:8501",
            ACCESS_KEY_ENV: "clave-de-prueba",  # a public address: the analysis pages ask
        }
    )
    try:
        server.wait_ready()
        context, page, link = start_workshop(browser, server.url, key="clave-de-prueba")
        try:
            assert link.startswith("http://10.0.0.5:8501/?join=")
            code = join_code_of(link)
            assert len(code) == 8
            source = page.locator('[data-testid="stImage"] img').first.get_attribute("src")
            assert source
            shown = page.request.get(source if "://" in source else server.url + source).body()
            # The QR code on the screen (scaled to fit) has exactly the modules of this link's.
            made = qr_png(link)
            modules = Image.open(io.BytesIO(made)).width // 10  # qr_png's default scale
            assert qr_grid(shown, modules) == qr_grid(made, modules)
            other = qr_png(link.replace("10.0.0.5", "10.0.0.6"))
            assert qr_grid(other, modules) != qr_grid(made, modules)
            assert page.get_by_text("can only work on this computer").count() == 0
            page.screenshot(path=str(screenshots / "workshop_public_url.png"))
        finally:
            context.close()
    finally:
        server.stop()


def test_a_server_on_loopback_only_warns_that_the_link_works_here_only(
    browser, app_server, screenshots: Path
) -> None:
    # The test server listens on 127.0.0.1 only: no phone could reach it.
    context, page, link = start_workshop(browser, app_server.url)
    try:
        assert link.startswith(f"{app_server.url}/?join=")
        warning = page.get_by_text("This link can only work on this computer")
        warning.wait_for(timeout=WAIT_MS)
        assert page.get_by_text("prioritise app --host 0.0.0.0").count() == 1
        warning.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "workshop_link_warning.png"))
    finally:
        context.close()


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"


@pytest.mark.parametrize(
    ("locale", "lang", "title", "open_app"),
    [
        ("es-CL", "es", "Unirse a un taller", "Abrir la aplicación de análisis"),
        ("en-GB", "en", "Join a workshop", "Open the analysis app"),
    ],
)
def test_a_phone_at_the_plain_address_gets_the_code_screen(
    browser,
    app_server,
    screenshots: Path,
    locale: str,
    lang: str,
    title: str,
    open_app: str,
) -> None:
    facilitator, _, link = start_workshop(browser, app_server.url)
    phone = browser.new_context(locale=locale, **PHONE)
    try:
        page = phone.new_page()
        page.goto(app_server.url)  # the plain address, no ?join=
        page.get_by_role("heading", name=title).wait_for(timeout=WAIT_MS)
        assert page.locator('[data-testid="stSidebar"]').count() == 0  # not the analyst app
        page.get_by_role("button", name=open_app).wait_for(timeout=WAIT_MS)
        _no_horizontal_scroll(page)
        page.screenshot(path=str(screenshots / f"workshop_phone_plain_address_{lang}.png"))
        # Typing the code leads on to the join form.
        page.locator('[data-testid="stTextInput"] input').fill(join_code_of(link))
        page.keyboard.press("Enter")
        page.wait_for_url("**join=*", timeout=WAIT_MS)
        # The code form is a form too: wait for the workshop's own page, then its join form.
        page.get_by_text("Taller en la sala").wait_for(timeout=WAIT_MS)
        page.locator('[data-testid="stForm"] input').first.wait_for(timeout=WAIT_MS)
        assert page.get_by_text("Taller en la sala").count() == 1
        _no_horizontal_scroll(page)
        # Whoever wants the full app on a phone gets it from the plain address.
        page.goto(app_server.url)
        page.get_by_role("button", name=open_app).click()
        page.wait_for_url("**app=1*", timeout=WAIT_MS)
        page.locator('[data-testid="stSidebar"]').wait_for(state="attached", timeout=WAIT_MS)
    finally:
        phone.close()
        facilitator.close()
