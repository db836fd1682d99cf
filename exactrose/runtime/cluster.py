"""Worker processes and dask clusters shared by long computations (sweeps, ROSE orderings).

Worker processes started here ignore SIGINT (they inherit it ignored, :func:`interrupts_ignored`),
so a Ctrl-C at a terminal, which reaches every process of the group, is the parent's alone to
handle: it keeps the finished work and stops the workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from exactrose.errors import InputError
from exactrose.exact.numbers import shorten
from exactrose.extras import require
from exactrose.limits import MAX_WORKERS, SCHEDULER_TIMEOUT

if TYPE_CHECKING:  # dask is the optional extra [distributed]: imported where a cluster is used
    from distributed import Client, LocalCluster


@contextlib.contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Ignore SIGINT while worker processes start, so that they inherit it ignored (a Python
    process keeps a SIGINT its parent ignored: see :mod:`signal`) and a Ctrl-C reaches only this
    process.  A Ctrl-C in this short while (a local cluster starts in about a second) is lost.
    Off the main thread, where no signal handler may be set, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


#: Where the work runs: local worker processes, or a dask cluster.
BACKENDS = ("local", "dask")


def check_workers(workers: object, backend: object) -> None:
    """Refuse a backend not in :data:`BACKENDS` or a worker count outside 1..MAX_WORKERS."""
    if backend not in BACKENDS:
        raise InputError(f"backend: expected one of {', '.join(BACKENDS)}, got {shorten(repr(backend))}")
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        got = "a larger integer" if isinstance(workers, int) and workers.bit_length() > 64 else shorten(repr(workers))
        raise InputError(f"workers: expected a number of worker processes from 1 to {MAX_WORKERS}, got {got}")


def local_cluster(workers: int) -> LocalCluster:
    """A dask cluster of ``workers`` local processes of one thread, started with SIGINT ignored;
    no dashboard (the scheduler's HTTP server on a free port: 8787 may be taken)."""
    distributed = require("distributed", "distributed")
    with interrupts_ignored():
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                        silence_logs=logging.ERROR)


def connect(scheduler: object) -> Client:
    """A client of ``scheduler`` (a cluster, or the address of a scheduler); an address that is
    malformed or does not answer within :data:`~exactrose.limits.SCHEDULER_TIMEOUT` seconds is
    an :class:`InputError`.  The address is tried with a bare connection first: a Client that
    fails to start lingers and stalls for seconds when it is collected."""
    distributed = require("distributed", "distributed")
    if not isinstance(scheduler, str):
        return distributed.Client(scheduler, set_as_default=False)

    async def probe() -> None:
        comm = await distributed.comm.connect(scheduler, timeout=SCHEDULER_TIMEOUT)
        await comm.close()

    try:
        with ThreadPoolExecutor(1) as thread:  # asyncio.run in a thread: the caller may run a loop
            thread.submit(asyncio.run, probe()).result()
        return distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT, set_as_default=False)
    except (OSError, ValueError, TypeError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise InputError(f"scheduler {shorten(scheduler, 80)!r}: could not connect within {SCHEDULER_TIMEOUT} s "
                         f"({shorten(reason, 200)}); expected the address of a running dask scheduler, "
                         f"such as tcp://127.0.0.1:8786") from None
