"""Pieces shared by the workshop pages: the store, plain error messages, the join link and its
QR code, the workshop's own scenario, and a round's result as participants see it.

Every string typed by a person (names, organisations, titles) is shown with ``st.text`` or in
a ``st.dataframe``, never through markdown or HTML.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import pandas as pd
import segno
import streamlit as st
from pandas.io.formats.style import Styler

from prioritise import scenario as scenario_io
from prioritise.scenario import Scenario, ScenarioError
from prioritise.ui import i18n, widgets
from prioritise.weights import points_weights, rank_order_centroid
from prioritise.workshop import (
    Round,
    Workshop,
    WorkshopError,
    WorkshopStore,
    group_name,
    shown_join_code,
    submissions_to_csv,
)
from prioritise.workshop.results import participants_raw, participants_scenario

T = TypeVar("T")

JOIN_PARAM = "join"
TOKEN_PARAM = "me"
CSV_BOM = "\ufeff"
"""Excel opens a UTF-8 CSV with accents correctly only when it starts with this mark."""

tr = i18n.page_text("workshop_views")


# ---------------------------------------------------------------- the store and its errors


@st.cache_resource(show_spinner=False)
def _open_store() -> WorkshopStore:
    return WorkshopStore()


def store() -> WorkshopStore:
    """The process's one store ($PRIORITISE_DB_PATH or $PRIORITISE_DB_URL); a failure to open
    it is a ``StoreUnavailableError`` and is tried again on the next run."""
    return _open_store()


@st.cache_resource(ttl=300, max_entries=64, show_spinner=False)
def workshop_of(join_code: str) -> Workshop:
    """The workshop's title, scenario, ids and groups, read once for every phone of this
    server (they never change after creation; an unknown code is not remembered). Its
    ``current_round`` may be old: a round's state comes from ``current_round`` or a
    participant's status."""
    return store().get_workshop(join_code)


@st.cache_resource(ttl=2, max_entries=64, show_spinner=False)
def round_now(join_code: str) -> Round:
    """The workshop's current round, shared by every phone that checks within two seconds."""
    return store().current_round(join_code)


def error_message(exc: WorkshopError, lang: str | None = None) -> str:
    """A store error in plain words of the interface language: its own catalogue message
    (which names a field by its label, never by what a user typed into it)."""
    return exc.text(lang or i18n.current_language())


def attempt(action: Callable[[], T]) -> T | None:
    """Run a store action; a store error becomes a plain message on the page and None."""
    try:
        return action()
    except WorkshopError as exc:
        st.error(error_message(exc), icon=":material/error:")
        return None


# ---------------------------------------------------------------- join link and QR code


def app_root_url(page_path: str = "") -> str:
    """The app's address as the browser sees it, without page path or query.

    From ``st.context.url`` (the frontend's own address) when known; else from the Host
    header, else from the server settings.
    """
    url = st.context.url
    if url:
        root = url.rstrip("/")
        if page_path and root.endswith("/" + page_path):
            root = root[: -len(page_path) - 1]
        return root
    headers = st.context.headers
    host = headers.get("Host") if headers else None
    scheme = (headers.get("X-Forwarded-Proto") if headers else None) or "http"
    if not host:
        address = st.get_option("browser.serverAddress") or "localhost"
        host = f"{address}:{st.get_option('server.port')}"
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{scheme}://{host}" + (f"/{base}" if base else "")


def join_link(root: str, join_code: str, lang: str | None = None) -> str:
    """The address participants open: the app with ``?join=CODE``, and ``&lang=`` the room's
    language (the facilitator's) where given, so that phones open in the language projected
    rather than the scenario's; each participant can still switch."""
    parts = urlsplit(root)
    path = parts.path.rstrip("/")
    query = {JOIN_PARAM: join_code, **({"lang": lang} if lang else {})}
    return f"{parts.scheme}://{parts.netloc}{path}/?{urlencode(query)}"


def qr_png(text: str, scale: int = 10) -> bytes:
    """A QR code of ``text`` as PNG bytes, with medium error correction (survives projection
    and a phone camera at an angle)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def pretty_code(join_code: str) -> str:
    """'ABCDEF23' as 'ABCD-EF23', easier to read out; the store accepts both."""
    return shown_join_code(join_code)


# ---------------------------------------------------------------- the workshop's scenario


@st.cache_resource(max_entries=32, show_spinner=False)
def workshop_scenario(scenario_toml: str) -> Scenario:
    """The scenario snapshot stored with a workshop (validated once, shared read-only)."""
    return scenario_io.loads(scenario_toml, "workshop")


def export_toml(
    workshop_store: WorkshopStore,
    join_code: str,
    secret: str,
    scenario_toml: str,
    keep_existing: bool,
    with_names: bool = False,
) -> str:
    """The workshop's scenario with every participant's latest answer as a stakeholder
    (named "Participant 1", … unless ``with_names``).

    Answers the scenario's checks refuse (zeros that leave a geometric mean nothing to weigh)
    are written all the same: the file keeps them, and loading it says what to change.
    """
    rows = workshop_store.all_submissions(join_code, secret)
    base = workshop_scenario(scenario_toml)
    options = {"keep_existing": keep_existing, "with_names": with_names}
    try:
        scenario = participants_scenario(base, rows, **options)
    except ScenarioError:
        return scenario_io.dumps_toml(participants_raw(base, rows, **options))
    return scenario_io.dumps(scenario)


def export_csv(
    workshop_store: WorkshopStore,
    join_code: str,
    secret: str,
    with_names: bool = False,
    scenario_toml: str | None = None,
) -> bytes:
    """Every submission, revisions included, as UTF-8 CSV with a BOM for Excel; times in the
    time zone of the workshop's scenario, names and organisations only ``with_names``."""
    rows = workshop_store.all_submissions(join_code, secret)
    scenario = None if scenario_toml is None else workshop_scenario(scenario_toml)
    text = submissions_to_csv(rows, with_names=with_names, scenario=scenario)
    return (CSV_BOM + text).encode("utf-8")


# ---------------------------------------------------------------- answers (pure helpers)


def ranking_from_numbers(ranks: dict[str, int]) -> list[str | list[str]]:
    """{'a': 1, 'b': 2, 'c': 2} as ['a', ['b', 'c']]: best first, equal numbers tie."""
    ranking: list[str | list[str]] = []
    for place in sorted(set(ranks.values())):
        tied = [item for item, number in ranks.items() if number == place]
        ranking.append(tied[0] if len(tied) == 1 else tied)
    return ranking


def numbers_from_ranking(ranking: list[Any]) -> dict[str, int]:
    """The inverse of ``ranking_from_numbers`` (competition ranks: 1, 2, 2, 4)."""
    numbers: dict[str, int] = {}
    place = 1
    for entry in ranking:
        members = entry if isinstance(entry, list) else [entry]
        numbers.update({item: place for item in members})
        place += len(members)
    return numbers


def answer_shares(payload: dict[str, Any], items: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """Each weight set of an answer as normalised shares (points, or rank-order centroid)."""
    shares = {}
    for weight_set, ids in items.items():
        if weight_set in payload:
            shares[weight_set] = points_weights(payload[weight_set], list(ids))
        elif weight_set in payload.get("ranks", {}):
            shares[weight_set] = rank_order_centroid(payload["ranks"][weight_set], list(ids))
    return shares


# ---------------------------------------------------------------- labels and tables


def item_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """Translated names of every criterion, enabling area, programme and region by id."""
    names: dict[str, str] = {}
    for items in (
        scenario.criteria,
        scenario.enabling_areas,
        scenario.programmes,
        scenario.regions,
    ):
        names.update({item.id: i18n.label(item, lang) for item in items})
    return names


def set_label(weight_set: str, lang: str | None = None) -> str:
    """'Criteria', 'Enabling areas', 'Regional criteria', 'Programmes'."""
    return i18n.t(weight_set, lang)


def group_label(group: str, lang: str | None = None) -> str:
    """A group's name: the quadruple-helix groups translated, any other group as written."""
    return i18n.library_text(group_name(group), lang)


def view_label(view: str, everyone: str, lang: str | None = None) -> str:
    """'Everyone' or the group's name."""
    return tr("everyone", lang) if view == everyone else group_label(view, lang)


def percent_table(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> Styler:
    """A table whose `columns` (default: all) hold percentage points (0-100), written the
    language's way ('24,2 %' / '24.2%') while staying numbers for sorting."""
    lang = i18n.current_language()
    chosen = list(frame.columns if columns is None else columns)
    return widgets.styled(frame, dict.fromkeys(chosen, widgets.points_as_percent(1, lang)))
