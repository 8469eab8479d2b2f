"""The two interface languages and the Babel locale each one is formatted in.

English uses ``en_GB``: the project writes British English (programme, prioritise, centre),
and en_GB dates read day-first on a 24-hour clock ("1 Jul 2024, 11:30"), the order Chilean
readers also use; numbers are the same as in ``en_US``. Spanish uses ``es_CL``.
"""

from __future__ import annotations

from typing import Final

from babel import Locale

LANGUAGES: Final = ("es", "en")
DEFAULT_LANGUAGE: Final = "es"
DEFAULT_TIMEZONE: Final = "America/Santiago"
LOCALES: Final = {"es": "es_CL", "en": "en_GB"}

_PARSED: Final = {lang: Locale.parse(code) for lang, code in LOCALES.items()}


def check_language(lang: str) -> str:
    """`lang` itself, or a ValueError: a wrong code is a programming error, not a fallback."""
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return lang


def locale_for(lang: str) -> Locale:
    """The Babel locale that formats numbers and dates for `lang`."""
    return _PARSED[check_language(lang)]
