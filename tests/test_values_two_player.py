"""Two-player values: initiative, ROSE, CoCo, maximin, zero-sum."""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F

import pytest
from flint import fmpq_mat
from hypothesis import given
from hypothesis import strategies as st
from strategies import games, rationals

from exactrose.errors import CertificateError, InputError
from exactrose.model.catalogue import (
    chicken,
    matching_pennies,
    pass_game,
    prisoners_dilemma,
    toy_case,
)
from exactrose.model.game import Game
from exactrose.model.transform import destruction_game
from exactrose.values.coco import coco_value_two_players
from exactrose.values.extraction import (
    check_extraction,
    leader_matrices,
    max_surplus_extraction,
    max_surplus_extraction_by_vertices,
    surplus,
    two_player_initiative_values,
)
from exactrose.values.matrices import payoff_matrix
from exactrose.values.rose import rose_closed_form, rose_value, toy_case_value
from exactrose.values.zerosum import check_zero_sum, maximin, zero_sum_value

small_games = games(players=2, max_actions=3, payoffs=rationals(-4, 4, (1, 2, 3)))


# ------------------------------------------------------------------ known values
@pytest.mark.parametrize(
    ("game", "initiative_12", "initiative_21", "rose", "coco"),
    [
        # Hand-worked: Alice commits to D (S(p) = 4 − 3p), Bob gets max Σ − 4 = 2.
        (prisoners_dilemma(), (4, 2), (2, 4), (3, 3), (3, 3)),
        # Hand-worked: the leader goes straight, the follower must swerve.
        (chicken(), (1, -1), (-1, 1), (0, 0), (0, 0)),
        (matching_pennies(), (0, 0), (0, 0), (0, 0), (0, 0)),
        # Pass game: whoever leads, Alice gets 1/2, her maximin (reading distributions, not moves).
        (pass_game(), (F(1, 2), F(-1, 2)), (F(1, 2), F(-1, 2)), (F(1, 2), F(-1, 2)), (F(1, 2), F(-1, 2))),
        # Toy case: Alice pays Bob his argmax 41 to get the surplus 60; CoCo lets Bob's threat work.
        (toy_case(), (19, 41), (19, 41), (19, 41), (F(19, 2), F(101, 2))),
    ],
    ids=["prisoners-dilemma", "chicken", "matching-pennies", "pass-game", "toy-case"],
)
def test_known_values(game, initiative_12, initiative_21, rose, coco):
    assert two_player_initiative_values(game, (0, 1)).values == tuple(F(v) for v in initiative_12)
    assert two_player_initiative_values(game, (1, 0)).values == tuple(F(v) for v in initiative_21)
    assert rose_value(game).values == tuple(F(v) for v in rose)
    assert coco_value_two_players(game) == tuple(F(v) for v in coco)


def test_toy_case_formula_on_the_catalogue_toy():
    assert toy_case_value(toy_case()) == (F(19), F(41))


def test_zero_sum_value_of_a_hand_worked_game():
    # Rock-paper-scissors with a double win for rock: the indifference equations give
    # x = (1/4, 5/12, 1/3), y = (1/3, 5/12, 1/4) and value 1/12.
    matrix = fmpq_mat([[0, -1, 2], [1, 0, -1], [-1, 1, 0]])
    solution = zero_sum_value(matrix)
    assert solution.value == F(1, 12)
    assert solution.row_strategy == (F(1, 4), F(5, 12), F(1, 3))
    assert solution.column_strategy == (F(1, 3), F(5, 12), F(1, 4))


def test_maximin_of_the_pass_game_is_one_half_for_alice():
    assert maximin(pass_game(), 0).value == F(1, 2)
    assert maximin(pass_game(), 0).strategy == (0, 0, 1)


def test_maximin_in_three_player_game_lets_opponents_correlate():
    # Player 3 gets 1 unless players 1 and 2 both play 1; they can punish jointly.
    game = Game.from_function((2, 2, 2), lambda a: (0, 0, 0 if a[0] == a[1] == 1 else 1))
    result = maximin(game, 2)
    assert result.value == 0
    assert sum(result.punishment) == 1


# ----------------------------------------------------------------- properties
@given(small_games)
def test_rose_equals_the_essays_closed_form(game):
    assert rose_value(game).values == rose_closed_form(game)


@given(small_games)
def test_extraction_by_lp_agrees_with_vertex_enumeration(game):
    for leader in (0, 1):
        matrices = leader_matrices(game, leader)
        assert max_surplus_extraction(*matrices).value == max_surplus_extraction_by_vertices(*matrices)


@given(small_games)
def test_pareto_sums_equal_max_total(game):
    """Props 4.1 and 4.2: Σ initiative values = Σ ROSE = max Σ."""
    for order in ((0, 1), (1, 0)):
        assert sum(two_player_initiative_values(game, order).values) == game.max_total()
    assert sum(rose_value(game).values) == game.max_total()
    assert sum(coco_value_two_players(game)) == game.max_total()


@given(small_games)
def test_maximin_dominance_and_sub_max(game):
    """Props 11.1/11.2 and 12.1/12.2 for two players, every rank."""
    floors = [maximin(game, i).value for i in range(2)]
    ceilings = [game.max_payoff(i) for i in range(2)]
    rose = rose_value(game)
    for values in [g.values for g in rose.initiative] + [rose.values]:
        for i in range(2):
            assert floors[i] <= values[i] <= ceilings[i]


@given(games(players=2, max_actions=3, payoffs=rationals(-3, 3)).filter(lambda g: 1 in g.shape))
def test_toy_case_formula(game):
    assert rose_value(game).values == toy_case_value(game)


@given(small_games)
def test_witness_attains_the_value(game):
    result = two_player_initiative_values(game, (0, 1))
    assert surplus(*leader_matrices(game, 0), result.leader_strategy) == result.values[0]


@given(small_games, st.integers(0, 3), st.integers(0, 3))
def test_destruction_game_leaves_rose_unchanged(game, burn_12, burn_21):
    """Prop 7.2 (two players): any caps, same ROSE value."""
    caps = [[0, burn_12], [burn_21, 0]]
    assert rose_value(destruction_game(game, caps)).values == rose_value(game).values


def test_destruction_game_changes_coco_but_not_rose():
    """CoCo is not threat-resistant: a costless button for Alice moves CoCo her way."""
    game = prisoners_dilemma()
    threatened = destruction_game(game, [[0, 10], [0, 0]])
    assert coco_value_two_players(game) == (3, 3)
    assert coco_value_two_players(threatened) == (8, -2)
    assert rose_value(threatened).values == rose_value(game).values == (3, 3)


# ---------------------------------------------------------------- certificates
def test_tampered_extraction_certificate_is_rejected():
    matrices = leader_matrices(prisoners_dilemma(), 0)
    result = max_surplus_extraction(*matrices)
    check_extraction(*matrices, result.value, result.certificate)
    with pytest.raises(CertificateError, match="extracts"):
        check_extraction(*matrices, result.value + 1, result.certificate)
    weak = dataclasses.replace(result.certificate, multipliers=fmpq_mat([[1, 1], [0, 0]]))
    with pytest.raises(CertificateError, match="do not bound"):
        check_extraction(*matrices, result.value, weak)
    bad_witness = dataclasses.replace(result.certificate, witness=(F(1, 2), F(1, 3)))
    with pytest.raises(CertificateError, match="not a mixed strategy"):
        check_extraction(*matrices, result.value, bad_witness)


def test_tampered_zero_sum_certificate_is_rejected():
    matrix = fmpq_mat([[1, -1], [-1, 1]])
    solution = zero_sum_value(matrix)
    check_zero_sum(matrix, solution)
    with pytest.raises(CertificateError, match="guarantees only"):
        check_zero_sum(matrix, dataclasses.replace(solution, row_strategy=(F(1), F(0))))
    with pytest.raises(CertificateError, match="concedes"):
        check_zero_sum(matrix, dataclasses.replace(solution, value=F(-1, 2)))


def test_exact_data_below_double_precision():
    """Payoffs differing by 1e-20 are told apart exactly (in floats Bob would get 0)."""
    tiny = F(1, 10**20)
    game = Game.from_arrays([[1, 1 - 2 * tiny]], [[0, tiny]])
    assert rose_value(game).values == (1 - tiny, tiny) == toy_case_value(game)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: toy_case_value(Game.from_function((1, 1, 2), lambda a: (0, 0, 0))), "2-player"),
        (lambda: toy_case_value(prisoners_dilemma()), "single action"),
        (lambda: coco_value_two_players(Game.from_function((2, 2, 2), lambda a: (0, 0, 0))), "2-player"),
    ],
    ids=["toy-case-of-three-players", "toy-case-without-single-action", "two-player-coco-of-three"],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()


@given(games(players=2, max_actions=4, payoffs=rationals(-5, 5, (1, 2, 7))))
def test_zero_sum_value_agrees_with_gambit(game):
    """Cross-check with pygambit's exact LP on the zero-sum game of player 1's payoffs."""
    import pygambit

    row = game.payoff_array(0)
    gambit_game = Game.from_arrays(row, [[-u for u in r] for r in row]).to_pygambit()
    equilibrium = pygambit.nash.lp_solve(gambit_game, rational=True).equilibria[0]
    gambit_value = F(equilibrium.payoff(list(gambit_game.players)[0]))
    assert zero_sum_value(payoff_matrix(game, 0)).value == gambit_value
    assert maximin(game, 0).value == gambit_value


def test_solve_shares_the_extraction_programs_of_rose_and_shapley_rose(monkeypatch):
    """``exactrose solve`` of a two-player game solves each leader's surplus extraction once:
    ROSE's two orderings and Shapley-ROSE's coalition values ask for the same two programs."""
    from exactrose.applications.solve import solve_game
    from exactrose.values import extraction

    game = Game.from_function((4, 5), lambda a: [F(3 * a[0] - a[1] ** 2, 7), F(a[0] * a[1] - 2, 3)])
    solved = []
    real = extraction.max_surplus_extraction

    def counted(leader: fmpq_mat, follower: fmpq_mat) -> extraction.SurplusExtraction:
        solved.append((leader.nrows(), leader.ncols()))
        return real(leader, follower)

    monkeypatch.setattr(extraction, "max_surplus_extraction", counted)
    extraction.leader_extraction.cache_clear()
    report = solve_game(game)
    assert sorted(solved) == [(4, 5), (5, 4)]
    assert report.values["shapley_rose"] == report.values["rose"] == rose_closed_form(game)
