"""Maxima of contextual values over contexts, enclosed with proofs on both sides (essay
Definitions 3–4).

:func:`maximise_contextual` encloses ``max_μ V[μ, s:n−1]`` or ``max_μ V[μ, s:n−1] − V[μ, t:n−1]``
over the contexts μ of ranks 1..n−2 (:mod:`~exactrose.values.search.reduced`);
:func:`maximise_nested` handles ``W_1`` of four players, a maximum over rank 1 of a difference
of maxima over rank 2, by the same bounds (and ridge splits) with rank 2's reply affine in rank
1's strategy.  Both run the branch and bound of :mod:`~exactrose.values.search.driver`: lower
bounds are exact values at witness contexts, upper bounds hold on whole boxes
(:mod:`~exactrose.values.search.choices`, :mod:`~exactrose.values.search.bounds`).  The result
(:class:`BoundedMaximum`) is an :class:`~exactrose.exact.enclosure.Enclosure` ``[lower, upper]`` of
the maximum, or an exact rational when the bounds meet, with a certificate of its upper end
(:mod:`~exactrose.values.search.certificate`) and the reason the search stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from flint import fmpq_mpoly

from exactrose.errors import CertificateError
from exactrose.exact.algebraic import ExactValue
from exactrose.exact.enclosure import Enclosure
from exactrose.runtime.budget import CONVERGED, Budget
from exactrose.values.search.attainment import Attainment, prove_attained
from exactrose.values.search.bounds import (
    Mode,
    optimising_mode,
    ridge_plane,
    upper_bound,
)
from exactrose.values.search.certificate import BoundCertificate
from exactrose.values.search.choices import (
    AnyChoice,
    Choice,
    DeepChoice,
    Frame,
    NestedChoice,
    SplitChoice,
    bound_choices,
    proved_bound,
    reply_frame_of,
)
from exactrose.values.search.driver import (
    Allowance,
    Leaf,
    Probe,
    branch_and_bound,
    spent_now,
)
from exactrose.values.search.reduced import ReducedGame, ascend, dual_columns
from exactrose.values.search.snapping import Snap, snap, snap_nested, solution_context
from exactrose.values.search.space import (
    Box,
    Coordinates,
    HalfSpace,
    centroid,
    in_region,
    plane_sides,
    reference_context,
    secant_points,
)

#: Target width of a maximum's enclosure (two of them make an initiative value: 1e-12 in all).
TOLERANCE = Fraction(1, 2 * 10**12)
#: Boxes examined before a search gives up and returns the (wider) enclosure it has proved:
#: a maximum over contexts, and a nested maximum (each of its boxes runs inner searches: the
#: four-player one here, and those of :mod:`~exactrose.values.search.nesting`).  Typical
#: searches need hundreds; the budgets bound the rare worst case.
BUDGET = 20_000
NESTED_BUDGET = 1_000
#: A search over contexts also stops when its last STALL boxes did not halve the gap between
#: its ends (a converging search shrinks it by orders of magnitude in that many; measured on
#: the benchmark's games), so a search stuck on a ridge does not spend the whole budget.
STALL = 2_000
#: Boxes a search over contexts examines with the sampled choices alone; a search still open
#: after them (a ridge) also tries the optimised choice (one float LP) on the first-order-loose
#: boxes where two pieces of the subtracted contextual value may meet.
OPTIMISE_AFTER = 400
#: Contexts of the last ascent whose optima the optimised choice also combines.
ANCHORS = 4
#: Width of the rational interval that stands for an irrational inner maximum in an outer search's bounds.
ALGEBRAIC_WIDTH = Fraction(1, 10**40)


@dataclass(frozen=True)
class BoundedMaximum:
    """A proved enclosure of ``max_μ objective(μ)`` with the witness context attaining ``lower``.

    ``value`` is the exact maximum when the bounds met or the search snapped to it (a real
    algebraic number then, with its local certificate in ``certificate``), else the enclosure;
    ``boxes`` counts the boxes examined; ``stopped`` says why the search ended (one of
    :data:`~exactrose.runtime.budget.CONVERGED`, :data:`~exactrose.runtime.budget.BUDGET`,
    :data:`~exactrose.runtime.budget.STALLED`, :data:`~exactrose.runtime.budget.INTERRUPTED`, see
    :func:`~exactrose.values.search.driver.branch_and_bound`); ``certificate`` re-proves the
    upper end (see :func:`~exactrose.values.search.nesting.check_bound_certificate`; None
    for a search without boxes).
    """

    value: ExactValue | Enclosure
    witness: tuple[tuple[Fraction, ...], ...]
    boxes: int
    stopped: str
    certificate: BoundCertificate | None = None
    #: How an exact value was found, or why the search did not snap to one (see
    #: :mod:`~exactrose.values.search.snapping`); empty where snapping was not tried.
    snapped: str = ""
    #: Four players' ``W_1`` snapped at an irrational strategy of rank 1: the proof that the value
    #: is attained there (the ``witness`` is then the best rational strategy the search found).
    attained: Attainment | None = None


def maximise_contextual(
    reduced: ReducedGame,
    s: int,
    t: int | None = None,
    *,
    fixed: tuple[tuple[Fraction, ...], ...] = (),
    tolerance: Fraction = TOLERANCE,
    budget: int = BUDGET,
    limit: Budget | None = None,
    snapping: bool = True,
) -> BoundedMaximum:
    """Enclose ``max_μ V[μ, s:n−1]`` (``t`` None) or ``max_μ V[μ, s:n−1] − V[μ, t:n−1]``, over
    contexts μ whose first ``len(fixed)`` strategies are the ``fixed`` ones.  The search stops
    early, with the enclosure it has proved, once ``limit`` is exhausted.  With ``snapping`` it
    snaps its best context to an exact maximum where it can (:mod:`~exactrose.values.search.snapping`).

    Lower bounds are sought at each new half's reference context; each new best context starts
    an ascent (:func:`~exactrose.values.search.reduced.ascend`), whose last contexts anchor the
    optimised choices of later boxes.  Halves examined after :data:`OPTIMISE_AFTER` boxes are
    given the goal that would close them, and the search also stops after :data:`STALL` boxes
    that did not halve its gap."""
    space = reduced.space
    prefix = tuple(q for strategy in fixed for q in strategy[:-1])

    def value(point: Coordinates) -> Fraction:
        return reduced.objective(s, t, point)

    def gradient(point: Coordinates) -> tuple[Fraction, ...]:
        return reduced.objective_gradient(s, t, point)

    best_point = max((prefix + rest for rest in space.pure_contexts(len(fixed))), key=value)
    best = value(best_point)
    free = space.dim - len(prefix)
    if free == 0:
        return BoundedMaximum(best, space.strategies(best_point), 1, CONVERGED)
    moving = range(len(prefix), space.dim)
    anchors = [best_point]

    def lower(box: Box, vertices: list[Coordinates], best: Fraction) -> tuple[Fraction, Coordinates] | None:
        """The value at the box's reference context, climbed from if it beats ``best``."""
        nonlocal anchors
        point = reference_context(space, box, vertices)
        if (candidate := value(point)) <= best:
            return None
        found, found_point, anchors = ascend(space, value, gradient, point, candidate, max(box.radii), moving)
        return found, found_point

    def upper(box: Box, vertices: list[Coordinates], inherited: AnyChoice | None, goal: Fraction | None,
              allowance: Allowance) -> tuple[Leaf, Allowance]:
        """The bound of :func:`~exactrose.values.search.bounds.upper_bound` at the box's reference context."""
        # The parent's choice is one this function made (upper_bound's), re-centred.
        assert inherited is None or isinstance(inherited, (Choice, SplitChoice))
        return upper_bound(reduced, s, t, box, vertices, reference_context(space, box, vertices), goal, anchors[-ANCHORS:],
                            allowance, inherited, limit)

    root = Box(prefix + (Fraction(0),) * free, prefix + (Fraction(1),) * free)
    outcome = branch_and_bound(space, reduced.ring, root, (best, best_point), lower, upper, probe=Probe.HALVES,
                               tolerance=tolerance, budget=budget, limit=limit, stall=STALL,
                               optimise_after=OPTIMISE_AFTER,
                               snapper=(lambda point: snap(reduced, s, t, point, prefix)) if snapping else None)
    witness = outcome.witness
    if isinstance(outcome.snapped, Snap) and outcome.value == outcome.snapped.value:
        witness = solution_context(reduced, outcome.snapped) or witness  # nearer the maximum than any box's context
    return BoundedMaximum(outcome.value, space.strategies(witness), outcome.examined, outcome.stopped,
                          outcome.certificate(s, t, prefix), _snap_note(outcome.snapped))


def maximise_nested(reduced: ReducedGame, *, tolerance: Fraction = TOLERANCE, budget: int = NESTED_BUDGET,
                    limit: Budget | None = None, snapping: bool = True) -> BoundedMaximum:
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
    holding the best p so far takes it as its reference (see
    :func:`~exactrose.values.search.space.reference_context`), so that a maximum on the domain's
    boundary, where the slope does not vanish, closes in a few boxes.
    A lower bound at p is ``max_q X`` from below minus ``max_q Y`` from above (inner enclosures).
    The search stops early, with the enclosure it has proved, once ``limit`` is exhausted.

    Lower bounds are sought at each box taken from the queue (at its centred reference p).
    With ``snapping``, the best (p, q) snaps to an exact maximum where Y peaks at pure strategies
    of rank 2 or at a crossing of its pieces (:func:`~exactrose.values.search.snapping.snap_nested`),
    and the value is attained at the solution's p: where p is rational the inner maxima there,
    exact, must equal it, and p is the witness; where it is irrational
    :func:`~exactrose.values.search.attainment.prove_attained` proves it (the result's ``attained``).

    The result's ``stopped`` is why this search's own loop stopped, whatever its inner searches
    reported: they only give its lower ends (and rank 2's replies, which any strategy would do
    for), proved however early they stopped, so a loop that converged has met ``tolerance``;
    inner searches cut short only make it converge later (or not: it then reports its budget or
    its ``limit``, which it shares with them).  When rank 1 has a single action there is no loop:
    ``W_1`` is the difference of two inner maxima, and ``stopped`` is the first of their reasons
    that is not :data:`~exactrose.runtime.budget.CONVERGED` (else that).
    """
    space = reduced.space
    first = list(space.groups[0])

    inner_cache: dict[tuple[Coordinates, int, Fraction], BoundedMaximum] = {}
    best_p: Coordinates  # the best p so far: set before the search, moved by lower_at

    def inner(p: Coordinates, s: int, precision: Fraction = tolerance / 4) -> BoundedMaximum:
        """``max_q`` of X (s = 1) or Y (s = 2) at rank 1's strategy coordinates p, snapped to an
        exact maximum where it can (fewer boxes; its witness is then the snap's solution, rounded)."""
        key = (p, s, precision)
        if key not in inner_cache:
            strategy = p + (1 - sum(p, Fraction(0)),)
            inner_cache[key] = maximise_contextual(reduced, s, 3, fixed=(strategy,), tolerance=precision, limit=limit,
                                                      snapping=snapping)
        return inner_cache[key]

    def lower(p: Coordinates) -> Fraction:
        return rational_ends(inner(p, 1).value)[0] - rational_ends(inner(p, 2).value)[1]

    def reply(p: Coordinates, box: Box) -> tuple[Fraction, ...]:
        """Rank 2's best reply (mixed strategy) for Y at p, as precise as the box needs (its
        error enters the bound to second order, like the box's own Taylor remainder), and
        fully precise at the best p so far (the bound must be exact there)."""
        radius = max(box.radii[j] for j in first)
        bits = max(20, 2 * (radius.denominator.bit_length() - radius.numerator.bit_length()))
        precision = tolerance / 4 if p == best_p else max(tolerance / 4, Fraction(1, 2**bits))
        return inner(p, 2, precision).witness[1]

    if not first:
        stopped = next((m.stopped for m in (inner((), 1), inner((), 2)) if m.stopped != CONVERGED), CONVERGED)
        return BoundedMaximum(_difference(inner((), 1).value, inner((), 2).value), inner((), 1).witness[:1], 1, stopped)

    def reply_part(box: Box, vertices: list[Coordinates], point: Coordinates) -> tuple[list[fmpq_mpoly], Coordinates, int, list[tuple[list[fmpq_mpoly], list[list[fmpq_mpoly]]]]]:
        """The bound of ``−max_q Y(p, q)`` on the box: rank 2's reply r(p), affine in rank 1's
        coordinates and a strategy all over the box; the context (p, r(p)) at ``point``; and
        the coalition's reply c0 and rank 3's strategies and duals at (p, r(p)) to weigh."""
        frame = Frame(reduced, box, vertices, point)
        p = point[: len(first)]
        steps = secant_points(space, point, box, first)
        replies = [reply(p, box)] + [reply(q[: len(first)], box) for q, _ in steps[: len(first)]]
        affine_reply = frame.choice([[r] for r in replies], steps)[0]
        contexts = [p + replies[0][:-1]] + [q[: len(first)] + r[:-1] for (q, _), r in zip(steps[: len(first)], replies[1:])]
        y_steps = [(c, step) for c, (_, step) in zip(contexts[1:], steps[: len(first)])] + [(contexts[0], Fraction(0))] * (space.dim - len(first))
        y_frame = reply_frame_of(reduced, box, vertices, contexts[0], affine_reply)
        y_choices = []
        for used in (y_steps, []):
            nu = y_frame.choice([[reduced.extraction(2, c).certificate.witness] for c in contexts], used)[0]
            duals = y_frame.choice([dual_columns(reduced.extraction(3, c).certificate.multipliers) for c in contexts], used)
            y_choices.append((nu, duals))
        return affine_reply, contexts[0], y_frame.coalition_reply(2, contexts[0]), y_choices

    def choose(box: Box, vertices: list[Coordinates], point: Coordinates, y: tuple, mode: Mode | None, sampled: bool = True,
               region: tuple[HalfSpace, ...] = (), samples: Sequence[Coordinates] = ()) -> tuple[Fraction, NestedChoice | Choice] | None:
        """The best bound on the box (clipped to ``region``) from X's sampled choices at ``point``
        (if ``sampled``) and its optimised choice (with the ``samples``, in ``mode``; none if
        None), each with the reply part ``y``."""
        frame = Frame(reduced, box, vertices, point, region=region)
        affine_reply, context, c0, y_choices = y
        y_frame = reply_frame_of(reduced, box, vertices, context, affine_reply, region)
        x_choices = bound_choices(frame, 1, 3, box) if sampled else []
        if mode is not None:
            secants = [q for q, _ in secant_points(space, point, box)]
            if (optimised := frame.optimised_option(1, 3, secants + list(samples), mode is Mode.ANY)) is not None:
                x_choices.append(optimised)
        candidates: list[NestedChoice | Choice] = [NestedChoice(x, affine_reply, nu, c0, duals) for x in x_choices for nu, duals in y_choices]
        if sampled:  # max_q X − max_q Y <= max_q (X − Y) = max_q V[·, 1:3] − V[·, 2:3]: exact where X and Y peak together
            candidates += bound_choices(frame, 1, 2, box)
        if not candidates:
            return None
        bound, index = frame.best_bound(c.families(frame, 1, 2) if isinstance(c, Choice) else c.families(frame, y_frame)
                                        for c in candidates)
        return bound, candidates[index]

    def upper(box: Box, vertices: list[Coordinates], inherited: AnyChoice | None, goal: Fraction | None,
              allowance: Allowance) -> tuple[Leaf, Allowance]:
        """The best bound on the box of :func:`choose`, of the parent's choice and, where the box is
        first-order loose, of the optimised choice and of a split along a ridge (``goal`` is never
        set: this search tries them on every such box)."""
        point = reference_context(space, box, vertices, best_p)
        y = reply_part(box, vertices, point)
        sampled = choose(box, vertices, point, y, None)
        assert sampled is not None  # the sampled choices of X − Y are never empty
        best: tuple[Fraction, NestedChoice | Choice | SplitChoice] = sampled
        if inherited is not None:  # the parent's choice, re-centred
            # It is one this function made (never a DeepChoice).
            assert not isinstance(inherited, DeepChoice)
            best = min(best, (proved_bound(reduced, 1, 2, box, vertices, point, inherited), inherited), key=lambda leaf: leaf[0])
        # X = V[·, 1:3] − V[·, 3:3] may peak on a ridge (see :mod:`~exactrose.values.search.bounds`).
        at_point = reduced.objective(1, 3, point) - reduced.objective(2, 3, y[1])
        mode, allowance = optimising_mode(reduced, 3, point, box, best[0] - at_point, allowance)
        if mode is None or spent_now(limit):
            return best, allowance
        if (optimised := choose(box, vertices, point, y, mode, sampled=False)) is not None:
            best = min(best, optimised, key=lambda leaf: leaf[0])
        if allowance.splits <= 0 or best[0] - at_point <= max(box.radii) / 16 or spent_now(limit):  # closed, or no splits left
            return best, allowance
        frame = Frame(reduced, box, vertices, point)
        samples = [point] + [q for q, _ in secant_points(space, point, box)] + vertices
        if (plane := ridge_plane(reduced, 1, 3, samples, frame)) is None:
            return best, allowance
        sides = []
        for side in plane_sides(*plane):
            part = space.clipped_vertices(box.lo, box.hi, (side,))
            on_side = [q for q in samples if in_region((side,), q)]
            if (chosen := choose(box, part, centroid(part), y, mode, True, (side,), on_side)) is None:
                return best, allowance
            sides.append(chosen)
        split = max(sides[0][0], sides[1][0]), SplitChoice(*plane, sides[0][1], sides[1][1])
        allowance = allowance.split(at_point, best[0], split[0])
        return min(best, split, key=lambda leaf: leaf[0]), allowance

    def lower_at(box: Box, vertices: list[Coordinates], best: Fraction) -> tuple[Fraction, Coordinates] | None:
        """W_1 from below at the box's reference p, if it beats ``best`` (p then anchors the boxes holding it)."""
        nonlocal best_p
        p = reference_context(space, box, vertices)[: len(first)]
        if (found := lower(p)) <= best:
            return None
        best_p = p
        return found, p

    def snapper(p: Coordinates) -> Snap | str:
        """The exact maximum near the best p (and X's maximiser q there), attained by the exact inner maxima."""
        points = [tuple(q for strategy in inner(p, s).witness for q in strategy[:-1]) for s in (1, 2)]
        found = snap_nested(reduced, *points)
        if isinstance(found, str):
            return found
        if not found.witness:
            try:
                attainments.append((found, prove_attained(reduced, found, limit)))
            except CertificateError as error:
                return f"the snapped strategy of rank 1 is irrational and the value is not proved attained there: {error}"
            return found
        if nested_value(reduced, found.witness[: len(first)], limit) != found.value:
            return "the exact inner maxima at the snapped strategy of rank 1 do not attain its value"
        return found

    attainments: list[tuple[Snap, Attainment]] = []  # the snaps at an irrational p and their proofs
    best_p = max((tuple(Fraction(int(j == k)) for j in range(len(first))) for k in range(len(first) + 1)), key=lower)
    root = Box((Fraction(0),) * space.dim, (Fraction(1),) * space.dim)
    outcome = branch_and_bound(space, reduced.ring, root, (lower(best_p), best_p), lower_at, upper, probe=Probe.POPPED,
                               tolerance=tolerance, budget=budget, limit=limit, snapper=snapper if snapping else None)
    snapped = outcome.snapped
    exact = isinstance(snapped, Snap) and outcome.value == snapped.value
    # At an irrational strategy of rank 1 the witness stays the best rational p found; the attainment proves the value.
    p = snapped.witness[: len(first)] if isinstance(snapped, Snap) and exact and snapped.witness else outcome.witness
    strategy = p + (1 - sum(p, Fraction(0)),)
    attained = next((proof for found, proof in attainments if found is snapped), None) if exact else None
    return BoundedMaximum(outcome.value, (strategy,), outcome.examined, outcome.stopped, outcome.certificate(1, 2, ()),
                          _snap_note(snapped), attained)


def nested_value(reduced: ReducedGame, p: Coordinates, limit: Budget | None = None) -> ExactValue | None:
    """Four players' ``max_q X(p, q) − max_q Y(p, q)`` at rank 1's strategy coordinates p
    (:func:`maximise_nested`), exact from the inner maxima snapped to exact values; None where
    one of them stays an enclosure."""
    strategy = p + (1 - sum(p, Fraction(0)),)
    x, y = (maximise_contextual(reduced, s, 3, fixed=(strategy,), limit=limit).value for s in (1, 2))
    return None if isinstance(x, Enclosure) or isinstance(y, Enclosure) else x - y


def _snap_note(snapped: Snap | str) -> str:
    """What the result says of its snap: the exact maximum's structure, or why there was none."""
    if isinstance(snapped, str):
        return "" if snapped == "not tried" else f"not snapped: {snapped}"
    structure = snapped.structure
    ridge = f", {len(structure.lower)} pieces meeting" if len(structure.lower) > 1 else ""
    face = len(structure.zero) + len(structure.eliminated)
    return f"snapped: {face} constraints of the simplices active{ridge}"


def lower_end(value: ExactValue | Enclosure) -> ExactValue:
    return value.lower if isinstance(value, Enclosure) else value


def upper_end(value: ExactValue | Enclosure) -> ExactValue:
    return value.upper if isinstance(value, Enclosure) else value


def rational_ends(value: ExactValue | Enclosure) -> tuple[Fraction, Fraction]:
    """Rational bounds of a search's value: its ends, an irrational one replaced by an end of
    its isolating interval narrowed to :data:`ALGEBRAIC_WIDTH` (outward)."""
    low, high = lower_end(value), upper_end(value)
    if not isinstance(low, Fraction):
        low = low.refine(ALGEBRAIC_WIDTH).interval[0]
    if not isinstance(high, Fraction):
        high = high.refine(ALGEBRAIC_WIDTH).interval[1]
    return low, high


def _difference(first: ExactValue | Enclosure, second: ExactValue | Enclosure) -> ExactValue | Enclosure:
    """``first − second``: exact where both are, else the enclosure of their rational ends."""
    if not isinstance(first, Enclosure) and not isinstance(second, Enclosure):
        return first - second
    (low_1, high_1), (low_2, high_2) = rational_ends(first), rational_ends(second)
    low, high = low_1 - high_2, high_1 - low_2
    return low if low == high else Enclosure(low, high)
