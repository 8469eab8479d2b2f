"""Where the draws are solved: on this machine, or on a Dask cluster.

The engine `local` solves the draws in this process or in a pool of worker processes
(`prioritise.robustness.parallel`). The engine `dask` sends the same chunks to the workers of
a Dask cluster (the optional package `distributed`, installed with `prioritise[cluster]`):
a running one at `address` (`dask scheduler` on one machine, `dask worker` on the others), or,
without an address, a `LocalCluster` of `workers` processes with one thread each, started for
the analysis and stopped after it.

Dask rather than Ray: `distributed` is pure Python, small to install, starts a local cluster
in seconds and has the futures interface of `concurrent.futures`.

The problem is sent to every worker once; each worker process keeps one `Worker` per problem,
as the local pool does. The chunks are cut by draw number alone and each is solved on a fresh
solver, so the engine and the number of workers change the speed, never the numbers.
"""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from typing import TYPE_CHECKING, Any

import numpy as np

from prioritise.robustness.errors import RobustnessError
from prioritise.robustness.parallel import (
    Chunk,
    ChunkResult,
    DrawProblem,
    Progress,
    Runner,
    Worker,
    solve_draws,
    worker_count,
)
from prioritise.text import Duration, Message, msg

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

ENGINES = ("local", "dask")
CONNECT_SECONDS = 10.0
"""How long to wait for a scheduler to answer, and for it to have a worker."""
KEPT_PROBLEMS = 4
"""Problems a worker process keeps ready (a long-lived cluster serves many analyses)."""

_WORKERS: dict[str, Worker] = {}
_LOCK = threading.Lock()


def _solve_on_worker(problem: DrawProblem, token: str, chunk: Chunk) -> ChunkResult:
    """Runs on a Dask worker: the problem's `Worker` is built once per process."""
    with _LOCK:
        worker = _WORKERS.get(token)
        if worker is None:
            while len(_WORKERS) >= KEPT_PROBLEMS:
                del _WORKERS[next(iter(_WORKERS))]
            worker = _WORKERS[token] = Worker(problem)
    return worker.solve(chunk)


class Engine:
    """Solves all the draws of one analysis; the local engine by default."""

    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def solve(
        self, problem: DrawProblem, values: np.ndarray, progress: Progress | None
    ) -> ChunkResult:
        return solve_draws(problem, values, self.workers, progress)

    def close(self) -> None:
        """Stop what the engine started (nothing for the local engine)."""


class DaskRunner(Runner):
    """Runs chunks on a Dask cluster's workers, the problem sent to each of them once."""

    def __init__(
        self, client: Client, problem: DrawProblem, total: int, progress: Progress | None
    ) -> None:
        super().__init__(total, progress)
        self.client = client
        self.token = uuid.uuid4().hex
        self.problem = client.scatter(problem, broadcast=True, hash=False)

    def run(self, chunks: list[Chunk]) -> list[ChunkResult]:
        from distributed import as_completed

        futures = [
            self.client.submit(_solve_on_worker, self.problem, self.token, chunk, pure=False)
            for chunk in chunks
        ]
        pieces: list[ChunkResult] = []
        try:
            for future in as_completed(futures, loop=self.client.loop):
                pieces.append(self._report(future.result()))
        except BaseException:
            self.client.cancel(futures)
            raise
        return sorted(pieces, key=lambda piece: piece.start)

    def close(self) -> None:
        self.client.cancel([self.problem])


class DaskEngine(Engine):
    """The draws on a Dask cluster: one at an address, or a local one started here."""

    name = "dask"

    def __init__(self, client: Client, cluster: LocalCluster | None, workers: int) -> None:
        super().__init__(workers)
        self.client, self.cluster = client, cluster

    def solve(
        self, problem: DrawProblem, values: np.ndarray, progress: Progress | None
    ) -> ChunkResult:
        from distributed import KilledWorker

        try:
            runner = DaskRunner(self.client, problem, len(values), progress)
            return solve_draws(problem, values, self.workers, progress, runner)
        except KilledWorker:
            raise RobustnessError(
                "robustness.error.cluster", detail=msg("robustness.cause.worker_lost")
            ) from None
        except OSError as exc:  # the scheduler went away
            raise RobustnessError("robustness.error.cluster", detail=network_cause(exc)) from None

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _check_reachable(address: str) -> None:
    """Fail fast and plainly when no Dask scheduler listens at a TCP address.

    A scheduler greets every connection at once; a server that says nothing (a web server,
    such as Dask's own dashboard on port 8787) would leave the client waiting forever.
    """
    from distributed.comm import get_address_host_port, parse_address

    try:
        scheme, _ = parse_address(address)
        if scheme not in ("tcp", "tls"):
            return
        probe = socket.create_connection(get_address_host_port(address), CONNECT_SECONDS)
    except (OSError, ValueError, TypeError) as exc:
        raise _unreachable(address, network_cause(exc)) from None
    with probe:
        try:
            greeted = scheme == "tls" or bool(probe.recv(1))
        except OSError:  # nothing said within the time
            greeted = False
    if not greeted:
        raise _unreachable(address, msg("robustness.error.not_a_scheduler"))


def network_cause(exc: BaseException) -> Message:
    """What went wrong on the network, in the catalogue's words (the operating system's own
    text is in English whatever the reader's language)."""
    if isinstance(exc, ConnectionRefusedError):
        return msg("robustness.cause.refused")
    if isinstance(exc, socket.gaierror):
        return msg("robustness.cause.unknown_host")
    if isinstance(exc, TimeoutError):
        return msg("robustness.cause.timeout")
    if isinstance(exc, ValueError | TypeError):
        return msg("robustness.cause.malformed")
    if isinstance(exc, OSError) and exc.errno is not None:
        return msg("robustness.cause.network_code", code=str(exc.errno))
    return msg("robustness.cause.network")


def _unreachable(address: str, why: str | Message) -> RobustnessError:
    return RobustnessError(
        "robustness.error.scheduler", address=address, time=Duration(CONNECT_SECONDS), detail=why
    )


def _connect(address: str) -> tuple[Client, int]:
    """A client of the scheduler at `address`, and the worker threads it has."""
    from distributed import Client

    _check_reachable(address)
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except Exception as exc:  # anything that answers but is not a scheduler
        cause = network_cause(exc) if isinstance(exc, OSError) else None
        raise _unreachable(address, cause or msg("robustness.error.not_a_scheduler")) from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except TimeoutError:
        client.close()
        raise RobustnessError(
            "robustness.error.no_workers", address=address, time=Duration(CONNECT_SECONDS)
        ) from None
    info: dict[str, Any] = client.scheduler_info()
    threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
    return client, max(1, threads)


QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "2s",
    "distributed.admin.system-monitor.interval": "2s",
}
"""Dask settings for workers that solve: no sampling profiler (it inspects the solving thread
every 10 ms) and slower memory and system monitors, which otherwise take CPU from the solver."""


def start_local_cluster(workers: int) -> LocalCluster:
    """A Dask cluster on this machine: `workers` processes, one thread each, solver loaded."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(QUIET_WORKERS):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
            preload=[__name__],  # the solver's modules load while the cluster starts
        )


def open_engine(engine: str, address: str | None, workers: int | None, draws: int) -> Engine:
    """The engine that will solve `draws` draws, connected or started, ready to solve.

    `workers`: processes for the local engine or a local Dask cluster (None: the cores
    available); a cluster at `address` has the workers it has.
    """
    if engine not in ENGINES:
        raise RobustnessError(
            "robustness.error.engine", engine=str(engine), engines=", ".join(ENGINES)
        )
    if engine == "local":
        if address is not None:
            raise RobustnessError("robustness.error.address")
        return Engine(worker_count(workers, draws))
    try:
        from distributed import Client
    except ImportError:
        raise RobustnessError("robustness.error.no_dask") from None
    if address is not None:
        client, threads = _connect(address)
        return DaskEngine(client, None, threads)
    used = worker_count(workers, draws)
    cluster = start_local_cluster(used)
    return DaskEngine(Client(cluster, set_as_default=False), cluster, used)
