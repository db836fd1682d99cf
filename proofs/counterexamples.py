"""Minimal counterexamples by hypothesis-driven search.

:func:`minimal_counterexample` draws games of a shape with integer payoffs in a range and
lets hypothesis shrink the first game that refutes a claim: the payoffs move toward 0 and
toward the start of the range, so the game returned is minimal in hypothesis's order (a
small, readable witness), and it is re-checked before it is returned.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from exactrose.errors import InputError
from exactrose.model.game import Game
from proofs.core import REGISTRY, Verdict


@dataclass(frozen=True)
class MinimalCounterexample:
    claim: str
    game: Game
    verdict: Verdict


def game_from_payoffs(shape: tuple[int, ...], payoffs: list[int]) -> Game:
    """The game whose profile k (row-major, player 1 slowest) pays ``payoffs[k*n : (k+1)*n]``."""
    n = len(shape)
    cells = math.prod(shape)
    if len(payoffs) != n * cells:
        raise InputError(f"payoffs: expected {n * cells} integers for shape {'x'.join(map(str, shape))}, got {len(payoffs)}")
    table = {}
    for k, profile in enumerate(Game.from_function(shape, lambda a: [0] * n).profiles()):
        table[profile] = payoffs[k * n : (k + 1) * n]
    return Game.from_function(shape, lambda a: table[tuple(a)])


def minimal_counterexample(
    claim_id: str, shape: tuple[int, ...], low: int, high: int, *, max_examples: int = 500, seed: int = 0
) -> MinimalCounterexample | None:
    """A shrunk game of ``shape`` (payoffs in ``low..high``) where the claim fails, or None
    if ``max_examples`` draws found none."""
    if claim_id not in REGISTRY:
        raise InputError(f"claim: unknown id {claim_id!r}; known: {', '.join(sorted(REGISTRY))}")
    claim = REGISTRY[claim_id]
    if len(shape) not in claim.players:
        raise InputError(f"shape: claim {claim_id} is checked for {claim.players}-player games, not {len(shape)}")
    size = len(shape) * math.prod(shape)
    games = st.lists(st.integers(low, high), min_size=size, max_size=size).map(lambda xs: game_from_payoffs(shape, xs))
    try:
        game = find(
            games,
            lambda g: claim.check(g).holds is False,
            settings=settings(max_examples=max_examples, database=None, deadline=None,
                              suppress_health_check=list(HealthCheck)),
            random=random.Random(seed),
        )
    except NoSuchExample:
        return None
    verdict = claim.check(game)
    if verdict.holds is not False:
        raise AssertionError(f"the shrunk game no longer refutes {claim_id}; the check is not deterministic")
    return MinimalCounterexample(claim_id, game, verdict)
