"""Prop 7.1 on the games that test it: destruction games of random 2×2×2 games, exactly.

For each seeded random 2×2×2 game (integer payoffs in [-9, 9]) and each button — player i may
burn up to ``D`` (the propositions' default cap) of player j's payoff, j = i allowed — the
destruction game gives player i four actions (shapes 4×2×2, 2×4×2, 2×2×4).  Every ordering's
initiative values are computed and compared with the base game's, exactly (``==``; Prop 7.1 says
they are equal).  Printed per shape: the median and largest time of the six orderings of one
destruction game, the share of orderings whose values are exact, and the share equal to the
base game's.  As a baseline in the same process, ``--baseline`` solves each destruction game
again without the folding of actions equal up to the payoffs a maximum does not see
(``exactrose.values.initiative.fewer_context_actions``) nor snapping, with a time limit per
ordering (``--baseline-limit``, default 60 s): its columns give the same shares and the ratio of
the median times.  Run:

    python benchmarks/bench_destruction.py                       # 5 games, every button
    python benchmarks/bench_destruction.py --games 3 --seed 7    # other games
    python benchmarks/bench_destruction.py --games 1 --baseline  # against the plain searches
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time
from fractions import Fraction

from exactrose.model.game import Game
from exactrose.model.transform import destruction_game
from exactrose.runtime.budget import Budget
from exactrose.values import initiative as initiative_module
from exactrose.values.initiative import InitiativeValues, Maxima, initiative_values
from proofs.propositions import default_cap

ORDERS = list(itertools.permutations(range(3)))


def solve(game: Game, snapping: bool = True, seconds: float | None = None) -> tuple[dict[tuple[int, ...], InitiativeValues], float]:
    """Every ordering's initiative values (sharing maxima) and the time they took."""
    maxima = Maxima(snapping)
    start = time.perf_counter()
    found = {order: initiative_values(game, order, maxima, None if seconds is None else Budget(seconds)) for order in ORDERS}
    return found, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--baseline", action="store_true", help="also solve without folding and snapping")
    parser.add_argument("--baseline-limit", type=float, default=60.0, help="seconds per ordering of the baseline")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: dict[tuple[int, ...], dict[str, list]] = {}
    for _ in range(args.games):
        game = Game.from_function((2, 2, 2), lambda a: [rng.randint(-9, 9) for _ in range(3)])
        base, _ = solve(game)
        cap = default_cap(game)
        for i, j in itertools.product(range(3), repeat=2):
            caps = [[Fraction(0)] * 3 for _ in range(3)]
            caps[i][j] = cap
            burnt = destruction_game(game, caps)
            found, seconds = solve(burnt)
            row = rows.setdefault(burnt.shape, {"times": [], "exact": [], "same": [], "plain": [], "plain_exact": [],
                                                "plain_same": []})
            row["times"].append(seconds)
            row["exact"] += [found[o].exact for o in ORDERS]
            row["same"] += [found[o].values == base[o].values for o in ORDERS]
            if args.baseline:
                fold = initiative_module.fewer_context_actions
                initiative_module.fewer_context_actions = lambda ranked, b: initiative_module.without_redundant_context_actions(ranked)
                try:
                    plain, plain_seconds = solve(burnt, snapping=False, seconds=args.baseline_limit)
                finally:
                    initiative_module.fewer_context_actions = fold
                row["plain"].append(plain_seconds)
                row["plain_exact"] += [plain[o].exact for o in ORDERS]
                row["plain_same"] += [plain[o].values == base[o].values for o in ORDERS]
    print(f"{'shape':>8} {'games':>5} {'median':>9} {'max':>9} {'exact':>6} {'= base':>7}"
          + (f" {'plain median':>12} {'exact':>6} {'= base':>7} {'speed-up':>9}" if args.baseline else ""))
    for shape, row in sorted(rows.items()):
        text = "x".join(map(str, shape))
        median = statistics.median(row["times"])
        line = (f"{text:>8} {len(row['times']):>5} {median:8.2f}s {max(row['times']):8.2f}s"
                f" {sum(row['exact']) / len(row['exact']):6.0%} {sum(row['same']) / len(row['same']):7.0%}")
        if args.baseline:
            plain = statistics.median(row["plain"])
            line += (f" {plain:11.2f}s {sum(row['plain_exact']) / len(row['plain_exact']):6.0%}"
                     f" {sum(row['plain_same']) / len(row['plain_same']):7.0%} {plain / median:8.1f}x")
        print(line, flush=True)


if __name__ == "__main__":
    main()
