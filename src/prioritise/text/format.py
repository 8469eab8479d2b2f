"""Numbers, percentages and money written for the reader's language, all through Babel.

One function per kind of number, used everywhere (CLI, JSON messages, reports, app), so that a
page never shows "24.2 %" beside "175,0 MM USD". Every function takes ``lang`` ("es" or "en")
and returns an en dash for a missing value (None, NaN or infinite).

Rounding is half-up ("2,5" → "3"), as readers expect from a table, not Babel's default
half-even. Spanish puts a space before the percent sign ("24,2 %"): the RAE's rule and CLDR's
for ``es``, although CLDR's ``es_CL`` pattern omits it.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from decimal import Decimal
from functools import lru_cache
from typing import Final

from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from .languages import check_language, locale_for

DASH: Final = "–"

Amount = float | Decimal

# Abbreviations of the scenario's money unit, written before the currency code. Chile writes
# "MM" for millions (MMUS$) and "mil MM" for thousands of millions.
UNIT_WORDS: Final[dict[str, dict[int, str]]] = {
    "es": {1: "", 1_000: "mil", 1_000_000: "MM", 1_000_000_000: "mil MM"},
    "en": {1: "", 1_000: "k", 1_000_000: "M", 1_000_000_000: "bn"},
}
_PERCENT_SUFFIX: Final = {"es": "\u00a0%", "en": "%"}  # no break before the sign


_GROUPED: Final = {
    mark: re.compile(rf"[+-]?[1-9]\d{{0,2}}(?:{re.escape(mark)}\d{{3}})+") for mark in ",."
}


def may_group_thousands(typed: str, mark: str) -> bool:
    """Whether a number typed as text could be a whole number with `mark` ("," or ".")
    grouping its thousands: `1,500` or `1.500`, fifteen hundred to one reader and one and a
    half to another. Where the other reading is also possible, guessing could turn fifteen
    hundred into one and a half, so the readers of typed numbers refuse it."""
    return _GROUPED[mark].fullmatch(typed.strip()) is not None


def lone_decimal_comma(typed: str) -> bool:
    """Whether the comma of a number typed as text can only be a decimal comma: one comma, no
    point, and not `1,500` (`may_group_thousands`)."""
    shown = typed.strip()
    return shown.count(",") == 1 and "." not in shown and not may_group_thousands(shown, ",")


def _decimal(value: object) -> Decimal | None:
    """The value as an exact Decimal, or None when there is nothing to show."""
    if value is None:
        return None
    if isinstance(value, float):  # most figures (numpy's float64 too): before the slow ABCs
        return Decimal(repr(float(value))) if math.isfinite(value) else None
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, bool):
        raise TypeError("a bool is not a number to format")
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, numbers.Real):
        as_float = float(value)
        # repr gives the shortest decimal that reads back as the float: 0.1 stays 0.1.
        return Decimal(repr(as_float)) if math.isfinite(as_float) else None
    raise TypeError(f"cannot format {type(value).__name__} {value!r} as a number")


NOISE_PLACES = 6
"""Places beyond those shown at which a figure is first rounded: a solver's 8.749999999999998
for a floor of exactly 8.75 is shown as 8.8, like the 8.75 beside it, not as 8.7."""


def _rounded(value: Decimal, decimals: int) -> Decimal:
    """Half-up rounding to `decimals` places, after the float's noise far below them is
    rounded away; a result of zero loses its sign ("-0,0")."""
    if decimals < 0:
        raise ValueError(f"decimals must be zero or more, not {decimals}")
    places = decimals + NOISE_PLACES
    if value.adjusted() + places < decimal.getcontext().prec:  # room for the places
        value = value.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_EVEN)
    result = value.quantize(Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)
    return result if result != 0 else Decimal(0).quantize(result)


def rounded(value: float, decimals: int) -> float:
    """`value` as the functions here show it, rounded half-up to `decimals` places: for a
    figure the reader works out from shown ones (a difference of two shown indexes)."""
    exact = _decimal(value)
    return float(_rounded(exact, decimals)) if exact is not None else float(value)


def _pattern(decimals: int, signed: bool, suffix: str = "") -> str:
    """A CLDR number pattern: grouped, fixed decimals, an explicit plus sign when `signed`."""
    body = "#,##0" + ("." + "0" * decimals if decimals else "") + suffix
    return f"+{body};-{body}" if signed else body


@lru_cache(maxsize=8192)
def _babel(rounded: Decimal, pattern: str, lang: str, percent: bool) -> str:
    """Babel's text of an already rounded figure. Kept: a table of rules writes the same few
    figures thousands of times, and Babel parses its pattern on every call. (Decimals equal
    in value share an entry; the pattern fixes the places, so their texts are the same.)"""
    if percent:
        return format_percent(rounded / 100, format=pattern, locale=locale_for(lang))
    return format_decimal(rounded, format=pattern, locale=locale_for(lang))


def _format(value: Decimal, lang: str, decimals: int, signed: bool) -> str:
    rounded = _rounded(value, decimals)
    return _babel(rounded, _pattern(decimals, signed and rounded != 0), lang, False)


def significant_places(value: float, digits: int) -> int:
    """Decimals that write `value` to `digits` significant digits (none past the point for a
    figure with that many whole digits): 3 for 0.123456 at three (0.123), 0 for 1234.5."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(value))))


def exact_decimals(values: list[float], most: int) -> int:
    """The fewest decimals (up to `most`) that show every value without rounding it."""
    for decimals in range(most + 1):
        if all(abs(round(v, decimals) - v) < 1e-9 for v in values if math.isfinite(v)):
            return decimals
    return most


def units_adding_up(values: list[float], scale: int, total: int) -> list[int]:
    """`values` × `scale` as whole units that add up to `total` (largest remainders: each
    value rounded down, the units still missing to the ones that lost most)."""
    units = [math.floor(v * scale + 1e-9) for v in values]
    order = sorted(range(len(values)), key=lambda k: values[k] * scale - units[k], reverse=True)
    for k in order[: max(0, total - sum(units))]:
        units[k] += 1
    return units


def shares_adding_up(shares: list[float], decimals: int = 0) -> list[Decimal]:
    """Shares of one that add up to one, rounded to `decimals` places of a percentage so
    that, as written, they add up to 100 % (largest remainders take the last unit: 36 %,
    25 %, 25 %, 14 %, not 36 + 25 + 25 + 13 = 99 %). Shares that do not add up to one are
    rounded one by one."""
    scale = 10 ** (decimals + 2)
    finite = all(math.isfinite(v) and v >= 0 for v in shares)
    if not shares or not finite or abs(sum(shares) - 1.0) > 1e-9:
        return [
            Decimal(round(v * scale)) / scale if math.isfinite(v) else Decimal(v) for v in shares
        ]
    units = units_adding_up(shares, scale, scale)
    return [Decimal(u) / scale for u in units]


def number(value: Amount | None, lang: str, decimals: int = 1, *, signed: bool = False) -> str:
    """'175,5' / '175.5', thousands grouped ('7.112.808'); `signed` writes a gain as '+1,5'."""
    check_language(lang)
    exact = _decimal(value)
    return DASH if exact is None else _format(exact, lang, decimals, signed)


def integer(value: Amount | None, lang: str, *, signed: bool = False) -> str:
    """A count or whole amount: '7.112.808' / '7,112,808'."""
    return number(value, lang, 0, signed=signed)


def percent_sign(lang: str) -> str:
    """What follows a percentage's digits: ' %' with a no-break space in Spanish, '%' in
    English; for formats written elsewhere (a slider's, a spreadsheet's) to agree with
    `percent`."""
    check_language(lang)
    return _PERCENT_SUFFIX[lang]


def percent(share: Amount | None, lang: str, decimals: int = 1, *, signed: bool = False) -> str:
    """A share of one as a percentage: 0.242 → '24,2 %' / '24.2%'."""
    check_language(lang)
    exact = _decimal(share)
    if exact is None:
        return DASH
    rounded = _rounded(exact * 100, decimals)
    pattern = _pattern(decimals, signed and rounded != 0, _PERCENT_SUFFIX[lang])
    return _babel(rounded, pattern, lang, True)


def _unit_key(unit: float) -> int | None:
    return int(unit) if float(unit).is_integer() and int(unit) in UNIT_WORDS["en"] else None


def money_unit(unit: float, currency: str, lang: str) -> str:
    """The unit of a money column: 'MM USD' / 'M USD' when amounts are in millions."""
    check_language(lang)
    if unit <= 0 or not math.isfinite(unit):
        raise ValueError(f"a money unit must be a positive number, not {unit!r}")
    key = _unit_key(unit)
    word = UNIT_WORDS[lang][key] if key is not None else f"× {number(unit, lang, 0)}"
    return f"{word} {currency}".strip()


def money(
    amount: Amount | None,
    unit: float,
    currency: str,
    lang: str,
    decimals: int | None = None,
    *,
    signed: bool = False,
) -> str:
    """An amount in the scenario's unit: 175 with unit 1e6 → '175,0 MM USD' / '175.0 M USD'.

    Without `decimals`, amounts in a multiple unit get one decimal and plain amounts (unit 1)
    none, since '12.500.000 CLP' needs no cents.
    """
    places = decimals if decimals is not None else (0 if unit == 1 else 1)
    unit_text = money_unit(unit, currency, lang)
    text = number(amount, lang, places, signed=signed)
    return DASH if text == DASH else f"{text} {unit_text}"


def decimal_mark(lang: str) -> str:
    """The language's decimal mark, from its locale: what a number typed in a box uses."""
    return str(get_decimal_symbol(locale_for(lang)))


def plotly_separators(lang: str) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands mark) from the locale."""
    locale = locale_for(lang)
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def share_decimals(shares: list[float], most: int = 1) -> int:
    """The fewest decimals of a percent, up to `most`, at which `shares` are shown adding up
    to 100 % (`most` when none does): 35 %, 22 %, 22 % and 22 % invite the question where the
    extra point came from, and 34.8 %, 21.7 %, 21.7 %, 21.7 % do not. Equal shares are always
    shown equal, which forcing whole percents to add up would break. Shares that do not add
    up to 1 (all of them 0) get whole percents."""
    if abs(sum(shares) - 1) > 1e-9:
        return 0
    for decimals in range(most + 1):
        shown = sum(round(100 * share, decimals) for share in shares)
        if abs(shown - 100) < 10 ** -(decimals + 3):
            return decimals
    return most
