"""Numbers, percentages and money as Babel writes them for Chilean Spanish and English."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from prioritise.text import (
    DASH,
    LOCALES,
    integer,
    money,
    money_unit,
    number,
    percent,
    plotly_separators,
    significant_places,
)
from prioritise.text.format import NOISE_PLACES


@pytest.mark.parametrize(
    ("value", "es", "en"),
    [
        (7112808, "7.112.808", "7,112,808"),
        (7112808.4, "7.112.808", "7,112,808"),
        (-7112808, "-7.112.808", "-7,112,808"),
        (2.5, "3", "3"),
        (0, "0", "0"),
    ],
)
def test_integer(value: float, es: str, en: str) -> None:
    assert integer(value, "es") == es
    assert integer(value, "en") == en


@pytest.mark.parametrize(
    ("value", "decimals", "es", "en"),
    [
        (175.5, 1, "175,5", "175.5"),
        (1234.56, 1, "1.234,6", "1,234.6"),
        (-1234.56, 2, "-1.234,56", "-1,234.56"),
        (0.125, 2, "0,13", "0.13"),
        (-0.04, 1, "0,0", "0.0"),
        (Decimal("1e6"), 0, "1.000.000", "1,000,000"),
    ],
)
def test_number(value: float, decimals: int, es: str, en: str) -> None:
    assert number(value, "es", decimals) == es
    assert number(value, "en", decimals) == en


@pytest.mark.parametrize(
    ("share", "decimals", "es", "en"),
    [
        (0.242, 1, "24,2\u00a0%", "24.2%"),
        (0.00077, 3, "0,077\u00a0%", "0.077%"),
        (1, 0, "100\u00a0%", "100%"),
        (-0.05, 1, "-5,0\u00a0%", "-5.0%"),
        (12.5, 1, "1.250,0\u00a0%", "1,250.0%"),
    ],
)
def test_percent(share: float, decimals: int, es: str, en: str) -> None:
    assert percent(share, "es", decimals) == es
    assert percent(share, "en", decimals) == en


@pytest.mark.parametrize(
    ("amount", "unit", "currency", "es", "en"),
    [
        (175.0, 1_000_000, "USD", "175,0 MM USD", "175.0 M USD"),
        (175.0, 1e6, "USD", "175,0 MM USD", "175.0 M USD"),
        (12.34, 1_000, "PEN", "12,3 mil PEN", "12.3 k PEN"),
        (2.5, 1_000_000_000, "EUR", "2,5 mil MM EUR", "2.5 bn EUR"),
        (12_500_000, 1, "CLP", "12.500.000 CLP", "12,500,000 CLP"),
        (-3.25, 1_000_000, "USD", "-3,3 MM USD", "-3.3 M USD"),
        (3, 10_000, "USD", "3,0 × 10.000 USD", "3.0 × 10,000 USD"),
    ],
)
def test_money(amount: float, unit: float, currency: str, es: str, en: str) -> None:
    assert money(amount, unit, currency, "es") == es
    assert money(amount, unit, currency, "en") == en


def test_money_decimals_and_unit_header() -> None:
    assert money(175, 1_000_000, "USD", "es", 2) == "175,00 MM USD"
    assert money(175.4, 1, "USD", "en", 1) == "175.4 USD"
    assert money_unit(1_000_000, "USD", "es") == "MM USD"
    assert money_unit(1_000_000, "USD", "en") == "M USD"
    assert money_unit(1, "CLP", "es") == "CLP"
    with pytest.raises(ValueError, match="positive"):
        money_unit(0, "USD", "es")


def test_signed_values_show_a_plus_for_gains_and_no_sign_for_zero() -> None:
    assert number(1.5, "es", signed=True) == "+1,5"
    assert number(-1.5, "en", signed=True) == "-1.5"
    assert number(0.04, "es", signed=True) == "0,0"
    assert percent(0.025, "es", signed=True) == "+2,5\u00a0%"
    assert percent(0.025, "en", signed=True) == "+2.5%"
    assert money(12.0, 1e6, "USD", "es", signed=True) == "+12,0 MM USD"
    assert integer(-3, "en", signed=True) == "-3"


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, -math.inf, Decimal("NaN")])
def test_missing_values_are_a_dash(missing: float | None) -> None:
    for lang in ("es", "en"):
        assert number(missing, lang) == DASH
        assert integer(missing, lang) == DASH
        assert percent(missing, lang) == DASH
        assert money(missing, 1e6, "USD", lang) == DASH
    assert DASH == "\u2013"


def test_plotly_separators() -> None:
    assert plotly_separators("es") == ",."
    assert plotly_separators("en") == ".,"


def test_wrong_inputs_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        number(1, "fr")
    with pytest.raises(TypeError):
        number("12", "es")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number(True, "es")
    with pytest.raises(ValueError, match="decimals"):
        number(1, "es", -1)


def test_numpy_numbers_format_like_python_numbers() -> None:
    np = pytest.importorskip("numpy")
    assert integer(np.int64(7112808), "es") == "7.112.808"
    assert number(np.float64(0.1) * 3, "en", 2) == "0.30"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 4))
def test_spanish_and_english_differ_only_in_separators(value: float, decimals: int) -> None:
    es, en = number(value, "es", decimals), number(value, "en", decimals)
    swapped = en.replace(",", "\0").replace(".", ",").replace("\0", ".")
    assert es == swapped
    read_back = parse_decimal(en, locale=LOCALES["en"])
    # half a unit of the last place shown, and the noise rounded away far below it
    noise = Decimal(1).scaleb(-decimals - NOISE_PLACES)
    assert abs(read_back - Decimal(repr(value))) <= Decimal(1).scaleb(-decimals) / 2 + noise


def test_a_solvers_noise_does_not_decide_the_rounding() -> None:
    """Two regions on the same floor of exactly 8.75, one read back from the solver as
    8.749999999999998, are shown alike; a figure genuinely below the half stays below."""
    assert number(8.749999999999998, "es", 1) == number(8.75, "es", 1) == "8,8"
    assert number(8.7499, "en", 1) == "8.7"
    assert number(-0.15000000000000002, "en", 1) == "-0.2"
    assert percent(0.024999999999999998, "en", 0) == "3%"
    assert money(8.749999999999998, 1e6, "USD", "en") == "8.8 M USD"
    assert number(1e27 + 0.5, "en", 0) == "1,000,000,000,000,000,000,000,000,000"


@given(st.floats(min_value=-10, max_value=10, allow_nan=False), st.integers(0, 3))
def test_percent_is_the_number_times_one_hundred(share: float, decimals: int) -> None:
    assert (
        percent(share, "es", decimals)
        == number(Decimal(repr(share)) * 100, "es", decimals) + "\u00a0%"
    )
    assert (
        percent(share, "en", decimals) == number(Decimal(repr(share)) * 100, "en", decimals) + "%"
    )


def test_significant_places_keep_the_digits_asked_for() -> None:
    assert [significant_places(v, 3) for v in (0.123456, 32.8125, 262.5, 1234.5)] == [3, 1, 0, 0]
    assert significant_places(0.0, 3) == 0 and significant_places(math.inf, 3) == 0
    assert significant_places(-0.00213, 2) == 4
