"""Several app servers on one PostgreSQL store, with participants on each, played by the
load benchmark's protocol-level phones (benchmarks/workshop_load.py)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture
def load(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    return importlib.import_module("workshop_load")


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_app_servers_share_one_postgresql(load: ModuleType, db_url: str) -> None:
    figures, cpu, rss = load.run(
        6, 2, {"PRIORITISE_DB_URL": db_url}, "tutorial", seed=3, at_once=True
    )
    assert figures.failures == []
    assert figures.sent == 12  # each of 6 participants sent once and revised once
    assert figures.confirmed == 12
    assert figures.stored == 12  # every send is one stored submission, no duplicates
    assert figures.people == 6  # nobody became two people
    assert sorted(figures.by_server.values()) == [6, 6]  # three phones on each server
    assert cpu > 0 and rss > 50


@pytest.mark.parametrize("during", ["sends", "revisions"])
def test_a_restart_mid_burst_leaves_every_page_telling_the_truth(
    load: ModuleType, tmp_path: Path, during: str
) -> None:
    """Killed as everyone sends, or as they change their answers (a page that reopens must
    neither call unsent changes saved nor offer to send again a change that arrived)."""
    env = {"PRIORITISE_DB_PATH": str(tmp_path / "workshops.sqlite")}
    figures, _, _ = load.run(
        6,
        1,
        env,
        "tutorial",
        seed=5,
        at_once=True,
        restart=True,
        restart_after=0.0,
        during=during,
    )
    assert figures.failures == []
    assert figures.interrupted >= 1  # the restart did cut runs off
    asked = figures.said_saved + figures.said_lost  # pages that had to ask the store
    assert asked + figures.changes_back >= 1  # or brought an unsent change back
    assert figures.untruthful == []  # each page's confirmations = that person's stored rows
    assert figures.stored == figures.confirmed == figures.sent == 12
    assert figures.people == 6


def test_the_last_line_is_the_one_scripts_read(
    load: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = load.Figures(2, sent=4, stored=4, first_s=[0.5, 1.5], revise_s=[0.25, 3.0])
    load.report(figures, 12.0, 250.4)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"workshop-load: participants=2 submissions=4 stored=4 p95_send_s=3\.00 rss_mb=250", last
    )
