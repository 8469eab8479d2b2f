"""Opening, uploading and editing scenarios: problems are located, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import TextInput

from prioritise import scenario as scenario_io
from prioritise.scenario import ScenarioError, default_scenario_path, shipped_scenarios
from prioritise.ui import state
from prioritise.ui.scenario import budget as scenario_budget
from prioritise.ui.scenario import forms as scenario_forms
from tests.ui.apptools import ROOT, assert_clean, start

TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
BROKEN = TUTORIAL.read_text(encoding="utf-8").replace("total = 30.0", 'total = "thirty"')
BROKEN_LINE = BROKEN.split("\n").index('total = "thirty"') + 1


def test_scenario_from_upload_names_the_location_of_each_problem() -> None:
    with pytest.raises(ScenarioError) as caught:
        state.scenario_from_upload(BROKEN.encode(), "broken.toml")
    locations = [p.location for p in caught.value.problems]
    assert "budget.total" in locations
    assert caught.value.lines()[0].startswith(
        f"broken.toml: budget.total (line {BROKEN_LINE}): must be a number"
    )


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"format = 'prioritise-scenario/1'\n[budget\n", "a.toml", "not valid TOML"),
        (b"\x00\x01", "a.toml", "binary"),
        (b"", "a.toml", "empty"),
        (TUTORIAL.read_bytes(), "tutorial.csv", ".toml"),
    ],
)
def test_scenario_from_upload_refuses_what_is_not_a_scenario(
    data: bytes, name: str, words: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        state.scenario_from_upload(data, name)
    assert words in str(caught.value)


def test_scenario_from_upload_accepts_a_saved_scenario() -> None:
    original = scenario_io.load(TUTORIAL)
    reopened = state.scenario_from_upload(scenario_io.dumps(original).encode(), "saved.toml")
    assert reopened == original


def test_uploading_a_broken_file_shows_located_problems_and_keeps_the_scenario() -> None:
    at = start("chile_transforma_2017", "en")
    before = at.session_state["scenario_text"]
    at.file_uploader[0].set_value(("broken.toml", BROKEN.encode(), "application/toml")).run()
    assert_clean(at)
    message = "\n".join(e.value for e in at.error)
    assert "broken.toml could not be opened" in message
    assert f"`budget.total` (line {BROKEN_LINE}): must be a number" in message
    assert "the scenario stays as it was" in message
    assert at.session_state["scenario_text"] == before
    assert at.title[0].value == "Chile Transforma 2017"


def test_uploading_a_valid_file_replaces_the_scenario() -> None:
    at = start("chile_transforma_2017", "en")
    at.file_uploader[0].set_value(("mine.toml", TUTORIAL.read_bytes(), "application/toml")).run()
    at.run()  # the page reruns itself after opening a file
    assert_clean(at)
    assert at.title[0].value == "Tutorial"
    assert at.session_state["scenario_origin"] == "mine.toml"
    assert "scenario" not in at.query_params  # an uploaded file cannot be named in a link


def test_open_a_shipped_scenario_from_the_page() -> None:
    at = start("chile_transforma_2017", "en")
    at.selectbox(key="shipped_choice").set_value("tutorial")
    at.button(key="open_shipped").click().run()
    assert at.title[0].value == "Tutorial"
    assert at.query_params["scenario"] == "tutorial"


def test_download_gives_the_current_scenario_as_toml() -> None:
    at = start("tutorial", "en")
    button = at.get("download_button")[0]
    assert button.proto.label == "Save the current scenario (.toml)"
    text = at.session_state["scenario_text"]
    assert scenario_io.loads(text) == scenario_io.load(TUTORIAL)


def share_box(at: AppTest, name: str) -> TextInput:
    """The constraints form's box of the share rule `name`, a text box written in percent."""
    (box,) = (box for box in at.text_input if box.key.startswith(f"w:1:cons:{name}:"))
    return box


def test_an_impossible_regional_floor_is_refused_and_the_scenario_kept() -> None:
    at = start("chile_transforma_2017", "en")
    before = at.session_state["scenario_text"]
    share_box(at, "min_region_share").input("10")  # 16 regions × 10 %
    at.button(key="FormSubmitter:w:1:constraints_form-Apply").click().run()
    assert_clean(at)
    message = "\n".join(e.value for e in at.error)
    assert "constraints." not in message  # the form is the place: no field path of the file
    assert "add up to 160.0%, more than the whole budget" in message
    assert at.session_state["scenario_text"] == before


def test_a_valid_constraint_edit_is_accepted() -> None:
    at = start("tutorial", "en")
    share_box(at, "max_region_share").input("45")
    at.button(key="FormSubmitter:w:1:constraints_form-Apply").click().run()
    assert_clean(at)
    edited = scenario_io.loads(at.session_state["scenario_text"])
    assert edited.constraints.max_region_share == pytest.approx(0.45)
    assert edited.constraints.min_region_share == pytest.approx(0.1)  # untouched


def test_budget_edits_are_validated_before_use() -> None:
    import pandas as pd

    original = scenario_io.load(TUTORIAL)
    years = pd.DataFrame({"year": [2025, 2025, 2027], "amount": [10.0, 10.0, 15.0]})
    edited, problems = state.validated_edit(
        original, scenario_budget.budget_change(False, None, years, False)
    )
    assert edited is None
    assert any(p.location == "budget.years" and "twice" in p.text("en") for p in problems)
    assert scenario_io.load(TUTORIAL) == original
    years = pd.DataFrame({"year": [2025, 2026, 2027], "amount": [10.0, 10.0, 15.0]})
    edited, problems = state.validated_edit(
        original, scenario_budget.budget_change(False, None, years, True)
    )
    assert not problems and edited is not None
    assert edited.budget.total == 35.0 and edited.budget.per_year == [10.0, 10.0, 15.0]
    assert edited.budget.carry_over
    edited, problems = state.validated_edit(
        original, scenario_budget.budget_change(True, 40.0, years, False)
    )
    assert edited is not None and edited.budget.per_year is None
    assert edited.budget.year_amounts() == pytest.approx([40 / 3] * 3)


def test_bounds_tables_round_trip() -> None:
    scenario = scenario_io.load(TUTORIAL)
    table = scenario_forms.bounds_table(
        scenario.region_ids, ["N", "C", "S"], scenario.constraints.region_share
    )
    assert table.loc["centre", "max"] == pytest.approx(60.0)
    assert scenario_forms.bounds_from_table(table) == {"centre": {"max": 0.6}}


def test_command_line_scenario_is_opened(tmp_path: Path) -> None:
    copy = tmp_path / "my scenario.toml"
    copy.write_bytes(TUTORIAL.read_bytes())
    assert state.scenario_argument(["--scenario", str(copy)]) == str(copy)
    assert state.scenario_argument([f"--scenario={copy}"]) == str(copy)
    assert state.scenario_argument(["--other"]) is None


def test_an_unreadable_start_file_falls_back_with_a_notice(monkeypatch, tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["app.py", "--scenario", str(bad)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert_clean(at)
    assert at.title[0].value == "Chile Transforma 2017"
    assert any("bad.toml" in w.value and "budget.total" in w.value for w in at.warning)


def test_shipped_scenarios_are_found_with_the_default_first() -> None:
    shipped = shipped_scenarios()
    assert next(iter(shipped)) == "chile_transforma_2017"
    assert list(shipped)[-1] == "tutorial"
    assert all(path.is_file() for path in shipped.values())
    assert default_scenario_path() == shipped["chile_transforma_2017"]
    assert state.shipped_scenarios() == shipped


GAPPY = (
    TUTORIAL.read_text(encoding="utf-8")
    .replace(
        "tourism = { north = 0.8, centre = 0.9, south = 1.8 }",
        "tourism = { north = 0.8, centre = 0.9 }",
    )
    .replace("gdp_share = 0.15", "gdp_share = 0.5")
)


@pytest.mark.parametrize(
    ("lang", "table_words", "gdp_words", "summary"),
    [
        (
            "en",
            "Tourism has no value of Regional specialisation (location quotient) for South",
            "the regions' GDP shares add up to 135.0%, not 100%",
            "This scenario's data has 2 warnings",
        ),
        (
            "es",
            "Turismo no tiene valor de Especialización regional (cociente de localización) para Sur",
            "las participaciones de las regiones en el PIB suman 135,0\u00a0%, no 100\u00a0%",
            "Los datos de este escenario tienen 2 advertencias",
        ),
    ],
)
def test_data_warnings_are_shown_beside_their_tables(
    lang: str, table_words: str, gdp_words: str, summary: str
) -> None:
    at = start("tutorial", lang)
    at.file_uploader[0].set_value(("gappy.toml", GAPPY.encode(), "application/toml")).run()
    at.run()
    assert_clean(at)
    assert any(w.value.startswith(summary) for w in at.warning), [w.value for w in at.warning]
    shown = [
        (type(node).__name__, str(getattr(node, "value", "")))
        for node in at.tabs[3].children.values()
    ]
    warnings = [i for i, (kind, _) in enumerate(shown) if kind == "Warning"]
    assert len(warnings) == 2, shown
    regions_box, table_box = (shown[i][1] for i in warnings)
    assert gdp_words in regions_box and table_words in table_box
    # each box comes right after its own table: the regions, then the specialisation table
    assert shown[warnings[0] - 1][0] == shown[warnings[1] - 1][0] == "Dataframe"
    assert "North" in shown[warnings[1] - 1][1] or "Norte" in shown[warnings[1] - 1][1]
    for box in (regions_box, table_box):
        assert "tables." not in box and "tourism" not in box and "south" not in box  # no ids


def test_a_scenario_without_gaps_shows_no_warning() -> None:
    at = start("tutorial", "en")
    assert_clean(at)
    assert not [w.value for w in at.warning]


def test_an_upload_is_held_to_the_same_cap_as_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    data = TUTORIAL.read_bytes()
    monkeypatch.setenv("PRIORITISE_MAX_FILE_MB", "0.001")
    assert len(data) > 1048
    with pytest.raises(ScenarioError) as caught:
        state.scenario_from_upload(data, "tutorial.toml")
    assert (
        str(caught.value) == "tutorial.toml: the file is too large to be a scenario (over 0.001 MB)"
    )
    monkeypatch.setenv("PRIORITISE_MAX_FILE_MB", "1")
    assert state.scenario_from_upload(data, "tutorial.toml").scenario.name


@pytest.mark.parametrize(
    ("lang", "table", "source"),
    [
        ("es", "PIB regional por actividad, 2017", "PIB regional a precios corrientes (referencia"),
        ("en", "Regional GDP by activity, 2017", "regional GDP at current prices (reference"),
    ],
)
def test_the_scenario_page_names_tables_and_sources_in_the_readers_language(
    lang: str, table: str, source: str
) -> None:
    at = start("chile_transforma_2017", lang)
    assert_clean(at)
    shown = "\n".join(m.value for m in at.markdown)
    assert table in shown and "activity**" not in shown  # no heading ends in the table's id
    assert source in shown


WORDS_OF_THE_FILE = {
    "es": {
        "unit": "puntaje 1–5",
        "other": "score 1–5",
        "caption": "Cifras en miles de millones de CLP, 2017. PIB por rama de actividad y región",
        "rows": ("salvo estas filas", "Minería (Banco Central de Chile, PIB regional por"),
    },
    "en": {
        "unit": "score 1–5",
        "other": "puntaje 1–5",
        "caption": "Figures in bn CLP, 2017. GDP by branch and region, 2017",
        "rows": ("except these rows", "Mining (Banco Central de Chile, regional GDP by"),
    },
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_units_notes_and_row_sources_are_in_the_readers_language(lang: str) -> None:
    """Criterion units, a data table's unit and note under it, and the rows of a table whose
    source is their own (the specialisation table is illustrative but for computed rows, as
    `prioritise show` says), each in the page's language."""
    words = WORDS_OF_THE_FILE[lang]
    at = start("chile_transforma_2017", lang)
    assert_clean(at)
    cells = {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}
    assert words["unit"] in cells and words["other"] not in cells
    assert words["caption"] in "\n".join(c.value for c in at.caption)
    marker, mining = words["rows"]
    (line,) = [s for m in at.markdown for s in m.value.splitlines() if marker in s]
    assert mining in line


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", ("la suma de los años: 175,0 MM USD", "que escribió, 200,0 MM USD,", "«en partes")),
        ("en", ("the sum of the years: 175.0 M USD", "You typed 200.0 M USD", "“evenly”")),
    ],
)
def test_a_total_typed_beside_amounts_per_year_is_refused_not_dropped(
    lang: str, words: tuple[str, ...]
) -> None:
    """With amounts per year the total is their sum: a new total typed there would be ignored
    while the page said the budget was saved. The form refuses it, says why, and keeps it."""
    at = start("chile_transforma_2017", lang)
    before = at.session_state["scenario_text"]
    assert scenario_io.loads(before).budget.per_year is not None
    (total,) = [box for box in at.text_input if box.value == "175"]
    total.set_value("200")
    next(b for b in at.button if b.key and "budget_form" in b.key).click().run()
    assert_clean(at)
    message = "\n".join(e.value for e in at.error)
    assert all(word in message for word in words), message
    assert at.session_state["scenario_text"] == before
    assert not at.success and not at.toast
    assert [box.value for box in at.text_input if box.value == "200"]  # what was typed stays


@pytest.mark.parametrize(
    ("opened", "saved"),
    [
        ("chile_transforma_initiatives_2017", "chile_transforma_initiatives_2017.toml"),
        ("tutorial", "tutorial.toml"),
    ],
)
def test_the_saved_file_keeps_the_name_it_was_opened_from(
    monkeypatch: pytest.MonkeyPatch, opened: str, saved: str
) -> None:
    """A version e-mailed back is recognised as that file's: not a name made from the title
    ('chile_transforma_2017_initiative_portfolio.toml')."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    names: list[str | None] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        names.append(filename)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    start(opened, "es")
    assert saved in names


@pytest.mark.parametrize(
    ("origin", "saved"),
    [
        (state.workshop_origin("ABC-123"), "tutorial.toml"),
        ("", "tutorial.toml"),
        ("C:\\Users\\ana\\plan v2.TOML", "plan_v2.toml"),
    ],
)
def test_a_scenario_with_no_file_of_its_own_is_saved_under_its_title(
    monkeypatch: pytest.MonkeyPatch, origin: str, saved: str
) -> None:
    """A workshop's scenario is named after its title; an upload keeps its own name, made safe."""
    monkeypatch.setattr(state, "origin", lambda: origin)
    assert state.download_name(scenario_io.load(TUTORIAL)) == saved


def test_the_shipped_list_shows_the_file_the_app_was_started_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`prioritise app scenarios/x.toml` opens a file, not a shipped name: the list of shipped
    scenarios still starts at it, not at the first one (an 'Open' out of habit would swap the
    scenario)."""
    path = ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml"
    monkeypatch.setattr("sys.argv", ["app.py", "--scenario", str(path)])
    at = start(None, "en")
    assert_clean(at)
    assert at.selectbox(key="shipped_choice").value == "chile_transforma_initiatives_2017"


def test_after_an_edit_the_shipped_list_still_shows_the_file_that_is_open() -> None:
    """Not the first file of the list: an 'Open' out of habit would swap the scenario."""
    at = start("tutorial", "en")
    share_box(at, "max_region_share").input("45")
    at.button(key="FormSubmitter:w:1:constraints_form-Apply").click().run()
    assert_clean(at)
    assert at.session_state["scenario_text"] != TUTORIAL.read_text(encoding="utf-8")
    assert at.selectbox(key="shipped_choice").value == "tutorial"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", "un escenario es un archivo .toml; este tiene otra extensión"),
        ("en", "a scenario is a .toml file; this one has another extension"),
    ],
)
def test_a_file_of_another_type_is_refused_in_the_page_language(lang: str, words: str) -> None:
    """Streamlit would refuse it only with an English tooltip: the uploader takes any file
    (its proto lists no type) and the page says which files it reads."""
    at = start("chile_transforma_2017", lang)
    before = at.session_state["scenario_text"]
    assert list(at.file_uploader[0].proto.type) == []
    at.file_uploader[0].set_value(("notes.pdf", b"%PDF-1.4", "application/pdf")).run()
    assert_clean(at)
    message = "\n".join(e.value for e in at.error)
    assert "notes.pdf" in message and words in message
    assert at.session_state["scenario_text"] == before
