"""The game of the last two ranks within a context, and the objective the searches maximise
(essay Definition 3).

Within a context ``μ`` of ranks 1..n−2 the last two ranks play a two-player game whose payoffs
are polynomials in μ (:class:`ReducedGame`), and the contextual values of Definition 3 at that
level are surplus extractions:

    V[μ, s:n−1] = max_ν ( max_c E_{μ×ν}[Σ_{i=s..n} U_i](c) − max_c E_{μ×ν}[U_n](c) ).

The searches maximise ``V[μ, s:n−1]`` or ``V[μ, s:n−1] − V[μ, t:n−1]`` over contexts.  Their
**lower bounds** are exact: the objective is evaluated at rational contexts by the certified
linear programs of :mod:`exactrose.values.extraction`, so the best context found is a witness.
A maximum on a ridge (a kink, see :mod:`exactrose.values.search.bounds`) is approached only
linearly by box centres, so every new best context also starts a cutting-plane ascent onto
the ridge (:func:`ascend`, with the envelope theorem's exact gradients).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from flint import fmpq, fmpq_mat, fmpq_mpoly_ctx

from exactrose.errors import InputError
from exactrose.exact.lp import LinearProgram, float_optima
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.model.game import Game
from exactrose.values.extraction import (
    SurplusExtraction,
    extraction_for_reply,
    max_surplus_extraction,
)
from exactrose.values.search.space import ContextSpace, Coordinates

#: Cutting-plane steps of the local ascent from each new best context (see :func:`ascend`).
ASCENT_ROUNDS = 8


class ReducedGame:
    """The game of the last two ranks within a context of the earlier ones (Definition 3):
    ``expected[i][a][c]`` is rank i+1's expected payoff, a polynomial in the context coordinates."""

    def __init__(self, ranked: Game) -> None:
        if ranked.n < 3:
            raise InputError("a reduced game needs at least three players (two ranks after the context)")
        n = ranked.n
        self.game = ranked
        self.space = ContextSpace(ranked.shape[: n - 2])
        self.ring = fmpq_mpoly_ctx.get(("u", max(self.space.dim, 1)), "lex")
        self.coordinates = self.ring.gens()
        probabilities = []
        for group in self.space.groups:
            own = [self.coordinates[j] for j in group]
            probabilities.append(own + [1 - sum(own, self.ring.from_dict({}))])
        m_leader, m_follower = ranked.shape[n - 2], ranked.shape[n - 1]
        zero = self.ring.from_dict({})
        expected = [[[zero for _ in range(m_follower)] for _ in range(m_leader)] for _ in range(n)]
        for profile in itertools.product(*(range(m) for m in ranked.shape[: n - 2])):
            weight = self.ring.from_dict({(0,) * self.ring.nvars(): 1})
            for player, action in enumerate(profile):
                weight = weight * probabilities[player][action]
            for a in range(m_leader):
                for c in range(m_follower):
                    for i in range(n):
                        payoff = ranked.payoff(i, profile + (a, c))
                        if payoff:
                            expected[i][a][c] = expected[i][a][c] + weight * to_fmpq(payoff)
        self.expected = expected
        #: ``joints[s][a][c]``: expected payoff of the coalition of ranks s..n (ranks from 1).
        self.joints = {
            s: [[sum((expected[i][a][c] for i in range(s - 1, n)), zero) for c in range(m_follower)] for a in range(m_leader)]
            for s in range(1, n)
        }
        #: A Lipschitz constant of every ``L_{c_0}`` in each context coordinate: moving one
        #: coordinate moves each expectation by at most twice the largest |coalition payoff|.
        self.lipschitz = 4 * n * max((abs(ranked.payoff(i, p)) for i in range(n) for p in ranked.profiles()), default=Fraction(0))
        self._cache: dict[tuple[int, int | None, Coordinates], SurplusExtraction] = {}
        self._pieces: dict[tuple[int, int, Coordinates], tuple[Fraction, tuple[Fraction, ...]]] = {}

    def extraction(self, s: int, point: Coordinates, against: int | None = None) -> SurplusExtraction:
        """``V[μ, s:n−1]`` at the rational context ``point``, exactly and certified (cached).

        With ``against = t`` it is instead ``max_ν max_c E[J_s](c) − max_c E[J_t](c)``, which
        bounds ``V[μ, s:n−1] − V[μ, t:n−1]`` from above (one ν serves both terms).
        """
        key = (s, against, point)
        if key not in self._cache:
            self._cache[key] = max_surplus_extraction(*self._matrices(s, point, against))
        return self._cache[key]

    def _matrices(self, s: int, point: Coordinates, against: int | None = None) -> tuple[fmpq_mat, fmpq_mat]:
        """At ``point``: the leader's matrix ``J_s − U_n`` (or ``J_s − J_against``) and the follower's."""
        args = [to_fmpq(q) for q in point] or [fmpq(0)]
        joint = [[q(*args) for q in row] for row in self.joints[s]]
        rows = self.expected[-1] if against is None else self.joints[against]
        follower = [[q(*args) for q in row] for row in rows]
        leader = fmpq_mat([[j - f for j, f in zip(jr, fr)] for jr, fr in zip(joint, follower)])
        return leader, fmpq_mat(follower)

    def reply_piece(self, t: int, point: Coordinates, c0: int) -> tuple[Fraction, tuple[Fraction, ...]]:
        """``L_{c_0}(μ) = max_ν E_ν[J_t](c_0) − max_c E_ν[U_n](c)`` at ``point`` and its optimal ν: the
        piece of ``V[μ, t:n−1] = max_{c_0} L_{c_0}(μ)`` where rank n takes the coalition's reply c_0."""
        key = (t, c0, point)
        if key not in self._pieces:
            self._pieces[key] = extraction_for_reply(*self._matrices(t, point), c0)
        return self._pieces[key]

    def objective(self, s: int, t: int | None, point: Coordinates) -> Fraction:
        """``V[μ, s:n−1]``, or ``V[μ, s:n−1] − V[μ, t:n−1]`` when ``t`` is given, at ``point``."""
        value = self.extraction(s, point).value
        return value if t is None else value - self.extraction(t, point).value

    def objective_gradient(self, s: int, t: int | None, point: Coordinates) -> tuple[Fraction, ...]:
        """A gradient of :meth:`objective` at ``point`` (see :meth:`gradient`)."""
        gradient = self.gradient(s, point)
        return gradient if t is None else tuple(a - b for a, b in zip(gradient, self.gradient(t, point)))

    def gradient(self, s: int, point: Coordinates) -> tuple[Fraction, ...]:
        """A gradient of ``V[μ, s:n−1]`` at ``point`` by the envelope theorem: the derivative in
        μ of the Lagrangian at the certified strategy ν, the follower action it aims at, and
        that action's dual distribution λ (exact where the optimum is unique; at a ridge, the
        gradient of one side)."""
        certificate = self.extraction(s, point).certificate
        args = [to_fmpq(q) for q in point]
        nu, joint = [to_fmpq(q) for q in certificate.witness], self.joints[s]
        b = max(range(len(joint[0])), key=lambda c: sum((nu[a] * joint[a][c](*args) for a in range(len(nu))), fmpq(0)))
        weights = [to_fmpq(q) for q in dual_columns(certificate.multipliers)[b]]
        lagrangian = sum(
            (nu[a] * (joint[a][b] - sum((w * u for w, u in zip(weights, self.expected[-1][a])), self.ring.from_dict({}))) for a in range(len(nu))),
            self.ring.from_dict({}),
        )
        return tuple(from_fmpq(lagrangian.derivative(j)(*args)) for j in range(self.space.dim))


def dual_columns(multipliers: fmpq_mat) -> list[list[Fraction]]:
    """The dual distributions λ^{c*}, one per follower action c*, normalised to sum 1."""
    k = multipliers.nrows()
    out = []
    for b in range(k):
        column = [from_fmpq(multipliers[c, b]) for c in range(k)]
        total = sum(column, Fraction(0))
        out.append([q / total for q in column])
    return out


def ascend(
    space: ContextSpace,
    value: Callable[[Coordinates], Fraction],
    gradient: Callable[[Coordinates], tuple[Fraction, ...]],
    start: Coordinates,
    start_value: Fraction,
    radius: Fraction,
    free: Sequence[int],
) -> tuple[Fraction, Coordinates, list[Coordinates]]:
    """A better lower bound near ``start`` where the maximum sits on a ridge (a kink), which
    sampling box centres approaches only linearly: Kelley's cutting planes, each the tangent
    plane of the objective at an evaluated context, maximised by a small linear program
    (float; its point is then evaluated exactly) in a trust region that shrinks when a step
    fails.  Returns the best value and context found (at least ``start``'s) and the contexts
    evaluated, which lie on both sides of the ridge."""
    cuts = [(start_value, gradient(start), start)]
    best, best_point = start_value, start
    grid, n = 2**60, len(free) + 1
    for _ in range(ASCENT_ROUNDS):
        rows: list[Sequence[Fraction | int]] = []
        rhs: list[Fraction] = []
        for f_q, g_q, q in cuts:  # z − Σ g_j μ_j <= f_q − g·q + Σ_{fixed} g_j best_j (fixed μ_j = best_j)
            rows.append([-g_q[j] for j in free] + [1])
            rhs.append(f_q - sum((g_q[j] * (q[j] - (0 if j in free else best_point[j])) for j in range(space.dim)), Fraction(0)))
        for k, j in enumerate(free):
            for sign in (1, -1):
                rows.append([sign * int(i == k) for i in range(n)])
                rhs.append(sign * best_point[j] + radius)
        for group in space.groups:
            inside = [k for k, j in enumerate(free) if j in group]
            if inside:
                rows.append([int(k in inside) for k in range(len(free))] + [0])
                rhs.append(1 - sum((best_point[j] for j in group if j not in free), Fraction(0)))
        lp = LinearProgram.build([0] * len(free) + [1], rows, rhs, free=[len(free)])
        optimum = float_optima(lp, [lp.model.c_float])[0]
        if optimum.status != "optimal":
            break
        moved = dict(zip(free, (max(Fraction(math.floor(float(x) * grid), grid), Fraction(0)) for x in optimum.x)))
        candidate = tuple(moved.get(j, best_point[j]) for j in range(space.dim))
        if candidate == best_point or not space.contains(candidate):
            break
        candidate_value = value(candidate)
        cuts.append((candidate_value, gradient(candidate), candidate))
        if candidate_value > best:
            best, best_point = candidate_value, candidate
        else:
            radius /= 4
    return best, best_point, [q for _, _, q in cuts]
