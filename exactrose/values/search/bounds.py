"""The upper bound on a box: which choices to try, and when (essay Definitions 3–4).

Every box gets the best of its sampled choices and of its parent's (:func:`upper_bound`).
A maximum on a **ridge** (a kink where ``V[μ, t:n−1] = max_{c_0} L_{c_0}(μ)`` switches between
two pieces ``L_{c_0}``, rank n's replies to the coalition) defeats both sides at first order:
box centres approach it linearly, and no single sampled choice cancels the first-order terms.
A search still open after :data:`~exactrose.values.search.maxima.OPTIMISE_AFTER` boxes
therefore also tries, on the first-order-loose boxes where two pieces may meet, the best
combination of the optima of both pieces at the reference context and of those sampled nearby
(a float LP guides; the bound is exact, see
:meth:`~exactrose.values.search.choices.Frame.optimised_option`; :class:`Mode` says how), and
every new best context starts a cutting-plane ascent onto the ridge
(:func:`~exactrose.values.search.reduced.ascend`).  Where a distribution's support changes
at the maximum (rank n indifferent between two replies to a pure action of rank n−1), an affine
choice exact on one side must leave the simplex on the other; such a box is split along that
plane (:func:`_kink_planes`), each side with its own choice (:class:`SplitChoice`).  A box may
also be split along a ridge: the plane where the objective's tangent planes on either side meet
(:func:`ridge_plane`, from envelope-theorem gradients), on whose sides the objective is
smooth, so that sampled choices are again exact to first order whatever the objective's slope
along the ridge.  Such a plane may move several players' strategies; its sides are then
products of polytopes over blocks of players
(:meth:`~exactrose.values.search.space.ContextSpace.blocks`).  A side still
loose is split again, for kinks meeting at a maximum (:func:`_split`).  This optional work is
charged to the search's :class:`~exactrose.values.search.driver.Allowance`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from enum import Enum
from fractions import Fraction

from flint import fmpq

from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.runtime.budget import Budget
from exactrose.values.search.choices import (
    Choice,
    Frame,
    SplitChoice,
    bound_choices,
    proved_bound,
)
from exactrose.values.search.driver import Allowance, spent_now
from exactrose.values.search.reduced import ReducedGame
from exactrose.values.search.space import (
    Box,
    Coordinates,
    HalfSpace,
    centroid,
    in_region,
    plane_sides,
    secant_points,
)

#: Off a ridge, the optimised choice is tried (while the search's
#: :data:`~exactrose.values.search.driver.OFF_RIDGE_ATTEMPTS` last) only when the last two ranks
#: have at most OFF_RIDGE_ACTIONS action pairs (2×2, as in 2×2×2×2): for 3×3 the float LP over
#: every affine strategy costs about 0.5 s a box (measured: one 3×3×3 game went from 41 s to
#: over 200 s), and such kinks have not kept a 3×3×3 search open.
OFF_RIDGE_ACTIONS = 4
#: Support-change planes a first-order-loose box may be split along (each split: two optimised
#: choices, besides the ridge plane's).
SPLIT_PLANES = 1
#: Times a side of a split still first-order loose may be split again (kinks meeting at a maximum).
SPLIT_DEPTH = 3
#: Pairs of sampled contexts whose tangent planes :func:`ridge_plane` tries as a ridge's estimate.
RIDGE_PAIRS = 3


class Mode(Enum):
    """How the optimised choice (one float LP) is tried on a box (see :func:`optimising_mode`)."""

    #: Combinations of the optima sampled near the box and of both pieces meeting at a ridge.
    RIDGE = "ridge"
    #: Every affine strategy and distribution besides (kinks where rank n−1's optimal strategy jumps).
    ANY = "any"


def upper_bound(
    reduced: ReducedGame,
    s: int,
    t: int | None,
    box: Box,
    vertices: list[Coordinates],
    point: Coordinates,
    goal: Fraction | None,
    anchors: Sequence[Coordinates],
    allowance: Allowance,
    inherited: Choice | SplitChoice | None,
    limit: Budget | None,
) -> tuple[tuple[Fraction, Choice | SplitChoice], Allowance]:
    """A proved upper bound of the objective over every context in ``box``, and its choice (clipped to
    ``vertices``; ``point`` its reference context; ``inherited``: the parent's, re-centred), see
    the module docstring; and what is left of the search's ``allowance``.  If the bound from the
    sampled choices does not reach ``goal`` and :func:`optimising_mode` allows, the optimised
    choice is tried too, sampling the optima also at ``anchors`` (contexts on either side of the
    ridge the last ascent found), and if that does not reach ``goal`` either, a :class:`SplitChoice`.
    Neither is tried once ``limit`` is exhausted (they only tighten a bound already proved)."""
    frame = Frame(reduced, box, vertices, point)
    choices = bound_choices(frame, s, t, box) + ([inherited] if isinstance(inherited, Choice) else [])
    bound, index = frame.best_bound(choice.families(frame, s, t) for choice in choices)
    best: tuple[Fraction, Choice | SplitChoice] = (bound, choices[index])
    if isinstance(inherited, SplitChoice):
        best = min(best, (proved_bound(reduced, s, t, box, vertices, point, inherited), inherited), key=lambda leaf: leaf[0])
    if goal is None or best[0] <= goal or spent_now(limit):
        return best, allowance
    at_point = reduced.objective(s, t, point)
    mode, allowance = optimising_mode(reduced, t, point, box, best[0] - at_point, allowance)
    if mode is None:
        return best, allowance
    samples = [q for q, _ in secant_points(reduced.space, point, box)] + list(anchors)
    if (optimised := frame.optimised_option(s, t, samples, mode is Mode.ANY)) is not None:
        best = min(best, (frame.best_bound([optimised.families(frame, s, t)])[0], optimised), key=lambda leaf: leaf[0])
    if best[0] > goal and allowance.splits > 0 and \
            (split := _split(reduced, s, t, box, frame, samples, mode is Mode.ANY, goal, depth=SPLIT_DEPTH, limit=limit)):
        allowance = allowance.split(at_point, best[0], split[0])
        best = min(best, split, key=lambda leaf: leaf[0])
    return best, allowance


def optimising_mode(reduced: ReducedGame, t: int | None, point: Coordinates, box: Box, excess: Fraction,
                     allowance: Allowance) -> tuple[Mode | None, Allowance]:
    """How to try the optimised choice (a float LP) on a box whose bound exceeds the value at its
    reference context by ``excess``, and the search's ``allowance`` charged for it: not at all
    unless that is first-order loose (the sign of a kink) and ``allowance.optimised`` lasts;
    :attr:`Mode.RIDGE` if two pieces ``L_{c_0}`` of ``V[μ, t:n−1]`` may meet in the box (each
    moves by at most ``reduced.lipschitz`` per unit of each context coordinate), or for an
    objective without a second term; else :attr:`Mode.ANY` on small reduced games
    (:data:`OFF_RIDGE_ACTIONS`) while ``allowance.off_ridge`` lasts."""
    if excess <= max(box.radii) / 16 or allowance.optimised <= 0:
        return None, allowance
    mode: Mode | None = Mode.RIDGE
    if t is not None:
        values = sorted((reduced.reply_piece(t, point, c0)[0] for c0 in range(len(reduced.expected[-1][0]))),
                        reverse=True)
        if len(values) < 2 or values[0] - values[1] > 4 * reduced.lipschitz * sum(box.radii):
            small = len(reduced.expected[-1]) * len(reduced.expected[-1][0]) <= OFF_RIDGE_ACTIONS
            mode = Mode.ANY if small and allowance.off_ridge > 0 else None
    return mode, allowance if mode is None else allowance.optimise(mode is Mode.ANY)


def _split(reduced: ReducedGame, s: int, t: int | None, box: Box, frame: Frame, samples: Sequence[Coordinates], pure: bool,
           goal: Fraction | None = None, region: tuple[HalfSpace, ...] = (), depth: int = 1,
           limit: Budget | None = None) -> tuple[Fraction, SplitChoice] | None:
    """The best :class:`SplitChoice` on the frame's part of ``box`` (the box clipped to
    ``region``) along one of its :func:`_kink_planes`, or along the objective's
    :func:`ridge_plane`; None if none crosses it.  On each side, the best of
    the sampled choices (at the frame's reference context, or at the side's centroid if that
    lies on the other side) and of the optimised choice; a side still above ``goal`` is split
    again while ``depth`` lasts (several kinks may meet at a maximum) and ``limit`` is not exhausted."""
    planes = _kink_planes(reduced, s, t, frame)[:SPLIT_PLANES]
    points = [q for q in dict.fromkeys([frame.point, *samples, *frame.vertices]) if in_region(region, q)]
    if ridge := ridge_plane(reduced, s, t, points, frame):
        planes.append(ridge)
    best: tuple[Fraction, HalfSpace, list[tuple[Fraction, Choice, Frame]]] | None = None
    for plane in planes:
        sides = []
        for side in plane_sides(*plane):
            part_region = region + (side,)
            vertices = reduced.space.clipped_vertices(box.lo, box.hi, part_region)
            reference = frame.point if in_region(part_region, frame.point) else centroid(vertices)
            part = Frame(reduced, box, vertices, reference, region=part_region)
            options = bound_choices(part, s, t, box)
            bound, index = part.best_bound(choice.families(part, s, t) for choice in options)
            if (goal is None or bound > goal) and not spent_now(limit) and \
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
    choice: Choice | SplitChoice  # a side's choice, or a deeper split of it
    for (bound, choice, part), side in zip(sides, plane_sides(*plane)):
        if depth > 1 and goal is not None and bound > goal and not spent_now(limit):
            deeper = _split(reduced, s, t, box, part, samples, pure, goal, region + (side,), depth - 1, limit)
            if deeper is not None and deeper[0] < bound:
                bound, choice = deeper
        chosen.append((bound, choice))
    return max(chosen[0][0], chosen[1][0]), SplitChoice(*plane, chosen[0][1], chosen[1][1])


def ridge_plane(reduced: ReducedGame, s: int, t: int | None, points: Sequence[Coordinates],
                 frame: Frame) -> tuple[Coordinates, Fraction] | None:
    """An estimate of a ridge (a kink) of the objective (see :meth:`ReducedGame.objective`)
    through the frame's clipped box: where its tangent planes at two of ``points`` meet,
    between them (the plane rounded; any plane gives a valid split, and one within O(radius²)
    of the ridge keeps both sides' bounds second-order tight).  Pairs are tried by how much their gradients differ, and a plane is
    taken only if it crosses the box and the gradient where the tangent planes meet is nearly
    one of the pair's, as at a kink (for a smooth objective it is nearly their average).  None
    if no pair gives one (at most :data:`RIDGE_PAIRS` are tried)."""
    data = [(q, reduced.objective(s, t, q), reduced.objective_gradient(s, t, q)) for q in dict.fromkeys(points)]
    moving = [j for j, r in enumerate(frame.radii) if r]  # the box fixes the others
    pairs: list[tuple[Fraction, Coordinates, Coordinates, tuple[Fraction, ...], tuple[Fraction, ...]]] = []
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


def _kink_planes(reduced: ReducedGame, s: int, t: int | None, frame: Frame) -> list[tuple[Coordinates, Fraction]]:
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
    planes: dict[tuple[Coordinates, Fraction], Fraction] = {}
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
    return sorted(planes, key=planes.__getitem__)
