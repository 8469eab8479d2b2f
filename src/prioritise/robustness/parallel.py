"""Solving many draws, in this process or spread over worker processes.

Each worker builds its HiGHS model once (in the pool's initializer) and then solves chunks of
draws. Draws are solved in two phases. The first `anchor_count(draws)` draws start from the
group's optimal basis and keep their own optimal basis as anchors; every later draw starts
from the basis of the anchor whose cell values are nearest to its own (Euclidean distance,
the group's included), which on the Chile scenario halves the simplex iterations. Which
anchor a draw starts from depends only on the draws themselves.

HiGHS keeps state between solves on one instance that clearing does not reach, and an LP
with several optimal splits returns the one its path leads to; so every chunk is solved on a
fresh instance, and the chunks are cut by draw number alone. A draw's answer then depends on
the seed and the scenario only: never on the number of workers, nor on which worker is
faster.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

import highspy
import numpy as np

from prioritise.robustness.errors import RobustnessError
from prioritise.robustness.lp import MatrixModel
from prioritise.robustness.solve import ReSolver, WarmStart, make_basis
from prioritise.scoring.fast_values import ValueModel
from prioritise.text import msg

Progress = Callable[[int, int], None]
Codes = tuple[np.ndarray, np.ndarray]
MAX_CHUNK = 25
MIN_CHUNKS = 8
DRAWS_PER_EXTRA_WORKER = 40
"""Below this many draws per worker, starting another process costs more than it saves."""
DRAWS_PER_ANCHOR = 8
MAX_ANCHORS = 128
GROUP_ANCHOR = -1


@dataclass(frozen=True)
class DrawProblem:
    """What a worker needs: the matrix model, the value model and the group's optimum."""

    matrix: MatrixModel
    values: ValueModel
    start: WarmStart
    group_values: np.ndarray  # the group's cell values V

    def priorities(self, weights: dict[str, np.ndarray]) -> np.ndarray:
        """P(p) for a batch of draws (draws × programmes)."""
        return self.values.programme_priorities(
            weights["criteria"], direct=weights.get("programmes")
        )

    def cell_values(self, weights: dict[str, np.ndarray]) -> np.ndarray:
        """V for a batch of draws (draws × cells, in the value model's cell order)."""
        p = self.priorities(weights)
        q = self.values.enabling_priorities(weights["enabling_areas"])
        f = self.values.regional_priorities(weights["regional_criteria"])
        n = p.shape[0]
        q = np.broadcast_to(q, (n, *q.shape[-2:]))
        f = np.broadcast_to(f, (n, *f.shape[-2:]))
        return (p[:, :, None, None] * q[:, :, :, None] * f[:, :, None, :]).reshape(n, -1)


@dataclass(frozen=True)
class Chunk:
    """Consecutive draws to solve: their cell values and where each one starts from."""

    start: int
    values: np.ndarray  # draws × cells
    anchors: np.ndarray  # per draw: an anchor's draw number, or GROUP_ANCHOR
    bases: dict[int, Codes]  # the anchors this chunk needs
    keep_basis: bool = False


@dataclass(frozen=True)
class ChunkResult:
    start: int
    amounts: np.ndarray  # draws × cells
    objective: np.ndarray
    seconds: np.ndarray
    bound: np.ndarray
    bases: list[Codes | None]


class Worker:
    """Solves chunks, each on a fresh ReSolver; keeps the bases it has turned into objects."""

    def __init__(self, problem: DrawProblem) -> None:
        self.problem = problem
        self._start_basis = problem.start.basis()
        self._bases: dict[int, highspy.HighsBasis] = {}

    def basis(self, anchor: int, chunk: Chunk) -> highspy.HighsBasis | None:
        if anchor == GROUP_ANCHOR:
            return None
        if anchor not in self._bases:
            self._bases[anchor] = make_basis(*chunk.bases[anchor])
        return self._bases[anchor]

    def solve(self, chunk: Chunk) -> ChunkResult:
        matrix = self.problem.matrix
        n = len(chunk.values)
        amounts = np.zeros((n, matrix.n_cells))
        objective, seconds, bound = np.zeros(n), np.zeros(n), np.zeros(n)
        bases: list[Codes | None] = []
        solver = ReSolver(self.problem.matrix, self.problem.start, self._start_basis)
        for i, values in enumerate(chunk.values):
            solved = solver.solve(
                matrix.costs(values),
                msg("robustness.solve.draw", number=chunk.start + i + 1),  # as people count
                self.basis(int(chunk.anchors[i]), chunk),
                chunk.keep_basis,
            )
            amounts[i] = matrix.cell_amounts(solved.columns)
            objective[i], seconds[i], bound[i] = solved.objective, solved.seconds, solved.bound
            bases.append(solved.basis)
        return ChunkResult(chunk.start, amounts, objective, seconds, bound, bases)


_WORKER: Worker | None = None


def _initialise(problem: DrawProblem) -> None:
    global _WORKER
    _WORKER = Worker(problem)


def _work(chunk: Chunk) -> ChunkResult:
    assert _WORKER is not None, "the worker was not initialised"
    return _WORKER.solve(chunk)


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(requested: int | None, draws: int) -> int:
    """Workers to use: as asked, or (None) the cores available when the draws justify them."""
    if requested is not None:
        if requested < 1:
            raise RobustnessError("robustness.error.workers", workers=repr(requested))
        return min(requested, max(draws, 1))
    return max(1, min(available_cores(), draws // DRAWS_PER_EXTRA_WORKER))


def anchor_count(draws: int) -> int:
    """How many of the first draws serve as starting points for the others."""
    return min(MAX_ANCHORS, draws // DRAWS_PER_ANCHOR)


def chunk_bounds(start: int, stop: int) -> list[tuple[int, int]]:
    """Consecutive chunks cut by draw number alone (never by the number of workers).

    At least `MIN_CHUNKS` of them, so progress moves and two workers stay busy.
    """
    size = max(1, min(MAX_CHUNK, math.ceil((stop - start) / MIN_CHUNKS)))
    return [(i, min(i + size, stop)) for i in range(start, stop, size)]


def nearest_anchors(values: np.ndarray, anchor_values: np.ndarray) -> np.ndarray:
    """For each row of `values`, the index of the nearest row of `anchor_values`."""
    cross = values @ anchor_values.T
    distance = (anchor_values**2).sum(axis=1)[None, :] - 2 * cross
    return np.argmin(distance, axis=1)


def _context() -> multiprocessing.context.BaseContext:
    """fork is fastest, but forking a process that runs other threads (a web app) is unsafe."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Runner:
    """Runs chunks somewhere and reports progress; `run` returns them in draw order.

    The local engine (`LocalRunner`) and the cluster engine
    (`prioritise.robustness.cluster`) share this interface, so the chunks, and hence the
    results, are the same whichever runs them.
    """

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress = total, progress
        self.done = 0

    def run(self, chunks: list[Chunk]) -> list[ChunkResult]:
        raise NotImplementedError

    def _report(self, piece: ChunkResult) -> ChunkResult:
        self.done += len(piece.objective)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return piece

    def close(self) -> None:
        """Release what the runner started (nothing by default)."""


class LocalRunner(Runner):
    """Runs chunks in this process or a pool, reporting progress, keeping draw order."""

    def __init__(
        self, problem: DrawProblem, workers: int, total: int, progress: Progress | None
    ) -> None:
        super().__init__(total, progress)
        self.problem, self.workers = problem, workers
        self.pool: ProcessPoolExecutor | None = None
        self.local: Worker | None = None
        if workers > 1:
            self.pool = ProcessPoolExecutor(
                workers, mp_context=_context(), initializer=_initialise, initargs=(problem,)
            )
        else:
            self.local = Worker(problem)

    def run(self, chunks: list[Chunk]) -> list[ChunkResult]:
        pieces: list[ChunkResult] = []
        if self.local is not None:
            for chunk in chunks:
                pieces.append(self._report(self.local.solve(chunk)))
        else:
            assert self.pool is not None
            pending: set[Future[ChunkResult]] = {self.pool.submit(_work, c) for c in chunks}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                pieces.extend(self._report(future.result()) for future in finished)
        return sorted(pieces, key=lambda piece: piece.start)

    def close(self) -> None:
        if self.pool is not None:  # on an error or an interrupt, drop chunks not yet started
            self.pool.shutdown(wait=True, cancel_futures=True)


def solve_draws(
    problem: DrawProblem,
    values: np.ndarray,
    workers: int,
    progress: Progress | None = None,
    runner: Runner | None = None,
) -> ChunkResult:
    """Every draw's optimal split, in draw order, with `workers` processes (1: this one).

    `values` holds each draw's cell values (draws × cells). `runner` solves the chunks
    (default: a `LocalRunner` with `workers` processes); it is closed at the end.
    """
    draws = len(values)
    anchors = anchor_count(draws)
    if runner is None:
        runner = LocalRunner(problem, workers, draws, progress)
    try:
        first = runner.run(
            [
                Chunk(a, values[a:b], np.full(b - a, GROUP_ANCHOR), {}, keep_basis=True)
                for a, b in chunk_bounds(0, anchors)
            ]
        )
        bases = {
            piece.start + i: codes
            for piece in first
            for i, codes in enumerate(piece.bases)
            if codes is not None
        }
        candidates = np.vstack([problem.group_values[None, :], values[:anchors]])
        chosen = nearest_anchors(values[anchors:], candidates) - 1  # 0 is the group: -1
        later = []
        for a, b in chunk_bounds(anchors, draws):
            picks = chosen[a - anchors : b - anchors]
            needed = {int(j): bases[int(j)] for j in set(picks.tolist()) if j != GROUP_ANCHOR}
            later.append(Chunk(a, values[a:b], picks, needed))
        pieces = first + runner.run(later)
    finally:
        runner.close()
    joined = {
        name: np.concatenate([getattr(p, name) for p in pieces])
        for name in ("amounts", "objective", "seconds", "bound")
    }
    return ChunkResult(
        0,
        joined["amounts"],
        joined["objective"],
        joined["seconds"],
        joined["bound"],
        [],
    )
