"""Negative controls and open questions.

A negative control is a claim the essay shows false; the checker must refute it with a
concrete game (the sweep and :mod:`proofs.counterexamples` find minimal ones).  An open question
gets evidence: a counterexample, or "held on N games of family F".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

from exactrose.applications.solve import ordering_key
from exactrose.model.game import Game
from exactrose.model.transform import add_action, restrict_actions
from exactrose.values.initiative import initiative_values
from exactrose.values.rose import rose_value
from exactrose.values.zerosum import maximin
from proofs.core import Verdict, all_of, claim, evidence, sign
from proofs.propositions import check_7_2, check_11_2, coco, shapley_rose


@claim(
    "transparent-averaging",
    "Averaging the two transparent games (the second mover reads the first mover's pure move) "
    "gives every player at least its maximin value (essay Digression 6: false, Alex Mennen's game).",
    "control",
    (2,),
)
def transparent_averaging(game: Game) -> Verdict:
    """For each player i: ``(max_a min_b U_i + min_b max_a U_i) / 2 >= maximin_i`` (pure moves
    read by the second mover; b ranges over the other player's actions)."""
    averages, floors = [], []
    for i in range(2):
        rows = [[game.payoff(i, (a, b) if i == 0 else (b, a)) for b in range(game.shape[1 - i])] for a in range(game.shape[i])]
        first = max(min(row) for row in rows)
        second = min(max(row[b] for row in rows) for b in range(game.shape[1 - i]))
        averages.append((first + second) / 2)
        floors.append(maximin(game, i).value)
    holds = all(sign(a, f) != -1 for a, f in zip(averages, floors))
    return Verdict(holds, evidence(transparent_average=averages, maximin=floors))


@claim(
    "monotonicity-rank-2",
    "Action monotonicity for rank 2: removing one of the rank-2 player's actions never raises its "
    "initiative value (essay: action monotonicity holds for rank 1 only, Prop 13; false for rank 2).",
    "control",
    (2, 3),
)
def monotonicity_rank_2(game: Game) -> Verdict:
    """For every ordering and every action of its rank-2 player (with at least two actions):
    ``V_2(G) >= V_2(G without that action)``."""
    results: list[bool | None] = []
    worst: dict[str, object] | None = None
    for order in itertools.permutations(range(game.n)):
        follower = order[1]
        if game.shape[follower] < 2:
            continue
        full = initiative_values(game, order).values[follower]
        for action in range(game.shape[follower]):
            keep = [a for a in range(game.shape[follower]) if a != action]
            smaller = initiative_values(restrict_actions(game, follower, keep), order).values[follower]
            outcome = sign(full, smaller)
            results.append(None if outcome is None else outcome >= 0)
            if outcome == -1 and worst is None:
                worst = {"order": [p + 1 for p in order], "removed_action": game.actions[follower][action],
                         "value_with": full, "value_without": smaller}
    holds = all_of(results)
    return Verdict(holds, evidence(**(worst or {"comparisons": len(results)})))


def conditional_threat_game(game: Game, player: int = 0) -> Game:
    """Give ``player`` of a two-player game a conditional threat (essay "Maybe Not So
    Threatproof?"): a new action equal to its action in a surplus-maximising profile, except
    that every reply of the other player but the one ``player`` likes best there loses
    more than the whole payoff range."""
    other = 1 - player
    best = max(game.profiles(), key=game.total)
    anchor = best[player]

    def at(reply: int) -> tuple[int, int]:
        return (anchor, reply) if player == 0 else (reply, anchor)

    favourite = max(range(game.shape[other]), key=lambda b: game.payoff(player, at(b)))
    values = [game.payoff(i, p) for i in range(2) for p in game.profiles()]
    penalty = max(values) - min(values) + 1
    payoffs: list[list[Fraction]] = [[], []]
    for b in range(game.shape[other]):
        payoffs[player].append(game.payoff(player, at(b)))
        payoffs[other].append(game.payoff(other, at(b)) - (0 if b == favourite else penalty))
    return add_action(game, player, "threat", payoffs)


@claim(
    "conditional-threat",
    "ROSE is immune to conditional threats: giving player 1 an action that hurts every reply of "
    "player 2 except the one player 1 likes best leaves the ROSE value unchanged (essay "
    "\"Maybe Not So Threatproof?\": false).",
    "control",
    (2,),
)
def conditional_threat(game: Game) -> Verdict:
    """``R(G) == R(G + conditional threat of player 1)``."""
    before = rose_value(game).values
    after = rose_value(conditional_threat_game(game, 0)).values
    holds = all(sign(a, b) == 0 for a, b in zip(before, after))
    return Verdict(holds, evidence(rose=before, rose_with_threat=after))


def _dominating_pairs(game: Game) -> list[tuple[int, int]]:
    """Pairs (i, j) with ``U_i >= U_j`` at every outcome."""
    return [
        (i, j) for i, j in itertools.permutations(range(game.n), 2)
        if all(game.payoff(i, p) >= game.payoff(j, p) for p in game.profiles())
    ]


def _dominance(game: Game, values_of: Callable[[], list[tuple[str, tuple]]]) -> Verdict:
    """``values[i] >= values[j]`` for every dominating pair and every labelled value tuple
    (computed only when some pair dominates)."""
    pairs = _dominating_pairs(game)
    if not pairs:
        return Verdict(True, evidence(dominating_pairs=0))
    labelled = values_of()
    results, failure = [], None
    for i, j in pairs:
        for label, values in labelled:
            outcome = sign(values[i], values[j])
            results.append(None if outcome is None else outcome >= 0)
            if outcome == -1 and failure is None:
                failure = {"dominating": i + 1, "dominated": j + 1, "value": label, "values": values}
    return Verdict(all_of(results), evidence(dominating_pairs=len(pairs), **(failure or {})))


@claim(
    "payoff-dominance",
    "Payoff dominance for ROSE (essay Desideratum 7; unproven, \"pretty dang sure it's true for the "
    "2-player case\"): if U_i >= U_j at every outcome, then R(i) >= R(j).",
    "open",
    (2, 3),
)
def payoff_dominance(game: Game) -> Verdict:
    """For every pair i, j with ``U_i >= U_j`` on every profile: ``R(i) >= R(j)``."""
    return _dominance(game, lambda: [("rose", rose_value(game).values)])


@claim(
    "payoff-dominance-initiative",
    "Payoff dominance for initiative games (essay, on payoff dominance: \"a higher ROSE value (or "
    "value in the initiative game)\"): if U_i >= U_j at every outcome, then V^σ_i >= V^σ_j for every "
    "ordering σ.",
    "open",
    (2, 3),
)
def payoff_dominance_initiative(game: Game) -> Verdict:
    """For every pair i, j with ``U_i >= U_j`` on every profile and every ordering: ``V_i >= V_j``."""
    orders = itertools.permutations(range(game.n))
    return _dominance(game, lambda: [(ordering_key(order), initiative_values(game, order).values) for order in orders])


@claim(
    "coco-threat",
    "CoCo is threat-resistant: the destruction game leaves the CoCo value unchanged (Prop 7.2 asked "
    "of CoCo; essay: false, threats pay under CoCo).",
    "control",
    (2,),
)
def coco_threat(game: Game) -> Verdict:
    """Prop 7.2's check applied to the CoCo value."""
    return check_7_2(game, value=coco)


@claim(
    "shapley-rose-maximin",
    "Shapley-ROSE satisfies maximin dominance for three or more players (Prop 11.2 asked of "
    "Shapley-ROSE; essay \"Somebody set up us the Bomb\": false).",
    "control",
    (3, 4, 5),
)
def shapley_rose_maximin(game: Game) -> Verdict:
    """Prop 11.2's check applied to the Shapley-ROSE value."""
    return check_11_2(game, value=shapley_rose)
