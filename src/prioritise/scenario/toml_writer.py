"""A TOML writer for the layout people edit by hand.

Short tables are written inline (`performance = { growth = 3 }`), lists of tables as
`[[programmes]]` blocks, so that saved files diff cleanly against hand-written ones.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

INLINE_WIDTH = 100
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


def _float(number: float) -> str:
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    text = repr(number)
    return text if any(ch in text for ch in ".en") else text + ".0"


def inline(value: Any) -> str:
    """One value in inline TOML syntax."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inline(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {inline(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _fits_inline(key: str, value: Any, top_level: bool = False) -> bool:
    if not isinstance(value, dict):
        return True
    if top_level or any(_is_table_list(v) for v in value.values()):
        return False
    return len(key) + 3 + len(inline(value)) <= INLINE_WIDTH


def _emit(path: list[str], table: dict, lines: list[str], array_item: bool) -> None:
    top = not path
    scalars = [
        (k, v) for k, v in table.items() if not _is_table_list(v) and _fits_inline(k, v, top)
    ]
    blocks = [
        (k, v)
        for k, v in table.items()
        if _is_table_list(v) or (isinstance(v, dict) and not _fits_inline(k, v, top))
    ]
    if path and (scalars or array_item or not blocks):
        header = ".".join(_key(p) for p in path)
        if lines:
            lines.append("")
        lines.append(f"[[{header}]]" if array_item else f"[{header}]")
    for key, value in scalars:
        lines.append(f"{_key(key)} = {inline(value)}")
    for key, value in blocks:
        if isinstance(value, dict):
            _emit([*path, key], value, lines, array_item=False)
            continue
        for item in value:
            _emit([*path, key], item, lines, array_item=True)


def dumps_toml(document: dict) -> str:
    """A whole document as TOML text."""
    lines: list[str] = []
    _emit([], document, lines, array_item=False)
    return "\n".join(lines) + "\n"
