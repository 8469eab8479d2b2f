"""Tables, database location and engine set-up of the live-workshop store.

SQLite (one file, WAL mode) is the default so that a facilitator needs no server; setting
``PRIORITISE_DB_URL`` to a PostgreSQL URL lets several app servers share one workshop.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError

from prioritise.workshop.errors import InvalidInputError, StoreUnavailableError

DB_URL_ENV = "PRIORITISE_DB_URL"
DB_PATH_ENV = "PRIORITISE_DB_PATH"
DEFAULT_FILE_NAME = "workshops.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 5_000
WRITE_OPTION = "prioritise_write"
"""Execution option that makes a SQLite transaction start with BEGIN IMMEDIATE."""

T = TypeVar("T")

# Any constant works; it only has to be the same in every process that creates the schema.
_SCHEMA_LOCK_KEY = 0x70726F7269

metadata = sa.MetaData()

workshops = sa.Table(
    "workshops",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("join_code", sa.String(16), nullable=False, unique=True),
    sa.Column("facilitator_hash", sa.String(200), nullable=False),
    sa.Column("scenario_toml", sa.Text, nullable=False),
    sa.Column("allowed_ids", sa.Text, nullable=False),
    sa.Column("groups", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("current_round", sa.Integer, nullable=False),
)

rounds = sa.Table(
    "rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("state", sa.String(8), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("summary", sa.Text, nullable=True),
    sa.UniqueConstraint("workshop_id", "number", name="uq_rounds_workshop_number"),
    sa.CheckConstraint("state IN ('open', 'closed')", name="ck_rounds_state"),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("organisation", sa.String(120), nullable=False),
    sa.Column("group_name", sa.String(40), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_participants_workshop", "workshop_id"),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "participant_id",
        sa.Integer,
        sa.ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    # The id the participant's page gave this send: sending it again stores nothing new.
    sa.Column("send_id", sa.String(64), nullable=True),
    sa.Index("ix_submissions_round_participant", "round_id", "participant_id", "id"),
)

SEND_INDEX = sa.Index(
    "ux_submissions_participant_send",
    submissions.c.participant_id,
    submissions.c.send_id,
    unique=True,
)


def default_database_path() -> Path:
    """Return the per-user data file: XDG data dir, ~/Library or %LOCALAPPDATA%."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "prioritise" / DEFAULT_FILE_NAME


def resolve_database_url(
    path: str | os.PathLike[str] | None = None, url: str | URL | None = None
) -> URL:
    """Choose the database: ``url``, else ``path``, else $PRIORITISE_DB_URL, else
    $PRIORITISE_DB_PATH, else the per-user default file."""
    if url is None and path is None:
        url = os.environ.get(DB_URL_ENV) or None
        path = os.environ.get(DB_PATH_ENV) or None
    if url is not None:
        return _checked_url(url)
    file_path = Path(path) if path is not None else default_database_path()
    file_path = file_path.expanduser()
    try:
        file_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(
            "database path",
            "workshop.input.database_path",
            folder=str(file_path.parent),
        ) from exc
    return URL.create("sqlite+pysqlite", database=str(file_path))


def _checked_url(value: str | URL) -> URL:
    try:
        parsed = make_url(value)
    except ArgumentError:
        raise InvalidInputError("database URL", "workshop.input.database_url") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        # Plain postgresql:// or postgres:// URLs mean psycopg 3, the only driver we ship.
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise InvalidInputError("database URL", "workshop.input.database_backend", backend=backend)


def create_store_engine(url: URL) -> Engine:
    """Create the engine; on SQLite each connection gets WAL, a busy timeout and our BEGIN."""
    if url.get_backend_name() != "sqlite":
        try:
            return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
        except ImportError:
            raise StoreUnavailableError("workshop.error.needs_psycopg") from None
    # A room of phones runs many scripts at once; SQLite connections are cheap, so enough of
    # them that no script waits for one (readers never block each other in WAL mode).
    engine = sa.create_engine(url, pool_timeout=60, pool_size=20, max_overflow=40)

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not the sqlite3 module, decide when transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_sqlite(conn: Connection) -> None:
        # A writer takes the write lock up front (waiting up to busy_timeout), so it never fails
        # half-way through with a snapshot conflict that the busy handler cannot wait out.
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def create_schema(conn: Connection) -> None:
    """Create missing tables; safe when several processes start at the same moment."""
    if conn.dialect.name == "postgresql":
        # DDL is transactional in PostgreSQL; the lock makes concurrent creators take turns.
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
    # On SQLite the caller holds BEGIN IMMEDIATE, which serialises creators the same way.
    metadata.create_all(conn, checkfirst=True)
    _add_send_ids(conn)


def _add_send_ids(conn: Connection) -> None:
    """A store made before sends had ids gets the column and its index (NULLs never clash)."""
    columns = {column["name"] for column in sa.inspect(conn).get_columns("submissions")}
    if "send_id" not in columns:
        conn.execute(sa.text("ALTER TABLE submissions ADD COLUMN send_id VARCHAR(64)"))
    SEND_INDEX.create(conn, checkfirst=True)


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The id of the row just inserted (every table here has an integer primary key)."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreUnavailableError("workshop.error.unavailable", detail="no id for the new row")
    return int(key[0])


def is_transient(exc: DBAPIError) -> bool:
    """True if the transaction was refused for contention and can simply be run again."""
    original = exc.orig
    if isinstance(original, sqlite3.OperationalError):
        message = str(original).lower()
        return "locked" in message or "busy" in message
    # PostgreSQL: serialization failure, deadlock, lock not available, too many connections.
    return getattr(original, "sqlstate", None) in {"40001", "40P01", "55P03", "53300"}


class WriteConflictError(StoreUnavailableError):
    """A uniqueness rule refused a row; only a colliding new join code should ever cause it."""


def run_transaction(
    engine: Engine, work: Callable[[Connection], T], *, max_wait_seconds: float
) -> T:
    """Run ``work`` in one transaction; while the database is busy, retry with growing pauses.

    A refused transaction was rolled back, so running it again cannot store anything twice.
    Database exceptions are turned into ``StoreUnavailableError`` with a one-line message.
    """
    deadline = time.monotonic() + max_wait_seconds
    delay = 0.005
    while True:
        try:
            with engine.begin() as conn:
                return work(conn)
        except IntegrityError as exc:
            raise WriteConflictError("workshop.error.duplicate") from exc
        except DBAPIError as exc:
            if not is_transient(exc) or time.monotonic() + delay > deadline:
                raise _unavailable(exc) from None
        except SQLAlchemyError as exc:
            raise _unavailable(exc) from None
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 0.5)


def _unavailable(exc: Exception) -> StoreUnavailableError:
    original = getattr(exc, "orig", None) or exc
    first_line = (str(original).strip().splitlines() or [""])[0][:200]
    detail = f"{type(original).__name__}: {first_line}"
    return StoreUnavailableError("workshop.error.unavailable", detail=detail)
