"""A room of phones against real app servers, at the protocol level.

    python benchmarks/workshop_load.py [--participants 50] [--at-once] [--restart]
                                       [--servers 1] [--db-url URL]

Starts the real app server (`prioritise app`'s own command and settings) on the default
scenario, creates a workshop in its store, and plays N participants as light clients speaking
Streamlit's websocket protocol (`streamlit_client.py`; no browsers, so the figures are the
server's). People open the join link over 20 seconds, join, and answer every block of the phone
flow one slider at a time (each move is a script run, as on a phone), thinking 0.5–2.5 s before
each move; each presses Send when done, looks at the result, changes one answer and sends
again. With ``--at-once`` they barely think and all press Send at the same moment (the worst
case). Meanwhile every open page plays its timed checks, as a phone left open does.

A send counts as confirmed when the page drawn after it says the answer was saved. After the
run the store is read back: every send must be one stored submission and every participant one
person. Prints the join and send→confirmation times (median and 95th percentile, first sends
and revisions), the server's CPU seconds and peak memory, and on its last line

    workshop-load: participants=N submissions=S stored=S p95_send_s=X rss_mb=Y

With ``--restart`` (implies ``--at-once``) the server is killed (``kill -9``) a moment after
everyone pressed Send and started again on the same store. Each phone whose connection was lost
connects again at its page's address, as a browser does, and reads what its page says: saved, or
not arrived (it then answers again and sends). After the run, every participant's stored rows
must equal the sends their page confirmed: a page that said "saved" for an answer the store
lacks, or "not arrived" for one it holds (the resend would be a second row), is counted as
untruthful and fails the run.

With ``--servers 2`` and a PostgreSQL ``--db-url`` the participants are spread over several
app servers sharing one database, as behind a load balancer with sticky sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from participant_flow import answer_everything, change_one_answer, confirmed, join, send
from servers import AppServers
from streamlit_client import Tab
from websockets.exceptions import InvalidHandshake

from prioritise.scenario import resolve_scenario
from prioritise.workshop import WorkshopStore
from prioritise.workshop.results import latest_per_participant

ARRIVAL_SECONDS = 20.0
"""People open the link over this many seconds (they read the code off the wall)."""
THINK = (0.5, 2.5)
"""Seconds a person takes before each slider move, Next or Send."""
AT_ONCE_THINK = (0.0, 0.2)
RESTART_AFTER_SECONDS = 0.4
"""With --restart: how long after the last Send the server is killed (mid-burst)."""
RECONNECT_SECONDS = 120.0


@dataclass
class Figures:
    """What the run measured."""

    participants: int
    joined: int = 0
    sent: int = 0
    confirmed: int = 0
    stored: int = 0
    people: int = 0
    finished: int = 0
    join_s: list[float] = field(default_factory=list)
    first_s: list[float] = field(default_factory=list)
    revise_s: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    by_server: dict[str, int] = field(default_factory=dict)
    """Confirmed sends per app server."""
    pressed: int = 0
    interrupted: int = 0
    """Runs cut off by a restart (the phone connected again)."""
    said_saved: int = 0
    said_lost: int = 0
    """After connecting again mid-send: pages that said the answer was saved / had not arrived."""
    changes_back: int = 0
    """After connecting again mid-change: pages that brought the unsent change back."""
    changing: int = 0
    """Phones whose change of answer is under way (in the page's address, not yet sent)."""
    confirmed_by: dict[str, int] = field(default_factory=dict)
    """Participant name → sends their page confirmed (normally or after connecting again)."""
    untruthful: list[str] = field(default_factory=list)

    def p95(self, values: list[float]) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def _reconnect(tab: Tab, figures: Figures) -> None:
    """Connect again at the page's address until the server answers, as a browser does."""
    figures.interrupted += 1
    deadline = asyncio.get_running_loop().time() + RECONNECT_SECONDS
    while True:
        try:
            await tab.reopen()
            return
        except (ConnectionError, OSError, TimeoutError, InvalidHandshake):
            # InvalidHandshake: a connection the dying or the starting server accepted and
            # closed before answering; a browser tries again too
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _send_until_stored(
    tab: Tab, name: str, rng: random.Random, figures: Figures, think: tuple[float, float]
) -> float | None:
    """Send; if the server went away mid-send, connect again and do what the page says: nothing
    more when it says the answer was saved, answer again and send when it says it did not
    arrive. The seconds to a confirmation seen without a restart, else None."""
    try:
        seconds = await send(tab)
    except ConnectionError:
        await _reconnect(tab, figures)
        if confirmed(tab):
            figures.said_saved += 1
            figures.confirmed += 1
            _count(figures, name)
            return None
        figures.said_lost += 1
        await answer_everything(tab, rng, think)
        seconds = await send(tab)
    if confirmed(tab):
        figures.confirmed += 1
        _count(figures, name)
        return seconds
    return None


def _count(figures: Figures, name: str) -> None:
    figures.confirmed_by[name] = figures.confirmed_by.get(name, 0) + 1


async def participant(
    number: int,
    base_url: str,
    code: str,
    figures: Figures,
    all_ready: asyncio.Barrier | None,
    stop: asyncio.Event,
    seed: int,
    think: tuple[float, float],
) -> None:
    """One phone: join, answer, wait for the room, send, revise, stay open until the end."""
    rng = random.Random(seed + number)
    name = f"Participant {number}"
    tab = Tab(base_url)
    keep_alive: asyncio.Task[None] | None = None
    try:
        await asyncio.sleep(rng.uniform(0, ARRIVAL_SECONDS))  # people arrive
        await tab.open(f"join={code}")
        figures.join_s.append(await join(tab, name, rng))
        figures.joined += 1
        keep_alive = asyncio.create_task(tab.keep_alive(stop))
        await answer_everything(tab, rng, think)
        if all_ready is not None:
            await all_ready.wait()
        figures.pressed += 1
        figures.sent += 1
        seconds = await _send_until_stored(tab, name, rng, figures, think)
        if seconds is not None:
            figures.first_s.append(seconds)
        await asyncio.sleep(rng.uniform(*think) * 4)  # a look at the result, then a change
        figures.sent += 1

        def changed() -> None:
            figures.changing += 1

        try:
            await change_one_answer(tab, rng, changed)
        except ConnectionError:  # the restart came before the revision was sent: change again
            await _reconnect(tab, figures)
            if await change_one_answer(tab, rng):
                figures.changes_back += 1
        # a restart during the send itself may come after the revision arrived: the page says
        seconds = await _send_until_stored(tab, name, rng, figures, think)
        if seconds is not None:
            figures.revise_s.append(seconds)
        figures.by_server[base_url] = figures.by_server.get(base_url, 0) + 2
    except Exception as exc:  # one phone failing is a finding, not the end of the run
        figures.failures.append(f"participant {number}: {type(exc).__name__}: {exc}")
        if all_ready is not None and not all_ready.broken:
            await all_ready.abort()  # the others must not wait for this phone forever
    finally:
        figures.finished += 1
        await stop.wait()
        if keep_alive is not None:
            await keep_alive
        await tab.close()


async def drive(
    urls: list[str],
    code: str,
    figures: Figures,
    seed: int,
    at_once: bool = False,
    restart: Callable[[], None] | None = None,
    restart_after: float = RESTART_AFTER_SECONDS,
    during: str = "sends",
) -> None:
    stop = asyncio.Event()
    restarted: asyncio.Task[None] | None = None
    if restart is not None:
        restarting = _restart_mid_burst(figures, restart, restart_after, during)
        restarted = asyncio.create_task(restarting)
    ready = asyncio.Barrier(figures.participants) if at_once else None
    think = AT_ONCE_THINK if at_once else THINK
    tasks = [
        asyncio.create_task(
            participant(i, urls[i % len(urls)], code, figures, ready, stop, seed, think)
        )
        for i in range(1, figures.participants + 1)
    ]
    while figures.finished < figures.participants:
        await asyncio.sleep(0.5)
    stop.set()
    await asyncio.gather(*tasks)
    if restarted is not None:
        await restarted


async def _restart_mid_burst(
    figures: Figures, restart: Callable[[], None], after: float, during: str
) -> None:
    """Kill the server and start it again `after` seconds into the first sends (everyone has
    pressed Send) or, with `during="revisions"`, once half the phones have a change of their
    answer under way: some are mid-change, some mid-send of the change."""

    def ready() -> bool:
        if during == "revisions":
            return figures.changing >= max(1, figures.participants // 2)
        return figures.sent >= figures.participants

    while not ready() and figures.finished < figures.participants:
        await asyncio.sleep(0.005)
    await asyncio.sleep(after)
    await asyncio.to_thread(restart)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--db-url", default=os.environ.get("PRIORITISE_DB_URL"))
    parser.add_argument("--scenario", default="chile_transforma_2017")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--at-once",
        action="store_true",
        help="everyone presses Send at the same moment (the worst case) instead of when done",
    )
    parser.add_argument(
        "--restart",
        action="store_true",
        help="kill the server a moment after everyone pressed Send and start it again",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="workshop-load-") as folder:
        env = (
            {"PRIORITISE_DB_URL": args.db_url}
            if args.db_url
            else {"PRIORITISE_DB_PATH": str(Path(folder) / "workshops.sqlite")}
        )
        figures, cpu, rss = run(
            args.participants,
            args.servers,
            env,
            args.scenario,
            args.seed,
            args.at_once or args.restart,
            args.restart,
        )
    report(figures, cpu, rss)
    if args.restart:
        return 0 if not figures.failures and not figures.untruthful else 1
    return 0 if not figures.failures and figures.stored == figures.sent else 1


def run(
    participants: int,
    servers: int,
    env: dict[str, str],
    scenario: str,
    seed: int,
    at_once: bool = False,
    restart: bool = False,
    restart_after: float = RESTART_AFTER_SECONDS,
    during: str = "sends",
) -> tuple[Figures, float, float]:
    """Start the servers, play the room, read the store back; (figures, CPU s, peak RSS MB).
    With ``restart``, the first server is killed and started again mid-burst."""
    store = WorkshopStore(url=env.get("PRIORITISE_DB_URL"), path=env.get("PRIORITISE_DB_PATH"))
    text = resolve_scenario(scenario).read_text(encoding="utf-8")
    _, code, secret = store.create_workshop("Load", text)
    figures = Figures(participants)
    with AppServers(servers, env) as running:
        # In a thread of its own: the caller may already run an event loop (a test session
        # with a browser open does).
        with ThreadPoolExecutor(max_workers=1) as pool:
            restarting = running.restart if restart else None
            pool.submit(
                asyncio.run,
                drive(
                    running.urls, code, figures, seed, at_once, restarting, restart_after, during
                ),
            ).result()
        cpu, rss = running.cpu_seconds(), running.peak_rss_mb()
    rows = store.all_submissions(code, secret)
    figures.stored = len(rows)
    figures.people = len(latest_per_participant(rows))
    stored_by: dict[str, int] = {}
    for row in rows:
        stored_by[row.name] = stored_by.get(row.name, 0) + 1
    for name in sorted(set(stored_by) | set(figures.confirmed_by)):
        shown, held = figures.confirmed_by.get(name, 0), stored_by.get(name, 0)
        if shown != held:
            figures.untruthful.append(f"{name}: pages confirmed {shown}, the store holds {held}")
    store.close()
    return figures, cpu, rss


def report(figures: Figures, cpu: float, rss: float) -> None:
    def line(name: str, values: list[float]) -> str:
        if not values:
            return f"{name}: none"
        return (
            f"{name}: n={len(values)} median={statistics.median(values):.2f}s "
            f"p95={figures.p95(values):.2f}s max={max(values):.2f}s"
        )

    print(line("join", figures.join_s))
    print(line("first send -> confirmation", figures.first_s))
    print(line("revision -> confirmation", figures.revise_s))
    print(f"confirmed {figures.confirmed} of {figures.sent} sends; people stored {figures.people}")
    print(f"server CPU {cpu:.1f} s, peak RSS {rss:.0f} MB")
    if figures.interrupted:
        told = figures.participants - len(figures.untruthful)
        print(
            f"restart: {figures.interrupted} runs cut off; after connecting again "
            f"{figures.said_saved} pages said saved, {figures.said_lost} said not arrived; "
            f"pages that told the truth {told} of {figures.participants}"
        )
    for wrong in figures.untruthful[:10]:
        print("untruthful:", wrong, file=sys.stderr)
    for failure in figures.failures[:10]:
        print("failure:", failure, file=sys.stderr)
    every = figures.first_s + figures.revise_s
    print(
        f"workshop-load: participants={figures.participants} submissions={figures.sent} "
        f"stored={figures.stored} p95_send_s={figures.p95(every):.2f} rss_mb={rss:.0f}"
    )


if __name__ == "__main__":
    sys.exit(main())
