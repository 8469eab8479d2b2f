"""A located problem of a scenario file, and the small helpers its messages share.

Checks across sections (`checks`), the shape checks (`io`) and callers that report their own
problems all speak through `Problem`: a TOML location and a message, written out in the
reader's language only when shown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from prioritise.scenario.toml_lines import line_of, value_lines
from prioritise.text import Integer, LocalizedError, Message, Number, msg, t

Severity = Literal["error", "warning"]

_PLACES = (
    (re.compile(r"line (\d+), column (\d+)"), "scenario.location.line_column"),
    (re.compile(r"line (\d+)"), "scenario.location.line"),
    (re.compile(r"byte (\d+)"), "scenario.location.byte"),
)


TOP_LEVEL = "(top level)"
"""The location of a key outside every table of the file; `--json` keeps it so."""

_STEP = re.compile(r"\[(\d+)\]|[^.\[\]]+")


ENTRY_ID_CHARS = 60
"""The longest `id` a location quotes: a longer one is not a name a reader searches for."""


def entry_ids(location: str, raw: Any) -> tuple[str | None, ...]:
    """The `id` the file gives each entry a field path counts (`regions[1].population` →
    ("tarapaca",)), None where an entry has none: read off the file's own data, so that a
    location names the block as the file writes it."""
    if "[" not in location:
        return ()
    found: list[str | None] = []
    here: Any = raw
    for step in _STEP.finditer(location):
        if step.group(1) is None:
            here = here.get(step.group(0)) if isinstance(here, dict) else None
            continue
        index = int(step.group(1))
        here = here[index] if isinstance(here, list) and index < len(here) else None
        ident = here.get("id") if isinstance(here, dict) else None
        if isinstance(ident, str) and 0 < len(ident) <= ENTRY_ID_CHARS and ident.isprintable():
            found.append(ident)
        else:
            found.append(None)
    return tuple(found)


def entry_place(name: str, index: int) -> Message:
    """The entry `name[index]` of the file as a reader counts it, in the reader's language
    ("regions no. 1"), for a message that points to another entry."""
    return msg("scenario.location.entry", name=name, number=Integer(index + 1))


def location_text(location: str, lang: str = "en", ids: tuple[str | None, ...] = ()) -> str:
    """A location as a reader reads it: a place in the text ("line 3, column 5", kept so in
    `--json`) in `lang`; a field path with the file's own keys, the same in every language,
    its entries counted from 1 as a reader counts the blocks of a file (`stakeholders[1].rd`,
    as `--json` keeps it, reads "stakeholders no. 2, rd"), each with the `id` the file gives
    it where `ids` (from `entry_ids`) has one: 'regions no. 2 (id = "tarapaca"), population'."""
    if location == TOP_LEVEL:
        return t("scenario.location.top_level", lang)
    for pattern, message_id in _PLACES:
        found = pattern.fullmatch(location)
        if found:
            numbers = dict(zip(("line", "column"), map(int, found.groups()), strict=False))
            if message_id.endswith("byte"):
                numbers = {"byte": int(found.group(1))}
            return t(message_id, lang, **numbers)  # plain digits, as an editor counts
    if "[" not in location:
        return location
    parts: list[str] = []
    keys: list[str] = []
    places: list[int] = []
    counted = iter(ids)

    def entry(name: str, number: int) -> str:
        ident = next(counted, None)
        if ident is None:
            return t("scenario.location.entry", lang, name=name, number=Integer(number))
        return t("scenario.location.entry_id", lang, name=name, number=Integer(number), ident=ident)

    def close() -> None:
        name = ".".join(keys)
        if len(places) == 2:  # a matrix's cell
            row, column = (Integer(n + 1) for n in places)
            next(counted, None), next(counted, None)
            parts.append(t("scenario.location.cell", lang, name=name, row=row, column=column))
        else:
            for n in places:
                parts.append(entry(name, n + 1))
                name = ""
            if not places:
                parts.append(name)
        keys.clear()
        places.clear()

    for found in _STEP.finditer(location):
        if found.group(1) is not None:
            places.append(int(found.group(1)))
            continue
        if places:
            close()
        keys.append(found.group(0))
    close()
    return ", ".join(part.strip() for part in parts if part.strip())


@dataclass(frozen=True)
class Problem:
    """One problem of a scenario file: where it is (a TOML location) and what is wrong.

    `message` is a ``Message`` for every problem the library finds; callers that report their
    own problems may still give a finished string, shown as is. An ``error`` stops the file
    from loading; a ``warning`` (see `check_warnings`) lets it load but says what the data
    will do to the result.
    """

    location: str
    message: Message | str
    severity: Severity = "error"
    ids: tuple[str | None, ...] = ()
    """The `id` of each entry `location` counts, where the file gives one (`entry_ids`)."""
    at_line: int | None = None
    """The line of the file `location` points to, where the text is known (`located`)."""
    line_path: str | None = None
    """Where the problem is written, when that is not `location`: an unknown key is said of
    the section it is in ('scenario: unknown key …') but written on a line of its own."""

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def text(self, lang: str = "en") -> str:
        """The message alone, in `lang`."""
        return self.message if isinstance(self.message, str) else self.message.text(lang)

    def line(self, lang: str = "en", more: int = 0) -> str:
        """`location: message` in `lang`, `location: warning: message` for a warning (the
        location left out when there is none); `more` other places with the same problem are
        counted after the location."""
        text = self.text(lang)
        if self.is_warning:
            text = f"{t('scenario.severity.warning', lang)}: {text}"
        where = location_text(self.location, lang, self.ids) + self.aside(lang, more)
        return f"{where}: {text}" if self.location else text

    def aside(self, lang: str = "en", more: int = 0) -> str:
        """What follows the location, in brackets: its line in the file, and how many other
        places have the same problem (' (line 827; and 16 more places)'); '' for neither. The
        line in plain digits, as an editor's "go to line" takes it: 'línea 1198', not 1.198."""
        said = []
        if self.at_line is not None:
            said.append(t("scenario.location.line", lang, line=int(self.at_line)))
        if more:
            said.append(t("scenario.location.more", lang, count=more))
        return f" ({'; '.join(said)})" if said else ""

    def to_json(self, lang: str = "en") -> dict[str, str | int | None]:
        """The problem for `--json`: location, the line it points to (None where the text is
        not known or does not write it), message id (None for a finished string), text."""
        return {
            "location": self.location,
            "line": self.at_line,
            "id": self.message.id if isinstance(self.message, Message) else None,
            "message": self.text(lang),
        }

    def __str__(self) -> str:
        return self.line("en")


REPEATS_LISTED = 2
"""How many places with the same problem are listed one by one before the rest are counted."""


def grouped(problems: Iterable[Problem]) -> list[tuple[Problem, int]]:
    """Each problem with the count of others said with it (0 for most): a problem met in many
    places (one unknown region in every table's column) is said once, at its first place, with
    the count of the others, since a renamed id otherwise buries the one line that explains it.
    The order is the problems' own."""
    found = list(problems)
    keys = [(problem.severity, problem.text("en")) for problem in found]
    counts = Counter(keys)
    said: list[tuple[Problem, int]] = []
    counted: set[tuple[str, str]] = set()
    for problem, key in zip(found, keys, strict=True):
        if counts[key] <= REPEATS_LISTED:
            said.append((problem, 0))
        elif key not in counted:  # the first of many: said with the others' count, once
            said.append((problem, counts[key] - 1))
            counted.add(key)
    return said


def located(problems: Iterable[Problem], text: str) -> list[Problem]:
    """`problems` of the TOML document `text`, each with the line its field path points to
    (`toml_lines`): a reader editing the file looks for a line, not a path."""
    lines = value_lines(text)
    return [
        problem
        if problem.at_line is not None
        else replace(problem, at_line=line_of(lines, problem.line_path or problem.location))
        for problem in problems
    ]


def problem_lines(problems: Iterable[Problem], lang: str = "en", head: str = "") -> list[str]:
    """One line per problem (`grouped`), `head` first (a file's name)."""
    return [f"{head}{problem.line(lang, more)}" for problem, more in grouped(problems)]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known name closest to an unknown one, if any is close enough."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(problem: Message, word: str, choices: Iterable[str]) -> Message:
    """`problem` about the unknown `word`, with a 'did you mean' for the closest choice."""
    close = closest(word, choices)
    if close is None:
        return problem
    return msg("scenario.check.did_you_mean", problem=problem, name=close)


def plain_number(value: float) -> Number | Message | str:
    """A number with only the decimals it needs (up to three, more for a number below 0.001),
    as a person would write it.

    Values too large or too small for a readable decimal (a typo such as 1e28 or 1e-320) are
    shown in scientific notation; infinity and "not a number" in words.
    """
    if math.isnan(value):
        return msg("scenario.value.nan")
    if math.isinf(value):
        return msg("scenario.value.infinity" if value > 0 else "scenario.value.minus_infinity")
    if abs(value) >= 1e15:
        return format(value, ".6g")
    if 0 < abs(value) < 1e-6:
        return str(value)  # as written: 1e-09
    most = 3 if value == 0 or abs(value) >= 1e-3 else 2 - math.floor(math.log10(abs(value)))
    for places in range(most):
        if abs(round(value, places) - value) <= 1e-9 * max(1.0, abs(value)):
            return Number(value, places)
    return Number(value, most)


def shown_value(value: Any) -> Any:
    """A value from the file as a message parameter: numbers localised, anything else as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) < 10**15:
        return value  # a year or a count: plain digits
    if isinstance(value, int):  # scientific notation, also past what a float holds
        digits = str(abs(value))
        mantissa = f"{digits[0]}.{digits[1:6]}".rstrip("0").rstrip(".")
        return f"{'-' if value < 0 else ''}{mantissa}e+{len(digits) - 1}"
    if isinstance(value, float):
        return plain_number(float(value))
    return str(value)


def date_kind(value: Any) -> Message | None:
    """'a date and time', 'a date' or 'a time of day' for a TOML date or time, else None."""
    if isinstance(value, dt.datetime):
        return msg("scenario.value.a_datetime")
    if isinstance(value, dt.date):
        return msg("scenario.value.a_date")
    if isinstance(value, dt.time):
        return msg("scenario.value.a_time")
    return None


def given_value(value: Any) -> Any:
    """What the file gave, as a message parameter: text in quotes, numbers bare, and a date,
    a time, a list or a table named as such."""
    if date_kind(value) is not None:
        return date_kind(value)
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool | int | float):
        return shown_value(value)
    if isinstance(value, list | tuple):
        return msg("scenario.value.a_list")
    return msg("scenario.value.a_table")


class RuleError(LocalizedError, ValueError):
    """A rule of one section broken, raised inside a pydantic validator.

    pydantic keeps the raised error in its report, so its message reaches the user as is,
    in any language, instead of pydantic's English text.
    """
