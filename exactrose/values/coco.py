"""The CoCo value (Kalai–Kalai).

Two players: ``coco_1 = ½ max Σ + val((U_1 − U_2)/2)``, ``coco_2 = ½ max Σ − val(...)``
where ``val`` is the value of the zero-sum game.  n players: the Shapley amplification
of the two-player CoCo value (essay: "Two to N with Shapley Values").
"""

from __future__ import annotations

from fractions import Fraction

from exactrose.model.game import Game
from exactrose.values.matrices import payoff_matrix, require_two_players
from exactrose.values.zerosum import ZeroSumSolution, zero_sum_value


def competition_game(game: Game) -> ZeroSumSolution:
    """The zero-sum game ``(U_1 − U_2)/2`` whose value is CoCo's competitive part."""
    require_two_players(game, "the CoCo competition game")
    return zero_sum_value((payoff_matrix(game, 0) - payoff_matrix(game, 1)) / 2)


def coco_value_two_players(game: Game) -> tuple[Fraction, Fraction]:
    """Two-player CoCo values ``(coco_1, coco_2)``."""
    half = game.max_total() / 2
    competition = competition_game(game).value
    return half + competition, half - competition
