"""A projected table: the first rows in large type and 'and M more' below, but never 'and 1
more' in place of the one row it would hide (a programme with no money, the one a room asks
about, comes last)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from prioritise.ui.workshop.dashboard import TOP_ROWS


def _projected(rows: int) -> None:
    import pandas as pd
    import streamlit as st

    from prioritise.ui import i18n
    from prioritise.ui.workshop.dashboard import show_table

    st.session_state[i18n.SESSION_KEY] = "en"
    frame = pd.DataFrame({"name": [f"row {i}" for i in range(rows)], "money": range(rows)})
    show_table(frame, "t", projector=True, hide_index=True)


@pytest.mark.parametrize(
    ("rows", "shown", "more"),
    [(TOP_ROWS, TOP_ROWS, 0), (TOP_ROWS + 1, TOP_ROWS + 1, 0), (TOP_ROWS + 4, TOP_ROWS, 4)],
)
def test_a_projected_table_hides_no_single_row(rows: int, shown: int, more: int) -> None:
    at = AppTest.from_function(_projected, args=(rows,)).run()
    assert not at.exception
    (table,) = at.table
    assert len(table.value) == shown
    notes = [c.value for c in at.caption if "more" in c.value]
    assert notes == ([f"…and {more} more."] if more else []), notes
