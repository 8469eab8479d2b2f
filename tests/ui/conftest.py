"""The app's tests: a fresh workshop database for the app and the test alike."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
