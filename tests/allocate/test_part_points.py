"""A part-funded initiative reads "{points} of its {full} index points": the two figures are
written to the same places, never fewer than `index_points` gives, and with more where that is
what it takes for a part to read less than the whole ("2.19 of its 2.24", not "2.2 of its
2.2")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prioritise.allocate.text import index_points, part_points

WHOLE = st.floats(min_value=0.01, max_value=80.0, allow_nan=False)
SHARE = st.floats(min_value=0.0, max_value=0.999, allow_nan=False)


@given(WHOLE, SHARE)
def test_a_part_reads_less_than_its_whole_and_each_figure_is_its_rounding(
    whole: float, share: float
) -> None:
    part = whole * share
    shown_part, shown_whole = part_points(part, whole)
    assert shown_part.decimals == shown_whole.decimals
    places = shown_part.decimals
    assert places >= max(index_points(part).decimals, index_points(whole).decimals)
    for shown, exact in ((shown_part, part), (shown_whole, whole)):
        assert abs(float(shown.value or 0.0) - exact) <= 0.5 * 10**-places + 1e-12
    if whole - part >= 2e-4:  # four places tell them apart
        assert shown_part.text("en") != shown_whole.text("en")
        assert float(shown_part.value or 0.0) < float(shown_whole.value or 0.0)


def test_the_shipped_case_reads_two_places() -> None:
    part, whole = part_points(2.19, 2.24)
    assert (part.text("es"), whole.text("es")) == ("2,19", "2,24")
    assert [n.text("en") for n in part_points(1.0, 1.4)] == ["1.0", "1.4"]
    assert [n.text("en") for n in part_points(11.6, 12.1)] == ["11.6", "12.1"]
