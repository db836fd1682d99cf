"""Choices that bound the objective on a box of contexts, and the exact bound each proves
(essay Definitions 3–4).

**Upper bounds** hold on a whole box of contexts by LP duality.  For any distribution ``λ(μ)``
over rank n's actions, ``V[μ, s:n−1] <= max_{c*, a} [J_s(a, c*) − Σ_c λ_c(μ) U_n(a, c)]``; for
any strategy ``ν(μ)`` of rank n−1, ``V[μ, t:n−1] >= E_ν[J_t](c_0) − max_c E_ν[U_n](c)``.  With
``λ`` and ``ν`` affine in μ (a :class:`Choice`: the certified optima at the box's reference
context, with secant slopes, see :func:`bound_choices`), every bound is a maximum of polynomials,
bounded on the box exactly by their Taylor expansion at its centre (linear part at the
vertices of the box clipped to the strategy simplices, |coefficient|·radius for the rest;
:class:`Frame`).  Near a smooth maximum the bound is exact to second order, so the boxes
shrink quickly to the witness.  For a difference, one strategy may also serve both terms
(``V_s − V_t <= max_ν max_c E_ν[J_s] − max_c E_ν[J_t]``, again bounded by duality); this closes
plateaus where the maximum is attained on a whole face of contexts.  A box also keeps its
parent's choice, which still holds on it (:func:`recentred`), so the proved upper end only
falls as boxes split.

At a ridge the best affine choice is found by a float LP over combinations of sampled optima
(:meth:`Frame.optimised_option`; the bound is still computed exactly); a box may be split by
a plane with a choice on each side (:class:`SplitChoice`); and the nested four-player search
bounds its maximum of a difference of maxima by a :class:`NestedChoice`.  When to try which is
decided in :mod:`exactrose.values.search.bounds`; :func:`proved_bound` re-derives the bound of
any choice, checking it, for the certificates.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol, overload

import numpy as np
from flint import fmpq, fmpq_mpoly, fmpq_mpoly_ctx

from exactrose.errors import CertificateError
from exactrose.exact.lp import sparse_float_optimum
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.values.extraction import SurplusExtraction
from exactrose.values.search.reduced import ReducedGame, dual_columns
from exactrose.values.search.space import (
    Box,
    ContextSpace,
    Coordinates,
    HalfSpace,
    plane_sides,
    secant_points,
)

#: Simplex iterations an optimised choice's float LP may take, per row and column (measured
#: on the 4×4×4 benchmark game: about 800 for LPs of 1 100 rows and columns, at most 1 250; a
#: rare degenerate one ran for minutes).  A stopped LP proposes no choice.
LP_ITERATIONS = 5


#: How far below another (relative to the magnitudes it sums) a float estimate must be for the
#: exact value behind it to be ruled out without computing it: far above double rounding
#: (about 1e-16 a term), so the exact bounds are those of taking every candidate.
_ROUNDING = 1e-9


@dataclass(frozen=True)
class Choice:
    """Affine choices that bound the objective on one box (see the module docstring), as polynomials
    in coordinates centred on the box: dual distributions ``λ^{c*}`` (one per action c* of
    rank n) against rank n's payoffs, or against the coalition of ranks ``against``..n
    (then they bound ``V[μ, s:n−1] − V[μ, against:n−1]`` alone); and strategies ``ξ_r`` of
    rank n−1, jointly one distribution, each with the coalition's reply ``c_0`` it is
    weighed against, bounding ``−V[μ, t:n−1]``."""

    duals: list[list[fmpq_mpoly]]
    against: int | None = None
    primals: tuple[tuple[list[fmpq_mpoly], int], ...] = ()

    def families(self, frame: Frame, s: int, t: int | None) -> list[list[fmpq_mpoly]]:
        """The piece families: the objective is at most the largest sum of one piece of each."""
        duals = frame.dual_pieces(s, self.against, self.duals)
        if not self.primals:
            return [duals]
        assert t is not None  # strategies of rank n−1 bound −V[μ, t:n−1]: a choice has them only with a t
        return [duals] + [frame.primal_pieces(t, nu, c0) for nu, c0 in self.primals]


@dataclass(frozen=True)
class NestedChoice:
    """The bound of :func:`~exactrose.values.search.maxima.maximise_nested` on one box of (p, q): a :class:`Choice` for
    ``X = V[·, 1:3] − V[·, 3:3]``, and for ``max_q Y(p, q) >= Y(p, r(p))`` rank 2's reply
    ``r(p)`` (a full strategy, affine in p), a strategy ``ν`` of rank 3 weighed against the
    coalition's reply ``c0``, and dual distributions bounding ``V[·, 3:3]`` at ``(p, r(p))``."""

    x: Choice
    reply: list[fmpq_mpoly]
    nu: list[fmpq_mpoly]
    c0: int
    duals: list[list[fmpq_mpoly]]

    def families(self, frame: Frame, reply_frame: Frame) -> list[list[fmpq_mpoly]]:
        """``X − Y(p, r(p))`` is at most the largest sum of one piece of each family."""
        return self.x.families(frame, 1, 3) + [reply_frame.primal_pieces(2, self.nu, self.c0),
                                                 reply_frame.dual_pieces(3, None, self.duals)]


@dataclass(frozen=True)
class SplitChoice:
    """Choices on the two sides of a plane through a box, ``normal·μ >= offset`` (``above``)
    and ``<=`` (``below``); a side may be split again.  Each side is a product of polytopes
    over :meth:`~exactrose.values.search.space.ContextSpace.blocks` (the players the planes move
    form one block), on whose vertices the terms affine in each block peak.

    At a maximum where a component of the optimal dual distribution (or strategy of rank n−1)
    is zero and starts to grow on one side of a kink (a reply entering the support), an affine
    choice near-exact on both sides would leave the simplex on the other; at a ridge, no affine
    choice is near-exact on both sides at once.  Each side then has its own.  The planes tried
    are those of :mod:`~exactrose.values.search.bounds` (kinks and ridges)."""

    normal: Coordinates
    offset: Fraction
    above: Choice | NestedChoice | SplitChoice
    below: Choice | NestedChoice | SplitChoice


@dataclass(frozen=True)
class DeepChoice:
    """The bound of a search nested to any depth on one box (see
    :mod:`~exactrose.values.search.nesting`): per reply chain of its plan, a strategy per rank
    (affine in the box's centred coordinates); per term, its dual distributions (an added
    surplus extraction; ``c0 = -1``) or a strategy of rank n−1 with the coalition's reply
    ``c0`` (a subtracted one), as ``(distributions, c0)``."""

    replies: tuple[tuple[tuple[fmpq_mpoly, ...], ...], ...]
    terms: tuple[tuple[tuple[tuple[fmpq_mpoly, ...], ...], int], ...]


#: Any choice a box's bound may rest on.
AnyChoice = Choice | NestedChoice | SplitChoice | DeepChoice


class ReducedView(Protocol):
    """What a :class:`Frame` reads of the reduced game: a :class:`ReducedGame`, or a view of
    one over other coordinates (see :mod:`~exactrose.values.search.nesting`)."""

    @property
    def ring(self) -> fmpq_mpoly_ctx: ...
    @property
    def space(self) -> ContextSpace: ...
    @property
    def expected(self) -> list[list[list[fmpq_mpoly]]]: ...
    @property
    def joints(self) -> dict[int, list[list[fmpq_mpoly]]]: ...
    def extraction(self, s: int, point: Coordinates, against: int | None = None) -> SurplusExtraction: ...


class Frame:
    """The reduced game's polynomials in coordinates centred on a box, and the bounds there."""

    def __init__(
        self, reduced: ReducedView, box: Box, vertices: list[Coordinates], point: Coordinates, placement: list[fmpq_mpoly] | None = None,
        region: tuple[HalfSpace, ...] = (),
    ) -> None:
        """``placement`` gives each context coordinate as a polynomial in the centred
        coordinates (default: itself), e.g. a later player's strategy as a function of earlier
        ones; ``vertices`` are those of the box clipped to the domain and to ``region`` (see
        :meth:`~exactrose.values.search.space.ContextSpace.clipped_vertices`)."""
        self.reduced, self.vertices, self.point = reduced, vertices, point
        self.blocks = reduced.space.blocks(region)
        self.center, self.radii = box.center, box.radii
        self.exact_radii = [to_fmpq(r) for r in self.radii]
        self._offsets = [[to_fmpq(v[j] - self.center[j]) for j in range(len(self.center))] for v in vertices]
        self._float_offsets = np.array([[float(x) for x in offset] for offset in self._offsets])
        self._radius_powers: dict[tuple[int, ...], fmpq] = {}
        self._affine: dict[tuple[int, ...], bool] = {}
        ring = self.ring = reduced.ring
        shift = placement or [ring.gens()[j] + to_fmpq(self.center[j]) for j in range(reduced.space.dim)]
        self._zero = ring.from_dict({})
        self.follower = [[q.compose(*shift) for q in row] for row in reduced.expected[-1]]
        self.joints = {s: [[q.compose(*shift) for q in row] for row in rows] for s, rows in reduced.joints.items()}

    def choice(self, samples: Sequence[Sequence[Sequence[Fraction]]], steps: list[tuple[Coordinates, Fraction]]) -> list[list[fmpq_mpoly]]:
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
            spread = [sum((abs(slopes[j][i]) * self.exact_radii[j] for j in range(dim)), fmpq(0)) for i in range(len(distribution))]
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

    def coalition_reply(self, t: int, point: Coordinates) -> int:
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
        """The smallest of the options' upper bounds on the box and the option giving it.  Each
        piece is split once into its values at the vertices and its other terms, so a sum of one
        piece per family costs additions, not a polynomial evaluation per vertex.  The sums are
        taken largest first by a float estimate that is above each sum's bound (the other terms
        at their largest); an option stops once the estimates left fall below its largest bound
        by far more than rounding, or once that reaches the smallest bound so far."""
        best: fmpq | None = None
        index = 0
        for k, families in enumerate(options):
            parts = [[self.parts(piece) for piece in family] for family in families]
            if not all(parts):
                continue
            estimates = np.zeros([len(family) for family in parts] + [len(self._offsets)])
            scale = 0.0  # at least the magnitude of every term an estimate adds
            for f, family in enumerate(parts):
                shape = [1] * len(parts) + [len(self._offsets)]
                shape[f] = len(family)
                at_vertices = np.array([[float(v) for v in values] for values, _ in family])
                rest = np.array([sum(abs(float(q)) * float(self.radius_power(m)) for m, q in others.items()) for _, others in family])
                estimates += at_vertices.reshape(shape)
                shape[-1] = 1
                estimates += rest.reshape(shape)
                scale += float(np.abs(at_vertices).max() + rest.max())
            ceilings = estimates.max(axis=-1).ravel()
            margin = _ROUNDING * (1 + scale)
            largest: fmpq | None = None
            for flat in np.argsort(-ceilings, kind="stable"):
                if largest is not None and ceilings[flat] < float(largest) - margin:
                    break
                chosen = [parts[f][i] for f, i in enumerate(np.unravel_index(flat, estimates.shape[:-1]))]
                values = chosen[0][0] if len(chosen) == 1 else [sum(column, fmpq(0)) for column in zip(*(part[0] for part in chosen))]
                others: dict[tuple[int, ...], fmpq] = {}
                for _, terms in chosen:
                    for exponents, coefficient in terms.items():
                        others[exponents] = others.get(exponents, fmpq(0)) + coefficient
                value = self.piece_bound(values, others)
                largest = value if largest is None or value > largest else largest
                if best is not None and largest >= best:
                    break
            if largest is not None and (best is None or largest < best):
                best, index = largest, k
        if best is None:
            raise ArithmeticError("no bounding option for this box")
        return from_fmpq(best), index

    def parts(self, poly: fmpq_mpoly) -> tuple[list[fmpq], dict[tuple[int, ...], fmpq]]:
        """The values at the clipped box's vertices of ``poly``'s terms affine in each block of
        coordinates (:meth:`~exactrose.values.search.space.ContextSpace.blocks`), and its other terms."""
        affine: dict[tuple[int, ...], fmpq] = {}
        others: dict[tuple[int, ...], fmpq] = {}
        for exponents, coefficient in poly.to_dict().items():
            (affine if self._affine_per_block(exponents) else others)[exponents] = coefficient
        part = self.ring.from_dict(affine)
        return [part(*offset) for offset in self._offsets], others

    def piece_bound(self, values: list[fmpq], others: dict[tuple[int, ...], fmpq]) -> fmpq:
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
                rest += abs(coefficient) * self.radius_power(exponents)
        bound = max(values) + sum((-c * self.exact_radii[j] ** 2 for j, c in concave.items()), fmpq(0))
        if concave:
            vertex, estimates, scale = self._tangent_vertex(values, concave)
            top = float(estimates.max())
            if top < float(bound):  # the tangents look tighter (either bound holds; the chosen one is exact)
                a = self._offsets[vertex]
                # Their largest sum over the vertices, exactly: a vertex whose float estimate is below the
                # largest by far more than any rounding error cannot be the largest.
                margin = _ROUNDING * (1 + scale)
                bound = min(bound, max(
                    values[v] + sum((c * (2 * a[j] * offset[j] - a[j] ** 2) for j, c in concave.items()), fmpq(0))
                    for v, offset in enumerate(self._offsets) if estimates[v] >= top - margin))
        return bound + rest

    def radius_power(self, exponents: tuple[int, ...]) -> fmpq:
        """``Π radius_j^{e_j}``: the largest ``|u^e|`` on the box (cached per box)."""
        power = self._radius_powers.get(exponents)
        if power is None:
            power = self._radius_powers[exponents] = monomial_value(exponents, self.exact_radii)
        return power

    def _tangent_vertex(self, values: list[fmpq], concave: dict[int, fmpq]) -> tuple[int, np.ndarray, float]:
        """The vertex whose tangents give the smallest bound in :meth:`piece_bound`, the sums over
        the vertices that bound, in floats (any vertex gives a valid bound; the chosen one's is
        then computed exactly), and the largest magnitude of the terms summed."""
        columns = list(concave)
        points = self._float_offsets[:, columns]
        weights = np.array([float(concave[j]) for j in columns])
        tangents = 2 * (points * weights) @ points.T - (points**2 * weights).sum(axis=1)[:, None]
        at_vertices = np.array([float(v) for v in values])
        sums = tangents + at_vertices
        vertex = int(np.argmin(sums.max(axis=1)))
        return vertex, sums[vertex], float(np.abs(tangents[vertex]).max() + np.abs(at_vertices).max())

    def _affine_per_block(self, exponents: tuple[int, ...]) -> bool:
        """Whether a monomial is affine in each block of coordinates, hence peaks at a vertex (cached per box)."""
        affine = self._affine.get(exponents)
        if affine is None:
            affine = self._affine[exponents] = all(sum(exponents[j] for j in block) <= 1 for block in self.blocks)
        return affine

    def optimised_option(self, s: int, t: int | None, samples: Sequence[Coordinates], pure: bool = False) -> Choice | None:
        """The bound of :func:`bound_choices` with the best affine ``λ`` (and ``ν``) near the samples.

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
        # The optimised choice needs the objective itself: it is sought on frames of the game, never of a view.
        assert isinstance(reduced, ReducedGame)
        moving = [j for j, r in enumerate(self.radii) if r]
        if not moving:
            return None
        scale = max(self.exact_radii)
        # Centred coordinates u = radius·z, so z ranges over [-1, 1] on the box.
        stretch = [gens[j] * self.exact_radii[j] if j < dim else gens[j] for j in range(self.ring.nvars())]
        z_follower = [[q.compose(*stretch) for q in row] for row in self.follower]
        z_joints = {k: [[q.compose(*stretch) for q in row] for row in rows] for k, rows in self.joints.items()}
        corners = [[offset[j] / self.exact_radii[j] if self.exact_radii[j] else fmpq(0) for j in range(dim)] for offset in self._offsets]
        points = list(dict.fromkeys([self.point, *samples]))
        k_follow, k_lead = len(self.follower[0]), len(self.follower)
        duals = [dual_columns(reduced.extraction(s, q).certificate.multipliers) for q in points]
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
            assert t is not None  # distinct is empty without a t
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
                        weight = monomial_value(m, corner)
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
        blocks: list[tuple[int, int, Sequence[Sequence[Fraction | int]]]] = [
            (b * dual_width, k_follow, [dual[b] for dual in duals]) for b in range(k_follow)
        ]
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
        size = len(upper_rows) + len(equal_rows) + n
        optimum = sparse_float_optimum(n, {level: fmpq(-1)}, upper_rows, upper_rhs, equal_rows, equal_rhs,
                                       free=[j for j in range(n) if j not in weights and not level < j < maxima],
                                       iteration_limit=LP_ITERATIONS * size)
        if optimum.status != "optimal":
            return None
        grid = 2**52
        x = [fmpq(round(float(v) * grid), grid) for v in optimum.x[:n_parameters]]

        def distributions(start: int, size: int, bases: Sequence[Sequence[Fraction | int]]) -> list[fmpq_mpoly]:
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
                + sum((row[1 + jj] / self.exact_radii[j] * gens[j] for jj, j in enumerate(moving) if row[1 + jj]), self._zero)
                for row in rows
            ]

        duals_chosen = [distributions(*block) for block in blocks[:k_follow]]
        if t is None:
            return Choice(duals_chosen)
        xi = distributions(*blocks[-1])
        return Choice(duals_chosen, None, tuple((xi[r * k_lead : (r + 1) * k_lead], c0) for r, c0 in enumerate(distinct)))


def bound_choices(frame: Frame, s: int, t: int | None, box: Box) -> list[Choice]:
    """Ways to bound the objective on the box (see :class:`Choice`).  The choices of
    ``λ`` and ``ν`` come from the certified optima at the frame's reference context, with
    secant slopes (affine) or without (constant); for a difference, also the bound in
    which one strategy serves both terms."""
    reduced = frame.reduced
    steps = secant_points(reduced.space, frame.point, box)
    samples = [frame.point] + [q for q, _ in steps]
    options = []
    for used in (steps, []):
        duals = frame.choice([dual_columns(reduced.extraction(s, q).certificate.multipliers) for q in samples], used)
        if t is None:
            options.append(Choice(duals))
            continue
        nu = frame.choice([[reduced.extraction(t, q).certificate.witness] for q in samples], used)[0]
        options.append(Choice(duals, None, ((nu, frame.coalition_reply(t, frame.point)),)))
        shared = frame.choice([dual_columns(reduced.extraction(s, q, t).certificate.multipliers) for q in samples], used)
        options.append(Choice(shared, t))
    return options


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


def monomial_value(exponents: tuple[int, ...], offset: Sequence[fmpq]) -> fmpq:
    """``Π offset_j^{e_j}``: a monomial at a point (at the radii: its largest size on a box)."""
    value = fmpq(1)
    for j, e in enumerate(exponents):
        if e:
            value *= offset[j] ** e
    return value


@overload
def recentred(choice: Choice | NestedChoice | SplitChoice, parent: Box, half: Box,
              ring: fmpq_mpoly_ctx) -> Choice | NestedChoice | SplitChoice: ...


@overload
def recentred(choice: AnyChoice, parent: Box, half: Box, ring: fmpq_mpoly_ctx) -> AnyChoice: ...


def recentred(choice: AnyChoice, parent: Box, half: Box, ring: fmpq_mpoly_ctx) -> AnyChoice:
    """The parent box's choice in coordinates centred on ``half``, where it still holds: weighed
    with a half's own choices, so that a half never proves less than its parent did and the
    search's upper end only falls."""
    shift = [g + to_fmpq(h - p) for g, h, p in zip(ring.gens(), half.center, parent.center)]

    def moved(polys: list[fmpq_mpoly]) -> list[fmpq_mpoly]:
        return [q.compose(*shift) for q in polys]

    if isinstance(choice, SplitChoice):
        return SplitChoice(choice.normal, choice.offset, *(recentred(c, parent, half, ring) for c in (choice.above, choice.below)))
    if isinstance(choice, DeepChoice):
        return DeepChoice(tuple(tuple(tuple(moved(list(reply))) for reply in chain) for chain in choice.replies),
                          tuple((tuple(tuple(moved(list(d))) for d in distributions), c0) for distributions, c0 in choice.terms))
    x = choice.x if isinstance(choice, NestedChoice) else choice
    moved_x = Choice([moved(d) for d in x.duals], x.against, tuple((moved(nu), c0) for nu, c0 in x.primals))
    if not isinstance(choice, NestedChoice):
        return moved_x
    return NestedChoice(moved_x, moved(choice.reply), moved(choice.nu), choice.c0, [moved(d) for d in choice.duals])


def proved_bound(reduced: ReducedGame, s: int, t: int | None, box: Box, vertices: list[Coordinates], point: Coordinates,
                  choice: Choice | SplitChoice | NestedChoice, region: tuple[HalfSpace, ...] = ()) -> Fraction:
    """The bound ``choice`` proves on ``box`` (clipped to ``vertices``: to the domain, and to
    the half-spaces of ``region`` within a split), after checking that its distributions are
    affine distributions there (a :class:`NestedChoice` bounds ``W_1`` of four players only:
    ``s = 1``, ``t = 2``, see :class:`~exactrose.values.search.certificate.BoundCertificate`)."""
    if isinstance(choice, SplitChoice):
        if not reduced.space.players_moved(choice.normal):
            raise CertificateError("a split's plane must move some player's coordinates")
        bounds = []
        for half_space, part in zip(plane_sides(choice.normal, choice.offset), (choice.above, choice.below)):
            if part_vertices := reduced.space.clipped_vertices(box.lo, box.hi, region + (half_space,)):
                bounds.append(proved_bound(reduced, s, t, box, part_vertices, point, part, region + (half_space,)))
        return max(bounds)
    frame = Frame(reduced, box, vertices, point, region=region)
    if isinstance(choice, Choice):
        _check_choice(frame, choice, s, t)
        return frame.best_bound([choice.families(frame, s, t)])[0]
    _check_choice(frame, choice.x, 1, 3)
    frame.require_distribution(choice.reply)
    reply_frame = reply_frame_of(reduced, box, vertices, point, choice.reply, region)
    for distributions in [choice.nu, *choice.duals]:
        reply_frame.require_distribution(distributions)
    return frame.best_bound([choice.families(frame, reply_frame)])[0]


def _check_choice(frame: Frame, choice: Choice, s: int, t: int | None) -> None:
    """A choice must bound what it claims to, with affine distributions on the box."""
    if choice.against is not None and (choice.against != t or choice.primals):
        raise CertificateError("a bound against a coalition proves the certificate's difference only, and alone")
    if t is not None and choice.against is None and not choice.primals:
        raise CertificateError("a difference needs a bound of its second term")
    for distributions in [*choice.duals, [q for nu, _ in choice.primals for q in nu]]:
        if distributions:
            frame.require_distribution(distributions)


def reply_frame_of(reduced: ReducedGame, box: Box, vertices: list[Coordinates], point: Coordinates, reply: list[fmpq_mpoly],
                 region: tuple[HalfSpace, ...] = ()) -> Frame:
    """The frame in which rank 2 plays ``reply`` (affine in rank 1's centred coordinates)."""
    gens = reduced.ring.gens()
    first = list(reduced.space.groups[0])
    placement = [gens[j] + to_fmpq(box.center[j]) for j in first] + reply[:-1]
    return Frame(reduced, box, vertices, point, placement, region)
