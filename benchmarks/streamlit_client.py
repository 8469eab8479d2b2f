"""A light client that speaks Streamlit's websocket protocol, as a browser tab does.

It opens ``/_stcore/stream``, asks for script runs (``BackMsg.rerun_script``) with widget
values and button presses, and reads the elements each run draws (``ForwardMsg.delta``). No
browser, no JavaScript: one process can play a room of phones while measuring the server, not
the browsers. The protobuf messages ship with Streamlit and ``websockets`` is one of Streamlit's
own dependencies, so nothing needs installing.

Widgets are found by the key the app gives them (Streamlit ends a keyed widget's id with
``-<key>``); unkeyed form buttons by their form. Cookies the page sets with a line of script are
kept and sent on the next connection, as a browser does; a lost connection ends the run waiting
on it with ``ConnectionError``, and ``reopen`` connects again at the page's current address.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

WIDGETS = (
    "button",
    "checkbox",
    "number_input",
    "radio",
    "selectbox",
    "slider",
    "text_input",
    "button_group",
)
DONE = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


COOKIE = re.compile(r"document\.cookie = '([A-Za-z0-9_]+)=([^;']*);[^']*Max-Age=(\d+)")


@dataclass
class Element:
    """One drawn element: its kind ('slider', 'alert', 'markdown', …) and its protobuf."""

    kind: str
    proto: Any
    fragment: str = ""
    """The fragment that drew it: touching it reruns that fragment only, as in a browser."""

    @property
    def id(self) -> str:
        return str(getattr(self.proto, "id", ""))

    @property
    def text(self) -> str:
        """What a person reads in it (label, body or text)."""
        for name in ("body", "label", "text"):
            value = getattr(self.proto, name, "")
            if value:
                return str(value)
        return ""


@dataclass
class Tab:
    """One browser tab of the app: its connection, its elements and its widget values."""

    base_url: str
    query: str = ""
    connection: ClientConnection | None = None
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    values: dict[str, WidgetState] = field(default_factory=dict)
    page_hash: str = ""
    runs: int = 0
    _cache: dict[str, ForwardMsg] = field(default_factory=dict)
    _auto: dict[str, float] = field(default_factory=dict)
    _reader: asyncio.Task[None] | None = None
    _finished: asyncio.Event = field(default_factory=asyncio.Event)
    _new_run: asyncio.Event = field(default_factory=asyncio.Event)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    cookies: dict[str, str] = field(default_factory=dict)
    closed: bool = False
    """The server closed the connection (or went away); ``reopen`` connects again."""

    # ------------------------------------------------------------ connection

    async def open(self, query: str = "") -> None:
        """Connect and draw the page at ``?query`` (as typing the address does)."""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        path = parts.path.rstrip("/")
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self.connection = await connect(
            f"{scheme}://{parts.netloc}{path}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=60,
            ping_interval=None,
            additional_headers={"Cookie": cookie} if cookie else None,
        )
        self.closed = False
        self.query = query
        self._reader = asyncio.create_task(self._read())
        await self.run()

    async def reopen(self) -> None:
        """Connect again at the page's current address (its query), with the cookies kept: a
        new session, as a browser has after the server restarted."""
        await self.close()
        self.elements.clear()
        self.values.clear()
        self._auto.clear()
        self._cache.clear()
        await self.open(self.query)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        if self.connection is not None:
            await self.connection.close()

    # ------------------------------------------------------------ runs

    async def run(
        self,
        trigger: str | None = None,
        fragment: str = "",
        timeout: float = 120.0,
        auto: bool = False,
    ) -> float:
        """Ask for a script run (pressing ``trigger`` if given) and wait until it and any
        reruns it asks for have finished. Returns the seconds it took."""
        async with self._lock:
            start = time.perf_counter()
            self._finished.clear()
            states = list(self.values.values())
            if trigger is not None:
                states.append(WidgetState(id=trigger, trigger_value=True))
            message = BackMsg()
            state = message.rerun_script
            state.query_string = self.query
            state.page_script_hash = self.page_hash
            state.fragment_id = fragment
            state.is_auto_rerun = auto
            state.widget_states.widgets.extend(states)
            state.context_info.url = f"{self.base_url.rstrip('/')}/?{self.query}"
            state.context_info.timezone = "America/Santiago"
            state.context_info.locale = "es-CL"
            if self.closed or self.connection is None:
                raise ConnectionError("the connection to the server is closed")
            try:
                await self.connection.send(message.SerializeToString())
            except ConnectionClosed as exc:
                raise ConnectionError("the server closed the connection") from exc
            await asyncio.wait_for(self._finished.wait(), timeout)
            if self.closed:
                raise ConnectionError("the server closed the connection during the run")
            self.runs += 1
            return time.perf_counter() - start

    async def keep_alive(self, until: asyncio.Event) -> None:
        """Play the page's own timed fragment reruns (``st.fragment(run_every=…)``), as an
        open browser tab does, until ``until`` is set."""
        next_at: dict[str, float] = {}
        while not until.is_set():
            now = time.monotonic()
            for fragment, every in list(self._auto.items()):
                due = next_at.setdefault(fragment, now + every)
                if now >= due:
                    next_at[fragment] = now + every
                    if self.closed:
                        continue  # the phone is connecting again; its page asks anew
                    with contextlib.suppress(TimeoutError, asyncio.TimeoutError, ConnectionError):
                        await self.run(fragment=fragment, timeout=60, auto=True)
            with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
                await asyncio.wait_for(until.wait(), 0.5)

    async def _read(self) -> None:
        assert self.connection is not None
        try:
            async for raw in self.connection:
                message = ForwardMsg()
                message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
                self._take(message)
        except ConnectionClosed:
            pass
        finally:
            self.closed = True
            self._finished.set()  # a run waiting on this connection ends (ConnectionError)

    def _take(self, message: ForwardMsg) -> None:
        if message.ref_hash:
            cached = self._cache.get(message.ref_hash)
            if cached is None:
                return
            path = list(message.metadata.delta_path)
            message = ForwardMsg()
            message.CopyFrom(cached)
            message.metadata.ClearField("delta_path")
            message.metadata.delta_path.extend(path)
        elif message.metadata.cacheable and message.hash:
            self._cache[message.hash] = message
        kind = message.WhichOneof("type")
        if kind == "new_session" and not message.metadata.run.fragment_ids:
            # A whole run draws the page anew; a fragment's run redraws only the fragment.
            self.elements.clear()
            self._auto.clear()
        elif kind == "delta":
            self._delta(message)
        elif kind == "navigation":
            self.page_hash = message.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "auto_rerun":
            self._auto[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        elif kind == "script_finished" and message.script_finished in DONE:
            present = {e.id for e in self.elements.values() if e.id}
            for stale in set(self.values) - present:
                del self.values[stale]
            self._finished.set()

    def _delta(self, message: ForwardMsg) -> None:
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type") or ""
        if kind == "html":
            for name, value, seconds in COOKIE.findall(element.html.body):
                if int(seconds) > 0:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
        self.elements[path] = Element(kind, getattr(element, kind), delta.fragment_id)
        for later in [p for p in self.elements if p[: len(path)] == path and p != path]:
            del self.elements[later]

    # ------------------------------------------------------------ reading the page

    def shown(self, kinds: Iterable[str] | None = None) -> list[Element]:
        """Elements on the page now, in page order."""
        wanted = set(kinds) if kinds is not None else None
        return [
            self.elements[path]
            for path in sorted(self.elements)
            if wanted is None or self.elements[path].kind in wanted
        ]

    def widget(self, key: str) -> Element | None:
        """The widget the app drew with ``key``, if it is on the page."""
        for element in self.shown(WIDGETS):
            if element.id.endswith("-" + key):
                return element
        return None

    def form_button(self, form: str) -> Element | None:
        """The submit button of the form called ``form`` in the app."""
        for element in self.shown(["button"]):
            if element.proto.is_form_submitter and element.proto.form_id == form:
                return element
        return None

    def alerts(self, kind: str = "success") -> list[str]:
        """Bodies of the success/info/warning/error messages on the page."""
        from streamlit.proto.Alert_pb2 import Alert

        number = {"error": Alert.ERROR, "warning": Alert.WARNING, "info": Alert.INFO}.get(
            kind, Alert.SUCCESS
        )
        return [e.proto.body for e in self.shown(["alert"]) if e.proto.format == number]

    # ------------------------------------------------------------ setting values

    def set(self, key: str, value: Any) -> None:
        """Give the widget drawn with ``key`` a value, as touching it on the phone does."""
        element = self.widget(key)
        if element is None:
            raise LookupError(f"no widget with key {key!r} on the page")
        state = WidgetState(id=element.id)
        if element.kind == "slider":
            state.double_array_value.data.extend([float(value)])
        elif element.kind in ("text_input", "selectbox", "radio"):
            state.string_value = str(value)
        elif element.kind == "checkbox":
            state.bool_value = bool(value)
        elif element.kind == "number_input":
            state.double_value = float(value)
        else:
            raise TypeError(f"cannot set a {element.kind}")
        self.values[element.id] = state

    async def press(self, key: str) -> float:
        """Press the button drawn with ``key``; the seconds until the page is drawn again."""
        element = self.widget(key)
        if element is None:
            raise LookupError(f"no button with key {key!r} on the page")
        return await self.run(trigger=element.id, fragment=element.fragment)

    async def changed(self, widget_id: str) -> float:
        """The run a browser asks for after a widget's value changed (only its fragment's,
        when a fragment drew it)."""
        fragment = next((e.fragment for e in self.shown(WIDGETS) if e.id == widget_id), "")
        return await self.run(fragment=fragment)

    async def submit(self, form: str) -> float:
        """Press the submit button of ``form``."""
        element = self.form_button(form)
        if element is None:
            raise LookupError(f"no submit button of form {form!r} on the page")
        return await self.run(trigger=element.id)
