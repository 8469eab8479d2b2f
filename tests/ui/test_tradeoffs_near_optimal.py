"""A frontier or sweep point stopped at its time limit is marked "near-optimal", and a note
under its table says what that means and how far below the best it may lie."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _note_page() -> None:
    import pandas as pd
    import streamlit as st

    from prioritise.ui.tradeoffs import views

    st.session_state["lang"] = st.query_params.get("lang", "es")
    gaps = st.query_params.get("gaps", "")
    statuses = ["optimal", "feasible", "feasible"] if gaps else ["optimal", "optimal"]
    values = [None, *(float(g) if g != "none" else None for g in gaps.split(","))] if gaps else []
    frame = pd.DataFrame({"status": statuses, "gap": values or [None, None]})
    views._near_optimal_note(frame)


def _captions(lang: str, gaps: str) -> list[str]:
    at = AppTest.from_function(_note_page, default_timeout=30)
    at.query_params["lang"] = lang
    at.query_params["gaps"] = gaps
    at.run()
    assert not at.exception
    return [caption.value for caption in at.caption]


@pytest.mark.parametrize(
    ("lang", "gaps", "said"),
    [
        ("es", "0.0028,0.0011", "a lo más 0,28\u00a0% bajo el mejor posible"),
        ("en", "0.0028,0.0011", "at most 0.28% below the best possible"),
        ("en", "0.15,none", "at most 15.0% below the best possible"),
        ("es", "none,none", "puede quedar algo bajo el mejor posible"),
    ],
)
def test_near_optimal_points_are_explained_with_the_largest_gap(
    lang: str, gaps: str, said: str
) -> None:
    (caption,) = _captions(lang, gaps)
    assert said in caption
    assert caption.startswith("«casi óptimo»" if lang == "es" else "“near-optimal”")


def test_no_note_where_every_point_is_proven() -> None:
    assert _captions("en", "") == []
