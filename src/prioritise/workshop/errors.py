"""Errors raised by the live-workshop store.

Every failure a participant or facilitator can trigger is one of these classes, with a plain
message; database exceptions never leave the store. Each class has a stable ``code`` so that the
user interface can show its own Spanish or English wording.
"""

from __future__ import annotations


class WorkshopError(Exception):
    """Base class of every error the workshop store raises on purpose."""

    code = "workshop_error"


class InvalidInputError(WorkshopError, ValueError):
    """A value sent by a user is malformed; ``field`` says which one."""

    code = "invalid_input"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


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
    """The database could not be reached or stayed busy for too long."""

    code = "store_unavailable"
