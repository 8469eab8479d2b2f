"""The Trade-offs page of a mixed scenario: it analyses the lines' money, and never presents a
rule lowered by the initiatives as the file's own rule, nor the lines' money as the budget."""

from __future__ import annotations

import re
from itertools import combinations, pairwise

import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.allocate import lines_scenario
from prioritise.ui.tradeoffs import colours, levels
from tests.ui.apptools import ROOT, assert_clean, chart_values, charts, go, start, table_with

SHIPPED = "chile_transforma_initiatives_2017"
WHOLE = scenario_io.load(ROOT / "scenarios" / f"{SHIPPED}.toml")


def _read(text: str) -> str:
    """A legend's name as a reader reads it: its lines joined, no-break spaces plain."""
    return text.replace("<br>", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module", params=["en", "es"])
def page(request: pytest.FixtureRequest) -> AppTest:
    """The page with its three sections run once, in each language."""
    at = go(start(SHIPPED, request.param, limit="5"), "tradeoffs")
    for section in ("sweep", "equity", "concentration"):
        at.button(key=f"run_{section}").click().run()
    assert_clean(at)
    return at


def _language(at: AppTest) -> str:
    return "es" if at.title[0].value == "Disyuntivas" else "en"


def _figure(at: AppTest, key: str) -> dict:
    (found,) = [
        chart
        for chart, element in zip(charts(at), at.get("plotly_chart"), strict=True)
        if element.proto.id.endswith(f"-{key}")
    ]
    return found


def _marks(figure: dict) -> list[str]:
    return [_read(t["name"]) for t in figure["data"] if t.get("legendgroup") == "marks"]


def test_the_programme_cap_is_said_to_be_on_the_whole_budget(page: AppTest) -> None:
    captions = [_read(c.value) for c in page.caption]
    said = {
        "en": "The scenario caps every programme at 20% of the whole budget, initiatives included.",
        "es": "El escenario limita cada programa a 20 % del presupuesto completo, iniciativas "
        "incluidas.",
    }[_language(page)]
    assert [c for c in captions if c.startswith(said)]
    assert not [c for c in captions if "no such rule" in c or "no fija esta regla" in c]


def test_the_metropolitan_cap_names_the_files_level_and_the_lines(page: AppTest) -> None:
    lang = _language(page)
    figure = _figure(page, "tradeoffs_frontier_metropolitan")
    (mark,) = _marks(figure)
    pattern = {
        "en": r"Cap of 35% of the whole budget = (\d+\.\d)% of the lines' money",
        "es": r"Tope de 35 % del presupuesto completo = (\d+,\d) % del dinero de las líneas",
    }[lang]
    level = re.fullmatch(pattern, mark)
    assert level, mark
    (line,) = {shape["x0"] for shape in figure["layout"]["shapes"]}
    assert float(level.group(1).replace(",", ".")) == pytest.approx(100 * line, abs=0.05)
    assert line > 0.35  # the initiatives in the capital count towards its cap
    assert not [m for m in _marks(figure) if "this scenario" in m.lower()]


def test_the_equity_mark_is_what_the_floors_leave_the_lines(page: AppTest) -> None:
    lang = _language(page)
    figure = _figure(page, "tradeoffs_frontier_equity")
    (mark,) = _marks(figure)
    start_of = {"en": "Floors left to the lines: at least ", "es": "Pisos que quedan a las líneas"}
    assert mark.startswith(start_of[lang])
    note = {
        "en": "The scenario's regional floors are shares of the whole budget",
        "es": "Los pisos regionales del escenario son partes del presupuesto completo",
    }[lang]
    assert [c.value for c in page.caption if c.value.startswith(note)]
    unit = {"en": " USD per person", "es": " USD por habitante"}[lang]
    table = table_with(page, {"en": "Level of the rule", "es": "Nivel de la regla"}[lang])
    assert all(str(v).endswith(unit) for v in table.iloc[:, 0])
    assert all(str(v).endswith(unit) or v == "—" for v in table.iloc[:, 2])


def test_the_sweep_proposes_round_budgets_and_marks_the_lines_money(page: AppTest) -> None:
    lang = _language(page)
    typed = page.text_input(key="tradeoffs_budgets").value
    assert (
        typed
        == {"en": "32.8, 65.6, 131.25, 263, 525, 700", "es": "32,8; 65,6; 131,25; 263; 525; 700"}[
            lang
        ]
    )
    figure = _figure(page, "tradeoffs_sweep")
    assert (
        _marks(figure)[0]
        == {
            "en": "This scenario, for lines: 131.25 M USD",
            "es": "Este escenario, para líneas: 131,25 MM USD",
        }[lang]
    )
    assert chart_values(figure["data"][0]["x"]) == [32.8, 65.6, 131.25, 263.0, 525.0, 700.0]


def test_the_sweeps_lower_panel_title_is_two_short_lines(page: AppTest) -> None:
    lower = _figure(page, "tradeoffs_sweep")["layout"]["yaxis2"]["title"]["text"].split("<br>")
    assert len(lower) == 2 and all(len(line) <= 20 for line in lower), lower
    assert _read(lower[-1]).endswith("USD") or lower[-1] == "adicional"


def test_no_two_regions_or_programmes_share_a_colour(page: AppTest) -> None:
    for key, count in (("tradeoffs_regions", 16), ("tradeoffs_programmes", 13)):
        areas = [t for t in _figure(page, key)["data"] if t.get("stackgroup")]
        assert len(areas) == count
        assert len({t["fillcolor"] for t in areas}) == count


def test_the_file_rules_are_read_on_the_whole_budget() -> None:
    assert levels.whole_budget_cap(WHOLE, "programme") == 0.2
    assert levels.whole_budget_cap(WHOLE, "metropolitan", "metropolitana") == 0.35
    assert levels.whole_budget_cap(WHOLE, "metropolitan", "maule") is None
    assert levels.has_region_floors(WHOLE) and levels.mixed(WHOLE)
    lines = lines_scenario(WHOLE)  # the lines' rules are per item: no single programme cap
    assert not levels.mixed(lines) and levels.whole_budget_cap(lines, "programme") is None


def _oklab_distance(first: str, second: str) -> float:
    """How far apart two colours look (Euclidean distance in OKLab)."""

    def lab(colour: str) -> tuple[float, float, float]:
        def linear(c: int) -> float:
            v = c / 255
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
        l_ = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
        m_ = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
        s_ = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
        return (
            0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
            1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
            0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
        )

    return sum((a - b) ** 2 for a, b in zip(lab(first), lab(second), strict=True)) ** 0.5


@pytest.mark.parametrize("count", [3, 13, 16, 24])
def test_spread_colours_are_all_told_apart(count: int) -> None:
    found = colours.spread_colours(count)
    assert len(found) == count and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in found)
    nearest = min(_oklab_distance(a, b) for a, b in combinations(found, 2))
    assert nearest > (0.03 if count > 16 else 0.045)
    # neighbours, stacked next to each other, differ the most: in lightness as well as hue
    assert min(_oklab_distance(a, b) for a, b in pairwise(found)) > 0.15
