"""Time stamps are shown in the scenario's time zone (Santiago by default), not in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from prioritise.text import (
    DASH,
    date_text,
    datetime_text,
    duration,
    time_text,
    zone_name,
    zone_text,
)

JULY = datetime(2024, 7, 1, 15, 30, tzinfo=UTC)  # Chile on UTC-4 (winter)
JANUARY = datetime(2024, 1, 15, 15, 30, tzinfo=UTC)  # Chile on UTC-3 (summer time)


def test_santiago_offset_differs_between_winter_and_summer() -> None:
    assert time_text(JULY, "es") == "11:30"
    assert time_text(JANUARY, "es") == "12:30"
    assert time_text(JULY, "en", "UTC") == "15:30"


def test_the_time_zone_is_named_as_readers_say_it_at_that_moment() -> None:
    """A report said "(America/Santiago)": an id, not words, and silent on summer time."""
    assert zone_text(JULY, "es") == "hora estándar de Chile"
    assert zone_text(JANUARY, "es") == "hora de verano de Chile"
    assert zone_text(JANUARY, "en") == "Chile Summer Time"
    assert zone_text(JULY, "en", "America/Lima") == "Peru Standard Time"


def test_datetime_in_each_language() -> None:
    assert datetime_text(JULY, "es") == "1 jul 2024, 11:30"
    assert datetime_text(JULY, "en") == "1 Jul 2024, 11:30"
    assert datetime_text(JANUARY, "es", seconds=True) == "15 ene 2024, 12:30:00"


def test_naive_datetimes_are_utc() -> None:
    naive = datetime(2024, 7, 1, 15, 30)
    assert datetime_text(naive, "es") == datetime_text(JULY, "es")


def test_other_offsets_are_converted() -> None:
    lima = datetime(2024, 7, 1, 10, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert time_text(lima, "en") == "11:30"
    assert time_text(lima, "en", "America/Lima") == "10:30"


def test_the_date_can_change_in_the_zone() -> None:
    late = datetime(2024, 7, 2, 2, 0, tzinfo=UTC)
    assert date_text(late, "es") == "1 jul 2024"
    assert date_text(late, "en", "UTC") == "2 Jul 2024"


def test_dates() -> None:
    assert date_text(date(2024, 7, 1), "es", long=True) == "1 de julio de 2024"
    assert date_text(date(2024, 7, 1), "en", long=True) == "1 July 2024"
    assert date_text(date(2024, 9, 18), "es") == "18 sep 2024"


def test_missing_moments_are_a_dash() -> None:
    assert datetime_text(None, "es") == DASH
    assert date_text(None, "en") == DASH
    assert time_text(None, "en") == DASH
    assert duration(None, "es") == DASH
    assert duration(float("nan"), "en") == DASH


@pytest.mark.parametrize(
    ("seconds", "es", "en"),
    [
        (0.4, "0,4 s", "0.4 s"),
        (12.345, "12,3 s", "12.3 s"),
        (59.96, "1 min", "1 min"),
        (125, "2 min 5 s", "2 min 5 s"),
        (3725, "1 h 2 min", "1 h 2 min"),
        (7200, "2 h", "2 h"),
    ],
)
def test_durations(seconds: float, es: str, en: str) -> None:
    assert duration(seconds, "es") == es
    assert duration(seconds, "en") == en


def test_negative_duration_is_an_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        duration(-1, "es")


@pytest.mark.parametrize(
    ("zone", "lang", "said"),
    [
        ("America/Santiago", "es", "hora de Chile (America/Santiago)"),
        ("America/Santiago", "en", "Chile Time (America/Santiago)"),
        ("Pacific/Easter", "es", "hora de la Isla de Pascua (Pacific/Easter)"),
        ("UTC", "es", "UTC"),  # not 'hora de Región desconocida (UTC)'
        ("Etc/GMT+3", "en", "Etc/GMT+3"),
        ("Mars/Olympus", "en", "Mars/Olympus"),  # no such zone: as the file gives it
    ],
)
def test_a_zone_is_named_the_readers_way_with_the_files_id(zone: str, lang: str, said: str) -> None:
    assert zone_name(zone, lang) == said
