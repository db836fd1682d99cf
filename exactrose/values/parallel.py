"""ROSE's searches on several processes or a dask cluster: the shared maxima first, then the orderings.

Every ordering's initiative values are differences of maxima ``W_b`` (Definition 4), and
orderings share many of them (:class:`~exactrose.values.initiative.Maxima`).  So the searches
are what to spread: a planning pass lists every search the orderings need, once each
(:func:`plan_searches`: the reductions run, the searches are only noted); worker processes run
them, the costliest first; and the orderings are then assembled in this process from the
maxima found.  Proofs travel between our own processes pickled: python-flint's matrices and
polynomials are given picklers here.  Nothing read from a file is ever unpickled.

A time limit reaches the workers as the seconds left; a stop request (the command line's first
Ctrl-C) cancels the searches not started and stops the running ones: their maxima are then
searched here under the exhausted budget, so they return at once with the wider enclosures
they prove (as a single process would).
"""

from __future__ import annotations

import copyreg
import multiprocessing
import time
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TypeVar

from flint import fmpq_mat, fmpq_mpoly, fmpq_mpoly_ctx, fmpq_poly

from exactrose.model.game import Game
from exactrose.runtime.budget import Budget
from exactrose.runtime.cluster import check_workers
from exactrose.values.contextual import rank_game
from exactrose.values.initiative import Maxima, Proof, PureMaximum, algebraic, canonical

#: Seconds between two looks at the budget while waiting for workers.
POLL = 0.2

_NOTED = PureMaximum(Fraction(0), ())  # what the planning pass stores for a search it only notes

Found = list[tuple[tuple, tuple[Proof, str]]]
_Task = TypeVar("_Task")  # a pending search: a multiprocessing AsyncResult or a dask Future


class _Planner(Maxima):
    """A :class:`Maxima` that notes the searches instead of running them."""

    def __init__(self) -> None:
        super().__init__()
        self.searches: list[tuple[Game, int]] = []

    def solve(self, ranked: Game, b: int, limit: Budget | None = None) -> tuple[Proof, str]:
        self.searches.append((ranked, b))
        if algebraic(ranked):  # its other maximum comes with it
            self.remember(canonical(ranked, 3 - b)[1], (_NOTED, ""))
        return _NOTED, ""


def plan_searches(core: Game, orders: Iterable[tuple[int, ...]]) -> list[tuple[Game, int]]:
    """Every search ``(ranked game of movers, b)`` the orderings need, once each, the maxima
    nested deepest (small b) last, as :func:`~exactrose.values.initiative.initiative_values`
    takes them: a time limit spent on them leaves the others precise."""
    planner = _Planner()
    for order in orders:
        ranked = rank_game(core, order)
        for b in range(1, core.n):
            planner.get(ranked, b)
    return sorted(planner.searches, key=lambda search: search[0].n - search[1])


def search(ranked: Game, b: int, seconds: float | None, snapping: bool = True) -> Found:
    """Worker entry point: ``W_b`` of ``ranked`` within ``seconds``, with every maximum found on the
    way (snapped to exact maxima where they can be, with ``snapping``)."""
    maxima = Maxima(snapping)
    maxima.get(ranked, b, Budget(seconds))
    return maxima.items()


def fill_maxima(core: Game, orders: Iterable[tuple[int, ...]], maxima: Maxima, workers: int,
                limit: Budget | None = None, backend: str = "local", scheduler: object = None) -> None:
    """Run every search the orderings of ``core`` need on ``workers`` processes (``backend
    "local"``) or on dask (``scheduler``: an address or a cluster; None: a local cluster of
    ``workers`` processes), and keep their maxima in ``maxima``.  Returns when all are done,
    or when ``limit`` is exhausted (the rest are then left to the caller); at once for one
    local worker (the caller's own process searches then)."""
    check_workers(workers, backend)
    if workers == 1 and backend == "local":
        return
    limit = limit or Budget()
    searches = plan_searches(core, orders)
    if backend == "dask":
        _on_dask(searches, maxima, workers, limit, scheduler)  # the workers snap as ``maxima`` does
    else:
        _on_processes(searches, maxima, workers, limit)


def _seconds_left(limit: Budget) -> float | None:
    return None if limit.deadline is None else max(0.0, limit.deadline - time.monotonic())


def _on_processes(searches: list[tuple[Game, int]], maxima: Maxima, workers: int, limit: Budget) -> None:
    from exactrose.runtime.cluster import interrupts_ignored

    with interrupts_ignored():
        pool = multiprocessing.get_context("spawn").Pool(workers)
    try:
        pending = [pool.apply_async(search, (ranked, b, _seconds_left(limit), maxima.snapping)) for ranked, b in searches]
        _collect(pending, maxima, limit, lambda task: task.ready(), lambda task: task.get())
        pool.close()
    finally:
        pool.terminate()  # searches not finished are left to the caller
        pool.join()


def _on_dask(searches: list[tuple[Game, int]], maxima: Maxima, workers: int, limit: Budget, scheduler: object) -> None:
    from exactrose.runtime.cluster import connect, local_cluster

    cluster = local_cluster(workers) if scheduler is None else None
    client = connect(cluster if cluster is not None else scheduler)
    try:
        pending = [client.submit(search, ranked, b, _seconds_left(limit), maxima.snapping, pure=False) for ranked, b in searches]
        try:
            _collect(pending, maxima, limit, lambda future: future.done(), lambda future: future.result())
        finally:
            client.cancel(pending)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(pending: list[_Task], maxima: Maxima, limit: Budget, done: Callable[[_Task], bool],
             result: Callable[[_Task], Found]) -> None:
    """Keep each search's maxima as it finishes, until all are in or ``limit`` is exhausted
    (a worker's error, such as :class:`~exactrose.errors.NotComputableError`, is raised here)."""
    total = len(pending)
    limit.enter(f"searches: 0 of {total:,} done")
    while pending and not limit.exhausted():
        finished = [task for task in pending if done(task)]
        if not finished:
            time.sleep(POLL)
            continue
        for task in finished:
            pending.remove(task)
            for key, found in result(task):
                maxima.remember(key, found)
        limit.enter(f"searches: {total - len(pending):,} of {total:,} done")


# -------------------------------------------------------------- picklers for python-flint
def _matrix(rows: int, columns: int, entries: list) -> fmpq_mat:
    return fmpq_mat(rows, columns, entries)


def _polynomial(names: tuple[str, ...], ordering: str, terms: dict) -> fmpq_mpoly:
    return fmpq_mpoly_ctx.get(names, ordering).from_dict(terms)


copyreg.pickle(fmpq_mat, lambda m: (_matrix, (m.nrows(), m.ncols(), m.entries())))
copyreg.pickle(fmpq_poly, lambda p: (fmpq_poly, (p.coeffs(),)))
copyreg.pickle(fmpq_mpoly, lambda p: (_polynomial, (p.context().names(), str(p.context().ordering().value), p.to_dict())))
