"""Bounds on a scenario file, checked before it is parsed: size, nesting depth, key count.

A scenario is a few kilobytes with a handful of nesting levels and some hundreds of keys. A
file far past that can only be a mistake or an attack, and TOML's parser spends memory and
time on it out of all proportion (40 KB of dotted keys 20,000 levels deep once took 1.5 GB):
so the text is measured first, by one linear scan that knows TOML's strings and comments, and
refused with a located problem when it is past a bound (docs/scenario-format.md, "Limits").

The size cap is the app's upload cap too, one setting for both: `PRIORITISE_MAX_FILE_MB`
(megabytes, default 5). `read_bounded` reads a path without ever blocking on a pipe or reading
a device forever: only a regular file is read, and at most one byte past the cap.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from prioritise.scenario.problems import plain_number
from prioritise.text import Integer, Message, Number, msg

MAX_FILE_MB_ENV = "PRIORITISE_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 1.0
LARGEST_FILE_MB = 1024.0
"""The largest size `PRIORITISE_MAX_FILE_MB` may set."""
MAX_DEPTH = 32
"""Nesting levels: tables in headers, dotted keys, arrays and inline tables together."""
MAX_KEYS = 20_000
"""Keys and array entries in the whole file."""
VALIDATION_SECONDS = 5.0
"""What checking a file may take, parsed; past it the file is refused as too complex."""


def _setting() -> tuple[str, float | None]:
    """`PRIORITISE_MAX_FILE_MB` as set (empty when it is not), and its value when usable."""
    given = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    try:
        value = float(given)
    except ValueError:
        return given, None
    return given, (value if 0.001 <= value <= LARGEST_FILE_MB else None)


def max_file_megabytes() -> float:
    """The size cap in megabytes: `PRIORITISE_MAX_FILE_MB` when it is a number from a
    thousandth to `LARGEST_FILE_MB`, else the default (see `setting_problem`)."""
    value = _setting()[1]
    return DEFAULT_MAX_FILE_MB if value is None else value


def setting_problem() -> Message | None:
    """What is wrong with `PRIORITISE_MAX_FILE_MB`, if it is set to something unusable."""
    given, value = _setting()
    if not given or value is not None:
        return None
    return msg(
        "scenario.limit.setting",
        name=MAX_FILE_MB_ENV,
        given=given,
        smallest=Number(0.001, 3),
        largest=Integer(LARGEST_FILE_MB),
    )


def max_file_bytes() -> int:
    """The size cap in bytes."""
    return int(max_file_megabytes() * 1024 * 1024)


def too_large() -> Message:
    """'the file is too large to be a scenario (over 5 MB)', with the cap in force."""
    return msg("scenario.file.too_large", megabytes=plain_number(max_file_megabytes()))


class NotAFile(Exception):
    """The path names something other than a regular file (a folder, a pipe, a device)."""

    def __init__(self, folder: bool) -> None:
        super().__init__("folder" if folder else "not a regular file")
        self.folder = folder


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file (one more tells the file is too large).

    Opened without blocking (a FIFO with no writer would wait forever) and checked to be a
    regular file before a byte is read; raises `NotAFile` otherwise, OSError as `open` does.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(stat.S_ISDIR(mode))
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class Breach:
    """Where the text first passes a bound (1-based line) and what is wrong."""

    line: int
    message: Message


_STRING = (
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:"{3,5})?'  # multi-line basic
    r"|'''[^']*(?:'(?!'')[^']*)*(?:'{3,5})?"  # multi-line literal
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'  # basic
    r"|'[^'\n]*'?"  # literal
)
"""A string whole (to its line's or the text's end when it is not closed)."""
_LINES = r"(?:(?:#[^\n]*)?\n[ \t\r\n]*)+|#[^\n]*"
"""Line ends, blank lines and comments, read as one token."""
_SIMPLE = (
    r"[A-Za-z0-9_-]+[ \t]*=[ \t]*"
    r"""(?:'[^'\n]*'|"[^"\\\n]*"|[-+0-9A-Za-z_.:]*)[ \t]*(?=[\n#,}]|\Z)"""
)
"""A bare key and a plain value (a number, a date, true or false, a one-line string without
escapes), read as one token."""
_AT_KEY = re.compile("|".join((_STRING, _SIMPLE, _LINES, r"[\[\]{}=.,]")), re.S)
_IN_VALUE = re.compile("|".join((_STRING, _LINES, r"[\[\]{},]")), re.S)
_IN_HEADER = re.compile("|".join((_STRING, r"[.\]\n]")), re.S)
_SPECIAL = "\n#[]{}=.,"
_TOKENS_PER_KEY = 4
"""Tokens the scan may read per key allowed before the file counts as holding too many."""


def scan(text: str, max_depth: int = MAX_DEPTH, max_keys: int = MAX_KEYS) -> Breach | None:
    """The first place where `text` nests deeper than `max_depth` or holds more keys and
    list entries than `max_keys`; None when it keeps within both.

    One pass over the text, jumping from one token that matters to the next (a string, a
    bracket, `=`, `.`, `,`, a line end; a plain `key = value` line whole). Depth is counted
    as TOML nests: a header's dotted parts (one more for an array of tables, and one more
    each once any array of tables has been declared, since a part may name one), a key's
    dotted parts, and each open list or inline table: an estimate never below the true depth.
    Keys and entries are counted the same way, never below the number the document holds.
    """
    header = 0  # depth of the current [table] or [[array of tables]]
    arrays = False  # whether an [[array of tables]] came before
    stack: list[tuple[str, int]] = []  # open brackets, with the depth each added
    depth = 0  # the open brackets' depth together
    keys = tokens = 0
    at_key = True  # where a key may start: a line's start, or after { or , in a table
    dots = 0  # dots in the key being read
    below = 1  # what the next bracket opened in a value adds to the depth
    found = _AT_KEY.search(text)
    while found is not None:
        token, i = found.group(), found.end()
        tokens += 1
        first = token[0]
        if first in "\"'":
            pass
        elif first not in _SPECIAL:  # key = value, on one line
            keys += dots + 1
            at_key, dots = bool(stack) and stack[-1][0] == "{", 0
        elif first in "\n#":
            if not stack and "\n" in token:
                at_key, dots = True, 0
        elif first == "[" and at_key and not stack:  # a [table] or [[array of tables]] header
            i, parts, double = _header(text, i, max_depth)
            # after an array of tables, any part of a header may be one: a level more each
            header = (2 * parts if arrays else parts) + double
            keys, at_key, arrays = keys + parts + double, False, arrays or double
        elif first == ".":
            dots += 1
        elif first == "=":
            keys, below = keys + dots + 1, dots + 1
            at_key, dots = False, 0
        elif first in "[{":
            stack.append((first, below))
            depth, below = depth + below, 1
            at_key, keys = first == "{", keys + (first == "[")
        elif first in "]}":
            if stack:
                depth -= stack.pop()[1]
            at_key = False
        elif first == "," and stack:
            at_key, dots, below = stack[-1][0] == "{", 0, 1
            keys += stack[-1][0] == "["
        if header + depth + dots + below > max_depth:
            return _breach(text, found.start(), _deep(max_depth))
        if keys > max_keys or tokens > _TOKENS_PER_KEY * max_keys:
            return _breach(text, found.start(), msg("scenario.limit.keys", limit=Integer(max_keys)))
        found = (_AT_KEY if at_key else _IN_VALUE).search(text, i)
    return None


def _header(text: str, i: int, max_depth: int) -> tuple[int, int, bool]:
    """Past a header whose first bracket ends before `i`: where it ends, how many dotted
    parts it has (the count stops past `max_depth`), and whether it is [[double]]."""
    double = text.startswith("[", i)
    parts, i = 1, i + double
    found = _IN_HEADER.search(text, i)
    while found is not None and found.group() not in "]\n" and parts <= max_depth:
        parts += found.group() == "."
        found = _IN_HEADER.search(text, found.end())
    return (found.end() if found else len(text)), parts, double


def _breach(text: str, at: int, message: Message) -> Breach:
    return Breach(text.count("\n", 0, at) + 1, message)


def _deep(limit: int) -> Message:
    return msg("scenario.limit.depth", limit=Integer(limit))
