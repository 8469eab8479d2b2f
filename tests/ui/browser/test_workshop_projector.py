"""The projected dashboard in a real headless Chromium at 1280×720: five participants in two
groups of sizes 1 and 4, and nothing on the wall that identifies the lone one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from prioritise.text import t
from prioritise.workshop import WorkshopStore
from prioritise.workshop.access import ACCESS_KEY_ENV
from tests.ui.browser.conftest import AppServer

pytestmark = pytest.mark.browser

WAIT_MS = 60_000
ROOT = Path(__file__).parents[3]
LONE = ("Zoë Solitaria", "Fundación Única", "civil")
FOUR = [(f"Persona {n}", f"Empresa {n}", "private") for n in "ABCD"]
GROUP_WORDS = {
    "en": ("civil society", "private sector"),
    "es": ("sociedad civil", "sector privado"),
}

ACCESS_KEY = "k7m2q-x9tba-3hw8e-pcn4r"


def _answers(database: Path) -> tuple[str, str]:
    """The workshop and its five answers, written straight into the app's database."""
    scenario = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    with WorkshopStore(database) as store:
        _, code, secret = store.create_workshop("Taller Antofagasta", scenario)
        for index, (name, organisation, group) in enumerate([LONE, *FOUR]):
            _, token = store.join(code, name, organisation, group)
            store.submit(
                code,
                token,
                {
                    "criteria": {"growth": 20.0 + 10 * index, "exports": 30.0, "jobs": 30.0},
                    "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
                    "regional_criteria": {"specialisation": 50.0, "lagging": 50.0},
                },
            )
    return code, secret


def _open_as_facilitator(page, url: str, code: str, secret: str, lang: str) -> None:
    """Return to the workshop with its code and secret (the secret lives in the session)."""
    ui = "ui.workshop_facilitator."
    page.goto(f"{url}/workshop_facilitator?scenario=tutorial&lang={lang}")
    # a server with a public address asks every browser for the access key
    page.get_by_label(t("ui.access.key", lang)).fill(ACCESS_KEY)
    page.get_by_role("button", name=t("ui.access.open", lang)).click()
    page.get_by_role("tab", name=t(ui + "tab_return", lang)).click()
    page.get_by_label(t(ui + "code", lang), exact=True).fill(code)
    page.get_by_label(t(ui + "secret", lang), exact=True).fill(secret)
    page.get_by_role("button", name=t(ui + "open", lang)).click()
    page.get_by_text(t(ui + "projector", lang), exact=True).wait_for(timeout=WAIT_MS)


@pytest.fixture
def room_server(tmp_path: Path) -> Iterator[AppServer]:
    """The app as a room runs it: with the address the phones use (no warning that the link
    only works on this computer, which would push the wall's figures down)."""
    server = AppServer(
        env={
            "PRIORITISE_DB_PATH": str(tmp_path / "workshop.sqlite"),
            "PRIORITISE_PUBLIC_URL": "http://10.0.0.5:8501",
            ACCESS_KEY_ENV: ACCESS_KEY,
        }
    )
    server.wait_ready()
    yield server
    server.stop()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_projected_dashboard_hides_the_lone_participant(
    browser, room_server: AppServer, screenshots: Path, tmp_path: Path, lang: str
) -> None:
    app_server = room_server
    code, secret = _answers(tmp_path / "workshop.sqlite")  # the app server's database
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        _open_as_facilitator(page, app_server.url, code, secret, lang)
        answers = t("ui.workshop_dashboard.answers", lang)
        page.get_by_text(t("ui.workshop_dashboard.priorities_head", lang)).wait_for(timeout=WAIT_MS)
        page.get_by_text(t("ui.workshop_facilitator.projector", lang), exact=True).click()
        box = page.locator(".st-key-wf_projector_view")
        box.wait_for(timeout=WAIT_MS)
        count = page.locator(".st-key-wf_answer_count [data-testid='stMetricValue']")
        count.wait_for(timeout=WAIT_MS)
        assert count.inner_text() == "5"
        page.locator(".st-key-wf_projector_view table").first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(1500)  # let the charts settle
        text = page.locator("body").inner_text()
        for word in (*LONE[:2], *(p[0] for p in FOUR), *(p[1] for p in FOUR), secret):
            assert word not in text
        assert answers in text
        assert not re.search(r"\d[.,]\d{4,}", text)  # every number written for people
        # No audience but everyone: neither group names a column, a row or a chart trace.
        headers = page.locator(".st-key-wf_projector_view table th").all_inner_texts()
        for group in GROUP_WORDS[lang]:
            assert not any(group in header for header in headers), (group, headers)
        legends = page.locator(".st-key-wf_projector_view .legendtext").all_inner_texts()
        assert not any(g in legend for g in GROUP_WORDS[lang] for legend in legends)
        # Room-sized: no sidebar, no table with a scrollbar of its own, the count largest.
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        size = "n => parseFloat(getComputedStyle(n.querySelector('p') || n).fontSize)"
        sizes = page.locator("[data-testid='stMetricValue']").evaluate_all(
            f"nodes => nodes.map({size})"
        )
        largest = count.evaluate(size)
        assert largest == max(sizes) and sizes.count(largest) == 1, sizes
        assert largest >= 1.5 * sorted(sizes)[-2] and largest >= 100, sizes
        assert count.is_visible() and count.bounding_box()["y"] < 720  # on the first screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.screenshot(path=str(screenshots / f"workshop_projector_{lang}.png"))
        head = t("ui.workshop_dashboard.priorities_head", lang)
        page.get_by_text(head).evaluate("n => n.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshots / f"workshop_projector_results_{lang}.png"))
        # Back at the desk: the controls return, the participant list still behind its switch.
        page.get_by_text(t("ui.workshop_facilitator.projector", lang), exact=True).click()
        private = t("ui.workshop_facilitator.private", lang)
        page.get_by_text(private, exact=True).wait_for(timeout=WAIT_MS)
        assert LONE[0] not in page.locator("body").inner_text()
        page.get_by_text(private, exact=True).click()
        banner = t("ui.workshop_facilitator.private_banner", lang)
        page.get_by_text(banner).wait_for(timeout=WAIT_MS)
        page.get_by_text(banner).evaluate("n => n.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(1000)
        page.screenshot(path=str(screenshots / f"workshop_facilitator_only_{lang}.png"))
    finally:
        context.close()
