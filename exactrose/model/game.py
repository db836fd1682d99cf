"""Finite n-player normal-form games with exact rational payoffs.

A :class:`Game` is immutable.  Payoffs are :class:`fractions.Fraction`; a profile is a
tuple of action indices, one per player, and profiles are stored in row-major order
(player 1's action varies slowest).  ``Game(A, B, ...)`` takes one payoff array per player;
:meth:`Game.from_function` and :meth:`Game.from_tables` are the other constructors.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any, cast

from flint import fmpq

from exactrose.errors import InputError
from exactrose.escape import latex_text
from exactrose.exact.algebraic import latex_rational
from exactrose.exact.numbers import from_fmpq, to_fmpq, to_rational
from exactrose.limits import MAX_NAME_CHARS, check_shape

Profile = tuple[int, ...]


class Game:
    """An n-player normal-form game ``(N, (A_i), (U_i))`` with rational payoffs."""

    __slots__ = ("_players", "_actions", "_payoffs", "_strides", "_title", "_hash", "_max_total")

    def __init__(
        self,
        *arrays: object,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        allow_float: bool = False,
    ) -> None:
        """``Game(A, B, ...)``: one nested payoff array per player, ``arrays[i][a_1]...[a_n] = U_i(a)``.

        Entries may be ints, Fractions, ``fmpq``, numpy integers or strings like ``"-3/4"``
        and ``"0.25"``; floats are refused unless ``allow_float=True``.

        >>> g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Alice", "Bob"])
        >>> g.shape, g.payoff(0, (1, 0)), g.payoff(1, (1, 0))
        ((2, 2), Fraction(5, 1), Fraction(0, 1))
        """
        if not arrays:
            raise InputError("Game: expected one payoff array per player, got none")
        n = len(arrays)
        shape = shape_of(arrays[0], n, "payoffs of player 1")
        check_shape(shape, "Game")
        flats = []
        for i, array in enumerate(arrays):
            where = f"payoffs of player {i + 1}"
            if shape_of(array, n, where) != shape:
                raise InputError(f"{where}: shape {shape_of(array, n, where)} differs from player 1's {shape}")
            flats.append(
                [
                    to_rational(entry, f"{where}{_index_text(profile)}", allow_float=allow_float)
                    for profile, entry in flatten(array, n)
                ]
            )
        if actions is not None and [len(a) for a in actions] != list(shape):
            raise InputError(f"actions: expected {list(shape)} labels per player, got {[len(a) for a in actions]}")
        self._set_tables(_default_players(n, players), _default_actions(shape, actions), flats, title)

    @classmethod
    def from_tables(
        cls,
        players: Sequence[str],
        actions: Sequence[Sequence[str]],
        payoffs: Sequence[Sequence[Fraction]],
        title: str = "",
    ) -> Game:
        """Low-level constructor: ``payoffs[i]`` is player i's flat row-major list of Fractions."""
        game = cls.__new__(cls)
        game._set_tables(players, actions, payoffs, title)
        return game

    def _set_tables(
        self,
        player_names: Sequence[str],
        action_labels: Sequence[Sequence[str]],
        payoffs: Sequence[Sequence[Fraction]],
        title: str,
    ) -> None:
        players = tuple(str(p) for p in player_names)
        actions = tuple(tuple(str(a) for a in acts) for acts in action_labels)
        n = len(players)
        if n < 1:
            raise InputError("a game needs at least one player")
        if len(set(players)) != n:
            raise InputError(f"players: names must be distinct, got {list(players)}")
        if len(actions) != n:
            raise InputError(f"actions: expected one action list per player ({n}), got {len(actions)}")
        for i, acts in enumerate(actions):
            if not acts:
                raise InputError(f"actions of player {players[i]!r}: a player needs at least one action")
            if len(set(acts)) != len(acts):
                raise InputError(f"actions of player {players[i]!r}: labels must be distinct")
        check_shape([len(a) for a in actions], "game")
        longest = max((len(name) for name in (str(title), *players, *(a for acts in actions for a in acts))))
        if longest > MAX_NAME_CHARS:
            raise InputError(f"game: a name or title may have at most {MAX_NAME_CHARS} characters, found {longest:,}")
        size = math.prod(len(a) for a in actions)
        if len(payoffs) != n:
            raise InputError(f"payoffs: expected one payoff table per player ({n}), got {len(payoffs)}")
        table = []
        for i, flat in enumerate(payoffs):
            flat = tuple(flat)
            if len(flat) != size:
                raise InputError(f"payoffs of player {players[i]!r}: expected {size} entries, got {len(flat)}")
            if not all(type(u) is Fraction for u in flat):
                raise InputError(f"payoffs of player {players[i]!r}: entries must be Fractions; use a named constructor")
            table.append(flat)
        strides = []
        stride = 1
        for acts in reversed(actions):
            strides.append(stride)
            stride *= len(acts)
        self._players = players
        self._actions = actions
        self._payoffs = tuple(table)
        self._strides = tuple(reversed(strides))
        self._title = str(title)
        self._hash: int | None = None
        self._max_total: Fraction | None = None

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_arrays(
        cls,
        *arrays: object,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        allow_float: bool = False,
    ) -> Game:
        """The same as ``Game(*arrays, ...)``, under the name the other constructors share.

        >>> Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]).players
        ('P1', 'P2')
        """
        return cls(*arrays, players=players, actions=actions, title=title, allow_float=allow_float)

    @classmethod
    def from_function(
        cls,
        shape: Sequence[int],
        payoff: Callable[[Profile], Sequence[object]],
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        allow_float: bool = False,
    ) -> Game:
        """Build a game whose payoff vector at profile ``a`` is ``payoff(a)``."""
        shape = tuple(int(m) for m in shape)
        if not shape or any(m < 1 for m in shape):
            raise InputError(f"shape: expected a positive number of actions per player, got {list(shape)}")
        check_shape(shape, "shape")
        n = len(shape)
        flats: list[list[Fraction]] = [[] for _ in range(n)]
        for profile in itertools.product(*(range(m) for m in shape)):
            vector = list(payoff(profile))
            if len(vector) != n:
                raise InputError(f"payoff{list(profile)}: expected {n} payoffs, got {len(vector)}")
            for i, u in enumerate(vector):
                flats[i].append(to_rational(u, f"payoff of player {i + 1} at {list(profile)}", allow_float=allow_float))
        return cls.from_tables(_default_players(n, players), _default_actions(shape, actions), flats, title)

    @classmethod
    def from_pygambit(cls, gambit_game: Any) -> Game:  # a pygambit.Game; pygambit is optional and untyped
        """Convert a ``pygambit.Game`` in strategic form; its rationals and decimals stay exact."""
        players = [p.label or f"P{i + 1}" for i, p in enumerate(gambit_game.players)]
        actions = [[s.label or str(k) for k, s in enumerate(p.strategies)] for p in gambit_game.players]
        arrays = [array.tolist() for array in gambit_game.to_arrays()]
        return cls.from_arrays(*arrays, players=players, actions=actions, title=gambit_game.title)

    def to_pygambit(self) -> object:
        """This game as a ``pygambit.Game`` with exact rational payoffs (needs pygambit)."""
        from exactrose.extras import require

        pygambit = require("pygambit", "gambit")  # the extra [gambit]
        arrays = [_nested_rationals(self.payoff_array(i), pygambit.Rational) for i in range(self.n)]
        gambit_game = pygambit.Game.from_arrays(*arrays, title=self._title or "exactrose game")
        for player, name, labels in zip(gambit_game.players, self._players, self._actions):
            player.label = name
            for strategy, label in zip(player.strategies, labels):
                strategy.label = label
        return gambit_game

    # ------------------------------------------------------------------- accessors
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def title(self) -> str:
        return self._title

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(len(a) for a in self._actions)

    def profiles(self) -> Iterator[Profile]:
        """All pure profiles, in storage (row-major) order."""
        return itertools.product(*(range(len(a)) for a in self._actions))

    def index(self, profile: Profile) -> int:
        """Storage position of a pure profile."""
        return sum(a * s for a, s in zip(profile, self._strides, strict=True))

    def payoff(self, player: int, profile: Profile) -> Fraction:
        """``U_player(profile)``; players are numbered from 0."""
        return self._payoffs[player][self.index(profile)]

    def payoff_vector(self, profile: Profile) -> tuple[Fraction, ...]:
        """Everyone's payoff at a pure profile."""
        k = self.index(profile)
        return tuple(table[k] for table in self._payoffs)

    def payoff_table(self, player: int) -> tuple[Fraction, ...]:
        """Player's payoffs as a flat row-major tuple."""
        return self._payoffs[player]

    def payoff_array(self, player: int) -> list:
        """Player's payoffs as a nested list ``[a_1][a_2]...``."""
        return _unflatten(self._payoffs[player], self.shape)

    def total(self, profile: Profile) -> Fraction:
        """``Σ_i U_i(profile)``."""
        k = self.index(profile)
        return sum((table[k] for table in self._payoffs), Fraction(0))

    def max_total(self) -> Fraction:
        """``max Σ``: the largest total payoff over pure profiles."""
        if self._max_total is None:
            tables = [[to_fmpq(u) for u in table] for table in self._payoffs]
            best = max(sum(column, fmpq(0)) for column in zip(*tables))
            self._max_total = from_fmpq(best)
        return self._max_total

    def max_payoff(self, player: int) -> Fraction:
        """The player's largest payoff in the game (the bound of Prop 12)."""
        return max(self._payoffs[player])

    # ------------------------------------------------------------------ protocol
    def _key(self) -> tuple:
        return (self._players, self._actions, self._payoffs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Game) and self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._key())
        return self._hash

    def __repr__(self) -> str:
        label = f" {self._title!r}" if self._title else ""
        return f"<Game{label} players={list(self._players)} shape={list(self.shape)}>"

    def _repr_latex_(self) -> str:
        r"""Notebooks show the payoff table: player 1's actions as rows, player 2's as columns,
        each cell the payoff vector; one table per profile of players 3..n.

        >>> print(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["A", "B"])._repr_latex_())
        $\begin{array}{r|cc} & \text{0} & \text{1} \\ \hline \text{0} & 3, 3 & 0, 5 \\ \text{1} & 5, 0 & 1, 1 \end{array}$
        """
        rows, columns = self.shape[0], self.shape[1] if self.n > 1 else 1
        head = " & " + " & ".join(rf"\text{{{latex_text(a)}}}" for a in self._actions[1]) if self.n > 1 else ""
        tables = []
        for tail in itertools.product(*(range(m) for m in self.shape[2:])):
            lines = []
            for r in range(rows):
                cells = [
                    ", ".join(latex_rational(u) for u in self.payoff_vector((r, c, *tail)[: self.n]))
                    for c in range(columns)
                ]
                lines.append(rf"\text{{{latex_text(self._actions[0][r])}}} & " + " & ".join(cells))
            label = ", ".join(rf"\text{{{latex_text(self._players[k + 2])}}} = \text{{{latex_text(self._actions[k + 2][a])}}}"
                              for k, a in enumerate(tail))
            table = rf"\begin{{array}}{{r|{'c' * columns}}}{head} \\ \hline " + r" \\ ".join(lines) + r" \end{array}"
            tables.append(table + (rf"\quad ({label})" if label else ""))
        return "$" + r" \qquad ".join(tables) + "$"


def _default_players(n: int, players: Sequence[str] | None) -> Sequence[str]:
    return players if players is not None else tuple(f"P{i + 1}" for i in range(n))


def _default_actions(shape: Sequence[int], actions: Sequence[Sequence[str]] | None) -> Sequence[Sequence[str]]:
    return actions if actions is not None else [tuple(str(k) for k in range(m)) for m in shape]


def shape_of(array: object, depth: int, where: str) -> tuple[int, ...]:
    """Shape of a nested sequence of the given depth (numpy arrays included)."""
    shape = []
    level = array
    for d in range(depth):
        if isinstance(level, (str, bytes)) or not hasattr(level, "__len__"):
            raise InputError(f"{where}: expected an array with {depth} dimensions, found only {d}")
        if len(level) == 0:
            raise InputError(f"{where}: dimension {d + 1} is empty; every player needs an action")
        shape.append(len(level))
        level = cast(Sequence[object], level)[0]  # has __len__, not a string: a nested sequence or array
    if hasattr(level, "__len__") and not isinstance(level, (str, bytes)) and getattr(level, "ndim", 1) != 0:
        raise InputError(f"{where}: expected {depth} dimensions (one per player), found more")
    return tuple(shape)


def flatten(array: object, depth: int, prefix: Profile = ()) -> Iterator[tuple[Profile, object]]:
    if depth == 0:
        yield prefix, array
        return
    for k, sub in enumerate(cast(Iterable[object], array)):  # depth > 0: a nested sequence (shape_of checked)
        if depth > 1 and (isinstance(sub, (str, bytes)) or not hasattr(sub, "__len__")):
            raise InputError(f"entry {_index_text(prefix + (k,))}: expected a nested array, got {sub!r}")
        yield from flatten(sub, depth - 1, prefix + (k,))


def _unflatten(flat: Sequence[Fraction], shape: Sequence[int]) -> list:
    if len(shape) == 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [_unflatten(flat[k * step : (k + 1) * step], shape[1:]) for k in range(shape[0])]


def _nested_rationals(array: list, rational: type) -> list:
    if isinstance(array, list):
        return [_nested_rationals(item, rational) for item in array]
    return rational(array.numerator, array.denominator)


def _index_text(profile: Profile) -> str:
    return "".join(f"[{a}]" for a in profile)
