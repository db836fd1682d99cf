"""Shared hypothesis strategies: games with small exact payoffs."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import strategies as st

from exactrose.model.game import Game


def rationals(low: int = -5, high: int = 5, denominators: tuple[int, ...] = (1,)) -> st.SearchStrategy[Fraction]:
    """Rationals ``k/d`` with ``low <= k/d <= high`` and d from ``denominators``."""
    return st.sampled_from(denominators).flatmap(
        lambda d: st.integers(low * d, high * d).map(lambda k: Fraction(k, d))
    )


@st.composite
def games(draw, players: int = 2, max_actions: int = 3, payoffs: st.SearchStrategy | None = None,
          min_actions: int = 1) -> Game:
    """A game with the given number of players and 1..max_actions actions each."""
    payoffs = payoffs if payoffs is not None else rationals()
    shape = [draw(st.integers(min_actions, max_actions)) for _ in range(players)]
    size = math.prod(shape)
    flats = [draw(st.lists(payoffs, min_size=size, max_size=size)) for _ in range(players)]
    return Game.from_tables([f"P{i + 1}" for i in range(players)], [[str(k) for k in range(m)] for m in shape], flats)
