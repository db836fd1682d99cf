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
  attained on a whole face of contexts.  Each box takes the best of these bounds.

:func:`maximise_nested` handles ``W_1`` of four players, a maximum over rank 1 of a
difference of maxima over rank 2, by the same bounds with rank 2's reply affine in rank 1's
strategy.  The result is an :class:`~exactrose.enclosure.Enclosure` ``[lower, upper]`` of the maximum,
or an exact rational when the bounds meet.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from flint import fmpq, fmpq_mat, fmpq_mpoly, fmpq_mpoly_ctx

from exactrose.enclosure import Enclosure
from exactrose.errors import InputError
from exactrose.game import Game
from exactrose.numbers import from_fmpq, to_fmpq
from exactrose.values.extraction import SurplusExtraction, max_surplus_extraction

Point = tuple[Fraction, ...]

#: Target width of a maximum's enclosure (two of them make an initiative value: 1e-12 in all).
TOLERANCE = Fraction(1, 2 * 10**12)
#: Boxes examined before a search gives up and returns the (wider) enclosure it has proved:
#: a maximum over contexts, and the nested maximum of four players (each of its boxes runs
#: inner searches).  Typical searches need hundreds; the budgets bound the rare worst case.
BUDGET = 20_000
NESTED_BUDGET = 1_000


@dataclass(frozen=True)
class ContextMaximum:
    """A proved enclosure of ``max_μ objective(μ)`` with the witness context attaining ``lower``.

    ``value`` is the exact rational maximum when the bounds met, else the enclosure;
    ``boxes`` counts the boxes examined.
    """

    value: Fraction | Enclosure
    witness: tuple[tuple[Fraction, ...], ...]
    boxes: int


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

    def clipped_vertices(self, lo: Point, hi: Point) -> list[Point]:
        """Vertices of the box ``[lo, hi]`` intersected with the domain (empty if disjoint)."""
        per_group = []
        for group in self.groups:
            vertices = _clip_to_simplex([lo[j] for j in group], [hi[j] for j in group])
            if not vertices:
                return []
            per_group.append(vertices)
        return [tuple(itertools.chain.from_iterable(choice)) for choice in itertools.product(*per_group)]


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
        self._cache: dict[tuple[int, Point], SurplusExtraction] = {}

    def extraction(self, s: int, point: Point, against: int | None = None) -> SurplusExtraction:
        """``V[μ, s:n−1]`` at the rational context ``point``, exactly and certified (cached).

        With ``against = t`` it is instead ``max_ν max_c E[J_s](c) − max_c E[J_t](c)``, which
        bounds ``V[μ, s:n−1] − V[μ, t:n−1]`` from above (one ν serves both terms).
        """
        key = (s, against, point)
        if key not in self._cache:
            args = [to_fmpq(q) for q in point] or [fmpq(0)]
            joint = [[q(*args) for q in row] for row in self.joints[s]]
            rows = self.expected[-1] if against is None else self.joints[against]
            follower = [[q(*args) for q in row] for row in rows]
            leader = fmpq_mat([[j - f for j, f in zip(jr, fr)] for jr, fr in zip(joint, follower)])
            self._cache[key] = max_surplus_extraction(leader, fmpq_mat(follower))
        return self._cache[key]


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
) -> ContextMaximum:
    """Enclose ``max_μ V[μ, s:n−1]`` (``t`` None) or ``max_μ V[μ, s:n−1] − V[μ, t:n−1]``, over
    contexts μ whose first ``len(fixed)`` strategies are the ``fixed`` ones."""
    space = reduced.space
    prefix = tuple(q for strategy in fixed for q in strategy[:-1])

    def value(point: Point) -> Fraction:
        result = reduced.extraction(s, point).value
        return result if t is None else result - reduced.extraction(t, point).value

    best_point = max((prefix + rest for rest in space.pure_contexts(len(fixed))), key=value)
    best = value(best_point)
    free = space.dim - len(prefix)
    if free == 0:
        return ContextMaximum(best, space.strategies(best_point), 1)
    root = _Box(prefix + (Fraction(0),) * free, prefix + (Fraction(1),) * free)
    vertices = space.clipped_vertices(root.lo, root.hi)
    queue: list[tuple[Fraction, int, _Box]] = [(-_upper_bound(reduced, s, t, root, vertices, _reference(space, root, vertices)), 0, root)]
    examined = 1
    while queue and -queue[0][0] - best > tolerance and examined < budget:
        _, _, box = heapq.heappop(queue)
        for half in box.halves():
            vertices = space.clipped_vertices(half.lo, half.hi)
            if not vertices:
                continue
            examined += 1
            point = _reference(space, half, vertices)
            candidate = value(point)
            if candidate > best:
                best, best_point = candidate, point
            upper = _upper_bound(reduced, s, t, half, vertices, point)
            if upper > best:
                heapq.heappush(queue, (-upper, examined, half))
    upper = max(best, -queue[0][0]) if queue else best
    result: Fraction | Enclosure = best if upper == best else Enclosure(best, upper)
    return ContextMaximum(result, space.strategies(best_point), examined)


def maximise_nested(reduced: ReducedGame, *, tolerance: Fraction = TOLERANCE, budget: int = NESTED_BUDGET) -> ContextMaximum:
    """Enclose ``W_1`` of four players (Definition 4), a maximum over rank 1's strategy p of

        V[p, 1:2] − V[p, 2:2] = max_q X(p, q) − max_q Y(p, q),
        X = V[p×q, 1:3] − V[p×q, 3:3],   Y = V[p×q, 2:3] − V[p×q, 3:3]   (q: rank 2's strategy).

    Branch and bound over boxes of (p, q): on a box, ``X`` is bounded as in
    :func:`maximise_contextual` and ``max_q Y(p, ·) >= Y(p, r(p))`` for a reply ``r(p)`` of
    rank 2 affine in p (the inner maximisers at the box's p and at secant points).  A lower
    bound at p is ``max_q X`` from below minus ``max_q Y`` from above (inner enclosures).
    """
    space = reduced.space
    first = list(space.groups[0])

    inner_cache: dict[tuple[Point, int, Fraction], ContextMaximum] = {}

    def inner(p: Point, s: int, precision: Fraction = tolerance / 4) -> ContextMaximum:
        """``max_q`` of X (s = 1) or Y (s = 2) at rank 1's strategy coordinates p."""
        key = (p, s, precision)
        if key not in inner_cache:
            strategy = p + (1 - sum(p, Fraction(0)),)
            inner_cache[key] = maximise_contextual(reduced, s, 3, fixed=(strategy,), tolerance=precision)
        return inner_cache[key]

    def lower(p: Point) -> Fraction:
        return _low(inner(p, 1).value) - _high(inner(p, 2).value)

    def reply(p: Point, box: _Box) -> tuple[Fraction, ...]:
        """Rank 2's best reply (mixed strategy) for Y at p, as precise as the box needs (its
        error enters the bound to second order, like the box's own Taylor remainder)."""
        radius = max(box.radii[j] for j in first)
        bits = max(20, 2 * (radius.denominator.bit_length() - radius.numerator.bit_length()))
        precision = max(tolerance / 4, Fraction(1, 2**bits))
        return inner(p, 2, precision).witness[1]

    if not first:
        return ContextMaximum(_difference(inner((), 1).value, inner((), 2).value), inner((), 1).witness[:1], 1)

    def upper_bound(box: _Box, vertices: list[Point]) -> Fraction:
        point = _reference(space, box, vertices)
        frame = _Frame(reduced, box, vertices, point)
        p = point[: len(first)]
        steps = _secant_points(space, point, box, first)
        replies = [reply(p, box)] + [reply(q[: len(first)], box) for q, _ in steps[: len(first)]]
        # r(p): affine in rank 1's coordinates, a strategy of rank 2 all over the box.
        affine_reply = frame.choice([[r] for r in replies], steps)[0]
        gens = reduced.ring.gens()
        placement = [gens[j] + to_fmpq(box.center[j]) for j in first] + affine_reply[:-1]
        contexts = [p + replies[0][:-1]] + [q[: len(first)] + r[:-1] for (q, _), r in zip(steps[: len(first)], replies[1:])]
        y_steps = [(c, step) for c, (_, step) in zip(contexts[1:], steps[: len(first)])] + [(contexts[0], Fraction(0))] * (space.dim - len(first))
        y_frame = _Frame(reduced, box, vertices, contexts[0], placement)
        y_options = []
        for used in (y_steps, []):
            nu = y_frame.choice([[reduced.extraction(2, c).certificate.witness] for c in contexts], used)[0]
            duals = y_frame.choice([_columns(reduced.extraction(3, c).certificate.multipliers) for c in contexts], used)
            y_options.append([y_frame.primal_pieces(2, nu), y_frame.dual_pieces(3, None, duals)])
        return frame.best_bound(x + y for x in _options(frame, 1, 3, box) for y in y_options)

    best_p = max((tuple(Fraction(int(j == k)) for j in range(len(first))) for k in range(len(first) + 1)), key=lower)
    best = lower(best_p)
    root = _Box((Fraction(0),) * space.dim, (Fraction(1),) * space.dim)
    queue: list[tuple[Fraction, int, _Box]] = [(-upper_bound(root, space.clipped_vertices(root.lo, root.hi)), 0, root)]
    examined = 1
    while queue and -queue[0][0] - best > tolerance and examined < budget:
        upper, _, box = heapq.heappop(queue)
        p = _reference(space, box, space.clipped_vertices(box.lo, box.hi))[: len(first)]
        if lower(p) > best:
            best, best_p = lower(p), p
        if -upper <= best:
            continue
        for half in box.halves():
            vertices = space.clipped_vertices(half.lo, half.hi)
            if not vertices:
                continue
            examined += 1
            bound = upper_bound(half, vertices)
            if bound > best:
                heapq.heappush(queue, (-bound, examined, half))
    upper = max(best, -queue[0][0]) if queue else best
    result: Fraction | Enclosure = best if upper == best else Enclosure(best, upper)
    return ContextMaximum(result, (best_p + (1 - sum(best_p, Fraction(0)),),), examined)


def _low(value: Fraction | Enclosure) -> Fraction:
    return value.lower if isinstance(value, Enclosure) else value


def _high(value: Fraction | Enclosure) -> Fraction:
    return value.upper if isinstance(value, Enclosure) else value


def _difference(first: Fraction | Enclosure, second: Fraction | Enclosure) -> Fraction | Enclosure:
    low, high = _low(first) - _high(second), _high(first) - _low(second)
    return low if low == high else Enclosure(low, high)


def _reference(space: ContextSpace, box: _Box, vertices: list[Point]) -> Point:
    """The box's centre if it is a context, else the centroid of the clipped box."""
    center = box.center
    if space.contains(center):
        return center
    return tuple(sum((v[j] for v in vertices), Fraction(0)) / len(vertices) for j in range(space.dim))


def _upper_bound(reduced: ReducedGame, s: int, t: int | None, box: _Box, vertices: list[Point], point: Point) -> Fraction:
    """A proved upper bound of the objective over every context in ``box`` (clipped to
    ``vertices``; ``point`` its reference context), see the module docstring."""
    frame = _Frame(reduced, box, vertices, point)
    return frame.best_bound(_options(frame, s, t, box))


def _options(frame: _Frame, s: int, t: int | None, box: _Box) -> list[list[list[fmpq_mpoly]]]:
    """Ways to bound the objective on the box: each a list of piece families such that the
    objective is at most the largest sum of one piece from each family.  The choices of
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
            options.append([frame.dual_pieces(s, None, duals)])
            continue
        nu = frame.choice([[reduced.extraction(t, q).certificate.witness] for q in samples], used)[0]
        options.append([frame.dual_pieces(s, None, duals), frame.primal_pieces(t, nu)])
        shared = frame.choice([_columns(reduced.extraction(s, q, t).certificate.multipliers) for q in samples], used)
        options.append([frame.dual_pieces(s, t, shared)])
    return options


class _Frame:
    """The reduced game's polynomials in coordinates centred on a box, and the bounds there."""

    def __init__(
        self, reduced: ReducedGame, box: _Box, vertices: list[Point], point: Point, placement: list[fmpq_mpoly] | None = None
    ) -> None:
        """``placement`` gives each context coordinate as a polynomial in the centred
        coordinates (default: itself), e.g. a later player's strategy as a function of earlier ones."""
        self.reduced, self.vertices, self.point = reduced, vertices, point
        self.center, self.radii = box.center, box.radii
        self._radii = [to_fmpq(r) for r in self.radii]
        self._offsets = [[to_fmpq(v[j] - self.center[j]) for j in range(len(self.center))] for v in vertices]
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

    def primal_pieces(self, t: int, nu: list[fmpq_mpoly]) -> list[fmpq_mpoly]:
        """A strategy ``ν(μ)`` of rank n−1 proves ``−V[μ, t:n−1] <= max_c E_ν[U_n](c) − E_ν[J_t](c_0)``
        (``c_0`` rank n's best reply for the coalition at the reference context)."""
        joint, follower = self.joints[t], self.follower
        at_point = [[from_fmpq(q(*[to_fmpq(x) for x in self.point])) for q in row] for row in self.reduced.joints[t]]
        witness = self.reduced.extraction(t, self.point).certificate.witness
        c0 = max(range(len(at_point[0])), key=lambda c: sum(witness[a] * at_point[a][c] for a in range(len(witness))))
        return [
            sum((nu[a] * (follower[a][c] - joint[a][c0]) for a in range(len(nu))), self._zero)
            for c in range(len(follower[0]))
        ]

    def best_bound(self, options: Iterable[list[list[fmpq_mpoly]]]) -> Fraction:
        """The smallest of the options' upper bounds on the box; an option is given up as soon
        as one of its sums reaches the smallest bound so far."""
        best: fmpq | None = None
        for families in options:
            largest: fmpq | None = None
            for chosen in itertools.product(*families):
                value = self._polynomial_bound(sum(chosen, self._zero))
                largest = value if largest is None or value > largest else largest
                if best is not None and largest >= best:
                    break
            if largest is not None and (best is None or largest < best):
                best = largest
        if best is None:
            raise ArithmeticError("no bounding option for this box")
        return from_fmpq(best)

    def _polynomial_bound(self, poly: fmpq_mpoly) -> fmpq:
        """An upper bound of ``poly`` (centred coordinates) over the clipped box.  Exact (the
        largest value at a vertex) when ``poly`` is affine in each player's coordinates;
        otherwise the constant, plus the linear part's largest value at a vertex, plus
        Σ |coefficient|·radius^exponent over the higher terms."""
        monomials = [tuple(int(e) for e in m) for m in poly.monoms()]
        if all(sum(m[j] for j in group) <= 1 for m in monomials for group in self.reduced.space.groups):
            return max(poly(*offset) for offset in self._offsets)
        constant, rest = fmpq(0), fmpq(0)
        linear = [fmpq(0)] * len(self._radii)
        for exponents, coefficient in zip(monomials, poly.coeffs()):
            degree = sum(exponents)
            if degree == 0:
                constant = coefficient
            elif degree == 1:
                linear[exponents.index(1)] = coefficient
            else:
                term = abs(coefficient)
                for j, e in enumerate(exponents):
                    if e:
                        term *= self._radii[j] ** e
                rest += term
        best_linear = max(sum((linear[j] * offset[j] for j in range(len(linear)) if linear[j]), fmpq(0)) for offset in self._offsets)
        return constant + best_linear + rest


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
    """One context per coordinate, a signed step ``h`` away from ``point`` inside the domain
    (step 0 for coordinates the box fixes, or outside ``coordinates``)."""
    free = [j for j in (range(space.dim) if coordinates is None else coordinates) if box.hi[j] > box.lo[j]]
    h = min((box.radii[j] for j in free), default=Fraction(0)) / 2
    steps = []
    for j in range(space.dim):
        if j in free:
            for step in (h, -h):
                moved = point[:j] + (point[j] + step,) + point[j + 1 :]
                if space.contains(moved):
                    steps.append((moved, step))
                    break
            else:
                steps.append((point, Fraction(0)))
        else:
            steps.append((point, Fraction(0)))
    return steps
