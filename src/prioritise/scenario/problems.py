"""A located problem of a scenario file, and the small helpers its messages share.

Checks across sections (`checks`), the shape checks (`io`) and callers that report their own
problems all speak through `Problem`: a TOML location and a message, written out in the
reader's language only when shown.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from prioritise.text import LocalizedError, Message, Number, msg


@dataclass(frozen=True)
class Problem:
    """One problem of a scenario file: where it is (a TOML location) and what is wrong.

    `message` is a ``Message`` for every problem the library finds; callers that report their
    own problems may still give a finished string, shown as is.
    """

    location: str
    message: Message | str

    def text(self, lang: str = "en") -> str:
        """The message alone, in `lang`."""
        return self.message if isinstance(self.message, str) else self.message.text(lang)

    def line(self, lang: str = "en") -> str:
        """`location: message` in `lang` (the message alone when there is no location)."""
        return f"{self.location}: {self.text(lang)}" if self.location else self.text(lang)

    def __str__(self) -> str:
        return self.line("en")


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


def plain_number(value: float) -> Number | str:
    """A number with only the decimals it needs (up to three), as a person would write it.

    Values too large for a readable decimal (a typo such as 1e28) are shown as written.
    """
    if not math.isfinite(value) or abs(value) >= 1e15:
        return repr(value)
    for places in range(3):
        if abs(round(value, places) - value) <= 1e-9 * max(1.0, abs(value)):
            return Number(value, places)
    return Number(value, 3)


def shown_value(value: Any) -> Any:
    """A value from the file as a message parameter: numbers localised, anything else as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) < 10**15:
        return value  # a year or a count: plain digits
    if isinstance(value, int | float):
        return plain_number(float(value))
    return str(value)


class RuleError(LocalizedError, ValueError):
    """A rule of one section broken, raised inside a pydantic validator.

    pydantic keeps the raised error in its report, so its message reaches the user as is,
    in any language, instead of pydantic's English text.
    """
