"""Exact maxima of contextual values: the active structure at a maximum, its optimality system
solved exactly, and a local certificate (essay Definitions 3–4).

A search over contexts (:mod:`~exactrose.values.search.maxima`) narrows
``max_μ V[μ, s:n−1] − V[μ, t:n−1]`` to a small region around its best context.  There the
maximum is usually held by a few **pieces** (:mod:`~exactrose.values.search.bases`): one basis
``g`` of the program that ``V[·, s:n−1]`` takes, dual feasible near the maximum (so
``V[·, s:n−1] <= g``), and bases ``h_j`` of programs of ``V[·, t:n−1]``, primal feasible
(so ``V[·, t:n−1] >= h_j``), several of them on a ridge where they are equal; and the context
lies on a **face** of the simplices (coordinates at 0, strategies whose other coordinates sum
to 1).  With ``F_j = g − h_j``, the objective is at most ``min_j F_j`` near the maximum.

**The candidate** is the point of the face where the ``F_j`` are equal and a convex
combination ``L = Σ_j λ_j F_j`` is stationary along the face: a square polynomial system in the
face's coordinates and the weights λ (denominators cleared).  A float Newton step finds it;
Krawczyk's interval operator proves that a rational box ``X`` holds exactly one solution;
resultants eliminate every unknown but the value ``v``, and the one root of that polynomial
in ``F_1(X)`` is the candidate's value, an exact real algebraic number (or a rational).

**The local certificate** holds on a box ``N`` around the candidate:

* the pieces are valid there (their feasibility conditions, rational functions, keep their
  signs on ``N``; the other programs of ``V[·, s:n−1]`` stay below ``g``), and at the candidate
  they are the contextual values themselves, so the maximum is at least the value;
* ``min_j F_j <= L − κ Σ_j (F_j − L)²`` (weights λ_j >= λ_min > 0, ``κ <= λ_min / (|J| max|F_j − L|)``)
  and, on the face's constraints ``c_a >= 0`` with multipliers ``ρ_a > 0`` (the gradient of L
  at the candidate is ``−Σ ρ_a ∇c_a``), ``0 <= c_a <= C_a`` gives ``L <= Q`` for
  ``Q = L − κ Σ_j (F_j − L)² + Σ_a ρ_a (c_a − c_a² / C_a)``; Q's gradient vanishes at the
  candidate, where it equals the value, and its Hessian is negative definite on all of ``N``
  (interval leading minors), so Q — and the objective — is at most the value on ``N``;
* or, at a **sharp** maximum (a vertex where ``d + 1`` pieces and constraints meet in ``d``
  coordinates), first order suffices: the pieces' gradients and the constraints' normals over
  all of ``N`` keep positive weights summing them to 0, so every direction lowers some piece
  (:meth:`OptimalitySystem._sharp`).  This holds on much larger neighbourhoods than the curvature that
  a vertex borrows from its ridges.

Everything is re-derived from the game by :func:`check_snap`; the search covers the rest of
the domain with boxes whose proved bounds do not exceed the value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np
from flint import arb, arb_mat, ctx, fmpq, fmpq_mat, fmpq_mpoly, fmpq_mpoly_ctx

from exactrose.errors import CertificateError, InputError
from exactrose.exact.algebraic import ExactValue, RealAlgebraic
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.values.search.bases import (
    ContextBasis,
    Rational,
    at,
    basis_functions,
    function_key,
    near_optimal_bases,
    reduced_fraction,
)
from exactrose.values.search.reduced import ReducedGame, dual_columns
from exactrose.values.search.space import Box, ContextSpace, Coordinates

#: Working precision (bits) of the interval checks, and digits of the Newton steps.
_PRECISION = 320
_DIGITS = 90
#: Half-width of the box ``X`` that must hold the candidate.
_SOLUTION_RADIUS = Fraction(1, 2**120)
#: How near (value, coordinate) a piece or a constraint must be to count as active; each
#: threshold that changes the structure gives a candidate to try.
_THRESHOLDS = tuple(Fraction(1, 10**k) for k in (10, 8, 6, 4, 3, 2, 1))
#: Structures a snap tries at most (the larger thresholds give many subsets of pieces; each try
#: costs a Newton solve, a Krawczyk test and an elimination).
_MAX_STRUCTURES = 24
#: How near optimal (at the solution's box centre) a basis must be to bound a program there.
_NEARBY = Fraction(1, 10**6)
#: Square subsystems a side of a split tries at most (subsets of its pieces and constraints).
_MAX_SUBSYSTEMS = 200
#: Neighbourhoods tried: the dyadic cells of side ``2**-m`` around the candidate.
_LEVELS = (4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 20, 26, 32)
#: How many levels coarser than the context's a crossing's cells of q' may be (see :func:`_certified`).
_COARSER = (0, 4, 8, 12)
#: Scales (at most 1) of the curvature borrowed from the ridges and the face (see the module docstring).
_SCALES = (Fraction(1), Fraction(1, 8), Fraction(1, 128))


@dataclass(frozen=True)
class Structure:
    """The active structure at a maximum: the bases ``upper`` bounding ``V[·, s:n−1]`` from above
    (several where it has a concave kink: its program's reply switches), the bases ``lower``
    bounding ``V[·, t:n−1]`` from below (none without t), the coordinates at
    0 (``zero``) and, for each strategy whose listed coordinates sum to 1, the coordinate solved
    for (``eliminated``; the strategy's last action then has probability 0).  The pieces are the
    differences ``g_k − h_j`` (upper first: index ``k·len(lower) + j``), or the ``g_k`` without
    t; ``meeting`` lists those whose meeting point the optimality system solves for (all if
    empty: more pieces than the face has room for meet only where some of them do)."""

    upper: tuple[ContextBasis, ...]
    lower: tuple[ContextBasis, ...]
    zero: tuple[int, ...]
    eliminated: tuple[int, ...]
    meeting: tuple[int, ...] = ()
    #: Four players' ``W_1`` (:func:`snap_nested`): the strategies of rank 2 whose ``Y`` bounds
    #: ``max_q Y`` from below; the pieces are then ``g_k − h_j − y`` for each ``y`` of :meth:`ys`.
    anchors: tuple[Anchor, ...] = ()
    #: Four players' ``W_1`` where ``Y`` peaks inside rank 2's simplex (:class:`Crossing`): a copy
    #: of rank 2's coordinates then follows the context's.
    crossing: Crossing | None = None

    def ys(self) -> list[tuple[int, int, int]]:
        """The lower bounds ``y = κ_below − κ_above`` of ``Y``: ``(0, anchor, its basis below)``
        for each anchor's, then ``(1, basis below, basis above)`` for the crossing's."""
        out = [(0, a, k) for a, anchor in enumerate(self.anchors) for k in range(len(anchor.below))]
        if self.crossing is not None:
            out += [(1, k, j) for k in range(len(self.crossing.below)) for j in range(len(self.crossing.above))]
        return out

    def parts(self) -> list[tuple[int, int, int]]:
        """For each piece of :func:`all_pieces`, its upper basis, lower basis and ``y`` (indices)."""
        width, ys = max(len(self.lower), 1), max(len(self.ys()), 1)
        return [(i // (width * ys), i // ys % width, i % ys) for i in range(len(self.upper) * width * ys)]


@dataclass(frozen=True)
class Anchor:
    """A strategy of rank 2 (its coordinates ``strategy``) at which four players'
    ``Y = V[·, 2:3] − V[·, 3:3]`` bounds ``max_q Y(p, q) >= Y(p, strategy) >= κ_b(p) − κ_above(p)``
    for each basis ``b`` of ``below`` (of ``V[·, 2:3]``, where it is primal feasible: on the
    neighbourhood or on a side of a split), with ``above`` a basis of ``V[·, 3:3]`` dual feasible
    on the neighbourhood, every other program of ``V[·, 3:3]`` below it."""

    strategy: Coordinates
    below: tuple[ContextBasis, ...]
    above: ContextBasis


@dataclass(frozen=True)
class Crossing:
    """Four players' ``Y = V[·, 2:3] − V[·, 3:3]`` peaking at a strategy q' inside rank 2's
    simplex where its pieces ``y = κ_b − κ_a`` (``b`` in ``below``, bases of ``V[·, 2:3]`` primal
    feasible on the neighbourhood; ``a`` in ``above``, bases of ``V[·, 3:3]`` dual feasible there,
    every other program below them, so ``Y >= min y``) cross.  If for each p of the
    neighbourhood they cross at some q'(p) in it, ``max_q' Y(p, ·) >= y(p, q'(p))`` for every
    piece, so ``X(p, q) − max_q' Y(p, ·) <= max_q' min (F − y)(p, q, q')``: a flat maximum over
    the context and q', certified as usual."""

    below: tuple[ContextBasis, ...]
    above: tuple[ContextBasis, ...]


@dataclass(frozen=True)
class Snap:
    """A local certificate of an exact maximum (module docstring): the structure, the fixed
    first coordinates (``prefix``), the box ``X`` (``center`` ± ``radius`` in the face's
    coordinates and weights λ_2..) holding the one solution of the optimality system, the
    neighbourhood ``N`` where the bound holds, the scale of the borrowed curvature, and the
    value."""

    structure: Structure
    prefix: Coordinates
    center: tuple[Fraction, ...]
    radius: Fraction
    neighbourhood: Box
    scale: Fraction
    value: ExactValue
    #: The solution's context where it is rational (four players' ``W_1``: its rank-1 strategy
    #: is where the inner maxima attain the value).
    witness: Coordinates = ()
    #: Coordinates of the neighbourhood after the context's (a crossing's copy of rank 2).
    extra: int = 0

    @property
    def covered(self) -> Box:
        """The contexts the local certificate covers: the neighbourhood without its extra coordinates."""
        size = len(self.neighbourhood.lo) - self.extra
        return Box(self.neighbourhood.lo[:size], self.neighbourhood.hi[:size])


#: A pair of bases ``(b, a)``, ``b`` of ``V[·, 2:3]`` and ``a`` of ``V[·, 3:3]``: the piece ``κ_b − κ_a`` of four players' ``Y``.
Pair = tuple[ContextBasis, ContextBasis]


@dataclass(frozen=True)
class Peak:
    """Where four players' ``Y(p, ·)`` peaks near an irrational strategy of rank 1
    (:mod:`~exactrose.values.search.attainment`): an interval ``[lo, hi]`` of rank 2's coordinate
    where Y is at most each piece of ``pairs`` and peaks at the pure strategy ``anchor`` (an end
    of the interval), or, with ``anchor`` empty, where two of the pieces cross."""

    lo: Fraction
    hi: Fraction
    pairs: tuple[Pair, ...]
    anchor: Coordinates = ()


def snap(reduced: ReducedGame, s: int, t: int | None, point: Coordinates, prefix: Coordinates = ()) -> Snap | str:
    """An exact maximum near the rational context ``point`` (the best a search found), with its
    local certificate, or why no structure there gives one."""
    return _snap(reduced, ((structure, point) for structure in _structures(reduced, s, t, point, prefix)), prefix)


def snap_nested(reduced: ReducedGame, x_point: Coordinates, y_point: Coordinates) -> Snap | str:
    """Four players' ``W_1 = max_{p,q} X(p, q) − max_q' Y(p, q')`` (see
    :func:`~exactrose.values.search.maxima.maximise_nested`) near ``x_point``, the best ``(p, q)``
    a search found, with ``y_point = (p, q')`` where ``Y(p, ·)`` peaks: X's structure at
    ``x_point`` with **anchors**, the pure strategies of rank 2 where ``Y(p, ·)`` is within a
    threshold of its maximum (:class:`Anchor`), or else a :class:`Crossing` of Y's pieces.  On
    the neighbourhood the objective is at most ``min (g_k − h_j − y)`` (over q' too, with a
    crossing), certified as a flat maximum.  The caller proves the value attained: by the inner
    maxima at the solution's rank-1 strategy where it is rational (the snap's ``witness``), else
    by :func:`~exactrose.values.search.attainment.prove_attained`."""
    return _snap(reduced, _nested_structures(reduced, x_point, y_point), ())


def _snap(reduced: ReducedGame, structures: Iterator[tuple[Structure, Coordinates]], prefix: Coordinates) -> Snap | str:
    """The first of ``structures`` whose optimality system has a solution near its point (the
    best context, with a crossing's q') with a local certificate."""
    tried: set[Structure] = set()
    why = "no basis is optimal alone near the best context"
    for structure, point in structures:
        if structure in tried:
            continue
        if len(tried) >= _MAX_STRUCTURES:
            return why + f" (and {_MAX_STRUCTURES} structures tried)"
        tried.add(structure)
        system = _system(reduced, structure, prefix)
        if system is None:
            why = "more pieces meet than the face has coordinates"
            continue
        if (center := system.newton(point)) is None:
            why = "Newton's method found no solution of the optimality system"
            continue
        try:
            value = system.value(center, _SOLUTION_RADIUS)
        except CertificateError as error:
            why = str(error)
            continue
        # The finest neighbourhood first: the wider ones hold its ranges, so their checks are no
        # easier, and a structure that fails there costs one try, not one per level.
        finest = _certified(system, center, value, _LEVELS[-1], prefix)
        if isinstance(finest, str):
            why = finest
            continue
        for level in _LEVELS[:-1]:
            if isinstance(found := _certified(system, center, value, level, prefix), Snap):
                return found
        return finest
    return why


def _certified(system: OptimalitySystem, center: tuple[Fraction, ...], value: ExactValue, level: int, prefix: Coordinates) -> Snap | str:
    """The snap of the solution in ``center``'s box on the cells of side ``2**-level``, at the
    first scale of borrowed curvature that certifies it, or why none does."""
    extra = system.space.dim - system.reduced.space.dim
    why = ""
    # A crossing's q'(p) moves with p: its copy of rank 2 may need wider cells than the context's.
    for coarser in _COARSER if extra else (0,):
        neighbourhood = _neighbourhood(system.space, system.point_of(center), level, prefix, extra, coarser)
        for scale in _SCALES:
            found = Snap(system.structure, prefix, center, _SOLUTION_RADIUS, neighbourhood, scale, value, system.context(), extra)
            try:
                system.check_local(found)
                return found
            except _CurvatureError as error:
                why = str(error)
            except _CrossingError as error:
                why = str(error)
                break
            except CertificateError as error:
                return str(error)
    return why


class _CrossingError(CertificateError):
    """Y's pieces may not cross on the neighbourhood: wider cells of q' may still do."""


class _CurvatureError(CertificateError):
    """The local bound's Hessian is not negative definite: a smaller scale of the borrowed
    curvature may still do (no other failure depends on the scale)."""


def solution_context(reduced: ReducedGame, found: Snap) -> Coordinates | None:
    """A rational context within ``2**-100`` of the snap's solution (its witness where that is
    rational), or None if rounding leaves the domain: a search's witness when it snapped (where
    the snap proves the value attained, a witness only locates the maximum, e.g. for a reply)."""
    if found.witness and len(found.witness) == reduced.space.dim:
        return found.witness
    system = _system(reduced, found.structure, found.prefix)
    if system is None:
        return None
    with ctx.workprec(_PRECISION):
        balls = system.point_of(found.center, found.radius)[: reduced.space.dim]
    point = found.prefix + tuple(_fraction(q).limit_denominator(2**100) if q != 0 else Fraction(0)
                                 for q in balls[len(found.prefix):])
    inside = all(q >= 0 for q in point) and all(sum(point[j] for j in group) <= 1 for group in reduced.space.groups)
    return point if inside else None


def check_snap(reduced: ReducedGame, s: int, t: int | None, certificate: Snap) -> ExactValue:
    """Re-derive ``certificate`` from the game: its pieces are bases of the programs of
    ``V[·, s:n−1]`` and ``V[·, t:n−1]``, its box holds one solution of the optimality system, the
    value is that solution's, and the local bound holds on the neighbourhood.  Returns the value
    (the objective's maximum over the neighbourhood, attained there); raises
    :class:`~exactrose.errors.CertificateError` otherwise."""
    structure = certificate.structure
    if structure.anchors or structure.crossing is not None:
        _check_nested_structure(reduced, s, t, certificate)
    elif not structure.upper or any(b.s != s for b in structure.upper) or any(b.s != t for b in structure.lower) \
            or (t is None) != (not structure.lower):
        raise CertificateError("the snapped pieces belong to other contextual values")
    system = _system(reduced, structure, certificate.prefix)
    if system is None:
        raise CertificateError("the snapped structure has no square optimality system")
    if system.value(certificate.center, certificate.radius) != certificate.value:
        raise CertificateError("the snapped value is not the solution's")
    if certificate.witness and certificate.witness != system.context():
        raise CertificateError("the snapped witness is not the system's solution")
    system.check_local(certificate)
    return certificate.value


def _check_nested_structure(reduced: ReducedGame, s: int, t: int | None, certificate: Snap) -> None:
    """An anchored or crossing structure bounds four players' ``W_1`` (s = 1, t = 2, no prefix):
    X's bases (``V[·, 1:3]`` above, ``V[·, 3:3]`` below), anchors at strategies of rank 2 or a
    crossing, with bases of ``V[·, 2:3]`` and ``V[·, 3:3]``.  (That the value is attained is the
    lower end's part: at the rational witness, or by the snap's ``attained``.)"""
    structure = certificate.structure
    if (reduced.game.n, s, t, certificate.prefix) != (4, 1, 2, ()):
        raise CertificateError("anchored pieces bound four players' W_1 alone")
    size = len(reduced.space.groups[1])
    if not structure.upper or not structure.lower or any(b.s != 1 for b in structure.upper) \
            or any(b.s != 3 for b in structure.lower) \
            or any(not a.below or any(b.s != 2 for b in a.below) or a.above.s != 3 for a in structure.anchors):
        raise CertificateError("the snapped pieces belong to other contextual values")
    if any(len(a.strategy) != size or any(q < 0 for q in a.strategy) or sum(a.strategy) > 1 for a in structure.anchors):
        raise CertificateError("an anchor is not a strategy of rank 2")
    crossing = structure.crossing
    if crossing is not None and (not crossing.below or not crossing.above
                                 or any(b.s != 2 for b in crossing.below) or any(a.s != 3 for a in crossing.above)):
        raise CertificateError("the crossing's pieces belong to other contextual values")


# ---------------------------------------------------------------------- structures


def _structures(reduced: ReducedGame, s: int, t: int | None, point: Coordinates, prefix: Coordinates,
                thresholds: Sequence[Fraction] = _THRESHOLDS) -> Iterator[Structure]:
    """The structures near ``point``, one per activity threshold (see :data:`_THRESHOLDS`)."""
    k = len(reduced.expected[-1][0])
    pieces = {u: [(reduced.reply_piece(u, point, c)[0], c) for c in range(k)] for u in ([s] if t is None else [s, t])}
    space = reduced.space
    for threshold in thresholds:
        best_s = max(pieces[s])[0]
        upper = [basis for value, c in pieces[s] if value >= best_s - threshold
                 for basis in near_optimal_bases(reduced, s, c, point, best_s, threshold)]
        if not upper:
            continue
        lower: list[ContextBasis] = []
        if t is not None:
            best_t = max(pieces[t])[0]
            lower = [basis for value, c in pieces[t] if value >= best_t - threshold
                     for basis in near_optimal_bases(reduced, t, c, point, best_t, threshold)]
        zero, eliminated = [], []
        for group in space.groups:
            if group.start < len(prefix):
                continue
            zero += [j for j in group if point[j] <= threshold]
            rest = 1 - sum((point[j] for j in group), Fraction(0))
            if rest <= threshold:
                others = [j for j in group if j not in zero]
                if not others:
                    break
                eliminated.append(max(others, key=lambda j: point[j]))
        else:
            free = space.dim - len(prefix) - len(zero) - len(eliminated)
            yield Structure(tuple(upper), tuple(lower), tuple(zero), tuple(eliminated))
            if len(upper) * max(len(lower), 1) <= free + 1:
                continue
            # More pieces than meet generically: those that matter, most first.
            width = max(len(lower), 1)
            subsets = [(u, j) for a in range(1, len(upper) + 1) for u in itertools.combinations(range(len(upper)), a)
                       for b in range(min(len(lower), 1), len(lower) + 1) for j in itertools.combinations(range(len(lower)), b)
                       if len(u) * max(len(j), 1) <= free + 1]
            for u, j in sorted(subsets, key=lambda pair: -len(pair[0]) * max(len(pair[1]), 1)):
                meeting = tuple(k * width + i for k in u for i in (j or (0,)))
                yield Structure(tuple(upper), tuple(lower), tuple(zero), tuple(eliminated), meeting)


def _nested_structures(reduced: ReducedGame, x_point: Coordinates, y_point: Coordinates) -> Iterator[tuple[Structure, Coordinates]]:
    """Four players' structures (:func:`snap_nested`), per threshold: X's at ``x_point`` with the
    peaks of ``Y(p, ·)`` within the threshold of its maximum (:func:`_peaks`): an anchor at each
    pure one, a crossing at one inside (rank 2 with two actions; its q' then starts the solve);
    all of them, then each alone."""
    group = reduced.space.groups[1]
    p = x_point[: group.start]
    peak = reduced.objective(2, 3, y_point)
    peaks, plateau = _peaks(reduced, p, y_point)
    for threshold in _THRESHOLDS:
        components: list[tuple[dict, int, Coordinates]] = []  # (fields, pieces of Y, starting point)
        for value, e in peaks:
            below = _anchor_bases(reduced, 2, p + e, threshold, True) if value >= peak - threshold else []
            if not below:
                continue
            if all(q in (0, 1) for q in e) or e in plateau:
                above = _anchor_bases(reduced, 3, p + e, threshold, False)
                if above:
                    components.append(({"anchors": (Anchor(e, tuple(below), above[0]),)}, len(below), x_point))
            elif len(group) == 1 and not any("crossing" in fields for fields, _, _ in components):  # one copy of q' at most
                above = _anchor_bases(reduced, 3, p + e, threshold, False, every=True)
                if above:
                    components.append(({"crossing": Crossing(tuple(below), tuple(above))}, len(below) * len(above), x_point + e))
        if not components:
            continue
        whole: dict = {"anchors": sum((fields.get("anchors", ()) for fields, _, _ in components), ())}
        whole["crossing"] = next((fields["crossing"] for fields, _, _ in components if "crossing" in fields), None)
        start = max((start for _, _, start in components), key=len)
        options = [(whole, sum(ys for _, ys, _ in components), start)] + (components if len(components) > 1 else [])
        anchored = [ys for fields, ys, _ in components if "anchors" in fields]
        if whole["crossing"] is not None and len(anchored) > 1:  # the anchors alone (a plateau's point with an end)
            options.insert(1, ({"anchors": whole["anchors"]}, sum(anchored), x_point))
        for structure in _structures(reduced, 1, 3, x_point, (), (threshold,)):
            xs = structure.meeting or tuple(range(len(structure.upper) * max(len(structure.lower), 1)))
            for fields, ys, start in options:
                for tree in _spanning_trees(len(xs), ys):
                    yield replace(structure, meeting=tuple(xs[x] * ys + y for x, y in tree), **fields), start


#: Points of the grid on which :func:`_peaks` looks for local maxima of ``Y(p, ·)`` inside rank 2's simplex.
_GRID = 64


def _peaks(reduced: ReducedGame, p: Coordinates, y_point: Coordinates) -> tuple[list[tuple[Fraction, Coordinates]], set[Coordinates]]:
    """Where ``Y(p, ·)`` may peak, with its values: rank 2's pure strategies, the inner search's
    maximiser ``y_point`` and, for two actions, the local maxima of a grid, each refined by a
    golden-section search (floats guide: the structure found there is solved exactly); and the
    points of a **plateau**.  Where Y is flat in q' on a segment at its maximum (as at a p where
    its peaks at the segment's ends tie), the middle grid point of the segment is an anchor
    like a pure strategy, and the local maxima of ``Y(p ± δ, ·)`` on either side of p are peaks
    too (the segment's ends, which a flat ``Y(p, ·)`` does not show)."""
    group = reduced.space.groups[1]
    pure = [tuple(Fraction(int(i == j)) for i in range(len(group))) for j in range(len(group) + 1)]
    found = {e: reduced.objective(2, 3, p + e) for e in pure}
    found.setdefault(y_point[group.start:], reduced.objective(2, 3, y_point))
    plateau: set[Coordinates] = set()
    if len(group) == 1:
        grid = [reduced.objective(2, 3, p + (Fraction(i, _GRID),)) for i in range(_GRID + 1)]
        levels = [p]
        top = max(grid)
        flat = [i for i, v in enumerate(grid) if top - v <= _FLAT * (1 + abs(top))]
        if len(flat) >= 3 and flat[-1] - flat[0] == len(flat) - 1:  # one run of grid points at the maximum
            middle = (Fraction(flat[len(flat) // 2], _GRID),)
            plateau.add(middle)
            found.setdefault(middle, grid[flat[len(flat) // 2]])
            for j, step in itertools.product(range(len(p)), (-_SIDE, _SIDE)):
                moved = tuple(q + step * (k == j) for k, q in enumerate(p))
                if min(moved) >= 0 and sum(moved) <= 1:
                    levels.append(moved)
        for level in levels:
            for q in _grid_maxima(reduced, level, grid if level == p else None):
                if all(abs(q - e[0]) > Fraction(1, 10**6) for e in found):
                    found[(q,)] = reduced.objective(2, 3, p + (q,))
    return sorted(((value, e) for e, value in found.items()), key=lambda pair: -pair[0]), plateau


#: How close to its maximum (relative) a grid value of ``Y(p, ·)`` is on a plateau, and the step
#: of rank 1's strategy to either side of p where :func:`_peaks` looks for the plateau's ends.
_FLAT = Fraction(1, 10**9)
_SIDE = Fraction(1, 2**16)


def _grid_maxima(reduced: ReducedGame, p: Coordinates, grid: list[Fraction] | None) -> list[Fraction]:
    """The strict local maxima of ``Y(p, ·)`` (rank 2 with two actions) on :data:`_GRID`,
    each refined by a golden-section search; ``grid``: Y's values there, if known."""
    def y(q: Fraction) -> Fraction:
        return reduced.objective(2, 3, p + (q,))
    grid = grid or [y(Fraction(i, _GRID)) for i in range(_GRID + 1)]
    maxima = []
    for i in range(1, _GRID):
        if grid[i] >= max(grid[i - 1], grid[i + 1]) and grid[i] > min(grid[i - 1], grid[i + 1]):  # not inside a plateau
            lo, hi = Fraction(i - 1, _GRID), Fraction(i + 1, _GRID)
            for _ in range(40):
                a, b = lo + (hi - lo) * Fraction(382, 1000), lo + (hi - lo) * Fraction(618, 1000)
                a, b = a.limit_denominator(2**50), b.limit_denominator(2**50)
                lo, hi = (lo, b) if y(a) >= y(b) else (a, hi)
            maxima.append(((lo + hi) / 2).limit_denominator(2**50))
    return maxima


def _spanning_trees(xs: int, ys: int) -> Iterator[tuple[tuple[int, int], ...]]:
    """Sets of pieces ``F_x − y`` (pairs ``(x, y)``) that meet exactly where the ``F_x`` meet and the
    ``y`` meet: the spanning trees of the complete bipartite graph (all the pairs would be more
    equations than unknowns); their weights, unlike the pairs', are the system's."""
    pairs = [(x, y) for x in range(xs) for y in range(ys)]
    for tree in itertools.combinations(pairs, xs + ys - 1):
        parent = list(range(xs + ys))

        def root(node: int) -> int:
            while parent[node] != node:
                node = parent[node]
            return node
        for x, y in tree:
            parent[root(x)] = root(xs + y)
        if len({root(node) for node in range(xs + ys)}) == 1:
            yield tree


def _anchor_bases(reduced: ReducedGame, s: int, point: Coordinates, threshold: Fraction, primal: bool,
                  every: bool = False) -> list[ContextBasis]:
    """Bases of ``V[·, s:3]`` optimal within ``threshold`` at ``point``: below (``primal``), those of
    the programs within ``threshold`` of the best; above, those of the best program (``every``: of
    each program within ``threshold``); the most primal (above: dual) feasible there first."""
    k = len(reduced.expected[-1][0])
    pieces = [(reduced.reply_piece(s, point, c)[0], c) for c in range(k)]
    best, top = max(pieces)
    found = []
    for value, c in pieces:
        if (c != top and not primal and not every) or value < best - threshold:
            continue
        scored = []
        for basis in near_optimal_bases(reduced, s, c, point, best, threshold):
            functions = basis_functions(reduced, basis)
            try:
                scored.append((min(at(f, point) for f in (functions.primal if primal else functions.dual)), basis))
            except ZeroDivisionError:
                continue
        found += [basis for _, basis in sorted(scored, key=lambda pair: -pair[0])]
    return found


def _neighbourhood(space: ContextSpace, point: tuple[arb, ...], level: int, prefix: Coordinates, extra: int = 0,
                   coarser: int = 0) -> Box:
    """The dyadic cells of side ``2**-level`` around the candidate: three per free coordinate,
    the candidate's in the middle, cut to ``[0, 1]`` (``2**(coarser − level)`` for the last ``extra``)."""
    lo, hi = list(prefix), list(prefix)
    for j in range(len(prefix), space.dim):
        cells = 2 ** (max(1, level - coarser) if j >= space.dim - extra else level)
        side = Fraction(1, cells)
        cell = Fraction(int(_fraction(point[j]) * cells // 1), cells)
        lo.append(max(Fraction(0), cell - side))
        hi.append(min(Fraction(1), cell + 2 * side))
    return Box(tuple(lo), tuple(hi))


# ---------------------------------------------------------------------- the optimality system


class OptimalitySystem:
    """The optimality system of a structure (module docstring) and the checks of its certificate."""

    def __init__(self, reduced: ReducedGame, structure: Structure, prefix: Coordinates,
                 pieces: list[Rational], free: list[int]) -> None:
        self.reduced, self.structure, self.prefix = reduced, structure, prefix
        self.pieces, self.free = pieces, free
        #: The coordinates of the neighbourhood (with a crossing's copy of rank 2) and their polynomials.
        self.space, self.context_ring = _space(reduced, structure)
        dim = self.space.dim
        #: The context's coordinates that move (after the prefix): the dimensions of N.
        self.moving = list(range(len(prefix), dim))
        # Pieces equal on the face are one piece of the system (their weight is shared equally).
        face = fmpq_mpoly_ctx.get(("x", max(len(free), 1)), "lex")
        face_images = self._images(face, face.gens())
        classes: dict[tuple[str, str], list[int]] = {}
        for j, (num, den) in enumerate(pieces):
            classes.setdefault(function_key((num.compose(*face_images, ctx=face), den.compose(*face_images, ctx=face))), []).append(j)
        #: The classes of pieces equal on the face, each a list of indices into ``pieces``.
        self.classes = list(classes.values())
        weights = len(self.classes) - 1
        self.unknowns = len(free) + weights
        self.ring = fmpq_mpoly_ctx.get(("z", self.unknowns + 1), "lex")
        z = self.ring.gens()
        one = self.ring.from_dict({(0,) * (self.unknowns + 1): 1})
        self.images = self._images(self.ring, z)
        #: The weight λ of each class (polynomials in the unknowns), then of each piece.
        self.lambdas = [one - sum(z[len(free):self.unknowns], one - one)] + list(z[len(free):self.unknowns])
        self.piece_lambdas = [one - one] * len(pieces)
        for weight, members in zip(self.lambdas, self.classes):
            for j in members:
                self.piece_lambdas[j] = weight * fmpq(1, len(members))
        composed = [(self._compose(pieces[members[0]][0]), self._compose(pieces[members[0]][1])) for members in self.classes]
        self.composed = composed
        equations = []
        for i in range(len(free)):
            total = one - one
            for j, (num, den) in enumerate(composed):
                others = one
                for k, (_, other) in enumerate(composed):
                    if k != j:
                        others = others * other * other
                total = total + self.lambdas[j] * (num.derivative(i) * den - num * den.derivative(i)) * others
            equations.append(total)
        num0, den0 = composed[0]
        equations += [num0 * den - num * den0 for num, den in composed[1:]]
        self.equations = equations
        #: The box ``(center, radius)`` proved to hold the system's one solution, once :meth:`value` has.
        self.solution: tuple[tuple[Fraction, ...], Fraction] | None = None
        #: The solution itself where it is rational (then functions vanish there by evaluation).
        self.rational_solution: tuple[Fraction, ...] | None = None
        #: The solution whose candidate checks passed (:meth:`_check_candidate`), and its ridge factors.
        self.candidate_checked: tuple[object, str] | None = None  # (solution, why it failed or "")
        self._factors: tuple[object, list[fmpq_mpoly]] = (None, [])
        self._known_derivatives: dict[tuple[str, str], tuple[list[Rational], list[list[Rational]]]] = {}
        self.value_equation = z[self.unknowns] * den0 - num0

    def _images(self, ring: fmpq_mpoly_ctx, variables: Sequence[fmpq_mpoly]) -> list[fmpq_mpoly]:
        """The context's coordinates on the face, as polynomials in its free coordinates ``variables``."""
        one = ring.from_dict({(0,) * ring.nvars(): 1})
        images: list[fmpq_mpoly] = []
        for j in range(self.space.dim):
            if j < len(self.prefix):
                images.append(one * to_fmpq(self.prefix[j]))
            elif j in self.free:
                images.append(variables[self.free.index(j)])
            else:
                images.append(one - one)
        for j in self.structure.eliminated:
            group = next(g for g in self.space.groups if j in g)
            images[j] = one - sum((images[i] for i in group if i != j), one - one)
        return images

    def _compose(self, poly: fmpq_mpoly) -> fmpq_mpoly:
        return poly.compose(*self.images, ctx=self.ring)

    # ------------------------------------------------------------------ solving

    def newton(self, point: Coordinates) -> tuple[Fraction, ...] | None:
        """The system's solution near ``point`` by Newton's method (floats guide only), rounded."""
        with mpmath.workdps(_DIGITS):
            try:
                return self._newton(point)
            except (ZeroDivisionError, TypeError, ValueError):  # a singular Jacobian on the way
                return None

    def _newton(self, point: Coordinates) -> tuple[Fraction, ...] | None:
        x = [mpmath.mpf(point[j].numerator) / point[j].denominator for j in self.free]
        weights = self._initial_weights(x)
        if weights is None:
            return None
        z = x + weights
        if not z:
            return ()
        jacobian = [[e.derivative(i) for i in range(self.unknowns)] for e in self.equations]
        pad = [fmpq(0)] * (self.ring.nvars() - self.unknowns)  # the ring's other variables are 0 here
        floats = [float(a) for a in z]  # machine floats first, then a few steps at 90 digits
        for _ in range(40):
            at = _exact_point(floats) + pad
            values = np.array([float(e(*at)) for e in self.equations])
            matrix = np.array([[float(d(*at)) for d in row] for row in jacobian])
            try:
                step = np.linalg.solve(matrix, values)
            except np.linalg.LinAlgError:
                return None
            floats = [a - b for a, b in zip(floats, step)]
            if not np.all(np.isfinite(floats)):
                return None
            if np.max(np.abs(step)) < 1e-13:
                break
        z = [mpmath.mpf(a) for a in floats]
        for _ in range(8):
            at = _exact_point(z) + pad
            values = mpmath.matrix([_mp_eval(e, at) for e in self.equations])
            matrix = mpmath.matrix([[_mp_eval(d, at) for d in row] for row in jacobian])
            step = mpmath.lu_solve(matrix, values)
            z = [a - b for a, b in zip(z, step)]
            if mpmath.norm(step) < mpmath.mpf(2) ** -(3 * _DIGITS):
                break
        else:
            return None
        if any(abs(a) > 10 for a in z):
            return None
        return tuple(Fraction(int(mpmath.nint(a * 2**250)), 2**250) for a in z)

    def _initial_weights(self, x: list) -> list | None:
        """Weights λ_2.. of the pieces making their combined gradient smallest at ``x`` (least squares)."""
        count = len(self.composed)
        if count <= 1:
            return []
        z = x + [mpmath.mpf(0)] * (count - 1) + [mpmath.mpf(0)]
        gradients, point = [], _exact_point(z)
        for num, den in self.composed:
            d, n = _mp_eval(den, point), _mp_eval(num, point)
            gradients.append([(_mp_eval(num.derivative(i), point) * d - n * _mp_eval(den.derivative(i), point)) / d**2
                              for i in range(len(self.free))])
        # Σ λ_j ∇F_j = 0 with λ_1 = 1 − Σ_{j>1} λ_j: columns ∇F_j − ∇F_1.
        rows = len(self.free)
        if rows == 0:
            return [mpmath.mpf(1) / count] * (count - 1)
        a = mpmath.matrix([[gradients[j][i] - gradients[0][i] for j in range(1, count)] for i in range(rows)])
        b = mpmath.matrix([-gradients[0][i] for i in range(rows)])
        try:
            solution = mpmath.qr_solve(a, b)[0] if rows >= count - 1 else None
        except (ZeroDivisionError, ValueError):
            solution = None
        return [solution[i] for i in range(count - 1)] if solution is not None else [mpmath.mpf(1) / count] * (count - 1)

    # ------------------------------------------------------------------ the value

    def value(self, center: tuple[Fraction, ...], radius: Fraction) -> ExactValue:
        """The exact value at the one solution in ``center ± radius`` (Krawczyk), or raise."""
        if len(center) != self.unknowns:
            raise CertificateError("the snapped solution has the wrong number of coordinates")
        self.solution = self.candidate_checked = self.rational_solution = None
        with ctx.workprec(_PRECISION):
            box = [(c, radius) for c in center]
            self._krawczyk(center, radius)
            self.rational_solution = self._rational(center, radius)
            lo, hi = self._range(self.composed[0], box)
            if not self.unknowns:
                return _exact(at(self.composed[0], center))
            polynomial = self._eliminate(box + [((lo + hi) / 2, (hi - lo) / 2)])
        self.solution = (center, radius)  # holds the one solution: Krawczyk's operator proved it
        try:
            root = RealAlgebraic.root_of(_dense(polynomial, self.unknowns), lo, hi)
        except InputError as error:
            raise CertificateError(f"the snapped value is not isolated: {error}") from None
        return _exact(root)

    def context(self) -> Coordinates:
        """The solution's context where it is exact: all of it at a rational solution (see
        :meth:`_rational`); four players' ``W_1`` (anchors or a crossing): rank 1's coordinates,
        also where they are constant on the face; else ()."""
        nested = bool(self.structure.anchors) or self.structure.crossing is not None
        images = self.images[: self.reduced.space.groups[1].start] if nested else self.images
        one = self.ring.from_dict({(0,) * self.ring.nvars(): 1})
        if self.rational_solution is not None:
            return tuple(at((image, one), self.rational_solution) for image in images)
        if nested and all(image.is_constant() for image in images):
            return tuple(at((image, one), ()) for image in images)
        return ()

    def _rational(self, center: tuple[Fraction, ...], radius: Fraction) -> tuple[Fraction, ...] | None:
        """The one solution in ``center ± radius`` if a rational of small denominator near the
        centre solves the system exactly (a vertex of rational pieces, as degenerate maxima
        often are), else None."""
        guess = tuple(c.limit_denominator(2**40) for c in center)
        if any(abs(g - c) > radius for g, c in zip(guess, center)):
            return None
        return guess if all(at((e, e - e + 1), guess) == 0 for e in self.equations) else None

    def _krawczyk(self, center: tuple[Fraction, ...], radius: Fraction) -> None:
        """Prove that ``center ± radius`` holds exactly one solution (Krawczyk's operator maps it
        into its interior), else raise."""
        if not self.unknowns:
            return
        box = [(c, radius) for c in center]
        size = self.unknowns
        exact_jacobian = fmpq_mat([[to_fmpq(at((e.derivative(i), e - e + 1), center)) for i in range(size)]
                                   for e in self.equations])
        if exact_jacobian.rank() < size:
            raise CertificateError("the optimality system is singular at the snapped solution")
        inverse = exact_jacobian.inv()
        residual = arb_mat([[arb(to_fmpq(at((e, e - e + 1), center)))] for e in self.equations])
        ranges = arb_mat([[_ball(poly_range(e.derivative(i), box)) for i in range(size)] for e in self.equations])
        c = arb_mat([[arb(inverse[i, j]) for j in range(size)] for i in range(size)])
        offset = arb_mat([[_ball((-radius, radius))] for _ in range(size)])
        image = c * residual * (-1) + (arb_mat([[int(i == j) for j in range(size)] for i in range(size)]) - c * ranges) * offset
        bound = arb(to_fmpq(radius))
        for i in range(size):
            if not abs(image[i, 0]) < bound:
                raise CertificateError("Krawczyk's operator does not prove one solution in the snapped box")

    def _eliminate(self, box: list[tuple[Fraction, Fraction]]) -> fmpq_mpoly:
        """A nonzero univariate polynomial in the value vanishing at the solution in ``box``:
        resultants eliminate the unknowns, keeping only the factors that may vanish in the box."""
        polys = [_vanishing(p, box) for p in self.equations + [self.value_equation]]
        for var in range(self.unknowns):
            holding = [p for p in polys if p.degrees()[var] > 0]
            if not holding:
                raise CertificateError("the optimality system does not determine the snapped solution")
            pivot = min(holding, key=lambda p: (p.degrees()[var], len(p)))
            rest = []
            for p in polys:
                if p is pivot:
                    continue
                if p.degrees()[var] > 0:
                    p = pivot.resultant(p, var)
                    if p.is_zero():
                        raise CertificateError("a resultant of the optimality system vanishes identically")
                rest.append(_vanishing(p, box))
            polys = rest
        univariate = [p for p in polys if not p.is_constant()]
        if not univariate:
            raise CertificateError("the elimination left no polynomial in the value")
        return min(univariate, key=lambda p: p.degrees()[self.unknowns])

    # ------------------------------------------------------------------ the local certificate

    def point_of(self, center: tuple[Fraction, ...], radius: Fraction = _SOLUTION_RADIUS) -> tuple[arb, ...]:
        """The context coordinates over the solution box (balls)."""
        box = [(c, radius) for c in center] + [(Fraction(0), Fraction(0))]
        with ctx.workprec(_PRECISION):
            return tuple(_ball(poly_range(image, box)) for image in self.images)

    def check_local(self, snap: Snap) -> None:
        """The checks of the module docstring on ``snap``'s neighbourhood, else raise."""
        neighbourhood = snap.neighbourhood
        if self.unknowns and self.solution != (snap.center, snap.radius):
            raise CertificateError("the snapped solution's box was not proved to hold a solution")
        if snap.extra != self.space.dim - self.reduced.space.dim or len(neighbourhood.lo) != self.space.dim:
            raise CertificateError("the snapped neighbourhood does not have the structure's coordinates")
        if neighbourhood.lo[: len(self.prefix)] != self.prefix or neighbourhood.hi[: len(self.prefix)] != self.prefix:
            raise CertificateError("the snapped neighbourhood does not keep the fixed coordinates")
        with ctx.workprec(_PRECISION):
            point = self.point_of(snap.center, snap.radius)
            if not all(_inside(q, lo, hi) for q, lo, hi in list(zip(point, neighbourhood.lo, neighbourhood.hi))[len(self.prefix):]):
                raise CertificateError("the snapped neighbourhood does not hold the solution")
            if self.candidate_checked is None or self.candidate_checked[0] != self.solution:  # once per solution
                try:
                    self._check_candidate(point)
                    self.candidate_checked = (self.solution, "")
                except CertificateError as error:
                    self.candidate_checked = (self.solution, str(error))
            if self.candidate_checked[1]:
                raise CertificateError(self.candidate_checked[1])
            self._check_bound(snap, point)

    def _check_candidate(self, point: tuple[arb, ...]) -> None:
        """At the solution: the face's other constraints hold strictly, g is ``V[·, s:n−1]``
        (primal feasible) and ``max_j h_j`` is ``V[·, t:n−1]`` (each program of t bounded).  With
        anchors (four players' ``W_1``) the value is attained where the inner maxima at the
        solution's rank-1 strategy say so (:func:`snap_nested`), not here."""
        reduced, structure = self.reduced, self.structure
        for group in self.space.groups:
            if group.start < len(self.prefix):
                continue
            for j in group:
                if j not in structure.zero and not point[j] > 0:
                    raise CertificateError("the snapped solution is not inside the face")
            if not any(j in structure.eliminated for j in group):
                if not sum((point[j] for j in group), arb(0)) < 1:
                    raise CertificateError("the snapped solution is not inside the face")
        if structure.anchors or structure.crossing is not None:
            return
        box = _box_of(point)
        uppers, lowers = self._meeting_bases()
        if not any(all(_positive(self._range(f, box)) or self._vanishes(f) for f in basis_functions(reduced, b).primal)
                   for b in uppers):
            raise CertificateError("the upper pieces are not attained at the snapped solution")
        if lowers:
            value = _ball(self._range(basis_functions(reduced, lowers[0]).value, box))
            self._check_programs(lowers[0].s, lowers, box, value, ridge=True)

    def _meeting_bases(self) -> tuple[list[ContextBasis], list[ContextBasis]]:
        """The upper and lower bases of the meeting pieces (equal at the solution, by the system)."""
        structure = self.structure
        parts = structure.parts()
        meeting = structure.meeting or tuple(range(len(parts)))
        uppers = list(dict.fromkeys(structure.upper[parts[i][0]] for i in meeting))
        lowers = list(dict.fromkeys(structure.lower[parts[i][1]] for i in meeting)) if structure.lower else []
        return uppers, lowers

    def _check_programs(self, s: int, own: Sequence[ContextBasis], box: list[tuple[Fraction, Fraction]], ceiling: arb,
                        ridge: bool = False, covered: bool = False) -> None:
        """Every program of ``V[·, s:n−1]`` is at most ``ceiling`` on ``box`` (those of ``own``'s
        bases skipped if they are ``covered`` elsewhere): by a basis of ``own``
        that is dual feasible there, else by the exact dual weights at the box's centre.  On a
        ``ridge`` (``box`` holds the solution, where the pieces of ``own`` equal ``ceiling``) any
        basis of the program will do whose dual conditions hold and whose value is at most the
        pieces' there, exactly where they vanish at the solution (:meth:`_vanishes`)."""
        reduced = self.reduced
        centre = tuple(c for c, _ in box)
        multipliers = None
        reference = basis_functions(reduced, own[0]).value if own else None

        def holds(condition: Rational) -> bool:
            return _positive(self._range(condition, box)) or (ridge and self._vanishes(condition))

        def below(basis: ContextBasis) -> bool:
            if basis in own:
                return True
            (num, den) = basis_functions(reduced, basis).value
            if reference is None:
                return False
            difference = (reference[0] * den - num * reference[1], reference[1] * den)
            return holds(difference)

        for c in range(len(reduced.expected[-1][0])):
            if covered and any(b.c == c for b in own):
                continue
            nearby = near_optimal_bases(reduced, s, c, centre, reduced.reply_piece(s, centre, c)[0], _NEARBY) if ridge else []
            bases = [b for b in own if b.c == c] + nearby
            if any(below(b) and all(holds(f) for f in basis_functions(reduced, b).dual) for b in bases):
                continue
            if multipliers is None:
                multipliers = dual_columns(reduced.extraction(s, centre).certificate.multipliers)
            weights = multipliers[c]
            joint, mine = reduced.joints[s], reduced.expected[-1]
            for a in range(len(joint)):
                bound = joint[a][c] - sum((to_fmpq(w) * q for w, q in zip(weights, mine[a])), joint[a][c] - joint[a][c])
                if not _ball(poly_range(bound, box)) < ceiling:
                    raise CertificateError(f"the program of reply {c} is not below the snapped pieces")

    def _vanishes(self, function: Rational) -> bool:
        """Whether the rational function vanishes at the solution for a reason the optimality
        system proves: at a rational solution, by evaluation; else its numerator, on the face,
        is 0 or a multiple of a factor of a ridge equation that is the only one of its factors
        that may vanish in the solution's box.  A function of the context alone is lifted first."""
        if function[0].context() is not self.context_ring:
            function = self._lifted(function)
        numerator = self._compose(function[0])
        if self.rational_solution is not None:
            return at((numerator, numerator - numerator + 1), self.rational_solution) == 0
        return numerator.is_zero() or any(numerator % factor == 0 for factor in self._ridge_factors())

    def _ridge_factors(self) -> list[fmpq_mpoly]:
        """For each difference of two pieces (they are equal at the solution), its one irreducible
        factor that vanishes at the solution, if the others cannot vanish in the solution's box."""
        if self.solution is None:
            return []
        if self._factors[0] != self.solution:
            self._factors = (self.solution, self._find_ridge_factors())
        return self._factors[1]

    def _find_ridge_factors(self) -> list[fmpq_mpoly]:
        assert self.solution is not None
        box = [(c, self.solution[1]) for c in self.solution[0]]
        found = []
        pairs = itertools.combinations(self.composed, 2)  # all pieces are equal at the solution
        for equation in (num * other_den - other_num * den for (num, den), (other_num, other_den) in pairs):
            if equation.is_zero():
                continue
            factors = [f for f, _ in equation.factor()[1] if not f.is_constant()]
            vanishing = [f for f in factors if (lambda r: r[0] <= 0 <= r[1])(poly_range(f, box))]
            if len(vanishing) == 1:
                found.append(vanishing[0])
        return found

    def _check_pieces(self, box: list[tuple[Fraction, Fraction]], uppers: Sequence[ContextBasis]) -> None:
        """On N, every program of s without a basis among ``uppers`` (feasible there, or on the
        sides of a split: see :meth:`_check_bound`) stays below them."""
        reduced = self.reduced
        floor = min(_ball(self._range(basis_functions(reduced, b).value, box)).lower() for b in uppers)
        self._check_programs(uppers[0].s, uppers, box, floor, covered=True)

    def _check_bound(self, snap: Snap, point: tuple[arb, ...]) -> None:
        """The objective is at most the value on N.  A **ridge**: the bases of the meeting pieces
        are feasible on all of N (upper ones dual, lower ones primal), and the meeting pieces with
        the system's weights make Q concave (:meth:`_check_concave`).  A **split**: two bases of
        one side are each feasible on one side of the surface where their program's optimal
        basis switches (their conditions there are opposite: together they cover N), every other
        basis on all of N; each side is checked with the pieces feasible there
        (:meth:`_check_square`)."""
        reduced, structure = self.reduced, self.structure
        box = _box_of_range(snap.neighbourhood)
        parts = structure.parts()
        meeting = structure.meeting or tuple(range(len(parts)))
        upper = [[f for f in basis_functions(reduced, b).dual if not _positive(self._range(f, box))] for b in structure.upper]
        lower = [[f for f in basis_functions(reduced, b).primal if not _positive(self._range(f, box))] for b in structure.lower]
        ys = structure.ys()
        below = [[anchored(reduced, f, structure.anchors[a].strategy)
                  for f in basis_functions(reduced, structure.anchors[a].below[k]).primal] if kind == 0 else []
                 for kind, a, k in ys]  # a crossing's pieces are checked by _check_crossing
        below = [[f for f in conditions if not _positive(self._range(f, box))] for conditions in below]
        if structure.anchors:
            self._check_anchors(box[: reduced.space.dim])
        if structure.crossing is not None:
            self._check_crossing(box)
            box = box[: reduced.space.dim]  # X's bases are functions of the context alone
        tight = any(upper[u] or (structure.lower and lower[j]) or (ys and below[y]) for u, j, y in (parts[i] for i in meeting))
        if not tight:
            self._check_pieces(box, self._meeting_bases()[0])
            if self._flat(snap) or self._sharp(snap, self.pieces, self._constraints()):
                return
            center = [(c, snap.radius) for c in snap.center] + [(Fraction(0), Fraction(0))]
            lambdas = [_ball(poly_range(q, center)) for q in self.piece_lambdas]
            self._check_concave(snap, point, self.pieces, lambdas)
            return
        sides = [(0, k, conditions) for k, conditions in enumerate(upper) if conditions]
        sides += [(1, j, conditions) for j, conditions in enumerate(lower) if conditions]
        sides += [(2, y, conditions) for y, conditions in enumerate(below) if conditions]
        if any(len(conditions) != 1 for _, _, conditions in sides):
            raise CertificateError("the pieces are not feasible on the neighbourhood, nor on the sides of one split")
        # One surface σ = 0 for every tight condition (each k·σ over a denominator of fixed sign on N):
        # on each side of it, the bases whose condition has that side's sign are feasible.
        surface = sides[0][2][0][0]
        one = surface.context().from_dict({(0,) * surface.context().nvars(): 1})
        facing: dict[tuple[int, int], int] = {}
        for kind, index, (condition,) in sides:
            if (side := self._side(condition, surface, box)) is None:
                raise CertificateError("the split's conditions are not one surface with sides fixed on the neighbourhood")
            facing[(kind, index)] = side
        self._check_pieces(box, structure.upper)  # each is feasible on N, or on its side of the split
        pieces = all_pieces(reduced, structure)
        for orientation in (1, -1):
            def on(kind: int, index: int) -> bool:
                return facing.get((kind, index), orientation) == orientation
            uppers = [k for k in range(len(upper)) if on(0, k)]
            programs = {b.c for b in structure.upper}
            if {structure.upper[k].c for k in uppers} != programs or (structure.lower and not any(on(1, j) for j in range(len(lower)))) \
                    or (ys and not any(on(2, y) for y in range(len(ys)))):
                raise CertificateError("a side of the split has no piece for one of its programs")
            held = [pieces[i] for i, (k, j, y) in enumerate(parts) if on(0, k) and on(1, j) and on(2, y)]
            condition = self._lifted((surface * orientation, one))
            # Each piece of the side, and the side's condition, is the value, resp. 0, at the solution.
            if not self._vanishes(condition) or not all(self._vanishes(_minus(piece, self.pieces[0])) for piece in held):
                raise CertificateError("a side of the split is not bounded at the snapped solution")
            self._check_square(snap, point, held, condition)

    def _check_anchors(self, box: list[tuple[Fraction, Fraction]]) -> None:
        """Each anchor's basis of ``V[·, 3:3]`` is dual feasible on N and every other program of
        ``V[·, 3:3]`` is below it (at rank 2's fixed strategy); its bases of ``V[·, 2:3]`` are
        checked with the split (:meth:`_check_bound`)."""
        reduced = self.reduced
        for anchor in self.structure.anchors:
            fixed = list(box)
            for j, q in zip(reduced.space.groups[1], anchor.strategy):
                fixed[j] = (q, Fraction(0))
            above = basis_functions(reduced, anchor.above)
            if not all(_positive(self._range(f, fixed)) for f in above.dual):
                raise CertificateError("an anchor of the nested maximum is not feasible on the neighbourhood")
            floor = _ball(self._range(above.value, fixed)).lower()
            self._check_programs(3, [anchor.above], fixed, floor, covered=True)

    def _check_crossing(self, box: list[tuple[Fraction, Fraction]]) -> None:
        """On N (``box``: the context's coordinates, then the copy q' of rank 2's), ``Y >= min y``
        over the crossing's pieces, and for each p two pieces ``y`` cross at some q' of N (rank 2
        has two actions: their difference has opposite signs at N's two ends of q')."""
        reduced, crossing = self.reduced, self.structure.crossing
        assert crossing is not None
        dim, rank_2 = reduced.space.dim, reduced.space.groups[1]
        copy = [box[dim + rank_2.index(j)] if j in rank_2 else box[j] for j in range(dim)]  # (p, q') as a context
        if not self._covering([basis_functions(reduced, b).primal for b in crossing.below], copy) \
                or not self._covering([basis_functions(reduced, a).dual for a in crossing.above], copy):
            raise CertificateError("the pieces of Y are not feasible on the neighbourhood, nor on the sides of one split")
        floor = min(_ball(self._range(basis_functions(reduced, a).value, copy)).lower() for a in crossing.above)
        self._check_programs(3, list(crossing.above), copy, floor, covered=True)
        ys = {function_key(y): y for y in (_pair_piece(reduced, (crossing.below[k], crossing.above[j]))
                                           for kind, k, j in self.structure.ys() if kind == 1)}
        if len(rank_2) != 1 or len(ys) != 2:
            raise CertificateError("a crossing needs two pieces of Y over one coordinate of rank 2")
        first, second = ys.values()
        if not self._cross(_minus(first, second), copy, rank_2[0]):
            raise _CrossingError("the pieces of Y may not cross on the neighbourhood")

    def _cross(self, difference: Rational, box: list[tuple[Fraction, Fraction]], q: int) -> bool:
        """Whether two pieces of Y cross along rank 2's coordinate ``q`` for every other point of
        the box: their ``difference`` has opposite signs at the box's two ends of q."""
        centre, radius = box[q]
        signs = [_sign(self._range(difference, [(end, Fraction(0)) if j == q else box[j] for j in range(len(box))]))
                 for end in (centre - radius, centre + radius)]
        return 0 not in signs and signs[0] != signs[1]

    def _lifted(self, function: Rational) -> Rational:
        """A rational function of the context as one of the neighbourhood's coordinates (with a crossing, more)."""
        if self.context_ring is self.reduced.ring:
            return function
        return _composed(function, self.context_ring.gens()[: self.reduced.space.dim])

    def _covering(self, conditions: list[tuple[Rational, ...]], box: list[tuple[Fraction, Fraction]]) -> bool:
        """Whether at every point of the box some basis is feasible (its ``conditions`` all ``>= 0``):
        one on all of it, or two on the two sides of one surface (each with one condition not
        positive on the box, multiples of one numerator with opposite sides)."""
        tight = [[f for f in fs if not _positive(self._range(f, box))] for fs in conditions]
        if any(not t for t in tight):
            return True
        single = [t[0] for t in tight if len(t) == 1]
        return any({1, -1} <= {self._side(condition, surface, box) for condition in single} for surface, _ in single)

    def _side(self, condition: Rational, surface: fmpq_mpoly, box: list[tuple[Fraction, Fraction]]) -> int | None:
        """The side of ``surface = 0`` where ``condition >= 0`` on the box (1: ``surface >= 0``, −1:
        ``surface <= 0``), if its numerator is a multiple of ``surface`` and its denominator keeps
        its sign on the box; else None."""
        numerator, denominator = condition
        ring = denominator.context()
        ratio, (lo, hi) = _ratio(numerator, surface), self._range((denominator, ring.from_dict({(0,) * ring.nvars(): 1})), box)
        if ratio is None or lo <= 0 <= hi:
            return None
        return 1 if (ratio > 0) == (lo > 0) else -1

    def _check_concave(self, snap: Snap, point: tuple[arb, ...], pieces: list[Rational], lambdas: list[arb]) -> None:
        """``Q`` (module docstring) of ``pieces`` with the system's weights ``lambdas`` and the face's
        constraints has a negative definite Hessian on N, with the multipliers ρ > 0: the gradient
        of L at the solution lies in the span of the face's normals (the system makes it stationary
        along the face), so ρ solves the normal equations exactly."""
        moving = self.moving
        if not all(q > 0 for q in lambdas):
            raise CertificateError("a weight of the snapped pieces is not positive")
        at_solution = _box_of(point)
        constraints = self._constraints()
        normals = [[_ball(self._range(g, at_solution)) for g in self._derivatives(c)[0]] for c in constraints]
        derivatives = [self._derivatives(p) for p in pieces]
        gradient = [sum((w * _ball(self._range(d[0][i], at_solution)) for w, d in zip(lambdas, derivatives)), arb(0))
                    for i in range(len(moving))]
        rho = _multipliers(normals, gradient)
        if rho is None or not all(r > 0 for r in rho):
            raise CertificateError("the snapped solution is not a maximum along the face (a multiplier is not positive)")
        self._check_hessian(snap, pieces, lambdas, derivatives, constraints, rho)

    def _check_square(self, snap: Snap, point: tuple[arb, ...], pieces: list[Rational], condition: Rational) -> None:
        """Q of a subset of ``pieces`` and of the constraints (the face's and the side's
        ``condition``), as many weights and multipliers as coordinates, solving
        ``Σ λ_j ∇F_j + Σ ρ_a ∇c_a = 0`` (``Σ λ = 1``) as a square system, all positive, with Q's
        Hessian negative definite on N (subsets tried in turn; any gives a bound)."""
        at_solution = _box_of(point)
        constraints = self._constraints() + [condition]
        if self._sharp(snap, pieces, constraints):
            return
        normals = [[_ball(self._range(g, at_solution)) for g in self._derivatives(c)[0]] for c in constraints]
        derivatives = [self._derivatives(p) for p in pieces]
        gradients = [[_ball(self._range(g, at_solution)) for g in d[0]] for d in derivatives]
        why = "the snapped solution is not a maximum on a side of the split (no positive multipliers)"
        for chosen, active, lambdas, rho in _positive_weights(gradients, normals):
            try:
                self._check_hessian(snap, [pieces[j] for j in chosen], lambdas, [derivatives[j] for j in chosen],
                                    [constraints[a] for a in active], rho)
                return
            except CertificateError as error:
                why = str(error)
        raise CertificateError(why)

    def _flat(self, snap: Snap) -> bool:
        """Whether some piece is at most the value all over N (by its range): a **plateau**, where
        a piece is constant along the face and no multiplier is positive."""
        box = _box_of_range(snap.neighbourhood)
        for piece in self.pieces:
            try:
                if self._range(piece, box)[1] <= snap.value:
                    return True
            except CertificateError:  # a denominator may vanish on N
                continue
        return False

    def _sharp(self, snap: Snap, pieces: list[Rational], constraints: list[Rational]) -> bool:
        """Whether the solution is a **sharp** maximum of ``min_j F_j`` on N, a vertex where the
        pieces fall at first order in every direction the constraints ``c_a >= 0`` allow: some
        ``d + 1`` of the pieces' gradients and the constraints' normals (``d`` coordinates), each
        ranging over its values on all of N, have weights ``λ_j, ρ_a > 0`` with
        ``Σ λ_j ∇F_j + Σ ρ_a ∇c_a = 0`` for every choice in those ranges (one interval solve).  Then
        for a context z of N with ``δ = z − z*``, take each ``∇F_j`` in its range maximising ``∇F_j · δ``
        and each ∇c_a where ``c_a(z) = ∇c_a · δ`` (mean values on the box N): the weights give
        ``Σ λ_j ∇F_j · δ = −Σ ρ_a c_a(z) <= 0``, so some ``F_j(z) − F_j(z*) <= ∇F_j · δ <= 0``."""
        box = _box_of_range(snap.neighbourhood)
        try:
            gradients = [[_ball(self._range(g, box)) for g in self._derivatives(p)[0]] for p in pieces]
            normals = [[_ball(self._range(g, box)) for g in self._derivatives(c)[0]] for c in constraints]
        except CertificateError:  # a denominator may vanish on N
            return False
        return next(_positive_weights(gradients, normals), None) is not None

    def _check_hessian(self, snap: Snap, pieces: list[Rational], lambdas: list[arb],
                       piece_derivatives: list[tuple[list[Rational], list[list[Rational]]]],
                       constraints: list[Rational], rho: list[arb]) -> None:
        """Q's Hessian (module docstring) is negative definite all over N (interval leading minors)."""
        moving = self.moving
        size = len(moving)
        box = _box_of_range(snap.neighbourhood)
        constraint_derivatives = [self._derivatives(c) for c in constraints]
        gradients = [[_ball(self._range(g, box)) for g in d[0]] for d in piece_derivatives]
        hessians = [[[_ball(self._range(h, box)) for h in row] for row in d[1]] for d in piece_derivatives]
        hessian = [[sum((w * h[i][k] for w, h in zip(lambdas, hessians)), arb(0)) for k in range(size)] for i in range(size)]
        scale = arb(to_fmpq(snap.scale))
        if len(pieces) > 1:
            # G_j = F_j − L = Σ_l λ_l (F_j − F_l), each difference bounded as one function (it vanishes at the solution).
            gaps = [[_ball(self._range(_minus(p, q), box)) for q in pieces] for p in pieces]
            deviations = [sum((w * d for w, d in zip(lambdas, row)), arb(0)) for row in gaps]
            spread = max(abs(d).upper() for row in gaps for d in row)
            weight = min(q.lower() for q in lambdas)
            kappa = scale * weight / (len(pieces) * spread)
            mean_gradient = [sum((w * g[i] for w, g in zip(lambdas, gradients)), arb(0)) for i in range(size)]
            mean_hessian = [row[:] for row in hessian]
            for deviation, g, h in zip(deviations, gradients, hessians):
                dg = [g[i] - mean_gradient[i] for i in range(size)]
                for i in range(size):
                    for k in range(size):
                        hessian[i][k] -= 2 * kappa * (dg[i] * dg[k] + deviation * (h[i][k] - mean_hessian[i][k]))
        for r, constraint, (first, second) in zip(rho, constraints, constraint_derivatives):
            value = _ball(self._range(constraint, box))
            reach = value.upper() / scale  # c_a <= reach on N: c_a − c_a² / reach >= 0 where 0 <= c_a <= reach
            g = [_ball(self._range(q, box)) for q in first]
            h = [[_ball(self._range(q, box)) for q in row] for row in second]
            for i in range(size):
                for k in range(size):
                    hessian[i][k] += r * (h[i][k] - 2 * (g[i] * g[k] + value * h[i][k]) / reach)
        negated = [[-q for q in row] for row in hessian]
        for order in range(1, size + 1):
            if not arb_mat([row[:order] for row in negated[:order]]).det() > 0:
                raise _CurvatureError("the local bound's Hessian is not negative definite on the neighbourhood")

    def _derivatives(self, function: Rational) -> tuple[list[Rational], list[list[Rational]]]:
        """:func:`_derivatives` over the moving coordinates, kept per function."""
        key = (str(function[0]), str(function[1]))
        if key not in self._known_derivatives:
            self._known_derivatives[key] = _derivatives(function, self.moving)
        return self._known_derivatives[key]

    def _constraints(self) -> list[Rational]:
        """The face's constraints ``c_a >= 0``, active at the solution: a coordinate at 0, a
        strategy whose last action has probability 0 (polynomials over 1)."""
        structure, ring = self.structure, self.context_ring
        gens, one = ring.gens(), ring.from_dict({(0,) * ring.nvars(): 1})
        constraints = [(gens[j], one) for j in structure.zero]
        for j in structure.eliminated:
            group = next(g for g in self.space.groups if j in g)
            constraints.append((one - sum((gens[i] for i in group), one - one), one))
        return constraints

    # ------------------------------------------------------------------ ranges

    # ------------------------------------------------------------------ attained at an irrational p

    def rank_1_box(self, snap: Snap) -> Box:
        """A rational box of rank 1's coordinates holding the solution's (twice its balls' radii)."""
        box = _box_of(self.point_of(snap.center, snap.radius)[: len(self.reduced.space.groups[0])])
        return Box(tuple(c - 2 * r for c, r in box), tuple(c + 2 * r for c, r in box))

    def holds_solution(self, snap: Snap, strategies: Box) -> bool:
        """Whether the box of rank 1's coordinates holds the solution's."""
        with ctx.workprec(_PRECISION):
            point = self.point_of(snap.center, snap.radius)
            return all(_inside(q, lo, hi) for q, lo, hi in zip(point, strategies.lo, strategies.hi))

    def check_attained_piece(self, snap: Snap, piece: tuple[int, int]) -> None:
        """X's piece ``g − h`` (indices into ``upper`` and ``lower``) is X's value at the solution:
        g primal feasible, every program of ``V[·, 3:3]`` at most h (its other meeting bases, equal
        to h there, among them; ties where the optimality system proves them), else raise."""
        reduced, structure = self.reduced, self.structure
        with ctx.workprec(_PRECISION):
            box = _box_of(self.point_of(snap.center, snap.radius))[: reduced.space.dim]
            g, h = structure.upper[piece[0]], structure.lower[piece[1]]
            if not all(_positive(self._range(f, box)) or self._vanishes(f) for f in basis_functions(reduced, g).primal):
                raise CertificateError("X's meeting piece is not attained at the snapped solution")
            lowers = [h] + [b for b in self._meeting_bases()[1] if b != h]
            self._check_programs(h.s, lowers, box, _ball(self._range(basis_functions(reduced, h).value, box)), ridge=True)

    def peaks_near(self, snap: Snap, width: Fraction, pairs: tuple[Pair, ...], anchor: Coordinates) -> list[Peak]:
        """The peaks to try with half-width ``width``: at an anchor, the interval from its pure
        strategy, one per pair; at the crossing, an interval around the solution's q' with a
        dyadic centre (so that halving [0, 1] reaches its ends), all pairs."""
        if anchor:
            lo, hi = (Fraction(0), width) if anchor[0] == 0 else (1 - width, Fraction(1))
            return [Peak(lo, hi, pairs, anchor)] + ([Peak(lo, hi, (pair,), anchor) for pair in pairs] if len(pairs) > 1 else [])
        step = width / 64
        crossing = self.point_of(snap.center, snap.radius)[self.reduced.space.dim]
        centre = round(_fraction(crossing) / step) * step
        return [Peak(centre - width, centre + width, pairs)] if width <= centre <= 1 - width else []

    def check_peak(self, snap: Snap, strategies: Box, peak: Peak) -> None:
        """On ``P × [lo, hi]`` (P: ``strategies``) the pairs' pieces bound Y from above
        (``V[·, 2:3]``'s bases dual feasible, ``V[·, 3:3]``'s primal feasible): at an anchor Y is
        at most the largest (every other program of ``V[·, 2:3]`` below them), and each falls away
        from it; at a crossing Y is at most each (every other program below it), and two distinct
        pieces, one rising and one falling, cross for every p of P, at the solution's q' at p*.
        Else raise."""
        reduced = self.reduced
        dim, q = reduced.space.dim, reduced.space.groups[1][0]
        box = _product(strategies, peak.lo, peak.hi)
        with ctx.workprec(_PRECISION):
            floors = {}
            for b, a in peak.pairs:
                if b.s != 2 or a.s != 3:
                    raise CertificateError("a peak's pair is not a basis of V[·, 2:3] and one of V[·, 3:3]")
                upper, lower = basis_functions(reduced, b), basis_functions(reduced, a)
                if not all(_positive(self._range(f, box)) for f in upper.dual + lower.primal):
                    raise CertificateError("a piece of Y does not bound it from above near its peak")
                floors[b] = _ball(self._range(upper.value, box)).lower()
            pieces = {function_key(y): y for y in (_pair_piece(reduced, pair) for pair in peak.pairs)}
            slopes = [self._slope(y, box, q) for y in pieces.values()]
            if peak.anchor:
                self._check_programs(2, list(floors), box, min(floors.values()), covered=True)
                if not peak.lo < peak.hi or ((peak.lo, peak.anchor) != (0, (Fraction(0),))
                                             and (peak.hi, peak.anchor) != (1, (Fraction(1),))):
                    raise CertificateError("an anchor's interval does not end at its strategy")
                if any(slope != (-1 if peak.lo == 0 else 1) for slope in slopes):
                    raise CertificateError("Y's pieces do not fall away from their anchor")
                return
            for b, floor in floors.items():
                self._check_programs(2, [b], box, floor, covered=True)
            if len(pieces) != 2 or sorted(slopes) != [-1, 1]:
                raise CertificateError("a crossing needs one piece of Y rising and one falling")
            if not _inside(self.point_of(snap.center, snap.radius)[dim], peak.lo, peak.hi):
                raise CertificateError("the crossing's interval does not hold the solution's strategy of rank 2")
            if not self._cross(_minus(*pieces.values()), box, q):
                raise CertificateError("Y's pieces may not cross in the interval")

    def peak_floor(self, snap: Snap, strategies: Box, peak: Peak) -> Fraction:
        """A rational at most the peak's value at every p of P: its pieces at the anchor, or at a
        rational q' of the crossing's interval (the crossing's value is the largest minimum)."""
        if peak.anchor:
            where = peak.anchor[0]
        else:
            where = min(max(_fraction(self.point_of(snap.center, snap.radius)[self.reduced.space.dim]), peak.lo), peak.hi)
        box = _product(strategies, where, where)
        with ctx.workprec(_PRECISION):
            return min(self._range(_pair_piece(self.reduced, pair), box)[0] for pair in peak.pairs)

    def _slope(self, function: Rational, box: list[tuple[Fraction, Fraction]], q: int) -> int:
        """The sign of the function's derivative along coordinate ``q`` all over the box (0: not fixed)."""
        num, den = function
        return _sign(self._range((num.derivative(q) * den - num * den.derivative(q), den * den), box))

    def _range(self, function: Rational, box: list[tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction]:
        """Bounds of a rational function of the context over the box (its denominator's sign fixed there)."""
        num = poly_range(function[0], box)
        den = poly_range(function[1], box)
        if den[0] <= 0 <= den[1]:
            raise CertificateError("a denominator may vanish on the snapped neighbourhood")
        ends = [a / b for a in num for b in den]
        return min(ends), max(ends)


@lru_cache(maxsize=256)
def _system(reduced: ReducedGame, structure: Structure, prefix: Coordinates) -> OptimalitySystem | None:
    """The optimality system of ``structure`` (None if it is not square)."""
    pieces = all_pieces(reduced, structure)
    if any(not 0 <= i < len(pieces) for i in structure.meeting) or len(set(structure.meeting)) != len(structure.meeting):
        return None
    pieces = [pieces[i] for i in structure.meeting] if structure.meeting else pieces
    if len({(str(num), str(den)) for num, den in pieces}) != len(pieces):
        return None
    held = set(structure.zero) | set(structure.eliminated)
    free = [j for j in range(len(prefix), _space(reduced, structure)[0].dim) if j not in held]
    system = OptimalitySystem(reduced, structure, prefix, pieces, free)
    return system if len(system.classes) - 1 <= len(free) else None


def nested_system(reduced: ReducedGame, snap: Snap) -> OptimalitySystem:
    """The optimality system of a nested snap (four players' ``W_1``, rank 2 with two actions)
    with its solution proved in the snap's box, for :mod:`~exactrose.values.search.attainment`."""
    structure = snap.structure
    if not structure.anchors and structure.crossing is None:
        raise CertificateError("only a nested snap (anchors or a crossing) is attained at an irrational strategy")
    if len(reduced.space.groups[1]) != 1:
        raise CertificateError("rank 2 has more than two actions: Y's peaks are not bounded at an irrational strategy")
    system = _system(reduced, structure, ())
    if system is None:
        raise CertificateError("the snap's structure has no optimality system")
    if system.solution != (snap.center, snap.radius):
        system.value(snap.center, snap.radius)  # proves the box holds the one solution, or raises
    return system


def all_pieces(reduced: ReducedGame, structure: Structure) -> list[Rational]:
    """Every piece of ``structure``: ``g_k − h_j`` (upper first), or ``g_k`` without lower bases;
    less each anchor's ``κ_below − κ_above`` (see :class:`Anchor`)."""
    uppers = [basis_functions(reduced, basis).value for basis in structure.upper]
    if not structure.lower:
        pieces = [reduced_fraction(upper) for upper in uppers]
    else:
        lowers = [basis_functions(reduced, basis).value for basis in structure.lower]
        pieces = [_minus(upper, lower) for upper in uppers for lower in lowers]
    if not structure.anchors and structure.crossing is None:
        return pieces
    anchors, crossing = structure.anchors, structure.crossing
    ys = []
    for kind, i, j in structure.ys():
        if kind == 0:
            ys.append(_minus(anchored(reduced, basis_functions(reduced, anchors[i].below[j]).value, anchors[i].strategy),
                             anchored(reduced, basis_functions(reduced, anchors[i].above).value, anchors[i].strategy)))
        else:
            assert crossing is not None
            ys.append(_pair_piece(reduced, (crossing.below[i], crossing.above[j])))
    if crossing is None:
        return [_minus(piece, y) for piece in pieces for y in ys]
    # With a crossing, the pieces are functions of the context and q' (a copy of rank 2's coordinates).
    ring = _space(reduced, structure)[1]
    gens = ring.gens()
    dim, rank_2 = reduced.space.dim, reduced.space.groups[1]
    context = [gens[j] for j in range(dim)]
    copy = [gens[dim + rank_2.index(j)] if j in rank_2 else gens[j] for j in range(dim)]
    return [_minus(_composed(piece, context), _composed(y, copy if kind == 1 else context))
            for piece in pieces for y, (kind, _, _) in zip(ys, structure.ys())]


def _space(reduced: ReducedGame, structure: Structure) -> tuple[ContextSpace, fmpq_mpoly_ctx]:
    """The coordinates of a structure's neighbourhood and their polynomials: the context's, and
    with a crossing a copy of rank 2's after them."""
    if structure.crossing is None:
        return reduced.space, reduced.ring
    space = ContextSpace(reduced.space.sizes + reduced.space.sizes[1:2])
    return space, fmpq_mpoly_ctx.get(("w", space.dim), "lex")


def anchored(reduced: ReducedGame, function: Rational, strategy: Coordinates) -> Rational:
    """A rational function of the context with rank 2's coordinates fixed at ``strategy``."""
    ring = reduced.ring
    images = list(ring.gens())
    for j, q in zip(reduced.space.groups[1], strategy):
        images[j] = ring.from_dict({(0,) * ring.nvars(): to_fmpq(q)})
    return _composed(function, images)


def _composed(function: Rational, images: Sequence[fmpq_mpoly]) -> Rational:
    """A rational function with its variables replaced by ``images`` (polynomials of one ring)."""
    ring = images[0].context()
    return function[0].compose(*images, ctx=ring), function[1].compose(*images, ctx=ring)


# ---------------------------------------------------------------------- helpers


def poly_range(poly: fmpq_mpoly, box: Sequence[tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction]:
    """Exact rational bounds of ``poly`` over the box of ``(centre, radius)`` pairs (one per
    variable): its value at the centre, plus or minus the absolute values of its Taylor
    coefficients there times the radii's powers."""
    ring = poly.context()
    gens = ring.gens()
    box = list(box) + [(Fraction(0), Fraction(0))] * (len(gens) - len(box))
    shifted = poly.compose(*(g + to_fmpq(c) for g, (c, _) in zip(gens, box)), ctx=ring)
    middle, error = fmpq(0), fmpq(0)
    radii = [to_fmpq(r) for _, r in box]
    for exponents, coefficient in shifted.terms():
        if not any(exponents):
            middle = coefficient
            continue
        term = abs(coefficient)
        for r, e in zip(radii, exponents):
            if e:
                term *= r ** int(e)
        error += term
    return from_fmpq(middle - error), from_fmpq(middle + error)


def _vanishing(poly: fmpq_mpoly, box: list[tuple[Fraction, Fraction]]) -> fmpq_mpoly:
    """``poly`` without the irreducible factors that cannot vanish anywhere in ``box``."""
    if poly.is_constant():
        return poly
    kept = poly.context().from_dict({(0,) * poly.context().nvars(): 1})
    _, factors = poly.factor()
    with ctx.workprec(_PRECISION):
        balls = [arb(to_fmpq(c), to_fmpq(r)) for c, r in box]
        balls += [arb(0)] * (poly.context().nvars() - len(balls))
        for factor, multiplicity in factors:
            if not factor.is_constant() and not _arb_eval(factor, balls) != 0:  # 0 not excluded: may vanish
                kept = kept * factor
    if kept.is_constant():
        raise CertificateError("no factor of the optimality system vanishes at the snapped solution")
    return kept


def _arb_eval(poly: fmpq_mpoly, balls: Sequence[arb]) -> arb:
    """``poly`` over the balls (ball arithmetic at the current precision: it holds every value)."""
    total = arb(0)
    for exponents, coefficient in poly.terms():
        term = arb(coefficient)
        for x, e in zip(balls, exponents):
            if e:
                term *= x ** int(e)
        total += term
    return total


def _dense(poly: fmpq_mpoly, var: int) -> list[Fraction]:
    """The coefficients (highest degree first) of a polynomial in the variable ``var`` alone."""
    coefficients = [Fraction(0)] * (poly.degrees()[var] + 1)
    for exponents, coefficient in poly.terms():
        coefficients[-1 - int(exponents[var])] = from_fmpq(coefficient)
    return coefficients


def _exact_point(z: Sequence[float] | Sequence[mpmath.mpf]) -> list[fmpq]:
    """Floats or mpmath numbers as the exact binary fractions they are (ValueError if one is not finite)."""
    point = []
    for a in z:
        if not mpmath.isfinite(a):
            raise ValueError("a Newton iterate left the reals")
        if isinstance(a, float):
            point.append(fmpq(*a.as_integer_ratio()))
            continue
        magnitude, exponent = a.man_exp
        mantissa = -int(magnitude) if a < 0 else int(magnitude)
        point.append(fmpq(mantissa * 2**exponent) if exponent >= 0 else fmpq(mantissa, 2**-exponent))
    return point


def _mp_eval(poly: fmpq_mpoly, point: list[fmpq]) -> mpmath.mpf:
    """``poly`` at ``point`` (one coordinate per variable of its ring), evaluated exactly, as an mpmath number."""
    value = poly(*point)
    return mpmath.mpf(int(value.p)) / int(value.q)


def _ball(bounds: tuple[Fraction, Fraction]) -> arb:
    lo, hi = bounds
    low, high = arb(to_fmpq(lo)), arb(to_fmpq(hi))
    return (low + high) / 2 + arb(0, 1) * ((high - low) / 2)


def _positive(bounds: tuple[Fraction, Fraction]) -> bool:
    """The function is ``>= 0`` all over the box (identically 0 counts)."""
    return bounds[0] >= 0


def _box_of(point: Sequence[arb]) -> list[tuple[Fraction, Fraction]]:
    """A rational box (centre, radius) holding the balls."""
    out = []
    for q in point:
        mid, rad = q.mid(), q.rad()
        centre = _fraction(mid)
        out.append((centre, _fraction(rad) + abs(_fraction(mid) - centre)))
    return out


def _inside(q: arb, lo: Fraction, hi: Fraction) -> bool:
    """The ball lies inside ``(lo, hi)``, or is exactly an end of the domain ``[0, 1]`` that the interval keeps."""
    exact = q.is_exact() and q.mid().unique_fmpz() is not None
    return bool(q > arb(to_fmpq(lo)) and q < arb(to_fmpq(hi))) or (exact and ((lo == 0 and q == 0) or (hi == 1 and q == 1)))


def _box_of_range(box: Box) -> list[tuple[Fraction, Fraction]]:
    return [((a + b) / 2, (b - a) / 2) for a, b in zip(box.lo, box.hi)]


def _fraction(x: arb) -> Fraction:
    man, exp = x.mid().man_exp()
    return Fraction(int(man)) * (Fraction(2) ** int(exp))


def _derivatives(function: Rational, moving: Sequence[int]) -> tuple[list[Rational], list[list[Rational]]]:
    """The gradient and Hessian of ``N/D`` over the ``moving`` coordinates, as rational functions."""
    num, den = function
    first = [(num.derivative(j) * den - num * den.derivative(j), den * den) for j in moving]
    second = []
    for j in moving:
        row = []
        for k in moving:
            nj, dj, nk, dk = num.derivative(j), den.derivative(j), num.derivative(k), den.derivative(k)
            inner = (nj.derivative(k) * den + nj * dk - nk * dj - num * dj.derivative(k)) * den - 2 * dk * (nj * den - num * dj)
            row.append((inner, den * den * den))
        second.append(row)
    return first, second


def _minus(first: Rational, second: Rational) -> Rational:
    (a, b), (c, d) = first, second
    return reduced_fraction((a * d - c * b, b * d))


def _ratio(first: fmpq_mpoly, second: fmpq_mpoly) -> fmpq | None:
    """The rational ``k`` with ``first = k · second`` (None if there is none, or first is 0)."""
    terms, others = dict(first.terms()), dict(second.terms())
    if set(terms) != set(others) or not terms:
        return None
    ratios = {terms[e] / others[e] for e in terms}
    return ratios.pop() if len(ratios) == 1 else None


def _positive_weights(gradients: list[list[arb]], normals: list[list[arb]]) -> Iterator[tuple[tuple[int, ...], tuple[int, ...], list[arb], list[arb]]]:
    """Square subsystems (``d + 1`` of the pieces and constraints, ``d`` coordinates, most pieces
    first; at most :data:`_MAX_SUBSYSTEMS`) whose weights ``λ_j, ρ_a``, solving
    ``Σ λ_j ∇F_j + Σ ρ_a ∇c_a = 0`` with ``Σ λ = 1`` for the given gradient and normal balls, are
    all positive: the chosen pieces and active constraints, with λ and ρ."""
    size = len(gradients[0]) if gradients else 0
    subsets = ((chosen, active) for count in range(min(len(gradients), size + 1), 0, -1)
               for chosen in itertools.combinations(range(len(gradients)), count)
               for active in itertools.combinations(range(len(normals)), size + 1 - count))
    for chosen, active in itertools.islice(subsets, _MAX_SUBSYSTEMS):
        columns = [gradients[j] for j in chosen] + [normals[a] for a in active]
        rows = [[column[i] for column in columns] for i in range(size)] + [[arb(1)] * len(chosen) + [arb(0)] * len(active)]
        try:
            solution = arb_mat(rows).solve(arb_mat([[arb(0)]] * size + [[arb(1)]]))
        except ZeroDivisionError:
            continue
        weights = [solution[i, 0] for i in range(size + 1)]
        if all(w > 0 for w in weights):
            yield chosen, active, weights[: len(chosen)], weights[len(chosen):]


def _multipliers(normals: list[list[arb]], gradient: list[arb]) -> list[arb] | None:
    """ρ with ``Σ_a ρ_a n_a = −gradient`` (normal equations; the normals are independent)."""
    if not normals:
        return []
    size = len(normals)
    gram = arb_mat([[sum((a * b for a, b in zip(n, m)), arb(0)) for m in normals] for n in normals])
    rhs = arb_mat([[-sum((a * g for a, g in zip(n, gradient)), arb(0))] for n in normals])
    try:
        solution = gram.solve(rhs)
    except ZeroDivisionError:
        return None
    return [solution[i, 0] for i in range(size)]


def _exact(value: ExactValue) -> ExactValue:
    if isinstance(value, RealAlgebraic) and value.is_rational:
        return value.as_fraction()
    return value


def _pair_piece(reduced: ReducedGame, pair: Pair) -> Rational:
    """The piece ``κ_b − κ_a`` of four players' Y."""
    return _minus(basis_functions(reduced, pair[0]).value, basis_functions(reduced, pair[1]).value)


def _sign(bounds: tuple[Fraction, Fraction]) -> int:
    """1 or −1 where a function's bounds keep its sign strictly, else 0."""
    lo, hi = bounds
    return 1 if lo > 0 else -1 if hi < 0 else 0


def _product(strategies: Box, lo: Fraction, hi: Fraction) -> list[tuple[Fraction, Fraction]]:
    """``strategies × [lo, hi]`` as (centre, radius) pairs over the context's coordinates."""
    return [((a + b) / 2, (b - a) / 2) for a, b in zip(strategies.lo + (lo,), strategies.hi + (hi,))]
