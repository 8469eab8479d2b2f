"""The live-workshop store: workshops, rounds, participants and their weight submissions.

Participants join with a public join code and receive a private token; they submit weights as
often as they like while the round is open (every revision is a new row, the latest counts).
The facilitator proves each action with a separate secret. Only hashes of tokens and secrets are
stored. SQLAlchemy Core keeps one code path for SQLite (default) and PostgreSQL.

Each public method is one short transaction, retried with backoff when the database is
momentarily locked, so concurrent participants never lose a submission. Create one store per
process (after any fork); it is safe to share between threads.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import threading
import tomllib
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection

from prioritise.text import Integer
from prioritise.workshop import validation as check
from prioritise.workshop.database import (
    WRITE_OPTION,
    create_schema,
    create_store_engine,
    inserted_id,
    participants,
    resolve_database_url,
    rounds,
    run_transaction,
    submissions,
    workshops,
)
from prioritise.workshop.errors import (
    LimitReachedError,
    RoundClosedError,
    WorkshopError,
    WrongTokenError,
)
from prioritise.workshop.facilitator import FacilitatorActions, token_hash
from prioritise.workshop.group_answer import GroupAnswer, GroupRules, group_answer, group_rules
from prioritise.workshop.recent import RecentGroupAnswers
from prioritise.workshop.records import (
    Participant,
    ParticipantStatus,
    Round,
    Submission,
    Workshop,
    aware,
    participant_from_mapping,
    round_from_row,
    utc_now,
    workshop_from_row,
)

T = TypeVar("T")

MAX_TOKEN_CHARS = 200


class _Static(NamedTuple):
    """What never changes after a workshop is created, cached per join code."""

    id: int
    allowed_ids: dict[str, tuple[str, ...]]
    groups: tuple[str, ...]
    items: Mapping[str, Any]
    timezone: str
    language: str
    rules: GroupRules


class WorkshopStore(FacilitatorActions):
    """Persistent store of live workshops (SQLite file by default, PostgreSQL by URL)."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        url: str | URL | None = None,
        max_wait_seconds: float = 60.0,
        max_participants: int = 1_000,
        max_revisions: int = 500,
    ) -> None:
        """Open (and on first use create) the store; see ``resolve_database_url`` for the choice."""
        self.url = resolve_database_url(path=path, url=url)
        self.max_wait_seconds = max_wait_seconds
        self.max_participants = max_participants
        self.max_revisions = max_revisions
        self._engine = create_store_engine(self.url)
        self._writer = self._engine.execution_options(**{WRITE_OPTION: True})
        self._static: dict[str, _Static] = {}
        self._static_lock = threading.Lock()
        self._recent = RecentGroupAnswers()
        # SQLite has one writer at a time. Writers of this process queue here instead of in
        # SQLite's busy handler, which sleeps between tries (docs/workshop.md, capacity).
        self._write_turn = threading.RLock() if self.backend == "sqlite" else None
        try:
            self._run(create_schema)
        except WorkshopError:
            self._engine.dispose()
            raise

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Release pooled connections (also call before forking a process that has a store)."""
        self._engine.dispose()

    def __enter__(self) -> WorkshopStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- anyone with the join code -------------------------------------------------------------

    def get_workshop(self, join_code: str) -> Workshop:
        """The workshop's public description (title, round, allowed ids and groups)."""
        return workshop_from_row(self._workshop_row(join_code))

    def current_round(self, join_code: str) -> Round:
        """The workshop's current round, with the summary of the previous result if any."""
        workshop = self.get_workshop(join_code)
        return self._run(
            lambda conn: round_from_row(
                conn.execute(
                    sa.select(rounds).where(
                        rounds.c.workshop_id == workshop.id,
                        rounds.c.number == workshop.current_round,
                    )
                ).one()
            ),
            write=False,
        )

    def participant_count(self, join_code: str) -> int:
        """How many people have joined the workshop."""
        workshop_id = self._static_info(join_code).id
        query = sa.select(sa.func.count()).where(participants.c.workshop_id == workshop_id)
        return self._run(lambda conn: int(conn.execute(query).scalar_one()), write=False)

    # -- participants --------------------------------------------------------------------------

    def join(
        self, join_code: str, name: str, organisation: str = "", group: str = "public"
    ) -> tuple[Participant, str]:
        """Register a participant; return them and the private token that proves who they are."""
        static = self._static_info(join_code)
        workshop_id, groups = static.id, static.groups
        clean_name = check.clean_text(name, field="name", max_chars=check.MAX_NAME_CHARS)
        clean_org = check.clean_text(
            organisation,
            field="organisation",
            max_chars=check.MAX_ORGANISATION_CHARS,
            required=False,
        )
        clean_group = check.validate_group(group, groups)
        token = secrets.token_urlsafe(32)

        def work(conn: Connection) -> Participant:
            count_query = sa.select(sa.func.count()).where(
                participants.c.workshop_id == workshop_id
            )
            if conn.execute(count_query).scalar_one() >= self.max_participants:
                raise LimitReachedError(
                    "workshop.error.too_many_participants", limit=Integer(self.max_participants)
                )
            values = {
                "workshop_id": workshop_id,
                "token_hash": token_hash(token),
                "name": clean_name,
                "organisation": clean_org,
                "group_name": clean_group,
                "created_at": utc_now(),
            }
            new_id = inserted_id(conn.execute(sa.insert(participants).values(**values)))
            return participant_from_mapping({**values, "id": new_id})

        return self._run(work), token

    def submit(
        self,
        join_code: str,
        participant_token: str,
        weights: object,
        send_id: str | None = None,
    ) -> Submission:
        """Store a new revision of the participant's weights in the current round.

        ``send_id`` is the id the participant's page gave this send: the same send arriving
        again (a retry after a dropped connection or a restart) returns the submission already
        stored instead of storing it twice.
        """
        static = self._static_info(join_code)
        workshop_id = static.id
        token_hash = self._checked_token_hash(participant_token)
        send = check.validate_send_id(send_id)
        payload = check.validate_weights(weights, static.allowed_ids, static.items)
        payload_json = json.dumps(payload, allow_nan=False, ensure_ascii=False)

        def work(conn: Connection) -> Submission:
            participant_id = self._participant_id(conn, workshop_id, token_hash)
            # Submissions to one workshop take turns with each other and with closing a round
            # (PostgreSQL: FOR NO KEY UPDATE on the workshop row; SQLite: BEGIN IMMEDIATE).
            # Shared locks would let a steady stream of submissions starve the facilitator.
            current = conn.execute(
                sa.select(workshops.c.current_round)
                .where(workshops.c.id == workshop_id)
                .with_for_update(key_share=True)
            ).scalar_one()
            if send is not None:
                earlier = self._sent(conn, participant_id, send)
                if earlier is not None:
                    return earlier
            round_row = conn.execute(
                sa.select(rounds.c.id, rounds.c.state).where(
                    rounds.c.workshop_id == workshop_id, rounds.c.number == current
                )
            ).one()
            if round_row.state != "open":
                raise RoundClosedError("workshop.error.round_closed", round=int(current))
            revisions = conn.execute(
                sa.select(sa.func.count()).where(
                    submissions.c.round_id == round_row.id,
                    submissions.c.participant_id == participant_id,
                )
            ).scalar_one()
            if revisions >= self.max_revisions:
                raise LimitReachedError(
                    "workshop.error.too_many_revisions", limit=Integer(self.max_revisions)
                )
            moment = utc_now()
            new_id = inserted_id(
                conn.execute(
                    sa.insert(submissions).values(
                        participant_id=participant_id,
                        round_id=round_row.id,
                        payload=payload_json,
                        submitted_at=moment,
                        send_id=send,
                    )
                )
            )
            return Submission(new_id, participant_id, current, payload, moment, send)

        return self._run(work)

    def find_send(self, join_code: str, participant_token: str, send_id: str) -> Submission | None:
        """The submission stored for this participant's send ``send_id``, or None if it never
        arrived: what a page asks after a reconnect before it says anything was saved."""
        workshop_id = self._static_info(join_code).id
        token_hash = self._checked_token_hash(participant_token)
        send = check.validate_send_id(send_id)
        if send is None:
            return None

        def work(conn: Connection) -> Submission | None:
            return self._sent(conn, self._participant_id(conn, workshop_id, token_hash), send)

        return self._run(work, write=False)

    def participant_status(self, join_code: str, participant_token: str) -> ParticipantStatus:
        """The participant's own view: their details, the current round, their latest answer."""
        static = self._static_info(join_code)
        workshop_id = static.id
        token_hash = self._checked_token_hash(participant_token)

        def work(conn: Connection) -> ParticipantStatus:
            participant_id = self._participant_id(conn, workshop_id, token_hash)
            person = conn.execute(
                sa.select(participants).where(participants.c.id == participant_id)
            ).one()
            current = conn.execute(
                sa.select(rounds)
                .join(workshops, workshops.c.id == rounds.c.workshop_id)
                .where(workshops.c.id == workshop_id, rounds.c.number == workshops.c.current_round)
            ).one()
            # this round's last answer, else the last of an earlier round (it still counts)
            found = conn.execute(
                sa.select(submissions, rounds.c.number)
                .join(rounds, rounds.c.id == submissions.c.round_id)
                .where(
                    submissions.c.participant_id == participant_id,
                    rounds.c.workshop_id == workshop_id,
                    rounds.c.number <= current.number,
                )
                .order_by(rounds.c.number.desc(), submissions.c.id.desc())
                .limit(1)
            ).one_or_none()
            mine = None
            if found is not None:
                mine = Submission(
                    found.id,
                    participant_id,
                    found.number,
                    json.loads(found.payload),
                    aware(found.submitted_at),
                    found.send_id,
                )
            this_round = mine is not None and mine.round_number == current.number
            return ParticipantStatus(
                participant_from_mapping(person._mapping),
                round_from_row(current),
                mine if this_round else None,
                static.timezone,
                static.language,
                None if this_round else mine,
            )

        return self._run(work, write=False)

    def group_answer(
        self, join_code: str, participant_token: str, *, including: int | None = None
    ) -> GroupAnswer:
        """Everyone's and the participant's own group's weights so far, from each
        participant's latest answer; nothing for a view with fewer than k answers, and never
        a name or which answer is whose (see ``group_answer``). With ``including`` (the
        participant's own latest submission id), an answer worked out a moment ago for the
        same group is given again if it counts that submission (see ``recent``)."""
        static = self._static_info(join_code)
        token_hash = self._checked_token_hash(participant_token)

        def work(conn: Connection) -> GroupAnswer:
            participant_id = self._participant_id(conn, static.id, token_hash)
            own = conn.execute(
                sa.select(participants.c.group_name).where(participants.c.id == participant_id)
            ).scalar_one()
            key = (static.id, own)
            if including is not None and (kept := self._recent.get(key, including)) is not None:
                return kept
            latest = (
                sa.select(sa.func.max(submissions.c.id))
                .join(participants, participants.c.id == submissions.c.participant_id)
                .where(participants.c.workshop_id == static.id)
                .group_by(submissions.c.participant_id)
            )
            rows = conn.execute(
                sa.select(participants.c.group_name, submissions.c.id, submissions.c.payload)
                .join(participants, participants.c.id == submissions.c.participant_id)
                .where(submissions.c.id.in_(latest))
            ).all()
            answers = [(row.group_name, json.loads(row.payload)) for row in rows]
            found = group_answer(answers, static.allowed_ids, own, static.rules)
            self._recent.put(key, frozenset(row.id for row in rows), found)
            return found

        return self._run(work, write=False)

    # -- internals -----------------------------------------------------------------------------

    def _static_info(self, join_code: str) -> _Static:
        """Id, allowed ids, groups and scenario never change after creation: cached."""
        code = check.normalise_join_code(join_code)
        with self._static_lock:
            cached = self._static.get(code)
        if cached is None:
            workshop = self.get_workshop(code)
            facts = workshop.facts
            try:
                data: dict[str, Any] = tomllib.loads(workshop.scenario_toml)
            except tomllib.TOMLDecodeError:
                data = {}
            cached = _Static(
                workshop.id,
                workshop.allowed_ids,
                workshop.groups,
                facts.items,
                facts.timezone,
                facts.language,
                group_rules(data, facts.min_group_size),
            )
            with self._static_lock:
                self._static[code] = cached
        return cached

    @staticmethod
    def _sent(conn: Connection, participant_id: int, send_id: str) -> Submission | None:
        found = conn.execute(
            sa.select(submissions, rounds.c.number)
            .join(rounds, rounds.c.id == submissions.c.round_id)
            .where(
                submissions.c.participant_id == participant_id,
                submissions.c.send_id == send_id,
            )
        ).one_or_none()
        if found is None:
            return None
        return Submission(
            found.id,
            participant_id,
            found.number,
            json.loads(found.payload),
            aware(found.submitted_at),
            send_id,
        )

    @staticmethod
    def _checked_token_hash(token: object) -> str:
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
            raise WrongTokenError("workshop.error.wrong_token")
        return token_hash(token)

    @staticmethod
    def _participant_id(conn: Connection, workshop_id: int, token_hash: str) -> int:
        found = conn.execute(
            sa.select(participants.c.id, participants.c.token_hash).where(
                participants.c.token_hash == token_hash,
                participants.c.workshop_id == workshop_id,
            )
        ).one_or_none()
        if found is None or not hmac.compare_digest(found.token_hash, token_hash):
            raise WrongTokenError("workshop.error.wrong_token")
        return found.id

    def _run(self, work: Callable[[Connection], T], *, write: bool = True) -> T:
        """Run ``work`` in one short transaction (see ``run_transaction``)."""
        if not write:
            return run_transaction(self._engine, work, max_wait_seconds=self.max_wait_seconds)
        if self._write_turn is None:
            return run_transaction(self._writer, work, max_wait_seconds=self.max_wait_seconds)
        with self._write_turn:
            return run_transaction(self._writer, work, max_wait_seconds=self.max_wait_seconds)
