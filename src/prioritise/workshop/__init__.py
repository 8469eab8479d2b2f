"""Live workshop: participants state their weights on their own devices; the facilitator watches.

This module is the public entry point. ``WorkshopStore`` keeps workshops, Delphi rounds,
participants and their append-only weight submissions in SQLite (default: a WAL-mode file in
the user's data directory, or ``$PRIORITISE_DB_PATH``) or in PostgreSQL
(``$PRIORITISE_DB_URL=postgresql+psycopg://...``). The export helpers turn submissions into CSV
and into scenario stakeholders.

Typical use::

    store = WorkshopStore()
    workshop, join_code, secret = store.create_workshop("Transforma 2017", scenario_text)
    person, token = store.join(join_code, "Ana Pérez", "CORFO", "public")
    store.submit(join_code, token, {"criteria": {"growth": 60, "exports": 40}, ...})
    rows = store.latest_submissions(join_code, secret)
    stakeholders = submissions_to_stakeholders(rows)

Errors are ``LocalizedError``s (``error.text(lang)``); results word groups, rounds and times
as ``Message``s (see ``labels``), with times in the scenario's time zone.
"""

from __future__ import annotations

from prioritise.workshop.access import (
    ACCESS_KEY_ENV,
    AccessGate,
    Verdict,
    asks_for_key,
    configured_key,
    needs_access_key,
    new_access_key,
)
from prioritise.workshop.database import default_database_path, resolve_database_url
from prioritise.workshop.errors import (
    AccessDeniedError,
    InvalidInputError,
    LimitReachedError,
    NoAnswersError,
    NotScoredError,
    RoundClosedError,
    StoreUnavailableError,
    UnknownWorkshopError,
    WorkshopError,
    WrongSecretError,
    WrongTokenError,
)
from prioritise.workshop.export import submissions_to_csv, submissions_to_stakeholders
from prioritise.workshop.labels import EVERYONE, group_name, view_name, weight_set_name
from prioritise.workshop.records import Participant, Round, Submission, SubmissionRow, Workshop
from prioritise.workshop.store import ParticipantStatus, WorkshopStore
from prioritise.workshop.validation import STANDARD_GROUPS, WEIGHT_SETS, shown_join_code

__all__ = [
    "ACCESS_KEY_ENV",
    "EVERYONE",
    "STANDARD_GROUPS",
    "WEIGHT_SETS",
    "AccessDeniedError",
    "AccessGate",
    "InvalidInputError",
    "LimitReachedError",
    "NoAnswersError",
    "NotScoredError",
    "Participant",
    "ParticipantStatus",
    "Round",
    "RoundClosedError",
    "StoreUnavailableError",
    "Submission",
    "SubmissionRow",
    "UnknownWorkshopError",
    "Verdict",
    "Workshop",
    "WorkshopError",
    "WorkshopStore",
    "WrongSecretError",
    "WrongTokenError",
    "asks_for_key",
    "configured_key",
    "default_database_path",
    "group_name",
    "needs_access_key",
    "new_access_key",
    "resolve_database_url",
    "shown_join_code",
    "submissions_to_csv",
    "submissions_to_stakeholders",
    "view_name",
    "weight_set_name",
]
