"""Initiative values of any ordering (essay Definitions 1–4; MATH.md §2), exactly.

One entry point over the methods exactrose has: one player takes ``max U_1``; when at most
one player has several actions every contextual value is linear in its strategy, so the
recursion runs literally over pure actions; two players
solve certified linear programs (:mod:`exactrose.values.extraction`); three players whose
rank-1 player has at most two actions maximise piecewise rational contextual values over
exact algebraic candidates (:mod:`exactrose.values.three_players`).  Other games of three
or four players get certified enclosures (:mod:`exactrose.values.contextual_bounds`), exact
where the proved bounds meet; the values say which they are.  Anything else raises
:class:`~exactrose.errors.NotComputableError` rather than returning a guess.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from exactrose.algebraic import RealAlgebraic
from exactrose.enclosure import Enclosure
from exactrose.errors import InputError, NotComputableError
from exactrose.game import Game
from exactrose.transform import permute_players
from exactrose.values.contextual import rank_game
from exactrose.values.contextual_bounds import ContextMaximum as BoundedMaximum
from exactrose.values.contextual_bounds import ReducedGame, maximise_contextual, maximise_nested
from exactrose.values.extraction import ExtractionCertificate, two_player_initiative_values
from exactrose.values.three_players import ContextMaximum, three_player_initiative_values

Number = Fraction | RealAlgebraic | Enclosure


@dataclass(frozen=True)
class InitiativeValues:
    """``V^σ`` indexed by player (``order`` lists players from most to least initiative).

    ``witness`` is what proves the values: an :class:`ExtractionCertificate` for two players,
    the maxima ``W_1, W_2, ...`` of Definition 4 (with their maximising contexts) for more.
    A value is an :class:`~exactrose.enclosure.Enclosure` where it is not known exactly.
    """

    order: tuple[int, ...]
    values: tuple[Number, ...]
    method: str
    witness: ExtractionCertificate | tuple[ContextMaximum | BoundedMaximum, ...] | None

    @property
    def exact(self) -> bool:
        """True when no value is an enclosure."""
        return not any(isinstance(v, Enclosure) for v in self.values)


def initiative_values(game: Game, order: tuple[int, ...]) -> InitiativeValues:
    """Exact initiative values of ``game`` for the ordering ``order``."""
    order = tuple(order)
    if sorted(order) != list(range(game.n)):
        raise InputError(f"order: expected a permutation of the players 0..{game.n - 1}, got {list(order)}")
    if game.n == 1:
        return InitiativeValues(order, (game.max_total(),), "one player: max U_1", None)
    if sum(m > 1 for m in game.shape) <= 1:
        return InitiativeValues(order, _one_actor_values(game, order), "one actor: pure maxima", None)
    if game.n == 2:
        result = two_player_initiative_values(game, order)
        return InitiativeValues(order, result.values, result.method, result.certificate)
    if game.n == 3 and game.shape[order[0]] <= 2:
        result3 = three_player_initiative_values(game, order)
        return InitiativeValues(
            order, result3.values, "piecewise rational contexts, algebraic candidates",
            (result3.extraction, result3.coalition),
        )
    if game.n in (3, 4):
        return _bounded_values(game, order)
    raise NotComputableError(
        f"initiative values of a {'x'.join(map(str, game.shape))} game are not computable yet "
        "(exactrose handles up to 4 players)"
    )


def _bounded_values(game: Game, order: tuple[int, ...]) -> InitiativeValues:
    """Definition 4 by certified enclosures of the maxima ``W_b = max_μ V[μ, 1:b]``:
    ``W_{n−1}`` and ``W_{n−2}`` are maxima over contexts of ranks 1..n−2, ``W_1`` of four
    players nests a maximum over rank 2 inside one over rank 1."""
    n = game.n
    reduced = ReducedGame(rank_game(game, order))
    maxima = [maximise_contextual(reduced, 1, n - 1), maximise_contextual(reduced, 1)]  # W_{n-2}, W_{n-1}
    if n == 4:
        maxima.insert(0, maximise_nested(reduced))
    best = [Fraction(0)] + [m.value for m in maxima] + [game.max_total()]  # W_0 .. W_n
    by_rank = [best[b] - best[b - 1] for b in range(1, n + 1)]
    values: list[Number] = [Fraction(0)] * n
    for rank, player in enumerate(order):
        values[player] = by_rank[rank]
    return InitiativeValues(order, tuple(values), "certified branch and bound over contexts", tuple(maxima))


def _one_actor_values(game: Game, order: tuple[int, ...]) -> tuple[Fraction, ...]:
    """Definition 4 when at most one player has several actions: every maximand is linear in
    that player's strategy, so the maxima over mixed strategies are maxima over pure actions."""
    ranked = permute_players(game, list(order))
    n = ranked.n

    def contextual(context: tuple[int, ...], a: int, b: int) -> Fraction:
        """``V[context, a:b]`` (Definition 3) for a pure (b−1)-context; ranks from 1."""
        if b == n:
            return max(
                sum((ranked.payoff(i, context + (x,)) for i in range(a - 1, n)), Fraction(0))
                for x in range(ranked.shape[n - 1])
            )
        return max(
            contextual(context + (x,), a, b + 1) - contextual(context + (x,), b + 1, b + 1)
            for x in range(ranked.shape[b - 1])
        )

    best = [Fraction(0)]  # W_0 = V[•, 1:0] = 0
    for b in range(1, n + 1):
        best.append(max(contextual(mu, 1, b) for mu in itertools.product(*(range(m) for m in ranked.shape[: b - 1]))))
    by_rank = [best[b] - best[b - 1] for b in range(1, n + 1)]
    values = [Fraction(0)] * n
    for rank, player in enumerate(order):
        values[player] = by_rank[rank]
    return tuple(values)
