"""Message parameters that are written out only once the reader's language is known.

Library code builds a message without knowing who will read it: it wraps a number as
``Money(175, 1e6, "USD")`` or ``Percent(0.242)`` and the wrapper writes itself in the language
asked for at render time. Each wrapper is a small frozen (picklable) dataclass with
``text(lang)``; anything else with such a method (a nested ``Message``) is rendered the same
way, and scenario items are shown by their ``names`` in that language.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal, Protocol, runtime_checkable

from babel.lists import format_list

from . import dates, format
from .languages import DEFAULT_TIMEZONE, check_language, locale_for


@runtime_checkable
class Localizable(Protocol):
    """Anything that can write itself in a given language."""

    def text(self, lang: str) -> str: ...


@runtime_checkable
class Named(Protocol):
    """A scenario item: its display names by language (``names = { es, en }``)."""

    @property
    def names(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class Number:
    value: float | Decimal | None
    decimals: int = 1
    signed: bool = False

    def text(self, lang: str) -> str:
        return format.number(self.value, lang, self.decimals, signed=self.signed)


@dataclass(frozen=True)
class Integer:
    value: float | Decimal | None
    signed: bool = False

    def text(self, lang: str) -> str:
        return format.integer(self.value, lang, signed=self.signed)


@dataclass(frozen=True)
class Percent:
    share: float | Decimal | None
    decimals: int = 1
    signed: bool = False

    def text(self, lang: str) -> str:
        return format.percent(self.share, lang, self.decimals, signed=self.signed)


@dataclass(frozen=True)
class Money:
    amount: float | Decimal | None
    unit: float
    currency: str
    decimals: int | None = None
    signed: bool = False

    def text(self, lang: str) -> str:
        return format.money(
            self.amount, self.unit, self.currency, lang, self.decimals, signed=self.signed
        )


@dataclass(frozen=True)
class MoneyUnit:
    unit: float
    currency: str

    def text(self, lang: str) -> str:
        return format.money_unit(self.unit, self.currency, lang)


@dataclass(frozen=True)
class Date:
    day: date | datetime | None
    timezone: str = DEFAULT_TIMEZONE
    long: bool = False

    def text(self, lang: str) -> str:
        return dates.date_text(self.day, lang, self.timezone, long=self.long)


@dataclass(frozen=True)
class Time:
    moment: datetime | None
    timezone: str = DEFAULT_TIMEZONE
    seconds: bool = False

    def text(self, lang: str) -> str:
        return dates.time_text(self.moment, lang, self.timezone, seconds=self.seconds)


@dataclass(frozen=True)
class DateTime:
    moment: datetime | None
    timezone: str = DEFAULT_TIMEZONE
    seconds: bool = False

    def text(self, lang: str) -> str:
        return dates.datetime_text(self.moment, lang, self.timezone, seconds=self.seconds)


@dataclass(frozen=True)
class Duration:
    seconds: float | None

    def text(self, lang: str) -> str:
        return dates.duration(self.seconds, lang)


_SEPARATOR = re.compile(r",(?!\d)")
"""A comma that reads as one between list items: not a decimal comma ('1,35 MM USD') or a
thousands mark ('1,500'), which stand between digits."""
_JOINING = {"es": re.compile(r"\b[yeou]\b"), "en": re.compile(r"\b(?:and|or)\b")}
"""The words that join a list's last item, inside an item: "Pesca y acuicultura"."""
_QUOTES = {"es": ("«", "»"), "en": ("'", "'")}
"""How a name is quoted where two would otherwise read as three (messages quote names so)."""


@dataclass(frozen=True)
class ListOf:
    """Several values as one phrase: 'Antofagasta, Biobío y Los Ríos' / '… and Los Ríos'."""

    items: Sequence[object]
    joiner: Literal["and", "or"] = "and"

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))

    def text(self, lang: str) -> str:
        words = [value_text(item, lang) for item in self.items]
        style: Literal["standard", "or"] = "standard" if self.joiner == "and" else "or"
        joining = _JOINING.get(lang[:2], _JOINING["en"])
        if len(words) < 2 or not any(_SEPARATOR.search(w) or joining.search(w) for w in words):
            return format_list(words, style=style, locale=locale_for(lang))
        if len(words) > 2:
            # names with commas ('Piloto de riego eficiente, Maule') or with the joining word
            # ('Pesca y acuicultura') are told apart by semicolons, the last one too: "…; y …"
            pair = format_list(["{0}", "{1}"], style=style, locale=locale_for(lang))
            return pair.replace("{0}", "; ".join(words[:-1]) + ";").replace("{1}", words[-1])
        # two would read as three: each in quotes, as messages quote the names they cite
        opening, closing = _QUOTES.get(lang[:2], _QUOTES["en"])
        words = [f"{opening}{word}{closing}" for word in words]
        return format_list(words, style=style, locale=locale_for(lang))


def name_of(item: Named, lang: str) -> str:
    """An item's name in `lang`; the file's own ``name`` when it gives no translation."""
    check_language(lang)
    translated = item.names.get(lang)
    if translated:
        return translated
    own = getattr(item, "name", None)
    if isinstance(own, str) and own:
        return own
    others = [text for text in item.names.values() if text]
    if others:
        return others[0]
    raise ValueError(f"{type(item).__name__} has no name to show in {lang!r}")


_KINDS: dict[type, str] = {}
"""What each type of parameter is, learnt once: `isinstance` against a protocol is slow."""


def _kind(value: object) -> str:
    """str, localizable, named, integral, or what is wrong with it (bool, number, other)."""
    kind = _KINDS.get(type(value))
    if kind is None:
        if isinstance(value, str):
            kind = "str"
        elif isinstance(value, Localizable):
            kind = "localizable"
        elif isinstance(value, Named):
            kind = "named"
        elif isinstance(value, bool):
            kind = "bool"
        elif isinstance(value, numbers.Integral):
            kind = "integral"
        elif isinstance(value, numbers.Number | Decimal):
            kind = "number"
        else:
            return "other"  # not remembered: an instance may gain the attributes later
        _KINDS[type(value)] = kind
    return kind


def check_value(value: object) -> None:
    """A TypeError unless `value` can be shown in a message (see ``value_text``)."""
    kind = _kind(value)
    if kind in ("str", "localizable", "named", "integral"):
        return
    if kind == "bool":
        raise TypeError("a bool is not message text: choose the words with a message id")
    if kind == "number":
        raise TypeError(
            f"{value!r} needs a format: wrap it in Number, Percent or Money, "
            "or format it with prioritise.text.format first"
        )
    raise TypeError(f"cannot show a {type(value).__name__} in a message: {value!r}")


def value_text(value: object, lang: str) -> str:
    """One message parameter written in `lang`.

    Strings are shown as given and whole numbers as plain digits (years, small counts); a
    float is refused, because only the caller knows whether it is a share, money or a score:
    wrap it in ``Number``, ``Percent`` or ``Money``.
    """
    check_language(lang)
    check_value(value)
    kind = _kind(value)
    if kind == "str":
        return str(value)
    if kind == "localizable":
        return value.text(lang)  # type: ignore[attr-defined]
    if kind == "named":
        return name_of(value, lang)  # type: ignore[arg-type]
    if kind == "integral":
        return str(int(value))  # type: ignore[call-overload]
    raise AssertionError(f"check_value let {value!r} through")
