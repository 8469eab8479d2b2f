"""Files prioritise writes are whole, and get the permissions any normal file gets."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from prioritise.allocate import optimise_scenario
from prioritise.report import write_report
from prioritise.scenario import load, save
from prioritise.scenario.atomic_file import current_umask, write_atomically

ROOT = Path(__file__).parents[2]


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_umask_is_read_without_changing_it(usual_umask: None) -> None:
    assert current_umask() == 0o022
    assert os.umask(0o022) == 0o022


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".md"])
def test_reports_are_readable_by_others(tmp_path: Path, usual_umask: None, suffix: str) -> None:
    scenario = load(ROOT / "scenarios" / "tutorial.toml")
    target = tmp_path / f"report{suffix}"
    write_report(scenario, optimise_scenario(scenario), target)
    assert mode(target) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_saved_scenarios_are_readable_by_others(tmp_path: Path, usual_umask: None) -> None:
    target = tmp_path / "copy.toml"
    save(load(ROOT / "scenarios" / "tutorial.toml"), target)
    assert mode(target) == 0o644
    assert load(target).scenario.name == "Tutorial"


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, usual_umask: None) -> None:
    target = tmp_path / "private.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600


def test_a_stricter_umask_is_respected(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        write_atomically(tmp_path / "mine.csv", b"a,b\n")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "mine.csv") == 0o600
