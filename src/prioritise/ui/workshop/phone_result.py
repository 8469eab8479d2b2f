"""The last screens of the phone flow: the review before sending, and the confirmation with the
participant's answer beside the group's so far; and the style that makes the flow fit a phone.

Shares are drawn as bars with their text (``st.progress``), never as wide tables, so that the
screens fit 360 px in either language.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.text import Integer, Percent, share_decimals
from prioritise.ui import i18n
from prioritise.ui.workshop import bars, drafts, views
from prioritise.ui.workshop.bars import Bar, Heading, draw_bars
from prioritise.ui.workshop.phone import (
    DONE,
    KEY_CHANGE,
    KEY_JUST_SAVED,
    KEY_LAST_SENT,
    KEY_SEND_CHECKED,
    KEY_SEND_ERROR,
    KEY_SEND_LOST,
    KEY_STEP,
    REVIEW,
    SENT_PARAM,
    Flow,
    block_shares,
    drawn,
)
from prioritise.ui.workshop.phone_screens import change_answer, nav, nav_key, progress
from prioritise.workshop import WorkshopError
from prioritise.workshop.group_answer import GroupAnswer, answer_shares
from prioritise.workshop.results import SummaryView

tr = i18n.page_text("workshop_participant")

GROUP_POLL_SECONDS = 15

STYLE = """
<style>
.st-key-wp_flow [data-testid="stSlider"] div:has(> [data-testid="stSliderThumbValue"]) {
  width: 1.75rem; height: 1.75rem;
}
.st-key-wp_flow [data-testid="stSlider"] { padding-bottom: 0.5rem; }
.st-key-wp_flow .stButton button { min-height: 3rem; font-size: 1.05rem; }
[data-testid="stMainBlockContainer"]:has(.st-key-wp_flow) { padding-top: 2.5rem; }
</style>
"""
"""Thumb-sized slider handles and buttons, only inside the participant's flow."""


def phone_style() -> None:
    """The flow's style and the share bars' (``bars.STYLE``), once per page run."""
    st.html(STYLE + bars.STYLE)


def summary_bars(result: SummaryView | None, scenario: Scenario, round_number: int) -> None:
    """A previous round's result for a phone: programme priorities (and money) and the group
    weights as bars with their text, largest first, never as tables wider than the screen."""
    lang = i18n.current_language()
    if result is None:
        st.info(views.tr("previous_none"))
        return
    st.subheader(
        views.tr("previous_head", round=round_number, answers=result.answers), anchor=False
    )
    names = views.item_names(scenario, lang)
    meta = scenario.scenario
    top = float(result.programmes.max()) if len(result.programmes) else 0.0
    money = result.portfolio is not None
    heading = tr("previous_money") if money else tr("previous_priority")
    rows: list[Bar | Heading] = [Heading(heading)]
    for programme, share in result.programmes.items():
        text = tr(
            "item_share", item=names.get(str(programme), str(programme)), share=Percent(share)
        )
        if result.portfolio is not None and programme in result.portfolio.index:
            amount = float(result.portfolio[programme])
            text += " · " + i18n.money(amount, meta.unit, meta.currency, lang)
        rows.append(Bar(share / top if top > 0 else 0.0, text))
    draw_bars(rows)
    for weight_set, w in result.agreement.items():
        if w is not None:
            words = i18n.agreement_words(w, lang)
            set_name = views.set_label(weight_set)
            # the words alone: the coefficient is for the facilitator's screen
            st.caption(views.tr("agreement_line", set=set_name, words=words))
    rows = [Heading(views.tr("weights_head"))]
    for weight_set, series in result.weights.items():
        rows.append(Heading(views.set_label(weight_set)))
        for item, share in series.items():
            name = names.get(str(item), str(item))
            rows.append(Bar(share, tr("item_share", item=name, share=Percent(share))))
    draw_bars(rows)


def review_screen(flow: Flow) -> None:
    """The whole answer as shares, block by block, with Back and Send."""
    progress(flow, REVIEW)
    st.subheader(tr("your_shares"), anchor=False)
    st.write(tr("review_intro"))
    names = flow.names()
    rows: list[Bar | Heading] = []
    blocks = {
        block: block_shares(block, ids).sort_values(ascending=False, kind="stable")
        for block, ids in flow.blocks.items()
    }
    decimals = _screen_decimals(blocks.values())
    for block, shares in blocks.items():
        rows.append(Heading(views.set_label(block)))
        for item, share in shares.items():
            name = names.get(str(item), str(item))
            rows.append(Bar(share, tr("item_share", item=name, share=Percent(share, decimals))))
    draw_bars(rows)
    problem = st.session_state.get(KEY_SEND_ERROR)
    if problem:
        st.error(problem, icon=":material/error:")
    nav(flow, REVIEW)
    drawn(REVIEW)


def _comparison(flow: Flow, shares: dict[str, pd.Series], group: GroupAnswer | None) -> None:
    """Each item: the participant's share as a bar, with everyone's and the group's beside."""
    names = flow.names()
    everyone = group.everyone.weights if group is not None else {}
    own = group.group.weights if group is not None else {}
    blocks: dict[str, dict[str, pd.Series]] = {}
    for block, mine in shares.items():
        shown = {"you_share": mine.sort_values(ascending=False, kind="stable")}
        if block in everyone:
            shown["everyone_share"] = everyone[block]
        if block in own:
            shown["group_share"] = own[block]
        blocks[block] = shown
    digits = _screen_decimals(series for shown in blocks.values() for series in shown.values())
    rows: list[Bar | Heading] = []
    for block, shown in blocks.items():
        rows.append(Heading(views.set_label(block)))
        for item, share in shown["you_share"].items():
            parts = [tr(key, share=Percent(series[item], digits)) for key, series in shown.items()]
            rows.append(Bar(share, " · ".join(parts), name=names.get(str(item), str(item))))
    draw_bars(rows)


def _screen_decimals(sets: Iterable[pd.Series]) -> int:
    """One number of decimals for every share on a screen: the most any set needs to add up
    (`share_decimals`), so that 25 % and 25.0 % never stand on one screen."""
    return max((share_decimals([float(v) for v in shares]) for shares in sets), default=0)


def _group_notes(group: GroupAnswer | None) -> None:
    if group is None:
        return
    k = Integer(group.min_group_size)
    if not group.everyone.shown:
        st.info(tr("group_waiting", k=k), icon=":material/groups:")
    elif group.group.withheld:
        st.caption(tr("own_group_withheld", group=views.group_label(group.group.view)))
    elif not group.group.shown:
        label = views.group_label(group.group.view)
        st.caption(tr("own_group_waiting", group=label, k=k))
    else:
        st.caption(
            tr(
                "group_counts",
                everyone=Integer(group.everyone.answers),
                group=views.group_label(group.group.view),
                members=Integer(group.group.answers),
            )
        )


@st.fragment(run_every=GROUP_POLL_SECONDS)
def _beside_the_group(flow: Flow, weights: dict) -> None:
    """The answer beside the group's so far, refreshed while the page stays open."""
    group = attempt_group(flow)
    _group_notes(group)
    _comparison(flow, answer_shares(weights, flow.blocks), group)


def attempt_group(flow: Flow) -> GroupAnswer | None:
    latest = flow.status.latest
    including = None if latest is None else latest.id
    return views.attempt(
        lambda: views.store().group_answer(flow.workshop.join_code, flow.token, including=including)
    )


def done_screen(flow: Flow) -> None:
    """The stored answer: when it was saved, and how it compares with the group's so far."""
    drawn(DONE)
    latest, earlier = flow.status.latest, flow.status.earlier
    if latest is None:
        if earlier is None:
            st.info(tr("no_answer_this_round"), icon=":material/info:")
        else:
            st.info(tr("earlier_counts", round=earlier.round_number), icon=":material/info:")
        return
    moment = i18n.clock(latest.submitted_at, flow.scenario)
    if st.session_state.get(KEY_JUST_SAVED) == latest.id and flow.status.round.state == "open":
        st.success(tr("saved", time=moment), icon=":material/check_circle:")
    else:
        st.success(tr("last_saved", time=moment), icon=":material/check_circle:")
    st.subheader(tr("beside_head"), anchor=False)
    _beside_the_group(flow, latest.weights)
    if flow.status.round.state == "open":
        st.button(
            tr("change"),
            key=nav_key(KEY_CHANGE, DONE),
            icon=":material/edit:",
            on_click=change_answer,
            args=(flow,),
            use_container_width=True,
        )


def check_last_send(flow: Flow) -> None:
    """A session that did not make the send the URL names (a lost connection, a restarted
    server) asks the store whether that answer arrived, and the page says so either way:
    "saved at 10:42" from the store's own record, or that it was lost and must be sent again.
    The store answers by the send's id, so a resend is never a second row."""
    sent = st.query_params.get(SENT_PARAM)
    if not sent or sent in (
        st.session_state.get(KEY_SEND_CHECKED),
        st.session_state.get(KEY_LAST_SENT),
    ):
        return
    try:
        found = views.store().find_send(flow.workshop.join_code, flow.token, sent)
    except WorkshopError:  # asked again on the next run; nothing is claimed meanwhile
        return
    st.session_state[KEY_SEND_CHECKED] = sent
    if found is not None:
        st.session_state[KEY_JUST_SAVED] = found.id
        st.session_state.pop(KEY_SEND_LOST, None)
        latest = flow.status.latest
        # This round's answer settles a draft the address kept only if the draft is that
        # answer: changes made after it was confirmed stay, and are brought back to send.
        if latest is not None and latest.id == found.id and not drafts.newer_than_stored(flow):
            drafts.sent()
            st.session_state[KEY_STEP] = DONE
        return
    st.session_state[KEY_SEND_LOST] = True
    if flow.status.round.state == "open":
        st.session_state[KEY_STEP] = flow.screens[0]


def lost_send_note(flow: Flow) -> None:
    """The plain truth about an answer that never arrived."""
    if not st.session_state.get(KEY_SEND_LOST):
        return
    text = tr("send_lost")
    if flow.status.round.state == "open":
        text += " " + tr("send_again")
    st.warning(text, icon=":material/cloud_off:")
