"""The frame around every page: page setup, language, scenario, navigation and the error guard.

`app.py` (a checkout) and `ui/entry/streamlit_app.py` (an installed package) both call `run_app`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from prioritise.scenario import ScenarioError
from prioritise.ui import access, i18n, state, widgets
from prioritise.ui.addresses import default_alias, url_path
from prioritise.ui.pages import PAGES, PageEntry
from prioritise.ui.streamlit_words import streamlit_words_html
from prioritise.ui.widgets import PAGE_ICON_URL, input_hints_css, table_swipe_css

LOG = logging.getLogger("prioritise.ui")
PAGES_DIR = Path(__file__).resolve().parent / "pages"

tr = i18n.page_text("main")

F = TypeVar("F", bound=Callable[..., Any])


def plain_detail(exc: BaseException) -> str:
    """One line about an exception, never a traceback."""
    if isinstance(exc, ScenarioError):
        return "; ".join(i18n.library_lines(exc, limit=5))
    text = i18n.library_text(exc) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "…"


def show_failure(exc: BaseException) -> None:
    """The plain message a page shows instead of a traceback; the details go to the log."""
    LOG.exception("a page failed", exc_info=exc)
    st.error(i18n.t("error_page"))
    st.caption(i18n.t("error_detail", detail=plain_detail(exc)))


@contextmanager
def guard() -> Iterator[None]:
    """Run a block so that any error in it becomes a plain message (Streamlit's own
    rerun/stop signals are BaseExceptions and pass through)."""
    try:
        yield
    except Exception as exc:
        show_failure(exc)


def guarded(func: F) -> F:
    """A function (e.g. a fragment body) whose errors become a plain message."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        with guard():
            return func(*args, **kwargs)
        return None

    return run  # type: ignore[return-value]


def page_title(entry: PageEntry, lang: str) -> str:
    """The page's menu title; a page whose title cannot be read still gets a menu entry, and
    shows the plain error message when opened."""
    try:
        return i18n.page_title(entry.name, lang)
    except Exception:
        LOG.exception("the title of page %s could not be read", entry.name)
        return entry.name.replace("_", " ").capitalize()


def navigation_pages(lang: str) -> dict[str, list[Any]]:
    """st.Page objects grouped by translated section, in PAGES order."""
    sections: dict[str, list[Any]] = {}
    for entry in PAGES:
        if not (PAGES_DIR / f"{entry.name}.py").is_file():
            LOG.error("page %s is registered but has no file", entry.name)
            continue
        page = st.Page(
            PAGES_DIR / f"{entry.name}.py",
            title=page_title(entry, lang),
            icon=entry.icon,
            url_path=url_path(entry),
            default=entry.default,
        )
        sections.setdefault(tr(f"section_{entry.section}", lang), []).append(page)
        if entry.default:  # served at the root: its own name opens it there
            sections[tr(f"section_{entry.section}", lang)].append(default_alias(page))
    return sections


def _language_switch() -> str:
    if i18n.SESSION_KEY not in st.session_state:
        asked = state.url_value("lang")
        scenario_lang = (
            state.current().scenario.language
            if state.KEY_SCENARIO in (st.session_state)
            else i18n.DEFAULT_LANGUAGE
        )
        st.session_state[i18n.SESSION_KEY] = asked if asked in i18n.LANGUAGES else scenario_lang
    lang = st.sidebar.radio(
        ":material/translate: " + i18n.t("language"),
        i18n.LANGUAGES,
        format_func=i18n.LANGUAGE_NAMES.get,
        horizontal=True,
        key=i18n.SESSION_KEY,
        on_change=state.language_switched,
    )
    return lang or i18n.DEFAULT_LANGUAGE


def _open_scenario() -> list[tuple[Path, list]] | None:
    """The session's scenario on its first run; None if nothing at all could be opened."""
    try:
        return state.ensure_scenario(state.url_value("scenario"))
    except ScenarioError as exc:
        st.error(tr("no_scenario"))
        lines = i18n.library_lines(exc)
        st.markdown("\n".join(f"- `{line}`" for line in lines))
        return None


def _report_fallback(failed: list[tuple[Path, list]]) -> None:
    """Say which start file could not be opened, and why, once a language is chosen."""
    for path, problems in failed[:1]:
        reasons = "; ".join(i18n.library_text(p) for p in problems[:5])
        text = i18n.t("start_fallback", path=path.name, fallback=state.origin_text())
        state.notify(f"{text} ({reasons})")


def _scenario_box() -> None:
    scenario = state.current()
    sidebar = st.sidebar
    sidebar.caption(tr("open_now"))
    sidebar.markdown(f"**{scenario.scenario.name_in(i18n.current_language())}**")
    note = state.origin_text()
    if state.edited():
        note = f"{note} · {tr('edited_note')}"
    sidebar.caption(note)
    if state.can_undo():
        sidebar.button(
            tr("undo"),
            help=tr("undo_help"),
            icon=":material/undo:",
            key="undo",
            on_click=state.undo,
        )


def _own_words(lang: str, css: str = "") -> None:
    """Streamlit's own words in `lang`: the hints under inputs (CSS) and the words of its
    controls and tooltips (a script, `streamlit_words`), with any other CSS the page needs."""
    st.html(css + input_hints_css(lang) + streamlit_words_html(lang), unsafe_allow_javascript=True)


def run_app() -> None:
    """Draw the app for one script run."""
    st.set_page_config(page_title="prioritise", page_icon=PAGE_ICON_URL, layout="wide")
    # --- live workshop: a join link (?join=CODE) shows the participant view and nothing else
    if st.query_params.get("join"):
        from prioritise.ui.pages.workshop_participant import render_join_link

        with guard():
            render_join_link()
        _own_words(i18n.current_language())  # the view has set the language
        return
    # --- end of the workshop join-link hook
    from prioritise.ui.workshop import room  # the workshop's modules import this one

    if room.phone_at_plain_address():  # a phone without a join link: the workshop code screen
        with guard():
            room.render_phone_start()
        _own_words(i18n.current_language())
        return
    if not access.unlocked():  # reachable from the room: the analysis pages need the key
        with guard():
            access.render_gate()
        _own_words(i18n.current_language())
        return
    failed = _open_scenario()
    lang = _language_switch()
    if failed is None:
        return
    _report_fallback(failed)
    page = st.navigation(navigation_pages(lang))
    # On a phone tables scroll sideways, and say so; Streamlit's own words in `lang`.
    _own_words(lang, table_swipe_css(lang, room.on_phone()))
    widgets.show_notices()
    with guard():
        page.run()
    state.drop_notices()  # shown in this run, which drew the page to its end
    _scenario_box()  # after the page, so that it shows the page's own changes
    state.remember_in_url("lang", lang)
    state.remember_in_url("scenario", state.shipped_name())
