"""ROSE values of random n-player games: time, and the share that came out exact.

For each shape, seeded random games with integer payoffs in [-9, 9]: the median and
largest time of ``rose_value`` (all n! orderings), the share of games whose ROSE value is
exact, the share of orderings whose initiative values are all exact (rational or real
algebraic), the share of orderings whose enclosures all meet the 1e-12 target (exact ones
included), the share of values that are irrational algebraic numbers, and the widest
certified enclosure.  As a baseline in the same process, the essay's explicit
formulas (:mod:`exactrose.numeric.explicit`, a float scan) time the same games for 3 and 4
players; the column "max |mid − scan|" is the largest gap between an enclosure's midpoint
(or an exact value) and the scan, an independent check.  With ``--workers 1 2``, each game is
also solved with its searches on 2 worker processes (``rose_value(game, workers=2)``): the
column "w=2" is its median time and "speed-up" the ratio of the medians.  With
``--time-limit S`` every ROSE value is computed under ``Budget(seconds=S)`` (the searches then
return the enclosures proved so far); the column "<= 1e-6" is the share of orderings whose
values are all within 1e-6, the target of maxima nested twice or more (five movers and more).
Run:

    python benchmarks/bench_nplayer.py                    # 2x2x2 3x2x2 3x3x3 2x2x2x2 4x4x4
    python benchmarks/bench_nplayer.py --games 5 --shapes 2x2x2 --no-scan
    python benchmarks/bench_nplayer.py --shapes 3x3x3 --seed 7 --no-scan   # other games
    python benchmarks/bench_nplayer.py --shapes 2x2x1x1x1 3x2x2x1x1 2x2x2x1x1x1 --no-scan
    python benchmarks/bench_nplayer.py --shapes 2x2x2x2x2 --games 1 --no-scan --time-limit 1800 --workers 2
    python benchmarks/bench_nplayer.py --shapes 3x3x3 2x2x2x2 --games 3 --no-scan --workers 1 2
    python benchmarks/bench_nplayer.py --shapes 3x2x2 3x3x3 --no-scan --baseline   # snapping against none

With ``--baseline`` each game is solved again without snapping to exact maxima
(``rose_value(game, snapping=False)``, the searches' enclosures alone): the columns "no snap"
(median time), "speed-up" (its ratio to the median with snapping) and "exact" (the share of
orderings exact without snapping).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from fractions import Fraction

from exactrose.errors import NotComputableError
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.exact.enclosure import Enclosure
from exactrose.model.game import Game
from exactrose.numeric.explicit import explicit_initiative_values
from exactrose.runtime.budget import Budget
from exactrose.values.rose import rose_value

#: The enclosure widths exactrose aims for (docs/explanation/algorithms.md): maxima over one level of contexts and the
#: four-player nested one; maxima nested twice or more (five movers and more).
TARGET = Fraction(1, 10**12)
DEEP_TARGET = Fraction(1, 10**6)


def random_game(shape: tuple[int, ...], rng: random.Random) -> Game:
    return Game.from_function(shape, lambda a: [rng.randint(-9, 9) for _ in shape])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["2x2x2", "3x2x2", "3x3x3", "2x2x2x2", "4x4x4"])
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--no-scan", action="store_true", help="skip the explicit-formula baseline")
    parser.add_argument("--seed", type=int, default=20261126, help="seed of the random games (the default: the one docs/benchmarks.md uses)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="worker process counts to time (the first is the baseline of the speed-up)")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per ROSE value (default: none)")
    parser.add_argument("--baseline", action="store_true",
                        help="also time each game without snapping to exact maxima (columns 'no snap', 'speed-up')")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def limit() -> Budget | None:
        return None if args.time_limit is None else Budget(seconds=args.time_limit)
    others = args.workers[1:]
    print(f"{'shape':>12} {'games':>5} {'median':>9} {'max':>9} {'ROSE exact':>10} {'orders exact':>12} {'<= 1e-12':>8}"
          f" {'<= 1e-6':>8} {'irrational':>10} {'widest encl.':>12} {'scan median':>11} {'max |mid-scan|':>14}"
          + "".join(f" {f'w={w}':>9} {'speed-up':>8}" for w in others)
          + (f" {'no snap':>9} {'speed-up':>8} {'exact':>6}" if args.baseline else ""))
    for text in args.shapes:
        shape = tuple(int(m) for m in text.split("x"))
        times, scans, exact_games, exact_orders, narrow, near, orders, irrational, values = [], [], 0, 0, 0, 0, 0, 0, 0
        widest, gap = Fraction(0), 0.0
        parallel: dict[int, list[float]] = {w: [] for w in others}
        unsnapped: list[float] = []
        unsnapped_exact = 0
        for _ in range(args.games):
            game = random_game(shape, rng)
            start = time.perf_counter()
            try:
                rose = rose_value(game, workers=args.workers[0], limit=limit())
            except NotComputableError as error:
                print(f"{text:>12} not computable: {error}", flush=True)
                break
            times.append(time.perf_counter() - start)
            for w in others:
                start = time.perf_counter()
                rose_value(game, workers=w, limit=limit())
                parallel[w].append(time.perf_counter() - start)
            if args.baseline:
                start = time.perf_counter()
                plain = rose_value(game, workers=args.workers[0], limit=limit(), snapping=False)
                unsnapped.append(time.perf_counter() - start)
                unsnapped_exact += sum(result.exact for result in plain.initiative)
            exact_games += not any(isinstance(v, Enclosure) for v in rose.values)
            for result in rose.initiative:
                orders += 1
                exact_orders += result.exact
                narrow += all(v.width <= TARGET for v in result.values if isinstance(v, Enclosure))
                near += all(v.width <= DEEP_TARGET for v in result.values if isinstance(v, Enclosure))
                values += len(result.values)
                irrational += sum(isinstance(v, RealAlgebraic) for v in result.values)
                widest = max([widest] + [v.width for v in result.values if isinstance(v, Enclosure)])
            if not args.no_scan and len(shape) in (3, 4):
                start = time.perf_counter()
                for result in rose.initiative:
                    estimate = explicit_initiative_values(game, result.order)
                    gap = max([gap] + [abs(float(v) - e) for v, e in zip(result.values, estimate.values)])
                scans.append(time.perf_counter() - start)
        if not times:
            continue
        scan = f"{statistics.median(scans):10.2f}s" if scans else f"{'-':>11}"
        base = statistics.median(times)
        print(f"{text:>12} {args.games:>5} {base:8.3f}s {max(times):8.3f}s"
              f" {exact_games / args.games:10.0%} {exact_orders / orders:12.0%} {narrow / orders:8.0%} {near / orders:8.0%} {irrational / max(values, 1):10.0%}"
              f" {float(widest):12.1e} {scan} {gap:14.1e}"
              + "".join(f" {statistics.median(parallel[w]):8.3f}s {base / statistics.median(parallel[w]):7.2f}x" for w in others)
              + (f" {statistics.median(unsnapped):8.3f}s {statistics.median(unsnapped) / base:7.2f}x {unsnapped_exact / orders:6.0%}"
                 if args.baseline else ""),
              flush=True)


if __name__ == "__main__":
    main()
