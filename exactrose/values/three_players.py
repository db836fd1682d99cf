"""Exact initiative values of three-player games whose rank-1 player has two actions.

Essay Definition 4 with n = 3 (ranks 1, 2, 3 of the ordering):

    W_1 = V[•, 1:1] = max_p ( V[p, 1:2] − V[p, 2:2] )
    W_2 = max_p V[p, 1:2]
    W_3 = max Σ
    V_1 = W_1,  V_2 = W_2 − W_1,  V_3 = W_3 − W_2

where p is rank 1's mixed strategy.  :mod:`exactrose.values.contextual` makes both
contextual values piecewise rational in p, so each maximum over ``p ∈ [0, 1]`` sits at an
endpoint, at a root of a breakpoint polynomial (where a piece changes) or at a critical
point of a piece.  Every such candidate is an exact real algebraic number; interval
arithmetic discards the candidates that cannot win and exact arithmetic decides among the rest.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from flint import arb, ctx, fmpq_poly

from exactrose.exact.algebraic import ExactValue, real_roots
from exactrose.exact.numbers import from_fmpq
from exactrose.model.game import Game
from exactrose.values.contextual import (
    ContextPiece,
    ContextualValues,
    Vertex,
    arb_between,
    arb_eval,
    rank_game,
    values_by_player,
)

#: Bits of working precision for the interval screening of candidates.
_PRECISION = 256
#: The interval screening first cuts [0, 1] into this many slices per rank-2 vertex.
_SLICES_PER_VERTEX = 8


@dataclass(frozen=True)
class ContextMaximum:
    """``max_p`` of a contextual objective: the value, the maximising rank-1 strategy ``p``
    (probability of its first action), the rank-2 vertex strategies there, and how many
    candidates were examined (all endpoints, breakpoints and critical points)."""

    value: ExactValue
    p: ExactValue
    rank2_strategies: tuple[tuple[ExactValue, ...], ...]
    candidates: int


@dataclass(frozen=True)
class ThreePlayerInitiative:
    """Initiative values of one ordering, indexed by player, with their maximisers."""

    order: tuple[int, ...]
    values: tuple[ExactValue, ...]
    extraction: ContextMaximum
    coalition: ContextMaximum


def three_player_initiative_values(game: Game, order: tuple[int, int, int]) -> ThreePlayerInitiative:
    """Exact ``V^σ`` for a 3-player game whose rank-1 player ``order[0]`` has two actions."""
    ranked = rank_game(game, order)
    contextual = ContextualValues(ranked)
    extraction = maximise(contextual, "extraction")
    coalition = maximise(contextual, "coalition")
    values = values_by_player(order, [extraction.value, coalition.value], game.max_total())
    return ThreePlayerInitiative(tuple(order), values, extraction, coalition)


def maximise(contextual: ContextualValues, objective: str) -> ContextMaximum:
    """``max_p V[p,1:2] − V[p,2:2]`` (``"extraction"``) or ``max_p V[p,1:2]`` (``"coalition"``)."""
    if objective == "extraction":
        polynomials: Iterable[fmpq_poly] = itertools.chain(
            contextual.breakpoint_polynomials(0),
            contextual.breakpoint_polynomials(1),
            ((first - second).critical_numerator() for first in contextual.pieces(0) for second in contextual.pieces(1)),
        )
    else:
        polynomials = itertools.chain(
            contextual.breakpoint_polynomials(0), (piece.critical_numerator() for piece in contextual.pieces(0))
        )
    with ctx.workprec(_PRECISION):
        # Screen [0, 1] in slices: a slice whose upper bound is below a value attained at a
        # grid point cannot hold the maximum, nor can any candidate inside it.
        slices_count = _SLICES_PER_VERTEX * len(contextual.vertices)
        grid = [Fraction(k, slices_count) for k in range(slices_count + 1)]
        best_lower = max(_objective_enclosure(contextual, objective, _ball(p))[0] for p in grid)
        slices = [
            (lo, hi) for lo, hi in zip(grid, grid[1:])
            if _objective_enclosure(contextual, objective, _slice_ball(lo, hi))[1] >= best_lower
        ]
        candidates = _candidates(polynomials, slices)
        bounds = [_objective_enclosure(contextual, objective, _ball(point)) for point in candidates]
    best_lower = max([best_lower] + [lower for lower, _ in bounds])
    survivors = [point for point, (_, upper) in zip(candidates, bounds) if upper >= best_lower]
    best: tuple[ExactValue, ExactValue, tuple[Vertex, ...]] | None = None
    for point in survivors:
        value, vertices = objective_exact(contextual, objective, point)
        if best is None or value > best[0]:
            best = (value, point, vertices)
    value, point, vertices = best  # type: ignore[misc]
    strategies = tuple(tuple(ContextPiece(q, v.denominator).at(point) for q in v.numerators) for v in vertices)
    return ContextMaximum(value, point, strategies, len(candidates))


def _candidates(polynomials: Iterable[fmpq_poly], slices: list[tuple[Fraction, Fraction]]) -> list[ExactValue]:
    """The endpoints of the slices and every distinct real root of the nonconstant
    polynomials that lies in one of the (closed) slices."""
    seen: dict[str, fmpq_poly] = {}
    for poly in polynomials:
        if poly.degree() >= 1:
            monic = fmpq_poly(poly / poly.leading_coefficient())
            seen.setdefault(str(monic), monic)
    balls = [_slice_ball(lo, hi) for lo, hi in slices]
    points: dict[ExactValue, None] = {point: None for lo, hi in slices for point in (lo, hi)}
    for poly in seen.values():
        if not any(arb_eval(poly, ball).contains(0) for ball in balls):
            continue
        for factor, _ in poly.factor()[1]:
            coefficients = [from_fmpq(c) for c in reversed(factor.coeffs())]
            for root in real_roots(coefficients):
                if any(lo <= root <= hi for lo, hi in slices):
                    points[root] = None
    return list(points)


def _objective_enclosure(contextual: ContextualValues, objective: str, ball: arb) -> tuple[Fraction, Fraction]:
    """Rigorous bounds of the objective over every context p in ``ball``."""
    low_1, high_1 = contextual.enclosure(0, ball)
    if objective == "coalition":
        return low_1, high_1
    low_2, high_2 = contextual.enclosure(1, ball)
    return low_1 - high_2, high_1 - low_2


def objective_exact(contextual: ContextualValues, objective: str, point: ExactValue) -> tuple[ExactValue, tuple[Vertex, ...]]:
    piece_1, vertex_1 = contextual.exact(0, point)
    if objective == "coalition":
        return piece_1.at(point), (vertex_1,)
    piece_2, vertex_2 = contextual.exact(1, point)
    return (piece_1 - piece_2).at(point), (vertex_1, vertex_2)


def _slice_ball(lo: Fraction, hi: Fraction) -> arb:
    """A ball containing the closed interval [lo, hi]."""
    return arb_between(arb(lo.numerator) / lo.denominator, arb(hi.numerator) / hi.denominator)


def _ball(point: ExactValue) -> arb:
    if isinstance(point, Fraction):
        return arb(point.numerator) / point.denominator
    return _slice_ball(*point.refine(Fraction(1, 2**200)).interval)
