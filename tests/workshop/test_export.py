"""Tests of the workshop exports: the raw CSV and the submissions as scenario stakeholders."""

from __future__ import annotations

import csv
import io
import tomllib
from datetime import UTC, datetime

import tomli_w

from prioritise.workshop import SubmissionRow, submissions_to_csv, submissions_to_stakeholders
from prioritise.workshop.export import CSV_COLUMNS


def weights(growth: float = 60, exports: float = 40) -> dict:
    """A complete submission in canonical form."""
    return {
        "criteria": {"growth": float(growth), "exports": float(exports)},
        "enabling_areas": {"rd": 70.0, "human_capital": 30.0},
        "regional_criteria": {"lagging": 50.0, "specialisation": 50.0},
    }


def _row(
    submission_id, participant_id, name, weights_, round_number=1, organisation="", group="public"
):
    return SubmissionRow(
        submission_id=submission_id,
        round_number=round_number,
        participant_id=participant_id,
        name=name,
        organisation=organisation,
        group=group,
        weights=weights_,
        submitted_at=datetime(2017, 5, 4, 10, submission_id, tzinfo=UTC),
    )


def test_csv_has_one_line_per_weight_and_marks_the_latest() -> None:
    ranked = {
        "criteria": {"growth": 60.0, "exports": 40.0},
        "ranks": {
            "enabling_areas": [["rd", "human_capital"]],
            "regional_criteria": ["lagging", "specialisation"],
        },
    }
    rows = [
        _row(1, 1, "Ana", weights(growth=10), organisation="CORFO"),
        _row(2, 2, '=HYPERLINK("http://x")', ranked, group="private"),
        _row(3, 1, "Ana", weights(growth=30), organisation="CORFO"),
    ]
    text = submissions_to_csv(rows, with_names=True)
    records = list(csv.DictReader(io.StringIO(text)))
    assert len(records) == 6 + 6 + 6
    latest_ids = {r["submission_id"] for r in records if r["is_latest"] == "true"}
    assert latest_ids == {"2", "3"}
    growth = [r["points"] for r in records if r["item"] == "growth" and r["submission_id"] == "3"]
    assert growth == ["30.0"]
    ranks = {(r["weight_set"], r["item"]): r["rank"] for r in records if r["submission_id"] == "2"}
    assert ranks[("enabling_areas", "rd")] == ranks[("enabling_areas", "human_capital")] == "1"
    assert (
        ranks[("regional_criteria", "lagging")],
        ranks[("regional_criteria", "specialisation")],
    ) == ("1", "2")
    names = {r["name"] for r in records}
    assert names == {"Ana", '\'=HYPERLINK("http://x")'}
    # Stored in UTC, written in Santiago time with its offset (summer time until 14 May 2017).
    assert records[0]["submitted_at"] == "2017-05-04T07:01:00-03:00"
    # Without names: the same lines, the participant known by number and group only.
    anonymous_text = submissions_to_csv(rows)
    anonymous = list(csv.DictReader(io.StringIO(anonymous_text)))
    assert list(anonymous[0]) == [c for c in CSV_COLUMNS if c not in ("name", "organisation")]
    assert "Ana" not in anonymous_text and "CORFO" not in anonymous_text
    assert "HYPERLINK" not in anonymous_text
    dropped = [{k: v for k, v in r.items() if k not in ("name", "organisation")} for r in records]
    assert anonymous == dropped
    for lang in ("en", "es"):
        worded = list(csv.reader(io.StringIO(submissions_to_csv(rows, lang=lang))))
        assert len(worded[0]) == len(CSV_COLUMNS) - 2 and "Ana" not in str(worded)


def test_stakeholders_have_unique_ids_and_the_scenario_shape() -> None:
    ranked = {**weights(), "ranks": {"enabling_areas": [["rd", "human_capital"]]}}
    del ranked["enabling_areas"]
    rows = [
        _row(1, 1, "José Núñez", weights(growth=1), organisation="CORFO"),
        _row(2, 2, "José Nuñez", ranked, group="academia"),
        _row(3, 3, "2nd opinion", weights(), group="regions"),
        _row(4, 4, "中文", weights()),
        _row(5, 1, "José Núñez", weights(growth=2), round_number=2, organisation="CORFO"),
        _row(6, 5, "Ministry", weights()),
    ]
    people = submissions_to_stakeholders(rows, existing_ids=["ministry"], with_names=True)
    assert [p["id"] for p in people] == [
        "jose_nunez",
        "jose_nunez_2",
        "p_2nd_opinion",
        "participant",
        "ministry_2",
    ]
    first = people[0]
    assert first == {
        "id": "jose_nunez",
        "name": "José Núñez",
        "organisation": "CORFO",
        "group": "public",
        "influence": 1.0,
        "criteria": {"growth": 2.0, "exports": 40.0},
        "enabling_areas": {"rd": 70.0, "human_capital": 30.0},
        "regional_criteria": {"lagging": 50.0, "specialisation": 50.0},
    }
    assert people[1]["ranks"] == {"enabling_areas": [["rd", "human_capital"]]}
    assert "enabling_areas" not in people[1]
    # The list drops straight into a scenario file.
    text = tomli_w.dumps({"stakeholders": people})
    assert tomllib.loads(text)["stakeholders"] == people


def test_stakeholders_without_names_are_numbered_participants_with_their_group() -> None:
    rows = [
        _row(1, 1, "José Núñez", weights(growth=1), organisation="CORFO"),
        _row(2, 2, "Ana", weights(), group="academia"),
        _row(3, 1, "José Núñez", weights(growth=2), round_number=2, organisation="CORFO"),
        _row(4, 3, "Bo", weights(), group="private"),
    ]
    named = submissions_to_stakeholders(rows, with_names=True)
    for lang, word in (("en", "Participant"), ("es", "Participante")):
        people = submissions_to_stakeholders(rows, lang=lang, existing_ids=["participant_2"])
        assert [(p["id"], p["name"], p["group"]) for p in people] == [
            ("participant_1", f"{word} 1", "public"),
            ("participant_2_2", f"{word} 2", "academia"),
            ("participant_3", f"{word} 3", "private"),
        ]
        assert all("organisation" not in p for p in people)
        # named in both languages, whichever the export was made in: the app may show either
        assert [p["names"] for p in people] == [
            {"en": f"Participant {n}", "es": f"Participante {n}"} for n in (1, 2, 3)
        ]
        # The answers are those of the named export, person by person.
        for plain, person in zip(people, named, strict=True):
            assert {k: v for k, v in plain.items() if k not in ("id", "name", "names")} == {
                k: v for k, v in person.items() if k not in ("id", "name", "organisation")
            }
