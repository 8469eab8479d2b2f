"""Result types of the live-workshop store (plain, immutable dataclasses) and their reading
from database rows.

Times are UTC here, as stored; the methods that word them for people take the scenario's time
zone (``Workshop.timezone``) and return a ``Message``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, overload

from sqlalchemy.engine import Row

from prioritise.text import DEFAULT_LANGUAGE, DEFAULT_TIMEZONE, DateTime, Message
from prioritise.workshop import labels


@dataclass(frozen=True)
class Workshop:
    """A workshop as anyone with its join code may see it (no secrets in here)."""

    id: int
    title: str
    join_code: str
    created_at: datetime
    current_round: int
    scenario_toml: str = field(repr=False)
    allowed_ids: dict[str, tuple[str, ...]]
    """Weight set (``criteria``, ``enabling_areas``, ...) → ids participants may weigh."""
    groups: tuple[str, ...]
    """Groups a participant may speak for (keys; ``group_name`` words them)."""

    @property
    def facts(self) -> labels.ScenarioFacts:
        """Language, time zone and item names of the workshop's scenario."""
        return labels.scenario_facts(self.scenario_toml)

    @property
    def language(self) -> str:
        """The scenario's language: the default for wording anything about this workshop."""
        return self.facts.language

    @property
    def timezone(self) -> str:
        """The scenario's time zone, in which every time of this workshop is shown."""
        return self.facts.timezone

    @property
    def min_group_size(self) -> int:
        """k: the projected dashboard and participants see nothing per group smaller than this."""
        return self.facts.min_group_size

    def created(self) -> DateTime:
        """When the workshop was created, to be shown in its time zone."""
        return DateTime(self.created_at, self.timezone)


@dataclass(frozen=True)
class Round:
    """One Delphi round; ``summary`` is the previous round's result shown to participants."""

    number: int
    state: str
    """``open`` or ``closed``."""
    opened_at: datetime
    closed_at: datetime | None
    summary: Any

    def state_name(self) -> Message:
        """'open' or 'closed' in words."""
        return labels.round_state(self.state)

    def status(self, timezone: str) -> Message:
        """'Round 2, open since 1 Jul 2026, 08:00' in the scenario's ``timezone``."""
        return labels.round_status(
            self.number, self.state, self.opened_at, self.closed_at, timezone
        )


@dataclass(frozen=True)
class Participant:
    """A person who joined; ``group`` is one of the workshop's groups."""

    id: int
    name: str
    organisation: str
    group: str
    created_at: datetime

    def group_name(self) -> Message | str:
        """The group in words (the helix groups by their shared message)."""
        return labels.group_name(self.group)


@dataclass(frozen=True)
class Submission:
    """One stored revision of a participant's weights (canonical stakeholder-shaped dict)."""

    id: int
    participant_id: int
    round_number: int
    weights: dict[str, Any]
    submitted_at: datetime
    send_id: str | None = None
    """The id the participant's page gave this send (None for a send without one)."""

    def saved(self, timezone: str) -> Message:
        """'Answer saved at 08:00:00' in the scenario's ``timezone``."""
        return labels.saved_at(self.submitted_at, timezone)


@dataclass(frozen=True)
class SubmissionRow:
    """A submission with the participant's details, as the facilitator and exports see it."""

    submission_id: int
    round_number: int
    participant_id: int
    name: str
    organisation: str
    group: str
    weights: dict[str, Any]
    submitted_at: datetime

    def group_name(self) -> Message | str:
        """The participant's group in words."""
        return labels.group_name(self.group)

    def submitted(self, timezone: str) -> DateTime:
        """The submission time, to be shown in the scenario's ``timezone``."""
        return DateTime(self.submitted_at, timezone, seconds=True)


def utc_now() -> datetime:
    """Timestamps are made by the application, in UTC, so both backends agree."""
    return datetime.now(UTC)


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: None) -> None: ...
def aware(moment: datetime | None) -> datetime | None:
    """Everything is stored in UTC; SQLite hands back naive datetimes, PostgreSQL its own zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def submission_row(row: Row[Any]) -> SubmissionRow:
    return SubmissionRow(
        submission_id=row.id,
        round_number=row.number,
        participant_id=row.participant_id,
        name=row.name,
        organisation=row.organisation,
        group=row.group_name,
        weights=json.loads(row.payload),
        submitted_at=aware(row.submitted_at),
    )


def workshop_from_row(row: Row[Any]) -> Workshop:
    return Workshop(
        id=row.id,
        title=row.title,
        join_code=row.join_code,
        created_at=aware(row.created_at),
        current_round=row.current_round,
        scenario_toml=row.scenario_toml,
        allowed_ids={name: tuple(ids) for name, ids in json.loads(row.allowed_ids).items()},
        groups=tuple(json.loads(row.groups)),
    )


def round_from_row(row: Row[Any]) -> Round:
    return Round(
        number=row.number,
        state=row.state,
        opened_at=aware(row.opened_at),
        closed_at=aware(row.closed_at),
        summary=None if row.summary is None else json.loads(row.summary),
    )


def participant_from_mapping(values: Mapping[Any, Any]) -> Participant:
    return Participant(
        id=values["id"],
        name=values["name"],
        organisation=values["organisation"],
        group=values["group_name"],
        created_at=aware(values["created_at"]),
    )


@dataclass(frozen=True)
class ParticipantStatus:
    """What a participant's own screen shows: who they are, the round, their latest answer.

    ``timezone`` and ``language`` are the workshop scenario's, for wording times and names.
    """

    participant: Participant
    round: Round
    latest: Submission | None
    timezone: str = DEFAULT_TIMEZONE
    language: str = DEFAULT_LANGUAGE
    earlier: Submission | None = None
    """Without an answer in this round, the last one from an earlier round: it counts until
    a new one is sent, and a revision starts from it."""

    @property
    def standing(self) -> Submission | None:
        """The answer that counts now: this round's, else the earlier round's."""
        return self.latest if self.latest is not None else self.earlier

    def saved(self) -> Message | None:
        """'Answer saved at 08:00:00' for the latest answer (None before the first one)."""
        return None if self.latest is None else self.latest.saved(self.timezone)

    def round_status(self) -> Message:
        """'Round 2, open since …' in the workshop's time zone."""
        return self.round.status(self.timezone)
