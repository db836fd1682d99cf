"""Inequalities between two-player values decided for every real 2×2 game (proofs.decide): the
essay's Props 11.1 and 12.1 hold for every real 2×2 game, a false claim gets a rational
counterexample that the exact solver confirms, and a query the solver leaves open proves nothing."""

from __future__ import annotations

from fractions import Fraction

import pytest

from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.symbolic import Payoffs, initiative_cells, maximin_cells, maximum_cells
from exactrose.values.zerosum import maximin
from proofs.decide import at_least, nonnegative, stop_child
from proofs.real import game_of

PAYOFFS = Payoffs(2, 2)


@pytest.mark.parametrize("leader", [0, 1])
def test_the_initiative_value_is_at_least_the_maximin_value_in_every_real_2x2_game(leader):
    verdict = at_least(initiative_cells(PAYOFFS, leader), maximin_cells(PAYOFFS, leader), PAYOFFS.ring.nvars())
    assert verdict.holds and verdict.queries > 0 and verdict.counterexample is None


@pytest.mark.parametrize("leader", [0, 1])
def test_a_false_claim_gets_a_counterexample_the_exact_solver_confirms(leader):
    """"The maximin value is at least the initiative value" is false: the solver's model is a
    rational game where the exact solver finds the initiative value larger."""
    verdict = at_least(maximin_cells(PAYOFFS, leader), initiative_cells(PAYOFFS, leader), PAYOFFS.ring.nvars())
    assert not verdict.holds and verdict.counterexample is not None
    game = game_of((2, 2), verdict.counterexample)
    assert maximin(game, leader).value < two_player_initiative_values(game, (leader, 1 - leader)).values[leader]


ONE = Fraction(1)


@pytest.mark.parametrize("leader", [0, 1])
def test_prop_11_1_maximin_dominance_of_initiative_values_for_every_real_2x2_game(leader):
    """Prop 11.1 for two players: the leader's value ``V`` is at least its maximin value, and the
    follower's, ``max Σ − V``, at least the follower's."""
    follower = 1 - leader
    value, total = initiative_cells(PAYOFFS, leader), maximum_cells(PAYOFFS, (1, 1))
    variables = PAYOFFS.ring.nvars()
    assert at_least(value, maximin_cells(PAYOFFS, leader), variables).holds is True
    assert nonnegative([(ONE, total), (-ONE, value), (-ONE, maximin_cells(PAYOFFS, follower))], variables).holds is True


@pytest.mark.parametrize("leader", [0, 1])
def test_prop_12_1_sub_max_of_initiative_values_for_every_real_2x2_game(leader):
    """Prop 12.1 for two players: the leader's value is at most its largest payoff, and the
    follower's, ``max Σ − V``, at most the follower's."""
    follower = 1 - leader
    value, total = initiative_cells(PAYOFFS, leader), maximum_cells(PAYOFFS, (1, 1))
    largest = [maximum_cells(PAYOFFS, (1, 0)), maximum_cells(PAYOFFS, (0, 1))]
    variables = PAYOFFS.ring.nvars()
    assert at_least(largest[leader], value, variables).holds is True
    assert nonnegative([(ONE, largest[follower]), (-ONE, total), (ONE, value)], variables).holds is True


def test_a_query_the_solver_leaves_open_proves_nothing(monkeypatch):
    import z3

    stop_child()  # a child forked before the patch would answer with the real z3
    monkeypatch.setattr(z3.Solver, "check", lambda self, *args: z3.unknown)
    try:  # the queries over pieces are open, and so are those cell by cell (in a child forked now)
        verdict = at_least(initiative_cells(PAYOFFS, 0), maximin_cells(PAYOFFS, 0), PAYOFFS.ring.nvars())
    finally:
        stop_child()  # the child's z3 is the patched one
    assert verdict.holds is None and verdict.undecided == verdict.queries > 0



def test_queries_over_pieces_left_open_are_decided_cell_by_cell(monkeypatch):
    """A query over pieces that the solver leaves open is asked again one cell of each piece at a
    time: the true claim is still proved, and the false one still gets a confirmed counterexample."""
    import z3

    monkeypatch.setattr("proofs.decide._query", lambda *args: (z3.unknown, None))
    variables = PAYOFFS.ring.nvars()
    verdict = at_least(initiative_cells(PAYOFFS, 0), maximin_cells(PAYOFFS, 0), variables)
    assert verdict.holds is True and verdict.cases is not None and verdict.queries > 0
    false = at_least(maximin_cells(PAYOFFS, 0), initiative_cells(PAYOFFS, 0), variables)
    assert false.holds is False and false.counterexample is not None
    game = game_of((2, 2), false.counterexample)
    assert maximin(game, 0).value < two_player_initiative_values(game, (0, 1)).values[0]
