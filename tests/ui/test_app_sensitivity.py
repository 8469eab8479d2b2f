"""The Sensitivity page: a weight moved on the slider moves the ranking and the budget as the
library says; the intervals, the sentences and the tornado appear when asked."""

from __future__ import annotations

import io
import re

import pandas as pd
import pyarrow as pa

from prioritise import scenario as scenario_io
from prioritise.sensitivity import prepare
from prioritise.sensitivity.dynamic import money_at, ranking_at, weight_refs
from prioritise.text import money
from tests.ui.apptools import ROOT, assert_clean, chart_values, charts, go, start, table_with

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


def _page(lang: str = "en"):
    at = go(start("tutorial", lang), "sensitivity")
    assert_clean(at)
    return at


def test_dragging_a_weight_moves_the_ranking_and_the_budget() -> None:
    at = _page()
    prepared = prepare(scenario_io.loads(TUTORIAL))
    ref = weight_refs(prepared)[0]
    slider = at.select_slider(key=f"sensitivity_value_{ref.set}_{ref.id}")
    current = prepared.weights[ref.set][ref.index] * 100
    assert slider.value == current  # where the weight is, not the nearest half point
    untouched = table_with(at, "At the chosen value")
    assert list(untouched.iloc[:, 1]) == list(untouched.iloc[:, 2])  # nothing moved yet
    slider.set_value(90.0).run()
    assert_clean(at)
    expected = ranking_at(prepared, ref, 0.9)
    shown = table_with(at, "Place")
    names = {p.id: p.name for p in scenario_io.loads(TUTORIAL).programmes}
    assert list(shown.iloc[:, 1]) == [names[p] for p in expected["programme"]]
    shown_money = table_with(at, "At the chosen value")
    amounts = money_at(prepared, ref, 0.9)
    data = prepared.data
    written = {names[p]: money(v, data.unit, data.currency, "en", 1) for p, v in amounts.items()}
    assert dict(zip(shown_money.iloc[:, 0], shown_money.iloc[:, 2], strict=True)) == written
    assert len(charts(at)) >= 2


def test_the_slider_names_its_values_the_languages_way() -> None:
    at = _page("es")
    (slider,) = [s for s in at.select_slider if s.key.startswith("sensitivity_value_")]
    shown = list(slider.options)[:16:5]  # the labels the phone or screen shows
    assert shown[1] == "2,5\u00a0%" and "." not in "".join(shown)


def test_the_intervals_and_the_tornado_appear_when_asked() -> None:
    at = _page("es")
    assert not any("Quién decide" in s.value for s in at.subheader)
    at.button(key="sensitivity_run").click().run()
    assert_clean(at)
    assert any("Quién decide" in s.value for s in at.subheader)
    table = table_with(at, "Ponderación")
    assert "Ponderación" in table.columns and len(table) == len(
        weight_refs(prepare(scenario_io.loads(TUTORIAL)))
    )
    (element,) = [e for e in at.dataframe if "Ponderación" in e.value.columns]
    shown = element.proto.arrow_data.styler.display_values  # what the reader sees
    cells = pa.ipc.open_stream(io.BytesIO(shown)).read_all().to_pandas()
    current = cells.iloc[:, 1].tolist()  # the current values, as shares in Spanish
    assert all(re.fullmatch(r"\d{1,3},\d\u00a0%", str(v)) for v in current), current
    assert any("intervalos de la asignación se verificaron" in c.value for c in at.caption)
    assert any("la página Cartera" in c.value for c in at.caption)
    assert not [c.value for c in at.caption if "prioritise " in c.value]  # no command line
    assert any(
        "a menos de 5 puntos de un extremo (distinto de 0\u00a0% o 100\u00a0%)" in c.value
        for c in at.caption
    )
    at.button(key="sensitivity_tornado_run").click().run()
    assert_clean(at)
    titles = [figure["data"][0].get("name") for figure in charts(at)]
    assert "Con la ponderación del actor más bajo" in titles
    # each row: the weight's name, then its set and the stakeholders' range on a line of its own
    (tornado,) = [f for f in charts(at) if f["data"][0].get("name") == titles[-1]]
    rows = chart_values(tornado["data"][0]["y"])
    sets = ("criterio", "ámbito habilitante", "criterio regional")
    pattern = r"[^<]+(<br>[^<]+)*<br>(criterio|ámbito habilitante|criterio regional), "
    pattern += r"\d+,\d\u00a0% – \d+,\d\u00a0%"
    assert rows and all(re.fullmatch(pattern, row) for row in rows), rows
    assert {row.rsplit("<br>", 1)[1].split(",")[0] for row in rows} <= set(sets)


def test_the_budget_chart_names_its_unit() -> None:
    at = _page("es")
    (figure,) = [f for f in charts(at) if "Monto" in str(f["layout"]["xaxis"].get("title"))]
    assert "Monto (MM USD)" in str(figure["layout"]["xaxis"]["title"])


def test_share_axes_write_percentages_the_spanish_way() -> None:
    at = _page("es")
    at.button(key="sensitivity_run").click().run()
    assert_clean(at)
    axes = [f["layout"]["xaxis"] for f in charts(at) if f["layout"]["xaxis"].get("ticktext")]
    assert len(axes) >= 2  # the intervals and the ranking at the chosen value
    texts = [text for axis in axes for text in axis["ticktext"]]
    assert "20\u00a0%" in texts and not any(
        text.endswith("%") and "\u00a0" not in text for text in texts
    )
    names = [trace.get("name") for f in charts(at) for trace in f["data"]]
    assert "Valor actual" in names  # the dashed line is named in the legend


def test_a_loose_relaxation_offers_a_longer_run_that_checks_on_whole_lines(monkeypatch) -> None:
    """Chile 2008's relaxation is loose: the run ends in seconds with the relaxation's ends, and
    a button offers the longer run the library suggests; clicking it runs that long."""
    import prioritise.sensitivity as sensitivity

    asked: list[float] = []
    real = sensitivity.run_sensitivity

    def recorded(scenario, **options):
        asked.append(options["seconds"])
        return real(scenario, **{**options, "seconds": min(options["seconds"], 28.0)})

    monkeypatch.setattr(sensitivity, "run_sensitivity", recorded)
    at = go(start("chile_clusters_2008", "es"), "sensitivity")
    at.button(key="sensitivity_run").click().run(timeout=120)
    assert_clean(at)
    assert asked == [28.0]
    (button,) = [b for b in at.button if b.key == "sensitivity_longer"]
    assert button.label.startswith("Más tiempo para verificar") and "min" in button.label
    assert any("líneas completas" in c.value for c in at.caption)
    assert not [c.value for c in at.caption if "prioritise " in c.value]  # no command line
    button.click().run(timeout=120)
    assert_clean(at)
    assert len(asked) == 2 and asked[1] > 28.0 and asked[1] % 30 == 0


def test_a_tornado_with_no_split_in_time_says_so_and_can_be_drawn_again(monkeypatch) -> None:
    """A busy machine: a plain warning (no solver status, no crashed page), not remembered,
    so that the button tries again."""
    import streamlit as st

    from prioritise.sensitivity import SensitivityError, dynamic
    from prioritise.text import Duration

    st.cache_data.clear()
    real = dynamic.tornado

    def busy(prepared):
        raise SensitivityError("sensitivity.error.no_split_in_time", seconds=Duration(10.0))

    monkeypatch.setattr(dynamic, "tornado", busy)
    at = _page("es")
    at.button(key="sensitivity_tornado_run").click().run()
    assert_clean(at)
    warned = " ".join(w.value for w in at.warning)
    assert "No se pudo dibujar el tornado: No se halló ninguna asignación en 10,0 s" in warned
    assert "not_solved" not in warned
    monkeypatch.setattr(dynamic, "tornado", real)
    at.button(key="sensitivity_tornado_run").click().run()
    assert_clean(at)
    assert not at.warning
    assert any(
        f["data"][0].get("name") == "Con la ponderación del actor más bajo" for f in charts(at)
    )


def test_a_tornado_end_stopped_at_its_time_limit_is_said_under_the_chart(monkeypatch) -> None:
    import streamlit as st

    from prioritise.sensitivity import dynamic

    st.cache_data.clear()
    real = dynamic.tornado

    def stopped(prepared):
        table = real(prepared)
        first = table["weight"] == table["weight"].iloc[0]
        table.loc[first, "gap"] = 0.0031
        return table

    monkeypatch.setattr(dynamic, "tornado", stopped)
    at = _page("en")
    at.button(key="sensitivity_tornado_run").click().run()
    assert_clean(at)
    weights = len(real(prepare(scenario_io.loads(TUTORIAL))).drop_duplicates(["set", "weight"]))
    said = [c.value for c in at.caption if "time limit" in c.value]
    assert said == [
        f"For 1 of {weights} weights, the search at one end reached its time limit before "
        "proving that no better split exists: the best one found is shown, and its value is "
        "at most 0.31% below the best possible."
    ]
    st.cache_data.clear()


def test_the_sliders_money_says_when_it_failed_or_is_unproven(monkeypatch) -> None:
    """The budget at the chosen value: a plain warning when no split was found (the ranking
    beside it stays), a note when the split shown stopped at its time limit."""
    import streamlit as st

    from prioritise.sensitivity import SensitivityError, dynamic
    from prioritise.text import Duration

    st.cache_data.clear()
    real = dynamic.money_at

    def busy(prepared, ref, t):
        raise SensitivityError("sensitivity.error.no_split_in_time", seconds=Duration(10.0))

    monkeypatch.setattr(dynamic, "money_at", busy)
    at = _page("es")
    assert_clean(at)
    warned = " ".join(w.value for w in at.warning)
    assert "No se pudo recalcular el dinero con este valor: No se halló ninguna" in warned
    assert table_with(at, "Lugar") is not None  # the ranking is still shown
    st.cache_data.clear()

    def stopped(prepared, ref, t):
        money = real(prepared, ref, t)
        money.attrs["gap"] = 0.0027
        return money

    monkeypatch.setattr(dynamic, "money_at", stopped)
    at = _page("en")
    assert_clean(at)
    said = [c.value for c in at.caption if "time limit" in c.value]
    assert said == [
        "The search for this split reached its time limit before proving that no better one "
        "exists: the best one found is shown, and its value is at most 0.27% below the best "
        "possible."
    ]
    st.cache_data.clear()


def test_a_tornado_row_shows_both_bars_when_both_move_the_same_way() -> None:
    """Drawn over each other, the shorter bar vanished under the longer one when the lowest
    and the highest stakeholder's weight both moved the money the same way: the two stand
    one above the other in their row, on a phone too."""
    from prioritise.ui.sensitivity.charts import TORNADO_ROW, tornado_chart

    labels = ["Rezago regional<br>criterio · 10 %–30 %", "Normas<br>ámbito · 5 %–20 %"]
    bars = pd.DataFrame(
        {"label": labels, "from_now_low": [0.4, -2.0], "from_now_high": [1.5, -0.3]}
    )
    names = {"at_low": "En el mínimo", "at_high": "En el máximo", "axis": "Cambio (MM USD)"}
    for phone in (False, True):
        figure = tornado_chart(bars, names, ",.", phone=phone)
        assert figure.layout.barmode == "group"  # side by side in the row, never overlaid
        low, high = figure.data
        assert list(low.x) == [0.4, -2.0] and list(high.x) == [1.5, -0.3]
        assert low.marker.color != high.marker.color
        assert figure.layout.height >= len(labels) * TORNADO_ROW


def test_rules_that_cannot_all_hold_send_the_reader_to_the_portfolio_page() -> None:
    """One plain sentence in the page's language that names the page with the repairs, not
    the library's sentence inside the page's ('No se pudo …: El análisis …')."""
    clash = TUTORIAL.replace("min_region_share = 0.1", "min_region_share = 0.1\nmax_lines = 2")
    at = start("tutorial", "es")
    at.file_uploader[0].set_value(("choque.toml", clash.encode(), "application/toml")).run()
    go(at, "sensitivity")
    assert_clean(at)
    (said,) = [e.value for e in at.error]
    assert said.startswith("Las reglas de este escenario no se pueden cumplir todas")
    assert "La página Cartera muestra qué reglas chocan" in said
    assert "No se pudo" not in said and not [b for b in at.button if b.key == "sensitivity_run"]
