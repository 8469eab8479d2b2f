"""The command line's numbers and output paths, checked before any work starts.

argparse reads every number as text here (`type=str`), so that `nan`, `inf`, `1e400`, `-5`,
`0` or a word each get one plain sentence naming the argument, in the command's language,
instead of argparse's English or a silent `nan` (a time limit of `nan` once meant none). The
bounds are documented in README.md ("Command line").

Every decimal number typed on the command line is read by `read_decimal`: with a decimal point
(`150.5`) or, as Spanish writes it, a decimal comma (`150,5`) when the comma is its only mark (a
single comma and no point) and not three digits after it (`1,500` could group thousands); `1,500`,
`1.500` (fifteen hundred as Spanish groups it), `1.500,5` or `1,5,0` are refused, naming the
option. A list of
amounts (`--budgets 50,175.5,700`) keeps the comma as its separator, so its decimals take a
point, unless its amounts are separated by semicolons (`--budgets "50;175,5;700"`).
"""

from __future__ import annotations

import argparse
import errno
import math
import os
import re
import sys
from pathlib import Path

from prioritise.cli.common import UsageError, language
from prioritise.text import (
    Integer,
    ListOf,
    Message,
    Number,
    Percent,
    exact_decimals,
    lone_decimal_comma,
    may_group_thousands,
    msg,
)

MAX_AMOUNT = 1e15
"""The largest budget, in the scenario's unit: a scenario's own numbers stop there too."""
MAX_SECONDS = 86_400.0
"""The longest time any option may give: a day."""
MAX_WORKERS = 256
"""The most worker processes: far more than any machine's cores."""
REPORT_SUFFIXES = (".xlsx", ".csv", ".md")


def read_decimal(given: str | float) -> float | None:
    """A decimal number as typed, `150.5` or `150,5` (a single comma and no point: a decimal
    comma), or None when it cannot be read as one; `nan` and `inf` are read, for the caller to
    refuse in its own words. `1,500` is None: a thousands separator to one reader, a decimal
    comma to another, and guessing would turn fifteen hundred into one and a half; `1.500`
    likewise, since a decimal comma is read here too."""
    if isinstance(given, int | float):
        return float(given)
    text = given.strip()
    if may_group_thousands(text, "."):  # '1.500', as a Spanish reader groups fifteen hundred
        return None
    if "," in text:
        if not lone_decimal_comma(text):
            return None
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _number(given: str | float | None, name: str) -> float | None:
    if given is None:
        return None
    value = read_decimal(given)
    if value is None:
        raise UsageError("cli.usage.not_a_number", name=name, given=str(given))
    if not math.isfinite(value):
        raise UsageError("cli.usage.not_finite", name=name, given=str(given))
    return value


def amount(given: str | float | None, name: str = "--budget") -> float | None:
    """A budget: finite, above 0, at most `MAX_AMOUNT`."""
    value = _number(given, name)
    if value is None:
        return None
    if value <= 0:
        raise UsageError("cli.usage.budget_positive")
    if value > MAX_AMOUNT:
        raise UsageError("cli.usage.too_large", name=name, most=Number(MAX_AMOUNT, 0))
    return value


def seconds(
    given: str | float | None, name: str, below: str, *, zero: bool = False
) -> float | None:
    """A time in seconds: finite, above 0 (or 0 where `zero`), at most `MAX_SECONDS`; the
    message `below` names the argument when it is too small."""
    value = _number(given, name)
    if value is None:
        return None
    if value < 0 or (value == 0 and not zero):
        raise UsageError(below)
    if value > MAX_SECONDS:
        raise UsageError("cli.usage.too_many_seconds", name=name, most=Integer(MAX_SECONDS))
    return value


def fraction(given: str | float | None, name: str) -> float | None:
    """A fraction from 0 (included) to 1 (excluded), e.g. a MIP gap."""
    value = _number(given, name)
    if value is not None and not 0 <= value < 1:
        raise UsageError(
            "cli.usage.gap_fraction", example=Number(0.001, 3), share=Percent(0.001, 1)
        )
    return value


def count(given: str | int | None, name: str, most: int, below: str) -> int | None:
    """A whole number from 1 to `most`; the message `below` names the argument below 1."""
    if given is None:
        return None
    try:
        value = int(str(given).strip())
    except ValueError:
        raise UsageError("cli.usage.not_whole", name=name, given=str(given)) from None
    if value < 1:
        raise UsageError(below)
    if value > most:
        raise UsageError("cli.usage.count_range", name=name, most=Integer(most))
    return value


def report_path(given: str | None) -> Path | None:
    """Where `--out` writes: a file name with a report's suffix, in a folder that exists and
    can be written to."""
    if given is None:
        return None
    out = Path(given)
    if out.suffix.lower() not in REPORT_SUFFIXES:
        raise UsageError("cli.usage.out_suffix", given=out.name)
    if out.is_dir():
        raise UsageError("cli.usage.out_is_folder", given=str(out))
    folder = out.parent
    if not folder.is_dir():
        raise UsageError("cli.usage.out_no_folder", folder=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError("cli.usage.out_read_only", folder=str(folder))
    return out


def unwritten(out: Path, error: OSError) -> UsageError:
    """`--out` that could not be written, in words (never the OS's, nor a temporary name)."""
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UsageError("cli.usage.out_read_only", folder=str(out.parent))
    if error.errno == errno.ENOSPC:
        return UsageError("cli.usage.out_full", path=str(out))
    return UsageError("cli.usage.out_failed", path=str(out))


TWO_OR_ONE = re.compile(r"\s*[1-9]\d*\s*,\s*\d{1,2}\s*")
"""`150,5` or `100,50`: two budgets as the list reads them, one budget with a decimal comma
as a Spanish reader writes it."""


def budgets_note(text: str) -> Message | None:
    """A note for a list of budgets that reads as two amounts but could be one written with a
    decimal comma (`--budgets 150,5`: 150 and 5, or 150,5): it says how it was read and how
    to write the other, so that a sweep of the wrong budgets is not run unnoticed."""
    if not TWO_OR_ONE.fullmatch(text):
        return None
    first, second = (read_decimal(part) for part in text.split(","))
    one = read_decimal(text)
    if first is None or second is None or one is None:
        return None
    return msg(
        "cli.usage.budgets_two_or_one",
        given=text,
        first=Number(first, 0),
        second=Number(second, 0),
        one=Number(one, exact_decimals([one], 2)),
        semicolon=f"{text.strip()};",
        point=text.strip().replace(",", "."),
    )


def budgets_from(text: str) -> list[float]:
    """`--budgets 50,175.5,700` as amounts, each above 0, finite and within the largest amount;
    the comma separates them, so each takes a decimal point. With a semicolon in the list, the
    semicolon separates them and each may take a decimal comma (`50;175,5;700`), as a Spanish
    spreadsheet writes a list: `150,5` alone is two budgets, `150,5;200` two others. An empty
    item (`50,,70`) is refused, naming where it is; one separator may end the list."""
    separator = ";" if ";" in text else ","
    parts = text.split(separator)
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()  # one separator may end the list: `150,5;` is one budget
    empty = [Integer(k) for k, part in enumerate(parts, 1) if not part.strip()]
    if empty and text.strip():
        raise UsageError(
            "cli.usage.budgets_empty", count=len(empty), positions=ListOf(empty), given=text
        )
    read = [read_decimal(part) for part in parts if part.strip()]
    budgets = [b for b in read if b is not None]
    if len(budgets) < len(read):
        raise UsageError("cli.usage.budgets_numbers", given=text)
    if not all(math.isfinite(b) for b in budgets):
        raise UsageError("cli.usage.not_finite", name="--budgets", given=text)
    if any(b > MAX_AMOUNT for b in budgets):
        raise UsageError("cli.usage.too_large", name="--budgets", most=Number(MAX_AMOUNT, 0))
    if not budgets or any(b <= 0 for b in budgets):
        raise UsageError("cli.usage.budgets_positive", given=text)
    return budgets


def budgets_given(args: argparse.Namespace, command: str) -> list[float] | None:
    """`--budgets` read (`budgets_from`), None when not given; with a note on standard error
    when the list could have meant one budget with a decimal comma (`budgets_note`)."""
    if args.budgets is None:
        return None
    budgets = budgets_from(args.budgets)
    note = budgets_note(args.budgets)
    if note is not None:
        print(f"prioritise {command}: {note.text(language(args))}", file=sys.stderr)
    return budgets
