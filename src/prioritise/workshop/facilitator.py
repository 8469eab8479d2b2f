"""Facilitator actions of the workshop store: each one needs the facilitator secret.

The secret is shown once, at creation; only a salted scrypt hash is stored and a guess is
checked in constant time.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from prioritise.workshop import validation as check
from prioritise.workshop.database import (
    WriteConflictError,
    inserted_id,
    participants,
    rounds,
    submissions,
    workshops,
)
from prioritise.workshop.errors import (
    InvalidInputError,
    StoreUnavailableError,
    UnknownWorkshopError,
    WrongSecretError,
)
from prioritise.workshop.records import (
    Participant,
    Round,
    SubmissionRow,
    Workshop,
    participant_from_mapping,
    submission_row,
    utc_now,
    workshop_from_row,
)

T = TypeVar("T")

# The secret is 32 random bytes, so stretching adds little; scrypt with a salt still keeps a
# leaked database from revealing it, and the parameters travel with the hash to allow raising.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MAX_SECRET_CHARS = 200


def hash_secret(secret: str) -> str:
    """Salted scrypt hash, stored as ``scrypt$n$r$p$salt$digest``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    """Compare a guess with a stored hash in constant time."""
    _scheme, n, r, p, salt, expected = stored.split("$")
    digest = hashlib.scrypt(
        secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), maxmem=2**26
    )
    return hmac.compare_digest(digest.hex(), expected)


def token_hash(token: str) -> str:
    """The stored form of a participant's token: tokens are 256-bit random strings, so a plain
    SHA-256 is a safe, indexable lookup key."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lock_workshop(conn: Connection, workshop_id: int) -> int:
    """Lock the workshop row against submissions and return its current round number."""
    return conn.execute(
        sa.select(workshops.c.current_round)
        .where(workshops.c.id == workshop_id)
        .with_for_update(key_share=True)
    ).scalar_one()


class FacilitatorActions:
    """Mixed into ``WorkshopStore``: creating workshops, running rounds, reading submissions."""

    if TYPE_CHECKING:

        def _run(self, work: Callable[[Connection], T], *, write: bool = True) -> T: ...
        def get_workshop(self, join_code: str) -> Workshop: ...
        def current_round(self, join_code: str) -> Round: ...

    def create_workshop(
        self,
        title: str,
        scenario_toml: str,
        allowed_ids: Mapping[str, list[str]] | None = None,
        groups: list[str] | None = None,
    ) -> tuple[Workshop, str, str]:
        """Create a workshop with round 1 open; return it, its join code and facilitator secret.

        ``allowed_ids`` maps each weight set to the ids participants may weigh; without it they
        are read from the scenario file. Groups are the quadruple helix, the groups of the
        scenario's stakeholders and any ``groups`` given.
        """
        clean_title = check.clean_text(title, field="title", max_chars=check.MAX_TITLE_CHARS)
        scenario = check.parse_scenario_toml(scenario_toml)
        ids = check.validate_allowed_ids(
            allowed_ids if allowed_ids is not None else check.allowed_ids_from_scenario(scenario)
        )
        group_names = check.merge_groups(
            check.STANDARD_GROUPS, check.groups_from_scenario(scenario), groups or ()
        )
        secret = secrets.token_urlsafe(32)
        secret_hash = hash_secret(secret)

        def work(conn: Connection, join_code: str) -> int:
            moment = utc_now()
            workshop_id = inserted_id(
                conn.execute(
                    sa.insert(workshops).values(
                        title=clean_title,
                        join_code=join_code,
                        facilitator_hash=secret_hash,
                        scenario_toml=scenario_toml,
                        allowed_ids=json.dumps({name: list(v) for name, v in ids.items()}),
                        groups=json.dumps(list(group_names)),
                        created_at=moment,
                        current_round=1,
                    )
                )
            )
            conn.execute(
                sa.insert(rounds).values(
                    workshop_id=workshop_id, number=1, state="open", opened_at=moment
                )
            )
            return workshop_id

        for _attempt in range(5):
            join_code = "".join(
                secrets.choice(check.JOIN_CODE_ALPHABET) for _ in range(check.JOIN_CODE_LENGTH)
            )
            try:
                self._run(functools.partial(work, join_code=join_code))
            except WriteConflictError:
                continue  # the code was taken (about one chance in 10^11): draw another
            return self.get_workshop(join_code), join_code, secret
        raise StoreUnavailableError("workshop.error.no_free_code")

    def _workshop_row(self, join_code: str) -> sa.Row:
        """The workshop's row, or UnknownWorkshopError for a code nobody created."""
        code = check.normalise_join_code(join_code)
        row = self._run(
            lambda conn: conn.execute(
                sa.select(workshops).where(workshops.c.join_code == code)
            ).one_or_none(),
            write=False,
        )
        if row is None:
            code = check.shown_join_code(code)  # as the projector shows it
            raise UnknownWorkshopError("workshop.error.unknown_code", code=code)
        return row

    def verify_facilitator(self, join_code: str, facilitator_secret: str) -> Workshop:
        """Return the workshop if the secret is right; raise ``WrongSecretError`` otherwise."""
        row = self._workshop_row(join_code)
        if (
            not isinstance(facilitator_secret, str)
            or not facilitator_secret
            or len(facilitator_secret) > MAX_SECRET_CHARS
            or not secret_matches(facilitator_secret, row.facilitator_hash)
        ):
            raise WrongSecretError("workshop.error.wrong_secret")
        return workshop_from_row(row)

    def close_round(self, join_code: str, facilitator_secret: str) -> Round:
        """Close the current round so that it accepts no more submissions (idempotent)."""
        workshop = self.verify_facilitator(join_code, facilitator_secret)

        def work(conn: Connection) -> None:
            current = _lock_workshop(conn, workshop.id)
            conn.execute(
                sa.update(rounds)
                .where(
                    rounds.c.workshop_id == workshop.id,
                    rounds.c.number == current,
                    rounds.c.state == "open",
                )
                .values(state="closed", closed_at=utc_now())
            )

        self._run(work)
        return self.current_round(workshop.join_code)

    def open_next_round(
        self, join_code: str, facilitator_secret: str, summary: object = None
    ) -> Round:
        """Close the current round if open and open the next, showing ``summary`` (plain JSON
        data, e.g. the group weights and portfolio of the round just closed) to participants."""
        workshop = self.verify_facilitator(join_code, facilitator_secret)
        summary_json = check.summary_to_json(summary)

        def work(conn: Connection) -> None:
            current = _lock_workshop(conn, workshop.id)
            moment = utc_now()
            conn.execute(
                sa.update(rounds)
                .where(
                    rounds.c.workshop_id == workshop.id,
                    rounds.c.number == current,
                    rounds.c.state == "open",
                )
                .values(state="closed", closed_at=moment)
            )
            conn.execute(
                sa.insert(rounds).values(
                    workshop_id=workshop.id,
                    number=current + 1,
                    state="open",
                    opened_at=moment,
                    summary=summary_json,
                )
            )
            conn.execute(
                sa.update(workshops)
                .where(workshops.c.id == workshop.id)
                .values(current_round=current + 1)
            )

        self._run(work)
        return self.current_round(workshop.join_code)

    def latest_submissions(
        self, join_code: str, facilitator_secret: str, round_number: int | None = None
    ) -> list[SubmissionRow]:
        """The latest submission of each participant in a round (default: the current one)."""
        workshop = self.verify_facilitator(join_code, facilitator_secret)
        number = workshop.current_round if round_number is None else round_number
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise InvalidInputError("round_number", "workshop.input.round_number")
        latest = (
            sa.select(sa.func.max(submissions.c.id).label("id"))
            .join(rounds, rounds.c.id == submissions.c.round_id)
            .where(rounds.c.workshop_id == workshop.id, rounds.c.number == number)
            .group_by(submissions.c.participant_id)
            .subquery()
        )
        query = rows_query(workshop.id).join(latest, latest.c.id == submissions.c.id)
        return self._run(lambda conn: [submission_row(r) for r in conn.execute(query)], write=False)

    def participants(self, join_code: str, facilitator_secret: str) -> list[Participant]:
        """Everyone who joined, answered or not, in the order they joined."""
        workshop = self.verify_facilitator(join_code, facilitator_secret)
        query = (
            sa.select(participants)
            .where(participants.c.workshop_id == workshop.id)
            .order_by(participants.c.id)
        )
        return self._run(
            lambda conn: [participant_from_mapping(r._mapping) for r in conn.execute(query)],
            write=False,
        )

    def new_participant_link(
        self, join_code: str, facilitator_secret: str, participant_id: int
    ) -> str:
        """Give a participant a new private token: their old link stops working at once (a
        link that was passed around, or a lost phone); their answers stay theirs."""
        workshop = self.verify_facilitator(join_code, facilitator_secret)
        if isinstance(participant_id, bool) or not isinstance(participant_id, int):
            raise InvalidInputError("participant", "workshop.input.unknown_participant")
        token = secrets.token_urlsafe(32)

        def work(conn: Connection) -> None:
            changed = conn.execute(
                sa.update(participants)
                .where(
                    participants.c.id == participant_id,
                    participants.c.workshop_id == workshop.id,
                )
                .values(token_hash=token_hash(token))
            ).rowcount
            if changed != 1:
                raise InvalidInputError("participant", "workshop.input.unknown_participant")

        self._run(work)
        return token

    def remove_participant(
        self, join_code: str, facilitator_secret: str, participant_id: int
    ) -> int:
        """Take a participant and every answer they sent out of the workshop: one person who
        joined twice (the QR code scanned again on another phone) would otherwise count twice.
        Their link stops working; the results of rounds already closed keep what they were.
        Returns how many answers went with them."""
        workshop = self.verify_facilitator(join_code, facilitator_secret)
        if isinstance(participant_id, bool) or not isinstance(participant_id, int):
            raise InvalidInputError("participant", "workshop.input.unknown_participant")

        def work(conn: Connection) -> int:
            owned = sa.select(participants.c.id).where(
                participants.c.id == participant_id, participants.c.workshop_id == workshop.id
            )
            if conn.execute(owned).first() is None:
                raise InvalidInputError("participant", "workshop.input.unknown_participant")
            answers = conn.execute(
                sa.delete(submissions).where(submissions.c.participant_id == participant_id)
            ).rowcount
            conn.execute(sa.delete(participants).where(participants.c.id == participant_id))
            return int(answers)

        return self._run(work)

    def all_submissions(self, join_code: str, facilitator_secret: str) -> list[SubmissionRow]:
        """Every submission of every round, revisions included, oldest first (for export)."""
        workshop = self.verify_facilitator(join_code, facilitator_secret)
        query = rows_query(workshop.id)
        return self._run(lambda conn: [submission_row(r) for r in conn.execute(query)], write=False)


def rows_query(workshop_id: int) -> sa.Select[Any]:
    """Submissions of a workshop with their round and participant, in the order they arrived."""
    return (
        sa.select(
            submissions.c.id,
            rounds.c.number,
            participants.c.id.label("participant_id"),
            participants.c.name,
            participants.c.organisation,
            participants.c.group_name,
            submissions.c.payload,
            submissions.c.submitted_at,
        )
        .join(rounds, rounds.c.id == submissions.c.round_id)
        .join(participants, participants.c.id == submissions.c.participant_id)
        .where(rounds.c.workshop_id == workshop_id)
        .order_by(submissions.c.id)
    )
