"""Exact initiative and ROSE values of three-player games (essay Props 4.1–13)."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import games, rationals

from exactrose.errors import InputError
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.input.formats import read_game
from exactrose.model.game import Game
from exactrose.model.transform import (
    add_mixed_action,
    destruction_game,
    null_player_game,
    restrict_actions,
)
from exactrose.values.initiative import Maxima, initiative_values
from exactrose.values.rose import rose_value
from exactrose.values.three_players import three_player_initiative_values
from exactrose.values.zerosum import maximin

ORDERS = list(itertools.permutations(range(3)))
two_by_two_by_two = games(players=3, max_actions=2, min_actions=2, payoffs=rationals(-3, 3))
small_three_player = games(players=3, max_actions=2, payoffs=rationals(-3, 3, (1, 2)))


def irrational_example() -> Game:
    """Integer payoffs whose rank-1 value for (1,2,3) is (19 − 4√3)/8."""
    return Game.from_arrays(
        [[[-1, -2], [0, 2]], [[-3, -3], [3, 1]]],
        [[[-3, -1], [1, -3]], [[1, -2], [-3, -3]]],
        [[[0, 0], [-3, -2]], [[-3, 1], [0, -3]]],
    )


def test_the_irrational_rank_one_value_of_the_irrational_example():
    result = initiative_values(irrational_example(), (0, 1, 2))
    value = result.values[0]
    assert isinstance(value, RealAlgebraic)
    assert value.minimal_polynomial == (64, -304, 313)
    assert value.to_expression() == "(19 - 4*sqrt(3))/8"
    assert value.decimal(10).startswith("1.508974596")
    extraction, _ = result.witness
    assert extraction.p.minimal_polynomial == (64, -112, 37)  # p ≈ 0.441987, interior
    assert F(44, 100) < extraction.p < F(45, 100)


def test_a_three_player_toy_case_by_hand():
    """Only player 3 acts: 'keep' pays it 1, 'give' pays player 1 three; player 2 is null.
    Worked by hand for every ordering, e.g. (3,1,2): V[q,1:2] = 3 − 2q and V[q,2:2] = 3 − 3q
    (q = P(keep)), so player 3 extracts max_q q = 1 and player 1 gets 3 − 1.  Every ordering
    gives the toy case (max[U1+U3] − max U3, 0, max U3)."""
    game = Game.from_arrays([[[0, 3]]], [[[0, 0]]], [[[1, 0]]])
    for order in ORDERS:
        assert initiative_values(game, order).values == (2, 0, 1)
    assert rose_value(game).values == (2, 0, 1)


@pytest.mark.slow
@given(two_by_two_by_two)
def test_sum_of_ranks_is_max_total_for_every_ordering(game):
    """Prop 4.1 (and 4.2 for the ROSE value)."""
    for order in ORDERS:
        assert sum(initiative_values(game, order).values) == game.max_total()
    assert sum(rose_value(game).values) == game.max_total()


@pytest.mark.slow
@given(two_by_two_by_two)
def test_maximin_dominance_and_sub_max_for_every_rank(game):
    """Props 11.1, 11.2, 12.1 and 12.2."""
    floors = [maximin(game, i).value for i in range(3)]
    for order in ORDERS:
        values = initiative_values(game, order).values
        for i in range(3):
            assert floors[i] <= values[i] <= game.max_payoff(i)
    for i, value in enumerate(rose_value(game).values):
        assert floors[i] <= value <= game.max_payoff(i)


@given(games(players=2, max_actions=2, payoffs=rationals(-3, 3)), st.integers(0, 2))
def test_null_player_at_any_rank(game, position):
    """Prop 10: the null player gets 0, the others their 2-player initiative values."""
    bigger = null_player_game(game, position)
    others = [i for i in range(3) if i != position]
    for order in ORDERS:
        values = initiative_values(bigger, order).values
        assert values[position] == 0
        induced = tuple(others.index(i) for i in order if i != position)
        assert tuple(values[i] for i in others) == initiative_values(game, induced).values


@pytest.mark.slow
@given(two_by_two_by_two, st.sampled_from(ORDERS), st.integers(1, 3))
def test_threat_resistance_of_every_rank(game, order, cap):
    """Prop 7.1: costless burn buttons (here for the players of ranks 2 and 3) change nothing."""
    leader = order[0]
    caps = [[0 if i == leader or i == j else cap for j in range(3)] for i in range(3)]
    assert initiative_values(destruction_game(game, caps), order).values == initiative_values(game, order).values


@pytest.mark.slow
@given(two_by_two_by_two, st.sampled_from(ORDERS), rationals(0, 1, (3, 5)))
def test_redundant_mixed_actions_change_nothing(game, order, weight):
    """Prop 6.1: a rank-2 or rank-3 player gains an action equal to a mixture of its two."""
    for player in order[1:]:
        bigger = add_mixed_action(game, player, {0: weight, 1: 1 - weight})
        assert initiative_values(bigger, order).values == initiative_values(game, order).values


@given(two_by_two_by_two, st.sampled_from(ORDERS), st.integers(0, 1))
def test_rank_one_action_monotonicity(game, order, kept):
    """Prop 13: the rank-1 player never loses from having more actions."""
    leader = order[0]
    smaller = restrict_actions(game, leader, [kept])
    assert initiative_values(game, order).values[leader] >= initiative_values(smaller, order).values[leader]


def test_five_players_with_three_movers_fold_to_three_player_games():
    """Two passive players of five fold into the movers' games: every ordering sums to max Σ,
    and the passive players, whose payoffs are 0, get 0 (Prop 10) with ``fold=False`` too."""
    game = Game.from_function((2, 2, 1, 1, 2), lambda a: (a[0], a[1], 0, 0, a[4]))
    for order in [(0, 1, 2, 3, 4), (2, 4, 0, 3, 1), (3, 2, 1, 0, 4)]:
        values = initiative_values(game, order).values
        assert sum(values) == game.max_total() and values[2] == values[3] == 0
    assert rose_value(game, fold=False).values == rose_value(game).values


def test_bad_ordering():
    with pytest.raises(InputError, match="permutation"):
        initiative_values(irrational_example(), (0, 0, 1))


@given(small_three_player)
def test_games_with_single_action_players(game):
    """Players with one action are handled at every rank (Prop 4.1 as the check)."""
    for order in ORDERS:
        assert sum(initiative_values(game, order).values) == game.max_total()


def test_the_bomb_gets_its_maximin_from_rose_but_not_from_shapley_rose():
    """Essay, "Somebody set up us the Bomb": Shapley-ROSE gives the bomb less than its maximin
    value 0 (here −1/2 with three house members); ROSE does not (Prop 11.2)."""
    from exactrose.model.catalogue import bomb_game
    from exactrose.values.shapley import shapley_rose_value

    game = bomb_game()
    assert maximin(game, 3).value == 0
    assert shapley_rose_value(game).values[3] == F(-1, 2)
    rose = rose_value(game).values
    assert rose == (F(29, 3), F(29, 3), F(29, 3), 0)
    assert sum(rose) == game.max_total() == 29


@pytest.mark.slow
@given(games(players=3, max_actions=3, payoffs=rationals(-3, 3)).filter(lambda g: sum(m > 1 for m in g.shape) <= 1))
def test_one_actor_recursion_agrees_with_the_three_player_method(game):
    from exactrose.values.three_players import three_player_initiative_values

    for order in ORDERS:
        if game.shape[order[0]] <= 2:
            assert initiative_values(game, order).values == three_player_initiative_values(game, order).values


@given(games(players=2, max_actions=4, payoffs=rationals(-3, 3)).filter(lambda g: 1 in g.shape))
def test_one_actor_recursion_agrees_with_the_linear_programs(game):
    from exactrose.values.extraction import two_player_initiative_values

    for order in ((0, 1), (1, 0)):
        assert initiative_values(game, order).values == two_player_initiative_values(game, order).values


@given(
    games(players=3, max_actions=3, payoffs=rationals(-3, 3)).filter(lambda g: g.shape[0] == 2),
    rationals(0, 1, (2, 3, 7, 10)),
)
def test_contextual_values_agree_with_the_extraction_lps(game, p):
    """At a rational context p, V[p, s:2] is the two-player surplus extraction of rank 2 from
    rank 3 with payoffs E_p[U]: the vertex enumeration must agree with the certified LPs."""
    from flint import fmpq, fmpq_mat

    from exactrose.values.contextual import ContextualValues
    from exactrose.values.extraction import max_surplus_extraction

    contextual = ContextualValues(game)
    _, m2, m3 = game.shape

    def expected(players: range) -> fmpq_mat:
        entries = []
        for a2 in range(m2):
            for c in range(m3):
                value = sum(p * game.payoff(i, (0, a2, c)) + (1 - p) * game.payoff(i, (1, a2, c)) for i in players)
                entries.append(fmpq(value.numerator, value.denominator))
        return fmpq_mat(m2, m3, entries)

    for s, coalition in ((0, range(0, 2)), (1, range(1, 2))):
        piece, _ = contextual.exact(s, p)
        assert piece.at(p) == max_surplus_extraction(expected(coalition), expected(range(2, 3))).value


def _grid_values(game: Game, order: tuple[int, ...], points: int) -> tuple[F, F]:
    """Max over p in {0, 1/points, ..., 1} of the extraction and coalition objectives.

    The contextual values at rational p are cross-checked against the certified LPs in
    ``test_contextual_values_agree_with_the_extraction_lps``; this checks the outer maximum."""
    from exactrose.model.transform import permute_players
    from exactrose.values.contextual import ContextualValues

    contextual = ContextualValues(permute_players(game, list(order)))
    extractions, coalitions = [], []
    for k in range(points + 1):
        p = F(k, points)
        coalition = contextual.exact(0, p)[0].at(p)
        coalitions.append(coalition)
        extractions.append(coalition - contextual.exact(1, p)[0].at(p))
    return max(extractions), max(coalitions)


@pytest.mark.slow
@settings(max_examples=10)  # 2x3x3 games take about a second per ordering
@given(games(players=3, max_actions=3, min_actions=2, payoffs=rationals(-5, 5)).filter(lambda g: g.shape[0] == 2))
def test_exact_maxima_dominate_a_grid_of_contextual_evaluations(game):
    """W_1 and W_2 are maxima over p: no grid point may beat them, and a fine grid comes
    close (the objectives are Lipschitz in p).  This checks the candidate enumeration."""
    for order in ((0, 1, 2), (0, 2, 1)):
        result = initiative_values(game, order)
        extraction, coalition = result.witness
        grid_extraction, grid_coalition = _grid_values(game, order, 64)
        assert grid_extraction <= extraction.value and grid_coalition <= coalition.value
        scale = 4 * max(abs(u) for i in range(3) for u in game.payoff_table(i))
        assert extraction.value - grid_extraction <= scale / 64
        assert coalition.value - grid_coalition <= scale / 64


@pytest.mark.slow
@settings(max_examples=15)
@given(games(players=3, max_actions=2, min_actions=2, payoffs=rationals(-5, 5, (1, 2))))
def test_recursion_agrees_with_the_essays_explicit_formulas(game):
    """The essay's bracket formulas ("I Know You Know They Know"), evaluated independently by a
    dense scan with refinement, agree with the exact recursion for every ordering."""
    from exactrose.numeric.explicit import explicit_initiative_values

    for order in ORDERS:
        exact = initiative_values(game, order).values
        estimate = explicit_initiative_values(game, order).values
        assert all(abs(float(e) - x) < 1e-6 for e, x in zip(exact, estimate, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("name, exact", [
    ("narrow_inner_peak.nfg", (F(10, 7), F(32, 7), 1)),
    ("narrow_inner_peak_2.nfg", (F(36, 19), F(78, 19), 4)),
])
def test_explicit_formulas_find_a_narrow_inner_peak(name, exact):
    """2×3×3 games found by the property test below: rank 2's surplus extraction against rank
    3 peaks on a narrow piece of its simplex, which the explicit scan lost when it refined too
    few inner boxes per context: with 8·3 it gave W_1 = 1.4314 > 10/7 for the first, with 32·3
    1.894827 > 36/19 for the second (both exact maxima confirmed by a grid of exact evaluations
    and the certified search)."""
    from exactrose.numeric.explicit import explicit_initiative_values

    game = read_game(Path(__file__).parent / "data" / name)
    assert initiative_values(game, (0, 1, 2)).values == exact
    assert all(abs(float(e) - x) < 1e-6 for e, x in zip(exact, explicit_initiative_values(game, (0, 1, 2)).values))


@pytest.mark.slow
@settings(max_examples=3)  # a few seconds per ordering
@given(games(players=3, max_actions=3, min_actions=3, payoffs=rationals(-5, 5)).map(
    lambda g: restrict_actions(g, 0, [0, 1])))
def test_recursion_agrees_with_the_explicit_formulas_with_three_actions_behind(game):
    from exactrose.numeric.explicit import explicit_initiative_values

    for order in ((0, 1, 2), (0, 2, 1)):
        exact = initiative_values(game, order).values
        estimate = explicit_initiative_values(game, order).values
        assert all(abs(float(e) - x) < 1e-6 for e, x in zip(exact, estimate, strict=True))


def test_regression_maximum_at_a_crossing_of_pure_vertex_pieces():
    """Found by the explicit-formula cross-check: an earlier solver missed the crossing of two
    pieces with equal denominators and reported 3.51744; the value is 95/27 at p = 20/27."""
    game = Game.from_arrays(
        [[[2, 8], [7, 7], [-4, 3]], [[-2, -7], [4, 3], [-5, 5]]],
        [[[5, -3], [-9, 3], [8, 9]], [[7, 1], [5, 1], [-3, -6]]],
        [[[-6, -3], [-2, 3], [-7, 0]], [[8, 1], [-1, -9], [2, 7]]],
    )
    result = initiative_values(game, (0, 1, 2))
    assert result.values[0] == F(95, 27)
    assert result.witness[0].certificate.snap.value == F(95, 27)  # a snapped search
    algebraic = initiative_values(game, (0, 1, 2), Maxima(snapping=False))  # the algebraic path
    assert algebraic.values[0] == F(95, 27) and algebraic.witness[0].p == F(20, 27)


# ------------------------------------------------------- passive players, redundant actions
def test_a_passive_player_reduces_to_two_player_extractions():
    """Rank 2 or 3 with one action: the exact two-player path agrees with the algebraic solver."""
    rng = random.Random(31)
    for shape in [(2, 1, 2), (2, 2, 1), (2, 1, 3)]:
        game = Game.from_function(shape, lambda a: [rng.randint(-4, 4) for _ in range(3)])
        for order in itertools.permutations(range(3)):
            if game.shape[order[0]] > 2 or 1 not in (game.shape[order[1]], game.shape[order[2]]):
                continue
            fast = initiative_values(game, order)
            assert "passive players folded" in fast.method
            assert fast.values == three_player_initiative_values(game, order).values


def test_redundant_context_actions_are_dropped_before_solving():
    game = irrational_example()
    padded = add_mixed_action(game, 0, {0: F(1, 3), 1: F(2, 3)})
    result = initiative_values(padded, (0, 1, 2))
    assert "redundant actions dropped" in result.method
    assert result.values == initiative_values(game, (0, 1, 2)).values
    assert result.values[0].to_expression() == "(19 - 4*sqrt(3))/8"
