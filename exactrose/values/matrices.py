"""Matrix views of two-player games for the exact linear algebra (python-flint), and small
determinants of polynomials."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache
from typing import TypeVar

from flint import fmpq, fmpq_mat, fmpq_mpoly, fmpq_poly

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


Polynomial = TypeVar("Polynomial", fmpq_poly, fmpq_mpoly)


def determinant(rows: Sequence[Sequence[Polynomial]]) -> Polynomial:
    """Determinant of a small square matrix of polynomials (Laplace expansion along the first row)."""
    if len(rows) == 1:
        return rows[0][0]
    total = rows[0][0] - rows[0][0]
    for k, entry in enumerate(rows[0]):
        if entry.is_zero():
            continue
        term = entry * determinant([list(row[:k]) + list(row[k + 1 :]) for row in rows[1:]])
        total = total + term if k % 2 == 0 else total - term
    return total
