"""Certificates of the searches' upper ends (essay Definitions 3–4).

A :class:`BoundCertificate` holds the leaves of a branch and bound, boxes that partition the
domain, each with its proved bound and the choice proving it.  :func:`check_flat_certificate`
re-derives every bound of a search of one level from the game alone, trusting nothing the search
computed (:func:`~exactrose.values.search.nesting.check_bound_certificate` checks any certificate,
nested ones too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from exactrose.errors import CertificateError
from exactrose.exact.algebraic import ExactValue
from exactrose.values.search.choices import (
    AnyChoice,
    DeepChoice,
    NestedChoice,
    SplitChoice,
    proved_bound,
)
from exactrose.values.search.reduced import ReducedGame
from exactrose.values.search.snapping import Snap, check_snap
from exactrose.values.search.space import (
    Box,
    ContextSpace,
    Coordinates,
    box_volume,
    reference_context,
)


@dataclass(frozen=True)
class BoundCertificate:
    """A re-checkable proof of a maximum's upper end: the leaves of the branch and bound,
    boxes ``(lo, hi)`` of context coordinates that partition the domain (the halvings of
    :meth:`Box.halves` from the root), each with its proved bound and the choice proving it
    (the nested four-player search proves ``W_1 = max_p [max_q X − max_q Y]`` with ``s = 1``,
    ``t = 2``: its leaves hold :class:`NestedChoice` bounds of ``X(p, q) − Y(p, r(p))``, or
    bounds of ``V[p×q, 1:3] − V[p×q, 2:3] = X − Y``; both are at least W_1(p) where q
    maximises X, which suffices).
    :func:`~exactrose.values.search.nesting.check_bound_certificate` re-derives every bound from the
    game alone."""

    s: int
    t: int | None
    prefix: Coordinates
    leaves: dict[tuple[Coordinates, Coordinates], tuple[Fraction, AnyChoice]]
    #: The level of a search nested to any depth (:mod:`~exactrose.values.search.nesting`), else None.
    level: int | None = None
    #: An exact maximum's local certificate (:mod:`~exactrose.values.search.snapping`), covering
    #: the boxes inside its neighbourhood, which are then not leaves.
    snap: Snap | None = None

    @property
    def upper(self) -> ExactValue:
        bounds: list[ExactValue] = [bound for bound, _ in self.leaves.values()]
        return max(bounds + ([self.snap.value] if self.snap is not None else []))


def check_flat_certificate(reduced: ReducedGame, certificate: BoundCertificate) -> ExactValue:
    """Re-check ``certificate`` of a search of one level (``level`` None) from the game alone and
    return the upper bound it proves.

    Halving boxes from the root as the search does, every box meeting the domain must either
    be a leaf or be split further; at each leaf the choices must be affine distributions on
    the clipped box (nonnegative at its vertices, summing to one identically; the strategies
    of rank n−1 jointly) and the exact bound they give must not exceed the leaf's.  Raises
    :class:`~exactrose.errors.CertificateError` otherwise, and for a certificate of a search nested
    to any depth (checked by :func:`~exactrose.values.search.nesting.check_deep_certificate`).
    A snapped certificate's local certificate is checked by
    :func:`~exactrose.values.search.snapping.check_snap`; the boxes inside its neighbourhood need no leaf."""
    if certificate.level is not None:
        raise CertificateError("a certificate of a nested search is checked by check_deep_certificate")
    space, s, t = reduced.space, certificate.s, certificate.t
    nested = any(isinstance(side, NestedChoice) for _, choice in certificate.leaves.values() for side in _sides(choice))
    if nested and (reduced.game.n, s, t, certificate.prefix) != (4, 1, 2, ()):
        raise CertificateError("a nested certificate proves W_1 of four players: s = 1, t = 2, no prefix")
    free = space.dim - len(certificate.prefix)
    root = Box(certificate.prefix + (Fraction(0),) * free, certificate.prefix + (Fraction(1),) * free)

    def prove(box: Box, vertices: list[Coordinates], choice: AnyChoice) -> Fraction:
        if isinstance(choice, DeepChoice):
            raise CertificateError("a nested choice belongs to a certificate of a nested search")
        return proved_bound(reduced, s, t, box, vertices, reference_context(space, box, vertices), choice)

    covered: list[Box] = []
    if certificate.snap is not None:
        if certificate.snap.prefix != certificate.prefix:
            raise CertificateError("the snap's fixed coordinates are not the certificate's")
        check_snap(reduced, s, t, certificate.snap)
        covered = [certificate.snap.covered]
    check_partition(space, root, certificate.leaves, prove, covered)
    return certificate.upper


def check_partition(space: ContextSpace, root: Box, leaves: dict[tuple[Coordinates, Coordinates], tuple[Fraction, AnyChoice]],
                     prove: Callable[[Box, list[Coordinates], AnyChoice], Fraction], covered: Sequence[Box] = ()) -> None:
    """Check that the leaves partition ``root`` (clipped to the domain of ``space``), halving
    boxes as the searches do, and that ``prove`` re-derives at most each leaf's bound; boxes
    inside a box of ``covered`` (a snap's neighbourhood) need no leaf."""
    smallest = min((box_volume(lo, hi) for lo, hi in leaves), default=Fraction(0))
    stack, used = [root], 0
    while stack:
        box = stack.pop()
        vertices = space.clipped_vertices(box.lo, box.hi)
        if not vertices or ((box.lo, box.hi) not in leaves and any(box.within(c) for c in covered)):
            continue
        leaf = leaves.get((box.lo, box.hi))
        if leaf is None:
            if box_volume(box.lo, box.hi) <= smallest:
                raise CertificateError(f"no leaf covers the box {[str(q) for q in box.lo]}..{[str(q) for q in box.hi]}")
            stack.extend(box.halves())
            continue
        used += 1
        bound, choice = leaf
        if prove(box, vertices, choice) > bound:
            raise CertificateError(f"the choices do not prove the bound {bound} on a leaf")
    if used != len(leaves):
        raise CertificateError(f"{len(leaves) - used} leaves are not boxes of the partition")


def _sides(choice: AnyChoice) -> Iterable[AnyChoice]:
    """The choices on every side of a split (through splits of splits), else the choice."""
    if isinstance(choice, SplitChoice):
        yield from _sides(choice.above)
        yield from _sides(choice.below)
    else:
        yield choice
