"""Parts of the workshop pages: the facilitator's dashboard, live results, shared views and the
room (the join link's address, phones at the app's plain address)."""

from __future__ import annotations

from prioritise.ui.workshop import bars, cookies, dashboard, links, live, people, room, views

__all__ = ["bars", "cookies", "dashboard", "links", "live", "people", "room", "views"]
