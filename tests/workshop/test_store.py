"""Tests of the live-workshop store: access rules, rounds, persistence, validation, exports.

The store tests run on SQLite and, when PRIORITISE_TEST_PG_URL is set (scripts/start-postgres.sh
prints a value), on PostgreSQL too, each test in a schema of its own.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from prioritise.workshop import (
    STANDARD_GROUPS,
    InvalidInputError,
    LimitReachedError,
    RoundClosedError,
    StoreUnavailableError,
    UnknownWorkshopError,
    WorkshopStore,
    WrongSecretError,
    WrongTokenError,
    default_database_path,
    resolve_database_url,
)
from prioritise.workshop.validation import (
    JOIN_CODE_ALPHABET,
)
from tests.factories import WORKSHOP_SCENARIO_TOML as SCENARIO_TOML

ALLOWED = {
    "criteria": ["growth", "exports"],
    "enabling_areas": ["rd", "human_capital"],
    "regional_criteria": ["lagging", "specialisation"],
    "programmes": ["mining", "tourism"],
}


def weights(growth: float = 60, exports: float = 40) -> dict:
    """A complete, valid submission; ``growth`` and ``exports`` tell revisions apart."""
    return {
        "criteria": {"growth": growth, "exports": exports},
        "enabling_areas": {"rd": 70, "human_capital": 30},
        "regional_criteria": {"lagging": 50, "specialisation": 50},
    }


@pytest.fixture
def store(db_url: str) -> Iterator[WorkshopStore]:
    with WorkshopStore(url=db_url) as opened:
        yield opened


@pytest.fixture
def workshop(store: WorkshopStore) -> tuple[str, str]:
    """Join code and facilitator secret of a new workshop."""
    _created, code, secret = store.create_workshop("Transforma", SCENARIO_TOML, ALLOWED)
    return code, secret


# -- store behaviour (SQLite and PostgreSQL) -----------------------------------------------------


def test_new_workshop_has_typable_code_and_round_one_open(store: WorkshopStore) -> None:
    created, code, secret = store.create_workshop("  Transforma 2017 ", SCENARIO_TOML, ALLOWED)
    assert len(code) == 8 and set(code) <= set(JOIN_CODE_ALPHABET)
    assert not set(code) & set("01OIL")
    assert len(secret) >= 40 and secret != code
    assert created.title == "Transforma 2017" and created.join_code == code
    assert created.current_round == 1
    assert created.allowed_ids["criteria"] == ("growth", "exports")
    assert created.groups == (*STANDARD_GROUPS, "regions")
    current = store.current_round(code)
    assert (current.number, current.state, current.summary) == (1, "open", None)
    assert store.verify_facilitator(code, secret).id == created.id
    # Two workshops never share a code or a secret.
    _other, code2, secret2 = store.create_workshop("Other", SCENARIO_TOML, ALLOWED)
    assert code2 != code and secret2 != secret


def test_join_code_is_accepted_as_people_type_it(store: WorkshopStore, workshop) -> None:
    code, _secret = workshop
    typed = f" {code[:4].lower()}-{code[4:]} "
    person, _token = store.join(typed, "Ana", "", "public")
    assert store.participant_count(code) == 1
    assert person.name == "Ana"


def test_submission_round_trip(store: WorkshopStore, workshop) -> None:
    code, secret = workshop
    person, token = store.join(code, "  Ana Pérez ", "CORFO", "Public")
    assert (person.name, person.organisation, person.group) == ("Ana Pérez", "CORFO", "public")
    payload = {
        "criteria": {"growth": 60, "exports": 40.5},
        "enabling_areas": {"rd": 1},
        "ranks": {"regional_criteria": [["lagging", "specialisation"]]},
        "programmes": {"mining": 0, "tourism": 100},
    }
    stored = store.submit(code, token, payload)
    assert stored.round_number == 1 and stored.participant_id == person.id
    expected = {
        "criteria": {"growth": 60.0, "exports": 40.5},
        "enabling_areas": {"rd": 1.0},
        "programmes": {"mining": 0.0, "tourism": 100.0},
        "ranks": {"regional_criteria": [["lagging", "specialisation"]]},
    }
    assert stored.weights == expected
    [row] = store.latest_submissions(code, secret)
    assert (row.submission_id, row.name, row.organisation, row.group) == (
        stored.id,
        "Ana Pérez",
        "CORFO",
        "public",
    )
    assert row.weights == expected
    assert row.submitted_at.utcoffset() is not None
    status = store.participant_status(code, token)
    assert status.participant == person
    assert status.latest == stored
    assert status.round.state == "open"


def test_revisions_are_kept_and_the_latest_counts(store: WorkshopStore, workshop) -> None:
    code, secret = workshop
    _ana, ana = store.join(code, "Ana", "CORFO", "public")
    _ben, ben = store.join(code, "Ben", "Sonami", "private")
    first = store.submit(code, ana, weights(growth=10))
    store.submit(code, ben, weights(growth=20))
    second = store.submit(code, ana, weights(growth=30))
    third = store.submit(code, ana, weights(growth=40))
    latest = {row.name: row for row in store.latest_submissions(code, secret)}
    assert latest["Ana"].submission_id == third.id
    assert latest["Ana"].weights["criteria"]["growth"] == 40.0
    assert latest["Ben"].weights["criteria"]["growth"] == 20.0
    every = store.all_submissions(code, secret)
    assert [row.weights["criteria"]["growth"] for row in every] == [10.0, 20.0, 30.0, 40.0]
    assert first.id < second.id < third.id
    assert store.participant_status(code, ana).latest == third


def test_participant_cannot_act_for_anyone_else(store: WorkshopStore, workshop) -> None:
    code, secret = workshop
    _ana, ana = store.join(code, "Ana", "", "public")
    _ben, ben = store.join(code, "Ben", "", "private")
    ana_first = store.submit(code, ana, weights(growth=11))
    store.submit(code, ben, weights(growth=99))
    # Ben's submission is a new row of his own: Ana's latest is untouched.
    by_name = {row.name: row for row in store.latest_submissions(code, secret)}
    assert by_name["Ana"].submission_id == ana_first.id
    assert by_name["Ana"].weights["criteria"]["growth"] == 11.0
    # Made-up, empty, non-text or other-workshop tokens are refused.
    _other, other_code, _other_secret = store.create_workshop("Other", SCENARIO_TOML, ALLOWED)
    for bad in ("x" * 43, "", None, 12345, "a" * 5000):
        with pytest.raises(WrongTokenError):
            store.submit(code, bad, weights())
    with pytest.raises(WrongTokenError):
        store.submit(other_code, ana, weights())
    with pytest.raises(WrongTokenError):
        store.participant_status(other_code, ben)
    # A participant token is not a facilitator secret.
    with pytest.raises(WrongSecretError):
        store.close_round(code, ana)
    with pytest.raises(WrongSecretError):
        store.latest_submissions(code, ben)
    assert len(store.all_submissions(code, secret)) == 2


def test_facilitator_actions_need_the_right_secret(store: WorkshopStore, workshop) -> None:
    code, secret = workshop
    _other, _other_code, other_secret = store.create_workshop("Other", SCENARIO_TOML, ALLOWED)
    _ana, ana = store.join(code, "Ana", "", "public")
    store.submit(code, ana, weights())
    actions = [
        lambda wrong: store.verify_facilitator(code, wrong),
        lambda wrong: store.close_round(code, wrong),
        lambda wrong: store.open_next_round(code, wrong, {"note": "hijack"}),
        lambda wrong: store.latest_submissions(code, wrong),
        lambda wrong: store.all_submissions(code, wrong),
    ]
    for wrong in (other_secret, secret[:-1], secret + "x", "", None, secret.upper()):
        for action in actions:
            with pytest.raises(WrongSecretError):
                action(wrong)
    # Nothing changed: still round 1, open, one submission.
    current = store.current_round(code)
    assert (current.number, current.state) == (1, "open")
    assert len(store.latest_submissions(code, secret)) == 1


def test_closed_round_refuses_submissions_then_next_round_opens(
    store: WorkshopStore, workshop
) -> None:
    code, secret = workshop
    _ana, ana = store.join(code, "Ana", "", "public")
    before = store.submit(code, ana, weights(growth=10))
    closed = store.close_round(code, secret)
    assert (closed.number, closed.state) == (1, "closed")
    assert closed.closed_at is not None and closed.closed_at >= closed.opened_at
    with pytest.raises(RoundClosedError):
        store.submit(code, ana, weights(growth=20))
    assert store.close_round(code, secret).closed_at == closed.closed_at  # idempotent
    summary = {"criteria": {"growth": 0.6, "exports": 0.4}, "answers": 1}
    opened = store.open_next_round(code, secret, summary)
    assert (opened.number, opened.state, opened.summary) == (2, "open", summary)
    status = store.participant_status(code, ana)
    assert status.round.summary == summary and status.latest is None
    assert status.earlier == before and status.standing == before  # round 1's still counts
    after = store.submit(code, ana, weights(growth=30))
    assert after.round_number == 2
    status = store.participant_status(code, ana)
    assert (status.latest, status.earlier, status.standing) == (after, None, after)
    [round_one] = store.latest_submissions(code, secret, round_number=1)
    [round_two] = store.latest_submissions(code, secret)
    assert (round_one.submission_id, round_two.submission_id) == (before.id, after.id)
    # Opening the next round while one is open closes it first.
    third = store.open_next_round(code, secret)
    assert (third.number, third.summary) == (3, None)
    assert store.latest_submissions(code, secret) == []
    with pytest.raises(InvalidInputError):
        store.open_next_round(code, secret, {"bad": math.nan})
    with pytest.raises(InvalidInputError):
        store.latest_submissions(code, secret, round_number=0)


def test_restart_keeps_the_workshop(db_url: str) -> None:
    first = WorkshopStore(url=db_url)
    created, code, secret = first.create_workshop("Transforma", SCENARIO_TOML, ALLOWED)
    _ana, ana = first.join(code, "Ana", "", "academia")
    submitted = first.submit(code, ana, weights(growth=5))
    first.close()

    second = WorkshopStore(url=db_url)
    try:
        assert second.get_workshop(code) == created
        assert second.verify_facilitator(code, secret).id == created.id
        assert second.participant_status(code, ana).latest == submitted
        second.submit(code, ana, weights(growth=6))
        assert [r.weights["criteria"]["growth"] for r in second.all_submissions(code, secret)] == [
            5.0,
            6.0,
        ]
    finally:
        second.close()


def test_unknown_and_malformed_codes(store: WorkshopStore, workshop) -> None:
    code, secret = workshop
    unknown = "".join(reversed(code)) if code != code[::-1] else "ABCDEFGH"
    with pytest.raises(UnknownWorkshopError):
        store.join(unknown, "Ana", "", "public")
    with pytest.raises(UnknownWorkshopError):
        store.verify_facilitator(unknown, secret)
    for malformed in ("", "ABC", "ABCD-EFG0", "'; DROP TABLE workshops; --", None, "A" * 500):
        with pytest.raises(InvalidInputError):
            store.join(malformed, "Ana", "", "public")
    assert store.participant_count(code) == 0


def test_limits_stop_floods(db_url: str) -> None:
    with WorkshopStore(url=db_url, max_participants=2, max_revisions=3) as small:
        _created, code, _secret = small.create_workshop("Small", SCENARIO_TOML, ALLOWED)
        _ana, ana = small.join(code, "Ana", "", "public")
        small.join(code, "Ben", "", "public")
        with pytest.raises(LimitReachedError):
            small.join(code, "Carla", "", "public")
        for _ in range(3):
            small.submit(code, ana, weights())
        with pytest.raises(LimitReachedError):
            small.submit(code, ana, weights())
        assert small.participant_count(code) == 2


@pytest.mark.parametrize(
    ("name", "organisation", "group", "field"),
    [
        ("", "", "public", "name"),
        ("   ", "", "public", "name"),
        ("A" * 81, "", "public", "name"),
        ("Ana\nBen", "", "public", "name"),
        ("Ana\x00", "", "public", "name"),
        ("Ana\u202eneB", "", "public", "name"),
        (None, "", "public", "name"),
        ("Ana", "O" * 121, "public", "organisation"),
        ("Ana", "COR\tFO", "public", "organisation"),
        ("Ana", "", "government", "group"),
        ("Ana", "", "", "group"),
    ],
)
def test_join_refuses_bad_details(
    store: WorkshopStore, workshop, name, organisation, group, field
) -> None:
    code, _secret = workshop
    with pytest.raises(InvalidInputError) as caught:
        store.join(code, name, organisation, group)
    assert caught.value.field == field
    assert store.participant_count(code) == 0


def test_join_accepts_the_limits_and_scenario_groups(store: WorkshopStore, workshop) -> None:
    code, _secret = workshop
    person, _token = store.join(code, "Ñ" * 80, "O" * 120, "REGIONS")
    assert (len(person.name), person.group) == (80, "regions")


def test_submit_refuses_bad_weights_and_stores_nothing(store: WorkshopStore, workshop) -> None:
    code, secret = workshop
    _ana, ana = store.join(code, "Ana", "", "public")
    for bad in (None, [], "growth=1", {**weights(), "criteria": {"growth": 101}}):
        with pytest.raises(InvalidInputError):
            store.submit(code, ana, bad)
    assert store.all_submissions(code, secret) == []


def test_allowed_ids_default_to_the_scenario(store: WorkshopStore) -> None:
    created, code, _secret = store.create_workshop("From file", SCENARIO_TOML)
    assert created.allowed_ids == {name: tuple(ids) for name, ids in ALLOWED.items()}
    _ana, ana = store.join(code, "Ana", "", "regions")
    assert store.submit(code, ana, weights()).weights["criteria"] == {
        "growth": 60.0,
        "exports": 40.0,
    }


def test_create_workshop_refuses_bad_input(store: WorkshopStore) -> None:
    cases = [
        (("T", "this is [not toml", ALLOWED), "scenario_toml", "not valid TOML"),
        (("", SCENARIO_TOML, ALLOWED), "title", "The workshop title must not be empty"),
        (("T", SCENARIO_TOML, {"sectors": ["mining"]}), "allowed_ids", "not a weight set"),
        (("T", 'format = "x"', None), "allowed_ids", "No weight set has any item"),
        (("T", SCENARIO_TOML, {"criteria": ["growth", "growth"]}), "allowed_ids.criteria", "twice"),
    ]
    for arguments, field, words in cases:
        with pytest.raises(InvalidInputError, match=words) as caught:
            store.create_workshop(*arguments)
        assert caught.value.field == field


# -- SQLite specifics ---------------------------------------------------------------------------


def test_sqlite_file_is_in_wal_mode_and_passes_integrity_check(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "w.sqlite"
    with WorkshopStore(path) as opened:
        _created, code, _secret = opened.create_workshop("T", SCENARIO_TOML, ALLOWED)
        _ana, ana = opened.join(code, "Ana", "", "public")
        opened.submit(code, ana, weights())
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT count(*) FROM submissions").fetchone() == (1,)
        # Only hashes are stored: the token appears nowhere in the file's participants table.
        assert ana not in {row[0] for row in raw.execute("SELECT token_hash FROM participants")}


def test_database_location_follows_arguments_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PRIORITISE_DB_URL", raising=False)
    monkeypatch.delenv("PRIORITISE_DB_PATH", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and not str(default_database_path()).startswith(str(tmp_path)):
        pytest.skip("per-user data dir is not XDG on this platform")
    assert resolve_database_url().database == str(tmp_path / "xdg/prioritise/workshops.sqlite")
    monkeypatch.setenv("PRIORITISE_DB_PATH", str(tmp_path / "env.sqlite"))
    assert resolve_database_url().database == str(tmp_path / "env.sqlite")
    monkeypatch.setenv("PRIORITISE_DB_URL", "postgres://u:p@db.example:5432/w")
    assert resolve_database_url().drivername == "postgresql+psycopg"
    assert resolve_database_url(tmp_path / "arg.sqlite").database == str(tmp_path / "arg.sqlite")
    with pytest.raises(InvalidInputError, match=r"SQLite .* or PostgreSQL .*, not mysql") as caught:
        resolve_database_url(url="mysql://u@h/db")
    assert caught.value.field == "database URL"
    assert "no mysql" in caught.value.text("es")
    with pytest.raises(InvalidInputError, match="address of the workshop database") as caught:
        resolve_database_url(url="not a url")
    assert caught.value.text("es") == "La dirección de la base de datos del taller no es válida."


def test_database_failures_are_plain_errors(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailableError, match="workshop database") as caught:
        WorkshopStore(garbage)
    assert "SELECT" not in str(caught.value)
    with pytest.raises(StoreUnavailableError):
        WorkshopStore(tmp_path)  # a directory, not a file
    with pytest.raises(StoreUnavailableError):
        WorkshopStore(url="postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_a_mistyped_code_is_named_as_the_projector_shows_codes(store: WorkshopStore) -> None:
    """Typed in lower case without the hyphen, the code is quoted back as 'ABCD-EF23'."""
    with pytest.raises(UnknownWorkshopError) as raised:
        store.join("abcdef23", "Ana", "", "public")
    assert (
        raised.value.text("en")
        == "No workshop has the code ABCD-EF23. Check it with the facilitator."
    )
