"""Every page in Spanish in a real headless Chromium, with a screenshot of each, and the
participant's view at phone size (390×844): what a Chilean analyst and a workshop participant
see, numbers included ("24,2 %", "175,0 MM USD"; never "24.2 %" or "(UTC)")."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.ui.pages import PAGES
from prioritise.workshop import WorkshopStore
from tests.ui.browser.conftest import run_finished
from tests.ui.browser.page_tools import ENGLISH_NUMBER, WAIT_MS
from tests.ui.browser.page_tools import settled as _settled

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[3]


def _check_spanish(page, where: str) -> None:
    body = page.locator("body").inner_text()
    assert "Algo falló" not in body, where
    assert not ENGLISH_NUMBER.search(body), (where, ENGLISH_NUMBER.findall(body)[:5])


def test_every_page_in_spanish(browser, app_server, screenshots: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    try:
        for index, entry in enumerate(PAGES, start=1):
            page.goto(f"{app_server.url}/{entry.name}?scenario=chile_transforma_2017&lang=es")
            page.locator("h1").first.wait_for(timeout=WAIT_MS)
            _settled(page)
            _check_spanish(page, entry.name)
            page.screenshot(path=str(screenshots / f"es_{index}_{entry.name}.png"), full_page=True)
    finally:
        context.close()


def test_participant_view_in_spanish_at_phone_size(
    browser, app_server, screenshots: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIORITISE_DB_PATH", str(tmp_path / "workshop.sqlite"))
    monkeypatch.delenv("PRIORITISE_DB_URL", raising=False)
    toml = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    with WorkshopStore() as store:
        _, code, _ = store.create_workshop("Taller Antofagasta", toml)
        _, token = store.join(code, "Ana Pérez", "CORFO", "public")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?join={code}&me={token}&lang=es")
        # joined elsewhere (by the store): this browser is asked whether the link is its own
        page.get_by_text("se abrió primero en otro teléfono o navegador").wait_for(timeout=WAIT_MS)
        run_finished(page, WAIT_MS)
        _check_spanish(page, "participant link elsewhere")
        page.get_by_role("button", name="Es mi enlace").click()
        page.get_by_role("slider").first.wait_for(timeout=WAIT_MS)
        run_finished(page, WAIT_MS)  # its bars are progress bars: _settled would wait forever
        _check_spanish(page, "participant")
        page.screenshot(path=str(screenshots / "es_participant_phone.png"))
        for number in (2, 3, 4):
            page.get_by_role("button", name="Siguiente").click()
            page.get_by_text(f"{number} de 4").wait_for(timeout=WAIT_MS)
            run_finished(page, WAIT_MS)
        page.get_by_role("button", name="Enviar mi respuesta").click()
        page.get_by_text("Su respuesta se guardó").wait_for(timeout=WAIT_MS)
        run_finished(page, WAIT_MS)
        _check_spanish(page, "participant saved")
        page.screenshot(path=str(screenshots / "es_participant_phone_saved.png"), full_page=True)
    finally:
        context.close()


def _uploader_words(page) -> dict[str, tuple[str, str]]:
    """What the scenario uploader shows in place of Streamlit's own words: (the words drawn,
    the font size left to Streamlit's English) for the button, the limit and the drop hint."""
    zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    parts = {
        "button": zone.locator('button [data-testid="stMarkdownContainer"] > p'),
        "limit": zone.locator('[data-testid="stFileUploaderDropzoneInstructions"] span'),
    }
    found = {}
    script = "e => [getComputedStyle(e, '::after').content, getComputedStyle(e).fontSize]"
    for name, where in parts.items():
        found[name] = tuple(where.first.evaluate(script))
    drag = page.evaluate_handle(
        "() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'a.toml')); return d; }"
    )
    zone.dispatch_event("dragenter", {"dataTransfer": drag})
    hint = zone.locator(":scope > div:not([data-testid]) > span")
    hint.wait_for(timeout=WAIT_MS)
    found["drop"] = tuple(hint.evaluate(script))
    zone.dispatch_event("dragleave", {"dataTransfer": drag})
    return found


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", {"button": "Subir archivo", "limit": "1 MB por archivo • TOML", "drop": "Suelte"}),
        ("en", {"button": "Upload", "limit": "1 MB per file • TOML", "drop": "Drop the file"}),
    ],
)
def test_the_file_uploader_speaks_the_readers_language(
    browser, app_server, screenshots: Path, lang: str, words: dict[str, str]
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?scenario=chile_transforma_2017&lang={lang}")
        page.locator('[data-testid="stFileUploaderDropzone"]').first.wait_for(timeout=WAIT_MS)
        _settled(page)
        shown = _uploader_words(page)
        for part, expected in words.items():
            drawn, english_size = shown[part]
            assert drawn.startswith(f'"{expected}'), (part, drawn)
            assert english_size == "0px", (part, english_size)  # Streamlit's words not shown
        page.locator('[data-testid="stFileUploader"]').first.screenshot(
            path=str(screenshots / f"{lang}_uploader_phone.png")
        )
    finally:
        context.close()
