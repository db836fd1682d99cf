"""Matrix views of two-player games for the exact linear algebra (python-flint)."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from flint import fmpq, fmpq_mat

from exactrose.errors import InputError
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.model.game import Game


def require_two_players(game: Game, what: str) -> None:
    """Refuse a game that does not have exactly two players."""
    if game.n != 2:
        raise InputError(f"{what} is defined here for 2-player games; this game has {game.n} players")


@lru_cache(maxsize=64)
def payoff_matrix(game: Game, player: int) -> fmpq_mat:
    """``U_player`` of a 2-player game as a matrix: rows are player 1's actions."""
    require_two_players(game, "a payoff matrix")
    rows, cols = game.shape
    return fmpq_mat(rows, cols, [to_fmpq(u) for u in game.payoff_table(player)])


def fractions_of(vector: fmpq_mat | tuple[fmpq, ...] | list[fmpq]) -> tuple[Fraction, ...]:
    """The entries of a flint vector as Fractions."""
    entries = vector.entries() if isinstance(vector, fmpq_mat) else vector
    return tuple(from_fmpq(q) for q in entries)
