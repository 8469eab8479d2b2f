"""The app's pages, in menu order. Adding a page is one line in PAGES.

A page is a module in this package named after its URL path, with a ``render()`` function,
its strings in the ``ui`` catalogue as ``ui.<page>.<key>`` (at least ``ui.<page>.title``, which
the menu reads without importing the page), and at its end::

    if __name__ in ("__main__", "__page__"):
        render()

Streamlit runs the file as a script; tests and other modules may import it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page: its module (also its URL path), menu icon and menu section."""

    name: str
    icon: str
    section: str = "analyse"
    default: bool = False


PAGES: list[PageEntry] = [
    PageEntry("scenario", ":material/description:", "prepare", default=True),
    PageEntry("stakeholders", ":material/groups:", "prepare"),
    PageEntry("priorities", ":material/leaderboard:", "analyse"),
    PageEntry("compare", ":material/compare_arrows:", "analyse"),
    PageEntry("portfolio", ":material/account_balance_wallet:", "results"),
    PageEntry("initiatives", ":material/checklist:", "results"),
    PageEntry("tradeoffs", ":material/query_stats:", "results"),
    PageEntry("robustness", ":material/shield:", "results"),
    PageEntry("sensitivity", ":material/tune:", "results"),
    PageEntry("workshop_facilitator", ":material/co_present:", "workshop"),
    PageEntry("workshop_participant", ":material/how_to_vote:", "workshop"),
]
