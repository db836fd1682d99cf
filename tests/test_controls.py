"""Negative controls and open questions (proofs/controls.py) and the counterexample search."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from exactrose.errors import InputError
from exactrose.model.game import Game
from exactrose.values.rose import rose_value
from proofs.controls import conditional_threat_game
from proofs.core import REGISTRY
from proofs.counterexamples import game_from_payoffs, minimal_counterexample

PD = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
MENNEN = Game.from_arrays(  # Alice: heads, tails, pass; zero-sum (essay Digression 6)
    [[1, -1], [-1, 1], [Fraction(1, 2), Fraction(1, 2)]],
    [[-1, 1], [1, -1], [-Fraction(1, 2), -Fraction(1, 2)]],
)
PENNIES = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


def check(claim_id: str, game: Game):
    verdict = REGISTRY[claim_id].check(game)
    json.dumps(verdict.evidence)
    return verdict


def test_mennen_game_refutes_transparent_averaging():
    verdict = check("transparent-averaging", MENNEN)
    assert verdict.holds is False
    # Alice: 1/2 moving first, 1 moving second; Bob's average -3/4 is below his maximin -1/2
    assert verdict.evidence == {"transparent_average": ["3/4", "-3/4"], "maximin": ["1/2", "-1/2"]}
    assert check("transparent-averaging", PENNIES).holds is True


def test_conditional_threat_moves_rose_on_the_prisoners_dilemma():
    threatened = conditional_threat_game(PD, 0)
    assert threatened.shape == (3, 2)
    # the threat copies Alice's surplus-maximising action (C) and punishes Bob's defection
    assert [threatened.payoff(1, (2, b)) for b in range(2)] == [3, 5 - 6]  # penalty: payoff range 0..5, plus 1
    verdict = check("conditional-threat", PD)
    assert verdict.holds is False
    assert verdict.evidence == {"rose": ["3", "3"], "rose_with_threat": ["33/10", "27/10"]}
    assert rose_value(threatened).values == (Fraction(33, 10), Fraction(27, 10))


def test_a_threat_that_changes_nothing_is_no_counterexample():
    # Bob has one action: the "threat" duplicates Alice's best action, nothing moves
    game = Game.from_arrays([[2], [1]], [[1], [3]])
    assert check("conditional-threat", game).holds is True


def test_rank_two_monotonicity_fails_on_the_prisoners_dilemma():
    verdict = check("monotonicity-rank-2", PD)
    assert verdict.holds is False
    # with Bob second, removing his cooperation (action "0") raises his initiative value from 2 to 4
    assert verdict.evidence == {"order": [1, 2], "removed_action": "0", "value_with": "2", "value_without": "4"}


def test_rank_two_monotonicity_holds_where_the_follower_has_nothing_to_lose():
    game = Game.from_arrays([[1, 1], [1, 1]], [[0, 1], [0, 1]])
    assert check("monotonicity-rank-2", game).holds is True


def test_payoff_dominance_evidence():
    dominated = Game.from_arrays([[3, 1], [4, 2]], [[1, 0], [2, -1]])  # U_1 > U_2 everywhere
    verdict = check("payoff-dominance", dominated)
    assert verdict.holds is True and verdict.evidence["dominating_pairs"] == 1
    assert check("payoff-dominance", PENNIES).evidence == {"dominating_pairs": 0}


def test_payoff_dominance_three_players_compares_every_ordering():
    game = Game.from_function((2, 2, 2), lambda a: (a[0] + a[1] + 2, a[0] + a[1], a[2] - 1))
    verdict = check("payoff-dominance", game)
    assert verdict.holds is True
    assert verdict.evidence["dominating_pairs"] >= 2  # player 1 over 2 and over 3 at least


@pytest.mark.parametrize(
    ("claim_id", "shape"),
    [("conditional-threat", (2, 2)), ("monotonicity-rank-2", (2, 2)), ("transparent-averaging", (3, 2))],
)
def test_search_shrinks_to_a_small_refuting_game(claim_id, shape):
    found = minimal_counterexample(claim_id, shape, -1, 1, max_examples=300)
    assert found is not None and found.verdict.holds is False
    payoffs = [found.game.payoff(i, p) for p in found.game.profiles() for i in range(len(shape))]
    assert all(v in (-1, 0, 1) for v in payoffs)
    assert sum(v != 0 for v in payoffs) <= 4  # shrunk: most payoffs are 0
    assert REGISTRY[claim_id].check(found.game).holds is False


def test_search_reports_none_when_a_claim_holds():
    assert minimal_counterexample("payoff-dominance", (2, 2), 0, 1, max_examples=50) is None


def test_search_refuses_bad_requests():
    with pytest.raises(InputError, match="unknown id"):
        minimal_counterexample("no-such-claim", (2, 2), 0, 1)
    with pytest.raises(InputError, match="2,\\)-player|players"):
        minimal_counterexample("transparent-averaging", (2, 2, 2), 0, 1)
    with pytest.raises(InputError, match="expected 8 integers"):
        game_from_payoffs((2, 2), [0] * 7)


def test_game_from_payoffs_is_row_major():
    game = game_from_payoffs((2, 2), [1, 2, 3, 4, 5, 6, 7, 8])
    assert game.payoff_vector((0, 1)) == (3, 4)
    assert game.payoff_vector((1, 0)) == (5, 6)


def test_coco_is_not_threat_resistant_on_the_prisoners_dilemma():
    verdict = check("coco-threat", PD)
    assert verdict.holds is False
    assert verdict.evidence["G"] == ["3", "3"] and verdict.evidence["destruction_game"] == ["0", "6"]
    assert check("7.2", PD).holds is True  # the same caps leave ROSE at (3, 3)


def test_shapley_rose_fails_maximin_in_the_bomb_game():
    from exactrose.model.catalogue import catalogue

    bomb = next(entry.game for entry in catalogue() if entry.key == "bomb")
    verdict = check("shapley-rose-maximin", bomb)
    assert verdict.holds is False
    assert verdict.evidence["values"][3] == "-1/2" and verdict.evidence["maximin"][3] == "0"


def test_a_three_player_shapley_rose_counterexample_with_unit_payoffs():
    found = minimal_counterexample("shapley-rose-maximin", (2, 2, 1), -1, 1, max_examples=200)
    assert found is not None
    values = [Fraction(v) for v in found.verdict.evidence["values"]]
    floors = [Fraction(v) for v in found.verdict.evidence["maximin"]]
    assert any(v < f for v, f in zip(values, floors))
