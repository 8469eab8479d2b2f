"""The base class of errors whose message a user reads, in either language."""

from __future__ import annotations

from typing import Any

from .catalogue import CatalogueError
from .languages import check_language
from .message import Message, msg


def _restore(cls: type[LocalizedError], message: Message, state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.message = message
    error.__dict__.update(state)
    return error


class LocalizedError(Exception):
    """An error carrying a ``Message``: ``str()`` is English (for logs), ``text(lang)`` is for
    the user.

    Raise it with a message id and parameters, ``LocalizedError("scenario.file.missing",
    path=path)``, or with a ready ``Message``. Subclasses may take other constructor arguments:
    pickling (for worker processes) restores the message and attributes without calling
    ``__init__``.
    """

    message: Message

    def __init__(self, message: Message | str, /, **params: Any) -> None:
        if isinstance(message, str):
            message = msg(message, **params)
        elif params:
            raise TypeError("give parameters to msg(), not next to a ready Message")
        super().__init__(message)
        self.message = message

    def text(self, lang: str) -> str:
        return self.message.text(check_language(lang))

    def __str__(self) -> str:
        try:
            return self.message.text("en")
        except (CatalogueError, TypeError, ValueError) as problem:
            # Logs must still show the error, even if its message is broken.
            return f"{self.message.id} {self.message.params!r} (cannot render: {problem})"

    def __reduce__(self) -> tuple[Any, ...]:
        state = {key: value for key, value in self.__dict__.items() if key != "message"}
        return (_restore, (type(self), self.message, state))
