"""The Initiatives page on the shipped portfolio: names in the page's language, the funded
set the command line chooses, an edit that chooses again, and the value-for-money chart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.allocate import value_frontier
from prioritise.cli.command_line import main
from prioritise.ui import i18n, number_box, state, widgets
from tests.ui.apptools import ROOT, assert_clean, chart_values, charts, go, start

SHIPPED = "chile_transforma_initiatives_2017"
PATH = ROOT / "scenarios" / f"{SHIPPED}.toml"
SCENARIO = scenario_io.load(PATH)
IDS = [item.id for item in SCENARIO.initiatives]


def _page(lang: str) -> AppTest:
    at = go(start(SHIPPED, lang), "initiatives")
    assert_clean(at)
    return at


@pytest.fixture(scope="module")
def english() -> AppTest:
    return _page("en")


def _cli_funded(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, float]:
    assert main(["optimise", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    return {row["id"]: row["amount"] for row in payload["initiatives"]}


def _table(at: AppTest, column: str):
    return next(f.value for f in at.dataframe if column in f.value.columns)


def _shown_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.to_numpy().ravel()] + list(frame.value.columns)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_names_in_the_language_never_ids(lang: str, english: AppTest) -> None:
    at = english if lang == "en" else _page("es")
    column = {"en": "Initiative", "es": "Iniciativa"}[lang]
    names = [item.names.get(lang) or item.name for item in SCENARIO.initiatives]
    assert list(_table(at, column)[column]) == names
    shown = _shown_text(at)
    ids = [i for i in IDS if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", shown)]
    assert not ids
    if lang == "es":  # the other language's names are not on the page
        english_only = [
            i.names["en"] for i in SCENARIO.initiatives if i.names.get("en") != i.names.get("es")
        ]
        assert english_only and not [n for n in english_only if n in shown]


def test_funded_initiatives_are_those_the_command_line_chooses(
    english: AppTest, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _cli_funded(PATH, capsys)
    frame = _table(english, "Initiative")
    amounts = frame["Amount (M USD)"].to_numpy(dtype=float)
    status = list(frame["Funding"])
    for k, ident in enumerate(IDS):
        if ident in expected:
            assert status[k] == "Funded" or status[k].startswith("Partly funded")
            assert amounts[k] == pytest.approx(expected[ident], abs=1e-6)
        else:
            assert status[k] == "Not funded" and amounts[k] == 0.0
    assert next(m.value for m in english.metric if m.label == "Initiatives funded") == (
        f"{len(expected)} of {len(IDS)}"
    )


def test_every_text_column_is_as_wide_as_its_longest_text() -> None:
    """Streamlit sizes a column from its first rows: 'Financiada en parte' came in row 18 and
    read 'Financiada en pa'. Each text column is given the width of its longest text (header
    included), up to `widgets.WIDEST_TEXT_PX`; the numbers keep Streamlit's own widths."""
    at = _page("es")
    (grid,) = [f for f in at.dataframe if "Financiamiento" in f.value.columns]
    configs = json.loads(grid.proto.columns)
    frame = grid.value
    status = "Financiamiento"
    assert any(str(v).startswith("Financiada en parte") for v in frame[status])
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            assert "width" not in configs.get(column, {}), column
            continue
        longest = max(len(str(v)) for v in [column, *frame[column]])
        wanted = round(longest * widgets.TEXT_CHAR_PX + widgets.TEXT_PADDING_PX)
        assert configs[column]["width"] == min(widgets.WIDEST_TEXT_PX, wanted), column
    assert configs[status]["width"] >= len("Financiada en parte") * widgets.TEXT_CHAR_PX
    assert configs["Iniciativa"]["pinned"] is True  # its own configuration is kept


def test_the_chart_has_every_initiative_and_the_frontier(english: AppTest) -> None:
    figure = next(f for f in charts(english) if any(t.get("mode") == "markers" for t in f["data"]))
    markers = [t for t in figure["data"] if t.get("mode") == "markers"]
    assert sum(len(chart_values(t["x"])) for t in markers) == len(IDS)
    hovers = [h for t in markers for h in t["customdata"]]
    for item in SCENARIO.initiatives:
        assert sum(item.names.get("en", item.name) in h for h in hovers) >= 1
    line = next(t for t in figure["data"] if t.get("mode") == "lines")
    frontier = value_frontier(SCENARIO)
    solved = sorted((p for p in frontier.points if p.objective is not None), key=lambda p: p.cost)
    # at what each level's best portfolio spends in full, as the points (test_app_initiatives_value)
    assert chart_values(line["x"]) == pytest.approx([p.cost for p in solved])
    full = float(frontier.data.values.sum())  # every initiative funded in full: 100
    assert chart_values(line["y"]) == pytest.approx([100 * p.objective / full for p in solved])
    named = [m.value for m in english.markdown if "First out if the budget falls" in m.value]
    first_out = [SCENARIO.initiatives[IDS.index(i)].names["en"] for i in frontier.first_out]
    assert named and all(name in named[0] for name in first_out)


def test_an_edited_cost_chooses_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    at = _page("en")
    before = _cli_funded(PATH, capsys)
    target = next(
        i for i in IDS if i not in before and not SCENARIO.initiatives[IDS.index(i)].must_not
    )
    name = SCENARIO.initiatives[IDS.index(target)].names["en"]
    pick = next(s for s in at.selectbox if s.key and s.key.endswith(":init_edit_pick"))
    at = pick.select(target).run()
    for box in at.text_input:
        if box.key and f":init_cost:{target}:" in box.key:
            box.set_value("0.01")
    at = next(b for b in at.button if "Apply" in b.label).click().run()
    assert_clean(at)
    edited = tmp_path / "edited.toml"
    edited.write_text(at.session_state[state.KEY_TEXT], encoding="utf-8")
    item = scenario_io.load(edited).initiatives[IDS.index(target)]
    assert item.cost == [0.01] * len(SCENARIO.years)
    expected = _cli_funded(edited, capsys)
    assert target in expected and expected != before
    frame = _table(at, "Initiative")
    shown = {IDS[k] for k, s in enumerate(frame["Funding"]) if s != "Not funded"}
    assert shown == set(expected)
    assert any(name in s.value for s in at.success)


def test_a_scenario_without_initiatives_explains_and_offers_the_template() -> None:
    at = go(start("tutorial", "es"), "initiatives")
    assert_clean(at)
    assert any("no tiene iniciativas" in i.value for i in at.info)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Plantilla (Excel)", "Plantilla (CSV)"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_split_pages_of_a_mixed_scenario_are_of_what_initiatives_leave(lang: str) -> None:
    """Portfolio shows the split `optimise` gives (the lines' 131.25 of the 175 M USD), its
    money written as the note above it writes the lines' part, and every page that analyses
    the split says that it is of the lines, initiatives held."""
    at = go(start("chile_transforma_initiatives_2017", lang), "portfolio")
    assert_clean(at)
    lines = "131,25 MM USD" if lang == "es" else "131.25 M USD"
    left = "que quedan para líneas" if lang == "es" else "left for lines"
    (note,) = [info.value for info in at.info if left in info.value]
    figure = re.search(rf"([\d.,]+ M+ USD) {left}", note)
    assert figure is not None and figure.group(1) == lines
    money = "Dinero asignado" if lang == "es" else "Money allocated"
    (metric,) = [m for m in at.metric if m.label == money]
    assert metric.value == figure.group(1)  # not 131,3 under 131,25
    budget = "De un presupuesto de" if lang == "es" else "Of a budget of"
    assert metric.proto.help == f"{budget} {lines}."
    for page in ("tradeoffs", "robustness", "sensitivity"):
        at = go(start("chile_transforma_initiatives_2017", lang), page)
        assert_clean(at)
        assert any(lines in info.value for info in at.info), page
        if page == "tradeoffs":  # the budgets swept are around the lines' own
            own = "131,25" if lang == "es" else "131.25"
            assert any(own in box.value for box in at.text_input)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_app_and_the_command_line_write_a_whole_lines_part_alike(lang: str, capsys) -> None:
    """At a what-if budget of 100, a quarter for initiatives: the note, the money figure and
    the command line all write 100,0 = 75,0 + 25,0 (one decimal, as a plain budget's 175,0),
    not 75,00 on one screen and 75,0 on the other."""
    at = go(start(SHIPPED, lang, budget="100"), "portfolio")
    assert_clean(at)
    lines, whole = (
        ("75,0 MM USD", "100,0 MM USD") if lang == "es" else ("75.0 M USD", "100.0 M USD")
    )
    left = "que quedan para líneas" if lang == "es" else "left for lines"
    (note,) = [info.value for info in at.info if left in info.value]
    assert f"{lines} {left}" in note and whole in note
    money = "Dinero asignado" if lang == "es" else "Money allocated"
    (metric,) = [m for m in at.metric if m.label == money]
    assert metric.value == lines
    capsys.readouterr()
    command = ["optimise", str(PATH), "--budget", "100", "--lang", lang, "--price-seconds", "0"]
    assert main(command) == 0
    out = capsys.readouterr().out
    assert f"{whole}: {lines}" in out, out[:600]
    assert "75,00" not in out and "75.00" not in out


def test_the_reports_of_a_mixed_scenario_hold_its_initiatives() -> None:
    """The Portfolio page's downloads carry the initiatives as `optimise --out` writes them."""
    from prioritise.ui import optimising

    files = optimising.exports(PATH.read_text(encoding="utf-8"), None, "es", 30.0)
    assert "## Iniciativas" in files.markdown
    assert "Se financian" in files.markdown.split("## Iniciativas", 1)[1]


def test_the_headline_says_what_the_budget_and_the_pools_give_and_the_index(
    english: AppTest, capsys: pytest.CaptureFixture[str]
) -> None:
    """The money figure's caption adds up as the command line's heading does, and the
    portfolio index is the command line's (100 = every initiative funded in full)."""
    assert main(["optimise", str(PATH), "--json", "--lang", "en"]) == 0
    portfolio = json.loads(capsys.readouterr().out)["portfolio"]
    pooled = portfolio["from_pools"]
    spent = sum(row["amount"] for row in portfolio["initiatives"])
    captions = " ".join(c.value for c in english.caption)
    assert f"{spent - pooled:.2f} M USD of the " in captions
    assert f"and {pooled:.2f} M USD from the funding pools" in captions
    (index,) = [m.value for m in english.metric if m.label == "Portfolio index"]
    assert index == f"{portfolio['value_index']:.1f}"


@pytest.mark.parametrize(("lang", "written"), [("es", "%d\u00a0%%"), ("en", "%d%%")])
def test_the_least_share_slider_writes_percent_the_languages_way(lang: str, written: str) -> None:
    """'50 %' with a no-break space in Spanish, as every other percentage; '50%' in English."""
    at = _page(lang)
    (slider,) = [s for s in at.slider if s.key and ":init_partial:" in s.key]
    assert slider.proto.format == written
    assert i18n.percent_slider_format(lang) == written
    assert written % 50 == i18n.percent(0.5, lang, 0)


def _cost_boxes(at: AppTest, target: str) -> list:
    return [b for b in at.text_input if b.key and f":init_cost:{target}:" in b.key]


def test_spanish_cost_boxes_have_decimal_commas_and_save_what_is_typed() -> None:
    at = _page("es")
    target = next(i for i in IDS if any(c % 1 for c in SCENARIO.initiatives[IDS.index(i)].cost))
    pick = next(s for s in at.selectbox if s.key and s.key.endswith(":init_edit_pick"))
    at = pick.select(target).run()
    boxes = _cost_boxes(at, target)
    costs = SCENARIO.initiatives[IDS.index(target)].cost
    assert [b.value for b in boxes] == [number_box.number_text(c, "es") for c in costs]
    assert any("," in b.value for b in boxes) and not any("." in b.value for b in boxes)
    boxes[0].set_value("2,35")
    at = next(b for b in at.button if b.key and "FormSubmitter" in b.key).click().run()
    assert_clean(at)
    edited = scenario_io.loads(at.session_state[state.KEY_TEXT])
    assert edited.initiatives[IDS.index(target)].cost == [2.35, *costs[1:]]
    (box, *_) = _cost_boxes(at, target)  # the form again, with the saved cost
    assert box.value == "2,35"


@pytest.mark.parametrize(("lang", "said"), [("en", "“1,500” is not"), ("es", "«1.500» no es")])
def test_a_cost_that_cannot_be_read_changes_nothing_and_says_why(lang: str, said: str) -> None:
    at = _page(lang)
    before = at.session_state[state.KEY_TEXT]
    target = IDS[0]
    pick = next(s for s in at.selectbox if s.key and s.key.endswith(":init_edit_pick"))
    at = pick.select(target).run()
    _cost_boxes(at, target)[0].set_value("1,500" if lang == "en" else "1.500")
    at = next(b for b in at.button if b.key and "FormSubmitter" in b.key).click().run()
    assert_clean(at)
    assert at.session_state[state.KEY_TEXT] == before
    assert [e.value for e in at.error if said in e.value.replace("\\", "")]
