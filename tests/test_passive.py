"""Initiative values with passive players, evaluated symbolically, against the exact solver."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import games, rationals

from exactrose.model.game import Game
from exactrose.model.transform import null_player_game
from exactrose.values.initiative import initiative_values
from exactrose.values.passive import initiative_forms


def basic_values(game: Game) -> dict[str, Fraction]:
    """V1, V2 (each player leading), T, X1, X2 of a two-player game, from the exact solver."""
    return {"V1": initiative_values(game, (0, 1)).values[0], "V2": initiative_values(game, (1, 0)).values[1],
            "T": game.max_total(), **{f"X{i + 1}": max(game.payoff_vector(a)[i] for a in game.profiles()) for i in (0, 1)}}


def evaluate(form: dict[str, Fraction], values: dict[str, Fraction]) -> Fraction:
    return sum((c * values[name] for name, c in form.items()), Fraction(0))


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_active_players_are_definition_3(order):
    leader = f"V{order[0] + 1}"
    assert initiative_forms(order) == [{leader: 1}, {"T": 1, leader: -1}]


@given(games(players=2, max_actions=3, payoffs=rationals(-4, 4, (1, 3))), st.integers(0, 2))
def test_null_player_games_agree_with_the_exact_solver(game, position):
    """Every ordering of the three-player game with a null player inserted at ``position``."""
    values = basic_values(game)
    bigger = null_player_game(game, position)
    for order in itertools.permutations(range(3)):
        active = [None if p == position else p - (p > position) for p in order]
        forms = initiative_forms(active)
        solved = initiative_values(bigger, order).values
        assert [evaluate(form, values) for form in forms] == [solved[p] for p in order], order


def test_two_null_players_in_a_four_player_game():
    game = Game.from_arrays([[3, -1], [0, 2]], [[1, 2], [-2, 0]])
    bigger = null_player_game(null_player_game(game, 1, "c"), 0, "d")  # players: d, P1, c, P2
    values = basic_values(game)
    for order in itertools.permutations(range(4)):
        active = [{1: 0, 3: 1}.get(p) for p in order]
        solved = initiative_values(bigger, order).values
        assert [evaluate(form, values) for form in initiative_forms(active)] == [solved[p] for p in order]


def test_orders_without_both_active_players_are_refused():
    for order in [(0, 0), (0, None), (None, None, 1)]:
        with pytest.raises(ValueError, match="players 0 and 1"):
            initiative_forms(order)
