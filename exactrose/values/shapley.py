"""Shapley amplification of two-player values (essay: "Two to N with Shapley Values").

A coalition S plays the two-player game against ``N∖S`` in which each side is one player
whose actions are its members' joint pure profiles (it may mix over them) and whose payoff
is its members' sum.  A two-player value of that game gives the coalition value ``v(S)``,
and

    φ(i) = Σ_{S ∋ i} (n−s)!(s−1)!/n! · ( v(S) − v(N∖S) )          (essay's form)

which equals the textbook Shapley value ``Σ_{S ∌ i} s!(n−s−1)!/n! (v(S∪i) − v(S))`` when
``v(S) + v(N∖S) = v(N)`` for every S.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import factorial

from exactrose.errors import InputError
from exactrose.model.game import Game
from exactrose.model.transform import permute_players, two_team_game
from exactrose.values.coco import coco_value_two_players
from exactrose.values.extraction import leader_extraction

Coalition = frozenset[int]

#: Coalition-value kinds: the two-player value a coalition gets against its complement.
KINDS = ("initiative", "yielding", "rose", "coco")


@dataclass(frozen=True)
class ShapleyValue:
    """Shapley values indexed by player, with the coalition values they were built from."""

    values: tuple[Fraction, ...]
    coalition_values: Mapping[Coalition, Fraction]
    kind: str
    form: str


def coalition_values(game: Game, kind: str) -> dict[Coalition, Fraction]:
    """``v(S)`` for every coalition, ``v(∅) = 0`` and ``v(N) = max Σ``.

    ``kind`` is ``"initiative"`` (``v+``: S has initiative against N∖S), ``"yielding"``
    (``v−(S) = max Σ − v+(N∖S)``), ``"rose"`` (their average, the 2-player ROSE value) or
    ``"coco"`` (the 2-player CoCo value).
    """
    if kind not in KINDS:
        raise InputError(f"coalition value kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    return dict(coalition_value_table(game, kind))


@lru_cache(maxsize=32)
def coalition_value_table(game: Game, kind: str) -> tuple[tuple[Coalition, Fraction], ...]:
    """The table of :func:`coalition_values`, remembered for the last 32 games and kinds
    (``coalition_value_table.cache_clear()`` forgets them)."""
    everyone = frozenset(range(game.n))
    total = game.max_total()
    values: dict[Coalition, Fraction] = {frozenset(): Fraction(0), everyone: total}
    for size in range(1, game.n // 2 + 1):
        for members in itertools.combinations(range(game.n), size):
            coalition = frozenset(members)
            rest = everyone - coalition
            if rest in values:
                continue
            team_game = game if game.n == 2 else two_team_game(game, coalition)  # two players: the teams
            if kind == "coco":
                values[coalition], values[rest] = coco_value_two_players(team_game)
                continue
            lead = leader_extraction(team_game, 0).value
            if game.n == 2:  # the rest's program as ROSE's ordering (rest, coalition) poses it: shared
                lead_rest = leader_extraction(permute_players(game, (1, 0)), 0).value
            else:
                lead_rest = leader_extraction(team_game, 1).value
            if kind == "initiative":
                values[coalition], values[rest] = lead, lead_rest
            elif kind == "yielding":
                values[coalition], values[rest] = total - lead_rest, total - lead
            else:
                values[coalition] = (lead + total - lead_rest) / 2
                values[rest] = (lead_rest + total - lead) / 2
    return tuple(values.items())


def shapley_amplification(n: int, values: Mapping[Coalition, Fraction]) -> tuple[Fraction, ...]:
    """The essay's form ``φ(i) = Σ_{S∋i} (n−s)!(s−1)!/n! (v(S) − v(N∖S))``."""
    everyone = frozenset(range(n))
    result = []
    for i in range(n):
        phi = Fraction(0)
        for coalition, value in values.items():
            if i in coalition:
                s = len(coalition)
                phi += Fraction(factorial(n - s) * factorial(s - 1), factorial(n)) * (value - values[everyone - coalition])
        result.append(phi)
    return tuple(result)


def shapley_textbook(n: int, values: Mapping[Coalition, Fraction]) -> tuple[Fraction, ...]:
    """The textbook form ``φ(i) = Σ_{S ∌ i} s!(n−s−1)!/n! (v(S∪{i}) − v(S))``."""
    result = []
    for i in range(n):
        phi = Fraction(0)
        for coalition, value in values.items():
            if i not in coalition:
                s = len(coalition)
                phi += Fraction(factorial(s) * factorial(n - s - 1), factorial(n)) * (values[coalition | {i}] - value)
        result.append(phi)
    return tuple(result)


def shapley_value(game: Game, kind: str, form: str = "essay") -> ShapleyValue:
    """Shapley amplification of the ``kind`` coalition values, in the essay's or the textbook form."""
    values = coalition_values(game, kind)
    if form == "essay":
        phi = shapley_amplification(game.n, values)
    elif form == "textbook":
        phi = shapley_textbook(game.n, values)
    else:
        raise InputError(f"Shapley form: expected 'essay' or 'textbook', got {form!r}")
    return ShapleyValue(phi, values, kind, form)


def coco_value(game: Game) -> ShapleyValue:
    """n-player CoCo value: Shapley amplification of the 2-player CoCo value."""
    return shapley_value(game, "coco")


def shapley_rose_value(game: Game) -> ShapleyValue:
    """Shapley-ROSE: Shapley amplification of the 2-player ROSE value."""
    return shapley_value(game, "rose")
