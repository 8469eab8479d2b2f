"""The Robustness page: settings, the Run button, the charts and lists, the workbook download.

Runs use the tutorial scenario (the Chile scenarios take seconds to minutes per run); the page's
figures are compared with a direct call of the library with the same settings.
"""

from __future__ import annotations

import io
import re
from functools import cache

import numpy as np
import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from prioritise import report
from prioritise import scenario as scenario_io
from prioritise.report.robustness_tables import core_by_region, sheet_titles
from prioritise.robustness import RobustnessResult, run_robustness
from tests.ui.apptools import ROOT, SHIPPED, assert_clean, chart_values, charts, go, start

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


@cache
def expected(draws: int = 200, seed: int = 0, sampling: str = "dirichlet") -> RobustnessResult:
    return run_robustness(scenario_io.loads(TUTORIAL), draws, seed, sampling, workers=1)


def _page(scenario: str = "tutorial", lang: str = "en"):
    at = go(start(scenario, lang), "robustness")
    assert_clean(at)
    return at


def _run(at):
    at.button(key="robustness_run").click().run()
    assert_clean(at)
    return at


def _figure(at, name: str) -> dict:
    """The figure whose first trace has this legend name (or type, for unnamed traces)."""
    for figure in charts(at):
        first = figure["data"][0]
        if first.get("name") == name or first["type"] == name:
            return figure
    raise AssertionError(f"no chart with a first trace {name!r}")


def _matrix(values) -> np.ndarray:
    """A heatmap's z as an array (plotly may send it as a base64 typed array with a shape)."""
    if isinstance(values, dict):
        shape = [int(n) for n in str(values["shape"]).split(",")]
        return np.array(chart_values(values), dtype=float).reshape(shape)
    return np.array(values, dtype=float)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("scenario", SHIPPED)
def test_page_loads_on_every_shipped_scenario_without_running(scenario: str) -> None:
    at = _page(scenario, "es")
    assert at.title[0].value == "Robustez"
    assert at.button(key="robustness_run").label == "Ejecutar el análisis"
    assert at.number_input(key="robustness_draws").value == 200
    assert any("Ejecutar el análisis" in info.value for info in at.info)
    assert not charts(at) and not at.metric  # nothing is computed until asked
    assert not at.main.markdown  # no stray text (e.g. a string literal shown by magic)


def test_running_on_the_tutorial_shows_the_charts_and_lists() -> None:
    at = _run(_page())
    result = expected()
    shown = _metrics(at)
    assert shown["Robust core"] == f"{len(result.robust_core)} lines"
    assert shown["Contested"] == f"{len(result.contested)} lines"
    assert shown["Draws"] == "200"
    assert [tab.label for tab in at.tabs] == [
        "Index",
        "Regions",
        "Programmes",
        "Core",
        "Compromise",
    ]
    # core index heatmap: programmes × regions north to south, the library's numbers
    heat = _figure(at, "heatmap")["data"][0]
    assert list(heat["y"]) == ["Mining", "Tourism", "Solar energy"]
    assert list(heat["x"]) == ["North", "Centre", "South"]
    assert np.allclose(_matrix(heat["z"]), core_by_region(result).to_numpy())
    # on a phone (CSS shows one of the two) the same numbers on their side: a row per region,
    # every region's name as a tick
    phone = [f for f in charts(at) if f["data"][0]["type"] == "heatmap"][1]
    assert list(phone["data"][0]["y"]) == ["North", "Centre", "South"]
    assert list(phone["layout"]["yaxis"]["tickvals"]) == ["North", "Centre", "South"]
    assert np.allclose(_matrix(phone["data"][0]["z"]), core_by_region(result).T.to_numpy())
    # regional fan: the band of 8 draws in 10 (P10 to P90), group split and the population
    # share of the money, in plain words: no percentile's name on screen
    fan = _figure(at, "Range in 8 of 10 draws")["data"]
    band, typical, group, population = fan
    assert typical["name"] == "Typical value (median)"
    assert "In 8 of 10 draws, between %{customdata[0]" in band["hovertemplate"]
    assert "P10" not in band["hovertemplate"] and "P90" not in band["hovertemplate"]
    assert chart_values(band["y"]) == ["North", "Centre", "South"]
    assert np.allclose(chart_values(band["base"]), result.regions["p10"].to_numpy())
    top = np.array(chart_values(band["base"])) + np.array(chart_values(band["x"]))
    assert np.allclose(top, result.regions["p90"].to_numpy())
    assert np.allclose(chart_values(group["x"]), result.regions["group"].to_numpy())
    # 1 M, 3 M and 1 M people share the 30 M USD spent (spend_all): 6, 18 and 6
    assert np.allclose(chart_values(population["x"]), [6.0, 18.0, 6.0])
    regions = next(f.value for f in at.dataframe if "Region" in f.value.columns)
    assert list(regions.columns[1:4]) == [
        "In 8 of 10 draws: from (M USD)",
        "Typical value, median (M USD)",
        "In 8 of 10 draws: up to (M USD)",
    ]
    assert "Where each programme ranks" in [s.value for s in at.subheader]
    assert not [c.value for c in at.caption if re.search(r"\bP[159]0\b|percentile", c.value)]
    # rank acceptability: one bar segment per rank, each programme's shares sum to 1
    ranks = _figure(at, "Rank 1")["data"]
    assert [trace["name"] for trace in ranks] == ["Rank 1", "Rank 2", "Rank 3"]
    totals = np.sum([chart_values(trace["x"]) for trace in ranks], axis=0)
    assert np.allclose(totals, 1.0)
    first = dict(zip(chart_values(ranks[0]["y"]), chart_values(ranks[0]["x"]), strict=True))
    assert first["Solar energy"] == pytest.approx(result.rank_acceptability.loc["solar", 1])
    # robust core and contested lists, in plain words
    words = "\n".join(c.value for c in at.caption)
    assert f"{len(result.robust_core)} lines are funded in at least 90% of the draws" in words
    headings = [s.value for s in at.subheader]
    assert "Robust core: funded in nearly every draw" in headings
    assert "Contested: depends on who you listen to" in headings
    lines = [frame.value for frame in at.dataframe if "Line" in frame.value.columns]
    core_lines = [" · ".join(result.name(part) for part in key) for key in result.robust_core.index]
    assert list(lines[0]["Line"]) == core_lines
    assert len(lines[1]) == len(result.contested)
    # compromise vs group, and the regret table
    by_programme = _figure(at, "Group weights")["data"]
    assert "**Group split and compromise by programme**" in [m.value for m in at.markdown]
    bars = by_programme[1]
    amounts = dict(zip(chart_values(bars["y"]), chart_values(bars["x"]), strict=True))
    compromise = result.compromise.portfolios["compromise"]
    mining = [i for i, key in enumerate(result.cells.index) if key[0] == "mining"]
    assert amounts["Mining"] == pytest.approx(compromise[mining].sum())
    found = result.compromise
    regret = next(f.value for f in at.dataframe if "Stakeholder" in f.value.columns)
    assert list(regret["Stakeholder"]) == [result.name(s) for s in found.stakeholders]
    # the two splits the table is for come first, before each stakeholder's own best
    assert list(regret.columns[:3]) == ["Stakeholder", "Group weights", "Least-regret compromise"]
    points = found.regret_points  # in index points of the group's value index
    assert points is not None
    assert np.allclose(regret["Least-regret compromise"], points["compromise"])
    assert np.allclose(regret["Group weights"], points["group"])
    # the compromise never leaves anyone worse off than the group split's worst case
    assert found.max_regret["compromise"] <= found.max_regret["group"] + 1e-9
    largest = shown["Largest regret: Least-regret compromise"]
    assert largest == f"{points['compromise'].max():.1f} points"
    at.radio(key="robustness_regret_unit").set_value("share").run()
    assert_clean(at)
    regret = next(f.value for f in at.dataframe if "Stakeholder" in f.value.columns)
    assert np.allclose(regret["Least-regret compromise"], found.relative_regret["compromise"])


def test_a_programme_shows_its_enabling_areas_by_region() -> None:
    at = _run(_page())
    at.selectbox(key="robustness_heat_programme").set_value("solar").run()
    assert_clean(at)
    heat = _figure(at, "heatmap")["data"][0]
    assert list(heat["y"]) == ["R&D and innovation", "Human capital"]
    assert np.allclose(_matrix(heat["z"]), core_by_region(expected(), "solar").to_numpy())


def test_the_language_switch_changes_labels_and_keeps_the_results() -> None:
    at = _run(_page())
    at.sidebar.radio(key="lang").set_value("es").run()
    assert_clean(at)
    assert at.title[0].value == "Robustez"
    assert at.tabs[0].label == "Índice"
    shown = _metrics(at)
    assert shown["Núcleo robusto"] == f"{len(expected().robust_core)} líneas"
    assert list(_figure(at, "heatmap")["data"][0]["x"]) == ["Norte", "Centro", "Sur"]
    fan = _figure(at, "Rango en 8 de cada 10 sorteos")["data"]
    assert fan[1]["name"] == "Valor típico (mediana)"
    assert fan[0]["hovertemplate"].startswith("%{y}<br>En 8 de cada 10 sorteos, entre ")
    headings = [s.value for s in at.subheader]
    assert "En disputa: depende de a quién se escuche" in headings
    words = "\n".join(c.value for c in at.caption)
    money = f"{expected().robust_core['group'].sum():.2f}".replace(".", ",")
    assert f"la asignación del grupo les da {money} MM USD" in words
    assert "Toque una casilla para ver el nombre completo de la región y su porcentaje." in words
    assert at.radio(key="robustness_sampling").options[0] == (
        "En torno a las ponderaciones del grupo"
    )
    # the rank bars write shares as Spanish does ('91 %'), as the rest of the page
    ranks = _figure(at, "Lugar 1")["data"]
    for trace in ranks:
        shares = chart_values(trace["x"])
        for text, share in zip(trace["text"], shares, strict=True):
            assert re.fullmatch(r"\d+\u00a0%", text) and abs(int(text[:-2]) - 100 * share) <= 0.5001
        assert all(text.endswith("\u00a0%") for text in trace["customdata"])


def test_results_survive_a_visit_to_another_page_and_new_settings_ask_for_a_run(
    monkeypatch,
) -> None:
    calls, reports = [], []
    original = run_robustness

    def counted(*args, **kwargs):
        calls.append(args[1:4])
        bar = kwargs["progress"]

        def progress(done: int, total: int) -> None:
            reports.append((done, total, bar.bar is not None))
            bar(done, total)

        return original(*args, **{**kwargs, "progress": progress})

    monkeypatch.setattr("prioritise.robustness.run_robustness", counted)
    at = _page()
    at.number_input(key="robustness_draws").set_value(60).run()
    at.number_input(key="robustness_seed").set_value(11).run()
    _run(at)
    assert _metrics(at)["Draws"] == "60"
    # the progress bar was on screen while the draws were solved, and is gone now
    assert reports[-1] == (60, 60, True) and all(shown for *_, shown in reports)
    assert not at.get("progress")
    go(at, "priorities")
    go(at, "robustness")
    assert_clean(at)
    assert at.number_input(key="robustness_draws").value == 60
    assert _metrics(at)["Draws"] == "60"  # shown again without pressing Run
    assert calls.count((60, 11, "dirichlet")) == 1  # and not computed again
    at.radio(key="robustness_sampling").set_value("uniform").run()
    assert_clean(at)
    assert not at.metric and "Run the analysis" in at.info[0].value
    _run(at)
    assert calls[-1] == (60, 11, "uniform")


def test_notes_on_the_run_follow_the_language() -> None:
    """With funding decisions (a minimum ticket, a line cap) the draws solve the LP relaxation,
    and the page says so in the language on screen."""
    at = start("tutorial", "en")
    rules = "min_region_share = 0.1\nmin_ticket = 1.0\nmax_lines = 12"
    ticketed = TUTORIAL.replace("min_region_share = 0.1", rules)
    at.file_uploader[0].set_value(("tickets.toml", ticketed.encode(), "application/toml")).run()
    go(at, "robustness")
    _run(at)
    notes = [i.value for i in at.info]
    assert any(
        n.startswith(
            "Funding decisions (minimum ticket, limit on funded lines) are relaxed in the draws"
        )
        for n in notes
    )
    # the group split beside the draws is the relaxed one too, and the page says so
    assert any("The group split shown here is relaxed the same way" in n for n in notes)
    at.sidebar.radio(key="lang").set_value("es").run()
    assert_clean(at)
    notes = [i.value for i in at.info]
    assert any(n.startswith("Las decisiones de financiamiento") for n in notes)
    spanish = "\n".join(notes)
    assert (
        "se relajan en los sorteos" in spanish
        and "Líneas financiadas por sorteo: típicamente" in (spanish)
    )
    assert "relajación lineal" not in spanish and "mediana" not in spanish


def test_small_runs_stay_in_the_apps_own_process() -> None:
    from prioritise.ui.pages.robustness import workers_for

    assert workers_for(scenario_io.loads(TUTORIAL), 200) == 1  # 18 cells
    chile = scenario_io.load(ROOT / "scenarios" / "chile_transforma_2017.toml")
    assert workers_for(chile, 200) is None  # 1,248 cells: the library decides


def test_a_scenario_that_cannot_be_split_gets_a_plain_message() -> None:
    at = start("tutorial", "en")
    # three regions with a 10 % floor each need three funded lines: two are not enough
    too_few = TUTORIAL.replace("min_region_share = 0.1", "min_region_share = 0.1\nmax_lines = 2")
    at.file_uploader[0].set_value(("lines.toml", too_few.encode(), "application/toml")).run()
    go(at, "robustness")
    _run(at)
    message = at.error[0].value
    assert message.startswith("The robustness analysis cannot run. No split satisfies every rule")
    assert "at least 3 funded lines, but at most 2 are allowed" in message
    assert not at.metric and not charts(at)


def test_the_workbook_holds_the_portfolio_and_the_robustness_sheets(monkeypatch) -> None:
    makers = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        makers[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    at = _run(_page())
    book = openpyxl.load_workbook(io.BytesIO(makers["tutorial-robustness.xlsx"]()))
    for title in [*report.sheet_titles("en").values(), *sheet_titles("en").values()]:
        assert title in book.sheetnames
    ranks = book[sheet_titles("en")["ranks"]]
    rows = {row[1]: row[2:] for row in ranks.iter_rows(min_row=2, values_only=True)}
    for programme, shares in expected().rank_acceptability.iterrows():
        assert rows[programme] == pytest.approx(shares.tolist())
    at.sidebar.radio(key="lang").set_value("es").run()
    spanish = openpyxl.load_workbook(io.BytesIO(makers["tutorial-robustez.xlsx"]()))
    assert sheet_titles("es")["core_index"] in spanish.sheetnames
    assert report.sheet_titles("es")["allocation"] in spanish.sheetnames
