"""General (non-transferable) equilibria via importance weights (essay: "N to Full
Generality With Importance Weights").

A point ``x`` of the Pareto frontier of the feasible set ``F`` (the convex hull of the pure
payoff vectors) has normals ``a`` with every ``a_i > 0`` (importance weights, scaled to sum 1).
Rescale ``U_i → a_i U_i`` and compute a transferable-utility value φ of that game (CoCo or
ROSE); ``x`` is a φ-equilibrium when ``φ_i(aU) = a_i x_i`` for every i.  Because φ is efficient
(Props 4.1/4.2), ``Σ φ_i = max a·U = a·x``, so the condition says that ``x = φ/a`` lies in the
face of F with normal a.

Two players: with ``a = (λ, 1 − λ)`` the rescaled game is affine in λ, so φ is an exact piecewise
rational function of λ (:mod:`exactrose.values.affine`) and every equilibrium is found:
at a frontier vertex v, by solving ``φ_1(λ) = λ v_1`` over v's normal cone (weights may be
irrational algebraic numbers, or a whole range); inside a frontier edge, at the edge's normal.
Three or more players: :func:`search_equilibria` verifies candidate weights exactly (the
normals of the frontier's facets and a grid of rational weights).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from flint import fmpq_mat

from exactrose.errors import InputError
from exactrose.exact.algebraic import ExactValue
from exactrose.exact.enclosure import Enclosure, Value
from exactrose.exact.lp import LinearProgram, solve_lp
from exactrose.exact.numbers import to_fmpq, to_rational
from exactrose.exact.piecewise import (
    Piece,
    PiecewiseFunction,
    RationalFunction,
    solutions,
    upper_envelope,
)
from exactrose.limits import MAX_GRID_POINTS
from exactrose.model.game import Game
from exactrose.values.affine import AffineGame, parametric_coco, parametric_rose
from exactrose.values.rose import rose_value
from exactrose.values.shapley import coco_value

CONCEPTS = ("coco", "rose")
CONCEPT_LABELS = {"coco": "CoCo", "rose": "ROSE"}


@dataclass(frozen=True)
class Equilibrium:
    """An equilibrium payoff ``point`` with its importance ``weights`` (non-negative, summing to 1).

    Two kinds of continuum are reported as one object: a range of weights at one point (the
    point is a frontier vertex and ``φ_1(λ) = λ x_1`` on a whole range: ``weights_to`` is the
    range's other end), and, at a weight vector with a zero component, every point of the face
    it supports (``point_to`` is the face's other end).
    """

    concept: str
    point: tuple[Fraction, ...]
    weights: tuple[ExactValue, ...]
    weights_to: tuple[ExactValue, ...] | None = None
    point_to: tuple[Fraction, ...] | None = None

    @property
    def positive(self) -> bool:
        """Whether some weight vector of the equilibrium has every component positive."""
        ends = [self.weights] if self.weights_to is None else [self.weights, self.weights_to]
        return all(w > 0 for w in self.weights) or (len(ends) == 2 and all(
            max(a, b) > 0 for a, b in zip(*ends)))


def _require_concept(concept: str) -> None:
    if concept not in CONCEPTS:
        raise InputError(f"concept: expected one of {', '.join(CONCEPTS)}, got {concept!r}")


def weighted_game(game: Game, weights: Sequence[object]) -> Game:
    """The game ``a_i U_i`` (rational weights, non-negative, not all zero)."""
    a = [to_rational(w, f"weights[{i}]") for i, w in enumerate(weights)]
    if len(a) != game.n:
        raise InputError(f"weights: expected {game.n} importance weights, got {len(a)}")
    if any(w < 0 for w in a) or not any(a):
        raise InputError(f"weights: importance weights must be non-negative and not all zero, got {[str(w) for w in a]}")
    return Game.from_function(game.shape, lambda p: [a[i] * game.payoff(i, p) for i in range(game.n)],
                              players=game.players, actions=game.actions, title=game.title)


def weight_family(game: Game) -> AffineGame:
    """The two-player game ``(λ U_1, (1 − λ) U_2)`` as an affine game in λ."""
    if game.n != 2:
        raise InputError(f"weight_family: expected a two-player game, got {game.n} players")
    constant = Game.from_function(game.shape, lambda p: [0, game.payoff(1, p)],
                                  players=game.players, actions=game.actions, title=game.title)
    slope = Game.from_function(game.shape, lambda p: [game.payoff(0, p), -game.payoff(1, p)],
                               players=game.players, actions=game.actions)
    return AffineGame(constant, slope)


def weighted_values(game: Game, concept: str) -> tuple[PiecewiseFunction, PiecewiseFunction]:
    """``(φ_1(λ), φ_2(λ))`` of the game ``(λ U_1, (1 − λ) U_2)`` for λ in [0, 1], exactly."""
    _require_concept(concept)
    family = weight_family(game)
    solve = parametric_coco if concept == "coco" else parametric_rose
    return solve(family, Fraction(0), Fraction(1))


@dataclass(frozen=True)
class FrontierVertex:
    """A vertex of the Pareto frontier and the weights λ = a_1 for which it maximises λU_1 + (1−λ)U_2."""

    point: tuple[Fraction, Fraction]
    low: Fraction
    high: Fraction


def pareto_frontier(game: Game) -> list[FrontierVertex]:
    """The frontier's vertices from most to least favourable to player 2 (λ increasing): the
    upper envelope of ``λ ↦ λ u_1 + (1 − λ) u_2`` over the pure payoff vectors u."""
    lines = {RationalFunction.affine(game.payoff(1, p), game.payoff(0, p) - game.payoff(1, p))
             for p in game.profiles()}
    envelope = upper_envelope([PiecewiseFunction.constant_on(line, Fraction(0), Fraction(1)) for line in lines])
    vertices = []
    for piece in envelope.pieces:
        c = [Fraction(int(q.p), int(q.q)) for q in piece.value.numerator.coeffs()] + [Fraction(0)] * 2
        # the envelope of lines with rational coefficients breaks at rationals
        vertices.append(FrontierVertex((c[0] + c[1], c[0]), _rational(piece.start), _rational(piece.end)))
    return vertices


def _restricted(f: PiecewiseFunction, start: ExactValue, end: ExactValue) -> PiecewiseFunction:
    """``f`` on ``[start, end]``."""
    pieces = [Piece(max(p.start, start), min(p.end, end), p.value) for p in f.pieces
              if p.end > start and p.start < end]
    return PiecewiseFunction(tuple(pieces))


def _rational(value: ExactValue) -> Fraction:
    """A value known to be rational, as a Fraction."""
    assert isinstance(value, Fraction), value
    return value


def _face(game: Game, player: int) -> tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]:
    """The ends of the face of F where ``player`` gets his maximum: (worst, best) for the other."""
    best = game.max_payoff(player)
    others = sorted(game.payoff(1 - player, p) for p in game.profiles() if game.payoff(player, p) == best)
    ends = [(best, o) if player == 0 else (o, best) for o in (others[0], others[-1])]
    return ends[0], ends[1]


def equilibria_two_players(game: Game, concept: str) -> list[Equilibrium]:
    """Every φ-equilibrium of a two-player game, exactly (see the module docstring).

    Weights range over the closed simplex, as in Shapley's NTU value: with ``λ = 0`` the
    condition is ``φ_1 = 0``, and every point of the face where player 2 gets his maximum is an
    equilibrium (likewise ``λ = 1``).  :attr:`Equilibrium.positive` tells the strict ones.
    """
    first, second = weighted_values(game, concept)
    found: list[Equilibrium] = []
    frontier = pareto_frontier(game)
    for vertex in frontier:
        target = RationalFunction.affine(0, vertex.point[0])
        for solution in solutions(_restricted(first, vertex.low, vertex.high), target):
            low, high = solution if isinstance(solution, tuple) else (solution, solution)
            for boundary, player in ((low == 0, 1), (high == 1, 0)):
                if boundary:
                    worst, best = _face(game, player)
                    if worst != best:
                        weights = (Fraction(0), Fraction(1)) if player == 1 else (Fraction(1), Fraction(0))
                        found.append(Equilibrium(concept, worst, weights, point_to=best))
            found.append(Equilibrium(concept, vertex.point, (low, 1 - low), None if low == high else (high, 1 - high)))
    for left, right in zip(frontier, frontier[1:]):
        weight = left.high
        # at a rational weight, the piecewise rational values are rational
        x = (_rational(first(weight)) / weight, _rational(second(weight)) / (1 - weight))
        ends = sorted((left.point[0], right.point[0]))
        if ends[0] < x[0] < ends[1]:
            found.append(Equilibrium(concept, x, (weight, 1 - weight)))
    return sorted(found, key=lambda e: e.point)


# ----------------------------------------------------------------------------- n players


def in_feasible_set(game: Game, point: Sequence[Fraction]) -> bool:
    """Whether ``point`` is a convex combination of the pure payoff vectors (an exact LP)."""
    profiles = list(game.profiles())
    rows = [[game.payoff(i, p) for p in profiles] for i in range(game.n)] + [[1] * len(profiles)]
    lp = LinearProgram.build(c=[0] * len(profiles), A_eq=rows, b_eq=[*point, 1])
    return solve_lp(lp).status == "optimal"


def _values(game: Game, concept: str) -> tuple[Value, ...]:
    return tuple(coco_value(game).values) if concept == "coco" else tuple(rose_value(game).values)


def check_equilibrium(game: Game, point: Sequence[object], weights: Sequence[object], concept: str) -> bool | None:
    """Whether ``point`` is a φ-equilibrium with rational importance ``weights``, exactly; None
    when the value is a certified enclosure that cannot decide it (ROSE, three or more players)."""
    _require_concept(concept)
    x = [to_rational(v, f"point[{i}]") for i, v in enumerate(point)]
    a = [to_rational(w, f"weights[{i}]") for i, w in enumerate(weights)]
    phi = _values(weighted_game(game, a), concept)
    targets = [a_i * x_i for a_i, x_i in zip(a, x)]
    if any(isinstance(v, Enclosure) for v in phi):
        if any(isinstance(v, Enclosure) and not v.lower <= t <= v.upper for v, t in zip(phi, targets)):
            return False
        return None
    if any(v != t for v, t in zip(phi, targets)):
        return False
    return in_feasible_set(game, x)


def frontier_facet_normals(game: Game) -> list[tuple[Fraction, ...]]:
    """Normals (all positive, summing to 1) of the facets of the feasible set on its Pareto frontier."""
    n = game.n
    points = sorted({tuple(game.payoff_vector(p)) for p in game.profiles()})
    normals = set()
    for chosen in combinations(points, n):
        base = chosen[0]
        rows = [[q[i] - base[i] for i in range(n)] for q in chosen[1:]]
        normal = [(-1) ** i * _det([[r[j] for j in range(n) if j != i] for r in rows]) for i in range(n)]
        if all(c < 0 for c in normal):
            normal = [-c for c in normal]
        if not all(c > 0 for c in normal):
            continue
        level = sum(c * b for c, b in zip(normal, base))
        if all(sum(c * q for c, q in zip(normal, p)) <= level for p in points):
            total = sum(normal)
            normals.add(tuple(c / total for c in normal))
    return sorted(normals)


def _det(rows: list[list[Fraction]]) -> Fraction:
    k = len(rows)
    if k == 0:
        return Fraction(1)
    d = fmpq_mat(k, k, [to_fmpq(v) for r in rows for v in r]).det()
    return Fraction(int(d.p), int(d.q))


def _grid(n: int, denominator: int) -> list[tuple[Fraction, ...]]:
    """Weights ``k/denominator`` with every ``k >= 1`` summing to ``denominator``."""
    def compositions(total: int, parts: int) -> list[tuple[int, ...]]:
        if parts == 1:
            return [(total,)]
        return [(k, *rest) for k in range(1, total - parts + 2) for rest in compositions(total - k, parts - 1)]

    return [tuple(Fraction(k, denominator) for k in ks) for ks in compositions(denominator, n)]


def search_equilibria(game: Game, concept: str, grid: int = 6,
                      progress: Callable[[int, int], None] | None = None) -> list[Equilibrium]:
    """Equilibria with rational weights found among the frontier's facet normals and the weights
    ``k/grid``, each verified exactly (:func:`check_equilibrium`).  Equilibria whose weights are
    irrational (at lower-dimensional faces) are out of this search's reach for n >= 3."""
    _require_concept(concept)
    if math.comb(grid + game.n - 1, game.n - 1) > MAX_GRID_POINTS:
        raise InputError(f"--grid {grid}: a {game.n}-player game would have more than {MAX_GRID_POINTS:,} "
                         f"weight vectors k/GRID to check; choose a smaller --grid")
    candidates = list(dict.fromkeys([*frontier_facet_normals(game), *_grid(game.n, grid)]))
    found = []
    for k, a in enumerate(candidates):
        phi = _values(weighted_game(game, a), concept)
        if progress is not None:
            progress(k + 1, len(candidates))
        rational = [v for v in phi if isinstance(v, Fraction)]
        if len(rational) != len(phi):  # some value is an Enclosure or a RealAlgebraic
            continue
        x = tuple(v / w for v, w in zip(rational, a))
        if in_feasible_set(game, x):
            found.append(Equilibrium(concept, x, a))
    return found


# ----------------------------------------------------------------------------- output
