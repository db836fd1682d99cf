"""Exact LP (`solve_lp`) against HiGHS in floating point and sympy's exact `lpmax`.

The LP is the value of a random m×m zero-sum game with integer payoffs in [-1000, 1000]:
maximise v s.t. v <= (xᵀA)_j for every column j, sum(x) = 1, x >= 0.  Inputs (payoff
lists, LinearProgram objects, float arrays) are built outside the timed regions; each
`solve_lp` call gets a freshly built LinearProgram, so its float image and exact data
preparation are inside the timing.

Run: PYTHONPATH=. python benchmarks/bench_lp.py
"""

from __future__ import annotations

import random
import signal
import statistics
import time
from collections.abc import Callable
from fractions import Fraction

import highspy
import numpy as np
import sympy
from sympy.solvers.simplex import lpmax

from exactrose.exact.lp import LinearProgram, solve_lp

SIZES = (10, 30, 100, 200)
GAMES = 5  # seeded games per size
REPEATS = 3  # timed solves per game
SYMPY_LIMIT = 20.0  # seconds
HIGHS = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)  # no banner


def payoffs(m: int, seed: int) -> list[list[int]]:
    rng = random.Random(seed)
    return [[rng.randint(-1000, 1000) for _ in range(m)] for _ in range(m)]


def game_lp(P: list[list[int]]) -> LinearProgram:
    """Variables x_0..x_{m-1} >= 0 and v (free, last)."""
    m, n = len(P), len(P[0])
    A_ub = [[-P[i][j] for i in range(m)] + [1] for j in range(n)]
    return LinearProgram.build([0] * m + [1], A_ub=A_ub, b_ub=[0] * n, A_eq=[[1] * m + [0]], b_eq=[1], free=[m])


def float_arrays(P: list[list[int]]) -> tuple[object, ...]:
    """The same LP as passModel arguments (column-wise, dense)."""
    m = len(P)
    A = np.zeros((m + 1, m + 1))
    A[:m, :m] = -np.array(P, dtype=float).T
    A[:m, m] = 1
    A[m, :m] = 1
    cols = np.ascontiguousarray(A.T)
    mask = cols != 0
    start = np.concatenate([[0], np.cumsum(mask.sum(axis=1))[:-1]]).astype(np.int32)
    index = np.nonzero(mask)[1].astype(np.int32)
    cost = np.zeros(m + 1)
    cost[m] = 1
    col_lower = np.zeros(m + 1)
    col_lower[m] = -np.inf
    row_lower = np.full(m + 1, -np.inf)
    row_lower[m] = 1
    row_upper = np.zeros(m + 1)
    row_upper[m] = 1
    return (m + 1, m + 1, len(index), 1, int(highspy.ObjSense.kMaximize), 0.0, cost, col_lower,
            np.full(m + 1, np.inf), row_lower, row_upper, start, index, cols[mask], np.zeros(m + 1, dtype=np.int32))


def highs_value(args: tuple[object, ...], presolve: str) -> float:
    h = HIGHS()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", presolve)
    h.passModel(*args)
    h.run()
    return h.getInfo().objective_function_value


class _Timeout(Exception):
    pass


def sympy_value(P: list[list[int]]) -> Fraction:
    m = len(P)
    x = sympy.symbols(f"x0:{m}")
    v = sympy.Symbol("v")
    constraints = [xi >= 0 for xi in x] + [sympy.Eq(sum(x), 1)]
    constraints += [v <= sum(P[i][j] * x[i] for i in range(m)) for j in range(m)]
    value, _ = lpmax(v, constraints)
    return Fraction(int(value.p), int(value.q))


def timed(f: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def main() -> None:
    signal.signal(signal.SIGALRM, _alarm)
    sympy_alive = True
    print(f"{'m':>4} | {'solve_lp (exact)':>16} | {'HiGHS float':>11} | {'ratio':>5} | "
          f"{'HiGHS default':>13} | {'sympy lpmax':>11} | method")
    print("-" * 90)
    for m in SIZES:
        games = [payoffs(m, 1000 * m + g) for g in range(GAMES)]
        exact, floats, defaults, methods = [], [], [], set()
        for P in games:
            args = float_arrays(P)
            for _ in range(REPEATS):
                lp = game_lp(P)
                t, sol = timed(lambda: solve_lp(lp))
                exact.append(t)
                methods.add(sol.method)
                t, fv = timed(lambda: highs_value(args, "off"))
                floats.append(t)
                defaults.append(timed(lambda: highs_value(args, "choose"))[0])
                if abs(fv - float(sol.value)) > 1e-6 * max(1.0, abs(fv)):
                    raise SystemExit(f"m={m}: HiGHS {fv} vs exact {sol.value}")
        sympy_cell = "—"
        if sympy_alive:
            lp = game_lp(games[0])
            signal.alarm(int(SYMPY_LIMIT))
            try:
                t, value = timed(lambda: sympy_value(games[0]))
                signal.alarm(0)
                exact_value = solve_lp(lp).value
                if value != Fraction(int(exact_value.p), int(exact_value.q)):
                    raise SystemExit(f"m={m}: sympy {value} vs exact {exact_value}")
                sympy_cell = f"{t * 1000:.0f} ms"
            except _Timeout:
                sympy_alive = False
                sympy_cell = f"> {SYMPY_LIMIT:.0f} s"
        e, f, d = statistics.median(exact), statistics.median(floats), statistics.median(defaults)
        print(f"{m:>4} | {e * 1000:>13.2f} ms | {f * 1000:>8.2f} ms | {e / f:>5.2f} | {d * 1000:>10.2f} ms | "
              f"{sympy_cell:>11} | {', '.join(sorted(methods))}")
    print("\nHiGHS float: same options as solve_lp (presolve off); HiGHS default: presolve on.")
    print(f"Medians over {GAMES} games × {REPEATS} solves; sympy: first game only, values cross-checked.")


if __name__ == "__main__":
    main()
