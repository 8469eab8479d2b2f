"""A room of phones against real app servers, at the protocol level.

    python benchmarks/workshop_load.py [--participants 50] [--at-once] [--servers 1]
                                       [--db-url URL]

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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from participant_flow import answer_everything, confirmed, join, revise, send
from servers import AppServers
from streamlit_client import Tab

from prioritise.scenario import resolve_scenario
from prioritise.workshop import WorkshopStore
from prioritise.workshop.results import latest_per_participant

ARRIVAL_SECONDS = 20.0
"""People open the link over this many seconds (they read the code off the wall)."""
THINK = (0.5, 2.5)
"""Seconds a person takes before each slider move, Next or Send."""
AT_ONCE_THINK = (0.0, 0.2)


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

    def p95(self, values: list[float]) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


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
    tab = Tab(base_url)
    keep_alive: asyncio.Task[None] | None = None
    try:
        await asyncio.sleep(rng.uniform(0, ARRIVAL_SECONDS))  # people arrive
        await tab.open(f"join={code}")
        figures.join_s.append(await join(tab, f"Participant {number}", rng))
        figures.joined += 1
        keep_alive = asyncio.create_task(tab.keep_alive(stop))
        await answer_everything(tab, rng, think)
        if all_ready is not None:
            await all_ready.wait()
        seconds = await send(tab)
        figures.sent += 1
        if confirmed(tab):
            figures.confirmed += 1
            figures.first_s.append(seconds)
        await asyncio.sleep(rng.uniform(*think) * 4)  # a look at the result, then a change
        seconds = await revise(tab, rng)
        figures.sent += 1
        if confirmed(tab):
            figures.confirmed += 1
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
    urls: list[str], code: str, figures: Figures, seed: int, at_once: bool = False
) -> None:
    stop = asyncio.Event()
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="workshop-load-") as folder:
        env = (
            {"PRIORITISE_DB_URL": args.db_url}
            if args.db_url
            else {"PRIORITISE_DB_PATH": str(Path(folder) / "workshops.sqlite")}
        )
        figures, cpu, rss = run(
            args.participants, args.servers, env, args.scenario, args.seed, args.at_once
        )
    report(figures, cpu, rss)
    return 0 if not figures.failures and figures.stored == figures.sent else 1


def run(
    participants: int,
    servers: int,
    env: dict[str, str],
    scenario: str,
    seed: int,
    at_once: bool = False,
) -> tuple[Figures, float, float]:
    """Start the servers, play the room, read the store back; (figures, CPU s, peak RSS MB)."""
    store = WorkshopStore(url=env.get("PRIORITISE_DB_URL"), path=env.get("PRIORITISE_DB_PATH"))
    text = resolve_scenario(scenario).read_text(encoding="utf-8")
    _, code, secret = store.create_workshop("Load", text)
    figures = Figures(participants)
    with AppServers(servers, env) as running:
        # In a thread of its own: the caller may already run an event loop (a test session
        # with a browser open does).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, drive(running.urls, code, figures, seed, at_once)).result()
        cpu, rss = running.cpu_seconds(), running.peak_rss_mb()
    rows = store.all_submissions(code, secret)
    figures.stored = len(rows)
    figures.people = len(latest_per_participant(rows))
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
    for failure in figures.failures[:10]:
        print("failure:", failure, file=sys.stderr)
    every = figures.first_s + figures.revise_s
    print(
        f"workshop-load: participants={figures.participants} submissions={figures.sent} "
        f"stored={figures.stored} p95_send_s={figures.p95(every):.2f} rss_mb={rss:.0f}"
    )


if __name__ == "__main__":
    sys.exit(main())
