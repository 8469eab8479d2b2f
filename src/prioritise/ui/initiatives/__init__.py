"""The Initiatives page's parts: cached results (`computed`), the table and the dependencies
(`views`), the value-for-money chart (`chart`), the edits (`editing`) and the spreadsheet to
download and upload (`importing`)."""

from __future__ import annotations

__all__: list[str] = []
