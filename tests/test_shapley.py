"""Shapley amplification, coalition values, n-player CoCo and Shapley-ROSE."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import games, rationals

from exactrose.errors import InputError
from exactrose.model.catalogue import prisoners_dilemma, toy_case
from exactrose.model.game import Game
from exactrose.values.coco import coco_value_two_players
from exactrose.values.rose import rose_value
from exactrose.values.shapley import (
    coalition_values,
    coco_value,
    shapley_amplification,
    shapley_rose_value,
    shapley_textbook,
    shapley_value,
)

three_player_games = games(players=3, max_actions=2, payoffs=rationals(-3, 3))


def set_functions(n: int):
    """Arbitrary set functions on n players with v(∅) = 0."""
    subsets = [frozenset(c) for size in range(1, n + 1) for c in itertools.combinations(range(n), size)]
    return st.lists(rationals(-5, 5, (1, 2)), min_size=len(subsets), max_size=len(subsets)).map(
        lambda values: {frozenset(): F(0), **dict(zip(subsets, values))}
    )


@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), set_functions(n))))
def test_essay_form_is_a_reshuffling_of_the_textbook_form(case):
    """The essay says the textbook Shapley value "can be reshuffled into this equation":
    substituting T = N∖S shows the two forms agree for every set function."""
    n, values = case
    assert shapley_amplification(n, values) == shapley_textbook(n, values)


@given(set_functions(3))
def test_shapley_is_efficient(values):
    assert sum(shapley_amplification(3, values)) == values[frozenset(range(3))] - values[frozenset()]


@given(three_player_games)
def test_initiative_and_yielding_coalition_values_give_the_same_shapley_values(game):
    """Essay, "Shapley Sums and Initiative Games": v+(S) + v−(N∖S) = v(N) makes them agree."""
    plus = coalition_values(game, "initiative")
    minus = coalition_values(game, "yielding")
    everyone = frozenset(range(3))
    for coalition in plus:
        assert plus[coalition] + minus[everyone - coalition] == game.max_total()
    assert shapley_value(game, "initiative").values == shapley_value(game, "yielding").values
    assert shapley_value(game, "initiative").values == shapley_rose_value(game).values


@given(three_player_games)
def test_coalition_values_are_complementary_for_rose_and_coco(game):
    everyone = frozenset(range(3))
    for kind in ("rose", "coco"):
        values = coalition_values(game, kind)
        for coalition, value in values.items():
            assert value + values[everyone - coalition] == game.max_total()


@given(three_player_games)
def test_n_player_values_are_efficient(game):
    assert sum(coco_value(game).values) == game.max_total()
    assert sum(shapley_rose_value(game).values) == game.max_total()


@given(games(players=2, max_actions=3, payoffs=rationals(-3, 3)))
def test_amplification_of_two_players_is_the_two_player_value(game):
    assert coco_value(game).values == coco_value_two_players(game)
    assert shapley_rose_value(game).values == rose_value(game).values


def test_a_separable_three_player_game():
    """Player 3 is a dummy who always gets 1; players 1, 2 play the prisoner's dilemma."""
    pd = prisoners_dilemma()
    game = Game.from_function((2, 2, 1), lambda a: (*pd.payoff_vector(a[:2]), 1))
    assert coco_value(game).values == (3, 3, 1)
    assert shapley_rose_value(game).values == (3, 3, 1)


def test_toy_case_coalition_values():
    values = coalition_values(toy_case(), "initiative")
    assert values[frozenset({0})] == 19 and values[frozenset({1})] == 41
    assert coalition_values(toy_case(), "yielding")[frozenset({0})] == 60 - 41


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: coalition_values(toy_case(), "nash"), "expected one of"),
        (lambda: shapley_value(toy_case(), "coco", form="weird"), "'essay' or 'textbook'"),
    ],
    ids=["unknown-kind", "unknown-form"],
)
def test_bad_arguments(call, message):
    with pytest.raises(InputError, match=message):
        call()
