"""Messages: an id with named parameters, written in a language only when someone reads it.

    >>> found = msg("common.count.regions", count=3)
    >>> found.text("es"), found.text("en")
    ('3 regiones', '3 regions')

Library code creates and carries a ``Message`` (in results, in exceptions); the CLI, the
reports and the app render it in the reader's language. A Spanish sentence is never made by
translating a finished English one.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .catalogue import (
    CATALOGUES,
    COUNT,
    Catalogues,
    Entry,
    MessageParameterError,
    domain_of,
)
from .languages import LANGUAGES
from .values import Integer, check_value, value_text


@dataclass(frozen=True)
class Message:
    """A message id and its parameters; ``text(lang)`` writes it out.

    Parameters may be strings, whole numbers, value wrappers (``Money``, ``Percent``, …),
    scenario items (shown by their ``names``) or other Messages (rendered in the same
    language). Plural messages take their form from the ``count`` parameter.
    """

    id: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        domain_of(self.id)
        # A private copy: the caller's dict may change later; a plain dict keeps it picklable.
        object.__setattr__(self, "params", dict(self.params))

    def text(self, lang: str) -> str:
        return render(self, lang)


def _count(message: Message) -> int | None:
    value = message.params.get(COUNT)
    if value is None:
        return None
    number = value.value if isinstance(value, Integer) else value
    if isinstance(value, Integer) and isinstance(number, float | Decimal) and number % 1 == 0:
        return int(number)  # Integer(3.0): a count that came out of a float sum
    if isinstance(number, bool) or not isinstance(number, numbers.Integral):
        raise MessageParameterError(f"{COUNT} of {message.id!r} must be an int or Integer")
    return int(number)


def _check(message: Message, entry: Entry, lang: str) -> int:
    """The plural form to use; a missing or unexpected parameter is an error."""
    form = entry.form_for(_count(message))
    given = set(message.params)
    missing = entry.form_parameters[form] - given
    unexpected = given - entry.parameters
    if missing or unexpected:
        problems = []
        if missing:
            problems.append(f"missing {', '.join(sorted(missing))}")
        if unexpected:
            problems.append(f"unexpected {', '.join(sorted(unexpected))}")
        raise MessageParameterError(
            f"message {message.id!r} ({lang}) was given wrong parameters: {'; '.join(problems)}"
        )
    return form


def render(message: Message, lang: str, catalogues: Catalogues = CATALOGUES) -> str:
    """The message written in `lang`, its parameters written in the same language."""
    entry = catalogues.entry(message.id, lang)
    form = _check(message, entry, lang)
    values = {name: value_text(message.params[name], lang) for name in entry.form_parameters[form]}
    return entry.forms[form].format_map(values)


def msg(message_id: str, /, **params: Any) -> Message:
    """A Message, checked now against every language's catalogue.

    Checking at creation puts an unknown id or a wrong parameter name where the bug is,
    not where the message is eventually shown.
    """
    message = Message(message_id, params)
    for lang in LANGUAGES:
        _check(message, CATALOGUES.entry(message_id, lang), lang)
    for value in params.values():
        check_value(value)
    return message


def t(message_id: str, lang: str, /, **params: Any) -> str:
    """One-shot: the message `message_id` written in `lang`."""
    return render(msg(message_id, **params), lang)
