"""The app's tests: a fresh workshop database for the app and the test alike; the app served
to this computer only (no access key) unless a test says otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from prioritise.ui import access
from prioritise.ui.workshop import views as workshop_views
from prioritise.workshop import WorkshopStore


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    """A fresh database for the app (which opens its store once per process) and the test."""
    monkeypatch.setenv("PRIORITISE_DB_PATH", str(tmp_path / "workshop.sqlite"))
    monkeypatch.delenv("PRIORITISE_DB_URL", raising=False)
    workshop_views._open_store.clear()
    with WorkshopStore() as opened:
        yield opened
    workshop_views._open_store.clear()


@pytest.fixture(autouse=True)
def served_here_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app as `prioritise app --host 127.0.0.1` serves it: no access key asked (a public
    address set for the join link's tests does not bring one in here). The tests of the key set
    another address (`tests/ui/test_app_access.py`)."""
    monkeypatch.setattr(access, "server_address", lambda: "127.0.0.1")
    monkeypatch.setattr(access, "public_url", lambda: None)  # the join link's tests set one
    monkeypatch.delenv("PRIORITISE_ACCESS_KEY", raising=False)
    access.gate.clear()
    yield
    access.gate.clear()
