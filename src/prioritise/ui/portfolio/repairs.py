"""The infeasible Portfolio page: which rules cannot all hold, and the ways out to choose from.

The library found the conflict and verified every repair (each one, applied, has a split);
here the facilitator reads them, picks one (the first, with the fewest and smallest changes,
is preselected) and applies exactly that one. The page then shows the portfolio of the changed
scenario, at the what-if budget the ways out were found for, with an Undo button that brings the
previous scenario back, text and all, for every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from prioritise.ui import i18n, state
from prioritise.ui.portfolio import what_if

if TYPE_CHECKING:
    from prioritise.allocate import Allocation, Repair

tr = i18n.page_text("portfolio_repairs")

APPLIED = "portfolio_repair_applied"
"""Session key: the revision the applied repair made and the words of its changes."""


def _option(repair: Repair, lang: str) -> str:
    """A radio label: the changes, then the value index the changed scenario reaches (as the
    sentence below it and the CLI say it)."""
    changes = " · ".join(change.message_text(lang) for change in repair.changes)
    index, most = repair.value_index, repair.bound_index
    if index is None or most is None:  # no yardstick: the value itself
        value, bound = i18n.number(repair.objective, lang, 4), i18n.number(repair.bound, lang, 4)
    else:
        value, bound = i18n.number(index, lang, 1), i18n.number(most, lang, 1)
    if index is None:
        if repair.gap <= 1e-3:
            return tr("option", changes=changes, value=value)
        return tr("option_bound", changes=changes, value=value, bound=bound)
    if repair.gap <= 1e-3 or value == bound:
        return tr("option_index", changes=changes, value=value)
    return tr("option_index_bound", changes=changes, value=value, bound=bound)


def _apply(repair: Repair, lang: str) -> None:
    from prioritise.allocate import apply_repair

    try:
        repaired = apply_repair(state.current(), repair)
    except ValueError as exc:
        state.notify(tr("apply_failed", detail=i18n.library_text(exc)))
        return
    what_if.kept_through(lambda: state.replace(repaired))
    said = " ".join(change.message_text(lang) for change in repair.changes)
    st.session_state[APPLIED] = (state.revision(), said)


def _undo() -> None:
    st.session_state.pop(APPLIED, None)
    what_if.kept_through(state.undo)


def applied_banner() -> None:
    """After a repair: what changed, and a button that takes exactly that change back (shown
    while nothing else has changed since)."""
    applied = st.session_state.get(APPLIED)
    if applied is None:
        return
    revision, said = applied
    if revision != state.revision() or not state.can_undo():
        st.session_state.pop(APPLIED, None)
        return
    st.success(tr("applied", changes=said), icon=":material/build:")
    st.button(
        tr("undo"), help=tr("undo_help"), icon=":material/undo:", key="undo_repair", on_click=_undo
    )


def choices(result: Allocation) -> None:
    """Why no split exists, and the verified ways out, one to choose and apply."""
    lang = i18n.current_language()
    st.error(tr("infeasible_head"), icon=":material/block:")
    diagnosis = result.diagnosis
    if diagnosis is None:
        return
    reasons = [diagnosis.message_text(lang)] if diagnosis.conflict_note else []
    reasons += [check.message_text(lang) for check in diagnosis.checks]
    if reasons:
        st.markdown(f"**{tr('why')}**")
        st.markdown("\n".join(f"- {reason}" for reason in reasons))
    repairs = diagnosis.repairs
    if not repairs:
        st.info(tr("no_repair"))
        return
    st.markdown(f"**{tr('ways_out')}**")
    options = list(range(len(repairs)))
    chosen = st.radio(
        tr("choose"),
        options,
        index=0,
        format_func=i18n.labels_for(options, lambda i: _option(repairs[i], lang)),
        key=state.choice_key("repair_choice", state.revision()),
    )
    repair = repairs[chosen if chosen is not None else 0]
    st.caption(repair.message_text(lang))
    st.button(
        tr("apply"),
        type="primary",
        icon=":material/build:",
        help=tr("apply_help"),
        key="apply_repair",
        on_click=_apply,
        args=(repair, lang),
    )
