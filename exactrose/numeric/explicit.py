"""An independent, approximate evaluator of the essay's explicit initiative formulas, for
cross-checks only: its floats are never an exactrose result (the exact values are :mod:`exactrose.values`).

This module exists to cross-check the exact recursive solver by a different
route: it never uses that recursion, vertex enumeration or linear programming.  It takes the
essay's bracket formulas for 3 and 4 players (section "I Know You Know They Know") *as
strings* (:data:`ESSAY_FORMULAS`), parses them with the small parser below
(:func:`parse_formula`) and evaluates the nested maximisations numerically, in floating
point (the exact Fraction payoffs are converted to floats):

* a team bracket such as ``[123]3`` or ``[1234]1234`` is a maximum over the pure actions of
  its ranks, computed exactly: the expectation is multilinear in the mixed strategies, so the
  maximum over a product of simplices is attained at a pure profile;
* any other bracket ``[X]_S`` is a maximum over the product of the mixed strategies of the
  ranks in ``S`` (jointly: ``[..]12`` scans the product of ranks 1 and 2's simplices), found
  by a grid scan and zoomed refinement (:meth:`_Evaluator._maximise`): a coarse grid of boxes
  (``grid`` divisions per free coordinate for the outermost maximisation of a formula,
  ``inner_grid`` for inner ones) whose corners are evaluated, then repeated splitting of
  the boxes that may still hold the maximum, down to a side of ``1 / (grid * 27**zooms)``.
  A box is abandoned when an upper bound on it (Lipschitz, or, for a body made of team
  brackets, a multilinear corner bound) cannot beat the best value seen.  The heuristic
  steps are the caps, at most ``keep * 3**(D-1)`` (outermost) or ``inner_keep * 3**(D-1)``
  (inner; ``D`` free coordinates) boxes refined per context and level, and stopping an
  outermost scan whose best value has stalled.  Every scan is vectorised with numpy over
  all the contexts (earlier ranks' strategies) at once.

The ranks' values telescope: rank ``b``'s formula subtracts the very number that rank
``b - 1``'s leading bracket produced (each distinct top-level bracket is evaluated once), so
they sum to ``[1..n]_{1..n} = max Σ`` up to rounding.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict, Unpack, cast, overload

import numpy as np

from exactrose.errors import InputError
from exactrose.model.game import Game

__all__ = [
    "ESSAY_FORMULAS",
    "Bracket",
    "ExplicitEstimate",
    "explicit_initiative_values",
    "explicit_rose_value",
    "parse_formula",
]

# The essay's formulas, one string per rank (rank 1 first), copied verbatim from its section
# "ROSE Value, Final Definitions" (with its U+2212 minus signs).  ``above line`` in the 4-player rank-2
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

_ZOOM = 27  # each zoom divides the side of the finest boxes by 27
_STALL = 8  # an outermost maximisation whose best value has not risen for this many levels stops
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
        terms: tuple[tuple[int, Bracket], ...]
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
    ``dropped`` counts the live boxes the caps discarded (0: no maximisation was truncated).
    """

    order: tuple[int, ...]
    values: tuple[float, ...]
    by_rank: tuple[float, ...]
    strategies: tuple[tuple[tuple[float, ...], ...], ...]
    grid: int
    zooms: int
    dropped: int = 0


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
        # largest spread of each team payoff across one rank's actions (Lipschitz constants)
        self.spreads = {t: [float(np.ptp(tensor, axis=r).max()) for r in range(len(shape))]
                        for t, tensor in tensors.items()}
        self.truncated = 0  # live cells dropped because a context had more than its cap
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
        # boxes split into split**D children: 9 where few boxes stay live (a body of team
        # brackets in one coordinate), 3 elsewhere (many live boxes, each split cheaply)
        split = 9 if lowest and sum(k - 1 for k in dims) == 1 else 3
        weights = np.array([self.lipschitz(bracket, r) for r in bracket.ranks for _ in range(self.shape[r - 1] - 1)])
        return self._maximise(body, batch, dims, outer, weights, split)

    def _body(self, bracket: Bracket, ctx: np.ndarray, teams: list, dims: list[int]) -> _Body:
        """``body(rows, y) -> (values, codes, pieces)``: the bracket's body in contexts
        ``ctx[rows]`` at free coordinates ``y`` (``(P, C, D)``, or ``(1, C, D)`` shared by all
        rows); ``values`` is ``(P, C)``.

        When every term is a team bracket (the "lowest" bodies), ``codes`` ``(P, C)``
        identifies the maximising pure profiles of the subtracted terms and ``pieces``
        ``(P, C, I)`` holds the added terms' values then every pure profile's value of each
        subtracted term, for the bounds of :meth:`_survivors`; ``body.pieces`` is then
        ``(added terms, subtracted terms, profiles per term)``.  Otherwise both are ``None``."""
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
            # lowest: every term is a team bracket
            columns = np.array([teams.index(tuple(sorted(cast(tuple[int, ...], term.team)))) for _, term in bracket.terms])
            signs = np.array([float(sign) for sign, _ in bracket.terms])
            subtracted = [j for j, (sign, _) in enumerate(bracket.terms) if sign < 0]
            added = [j for j, (sign, _) in enumerate(bracket.terms) if sign > 0]
            width_pieces = len(added) + radix * len(subtracted)

        def body(rows: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
            count, width = len(rows), y.shape[1]
            out = np.empty((count, width))
            codes = np.zeros((count, width), dtype=np.int64) if lowest else None
            pieces = np.empty((count, width, width_pieces)) if lowest else None
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
                        assert codes is not None and pieces is not None  # allocated when lowest
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
                        # for the cells' bounds: the added terms' maxima, the subtracted terms' pieces
                        pieces[p0:p1, c0:c1] = np.concatenate(
                            [best[:, added], table[:, :, subtracted].transpose(0, 2, 1).reshape(size, -1)], axis=1
                        ).reshape(p1 - p0, c1 - c0, -1)
                        continue
                    flat = sub.reshape(size, *sub.shape[2:])
                    total = np.zeros(size)
                    for sign, term in bracket.terms:
                        total += sign * self.bracket(term, flat, teams)[0]
                    out[p0:p1, c0:c1] = total.reshape(p1 - p0, c1 - c0)
            return out, codes, pieces

        result = cast(_Body, body)  # a function with the attribute set just below
        result.pieces = (len(added), len(subtracted), radix) if lowest else None
        return result

    def _maximise(self, body: _Body, batch: int, dims: list[int], outer: bool, weights: np.ndarray, split: int
                  ) -> tuple[np.ndarray, np.ndarray]:
        """``max body`` over the product of simplices, in each of ``batch`` contexts.

        Cells are boxes in free coordinates; their corners are evaluated.  The body is a
        polynomial formula in the free coordinates, so it is also evaluated at corners just
        outside the simplices (a box may straddle a face), but only points inside are
        candidates for the maximum.  Scan the coarse grid, then refine level by level: every
        round splits each context's live cells into ``split**D`` children each, down to the
        side ``1 / (grid * 27**zooms)``.  At most ``cap = keep * 3**(D-1)`` cells per context
        (``inner_keep`` for inner maximisations) are split per round, those ranked best (by
        the upper bound; in one coordinate by where the lines through the neighbouring
        evaluated points meet, so that a cell holding a sharp peak is not crowded out by
        flat shoulders); the others are dropped.  A cell dies when

        * its upper bound cannot beat the best value found so far.  The bound is Lipschitz,
          ``mean(corner values) + sum(weights) h/2`` (``weights``: Lipschitz constants per
          free coordinate, valid on the whole box), and, when the body is a signed sum of
          team brackets, also the structural bound: the body is at most ``added terms -
          sum_j piece a_j of subtracted term j`` for any choice of pieces, a maximum of
          multilinear functions, hence at most its largest corner value; the least of these
          over the choices bounds the body on the box; or
        * the body is a signed sum of team brackets, the cell lies in the simplices and every
          subtracted term has the same maximising pure profile at all corners: the body is
          then a maximum of multilinear functions on the cell, so its maximum is at a corner,
          already evaluated; or
        * the box misses the simplices, or its side reached the finest.

        An outermost maximisation also stops when its best value has not risen for
        ``_STALL`` levels (flat tops keep every cell live).  Only the caps and that rule
        make this heuristic; without them the result would be within the final side's worth
        of the maximum, given exact inner values.
        """
        depth = sum(k - 1 for k in dims)
        if depth == 0:
            return body(np.arange(batch), np.zeros((1, 1, 0)))[0][:, 0], np.zeros((batch, 0))
        coarse = _coarse_cells(tuple(dims), self.grid if outer else self.inner_grid)
        cap = (self.keep if outer else self.inner_keep) * 3 ** (depth - 1)
        lip = float(weights.sum())
        layout = body.pieces
        best_value = np.empty(batch)
        best_point = np.empty((batch, depth))
        finest = (1.0 / self.grid) / _ZOOM**self.zooms * (1.0 + 1e-9)
        found: list[_Cells] = []
        corners = coarse.corners.shape[1]
        extra = 1 + (layout[0] + layout[1] * layout[2] if layout else 0)
        step = max(1, (4 * _CHUNK) // (len(coarse.lower) * corners * extra))
        for b0 in range(0, batch, step):
            b1 = min(batch, b0 + step)
            values, codes, pieces = body(np.arange(b0, b1), coarse.points[None])  # (b, U)
            top = np.where(coarse.inside[None], values, -np.inf).argmax(axis=1)
            best_value[b0:b1] = values[np.arange(b1 - b0), top]
            best_point[b0:b1] = coarse.points[top]
            count = (b1 - b0) * len(coarse.lower)
            cells = _Cells(
                np.repeat(np.arange(b0, b1), len(coarse.lower)),
                np.tile(coarse.lower, (b1 - b0, 1)),
                np.full(count, coarse.h),
                values[:, coarse.corners].reshape(-1, corners),
                None if codes is None else codes[:, coarse.corners].reshape(-1, corners),
                None if pieces is None else pieces[:, coarse.corners].reshape(-1, corners, pieces.shape[-1]),
                np.tile(coarse.inside[coarse.corners], (b1 - b0, 1)),
                _coarse_neighbours(values, coarse) if depth == 1 and layout is None else None,
            )
            found.append(self._survivors(cells, lip, layout, best_value, finest))
        pool = _Cells.concatenate(found)
        refine = self._refinement(depth, split)
        children = refine.child_corners  # (split^D, 2^D)
        level = 0
        improved = np.zeros(batch, dtype=np.int64)  # the last level that raised each best value
        while len(pool.context):
            level += 1
            if outer and level > _STALL:
                # an outermost maximum that has not moved for _STALL levels is taken as found
                # (a flat top keeps boxes live forever; inner maxima are not cut short: a
                # narrow peak can take several levels to show)
                pool = pool.take(improved[pool.context] >= level - _STALL)
                if not len(pool.context):
                    break
            chosen, rest = self._best_first(pool, cap)
            self.truncated += len(rest)
            cells = pool.take(chosen)
            context = cells.context
            size = cells.size / split
            lattice = cells.lower[:, None, :] + size[:, None, None] * refine.new_offsets[None]  # (P, Q, D)
            new_values, new_codes, new_pieces = body(context, lattice)
            new_inside = _inside(lattice, dims)
            # best new point of each context
            masked = np.where(new_inside, new_values, -np.inf)
            pick = masked.argmax(axis=1)
            top = masked[np.arange(len(context)), pick]
            order = np.lexsort((-top, context))
            first = order[np.r_[True, context[order][1:] != context[order][:-1]]]
            better = first[top[first] > best_value[context[first]]]
            gain = top[better] - best_value[context[better]]
            improved[context[better][gain > 1e-15 * (1.0 + np.abs(top[better]))]] = level
            best_value[context[better]] = top[better]
            best_point[context[better]] = lattice[better, pick[better]]

            # children: corners picked from the (split+1)^D refined lattice of each cell
            @overload
            def split_up(old: np.ndarray, new: np.ndarray | None) -> np.ndarray: ...
            @overload
            def split_up(old: None, new: np.ndarray | None) -> None: ...

            def split_up(old: np.ndarray | None, new: np.ndarray | None) -> np.ndarray | None:
                if old is None:
                    return None
                full = np.empty((old.shape[0], len(refine.old) + len(refine.new), *old.shape[2:]), dtype=old.dtype)
                full[:, refine.old] = old
                full[:, refine.new] = new
                return full[:, children].reshape(-1, *children.shape[1:], *old.shape[2:])

            child = _Cells(
                np.repeat(context, refine.children),
                (cells.lower[:, None, :] + size[:, None, None] * refine.child_offsets[None]).reshape(-1, depth),
                np.repeat(size, refine.children),
                split_up(cells.values, new_values),
                split_up(cells.codes, new_codes),
                split_up(cells.pieces, new_pieces),
                split_up(cells.inside, new_inside),
                None if cells.around is None else _child_neighbours(cells, new_values, refine, size),
            )
            pool = self._survivors(child.take(_meets_simplices(child.lower, dims)), lip, layout, best_value, finest)
        return best_value, _project(best_point, dims)

    @staticmethod
    def _best_first(pool: _Cells, cap: int) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the (at most) ``cap`` best-scoring cells of each context, and the rest."""
        if np.bincount(pool.context).max() <= cap:
            return np.arange(len(pool.context)), np.zeros(0, dtype=np.int64)
        assert pool.score is not None  # the pool's cells passed _survivors, which scores them
        order = np.lexsort((-pool.score, pool.context))
        sorted_context = pool.context[order]
        starts = np.r_[True, sorted_context[1:] != sorted_context[:-1]]
        position = np.arange(len(order))
        rank = position - np.maximum.accumulate(np.where(starts, position, 0))
        return order[rank < cap], order[rank >= cap]

    @staticmethod
    def _survivors(cells: _Cells, lip: float, layout: tuple[int, int, int] | None,
                   best_value: np.ndarray, finest: float) -> _Cells:
        """The cells that may still hold a better point and can still be split, with bounds."""
        corners = cells.values.shape[1]
        # small trailing axes: reduce by hand, numpy's reductions are slow on them
        bound = _fold(np.add, [cells.values[:, c] for c in range(corners)]) / corners + lip * cells.size / 2
        live = cells.size > finest
        if layout is not None:
            added, subtracted, radix = layout
            pieces = cells.pieces
            assert pieces is not None and cells.codes is not None  # a layout comes with codes and pieces
            # f <= P - sum_j piece_j(a_j) for any choice of pieces a_j of the subtracted terms,
            # and each such difference is a maximum of multilinear functions: at most its
            # largest corner value.  The bound is the least over the choices.
            added_total = [_fold(np.add, [np.zeros(len(bound))] + [pieces[:, c, j] for j in range(added)])
                           for c in range(corners)]
            structural = np.full(len(bound), np.inf)
            for choice in itertools.product(range(radix), repeat=subtracted):
                columns = [added + j * radix + a for j, a in enumerate(choice)]
                at_corners = [added_total[c] - _fold(np.add, [pieces[:, c, k] for k in columns])
                              for c in range(corners)]
                structural = np.minimum(structural, _fold(np.maximum, at_corners))
            bound = np.minimum(bound, structural)
            codes, inside = cells.codes, cells.inside
            same = _fold(np.logical_and, [codes[:, c] == codes[:, 0] for c in range(1, corners)] + [inside[:, 0]]
                         + [inside[:, c] for c in range(1, corners)])
            live &= ~same
        live &= bound >= best_value[cells.context] - _slack(best_value[cells.context])
        score = bound
        if cells.around is not None:
            # one coordinate: rank by where the lines through the neighbouring points meet,
            # the likely peak of a piecewise linear body (a cell holding a sharp kink keeps
            # its place against flat shoulders whose mean value is higher)
            low, high = cells.values[:, 0], cells.values[:, 1]
            left = np.nan_to_num((low - cells.around[:, 0]) / cells.around[:, 1])
            right = np.nan_to_num((high - cells.around[:, 2]) / cells.around[:, 3])
            size = cells.size
            with np.errstate(divide="ignore", invalid="ignore"):
                meet = np.clip((high - low + right * size) / (left + right), 0.0, size)
            peak = np.minimum(low + left * meet, high + right * (size - meet))
            peak = np.where(left + right > 0, peak, -np.inf)
            score = np.minimum(np.maximum(peak, np.maximum(low, high)), bound)
        cells = cells.take(live)
        return dataclasses.replace(cells, bound=bound[live], score=score[live])

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


class _Body(Protocol):
    """A bracket's body (:meth:`_Evaluator._body`): ``body(rows, y) -> (values, codes, pieces)``,
    with ``pieces`` the layout of its bound data, or None."""

    pieces: tuple[int, int, int] | None

    def __call__(self, rows: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]: ...


@dataclass(frozen=True)
class _Cells:
    """Live cells, one row each: context index, lower corner, side, and per corner the body's
    value, active-piece code, bound data (see :meth:`_Evaluator._body`) and whether it lies
    in the simplices; in one coordinate, ``around`` holds (value, distance) of the nearest
    evaluated points left and right of the cell (NaN when none); then the upper bound and
    the ranking score."""

    context: np.ndarray
    lower: np.ndarray
    size: np.ndarray
    values: np.ndarray
    codes: np.ndarray | None
    pieces: np.ndarray | None
    inside: np.ndarray
    around: np.ndarray | None = None
    bound: np.ndarray | None = None
    score: np.ndarray | None = None

    def parts(self) -> tuple[np.ndarray | None, ...]:
        return tuple(getattr(self, field.name) for field in dataclasses.fields(self))

    def take(self, index: np.ndarray) -> _Cells:
        parts: list[Any] = [None if part is None else part[index] for part in self.parts()]
        return _Cells(*parts)

    @staticmethod
    def concatenate(cells: list[_Cells]) -> _Cells:
        columns = zip(*(c.parts() for c in cells), strict=True)
        parts: list[Any] = [None if column[0] is None else np.concatenate(column) for column in columns]
        return _Cells(*parts)


@dataclass(frozen=True)
class _Coarse:
    """The coarse cells of a product of simplices (free coordinates, spacing ``h``).

    ``lower`` ``(N, D)``: lower corners of the boxes meeting the product; ``points``
    ``(U, D)``: their distinct corners; ``inside`` ``(U,)``: which corners lie in the
    product; ``corners`` ``(N, 2^D)``: indices into ``points``.
    """

    h: float
    lower: np.ndarray
    points: np.ndarray
    inside: np.ndarray
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
        _, first, inverse = np.unique(keys.ravel(), return_index=True, return_inverse=True)
        points = lattice.reshape(-1, depth)[first].astype(float) / grid
        return cls(1.0 / grid, lower.astype(float) / grid, points, _inside(points, list(dims)),
                   inverse.reshape(lattice.shape[:2]))


@dataclass(frozen=True)
class _Refinement:
    """Index tables for splitting a box into ``s^D`` children of side ``h/s`` (``s = split``).

    The split box has an ``(s+1)^D`` lattice of corners; ``old`` / ``new`` are the positions
    of its old ``2^D`` corners (same order as a cell's corners) and of the new points, whose
    offsets (in units of the new side) are ``new_offsets``; ``child_corners`` ``(s^D, 2^D)``
    indexes each child's corners in the lattice, ``child_offsets`` their lower corners.
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
        child_corners = np.array(
            [[position[tuple(s + b for s, b in zip(t, u, strict=True))] for u in unit] for t in starts]
        )
        child_offsets = np.array(starts, dtype=float).reshape(-1, depth)
        return cls(old, new, new_offsets, child_corners, child_offsets, len(starts))


@functools.lru_cache(maxsize=64)
def _coarse_cells(dims: tuple[int, ...], grid: int) -> _Coarse:
    return _Coarse.build(dims, grid)


def _cell_count(k: int, grid: int) -> int:
    return math.comb(grid + k - 2, k - 1) if k > 1 else 1


def _lower_corners(k: int, grid: int) -> list[tuple[int, ...]]:
    """Integer lower corners ``c`` (``c >= 0``, ``sum c <= grid - 1``) of the unit boxes that
    meet the scaled simplex ``{y >= 0, sum y <= grid}`` in ``k - 1`` free coordinates."""
    if k == 1:
        return [()]
    return [c for c in itertools.product(range(grid), repeat=k - 1) if sum(c) <= grid - 1]


def _coarse_neighbours(values: np.ndarray, coarse: _Coarse) -> np.ndarray:
    """``around`` of the coarse cells in one coordinate (points are sorted, cell j is [j, j+1])."""
    count, width = values.shape
    padded = np.concatenate([np.full((count, 1), np.nan), values, np.full((count, 1), np.nan)], axis=1)
    cells = len(coarse.lower)
    left = padded[:, 0:cells]  # point j - 1
    right = padded[:, 3 : cells + 3]  # point j + 2
    h = np.full((count, cells), coarse.h)
    return np.stack([left, h, right, h], axis=2).reshape(-1, 4)


def _child_neighbours(cells: _Cells, new_values: np.ndarray, refine: _Refinement, size: np.ndarray) -> np.ndarray:
    """``around`` of the children of cells in one coordinate."""
    assert cells.around is not None  # cells in one coordinate have neighbours
    full = np.empty((len(size), len(refine.old) + len(refine.new)))
    full[:, refine.old] = cells.values
    full[:, refine.new] = new_values  # 1-D lattice positions are in order
    split = full.shape[1] - 1
    out = np.empty((len(size), split, 4))
    out[:, 0, 0:2] = cells.around[:, 0:2]
    out[:, 1:, 0] = full[:, 0 : split - 1]
    out[:, 1:, 1] = size[:, None]
    out[:, -1, 2:4] = cells.around[:, 2:4]
    out[:, :-1, 2] = full[:, 2:]
    out[:, :-1, 3] = size[:, None]
    return out.reshape(-1, 4)


def _fold(op: Callable, arrays: list[np.ndarray]) -> np.ndarray:
    out = arrays[0]
    for array in arrays[1:]:
        out = op(out, array)
    return out


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


def _meets_simplices(lower: np.ndarray, dims: list[int]) -> np.ndarray:
    """Whether boxes with these lower corners (all >= 0) meet the product of simplices."""
    inside = np.ones(lower.shape[0], dtype=bool)
    start = 0
    for k in dims:
        if k > 1:
            inside &= lower[:, start : start + k - 1].sum(axis=1) <= 1.0 + 1e-12
        start += k - 1
    return inside


def _inside(points: np.ndarray, dims: list[int]) -> np.ndarray:
    """Whether points (free coordinates, last axis) lie in the product of simplices."""
    inside = np.all(points >= -1e-12, axis=-1)
    start = 0
    for k in dims:
        if k > 1:
            inside &= points[..., start : start + k - 1].sum(axis=-1) <= 1.0 + 1e-12
        start += k - 1
    return inside


# ------------------------------------------------------------------------------------ API
class ExplicitOptions(TypedDict, total=False):
    """The keyword options of :func:`explicit_initiative_values`."""

    grid: int
    zooms: int
    keep: int | None
    inner_keep: int
    inner_grid: int


def explicit_initiative_values(
    game: Game,
    order: Sequence[int],
    *,
    grid: int = 64,
    zooms: int = 6,
    keep: int | None = None,
    inner_keep: int = 64,
    inner_grid: int = 16,
) -> ExplicitEstimate:
    """Initiative values of ``game`` for ``order`` from the essay's explicit formulas.

    ``order`` lists the players (0-based) from most to least initiative; the game must have
    3 or 4 players (1 and 2 work too, with the essay's warm-up formulas).  Each formula is
    evaluated numerically as described in the module docstring: the outermost maximisation
    of a bracket starts from ``grid`` divisions per free coordinate, inner ones from
    ``inner_grid``; boxes are refined down to a side of ``1 / (grid * 27**zooms)``; at most
    ``keep * 3**(D-1)`` (outermost; ``keep`` defaults to 64 for up to 3 players, 16 for 4) or
    ``inner_keep * 3**(D-1)`` (inner) live boxes per context are refined at each level, ``D``
    being the number of free coordinates of the maximisation.

    The result is approximate: every evaluated point is feasible, but an inner maximum found
    numerically can fall short of the true one (then a difference that subtracts it comes out
    too high), and dropping boxes at the caps can lose a maximum.  ``dropped`` in the result
    counts the boxes the caps dropped.  The values of the ranks telescope to ``max Σ`` up to
    rounding, because each rank's formula subtracts the very number its predecessor's
    leading bracket produced.
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
    if keep is None:
        keep = 64 if n <= 3 else 16  # four players: the rank-1 formula nests three scans
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
    tensors = {t: sum((by_rank[r - 1] for r in t), np.zeros(shape)) for t in teams}
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
    return ExplicitEstimate(order, tuple(values), tuple(rank_values), tuple(strategies), grid, zooms,
                            evaluator.truncated)


def explicit_rose_value(game: Game, **kw: Unpack[ExplicitOptions]) -> tuple[float, ...]:
    """The average over all ``n!`` orderings of :func:`explicit_initiative_values` (by player)."""
    if not isinstance(game, Game):
        raise InputError(f"game: expected a Game, got {type(game).__name__}")
    totals = np.zeros(game.n)
    for order in itertools.permutations(range(game.n)):
        totals += explicit_initiative_values(game, order, **kw).values
    return tuple(float(v) for v in totals / math.factorial(game.n))
