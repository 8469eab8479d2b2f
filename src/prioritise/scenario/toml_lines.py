"""Where in a TOML text each value is written: the line a problem's field path points to.

A problem found after parsing names a field path (`regions[3].population`); someone editing
the file by hand looks for a line. Python's `tomllib` keeps no positions, and no maintained
parser for Python does, so the text is scanned here once more. The scan assumes a document
`tomllib` has accepted: it tracks strings, comments, tables, arrays of tables, inline tables,
arrays and dotted keys, and records the line where each value begins, under the same path
`Problem.location` uses. A path not written in the file (a missing field) points to the
nearest enclosing value that is.
"""

from __future__ import annotations

import bisect
import re
import tomllib

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
_STEP = re.compile(r"\[(\d+)\]|[^.\[\]]+")
_BLANK = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_MULTI_BASIC = re.compile(r'"""(?:[^\\]|\\.)*?""""{0,2}', re.DOTALL)
_MULTI_LITERAL = re.compile(r"'''.*?''''{0,2}", re.DOTALL)
_SCALAR = re.compile(r"[^,\]}#\n]*")


class _Scanner:
    """One pass over the text, filling `lines`: field path → first line of its value."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.breaks = [found.start() for found in re.finditer("\n", text)]
        self.lines: dict[str, int] = {}
        self.counts: dict[str, int] = {}  # entries of each array of tables so far

    def line(self) -> int:
        return bisect.bisect_right(self.breaks, self.at - 1) + 1

    def record(self, path: str, line: int) -> None:
        """`path` begins on `line`, and so does every enclosing value not met before (the
        tables a dotted key or a header opens, an array of tables at its first entry)."""
        self.lines.setdefault(path, line)
        for found in reversed(list(_STEP.finditer(path))):
            self.lines.setdefault(path[: found.end()], line)

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip(self, pattern: re.Pattern[str]) -> str:
        found = pattern.match(self.text, self.at)
        word = found.group(0) if found else ""
        self.at += len(word)
        return word

    def blank(self, newlines: bool = False) -> None:
        """Spaces, tabs, comments and (if `newlines`) line ends."""
        self.skip(_BLANK_LINES if newlines else _BLANK)

    def string(self) -> str:
        """A string at the cursor, as written (quotes and escapes included)."""
        for pattern in (_MULTI_BASIC, _MULTI_LITERAL, _BASIC, _LITERAL):
            word = self.skip(pattern)
            if word:
                return word
        self.at += 1  # not a string after all: move on, never stay in place
        return ""

    def key(self) -> list[str]:
        """A (possibly dotted, possibly quoted) key at the cursor, its quoted parts read as
        TOML reads them (escapes and all)."""
        parts = []
        while True:
            self.blank()
            parts.append(_quoted(self.string()) if self.peek() in "\"'" else self.skip(_BARE_KEY))
            self.blank()
            if self.peek() != ".":
                return parts
            self.at += 1

    def value(self, path: str) -> None:
        """A value at the cursor, recorded at `path` with its elements and keys."""
        self.record(path, self.line())
        char = self.peek()
        if char in "\"'":
            self.string()
        elif char in "[{":
            self.at += 1
            close, index = ("]" if char == "[" else "}"), 0
            while self.at < len(self.text):
                self.blank(newlines=True)
                if self.peek() == close:
                    self.at += 1
                    return
                if self.peek() == ",":
                    self.at += 1
                    continue
                before = self.at
                if char == "[":
                    self.value(f"{path}[{index}]")
                    index += 1
                else:
                    self.pair(path)
                if self.at == before:  # never stay in place
                    self.at += 1
        else:  # a number, a date, true or false: up to the next separator
            self.skip(_SCALAR)

    def pair(self, table: str) -> None:
        """`key = value` under `table`."""
        line, keys = self.line(), self.key()
        for count in range(1, len(keys)):  # the tables a dotted key opens
            self.lines.setdefault(_joined(table, keys[:count]), line)
        path = _joined(table, keys)
        self.blank()
        if self.peek() == "=":
            self.at += 1
            self.blank()
            self.value(path)

    def header(self) -> str:
        """A `[table]` or `[[array of tables]]` header at the cursor: the path of its table."""
        double = self.text.startswith("[[", self.at)
        line = self.line()
        self.at += 2 if double else 1
        names = self.key()
        self.at += 2 if double else 1
        path = ""
        for i, name in enumerate(names):  # each step inside the last entry of an array so far
            path = _joined(path, [name])
            self.lines.setdefault(path, line)  # a table it opens, or the array at its first entry
            if double and i == len(names) - 1:
                index = self.counts.get(path, 0)
                self.counts[path] = index + 1
                path = f"{path}[{index}]"
            elif path in self.counts:
                path = f"{path}[{self.counts[path] - 1}]"
        self.record(path, line)
        return path

    def scan(self) -> dict[str, int]:
        table = ""
        while True:
            self.blank(newlines=True)
            if self.at >= len(self.text):
                return self.lines
            before = self.at
            if self.peek() == "[":
                table = self.header()
            else:
                self.pair(table)
            if self.at == before:  # never stay in place
                self.at += 1


def _quoted(word: str) -> str:
    """A quoted key's name."""
    try:
        name = tomllib.loads(f"key = {word}")["key"]
    except tomllib.TOMLDecodeError:
        return word
    return name if isinstance(name, str) else word


def _joined(table: str, keys: list[str]) -> str:
    return ".".join(part for part in (table, *keys) if part)


def value_lines(text: str) -> dict[str, int]:
    """Each field path of a TOML document `tomllib` accepts → the line its value begins on
    (tables and array entries: their header's line)."""
    return _Scanner(text).scan()


def line_of(lines: dict[str, int], location: str) -> int | None:
    """The line of `location` (a field path as `Problem.location` writes it) in a document
    whose `value_lines` are `lines`, or of the nearest enclosing value written in the file; None
    for a location that is not a field path, or one with no enclosing value written."""
    steps = [match.group(0) for match in _STEP.finditer(location)]
    while steps:
        path = ""
        for step in steps:
            path = path + step if step.startswith("[") or not path else f"{path}.{step}"
        if path in lines:
            return lines[path]
        steps.pop()
    return None
