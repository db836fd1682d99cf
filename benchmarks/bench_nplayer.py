"""Exact ROSE values of random n-player games: time and the share that came out exact.

For each shape, seeded random games with integer payoffs in [-9, 9]: the median time of
``rose_value`` (all n! orderings), the share of games whose ROSE value is exact, the share
of orderings that are exact, and the share of exact values that are irrational.  A game or
ordering beyond the exact methods raises NotComputableError and is counted, never guessed.
Run:

    python benchmarks/bench_nplayer.py                    # 2x2x2 3x2x2 3x3x3 2x2x2x2 4x4x4
    python benchmarks/bench_nplayer.py --games 5 --shapes 2x2x2
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time
from fractions import Fraction

from exactrose.errors import NotComputableError
from exactrose.game import Game
from exactrose.values.initiative import initiative_values


def random_game(shape: tuple[int, ...], rng: random.Random) -> Game:
    return Game.from_function(shape, lambda a: [rng.randint(-9, 9) for _ in shape])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["2x2x2", "3x2x2", "3x3x3", "2x2x2x2", "4x4x4"])
    parser.add_argument("--games", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(20261126)
    print(f"{'shape':>8} {'games':>5} {'median time':>12} {'ROSE exact':>10} {'orderings exact':>15} {'irrational':>10}")
    for text in args.shapes:
        shape = tuple(int(m) for m in text.split("x"))
        times, exact_games, exact_orders, orders, irrational, values = [], 0, 0, 0, 0, 0
        for _ in range(args.games):
            game = random_game(shape, rng)
            start = time.perf_counter()
            complete = True
            for order in itertools.permutations(range(len(shape))):
                orders += 1
                try:
                    result = initiative_values(game, order)
                except NotComputableError:
                    complete = False
                    continue
                exact_orders += 1
                values += len(result.values)
                irrational += sum(not isinstance(v, Fraction) for v in result.values)
            times.append(time.perf_counter() - start)
            exact_games += complete
        print(f"{text:>8} {args.games:>5} {statistics.median(times):11.3f}s {exact_games / args.games:10.0%}"
              f" {exact_orders / orders:15.0%} {irrational / max(values, 1):10.0%}", flush=True)


if __name__ == "__main__":
    main()
