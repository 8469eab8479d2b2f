"""Which message ids the source code uses, found by reading it (with ``ast``, not importing).

Tests use it to keep code and catalogues in step: every id the code uses exists, and every id
in a finished domain is used. An id counts as used when it is the first argument of
``msg(...)``, ``t(...)`` or ``Message(...)`` (an *explicit* use; other first arguments, such
as the app's older ``t("budget")`` keys, are not ids and are ignored), or when a string constant
anywhere looks like an id of a known domain (tables such as ``{"public": "common.group.public"}``).
Ids built at run time (f-strings, concatenation) are invisible here: write ids out in full.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .catalogue import CATALOGUES, ID_PATTERN

CALLS: Final = frozenset({"msg", "t", "Message"})
# Constants shaped like ids that are file names ("scenario.toml"), not messages.
FILE_SUFFIXES: Final = frozenset(
    {"csv", "db", "html", "json", "md", "mo", "png", "po", "py", "sqlite", "svg", "toml", "txt"}
    | {"xlsx", "yaml", "yml", "zip"}
)


@dataclass(frozen=True)
class IdUse:
    id: str
    path: Path
    line: int
    explicit: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.id}"


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _uses_in(tree: ast.AST, path: Path, domains: frozenset[str]) -> list[IdUse]:
    uses: list[IdUse] = []
    explicit: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node) not in CALLS or not node.args:
            continue
        first = node.args[0]
        if (
            isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and ID_PATTERN.fullmatch(first.value)
        ):
            explicit.add(id(first))
            uses.append(IdUse(first.value, path, first.lineno, explicit=True))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        value = node.value
        if id(node) in explicit or not ID_PATTERN.fullmatch(value):
            continue
        if value.split(".", 1)[0] in domains and value.rsplit(".", 1)[1] not in FILE_SUFFIXES:
            uses.append(IdUse(value, path, node.lineno, explicit=False))
    return uses


def find_id_uses(source_root: Path, domains: Iterable[str] | None = None) -> list[IdUse]:
    """Every use of a message id in the ``.py`` files under `source_root`, in file order.

    `domains` limits the constants counted to ids of those domains (default: every domain
    with a catalogue); explicit uses are always reported, so a typo in one is caught.
    """
    known = frozenset(CATALOGUES.domains() if domains is None else domains)
    uses: list[IdUse] = []
    for path in sorted(Path(source_root).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        uses.extend(sorted(_uses_in(tree, path, known), key=lambda use: use.line))
    return uses


def used_ids(source_root: Path, domains: Iterable[str] | None = None) -> set[str]:
    """The ids used under `source_root` (see ``find_id_uses``)."""
    return {use.id for use in find_id_uses(source_root, domains)}
