"""Contexts and boxes of them (essay Definition 3).

For n players listed by rank, a context of ranks 1..n−2 is a product of mixed strategies
``μ``.  :class:`ContextSpace` writes it in coordinates, the probabilities of every action but
the last of each player; the searches cover it with boxes of coordinates (:class:`Box`),
halved across their widest side, and clip each box to the strategy simplices (and to
half-spaces, within a split) exactly, by its vertices.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from flint import fmpq_mat

from exactrose.exact.numbers import from_fmpq, to_fmpq

Coordinates = tuple[Fraction, ...]
#: ``(normal, offset)``: the half-space ``normal·μ >= offset``; a region of a box is cut by several.
HalfSpace = tuple[Coordinates, Fraction]


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

    def strategies(self, point: Coordinates) -> tuple[tuple[Fraction, ...], ...]:
        """The mixed strategies the coordinates stand for."""
        return tuple(tuple(point[j] for j in group) + (1 - sum((point[j] for j in group), Fraction(0)),) for group in self.groups)

    def contains(self, point: Coordinates) -> bool:
        return all(q >= 0 for q in point) and all(sum(point[j] for j in group) <= 1 for group in self.groups)

    def pure_contexts(self, first: int = 0) -> list[Coordinates]:
        """The strategies (coordinates) in which players ``first, first+1, ...`` play pure actions."""
        per_group = [
            [tuple(Fraction(int(j == k)) for j in range(len(group))) for k in range(len(group) + 1)]
            for group in self.groups[first:]
        ]
        return [tuple(itertools.chain.from_iterable(choice)) for choice in itertools.product(*per_group)]

    def players_moved(self, direction: Sequence[Fraction]) -> int:
        """How many players' coordinates ``direction`` moves."""
        return sum(1 for group in self.groups if any(direction[j] for j in group))

    def blocks(self, region: tuple[HalfSpace, ...] = ()) -> list[list[int]]:
        """The coordinates clipped together: each player's, except that the players whose
        coordinates the planes of ``region`` move form one block (a box cut by a plane through
        several players' strategies is a product of polytopes only over these blocks)."""
        groups = [list(group) for group in self.groups]
        moved = [j for group in groups if any(normal[j] for normal, _ in region for j in group) for j in group]
        return [moved] * bool(moved) + [group for group in groups if not set(group) & set(moved)]

    def clipped_vertices(self, lo: Coordinates, hi: Coordinates, region: tuple[HalfSpace, ...] = ()) -> list[Coordinates]:
        """Vertices of the box ``[lo, hi]`` intersected with the domain (empty if disjoint) and
        with the half-spaces of ``region``: the product over :meth:`blocks` of each block's vertices."""
        blocks = self.blocks(region)
        per_block = []
        for block in blocks:
            box = ([lo[j] for j in block], [hi[j] for j in block])
            if any(normal[j] for normal, _ in region for j in block):
                simplices = [[block.index(j) for j in group] for group in self.groups if group and group[0] in block]
                vertices = _clip_to_half_spaces(*box, simplices, [([normal[j] for j in block], offset) for normal, offset in region])
            else:
                vertices = _clip_to_simplex(*box)
            if not vertices:
                return []
            per_block.append(vertices)
        order = [j for block in blocks for j in block]
        points = []
        for choice in itertools.product(*per_block):
            flat = dict(zip(order, itertools.chain.from_iterable(choice)))
            points.append(tuple(flat[j] for j in range(self.dim)))
        return points


def _clip_to_half_spaces(lo: list[Fraction], hi: list[Fraction], simplices: list[list[int]],
                         half_spaces: list[tuple[list[Fraction], Fraction]]) -> list[tuple[Fraction, ...]]:
    """Vertices of ``Π [lo_j, hi_j] ∩ {Σ_{j∈S} x_j <= 1 for each S in simplices} ∩ {normal·x >= offset}``
    for each half-space: the points where ``len(lo)`` of the constraints meet and all hold
    (exact; small systems)."""
    d = len(lo)
    constraints = [([Fraction(-int(i == j)) for i in range(d)], -lo[j]) for j in range(d)]
    constraints += [([Fraction(int(i == j)) for i in range(d)], hi[j]) for j in range(d)]
    constraints += [([Fraction(int(i in simplex)) for i in range(d)], Fraction(1)) for simplex in simplices]
    constraints += [([-a for a in normal], -offset) for normal, offset in half_spaces]
    vertices = []
    for chosen in itertools.combinations(constraints, d):
        matrix = fmpq_mat(d, d, [to_fmpq(a) for row, _ in chosen for a in row])
        if matrix.rank() < d:
            continue
        solution = matrix.solve(fmpq_mat(d, 1, [to_fmpq(b) for _, b in chosen]))
        x = tuple(from_fmpq(solution[i, 0]) for i in range(d))
        if all(sum((a * q for a, q in zip(row, x)), Fraction(0)) <= b for row, b in constraints):
            vertices.append(x)
    return list(dict.fromkeys(vertices))


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


@dataclass(frozen=True)
class Box:
    """The box ``[lo, hi]`` of context coordinates (a coordinate with ``lo = hi`` is fixed)."""

    lo: Coordinates
    hi: Coordinates

    @property
    def center(self) -> Coordinates:
        return tuple((a + b) / 2 for a, b in zip(self.lo, self.hi))

    @property
    def radii(self) -> Coordinates:
        return tuple((b - a) / 2 for a, b in zip(self.lo, self.hi))

    def within(self, other: Box) -> bool:
        """Whether this box lies inside ``other``."""
        return all(a <= lo and hi <= b for lo, hi, a, b in zip(self.lo, self.hi, other.lo, other.hi))

    def halves(self) -> tuple[Box, Box]:
        """The box halved across its widest coordinate (the first of the widest), lower half first."""
        j = max(range(len(self.lo)), key=lambda k: self.hi[k] - self.lo[k])
        mid = (self.lo[j] + self.hi[j]) / 2
        return (
            Box(self.lo, self.hi[:j] + (mid,) + self.hi[j + 1 :]),
            Box(self.lo[:j] + (mid,) + self.lo[j + 1 :], self.hi),
        )


def reference_context(space: ContextSpace, box: Box, vertices: list[Coordinates], best: Coordinates = ()) -> Coordinates:
    """The box's centre if it is a context, else the centroid of the clipped box; its first
    coordinates moved to ``best`` (the nested search's best rank-1 strategy so far) when the box
    holds it inside or on the domain's boundary (on a face shared with another box it may sit
    on a kink).  The choices are then exact at the maximum, so a maximum on the boundary,
    where the slope does not vanish, is not hidden behind a centred choice's interpolation error."""
    center = box.center
    if space.contains(center):
        point = center
    else:
        point = centroid(vertices)
    held = all(box.lo[j] < b < box.hi[j] or box.lo[j] == b == box.hi[j] or b == box.lo[j] == 0 or b == box.hi[j] == 1
               for j, b in enumerate(best))
    moved = tuple(best) + point[len(best):]
    return moved if best and held and space.contains(moved) else point


def secant_points(space: ContextSpace, point: Coordinates, box: Box, coordinates: Sequence[int] | None = None) -> list[tuple[Coordinates, Fraction]]:
    """One context per coordinate, a signed step ``h`` away from ``point`` inside the domain,
    towards the box's centre first (step 0 for coordinates the box fixes, or outside
    ``coordinates``)."""
    free = [j for j in (range(space.dim) if coordinates is None else coordinates) if box.hi[j] > box.lo[j]]
    h = min((box.radii[j] for j in free), default=Fraction(0)) / 2
    steps = []
    for j in range(space.dim):
        if j in free:
            for step in ((-h, h) if point[j] > box.center[j] else (h, -h)):
                moved = point[:j] + (point[j] + step,) + point[j + 1 :]
                if space.contains(moved):
                    steps.append((moved, step))
                    break
            else:
                steps.append((point, Fraction(0)))
        else:
            steps.append((point, Fraction(0)))
    return steps


def centroid(vertices: list[Coordinates]) -> Coordinates:
    """The average of ``vertices`` (the centroid of a clipped box's vertices)."""
    return tuple(sum(column, Fraction(0)) / len(vertices) for column in zip(*vertices))


def in_region(region: tuple[HalfSpace, ...], point: Coordinates) -> bool:
    """Whether ``point`` lies in every half-space of ``region``."""
    return all(sum((n * x for n, x in zip(normal, point)), Fraction(0)) >= offset for normal, offset in region)


def plane_sides(normal: Coordinates, offset: Fraction) -> tuple[tuple[Coordinates, Fraction], tuple[Coordinates, Fraction]]:
    """The two sides of the plane ``normal·μ = offset``: ``>=`` (above), then ``<=`` (below)."""
    return (normal, offset), (tuple(-a for a in normal), -offset)


def box_volume(lo: Coordinates, hi: Coordinates) -> Fraction:
    """The volume of a box in its free coordinates (those it does not fix)."""
    volume = Fraction(1)
    for a, b in zip(lo, hi):
        if b > a:
            volume *= b - a
    return volume
