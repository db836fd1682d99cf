"""Exact two-player ROSE values of random m×m games, against float HiGHS and exact peers.

For each m, seeded random games with integer payoffs in [-1000, 1000]:
  exact      rose_value(game): branch and bound over 2m extraction LPs, float-guided, exactly certified
  float b&b  the same branch and bound in floating point only (HiGHS, hot-started): the baseline
  float all  all 2m LPs solved from scratch in floating point by HiGHS
  cdd.gmp    the same 2m LPs solved exactly by pycddlib's GMP simplex (where it finishes in budget)
  sympy      the same 2m LPs solved exactly by sympy's simplex (where it finishes in budget)
and the zero-sum value of an m×m game: exact (zero_sum_value) vs HiGHS float.
Both sides start from the Game (conversion to matrices is timed); caches are cleared
before every timed run.  Run:

    python benchmarks/bench_rose.py            # m = 10, 30, 100, 200
    python benchmarks/bench_rose.py --sizes 10 30 --peer-budget 10
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import highspy
import numpy as np

from exactrose.applications.solve import solve_game
from exactrose.model.game import Game
from exactrose.values.extraction import (
    _extraction_lp,
    float_branch_and_bound,
    leader_extraction,
    leader_matrices,
)
from exactrose.values.matrices import payoff_matrix
from exactrose.values.rose import rose_value
from exactrose.values.shapley import coalition_value_table
from exactrose.values.zerosum import zero_sum_value


def random_game(m: int, rng: random.Random) -> Game:
    arrays = [[[rng.randint(-1000, 1000) for _ in range(m)] for _ in range(m)] for _ in range(2)]
    return Game.from_arrays(*arrays)


def median_time(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        payoff_matrix.cache_clear()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def extraction_lps(game: Game) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(objective, A_ub, A_eq) of the 2m LPs over (ν, t): max c·(ν,t), t >= E_ν U_F(·,b), Σν = 1."""
    u = [np.array(game.payoff_array(i), dtype=float) for i in range(2)]
    lps = []
    for leader_pay, follower_pay in ((u[0], u[1]), (u[1].T, u[0].T)):
        m, k = leader_pay.shape
        a_ub = np.hstack([follower_pay.T, -np.ones((k, 1))])
        a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
        for b in range(k):
            lps.append((np.append(leader_pay[:, b] + follower_pay[:, b], -1.0), a_ub, a_eq))
    return lps


def float_solve(c: np.ndarray, a_ub: np.ndarray, a_eq: np.ndarray) -> float:
    """One LP from scratch in HiGHS (maximise), t free, ν >= 0."""
    n = len(c)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    lower = np.zeros(n)
    lower[-1] = -inf
    h.addVars(n, lower, np.full(n, inf))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), -c)
    for rows, lo, hi in ((a_ub, -inf, 0.0), (a_eq, 1.0, 1.0)):
        for row in rows:
            idx = np.nonzero(row)[0].astype(np.int32)
            h.addRow(lo, hi, len(idx), idx, row[idx])
    h.run()
    return -h.getInfo().objective_function_value


def float_branch_and_bound_rose(game: Game) -> None:
    for leader in (0, 1):
        leader_pay, follower_pay = leader_matrices(game, leader)
        lp = _extraction_lp(follower_pay, [0] * leader_pay.nrows())
        float_branch_and_bound(lp, leader_pay + follower_pay, follower_pay)


def float_rose(game: Game) -> None:
    for lp in extraction_lps(game):
        float_solve(*lp)


def sympy_rose(game: Game) -> None:
    """The same LPs, exact, by sympy's simplex (which minimises; t shifted to be nonnegative)."""
    from sympy import Matrix, Rational
    from sympy.solvers.simplex import linprog

    shift = min(min(game.payoff_table(i)) for i in range(2))
    for c, a_ub, a_eq in extraction_lps(game):
        cost = Matrix([Rational(int(v)) for v in c])
        rows = Matrix([[Rational(int(v)) for v in row] for row in a_ub])
        bound = Matrix([Rational(shift)] * a_ub.shape[0])  # t = t' + shift, t' >= 0
        linprog(-cost, rows, bound, A_eq=Matrix([[Rational(int(v)) for v in a_eq[0]]]), b_eq=Matrix([1]))


def cdd_rose(game: Game) -> None:
    """The same LPs, exact, by pycddlib's GMP simplex (variables free, rows b − A x >= 0)."""
    import cdd
    import cdd.gmp

    for c, a_ub, a_eq in extraction_lps(game):
        n = len(c)
        rows = [[0] + [1 if j == a else 0 for j in range(n)] for a in range(n - 1)]  # ν_a >= 0
        rows += [[0] + [-int(v) for v in row] for row in a_ub]  # t − E_ν U_F(·,b) >= 0
        rows += [[-1] + [int(v) for v in a_eq[0]], [1] + [-int(v) for v in a_eq[0]]]  # Σν = 1
        lp = cdd.gmp.linprog_from_array(rows + [[0] + [int(v) for v in c]], cdd.LPObjType.MAX)
        cdd.gmp.linprog_solve(lp)


def zero_sum_float(matrix: np.ndarray) -> float:
    m, k = matrix.shape
    a_ub = np.hstack([-matrix.T, np.ones((k, 1))])
    a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    return float_solve(np.append(np.zeros(m), 1.0), a_ub, a_eq)


def fresh(compute: Callable[[Game], object]) -> Callable[[Game], object]:
    """``compute`` with the programs remembered from an earlier run forgotten, so that every
    repeat solves them (``exactrose solve`` shares them within one run, not across runs)."""
    def run(game: Game) -> object:
        leader_extraction.cache_clear()
        coalition_value_table.cache_clear()
        return compute(game)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 100, 200])
    parser.add_argument("--peer-budget", type=float, default=120.0, help="seconds a peer may be expected to take at the next size")
    args = parser.parse_args()
    rng = random.Random(20261125)
    print(f"{'m':>4} {'exact ROSE':>11} {'solve':>9} {'solve/ROSE':>10} {'float b&b':>10} {'exact/float':>11}"
          f" {'float all':>10} {'cdd.gmp':>9} {'cdd/exact':>9}"
          f" {'sympy':>9} {'sympy/exact':>11}"
          f" {'zero-sum exact':>15} {'zs float':>9} {'zs ratio':>8}")
    alive = {"cdd": True, "sympy": True}
    sizes = args.sizes
    for index, m in enumerate(sizes):
        repeats = 5 if m <= 30 else 3
        game = random_game(m, rng)
        exact = median_time(lambda: fresh(rose_value)(game), repeats)
        whole = median_time(lambda: fresh(solve_game)(game), repeats)
        baseline = median_time(lambda: float_branch_and_bound_rose(game), repeats)
        floating = median_time(lambda: float_rose(game), repeats)
        peers = []
        for name, solve in (("cdd", cdd_rose), ("sympy", sympy_rose)):
            if not alive[name]:
                peers += ["—", "—"]
                continue
            start = time.perf_counter()
            try:
                solve(game)
            except ImportError:  # pycddlib is the [bench] extra; it needs libcdd to build
                alive[name] = False
                peers += ["absent", "—"]
                continue
            elapsed = time.perf_counter() - start
            peers += [f"{elapsed:8.3f}s", f"{elapsed / exact:8.0f}×"]
            growth = (sizes[index + 1] / m) ** 4 if index + 1 < len(sizes) else 1.0  # 2m LPs of cost ~m³
            alive[name] = elapsed * growth < args.peer_budget

        matrix = payoff_matrix(game, 0) - payoff_matrix(game, 1)
        dense = np.array(matrix.tolist(), dtype=float)
        zs_exact = median_time(lambda: zero_sum_value(matrix), repeats)
        zs_float = median_time(lambda: zero_sum_float(dense), repeats)
        print(f"{m:>4} {exact:10.4f}s {whole:8.4f}s {whole / exact:9.2f}× {baseline:9.4f}s {exact / baseline:10.2f}×"
              f" {floating:9.4f}s {peers[0]:>9} {peers[1]:>9}"
              f" {peers[2]:>9} {peers[3]:>11}"
              f" {zs_exact:14.4f}s {zs_float:8.4f}s {zs_exact / zs_float:7.2f}×", flush=True)


if __name__ == "__main__":
    main()
