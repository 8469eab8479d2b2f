"""Number boxes that write and read decimals the reader's way.

`st.number_input` writes its number with the browser's sprintf, whose decimal mark is a point
in every language ("0.25" on a Spanish screen where every other figure reads "0,25"), and no
parameter changes that. A number box is a text box instead: it shows the number exactly, with
the language's decimal mark and no thousands marks, and reads what is typed as the spreadsheet
import reads a typed number (`parse_number`).

What cannot be read, or lies outside what the box allows, comes back as a problem in the
reader's words that names the box and quotes what was typed: the caller refuses the whole form
with it, applies nothing, and the box keeps what was typed for correcting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from prioritise.scenario.sheet_columns import parse_number
from prioritise.text import decimal_mark
from prioritise.ui import i18n, state, widgets

tr = i18n.page_text("number_box")

EXAMPLE = 1.25
"""The number every box's help writes as an example ("1,25" in Spanish): it has decimals."""
QUOTED_CHARS = 60
"""The most of a refused entry a message quotes (a paste of a whole paragraph stays short)."""
DIGITS = 15
"""Significant digits a box writes at most: every number typed with this many or fewer reads
back as itself (a float holds 15 decimal digits), and the noise of arithmetic in the last two
of a float's 17 (0.1 + 0.2 = 0.30000000000000004) is left out."""


@dataclass(frozen=True)
class Allowed:
    """The numbers a box takes: `least` or more, more than `above`, at most `most` (None: no
    such bound); with `optional`, an empty box too (read as None)."""

    least: float | None = 0.0
    above: float | None = None
    most: float | None = None
    optional: bool = False
    whole: bool = False
    """Whole numbers only (a count): '1.500' and '1,5' are refused, never read as 1 or 15."""
    example: float = 150
    """The whole number the help and the refusals give as an example (a year: 2025)."""


AMOUNT = Allowed()
"""Zero or more: an amount of money, an influence."""
POSITIVE = Allowed(least=None, above=0.0)
"""More than zero: a budget to optimise."""
OPTIONAL_AMOUNT = Allowed(optional=True)
"""Zero or more, or nothing: a limit that may be left out."""


@dataclass(frozen=True)
class Reading:
    """What a box holds: the number read (None when refused or left empty) and, when refused,
    the reason, a Markdown sentence in the reader's language."""

    typed: str
    value: float | None
    problem: str | None = None


def number_text(value: float | None, lang: str) -> str:
    """A number as its box shows it: the digits it was written with, so that it reads back the
    same (1.2, not 1.20), without float noise (0.3, not 0.30000000000000004; see `DIGITS`),
    the language's decimal mark, no thousands marks, no exponent; empty for None."""
    if value is None or not math.isfinite(value):
        return ""
    number = float(value) + 0.0  # -0.0 is shown as 0
    exact = Decimal(repr(number))  # the shortest digits that read back as this float
    if len(exact.as_tuple().digits) > DIGITS:
        exact = Decimal(format(number, f".{DIGITS}g"))
    written = format(exact, "f")
    written = written.rstrip("0").rstrip(".") if "." in written else written
    return written.replace(".", decimal_mark(lang))


def example_text(lang: str) -> str:
    """The example the help and the messages give, in the language's writing ('1,25')."""
    return number_text(EXAMPLE, lang)


def _example(allowed: Allowed, lang: str) -> str:
    """The example a box's help and refusals give: a whole number for a count or a year."""
    return number_text(allowed.example, lang) if allowed.whole else example_text(lang)


def _quoted(typed: str) -> str:
    shown = typed if len(typed) <= QUOTED_CHARS else typed[: QUOTED_CHARS - 1] + "…"
    return widgets.plain_markdown(shown)


def read_number(typed: str, lang: str, field: str, allowed: Allowed = AMOUNT) -> Reading:
    """What was typed in the box labelled `field`: '1,2' (or '1.2') in Spanish, '1.2' in
    English. Thousands marks are refused ('1.500' could be fifteen hundred or one and a half),
    as are words, numbers outside `allowed` and, unless optional, an empty box."""
    entry = typed.strip()
    example = _example(allowed, lang)
    said = {"field": field, "value": _quoted(entry), "example": example}
    if not entry:
        if allowed.optional:
            return Reading(typed, None)
        return Reading(typed, None, tr("empty", lang, field=field, example=example))
    value = parse_number(entry, decimal_comma=decimal_mark(lang) == ",")
    if value is None or not math.isfinite(value):
        return Reading(typed, None, tr("unread", lang, **said))
    value += 0.0  # "-0" is 0
    if allowed.least is not None and value < allowed.least:
        least = number_text(allowed.least, lang)
        return Reading(typed, None, tr("below", lang, **said, least=least))
    if allowed.above is not None and value <= allowed.above:
        above = number_text(allowed.above, lang)
        return Reading(typed, None, tr("not_above", lang, **said, above=above))
    if allowed.most is not None and value > allowed.most:
        most = number_text(allowed.most, lang)
        return Reading(typed, None, tr("above_most", lang, **said, most=most))
    if allowed.whole and not value.is_integer():
        return Reading(typed, None, tr("not_whole", lang, **said))
    return Reading(typed, value)


def help_text(lang: str, allowed: Allowed = AMOUNT, own: str | None = None) -> str:
    """A box's help: its own words, then how to write a number there, with an example."""
    key = "help_optional" if allowed.optional else "help"
    if allowed.whole:
        key = "help_optional_whole" if allowed.optional else "help_whole"
    how = tr(key, lang, example=_example(allowed, lang))
    return f"{own}\n\n{how}" if own else how


def shown_key(value: float | None, lang: str, *parts: object) -> str:
    """The key of a box showing `value` (`state.widget_key` of `parts`), tied to the text it
    shows: a box follows a changed value, and after a switch of language it keeps what was
    typed in it where its number reads the same ("150", an empty box) and shows the number
    afresh where the decimal mark changes ("0,25" would stay on an English screen)."""
    return state.widget_key(*parts, number_text(value, lang))


def problem_lines(readings: Sequence[Reading]) -> list[str]:
    """The refusals among `readings`, as Markdown bullets for `widgets.show_lines`."""
    return [f"- {reading.problem}" for reading in readings if reading.problem]


def number_box(
    label: str,
    value: float | None,
    *,
    key: str,
    allowed: Allowed = AMOUNT,
    help: str | None = None,
    where: DeltaGenerator | None = None,
    placeholder: str | None = None,
) -> Reading:
    """A text box for a number, drawn in `where` (the page by default), showing `value` the
    reader's way, read back into a `Reading`. Give `value` None where the page keeps the text
    in `st.session_state[key]` itself. Inside a form, what was typed stays until the key
    changes: give a key that changes with the value shown, so that the box follows a changed
    scenario and keeps what was typed when nothing was applied."""
    lang = i18n.current_language()
    draw = st.text_input if where is None else where.text_input
    typed = draw(
        label,
        value=number_text(value, lang),
        key=key,
        help=help_text(lang, allowed, help),
        placeholder=placeholder,
    )
    return read_number(typed, lang, label, allowed)
