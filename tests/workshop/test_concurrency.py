"""Concurrency and crash tests of the live-workshop store, on SQLite and (when
PRIORITISE_TEST_PG_URL is set) on PostgreSQL: the issue asks that concurrent participants never
lose a submission and that a writer killed mid-run leaves a consistent database.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from prioritise.workshop import (
    RoundClosedError,
    StoreUnavailableError,
    WorkshopStore,
)
from prioritise.workshop.database import run_transaction

PARTICIPANTS = 50
SUBMISSIONS_EACH = 20
GROUPS = ("public", "private", "academia", "civil")
ALLOWED = {
    "criteria": ["growth", "exports"],
    "enabling_areas": ["rd", "human_capital"],
    "regional_criteria": ["lagging", "specialisation"],
}
SCENARIO_TOML = 'format = "prioritise-scenario/1"\n'

# Fork keeps fifty worker processes cheap; each builds its own store after the fork.
FORK = multiprocessing.get_context("fork")


def weights(participant: int, revision: int) -> dict:
    """Revision ``k`` of participant ``i`` carries growth = k + 1 and exports = i, so the stored
    latest revision can be recognised."""
    return {
        "criteria": {"growth": float(revision + 1), "exports": float(participant)},
        "enabling_areas": {"rd": 50, "human_capital": 50},
        "regional_criteria": {"lagging": 30, "specialisation": 70},
    }


def new_workshop(url: str) -> tuple[str, str]:
    """Create a workshop and release the store's connections (children must not share them)."""
    with WorkshopStore(url=url) as store:
        _created, code, secret = store.create_workshop("Load", SCENARIO_TOML, ALLOWED)
    return code, secret


def check_every_submission_kept(url: str, code: str, secret: str, returned: dict) -> None:
    """``returned`` maps participant id → submission ids in the order their commits returned."""
    with WorkshopStore(url=url) as store:
        stored = store.all_submissions(code, secret)
        latest = store.latest_submissions(code, secret)
    assert len(stored) == PARTICIPANTS * SUBMISSIONS_EACH
    assert {row.submission_id for row in stored} == {i for ids in returned.values() for i in ids}
    assert len(latest) == PARTICIPANTS
    for row in latest:
        assert row.submission_id == returned[row.participant_id][-1]
        assert row.weights["criteria"]["growth"] == SUBMISSIONS_EACH


def run_participant(
    store: WorkshopStore, code: str, index: int, start: object
) -> tuple[int, list[int]]:
    """Join, wait for everyone, then submit ``SUBMISSIONS_EACH`` revisions."""
    person, token = store.join(code, f"Participant {index}", "Org", GROUPS[index % 4])
    start.wait(timeout=60)
    ids = [store.submit(code, token, weights(index, k)).id for k in range(SUBMISSIONS_EACH)]
    return person.id, ids


def test_fifty_threads_sharing_one_store_lose_nothing(db_url: str) -> None:
    """One app server: every browser session is a thread using the same store."""
    code, secret = new_workshop(db_url)
    start = threading.Barrier(PARTICIPANTS)
    with WorkshopStore(url=db_url) as store, ThreadPoolExecutor(PARTICIPANTS) as pool:
        futures = [pool.submit(run_participant, store, code, i, start) for i in range(PARTICIPANTS)]
        returned = dict(future.result(timeout=120) for future in futures)
    check_every_submission_kept(db_url, code, secret, returned)


def _participant_process(url: str, code: str, index: int, start: object, out: object) -> None:
    try:
        with WorkshopStore(url=url) as store:
            out.put(run_participant(store, code, index, start))
    except BaseException as exc:  # reported to the parent, which fails the test
        out.put(("error", f"participant {index}: {exc!r}"))


def test_fifty_processes_lose_nothing(db_url: str) -> None:
    code, secret = new_workshop(db_url)
    start, out = FORK.Barrier(PARTICIPANTS), FORK.Queue()
    workers = [
        FORK.Process(target=_participant_process, args=(db_url, code, i, start, out))
        for i in range(PARTICIPANTS)
    ]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    errors = [message for first, message in results if first == "error"]
    assert not errors
    check_every_submission_kept(db_url, code, secret, dict(results))


def _writer_until_killed(url: str, code: str, index: int, report: str) -> None:
    """Submit forever; after each commit returns, append the id to ``report`` in one write."""
    store = WorkshopStore(url=url, max_revisions=10**9)
    _person, token = store.join(code, f"Writer {index}", "", "public")
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    revision = 0
    while True:
        revision += 1
        submitted = store.submit(code, token, weights(index, revision % 100))
        os.write(fd, f"{submitted.id}\n".encode())


def _reported_ids(report: Path) -> list[int]:
    if not report.exists():
        return []
    lines = report.read_text().split("\n")
    return [int(line) for line in lines[:-1]]  # the last piece is "" or an unfinished line


def test_writers_killed_mid_run_leave_a_consistent_database(db_url: str, tmp_path: Path) -> None:
    code, secret = new_workshop(db_url)
    kill_after = (25, 60, 110)  # reported commits before each writer is killed
    reports = [tmp_path / f"writer{i}.ids" for i in range(len(kill_after))]
    writers = [
        FORK.Process(target=_writer_until_killed, args=(db_url, code, i, str(reports[i])))
        for i in range(len(kill_after))
    ]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + 60
    alive = set(range(len(writers)))
    while alive and time.monotonic() < deadline:
        for i in sorted(alive):
            if len(_reported_ids(reports[i])) >= kill_after[i] or not writers[i].is_alive():
                os.kill(writers[i].pid, signal.SIGKILL)
                alive.discard(i)
        time.sleep(0.002)
    for writer in writers:
        if writer.is_alive():
            os.kill(writer.pid, signal.SIGKILL)
        writer.join(timeout=10)
    assert [writer.exitcode for writer in writers] == [-signal.SIGKILL] * len(writers)

    reported = [i for report in reports for i in _reported_ids(report)]
    assert len(reported) >= sum(kill_after)
    if db_url.startswith("sqlite"):
        path = sa.make_url(db_url).database
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    with WorkshopStore(url=db_url) as store:
        stored = {row.submission_id for row in store.all_submissions(code, secret)}
        assert set(reported) <= stored
        # No lock was left behind: the facilitator can still close the round.
        assert store.close_round(code, secret).state == "closed"


def test_closing_a_round_during_submissions_loses_and_admits_nothing(db_url: str) -> None:
    code, secret = new_workshop(db_url)
    with WorkshopStore(url=db_url) as store:
        tokens = [store.join(code, f"P{i}", "", "civil")[1] for i in range(10)]
        accepted: list[list[int]] = [[] for _ in tokens]
        refused = [0] * len(tokens)

        def keep_submitting(index: int) -> None:
            revision = 0
            while True:
                revision += 1
                try:
                    accepted[index].append(
                        store.submit(code, tokens[index], weights(index, revision % 100)).id
                    )
                except RoundClosedError:
                    refused[index] += 1
                    return

        threads = [threading.Thread(target=keep_submitting, args=(i,)) for i in range(10)]
        for thread in threads:
            thread.start()
        while sum(map(len, accepted)) < 100:
            time.sleep(0.005)
        closed = store.close_round(code, secret)
        for thread in threads:
            thread.join(timeout=60)
        stored = store.all_submissions(code, secret)
    assert refused == [1] * len(tokens)
    assert sorted(row.submission_id for row in stored) == sorted(i for ids in accepted for i in ids)
    assert max(row.submitted_at for row in stored) <= closed.closed_at


def _open_store_and_create(url: str, start: object, out: object) -> None:
    try:
        start.wait(timeout=60)
        with WorkshopStore(url=url) as store:
            out.put(store.create_workshop("Race", SCENARIO_TOML, ALLOWED)[1])
    except BaseException as exc:
        out.put(f"error: {exc!r}")


def test_many_processes_creating_the_schema_at_once(db_url: str) -> None:
    starters = 8
    start, out = FORK.Barrier(starters), FORK.Queue()
    workers = [
        FORK.Process(target=_open_store_and_create, args=(db_url, start, out))
        for _ in range(starters)
    ]
    for worker in workers:
        worker.start()
    codes = [out.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert not [code for code in codes if code.startswith("error")]
    with WorkshopStore(url=db_url) as store:
        assert all(store.get_workshop(code).title == "Race" for code in codes)
    assert len(set(codes)) == starters


def test_submission_waits_while_another_program_holds_the_write_lock(tmp_path: Path) -> None:
    """SQLite only: an outside writer (a backup, a second app) holding the lock delays a
    submission but does not lose it."""
    url = f"sqlite:///{tmp_path / 'locked.sqlite'}"
    code, secret = new_workshop(url)
    with WorkshopStore(url=url) as store:
        _person, token = store.join(code, "Ana", "", "public")
        blocker = sqlite3.connect(
            tmp_path / "locked.sqlite", isolation_level=None, check_same_thread=False
        )
        blocker.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.4, blocker.rollback)
        release.start()
        started = time.monotonic()
        submitted = store.submit(code, token, weights(0, 1))
        waited = time.monotonic() - started
        release.join()
        blocker.close()
        assert waited >= 0.3
        assert [row.submission_id for row in store.all_submissions(code, secret)] == [submitted.id]


def _locked_error() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))


def test_busy_database_is_retried_until_the_work_succeeds(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'retry.sqlite'}")
    attempts = []

    def flaky(conn: sa.Connection) -> str:
        attempts.append(1)
        if len(attempts) < 4:
            raise _locked_error()
        return conn.exec_driver_sql("SELECT 'stored'").scalar_one()

    assert run_transaction(engine, flaky, max_wait_seconds=10) == "stored"
    assert len(attempts) == 4


def test_retries_stop_at_the_deadline_and_other_errors_are_not_retried(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'retry.sqlite'}")
    attempts = []

    def always_locked(conn: sa.Connection) -> None:
        attempts.append(1)
        raise _locked_error()

    with pytest.raises(StoreUnavailableError, match="database is locked"):
        run_transaction(engine, always_locked, max_wait_seconds=0.2)
    assert 2 <= len(attempts) < 100
    attempts.clear()

    def broken(conn: sa.Connection) -> None:
        attempts.append(1)
        conn.exec_driver_sql("SELECT * FROM no_such_table")

    with pytest.raises(StoreUnavailableError, match="no such table"):
        run_transaction(engine, broken, max_wait_seconds=10)
    assert len(attempts) == 1
