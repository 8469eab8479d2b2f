"""The initiatives a view's portfolio funds, under the portfolio on the live dashboard (for a
scenario with initiatives): the library chooses them with the group's weights; this lists
them, shortly enough for a projector."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from prioritise.ui import i18n, widgets
from prioritise.ui.workshop.live import LIVE_TIME_LIMIT, Fingerprint
from prioritise.workshop.initiatives import FundedInitiative, view_initiatives
from prioritise.workshop.results import ViewResult

tr = i18n.page_text("workshop_dashboard")


@st.cache_data(max_entries=64, show_spinner=False)
def _funded(
    join_code: str, key: str, fingerprint: Fingerprint, lang: str, _view: ViewResult
) -> tuple[list[FundedInitiative], int] | None:
    return view_initiatives(_view, lang, time_limit=LIVE_TIME_LIMIT)


def funded_initiatives(
    join_code: str,
    key: str,
    view: ViewResult,
    fingerprint: Fingerprint,
    show: Callable[..., None],
    projector: bool,
) -> None:
    """The funded initiatives as a table (name, amount, share) drawn by `show` (the
    dashboard's tables), or why there are none."""
    scenario = view.scenario
    if not scenario.initiatives or view.tree is None:
        return
    lang = i18n.current_language()
    found = _funded(join_code, key, fingerprint, lang, view)
    if found is None:
        st.warning(tr("initiatives_none"))
        return
    funded, count = found
    st.markdown(f"**{tr('initiatives_head', funded=len(funded), of=count)}**")
    unit = widgets.unit_label(scenario)
    frame = pd.DataFrame(
        {
            tr("initiative"): [item.name for item in funded],
            tr("amount", unit=unit): [item.amount for item in funded],
            tr("funded_share"): [item.share for item in funded],
        }
    )
    formats = {
        tr("amount", unit=unit): widgets.number_of(2),
        tr("funded_share"): widgets.percent_of(0, lang),
    }
    show(
        frame,
        f"wf_initiatives_{key}",
        projector=projector,
        hide_index=True,
        style=lambda part: widgets.styled(part, formats),
    )
