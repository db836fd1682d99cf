"""Four players' nested maximum attained at an irrational strategy of rank 1 (essay Definition 4).

A snapped ``W_1 = max_p (max_q X(p, q) − max_q' Y(p, q'))``
(:func:`~exactrose.values.search.snapping.snap_nested`) proves its upper end; its lower end
needs the value attained at the solution's strategy p* of rank 1.  Where p* is rational the
inner maxima are searched there.  Where it is irrational (a root of the optimality system),
:func:`prove_attained` shows it on a rational box P of rank 1's coordinates holding p*:

* **X attained**: at the solution (p*, q*) a meeting piece ``F = g − h`` is X's value (g primal
  feasible, every program of ``V[·, 3:3]`` at most h), so ``max_q X(p*, ·) >= F(p*, q*)``;
* **Y's peaks**: near each strategy of rank 2 where the pieces ``y`` meeting F peak, a pure
  strategy e (an anchor) or a crossing q'(p) of two pieces, the same bases bound Y the other
  way now on ``P × N`` (N an interval of rank 2's coordinate): ``V[·, 2:3]``'s dual feasible,
  ``V[·, 3:3]``'s primal feasible.  At an anchor Y is at most the largest of its pieces (several
  where programs of ``V[·, 2:3]`` tie there), each falling away from e; at a crossing Y is at
  most each piece, one rises, the other falls, and they cross in N for every p of P.  So
  ``Y(p, ·)`` is at most the peak's value on N, which at p* is ``y(p*)``;
* **the rest**: every box of ``P × [0, 1]`` outside the peaks' intervals is bounded by a
  rational ``floor`` at most ``y(p*)`` (the least of the peaks' values over P), by the bounds of
  :func:`~exactrose.values.search.bounds.upper_bound`.

Then ``max_q X(p*, ·) − max_q' Y(p*, ·) >= F(p*, q*) − y(p*)``, the snapped value.  Rank 2
must have two actions (one coordinate).  :func:`check_attained` re-checks an
:class:`Attainment` from the game and the snap alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from exactrose.errors import CertificateError
from exactrose.runtime.budget import Budget
from exactrose.values.search.bounds import upper_bound
from exactrose.values.search.certificate import check_partition
from exactrose.values.search.choices import AnyChoice, DeepChoice, NestedChoice, proved_bound
from exactrose.values.search.driver import Allowance
from exactrose.values.search.reduced import ReducedGame
from exactrose.values.search.snapping import OptimalitySystem, Pair, Peak, Snap, nested_system
from exactrose.values.search.space import Box, Coordinates, reference_context

#: Half-widths of the interval of rank 2's coordinate tried around each peak, widest first (the
#: rest closes in fewer boxes around a wider one).
PEAK_WIDTHS = tuple(Fraction(1, 2**k) for k in (5, 8, 11, 14, 18, 24))
#: Boxes the rest of ``P × [0, 1]`` may take before the attainment is given up.
REST_BUDGET = 2_000


@dataclass(frozen=True)
class Attainment:
    """The proof that a nested snap's value is attained at its irrational strategy p* of rank 1
    (module docstring): the box P of rank 1's coordinates holding p*, the meeting piece of X
    (indices of its bases in the structure's ``upper`` and ``lower``), Y's peaks, the floor
    bounding the rest, and the rest's leaves (boxes of ``P × [0, 1]``, bounds and choices)."""

    strategies: Box
    piece: tuple[int, int]
    peaks: tuple[Peak, ...]
    floor: Fraction
    leaves: dict[tuple[Coordinates, Coordinates], tuple[Fraction, AnyChoice]]


def prove_attained(reduced: ReducedGame, snap: Snap, limit: Budget | None = None) -> Attainment:
    """The :class:`Attainment` of ``snap`` (a nested snap whose strategy of rank 1 is
    irrational), or raise :class:`~exactrose.errors.CertificateError` saying why not."""
    system = nested_system(reduced, snap)
    strategies = system.rank_1_box(snap)
    why = "no piece of X is attained at the snapped solution"
    for piece, candidates in _meeting(snap).items():
        try:
            system.check_attained_piece(snap, piece)
            peaks = tuple(_find_peak(system, snap, strategies, pairs, anchor) for pairs, anchor in candidates)
        except CertificateError as error:
            why = str(error)
            continue
        floor = min(system.peak_floor(snap, strategies, peak) for peak in peaks)
        return Attainment(strategies, piece, peaks, floor, _bound_rest(reduced, strategies, peaks, floor, limit))
    raise CertificateError(why)


def check_attained(reduced: ReducedGame, snap: Snap, attainment: Attainment) -> None:
    """Re-check ``attainment`` of ``snap`` (whose local certificate
    :func:`~exactrose.values.search.snapping.check_snap` checks) from the game alone, else raise
    :class:`~exactrose.errors.CertificateError`."""
    system = nested_system(reduced, snap)
    strategies = attainment.strategies
    if not system.holds_solution(snap, strategies):
        raise CertificateError("the box of rank 1's strategies does not hold the snapped solution")
    candidates = _meeting(snap).get(attainment.piece)
    if candidates is None:
        raise CertificateError("the attained piece of X is not a meeting piece")
    system.check_attained_piece(snap, attainment.piece)
    if not attainment.peaks:
        raise CertificateError("the attainment has no peak of Y")
    for peak in attainment.peaks:
        if not any(set(peak.pairs) <= set(pairs) and peak.anchor == anchor for pairs, anchor in candidates):
            raise CertificateError("a peak of Y is not made of the pieces meeting X's")
        system.check_peak(snap, strategies, peak)
        if attainment.floor > system.peak_floor(snap, strategies, peak):
            raise CertificateError("the floor of the rest exceeds a peak of Y")
    if any(bound > attainment.floor for bound, _ in attainment.leaves.values()):
        raise CertificateError("a box of the rest is not bounded by the floor")
    space = reduced.space

    def prove(box: Box, vertices: list[Coordinates], choice: AnyChoice) -> Fraction:
        if isinstance(choice, DeepChoice | NestedChoice):
            raise CertificateError("a box of the rest is bounded by a choice of Y alone")
        return proved_bound(reduced, 2, 3, box, vertices, reference_context(space, box, vertices), choice)

    check_partition(space, _root(strategies), attainment.leaves, prove, [_covered(strategies, peak) for peak in attainment.peaks])


def _meeting(snap: Snap) -> dict[tuple[int, int], list[tuple[tuple[Pair, ...], Coordinates]]]:
    """For each meeting piece of X (its bases' indices), the peaks of Y its meeting pieces ``y``
    make: an anchor's pairs with its strategy, the crossing's pairs with ()."""
    structure = snap.structure
    parts, ys = structure.parts(), structure.ys()
    out: dict[tuple[int, int], list[tuple[tuple[Pair, ...], Coordinates]]] = {}
    for u, j, y in (parts[i] for i in structure.meeting or range(len(parts))):
        kind, first, second = ys[y]
        if kind == 0:
            anchor = structure.anchors[first]
            pair, strategy = (anchor.below[second], anchor.above), anchor.strategy
        else:
            assert structure.crossing is not None
            pair, strategy = (structure.crossing.below[first], structure.crossing.above[second]), ()
        peaks = out.setdefault((u, j), [])
        same = next((k for k, (_, s) in enumerate(peaks) if s == strategy), None)
        if same is None:
            peaks.append(((pair,), strategy))
        elif pair not in peaks[same][0]:
            peaks[same] = (peaks[same][0] + (pair,), strategy)
    return out


def _find_peak(system: OptimalitySystem, snap: Snap, strategies: Box, pairs: tuple[Pair, ...], anchor: Coordinates) -> Peak:
    """The first peak of the widest of :data:`PEAK_WIDTHS` that checks, else raise."""
    why = "no interval of rank 2's coordinate bounds Y at its peak"
    for width in PEAK_WIDTHS:
        for peak in system.peaks_near(snap, width, pairs, anchor):
            try:
                system.check_peak(snap, strategies, peak)
                return peak
            except CertificateError as error:
                why = str(error)
    raise CertificateError(why)


def _bound_rest(reduced: ReducedGame, strategies: Box, peaks: tuple[Peak, ...], floor: Fraction,
                limit: Budget | None) -> dict[tuple[Coordinates, Coordinates], tuple[Fraction, AnyChoice]]:
    """Leaves bounding Y by ``floor`` on ``P × [0, 1]`` outside the peaks' intervals (halving
    boxes as the searches do), else raise."""
    space = reduced.space
    covered = [_covered(strategies, peak) for peak in peaks]
    leaves: dict[tuple[Coordinates, Coordinates], tuple[Fraction, AnyChoice]] = {}
    stack, allowance, examined = [_root(strategies)], Allowance(), 0
    while stack:
        box = stack.pop()
        vertices = space.clipped_vertices(box.lo, box.hi)
        if not vertices or any(box.within(c) for c in covered):
            continue
        examined += 1
        if examined > REST_BUDGET or (limit is not None and limit.exhausted()):
            raise CertificateError(f"Y was not bounded away from its peaks within {examined - 1} boxes")
        (bound, choice), allowance = upper_bound(reduced, 2, 3, box, vertices, reference_context(space, box, vertices), floor,
                                                 [], allowance, None, limit)
        if bound <= floor:
            leaves[(box.lo, box.hi)] = (bound, choice)
        else:
            stack.extend(box.halves())
    return leaves


def _root(strategies: Box) -> Box:
    """``P × [0, 1]``: rank 1's box and all of rank 2's coordinate."""
    return Box(strategies.lo + (Fraction(0),), strategies.hi + (Fraction(1),))


def _covered(strategies: Box, peak: Peak) -> Box:
    """``P × [lo, hi]``: the part of the rest a peak covers."""
    return Box(strategies.lo + (peak.lo,), strategies.hi + (peak.hi,))
