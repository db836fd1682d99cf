"""The essay's explicit 3- and 4-player initiative formulas, evaluated numerically.

:mod:`exactrose.numeric.explicit` is the independent cross-check of the exact solver, so these
tests tie it to facts that do not come from the recursion of Definition 3: the irrational example's
closed form, the exact two-player values (null player, essay Prop 10), Pareto (Prop 4.1),
maximin dominance (Prop 11.1) and sub-max (Prop 12.1).
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest

from exactrose.errors import InputError
from exactrose.model.game import Game
from exactrose.model.transform import null_player_game, permute_players
from exactrose.numeric.explicit import (
    ESSAY_FORMULAS,
    ExplicitEstimate,
    explicit_initiative_values,
    explicit_rose_value,
    parse_formula,
)
from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.zerosum import maximin


def irrational_example() -> Game:
    """Integer payoffs whose rank-1 value for (1,2,3) is (19 − 4√3)/8."""
    return Game.from_arrays(
        [[[-1, -2], [0, 2]], [[-3, -3], [3, 1]]],
        [[[-3, -1], [1, -3]], [[1, -2], [-3, -3]]],
        [[[0, 0], [-3, -2]], [[-3, 1], [0, -3]]],
    )


def random_game(rng: random.Random, shape: tuple[int, ...], low: int = -3, high: int = 3) -> Game:
    return Game.from_function(shape, lambda profile: [rng.randint(low, high) for _ in shape])


def induced_order(order: tuple[int, ...], null: int) -> tuple[int, ...]:
    """The ordering of the game without the null player (inserted at index ``null``)."""
    return tuple(p if p < null else p - 1 for p in order if p != null)


# ------------------------------------------------------------------------------- formulas
def test_the_parser_reads_the_nesting_literally():
    (sign, top), = parse_formula(ESSAY_FORMULAS[3][0], 3)
    assert sign == 1 and top.ranks == (1,) and top.team is None
    assert [(s, b.ranks, b.text) for s, b in top.terms] == [
        (1, (2,), "[[123]3-[3]3]2"),
        (-1, (2,), "[[23]3-[3]3]2"),
    ]
    inner = top.terms[0][1].terms
    assert [(s, b.ranks, b.team) for s, b in inner] == [(1, (3,), (1, 2, 3)), (-1, (3,), (3,))]
    # rank 2's joint maximisation over ranks 1 and 2, minus rank 1's formula
    (s1, joint), (s2, rest) = parse_formula(ESSAY_FORMULAS[3][1], 3)
    assert (s1, joint.ranks, s2, rest.text) == (1, (1, 2), -1, top.text)
    # "above line" is the 4-player rank-1 formula
    lines = ESSAY_FORMULAS[4]
    (_, _), (sign, above) = parse_formula(lines[1], 4, lines[0])
    assert sign == -1 and above == parse_formula(lines[0], 4)[0][1]
    (_, everything), _ = parse_formula(lines[3], 4)
    assert everything.ranks == (1, 2, 3, 4) and everything.team == (1, 2, 3, 4)


@pytest.mark.parametrize(
    "text",
    ["[[12]1]1", "[[123]3]2", "[[123]3]1", "[[12]3]1", "[[123]2]1", "[12]2-", "[[12]2-[2]2", "[12]2]",
     "[1]1", "[[1x]3]12", "above line"],
)
def test_the_parser_refuses_malformed_or_misscoped_formulas(text):
    with pytest.raises(InputError):
        parse_formula(text, 3)


# -------------------------------------------------------------- the irrational example
def test_the_irrational_example_rank_one_value_and_strategy():
    estimate = explicit_initiative_values(irrational_example(), (0, 1, 2))
    assert isinstance(estimate, ExplicitEstimate)
    assert estimate.by_rank[0] == pytest.approx((19 - 4 * math.sqrt(3)) / 8, abs=1e-6)
    assert estimate.values == estimate.by_rank  # identity ordering
    (p,) = estimate.strategies[0]
    root = (112 - math.sqrt(112**2 - 4 * 64 * 37)) / 128  # 64p² − 112p + 37 = 0
    assert p[0] == pytest.approx(root, abs=1e-5)
    assert sum(p) == pytest.approx(1.0)
    assert sum(estimate.by_rank) == pytest.approx(float(irrational_example().max_total()), abs=1e-9)
    # strategies of the leading bracket of rank b: one mixed strategy per rank 1..b
    assert [len(s) for s in estimate.strategies] == [1, 2, 3]
    assert all(x in (0.0, 1.0) for s in estimate.strategies[2] for x in s)


def test_values_are_indexed_by_player():
    game = irrational_example()
    direct = explicit_initiative_values(game, (2, 0, 1))
    # the same ordering in a renumbered game: player k of the new game is old player order[k]
    renamed = explicit_initiative_values(permute_players(game, (2, 0, 1)), (0, 1, 2))
    assert renamed.by_rank == pytest.approx(direct.by_rank, abs=1e-9)
    assert [direct.values[p] for p in (2, 0, 1)] == pytest.approx(list(direct.by_rank), abs=1e-12)


# -------------------------------------------------------------------- null player, Prop 10
@pytest.mark.parametrize("seed", range(4))
def test_two_player_formulas_match_the_exact_two_player_values(seed):
    rng = random.Random(seed)
    game = random_game(rng, rng.choice([(2, 2), (2, 3), (3, 2)]))
    for order in itertools.permutations(range(2)):
        exact = two_player_initiative_values(game, order).values
        estimate = explicit_initiative_values(game, order)
        assert estimate.values == pytest.approx([float(v) for v in exact], abs=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_null_player_in_three_player_games(seed):
    rng = random.Random(100 + seed)
    base = random_game(rng, (2, 2) if seed < 4 else rng.choice([(2, 3), (3, 2)]))
    for position in range(3):
        game = null_player_game(base, position)
        for order in itertools.permutations(range(3)):
            estimate = explicit_initiative_values(game, order)
            exact = two_player_initiative_values(base, induced_order(order, position)).values
            others = [p for p in range(3) if p != position]
            assert [estimate.values[p] for p in others] == pytest.approx([float(v) for v in exact], abs=1e-6)
            assert estimate.values[position] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(2))
def test_null_player_in_four_player_games(seed):
    rng = random.Random(200 + seed)
    base = random_game(rng, (2, 2, 2))
    orders = list(itertools.permutations(range(4)))
    for position in range(4):
        game = null_player_game(base, position)
        for order in rng.sample(orders, 2):
            estimate = explicit_initiative_values(game, order)
            smaller = explicit_initiative_values(base, induced_order(order, position))
            others = [p for p in range(4) if p != position]
            assert [estimate.values[p] for p in others] == pytest.approx(list(smaller.values), abs=1e-6)
            assert estimate.values[position] == pytest.approx(0.0, abs=1e-9)


# ---------------------------------------------------------- Props 4.1, 11.1 and 12.1
@pytest.mark.parametrize("seed", range(5))
def test_pareto_maximin_dominance_and_sub_max(seed):
    rng = random.Random(300 + seed)
    game = random_game(rng, (2, 2, 2) if seed < 4 else (2, 3, 2), -5, 5)
    floors = [float(maximin(game, i).value) for i in range(3)]
    ceilings = [float(game.max_payoff(i)) for i in range(3)]
    for order in itertools.permutations(range(3)):
        estimate = explicit_initiative_values(game, order)
        assert sum(estimate.by_rank) == pytest.approx(float(game.max_total()), abs=1e-9)
        for i in range(3):
            assert floors[i] - 1e-6 <= estimate.values[i] <= ceilings[i] + 1e-6


def test_four_players_pareto_and_bounds():
    rng = random.Random(400)
    game = random_game(rng, (2, 2, 2, 2), -4, 4)
    order = (2, 0, 3, 1)
    estimate = explicit_initiative_values(game, order)
    assert sum(estimate.by_rank) == pytest.approx(float(game.max_total()), abs=1e-9)
    for i in range(4):
        assert float(maximin(game, i).value) - 1e-6 <= estimate.values[i] <= float(game.max_payoff(i)) + 1e-6
    assert [len(s) for s in estimate.strategies] == [1, 2, 3, 4]


# ------------------------------------------------------------------------------ ROSE
def test_rose_value_averages_the_orderings():
    game = irrational_example()
    rose = explicit_rose_value(game)
    per_order = [explicit_initiative_values(game, o).values for o in itertools.permutations(range(3))]
    assert rose == pytest.approx([sum(v[i] for v in per_order) / 6 for i in range(3)], abs=1e-12)
    assert sum(rose) == pytest.approx(float(game.max_total()), abs=1e-9)


def test_rose_value_with_a_null_player_is_the_two_player_rose_value():
    base = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoner's dilemma
    exact = [sum(two_player_initiative_values(base, o).values[i] for o in ((0, 1), (1, 0))) / 2 for i in range(2)]
    rose = explicit_rose_value(null_player_game(base, 1))
    assert [rose[0], rose[2]] == pytest.approx([float(v) for v in exact], abs=1e-6)
    assert rose[1] == pytest.approx(0.0, abs=1e-9)


# --------------------------------------------------------------------------- accuracy
def test_more_zooms_do_not_move_a_kink_maximum():
    # rank 1's value of a 2x2x2 game sits at a kink; the default settings already find it
    game = random_game(random.Random(7), (2, 2, 2), -4, 4)
    coarse = explicit_initiative_values(game, (1, 2, 0), grid=16, zooms=4)
    fine = explicit_initiative_values(game, (1, 2, 0), grid=64, zooms=7, inner_grid=32)
    assert coarse.by_rank == pytest.approx(fine.by_rank, abs=1e-6)
    assert (coarse.grid, coarse.zooms, fine.grid, fine.zooms) == (16, 4, 64, 7)


def test_exact_rational_values_of_a_one_sided_game():
    # ranks 2 and 3 have one action: V_1 = max_p E[U1] = 2, V_2 = max(U1+U2) - V_1 = 4/3 - 2,
    # V_3 = max Σ - max(U1+U2) = 5 - 4/3
    game = Game.from_arrays([[[Fraction(1, 3)]], [[2]]], [[[1]], [[-1]]], [[[0]], [[4]]])
    estimate = explicit_initiative_values(game, (0, 1, 2))
    assert estimate.by_rank == pytest.approx([2.0, -2 / 3, 11 / 3], abs=1e-12)
    assert estimate.strategies[0] == ((0.0, 1.0),)


# ------------------------------------------------------------------------------- errors
def test_bad_input_is_refused():
    game = irrational_example()
    with pytest.raises(InputError):
        explicit_initiative_values(game, (0, 1))
    with pytest.raises(InputError):
        explicit_initiative_values(game, (0, 1, 1))
    with pytest.raises(InputError):
        explicit_initiative_values(game, (0, 1, 2), grid=0)
    with pytest.raises(InputError):
        explicit_initiative_values("not a game", (0, 1, 2))
    five = Game.from_function((1,) * 5, lambda a: [0] * 5)
    with pytest.raises(InputError):
        explicit_initiative_values(five, range(5))
