"""Check registered claims on every game of a family, in-process, on a process pool or on dask.

:func:`run_sweep` hands out chunks of game *indices*: a worker regenerates each game from the
family spec and its index (:func:`proofs.families.parse_family`), so only the spec, the
indices and the verdicts travel.  Each game is built once and checked against every claim
that still needs it.  Results are recorded as they arrive, in an optional SQLite store
(:mod:`proofs.store`, one committed row per verdict), so a killed sweep resumes where it
stopped (``resume=True``); without ``resume`` the stored results of the same claims on the
same family are cleared first.

A check that raises :class:`~exactrose.errors.NotComputableError` is recorded as undecided
(``holds=None``, the error in the evidence); any other exception stops the sweep, with a note
naming the claim and the game.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass

from distributed import Client, LocalCluster, as_completed
from tqdm import tqdm

from exactrose.errors import InputError, NotComputableError
from exactrose.formats import game_to_json
from exactrose.game import Game
from proofs.core import REGISTRY, Claim
from proofs.families import parse_family
from proofs.store import ResultStore

#: Modules whose import registers the project's claims.
CLAIM_MODULES = ("proofs.propositions", "proofs.controls", "proofs.equilibria")

BACKENDS = ("local", "dask")

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


def check_chunk(spec: str, items: Sequence[tuple[int, Sequence[str]]], modules: Sequence[str] = ()) -> list[GameResult]:
    """Worker entry point: check each ``(index, claim ids)`` of ``items`` on family ``spec``."""
    load_claims(modules)
    family = parse_family(spec)
    out = []
    for index, claim_ids in items:
        game = family[index]
        verdicts = [(claim_id, *_check(REGISTRY[claim_id], game, spec, index)) for claim_id in claim_ids]
        out.append((index, json.dumps(game_to_json(game), ensure_ascii=False), verdicts))
    return out


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
    chunk_size: int | None = None,
) -> list[Summary]:
    """Check each claim on every game of the family; one :class:`Summary` per claim, in order.

    ``workers=1`` (local backend) runs in this process; ``workers > 1`` uses a process pool.
    ``backend="dask"`` submits chunks to ``dask.distributed.Client(scheduler)`` (an address, a
    cluster or a client; with ``scheduler=None`` a local cluster of ``workers`` processes is
    started and closed).  ``extra_modules`` are imported by every worker to register more
    claims.  With ``store_path`` results are stored as they arrive; ``resume`` skips the
    games already stored, otherwise the stored results of these claims on this family are
    cleared.  ``progress`` shows a tqdm bar on stderr.
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
    if backend not in BACKENDS:
        raise InputError(f"backend: expected one of {', '.join(BACKENDS)}, got {backend!r}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers: expected a positive integer, got {workers!r}")
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size < 1):
        raise InputError(f"chunk_size: expected a positive integer, got {chunk_size!r}")
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
        items = list(_pending(len(family), ids, done))

        def record(batch: list[GameResult]) -> None:
            for index, game_json, verdicts in batch:
                if store is not None:
                    store.put(spec, index, game_json, verdicts)
                for claim_id, holds, ev in verdicts:
                    tallies[claim_id].add(index, holds, ev)
                bar.update(1)

        label = ids[0] if len(ids) == 1 else f"{len(ids)} claims"
        with _progress_bar(len(items), f"{label} on {spec}", progress) as bar:
            if backend == "dask":
                _run_dask(spec, items, modules, workers, scheduler, chunk_size, record)
            elif workers == 1:
                for item in items:
                    record(check_chunk(spec, [item], modules))
            else:
                _run_pool(spec, items, modules, workers, chunk_size, record)
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


def _pending(size: int, ids: list[str], done: dict[str, set[int]]) -> Iterator[tuple[int, tuple[str, ...]]]:
    everything = tuple(ids)
    if not any(done.values()):
        yield from ((index, everything) for index in range(size))
        return
    for index in range(size):
        need = tuple(claim_id for claim_id in ids if index not in done[claim_id])
        if need:
            yield index, need


def _chunks(items: list, workers: int, chunk_size: int | None) -> Iterator[list]:
    size = chunk_size or max(1, min(64, len(items) // (8 * workers)))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _run_pool(spec: str, items: list, modules: tuple[str, ...], workers: int, chunk_size: int | None, record) -> None:
    """A process pool; at most ``4 * workers`` chunks in flight, so a kill loses little."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    chunks = _chunks(items, workers, chunk_size)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running = set()
        try:
            for chunk in chunks:
                running.add(pool.submit(check_chunk, spec, chunk, modules))
                if len(running) >= 4 * workers:
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        record(future.result())
            while running:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    record(future.result())
        except BaseException:
            for future in running:
                future.cancel()
            raise


def _run_dask(spec: str, items: list, modules: tuple[str, ...], workers: int, scheduler: object,
              chunk_size: int | None, record) -> None:
    """Chunks submitted to a dask.distributed client; at most ``4 ×`` its threads in flight."""
    cluster = client = None
    own_client = not isinstance(scheduler, Client)
    try:
        if scheduler is None:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            scheduler = cluster
        client = scheduler if not own_client else Client(scheduler, set_as_default=False)
        slots = max(1, sum(client.nthreads().values()))
        chunks = _chunks(items, slots, chunk_size)
        pending = as_completed(loop=client.loop)
        for chunk in chunks:
            pending.add(client.submit(check_chunk, spec, chunk, modules, pure=False))
            if pending.count() >= 4 * slots:
                break
        for future in pending:
            record(future.result())
            future.release()
            chunk = next(chunks, None)
            if chunk is not None:
                pending.add(client.submit(check_chunk, spec, chunk, modules, pure=False))
    finally:
        if client is not None and own_client:
            client.close()
        if cluster is not None:
            cluster.close()
