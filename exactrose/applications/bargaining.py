"""Exact two-player bargaining solutions (essay: "ROSE Bargaining").

A bargaining game is a convex polygon ``F`` of feasible payoff pairs (the convex hull of the
given points) and a disagreement point ``d`` in ``F``.  Everything is exact: coordinates are
:class:`fractions.Fraction` and every solution is a rational point, returned with what is
needed to re-check it.

``M_1`` is the most player 1 can get without sending player 2 below ``d_2``; ``M_2`` likewise.
The solutions:

* **ROSE points** (essay: "ROSE Bargaining"): frontier points ``x`` with a currency
  ``a = (a_1, a_2)``, both weights strictly positive, such that ``x`` maximises ``a·y`` over
  ``F`` and ``a_1 (M_1 − x_1) = a_2 (M_2 − x_2)``.  Equivalently
  ``x = M − k (1/a_1, 1/a_2)`` with ``k = (a·M − max_F a·y) / 2``: each player, with the
  initiative, takes ``M_i`` and leaves the other the rest in currency ``a``; the gain over that
  is split 50/50.  There can be several (:func:`BargainingGame.rose_points`).
* **Random dictator**: the average of ``P_1`` and ``P_2``, each player's best point subject to
  the other's disagreement floor (ties broken in the other player's favour).
* **Nash**, **Kalai–Smorodinsky**, **egalitarian** and **utilitarian** solutions, for comparison.

>>> game = BargainingGame([(0, 0), (10, 0), (0, 10), (8, 6)], (0, 0))
>>> [tuple(map(str, r.point)) for r in game.rose_points()]
[('5', '15/2'), ('8', '6'), ('25/3', '5')]
>>> tuple(map(str, game.dictators().random_dictator))
('5', '5')
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from exactrose.errors import CertificateError, GameFormatError, InputError
from exactrose.exact.numbers import format_rational, shorten, to_rational, value_text
from exactrose.input.formats import JsonFloat, load_json, read_game, read_text
from exactrose.limits import MAX_NAME_CHARS, MAX_PAYOFFS

#: A payoff pair ``(x_1, x_2)``.
PayoffPoint = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class Segment:
    """The closed segment of frontier points from ``start`` to ``end`` (``start_1 < end_1``)."""

    start: PayoffPoint
    end: PayoffPoint


@dataclass(frozen=True)
class RosePoint:
    """A ROSE point and its currency: ``weights`` ``a > 0`` with ``a·point = max_F a·y`` and
    ``a_1 (M_1 − x_1) = a_2 (M_2 − x_2)``.  ``check_rose_point`` re-checks it."""

    point: PayoffPoint
    weights: PayoffPoint


@dataclass(frozen=True)
class Dictators:
    """``player_1`` = P_1, the point of F with ``x_2 >= d_2`` maximising ``x_1`` (ties: largest
    ``x_2``); ``player_2`` = P_2 symmetrically; ``random_dictator`` = (P_1 + P_2)/2."""

    player_1: PayoffPoint
    player_2: PayoffPoint
    random_dictator: PayoffPoint


@dataclass(frozen=True)
class NashSolution:
    """The maximiser of the Nash product ``(x_1 − d_1)(x_2 − d_2)`` over ``F ∩ {x >= d}``.

    When the product is positive somewhere, ``point`` is the unique maximiser and ``normal`` =
    ``(x_2 − d_2, x_1 − d_1)`` (the product's gradient) is maximised over ``F ∩ {x >= d}`` at
    ``point``: that is the re-checkable optimality condition.  When no point of ``F`` is strictly
    above ``d`` in both coordinates (``degenerate``), ``F ∩ {x >= d}`` lies on one of the lines
    ``x_i = d_i`` and ``point`` is its Pareto-best point (the maximiser of ``x_1 + x_2``, unique
    there); ``normal`` is then ``None``.
    """

    point: PayoffPoint
    product: Fraction
    normal: PayoffPoint | None
    degenerate: bool


@dataclass(frozen=True)
class RaySolution:
    """``point = d + t·direction`` with ``t >= 0`` as large as ``F`` allows (Kalai–Smorodinsky:
    also ``t <= 1``, the ideal point ``M`` at ``t = 1``)."""

    point: PayoffPoint
    direction: PayoffPoint
    t: Fraction


@dataclass(frozen=True)
class UtilitarianSolution:
    """Every maximiser of ``x_1 + x_2`` over ``F ∩ {x >= d}``: one point or one segment."""

    maximisers: tuple[PayoffPoint | Segment, ...]
    total: Fraction


@dataclass(frozen=True)
class BargainingSolutions:
    """Every solution of one bargaining game: what ``exactrose bargain`` prints."""

    game: BargainingGame
    rose: tuple[RosePoint, ...]
    dictators: Dictators
    nash: NashSolution
    kalai_smorodinsky: RaySolution
    egalitarian: RaySolution
    utilitarian: UtilitarianSolution


class BargainingGame:
    """A two-player bargaining game: ``F`` = the convex hull of ``points``, disagreement ``d`` in F.

    ``vertices`` are F's vertices, counter-clockwise from the lowest (then leftmost) one; a
    segment has two, a single point one.  ``M`` = ``(M_1, M_2)``; ``individually_rational``
    = the vertices of ``F ∩ {x >= d}``.
    """

    def __init__(self, points: Iterable[Sequence[object]], disagreement: Sequence[object], title: str = "",
                 players: tuple[str, str] = ("player 1", "player 2")) -> None:
        if isinstance(points, (str, bytes)) or not isinstance(points, Iterable):
            raise InputError(f"points: expected a list of payoff pairs, got {points!r}")
        pairs = [_pair(p, f"points[{k}]") for k, p in enumerate(points)]
        if not pairs:
            raise InputError("points: expected at least one feasible payoff pair, got none")
        self.title = str(title)
        self.players = (str(players[0]), str(players[1]))
        self.vertices: tuple[PayoffPoint, ...] = convex_hull(pairs)
        self.disagreement: PayoffPoint = _pair(disagreement, "disagreement")
        if not self.contains(self.disagreement):
            raise InputError(
                f"disagreement: the point {_text(self.disagreement)} is not in the feasible set "
                f"(the convex hull of the points, vertices {', '.join(_text(v) for v in self.vertices)})"
            )
        d1, d2 = self.disagreement
        # F ∩ {x_2 >= d_2}, F ∩ {x_1 >= d_1} and F ∩ {x >= d}: convex polygons containing d.
        self._above_2 = _clip(self.vertices, (0, 1), d2)
        self._above_1 = _clip(self.vertices, (1, 0), d1)
        self.individually_rational: tuple[PayoffPoint, ...] = _clip(self._above_2, (1, 0), d1)
        self.M: PayoffPoint = (max(x for x, _ in self._above_2), max(y for _, y in self._above_1))

    @classmethod
    def from_game(cls, game: object, disagreement: Sequence[object] | None = None) -> BargainingGame:
        """The bargaining game of a two-player :class:`~exactrose.model.game.Game`: F = the convex hull
        of the pure outcomes' payoff pairs; ``d`` defaults to the players' maximin values."""
        from exactrose.model.game import Game
        from exactrose.values.zerosum import maximin

        if not isinstance(game, Game):
            raise InputError(f"game: expected an exactrose Game, got {type(game).__name__}")
        if game.n != 2:
            raise InputError(f"game: bargaining needs exactly 2 players, the game has {game.n}")
        points = [game.payoff_vector(profile) for profile in game.profiles()]
        if disagreement is None:
            d = (maximin(game, 0).value, maximin(game, 1).value)
            hull = convex_hull(points)
            if not _in_hull(hull, d):
                raise InputError(
                    f"disagreement: the maximin values {_text(d)} are not in the convex hull of the game's "
                    "outcomes; give a disagreement point explicitly (--disagreement x,y)"
                )
            disagreement = d
        return cls(points, disagreement, game.title, (game.players[0], game.players[1]))

    # ------------------------------------------------------------------ geometry
    def contains(self, x: Sequence[object]) -> bool:
        """Whether the point ``x`` lies in F."""
        return _in_hull(self.vertices, _pair(x, "point"))

    def support(self, a: PayoffPoint) -> Fraction:
        """``max_{y ∈ F} a·y``."""
        return max(_dot(a, v) for v in self.vertices)

    def pareto_frontier(self) -> tuple[PayoffPoint, ...]:
        """The vertices of F's (strong) Pareto frontier, from the top left to the bottom right:
        the points of F that maximise some ``a·y`` with ``a_1, a_2 > 0``."""
        edges = _edges(self.vertices)
        positive = [k for k, e in enumerate(edges) if _positive(_normal(e))]
        if not positive:
            return (max(self.vertices, key=lambda v: v[0] + v[1]),)
        # The positive-normal edges are consecutive counter-clockwise (bottom right to top left).
        first = next(k for k in positive if (k - 1) % len(edges) not in positive)
        chain = [edges[first][0]] + [edges[(first + j) % len(edges)][1] for j in range(len(positive))]
        return tuple(reversed(chain))

    # ------------------------------------------------------------------ solutions
    def rose_points(self) -> tuple[RosePoint, ...]:
        """All ROSE points, sorted by ``x_1`` (essay: "ROSE Bargaining").

        A frontier point with currency ``a > 0`` is ``x(a) = M − k (1/a_1, 1/a_2)``,
        ``k = (a·M − max_F a·y)/2``.  On an edge with a positive normal ``a`` that point is
        unique (``a_1 (M_1 − x_1) − a_2 (M_2 − x_2)`` changes by ``−2 a_1 a_2 s`` along the edge
        direction ``s (a_2, −a_1)``), so the equation never holds along a whole edge and ROSE
        points are isolated: the edges' points ``x(a)`` that lie on their edge, and the vertices
        ``v`` with ``M − v > 0`` whose normal cone contains ``a = (M_2 − v_2, M_1 − v_1)`` (the
        currency the equation fixes up to scale).  At the frontier's two ends the normal cone
        reaches the axes; a ratio ``a_1/a_2`` of 0 or ∞ would need a zero weight, and that is
        excluded because ``M − v > 0`` makes the ratio finite and positive.  If ``M`` is
        feasible it is the only ROSE point (every other frontier point has ``M_1 − x_1`` and
        ``M_2 − x_2`` of opposite signs).
        """
        m = self.M
        if self.contains(m):
            return (RosePoint(m, self._positive_normal(m)),)
        found: dict[PayoffPoint, RosePoint] = {}
        for start, end in _edges(self.vertices):
            a = _normal((start, end))
            if not _positive(a):
                continue
            k = (_dot(a, m) - _dot(a, start)) / 2
            x = (m[0] - k / a[0], m[1] - k / a[1])
            if _on_segment(x, start, end):
                found.setdefault(x, RosePoint(x, _reduced(a)))
        for v in self.vertices:
            a = (m[1] - v[1], m[0] - v[0])
            if _positive(a) and _dot(a, v) == self.support(a):
                found.setdefault(v, RosePoint(v, _reduced(a)))
        return tuple(sorted(found.values(), key=lambda r: r.point))

    def dictators(self) -> Dictators:
        """P_1, P_2 and the random-dictator point."""
        p1 = max(self._above_2)  # lexicographic: largest x_1, then largest x_2
        p2 = max(self._above_1, key=lambda v: (v[1], v[0]))
        return Dictators(p1, p2, ((p1[0] + p2[0]) / 2, (p1[1] + p2[1]) / 2))

    def nash(self) -> NashSolution:
        """The Nash bargaining solution (see :class:`NashSolution` for the degenerate case)."""
        d = self.disagreement
        region = self.individually_rational

        def product(x: PayoffPoint) -> Fraction:
            return (x[0] - d[0]) * (x[1] - d[1])

        candidates = list(region)
        for p, q in _edges(region):
            u = (q[0] - p[0], q[1] - p[1])
            if u[0] * u[1] < 0:  # the product is a concave quadratic along this edge
                s = -((p[0] - d[0]) * u[1] + (p[1] - d[1]) * u[0]) / (2 * u[0] * u[1])
                if 0 < s < 1:
                    candidates.append((p[0] + s * u[0], p[1] + s * u[1]))
        best = max(candidates, key=product)
        if product(best) > 0:
            return NashSolution(best, product(best), (best[1] - d[1], best[0] - d[0]), False)
        point = max(region, key=lambda v: v[0] + v[1])
        return NashSolution(point, Fraction(0), None, True)

    def kalai_smorodinsky(self) -> RaySolution:
        """The furthest point of F on the segment from ``d`` to the ideal point ``M``."""
        d, m = self.disagreement, self.M
        return self._furthest((m[0] - d[0], m[1] - d[1]), cap=Fraction(1))

    def egalitarian(self) -> RaySolution:
        """The furthest point ``d + t (1, 1)`` of F (equal gains over ``d``)."""
        return self._furthest((Fraction(1), Fraction(1)), cap=None)

    def utilitarian(self) -> UtilitarianSolution:
        """All maximisers of ``x_1 + x_2`` over ``F ∩ {x >= d}``."""
        region = self.individually_rational
        total = max(v[0] + v[1] for v in region)
        best = sorted(v for v in region if v[0] + v[1] == total)
        face: PayoffPoint | Segment = best[0] if len(best) == 1 else Segment(best[0], best[-1])
        return UtilitarianSolution((face,), total)

    def solve(self) -> BargainingSolutions:
        """Every solution at once."""
        return BargainingSolutions(self, self.rose_points(), self.dictators(), self.nash(),
                                   self.kalai_smorodinsky(), self.egalitarian(), self.utilitarian())

    # ------------------------------------------------------------------ helpers
    def _furthest(self, direction: PayoffPoint, cap: Fraction | None) -> RaySolution:
        d = self.disagreement
        if direction == (0, 0):
            return RaySolution(d, direction, Fraction(0))
        across = (direction[1], -direction[0])
        chord = _clip(_clip(self.vertices, across, _dot(across, d)), (-across[0], -across[1]), -_dot(across, d))
        end = max(chord, key=lambda v: _dot(direction, v))
        axis = 0 if direction[0] != 0 else 1
        t = (end[axis] - d[axis]) / direction[axis]
        if cap is not None and t > cap:
            t = cap
        return RaySolution((d[0] + t * direction[0], d[1] + t * direction[1]), direction, t)

    def _positive_normal(self, x: PayoffPoint) -> PayoffPoint:
        """A currency ``a > 0`` with ``a·x = max_F a·y`` for a point ``x`` of the Pareto frontier."""
        frontier = self.pareto_frontier()
        edges = list(zip(frontier, frontier[1:]))
        for p, q in edges:
            if _on_segment(x, p, q) and x not in (p, q):
                return _reduced((p[1] - q[1], q[0] - p[0]))
        # A vertex: the normals of its frontier edges bound its cone; at an end of the frontier
        # the cone reaches an axis, so tilt the one edge's normal towards that axis.
        normals = [_reduced((p[1] - q[1], q[0] - p[0])) for p, q in edges if x in (p, q)]
        if len(normals) == 2:
            return _reduced((normals[0][0] + normals[1][0], normals[0][1] + normals[1][1]))
        if len(normals) == 1:
            a = normals[0]
            tilted = (a[0], 2 * a[1]) if x == frontier[0] else (2 * a[0], a[1])
            return tilted if _dot(tilted, x) == self.support(tilted) else a
        return (Fraction(1), Fraction(1))


def check_rose_point(game: BargainingGame, rose: RosePoint) -> None:
    """Re-check a ROSE point from the game alone; raise :class:`CertificateError` if it fails."""
    x, a = rose.point, rose.weights
    m = game.M
    if not _positive(a):
        raise CertificateError(f"ROSE point {_text(x)}: weights {_text(a)} are not strictly positive")
    if not game.contains(x):
        raise CertificateError(f"ROSE point {_text(x)} is not feasible")
    if _dot(a, x) != game.support(a):
        raise CertificateError(f"ROSE point {_text(x)} does not maximise {_text(a)}·y over F")
    if a[0] * (m[0] - x[0]) != a[1] * (m[1] - x[1]):
        raise CertificateError(f"ROSE point {_text(x)}: a_1 (M_1 − x_1) ≠ a_2 (M_2 − x_2) for a = {_text(a)}")


def convex_hull(points: Iterable[Sequence[Fraction]]) -> tuple[PayoffPoint, ...]:
    """Vertices of the convex hull, counter-clockwise from the lowest-then-leftmost point,
    without collinear points (Andrew's monotone chain, exact)."""
    unique = sorted({(Fraction(p[0]), Fraction(p[1])) for p in points}, key=lambda p: (p[1], p[0]))
    if len(unique) <= 2:
        return tuple(unique)

    def half(ordered: list[PayoffPoint]) -> list[PayoffPoint]:
        chain: list[PayoffPoint] = []
        for p in ordered:
            while len(chain) >= 2 and _cross(chain[-2], chain[-1], p) <= 0:
                chain.pop()
            chain.append(p)
        return chain

    lower, upper = half(unique), half(unique[::-1])
    return tuple(lower[:-1] + upper[:-1])


# ---------------------------------------------------------------------- private helpers


def _pair(value: object, where: str) -> PayoffPoint:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise InputError(f"{where}: expected a pair of rational numbers [x_1, x_2], got {value_text(value)}")
    return (to_rational(value[0], f"{where}[0]"), to_rational(value[1], f"{where}[1]"))


def _text(x: PayoffPoint) -> str:
    return f"({format_rational(x[0])}, {format_rational(x[1])})"


def _dot(a: Sequence[Fraction], x: Sequence[Fraction]) -> Fraction:
    return a[0] * x[0] + a[1] * x[1]


def _cross(o: PayoffPoint, p: PayoffPoint, q: PayoffPoint) -> Fraction:
    return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])


def _positive(a: PayoffPoint) -> bool:
    return a[0] > 0 and a[1] > 0


def _edges(vertices: Sequence[PayoffPoint]) -> list[tuple[PayoffPoint, PayoffPoint]]:
    """Counter-clockwise edges; a segment has two (one each way), a point none."""
    if len(vertices) < 2:
        return []
    return [(vertices[k], vertices[(k + 1) % len(vertices)]) for k in range(len(vertices))]


def _normal(edge: tuple[PayoffPoint, PayoffPoint]) -> PayoffPoint:
    """The outward normal ``(Δx_2, −Δx_1)`` of a counter-clockwise edge."""
    (p, q) = edge
    return (q[1] - p[1], p[0] - q[0])


def _reduced(a: PayoffPoint) -> PayoffPoint:
    """``a`` scaled to coprime integers (the same currency, easier to read)."""
    from math import gcd, lcm

    scale = lcm(a[0].denominator, a[1].denominator)
    n1, n2 = int(a[0] * scale), int(a[1] * scale)
    g = gcd(n1, n2) or 1
    return (Fraction(n1 // g), Fraction(n2 // g))


def _on_segment(x: PayoffPoint, p: PayoffPoint, q: PayoffPoint) -> bool:
    return (_cross(p, q, x) == 0 and min(p[0], q[0]) <= x[0] <= max(p[0], q[0])
            and min(p[1], q[1]) <= x[1] <= max(p[1], q[1]))


def _in_hull(vertices: Sequence[PayoffPoint], x: PayoffPoint) -> bool:
    if len(vertices) == 1:
        return x == vertices[0]
    if len(vertices) == 2:
        return _on_segment(x, vertices[0], vertices[1])
    return all(_cross(p, q, x) >= 0 for p, q in _edges(vertices))


def _clip(vertices: Sequence[PayoffPoint], a: Sequence[Fraction | int], b: Fraction | int) -> tuple[PayoffPoint, ...]:
    """The convex polygon ``vertices ∩ {y : a·y >= b}`` (Sutherland–Hodgman, exact)."""
    normal, bound = (Fraction(a[0]), Fraction(a[1])), Fraction(b)
    if len(vertices) == 1:
        return tuple(vertices) if _dot(normal, vertices[0]) >= bound else ()
    kept: list[PayoffPoint] = []
    for p, q in _edges(vertices):
        fp, fq = _dot(normal, p) - bound, _dot(normal, q) - bound
        if fp >= 0:
            kept.append(p)
        if (fp > 0 > fq) or (fp < 0 < fq):
            s = fp / (fp - fq)
            kept.append((p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])))
    return convex_hull(kept) if kept else ()


# ---------------------------------------------------------------------- files and reports


def parse_bargaining_json(text: str, path: str = "<string>",
                          disagreement: Sequence[object] | None = None) -> BargainingGame:
    """A bargaining game from JSON text ``{"points": [["x", "y"], ...], "disagreement": ["x", "y"]}``.

    Numbers are JSON integers or strings (``"-3/4"``, ``"0.25"``); JSON floats are refused.
    ``disagreement`` overrides the file's.  Errors name the file and the field.
    """
    return _bargaining_from_obj(load_json(text, path), path, disagreement)


def _bargaining_from_obj(obj: object, path: str, disagreement: Sequence[object] | None) -> BargainingGame:
    if not isinstance(obj, dict) or "points" not in obj:
        raise GameFormatError(path, None, 'expected a JSON object with a "points" key')
    unknown = sorted(set(obj) - {"points", "disagreement", "title"})
    if unknown:
        shown = ", ".join(shorten(key, 40) for key in unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        raise GameFormatError(path, None, f"unknown key(s) {shown}; expected points, disagreement, title")
    if disagreement is None and "disagreement" not in obj:
        raise GameFormatError(path, None, 'disagreement: missing; expected a pair ["x", "y"] (or pass --disagreement)')
    points = obj["points"]
    if not isinstance(points, list):
        raise GameFormatError(path, None, f"points: expected a list of pairs [\"x\", \"y\"], got {_json_kind(points)}")
    if 2 * len(points) > MAX_PAYOFFS:
        raise GameFormatError(path, None, f"points: expected at most {MAX_PAYOFFS // 2:,} payoff pairs "
                              f"({MAX_PAYOFFS:,} payoffs, the cap on a game's payoffs), found {len(points):,}")
    fields = [(f"points[{k}]", p) for k, p in enumerate(points)]
    if disagreement is None:
        fields.append(("disagreement", obj["disagreement"]))
    pairs = []
    for where, pair in fields:
        if not isinstance(pair, list) or len(pair) != 2:
            raise GameFormatError(path, None, f"{where}: expected a pair [\"x\", \"y\"], got {_json_kind(pair)}")
        for k, value in enumerate(pair):
            if isinstance(value, JsonFloat):
                text = value.text
                suggestion = f'the string "{text}"' if len(text) <= 100 else 'a string such as "1/2"'
                raise GameFormatError(path, None, f"{where}[{k}]: expected an exact number, found the JSON float "
                                      f"{shorten(text, 100)}; floats are not exact, write it as {suggestion}")
        pairs.append(pair)
    title = obj.get("title", "")
    if not isinstance(title, str):
        raise GameFormatError(path, None, f"title: expected a string, got {_json_kind(title)}")
    if len(title) > MAX_NAME_CHARS:
        raise GameFormatError(path, None, f"title: expected at most {MAX_NAME_CHARS} characters, found {len(title):,}")
    try:
        return BargainingGame(pairs[: len(points)], disagreement if disagreement is not None else pairs[-1], title)
    except InputError as error:
        raise GameFormatError(path, None, str(error)) from None


def read_bargaining(path: str | os.PathLike[str], disagreement: Sequence[object] | None = None) -> BargainingGame:
    """A bargaining game from a file: a bargaining JSON file (it has a ``"points"`` key) or a
    2-player game file (``.nfg`` or JSON game, see :meth:`BargainingGame.from_game`)."""
    name = os.fspath(path)
    if name.lower().endswith(".json"):
        try:
            head = load_json(read_text(name), name)
        except InputError:
            head = None  # read_game reports the problem
        if isinstance(head, dict) and "points" in head:
            return _bargaining_from_obj(head, name, disagreement)  # decoded once
        del head  # not kept while read_game decodes the file again
    game = read_game(name)
    try:
        return BargainingGame.from_game(game, disagreement)
    except InputError as error:
        raise GameFormatError(name, None, str(error)) from None


def parse_point_option(text: str, where: str = "--disagreement") -> PayoffPoint:
    """``"x,y"`` (e.g. ``"0,-1/2"``) as an exact point."""
    parts = text.split(",")
    if len(parts) != 2:
        raise InputError(f"{where}: expected two numbers x,y such as 0,-1/2, got {shorten(text)!r}")
    return (to_rational(parts[0], f"{where} x_1"), to_rational(parts[1], f"{where} x_2"))


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, JsonFloat):
        return f"the float {shorten(value.text)}"
    if isinstance(value, str):
        return json.dumps(shorten(value), ensure_ascii=False)
    return json.dumps(value)
