"""The facilitator's list of who answered, behind the dashboard's "Facilitator only" switch
and never projected: names, organisations, groups and times, with each person's code on the
charts, and a warning where one person seems to have answered twice."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.text import ListOf
from prioritise.ui import i18n
from prioritise.ui.main import guard
from prioritise.ui.workshop import views as workshop_views
from prioritise.ui.workshop.dashboard import REFRESH_SECONDS, show_table, tr
from prioritise.ui.workshop.live import current_results
from prioritise.ui.workshop.views import attempt, store
from prioritise.workshop import SubmissionRow


def participants(people: Sequence[SubmissionRow], scenario: Scenario) -> None:
    """Who answered (names, organisations, groups, times) and their chart labels: for the
    facilitator only, never projected."""
    st.subheader(tr("tab_people"), anchor=False)
    codes = [f"P{index}" for index in range(1, len(people) + 1)]  # as `participant_codes`
    frame = pd.DataFrame(
        {
            tr("col_code"): codes,
            tr("col_name"): [row.name for row in people],
            tr("col_org"): [row.organisation for row in people],
            i18n.t("group"): [workshop_views.group_label(row.group) for row in people],
            tr("col_round"): [row.round_number for row in people],
            tr("col_time"): [i18n.clock(row.submitted_at, scenario) for row in people],
        }
    )
    show_table(frame, "wf_people", hide_index=True)
    _twice(people, codes)


def _twice(people: Sequence[SubmissionRow], codes: Sequence[str]) -> None:
    """A warning for each name, organisation and group that answered more than once: one
    person who joined twice counts twice, until the facilitator takes one place out."""
    seen: dict[tuple[str, str, str], list[str]] = {}
    for row, code in zip(people, codes, strict=True):
        same = (
            " ".join(row.name.casefold().split()),
            " ".join(row.organisation.casefold().split()),
        )
        seen.setdefault((*same, row.group), []).append(code)
    for (_, _, group), found in seen.items():
        if len(found) < 2:
            continue
        first = people[codes.index(found[0])]
        parts = (first.name, first.organisation, workshop_views.group_label(group))
        person = " · ".join(part for part in parts if part)
        st.warning(tr("twice", person=person, codes=ListOf(found)), icon=":material/group:")


@st.fragment(run_every=REFRESH_SECONDS)
def live_participants(join_code: str, secret: str) -> None:
    """The participant list (``participants``), redrawn every few seconds."""
    with guard():
        workshop = attempt(lambda: store().get_workshop(join_code))
        fetched = attempt(lambda: current_results(join_code, secret))
        if workshop is None or fetched is None:
            return
        participants(fetched[1], workshop_views.workshop_scenario(workshop.scenario_toml))
