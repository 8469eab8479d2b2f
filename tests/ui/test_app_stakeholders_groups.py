"""The Stakeholders page of a scenario with initiative criteria: they are weighed under their
own heading, apart from the programme criteria; the agreement map and the note under it write
their numbers as the page's tables do, cells, colour bar and note alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from prioritise import scenario as scenario_io
from prioritise.ui import i18n
from prioritise.ui.weights.items import item_groups
from tests.ui.apptools import ROOT, assert_clean, charts, go, start

SHIPPED = "chile_transforma_initiatives_2017"
SCENARIO = scenario_io.load(ROOT / "scenarios" / f"{SHIPPED}.toml")
HEADINGS = {
    "en": ("**Criteria for programmes**", "**Criteria for initiatives**"),
    "es": ("**Criterios de los programas**", "**Criterios de las iniciativas**"),
}


def _in_order(node: Any) -> Iterator[Any]:
    """The page's elements in the order they are drawn."""
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for key in sorted(children):
        yield from _in_order(children[key])


def test_the_criteria_come_in_two_groups_only_with_initiative_criteria() -> None:
    initiative = [c.id for c in SCENARIO.criteria_at("initiative")]
    (programmes, first), (initiatives, second) = item_groups(SCENARIO, "criteria")
    assert (programmes, initiatives) == ("group_programmes", "group_initiatives")
    assert second == initiative and not set(first) & set(initiative)
    assert item_groups(SCENARIO, "enabling_areas")[0][0] is None
    plain = scenario_io.load(ROOT / "scenarios" / "chile_transforma_2017.toml")
    assert [heading for heading, _ in item_groups(plain, "criteria")] == [None]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_initiative_criteria_have_their_own_heading_above_their_sliders(lang: str) -> None:
    at = go(start(SHIPPED, lang), "stakeholders")
    assert_clean(at)
    person = SCENARIO.stakeholders[0]
    drawn = [
        getattr(e, "value", None) if e.type == "markdown" else getattr(e, "label", None)
        for e in _in_order(at.tabs[0])
        if e.type in ("markdown", "slider")
    ]
    names = {c.id: i18n.label(c, lang) for c in SCENARIO.criteria}
    programmes, initiatives = (
        [names[c] for c in group if c in (person.criteria or {})]
        for _, group in item_groups(SCENARIO, "criteria")
    )
    assert initiatives, "the first stakeholder weighs initiative criteria"
    first, second = (drawn.index(h) for h in HEADINGS[lang])
    assert first < min(drawn.index(n) for n in programmes)
    assert max(drawn.index(n) for n in programmes) < second
    assert second < min(drawn.index(n) for n in initiatives)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_agreement_maps_cells_and_colour_bar_write_a_minus_alike(lang: str) -> None:
    at = go(start("chile_transforma_2017", lang), "stakeholders")
    assert_clean(at)
    trace = next(f for f in charts(at) if f["data"][0]["type"] == "heatmap")["data"][0]
    cells = [text for row in trace["text"] for text in row]
    ticks = trace["colorbar"]["ticktext"]
    negative = [t for t in [*cells, *ticks] if t.startswith(("-", "\u2212"))]
    assert negative and {t[0] for t in negative} == {i18n.number(-1.0, lang, 2)[0]}
    assert ticks == [i18n.number(v, lang, 2) for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    assert trace["texttemplate"] == "%{text}"
    assert all(("," in t) == (lang == "es") for t in cells if t and t[-1].isdigit())
    # the note under the map writes its three values as the colour bar does
    note = next(c.value for c in at.caption if "Kendall" in c.value)
    assert [ticks[4], ticks[2], ticks[0]] == re.findall(r"-?\u2212?\d[.,]\d\d", note)
