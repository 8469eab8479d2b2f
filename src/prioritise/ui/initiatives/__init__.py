"""The Initiatives page's parts: cached results (`computed`), the table and the dependencies
(`views`), the value-for-money chart (`chart`) and the edits (`editing`)."""

from __future__ import annotations

__all__: list[str] = []
