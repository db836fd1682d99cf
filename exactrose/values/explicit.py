"""An independent, approximate evaluator of the essay's explicit initiative formulas.

This module exists to cross-check the exact recursive solver (MATH.md §2) by a different
route.  It never uses the recursion, vertex enumeration or linear programming.  Instead it
takes the essay's bracket formulas for 3 and 4 players (section "I Know You Know They
Know") *as strings*, parses them with the tiny parser below, and evaluates the nested
maximisations numerically:

* ``[X]_S`` where ``X`` is a team of ranks (an "atom" such as ``[123]3`` or ``[1234]1234``)
  is computed exactly (in floating point) as a maximum over the pure actions of the ranks
  in ``S``: the expectation is multilinear in the mixed strategies, so the maximum over a
  product of simplices is attained at a pure profile.
* ``[X]_S`` where ``X`` is a difference of brackets is a maximum over the product of the
  mixed strategies of the ranks in ``S`` (jointly, e.g. ``[..]12`` scans the product of
  ranks 1 and 2's simplices).  It is computed by a dense scan of a simplex grid
  (``grid`` divisions per simplex) followed by local refinement: ``zooms`` rounds, each
  shrinking the spacing by 16 (two passes of a 9-point-per-dimension box of spacing
  ``h/4`` around the best points).  The outermost maximisation of each formula keeps the
  ``keep`` best well-separated coarse points and refines each; inner maximisations keep
  ``inner_keep`` of them.  Every scan is vectorised over all the contexts (earlier ranks'
  strategies) at once with numpy.

The payoffs come from the exact Fractions of the :class:`~exactrose.game.Game` but are
converted to ``float``; all results are floats and approximate (see :func:`explicit_initiative_values`).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from exactrose.errors import InputError
from exactrose.game import Game

__all__ = [
    "ESSAY_FORMULAS",
    "Bracket",
    "ExplicitEstimate",
    "explicit_initiative_values",
    "explicit_rose_value",
    "parse_formula",
]

# The essay's formulas, one string per rank (rank 1 first), copied verbatim from
# seed/rose-essay.txt (with its U+2212 minus signs).  ``above line`` in the 4-player rank-2
# formula stands for the rank-1 formula.  n = 1 and n = 2 are the essay's warm-up cases.
ESSAY_FORMULAS: dict[int, tuple[str, ...]] = {
    1: ("[1]1",),
    2: (
        "[[12]2−[2]2]1",
        "[12]12−[[12]2−[2]2]1",
    ),
    3: (
        "[[[123]3−[3]3]2−[[23]3−[3]3]2]1",
        "[[123]3−[3]3]12−[[[123]3−[3]3]2−[[23]3−[3]3]2]1",
        "[123]123−[[123]3−[3]3]12",
    ),
    4: (
        "[[[[1234]4−[4]4]3−[[34]4−[4]4]3]2−[[[234]4−[4]4]3−[[34]4−[4]4]3]2]1",
        "[[[1234]4−[4]4]3−[[34]4−[4]4]3]12−above line",
        "[[1234]4−[4]4]123−[[[1234]4−[4]4]3−[[34]4−[4]4]3]12",
        "[1234]1234−[[1234]4−[4]4]123",
    ),
}

_ZOOM = 27  # each zoom divides the spacing of the live cells by 27: in one pass that
# splits every live cell into 27 children when D = 1, in three passes of 3**D children when
# D > 1 (fewer evaluations, more passes)
_SPLIT_LOWEST = {1: 9}
_SPLIT_UPPER: dict[int, int] = {}
_CHUNK = 1 << 19  # floats per intermediate array when evaluating a batch of contexts
_MAX_COARSE = 1 << 20  # at most this many coarse cell corners: a finer coarse grid is thinned


# ------------------------------------------------------------------------------- parsing
@dataclass(frozen=True)
class Bracket:
    """``[body]_ranks``: the ranks (1-based, consecutive) pick strategies maximising the body.

    ``team`` is set when the body is a plain team of ranks (expected total payoff of those
    ranks); otherwise ``terms`` lists the body's signed sub-brackets ``(sign, bracket)``.
    """

    ranks: tuple[int, ...]
    team: tuple[int, ...] | None
    terms: tuple[tuple[int, Bracket], ...]
    text: str


def parse_formula(text: str, n: int, previous: str | None = None) -> tuple[tuple[int, Bracket], ...]:
    """Parse one line of the essay's shorthand into signed top-level brackets.

    Grammar: ``expr := term (('−'|'-') term)*`` (a leading sign is allowed),
    ``term := '[' (digits | expr) ']' digits``; digits are ranks 1..9.  The phrase
    ``above line`` is replaced by ``previous`` (which must be a single bracket).  Scoping
    is checked: top-level brackets start at rank 1, a bracket's sub-brackets start right
    after its last rank, and a team bracket's ranks run to rank ``n``.
    """
    source = text.replace("−", "-").replace(" ", "")
    if "aboveline" in source:
        if previous is None:
            raise InputError(f"formula {text!r}: 'above line' needs the previous line")
        above = parse_formula(previous, n)
        if len(above) != 1 or above[0][0] != 1:
            raise InputError(f"formula {previous!r}: 'above line' must be a single bracket")
        source = source.replace("aboveline", above[0][1].text)
    parser = _Parser(source, text)
    terms = parser.expr()
    if parser.pos != len(source):
        parser.fail("end of formula")
    for _, bracket in terms:
        _check_scope(bracket, 1, n, text)
    return terms


class _Parser:
    def __init__(self, source: str, original: str) -> None:
        self.source = source
        self.original = original
        self.pos = 0

    def fail(self, expected: str) -> None:
        raise InputError(f"formula {self.original!r}: expected {expected} at character {self.pos}")

    def peek(self) -> str:
        return self.source[self.pos] if self.pos < len(self.source) else ""

    def digits(self) -> tuple[int, ...]:
        start = self.pos
        while self.peek().isdigit():
            self.pos += 1
        if start == self.pos:
            self.fail("rank digits")
        return tuple(int(c) for c in self.source[start : self.pos])

    def expr(self) -> tuple[tuple[int, Bracket], ...]:
        terms = []
        sign = 1
        if self.peek() == "-":
            self.pos += 1
            sign = -1
        terms.append((sign, self.term()))
        while self.peek() == "-":
            self.pos += 1
            terms.append((-1, self.term()))
        return tuple(terms)

    def term(self) -> Bracket:
        start = self.pos
        if self.peek() != "[":
            self.fail("'['")
        self.pos += 1
        if self.peek().isdigit():
            team, terms = self.digits(), ()
        else:
            team, terms = None, self.expr()
        if self.peek() != "]":
            self.fail("']'")
        self.pos += 1
        ranks = self.digits()
        return Bracket(ranks, team, terms, self.source[start : self.pos])


def _check_scope(bracket: Bracket, first: int, n: int, text: str) -> None:
    ranks = bracket.ranks
    if ranks != tuple(range(first, first + len(ranks))) or ranks[-1] > n:
        raise InputError(f"formula {text!r}: {bracket.text} maximises over ranks {ranks}, expected {first}.. <= {n}")
    if bracket.team is not None:
        if ranks[-1] != n or not set(bracket.team) <= set(range(1, n + 1)):
            raise InputError(f"formula {text!r}: team bracket {bracket.text} must end at rank {n}")
        return
    if ranks[-1] == n:
        raise InputError(f"formula {text!r}: {bracket.text} leaves no rank for its sub-brackets")
    for _, sub in bracket.terms:
        _check_scope(sub, ranks[-1] + 1, n, text)


def _teams(bracket: Bracket) -> set[tuple[int, ...]]:
    if bracket.team is not None:
        return {tuple(sorted(bracket.team))}
    return set().union(*(_teams(sub) for _, sub in bracket.terms))


# ------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ExplicitEstimate:
    """Approximate initiative values from the essay's explicit formulas.

    ``values`` is indexed by player, ``by_rank`` by rank (``order[r]`` has rank ``r + 1``).
    ``strategies[r]`` holds the maximisers found for the outermost maximisation of rank
    ``r + 1``'s leading bracket (``[..]_1`` for rank 1, ``[..]_{1..r+1}`` otherwise): one
    mixed strategy (a tuple of probabilities over that rank's actions) per rank
    ``1..r+1``, in rank order; team brackets such as ``[123]123`` give pure (0/1) ones.
    """

    order: tuple[int, ...]
    values: tuple[float, ...]
    by_rank: tuple[float, ...]
    strategies: tuple[tuple[tuple[float, ...], ...], ...]
    grid: int
    zooms: int


# ----------------------------------------------------------------------------- evaluation
class _Evaluator:
    """Evaluates brackets on batches of contexts.

    A context for a bracket starting at rank ``r`` is an array of shape
    ``(B, k_r, ..., k_n, m)``: the team payoff tensors (one per team in the last axis)
    with the strategies of ranks ``< r`` already averaged out.  A mixed strategy of a rank
    with ``k`` actions is written by its ``k - 1`` free coordinates (the probabilities of
    its first ``k - 1`` actions); a bracket over several ranks works in the concatenation
    of their free coordinates (``D`` of them).
    """

    def __init__(self, tensors: dict[tuple[int, ...], np.ndarray], shape: tuple[int, ...], grid: int, zooms: int,
                 keep: int, inner_keep: int, inner_grid: int) -> None:
        self.tensors = tensors
        self.shape = shape
        self.grid = grid
        self.inner_grid = inner_grid
        self.zooms = zooms
        self.keep = keep
        self.inner_keep = inner_keep
        self.spreads = {t: [float(np.ptp(tensor, axis=r).max()) for r in range(len(shape))] for t, tensor in tensors.items()}
        self.truncated = 0  # how many times a context had more live cells than its cap
        self._refine: dict[tuple[int, int], _Refinement] = {}
        self._teams: dict[Bracket, list[tuple[int, ...]]] = {}
        self._lipschitz: dict[tuple[Bracket, int], float] = {}

    # -- public entry: a top-level bracket in the empty context
    def top(self, bracket: Bracket) -> tuple[float, tuple[tuple[float, ...], ...]]:
        teams = self.teams(bracket)
        ctx = np.stack([self.tensors[t] for t in teams], axis=-1)[None]
        values, points = self.bracket(bracket, ctx, teams, outer=True)
        strategies = self._split(points[0], bracket.ranks, pure=bracket.team is not None)
        return float(values[0]), strategies

    def teams(self, bracket: Bracket) -> list[tuple[int, ...]]:
        if bracket not in self._teams:
            self._teams[bracket] = sorted(_teams(bracket))
        return self._teams[bracket]

    def lipschitz(self, bracket: Bracket, rank: int) -> float:
        """``L`` with ``|body(y) - body(y')| <= L * sum_i |y_i - y'_i|`` when only ``rank``'s
        free coordinates ``y`` move: the sum (with multiplicity) over the team brackets inside
        of the largest spread of the team payoff across ``rank``'s actions.

        ``|E_x[T] - E_x'[T]| <= spread/2 * |x - x'|_1 <= spread * |y - y'|_1`` whatever the
        other ranks play; maxima over later ranks keep the constant, differences add.
        """
        key = (bracket, rank)
        if key not in self._lipschitz:
            if bracket.team is not None:
                value = self.spreads[tuple(sorted(bracket.team))][rank - 1]
            else:
                value = sum(self.lipschitz(sub, rank) for _, sub in bracket.terms)
            self._lipschitz[key] = value
        return self._lipschitz[key]

    def bracket(self, bracket: Bracket, ctx: np.ndarray, teams: list, *, outer: bool = False
                ) -> tuple[np.ndarray, np.ndarray]:
        """Values ``(B,)`` and maximisers ``(B, D)`` of ``bracket`` in each of ``B`` contexts.

        For a team bracket the maximiser is the flat index of the best pure profile."""
        mine = self.teams(bracket)
        if mine != teams:
            ctx = ctx[..., [teams.index(t) for t in mine]]
        batch = ctx.shape[0]
        if bracket.team is not None:
            # multilinear in the mixed strategies: the maximum is at a pure profile
            column = ctx[..., mine.index(tuple(sorted(bracket.team)))].reshape(batch, -1)
            best = column.argmax(axis=1)
            return column[np.arange(batch), best], best[:, None]
        dims = [self.shape[r - 1] for r in bracket.ranks]
        body = self._body(bracket, ctx, mine, dims)
        lowest = all(term.team is not None for _, term in bracket.terms)
        split = _SPLIT_LOWEST.get(sum(k - 1 for k in dims), 3) if lowest else _SPLIT_UPPER.get(sum(k - 1 for k in dims), 3)
        weights = np.array([self.lipschitz(bracket, r) for r in bracket.ranks for _ in range(self.shape[r - 1] - 1)])
        return self._maximise(body, batch, dims, outer, weights, split)

    def _body(self, bracket: Bracket, ctx: np.ndarray, teams: list, dims: list[int]) -> Callable:
        """``body(rows, y) -> (values, codes)``, both ``(P, C)``: the bracket's body in contexts
        ``ctx[rows]`` at free coordinates ``y`` (``(P, C, D)``, or ``(1, C, D)`` shared).

        When every term is a team bracket, ``codes`` identifies the tuple of maximising pure
        profiles (the "active pieces"); otherwise it is ``None``."""
        per_context = ctx[0].size
        lowest = all(term.team is not None for _, term in bracket.terms)
        radix = math.prod(ctx.shape[1 + len(dims) : -1])
        # the first rank's average is last action + sum_i y_i (action i - last action)
        first = dims[0]
        last_action = ctx[:, first - 1]
        action_gaps = [ctx[:, i] - last_action for i in range(first - 1)]
        tail = (1,) * (last_action.ndim - 1)
        if lowest:
            # all terms at once: column of each term's team and its sign
            columns = np.array([teams.index(tuple(sorted(term.team))) for _, term in bracket.terms])
            signs = np.array([float(sign) for sign, _ in bracket.terms])
            subtracted = [j for j, (sign, _) in enumerate(bracket.terms) if sign < 0]

        def body(rows: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
            count, width = len(rows), y.shape[1]
            out = np.empty((count, width))
            codes = np.zeros((count, width), dtype=np.int64) if lowest else None
            step_c = max(1, min(width, _CHUNK // per_context))
            step_p = max(1, _CHUNK // (step_c * per_context))
            for p0 in range(0, count, step_p):
                p1 = min(count, p0 + step_p)
                chosen = rows[p0:p1]
                base = last_action[chosen][:, None]  # (pc, 1, k_{r+1}, ..., m)
                gaps = [gap[chosen][:, None] for gap in action_gaps]
                for c0 in range(0, width, step_c):
                    c1 = min(width, c0 + step_c)
                    yy = y[:, c0:c1] if y.shape[0] == 1 else y[p0:p1, c0:c1]
                    sub = base
                    for i, gap in enumerate(gaps):
                        sub = sub + yy[:, :, i].reshape(*yy.shape[:2], *tail) * gap
                    if sub.shape[1] != c1 - c0:
                        sub = np.ascontiguousarray(np.broadcast_to(sub, (p1 - p0, c1 - c0, *sub.shape[2:])))
                    start = first - 1
                    for k in dims[1:]:
                        sub = _average(sub, yy[..., start : start + k - 1])
                        start += k - 1
                    size = (p1 - p0) * (c1 - c0)
                    if lowest:
                        # team brackets: maxima over the remaining pure profiles, exactly
                        table = sub.reshape(size, radix, -1)[:, :, columns]
                        if radix == 2:
                            where = (table[:, 1] > table[:, 0]).astype(np.int64)
                            best = np.maximum(table[:, 0], table[:, 1])
                        else:
                            where = table.argmax(axis=1)  # (size, terms)
                            best = np.take_along_axis(table, where[:, None, :], axis=1)[:, 0]
                        out[p0:p1, c0:c1] = (best @ signs).reshape(p1 - p0, c1 - c0)
                        code = np.zeros(size, dtype=np.int64)
                        for j in subtracted:
                            code = code * radix + where[:, j]
                        codes[p0:p1, c0:c1] = code.reshape(p1 - p0, c1 - c0)
                        continue
                    flat = sub.reshape(size, *sub.shape[2:])
                    total = np.zeros(size)
                    for sign, term in bracket.terms:
                        total += sign * self.bracket(term, flat, teams)[0]
                    out[p0:p1, c0:c1] = total.reshape(p1 - p0, c1 - c0)
            return out, codes

        return body

    def _maximise(self, body: Callable, batch: int, dims: list[int], outer: bool, weights: np.ndarray, split: int
                  ) -> tuple[np.ndarray, np.ndarray]:
        """``max body`` over the product of simplices, in each of ``batch`` contexts.

        Cells are boxes in free coordinates whose corners are evaluated.  Scan the coarse
        grid, then repeatedly split every live cell into ``3**D`` children.  A cell dies
        when (a) its upper bound ``mean(corner values) + sum(weights) h / 2 + max(weights) *
        projection gap`` (``weights``: Lipschitz constants per free coordinate)
        cannot beat the best value found, or (b) the body is a sum of team brackets whose
        maximising pure profiles are the same at all its corners: then the body is
        multilinear on the cell and its maximum is at a corner, already evaluated.  At most
        ``cap`` live cells (highest bounds) are kept per context and pass.
        """
        depth = sum(k - 1 for k in dims)
        if depth == 0:
            return body(np.arange(batch), np.zeros((1, 1, 0)))[0][:, 0], np.zeros((batch, 0))
        coarse = _coarse_cells(tuple(dims), self.grid if outer else self.inner_grid)
        cap = self.keep if outer else self.inner_keep
        h = coarse.h
        lip, lip_max = float(weights.sum()), float(weights.max())
        best_value = np.empty(batch)
        best_point = np.empty((batch, depth))
        cell_dev = coarse.dev[coarse.corners].max(axis=1)  # (N,)
        found: list[tuple[np.ndarray, ...]] = []
        corners = coarse.corners.shape[1]
        step = max(1, (4 * _CHUNK) // (len(coarse.lower) * corners))
        for b0 in range(0, batch, step):
            b1 = min(batch, b0 + step)
            rows = np.arange(b0, b1)
            values, codes = body(rows, coarse.points[None])  # (b, U)
            top = values.argmax(axis=1)
            best_value[b0:b1] = values[np.arange(b1 - b0), top]
            best_point[b0:b1] = coarse.points[top]
            corner_values = values[:, coarse.corners]  # (b, N, 2^D)
            bound = corner_values.mean(axis=2) + (lip * h / 2 + lip_max * cell_dev)[None]
            live = bound >= (best_value[b0:b1] - _slack(best_value[b0:b1]))[:, None]
            if codes is not None:
                corner_codes = codes[:, coarse.corners]
                live &= ~((corner_codes == corner_codes[..., :1]).all(axis=2) & (cell_dev == 0)[None])
            else:
                corner_codes = np.zeros(corner_values.shape, dtype=np.int64)
            which, cell = np.nonzero(live)
            found.append((
                b0 + which,
                coarse.lower[cell],
                corner_values[which, cell],
                corner_codes[which, cell],
                coarse.dev[coarse.corners[cell]],
                bound[which, cell],
            ))
        cells = self._cap(tuple(np.concatenate(parts) for parts in zip(*found, strict=True)), cap)
        refine = self._refinement(depth, split)
        finest = (1.0 / self.grid) / _ZOOM**self.zooms * (1.0 + 1e-9)
        while h > finest:
            context, lower, values, codes, devs, _ = cells
            if len(context) == 0:
                break
            h /= split
            lattice = lower[:, None, :] + h * refine.new_offsets[None]  # (P, Q, D)
            points = _project(lattice, dims)
            new_values, new_codes = body(context, points)
            new_devs = _deviation(lattice, points, dims)
            # best new point of each context
            pick = new_values.argmax(axis=1)
            top = new_values[np.arange(len(context)), pick]
            order = np.lexsort((-top, context))
            first = order[np.r_[True, context[order][1:] != context[order][:-1]]]
            better = first[top[first] > best_value[context[first]]]
            best_value[context[better]] = top[better]
            best_point[context[better]] = points[better, pick[better]]
            # children: corners picked from the 4^D refined lattice of each cell
            full_values = _assemble(values, new_values, refine)
            full_devs = _assemble(devs, new_devs, refine)
            child_values = full_values[:, refine.child_corners]  # (P, 3^D, 2^D)
            child_devs = full_devs[:, refine.child_corners].max(axis=2)
            child_context = np.repeat(context, refine.children)
            bound = (child_values.mean(axis=2) + lip * h / 2 + lip_max * child_devs).ravel()
            live = bound >= best_value[child_context] - _slack(best_value[child_context])
            if new_codes is not None:
                child_codes = _assemble(codes, new_codes, refine)[:, refine.child_corners]
                resolved = (child_codes == child_codes[..., :1]).all(axis=2) & (child_devs == 0)
                live &= ~resolved.ravel()
            else:
                child_codes = np.zeros_like(child_values, dtype=np.int64)
            child_lower = (lower[:, None, :] + h * refine.child_offsets[None]).reshape(-1, depth)
            corners_per_child = child_values.shape[2]
            cells = self._cap(
                (
                    child_context[live],
                    child_lower[live],
                    child_values.reshape(-1, corners_per_child)[live],
                    child_codes.reshape(-1, corners_per_child)[live],
                    full_devs[:, refine.child_corners].reshape(-1, corners_per_child)[live],
                    bound[live],
                ),
                cap,
            )
        return best_value, best_point

    def _cap(self, cells: tuple[np.ndarray, ...], cap: int) -> tuple[np.ndarray, ...]:
        """Keep at most ``cap`` cells per context, those with the highest upper bounds."""
        context, bound = cells[0], cells[-1]
        if len(context) == 0 or np.bincount(context).max() <= cap:
            return cells
        order = np.lexsort((-bound, context))
        sorted_context = context[order]
        starts = np.r_[True, sorted_context[1:] != sorted_context[:-1]]
        position = np.arange(len(order))
        rank = position - np.maximum.accumulate(np.where(starts, position, 0))
        self.truncated += int(np.count_nonzero(rank == cap))
        chosen = order[rank < cap]
        return tuple(part[chosen] for part in cells)

    # -- grids
    def _refinement(self, depth: int, split: int) -> _Refinement:
        if (depth, split) not in self._refine:
            self._refine[depth, split] = _Refinement.build(depth, split)
        return self._refine[depth, split]

    def _split(self, point: np.ndarray, ranks: tuple[int, ...], *, pure: bool) -> tuple[tuple[float, ...], ...]:
        dims = [self.shape[r - 1] for r in ranks]
        if pure:
            profile = np.unravel_index(int(point[0]), dims)
            return tuple(tuple(1.0 if a == b else 0.0 for b in range(k)) for a, k in zip(profile, dims, strict=True))
        out, start = [], 0
        for k in dims:
            free = [float(v) for v in point[start : start + k - 1]]
            out.append((*free, 1.0 - sum(free)))
            start += k - 1
        return tuple(out)


@dataclass(frozen=True)
class _Coarse:
    """The coarse cells of a product of simplices (free coordinates, spacing ``h``).

    ``lower`` ``(N, D)``: lower corners of the boxes meeting the product; ``points``
    ``(U, D)``: their distinct corners, projected into it; ``dev`` ``(U,)``: how far the
    projection moved each; ``corners`` ``(N, 2^D)``: indices into ``points``.
    """

    h: float
    lower: np.ndarray
    points: np.ndarray
    dev: np.ndarray
    corners: np.ndarray

    @classmethod
    def build(cls, dims: tuple[int, ...], grid: int) -> _Coarse:
        depth = sum(k - 1 for k in dims)
        # the coarse grid may be thinned so that the coarse scan stays affordable
        while grid > 4 and math.prod(_cell_count(k, grid) for k in dims) * 2**depth > _MAX_COARSE:
            grid -= 1
        parts = [_lower_corners(k, grid) for k in dims]
        lower = np.array([np.concatenate(c) for c in itertools.product(*parts)], dtype=np.int64)
        lower = lower.reshape(-1, depth)
        unit = np.array(list(itertools.product((0, 1), repeat=depth)), dtype=np.int64).reshape(-1, depth)
        lattice = lower[:, None, :] + unit[None]  # (N, 2^D, D) integer corners
        keys = np.zeros(lattice.shape[:2], dtype=np.int64)
        for i in range(depth):
            keys = keys * (grid + 2) + lattice[..., i]
        unique, first, inverse = np.unique(keys.ravel(), return_index=True, return_inverse=True)
        corners_int = lattice.reshape(-1, depth)[first]
        exact = corners_int.astype(float) / grid
        points = _project(exact, list(dims))
        return cls(1.0 / grid, lower.astype(float) / grid, points, _deviation(exact, points, list(dims)),
                   inverse.reshape(lattice.shape[:2]))


@dataclass(frozen=True)
class _Refinement:
    """Index tables for splitting a box with corners into ``3^D`` children (spacing ``h/3``).

    The split box has a ``4^D`` lattice of corners; ``old`` / ``new`` are the positions
    of its old ``2^D`` corners (same order as a cell's corners) and of the new points, whose
    offsets (in units of the new spacing) are ``new_offsets``; ``child_corners`` ``(3^D, 2^D)``
    indexes each child's corners in the ``4^D`` lattice, ``child_offsets`` their lower corners.
    """

    old: np.ndarray
    new: np.ndarray
    new_offsets: np.ndarray
    child_corners: np.ndarray
    child_offsets: np.ndarray
    children: int

    @classmethod
    def build(cls, depth: int, split: int) -> _Refinement:
        lattice = list(itertools.product(range(split + 1), repeat=depth))
        position = {m: i for i, m in enumerate(lattice)}
        unit = list(itertools.product((0, 1), repeat=depth))
        old = np.array([position[tuple(split * b for b in u)] for u in unit])
        new = np.array([i for i, m in enumerate(lattice) if any(0 < c < split for c in m)])
        new_offsets = np.array([lattice[i] for i in new], dtype=float).reshape(-1, depth)
        starts = list(itertools.product(range(split), repeat=depth))
        child_corners = np.array([[position[tuple(s + b for s, b in zip(t, u, strict=True))] for u in unit] for t in starts])
        child_offsets = np.array(starts, dtype=float).reshape(-1, depth)
        return cls(old, new, new_offsets, child_corners, child_offsets, len(starts))


@functools.lru_cache(maxsize=64)
def _coarse_cells(dims: tuple[int, ...], grid: int) -> _Coarse:
    return _Coarse.build(dims, grid)


def _assemble(old: np.ndarray, new: np.ndarray, refine: _Refinement) -> np.ndarray:
    full = np.empty((old.shape[0], len(refine.old) + len(refine.new)), dtype=old.dtype)
    full[:, refine.old] = old
    full[:, refine.new] = new
    return full


def _cell_count(k: int, grid: int) -> int:
    return math.comb(grid + k - 2, k - 1) if k > 1 else 1


def _lower_corners(k: int, grid: int) -> list[tuple[int, ...]]:
    """Integer lower corners ``c`` (``c >= 0``, ``sum c <= grid - 1``) of the unit boxes that
    meet the scaled simplex ``{y >= 0, sum y <= grid}`` in ``k - 1`` free coordinates."""
    if k == 1:
        return [()]
    return [c for c in itertools.product(range(grid), repeat=k - 1) if sum(c) <= grid - 1]


def _slack(best: np.ndarray) -> np.ndarray:
    return 1e-12 * (1.0 + np.abs(best))


def _average(sub: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Average out the leading rank axis of ``sub`` ``(P, C|1, k, ...)`` with the mixed
    strategies whose free coordinates are ``free`` ``(P|1, C, k-1)``: ``(P, C, ...)``."""
    k = sub.shape[2]
    last = sub[:, :, k - 1]
    shape = (sub.shape[0], free.shape[1], *last.shape[2:])
    if k == 1:
        return np.ascontiguousarray(np.broadcast_to(last, shape))
    tail = (1,) * (last.ndim - 2)
    out = last + free[:, :, 0].reshape(*free.shape[:2], *tail) * (sub[:, :, 0] - last)
    for i in range(1, k - 1):
        out += free[:, :, i].reshape(*free.shape[:2], *tail) * (sub[:, :, i] - last)
    return out if out.shape == shape else np.ascontiguousarray(np.broadcast_to(out, shape))


def _project(lattice: np.ndarray, dims: list[int]) -> np.ndarray:
    """Pull free coordinates into each simplex: clip at 0, rescale a sum above 1."""
    points = np.maximum(lattice, 0.0)
    start = 0
    for k in dims:
        if k > 2:
            block = points[..., start : start + k - 1]
            total = block.sum(axis=-1, keepdims=True)
            points[..., start : start + k - 1] = block / np.maximum(total, 1.0)
        elif k == 2:
            np.minimum(points[..., start], 1.0, out=points[..., start])
        start += k - 1
    return points


def _deviation(lattice: np.ndarray, points: np.ndarray, dims: list[int]) -> np.ndarray:
    """``sum_i |lattice_i - points_i|``: how far projection moved each point (l1)."""
    return np.abs(lattice - points).sum(axis=-1) if lattice.shape[-1] else np.zeros(lattice.shape[:-1])


# ------------------------------------------------------------------------------------ API
def explicit_initiative_values(
    game: Game,
    order: Sequence[int],
    *,
    grid: int = 64,
    zooms: int = 6,
    keep: int = 64,
    inner_keep: int = 8,
    inner_grid: int = 16,
) -> ExplicitEstimate:
    """Initiative values of ``game`` for ``order`` from the essay's explicit formulas.

    ``order`` lists the players (0-based) from most to least initiative; the game must have
    3 or 4 players (1 and 2 work too, with the essay's warm-up formulas).  Each formula is
    evaluated numerically as described in the module docstring: grid scan with ``grid``
    divisions per simplex, then ``zooms`` refinements (each dividing the spacing by 16, so
    the final spacing is ``1 / (grid * 16**zooms)``).  ``keep`` and ``inner_keep`` are the
    numbers of separated coarse optima refined in outermost and inner maximisations.

    The result is approximate: a scan can miss a narrow maximum between grid points, and
    inner maxima are underestimated by at most (slope x final spacing).  The values of the
    ranks telescope exactly (up to rounding) to ``max Σ`` because each rank's formula
    subtracts the very number its predecessor's leading bracket produced.
    """
    if not isinstance(game, Game):
        raise InputError(f"game: expected a Game, got {type(game).__name__}")
    n = game.n
    if n not in ESSAY_FORMULAS:
        raise InputError(f"game: the essay's explicit formulas cover 1 to 4 players, got {n}")
    try:
        order = tuple(int(p) for p in order)
    except (TypeError, ValueError):
        raise InputError(f"order: expected a sequence of player indices, got {order!r}") from None
    if sorted(order) != list(range(n)):
        raise InputError(f"order: expected a permutation of 0..{n - 1}, got {list(order)}")
    for name, value, low in (("grid", grid, 1), ("zooms", zooms, 0), ("keep", keep, 1), ("inner_keep", inner_keep, 1),
                             ("inner_grid", inner_grid, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InputError(f"{name}: expected an integer >= {low}, got {value!r}")

    # payoff tensors in rank order: axis r is the player of rank r + 1
    payoffs = [np.array([float(u) for u in game.payoff_table(i)]).reshape(game.shape) for i in range(n)]
    by_rank = [payoffs[player].transpose(order) for player in order]
    shape = tuple(game.shape[player] for player in order)

    lines = ESSAY_FORMULAS[n]
    parsed = [parse_formula(line, n, lines[b - 1] if b else None) for b, line in enumerate(lines)]
    teams = set().union(*(_teams(br) for line in parsed for _, br in line))
    tensors = {t: sum(by_rank[r - 1] for r in t) for t in teams}
    evaluator = _Evaluator(tensors, shape, grid, zooms, keep, inner_keep, inner_grid)

    cache: dict[str, tuple[float, tuple[tuple[float, ...], ...]]] = {}
    rank_values = []
    strategies = []
    for line in parsed:
        total = 0.0
        for sign, bracket in line:
            if bracket.text not in cache:
                cache[bracket.text] = evaluator.top(bracket)
            total += sign * cache[bracket.text][0]
        rank_values.append(total)
        strategies.append(cache[line[0][1].text][1])
    values = [0.0] * n
    for rank, player in enumerate(order):
        values[player] = rank_values[rank]
    return ExplicitEstimate(order, tuple(values), tuple(rank_values), tuple(strategies), grid, zooms)


def explicit_rose_value(game: Game, **kw: object) -> tuple[float, ...]:
    """The average over all ``n!`` orderings of :func:`explicit_initiative_values` (by player)."""
    if not isinstance(game, Game):
        raise InputError(f"game: expected a Game, got {type(game).__name__}")
    totals = np.zeros(game.n)
    for order in itertools.permutations(range(game.n)):
        totals += explicit_initiative_values(game, order, **kw).values
    return tuple(float(v) for v in totals / math.factorial(game.n))
