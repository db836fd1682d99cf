"""Sweep throughput: games per second over an exhaustive family, in-process, on a process pool
and on a dask LocalCluster.

Every registered claim about 2-player games (``proofs.propositions``, ``proofs.controls``) is
checked on every game of the family (default ``2x2:-1..1``, one game per symmetry class;
``2x2:-1..1:all`` checks all 6561).

Configurations: 1 worker (in-process, the baseline), a process pool of 2 workers, and a dask
LocalCluster of 2 single-threaded worker processes; every backend records a game as soon as it
finishes (worker processes send each result at once, dask tasks stream theirs as events).  With
``--store`` each configuration also records its results in a fresh SQLite store (one committed
transaction per game, as ``prove --store``).
Times are wall clock and include the workers' start-up (process pool) and their first imports;
the dask cluster's start-up is timed separately and left out.  A CPU control (a busy loop on 1
and on 2 processes) shows the speed-up the machine can give at the moment: on shared, loaded
cores it is well below 2.  Run:

    PYTHONPATH=. python benchmarks/bench_prove.py
    PYTHONPATH=. python benchmarks/bench_prove.py --family 2x2:-1..1 --workers 2 --repeats 1 --store
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def cpu_control(workers: int, n: int = 5_000_000) -> float:
    """Speed-up of a pure-Python busy loop split over ``workers`` processes: what this machine
    can give right now (other load on shared cores caps it), to read the table against."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    _spin(workers * n)
    alone = time.perf_counter() - start
    with ProcessPoolExecutor(workers) as pool:
        pool.submit(_spin, 1).result()  # start the workers first
        start = time.perf_counter()
        list(pool.map(_spin, [n] * workers))
        split = time.perf_counter() - start
    return alone / split


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", default="2x2:-1..1")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1, help="runs per configuration (the best is shown)")
    parser.add_argument("--claims", nargs="*", help="claim ids (default: every registered 2-player claim)")
    parser.add_argument("--store", action="store_true", help="record the results in a SQLite store, as prove --store")
    args = parser.parse_args(argv)

    from proofs.families import parse_family
    from proofs.sweep import load_claims, run_sweep

    registry = load_claims()
    family = parse_family(args.family)
    if args.claims:
        ids = args.claims
    else:
        ids = [c.id for c in registry.values() if family.n in c.players]
    games = len(family)
    print(f"family {family.spec}: {family.total} raw games, {games} symmetry classes")
    print(f"claims ({len(ids)}): {', '.join(ids)}")
    print("results recorded in a SQLite store (a commit per game)" if args.store else "no store")

    scratch = tempfile.TemporaryDirectory()
    runs = itertools.count()

    def timed(**options: object) -> tuple[float, list]:
        best, summaries = float("inf"), None
        for _ in range(args.repeats):
            store = str(Path(scratch.name) / f"run{next(runs)}.sqlite") if args.store else None
            start = time.perf_counter()
            summaries = run_sweep(ids, family.spec, progress=False, store_path=store, **options)
            best = min(best, time.perf_counter() - start)
        return best, summaries

    rows = []
    seconds, baseline = timed(workers=1)
    rows.append(("1 worker (in-process)", seconds, baseline))
    seconds, summaries = timed(workers=args.workers)
    rows.append((f"process pool, {args.workers} workers", seconds, summaries))
    start = time.perf_counter()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        startup = time.perf_counter() - start
        seconds, summaries = timed(backend="dask", scheduler=cluster)
    rows.append((f"dask LocalCluster, {args.workers} workers", seconds, summaries))
    print(f"(dask cluster start-up {startup:.2f} s, not included)")

    control = cpu_control(args.workers)
    print(f"CPU control: a busy loop on {args.workers} processes runs {control:.2f}x as fast as on 1 "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print()
    print(f"{'configuration':<32} {'seconds':>8} {'games/s':>9} {'checks/s':>9} {'vs 1 worker':>11}  same results")
    base = rows[0][1]
    for name, secs, summaries in rows:
        same = "yes" if summaries == baseline else "NO"
        print(f"{name:<32} {secs:8.2f} {games / secs:9.1f} {games * len(ids) / secs:9.1f} {base / secs:10.2f}x  {same}")
    print()
    for s in baseline:
        outcome = {True: "holds", False: "fails", None: "undecided"}[s.holds]
        where = f" (first counterexample: game #{s.counterexample.index})" if s.counterexample else ""
        print(f"  {s.claim:<28} {s.kind:<12} {outcome}{where}")


if __name__ == "__main__":
    main()
