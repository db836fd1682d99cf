"""Values by player, as the front door returns them: ``exactrose.rose(game)["Alice"]``.

Each function solves one value of the essay for every player and returns a
:class:`PlayerValues`, a read-only mapping from player names to exact values (rationals, real
algebraic numbers, or proved enclosures where a search stopped short). The records with
witnesses and certificates come from the functions these call (:func:`rose_value`, ...).

>>> from exactrose import Game, rose, coco
>>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Alice", "Bob"])
>>> rose(pd)
PlayerValues(ROSE: Alice=3, Bob=3)
>>> rose(pd)["Alice"], coco(pd)[1]
(Fraction(3, 1), Fraction(3, 1))
>>> initiative(pd, ["Bob", "Alice"])
PlayerValues(initiative Bob > Alice: Alice=2, Bob=4)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from exactrose.errors import InputError
from exactrose.escape import latex_text, terminal_text
from exactrose.exact.enclosure import Value
from exactrose.exact.serial import format_number, latex_number
from exactrose.model.game import Game
from exactrose.runtime.budget import Budget
from exactrose.values.initiative import initiative_values
from exactrose.values.rose import rose_value
from exactrose.values.shapley import coco_value, shapley_rose_value
from exactrose.values.zerosum import maximin


class PlayerValues(Mapping[str, Value]):
    """One value per player, read by name (``values["Alice"]``) or by position (``values[0]``)."""

    __slots__ = ("_kind", "_players", "_values")

    def __init__(self, kind: str, players: Sequence[str], values: Sequence[Value]) -> None:
        self._kind = kind
        self._players = tuple(players)
        self._values = tuple(values)

    @property
    def kind(self) -> str:
        """Which value: ``"ROSE"``, ``"CoCo"``, ``"Shapley-ROSE"``, ``"maximin"`` or an initiative ordering."""
        return self._kind

    def __getitem__(self, player: str | int) -> Value:
        if isinstance(player, int) and not isinstance(player, bool):
            return self._values[player]
        if player not in self._players:
            raise KeyError(player)
        return self._values[self._players.index(player)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._players)

    def __len__(self) -> int:
        return len(self._players)

    def __repr__(self) -> str:
        pairs = ", ".join(f"{terminal_text(p)}={format_number(v)}" for p, v in zip(self._players, self._values))
        return f"PlayerValues({self._kind}: {pairs})"

    def _repr_latex_(self) -> str:
        pairs = r",\quad ".join(rf"\text{{{latex_text(p)}}} = {latex_number(v)}" for p, v in zip(self._players, self._values))
        return rf"$\text{{{latex_text(self._kind)}}}:\ {pairs}$"


def rose(game: Game, limit: Budget | None = None, workers: int = 1) -> PlayerValues:
    """The ROSE value (essay Definition 4); :func:`~exactrose.values.rose.rose_value` has the orderings."""
    return PlayerValues("ROSE", game.players, rose_value(game, limit, workers=workers).values)


def coco(game: Game) -> PlayerValues:
    """The CoCo value (Kalai and Kalai), by Shapley amplification for n players."""
    return PlayerValues("CoCo", game.players, coco_value(game).values)


def shapley_rose(game: Game) -> PlayerValues:
    """Shapley-ROSE (essay section "Two to N with Shapley Values")."""
    return PlayerValues("Shapley-ROSE", game.players, shapley_rose_value(game).values)


def maximin_values(game: Game) -> PlayerValues:
    """Each player's maximin value: what it can guarantee against all the others together."""
    return PlayerValues("maximin", game.players, [maximin(game, i).value for i in range(game.n)])


def initiative(game: Game, order: Sequence[str | int], limit: Budget | None = None) -> PlayerValues:
    """Initiative values of one ordering (essay Definitions 1–3), players named or numbered
    from most to least initiative."""
    indices = []
    for player in order:
        if isinstance(player, str):
            if player not in game.players:
                raise InputError(f"order: no player named {player!r}; the players are {list(game.players)}")
            player = game.players.index(player)
        indices.append(player)
    values = initiative_values(game, indices, limit=limit).values
    names = " > ".join(game.players[i] for i in indices)
    return PlayerValues(f"initiative {names}", game.players, values)
