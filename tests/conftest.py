"""Shared test setup: the workshop store's tests get a fresh database of each kind.

The test folders are packages (`tests.allocate`, ...), so helpers are imported by their full
name (`tests.factories`, `tests.ui.apptools`) and test modules never import each other.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from prioritise.workshop import resolve_database_url

PG_URL_ENV = "PRIORITISE_TEST_PG_URL"


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in a terminal that names no interface language (`LANG=C.UTF-8`), so
    commands without a scenario speak English wherever the suite runs; tests of the terminal's
    language set it themselves."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop.sqlite'}"
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL variant: set {PG_URL_ENV} (scripts/start-postgres.sh prints one)")
    base_url = resolve_database_url(url=base)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        url = base_url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
