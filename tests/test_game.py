"""The exact game model and the number entry point."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import numpy as np
import pygambit
import pytest
from flint import fmpq, fmpz
from hypothesis import given
from strategies import games, rationals

from exactrose.errors import FloatRefusedError, InputError
from exactrose.exact.numbers import format_rational, from_fmpq, to_fmpq, to_rational
from exactrose.model.game import Game


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, F(7)), ("-3/4", F(-3, 4)), ("0.25", F(1, 4)), ("1e-3", F(1, 1000)), (" 2. ", F(2)),
        (fmpq(-5, 6), F(-5, 6)), (fmpz(12), F(12)), (Decimal("0.1"), F(1, 10)), (np.int64(-4), F(-4)),
        (F(2, 4), F(1, 2)),
    ],
    ids=lambda v: repr(v),
)
def test_to_rational_accepts_exact_inputs(value, expected):
    result = to_rational(value)
    assert result == expected and type(result) is F


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0.5, FloatRefusedError, "float 0.5"),
        (np.float64(0.25), FloatRefusedError, "float"),
        ("abc", InputError, "expected a rational"),
        ("1/0", InputError, "zero denominator"),
        (True, InputError, "boolean"),
        (None, InputError, "NoneType"),
        (Decimal("NaN"), InputError, "finite"),
    ],
    ids=["float", "numpy-float", "text", "zero-denominator", "bool", "none", "nan"],
)
def test_to_rational_refuses(value, error, message):
    with pytest.raises(error, match=message):
        to_rational(value, "U1[0][1]")
    with pytest.raises(error, match=r"U1\[0\]\[1\]"):
        to_rational(value, "U1[0][1]")


def test_floats_only_with_opt_in_and_then_by_shortest_decimal():
    assert to_rational(0.1, allow_float=True) == F(1, 10)
    with pytest.raises(InputError, match="finite"):
        to_rational(float("inf"), allow_float=True)
    game = Game.from_arrays([[0.5]], [[1]], allow_float=True)
    assert game.payoff(0, (0, 0)) == F(1, 2)


@given(rationals(-100, 100, (1, 3, 7, 1000)))
def test_rational_conversions_round_trip(value):
    assert from_fmpq(to_fmpq(value)) == value
    assert to_rational(format_rational(value)) == value


def test_from_arrays_reads_every_exact_kind_and_indexes_row_major():
    game = Game.from_arrays(
        [[1, "1/2"], [fmpq(1, 3), F(2, 5)]],
        np.array([[0, 1], [2, 3]]),
        players=["Row", "Col"],
        actions=[["u", "d"], ["l", "r"]],
        title="mixed kinds",
    )
    assert game.shape == (2, 2) and game.n == 2
    assert game.payoff(0, (0, 1)) == F(1, 2)
    assert game.payoff(0, (1, 0)) == F(1, 3)
    assert game.payoff(1, (1, 0)) == 2
    assert game.payoff_vector((1, 1)) == (F(2, 5), F(3))
    assert game.total((0, 1)) == F(3, 2)
    assert game.max_total() == F(17, 5)
    assert game.max_payoff(0) == 1
    assert list(game.profiles()) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert game.payoff_array(0) == [[1, F(1, 2)], [F(1, 3), F(2, 5)]]


def test_from_function_three_players():
    game = Game.from_function((2, 3, 2), lambda a: (a[0], a[1], -a[2]))
    assert game.shape == (2, 3, 2)
    assert game.payoff_vector((1, 2, 1)) == (1, 2, -1)
    assert game.index((1, 2, 1)) == 11


@given(games(players=3, max_actions=3))
def test_payoff_array_rebuilds_the_game(game):
    rebuilt = Game.from_arrays(*[game.payoff_array(i) for i in range(game.n)], players=game.players, actions=game.actions)
    assert rebuilt == game and hash(rebuilt) == hash(game)


@pytest.mark.parametrize(
    ("arrays", "kwargs", "message"),
    [
        ([[[1, 2], [3]], [[1, 2], [3, 4]]], {}, "expected 4 entries"),
        ([[[0.5, 1], [1, 1]], [[1, 1], [1, 1]]], {}, r"payoffs of player 1\[0\]\[0\]: got the float"),
        ([[1, 2], [3, 4]], {}, "2 dimensions"),
        ([[[[1]]], [[[1]]]], {}, "found more"),
        ([[[1]], [[1, 2]]], {}, "differs"),
        ([[[1]], [[1]]], {"players": ["A", "A"]}, "distinct"),
        ([[[1]], [[1]]], {"actions": [["a", "b"], ["c"]]}, "labels per player"),
        ([[[]], [[]]], {}, "empty"),
        ([], {}, "got none"),
    ],
    ids=["ragged", "float", "too-few-dimensions", "too-many-dimensions", "shapes-differ", "duplicate-players",
         "wrong-action-labels", "no-actions", "no-arrays"],
)
def test_from_arrays_bad_input(arrays, kwargs, message):
    with pytest.raises(InputError, match=message):
        Game.from_arrays(*arrays, **kwargs)


def test_from_function_bad_input():
    with pytest.raises(InputError, match="expected 2 payoffs"):
        Game.from_function((2, 2), lambda a: (1,))
    with pytest.raises(InputError, match="positive number of actions"):
        Game.from_function((2, 0), lambda a: (1, 1))


def test_pygambit_round_trip_is_exact():
    game = Game.from_arrays([[3, "1/3"], [5, 1]], [[3, 5], [0, "-0.25"]], players=["A", "B"],
                            actions=[["C", "D"], ["x", "y"]], title="T")
    gambit_game = game.to_pygambit()
    assert [p.label for p in gambit_game.players] == ["A", "B"]
    assert Game.from_pygambit(gambit_game) == game
    assert Game.from_pygambit(pygambit.Game.from_arrays([[F(1, 3)]], [[2]])).payoff(0, (0, 0)) == F(1, 3)
