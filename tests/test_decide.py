"""Inequalities between two-player values decided for every real 2×2 game (proofs.decide): a true
one holds on every pair of cells, a false one gets a rational counterexample that the exact
solver confirms."""

from __future__ import annotations

from fractions import Fraction

import pytest

from exactrose.model.game import Game
from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.symbolic import Payoffs, initiative_cells, maximin_cells
from exactrose.values.zerosum import maximin
from proofs.decide import at_least

PAYOFFS = Payoffs(2, 2)


def game_at(point: tuple[Fraction, ...]) -> Game:
    """The 2×2 game whose payoff tuple is ``point``."""
    return Game.from_function((2, 2), lambda a: [point[2 * a[0] + a[1]], point[4 + 2 * a[0] + a[1]]])


@pytest.mark.parametrize("leader", [0, 1])
def test_the_initiative_value_is_at_least_the_maximin_value_in_every_real_2x2_game(leader):
    verdict = at_least(initiative_cells(PAYOFFS, leader), maximin_cells(PAYOFFS, leader), PAYOFFS.ring.nvars())
    assert verdict.holds and verdict.pairs == 50 * 5 and verdict.counterexample is None


@pytest.mark.parametrize("leader", [0, 1])
def test_a_false_claim_gets_a_counterexample_the_exact_solver_confirms(leader):
    """"The maximin value is at least the initiative value" is false: the solver's model is a
    rational game where the exact solver finds the initiative value larger."""
    verdict = at_least(maximin_cells(PAYOFFS, leader), initiative_cells(PAYOFFS, leader), PAYOFFS.ring.nvars())
    assert not verdict.holds and verdict.counterexample is not None
    game = game_at(verdict.counterexample)
    assert maximin(game, leader).value < two_player_initiative_values(game, (leader, 1 - leader)).values[leader]
