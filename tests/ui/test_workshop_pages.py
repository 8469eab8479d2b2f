"""The live-workshop pages under AppTest: the facilitator's page and the participant's view."""

from __future__ import annotations

import csv
import importlib
import io
import json
import time
from datetime import UTC, datetime

import pandas as pd
import pytest

from prioritise import scenario as scenario_io
from prioritise import workshop
from prioritise.text import CATALOGUES, msg
from prioritise.ui import widgets
from prioritise.ui.workshop import views as workshop_views
from prioritise.ui.workshop.live import PortfolioRunner
from prioritise.workshop import SubmissionRow, WorkshopStore, validation
from prioritise.workshop.results import ViewResult, workshop_results
from tests.ui.apptools import assert_clean, go, start
from tests.ui.workshop_tools import TUTORIAL, answer, bars, facilitator, participant, texts

# ---------------------------------------------------------------- facilitator


def test_facilitator_starts_a_workshop_with_link_qr_and_secret(store: WorkshopStore) -> None:
    at = go(start("tutorial", "en"), "workshop_facilitator")
    assert_clean(at)
    at.text_input(key="wf_title").set_value("Taller Antofagasta")
    at.button[0].click().run()
    assert_clean(at)
    code, secret = at.session_state["wf_code"], at.session_state["wf_secret"]
    assert store.verify_facilitator(code, secret).title == "Taller Antofagasta"
    assert "Taller Antofagasta" in texts(at, "text")
    metric = next(m for m in at.metric if m.label == "Join code")
    assert metric.value == f"{code[:4]}-{code[4:]}"
    codes = texts(at, "code")
    assert any(c.endswith(f"/?join={code}&lang=en") for c in codes)
    assert secret in codes
    assert any("Keep the facilitator secret" in w for w in texts(at, "warning"))
    assert any("Waiting for the first answers" in i for i in texts(at, "info"))
    assert at.get("image"), "the QR code is missing"
    # The workshop carries the scenario open at the time.
    assert scenario_io.loads(store.get_workshop(code).scenario_toml).scenario.name == "Tutorial"


def test_qr_code_and_join_link() -> None:
    png = workshop_views.qr_png("http://example.org/?join=ABCDEF23")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    link = workshop_views.join_link("https://host.example/base/", "ABCDEF23")
    assert link == "https://host.example/base/?join=ABCDEF23"
    english = workshop_views.join_link("https://host.example/base/", "ABCDEF23", "en")
    assert english == "https://host.example/base/?join=ABCDEF23&lang=en"


def test_facilitator_returns_with_code_and_secret_and_a_wrong_secret_is_refused(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    at = go(start("tutorial", "es"), "workshop_facilitator")
    at.text_input(key="wf_return_code").set_value(code.lower())
    at.text_input(key="wf_return_secret").set_value("not the secret")
    at.button[1].click().run()
    assert_clean(at)
    assert "La clave de facilitación no corresponde a este taller." in texts(at, "error")
    assert "wf_code" not in at.session_state
    at.text_input(key="wf_return_secret").set_value(secret)
    at.button[1].click().run()
    assert_clean(at)
    assert at.session_state["wf_code"] == code
    assert any(m.label == "Respuestas en esta ronda" for m in at.metric)


def test_dashboard_shows_answers_groups_priorities_and_portfolio(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    people = [
        ("Ana", "public", answer(60, 20, 20)),
        ("Al", "public", answer(50, 30, 20)),
        ("Ax", "public", answer(40, 40, 20)),
        ("Bo", "private", answer(10, 80, 10)),
        ("Cy", "private", answer(30, 40, 30, lag=90)),
        ("Di", "academia", answer(20, 20, 60)),
    ]
    for name, group, weights in people:
        _, token = store.join(code, name, "", group)
        store.submit(code, token, weights)
    store.join(code, "Ed", "", "academia")  # joined, not answered
    at = facilitator(store, code, secret)
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Joined"] == "7" and metrics["Answers this round"] == "6"
    expected = workshop_results(
        scenario_io.loads(TUTORIAL),
        store.latest_submissions(code, secret),
        group_order=("public", "private", "academia"),
    )
    priorities = at.dataframe[0].value
    # everyone first, then the groups by name in the reader's language; the groups with
    # fewer than 3 answers only together
    assert list(priorities.columns) == ["Everyone", "public sector", "Other groups"]
    assert priorities.loc["Solar energy", "Other groups"] == pytest.approx(
        100 * expected.groups["__other__"].programmes["solar"]
    )
    assert any("private sector" in i and "“Other groups”" in i for i in texts(at, "info"))
    deadline = time.monotonic() + 30
    while not any("Amount (M USD)" in d.value.columns for d in at.dataframe):
        assert time.monotonic() < deadline, "the portfolio never appeared"
        time.sleep(0.3)
        at.run()
    portfolio = next(
        d.value
        for d in at.dataframe
        if "Programme" in d.value.columns and "Amount (M USD)" in d.value.columns
    )
    assert portfolio["Amount (M USD)"].sum() == pytest.approx(30.0)
    numbers = 0
    for grid in at.dataframe:  # a name is never cut: each text column fits its longest text
        widths = json.loads(grid.proto.columns)
        for column in grid.value.columns:
            if not pd.api.types.is_numeric_dtype(grid.value[column]):
                longest = max(len(str(v)) for v in [column, *grid.value[column]])
                assert widths[column]["width"] >= longest * widgets.TEXT_CHAR_PX, column
            elif column in widths:  # and a number column fits its header at least
                assert widths[column]["width"] >= len(str(column)) * widgets.TEXT_CHAR_PX
                numbers += 1
    assert numbers >= 4  # the table of where people disagree: weight, lowest, highest, spread
    assert not any("Chart label" in d.value.columns for d in at.dataframe)  # switch is off
    at.radio(key="wf_view").set_value("__other__").run()
    assert_clean(at)
    assert "Portfolio from the weights of: Other groups" in texts(at, "subheader")


def test_rounds_close_then_open_with_the_result_for_participants(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    tokens = []
    for name, weights in (
        ("Ana", answer(70, 20, 10)),
        ("Bo", answer(20, 70, 10)),
        ("Cy", answer(40, 40, 20)),
    ):
        _, token = store.join(code, name, "", "public")
        store.submit(code, token, weights)
        tokens.append(token)
    at = facilitator(store, code, secret)
    assert at.button(key="wf_close:1").disabled  # needs the confirmation first
    at.checkbox(key="wf_sure_close:1").check().run()
    at.button(key="wf_close:1").click().run()
    assert_clean(at)
    assert store.current_round(code).state == "closed"
    assert "Round 1 is closed." in texts(at, "success")
    sure = at.checkbox(key="wf_sure_next:1")
    assert sure.label == "Yes, open round 2"  # short enough for half the page: never cut
    said = "Opening round 2 shows the participants the result of round 1."
    assert said in [c.value for c in at.caption]  # what it shows, said above it
    sure.check().run()
    at.button(key="wf_next:1").click().run()
    assert_clean(at)
    current = store.current_round(code)
    assert current.number == 2 and current.state == "open"
    assert current.summary["answers"] == 3
    seen = participant(code, tokens[0])
    assert_clean(seen)
    assert "Result of round 1 (3 answers)" in texts(seen, "subheader")
    # programmes as bars that fit a phone: 'Mining: 35.2% · 10.5 M USD'
    programmes = [b for b in bars(seen) if b.endswith(" M USD")]
    assert {b.split(":")[0] for b in programmes} == {"Mining", "Tourism", "Solar energy"}
    money = [float(b.rsplit("· ", 1)[1].removesuffix(" M USD")) for b in programmes]
    assert sum(money) == pytest.approx(30.0, abs=0.15)
    # The answers of round 1 stand until revised.
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answers this round"] == "0" and metrics["Carried from earlier rounds"] == "3"


def test_exports_give_a_scenario_and_an_excel_friendly_csv(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    _, token = store.join(code, "José Núñez", "Universidad de Los Ríos", "academia")
    store.submit(code, token, answer(80, 10, 10))
    text = workshop_views.export_toml(store, code, secret, TUTORIAL, False, with_names=True)
    exported = scenario_io.loads(text)
    assert [(s.name, s.organisation, s.group) for s in exported.stakeholders] == [
        ("José Núñez", "Universidad de Los Ríos", "academia")
    ]
    plain = workshop_views.export_toml(store, code, secret, TUTORIAL, keep_existing=False)
    assert "José" not in plain and "Ríos" not in plain
    assert [(s.name, s.group) for s in scenario_io.loads(plain).stakeholders] == [
        ("Participant 1", "academia")
    ]
    added = scenario_io.loads(workshop_views.export_toml(store, code, secret, TUTORIAL, True))
    assert len(added.stakeholders) == len(scenario_io.loads(TUTORIAL).stakeholders) + 1
    data = workshop_views.export_csv(store, code, secret, with_names=True)
    assert data.startswith("\ufeff".encode())
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r["name"] for r in records} == {"José Núñez"}
    plain = workshop_views.export_csv(store, code, secret).decode("utf-8-sig")
    assert "José" not in plain and "Ríos" not in plain and "name" not in plain.splitlines()[0]
    assert len(records) == 3 + 2 + 2


def test_adopting_the_answers_makes_them_the_session_scenario(store: WorkshopStore) -> None:
    _, code, secret = store.create_workshop("T", TUTORIAL)
    _, token = store.join(code, "Ana", "", "public")
    store.submit(code, token, answer())
    at = facilitator(store, code, secret)
    at.button(key="wf_adopt").click().run()
    assert_clean(at)
    assert [s.name for s in at.session_state["scenario"].stakeholders] == ["Participant 1"]
    at = facilitator(store, code, secret)
    at.checkbox(key="wf_export_names").check().run()
    at.button(key="wf_adopt").click().run()
    assert_clean(at)
    assert [s.name for s in at.session_state["scenario"].stakeholders] == ["Ana"]


def test_adopted_answers_are_named_as_the_workshops_in_the_readers_language(
    store: WorkshopStore,
) -> None:
    """The sidebar says where the open scenario came from: a workshop's answers are named in
    the page's language, also after a switch, never with the English word on a Spanish page."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    _, token = store.join(code, "Ana", "", "public")
    store.submit(code, token, answer())
    at = facilitator(store, code, secret, lang="es")
    at.button(key="wf_adopt").click().run()
    assert_clean(at)
    pretty = workshop_views.pretty_code(code)
    notes = [c.value for c in at.sidebar.caption]
    assert f"las respuestas del taller {pretty}" in notes  # as they came, not changed yet
    assert not any("workshop" in note for note in notes)
    at.radio(key="lang").set_value("en").run()
    notes = [c.value for c in at.sidebar.caption]
    assert f"the answers of workshop {pretty}" in notes


# ---------------------------------------------------------------- participant


def test_join_link_shows_only_the_participant_view(store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("Taller <b>Biobío</b>", TUTORIAL)
    at = participant(code.lower(), lang="es")
    assert_clean(at)
    assert len(at.sidebar.children) == 0  # no navigation, no scenario controls
    assert texts(at, "title") == ["Taller"]
    assert "Taller <b>Biobío</b>" in texts(at, "text")  # the title as plain text
    at.radio(key="lang").set_value("en").run()
    assert texts(at, "title") == ["Workshop"]
    assert at.query_params["lang"] == "en"


def _raised(action) -> workshop.WorkshopError:
    with pytest.raises(workshop.WorkshopError) as caught:
        action()
    return caught.value


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_store_error_has_its_own_plain_message(lang: str) -> None:
    """Each error is said in its own words, in the language, never repeating what a user typed
    or the database's own English report."""
    errors = [
        workshop.UnknownWorkshopError("workshop.error.unknown_code", code="ZZZZZZZZ"),
        workshop.WrongSecretError("workshop.error.wrong_secret"),
        workshop.WrongTokenError("workshop.error.wrong_token"),
        workshop.RoundClosedError("workshop.error.round_closed", round=2),
        workshop.LimitReachedError("workshop.error.too_many_participants", limit=300),
        workshop.StoreUnavailableError("workshop.error.unavailable", detail="<x> is locked"),
        _raised(lambda: validation.clean_text("<x>\x07", field="name", max_chars=80)),
        _raised(lambda: validation.clean_text("<x>" * 50, field="organisation", max_chars=120)),
        _raised(lambda: validation.normalise_join_code("<x>")),
        _raised(lambda: validation.validate_group("<x>", ("public", "private"))),
        _raised(
            lambda: validation.validate_weights(
                {"criteria": {"growth": 0.0}}, {"criteria": ("growth",)}
            )
        ),
    ]
    messages = [workshop_views.error_message(exc, lang) for exc in errors]
    assert messages == [exc.text(lang) for exc in errors]
    assert len(set(messages)) == len(messages)
    assert not any("<x>" in m for m in messages)
    assert not any(exc.message.id in m for exc, m in zip(errors, messages, strict=True))
    other = "es" if lang == "en" else "en"
    assert not set(messages) & {exc.text(other) for exc in errors}  # not the other language
    expected = {
        "en": "No workshop has the code ZZZZZZZZ. Check it with the facilitator.",
        "es": "Ningún taller tiene el código ZZZZZZZZ. Verifíquelo con quien facilita.",
    }
    assert messages[0] == expected[lang]


def test_menu_page_takes_a_code_to_the_join_view(store: WorkshopStore) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL)
    at = go(start("tutorial", "en"), "workshop_participant")
    assert_clean(at)
    at.text_input(key="wp_code").set_value(f"{code[:4]}-{code[4:]}".lower())
    at.button[0].click().run()
    assert_clean(at)
    assert at.query_params["join"] == code
    assert at.text_input(key="wp_name") is not None
    assert texts(at, "title") == ["Workshop"]  # still in the language chosen in the menu
    assert len(at.sidebar.children) == 0


@pytest.mark.parametrize(
    "module",
    [
        "prioritise.ui.pages.workshop_facilitator",
        "prioritise.ui.pages.workshop_participant",
        "prioritise.ui.workshop.dashboard",
        "prioritise.ui.workshop.views",
    ],
)
def test_every_workshop_string_is_in_both_languages(module: str) -> None:
    namespace = module.removeprefix("prioritise.ui.").removeprefix("pages.").replace(".", "_")
    ids = {
        lang: {i for i in CATALOGUES.entries(lang, "ui") if i.startswith(f"ui.{namespace}.")}
        for lang in ("es", "en")
    }
    assert ids["es"] == ids["en"] and ids["en"]
    assert not hasattr(importlib.import_module(module), "TEXT")


def test_portfolio_runner_solves_in_the_background_and_keeps_the_last_result() -> None:
    def rows(growth: float) -> list[SubmissionRow]:
        moment = datetime(2025, 1, 1, tzinfo=UTC)
        return [SubmissionRow(1, 1, 1, "Ana", "", "public", answer(growth=growth), moment)]

    scenario = scenario_io.loads(TUTORIAL)
    runner = PortfolioRunner()
    first = workshop_results(scenario, rows(80)).everyone
    job = runner.request("CODE", "view", (1,), first)
    assert runner.request("CODE", "view", (1,), first) is job  # the same answers: one solve
    allocation = job.result(timeout=60)
    assert allocation.solved and allocation.totals.programme["amount"].sum() == pytest.approx(30)
    assert runner.finished("CODE", "view", (1,)) is allocation
    assert runner.last("CODE", "view") == (1, allocation)
    assert runner.finished("CODE", "view", (2,)) is None
    reason = msg("workshop.error.not_scored")
    broken = ViewResult("view", ("ana",), scenario, None, reason)
    assert runner.request("CODE", "view", (2,), broken).result(timeout=60) == reason
    assert runner.last("CODE", "view") == (1, reason)


def test_workshop_headings_carry_no_link_icon(store: WorkshopStore) -> None:
    """A heading's link icon (shown beside it on a touch screen) is for sharing a section of a
    page: on a phone in the room and on the projector it is only clutter."""
    _, code, secret = store.create_workshop("T", TUTORIAL)
    _, token = store.join(code, "Ana", "", "public")
    store.submit(code, token, answer())
    pages = [participant(code, token), facilitator(store, code, secret)]
    for at in pages:
        assert_clean(at)
        headings = [*at.title, *at.subheader]
        assert headings and all(h.proto.hide_anchor for h in headings), [
            h.value for h in headings if not h.proto.hide_anchor
        ]
