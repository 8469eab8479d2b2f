"""Every page's address answered, so that no link opens Streamlit's own "page not found" dialog
(in English, over a Spanish page).

Streamlit serves the default page at the root; the path it is given is reserved but answers
nothing, so `/scenario` (a link typed, or kept from before) had no page. The default page is
given `ROOT_PATH` instead, and its own name is answered by a hidden page: the screens that stand
for the whole app (the access key's, a phone's workshop code) show themselves there too; the
full app opens the default page at the root.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from prioritise.ui.pages import PAGES, PageEntry

ROOT_PATH = "start"
"""The path reserved for the default page, which Streamlit serves at the root only."""


def url_path(entry: PageEntry) -> str:
    """The path a page is registered at: its name, but the default page's (see above)."""
    return ROOT_PATH if entry.default else entry.name


def one_screen_everywhere(render: Callable[[], None], title: str, icon: str | None = None) -> list:
    """`render` at every page's address, the default page's own name included, for a hidden
    navigation."""
    pages = [
        st.Page(render, title=title, icon=icon, url_path=url_path(entry), default=entry.default)
        for entry in PAGES
    ]
    pages += [
        st.Page(render, title=title, icon=icon, url_path=entry.name, visibility="hidden")
        for entry in PAGES
        if entry.default
    ]
    return pages


def default_alias(default: st.Page) -> st.Page:
    """A hidden page at the default page's own name that opens the default (at the root)."""
    name = next(entry.name for entry in PAGES if entry.default)

    def opened() -> None:
        st.switch_page(default)

    return st.Page(opened, title=default.title, url_path=name, visibility="hidden")
