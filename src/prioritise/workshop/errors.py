"""Errors raised by the live-workshop store and its results.

Every failure a participant or facilitator can trigger is one of these classes, carrying a
catalogue message (``error.text(lang)`` for people, ``str(error)`` English for logs); database
exceptions never leave the store. Each class also has a stable ``code`` so that an interface
can choose its own wording or icon for a kind of failure.
"""

from __future__ import annotations

from typing import Any

from prioritise.text import LocalizedError, Message


class WorkshopError(LocalizedError):
    """Base class of every error the workshop store raises on purpose."""

    code = "workshop_error"


class InvalidInputError(WorkshopError, ValueError):
    """A value sent by a user is not accepted; ``field`` says which one (a stable key such as
    ``name`` or ``weights.criteria``) and ``problem`` is the message that explains it."""

    code = "invalid_input"

    def __init__(self, field: str, message: Message | str, /, **params: Any) -> None:
        super().__init__(message, **params)
        self.field = field
        self.problem = self.message


class UnknownWorkshopError(WorkshopError, LookupError):
    """No workshop has this join code."""

    code = "unknown_code"


class AccessDeniedError(WorkshopError, PermissionError):
    """The caller did not prove the right to do this."""

    code = "access_denied"


class WrongSecretError(AccessDeniedError):
    """The facilitator secret does not match the workshop."""

    code = "wrong_secret"


class WrongTokenError(AccessDeniedError):
    """The participant token does not belong to a participant of this workshop."""

    code = "wrong_token"


class RoundClosedError(WorkshopError):
    """The current round is closed, so it accepts no submissions."""

    code = "round_closed"


class LimitReachedError(WorkshopError):
    """A size limit that protects the workshop from floods was reached."""

    code = "limit_reached"


class StoreUnavailableError(WorkshopError):
    """The database could not be reached or stayed busy for too long.

    ``detail`` is the database's own one-line report: English and technical, so it goes to
    the logs (``str``) and never into the message people read.
    """

    code = "store_unavailable"

    def __init__(self, message: Message | str, /, *, detail: str = "", **params: Any) -> None:
        super().__init__(message, **params)
        self.detail = detail

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} ({self.detail})" if self.detail else text


class NoAnswersError(WorkshopError, ValueError):
    """A round's results were asked for before anyone answered."""

    code = "no_answers"


class NotScoredError(WorkshopError, ValueError):
    """A view's answers could not be scored, so it has no portfolio either."""

    code = "not_scored"
