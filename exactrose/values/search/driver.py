"""The branch and bound every search runs (essay Definitions 3–4).

:func:`branch_and_bound` keeps a queue of boxes of contexts and halves the one with the
largest proved upper bound; the halves' bounds replace the box's.  A search supplies
the root box and its best context so far, a **lower-bound** callback (better contexts, with
exact values: witnesses) and an **upper-bound** callback (a bound proved on a whole box and
the choice proving it, given the parent's choice, which still holds on the box).  The driver
owns the rest: the queue, the leaves that make the certificate, the per-search
:class:`Allowance` of optional work, and the checks that end the search, whose reason it
reports (one of :data:`~exactrose.runtime.budget.CONVERGED`, :data:`~exactrose.runtime.budget.BUDGET`,
:data:`~exactrose.runtime.budget.STALLED`, :data:`~exactrose.runtime.budget.INTERRUPTED`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from fractions import Fraction

from flint import fmpq_mpoly_ctx

from exactrose.exact.algebraic import ExactValue
from exactrose.exact.enclosure import Enclosure
from exactrose.runtime.budget import BUDGET, CONVERGED, INTERRUPTED, STALLED, Budget
from exactrose.values.search.certificate import BoundCertificate
from exactrose.values.search.choices import AnyChoice, recentred
from exactrose.values.search.snapping import Snap
from exactrose.values.search.space import Box, ContextSpace, Coordinates

#: Optimised choices a search may try on loose boxes away from a meeting of two pieces of the
#: subtracted value (kinks where rank n−1's optimal strategy jumps); bounds their cost (see
#: :data:`~exactrose.values.search.bounds.OFF_RIDGE_ACTIONS`).
OFF_RIDGE_ATTEMPTS = 300
#: Optimised choices a search may try in all (each a float LP: ~30 ms for 3×3 reduced games,
#: ~0.1 s for 4×4), bounding the cost of a search that never closes.
OPTIMISED_BOXES = 1_500
#: Splits a search may try in vain (one that halves the box's excess over the value at its
#: reference context is not counted).
SPLIT_BOXES = 300

#: A box's proved upper bound and the choice proving it.
Leaf = tuple[Fraction, AnyChoice]
#: Gaps between a search's ends at which it tries to snap its best context to an exact maximum.
SNAP_GAPS = (Fraction(1, 10**2), Fraction(1, 10**4), Fraction(1, 10**6), Fraction(1, 10**9))
#: Boxes a snapped search may examine to bound the rest of the domain by the snapped maximum (at
#: least; half as many as it examined before snapping, if more) before it gives the snap up, once
#: the boxes left are within the search's tolerance of it, and then as long as every such number
#: of boxes leaves fewer boxes open: a maximum attained on a whole set (a plateau) leaves more and
#: more boxes outside the neighbourhood that never close, while the boxes near an isolated maximum
#: close after as many halvings as the neighbourhood's margin needs.
SNAP_ALLOWANCE = 50


@dataclass(frozen=True)
class Allowance:
    """The optional work a search may still spend on its boxes, besides examining them:
    optimised choices off a ridge (:data:`OFF_RIDGE_ATTEMPTS`) and in all
    (:data:`OPTIMISED_BOXES`), and splits tried in vain (:data:`SPLIT_BOXES`).  Each charge
    returns what is left."""

    off_ridge: int = OFF_RIDGE_ATTEMPTS
    optimised: int = OPTIMISED_BOXES
    splits: int = SPLIT_BOXES

    def optimise(self, off_ridge: bool) -> Allowance:
        """Charged for one optimised choice, and for one off a ridge if ``off_ridge``."""
        return replace(self, off_ridge=self.off_ridge - int(off_ridge), optimised=self.optimised - 1)

    def split(self, at_point: Fraction, unsplit: Fraction, split: Fraction) -> Allowance:
        """Charged for a split with bound ``split`` on a box bounded by ``unsplit`` without it,
        unless it at least halved the box's excess over ``at_point``, the value at its
        reference context."""
        return replace(self, splits=self.splits - int(2 * (split - at_point) > unsplit - at_point))


class Probe(Enum):
    """Where a search looks for better lower bounds."""

    #: At each new half, before it is bounded (its goal then knows the best value so far).
    HALVES = "halves"
    #: At each box taken from the queue, before it is split; a box whose bound no longer
    #: beats the best value is then kept as a leaf, not split.
    POPPED = "popped"


#: ``lower(box, vertices, best)``: a point of the box (clipped to ``vertices``) whose exact
#: value beats ``best``, as ``(value, point)``, else None.
LowerBound = Callable[[Box, list[Coordinates], Fraction], tuple[Fraction, Coordinates] | None]
#: ``snapper(point)``: an exact maximum near the best context ``point`` with its local certificate
#: (which bounds the objective on its neighbourhood), else why not (a text).
Snapper = Callable[[Coordinates], Snap | str]
#: ``upper(box, vertices, inherited, goal, allowance)``: a proved upper bound of the objective
#: on the box (clipped to ``vertices``) with its choice, and what is left of ``allowance``.
#: ``inherited`` is the parent's choice re-centred on the box (None at the root); ``goal`` the
#: bound that would close the box, once the search asks for it (else None).
UpperBound = Callable[[Box, list[Coordinates], AnyChoice | None, Fraction | None, Allowance], tuple[Leaf, Allowance]]


@dataclass(frozen=True)
class Outcome:
    """What a branch and bound proved: the best value found and the point attaining it (the
    lower end), the upper end, the boxes examined, the leaves (boxes partitioning the domain
    with their bounds and choices) and why it stopped."""

    best: Fraction
    witness: Coordinates
    upper: ExactValue
    examined: int
    leaves: dict[Box, Leaf]
    stopped: str
    #: The exact maximum snapped to, whose local certificate covers the leaves' gaps, or why none was.
    snapped: Snap | str = "not tried"

    @property
    def value(self) -> ExactValue | Enclosure:
        """The exact maximum when the ends met or the search snapped to it, else the enclosure ``[best, upper]``."""
        if not isinstance(self.snapped, str) and self.upper == self.snapped.value:
            return self.snapped.value
        assert isinstance(self.upper, Fraction)  # a snap not closed leaves a box bounded above its maximum
        return self.best if self.upper == self.best else Enclosure(self.best, self.upper)

    def certificate(self, s: int, t: int | None, prefix: Coordinates) -> BoundCertificate:
        """The leaves as a certificate of the maximum of ``V[μ, s:n−1]`` (less ``V[μ, t:n−1]``)."""
        return BoundCertificate(s, t, prefix, {(box.lo, box.hi): leaf for box, leaf in self.leaves.items()},
                                snap=None if isinstance(self.snapped, str) else self.snapped)


def branch_and_bound(
    space: ContextSpace,
    ring: fmpq_mpoly_ctx,
    root: Box,
    start: tuple[Fraction, Coordinates],
    lower: LowerBound,
    upper: UpperBound,
    *,
    probe: Probe,
    tolerance: Fraction,
    budget: int,
    limit: Budget | None,
    stall: int | None = None,
    optimise_after: int | None = None,
    snapper: Snapper | None = None,
) -> Outcome:
    """Enclose the maximum over the contexts in ``root`` (the ``space``'s domain, clipped) of the
    objective the callbacks bound, from ``start`` (a value and the point attaining it), with
    choices polynomial in ``ring``.

    Boxes are halved best bound first; a half is kept if its bound beats the best value, and
    the lower-bound callback is asked for better values where ``probe`` says.  Halves examined
    after the first ``optimise_after`` (None: never) are given the goal ``best + tolerance``.
    The search stops, in this order of checks before each box, when the gap between its ends
    is at most ``tolerance`` or no box is left (:data:`~exactrose.runtime.budget.CONVERGED`), after
    ``budget`` boxes or once ``limit``'s time limit has passed (:data:`~exactrose.runtime.budget.BUDGET`)
    or its stop was requested (:data:`~exactrose.runtime.budget.INTERRUPTED`), or when its last
    ``stall`` boxes (None: no such check) did not halve the gap (:data:`~exactrose.runtime.budget.STALLED`).

    With a ``snapper``, the search tries to snap its best context to an exact maximum when the
    gap first falls below each of :data:`SNAP_GAPS` and when it stops; once snapped, the boxes
    inside the snap's neighbourhood are covered by its local certificate, and the others are
    halved until their bounds do not exceed the exact maximum (then the search converges); the snap
    is given up if a better context turns up, or if the boxes left open stop closing (see
    :data:`SNAP_ALLOWANCE`).
    """
    best, witness = start
    vertices = space.clipped_vertices(root.lo, root.hi)
    leaf, allowance = upper(root, vertices, None, None, Allowance())
    leaves = {root: leaf}
    queue: list[tuple[Fraction, int, Box]] = [(-leaf[0], 0, root)]
    examined = 1
    checkpoint = (examined, -queue[0][0] - best)
    snapped: Snap | str = "not tried"
    around: Box | None = None  # the snapped maximum's neighbourhood
    covered: dict[Box, Leaf] = {}  # the leaves inside it, restored if the snap is given up
    unbounded: dict[Box, AnyChoice] = {}  # halves inside it made since, bounded if the snap is given up
    ceiling: ExactValue = best  # a box is kept while its bound exceeds this: the best value, or the snapped maximum
    floor = best  # a rational at most the snapped maximum, within 1e-30: the goal of the boxes once snapped
    snapped_at = 0  # boxes examined when the search snapped
    gaps = list(SNAP_GAPS) if snapper is not None else []
    retry = True  # whether a last snap may be tried once the search has converged (not after a snap given up)
    tried: Coordinates | None = None  # the best context last tried
    open_boxes: tuple[int, int] | None = None  # (boxes examined, boxes open) when the snapped search last checked its progress
    closing = True  # whether the snapped search is still closing its open boxes

    def try_snap() -> None:
        """Snap the best context to an exact maximum; if it works, set aside what its certificate covers."""
        nonlocal snapped, around, ceiling, queue, covered, snapped_at, tried, floor, open_boxes, closing
        assert snapper is not None
        found, tried = snapper(witness), witness
        if isinstance(found, str) or found.value < best:  # below a context found: a local maximum
            snapped = found if isinstance(found, str) else "the snapped maximum is below a context already found"
            return
        snapped, around, ceiling = found, found.covered, found.value
        floor = ceiling if isinstance(ceiling, Fraction) else ceiling.refine(Fraction(1, 10**30)).interval[0]
        covered = {box: leaf for box, leaf in leaves.items() if box.within(around)}
        for box in covered:
            del leaves[box]
        queue = [entry for entry in queue if entry[2] in leaves and -entry[0] > ceiling]
        heapq.heapify(queue)
        snapped_at, open_boxes, closing = examined, None, True

    def give_up_snap(why: str) -> None:
        """Return to the plain search: a better context was found outside the snapped neighbourhood,
        or the rest of the domain did not close below the snapped maximum in time."""
        nonlocal snapped, around, ceiling, queue, allowance
        snapped, around, ceiling = why, None, best
        leaves.update(covered)
        for box, inherited in unbounded.items():
            leaves[box], allowance = upper(box, space.clipped_vertices(box.lo, box.hi), inherited, None, allowance)
        queue = [(-bound, -k, box) for k, (box, (bound, _)) in enumerate(leaves.items()) if bound > best]
        heapq.heapify(queue)
        covered.clear()
        unbounded.clear()

    def improve(found: tuple[Fraction, Coordinates] | None) -> None:
        nonlocal best, witness, ceiling
        if not found:
            return
        best, witness = found
        if around is None:
            ceiling = best
        elif best > ceiling:
            give_up_snap("a context outside the snapped neighbourhood does better: the snap was a local maximum")

    def reason() -> str | None:
        """Why the search stops before its next box, or None."""
        nonlocal checkpoint, retry, open_boxes, closing
        if around is not None:
            if not queue:
                return CONVERGED
            if examined >= budget:
                return BUDGET
            if examined >= snapped_at + max(SNAP_ALLOWANCE, snapped_at // 2) and -queue[0][0] - floor <= tolerance:
                if open_boxes is None or examined >= open_boxes[0] + SNAP_ALLOWANCE:
                    closing = open_boxes is None or len(queue) < open_boxes[1]
                    open_boxes = (examined, len(queue))
            if closing:
                return _spent(limit, best, -queue[0][0] - best)
            give_up_snap(f"the rest of the domain was not bounded by the snapped maximum within {examined - snapped_at} boxes")
            retry = False
        if not queue or (gap := -queue[0][0] - best) <= tolerance:
            return CONVERGED
        if examined >= budget:
            return BUDGET
        if (spent := _spent(limit, best, gap)) is not None:
            return spent
        if stall is not None and examined >= checkpoint[0] + stall:
            if 2 * gap > checkpoint[1]:
                return STALLED
            checkpoint = (examined, gap)
        return None

    while True:
        if around is None and gaps and queue and -queue[0][0] - best <= gaps[0]:
            if tried != witness:  # a snap at the same context fails the same way
                try_snap()
            gaps = [gap for gap in gaps if gap < -queue[0][0] - best] if around is None and queue else []
        if (stopped := reason()) is not None:
            if snapper is not None and around is None and stopped == CONVERGED and queue and retry and tried != witness:
                try_snap()  # a last try at the converged best context
                if around is not None:
                    continue
            break
        bound, _, box = heapq.heappop(queue)
        if probe is Probe.POPPED:
            improve(lower(box, space.clipped_vertices(box.lo, box.hi), best))
            if -bound <= ceiling or box not in leaves:
                continue
        inherited = leaves.pop(box)[1]  # split: its halves prove the bound instead
        for half in box.halves():
            vertices = space.clipped_vertices(half.lo, half.hi)
            if not vertices:
                continue
            examined += 1
            if around is not None and half.within(around):
                unbounded[half] = recentred(inherited, box, half, ring)
                continue
            if probe is Probe.HALVES:
                improve(lower(half, vertices, best))
            if around is not None:  # every box outside the snap's neighbourhood must close below its maximum
                goal: Fraction | None = floor
            else:
                goal = best + tolerance if optimise_after is not None and examined > optimise_after else None
            leaves[half], allowance = upper(half, vertices, recentred(inherited, box, half, ring), goal, allowance)
            if leaves[half][0] > ceiling:
                heapq.heappush(queue, (-leaves[half][0], examined, half))
    if around is not None:  # the snap's certificate covers its neighbourhood; the leaves bound the rest
        assert not isinstance(snapped, str)
        return Outcome(best, witness, -queue[0][0] if queue else snapped.value, examined, leaves, stopped, snapped)
    return Outcome(best, witness, max(best, -queue[0][0]) if queue else best, examined, leaves, stopped, snapped)


def _spent(limit: Budget | None, best: Fraction, gap: Fraction) -> str | None:
    """Report a search's enclosure to ``limit``; once the limit is exhausted, why the search stops
    (a passed time limit spends the budget, as boxes do)."""
    if limit is None:
        return None
    limit.searching(best, best + gap)
    if not limit.exhausted():
        return None
    return INTERRUPTED if limit.reason == INTERRUPTED else BUDGET


def spent_now(limit: Budget | None) -> bool:
    """True once ``limit`` is exhausted: optional work that only tightens proved bounds is skipped."""
    return limit is not None and limit.exhausted()
