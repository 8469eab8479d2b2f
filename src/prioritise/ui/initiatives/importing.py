"""The Initiatives page's spreadsheet: download it (the empty template, or the initiatives the
scenario has, to change in Excel) and upload it filled in, read as `prioritise import` reads it
(`scenario.initiatives_from`, docs/scenario-format.md).

An upload is read once. Its rows replace the scenario's initiatives only when every cell and
every rule holds; otherwise each problem is listed at its sheet, row and column, the scenario
stays as it was, and the list stays in view until the next upload.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from prioritise.scenario import (
    Scenario,
    SheetError,
    SheetProblem,
    initiative_sheet_bytes,
    initiatives_from,
)
from prioritise.scenario.sheet_pools import only_lost_members
from prioritise.ui import access, i18n, optimising, state, widgets

tr = i18n.page_text("initiatives")

KINDS = (
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("csv", "text/csv"),
)
LABELS = {
    (False, "xlsx"): "template_xlsx",
    (False, "csv"): "template_csv",
    (True, "xlsx"): "filled_xlsx",
    (True, "csv"): "filled_csv",
}
"""The download's words: the empty template, or the initiatives the scenario has."""
SEEN = "init_import_seen"
FAILED = "init_import_failed"
SHOWN_PROBLEMS = 25
"""Problems listed on screen at most: a sheet bad in every row would fill the page, and the
first ones say what to mend before the others."""


def section(scenario: Scenario, lang: str) -> None:
    """The spreadsheet's part of the page: what it is for, its downloads and its upload."""
    st.subheader(tr("import_head"))
    st.caption(tr("template_intro"))
    downloads(scenario, lang)
    upload(scenario)


@st.cache_data(show_spinner=False, max_entries=8)
def _sheet(text: str, lang: str, kind: str, filled: bool, _scenario: Scenario) -> bytes:
    """The file to download, made once per scenario text (`_scenario` is that text's)."""
    return initiative_sheet_bytes(_scenario, lang, kind, filled=filled)


def downloads(scenario: Scenario, lang: str) -> None:
    """The template when the scenario has no initiatives; else its initiatives written in the
    same columns, so that a change made in the spreadsheet comes back in with the upload."""
    filled = bool(scenario.initiatives)
    text = state.current_text()
    columns = st.columns(len(KINDS))
    for column, (kind, mime) in zip(columns, KINDS, strict=True):
        column.download_button(
            tr(LABELS[filled, kind]),
            data=_sheet(text, lang, kind, filled, scenario),
            file_name=f"{optimising.file_stem(scenario)}-{tr('file_suffix')}.{kind}",
            mime=mime,
            icon=":material/download:",
            key=f"init_template_{kind}",
        )


def upload(scenario: Scenario) -> None:
    """The upload of a filled spreadsheet, and what became of the last one."""
    key = state.widget_key("init_import")
    uploaded = widgets.file_uploader(
        tr("import_label"),
        key=key,
        box="init_import_box",
        types=[kind for kind, _ in KINDS],
        help=tr("import_help"),
        on_change=partial(_emptied, key),
    )
    if uploaded is not None:
        _read_once(scenario, uploaded.getvalue(), uploaded.name, str(uploaded.file_id))
    failed = st.session_state.get(FAILED)
    if failed and failed[2] != state.generation():  # another scenario is open: not its file
        st.session_state.pop(FAILED, None)
    elif failed:
        name, problems, _, data = failed
        show_problems(name, problems)
        # the one problem the import can mend itself, when asked: pools naming lost rows. The
        # file is kept with its problems: a change of language empties the upload box.
        mendable = only_lost_members(problems) and access.unlocked()
        if mendable and st.button(tr("import_dropping"), key="init_import_dropping"):
            _read(scenario, data, name, drop_from_pools=True)


def _emptied(key: str) -> None:
    """The user took the file out of the box: its problems, and the offer to mend them, go
    with it. (A change of language empties the box without a callback: they stay.)"""
    if st.session_state.get(key) is None:
        st.session_state.pop(FAILED, None)


def _read_once(scenario: Scenario, data: bytes, name: str, upload_id: str) -> None:
    if st.session_state.get(SEEN) == upload_id or not access.unlocked():
        return
    st.session_state[SEEN] = upload_id
    _read(scenario, data, name)


def _read(scenario: Scenario, data: bytes, name: str, *, drop_from_pools: bool = False) -> None:
    """The sheet's rows as the scenario's initiatives, or its problems kept to be listed."""
    origin = state.download_name(scenario)
    try:
        found = initiatives_from(data, name, scenario, origin, drop_from_pools=drop_from_pools)
    except SheetError as exc:
        st.session_state[FAILED] = (name, exc.problems, state.generation(), data)
        if drop_from_pools:  # asked by the button, under the list drawn before: draw anew
            st.rerun()
        return
    st.session_state.pop(FAILED, None)
    had = bool(scenario.initiatives)
    state.replace(found.scenario)  # one step back with undo, as any other change
    shown = widgets.plain_markdown(name)
    said = (
        tr("imported", count=found.count, name=shown)
        if had
        else tr("imported_new", count=found.count, name=shown)
    )
    lang = i18n.current_language()
    dropped = [f"- {widgets.plain_markdown(d.message.text(lang))}" for d in found.dropped]
    state.notify("\n".join([said, "", *dropped]) if dropped else said, "success")
    st.rerun()


def show_problems(name: str, problems: list[SheetProblem]) -> None:
    """The sheet's problems, each at its place, the first `SHOWN_PROBLEMS` of them."""
    lang = i18n.current_language()
    lines = [f"- {widgets.plain_markdown(problem.line(lang))}" for problem in problems]
    hidden = len(lines) - SHOWN_PROBLEMS
    if hidden > 0:
        lines = [*lines[:SHOWN_PROBLEMS], f"- {tr('import_more', count=hidden)}"]
    widgets.show_lines(lines, tr("import_failed", name=widgets.plain_markdown(name)))
