"""Certified enclosures of maximal contextual values (essay Definitions 3–4; MATH.md §2).

For n players listed by rank, a context of ranks 1..n−2 is a product of mixed strategies
``μ``.  Within μ the last two ranks play a two-player game whose payoffs are polynomials in
μ, and the contextual values of Definition 3 at that level are surplus extractions:

    V[μ, s:n−1] = max_ν ( max_c E_{μ×ν}[Σ_{i=s..n} U_i](c) − max_c E_{μ×ν}[U_n](c) ).

This module maximises ``V[μ, s:n−1]`` or ``V[μ, s:n−1] − V[μ, t:n−1]`` over all contexts by
branch and bound, with proofs on both sides:

* **lower bounds** are exact: the objective is evaluated at rational contexts by the certified
  linear programs of :mod:`exactrose.values.extraction`, so the best context found is a witness;
* **upper bounds** hold on a whole box of contexts by LP duality.  For any distribution
  ``λ(μ)`` over rank n's actions, ``V[μ, s:n−1] <= max_{c*, a} [J_s(a, c*) − Σ_c λ_c(μ) U_n(a, c)]``;
  for any strategy ``ν(μ)`` of rank n−1, ``V[μ, t:n−1] >= E_ν[J_t](c_0) − max_c E_ν[U_n](c)``.
  With ``λ`` and ``ν`` affine in μ (the certified optima at the box's reference context,
  with secant slopes), every bound is a maximum of polynomials, bounded on the box exactly
  by their Taylor expansion at its centre (linear part at the vertices of the box clipped
  to the strategy simplices, |coefficient|·radius for the rest).  Near a smooth maximum
  the bound is exact to second order, so the boxes shrink quickly to the witness.  For a
  difference, one strategy may also serve both terms (``V_s − V_t <= max_ν max_c E_ν[J_s] −
  max_c E_ν[J_t]``, again bounded by duality); this closes plateaus where the maximum is
  attained on a whole face of contexts.  Each box takes the best of these bounds and of its
  parent's choice, which still holds on it (so the proved upper end only falls as boxes split).

A maximum on a **ridge** (a kink where ``V[μ, t:n−1] = max_{c_0} L_{c_0}(μ)`` switches between
two pieces ``L_{c_0}``, rank n's replies to the coalition) defeats both sides at first order:
box centres approach it linearly, and no single sampled choice cancels the first-order terms.
A search still open after :data:`OPTIMISE_AFTER` boxes therefore also tries, on the
first-order-loose boxes where two pieces may meet, the best combination of the optima of both
pieces at the reference context and of those sampled nearby (a float LP guides; the bound is
exact, see :meth:`_Frame.optimised_option`), and every new best context starts a
cutting-plane ascent onto the ridge (:func:`_ascend`).  Where a distribution's support changes
at the maximum (rank n indifferent between two replies to a pure action of rank n−1), an affine
choice exact on one side must leave the simplex on the other; such a box is split along that
plane, each side with its own choice (:class:`SplitChoice`).  A box may also be split along a
ridge: the plane where the objective's tangent planes on either side meet (:func:`_ridge_plane`,
from envelope-theorem gradients), on whose sides the objective is smooth, so that sampled
choices are again exact to first order whatever the objective's slope along the ridge.  Such a
plane may move several players' strategies; its sides are then products of polytopes over
blocks of players (:meth:`ContextSpace.blocks`).  A side still loose is split again, for
kinks meeting at a maximum.

:func:`maximise_nested` handles ``W_1`` of four players, a maximum over rank 1 of a
difference of maxima over rank 2, by the same bounds (and ridge splits) with rank 2's reply
affine in rank 1's strategy.  The result is an :class:`~exactrose.enclosure.Enclosure` ``[lower, upper]`` of the maximum,
or an exact rational when the bounds meet.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from flint import fmpq, fmpq_mat, fmpq_mpoly, fmpq_mpoly_ctx

from exactrose.budget import Budget
from exactrose.enclosure import Enclosure
from exactrose.errors import CertificateError, InputError
from exactrose.game import Game
from exactrose.lp import LinearProgram, float_optima
from exactrose.numbers import from_fmpq, to_fmpq
from exactrose.values.extraction import SurplusExtraction, extraction_for_reply, max_surplus_extraction

Point = tuple[Fraction, ...]
#: ``(normal, offset)``: the half-space ``normal·μ >= offset``; a region of a box is cut by several.
HalfSpace = tuple[Point, Fraction]

#: Target width of a maximum's enclosure (two of them make an initiative value: 1e-12 in all).
TOLERANCE = Fraction(1, 2 * 10**12)
#: Boxes examined before a search gives up and returns the (wider) enclosure it has proved:
#: a maximum over contexts, and the nested maximum of four players (each of its boxes runs
#: inner searches).  Typical searches need hundreds; the budgets bound the rare worst case.
BUDGET = 20_000
NESTED_BUDGET = 1_000
#: A search also stops when its last STALL boxes did not halve the gap between its ends (a
#: converging search shrinks it by orders of magnitude in that many; measured on the
#: benchmark's games), so a search stuck on a ridge does not spend the whole budget.
STALL = 2_000
#: Boxes a search examines with the sampled choices alone; a search still open after them
#: (a ridge) also tries the optimised choice (one float LP) on the first-order-loose boxes
#: where two pieces of the subtracted contextual value may meet.
OPTIMISE_AFTER = 400
#: Optimised choices a search may try on loose boxes away from a meeting of two pieces of the
#: subtracted value (kinks where rank n−1's optimal strategy jumps); bounds their cost.  Only
#: when the last two ranks have at most OFF_RIDGE_ACTIONS action pairs (2×2, as in 2×2×2×2):
#: for 3×3 the float LP over every affine strategy costs about 0.5 s a box (measured: one
#: 3×3×3 game went from 41 s to over 200 s), and such kinks have not kept a 3×3×3 search open.
OFF_RIDGE_ATTEMPTS = 300
OFF_RIDGE_ACTIONS = 4
#: Optimised choices a search may try in all (each a float LP: ~30 ms for 3×3 reduced games,
#: ~0.1 s for 4×4), bounding the cost of a search that never closes.
OPTIMISED_BOXES = 1_500
#: Support-change planes a first-order-loose box may be split along (each split: two optimised
#: choices, besides the ridge plane's), and the splits a search may try in vain (one that halves
#: the box's excess over the value at its reference context is not counted).
SPLIT_PLANES = 1
SPLIT_BOXES = 300
#: Times a side of a split still first-order loose may be split again (kinks meeting at a maximum).
SPLIT_DEPTH = 3
#: Pairs of sampled contexts whose tangent planes :func:`_ridge_plane` tries as a ridge's estimate.
RIDGE_PAIRS = 3
#: Simplex iterations an optimised choice's float LP may take, per row and column (measured
#: on the 4×4×4 benchmark game: about 800 for LPs of 1 100 rows and columns, at most 1 250; a
#: rare degenerate one ran for minutes).  A stopped LP proposes no choice.
LP_ITERATIONS = 5
#: Cutting-plane steps of the local ascent from each new best context (see :func:`_ascend`).
ASCENT_ROUNDS = 8
#: Contexts of the last ascent whose optima the optimised choice also combines.
ANCHORS = 4


@dataclass(frozen=True)
class ContextMaximum:
    """A proved enclosure of ``max_μ objective(μ)`` with the witness context attaining ``lower``.

    ``value`` is the exact rational maximum when the bounds met, else the enclosure;
    ``boxes`` counts the boxes examined; ``certificate`` re-proves the upper end (see
    :func:`check_bound_certificate`; None for a search without boxes).
    """

    value: Fraction | Enclosure
    witness: tuple[tuple[Fraction, ...], ...]
    boxes: int
    certificate: BoundCertificate | None = None


@dataclass(frozen=True)
class Choice:
    """Affine choices that bound the objective on one box (module docstring), as polynomials
    in coordinates centred on the box: dual distributions ``λ^{c*}`` (one per action c* of
    rank n) against rank n's payoffs, or against the coalition of ranks ``against``..n
    (then they bound ``V[μ, s:n−1] − V[μ, against:n−1]`` alone); and strategies ``ξ_r`` of
    rank n−1, jointly one distribution, each with the coalition's reply ``c_0`` it is
    weighed against, bounding ``−V[μ, t:n−1]``."""

    duals: list[list[fmpq_mpoly]]
    against: int | None = None
    primals: tuple[tuple[list[fmpq_mpoly], int], ...] = ()

    def families(self, frame: _Frame, s: int, t: int | None) -> list[list[fmpq_mpoly]]:
        """The piece families: the objective is at most the largest sum of one piece of each."""
        return [frame.dual_pieces(s, self.against, self.duals)] + [frame.primal_pieces(t, nu, c0) for nu, c0 in self.primals]


@dataclass(frozen=True)
class NestedChoice:
    """The bound of :func:`maximise_nested` on one box of (p, q): a :class:`Choice` for
    ``X = V[·, 1:3] − V[·, 3:3]``, and for ``max_q Y(p, q) >= Y(p, r(p))`` rank 2's reply
    ``r(p)`` (a full strategy, affine in p), a strategy ``ν`` of rank 3 weighed against the
    coalition's reply ``c0``, and dual distributions bounding ``V[·, 3:3]`` at ``(p, r(p))``."""

    x: Choice
    reply: list[fmpq_mpoly]
    nu: list[fmpq_mpoly]
    c0: int
    duals: list[list[fmpq_mpoly]]

    def families(self, frame: _Frame, reply_frame: _Frame) -> list[list[fmpq_mpoly]]:
        """``X − Y(p, r(p))`` is at most the largest sum of one piece of each family."""
        return self.x.families(frame, 1, 3) + [reply_frame.primal_pieces(2, self.nu, self.c0),
                                                 reply_frame.dual_pieces(3, None, self.duals)]


@dataclass(frozen=True)
class SplitChoice:
    """Choices on the two sides of a plane through a box, ``normal·μ >= offset`` (``above``)
    and ``<=`` (``below``); a side may be split again.  Each side is a product of polytopes
    over :meth:`ContextSpace.blocks` (the players the planes move form one block), on whose
    vertices the terms affine in each block peak.

    At a maximum where a component of the optimal dual distribution (or strategy of rank n−1)
    is zero and starts to grow on one side of a kink (a reply entering the support), an affine
    choice near-exact on both sides would leave the simplex on the other; at a ridge, no affine
    choice is near-exact on both sides at once.  Each side then has its own.  The planes tried
    are those of :func:`_kink_planes` and :func:`_ridge_plane`."""

    normal: Point
    offset: Fraction
    above: Choice | NestedChoice | SplitChoice
    below: Choice | NestedChoice | SplitChoice


@dataclass(frozen=True)
class BoundCertificate:
    """A re-checkable proof of a maximum's upper end: the leaves of the branch and bound,
    boxes ``(lo, hi)`` of context coordinates that partition the domain (the halvings of
    :meth:`_Box.halves` from the root), each with its proved bound and the choice proving it
    (the nested four-player search proves ``W_1 = max_p [max_q X − max_q Y]`` with ``s = 1``,
    ``t = 2``: its leaves hold :class:`NestedChoice` bounds of ``X(p, q) − Y(p, r(p))``, or
    bounds of ``V[p×q, 1:3] − V[p×q, 2:3] = X − Y``; both are at least W_1(p) where q
    maximises X, which suffices).
    :func:`check_bound_certificate` re-derives every bound from the game alone."""

    s: int
    t: int | None
    prefix: Point
    leaves: dict[tuple[Point, Point], tuple[Fraction, Choice | SplitChoice | NestedChoice]]

    @property
    def upper(self) -> Fraction:
        return max(bound for bound, _ in self.leaves.values())


class ContextSpace:
    """Products of mixed strategies ``Π ΔA_i`` in coordinates: the probabilities of every
    action but the last of each player (the last takes the rest)."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = tuple(sizes)
        self.groups: list[range] = []
        start = 0
        for m in self.sizes:
            self.groups.append(range(start, start + m - 1))
            start += m - 1
        self.dim = start

    def strategies(self, point: Point) -> tuple[tuple[Fraction, ...], ...]:
        """The mixed strategies the coordinates stand for."""
        return tuple(tuple(point[j] for j in group) + (1 - sum((point[j] for j in group), Fraction(0)),) for group in self.groups)

    def contains(self, point: Point) -> bool:
        return all(q >= 0 for q in point) and all(sum(point[j] for j in group) <= 1 for group in self.groups)

    def pure_contexts(self, first: int = 0) -> list[Point]:
        """The strategies (coordinates) in which players ``first, first+1, ...`` play pure actions."""
        per_group = [
            [tuple(Fraction(int(j == k)) for j in range(len(group))) for k in range(len(group) + 1)]
            for group in self.groups[first:]
        ]
        return [tuple(itertools.chain.from_iterable(choice)) for choice in itertools.product(*per_group)]

    def players_moved(self, direction: Sequence[Fraction]) -> int:
        """How many players' coordinates ``direction`` moves."""
        return sum(1 for group in self.groups if any(direction[j] for j in group))

    def blocks(self, region: tuple[HalfSpace, ...] = ()) -> list[list[int]]:
        """The coordinates clipped together: each player's, except that the players whose
        coordinates the planes of ``region`` move form one block (a box cut by a plane through
        several players' strategies is a product of polytopes only over these blocks)."""
        groups = [list(group) for group in self.groups]
        moved = [j for group in groups if any(normal[j] for normal, _ in region for j in group) for j in group]
        return [moved] * bool(moved) + [group for group in groups if not set(group) & set(moved)]

    def clipped_vertices(self, lo: Point, hi: Point, region: tuple[HalfSpace, ...] = ()) -> list[Point]:
        """Vertices of the box ``[lo, hi]`` intersected with the domain (empty if disjoint) and
        with the half-spaces of ``region``: the product over :meth:`blocks` of each block's vertices."""
        blocks = self.blocks(region)
        per_block = []
        for block in blocks:
            box = ([lo[j] for j in block], [hi[j] for j in block])
            if any(normal[j] for normal, _ in region for j in block):
                simplices = [[block.index(j) for j in group] for group in self.groups if group and group[0] in block]
                vertices = _clip_to_half_spaces(*box, simplices, [([normal[j] for j in block], offset) for normal, offset in region])
            else:
                vertices = _clip_to_simplex(*box)
            if not vertices:
                return []
            per_block.append(vertices)
        order = [j for block in blocks for j in block]
        points = []
        for choice in itertools.product(*per_block):
            flat = dict(zip(order, itertools.chain.from_iterable(choice)))
            points.append(tuple(flat[j] for j in range(self.dim)))
        return points


def _clip_to_half_spaces(lo: list[Fraction], hi: list[Fraction], simplices: list[list[int]],
                         half_spaces: list[tuple[list[Fraction], Fraction]]) -> list[tuple[Fraction, ...]]:
    """Vertices of ``Π [lo_j, hi_j] ∩ {Σ_{j∈S} x_j <= 1 for each S in simplices} ∩ {normal·x >= offset}``
    for each half-space: the points where ``len(lo)`` of the constraints meet and all hold
    (exact; small systems)."""
    d = len(lo)
    constraints = [([Fraction(-int(i == j)) for i in range(d)], -lo[j]) for j in range(d)]
    constraints += [([Fraction(int(i == j)) for i in range(d)], hi[j]) for j in range(d)]
    constraints += [([Fraction(int(i in simplex)) for i in range(d)], Fraction(1)) for simplex in simplices]
    constraints += [([-a for a in normal], -offset) for normal, offset in half_spaces]
    vertices = []
    for chosen in itertools.combinations(constraints, d):
        matrix = fmpq_mat(d, d, [to_fmpq(a) for row, _ in chosen for a in row])
        if matrix.rank() < d:
            continue
        solution = matrix.solve(fmpq_mat(d, 1, [to_fmpq(b) for _, b in chosen]))
        x = tuple(from_fmpq(solution[i, 0]) for i in range(d))
        if all(sum((a * q for a, q in zip(row, x)), Fraction(0)) <= b for row, b in constraints):
            vertices.append(x)
    return list(dict.fromkeys(vertices))


def _clip_to_simplex(lo: list[Fraction], hi: list[Fraction]) -> list[tuple[Fraction, ...]]:
    """Vertices of ``Π [lo_j, hi_j] ∩ {Σ x_j <= 1}`` (all lo_j >= 0): the corners inside, and
    where an edge of the box crosses ``Σ x_j = 1``."""
    corners = list(itertools.product(*zip(lo, hi)))
    inside = [c for c in corners if sum(c, Fraction(0)) <= 1]
    if len(inside) == len(corners) or not inside:
        return inside
    crossings = []
    for corner in inside:
        for j in range(len(lo)):
            if corner[j] == lo[j] and lo[j] != hi[j]:
                other = sum(corner, Fraction(0)) - corner[j] + hi[j]
                if other > 1:
                    crossings.append(corner[:j] + (1 - sum(corner, Fraction(0)) + corner[j],) + corner[j + 1 :])
    return list(dict.fromkeys(inside + crossings))


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
        self._cache: dict[tuple[int, Point], SurplusExtraction] = {}
        self._pieces: dict[tuple[int, int, Point], tuple[Fraction, tuple[Fraction, ...]]] = {}

    def extraction(self, s: int, point: Point, against: int | None = None) -> SurplusExtraction:
        """``V[μ, s:n−1]`` at the rational context ``point``, exactly and certified (cached).

        With ``against = t`` it is instead ``max_ν max_c E[J_s](c) − max_c E[J_t](c)``, which
        bounds ``V[μ, s:n−1] − V[μ, t:n−1]`` from above (one ν serves both terms).
        """
        key = (s, against, point)
        if key not in self._cache:
            self._cache[key] = max_surplus_extraction(*self._matrices(s, point, against))
        return self._cache[key]

    def _matrices(self, s: int, point: Point, against: int | None = None) -> tuple[fmpq_mat, fmpq_mat]:
        """At ``point``: the leader's matrix ``J_s − U_n`` (or ``J_s − J_against``) and the follower's."""
        args = [to_fmpq(q) for q in point] or [fmpq(0)]
        joint = [[q(*args) for q in row] for row in self.joints[s]]
        rows = self.expected[-1] if against is None else self.joints[against]
        follower = [[q(*args) for q in row] for row in rows]
        leader = fmpq_mat([[j - f for j, f in zip(jr, fr)] for jr, fr in zip(joint, follower)])
        return leader, fmpq_mat(follower)

    def reply_piece(self, t: int, point: Point, c0: int) -> tuple[Fraction, tuple[Fraction, ...]]:
        """``L_{c_0}(μ) = max_ν E_ν[J_t](c_0) − max_c E_ν[U_n](c)`` at ``point`` and its optimal ν: the
        piece of ``V[μ, t:n−1] = max_{c_0} L_{c_0}(μ)`` where rank n takes the coalition's reply c_0."""
        key = (t, c0, point)
        if key not in self._pieces:
            self._pieces[key] = extraction_for_reply(*self._matrices(t, point), c0)
        return self._pieces[key]

    def objective(self, s: int, t: int | None, point: Point) -> Fraction:
        """``V[μ, s:n−1]``, or ``V[μ, s:n−1] − V[μ, t:n−1]`` when ``t`` is given, at ``point``."""
        value = self.extraction(s, point).value
        return value if t is None else value - self.extraction(t, point).value

    def objective_gradient(self, s: int, t: int | None, point: Point) -> tuple[Fraction, ...]:
        """A gradient of :meth:`objective` at ``point`` (see :meth:`gradient`)."""
        gradient = self.gradient(s, point)
        return gradient if t is None else tuple(a - b for a, b in zip(gradient, self.gradient(t, point)))

    def gradient(self, s: int, point: Point) -> tuple[Fraction, ...]:
        """A gradient of ``V[μ, s:n−1]`` at ``point`` by the envelope theorem: the derivative in
        μ of the Lagrangian at the certified strategy ν, the follower action it aims at, and
        that action's dual distribution λ (exact where the optimum is unique; at a ridge, the
        gradient of one side)."""
        certificate = self.extraction(s, point).certificate
        args = [to_fmpq(q) for q in point]
        nu, joint = [to_fmpq(q) for q in certificate.witness], self.joints[s]
        b = max(range(len(joint[0])), key=lambda c: sum((nu[a] * joint[a][c](*args) for a in range(len(nu))), fmpq(0)))
        weights = [to_fmpq(q) for q in _columns(certificate.multipliers)[b]]
        lagrangian = sum(
            (nu[a] * (joint[a][b] - sum((w * u for w, u in zip(weights, self.expected[-1][a])), self.ring.from_dict({}))) for a in range(len(nu))),
            self.ring.from_dict({}),
        )
        return tuple(from_fmpq(lagrangian.derivative(j)(*args)) for j in range(self.space.dim))


def _ascend(
    space: ContextSpace,
    value: Callable[[Point], Fraction],
    gradient: Callable[[Point], tuple[Fraction, ...]],
    start: Point,
    start_value: Fraction,
    radius: Fraction,
    free: Sequence[int],
) -> tuple[Fraction, Point, list[Point]]:
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
        rows, rhs = [], []
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
        optimum = float_optima(lp, [lp._model.c_float])[0]
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


@dataclass(frozen=True)
class _Box:
    lo: Point
    hi: Point

    @property
    def center(self) -> Point:
        return tuple((a + b) / 2 for a, b in zip(self.lo, self.hi))

    @property
    def radii(self) -> Point:
        return tuple((b - a) / 2 for a, b in zip(self.lo, self.hi))

    def halves(self) -> tuple[_Box, _Box]:
        j = max(range(len(self.lo)), key=lambda k: self.hi[k] - self.lo[k])
        mid = (self.lo[j] + self.hi[j]) / 2
        return (
            _Box(self.lo, self.hi[:j] + (mid,) + self.hi[j + 1 :]),
            _Box(self.lo[:j] + (mid,) + self.lo[j + 1 :], self.hi),
        )


def maximise_contextual(
    reduced: ReducedGame,
    s: int,
    t: int | None = None,
    *,
    fixed: tuple[tuple[Fraction, ...], ...] = (),
    tolerance: Fraction = TOLERANCE,
    budget: int = BUDGET,
    limit: Budget | None = None,
) -> ContextMaximum:
    """Enclose ``max_μ V[μ, s:n−1]`` (``t`` None) or ``max_μ V[μ, s:n−1] − V[μ, t:n−1]``, over
    contexts μ whose first ``len(fixed)`` strategies are the ``fixed`` ones.  The search stops
    early, with the enclosure it has proved, once ``limit`` is exhausted."""
    space = reduced.space
    prefix = tuple(q for strategy in fixed for q in strategy[:-1])

    def value(point: Point) -> Fraction:
        return reduced.objective(s, t, point)

    def gradient(point: Point) -> tuple[Fraction, ...]:
        return reduced.objective_gradient(s, t, point)

    best_point = max((prefix + rest for rest in space.pure_contexts(len(fixed))), key=value)
    best = value(best_point)
    free = space.dim - len(prefix)
    if free == 0:
        return ContextMaximum(best, space.strategies(best_point), 1)
    moving = range(len(prefix), space.dim)
    root = _Box(prefix + (Fraction(0),) * free, prefix + (Fraction(1),) * free)
    vertices = space.clipped_vertices(root.lo, root.hi)
    proved: dict[_Box, tuple[Fraction, Choice | SplitChoice]] = {root: _upper_bound(reduced, s, t, root, vertices, _reference(space, root, vertices))}
    queue: list[tuple[Fraction, int, _Box]] = [(-proved[root][0], 0, root)]
    examined, anchors, allowance = 1, [best_point], [OFF_RIDGE_ATTEMPTS, OPTIMISED_BOXES, SPLIT_BOXES]
    checkpoint = (examined, -queue[0][0] - best)
    while queue and (gap := -queue[0][0] - best) > tolerance and examined < budget and not _spent(limit, best, gap):
        if examined >= checkpoint[0] + STALL:
            if 2 * gap > checkpoint[1]:
                break
            checkpoint = (examined, gap)
        _, _, box = heapq.heappop(queue)
        inherited = proved.pop(box)[1]  # split: its halves prove the bound instead
        for half in box.halves():
            vertices = space.clipped_vertices(half.lo, half.hi)
            if not vertices:
                continue
            examined += 1
            point = _reference(space, half, vertices)
            candidate = value(point)
            if candidate > best:
                best, best_point, anchors = _ascend(space, value, gradient, point, candidate, max(half.radii), moving)
            goal = best + tolerance if examined > OPTIMISE_AFTER else None
            kept = _recentred(inherited, box, half, reduced.ring)
            proved[half] = _upper_bound(reduced, s, t, half, vertices, point, goal, anchors[-ANCHORS:], allowance, kept,
                                        limit)
            if proved[half][0] > best:
                heapq.heappush(queue, (-proved[half][0], examined, half))
    upper = max(best, -queue[0][0]) if queue else best
    result: Fraction | Enclosure = best if upper == best else Enclosure(best, upper)
    certificate = BoundCertificate(s, t, prefix, {(box.lo, box.hi): leaf for box, leaf in proved.items()})
    return ContextMaximum(result, space.strategies(best_point), examined, certificate)


def check_bound_certificate(reduced: ReducedGame, certificate: BoundCertificate) -> Fraction:
    """Re-check ``certificate`` from the game alone and return the upper bound it proves.

    Halving boxes from the root as the search does, every box meeting the domain must either
    be a leaf or be split further; at each leaf the choices must be affine distributions on
    the clipped box (nonnegative at its vertices, summing to one identically; the strategies
    of rank n−1 jointly) and the exact bound they give must not exceed the leaf's.  Raises
    :class:`~exactrose.errors.CertificateError` otherwise."""
    space, s, t = reduced.space, certificate.s, certificate.t
    nested = any(isinstance(side, NestedChoice) for _, choice in certificate.leaves.values() for side in _sides(choice))
    if nested and (reduced.game.n, s, t, certificate.prefix) != (4, 1, 2, ()):
        raise CertificateError("a nested certificate proves W_1 of four players: s = 1, t = 2, no prefix")
    free = space.dim - len(certificate.prefix)
    root = _Box(certificate.prefix + (Fraction(0),) * free, certificate.prefix + (Fraction(1),) * free)
    smallest = min((_volume(lo, hi) for lo, hi in certificate.leaves), default=Fraction(0))
    stack, used = [root], 0
    while stack:
        box = stack.pop()
        vertices = space.clipped_vertices(box.lo, box.hi)
        if not vertices:
            continue
        leaf = certificate.leaves.get((box.lo, box.hi))
        if leaf is None:
            if _volume(box.lo, box.hi) <= smallest:
                raise CertificateError(f"no leaf covers the box {[str(q) for q in box.lo]}..{[str(q) for q in box.hi]}")
            stack.extend(box.halves())
            continue
        used += 1
        bound, choice = leaf
        if _proved_bound(reduced, s, t, box, vertices, _reference(space, box, vertices), choice) > bound:
            raise CertificateError(f"the choices do not prove the bound {bound} on a leaf")
    if used != len(certificate.leaves):
        raise CertificateError(f"{len(certificate.leaves) - used} leaves are not boxes of the partition")
    return certificate.upper


def _sides(choice: Choice | SplitChoice | NestedChoice) -> Iterable[Choice | NestedChoice]:
    """The choices on every side of a split (through splits of splits), else the choice."""
    if isinstance(choice, SplitChoice):
        yield from _sides(choice.above)
        yield from _sides(choice.below)
    else:
        yield choice


def _proved_bound(reduced: ReducedGame, s: int, t: int | None, box: _Box, vertices: list[Point], point: Point,
                  choice: Choice | SplitChoice | NestedChoice, region: tuple[HalfSpace, ...] = ()) -> Fraction:
    """The bound ``choice`` proves on ``box`` (clipped to ``vertices``: to the domain, and to
    the half-spaces of ``region`` within a split), after checking that its distributions are
    affine distributions there (a :class:`NestedChoice` bounds ``W_1`` of four players only:
    ``s = 1``, ``t = 2``, see :class:`BoundCertificate`)."""
    if isinstance(choice, SplitChoice):
        if not reduced.space.players_moved(choice.normal):
            raise CertificateError("a split's plane must move some player's coordinates")
        bounds = []
        for half_space, part in zip(_half_spaces(choice.normal, choice.offset), (choice.above, choice.below)):
            if part_vertices := reduced.space.clipped_vertices(box.lo, box.hi, region + (half_space,)):
                bounds.append(_proved_bound(reduced, s, t, box, part_vertices, point, part, region + (half_space,)))
        return max(bounds)
    frame = _Frame(reduced, box, vertices, point, region=region)
    if isinstance(choice, Choice):
        _check_choice(frame, choice, s, t)
        return frame.best_bound([choice.families(frame, s, t)])[0]
    _check_choice(frame, choice.x, 1, 3)
    frame.require_distribution(choice.reply)
    reply_frame = _reply_frame(reduced, box, vertices, point, choice.reply, region)
    for distributions in [choice.nu, *choice.duals]:
        reply_frame.require_distribution(distributions)
    return frame.best_bound([choice.families(frame, reply_frame)])[0]


def _check_choice(frame: _Frame, choice: Choice, s: int, t: int | None) -> None:
    """A choice must bound what it claims to, with affine distributions on the box."""
    if choice.against is not None and (choice.against != t or choice.primals):
        raise CertificateError("a bound against a coalition proves the certificate's difference only, and alone")
    if t is not None and choice.against is None and not choice.primals:
        raise CertificateError("a difference needs a bound of its second term")
    for distributions in [*choice.duals, [q for nu, _ in choice.primals for q in nu]]:
        if distributions:
            frame.require_distribution(distributions)


def _reply_frame(reduced: ReducedGame, box: _Box, vertices: list[Point], point: Point, reply: list[fmpq_mpoly],
                 region: tuple[HalfSpace, ...] = ()) -> _Frame:
    """The frame in which rank 2 plays ``reply`` (affine in rank 1's centred coordinates)."""
    gens = reduced.ring.gens()
    first = list(reduced.space.groups[0])
    placement = [gens[j] + to_fmpq(box.center[j]) for j in first] + reply[:-1]
    return _Frame(reduced, box, vertices, point, placement, region)


def maximise_nested(reduced: ReducedGame, *, tolerance: Fraction = TOLERANCE, budget: int = NESTED_BUDGET,
                    limit: Budget | None = None) -> ContextMaximum:
    """Enclose ``W_1`` of four players (Definition 4), a maximum over rank 1's strategy p of

        V[p, 1:2] − V[p, 2:2] = max_q X(p, q) − max_q Y(p, q),
        X = V[p×q, 1:3] − V[p×q, 3:3],   Y = V[p×q, 2:3] − V[p×q, 3:3]   (q: rank 2's strategy).

    Branch and bound over boxes of (p, q): on a box, ``X`` is bounded as in
    :func:`maximise_contextual` and ``max_q Y(p, ·) >= Y(p, r(p))`` for a reply ``r(p)`` of
    rank 2 affine in p (the inner maximisers at the box's p and at secant points); or, where
    that is better, ``X − Y = V[p×q, 1:3] − V[p×q, 2:3]`` is bounded on the box as a
    difference of contextual values (``max_q X − max_q Y <= X(p, q*) − Y(p, q*)`` at X's
    maximiser q*).  ``V[·, 3:3]`` cancels in the latter, so it is exact on a plateau of W_1
    where X and Y peak at the same q while ``V[·, 3:3]`` curves under both.  A box
    holding the best p so far takes it as its reference (see :func:`_reference`), so that a
    maximum on the domain's boundary, where the slope does not vanish, closes in a few boxes.
    A lower bound at p is ``max_q X`` from below minus ``max_q Y`` from above (inner enclosures).
    The search stops early, with the enclosure it has proved, once ``limit`` is exhausted.
    """
    space = reduced.space
    first = list(space.groups[0])

    inner_cache: dict[tuple[Point, int, Fraction], ContextMaximum] = {}
    allowance = [OFF_RIDGE_ATTEMPTS, OPTIMISED_BOXES, SPLIT_BOXES]

    def inner(p: Point, s: int, precision: Fraction = tolerance / 4) -> ContextMaximum:
        """``max_q`` of X (s = 1) or Y (s = 2) at rank 1's strategy coordinates p."""
        key = (p, s, precision)
        if key not in inner_cache:
            strategy = p + (1 - sum(p, Fraction(0)),)
            inner_cache[key] = maximise_contextual(reduced, s, 3, fixed=(strategy,), tolerance=precision, limit=limit)
        return inner_cache[key]

    def lower(p: Point) -> Fraction:
        return _low(inner(p, 1).value) - _high(inner(p, 2).value)

    def reply(p: Point, box: _Box) -> tuple[Fraction, ...]:
        """Rank 2's best reply (mixed strategy) for Y at p, as precise as the box needs (its
        error enters the bound to second order, like the box's own Taylor remainder), and
        fully precise at the best p so far (the bound must be exact there)."""
        radius = max(box.radii[j] for j in first)
        bits = max(20, 2 * (radius.denominator.bit_length() - radius.numerator.bit_length()))
        precision = tolerance / 4 if p == best_p else max(tolerance / 4, Fraction(1, 2**bits))
        return inner(p, 2, precision).witness[1]

    if not first:
        return ContextMaximum(_difference(inner((), 1).value, inner((), 2).value), inner((), 1).witness[:1], 1)

    def reply_part(box: _Box, vertices: list[Point], point: Point) -> tuple[list[fmpq_mpoly], Point, int, list[tuple[list[fmpq_mpoly], list[list[fmpq_mpoly]]]]]:
        """The bound of ``−max_q Y(p, q)`` on the box: rank 2's reply r(p), affine in rank 1's
        coordinates and a strategy all over the box; the context (p, r(p)) at ``point``; and
        the coalition's reply c0 and rank 3's strategies and duals at (p, r(p)) to weigh."""
        frame = _Frame(reduced, box, vertices, point)
        p = point[: len(first)]
        steps = _secant_points(space, point, box, first)
        replies = [reply(p, box)] + [reply(q[: len(first)], box) for q, _ in steps[: len(first)]]
        affine_reply = frame.choice([[r] for r in replies], steps)[0]
        contexts = [p + replies[0][:-1]] + [q[: len(first)] + r[:-1] for (q, _), r in zip(steps[: len(first)], replies[1:])]
        y_steps = [(c, step) for c, (_, step) in zip(contexts[1:], steps[: len(first)])] + [(contexts[0], Fraction(0))] * (space.dim - len(first))
        y_frame = _reply_frame(reduced, box, vertices, contexts[0], affine_reply)
        y_choices = []
        for used in (y_steps, []):
            nu = y_frame.choice([[reduced.extraction(2, c).certificate.witness] for c in contexts], used)[0]
            duals = y_frame.choice([_columns(reduced.extraction(3, c).certificate.multipliers) for c in contexts], used)
            y_choices.append((nu, duals))
        return affine_reply, contexts[0], y_frame.coalition_reply(2, contexts[0]), y_choices

    def choose(box: _Box, vertices: list[Point], point: Point, y: tuple, mode: str | None, sampled: bool = True,
               region: tuple[HalfSpace, ...] = (), samples: Sequence[Point] = ()) -> tuple[Fraction, NestedChoice] | None:
        """The best bound on the box (clipped to ``region``) from X's sampled choices at ``point``
        (if ``sampled``) and its optimised choice (with the ``samples``, in ``mode``; none if
        None), each with the reply part ``y``."""
        frame = _Frame(reduced, box, vertices, point, region=region)
        affine_reply, context, c0, y_choices = y
        y_frame = _reply_frame(reduced, box, vertices, context, affine_reply, region)
        x_choices = _options(frame, 1, 3, box) if sampled else []
        if mode is not None:
            secants = [q for q, _ in _secant_points(space, point, box)]
            if (optimised := frame.optimised_option(1, 3, secants + list(samples), mode == "any")) is not None:
                x_choices.append(optimised)
        candidates: list[NestedChoice | Choice] = [NestedChoice(x, affine_reply, nu, c0, duals) for x in x_choices for nu, duals in y_choices]
        if sampled:  # max_q X − max_q Y <= max_q (X − Y) = max_q V[·, 1:3] − V[·, 2:3]: exact where X and Y peak together
            candidates += _options(frame, 1, 2, box)
        if not candidates:
            return None
        bound, index = frame.best_bound(c.families(frame, 1, 2) if isinstance(c, Choice) else c.families(frame, y_frame)
                                        for c in candidates)
        return bound, candidates[index]

    def upper_bound(box: _Box, vertices: list[Point],
                    inherited: NestedChoice | Choice | SplitChoice | None = None) -> tuple[Fraction, NestedChoice | Choice | SplitChoice]:
        point = _reference(space, box, vertices, best_p)
        y = reply_part(box, vertices, point)
        best: tuple[Fraction, NestedChoice | Choice | SplitChoice] = choose(box, vertices, point, y, None)
        if inherited is not None:  # the parent's choice, re-centred
            best = min(best, (_proved_bound(reduced, 1, 2, box, vertices, point, inherited), inherited), key=lambda leaf: leaf[0])
        # X = V[·, 1:3] − V[·, 3:3] may peak on a ridge (see the module docstring).
        at_point = reduced.objective(1, 3, point) - reduced.objective(2, 3, y[1])
        mode = _optimising_mode(reduced, 3, point, box, best[0] - at_point, allowance)
        if mode is None or _spent_now(limit):
            return best
        if (optimised := choose(box, vertices, point, y, mode, sampled=False)) is not None:
            best = min(best, optimised, key=lambda leaf: leaf[0])
        if allowance[2] <= 0 or best[0] - at_point <= max(box.radii) / 16 or _spent_now(limit):  # closed, or no splits left
            return best
        frame = _Frame(reduced, box, vertices, point)
        samples = [point] + [q for q, _ in _secant_points(space, point, box)] + vertices
        if (plane := _ridge_plane(reduced, 1, 3, samples, frame)) is None:
            return best
        sides = []
        for side in _half_spaces(*plane):
            part = space.clipped_vertices(box.lo, box.hi, (side,))
            on_side = [q for q in samples if _inside((side,), q)]
            if (chosen := choose(box, part, _centroid(part), y, mode, True, (side,), on_side)) is None:
                return best
            sides.append(chosen)
        split = max(sides[0][0], sides[1][0]), SplitChoice(*plane, sides[0][1], sides[1][1])
        _charge_split(allowance, at_point, best[0], split[0])
        return min(best, split, key=lambda leaf: leaf[0])

    best_p = max((tuple(Fraction(int(j == k)) for j in range(len(first))) for k in range(len(first) + 1)), key=lower)
    best = lower(best_p)
    root = _Box((Fraction(0),) * space.dim, (Fraction(1),) * space.dim)
    proved = {root: upper_bound(root, space.clipped_vertices(root.lo, root.hi))}
    queue: list[tuple[Fraction, int, _Box]] = [(-proved[root][0], 0, root)]
    examined = 1
    while queue and -queue[0][0] - best > tolerance and examined < budget and not _spent(limit, best, -queue[0][0] - best):
        upper, _, box = heapq.heappop(queue)
        p = _reference(space, box, space.clipped_vertices(box.lo, box.hi))[: len(first)]
        if lower(p) > best:
            best, best_p = lower(p), p
        if -upper <= best:
            continue
        inherited = proved.pop(box)[1]  # split: its halves prove the bound instead
        for half in box.halves():
            vertices = space.clipped_vertices(half.lo, half.hi)
            if not vertices:
                continue
            examined += 1
            proved[half] = upper_bound(half, vertices, _recentred(inherited, box, half, reduced.ring))
            if proved[half][0] > best:
                heapq.heappush(queue, (-proved[half][0], examined, half))
    upper = max(best, -queue[0][0]) if queue else best
    result: Fraction | Enclosure = best if upper == best else Enclosure(best, upper)
    certificate = BoundCertificate(1, 2, (), {(box.lo, box.hi): leaf for box, leaf in proved.items()})
    return ContextMaximum(result, (best_p + (1 - sum(best_p, Fraction(0)),),), examined, certificate)


def _spent(limit: Budget | None, best: Fraction, gap: Fraction) -> bool:
    """Report a search's enclosure to ``limit``; True once the limit is exhausted."""
    if limit is not None:
        limit.searching(best, best + gap)
    return _spent_now(limit)


def _spent_now(limit: Budget | None) -> bool:
    """True once ``limit`` is exhausted: optional work that only tightens proved bounds is skipped."""
    return limit is not None and limit.exhausted()


def _recentred(choice: Choice | SplitChoice | NestedChoice, parent: _Box, half: _Box,
               ring: fmpq_mpoly_ctx) -> Choice | SplitChoice | NestedChoice:
    """The parent box's choice in coordinates centred on ``half``, where it still holds: weighed
    with a half's own choices, so that a half never proves less than its parent did and the
    search's upper end only falls."""
    shift = [g + to_fmpq(h - p) for g, h, p in zip(ring.gens(), half.center, parent.center)]

    def moved(polys: list[fmpq_mpoly]) -> list[fmpq_mpoly]:
        return [q.compose(*shift) for q in polys]

    if isinstance(choice, SplitChoice):
        return SplitChoice(choice.normal, choice.offset, *(_recentred(c, parent, half, ring) for c in (choice.above, choice.below)))
    x = choice.x if isinstance(choice, NestedChoice) else choice
    moved_x = Choice([moved(d) for d in x.duals], x.against, tuple((moved(nu), c0) for nu, c0 in x.primals))
    if not isinstance(choice, NestedChoice):
        return moved_x
    return NestedChoice(moved_x, moved(choice.reply), moved(choice.nu), choice.c0, [moved(d) for d in choice.duals])


def _volume(lo: Point, hi: Point) -> Fraction:
    """The volume of a box in its free coordinates (those it does not fix)."""
    volume = Fraction(1)
    for a, b in zip(lo, hi):
        if b > a:
            volume *= b - a
    return volume


def _low(value: Fraction | Enclosure) -> Fraction:
    return value.lower if isinstance(value, Enclosure) else value


def _high(value: Fraction | Enclosure) -> Fraction:
    return value.upper if isinstance(value, Enclosure) else value


def _difference(first: Fraction | Enclosure, second: Fraction | Enclosure) -> Fraction | Enclosure:
    low, high = _low(first) - _high(second), _high(first) - _low(second)
    return low if low == high else Enclosure(low, high)


def _reference(space: ContextSpace, box: _Box, vertices: list[Point], best: Point = ()) -> Point:
    """The box's centre if it is a context, else the centroid of the clipped box; its first
    coordinates moved to ``best`` (the nested search's best rank-1 strategy so far) when the box
    holds it inside or on the domain's boundary (on a face shared with another box it may sit
    on a kink).  The choices are then exact at the maximum, so a maximum on the boundary,
    where the slope does not vanish, is not hidden behind a centred choice's interpolation error."""
    center = box.center
    if space.contains(center):
        point = center
    else:
        point = tuple(sum((v[j] for v in vertices), Fraction(0)) / len(vertices) for j in range(space.dim))
    held = all(box.lo[j] < b < box.hi[j] or box.lo[j] == b == box.hi[j] or b == box.lo[j] == 0 or b == box.hi[j] == 1
               for j, b in enumerate(best))
    moved = tuple(best) + point[len(best):]
    return moved if best and held and space.contains(moved) else point


def _upper_bound(
    reduced: ReducedGame,
    s: int,
    t: int | None,
    box: _Box,
    vertices: list[Point],
    point: Point,
    goal: Fraction | None = None,
    anchors: Sequence[Point] = (),
    allowance: list[int] | None = None,
    inherited: Choice | SplitChoice | None = None,
    limit: Budget | None = None,
) -> tuple[Fraction, Choice | SplitChoice]:
    """A proved upper bound of the objective over every context in ``box``, and its choice (clipped to
    ``vertices``; ``point`` its reference context; ``inherited``: the parent's, re-centred), see
    the module docstring.  If the bound from the sampled choices does not reach ``goal`` and
    :func:`_optimising_mode` allows (with the search's ``allowance``), the optimised choice is
    tried too, sampling the optima also at ``anchors`` (contexts on either side of the ridge
    the last ascent found), and if that does not reach ``goal`` either, a :class:`SplitChoice`.
    Neither is tried once ``limit`` is exhausted (they only tighten a bound already proved)."""
    frame = _Frame(reduced, box, vertices, point)
    choices = _options(frame, s, t, box) + ([inherited] if isinstance(inherited, Choice) else [])
    bound, index = frame.best_bound(choice.families(frame, s, t) for choice in choices)
    best: tuple[Fraction, Choice | SplitChoice] = (bound, choices[index])
    if isinstance(inherited, SplitChoice):
        best = min(best, (_proved_bound(reduced, s, t, box, vertices, point, inherited), inherited), key=lambda leaf: leaf[0])
    if goal is None or best[0] <= goal or _spent_now(limit):
        return best
    allowance = allowance or [0, 0, 0]
    at_point = reduced.objective(s, t, point)
    mode = _optimising_mode(reduced, t, point, box, best[0] - at_point, allowance)
    if mode is None:
        return best
    samples = [q for q, _ in _secant_points(reduced.space, point, box)] + list(anchors)
    if (optimised := frame.optimised_option(s, t, samples, mode == "any")) is not None:
        best = min(best, (frame.best_bound([optimised.families(frame, s, t)])[0], optimised), key=lambda leaf: leaf[0])
    if best[0] > goal and allowance[2] > 0 and (split := _split(reduced, s, t, box, frame, samples, mode == "any", goal,
                                                                 depth=SPLIT_DEPTH, limit=limit)):
        _charge_split(allowance, at_point, best[0], split[0])
        best = min(best, split, key=lambda leaf: leaf[0])
    return best


def _charge_split(allowance: list[int], at_point: Fraction, unsplit: Fraction, split: Fraction) -> None:
    """Count a split against the search's ``allowance[2]`` (:data:`SPLIT_BOXES`) unless it at
    least halved the box's excess over the value at its reference context."""
    allowance[2] -= 2 * (split - at_point) > unsplit - at_point


def _split(reduced: ReducedGame, s: int, t: int | None, box: _Box, frame: _Frame, samples: Sequence[Point], pure: bool,
           goal: Fraction | None = None, region: tuple[HalfSpace, ...] = (), depth: int = 1,
           limit: Budget | None = None) -> tuple[Fraction, SplitChoice] | None:
    """The best :class:`SplitChoice` on the frame's part of ``box`` (the box clipped to
    ``region``) along one of its :func:`_kink_planes`, or along the objective's
    :func:`_ridge_plane`; None if none crosses it.  On each side, the best of
    the sampled choices (at the frame's reference context, or at the side's centroid if that
    lies on the other side) and of the optimised choice; a side still above ``goal`` is split
    again while ``depth`` lasts (several kinks may meet at a maximum) and ``limit`` is not exhausted."""
    planes = _kink_planes(reduced, s, t, frame)[:SPLIT_PLANES]
    points = [q for q in dict.fromkeys([frame.point, *samples, *frame.vertices]) if _inside(region, q)]
    if ridge := _ridge_plane(reduced, s, t, points, frame):
        planes.append(ridge)
    best: tuple[Fraction, HalfSpace, list[tuple[Fraction, Choice, _Frame]]] | None = None
    for plane in planes:
        sides = []
        for side in _half_spaces(*plane):
            part_region = region + (side,)
            vertices = reduced.space.clipped_vertices(box.lo, box.hi, part_region)
            reference = frame.point if _inside(part_region, frame.point) else _centroid(vertices)
            part = _Frame(reduced, box, vertices, reference, region=part_region)
            options = _options(part, s, t, box)
            bound, index = part.best_bound(choice.families(part, s, t) for choice in options)
            if (goal is None or bound > goal) and not _spent_now(limit) and \
                    (optimised := part.optimised_option(s, t, points, pure)) is not None:
                options.append(optimised)
                bound, index = min((bound, index), (part.best_bound([optimised.families(part, s, t)])[0], len(options) - 1))
            sides.append((bound, options[index], part))
        bound = max(sides[0][0], sides[1][0])
        if best is None or bound < best[0]:
            best = bound, plane, sides
    if best is None:
        return None
    _, plane, sides = best
    chosen: list[tuple[Fraction, Choice | SplitChoice]] = []
    for (bound, choice, part), side in zip(sides, _half_spaces(*plane)):
        if depth > 1 and goal is not None and bound > goal and not _spent_now(limit):
            deeper = _split(reduced, s, t, box, part, samples, pure, goal, region + (side,), depth - 1, limit)
            if deeper is not None and deeper[0] < bound:
                bound, choice = deeper
        chosen.append((bound, choice))
    return max(chosen[0][0], chosen[1][0]), SplitChoice(*plane, chosen[0][1], chosen[1][1])


def _ridge_plane(reduced: ReducedGame, s: int, t: int | None, points: Sequence[Point],
                 frame: _Frame) -> tuple[Point, Fraction] | None:
    """An estimate of a ridge (a kink) of the objective (see :meth:`ReducedGame.objective`)
    through the frame's clipped box: where its tangent planes at two of ``points`` meet,
    between them (the plane rounded; any plane gives a valid split, and one within O(radius²)
    of the ridge keeps both sides' bounds second-order tight).  Pairs are tried by how much their gradients differ, and a plane is
    taken only if it crosses the box and the gradient where the tangent planes meet is nearly
    one of the pair's, as at a kink (for a smooth objective it is nearly their average).  None
    if no pair gives one (at most :data:`RIDGE_PAIRS` are tried)."""
    data = [(q, reduced.objective(s, t, q), reduced.objective_gradient(s, t, q)) for q in dict.fromkeys(points)]
    moving = [j for j, r in enumerate(frame.radii) if r]  # the box fixes the others
    pairs: list[tuple[Fraction, Point, Point, tuple[Fraction, ...], tuple[Fraction, ...]]] = []
    for (a, f_a, g_a), (b, f_b, g_b) in itertools.combinations(data, 2):
        delta = [y - x for x, y in zip(a, b)]
        slope = sum(((g_a[j] - g_b[j]) * delta[j] for j in moving), Fraction(0))
        if slope == 0:
            continue
        tau = (f_b - f_a - sum((g_b[j] * delta[j] for j in moving), Fraction(0))) / slope
        if 0 < tau < 1:
            size = sum((abs(g_a[j] - g_b[j]) for j in moving), Fraction(0))
            pairs.append((size, tuple(x + tau * d for x, d in zip(a, delta)), a, g_a, g_b))
    grid = 2**30
    step = max(frame.radii) / grid
    for size, crossing, a, g_a, g_b in sorted(pairs, key=lambda pair: pair[0], reverse=True)[:RIDGE_PAIRS]:
        scale = max(abs(g_a[j] - g_b[j]) for j in moving)
        rounded = tuple(Fraction(round((g_a[j] - g_b[j]) / scale * grid), grid) if j in moving else Fraction(0)
                        for j in range(len(a)))
        on = tuple(c + round((x - c) / step) * step for x, c in zip(crossing, frame.center))
        on = on if reduced.space.contains(on) else crossing
        offset = sum((n * x for n, x in zip(rounded, on)), Fraction(0))
        heights = [sum((n * x for n, x in zip(rounded, v)), Fraction(0)) - offset for v in frame.vertices]
        if not min(heights) < 0 < max(heights):
            continue
        g_on = reduced.objective_gradient(s, t, on)
        if min(sum((abs(g_on[j] - g[j]) for j in moving), Fraction(0)) for g in (g_a, g_b)) <= size / 4:
            return rounded, offset
    return None


def _inside(region: tuple[HalfSpace, ...], point: Point) -> bool:
    return all(sum((n * x for n, x in zip(normal, point)), Fraction(0)) >= offset for normal, offset in region)


def _centroid(vertices: list[Point]) -> Point:
    return tuple(sum(column, Fraction(0)) / len(vertices) for column in zip(*vertices))


def _kink_planes(reduced: ReducedGame, s: int, t: int | None, frame: _Frame) -> list[tuple[Point, Fraction]]:
    """Planes ``normal·μ = offset`` crossing the frame's clipped box where the objective may kink
    because a distribution's support changes: rank n (or the coalition it serves) is indifferent
    between two replies to a pure action of rank n−1, when that is affine in one player's
    coordinates once the box's fixed coordinates are set (as for three players, or four with
    rank 1's strategy fixed); nearest the reference context first."""
    tables = [reduced.expected[-1], reduced.joints[s]] + ([reduced.joints[t]] if t is not None else [])
    dim, origin = reduced.space.dim, [fmpq(0)] * reduced.ring.nvars()
    constant = [reduced.ring.from_dict({(0,) * len(origin): to_fmpq(c)}) for c in frame.center]
    setting = [g if r else fixed for g, r, fixed in zip(reduced.ring.gens(), frame.radii, constant)]
    vertices = [[to_fmpq(x) for x in v] for v in frame.vertices]
    point = [to_fmpq(x) for x in frame.point]
    planes: dict[tuple[Point, Fraction], Fraction] = {}
    for table in tables:
        for row in table:
            for c, d in itertools.combinations(range(len(row)), 2):
                tie = (row[c] - row[d]).compose(*setting)
                slopes = [from_fmpq(tie.derivative(j)(*origin)) for j in range(dim)]
                if tie.total_degree() != 1 or reduced.space.players_moved(slopes) != 1:
                    continue
                values = [tie(*v) for v in vertices]
                if min(values) < 0 < max(values):
                    offset = -from_fmpq(tie(*origin))
                    distance = abs(from_fmpq(tie(*point))) / sum(abs(a) for a in slopes)
                    planes.setdefault((tuple(slopes), offset), distance)
    return sorted(planes, key=planes.get)


def _half_spaces(normal: Point, offset: Fraction) -> tuple[tuple[Point, Fraction], tuple[Point, Fraction]]:
    """The two sides of the plane ``normal·μ = offset``: ``>=`` (above), then ``<=`` (below)."""
    return (normal, offset), (tuple(-a for a in normal), -offset)


def _optimising_mode(reduced: ReducedGame, t: int | None, point: Point, box: _Box, excess: Fraction,
                     allowance: list[int]) -> str | None:
    """How to try the optimised choice (a float LP) on a box whose bound exceeds the value at its
    reference context by ``excess``: not at all unless that is first-order loose (the sign of a
    kink) and the search's ``allowance[1]`` (:data:`OPTIMISED_BOXES`) lasts; ``"ridge"`` if two
    pieces ``L_{c_0}`` of ``V[μ, t:n−1]`` may meet in the box (each moves by at most
    ``reduced.lipschitz`` per unit of each context coordinate), or for an objective without a
    second term; else ``"any"`` (every affine strategy and distribution, for kinks where rank
    n−1's optimal strategy jumps) on small reduced games (:data:`OFF_RIDGE_ACTIONS`) while
    ``allowance[0]`` (:data:`OFF_RIDGE_ATTEMPTS`) lasts."""
    if excess <= max(box.radii) / 16 or allowance[1] <= 0:
        return None
    mode: str | None = "ridge"
    if t is not None:
        values = sorted((reduced.reply_piece(t, point, c0)[0] for c0 in range(len(reduced.expected[-1][0]))),
                        reverse=True)
        if len(values) < 2 or values[0] - values[1] > 4 * reduced.lipschitz * sum(box.radii):
            small = len(reduced.expected[-1]) * len(reduced.expected[-1][0]) <= OFF_RIDGE_ACTIONS
            mode = "any" if small and allowance[0] > 0 else None
            allowance[0] -= mode is not None
    allowance[1] -= mode is not None
    return mode


def _options(frame: _Frame, s: int, t: int | None, box: _Box) -> list[Choice]:
    """Ways to bound the objective on the box (see :class:`Choice`).  The choices of
    ``λ`` and ``ν`` come from the certified optima at the frame's reference context, with
    secant slopes (affine) or without (constant); for a difference, also the bound in
    which one strategy serves both terms."""
    reduced = frame.reduced
    steps = _secant_points(reduced.space, frame.point, box)
    samples = [frame.point] + [q for q, _ in steps]
    options = []
    for used in (steps, []):
        duals = frame.choice([_columns(reduced.extraction(s, q).certificate.multipliers) for q in samples], used)
        if t is None:
            options.append(Choice(duals))
            continue
        nu = frame.choice([[reduced.extraction(t, q).certificate.witness] for q in samples], used)[0]
        options.append(Choice(duals, None, ((nu, frame.coalition_reply(t, frame.point)),)))
        shared = frame.choice([_columns(reduced.extraction(s, q, t).certificate.multipliers) for q in samples], used)
        options.append(Choice(shared, t))
    return options


class _Frame:
    """The reduced game's polynomials in coordinates centred on a box, and the bounds there."""

    def __init__(
        self, reduced: ReducedGame, box: _Box, vertices: list[Point], point: Point, placement: list[fmpq_mpoly] | None = None,
        region: tuple[HalfSpace, ...] = (),
    ) -> None:
        """``placement`` gives each context coordinate as a polynomial in the centred
        coordinates (default: itself), e.g. a later player's strategy as a function of earlier
        ones; ``vertices`` are those of the box clipped to the domain and to ``region`` (see
        :meth:`ContextSpace.clipped_vertices`)."""
        self.reduced, self.vertices, self.point = reduced, vertices, point
        self.blocks = reduced.space.blocks(region)
        self.center, self.radii = box.center, box.radii
        self._radii = [to_fmpq(r) for r in self.radii]
        self._offsets = [[to_fmpq(v[j] - self.center[j]) for j in range(len(self.center))] for v in vertices]
        self._float_offsets = np.array([[float(x) for x in offset] for offset in self._offsets])
        ring = self.ring = reduced.ring
        shift = placement or [ring.gens()[j] + to_fmpq(self.center[j]) for j in range(reduced.space.dim)]
        self._zero = ring.from_dict({})
        self.follower = [[q.compose(*shift) for q in row] for row in reduced.expected[-1]]
        self.joints = {s: [[q.compose(*shift) for q in row] for row in rows] for s, rows in reduced.joints.items()}

    def choice(self, samples: list[list[Sequence[Fraction]]], steps: list[tuple[Point, Fraction]]) -> list[list[fmpq_mpoly]]:
        """Distributions affine in the centred coordinates: the values at the reference point
        with secant slopes from the other samples (constant when ``steps`` is empty); a
        distribution's slopes are dropped if it could leave the simplex on the box."""
        ring, gens, dim = self.ring, self.ring.gens(), len(self.center)
        offsets = [to_fmpq(self.point[j] - self.center[j]) for j in range(dim)]
        moves = [to_fmpq(step) for _, step in steps]
        constant = (0,) * ring.nvars()
        out = []
        for k, base in enumerate(samples[0]):
            distribution = [to_fmpq(q) for q in base]
            slopes = [[fmpq(0)] * len(distribution) for _ in range(dim)]
            for j, sample in enumerate(samples[1 : 1 + len(moves)]):
                if moves[j]:
                    slopes[j] = [(to_fmpq(sample[k][i]) - distribution[i]) / moves[j] for i in range(len(distribution))]
            at_center = [distribution[i] - sum((slopes[j][i] * offsets[j] for j in range(dim)), fmpq(0)) for i in range(len(distribution))]
            spread = [sum((abs(slopes[j][i]) * self._radii[j] for j in range(dim)), fmpq(0)) for i in range(len(distribution))]
            if any(at_center[i] < spread[i] for i in range(len(distribution))):
                at_center, slopes = distribution, [[fmpq(0)] * len(distribution) for _ in range(dim)]
            out.append([
                ring.from_dict({constant: at_center[i]}) + sum((slopes[j][i] * gens[j] for j in range(dim) if slopes[j][i]), self._zero)
                for i in range(len(distribution))
            ])
        return out

    def dual_pieces(self, s: int, against: int | None, columns: list[list[fmpq_mpoly]]) -> list[fmpq_mpoly]:
        """LP duality: ``V[μ, s:n−1] <= max_{c*, a} J_s(a, c*) − Σ_c λ^{c*}_c(μ) U_n(a, c)`` for
        distributions ``λ^{c*}``; with ``against = t``, ``J_t`` replaces ``U_n`` and the pieces
        bound ``V[μ, s:n−1] − V[μ, t:n−1]`` (see :meth:`ReducedGame.extraction`)."""
        follower = self.follower if against is None else self.joints[against]
        joint = self.joints[s]
        return [
            joint[a][b] - sum((columns[b][c] * follower[a][c] for c in range(len(follower[a]))), self._zero)
            for b in range(len(columns))
            for a in range(len(joint))
        ]

    def primal_pieces(self, t: int, nu: list[fmpq_mpoly], c0: int | None = None) -> list[fmpq_mpoly]:
        """A strategy ``ν(μ)`` of rank n−1 proves ``−V[μ, t:n−1] <= max_c E_ν[U_n](c) − E_ν[J_t](c_0)``
        (``c_0`` by default rank n's best reply for the coalition at the reference context).
        ``ν`` may be scaled by a weight ``w(μ) >= 0``; see :meth:`optimised_option`."""
        joint, follower = self.joints[t], self.follower
        c0 = self.coalition_reply(t, self.point) if c0 is None else c0
        return [
            sum((nu[a] * (follower[a][c] - joint[a][c0]) for a in range(len(nu))), self._zero)
            for c in range(len(follower[0]))
        ]

    def coalition_reply(self, t: int, point: Point) -> int:
        """``c_0``: rank n's action best for the coalition of ranks t..n against the certified
        strategy of rank n−1 at the context ``point``."""
        at_point = [[from_fmpq(q(*[to_fmpq(x) for x in point])) for q in row] for row in self.reduced.joints[t]]
        witness = self.reduced.extraction(t, point).certificate.witness
        return max(range(len(at_point[0])), key=lambda c: sum(witness[a] * at_point[a][c] for a in range(len(witness))))

    def require_distribution(self, distribution: list[fmpq_mpoly]) -> None:
        """Check that ``distribution`` (centred coordinates) is affine, sums to one
        identically and is nonnegative at every vertex of the clipped box, hence on all of it."""
        one = self.ring.from_dict({(0,) * self.ring.nvars(): 1})
        if sum(distribution, self._zero) != one or any(q.total_degree() > 1 for q in distribution):
            raise CertificateError("a choice is not an affine distribution")
        if any(q(*offset) < 0 for q in distribution for offset in self._offsets):
            raise CertificateError("a choice leaves the simplex on its box")

    def best_bound(self, options: Iterable[list[list[fmpq_mpoly]]]) -> tuple[Fraction, int]:
        """The smallest of the options' upper bounds on the box and the option giving it; an
        option is given up as soon as one of its sums reaches the smallest bound so far.  Each
        piece is split once into its values at the vertices and its other terms, so a sum of one
        piece per family costs additions, not a polynomial evaluation per vertex."""
        best: fmpq | None = None
        index = 0
        for k, families in enumerate(options):
            largest: fmpq | None = None
            for chosen in itertools.product(*([self._parts(piece) for piece in family] for family in families)):
                values = [sum(column, fmpq(0)) for column in zip(*(part[0] for part in chosen))]
                others: dict[tuple[int, ...], fmpq] = {}
                for _, terms in chosen:
                    for exponents, coefficient in terms.items():
                        others[exponents] = others.get(exponents, fmpq(0)) + coefficient
                value = self._bound(values, others)
                largest = value if largest is None or value > largest else largest
                if best is not None and largest >= best:
                    break
            if largest is not None and (best is None or largest < best):
                best, index = largest, k
        if best is None:
            raise ArithmeticError("no bounding option for this box")
        return from_fmpq(best), index

    def _parts(self, poly: fmpq_mpoly) -> tuple[list[fmpq], dict[tuple[int, ...], fmpq]]:
        """The values at the clipped box's vertices of ``poly``'s terms affine in each block of
        coordinates (:meth:`ContextSpace.blocks`), and its other terms."""
        affine: dict[tuple[int, ...], fmpq] = {}
        others: dict[tuple[int, ...], fmpq] = {}
        for exponents, coefficient in poly.to_dict().items():
            (affine if self._affine_per_block(exponents) else others)[exponents] = coefficient
        part = self.ring.from_dict(affine)
        return [part(*offset) for offset in self._offsets], others

    def _bound(self, values: list[fmpq], others: dict[tuple[int, ...], fmpq]) -> fmpq:
        """An upper bound over the clipped box of a polynomial given by :meth:`_parts`: the terms
        affine in each block of coordinates take their largest value at a vertex (exact); the
        others add |coefficient|·radius^exponent, except that a concave square ``c·u_j²``
        (c < 0) may instead be bounded by its tangent ``c·(2a·u_j − a²)`` at a vertex ``a``,
        exact there (a maximum on the domain's boundary, at a vertex of its box, is then
        bounded without a second-order excess)."""
        concave: dict[int, fmpq] = {}
        rest = fmpq(0)
        for exponents, coefficient in others.items():
            if coefficient < 0 and sum(exponents) == 2 and max(exponents) == 2:
                concave[exponents.index(2)] = coefficient
            else:
                rest += abs(coefficient) * _monomial_value(exponents, self._radii)
        bound = max(values) + sum((-c * self._radii[j] ** 2 for j, c in concave.items()), fmpq(0))
        if concave:
            a = self._offsets[self._tangent_vertex(values, concave)]
            tangent = [sum((c * (2 * a[j] * v[j] - a[j] ** 2) for j, c in concave.items()), fmpq(0)) for v in self._offsets]
            bound = min(bound, max(value + t for value, t in zip(values, tangent)))
        return bound + rest

    def _tangent_vertex(self, values: list[fmpq], concave: dict[int, fmpq]) -> int:
        """The vertex whose tangents give the smallest bound in :meth:`_bound`, chosen in floats
        (any vertex gives a valid bound; the chosen one's is then computed exactly)."""
        columns = list(concave)
        points = self._float_offsets[:, columns]
        weights = np.array([float(concave[j]) for j in columns])
        tangents = 2 * (points * weights) @ points.T - (points**2 * weights).sum(axis=1)[:, None]
        return int(np.argmin((tangents + np.array([float(v) for v in values])).max(axis=1)))

    def _affine_per_block(self, exponents: tuple[int, ...]) -> bool:
        """Whether a monomial is affine in each block of coordinates, hence peaks at a vertex."""
        return all(sum(exponents[j] for j in block) <= 1 for block in self.blocks)

    def optimised_option(self, s: int, t: int | None, samples: Sequence[Point], pure: bool = False) -> Choice | None:
        """The bound of :func:`_options` with the best affine ``λ`` (and ``ν``) near the samples.

        ``λ^{c*}(μ) = Σ_i α_i λ_i^{c*} + slopes·(μ − centre)``: a convex combination of the
        certified dual optima ``λ_i`` at the reference context and at ``samples``, plus slopes.
        At a ridge, where the optima differ on either side, the combination can cancel the
        first-order terms that no single one cancels.  For a difference, ``V[μ, t:n−1] =
        max_{c_0} L_{c_0}(μ)`` (``c_0``: rank n's reply taken by the coalition of ranks t..n)
        is at least ``Σ_{c_0} w_{c_0}(μ) L_{c_0}(μ)`` for weights ``w(μ)`` in a simplex, so
        ``−V[μ, t:n−1] <= Σ_{c_0} max_c E_{ξ^{c_0}}[U_n(c) − J_t(c_0)]`` with ``ξ^{c_0} =
        w_{c_0}·ν^{c_0}`` jointly a distribution: ``ξ`` combines the certified strategies
        ``ν_i``, each with its own reply, plus slopes.

        The bound of :meth:`_bound` is convex and piecewise linear in the
        weights and slopes; its terms up to first order are minimised by a linear program in
        floating point (HiGHS), scaled by the box's radius so that the first-order terms it
        weighs are of order one.  The solution is rounded to an exact choice that stays in
        the simplices on the box, and the bound is then computed exactly as for any choice.
        None if HiGHS finds no optimum within :data:`LP_ITERATIONS` per row and column.
        """
        reduced, gens, dim = self.reduced, self.ring.gens(), len(self.center)
        moving = [j for j, r in enumerate(self.radii) if r]
        if not moving:
            return None
        scale = max(self._radii)
        # Centred coordinates u = radius·z, so z ranges over [-1, 1] on the box.
        stretch = [gens[j] * self._radii[j] if j < dim else gens[j] for j in range(self.ring.nvars())]
        z_follower = [[q.compose(*stretch) for q in row] for row in self.follower]
        z_joints = {k: [[q.compose(*stretch) for q in row] for row in rows] for k, rows in self.joints.items()}
        corners = [[offset[j] / self._radii[j] if self._radii[j] else fmpq(0) for j in range(dim)] for offset in self._offsets]
        points = list(dict.fromkeys([self.point, *samples]))
        k_follow, k_lead = len(self.follower[0]), len(self.follower)
        duals = [_columns(reduced.extraction(s, q).certificate.multipliers) for q in points]
        strategies = [reduced.extraction(t, q).certificate.witness for q in points] if t is not None else []
        replies = [self.coalition_reply(t, q) for q in points] if t is not None else []
        if t is not None:
            # Both sides of a ridge at the reference context itself: the two largest pieces
            # L_{c_0}, each with its own optimal strategy (the samples may all lie on one side).
            pieces = [reduced.reply_piece(t, self.point, c0) for c0 in range(k_follow)]
            top = sorted(range(k_follow), key=lambda c0: pieces[c0][0], reverse=True)[:2]
            for c0 in top:
                points.append(self.point)
                duals.append(duals[0])
                strategies.append(pieces[c0][1])
                replies.append(c0)
                # With ``pure``, every pure strategy too, so that ν^{c_0} may be any affine
                # strategy: kinks where rank n−1's optimal strategy jumps are crossed as well.
                for a in range(k_lead if pure else 0):
                    points.append(self.point)
                    duals.append(duals[0])
                    strategies.append(tuple(Fraction(int(b == a)) for b in range(k_lead)))
                    replies.append(c0)
        # With ``pure``, every pure distribution for the duals: each λ^{c*} may be any affine one.
        for c in range(k_follow if pure else 0):
            points.append(self.point)
            duals.append([[Fraction(int(d == c)) for d in range(k_follow)] for _ in range(k_follow)])
            if t is not None:
                strategies.append(strategies[0])
                replies.append(replies[0])
        distinct = top if t is not None else []

        # Parameters: per dual block b, weights α (one per point) then slopes S[c][j];
        # then the weights β of the ν_i and slopes T[(reply, a)][j].
        n_points, n_moving = len(points), len(moving)
        dual_width = n_points + k_follow * n_moving
        primal_start = k_follow * dual_width
        n_parameters = primal_start + (n_points + len(distinct) * k_lead * n_moving if t is not None else 0)

        def slope(start: int, component: int, j: int) -> int:
            return start + n_points + component * n_moving + j

        families: list[list[dict[tuple[int, ...], dict[int | None, fmpq]]]] = [[]]
        for b in range(k_follow):
            for a in range(k_lead):
                terms: list[tuple[int | None, fmpq_mpoly]] = [(None, z_joints[s][a][b])]
                for i, dual in enumerate(duals):
                    terms.append((b * dual_width + i, -sum((to_fmpq(dual[b][c]) * z_follower[a][c] for c in range(k_follow)), self._zero)))
                for c in range(k_follow):
                    for jj, j in enumerate(moving):
                        terms.append((slope(b * dual_width, c, jj), -scale * gens[j] * z_follower[a][c]))
                families[0].append(_coefficients(terms))
        for r, c0 in enumerate(distinct):
            gaps = [[z_follower[a][c] - z_joints[t][a][c0] for c in range(k_follow)] for a in range(k_lead)]
            families.append([])
            for c in range(k_follow):
                terms = [
                    (primal_start + i, sum((to_fmpq(nu[a]) * gaps[a][c] for a in range(k_lead)), self._zero))
                    for i, (nu, reply) in enumerate(zip(strategies, replies))
                    if reply == c0
                ]
                for a in range(k_lead):
                    for jj, j in enumerate(moving):
                        terms.append((slope(primal_start, r * k_lead + a, jj), scale * gens[j] * gaps[a][c]))
                families[-1].append(_coefficients(terms))

        # Rows, all divided by the radius: each family's piece contributes its terms affine per
        # player at a corner and an auxiliary variable e >= |coefficient| for each other term
        # (|z| <= 1); below, t' >= (largest sum of one piece per family − shift) / radius.
        shift = to_fmpq(reduced.objective(s, t, self.point))
        level = n_parameters
        upper_rows: list[dict[int, fmpq]] = []
        upper_rhs: list[fmpq] = []
        n_auxiliary = 0
        at_corners: list[list[list[tuple[dict[int, fmpq], fmpq]]]] = []
        for family in families:
            at_corners.append([])
            for table in family:
                affine = {m: coefficients for m, coefficients in table.items() if self._affine_per_block(m)}
                own = []
                for m, coefficients in table.items():
                    if m in affine:
                        continue
                    e = level + 1 + n_auxiliary
                    n_auxiliary += 1
                    own.append(e)
                    for sign in (1, -1):
                        row = {e: fmpq(-1)}
                        row.update({k: sign * q / scale for k, q in coefficients.items() if k is not None})
                        upper_rows.append(row)
                        upper_rhs.append(-sign * coefficients.get(None, fmpq(0)) / scale)
                values = []
                for corner in corners:
                    row, constant = {e: fmpq(1) for e in own}, fmpq(0)
                    for m, coefficients in affine.items():
                        weight = _monomial_value(m, corner)
                        for k, q in coefficients.items():
                            if k is None:
                                constant += q * weight
                            else:
                                row[k] = row.get(k, fmpq(0)) + q * weight / scale
                    values.append((row, constant))
                at_corners[-1].append(values)
        # y[v] >= every dual piece at corner v, less V[μ, s:n−1] at the reference context; then
        # t' >= y[v] + (one piece of each other family) at every corner v: the largest sum of one
        # piece per family, without the product of the dual family with the others.  The weights
        # of a block sum to 1, so a row's constant (of order 1/radius) moves into their
        # coefficients, exactly: an active piece's row is then of order one in floats, with no
        # two terms of order 1/radius left to cancel (which HiGHS cannot resolve below ~1e-8).
        maxima, first = level + 1 + n_auxiliary, to_fmpq(reduced.extraction(s, self.point).value)

        def absorbed(row: dict[int, fmpq], rhs: fmpq, start: int) -> dict[int, fmpq]:
            """``row·x <= rhs`` as ``row'·x <= 0``, using that the weights from ``start`` sum to 1."""
            for i in range(n_points):
                row[start + i] = row.get(start + i, fmpq(0)) - rhs
            return row

        for index, values in enumerate(at_corners[0]):  # the pieces of dual block b = index // k_lead
            for v, (part, part_constant) in enumerate(values):
                upper_rows.append(absorbed({**part, maxima + v: fmpq(-1)}, (first - part_constant) / scale, index // k_lead * dual_width))
                upper_rhs.append(fmpq(0))
        for choice in itertools.product(*(range(len(family)) for family in families[1:])):
            for v in range(len(corners)):
                row, constant = {level: fmpq(-1), maxima + v: fmpq(1)}, first - shift
                for f, piece in enumerate(choice, start=1):
                    part, part_constant = at_corners[f][piece][v]
                    for k, q in part.items():
                        row[k] = row.get(k, fmpq(0)) + q
                    constant += part_constant
                upper_rows.append(absorbed(row, -constant / scale, primal_start) if t is not None else row)
                upper_rhs.append(fmpq(0) if t is not None else -constant / scale)
        equal_rows: list[dict[int, fmpq]] = []
        equal_rhs: list[fmpq] = []
        blocks = [(b * dual_width, k_follow, [dual[b] for dual in duals]) for b in range(k_follow)]
        if t is not None:
            spread = [[nu[a] if reply == c0 else 0 for c0 in distinct for a in range(k_lead)] for nu, reply in zip(strategies, replies)]
            blocks.append((primal_start, len(distinct) * k_lead, spread))
        for start, size, bases in blocks:
            equal_rows.append({start + i: fmpq(1) for i in range(n_points)})
            equal_rhs.append(fmpq(1))
            for i, base in enumerate(bases):
                if not any(base):  # a strategy whose reply is not among those used
                    equal_rows.append({start + i: fmpq(1)})
                    equal_rhs.append(fmpq(0))
            for jj in range(n_moving):
                equal_rows.append({slope(start, c, jj): fmpq(1) for c in range(size)})
                equal_rhs.append(fmpq(0))
            for corner in corners:  # nonnegative at every corner (divided by the radius too)
                for c in range(size):
                    row = {start + i: -to_fmpq(base[c]) / scale for i, base in enumerate(bases) if base[c]}
                    row.update({slope(start, c, jj): -corner[j] for jj, j in enumerate(moving)})
                    upper_rows.append(row)
                    upper_rhs.append(fmpq(0))
        n = maxima + len(corners)
        weights = {start + i for start, _, _ in blocks for i in range(n_points)}
        def dense(rows: list[dict[int, fmpq]]) -> fmpq_mat:
            flat = [fmpq(0)] * (len(rows) * n)
            for i, row in enumerate(rows):
                for j, q in row.items():
                    flat[i * n + j] = q
            return fmpq_mat(len(rows), n, flat)

        objective = fmpq_mat(n, 1, [fmpq(-int(j == level)) for j in range(n)])
        lp = LinearProgram.build(objective, dense(upper_rows), fmpq_mat(len(upper_rhs), 1, upper_rhs),
                                 dense(equal_rows), fmpq_mat(len(equal_rhs), 1, equal_rhs),
                                 free=[j for j in range(n) if j not in weights and not level < j < maxima])
        size = len(upper_rows) + len(equal_rows) + n
        optimum = float_optima(lp, [lp._model.c_float], iteration_limit=LP_ITERATIONS * size)[0]
        if optimum.status != "optimal":
            return None
        grid = 2**52
        x = [fmpq(round(float(v) * grid), grid) for v in optimum.x[:n_parameters]]

        def distributions(start: int, size: int, bases: list[Sequence[Fraction]]) -> list[fmpq_mpoly]:
            alpha = [max(q, fmpq(0)) if any(base) else fmpq(0) for q, base in zip(x[start : start + n_points], bases)]
            total = sum(alpha, fmpq(0))
            alpha = [q / total for q in alpha] if total else [fmpq(int(i == 0)) for i in range(n_points)]
            rows = [
                [sum((w * to_fmpq(base[c]) for w, base in zip(alpha, bases)), fmpq(0))]
                + [scale * x[slope(start, c, jj)] for jj in range(n_moving)]
                for c in range(size)
            ]
            at_corner = [[fmpq(1)] + [corner[j] for j in moving] for corner in corners]
            rows = _into_simplices(rows, at_corner)
            return [
                self.ring.from_dict({(0,) * self.ring.nvars(): row[0]})
                + sum((row[1 + jj] / self._radii[j] * gens[j] for jj, j in enumerate(moving) if row[1 + jj]), self._zero)
                for row in rows
            ]

        duals_chosen = [distributions(*block) for block in blocks[:k_follow]]
        if t is None:
            return Choice(duals_chosen)
        xi = distributions(*blocks[-1])
        return Choice(duals_chosen, None, tuple((xi[r * k_lead : (r + 1) * k_lead], c0) for r, c0 in enumerate(distinct)))


def _into_simplices(rows: list[list[fmpq]], at_vertex: list[list[fmpq]]) -> list[list[fmpq]]:
    """Make the affine distribution ``rows`` (components × coefficients: constant, slopes)
    sum to 1 exactly and be nonnegative at every vertex: the last component takes the rest,
    and a negative component is lifted and the whole renormalised (a change of the order of
    the float LP's rounding)."""
    rows = [list(row) for row in rows]
    for phi in range(len(rows[0])):
        rows[-1][phi] = int(phi == 0) - sum((row[phi] for row in rows[:-1]), fmpq(0))
    lifts = [max([fmpq(0)] + [-sum((q * v for q, v in zip(row, values)), fmpq(0)) for values in at_vertex]) for row in rows]
    total = 1 + sum(lifts, fmpq(0))
    if total != 1:
        rows = [[(row[0] + lift) / total] + [q / total for q in row[1:]] for row, lift in zip(rows, lifts)]
    return rows


def _coefficients(terms: list[tuple[int | None, fmpq_mpoly]]) -> dict[tuple[int, ...], dict[int | None, fmpq]]:
    """Coefficients of ``Σ x_k·poly_k`` (k None: a fixed term) by monomial, each a linear
    form in the parameters ``x_k``."""
    table: dict[tuple[int, ...], dict[int | None, fmpq]] = {}
    for k, poly in terms:
        for m, q in poly.to_dict().items():
            row = table.setdefault(tuple(int(e) for e in m), {})
            row[k] = row.get(k, fmpq(0)) + q
    return table


def _monomial_value(exponents: tuple[int, ...], offset: Sequence[fmpq]) -> fmpq:
    """``Π offset_j^{e_j}``: a monomial at a point (at the radii: its largest size on a box)."""
    value = fmpq(1)
    for j, e in enumerate(exponents):
        if e:
            value *= offset[j] ** e
    return value


def _columns(multipliers: fmpq_mat) -> list[list[Fraction]]:
    """The dual distributions λ^{c*}, one per follower action c*, normalised to sum 1."""
    k = multipliers.nrows()
    out = []
    for b in range(k):
        column = [from_fmpq(multipliers[c, b]) for c in range(k)]
        total = sum(column, Fraction(0))
        out.append([q / total for q in column])
    return out


def _secant_points(space: ContextSpace, point: Point, box: _Box, coordinates: Sequence[int] | None = None) -> list[tuple[Point, Fraction]]:
    """One context per coordinate, a signed step ``h`` away from ``point`` inside the domain,
    towards the box's centre first (step 0 for coordinates the box fixes, or outside
    ``coordinates``)."""
    free = [j for j in (range(space.dim) if coordinates is None else coordinates) if box.hi[j] > box.lo[j]]
    h = min((box.radii[j] for j in free), default=Fraction(0)) / 2
    steps = []
    for j in range(space.dim):
        if j in free:
            for step in ((-h, h) if point[j] > box.center[j] else (h, -h)):
                moved = point[:j] + (point[j] + step,) + point[j + 1 :]
                if space.contains(moved):
                    steps.append((moved, step))
                    break
            else:
                steps.append((point, Fraction(0)))
        else:
            steps.append((point, Fraction(0)))
    return steps
