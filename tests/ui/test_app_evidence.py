"""The scenario page shows computed criteria with their formula and values, and how much of
each priority rests on illustrative figures — the library's numbers, in the reader's language."""

from __future__ import annotations

import pytest

from prioritise.scenario import dumps
from prioritise.scoring import value_tree
from tests.derived_factory import derived_scenario
from tests.ui.apptools import assert_clean, start, table_with


@pytest.mark.parametrize(
    ("lang", "column", "formula"),
    [
        ("en", "Resting on illustrative figures", "location quotient LQ(p, r)"),
        ("es", "Basado en cifras ilustrativas", "cociente de localización LQ(p, r)"),
    ],
)
def test_the_data_tab_shows_formulas_values_and_shares(lang, column, formula) -> None:
    scenario = derived_scenario(2)
    at = start("tutorial", lang)
    upload = ("derived.toml", dumps(scenario).encode(), "application/toml")
    at.file_uploader[0].set_value(upload).run()
    assert_clean(at)
    assert any(formula in c.value for c in at.caption)
    shares = value_tree(scenario).illustrative
    by_programme = table_with(at, column)
    heading = by_programme.columns[0]
    shown = dict(zip(by_programme[heading], by_programme[column], strict=True))
    for programme in scenario.programmes:
        assert shown[programme.name] == pytest.approx(shares.programmes[programme.id])
    computed = value_tree(scenario).derived["lq"]
    shown_lq = [
        frame.value
        for frame in at.dataframe
        if "Region 0" in frame.value.columns
        and frame.value.loc["Programme 1", "Region 0"] == pytest.approx(computed["p1"]["r0"])
    ]
    assert len(shown_lq) == 1
    assert shown_lq[0].loc["Programme 3", "Region 4"] == pytest.approx(computed["p3"]["r4"])
