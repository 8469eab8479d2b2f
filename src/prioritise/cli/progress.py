"""Progress on a terminal's standard error while a long command works (never in a log file,
never with `--json`): bars that stay, and `Working`, a line wiped before the answer."""

from __future__ import annotations

import sys
from collections.abc import Callable

from prioritise.text import t


class Working:
    """What a long `optimise` is doing, on a terminal's standard error: the solve, then the
    re-solves that price the rules (half a minute at most, §8.2). It is wiped before the answer
    is printed; a log file, or `--json` (`lang` None), gets nothing."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self.shown = lang is not None and sys.stderr.isatty()
        if self.shown and lang is not None:
            sys.stderr.write(t("cli.progress.solving", lang))
            sys.stderr.flush()

    def prices(self, done: int, total: int) -> None:
        if self.shown and self.lang is not None:
            count = t("cli.progress.prices", self.lang, done=done, count=total)
            sys.stderr.write(f"\r\033[K{bar(done, total)} {count}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")  # the line cleared: the answer follows on stdout
            sys.stderr.flush()
            self.shown = False


def bar(done: int, total: int, width: int = 30) -> str:
    filled = int(width * done / max(total, 1))
    return f"[{'#' * filled}{'.' * (width - filled)}]"


def bar_ended() -> None:
    """End the progress bar's line on a terminal (a log file got no bar, so no blank line)."""
    if sys.stderr.isatty():
        sys.stderr.write("\n")


def terminal_progress(
    done: int, total: int, lang: str, message_id: str = "cli.progress.draws"
) -> None:
    if not sys.stderr.isatty():  # a log file gets no bar redrawn in place
        return
    count = t(message_id, lang, done=done, count=total)
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r{bar(done, total)} {count}{end}")
    sys.stderr.flush()


def draws_then_compromise(lang: str, compromise: bool) -> Callable[[int, int], None]:
    """The draws' bar; once every draw is solved, a line saying that the least-regret
    compromise is being sought (a mixed-integer search that can take a minute of its own),
    wiped by `compromise_found` before the answer is printed."""

    def progress(done: int, total: int) -> None:
        terminal_progress(done, total, lang)
        if compromise and done >= total and sys.stderr.isatty():
            sys.stderr.write(t("cli.progress.compromise", lang))
            sys.stderr.flush()

    return progress


def compromise_found() -> None:
    """The compromise line wiped (a log file got none)."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
