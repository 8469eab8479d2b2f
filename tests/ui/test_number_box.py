"""The number box's pure helpers: a number written the reader's way reads back as itself, and
what cannot be read, or is not allowed, is refused in the reader's words."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.ui import number_box
from prioritise.ui.number_box import AMOUNT, OPTIONAL_AMOUNT, POSITIVE, Allowed

FIELD = "Budget (M USD)"
LANGS = ("es", "en")


def _read(typed: str, lang: str, allowed: Allowed = AMOUNT) -> number_box.Reading:
    return number_box.read_number(typed, lang, FIELD, allowed)


@pytest.mark.parametrize(
    ("value", "lang", "written"),
    [
        (1.2, "es", "1,2"),
        (1.2, "en", "1.2"),
        (0.25, "es", "0,25"),
        (0.25, "en", "0.25"),
        (192.5, "es", "192,5"),
        (15.0, "es", "15"),
        (175.0, "en", "175"),
        (13.75, "es", "13,75"),
        (0.1 + 0.2, "en", "0.3"),  # no float noise: 0.30000000000000004
        (0.35 + 0.1, "es", "0,45"),  # 0.44999999999999996
        (1 / 3, "es", "0,333333333333333"),
        (1e-7, "es", "0,0000001"),
        (1500.0, "es", "1500"),
        (1234567.5, "es", "1234567,5"),
        (1e20, "en", "100000000000000000000"),
        (-0.0, "es", "0"),
        (None, "es", ""),
        (math.nan, "en", ""),
    ],
)
def test_a_number_is_written_exactly_the_languages_way(
    value: float | None, lang: str, written: str
) -> None:
    """Every digit the number has and none more, no thousands marks, no exponent."""
    assert number_box.number_text(value, lang) == written


def _written_by_hand(digits: int, exponent: int) -> float:
    """A number as someone would type it: at most 15 significant digits."""
    return float(f"{digits}e{exponent}")


def _significant(shown: str) -> int:
    return len(shown.replace(",", "").replace(".", "").strip("0"))


@settings(max_examples=300, deadline=None)
@given(
    value=st.builds(
        _written_by_hand,
        st.integers(min_value=0, max_value=10**15 - 1),
        st.integers(min_value=-20, max_value=6),
    ),
    lang=st.sampled_from(LANGS),
)
def test_a_number_typed_by_hand_reads_back_as_itself(value: float, lang: str) -> None:
    """Left alone, a box saves the number it showed: exactly the one the file holds."""
    shown = number_box.number_text(value, lang)
    assert ("." not in shown) if lang == "es" else ("," not in shown)
    assert "e" not in shown.lower()
    reading = _read(shown, lang)
    assert reading.problem is None and reading.value == value


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False),
        st.floats(min_value=0, max_value=1e-3, allow_nan=False, allow_infinity=False),
        st.builds(lambda a, b: a + b, st.floats(0, 1e6), st.floats(0, 1e6)),
    ),
    lang=st.sampled_from(LANGS),
)
def test_any_float_is_shown_without_noise_and_reads_back_as_what_was_shown(
    value: float, lang: str
) -> None:
    """A sum such as 0.1 + 0.2 shows as 0.3: at most 15 significant digits, within a float's
    last digits of the value, and showing what was read gives the same text."""
    shown = number_box.number_text(value, lang)
    assert _significant(shown) <= number_box.DIGITS
    reading = _read(shown, lang)
    assert reading.problem is None and reading.value is not None
    assert math.isclose(reading.value, value, rel_tol=1e-14, abs_tol=0)
    assert number_box.number_text(reading.value, lang) == shown


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [
        ("2,5", "es", 2.5),
        ("2.5", "es", 2.5),  # a lone point reads as decimal in Spanish too
        ("192,5", "es", 192.5),
        (" 3 ", "es", 3.0),
        ("0,25", "es", 0.25),
        ("1,500", "es", 1.5),  # a comma is the decimal mark in Spanish
        ("2.5", "en", 2.5),
        ("0.25", "en", 0.25),
        ("0", "en", 0.0),
        ("-0", "en", 0.0),
        ("1500", "en", 1500.0),
    ],
)
def test_a_typed_number_is_read_as_the_language_writes_numbers(
    typed: str, lang: str, read: float
) -> None:
    reading = _read(typed, lang)
    assert reading.problem is None
    assert reading.value == read
    assert reading.typed == typed


@pytest.mark.parametrize(
    ("typed", "lang", "said"),
    [
        ("1.500", "es", "Budget (M USD): «1.500» no es un número; escríbalo como 1,25"),
        ("1.234,5", "es", "«1.234,5» no es un número"),
        ("1,500", "en", "Budget (M USD): “1,500” is not a number; write it like 1.25"),
        ("1,234.5", "en", "“1,234.5” is not a number"),
        ("abc", "en", "“abc” is not a number"),
        ("doce", "es", "«doce» no es un número"),
        ("nan", "en", "“nan” is not a number"),
        ("inf", "es", "«inf» no es un número"),
        ("1e999", "en", "“1e999” is not a number"),
        ("-1", "en", "Budget (M USD): “-1” is less than 0; write a number of 0 or more."),
        ("-0,5", "es", "«-0,5» es menor que 0; escriba un número igual o mayor que 0."),
        ("", "en", "Budget (M USD): nothing was written; write a number such as 1.25."),
        ("  ", "es", "no se escribió nada; escriba un número como 1,25."),
    ],
)
def test_what_cannot_be_read_is_refused_naming_the_box_and_quoting_the_entry(
    typed: str, lang: str, said: str
) -> None:
    reading = _read(typed, lang)
    assert reading.value is None
    assert reading.problem is not None and said in reading.problem
    assert reading.typed == typed  # kept for correcting


def test_an_optional_box_left_empty_means_none_and_nothing_else_changes() -> None:
    assert _read("", "es", OPTIONAL_AMOUNT) == number_box.Reading("", None)
    assert _read("0,25", "es", OPTIONAL_AMOUNT).value == 0.25
    assert _read("-1", "en", OPTIONAL_AMOUNT).problem


@pytest.mark.parametrize(
    ("typed", "lang", "said"),
    [
        ("0", "en", "“0” is not more than 0; write a number greater than 0."),
        ("-3", "es", "«-3» no es mayor que 0; escriba un número mayor que 0."),
    ],
)
def test_a_positive_box_refuses_zero(typed: str, lang: str, said: str) -> None:
    reading = _read(typed, lang, POSITIVE)
    assert reading.value is None and reading.problem and said in reading.problem
    assert _read("0,5", "es", POSITIVE).value == 0.5


def test_an_upper_bound_is_written_the_languages_way() -> None:
    share = Allowed(most=2.5)
    assert _read("2,5", "es", share).value == 2.5
    problem = _read("2,75", "es", share).problem
    assert problem == (
        "Budget (M USD): «2,75» es mayor que 2,5; escriba un número igual o menor que 2,5."
    )


def test_the_quoted_entry_is_shown_as_typed_not_as_markdown_and_kept_short() -> None:
    problem = _read("*5*", "en").problem
    assert problem and "“\\*5\\*”" in problem
    long = _read("x" * 200, "es").problem
    assert long and "x" * 59 + "…" in long and "x" * 60 not in long


@pytest.mark.parametrize("lang", LANGS)
def test_the_help_gives_an_example_in_the_readers_writing(lang: str) -> None:
    example = "1,25" if lang == "es" else "1.25"
    assert number_box.example_text(lang) == example
    assert example in number_box.help_text(lang)
    own = number_box.help_text(lang, OPTIONAL_AMOUNT, "Its own words.")
    assert own.startswith("Its own words.\n\n") and example in own
    assert own != number_box.help_text(lang, AMOUNT, "Its own words.")  # says "empty: none"


def test_problem_lines_are_the_refusals_only() -> None:
    readings = [_read("1", "en"), _read("x", "en"), _read("", "en", OPTIONAL_AMOUNT)]
    (line,) = number_box.problem_lines(readings)
    assert line.startswith("- Budget (M USD): “x”")
