"""Two-player values of games whose payoffs are affine in a parameter ``t``, exactly, as
piecewise rational functions of ``t`` (the importance weights of the essay's "N to Full Generality").

Every two-player value reduces to values of zero-sum matrix games:

- CoCo: ``coco_1 = ½ max Σ + val((U_1 − U_2)/2)``;
- initiative: ``V_1 = max_ν S_1(ν) = max_{b*} val(G^{b*})`` with
  ``G^{b*}(a, b) = (U_1+U_2)(a, b*) − U_2(a, b)``, because ``max_b f_b(ν) − max_b g_b(ν) =
  max_{b*} min_b (f_{b*}(ν) − g_b(ν))``;
- ROSE: ``R(1) = ½ max Σ + ½ (V_1 − V_2)`` (the essay's closed form).

The value of a matrix game ``A(t)`` is continuous and piecewise rational: by Shapley and Snow
(1950) each extreme pair of optimal strategies comes from a square *kernel* ``M = A_{RS}``
with ``v = det M / 1ᵀadj(M)1``, ``x_R = 1ᵀadj(M) / 1ᵀadj(M)1``, ``y_S = adj(M)1 / 1ᵀadj(M)1``.
A kernel stays optimal while finitely many polynomials in ``t`` keep their signs, so the
parameter interval is cut at their roots; on each piece one kernel is proved optimal by exact
evaluation at a rational point inside (no condition changes sign in between).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from flint import fmpq, fmpq_mat, fmpq_poly

from exactrose.errors import CertificateError, InputError
from exactrose.exact.algebraic import ExactValue
from exactrose.exact.numbers import format_rational, from_fmpq, to_fmpq
from exactrose.exact.piecewise import (
    Piece,
    PiecewiseFunction,
    RationalFunction,
    linear_combination,
    rational_between,
    roots_between,
    sort_key,
    upper_envelope,
)
from exactrose.model.game import Game
from exactrose.values.zerosum import zero_sum_value


@dataclass(frozen=True, eq=False)
class AffineMatrix:
    """The matrix ``constant + t·slope`` (rows: the maximiser's actions)."""

    constant: fmpq_mat
    slope: fmpq_mat

    def at(self, t: Fraction) -> fmpq_mat:
        return self.constant + self.slope * to_fmpq(t)

    def entry(self, i: int, j: int) -> fmpq_poly:
        return fmpq_poly([self.constant[i, j], self.slope[i, j]])

    @property
    def shape(self) -> tuple[int, int]:
        return self.constant.nrows(), self.constant.ncols()


@dataclass(frozen=True, eq=False)
class Kernel:
    """A Shapley–Snow kernel ``A_{RS}(t)``: its value and strategies as functions of ``t``, and
    the polynomials that are ``>= 0`` exactly where they are optimal (with ``denominator != 0``)."""

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    value: RationalFunction
    row_strategy: tuple[RationalFunction, ...]
    column_strategy: tuple[RationalFunction, ...]
    conditions: tuple[fmpq_poly, ...]
    denominator: fmpq_poly

    def optimal_at(self, t: Fraction) -> bool:
        """Whether the kernel's strategies are optimal in ``A(t)`` (exact)."""
        q = to_fmpq(t)
        return self.denominator(q) != 0 and all(condition(q) >= 0 for condition in self.conditions)

    def events(self, start: ExactValue, end: ExactValue) -> list[ExactValue]:
        """Roots of the conditions and the denominator strictly inside ``(start, end)``."""
        found: set[ExactValue] = set()
        for poly in (self.denominator, *self.conditions):
            if not poly.is_zero():
                found.update(r for r in roots_between(poly, start, end) if start < r < end)
        return sorted(found, key=sort_key)


def _adjugate_and_determinant(matrix: AffineMatrix, rows: Sequence[int],
                              cols: Sequence[int]) -> tuple[list[list[fmpq_poly]], fmpq_poly]:
    """``adj(M(t))`` and ``det(M(t))`` for ``M = A_{rows, cols}``, by interpolation: the determinant
    has degree at most k and the adjugate's entries at most k − 1, so k + 1 values determine them.
    At each point ``adj M = (−1)^{k−1} (M^{k−1} + c_{k−1} M^{k−2} + … + c_1 I)`` from the
    characteristic polynomial ``Σ c_i λ^i`` (valid for singular M too)."""
    k = len(rows)
    points = [fmpq(p) for p in range(k + 1)]
    adjugates, determinants = [], []
    for p in points:
        at = matrix.at(Fraction(int(p.p), int(p.q)))
        m = fmpq_mat(k, k, [at[i, j] for i in rows for j in cols])
        c = m.charpoly().coeffs()  # c[i] multiplies λ^i, c[k] = 1
        adj_at = fmpq_mat(k, k)
        for i in range(k, 0, -1):
            adj_at = adj_at * m + fmpq_mat(k, k, [c[i] if r == s else 0 for r in range(k) for s in range(k)])
        adjugates.append(adj_at * (-1) ** (k - 1))
        determinants.append((-1) ** k * c[0])
    basis = []
    for i, p in enumerate(points):
        poly = fmpq_poly([1])
        for j, q in enumerate(points):
            if j != i:
                poly = poly * fmpq_poly([-q, 1]) / (p - q)
        basis.append(poly)
    adj = [[sum((a[r, s] * b for a, b in zip(adjugates, basis)), fmpq_poly([])) for s in range(k)] for r in range(k)]
    return adj, sum((d * b for d, b in zip(determinants, basis)), fmpq_poly([]))


def kernel(matrix: AffineMatrix, rows: Sequence[int], cols: Sequence[int]) -> Kernel | None:
    """The kernel on ``rows × cols`` (equal sizes), or None if ``1ᵀadj(M)1`` is identically 0."""
    k = len(rows)
    adj, det = _adjugate_and_determinant(matrix, rows, cols)
    row_sums = [sum((adj[i][j] for i in range(k)), fmpq_poly([])) for j in range(k)]
    column_sums = [sum((adj[i][j] for j in range(k)), fmpq_poly([])) for i in range(k)]
    denominator = sum(row_sums, fmpq_poly([]))
    if denominator.is_zero():
        return None
    m, n = matrix.shape
    x = [fmpq_poly([])] * m
    for position, i in enumerate(rows):
        x[i] = row_sums[position]
    y = [fmpq_poly([])] * n
    for position, j in enumerate(cols):
        y[j] = column_sums[position]
    conditions = [p * denominator for p in (*row_sums, *column_sums)]
    for j in range(n):
        if j not in cols:  # x guarantees at least v against column j
            conditions.append((sum((x[i] * matrix.entry(i, j) for i in rows), fmpq_poly([])) - det) * denominator)
    for i in range(m):
        if i not in rows:  # y holds row i to at most v
            conditions.append((det - sum((matrix.entry(i, j) * y[j] for j in cols), fmpq_poly([]))) * denominator)
    return Kernel(
        rows=tuple(rows),
        cols=tuple(cols),
        value=RationalFunction.make(det, denominator),
        row_strategy=tuple(RationalFunction.make(p, denominator) for p in x),
        column_strategy=tuple(RationalFunction.make(p, denominator) for p in y),
        conditions=tuple(c for c in conditions if not c.is_zero()),
        denominator=denominator,
    )


def kernel_at(matrix: AffineMatrix, t: Fraction) -> Kernel:
    """A kernel optimal at ``t``: from the exact optimal strategies there, as Shapley and Snow
    prove exists, searched among square submatrices of the equalising rows and columns that
    contain the strategies' supports."""
    at = matrix.at(t)
    solution = zero_sum_value(at)
    v, x, y = solution.value, solution.row_strategy, solution.column_strategy
    m, n = matrix.shape
    rows_equal = [i for i in range(m) if sum(from_fmpq(at[i, j]) * y[j] for j in range(n)) == v]
    cols_equal = [j for j in range(n) if sum(x[i] * from_fmpq(at[i, j]) for i in range(m)) == v]
    support_x = [i for i in range(m) if x[i]]
    support_y = [j for j in range(n) if y[j]]
    for supports in ((support_x, support_y), ([], [])):
        for k in range(max(len(supports[0]), len(supports[1]), 1), min(len(rows_equal), len(cols_equal)) + 1):
            for rows in _supersets(supports[0], rows_equal, k):
                for cols in _supersets(supports[1], cols_equal, k):
                    candidate = kernel(matrix, rows, cols)
                    if candidate is not None and candidate.optimal_at(t):
                        return candidate
    raise CertificateError(f"no Shapley–Snow kernel is optimal at t = {format_rational(t)}")


def _supersets(base: Sequence[int], universe: Sequence[int], k: int) -> list[tuple[int, ...]]:
    """Sorted ``k``-subsets of ``universe`` containing ``base``."""
    rest = [i for i in universe if i not in base]
    return [tuple(sorted([*base, *extra])) for extra in combinations(rest, k - len(base))]


@dataclass(frozen=True)
class ParametricValue:
    """A matrix game's value on ``[start, end]``: piece ``i`` is proved by ``kernels[i]``."""

    value: PiecewiseFunction
    kernels: tuple[Kernel, ...]


def parametric_zero_sum(matrix: AffineMatrix, start: Fraction, end: Fraction) -> ParametricValue:
    """The value of ``A(t)`` for ``t`` in ``[start, end]``, with a kernel proving each piece."""
    if not start < end:
        raise InputError(f"parameter interval: expected start < end, got [{format_rational(start)}, "
                         f"{format_rational(end)}]")
    known: list[Kernel] = []
    pieces: list[Piece] = []
    chosen: list[Kernel] = []
    pending: list[tuple[ExactValue, ExactValue]] = [(start, end)]
    while pending:
        a, b = pending.pop()
        t = rational_between(a, b)
        optimal = next((k for k in reversed(known) if k.optimal_at(t)), None)
        if optimal is None:
            optimal = kernel_at(matrix, t)
            known.append(optimal)
        cuts = optimal.events(a, b)
        if cuts:
            ends = [a, *cuts, b]
            pending.extend(reversed(list(zip(ends, ends[1:]))))
            continue
        pieces.append(Piece(a, b, optimal.value))
        chosen.append(optimal)
    return ParametricValue(PiecewiseFunction(tuple(pieces)), tuple(chosen))


def check_parametric_zero_sum(matrix: AffineMatrix, result: ParametricValue) -> None:
    """Re-check every piece from the matrix alone: the kernel is recomputed from its rows and
    columns, is optimal at a rational point inside the piece and no condition changes sign
    inside it (so it is optimal throughout, and the value is its ``det / 1ᵀadj 1``)."""
    for piece, claimed in zip(result.value.pieces, result.kernels, strict=True):
        fresh = kernel(matrix, claimed.rows, claimed.cols)
        where = f"piece [{piece.start!r}, {piece.end!r}]"
        if fresh is None or fresh.value != piece.value:
            raise CertificateError(f"{where}: the kernel {claimed.rows}×{claimed.cols} does not give its value")
        if fresh.events(piece.start, piece.end) or not fresh.optimal_at(rational_between(piece.start, piece.end)):
            raise CertificateError(f"{where}: the kernel {claimed.rows}×{claimed.cols} is not optimal throughout")


# ----------------------------------------------------------------------------- games


@dataclass(frozen=True)
class AffineGame:
    """A two-player game with payoffs ``constant + t·slope`` (two games of the same shape)."""

    constant: Game
    slope: Game

    def __post_init__(self) -> None:
        if self.constant.n != 2 or self.slope.n != 2:
            raise InputError("parametric values are for two-player games")
        if self.constant.shape != self.slope.shape:
            raise InputError(f"constant and slope games differ in shape: {self.constant.shape} vs {self.slope.shape}")

    def at(self, t: Fraction) -> Game:
        """The game at parameter ``t``."""
        return Game.from_function(
            self.constant.shape,
            lambda profile: [self.constant.payoff(i, profile) + t * self.slope.payoff(i, profile) for i in range(2)],
            players=self.constant.players, actions=self.constant.actions, title=self.constant.title)

    def payoff(self, player: int, profile: tuple[int, int]) -> fmpq_poly:
        return fmpq_poly([to_fmpq(self.constant.payoff(player, profile)), to_fmpq(self.slope.payoff(player, profile))])


def _matrix(entries: list[list[fmpq_poly]]) -> AffineMatrix:
    m, n = len(entries), len(entries[0])

    def part(k: int) -> fmpq_mat:
        return fmpq_mat(m, n, [p.coeffs()[k] if p.degree() >= k else 0 for row in entries for p in row])

    return AffineMatrix(part(0), part(1))


def _profiles(game: AffineGame, leader: int) -> list[list[tuple[int, int]]]:
    """``profiles[a][b]``: the profile where the leader plays a and the other player b."""
    shape = game.constant.shape
    return [[(a, b) if leader == 0 else (b, a) for b in range(shape[1 - leader])] for a in range(shape[leader])]


def parametric_max_total(game: AffineGame, start: Fraction, end: Fraction) -> PiecewiseFunction:
    """``max Σ`` as a function of ``t``: the upper envelope of the profiles' totals."""
    totals = {RationalFunction.make(game.payoff(0, p) + game.payoff(1, p), fmpq_poly([1]))
              for row in _profiles(game, 0) for p in row}
    return upper_envelope([PiecewiseFunction.constant_on(total, start, end) for total in totals])


def surplus_matrices(game: AffineGame, leader: int) -> list[AffineMatrix]:
    """``G^{b*}`` for each follower action ``b*``: ``V_leader = max_{b*} val(G^{b*})``."""
    profiles = _profiles(game, leader)
    follower = 1 - leader
    return [_matrix([[game.payoff(0, row[star]) + game.payoff(1, row[star]) - game.payoff(follower, row[b])
                      for b in range(len(row))] for row in profiles])
            for star in range(len(profiles[0]))]


def parametric_initiative(game: AffineGame, leader: int, start: Fraction, end: Fraction) -> PiecewiseFunction:
    """The leader's initiative value ``V_leader(t) = max_ν S_leader(ν)``."""
    return upper_envelope([parametric_zero_sum(g, start, end).value for g in surplus_matrices(game, leader)])


def competition_matrix(game: AffineGame) -> AffineMatrix:
    """``(U_1 − U_2)/2``, CoCo's zero-sum part."""
    half = fmpq(1, 2)
    return _matrix([[(game.payoff(0, p) - game.payoff(1, p)) * half for p in row] for row in _profiles(game, 0)])


def parametric_coco(game: AffineGame, start: Fraction, end: Fraction) -> tuple[PiecewiseFunction, PiecewiseFunction]:
    """``(coco_1(t), coco_2(t))``."""
    total = parametric_max_total(game, start, end)
    competition = parametric_zero_sum(competition_matrix(game), start, end).value
    return (linear_combination([(Fraction(1, 2), total), (1, competition)]),
            linear_combination([(Fraction(1, 2), total), (-1, competition)]))


def parametric_rose(game: AffineGame, start: Fraction, end: Fraction) -> tuple[PiecewiseFunction, PiecewiseFunction]:
    """``(R(1)(t), R(2)(t))`` with ``R(i) = ½ max Σ + ½ (V_i − V_other)``."""
    total = parametric_max_total(game, start, end)
    first, second = (parametric_initiative(game, leader, start, end) for leader in (0, 1))
    half = Fraction(1, 2)
    return (linear_combination([(half, total), (half, first), (-half, second)]),
            linear_combination([(half, total), (half, second), (-half, first)]))
