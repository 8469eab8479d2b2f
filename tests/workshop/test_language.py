"""The workshop speaks the reader's language: errors, validation, group names, ordering, times.

Every message is rendered in Spanish and in English; a Spanish text must hold no English
sentence and an English text no Spanish one, group names come from the shared catalogue, and
times stored in UTC read in Santiago time.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from prioritise import scenario as scenario_io
from prioritise.text import t
from prioritise.workshop import (
    EVERYONE,
    InvalidInputError,
    NoAnswersError,
    Round,
    Submission,
    SubmissionRow,
    WorkshopError,
    WorkshopStore,
    group_name,
    submissions_to_csv,
    view_name,
)
from prioritise.workshop import validation as check
from prioritise.workshop.database import resolve_database_url
from prioritise.workshop.labels import agreement_line, scenario_facts, scenario_timezone
from prioritise.workshop.results import read_summary, round_summary, workshop_results
from tests.factories import WORKSHOP_SCENARIO_TOML

ROOT = Path(__file__).parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
ALLOWED = {
    "criteria": ("growth", "exports"),
    "enabling_areas": ("rd", "human_capital"),
    "regional_criteria": ("lagging", "specialisation"),
}
ENGLISH = {"the", "and", "of", "with", "must", "is", "not", "this", "round", "answer", "group"}
ENGLISH |= {"give", "points", "ranking", "workshop", "database", "please", "your", "between"}
SPANISH = {"el", "la", "los", "las", "del", "debe", "ronda", "taller", "respuesta", "grupo"}
SPANISH |= {"puntos", "indique", "entre", "está", "cerrada", "base", "datos", "su", "una"}
JULY_NOON_UTC = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


def assert_one_language(spanish: str, english: str) -> None:
    assert not words(spanish) & ENGLISH, f"English in Spanish: {spanish!r}"
    assert not words(english) & SPANISH, f"Spanish in English: {english!r}"
    assert spanish != english


def answer(growth: float = 60, exports: float = 40) -> dict:
    return {
        "criteria": {"growth": growth, "exports": exports},
        "enabling_areas": {"rd": 70, "human_capital": 30},
        "regional_criteria": {"lagging": 50, "specialisation": 50},
    }


FAILURES: list[Callable[[], object]] = [
    lambda: check.clean_text(3, field="name", max_chars=80),
    lambda: check.clean_text("a\nb", field="organisation", max_chars=80),
    lambda: check.clean_text(" ", field="title", max_chars=80),
    lambda: check.clean_text("x" * 90, field="name", max_chars=80),
    lambda: check.normalise_join_code("nope"),
    lambda: check.parse_scenario_toml(None),
    lambda: check.parse_scenario_toml("a = [b"),
    lambda: check.validate_allowed_ids([]),
    lambda: check.validate_allowed_ids({"sectors": ["x"]}),
    lambda: check.validate_allowed_ids({"criteria": "growth"}),
    lambda: check.validate_allowed_ids({"criteria": ["a", "a"]}),
    lambda: check.validate_allowed_ids({"criteria": []}),
    lambda: check.validate_group("industry", ("public", "civil")),
    lambda: check.validate_weights([], ALLOWED),
    lambda: check.validate_weights({**answer(), "extra": {}}, ALLOWED),
    lambda: check.validate_weights({**answer(), "ranks": []}, ALLOWED),
    lambda: check.validate_weights({**answer(), "ranks": {"criteria": ["growth"]}}, ALLOWED),
    lambda: check.validate_weights({"criteria": answer()["criteria"]}, ALLOWED),
    lambda: check.validate_weights({**answer(), "criteria": {}}, ALLOWED),
    lambda: check.validate_weights({**answer(), "criteria": {"jobs": 1}}, ALLOWED),
    lambda: check.validate_weights({**answer(), "criteria": {"growth": "x"}}, ALLOWED),
    lambda: check.validate_weights({**answer(), "criteria": {"growth": 101}}, ALLOWED),
    lambda: check.validate_weights({**answer(), "criteria": {"growth": 0}}, ALLOWED),
    lambda: check.validate_weights(
        {**{k: v for k, v in answer().items() if k != "criteria"}, "ranks": {"criteria": []}},
        ALLOWED,
    ),
    lambda: check.validate_weights(
        {
            **{k: v for k, v in answer().items() if k != "criteria"},
            "ranks": {"criteria": ["growth", []]},
        },
        ALLOWED,
    ),
    lambda: check.validate_weights(
        {
            **{k: v for k, v in answer().items() if k != "criteria"},
            "ranks": {"criteria": ["growth", "growth"]},
        },
        ALLOWED,
    ),
    lambda: check.summary_to_json({"x": float("nan")}),
    lambda: resolve_database_url(url="mysql://u@h/db"),
    lambda: resolve_database_url(url="not a url"),
]


@pytest.mark.parametrize("failure", FAILURES)
def test_validation_messages_render_in_both_languages(failure: Callable[[], object]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        failure()
    error = caught.value
    assert_one_language(error.text("es"), error.text("en"))
    assert str(error) == error.text("en")
    assert error.problem == error.message
    assert "weights." not in error.text("es") and "allowed_ids" not in error.text("en")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[WorkshopStore]:
    with WorkshopStore(url=f"sqlite:///{tmp_path / 'workshop.sqlite'}") as opened:
        yield opened


def test_store_errors_render_in_both_languages(store: WorkshopStore) -> None:
    _workshop, code, secret = store.create_workshop("T", WORKSHOP_SCENARIO_TOML)
    _person, token = store.join(code, "Ana", "CORFO", "public")
    store.close_round(code, secret)
    failures: list[Callable[[], object]] = [
        lambda: store.get_workshop("ABCDEF23"),
        lambda: store.verify_facilitator(code, "wrong"),
        lambda: store.submit(code, "wrong", answer()),
        lambda: store.submit(code, token, answer()),
        lambda: store.latest_submissions(code, secret, 0),
    ]
    seen = set()
    for failure in failures:
        with pytest.raises(WorkshopError) as caught:
            failure()
        seen.add(caught.value.code)
        assert_one_language(caught.value.text("es"), caught.value.text("en"))
    assert seen == {"unknown_code", "wrong_secret", "wrong_token", "round_closed", "invalid_input"}
    closed = store.current_round(code)
    with pytest.raises(WorkshopError) as caught:
        store.submit(code, token, answer())
    assert caught.value.text("es").startswith(f"La ronda {closed.number} está cerrada")


def test_validation_names_items_by_their_scenario_names() -> None:
    toml = WORKSHOP_SCENARIO_TOML.replace(
        'id = "growth"\n', 'id = "growth"\nname = "Growth"\nnames = { es = "Crecimiento" }\n'
    )
    items = scenario_facts(toml).items
    with pytest.raises(InvalidInputError) as caught:
        check.validate_weights({**answer(), "criteria": {"growth": 150}}, ALLOWED, items)
    assert caught.value.text("es") == (
        "Criterios: los puntos de Crecimiento deben estar entre 0 y 100."
    )
    assert caught.value.text("en") == "Criteria: the points of Growth must be between 0 and 100."


def test_helix_groups_have_one_wording_per_language() -> None:
    for group, message_id in [
        ("public", "common.group.public"),
        ("private", "common.group.private"),
        ("academia", "common.group.academia"),
        ("civil", "common.group.civil"),
    ]:
        for lang in ("es", "en"):
            expected = t(message_id, lang)
            assert group_name(group).text(lang) == expected  # type: ignore[union-attr]
            assert view_name(group).text(lang) == expected  # type: ignore[union-attr]
    assert group_name("civil").text("es") == "sociedad civil"  # type: ignore[union-attr]
    assert group_name("civil").text("en") == "civil society"  # type: ignore[union-attr]
    assert group_name("Regions") == "Regions"  # a group of the facilitator's, as written
    assert view_name(EVERYONE).text("es") == "Todos los participantes"  # type: ignore[union-attr]


def _row(submission_id: int, person: int, group: str, weights: dict) -> SubmissionRow:
    return SubmissionRow(submission_id, 1, person, f"P{person}", "", group, weights, JULY_NOON_UTC)


def _tutorial_answer(growth: float, exports: float, jobs: float) -> dict:
    return {
        "criteria": {"growth": growth, "exports": exports, "jobs": jobs},
        "enabling_areas": {"rd": 50.0, "human_capital": 50.0},
        "regional_criteria": {"specialisation": 50.0, "lagging": 50.0},
    }


def test_results_are_ordered_by_value_and_name_not_by_id() -> None:
    """Renaming the ids changes no order: items by value, groups by name in the language."""
    text = TUTORIAL.read_text(encoding="utf-8")
    renamed = {"growth": "zz_growth", "exports": "aa_exports", "jobs": "mm_jobs"}
    other = text
    for old, new in renamed.items():
        other = re.sub(rf'(?<=["\s]){old}(?=["\s=])', new, other)
    scenarios = [scenario_io.loads(text, "a"), scenario_io.loads(other, "b")]
    orders = []
    answers = [
        (1, "civil", {"growth": 10, "exports": 60, "jobs": 30}),
        (2, "private", {"growth": 20, "exports": 50, "jobs": 30}),
        (3, "academia", {"growth": 10, "exports": 40, "jobs": 50}),
    ]
    for scenario, ids in zip(scenarios, [{k: k for k in renamed}, renamed], strict=True):
        rows = []
        for person, group, points in answers:
            weights = _tutorial_answer(0, 0, 0)
            weights["criteria"] = {ids[item]: float(value) for item, value in points.items()}
            rows.append(_row(person, person, group, weights))
        results = workshop_results(
            scenario, rows, group_order=("civil", "private", "academia"), min_group_size=1
        )
        items = {item.id: item for item in scenario.criteria}
        table = results.weights_table("criteria", "es")
        orders.append([items[i].names["es"] for i in table.index])
        assert list(table["__everyone__"]) == sorted(table["__everyone__"], reverse=True)
        summary = read_summary(round_summary(results, 1), scenario=scenario, lang="es")
        assert summary is not None
        assert [items[i].names["es"] for i in summary.weights["criteria"].index] == orders[-1]
        assert list(results.views("es")) == [EVERYONE, "academia", "private", "civil"]
        assert list(results.views("en")) == [EVERYONE, "academia", "civil", "private"]
    assert orders[0] == orders[1] == ["Potencial exportador", "Empleo", "Potencial de crecimiento"]


def test_no_answers_is_a_localized_value_error() -> None:
    scenario = scenario_io.load(TUTORIAL)
    with pytest.raises(NoAnswersError) as caught:
        workshop_results(scenario, [])
    assert isinstance(caught.value, ValueError)
    assert caught.value.text("es") == "Aún no hay respuestas que calcular."


def test_times_read_in_santiago_time() -> None:
    """12:00 UTC on 1 July is 08:00 in Santiago (UTC-4 in winter)."""
    zone = "America/Santiago"
    saved = Submission(1, 1, 1, answer(), JULY_NOON_UTC)
    assert saved.saved(zone).text("es") == "Respuesta guardada a las 08:00:00."
    assert saved.saved(zone).text("en") == "Answer saved at 08:00:00."
    opened = Round(2, "open", JULY_NOON_UTC, None, None)
    assert "08:00" in opened.status(zone).text("es")
    assert opened.status(zone).text("es").startswith("Ronda 2, abierta desde el 1 jul 2026")
    assert opened.status(zone).text("en") == "Round 2, open since 1 Jul 2026, 08:00"
    closed = Round(2, "closed", JULY_NOON_UTC, JULY_NOON_UTC, None)
    assert closed.status(zone).text("en") == "Round 2, closed on 1 Jul 2026, 08:00"
    assert _row(1, 1, "public", answer()).submitted(zone).text("en").endswith("08:00:00")
    # Until every scenario has a time zone, Santiago is assumed.
    assert scenario_timezone(SimpleNamespace(scenario=SimpleNamespace())) == zone


def test_a_participant_sees_the_workshop_time_zone(store: WorkshopStore) -> None:
    toml = WORKSHOP_SCENARIO_TOML.replace('name = "Store test"', 'name = "S"\ntimezone = "UTC"')
    _workshop, code, _secret = store.create_workshop("T", toml, dict(ALLOWED))
    _person, token = store.join(code, "Ana", "", "private")
    saved = store.submit(code, token, answer())
    status = store.participant_status(code, token)
    assert status.timezone == "UTC"
    message = status.saved()
    assert message is not None
    assert message.text("en") == f"Answer saved at {saved.submitted_at:%H:%M:%S}."
    default = store.create_workshop("T", WORKSHOP_SCENARIO_TOML, dict(ALLOWED))[0]
    assert default.timezone == "America/Santiago"


def test_csv_for_people_is_worded_in_the_language() -> None:
    scenario = scenario_io.load(TUTORIAL)
    rows = [_row(1, 1, "civil", _tutorial_answer(30.5, 40, 30))]
    spanish = list(
        csv.reader(
            io.StringIO(submissions_to_csv(rows, lang="es", scenario=scenario, with_names=True))
        )
    )
    english = list(
        csv.reader(
            io.StringIO(submissions_to_csv(rows, lang="en", scenario=scenario, with_names=True))
        )
    )
    assert spanish[0][:3] == ["Envío", "Ronda", "Fecha y hora"]
    assert english[0][:3] == ["Submission", "Round", "Submitted at"]
    first_es, first_en = spanish[1], english[1]
    assert first_es[2] == "1 jul 2026, 08:00:00" and first_en[2] == "1 Jul 2026, 08:00:00"
    assert first_es[6] == "sociedad civil" and first_en[6] == "civil society"
    assert first_es[7] == "última" and first_en[7] == "latest"
    assert first_es[8:11] == ["Criterios", "Potencial de crecimiento", "30,50"]
    assert first_en[8:11] == ["Criteria", "Growth potential", "30.50"]


def test_agreement_line_formats_w_per_locale() -> None:
    line = agreement_line(view_name("public"), 0.714)  # type: ignore[arg-type]
    assert line.text("es") == "sector público: acuerdo fuerte (W de Kendall = 0,71)"
    assert line.text("en") == "public sector: strong agreement (Kendall's W = 0.71)"
