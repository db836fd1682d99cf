"""Two-player initiative values (essay Definition 4) and maximin values as exact case analyses
over the payoffs: the first step of proofs for every real game of a shape.

For an m×n shape the payoffs are the variables of one polynomial ring (:class:`Payoffs`): player
1's table row-major, then player 2's, as in a game's payoff tuple.  The leader's initiative value
is ``V_1 = max_{b*} LP_{b*}`` (see :mod:`exactrose.values.extraction`); program ``b*`` maximises
``Σ_a ν_a J(a, b*) − t`` over ``ν ∈ Δ(A)`` and ``t >= Σ_a ν_a U_2(a, b)`` for every ``b``
(``J = U_1 + U_2``).

An LP with an optimum has an optimal **basis**: m of its inequalities tight, with ``Σ ν = 1``, at
a vertex that is primal feasible (the other inequalities hold there) and dual feasible (the
objective is a nonnegative combination of the tight inequalities' normals, plus any multiple of
the equality's).  By Cramer's rule the vertex, its value and its multipliers are rational
functions of the payoffs with one denominator, the determinant ``D`` of the tight system, so each
basis gives two **cells**, one for each sign ``s`` that D may take: polynomial sign conditions
(``s·D > 0``; each slack times ``s·D`` and each multiplier times ``s·D`` at least 0) on which the
program's value is one rational function, written with the positive denominator ``s·D``.  Taking
D's sign into the cell keeps its conditions of low degree (a solver's queries stay small).  The
cells of a program cover every real game of the shape; where several hold (ties, degenerate
games) their values agree.  ``V_1``'s cells take one cell per program and the condition that the
chosen program's value is the largest.  A maximin value is one such program
(:func:`maximin_cells`).

>>> from exactrose.model.game import Game
>>> payoffs = Payoffs(2, 2)
>>> cells = initiative_cells(payoffs)          # player 1 leads
>>> len(cells)
72
>>> point = payoffs.point(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]]))   # the prisoner's dilemma
>>> [cell.value(point) for cell in cells if cell.holds(point)]
[Fraction(4, 1)]
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from flint import fmpq, fmpq_mpoly, fmpq_mpoly_ctx

from exactrose.errors import InputError
from exactrose.exact.lp import LinearProgram, solve_lp
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.model.game import Game

#: The relations a condition may state of its polynomial: ``p >= 0``, ``p > 0``, ``p != 0`` or
#: ``p == 0`` (cells use the first two; hypotheses on the payoffs, such as a symmetric game's, any).
RELATIONS = (">=", ">", "!=", "==")


def satisfied(conditions: Sequence[tuple[fmpq_mpoly, str]], point: Sequence[fmpq]) -> bool:
    """Whether every condition ``(poly, relation)`` holds at ``point``."""
    for poly, relation in conditions:
        value = poly(*point)
        if not (value >= 0 if relation == ">=" else value > 0 if relation == ">" else
                value != 0 if relation == "!=" else value == 0):
            return False
    return True


#: The games a ring of payoffs holds besides the game G itself, by name -> (the ring's extra
#: variables, :data:`EXTRAS`; the game).  A kit's game pairs each player i's actions with an
#: option: for each player j it may act on, 0 or the cap ``c_ij`` (mixtures give every amount in
#: between).
GAMES = {
    "burn": ("burns", "the destruction game (Prop 7): player i may burn up to c_ij of player j's payoff, "
                      "its own included"),
    "pay": ("caps", "the payment game (Prop 8): player i may pay the other player j up to c_ij"),
    "H": ("pair", "a second game H of the same shape (Prop 3)"),
    "sum": ("pair", "the parallel sum dG + eH (Prop 3): each player plays both games"),
}

#: The variables a ring has after G's payoffs, by name: none; the caps ``c12``, ``c21`` of the
#: payment kit (Prop 8); the caps ``c11, c12, c21, c22`` of the destruction kit (Prop 7); or a
#: second game H's payoffs (``w1_a_b`` then ``w2_a_b``) and the weights d, e.
EXTRAS = ("", "caps", "burns", "pair")

#: How many of a ring's last variables are at least 0 (caps, weights), by its extra variables.
NONNEGATIVE = {"": 0, "caps": 2, "burns": 4, "pair": 2}


@dataclass(frozen=True)
class Payoffs:
    """The payoffs of an m×n shape as the variables of one polynomial ring: ``u1[a][b]`` then
    ``u2[a][b]``, row-major (a game's payoff tuple, :meth:`~exactrose.model.game.Game.payoff_table`),
    then the ``extra`` variables (:data:`EXTRAS`); the tables are those of G or of one of the
    ring's other games (``game``, :data:`GAMES`)."""

    rows: int
    columns: int
    #: ``(player, action)``: the sub-game without that action of that player (0-based), on the
    #: same ring (essay Prop 13 compares a game's values with its sub-games').
    dropped: tuple[int, int] | None = None
    #: The ring's variables after G's payoffs (a key of :data:`EXTRAS`).
    extra: str = ""
    #: The game whose tables these are (a key of :data:`GAMES`); "" for G itself.
    game: str = ""

    def __post_init__(self) -> None:
        if self.dropped is not None:
            player, action = self.dropped
            if player not in (0, 1) or not 0 <= action < (self.rows, self.columns)[player] or (
                    (self.rows, self.columns)[player] < 2):
                raise InputError(f"dropped: expected (player, action) of a player with two or more actions, "
                                 f"got {self.dropped!r} for shape {self.rows}×{self.columns}")
        if self.extra not in EXTRAS:
            raise InputError(f"extra: expected one of {EXTRAS}, got {self.extra!r}")
        if self.game and (self.game not in GAMES or GAMES[self.game][0] != self.extra):
            raise InputError(f"game: expected one of {', '.join(GAMES)} on its ring, got {self.game!r} "
                             f"on a ring with extra {self.extra!r}")

    def _names(self, letter: str) -> list[str]:
        return [f"{letter}{i}_{a}_{b}" for i in (1, 2) for a in range(self.rows) for b in range(self.columns)]

    @property
    def ring(self) -> fmpq_mpoly_ctx:
        extra = {"": [], "caps": ["c12", "c21"], "burns": ["c11", "c12", "c21", "c22"],
                 "pair": self._names("w") + ["d", "e"]}[self.extra]
        return fmpq_mpoly_ctx.get(tuple(self._names("u") + extra), "lex")

    def without(self, player: int, action: int) -> Payoffs:
        """The sub-game without ``player``'s ``action`` (0-based), as polynomials of this ring."""
        return dataclasses.replace(self, dropped=(player, action))

    def tables(self) -> list[list[list[fmpq_mpoly]]]:
        """Player 1's and player 2's payoff tables as the ring's variables (the sub-game's, rows
        or columns of the dropped action left out; another game's, polynomials in them)."""
        gens, size = self.ring.gens(), self.rows * self.columns
        rows, columns = list(range(self.rows)), list(range(self.columns))
        if self.dropped is not None:
            (rows, columns)[self.dropped[0]].remove(self.dropped[1])

        def table(first: int) -> list[list[list[fmpq_mpoly]]]:  # a game's tables from variable `first` on
            return [[[gens[first + i * size + a * self.columns + b] for b in columns] for a in rows] for i in (0, 1)]

        if self.game == "sum":  # pairs (a, a') with a' varying fastest, as exactrose.model.transform builds
            d, e = gens[-2:]
            return [[[d * g[a][b] + e * h[x][y] for b in range(len(columns)) for y in range(len(columns))]
                     for a in range(len(rows)) for x in range(len(rows))] for g, h in zip(table(0), table(2 * size))]
        u1, u2 = table(2 * size if self.game == "H" else 0)
        if self.game == "pay":  # x, y: whether player 1 (2) pays the other its cap
            c12, c21 = gens[-2:]
            paid = (lambda x, y: y * c21 - x * c12, lambda x, y: x * c12 - y * c21)
            return [[[u[a][b] + paid[i](x, y) for b in range(len(columns)) for y in (0, 1)]
                     for a in range(len(rows)) for x in (0, 1)] for i, u in enumerate((u1, u2))]
        if self.game != "burn":
            return [u1, u2]
        # each player's options: (burnt from player 1, burnt from player 2), each 0 or at its cap
        c11, c12, c21, c22 = gens[-4:]
        options = list(itertools.product((0, 1), repeat=2))
        return [[[u[a][b] - (c11 * x1 + c21 * y1 if i == 0 else c12 * x2 + c22 * y2)
                  for b in range(len(columns)) for y1, y2 in options]
                 for a in range(len(rows)) for x1, x2 in options] for i, u in enumerate((u1, u2))]

    def point(self, game: Game, extra: Sequence[Fraction | int] = ()) -> list[fmpq]:
        """The game's payoffs as a point of the ring (its payoff tuple), then the ``extra``
        variables' values (the caps; H's payoff tuple, d and e)."""
        if game.n != 2 or game.shape != (self.rows, self.columns):
            raise InputError(f"expected a {self.rows}×{self.columns} two-player game, got shape {game.shape}")
        wanted = self.ring.nvars() - 2 * self.rows * self.columns
        if len(extra) != wanted:
            raise InputError(f"extra: expected {wanted} numbers after the payoffs for this ring, got {len(extra)}")
        return [to_fmpq(q) for player in (0, 1) for q in game.payoff_table(player)] + [to_fmpq(c) for c in extra]


@dataclass(frozen=True)
class Cell:
    """Sign conditions on the payoffs (``(poly, relation)``, :data:`RELATIONS`) and the value, a
    rational function ``numerator / denominator`` with a denominator positive where they all hold."""

    conditions: tuple[tuple[fmpq_mpoly, str], ...]
    numerator: fmpq_mpoly
    denominator: fmpq_mpoly

    def holds(self, point: Sequence[fmpq]) -> bool:
        """Whether every condition holds at ``point``."""
        return satisfied(self.conditions, point)

    def value(self, point: Sequence[fmpq]) -> Fraction:
        """The cell's value at ``point`` (where it holds)."""
        return from_fmpq(self.numerator(*point) / self.denominator(*point))


def _determinant(matrix: list[list[fmpq_mpoly]]) -> fmpq_mpoly:
    """The determinant of a small square matrix of polynomials (Laplace expansion on the first row)."""
    if len(matrix) == 1:
        return matrix[0][0]
    total = matrix[0][0] - matrix[0][0]
    for j, entry in enumerate(matrix[0]):
        if not entry.is_zero():
            minor = [row[:j] + row[j + 1:] for row in matrix[1:]]
            total += (-1) ** j * entry * _determinant(minor)
    return total


def _replaced(matrix: list[list[fmpq_mpoly]], column: int, values: list[fmpq_mpoly]) -> list[list[fmpq_mpoly]]:
    return [row[:column] + [values[i]] + row[column + 1:] for i, row in enumerate(matrix)]


def _oriented(payoffs: Payoffs, leader: int) -> tuple[list[list[fmpq_mpoly]], list[list[fmpq_mpoly]]]:
    """The leader's and the other player's tables with the leader's actions as rows."""
    u1, u2 = payoffs.tables()
    if leader == 0:
        return u1, u2
    if leader == 1:
        return [list(column) for column in zip(*u2)], [list(column) for column in zip(*u1)]
    raise InputError(f"leader: expected 0 or 1, got {leader!r}")


def _constants(ring: fmpq_mpoly_ctx) -> tuple[fmpq_mpoly, fmpq_mpoly]:
    """The polynomials 0 and 1 of the ring."""
    return ring.from_dict({}), ring.from_dict({(0,) * ring.nvars(): 1})


def _bases(ring: fmpq_mpoly_ctx, inequalities: list[list[fmpq_mpoly]], m: int) -> Iterator[
        tuple[list[list[fmpq_mpoly]], fmpq_mpoly, list[fmpq_mpoly], list[fmpq_mpoly]]]:
    """Each basis of ``z = (ν, t)`` with ``ν`` a distribution over m actions (``ν >= 0`` added to
    the inequalities ``r·z >= 0``, ``Σ ν = 1``): m tight inequalities whose determinant D is not
    identically 0, as (tight system, D, the vertex's coordinates times D, each other
    inequality's slack times D, in order)."""
    zero, one = _constants(ring)
    inequalities = inequalities + [[one if i == a else zero for i in range(m)] + [zero] for a in range(m)]
    simplex = [one] * m + [zero]
    for tight in itertools.combinations(range(len(inequalities)), m):
        system = [inequalities[k] for k in tight] + [simplex]
        determinant = _determinant(system)
        if determinant.is_zero():
            continue
        rhs = [zero] * m + [one]
        coordinates = [_determinant(_replaced(system, i, rhs)) for i in range(m + 1)]  # z_i = coordinates[i] / D
        slacks = [sum((r * z for r, z in zip(row, coordinates)), zero)
                  for k, row in enumerate(inequalities) if k not in tight]
        yield system, determinant, coordinates, slacks


def _basis_cells(ring: fmpq_mpoly_ctx, inequalities: list[list[fmpq_mpoly]], objective: list[fmpq_mpoly]) -> list[Cell]:
    """The cells of ``max objective·z`` over the region of :func:`_bases`: for each basis, one
    cell per sign D may take (module docstring)."""
    m = len(objective) - 1
    zero, _ = _constants(ring)
    cells = []
    for system, determinant, coordinates, slacks in _bases(ring, inequalities, m):
        transposed = [list(column) for column in zip(*system)]
        multipliers = [_determinant(_replaced(transposed, k, [-c for c in objective])) for k in range(m)]  # · D
        value = sum((c * z for c, z in zip(objective, coordinates)), zero)
        for sign in (1, -1):
            conditions = [(sign * determinant, ">")] + [(sign * numerator, ">=") for numerator in slacks + multipliers]
            constant = [c for c in conditions if c[0].is_constant()]
            if satisfied(constant, [fmpq(0)] * ring.nvars()):  # else no game is in the cell
                cells.append(Cell(tuple(c for c in conditions if not c[0].is_constant()), sign * value, sign * determinant))
    return cells


@dataclass(frozen=True)
class Vertex:
    """A candidate vertex of a program's region: its determinant D, each inequality's slack
    there times D (the vertex is feasible where ``s·D > 0`` and every ``s·slack >= 0`` for a sign
    s), and each objective's value there times D."""

    determinant: fmpq_mpoly
    slacks: tuple[fmpq_mpoly, ...]
    values: tuple[fmpq_mpoly, ...]


@dataclass(frozen=True)
class Extremum:
    """A value that is the largest (``largest``; else the smallest) objective over the feasible
    vertices of one region: programs sharing their constraints (an initiative value's; a maximin
    value's, and its minimax dual's for the smallest), or a largest payoff's profiles (one vertex
    with D = 1).  What ``value <= v`` (``value >= v`` for the smallest) means is then a sentence
    without a maximum: at every vertex, D = 0, or some slack has the wrong sign, or every
    objective is at most (at least) v.  Proofs bound a value this way (:mod:`proofs.decide`)."""

    vertices: tuple[Vertex, ...]
    largest: bool = True

    def value(self, point: Sequence[fmpq]) -> Fraction:
        """The value at ``point``: the largest (smallest) objective over the vertices feasible there."""
        best = None
        for vertex in self.vertices:
            determinant = vertex.determinant(*point)
            if determinant != 0 and all(slack(*point) * determinant >= 0 for slack in vertex.slacks):
                for value in vertex.values:
                    candidate = value(*point) / determinant
                    better = best is None or (candidate > best if self.largest else candidate < best)
                    best = candidate if better else best
        if best is None:
            raise ArithmeticError("no vertex of the region is feasible")
        return from_fmpq(best)


@dataclass(frozen=True)
class Programs:
    """Linear programs sharing one region, as data: maximise ``objective·z`` over ``z = (ν, t)``,
    ``ν`` a distribution over the leader's m actions and ``t`` free, with ``row·z >= 0`` for every
    row; the value is the largest optimum (an initiative value's programs, Definition 4; a maximin
    value is one program).  A proof states ``value >= v`` by a feasible point with objective at
    least v (a primal witness), and ``value <= v`` by a dual solution of each program with
    objective at most v (weak duality; by strong duality one exists where the statement holds), so
    neither needs the region's vertices (:mod:`proofs.decide`)."""

    rows: tuple[tuple[fmpq_mpoly, ...], ...]
    objectives: tuple[tuple[fmpq_mpoly, ...], ...]

    def part(self, k: int) -> Programs:
        """Program ``k`` alone."""
        return Programs(self.rows, (self.objectives[k],))

    def value(self, point: Sequence[fmpq]) -> Fraction:
        """The value at ``point``, each program solved by the exact simplex."""
        rows = [[-r(*point) for r in row] for row in self.rows]  # row·z >= 0 as -row·z <= 0
        m = len(self.objectives[0]) - 1
        best = None
        for objective in self.objectives:
            lp = LinearProgram.build([c(*point) for c in objective], A_ub=rows, b_ub=[0] * len(rows),
                                     A_eq=[[1] * m + [0]], b_eq=[1], free=[m])
            solution = solve_lp(lp)
            if solution.status != "optimal" or solution.value is None:
                raise ArithmeticError(f"a program has no optimum at the point ({solution.status})")
            best = solution.value if best is None else max(best, solution.value)
        assert best is not None
        return from_fmpq(best)


def initiative_value(payoffs: Payoffs, leader: int = 0) -> Programs:
    """The initiative value of ``leader`` as its :class:`Programs` (one per reply of the follower)."""
    inequalities, objectives = _program_region(payoffs, leader)
    return Programs(tuple(map(tuple, inequalities)), tuple(map(tuple, objectives)))


@dataclass(frozen=True)
class Lift:
    """An initiative value bounded from below through other games' programs (essay Props 3, 7, 8):
    ``sources`` are the indices, in a proof's sum, of subtracted programs whose feasible points
    ``z_k = (ν_k, t_k)`` are mapped to a point of this value's programs, one polynomial per
    coordinate in the ring of the payoffs then each source's coordinates (:func:`point_ring`).  Where
    the mapped point is feasible in this value's region, its objective in program ``target`` is at
    most the value; a proof states it as that implication, so a wrong map can only leave a query
    open (:mod:`proofs.decide`).  With ``least_t`` the mapped point's ``t`` is the least that makes
    it feasible (its last coordinate of the map is not used): the follower's best payoff against ν,
    for a region of rows ``t >= Σ_a ν_a u(a, b)``."""

    programs: Programs
    sources: tuple[int, ...]
    map: tuple[fmpq_mpoly, ...]
    target: int
    least_t: bool = False

    def value(self, point: Sequence[fmpq]) -> Fraction:
        """The value at ``point`` (:meth:`Programs.value`)."""
        return self.programs.value(point)


def point_ring(ring: fmpq_mpoly_ctx, sizes: Sequence[int]) -> fmpq_mpoly_ctx:
    """The payoffs' ring with the coordinates of points ``z0, z1, ...`` of the given sizes after them."""
    names = [str(name) for name in ring.names()] + [f"z{k}_{j}" for k, size in enumerate(sizes) for j in range(size)]
    return fmpq_mpoly_ctx.get(tuple(names), "lex")


def _points(ring: fmpq_mpoly_ctx, sizes: Sequence[int]) -> tuple[fmpq_mpoly_ctx, list[list[fmpq_mpoly]], Callable[
        [fmpq_mpoly], fmpq_mpoly]]:
    """:func:`point_ring`, each point's coordinates as its variables, and the map of the payoffs'
    polynomials into it."""
    extended = point_ring(ring, sizes)
    gens, n = extended.gens(), ring.nvars()
    starts = list(itertools.accumulate(sizes, initial=n))
    return extended, [list(gens[a:b]) for a, b in zip(starts, starts[1:])], lambda poly: poly.compose(*gens[:n],
                                                                                                        ctx=extended)


def _kit(kit: Payoffs) -> int:
    """The options a kit's game pairs with each action (its first: no option)."""
    if kit.game not in ("burn", "pay"):
        raise InputError(f"game: expected a kit's game (burn or pay), got {kit.game!r}")
    return {"burn": 4, "pay": 2}[kit.game]


def lift(kit: Payoffs, leader: int, source: int, part: int) -> Lift:
    """The kit game's initiative value of ``leader`` through G's program ``part`` (the follower's
    reply ``part``), the term ``source`` of a proof's sum: G's strategy played with "no option",
    the same ``t``, in the kit's program for the reply ``part`` with no option."""
    options, actions = _kit(kit), (kit.rows, kit.columns)[leader]
    extended, (z,), _ = _points(kit.ring, [actions + 1])
    zero = extended.from_dict({})
    coordinates = [z[i // options] if i % options == 0 else zero for i in range(actions * options)] + [z[actions]]
    return Lift(initiative_value(kit, leader), (source,), tuple(coordinates), part * options)


def projection(kit: Payoffs, leader: int, source: int, part: int) -> Lift:
    """G's initiative value of ``leader`` through the kit game's program ``part``, the term
    ``source`` of a proof's sum: the kit strategy's marginal on G's actions, and ``t`` less what
    the leader's options add to the follower's payoff in expectation (against every reply with no
    option the follower's payoff is at most ``t``), in G's program for the follower's action of ``part``."""
    options, actions = _kit(kit), (kit.rows, kit.columns)[leader]
    extended, (z,), inside = _points(kit.ring, [actions * options + 1])
    zero = extended.from_dict({})
    cap = inside(kit.ring.gens()[list(kit.ring.names()).index(f"c{leader + 1}{2 - leader}")])  # on the follower
    # what each of the leader's options adds to the follower's payoff (Payoffs.tables): a burn
    # (own, player 2's for player 1; player 1's, own for player 2) takes the cap, a payment gives it
    if kit.game == "burn":
        added = [-cap if flags[1 - leader] else zero for flags in itertools.product((0, 1), repeat=2)]
    else:
        added = [zero, cap]
    coordinates = [sum((z[j * options + o] for o in range(options)), zero) for j in range(actions)]
    t = z[-1] - sum((added[i % options] * z[i] for i in range(actions * options)), zero)
    return Lift(initiative_value(Payoffs(kit.rows, kit.columns, extra=kit.extra), leader), (source,),
                tuple(coordinates + [t]), part // options)


def sum_lift(pair: Payoffs, leader: int, sources: tuple[int, int], parts: tuple[int, int]) -> Lift:
    """The parallel sum's initiative value of ``leader`` (essay Prop 3) through G's and H's programs
    ``parts`` (the terms ``sources`` of a proof's sum, weighted by d and e): the product of their
    strategies, ``t = d·t_G + e·t_H``, in the sum's program for the pair of replies."""
    if pair.game != "sum":
        raise InputError(f"game: expected the parallel sum, got {pair.game!r}")
    actions, replies = (pair.rows, pair.columns)[leader], (pair.rows, pair.columns)[1 - leader]
    extended, (g, h), inside = _points(pair.ring, [actions + 1] * 2)
    d, e = (inside(w) for w in pair.ring.gens()[-2:])
    # t as d·t_G·Σν_H + e·t_H·Σν_G (the sums are 1): each row of the sum is then d·Σν_H times G's
    # row plus e·Σν_G times H's, products of factors the sources make nonnegative
    total_g, total_h = sum(g[:-1], extended.from_dict({})), sum(h[:-1], extended.from_dict({}))
    coordinates = [g[a] * h[b] for a in range(actions) for b in range(actions)] + [
        d * g[-1] * total_h + e * h[-1] * total_g]
    return Lift(initiative_value(pair, leader), sources, tuple(coordinates), parts[0] * replies + parts[1])


def sum_projection(pair: Payoffs, leader: int, side: str, source: int, part: int) -> Lift:
    """``d`` times G's (``side`` "G") or ``e`` times H's ("H") initiative value of ``leader`` through
    the parallel sum's program ``part``, the term ``source`` of a proof's sum: the sum strategy's
    marginal on that game's actions with the least feasible ``t`` (the follower's best payoff there),
    in the program for that game's reply of ``part``.  The follower's best reply in the sum is a best
    reply in each game, so ``t >= d·t_G + e·t_H`` and the two objectives add up to at least the sum's."""
    if pair.game != "sum" or side not in ("G", "H"):
        raise InputError(f"expected the parallel sum and a side G or H, got {pair.game!r}, {side!r}")
    actions, replies = (pair.rows, pair.columns)[leader], (pair.rows, pair.columns)[1 - leader]
    extended, (z,), _ = _points(pair.ring, [actions * actions + 1])
    zero = extended.from_dict({})
    if side == "G":
        coordinates = [sum((z[a * actions + b] for b in range(actions)), zero) for a in range(actions)]
    else:
        coordinates = [sum((z[a * actions + b] for a in range(actions)), zero) for b in range(actions)]
    game = Payoffs(pair.rows, pair.columns, extra="pair", game="" if side == "G" else "H")
    weight = pair.ring.gens()[-2 if side == "G" else -1]
    return Lift(cast(Programs, scaled(initiative_value(game, leader), weight)), (source,), tuple(coordinates + [zero]),
                part // replies if side == "G" else part % replies, least_t=True)


def maximin_value(payoffs: Payoffs, player: int = 0) -> Programs:
    """``player``'s maximin value as one program (:class:`Programs`)."""
    inequalities, objective = _maximin_program(payoffs, player)
    return Programs(tuple(map(tuple, inequalities)), (tuple(objective),))


def _vertices(ring: fmpq_mpoly_ctx, inequalities: list[list[fmpq_mpoly]], objectives: list[list[fmpq_mpoly]]) -> Extremum:
    m = len(objectives[0]) - 1
    zero, _ = _constants(ring)
    return Extremum(tuple(Vertex(determinant, tuple(slacks), tuple(sum((c * z for c, z in zip(objective, coordinates)), zero)
                                                               for objective in objectives))
                         for _, determinant, coordinates, slacks in _bases(ring, inequalities, m)))


def _program_region(payoffs: Payoffs, leader: int) -> tuple[list[list[fmpq_mpoly]], list[list[fmpq_mpoly]]]:
    """The leader's programs' shared inequalities ``t >= Σ_a ν_a U_f(a, b)``, one per reply b, and
    their objectives ``Σ_a ν_a J(a, b*) − t``, one per b*."""
    own, other = _oriented(payoffs, leader)
    m, n = len(own), len(own[0])
    _, one = _constants(payoffs.ring)
    inequalities = [[-other[a][b] for a in range(m)] + [one] for b in range(n)]
    objectives = [[own[a][reply] + other[a][reply] for a in range(m)] + [-one] for reply in range(n)]
    return inequalities, objectives


def program_cells(payoffs: Payoffs, reply: int, leader: int = 0) -> list[Cell]:
    """The cells of the leader's program for the follower's reply ``b* = reply`` (module
    docstring; ``leader`` 0 or 1): maximise ``Σ_a ν_a J(a, b*) − t`` with ``t >= Σ_a ν_a U_f(a, b)``
    for every reply b (``U_f`` the follower's payoffs)."""
    inequalities, objectives = _program_region(payoffs, leader)
    return _basis_cells(payoffs.ring, inequalities, objectives[reply])


def initiative_ceiling(payoffs: Payoffs, leader: int = 0) -> Extremum:
    """The initiative value of ``leader`` as a :class:`Extremum`: its programs share one region,
    and each attains its optimum at a vertex of it (the region has vertices: ν ranges over a
    simplex and t is bounded below; the objective decreases in t)."""
    inequalities, objectives = _program_region(payoffs, leader)
    return _vertices(payoffs.ring, inequalities, objectives)


def _maximin_program(payoffs: Payoffs, player: int) -> tuple[list[list[fmpq_mpoly]], list[fmpq_mpoly]]:
    """Maximise t with ``Σ_a ν_a U(a, b) − t >= 0`` for every action b of the other player."""
    own, _ = _oriented(payoffs, player)
    m, n = len(own), len(own[0])
    zero, one = _constants(payoffs.ring)
    return [[own[a][b] for a in range(m)] + [-one] for b in range(n)], [zero] * m + [one]


def maximin_ceiling(payoffs: Payoffs, player: int = 0) -> Extremum:
    """``player``'s maximin value as a :class:`Extremum` (t is bounded above on its region)."""
    inequalities, objective = _maximin_program(payoffs, player)
    return _vertices(payoffs.ring, inequalities, [objective])


def maximin_floor(payoffs: Payoffs, player: int = 0) -> Extremum:
    """``player``'s maximin value as the smallest objective of its minimax dual (von Neumann):
    ``min_μ max_a Σ_b μ_b U(a, b)``, minimise t with ``t >= Σ_b μ_b U(a, b)`` for every own action
    a, μ a strategy of the other player: the region of the other player's programs as a leader."""
    inequalities, _ = _program_region(payoffs, 1 - player)
    zero, one = _constants(payoffs.ring)
    m = len(inequalities[0]) - 1
    return dataclasses.replace(_vertices(payoffs.ring, inequalities, [[zero] * m + [one]]), largest=False)


def profile_ceiling(payoffs: Payoffs, weights: tuple[int, int]) -> Extremum:
    """``max_a (w_1 U_1 + w_2 U_2)(a)`` as a :class:`Extremum`: one vertex, D = 1, no slacks."""
    _, one = _constants(payoffs.ring)
    return Extremum((Vertex(one, (), tuple(cell.numerator for cell in profile_values(payoffs, weights))),))


def maximin_cells(payoffs: Payoffs, player: int = 0) -> list[Cell]:
    """The cells of ``player``'s maximin value ``max_ν min_b Σ_a ν_a U(a, b)``: maximise t with
    ``Σ_a ν_a U(a, b) − t >= 0`` for every action b of the other player."""
    return _basis_cells(payoffs.ring, *_maximin_program(payoffs, player))


def initiative_programs(payoffs: Payoffs, leader: int = 0) -> list[list[Cell]]:
    """The cells of each of the leader's programs, one per reply b* of the follower: the initiative
    value ``V_1 = max_{b*} LP_{b*}`` is their maximum (:func:`maximum_of`)."""
    replies = len(_oriented(payoffs, leader)[0][0])
    return [program_cells(payoffs, b, leader) for b in range(replies)]


def initiative_cells(payoffs: Payoffs, leader: int = 0) -> list[Cell]:
    """The cells of the initiative value ``V_1 = max_{b*} LP_{b*}`` of ``leader`` (0 or 1)."""
    return maximum_of(initiative_programs(payoffs, leader))


def maximum_of(parts: Sequence[Sequence[Cell]]) -> list[Cell]:
    """The cells of the maximum of several values, each given by its cells: for each part and each
    of its cells, with one cell of every other part whose value is at most its own."""
    cells = []
    for best, own in enumerate(parts):
        others = [parts[k] for k in range(len(parts)) if k != best]
        for cell in own:
            for chosen in itertools.product(*others):
                conditions = list(cell.conditions)
                for other in chosen:
                    conditions += other.conditions
                    # cell.value >= other.value, times both (positive) denominators
                    difference = cell.numerator * other.denominator - other.numerator * cell.denominator
                    if not difference.is_zero():
                        conditions.append((difference, ">="))
                cells.append(Cell(tuple(conditions), cell.numerator, cell.denominator))
    return cells


def profile_values(payoffs: Payoffs, weights: tuple[int, int]) -> list[Cell]:
    """``(w_1 U_1 + w_2 U_2)(a)`` at each pure profile a, row-major, each as one cell that holds
    everywhere."""
    u1, u2 = payoffs.tables()
    _, one = _constants(payoffs.ring)
    return [Cell((), weights[0] * x + weights[1] * y, one) for row1, row2 in zip(u1, u2) for x, y in zip(row1, row2)]


def maximum_cells(payoffs: Payoffs, weights: tuple[int, int]) -> list[Cell]:
    """The cells of ``max_a (w_1 U_1 + w_2 U_2)(a)`` over the pure profiles a: one per profile,
    where its sum is at least every other's (e.g. ``(1, 1)``: the largest total, ``(1, 0)``:
    player 1's largest payoff)."""
    return maximum_of([[cell] for cell in profile_values(payoffs, weights)])


def scaled(value: Programs | Extremum | Sequence[Cell], factor: fmpq_mpoly) -> Programs | Extremum | list[Cell]:
    """``factor`` times a value given by its programs, its vertices or its cells, for a factor that
    is at least 0 wherever it is used (a weight of essay Prop 3): the largest of
    ``factor·objective`` is then ``factor`` times the largest objective, and a cell's value is
    multiplied through."""
    if isinstance(value, Programs):
        return Programs(value.rows, tuple(tuple(factor * c for c in objective) for objective in value.objectives))
    if isinstance(value, Extremum):
        return dataclasses.replace(value, vertices=tuple(
            dataclasses.replace(vertex, values=tuple(factor * v for v in vertex.values)) for vertex in value.vertices))
    return [dataclasses.replace(cell, numerator=factor * cell.numerator) for cell in value]
