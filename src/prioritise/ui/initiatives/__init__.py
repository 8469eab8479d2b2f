"""The Initiatives page's parts: cached results, the table and its edits, the value-for-money
chart."""

from __future__ import annotations

__all__: list[str] = []
