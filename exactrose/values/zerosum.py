"""Zero-sum game values and maximin values, exact, with certificates.

The certificate of a zero-sum value ``v`` is a pair of mixed strategies: the row
strategy ``x`` guarantees ``xᵀA >= v`` against every column, the column strategy ``y``
holds every row to ``Ay <= v``.  :func:`check_zero_sum` re-checks it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from flint import fmpq, fmpq_mat

from exactrose.errors import CertificateError
from exactrose.exact.lp import LinearProgram, solve_lp
from exactrose.exact.numbers import to_fmpq
from exactrose.model.game import Game
from exactrose.values.matrices import fractions_of


@dataclass(frozen=True)
class ZeroSumSolution:
    """Value of the zero-sum game ``A`` (row player maximises) with optimal strategies."""

    value: Fraction
    row_strategy: tuple[Fraction, ...]
    column_strategy: tuple[Fraction, ...]
    method: str


def zero_sum_value(matrix: fmpq_mat) -> ZeroSumSolution:
    """``max_x min_y xᵀ A y`` by one exact LP; the result is re-checked before it is returned."""
    rows, cols = matrix.nrows(), matrix.ncols()
    entries = matrix.transpose().entries()
    one = fmpq(1)
    a_ub: list[fmpq] = []
    for b in range(cols):
        a_ub.extend(-q for q in entries[b * rows : (b + 1) * rows])
        a_ub.append(one)
    lp = LinearProgram.build(
        c=[0] * rows + [1],
        A_ub=fmpq_mat(cols, rows + 1, a_ub),
        b_ub=[0] * cols,
        A_eq=[[1] * rows + [0]],
        b_eq=[1],
        free=[rows],
    )
    solution = solve_lp(lp).require_optimal()
    # require_optimal() returned, so the optimal solution's fields are set.
    assert solution.value is not None and solution.x is not None and solution.y_ub is not None
    result = ZeroSumSolution(
        value=fractions_of([solution.value])[0],
        row_strategy=fractions_of(solution.x[:rows]),
        column_strategy=fractions_of(solution.y_ub),
        method=f"lp:{solution.method}",
    )
    check_zero_sum(matrix, result)
    return result


def check_zero_sum(matrix: fmpq_mat, solution: ZeroSumSolution) -> None:
    """Exactly re-check that both strategies are distributions that prove ``solution.value``."""
    x, y, v = solution.row_strategy, solution.column_strategy, solution.value
    for name, strategy, size in (("row", x, matrix.nrows()), ("column", y, matrix.ncols())):
        if len(strategy) != size or any(p < 0 for p in strategy) or sum(strategy) != 1:
            raise CertificateError(f"the {name} strategy is not a probability distribution over {size} actions")
    value = to_fmpq(v)
    guaranteed = (_row(x) * matrix).entries()
    if min(guaranteed) < value:
        raise CertificateError(f"the row strategy guarantees only {min(guaranteed)} < {v}")
    conceded = (matrix * _row(y).transpose()).entries()
    if max(conceded) > value:
        raise CertificateError(f"the column strategy concedes {max(conceded)} > {v}")


def _row(strategy: tuple[Fraction, ...]) -> fmpq_mat:
    return fmpq_mat(1, len(strategy), [to_fmpq(p) for p in strategy])


@dataclass(frozen=True)
class Maximin:
    """Maximin value of ``player``: the most it can guarantee with a mixed strategy."""

    player: int
    value: Fraction
    strategy: tuple[Fraction, ...]
    punishment: tuple[Fraction, ...]
    method: str


def maximin(game: Game, player: int) -> Maximin:
    """``max_{x ∈ ΔA_i} min_{pure a_-i} E[U_i]``: the zero-sum game of ``player`` against
    all others acting together (they may correlate, so ``punishment`` is a distribution over
    the others' joint pure profiles, in row-major order)."""
    others = [j for j in range(game.n) if j != player]
    opponents = 1
    for j in others:
        opponents *= game.shape[j]
    own = game.shape[player]
    table = game.payoff_table(player)
    entries = [fmpq(0)] * (own * opponents)
    for profile in game.profiles():
        rest = 0
        for j in others:
            rest = rest * game.shape[j] + profile[j]
        u = table[game.index(profile)]
        entries[profile[player] * opponents + rest] = to_fmpq(u)
    solution = zero_sum_value(fmpq_mat(own, opponents, entries))
    return Maximin(player, solution.value, solution.row_strategy, solution.column_strategy, solution.method)
