"""Exact piecewise values of two-player games affine in a parameter, against direct solves.

For each size m, seeded random m×m games with payoffs ``a + b·t`` (a in [-9, 9], b in [-3, 3])
and t in [-2, 2]:
  piecewise   parametric_rose + parametric_coco: every piece and breakpoint, exact
  direct K    rose_value + coco_value_two_players at K evenly spaced rational t (the baseline a
              user would otherwise run; it samples, and finds no breakpoint)
  ratio       piecewise / direct K (both in this process, same games)
  pieces      median number of ROSE pieces of player 1; irrational: share of games with an
              algebraic breakpoint
Then equilibria_two_players (all ROSE and CoCo NTU equilibria) of the m×m games ``U`` alone.
Run:

    PYTHONPATH=. python benchmarks/bench_parametric.py                 # m = 2, 3, 5, 8
    PYTHONPATH=. python benchmarks/bench_parametric.py --sizes 2 3 --games 5 --samples 20
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from fractions import Fraction

from exactrose.applications.equilibria import equilibria_two_players
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.model.game import Game
from exactrose.values.affine import AffineGame, parametric_coco, parametric_rose
from exactrose.values.coco import coco_value_two_players
from exactrose.values.rose import rose_value

START, END = Fraction(-2), Fraction(2)


def random_affine_game(m: int, rng: random.Random) -> AffineGame:
    def table(low: int, high: int) -> Game:
        return Game.from_arrays(*[[[rng.randint(low, high) for _ in range(m)] for _ in range(m)] for _ in range(2)])

    return AffineGame(table(-9, 9), table(-3, 3))


def piecewise(game: AffineGame) -> tuple[int, bool]:
    rose = parametric_rose(game, START, END)
    parametric_coco(game, START, END)
    irrational = any(isinstance(b, RealAlgebraic) for f in rose for b in f.breakpoints)
    return len(rose[0].pieces), irrational


def direct(game: AffineGame, samples: int) -> None:
    for k in range(samples):
        at = game.at(START + (END - START) * Fraction(k, samples - 1))
        rose_value(at)
        coco_value_two_players(at)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 3, 5, 8])
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--samples", type=int, default=50, help="K: direct solves per game (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{'m':>3} {'games':>5} {'piecewise':>10} {'direct K':>10} {'ratio':>7} {'pieces':>7} {'irrational':>10}"
          f" {'equilibria':>11}")
    for m in args.sizes:
        rng = random.Random(args.seed * 1000 + m)
        games = [random_affine_game(m, rng) for _ in range(args.games)]
        times, baseline, pieces, irrational, equilibria = [], [], [], 0, []
        for game in games:
            start = time.perf_counter()
            count, algebraic = piecewise(game)
            times.append(time.perf_counter() - start)
            pieces.append(count)
            irrational += algebraic
            start = time.perf_counter()
            direct(game, args.samples)
            baseline.append(time.perf_counter() - start)
            start = time.perf_counter()
            equilibria_two_players(game.constant, "rose")
            equilibria_two_players(game.constant, "coco")
            equilibria.append(time.perf_counter() - start)
        mid, base = statistics.median(times), statistics.median(baseline)
        print(f"{m:>3} {len(games):>5} {mid:>9.3f}s {base:>9.3f}s {mid / base:>6.2f}× {statistics.median(pieces):>7}"
              f" {irrational / len(games):>9.0%} {statistics.median(equilibria):>10.3f}s")


if __name__ == "__main__":
    main()
