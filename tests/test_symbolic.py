"""Two-player initiative and maximin values as case analyses over the payoffs
(exactrose.values.symbolic): on every game some cell holds, and every cell that holds gives the
exact solver's value."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exactrose.errors import InputError
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.model.game import Game
from exactrose.model.transform import destruction_game, parallel_sum, payment_game, restrict_actions
from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.symbolic import (
    RELATIONS,
    Cell,
    Payoffs,
    initiative_ceiling,
    initiative_cells,
    initiative_programs,
    initiative_value,
    lift,
    maximin_ceiling,
    maximin_cells,
    profile_ceiling,
    program_cells,
    projection,
    scaled,
    sum_lift,
    sum_projection,
)
from exactrose.values.zerosum import maximin
from proofs.families import parse_family

SHAPES = ((2, 2), (2, 3), (3, 2))
CELLS = {(shape, leader): initiative_cells(Payoffs(*shape), leader) for shape in SHAPES for leader in (0, 1)}
MAXIMIN = {(shape, player): maximin_cells(Payoffs(*shape), player) for shape in SHAPES for player in (0, 1)}


def holding(cells: list[Cell], game: Game, exact: F) -> int:
    """How many of ``cells`` hold at ``game``, after checking that some does and each gives ``exact``."""
    point = Payoffs(*game.shape).point(game)
    held = [cell for cell in cells if cell.holds(point)]
    assert held, f"no cell holds at {game.payoff_table(0)}, {game.payoff_table(1)}"
    assert all(cell.value(point) == exact for cell in held)
    return len(held)


def agree(game: Game, leader: int) -> int:
    """Check the initiative value's cells (``leader`` leads) and the maximin value's (of player
    ``leader``) at ``game``; how many initiative cells hold."""
    holding(MAXIMIN[(game.shape, leader)], game, maximin(game, leader).value)
    exact = two_player_initiative_values(game, (leader, 1 - leader)).values[leader]
    return holding(CELLS[(game.shape, leader)], game, exact)


payoff = st.one_of(st.integers(-2, 2), st.fractions(min_value=-9, max_value=9, max_denominator=7))


@given(st.lists(payoff, min_size=8, max_size=8), st.integers(0, 1))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_2x2_cells_give_the_exact_initiative_value(values, leader):
    game = Game.from_function((2, 2), lambda a: [values[2 * a[0] + a[1]], values[4 + 2 * a[0] + a[1]]])
    agree(game, leader)


def test_every_2x2_game_with_payoffs_in_minus_1_to_1():
    """Every symmetry class of 2×2 games with payoffs in {-1, 0, 1}: ties everywhere, and
    degenerate programs where several cells hold at once."""
    family = parse_family("2x2:-1..1")
    several = sum(agree(family[i], leader) > 1 for i in range(len(family)) for leader in (0, 1))
    assert several > 0  # degenerate games hold several cells, which agree


@pytest.mark.parametrize("shape", [(2, 3), (3, 2)])
def test_2x3_and_3x2_cells_on_random_games(shape):
    rng = random.Random(20261205)
    for trial in range(60):
        def draw() -> F:
            return F(rng.randint(-2, 2)) if trial % 2 else F(rng.randint(-20, 20), rng.randint(1, 7))
        game = Game.from_function(shape, lambda a: [draw(), draw()])
        for leader in (0, 1):
            agree(game, leader)


@pytest.mark.parametrize("shape", [(2, 2), (2, 3)])
def test_sub_game_cells_give_the_sub_games_initiative_values(shape):
    """``Payoffs.without``: the initiative value of the game without one of the leader's actions,
    as cells over the whole game's payoffs (essay Prop 13 compares the two)."""
    rng = random.Random(13)
    payoffs = Payoffs(*shape)
    subgames = {(leader, action): initiative_cells(payoffs.without(leader, action), leader)
                for leader in (0, 1) for action in range(shape[leader])}
    for _ in range(25):
        game = Game.from_function(shape, lambda a: [F(rng.randint(-9, 9), rng.randint(1, 3)) for _ in (0, 1)])
        point = payoffs.point(game)
        for (leader, action), cells in subgames.items():
            smaller = restrict_actions(game, leader, [k for k in range(shape[leader]) if k != action])
            exact = two_player_initiative_values(smaller, (leader, 1 - leader)).values[leader]
            held = [cell for cell in cells if cell.holds(point)]
            assert held and all(cell.value(point) == exact for cell in held)
    with pytest.raises(InputError, match="dropped"):
        Payoffs(1, 2).without(0, 0)  # a player's only action cannot be dropped


def test_a_wrong_cell_is_caught():
    """The check can fail: a cell whose value is off by one disagrees with the solver."""
    payoffs = Payoffs(2, 2)
    game = Game.from_function((2, 2), lambda a: [a[0] - a[1], a[0] * a[1] + 1])
    point = payoffs.point(game)
    exact = two_player_initiative_values(game, (0, 1)).values[0]
    cell = next(c for c in CELLS[((2, 2), 0)] if c.holds(point))
    wrong = dataclasses.replace(cell, numerator=cell.numerator + cell.denominator)
    assert wrong.value(point) == exact + 1


def test_cells_state_only_their_relations_and_a_program_has_a_cell_per_basis_and_sign():
    assert {relation for cells in CELLS.values() for cell in cells for _, relation in cell.conditions} <= set(RELATIONS)
    # 2×2: two of the four inequalities tight, less ν_0 = ν_1 = 0 (no strategy): five bases; the
    # one with both replies tight has a determinant of either sign (two cells), the others ±1.
    cells = [program_cells(Payoffs(2, 2), b) for b in (0, 1)]
    assert [len(c) for c in cells] == [6, 6]
    assert all(relation == ">" for c in cells for cell in c for p, relation in cell.conditions if p == cell.denominator)


def test_a_game_of_another_shape_is_refused():
    with pytest.raises(InputError, match="2×2"):
        Payoffs(2, 2).point(Game.from_function((2, 3), lambda a: [0, 0]))


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 2), (3, 3)])
def test_ceilings_give_the_exact_values_at_their_vertices(shape):
    """A value as the largest objective over its region's feasible vertices (``Extremum``, how a
    proof bounds a value from above): initiative, maximin and largest total against the exact
    solver, on random games with ties (small integers) and without."""
    rng = random.Random(20261206)
    payoffs = Payoffs(*shape)
    initiative = [initiative_ceiling(payoffs, leader) for leader in (0, 1)]
    maximins = [maximin_ceiling(payoffs, player) for player in (0, 1)]
    total = profile_ceiling(payoffs, (1, 1))
    for trial in range(40):
        def draw() -> F:
            return F(rng.randint(-2, 2)) if trial % 2 else F(rng.randint(-20, 20), rng.randint(1, 7))
        game = Game.from_function(shape, lambda a: [draw(), draw()])
        point = payoffs.point(game)
        for leader in (0, 1):
            assert initiative[leader].value(point) == two_player_initiative_values(
                game, (leader, 1 - leader)).values[leader]
            assert maximins[leader].value(point) == maximin(game, leader).value
        assert total.value(point) == max(game.payoff(0, a) + game.payoff(1, a) for a in game.profiles())
    # 2×3, player 1 leads: two actions, so a vertex is a pure action with a tight reply (6) or
    # two replies crossing (3)
    assert len(initiative_ceiling(Payoffs(2, 3), 0).vertices) == 9


def test_an_initiative_value_is_the_largest_of_its_programs():
    """A proof splits a value with a negative coefficient into its parts (``initiative_programs``):
    at every game the largest program value is the initiative value, and some program is below it
    somewhere (so a part alone would not do)."""
    rng = random.Random(6)
    payoffs = Payoffs(2, 3)
    programs = initiative_programs(payoffs, 0)
    below = 0
    for _ in range(40):
        game = Game.from_function((2, 3), lambda a: [F(rng.randint(-5, 5)), F(rng.randint(-5, 5))])
        point = payoffs.point(game)
        values = [next(cell.value(point) for cell in program if cell.holds(point)) for program in programs]
        exact = two_player_initiative_values(game, (0, 1)).values[0]
        assert max(values) == exact
        below += min(values) < exact
    assert below > 0


@pytest.mark.parametrize("kit", ["burn", "pay"])
@pytest.mark.parametrize("shape", [(2, 2), (2, 3)])
def test_kit_games_give_the_exact_values_of_the_transformed_game(kit, shape):
    """``Payoffs(game="burn")`` (``"pay"``): the destruction (payment) game's tables, affine in the
    caps ``c11, c12, c21, c22`` (``c12, c21``); its initiative values (their programs, solved
    exactly) and largest total agree with the exact solver on ``destruction_game``
    (``payment_game``) with the same caps, at random games and caps (0 included: the option is
    then the action itself)."""
    rng = random.Random(7)
    extra, options = {"burn": ("burns", 4), "pay": ("caps", 2)}[kit]
    payoffs = Payoffs(*shape, extra=extra, game=kit)
    transform = {"burn": destruction_game, "pay": payment_game}[kit]
    initiative = [initiative_value(payoffs, leader) for leader in (0, 1)]
    total = profile_ceiling(payoffs, (1, 1))
    moved = 0
    for trial in range(25):
        game = Game.from_function(shape, lambda a: [F(rng.randint(-9, 9), rng.randint(1, 3)) for _ in (0, 1)])
        caps = [F(rng.randint(0, 20), rng.randint(1, 4)) for _ in range(options)] if trial else [F(0), F(3)] * (options // 2)
        point = payoffs.point(game, caps)
        transformed = transform(game, [caps[:2], caps[2:]] if kit == "burn" else [[0, caps[0]], [caps[1], 0]])
        for leader in (0, 1):
            exact = two_player_initiative_values(transformed, (leader, 1 - leader)).values[leader]
            assert initiative[leader].value(point) == exact
        assert total.value(point) == max(sum(transformed.payoff_vector(a)) for a in transformed.profiles())
        moved += any(payoffs.tables()[i][r][c](*point) != (game.payoff(i, (r // options, c // options)))
                     for i in (0, 1) for r in range(options * shape[0]) for c in range(options * shape[1]))
    assert moved > 0  # the options do change payoffs
    with pytest.raises(InputError, match=f"extra: expected {options} numbers"):
        payoffs.point(game)
    with pytest.raises(InputError, match="game: expected"):
        Payoffs(2, 2, game=kit)  # a kit's game needs the caps on the ring
    with pytest.raises(InputError, match="game: expected"):
        Payoffs(2, 2, extra={"burns": "caps", "caps": "burns"}[extra], game=kit)  # and its own caps


@pytest.mark.parametrize("shape", [(1, 2), (2, 2)])
def test_the_parallel_sum_and_scaled_values_give_the_exact_values(shape):
    """On the ring of two games G, H and weights d, e: ``Payoffs(game="sum")`` is
    ``parallel_sum(G, H, d, e)`` and ``scaled`` multiplies a value by a weight, vertices and cells
    alike; checked against the exact solver at random games and weights (0 included)."""
    rng = random.Random(3)
    g_side, h_side, both = (Payoffs(*shape, extra="pair", game=game) for game in ("", "H", "sum"))
    d, e = g_side.ring.gens()[-2:]
    ceilings = [initiative_ceiling(payoffs, 0) for payoffs in (g_side, h_side, both)]
    weighted = [scaled(ceilings[0], d), scaled(ceilings[1], e)]
    program = initiative_programs(g_side, 0)[0]
    weighted_program = scaled(program, d)
    for trial in range(12):
        g, h = (Game.from_function(shape, lambda a: [F(rng.randint(-9, 9), rng.randint(1, 3)) for _ in (0, 1)])
                for _ in (0, 1))
        weights = [F(rng.randint(0, 6), rng.randint(1, 3)) for _ in (0, 1)] if trial else [F(0), F(2)]
        point = g_side.point(g, [*(q for player in (0, 1) for q in h.payoff_table(player)), *weights])
        value = {game: two_player_initiative_values(game, (0, 1)).values[0]
                 for game in (g, h, parallel_sum(g, h, *weights))}
        assert [c.value(point) for c in ceilings] == list(value.values())
        assert [w.value(point) for w in weighted] == [weights[0] * value[g], weights[1] * value[h]]
        assert all(mine.value(point) == weights[0] * cell.value(point)
                   for cell, mine in zip(program, weighted_program, strict=True) if cell.holds(point))


@pytest.mark.parametrize("kit", ["burn", "pay"])
@pytest.mark.parametrize("leader", [0, 1])
def test_lifts_map_feasible_points_to_feasible_points_with_no_smaller_objectives(kit, leader):
    """``lift``: G's feasible point, played with no option, is feasible in the kit's program for
    the same reply with no option, with the same objective; ``projection``: a kit's feasible point's
    marginal (and t less what the leader's options add to the follower) is feasible in G's program
    for the same reply, with an objective at least the kit's.  At random games, caps and points."""
    rng = random.Random(11)
    shape, extra = (2, 3), {"burn": "burns", "pay": "caps"}[kit]
    g, big = Payoffs(*shape, extra=extra), Payoffs(*shape, extra=extra, game=kit)
    small_value, kit_value = initiative_value(g, leader), initiative_value(big, leader)

    def at(poly):
        return from_fmpq(poly(*point))

    def dot(coefficients, z):
        return sum((at(c) * x for c, x in zip(coefficients, z)), F(0))

    def mapped(bound, z):
        return [from_fmpq(poly(*point, *(to_fmpq(x) for x in z))) for poly in bound.map]

    def feasible_point(value, m):
        weights = [F(rng.randint(0, 4)) for _ in range(m)]
        weights[rng.randrange(m)] += 1
        nu = [w / sum(weights) for w in weights]
        t = max(-dot(row[:-1], nu) / at(row[-1]) for row in value.rows)
        return nu + [F(t) + rng.randint(0, 2)]

    def check(value, z):
        assert all(x >= 0 for x in z[:-1]) and sum(z[:-1]) == 1
        assert all(dot(row, z) >= 0 for row in value.rows)

    for trial in range(20):
        game = Game.from_function(shape, lambda a: [F(rng.randint(-9, 9), rng.randint(1, 3)) for _ in (0, 1)])
        point = big.point(game, [F(rng.randint(0, 9), rng.randint(1, 2)) for _ in range(len(big.ring.gens()) - 12)])
        m = shape[leader]
        for part in range(shape[1 - leader]):
            up = lift(big, leader, 1, part)
            z = feasible_point(small_value, m)
            lifted_z = mapped(up, z)
            check(kit_value, lifted_z)
            assert dot(kit_value.objectives[up.target], lifted_z) == dot(small_value.objectives[part], z)
        for part in range(len(kit_value.objectives)):
            down = projection(big, leader, 1, part)
            z = feasible_point(kit_value, len(kit_value.objectives[0]) - 1)
            projected = mapped(down, z)
            check(small_value, projected)
            assert dot(small_value.objectives[down.target], projected) >= dot(kit_value.objectives[part], z)


@pytest.mark.parametrize("leader", [0, 1])
def test_the_sum_lift_maps_feasible_points_of_g_and_h_to_one_of_the_parallel_sum(leader):
    """``sum_lift``: the product of G's and H's feasible strategies with ``t = d·t_G + e·t_H`` is
    feasible in the parallel sum's program for the pair of replies, with objective ``d·obj_G +
    e·obj_H``; at random games, weights and points."""
    rng = random.Random(5)
    shape = (2, 3)
    g_side, h_side, both = (Payoffs(*shape, extra="pair", game=game) for game in ("", "H", "sum"))
    values = [initiative_value(payoffs, leader) for payoffs in (g_side, h_side, both)]
    m = shape[leader]
    for trial in range(10):
        point = [to_fmpq(F(rng.randint(-9, 9), rng.randint(1, 3))) for _ in range(4 * shape[0] * shape[1])]
        point += [to_fmpq(F(rng.randint(0, 5), rng.randint(1, 2))) for _ in "de"]
        zs = []
        for value in values[:2]:
            weights = [F(rng.randint(1, 4)) for _ in range(m)]
            nu = [w / sum(weights) for w in weights]
            t = max(-sum((from_fmpq(r(*point)) * x for r, x in zip(row[:-1], nu)), F(0)) for row in value.rows)
            zs.append(nu + [t + rng.randint(0, 2)])
        for b in range(shape[1 - leader]):
            for b2 in range(shape[1 - leader]):
                up = sum_lift(both, leader, (1, 2), (b, b2))
                z = [from_fmpq(poly(*point, *(to_fmpq(x) for x in zs[0] + zs[1]))) for poly in up.map]
                assert all(x >= 0 for x in z[:-1]) and sum(z[:-1]) == 1
                assert all(sum((from_fmpq(r(*point)) * x for r, x in zip(row, z)), F(0)) >= 0 for row in values[2].rows)
                objective = [sum((from_fmpq(c(*point)) * x for c, x in zip(value.objectives[k], zk)), F(0))
                             for value, k, zk in ((values[0], b, zs[0]), (values[1], b2, zs[1]), (values[2], up.target, z))]
                d, e = from_fmpq(point[-2]), from_fmpq(point[-1])
                assert objective[2] == d * objective[0] + e * objective[1]


@pytest.mark.parametrize("leader", [0, 1])
def test_the_sum_projections_map_a_feasible_point_of_the_sum_to_g_and_h_with_no_smaller_objectives(leader):
    """``sum_projection``: the parallel sum's feasible strategy's marginals on G's and H's actions,
    each with its least feasible t, are feasible in G's and H's programs for the replies of the
    pair, and d and e times their objectives add up to at least the sum's."""
    rng = random.Random(9)
    shape = (2, 3)
    both = Payoffs(*shape, extra="pair", game="sum")
    sums = initiative_value(both, leader)
    m = shape[leader]
    for trial in range(10):
        point = [to_fmpq(F(rng.randint(-9, 9), rng.randint(1, 3))) for _ in range(4 * shape[0] * shape[1])]
        point += [to_fmpq(F(rng.randint(0, 5), rng.randint(1, 2))) for _ in "de"]

        def dot(coefficients, z):
            return sum((from_fmpq(c(*point)) * x for c, x in zip(coefficients, z)), F(0))

        weights = [F(rng.randint(0, 4)) for _ in range(m * m)]
        weights[rng.randrange(m * m)] += 1
        nu = [w / sum(weights) for w in weights]
        z = nu + [max(-dot(row[:-1], nu) for row in sums.rows) + rng.randint(0, 2)]
        for part in range(len(sums.objectives)):
            total = F(0)
            for side in ("G", "H"):
                down = sum_projection(both, leader, side, 1, part)
                marginal = [from_fmpq(poly(*point, *(to_fmpq(x) for x in z))) for poly in down.map[:-1]]
                assert all(x >= 0 for x in marginal) and sum(marginal) == 1
                least = max(-dot(row[:-1], marginal) / from_fmpq(row[-1](*point)) for row in down.programs.rows)
                total += dot(down.programs.objectives[down.target], marginal + [least])
            assert total >= dot(sums.objectives[part], z)
