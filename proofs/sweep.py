"""Check registered claims on every game of a family, in-process, on worker processes or on dask.

:func:`run_sweep` hands out game *indices*: a worker regenerates each game from the family spec
and its index (:func:`proofs.families.parse_family`), so only the spec, the indices and the
verdicts travel.  Each game is built once and checked against every claim that still needs it.
Results are recorded as each game finishes, in an optional SQLite store (:mod:`proofs.store`,
one committed transaction per game): worker processes take games one at a time from a queue and
send each result back at once (:func:`_run_pool`); dask tasks check a few games each and stream
each result to the client as an event (:func:`check_chunk`).  So a killed sweep loses only the
games being checked, and resumes where it stopped (``resume=True``, which first checks every
stored row); without ``resume`` the stored results of the same claims on the same family are
cleared first.

Ctrl-C (:class:`KeyboardInterrupt`) stops a sweep on any backend and keeps the work: the games
that finished but were not yet recorded are recorded, then the workers are stopped and the
interrupt goes on.  Worker processes started here ignore SIGINT (they inherit it ignored,
:func:`~exactrose.runtime.cluster.interrupts_ignored`), so a Ctrl-C at a terminal, which reaches every process of the
group, is this process's alone to handle: no worker prints a traceback.

A check that raises :class:`~exactrose.errors.NotComputableError` is recorded as undecided
(``holds=None``, the error in the evidence); any other exception stops the sweep, with a note
naming the claim and the game.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import multiprocessing
import multiprocessing.connection
import multiprocessing.queues
import queue
import sys
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from tqdm import tqdm

from exactrose.errors import ExactroseError, InputError, NotComputableError
from exactrose.extras import require
from exactrose.input.formats import game_to_json
from exactrose.model.game import Game
from exactrose.runtime.cluster import (
    check_workers,
    connect,
    interrupts_ignored,
    local_cluster,
)
from proofs.core import REGISTRY, Claim
from proofs.families import parse_family
from proofs.store import ResultStore

if TYPE_CHECKING:  # the extra [distributed] is imported only where a sweep runs on dask
    from distributed import Client, LocalCluster

#: Modules whose import registers the project's claims.
CLAIM_MODULES = ("proofs.propositions", "proofs.controls", "proofs.equilibrium_claims")

#: Games queued per worker process or dask worker thread: enough that a worker never waits a
#: round trip for its next game.  A queued game has not started, so a Ctrl-C loses none of them.
QUEUED_PER_WORKER = 16
#: Games per dask task (a task costs the scheduler a few milliseconds; its games' results are
#: streamed one by one all the same), and the event topic that streams them: one topic for
#: every sweep, so that the scheduler's event log of it stays within its length.
DASK_CHUNK = 8
DASK_TOPIC = "exactrose-sweep"

#: One game's verdicts as a worker returns them: (index, game JSON text, [(claim, holds, evidence JSON text)]).
GameResult = tuple[int, str, list[tuple[str, bool | None, str]]]


@dataclass(frozen=True)
class Counterexample:
    """The failing game with the smallest index, and the evidence of its verdict."""

    index: int
    game: Game
    evidence: dict


@dataclass(frozen=True)
class Summary:
    """The outcome of one claim on one family.

    ``holds`` is False if some game fails the claim, else None if some game was undecided,
    else True.  ``checked`` counts every game with a verdict (resumed ones included).
    """

    claim: str
    statement: str
    kind: str
    family: str
    checked: int
    holds: bool | None
    counterexample: Counterexample | None


def load_claims(extra_modules: Iterable[str] = ()) -> dict[str, Claim]:
    """Import the claim modules (:data:`CLAIM_MODULES`, then ``extra_modules``)
    and return the registry.  Importing twice is free, so every worker calls this."""
    for name in CLAIM_MODULES:
        importlib.import_module(name)
    for name in extra_modules:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            raise InputError(f"extra_modules: expected an importable module, {name!r} was not found") from error
    return REGISTRY


def check_game(spec: str, index: int, claim_ids: Sequence[str], modules: Sequence[str] = ()) -> GameResult:
    """Worker entry point: check game ``index`` of family ``spec`` against ``claim_ids``."""
    load_claims(modules)
    game = parse_family(spec)[index]
    verdicts = [(claim_id, *_check(REGISTRY[claim_id], game, spec, index)) for claim_id in claim_ids]
    return index, json.dumps(game_to_json(game), ensure_ascii=False), verdicts


def _check(claim: Claim, game: Game, spec: str, index: int) -> tuple[bool | None, str]:
    try:
        verdict = claim.check(game)
    except NotComputableError as error:
        return None, json.dumps({"error": f"NotComputableError: {error}"}, ensure_ascii=False)
    except Exception as error:
        error.add_note(f"while checking claim {claim.id!r} on game {index} of family {spec!r}")
        raise
    holds = verdict.holds
    if holds is not None and not isinstance(holds, bool):
        if type(holds).__name__ != "bool_":  # numpy booleans are accepted
            raise InputError(f"claim {claim.id!r}: Verdict.holds must be True, False or None, got {holds!r}")
        holds = bool(holds)
    try:
        evidence = json.dumps(dict(verdict.evidence), ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise InputError(f"claim {claim.id!r}: evidence on game {index} of {spec!r} is not JSON-ready ({error}); "
                         f"build it with proofs.core.evidence") from error
    return holds, evidence


class _Tally:
    """Running verdict of one claim: counts, and the failing game with the smallest index."""

    def __init__(self) -> None:
        self.checked = 0
        self.undecided = 0
        self.first_failure: tuple[int, dict] | None = None

    def add(self, index: int, holds: bool | None, evidence: dict | str) -> None:
        self.checked += 1
        if holds is None:
            self.undecided += 1
        elif holds is False and (self.first_failure is None or index < self.first_failure[0]):
            self.first_failure = (index, json.loads(evidence) if isinstance(evidence, str) else evidence)

    @property
    def holds(self) -> bool | None:
        if self.first_failure is not None:
            return False
        return None if self.undecided else True


def run_sweep(
    claim_ids: str | Iterable[str],
    family_spec: str,
    *,
    workers: int = 1,
    backend: str = "local",
    scheduler: object = None,
    store_path: str | None = None,
    resume: bool = False,
    progress: bool = True,
    extra_modules: Iterable[str] = (),
) -> list[Summary]:
    """Check each claim on every game of the family; one :class:`Summary` per claim, in order.

    ``workers=1`` (local backend) runs in this process; ``workers > 1`` starts worker processes.
    ``backend="dask"`` submits games to ``dask.distributed.Client(scheduler)`` (an address, a
    cluster or a client; with ``scheduler=None`` a local cluster of ``workers`` processes is
    started and closed).  ``extra_modules`` are imported by every worker to register more
    claims.  With ``store_path`` results are stored as each game finishes; ``resume`` checks the
    stored results (checksums, and each game against the family) and skips their games,
    otherwise the stored results of these claims on this family are cleared.  ``progress``
    shows a tqdm bar on stderr.  Ctrl-C records the finished games and re-raises
    :class:`KeyboardInterrupt`.
    """
    ids = [claim_ids] if isinstance(claim_ids, str) else list(dict.fromkeys(claim_ids))
    modules = tuple(extra_modules)
    registry = load_claims(modules)
    family = parse_family(family_spec)
    spec = family.spec
    if not ids:
        raise InputError("claims: expected at least one claim id")
    for claim_id in ids:
        if claim_id not in registry:
            known = ", ".join(sorted(registry)) or "none registered"
            raise InputError(f"claim {claim_id!r}: expected a registered claim id ({known})")
        claim = registry[claim_id]
        if family.n not in claim.players:
            raise InputError(f"claim {claim_id!r} is about games with {_players_text(claim.players)} players; "
                             f"family {spec!r} has {family.n}")
    check_workers(workers, backend)
    if resume and store_path is None:
        raise InputError("resume: a sweep resumes from a store; pass store_path")

    tallies = {claim_id: _Tally() for claim_id in ids}
    store = ResultStore(store_path) if store_path is not None else None
    try:
        done: dict[str, set[int]] = {claim_id: set() for claim_id in ids}
        if store is not None:
            for claim_id in ids:
                if resume:
                    for row in store.results(claim_id, spec, family):
                        tallies[claim_id].add(row.index, row.holds, row.evidence)
                        done[claim_id].add(row.index)
                else:
                    store.clear(claim_id, spec)
        size = len(family)
        remaining = size - len(set.intersection(*done.values()))
        items = _pending(size, ids, done)

        def record(result: GameResult) -> None:
            index, game_json, verdicts = result
            if store is not None:
                store.put(spec, index, game_json, verdicts)
            for claim_id, holds, ev in verdicts:
                tallies[claim_id].add(index, holds, ev)
            bar.update(1)

        label = ids[0] if len(ids) == 1 else f"{len(ids)} claims"
        with _progress_bar(remaining, f"{label} on {spec}", progress) as bar:
            if remaining and backend == "dask":
                _run_dask(spec, items, modules, workers, scheduler, record)
            elif remaining and workers > 1:
                _run_pool(spec, items, modules, min(workers, remaining), record)
            elif remaining:
                for index, needed in items:
                    record(check_game(spec, index, needed, modules))
    finally:
        if store is not None:
            store.close()

    summaries = []
    for claim_id in ids:
        claim, tally = registry[claim_id], tallies[claim_id]
        counterexample = None
        if tally.first_failure is not None:
            index, ev = tally.first_failure
            counterexample = Counterexample(index, family[index], ev)
        summaries.append(Summary(claim.id, claim.statement, claim.kind, spec, tally.checked, tally.holds, counterexample))
    return summaries


def _progress_bar(total: int, label: str, enabled: bool) -> tqdm:
    """A tqdm bar on stderr (silent when disabled)."""
    return tqdm(total=total, desc=label, unit="game", file=sys.stderr, dynamic_ncols=True, disable=not enabled)


def _players_text(players: Sequence[int]) -> str:
    players = list(players)
    return " or ".join(map(str, players)) if players else "no number of"


#: A game still to check: its index and the claims that still need it.
Item = tuple[int, tuple[str, ...]]


def _pending(size: int, ids: list[str], done: dict[str, set[int]]) -> Iterator[Item]:
    """The games still to check, in index order, one at a time (a family may hold 10^12 games)."""
    for index in range(size):
        need = tuple(claim_id for claim_id in ids if index not in done[claim_id])
        if need:
            yield index, need


def _run_pool(spec: str, items: Iterator[Item], modules: tuple[str, ...], workers: int,
              record: Callable[[GameResult], None]) -> None:
    """Worker processes that take games from one queue (:data:`QUEUED_PER_WORKER` per worker
    queued) and send each result back on their own pipe as soon as it is done.  A worker that
    dies (killed, out of memory) closes its pipe, which stops the sweep with an error rather than
    a wait for its games.  On Ctrl-C the results already sent are recorded and the workers
    terminated."""
    context = multiprocessing.get_context("spawn")
    tasks = context.Queue()
    processes: list[multiprocessing.context.SpawnProcess] = []
    pipes: list[multiprocessing.connection.Connection] = []
    try:
        with interrupts_ignored():
            for _ in range(workers):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_pool_worker, args=(spec, modules, tasks, sender), daemon=True)
                process.start()
                sender.close()
                processes.append(process)
                pipes.append(receiver)
        queued = 0
        while True:
            for item in itertools.islice(items, QUEUED_PER_WORKER * workers - queued):
                tasks.put(item)
                queued += 1
            if not queued:
                return
            for ready in multiprocessing.connection.wait(pipes):
                pipe = cast(multiprocessing.connection.Connection, ready)  # wait returns some of the pipes given
                try:
                    outcome = pipe.recv()
                except EOFError:  # the worker, the pipe's only writer, is gone
                    raise _worker_died(processes[pipes.index(pipe)], spec) from None
                queued -= 1
                if isinstance(outcome, BaseException):
                    raise outcome
                record(outcome)
    except KeyboardInterrupt:
        for pipe in pipes:
            with contextlib.suppress(EOFError):
                while pipe.poll():
                    outcome = pipe.recv()
                    if not isinstance(outcome, BaseException):
                        record(outcome)
        raise
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        tasks.cancel_join_thread()  # the items still queued are dropped with the queue
        tasks.close()


def _pool_worker(spec: str, modules: tuple[str, ...], tasks: multiprocessing.queues.Queue,
                 results: multiprocessing.connection.Connection) -> None:
    """A worker process of :func:`_run_pool`: checks the games it takes from ``tasks`` and sends
    each result, or the error that stopped it (with this process's traceback), on ``results``."""
    while True:
        index, claim_ids = tasks.get()
        outcome: GameResult | Exception
        try:
            outcome = check_game(spec, index, claim_ids, modules)
        except Exception as error:
            error.add_note("in the worker process:\n" + traceback.format_exc().rstrip())
            outcome = error
        results.send(outcome)


def _worker_died(process: multiprocessing.process.BaseProcess, spec: str) -> ExactroseError:
    """The error that stops a sweep whose worker process died (its exit code, once it is reaped)."""
    process.join(1)
    return ExactroseError(f"family {spec!r}: a worker process died (exit code {process.exitcode}) while checking "
                          f"games; the games recorded before are kept (with --store, --resume goes on from there)")


def _run_dask(spec: str, items: Iterator[Item], modules: tuple[str, ...], workers: int, scheduler: object,
              record: Callable[[GameResult], None]) -> None:
    """Chunks of :data:`DASK_CHUNK` games submitted to a dask.distributed client, enough that
    :data:`QUEUED_PER_WORKER` games per worker thread are queued.  Each game is recorded as soon
    as its result arrives, streamed (:func:`check_chunk`), or else when its chunk ends; on Ctrl-C
    the results already arrived are recorded and the rest is cancelled."""
    distributed = require("distributed", "distributed")  # the extra [distributed]
    cluster: LocalCluster | None = None
    client: Client | None = None
    own_client = not isinstance(scheduler, distributed.Client)
    try:
        if scheduler is None:
            cluster = scheduler = local_cluster(workers)
        client = scheduler if isinstance(scheduler, distributed.Client) else connect(scheduler)  # own_client: connect
        queued = QUEUED_PER_WORKER * max(1, sum(client.nthreads().values()))
        sweep = uuid.uuid4().hex
        arrived: queue.SimpleQueue = queue.SimpleQueue()  # streamed results and finished chunks
        unrecorded: set[int] = set()  # games submitted and not yet recorded
        running: dict = {}  # chunks not yet finished: their games' indices

        def stream(event: tuple[float, object]) -> None:
            message = event[1]  # [sweep id, result] (msgpack makes the lists tuples)
            if isinstance(message, Sequence) and len(message) == 2 and message[0] == sweep:
                arrived.put(message[1])

        def take(result: GameResult) -> None:  # a game's result, once: streamed or in its chunk's
            if result[0] in unrecorded:
                unrecorded.discard(result[0])  # before recording: an interrupt loses a game, never stores it twice
                record(result)

        def fill() -> None:
            while len(unrecorded) < queued:
                chunk = list(itertools.islice(items, DASK_CHUNK))
                if not chunk:
                    return
                future = client.submit(check_chunk, spec, chunk, modules, sweep, pure=False)
                running[future] = [index for index, _ in chunk]
                unrecorded.update(running[future])
                future.add_done_callback(arrived.put)

        client.subscribe_topic(DASK_TOPIC, stream)
        try:
            fill()
            while running:
                message = arrived.get()
                if not isinstance(message, distributed.Future):
                    take(message)
                    continue
                # a chunk ended: its results were streamed before (events precede the end), so
                # its own copy is fetched only when a game is missing (an error, a lost event)
                if not unrecorded.isdisjoint(running.pop(message)):
                    for result in message.result():  # raises the chunk's error
                        take(result)
                fill()
        except KeyboardInterrupt:
            with contextlib.suppress(queue.Empty):
                while True:
                    message = arrived.get_nowait()
                    if not isinstance(message, distributed.Future):
                        take(message)
            for results in client.gather([f for f in running if f.status == "finished"], errors="skip"):
                for result in results:
                    take(result)
            raise
        finally:
            client.unsubscribe_topic(DASK_TOPIC)
            if running and not own_client:
                client.cancel(list(running))
    finally:
        if client is not None and own_client:
            client.close()
        if cluster is not None:
            cluster.close()


def check_chunk(spec: str, items: Sequence[Item], modules: Sequence[str], sweep: str) -> list[GameResult]:
    """Dask task: :func:`check_game` on each game of ``items``.  Each result is also streamed as
    soon as it is done (an event on :data:`DASK_TOPIC`, tagged with the ``sweep``'s id), so the
    client records a game without waiting for the chunk; the chunk's results back that up."""
    from distributed import get_worker  # on a dask worker: dask is there

    worker = get_worker()
    results = []
    for index, claim_ids in items:
        result = check_game(spec, index, claim_ids, modules)
        worker.log_event(DASK_TOPIC, [sweep, result])
        results.append(result)
    return results
