"""Contextual values of three-player initiative games (essay Definition 3).

For an ordering of three players whose rank-1 player has at most two actions, write ``p``
for the probability of its first action.  Within the context ``p`` the rank-2 player maximises

    G_s(p, ν) = max_c E_{p,ν}[Σ_{i=s..3} U_i](c) − max_c E_{p,ν}[U_3](c)        (s = 1, 2)

over ``ν ∈ ΔA_2`` (c over rank 3's pure actions).  For fixed p, ``G_s`` is a difference of
convex piecewise-linear functions of ν, convex on every region where rank 3's own best reply
is fixed, so its maximum sits at a vertex of the arrangement cut out of the simplex by
``ν_j = 0`` and rank 3's indifference hyperplanes (dominated actions of rank 3 never attain a
maximum and are dropped first).  Those vertices are rational functions of p (Cramer's rule),
so every contextual value

    V[p, s:2] = max over valid vertices of a piece N(p)/D(p)

is piecewise rational in p.  :class:`ContextualValues` holds these vertices and pieces,
evaluates them exactly at rational or real algebraic p, and rigorously on arb balls.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from flint import arb, arb_poly, fmpq, fmpq_poly

from exactrose.errors import NotComputableError
from exactrose.exact.algebraic import (
    ExactValue,
    RealAlgebraic,
    fraction_of_arb,
    sign_at,
)
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.model.game import Game
from exactrose.model.transform import permute_players
from exactrose.values.matrices import determinant

_P = fmpq_poly([0, 1])
_ONE = fmpq_poly([1])


@dataclass(frozen=True)
class ContextPiece:
    """The rational function ``numerator(p) / denominator(p)``."""

    numerator: fmpq_poly
    denominator: fmpq_poly

    def __sub__(self, other: ContextPiece) -> ContextPiece:
        if self.denominator == other.denominator:
            return _reduced(self.numerator - other.numerator, self.denominator)
        return _reduced(
            self.numerator * other.denominator - other.numerator * self.denominator,
            self.denominator * other.denominator,
        )

    def at(self, point: ExactValue) -> Fraction | RealAlgebraic:
        """``numerator(point) / denominator(point)`` exactly."""
        return _horner(self.numerator, point) / _horner(self.denominator, point)

    def critical_numerator(self) -> fmpq_poly:
        """Numerator of the derivative: its roots are the piece's critical points."""
        n, d = self.numerator, self.denominator
        return n.derivative() * d - n * d.derivative()


@dataclass(frozen=True)
class Vertex:
    """A candidate rank-2 strategy ``ν(p) = numerators(p) / denominator(p)``, with the
    numerators of rank 3's expected payoffs there: ``totals[s][c]`` for the coalition of ranks
    ``s+1..3`` (s = 0, 1) and ``own[c]`` for rank 3 alone, all over ``denominator``."""

    numerators: tuple[fmpq_poly, ...]
    denominator: fmpq_poly
    totals: tuple[tuple[fmpq_poly, ...], tuple[fmpq_poly, ...]]
    own: tuple[fmpq_poly, ...]

    def pieces(self, s: int) -> Iterator[ContextPiece]:
        """Every rational function that ``G_s`` can equal at this vertex."""
        for total in self.totals[s]:
            for own in self.own:
                yield _reduced(total - own, self.denominator)


def _reduced(numerator: fmpq_poly, denominator: fmpq_poly) -> ContextPiece:
    common = numerator.gcd(denominator) if not numerator.is_zero() else denominator
    if common.degree() > 0:
        numerator, denominator = numerator / common, denominator / common
        numerator, denominator = fmpq_poly(numerator), fmpq_poly(denominator)
    return ContextPiece(numerator, denominator)


def rank_game(game: Game, order: tuple[int, ...]) -> Game:
    """The game with its players listed by rank (``order[0]`` first)."""
    return permute_players(game, list(order))


def values_by_player(order: tuple[int, ...], maxima: list, max_total: Fraction) -> tuple:
    """Definition 4 from its maxima: ``maxima = [W_1, ..., W_{n−1}]`` (``W_b = max V[μ, 1:b]``),
    ``W_0 = 0`` and ``W_n = max Σ``; rank b gets ``V_b = W_b − W_{b−1}``.  Indexed by player."""
    best = [Fraction(0), *maxima, max_total]
    values: list = [Fraction(0)] * len(order)
    for rank, player in enumerate(order):
        values[player] = best[rank + 1] - best[rank]
    return tuple(values)


class ContextualValues:
    """``V[p, s:2]`` for s = 1, 2 of a three-player game listed by rank, rank 1 with at most two actions."""

    def __init__(self, ranked: Game) -> None:
        if ranked.n != 3 or ranked.shape[0] > 2:
            raise NotComputableError("contextual values here need three players and at most two actions at rank 1")
        m1, m2, m3 = ranked.shape
        other = m1 - 1  # with one action at rank 1, p does not matter: both "actions" are it
        # B[i][a2][c]: expected payoff of rank i+1 at (a2, c) within the context p, a polynomial in p.
        context = [
            [
                [
                    _linear(ranked.payoff(i, (other, a2, c)), ranked.payoff(i, (0, a2, c)))
                    for c in range(m3)
                ]
                for a2 in range(m2)
            ]
            for i in range(3)
        ]
        # sums[s][a2][c]: expected payoff of the coalition of ranks s+1..3 at (a2, c) given p.
        sums = [
            [[sum((context[i][a2][c] for i in range(s, 3)), fmpq_poly(0)) for c in range(m3)] for a2 in range(m2)]
            for s in range(3)
        ]
        # Only rank 3's undominated actions can attain a maximum over c (ν >= 0, p in [0, 1]).
        kept = [_undominated(sums[s], m2, m3) for s in range(3)]
        hyperplanes = {str(row): row for row in (tuple(_ONE if j == k else fmpq_poly(0) for j in range(m2)) for k in range(m2))}
        for c, d in itertools.combinations(kept[2], 2):
            row = _normalised(tuple(sums[2][a2][c] - sums[2][a2][d] for a2 in range(m2)))
            if row is not None:
                hyperplanes.setdefault(str(row), row)
        vertices: dict[tuple, Vertex] = {}
        for chosen in itertools.combinations(hyperplanes.values(), m2 - 1):
            matrix = [tuple(_ONE for _ in range(m2)), *chosen]
            denominator = determinant(matrix)
            if denominator.is_zero():
                continue
            numerators = tuple(
                determinant([row[:k] + ((_ONE if r == 0 else fmpq_poly(0)),) + row[k + 1 :] for r, row in enumerate(matrix)])
                for k in range(m2)
            )
            key = _vertex_key(numerators, denominator)
            if key in vertices:
                continue

            def expected(s: int) -> tuple[fmpq_poly, ...]:
                return tuple(
                    sum((numerators[a2] * sums[s][a2][c] for a2 in range(m2)), fmpq_poly(0)) for c in kept[s]
                )

            vertices[key] = Vertex(numerators, denominator, (expected(0), expected(1)), expected(2))
        self.vertices = tuple(vertices.values())
        self._context_sums = sums

    # ------------------------------------------------------------------ candidates
    def breakpoint_polynomials(self, s: int) -> Iterator[fmpq_poly]:
        """Polynomials whose roots include every p where the piece of ``V[p, s+1:2]`` changes."""
        pieces: list[tuple[int, ContextPiece]] = []
        for index, vertex in enumerate(self.vertices):
            yield vertex.denominator
            yield from vertex.numerators
            for family in (vertex.totals[s], vertex.own):
                for f, g in itertools.combinations(family, 2):
                    yield f - g
            pieces.extend((index, piece) for piece in vertex.pieces(s))
        # Within a vertex the piece changes only where an argmax does (above); across vertices
        # wherever two pieces cross.
        for (first_vertex, first), (second_vertex, second) in itertools.combinations(pieces, 2):
            if first_vertex != second_vertex:
                yield (first - second).numerator

    def pieces(self, s: int) -> list[ContextPiece]:
        """Every rational function ``V[p, s+1:2]`` can equal."""
        unique: dict[tuple[str, str], ContextPiece] = {}
        for vertex in self.vertices:
            for piece in vertex.pieces(s):
                unique.setdefault((str(piece.numerator), str(piece.denominator)), piece)
        return list(unique.values())

    # ------------------------------------------------------------------ evaluation
    def exact(self, s: int, p: ExactValue) -> tuple[ContextPiece, Vertex]:
        """The piece equal to ``V[p, s+1:2]`` at ``p`` exactly, and the maximising vertex."""
        best: tuple[ContextPiece, Vertex] | None = None
        for vertex in self.vertices:
            d = _sign(vertex.denominator, p)
            if d == 0 or any(_sign(q, p) * d < 0 for q in vertex.numerators):
                continue
            total = _argmax(vertex.totals[s], d, p)
            own = _argmax(vertex.own, d, p)
            piece = _reduced(vertex.totals[s][total] - vertex.own[own], vertex.denominator)
            if best is None or _compare(piece, best[0], p) > 0:
                best = (piece, vertex)
        if best is None:
            raise ArithmeticError("no vertex is valid at this context; the arrangement is incomplete")
        return best

    def enclosure(self, s: int, p: arb) -> tuple[Fraction, Fraction]:
        """Rigorous ``(lower, upper)`` bounds of ``V[q, s+1:2]`` for every q in the ball ``p``.

        A vertex whose denominator may vanish in the ball is bounded crudely by the extreme
        expected payoffs over rank 2's pure actions (a valid vertex lies in the simplex).
        """
        lower: arb | None = None
        upper: arb | None = None
        for vertex in self.vertices:
            d = arb_eval(vertex.denominator, p)
            if d.contains(0):
                hi = self._crude_upper(s, p)
                upper = hi if upper is None or hi > upper else upper
                continue
            weights = [arb_eval(q, p) / d for q in vertex.numerators]
            if any(w < 0 for w in weights):
                continue
            value = _arb_max([arb_eval(q, p) / d for q in vertex.totals[s]]) - _arb_max(
                [arb_eval(q, p) / d for q in vertex.own]
            )
            upper = value.upper() if upper is None or value.upper() > upper else upper
            if all(w >= 0 for w in weights):
                lower = value.lower() if lower is None or value.lower() > lower else lower
        if lower is None or upper is None:  # rank 2's pure strategies are always valid vertices
            raise ArithmeticError("no vertex is certainly valid in this context ball; the arrangement is incomplete")
        return fraction_of_arb(lower), fraction_of_arb(upper)

    def _crude_upper(self, s: int, p: arb) -> arb:
        totals = [arb_eval(q, p) for row in self._context_sums[s] for q in row]
        own = [arb_eval(q, p) for row in self._context_sums[2] for q in row]
        return (max(t.upper() for t in totals) - min(o.lower() for o in own)).upper()


def _linear(at_zero: Fraction, at_one: Fraction) -> fmpq_poly:
    """``(1−p)·at_zero + p·at_one`` as a polynomial in p (p = probability of action 0)."""
    return fmpq_poly([to_fmpq(at_zero), to_fmpq(at_one) - to_fmpq(at_zero)])


def _horner(poly: fmpq_poly, point: ExactValue) -> Fraction | RealAlgebraic:
    value: Fraction | RealAlgebraic = Fraction(0)
    for c in reversed(poly.coeffs()):
        value = value * point + from_fmpq(c)
    return value


def _undominated(family: list[list[fmpq_poly]], m2: int, m3: int) -> list[int]:
    """Rank 3's actions c not weakly dominated in ``family[a2][c]`` (linear in p) by an
    earlier-kept or later action: c is dropped if some other c' is at least as good at every
    a2 at both p = 0 and p = 1 (keeping the first of equal actions)."""
    def at_least(c: int, d: int) -> bool:
        return all(family[a2][c](point) >= family[a2][d](point) for a2 in range(m2) for point in (fmpq(0), fmpq(1)))

    kept: list[int] = []
    for c in range(m3):
        if any(at_least(d, c) for d in kept) or any(at_least(d, c) and not at_least(c, d) for d in range(c + 1, m3)):
            continue
        kept.append(c)
    return kept


def _normalised(row: tuple[fmpq_poly, ...]) -> tuple[fmpq_poly, ...] | None:
    """The hyperplane ``row · ν = 0`` scaled so its first nonzero coefficient is monic (None if 0 = 0)."""
    for q in row:
        if not q.is_zero():
            scale = q.leading_coefficient()
            return tuple(fmpq_poly(r / scale) for r in row)
    return None


def _vertex_key(numerators: tuple[fmpq_poly, ...], denominator: fmpq_poly) -> tuple:
    """Identical rational vectors get identical keys (normalised by the leading coefficient)."""
    common = denominator
    for q in numerators:
        common = common.gcd(q)
    scale = fmpq(1) / denominator.leading_coefficient()
    return tuple(str(fmpq_poly(q / common) * scale) for q in (denominator, *numerators))


def _sign(poly: fmpq_poly, p: ExactValue) -> int:
    if isinstance(p, Fraction):
        value = poly(to_fmpq(p))
        return (value > 0) - (value < 0)
    return sign_at([from_fmpq(c) for c in reversed(poly.coeffs())], p)


def _argmax(numerators: tuple[fmpq_poly, ...], sign: int, p: ExactValue) -> int:
    best = 0
    for c in range(1, len(numerators)):
        if _sign(numerators[c] - numerators[best], p) * sign > 0:
            best = c
    return best


def _compare(first: ContextPiece, second: ContextPiece, p: ExactValue) -> int:
    difference = first - second
    return _sign(difference.numerator, p) * _sign(difference.denominator, p)


def arb_eval(poly: fmpq_poly, p: arb) -> arb:
    """A ball containing ``poly(q)`` for every q in the ball ``p`` (Horner in arb)."""
    return arb_poly([arb(c) for c in poly.coeffs()])(p)


def _arb_max(values: list[arb]) -> arb:
    return arb_between(max(v.lower() for v in values), max(v.upper() for v in values))


def arb_between(lower: arb, upper: arb) -> arb:
    """A ball containing every point between the (exact) balls ``lower`` and ``upper``."""
    return (lower + upper) / 2 + arb(0, 1) * ((upper - lower) / 2)
