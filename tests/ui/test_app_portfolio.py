"""The Portfolio page: the optimised split, its diagnosis when infeasible, and the downloads."""

from __future__ import annotations

import io
import itertools
import re

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from prioritise import report
from prioritise import scenario as scenario_io
from prioritise.allocate import in_reading_order, index_on_budget, lines_part, optimise_scenario
from tests.ui.apptools import ROOT, SHIPPED, assert_clean, chart_values, charts, go, start

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
# Three regions with a 10 % floor each need three funded lines: two are not enough.
TOO_FEW_LINES = TUTORIAL.replace("min_region_share = 0.1", "min_region_share = 0.1\nmax_lines = 2")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _figure(at, trace_type: str) -> dict:
    return next(f for f in charts(at) if f["data"][0]["type"] == trace_type)


def _portfolio(scenario: str = "tutorial", lang: str = "en", **params: str):
    at = go(start(scenario, lang, **params), "portfolio")
    assert_clean(at)
    return at


def test_headline_figures_are_the_optimisers() -> None:
    at = _portfolio()
    expected = optimise_scenario(scenario_io.loads(TUTORIAL))
    shown = _metrics(at)
    assert shown["Money allocated"] == "30.0 M USD"  # spend_all = true
    stick = expected.yardstick
    # the index is the objective over the unconstrained optimum, recomputed here
    assert shown["Value index"] == f"{100 * expected.objective / stick.reference:.1f}"
    assert shown["Funded lines"] == str(expected.lines)
    assert shown["Optimiser"] == "Optimal"
    fair = {b.name: b for b in expected.baselines if b.obeys_rules}
    assert set(fair) == {"proportional", "population"}
    points = {name: 100 * b.gain / stick.reference for name, b in fair.items()}
    assert min(points.values()) >= -0.1  # fair baselines never beat the optimum
    index = float(shown["Value index"])  # a gain reads as the difference of the indexes shown
    labels = {
        "proportional": "Gain over a priority-proportional split",
        "population": "Gain over a population-based split",
    }
    for name, label in labels.items():
        gain = max(0.0, index - float(f"{fair[name].value_index:.1f}"))
        assert shown[label] == f"+{gain:.1f} points"
        assert abs(gain - points[name]) <= 0.1
    # the page says the index each gain is measured from, so that the figures on screen add up
    said = next(c.value for c in at.caption if c.value.startswith("Each gain is the difference"))
    written = [float(x) for x in re.findall(r"index (\d+\.\d)", said)]
    assert written == [float(f"{fair[name].value_index:.1f}") for name in labels]
    for label, base in zip(labels.values(), written, strict=True):
        assert float(shown[label].split()[0]) == pytest.approx(max(0.0, index - base), abs=1e-9)


def test_sankey_and_regions_carry_the_allocation() -> None:
    at = _portfolio()
    expected = optimise_scenario(scenario_io.loads(TUTORIAL)).totals
    sankey = _figure(at, "sankey")["data"][0]
    labels = sankey["node"]["label"]
    sources = chart_values(sankey["link"]["source"])
    values = chart_values(sankey["link"]["value"])
    out_of = {labels[s]: 0.0 for s in sources}
    for source, value in zip(sources, values, strict=True):
        out_of[labels[source]] += value
    # programmes send all the money on; enabling areas pass it all on to the regions
    assert out_of["Mining"] == pytest.approx(expected.programme.loc["mining", "amount"])
    assert out_of["Solar energy"] == pytest.approx(expected.programme.loc["solar", "amount"])
    assert out_of["R&D and innovation"] + out_of["Human capital"] == pytest.approx(30.0)
    strip = next(f for f in charts(at) if f["data"][0].get("orientation") == "h")
    money, per_person = strip["data"][0], strip["data"][1]
    assert chart_values(money["y"]) == ["North", "Centre", "South"]  # north to south
    assert np.allclose(chart_values(money["x"]), expected.region["amount"].to_numpy())
    # per person = money × unit / population, an independent recomputation
    populations = np.array([1_000_000, 3_000_000, 1_000_000])
    assert np.allclose(
        chart_values(per_person["x"]), expected.region["amount"].to_numpy() * 1e6 / populations
    )


def test_binding_rules_are_said_in_words() -> None:
    at = _portfolio()
    words = "\n".join(m.value for m in at.markdown)
    assert "The total budget (30.0 M USD) is fully used: 1 M USD more would add" in words
    assert "Lowering the floor for Centre (10.0% of the budget) by 1 M USD would add" in words


@pytest.mark.parametrize("priced", [False, True])
def test_every_rule_is_listed_in_the_order_the_summary_uses(priced: bool) -> None:
    """The expander of every rule: binding rules as the sentences above order them (the
    budget last among them), then the others; the same order as the workbook's."""
    at = _portfolio()
    if priced:
        at.toggle(key="portfolio_price_rules").set_value(True).run()
        assert_clean(at)
    shown = next(df.value for df in at.dataframe if "In words" in df.value.columns)
    expected = optimise_scenario(scenario_io.loads(TUTORIAL), price_seconds=60.0 if priced else 0)
    table = in_reading_order(expected.constraints, expected.rules_priced)
    sentences = [note.text("en") for note in table["note"]]
    assert shown["In words"].tolist() == sentences
    binding = shown["Binding"].astype(bool).tolist()
    assert binding == sorted(binding, reverse=True) and binding[0]


def test_the_line_limit_leads_every_rule_with_a_dash_for_its_price() -> None:
    """The line limit has no price per unit of money (its sentence gives one per line): it
    comes first, as in the summary, and its cell shows a dash, not the grid's "None"."""
    at = _portfolio("chile_transforma_2017", "es")
    shown = next(df.value for df in at.dataframe if "En palabras" in df.value.columns)
    first = shown.iloc[0]
    assert first["En palabras"].startswith("Se financian las 150 líneas permitidas")
    price = next(c for c in shown.columns if c.startswith("Valor de relajarla"))
    assert first[price] == "–"
    for frame in at.dataframe:
        cells = frame.value.astype(str).to_numpy().ravel().tolist()
        assert "None" not in cells and "nan" not in cells


def test_every_binding_rule_is_said_or_counted() -> None:
    """The sentences stop at the costliest few; the other rules that hold the value back are
    counted and pointed to the table of every rule, as are those that cost nothing: on Chile
    the three add up to every binding rule of that table."""
    at = _portfolio("chile_transforma_2017", "es")
    shown = next(df.value for df in at.dataframe if "En palabras" in df.value.columns)
    binding = int(shown["Activa"].astype(bool).sum())
    said = next(m.value for m in at.markdown if m.value.startswith("- Se financian las 150 líneas"))
    captions = [c.value for c in at.caption]
    more = next(c for c in captions if c.startswith("… y ") and "frena" in c)
    free = next(e.label for e in at.expander if "no cuesta" in e.label)
    counted = int(re.search(r"… y (\d+) más", more).group(1))
    costless = int(re.search(r"^(\d+) reglas", free).group(1))
    assert counted > 0 and len(said.splitlines()) + counted + costless == binding


def test_rules_are_priced_by_re_solving_when_asked_and_money_sources_are_shown() -> None:
    at = _portfolio()
    words = "\n".join(m.value for m in at.markdown)
    assert "Dropping this rule altogether" not in words  # re-solving waits until asked
    at.toggle(key="portfolio_price_rules").set_value(True).run()
    assert_clean(at)
    words = "\n".join(m.value for m in at.markdown)
    assert "Dropping this rule altogether would add" in words
    assert any("costliest first" in c.value for c in at.caption)
    region = at.selectbox(key="portfolio_sources_region")
    assert region.value in ("north", "centre", "south")
    assert "chosen for its value" in words or "held by" in words
    at.sidebar.radio(key="lang").set_value("es").run()
    assert_clean(at)
    words = "\n".join(m.value for m in at.markdown)
    assert "Eliminar esta regla por completo agregaría" in words
    assert "index points" not in words and "chosen for" not in words


def test_the_language_switch_changes_labels_numbers_and_sentences() -> None:
    at = _portfolio()
    at.sidebar.radio(key="lang").set_value("es").run()
    assert_clean(at)
    assert at.title[0].value == "Cartera"
    shown = _metrics(at)
    assert shown["Dinero asignado"] == "30,0 MM USD"
    assert [tab.label for tab in at.tabs][:2] == ["Flujo del dinero", "Regiones"]
    words = "\n".join(m.value for m in at.markdown)
    assert "Bajar el piso de Centro (10,0\u00a0% del presupuesto) en 1 MM USD agregaría" in words


def test_a_budget_override_is_a_what_if_kept_in_the_url() -> None:
    at = _portfolio()
    at.text_input(key="portfolio_budget").set_value("60").run()
    assert_clean(at)
    assert _metrics(at)["Money allocated"] == "60.0 M USD"
    assert at.query_params["budget"] == "60"
    assert "optimising 60.0 M USD instead of the scenario's 30.0 M USD" in at.info[0].value
    assert scenario_io.loads(at.session_state["scenario_text"]).budget.total == 30.0
    go(go(at, "priorities"), "portfolio")  # kept while visiting another page
    assert _metrics(at)["Money allocated"] == "60.0 M USD"
    again = _portfolio(**{"budget": "45"})
    assert _metrics(again)["Money allocated"] == "45.0 M USD"


def test_a_what_if_budget_in_cents_is_allocated_as_the_note_writes_it() -> None:
    """The money figure keeps the what-if's second decimal: 45.25 under 'optimising 45.25',
    not 45.3 (a whole budget keeps one decimal, as above)."""
    at = _portfolio(**{"budget": "45.25"})
    assert "What-if: optimising 45.25 M USD instead of" in at.info[0].value
    assert _metrics(at)["Money allocated"] == "45.25 M USD"


@pytest.mark.parametrize(("lang", "words"), [("en", "own scale"), ("es", "escala propia")])
def test_a_what_if_index_is_also_read_on_the_scenario_s_own_scale(lang: str, words: str) -> None:
    """Half the budget: its own index (100 = what 15 M USD could reach) stands beside the
    index on the scenario's scale (100 = what 30 M USD could reach), which the sweep uses and
    which is lower; at the scenario's own budget the second reading is not given."""
    at = _portfolio(lang=lang)
    assert not [c for c in at.caption if words in c.value]
    at.text_input(key="portfolio_budget").set_value("15").run()
    assert_clean(at)
    (said,) = [c.value for c in at.caption if words in c.value]
    scenario = scenario_io.loads(at.session_state["scenario_text"])
    half = optimise_scenario(scenario, budget=15.0, with_baselines=False)
    assert half.data is not None and half.value_index is not None
    on_own = index_on_budget(half.data, half.objective, 30.0)
    assert on_own is not None and on_own < half.value_index
    mark = "," if lang == "es" else "."
    assert f"{on_own:.1f}".replace(".", mark) in said
    assert ("30.0 M USD" if lang == "en" else "30,0 MM USD") in said


def _upload(at, text: str, name: str = "variant.toml"):
    at.file_uploader[0].set_value((name, text.encode(), "application/toml")).run()
    assert_clean(at)
    return at


def _choices(at):
    """The radio of the ways out (the sidebar has the language radio too)."""
    return next(r for r in at.radio if r.label.startswith(("Choose one change", "Elija un cambio")))


def test_an_infeasible_scenario_applies_exactly_the_chosen_repair_and_undoes_it() -> None:
    at = _upload(start("tutorial", "en"), TOO_FEW_LINES)
    go(at, "portfolio")
    assert_clean(at)
    assert "No split of the budget satisfies every rule" in at.error[0].value
    words = "\n".join(m.value for m in at.markdown)
    assert (
        "These rules cannot all hold: at most 2 funded lines; every region at least 10%." in words
    )
    assert "need at least 3 funded lines, but at most 2 are allowed" in words
    assert not at.metric
    choices = _choices(at)
    assert choices.value == 0  # the first way out is preselected
    first, second = choices.options
    assert first.startswith("Raise the limit on funded lines from 2 to 3. Value index reached: ")
    assert second.startswith(
        "Lower the floor for every region from 10% to 0%. Value index reached: "
    )
    index = re.search(r"Value index reached: (\d+\.\d)", first)  # in index points, as
    assert index is not None  # the chosen repair's sentence under the choices says it
    captions = " ".join(c.value for c in at.caption)
    assert f"value index of {index.group(1)}" in captions
    before = at.session_state["scenario_text"]
    choices.set_value(1).run()
    at.button(key="apply_repair").click().run()
    assert_clean(at)
    original, repaired = (
        scenario_io.loads(before),
        scenario_io.loads(at.session_state["scenario_text"]),
    )
    assert repaired.constraints.min_region_share == 0.0  # the chosen change landed ...
    assert repaired.constraints.max_lines == 2  # ... and the other way out did not
    as_before = repaired.constraints.model_copy(update={"min_region_share": 0.1})
    assert as_before == original.constraints
    assert repaired.model_copy(update={"constraints": original.constraints}) == original
    assert "Change applied: Lower the floor for every region from 10% to 0%." in at.success[0].value
    shown = _metrics(at)
    assert shown["Optimiser"] == "Optimal" and shown["Funded lines"] in ("1", "2")
    at.button(key="undo_repair").click().run()  # the Undo next to the change takes it back
    assert_clean(at)
    assert at.session_state["scenario_text"] == before
    assert "No split of the budget satisfies every rule" in at.error[0].value
    assert "undo_repair" not in [button.key for button in at.button]  # nothing left to undo
    go(at, "scenario")  # other pages read the restored scenario
    assert_clean(at)
    assert scenario_io.loads(at.session_state["scenario_text"]).constraints.max_lines == 2
    go(at, "portfolio")
    assert _choices(at).value == 0


def test_a_repair_found_for_a_what_if_budget_keeps_that_budget_and_so_does_its_undo() -> None:
    """At 10 M USD three lines of at least 5 M USD do not fit: the ways out are found for the
    what-if budget, so applying one (and undoing it) keeps 10 M USD in force and in the box,
    where opening the scenario anew would bring back its own 30 M USD."""
    ticket = TUTORIAL.replace("min_region_share = 0.1", "min_region_share = 0.1\nmin_ticket = 5.0")
    at = go(_upload(start("tutorial", "en"), ticket), "portfolio")
    at.text_input(key="portfolio_budget").set_value("10").run()
    assert_clean(at)
    assert "No split of the budget satisfies every rule" in at.error[0].value
    choices = _choices(at)
    (lowered,) = [i for i, o in enumerate(choices.options) if o.startswith("Lower the minimum")]
    assert choices.options[lowered].startswith(
        "Lower the minimum ticket from 5.0 M USD to 3.333 M USD."
    )
    choices.set_value(lowered).run()
    at.button(key="apply_repair").click().run()
    assert_clean(at)
    assert scenario_io.loads(at.session_state["scenario_text"]).constraints.min_ticket == 3.333
    assert at.text_input(key="portfolio_budget").value == "10"
    assert _metrics(at)["Money allocated"] == "10.0 M USD"
    assert at.query_params["budget"] == "10"
    at.button(key="undo_repair").click().run()
    assert_clean(at)
    assert at.text_input(key="portfolio_budget").value == "10"
    assert "No split of the budget satisfies every rule" in at.error[0].value


def test_the_ways_out_read_in_spanish() -> None:
    at = _upload(start("tutorial", "es"), TOO_FEW_LINES)
    go(at, "portfolio")
    assert_clean(at)
    words = "\n".join(m.value for m in at.markdown)
    assert (
        "Estas reglas no pueden cumplirse todas a la vez: como máximo 2 líneas financiadas; "
        "cada región al menos 10\u00a0%." in words
    )
    first, second = _choices(at).options
    assert first.startswith(
        "Subir el límite de líneas financiadas de 2 a 3. Índice de valor alcanzado: "
    )
    assert second.startswith(
        "Bajar el piso de cada región de 10\u00a0% a 0\u00a0%. Índice de valor alcanzado: "
    )
    assert "," in first.rsplit(":", 1)[1]  # the value has a decimal comma


@pytest.fixture
def stored_files(monkeypatch) -> dict[str, bytes]:
    """Every file a download button hands to Streamlit, by its media id."""
    stored: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored


def _download(at, key: str, stored: dict[str, bytes]) -> bytes:
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
    return stored[file_id]


def test_downloads_are_the_reports_of_the_allocation(stored_files) -> None:
    at = _portfolio()
    workbook = openpyxl.load_workbook(io.BytesIO(_download(at, "download_excel", stored_files)))
    assert set(report.sheet_titles("en").values()) <= set(workbook.sheetnames)
    table = pd.read_csv(io.StringIO(_download(at, "download_csv", stored_files).decode()))
    assert list(table.columns) == report.CSV_COLUMNS
    assert table["amount"].sum() == pytest.approx(30.0)
    expected = optimise_scenario(scenario_io.loads(TUTORIAL)).totals.programme["amount"]
    by_programme = table.groupby("programme")["amount"].sum()
    assert np.allclose(by_programme.reindex(expected.index).to_numpy(), expected.to_numpy())
    markdown = _download(at, "download_markdown", stored_files).decode()
    assert "Tutorial" in markdown
    at.sidebar.radio(key="lang").set_value("es").run()
    spanish = openpyxl.load_workbook(io.BytesIO(_download(at, "download_excel", stored_files)))
    assert set(report.sheet_titles("es").values()) <= set(spanish.sheetnames)


@pytest.mark.parametrize("scenario", [s for s in SHIPPED if s != "tutorial"])
def test_shipped_chile_scenarios_within_a_time_limit(scenario: str) -> None:
    """The Chile scenarios take the optimiser minutes to prove optimal; with a time limit the
    page shows the best split found and its gap, or says plainly that more time is needed."""
    at = _portfolio(scenario, "es", limit="5")
    data = scenario_io.load(ROOT / "scenarios" / f"{scenario}.toml")
    if not at.metric:
        assert "permita más tiempo" in at.warning[0].value
        return
    shown = _metrics(at)
    assert shown["Optimizador"] in ("Óptimo", "Casi óptimo")
    strip = next(f for f in charts(at) if f["data"][0].get("orientation") == "h")
    money = dict(
        zip(chart_values(strip["data"][0]["y"]), chart_values(strip["data"][0]["x"]), strict=True)
    )
    # a mixed scenario's lines get what the initiatives leave, and each region's floor less
    # what the initiatives already give it (docs/model.md §15.2)
    lines, total, _ = lines_part(data, explain=False)
    assert sum(money.values()) <= total + 1e-6
    ordered = data.regions_north_to_south()
    floors = [
        max(lines.constraints.min_region_share or 0.0, getattr(bounds, "min", None) or 0.0)
        for bounds in (lines.constraints.region_share.get(r.id) for r in ordered)
    ]
    for got, floor in zip(money.values(), floors, strict=True):
        assert got >= floor * total - 1e-6  # every region gets its floor
    names = [r.names.get("es", r.name) for r in ordered]
    assert list(money) == names


def test_every_node_of_the_money_flow_fits_in_its_column() -> None:
    """On Chile's 16 regions, nodes spaced evenly let Santiago's push the southern regions off
    the chart: each column is stacked by its money, the nodes of a column, as tall as their
    money at one scale for the whole chart, neither overlap nor leave the plot."""
    at = _portfolio("chile_transforma_2017", "es")
    figure = _figure(at, "sankey")
    sankey = figure["data"][0]
    xs, ys = chart_values(sankey["node"]["x"]), chart_values(sankey["node"]["y"])
    targets = chart_values(sankey["link"]["target"])
    sources = chart_values(sankey["link"]["source"])
    values = chart_values(sankey["link"]["value"])
    through = np.zeros(len(xs))
    for node in range(len(xs)):  # a node's money: what comes in, or what leaves the first column
        into = sum(v for t, v in zip(targets, values, strict=True) if t == node)
        out = sum(v for s, v in zip(sources, values, strict=True) if s == node)
        through[node] = max(into, out)
    plot = figure["layout"]["height"] - figure["layout"]["margin"]["t"]
    plot -= figure["layout"]["margin"]["b"]
    pad = sankey["node"]["pad"] / plot
    columns = sorted(set(xs))
    assert len(columns) == 3 and len([x for x in xs if x == columns[2]]) == 16
    room = min(1 - pad * (xs.count(x) - 1) for x in columns)
    scale = room / through.sum() * len(columns)  # each column carries all the money
    for x in columns:
        column = sorted((ys[i], through[i] * scale) for i in range(len(xs)) if xs[i] == x)
        assert column[0][0] - column[0][1] / 2 >= -1e-9  # the top node starts in the plot
        assert column[-1][0] + column[-1][1] / 2 <= 1 + 1e-9  # the bottom one ends in it
        for (above, tall_above), (below, tall_below) in itertools.pairwise(column):
            assert below - above >= (tall_above + tall_below) / 2 - 1e-9


def test_money_per_person_is_written_to_one_precision_down_the_column() -> None:
    """As the command line writes it ('2,87 USD por habitante'): two decimals in every row,
    never '20' beside '1,333'."""
    at = _portfolio("tutorial", "es")
    assert_clean(at)
    (element,) = [e for e in at.dataframe if "Por habitante (USD)" in e.value.columns]
    shown = element.proto.arrow_data.styler.display_values
    cells = pa.ipc.open_stream(io.BytesIO(shown)).read_all().to_pandas()
    cells.columns = list(element.value.columns)
    written = list(cells["Por habitante (USD)"])
    assert written and all(re.fullmatch(r"\d+,\d\d", text) for text in written), written
    values = element.value["Por habitante (USD)"].to_numpy()
    assert np.allclose([float(w.replace(",", ".")) for w in written], values, atol=0.005)


def test_binding_rules_that_cost_nothing_are_named_not_only_counted() -> None:
    """'2 reglas están activas pero no cuestan nada': which ones, in the sentences the other
    rules get, one click away."""
    at = _portfolio("chile_transforma_2017", "es")
    assert_clean(at)
    result = optimise_scenario(scenario_io.load(ROOT / "scenarios" / "chile_transforma_2017.toml"))
    table = result.constraints
    free = table[table["binding"].astype(bool) & (table["shadow_price"].abs() < 1e-9)]
    (box,) = [e for e in at.expander if "no cuesta" in e.label]
    assert box.label == f"{len(free)} reglas están activas pero no cuestan nada en el margen"
    words = "\n".join(m.value for m in box.markdown)
    assert all(note.text("es") in words for note in free["note"])
