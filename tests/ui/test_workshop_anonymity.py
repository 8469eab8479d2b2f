"""The facilitator page keeps participants anonymous: no group smaller than k shown on its
own, names only behind the "facilitator only" switch, and a projector view with nothing but
what faces the room; times in the scenario's time zone."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from prioritise.text import t
from prioritise.ui.workshop import dashboard as workshop_dashboard
from prioritise.ui.workshop import room
from prioritise.ui.workshop import views as workshop_views
from prioritise.workshop import WorkshopStore
from prioritise.workshop.address import JoinRoot
from tests.ui.apptools import assert_clean
from tests.ui.workshop_tools import TUTORIAL, answer, facilitator, texts

LONE = ("Zoë Solitaria", "Fundación Única", "civil")
FOUR = [(f"Persona {n}", f"Empresa {n}", "private") for n in "ABCD"]
SECRET_WORDS = [word for person in (LONE, *FOUR) for word in person[:2]]
TOKYO = TUTORIAL.replace('language = "en"', 'language = "en"\ntimezone = "Asia/Tokyo"')


def _workshop(store: WorkshopStore, scenario: str = TUTORIAL) -> tuple[str, str]:
    """Five answers: one in civil society, four in the private sector."""
    _, code, secret = store.create_workshop("Taller", scenario)
    for index, (name, organisation, group) in enumerate([LONE, *FOUR]):
        _, token = store.join(code, name, organisation, group)
        store.submit(code, token, answer(20 + 10 * index, 30, 50 - 10 * index))
    return code, secret


def everything(at: AppTest) -> str:
    """Every word the page shows: texts, labels, options, tables and charts."""
    words: list[str] = []
    for kind in ("title", "header", "subheader", "text", "markdown", "caption", "code"):
        words += texts(at, kind)
    for kind in ("info", "warning", "error", "success"):
        words += texts(at, kind)
    for metric in at.metric:
        words += [metric.label, str(metric.value)]
    for kind in ("radio", "selectbox", "toggle", "checkbox", "button", "text_input"):
        for widget in getattr(at, kind):
            words.append(str(widget.label))
            words += [str(option) for option in getattr(widget, "options", [])]
    words += [tab.label for tab in at.tabs]
    words += [expander.label for expander in at.expander]
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        words += [value.to_string(), " ".join(map(str, value.columns))]
    words += [chart.proto.spec for chart in at.get("plotly_chart")]
    return "\n".join(words)


def _views(at: AppTest) -> list[str]:
    """What the page shows per audience: view options, table columns and rows, tab labels."""
    shown: list[str] = [str(option) for radio in at.radio for option in radio.options]
    for frame in [*at.dataframe, *at.table]:
        shown += [str(c) for c in frame.value.columns] + [str(i) for i in frame.value.index]
    for chart in at.get("plotly_chart"):
        shown += [str(trace.get("name", "")) for trace in json.loads(chart.proto.spec)["data"]]
    return shown + [tab.label for tab in at.tabs]


def test_no_name_anywhere_until_the_facilitator_asks(store: WorkshopStore) -> None:
    code, secret = _workshop(store)
    at = facilitator(store, code, secret)
    assert_clean(at)
    assert at.toggle(key="wf_facilitator_only").value is False
    page = everything(at)
    assert "Everyone" in page
    for word in SECRET_WORDS:
        assert word not in page
    at.toggle(key="wf_facilitator_only").set_value(True).run()
    assert_clean(at)
    assert "Facilitator only — do not project." in texts(at, "error")
    people = next(d.value for d in at.dataframe if "Name" in d.value.columns)
    assert list(people["Name"]) == [LONE[0], *(p[0] for p in FOUR)]
    assert list(people["Chart label"]) == ["P1", "P2", "P3", "P4", "P5"]
    again = facilitator(store, code, secret)  # a new page load: the switch is off again
    assert again.toggle(key="wf_facilitator_only").value is False
    assert not any(word in everything(again) for word in SECRET_WORDS)


def test_a_lone_participants_group_is_never_a_view(store: WorkshopStore) -> None:
    """With groups of 1 and 4, the group of 4 beside everyone would give the lone answer
    away: only everyone is shown, and the note says why without counting anyone."""
    code, secret = _workshop(store)
    at = facilitator(store, code, secret)
    assert_clean(at)
    views = _views(at)
    assert "Everyone" in views
    for group in ("civil society", "private sector", "Other groups"):
        assert not any(group in view for view in views), group
    assert at.radio(key="wf_view").options == ["Everyone"]
    note = next(i for i in texts(at, "info") if "fewer than 3 answers" in i)
    assert "civil society" in note and "result of everyone together" in note
    assert not any(ch.isdigit() for ch in note.replace("3", ""))


def test_the_projector_view_shows_only_what_faces_the_room(store: WorkshopStore) -> None:
    code, secret = _workshop(store)
    at = facilitator(store, code, secret)
    at.toggle(key="wf_projector").set_value(True).run()
    assert_clean(at)
    main = at.main
    assert [t.key for t in main.toggle] == ["wf_projector"]  # the only control
    for kind in ("button", "checkbox", "radio", "selectbox", "text_input", "download_button"):
        assert not list(getattr(main, kind)), kind
    assert secret not in everything(at) and secret not in texts(at, "code")
    assert not any(word in everything(at) for word in SECRET_WORDS)
    assert not any("private sector" in v or "civil society" in v for v in _views(at))
    assert "Participants" not in texts(at, "subheader")
    styles = " ".join(element.proto.body for element in at.get("html"))
    assert '[data-testid="stSidebar"]' in styles and "display: none" in styles
    assert ".st-key-wf_answer_count" in styles and "9rem" in styles
    counts = [m for m in at.metric if m.label == "Answers this round"]
    assert [m.value for m in counts] == ["5"]
    assert at.table, "projected tables are plain tables, shown whole"
    assert any("Programme" in str(t.value.index.name) for t in at.table)
    at.toggle(key="wf_projector").set_value(False).run()
    assert at.button(key="wf_leave").label  # the controls are back
    assert at.toggle(key="wf_facilitator_only").value is False


def test_times_are_in_the_scenarios_time_zone(store: WorkshopStore) -> None:
    code, secret = _workshop(store, TOKYO)
    at = facilitator(store, code, secret)
    assert_clean(at)
    tokyo = ZoneInfo("Asia/Tokyo")
    updated = next(c for c in texts(at, "caption") if c.startswith("Updated "))
    shown = datetime.strptime(updated.split()[1].rstrip(";"), "%H:%M:%S").time()
    now = datetime.now(tokyo)
    nearby = {(now - timedelta(seconds=s)).time().replace(microsecond=0) for s in range(0, 60)}
    assert shown in nearby, (updated, now)
    at.toggle(key="wf_facilitator_only").set_value(True).run()
    people = next(d.value for d in at.dataframe if "Answered at" in d.value.columns)
    rows = store.latest_submissions(code, secret)
    expected = [row.submitted_at.astimezone(tokyo).strftime("%H:%M:%S") for row in rows]
    assert list(people["Answered at"]) == expected
    csv = workshop_views.export_csv(store, code, secret, scenario_toml=TOKYO).decode("utf-8-sig")
    assert "+09:00" in csv and "UTC" not in csv


def test_tables_show_whole_and_projected_ones_stop_at_twelve_rows() -> None:
    frame = pd.DataFrame({"Item": [f"item {n}" for n in range(20)], "Weight": range(20)})
    with (
        mock.patch.object(workshop_dashboard.st, "dataframe") as dataframe,
        mock.patch.object(workshop_dashboard.st, "table") as table,
        mock.patch.object(workshop_dashboard.st, "caption") as caption,
    ):
        workshop_dashboard.show_table(frame, "wf_test", hide_index=True)
        assert dataframe.call_args.kwargs["height"] == 35 * 21 + 3  # every row, no scrollbar
        assert dataframe.call_args.args[0].data.equals(frame)
        caption.assert_not_called()
        workshop_dashboard.show_table(frame, "wf_test", projector=True, hide_index=True)
        shown = table.call_args.args[0].data
        assert list(shown.index) == [f"item {n}" for n in range(12)]
        caption.assert_called_once()
        assert caption.call_args.args[0] in ("…and 8 more.", "…y 8 más.")  # outside a session


def test_the_projector_never_shows_the_facilitator_how_the_link_was_chosen(
    store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link that cannot work for phones gets a warning with commands for the facilitator:
    on the facilitator's screen, never projected to the room."""
    monkeypatch.setattr(
        room, "join_root", lambda page_path="": JoinRoot("http://localhost:8501", "loopback_only")
    )
    code, secret = _workshop(store)
    at = facilitator(store, code, secret)
    warning = t("ui.workshop_room.warn_loopback_only", "en")
    assert warning in texts(at, "warning")  # the facilitator is told
    at.toggle(key="wf_projector").set_value(True).run()
    assert_clean(at)
    assert warning not in texts(at, "warning") and "--host" not in everything(at)
