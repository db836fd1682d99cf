"""The ROSE value (essay: "ROSE Value, Final Definitions", Definition 4; MATH.md §2).

``R(i)`` is the average over all initiative orderings of the initiative value of the
rank the ordering gives player i.  The toy case and the essay's two-player closed form are
given as independent formulas for cross-checks.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from exactrose.errors import InputError
from exactrose.game import Game
from exactrose.values.extraction import leader_matrices, max_surplus_extraction
from exactrose.values.initiative import InitiativeValues, Number, Shared, initiative_values
from exactrose.values.matrices import require_two_players


@dataclass(frozen=True)
class RoseValue:
    """ROSE values indexed by player, with the initiative games they average."""

    values: tuple[Number, ...]
    initiative: tuple[InitiativeValues, ...]


def rose_value(game: Game) -> RoseValue:
    """``R(i) = E_σ[V^σ_σ(i)]`` (essay Definition 4): the average over all n! orderings.

    Raises :class:`~exactrose.errors.NotComputableError` when some ordering is beyond the
    exact methods (see :func:`~exactrose.values.initiative.initiative_values`).
    """
    shared: Shared = {}  # W_{n-1} once per last-ranked player
    games = tuple(initiative_values(game, order, shared) for order in itertools.permutations(range(game.n)))
    return RoseValue(average_over_orderings(games), games)


def average_over_orderings(games: Sequence[InitiativeValues]) -> tuple[Number, ...]:
    """Each player's initiative value averaged over the given orderings (exact)."""
    values = []
    for player in range(len(games[0].values)):
        total: Number = Fraction(0)
        for result in games:
            total = total + result.values[player]
        values.append(total / len(games))
    return tuple(values)


def rose_closed_form(game: Game) -> tuple[Fraction, Fraction]:
    """The essay's two-player formula ``R(1) = ½ max Σ + ½ (max_ν S_1(ν) − max_w S_2(w))``."""
    require_two_players(game, "the two-player closed form")
    extract_1 = max_surplus_extraction(*leader_matrices(game, 0)).value
    extract_2 = max_surplus_extraction(*leader_matrices(game, 1)).value
    half = game.max_total() / 2
    return (half + (extract_1 - extract_2) / 2, half + (extract_2 - extract_1) / 2)


def toy_case_value(game: Game) -> tuple[Fraction, Fraction]:
    """Toy case (essay: "ROSE Value, Toy Case"): if player i has one action and j may have
    many, ``R(i) = max[U_i + U_j] − max[U_j]`` and ``R(j) = max[U_j]``."""
    require_two_players(game, "the toy case")
    if 1 not in game.shape:
        raise InputError(f"the toy case needs a player with a single action; action counts are {list(game.shape)}")
    payer = game.shape.index(1)
    actor = 1 - payer
    best_actor = game.max_payoff(actor)
    values = [Fraction(0), Fraction(0)]
    values[payer] = game.max_total() - best_actor
    values[actor] = best_actor
    return values[0], values[1]
