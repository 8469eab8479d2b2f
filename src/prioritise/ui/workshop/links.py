"""The facilitator's control over participant links: a link passed around, or a phone left on a
table, is replaced by a new one; the old link stops working at once and the person keeps their
answers. A participant who joined twice is taken out with their answers, so that one person
does not count twice. Shown only behind the dashboard's "Facilitator only" switch, never
projected."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from prioritise.ui import i18n, state
from prioritise.ui.workshop import views
from prioritise.ui.workshop.views import TOKEN_PARAM, attempt, store

tr = i18n.page_text("workshop_links")

KEY_PERSON = "wf_link_person"
KEY_NEW = "wf_link_new"
KEY_MADE = "wf_link_made"
KEY_REMOVE = "wf_remove"
KEY_REMOVE_SURE = "wf_remove_sure"
KEY_REMOVED = "wf_removed"


def personal_link(join_link: str, token: str) -> str:
    """The join link with a participant's private token: opens as that person."""
    return f"{join_link}&{urlencode({TOKEN_PARAM: token})}"


def participant_links(join_code: str, secret: str, join_link: str) -> None:
    """Pick a participant, give them a new link, show it once to pass on in private."""
    st.subheader(tr("head"), anchor=False)
    people = attempt(lambda: store().participants(join_code, secret))
    if not people:
        if people is not None:
            st.caption(tr("nobody"))
        return
    by_id = {person.id: person for person in people}
    workshop = attempt(lambda: views.workshop_of(join_code))
    scenario = None if workshop is None else views.workshop_scenario(workshop.scenario_toml)

    def plain(pid: int) -> str:
        person = by_id[pid]
        parts = (person.name, person.organisation, views.group_label(person.group))
        return " · ".join(part for part in parts if part)

    def timed(pid: int) -> str:
        said = plain(pid)
        if scenario is None or sum(plain(other) == said for other in by_id) < 2:
            return said
        joined = i18n.clock(by_id[pid].created_at, scenario)
        return said + " · " + tr("joined_at", time=joined)

    def label(pid: int) -> str:
        """Two people who typed the same name, organisation and group are told apart by
        when they joined (what the facilitator can ask the room about), and by the order
        they joined in when that was the same second."""
        said = timed(pid)
        same = [other for other in sorted(by_id) if timed(other) == said]
        return said if len(same) < 2 else f"{said} ({same.index(pid) + 1})"

    chosen = st.selectbox(
        tr("person"),
        list(by_id),
        placeholder=i18n.t("choose_one"),
        format_func=i18n.labels_for(by_id, label),
        key=state.worded(KEY_PERSON),
    )
    st.caption(tr("new_help"))
    if st.button(tr("new"), key=KEY_NEW, icon=":material/link_off:"):
        token = attempt(lambda: store().new_participant_link(join_code, secret, int(chosen)))
        if token is not None:
            st.session_state[KEY_MADE] = (chosen, personal_link(join_link, token))
    made = st.session_state.get(KEY_MADE)
    if made is not None and made[0] in by_id:
        st.success(tr("made", name=by_id[made[0]].name), icon=":material/link:")
        st.code(made[1], language=None)
    _remove(join_code, secret, int(chosen), label(chosen))


def _remove(join_code: str, secret: str, chosen: int, said: str) -> None:
    """Take the chosen participant out, with their answers, once the facilitator has ticked
    that they mean it (nothing taken out can be brought back)."""
    st.caption(tr("remove_help"))
    sure = st.checkbox(tr("remove_sure", person=said), key=f"{KEY_REMOVE_SURE}_{chosen}")
    if st.button(tr("remove"), key=KEY_REMOVE, icon=":material/person_remove:", disabled=not sure):
        answers = attempt(lambda: store().remove_participant(join_code, secret, chosen))
        if answers is not None:
            st.session_state.pop(KEY_MADE, None)
            st.session_state[KEY_REMOVED] = (said, answers)
            st.rerun()
    removed = st.session_state.pop(KEY_REMOVED, None)
    if removed is not None:
        st.success(
            tr("removed", person=removed[0], count=removed[1]), icon=":material/person_remove:"
        )
