"""Dates, times and durations for the reader's language, in the scenario's time zone.

Time stamps are stored in UTC but read by people in Chile: every function converts an aware
datetime into `timezone` (default America/Santiago) and treats a naive one as UTC, so a
workshop saved at 15:30 UTC in July reads "11:30" (UTC-4) and in January "12:30" (UTC-3).
Patterns come from CLDR skeletons, so each locale orders day, month and year its own way.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, get_timezone_name

from .format import DASH, number
from .languages import DEFAULT_TIMEZONE, check_language, locale_for

_DATE_SKELETONS: Final = {False: "yMMMd", True: "yMMMMd"}
_TIME_SKELETONS: Final = {False: "Hm", True: "Hms"}
_MINUTE: Final = 60
_HOUR: Final = 3600


def _local(moment: datetime, timezone: str) -> datetime:
    """The moment in `timezone`; a naive datetime is taken to be UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone))


def date_text(
    day: date | datetime | None, lang: str, timezone: str = DEFAULT_TIMEZONE, *, long: bool = False
) -> str:
    """'1 jul 2024' / '1 Jul 2024'; `long` spells the month ('1 de julio de 2024')."""
    if day is None:
        return DASH
    locale = locale_for(lang)
    local = _local(day, timezone) if isinstance(day, datetime) else day
    return format_skeleton(_DATE_SKELETONS[long], local, locale=locale)


def time_text(
    moment: datetime | None, lang: str, timezone: str = DEFAULT_TIMEZONE, *, seconds: bool = False
) -> str:
    """'11:30' in the time zone (24-hour clock in both languages)."""
    if moment is None:
        return DASH
    locale = locale_for(lang)
    return format_skeleton(_TIME_SKELETONS[seconds], _local(moment, timezone), locale=locale)


def datetime_text(
    moment: datetime | None, lang: str, timezone: str = DEFAULT_TIMEZONE, *, seconds: bool = False
) -> str:
    """'1 jul 2024, 11:30' / '1 Jul 2024, 11:30', joined the way the locale joins them."""
    if moment is None:
        return DASH
    locale = locale_for(lang)
    local = _local(moment, timezone)
    day = format_skeleton(_DATE_SKELETONS[False], local, locale=locale)
    clock = format_skeleton(_TIME_SKELETONS[seconds], local, locale=locale)
    glue = str(locale.datetime_formats["medium"])
    return glue.replace("{1}", day).replace("{0}", clock)


def zone_text(moment: datetime, lang: str, timezone: str = DEFAULT_TIMEZONE) -> str:
    """The time zone's name at `moment`, as the locale says it ('hora de verano de Chile' /
    'Chile Summer Time'), not its id ('America/Santiago'), which readers do not speak; the id
    where the locale has no name for it."""
    try:
        return str(
            get_timezone_name(_local(moment, timezone), width="long", locale=locale_for(lang))
        )
    except (LookupError, ValueError):
        return timezone


def zone_name(timezone: str, lang: str) -> str:
    """A time zone as the locale names it, with the id a scenario file gives ('hora de Chile
    (America/Santiago)'), whatever the season; the id alone where the locale has no name for
    it ('UTC', not 'Unknown Region (UTC) Time')."""
    try:
        zone = ZoneInfo(timezone)
        name = str(get_timezone_name(zone, width="long", locale=locale_for(lang)))
        known = "Unknown" not in str(get_timezone_name(zone, width="long", locale="en"))
    except (LookupError, ValueError):
        return timezone
    return f"{name} ({timezone})" if known else timezone


def duration(seconds: float | None, lang: str) -> str:
    """How long something took: '0,4 s' / '0.4 s', '2 min 5 s', '1 h 2 min'.

    The unit symbols are SI and read the same in both languages.
    """
    check_language(lang)
    if seconds is None or not math.isfinite(seconds):
        return DASH
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative: {seconds!r}")
    if round(seconds, 1) < _MINUTE:
        return f"{number(seconds, lang, 1)} s"
    whole = round(seconds)
    if whole < _HOUR:
        minutes, rest = divmod(whole, _MINUTE)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(round(seconds / _MINUTE), _MINUTE)
    hours_text = number(hours, lang, 0)
    return f"{hours_text} h {rest} min" if rest else f"{hours_text} h"
