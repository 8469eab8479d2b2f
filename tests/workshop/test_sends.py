"""Sends with ids: a send that arrives twice is stored once, and a page can ask whether its
send arrived (a reconnect or a restart in between)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from prioritise import scenario as scenario_io
from prioritise.workshop import (
    InvalidInputError,
    Participant,
    WorkshopStore,
    WrongSecretError,
    WrongTokenError,
)

ANSWER = {"criteria": {"growth": 60, "exports": 40}}


def _workshop(store: WorkshopStore) -> tuple[str, str, str]:
    text = scenario_io.resolve_scenario("tutorial").read_text(encoding="utf-8")
    _, code, secret = store.create_workshop("Sends", text)
    _, token = store.join(code, "Ana", "CORFO", "public")
    return code, secret, token


def _stranger(store: WorkshopStore) -> tuple[str, str, Participant]:
    """Another workshop's code and secret, and a person who joined it."""
    text = scenario_io.resolve_scenario("tutorial").read_text(encoding="utf-8")
    _, code, secret = store.create_workshop("Other", text)
    person, _ = store.join(code, "Eva", "", "public")
    return code, secret, person


def _answer(store: WorkshopStore, code: str, points: int) -> dict[str, object]:
    ids = store.get_workshop(code).allowed_ids
    return {ws: {item: points for item in items} for ws, items in ids.items() if ws != "programmes"}


def test_the_same_send_twice_is_one_submission(db_url: str) -> None:
    with WorkshopStore(url=db_url) as store:
        code, secret, token = _workshop(store)
        first = store.submit(code, token, _answer(store, code, 50), send_id="a1")
        again = store.submit(code, token, _answer(store, code, 50), send_id="a1")
        other = store.submit(code, token, _answer(store, code, 70), send_id="a2")
        assert again == first and other.id != first.id
        assert len(store.all_submissions(code, secret)) == 2
        assert store.find_send(code, token, "a1") == first
        assert store.find_send(code, token, "a2") == other
        assert store.find_send(code, token, "never") is None


def test_a_send_id_belongs_to_its_participant(db_url: str) -> None:
    with WorkshopStore(url=db_url) as store:
        code, _secret, token = _workshop(store)
        _, second = store.join(code, "Beto", "", "academia")
        mine = store.submit(code, token, _answer(store, code, 50), send_id="same")
        theirs = store.submit(code, second, _answer(store, code, 10), send_id="same")
        assert mine.id != theirs.id and mine.participant_id != theirs.participant_id
        assert store.find_send(code, second, "same") == theirs


def test_a_send_after_its_round_closed_still_finds_what_was_stored(db_url: str) -> None:
    with WorkshopStore(url=db_url) as store:
        code, secret, token = _workshop(store)
        saved = store.submit(code, token, _answer(store, code, 50), send_id="late")
        store.close_round(code, secret)
        assert store.submit(code, token, _answer(store, code, 50), send_id="late") == saved


def test_racing_copies_of_one_send_store_it_once(db_url: str) -> None:
    with WorkshopStore(url=db_url) as store:
        code, secret, token = _workshop(store)
        answer = _answer(store, code, 40)
        results = []
        threads = [
            threading.Thread(
                target=lambda: results.append(store.submit(code, token, answer, send_id="x"))
            )
            for _ in range(6)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({r.id for r in results}) == 1
        assert len(store.all_submissions(code, secret)) == 1


@pytest.mark.parametrize("bad", ["", "a" * 65, "no spaces", "ñ", 7])
def test_a_malformed_send_id_is_a_plain_error(tmp_path: Path, bad: object) -> None:
    with WorkshopStore(path=tmp_path / "w.sqlite") as store:
        code, _, token = _workshop(store)
        with pytest.raises(InvalidInputError) as caught:
            store.submit(code, token, _answer(store, code, 50), send_id=bad)  # type: ignore[arg-type]
        assert "reload" in caught.value.text("en")
        assert "vuelva a cargar" in caught.value.text("es")


def test_a_store_made_before_send_ids_gets_them(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with WorkshopStore(path=path) as store:
        code, secret, token = _workshop(store)
        store.submit(code, token, _answer(store, code, 50))
    with sqlite3.connect(path) as conn:  # as the store was before sends had ids
        conn.execute("DROP INDEX ux_submissions_participant_send")
        conn.execute("ALTER TABLE submissions DROP COLUMN send_id")
    with WorkshopStore(path=path) as store:
        saved = store.submit(code, token, _answer(store, code, 30), send_id="new")
        assert store.submit(code, token, _answer(store, code, 30), send_id="new") == saved
        assert len(store.all_submissions(code, secret)) == 2


def test_a_new_link_ends_the_old_one_and_keeps_the_answers(db_url: str) -> None:
    with WorkshopStore(url=db_url) as store:
        code, secret, token = _workshop(store)
        saved = store.submit(code, token, _answer(store, code, 50), send_id="s")
        people = store.participants(code, secret)
        assert [p.name for p in people] == ["Ana"]
        fresh = store.new_participant_link(code, secret, people[0].id)
        with pytest.raises(WrongTokenError):
            store.participant_status(code, token)
        with pytest.raises(WrongTokenError):
            store.submit(code, token, _answer(store, code, 10))
        status = store.participant_status(code, fresh)
        assert status.participant.id == people[0].id and status.latest == saved
        assert store.find_send(code, fresh, "s") == saved


def test_only_the_facilitator_gives_new_links_and_only_to_their_people(db_url: str) -> None:
    with WorkshopStore(url=db_url) as store:
        code, secret, _ = _workshop(store)
        other_code, other_secret, stranger = _stranger(store)
        with pytest.raises(WrongSecretError):
            store.new_participant_link(code, "wrong", 1)
        with pytest.raises(InvalidInputError) as caught:
            store.new_participant_link(code, secret, stranger.id)
        assert "joined" in caught.value.text("en") and "unido" in caught.value.text("es")
        assert store.participants(other_code, other_secret)[0].name == "Eva"


def test_a_place_taken_out_leaves_with_every_answer_and_its_link_ends(db_url: str) -> None:
    """One person who joined twice counts once after the facilitator takes the extra place
    out: its answers of every round go with it, its link stops, the other place is untouched."""
    with WorkshopStore(url=db_url) as store:
        code, secret, token = _workshop(store)
        twice, extra = store.join(code, "Ana", "CORFO", "public")
        kept = store.submit(code, token, _answer(store, code, 50))
        store.submit(code, extra, _answer(store, code, 60))
        store.close_round(code, secret)
        store.open_next_round(code, secret)
        store.submit(code, extra, _answer(store, code, 70))
        assert len(store.all_submissions(code, secret)) == 3
        assert store.remove_participant(code, secret, twice.id) == 2
        assert [row.submission_id for row in store.all_submissions(code, secret)] == [kept.id]
        assert [p.name for p in store.participants(code, secret)] == ["Ana"]
        assert store.participant_count(code) == 1
        with pytest.raises(WrongTokenError):
            store.participant_status(code, extra)
        with pytest.raises(WrongTokenError):
            store.submit(code, extra, _answer(store, code, 10))
        assert store.participant_status(code, token).earlier == kept


def test_only_the_facilitator_takes_places_out_and_only_their_own(db_url: str) -> None:
    with WorkshopStore(url=db_url) as store:
        code, secret, _ = _workshop(store)
        other_code, other_secret, stranger = _stranger(store)
        with pytest.raises(WrongSecretError):
            store.remove_participant(code, "wrong", stranger.id)
        for wrong in (stranger.id, True, "1"):
            with pytest.raises(InvalidInputError):
                store.remove_participant(code, secret, wrong)  # type: ignore[arg-type]
        assert [p.name for p in store.participants(other_code, other_secret)] == ["Eva"]
