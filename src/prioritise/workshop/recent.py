"""Group answers shared by every page of one process for a moment.

When a room sends at once, every phone's confirmation screen shows the participant's answer
beside their group's so far. Worked out per page, fifty phones read and average the same rows
fifty times within two seconds, while the server should be confirming sends. An answer worked
out a moment ago is given again, but only if it already counts the asking participant's own
latest answer (by its submission id), so nobody is shown a group figure without their own
answer in it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from prioritise.workshop.group_answer import GroupAnswer

MAX_AGE_SECONDS = 2.0
"""How long a worked-out group answer is given again (the phone refreshes it every 15 s)."""

Key = tuple[int, str]
"""(workshop id, the participant's own group)."""


class RecentGroupAnswers:
    """The newest group answer per workshop and group, with the submission ids it counts."""

    def __init__(
        self, max_age: float = MAX_AGE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_age = max_age
        self._clock = clock
        self._kept: dict[Key, tuple[float, frozenset[int], GroupAnswer]] = {}
        self._lock = threading.Lock()

    def get(self, key: Key, including: int) -> GroupAnswer | None:
        """The kept answer if it is recent and counts the submission ``including``."""
        with self._lock:
            found = self._kept.get(key)
        if found is None:
            return None
        when, counted, answer = found
        if including not in counted or self._clock() - when > self.max_age:
            return None
        return answer

    def put(self, key: Key, counted: frozenset[int], answer: GroupAnswer) -> None:
        with self._lock:
            self._kept[key] = (self._clock(), counted, answer)
