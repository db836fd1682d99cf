"""Initiative values of any ordering (essay Definitions 1–4; MATH.md §2), exactly.

One entry point over the methods exactrose has: one player takes ``max U_1``; when at most
one player has several actions every contextual value is linear in its strategy, so the
recursion runs literally over pure actions; two players
solve certified linear programs (:mod:`exactrose.values.extraction`); three players whose
rank-1 player has at most two actions maximise piecewise rational contextual values over
exact algebraic candidates (:mod:`exactrose.values.three_players`).  Other games of three
or four players get certified enclosures (:mod:`exactrose.values.search`), exact
where the proved bounds meet; the values say which they are.  Anything else raises
:class:`~exactrose.errors.NotComputableError` rather than returning a guess.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from exactrose.algebraic import RealAlgebraic
from exactrose.budget import Budget
from exactrose.enclosure import Enclosure
from exactrose.errors import InputError, NotComputableError
from exactrose.game import Game
from exactrose.transform import permute_players, redundant_action, restrict_actions
from exactrose.values.contextual import rank_game, values_by_player
from exactrose.values.search import ContextMaximum as BoundedMaximum
from exactrose.values.search import ReducedGame, maximise_contextual, maximise_nested
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


#: Maxima ``W_{n−1}`` already computed, by the last-ranked player, with the ordering they
#: were computed for (see :func:`initiative_values`).
Shared = dict[int, tuple[BoundedMaximum, tuple[int, ...]]]


def initiative_values(game: Game, order: tuple[int, ...], shared: Shared | None = None,
                      limit: Budget | None = None) -> InitiativeValues:
    """Exact initiative values of ``game`` for the ordering ``order``.

    ``W_{n−1} = max Σ − V_n`` is a maximum over the strategy profiles of ranks 1..n−1 of
    ``max_c E[Σ U](c) − max_c E[U_n](c)`` (Definition 3), symmetric in those ranks: every
    ordering with the same last player has the same ``W_{n−1}``.  Orderings computed with
    one ``shared`` dict compute it once per last player (certified searches only; the
    witness then refers to the ordering it was computed for, named in ``method``).  Certified
    searches stop early once ``limit`` is exhausted, returning the wider enclosures they proved."""
    order = tuple(order)
    if sorted(order) != list(range(game.n)):
        raise InputError(f"order: expected a permutation of the players 0..{game.n - 1}, got {list(order)}")
    if game.n == 1:
        return InitiativeValues(order, (game.max_total(),), "one player: max U_1", None)
    game, removed = _without_redundant_context_actions(game, order)
    if sum(m > 1 for m in game.shape) <= 1:
        return InitiativeValues(order, _one_actor_values(game, order), "one actor: pure maxima" + removed, None)
    if game.n == 2:
        result = two_player_initiative_values(game, order)
        return InitiativeValues(order, result.values, result.method, result.certificate)
    if game.n == 3 and 1 in (game.shape[order[1]], game.shape[order[2]]):
        return _passive_player_values(game, order, removed)
    if game.n == 3 and game.shape[order[0]] <= 2:
        result3 = three_player_initiative_values(game, order)
        return InitiativeValues(
            order, result3.values, "piecewise rational contexts, algebraic candidates" + removed,
            (result3.extraction, result3.coalition),
        )
    if game.n in (3, 4):
        return _bounded_values(game, order, removed, shared, limit)
    raise NotComputableError(
        f"initiative values of a {'x'.join(map(str, game.shape))} game are not computable yet "
        "(exactrose handles up to 4 players)"
    )


def _without_redundant_context_actions(game: Game, order: tuple[int, ...]) -> tuple[Game, str]:
    """Drop actions of ranks 1..n−2 that equal a mixture of the player's other actions.

    Contextual values depend on a context only through the expected payoffs it induces, and
    such an action's weight can move onto its mixture without changing any of them, so every
    maximum over contexts is unchanged (this is why Prop 6.1 holds at those ranks).  Keeping
    the action would leave whole segments of equally good contexts, which the certified
    search cannot close.  Returns the smaller game and a note for ``method``.
    """
    dropped = []
    for player in order[: game.n - 2]:
        while (found := redundant_action(game, player)) is not None:
            action = found[0]
            dropped.append(f"{game.players[player]}:{game.actions[player][action]}")
            game = restrict_actions(game, player, [k for k in range(game.shape[player]) if k != action])
    return game, (f"; redundant actions dropped ({', '.join(dropped)})" if dropped else "")


def _passive_player_values(game: Game, order: tuple[int, ...], removed: str) -> InitiativeValues:
    """Three players, rank 2 or rank 3 with a single action: every maximum of Definition 4 is a
    two-player surplus extraction by rank 1, hence an exact rational.

    Rank 3 passive: ``V[p, s:2] = max_b E_p[Σ_{i=s..2} U_i](b)``, so ``W_1`` is rank 1's
    extraction against rank 2 (payoffs U_1, U_2) and ``W_2 = max (U_1 + U_2)``.
    Rank 2 passive: ``W_1`` is rank 1's extraction against rank 3 with payoffs (U_1, U_2 + U_3),
    ``W_2`` the same with (U_1 + U_2, U_3).
    """
    first, second, third = order

    def extraction(leader: tuple[int, ...], follower: tuple[int, ...]) -> Fraction:
        """Rank 1's largest extractable surplus when it collects the payoffs of ``leader`` and
        the acting one of ranks 2, 3 (``follower[0]``) collects those of ``follower``."""
        actor, passive = follower[0], (third if follower[0] == second else second)

        def payoffs(actions: tuple[int, ...]) -> list[Fraction]:
            profile = [0, 0, 0]
            profile[first], profile[actor], profile[passive] = actions[0], actions[1], 0
            u = game.payoff_vector(tuple(profile))
            return [sum((u[i] for i in leader), Fraction(0)), sum((u[i] for i in follower), Fraction(0))]

        pair = Game.from_function((game.shape[first], game.shape[actor]), payoffs)
        return two_player_initiative_values(pair, (0, 1)).values[0]

    if game.shape[third] == 1:
        w1 = extraction((first,), (second,))
        w2 = max(game.payoff(first, p) + game.payoff(second, p) for p in game.profiles())
    else:
        w1 = extraction((first,), (third, second))
        w2 = extraction((first, second), (third,))
    values = values_by_player(order, [w1, w2], game.max_total())
    return InitiativeValues(order, values, "a passive player: two-player extractions" + removed, None)


def _bounded_values(game: Game, order: tuple[int, ...], removed: str, shared: Shared | None,
                    limit: Budget | None) -> InitiativeValues:
    """Definition 4 by certified enclosures of the maxima ``W_b = max_μ V[μ, 1:b]``:
    ``W_{n−1}`` and ``W_{n−2}`` are maxima over contexts of ranks 1..n−2, ``W_1`` of four
    players nests a maximum over rank 2 inside one over rank 1."""
    n = game.n
    reduced = ReducedGame(rank_game(game, order))
    if shared is not None and order[-1] in shared:
        top, source = shared[order[-1]]
        removed += f"; W_{n - 1} shared with ordering {tuple(p + 1 for p in source)}"
    else:
        top = maximise_contextual(reduced, 1, limit=limit)
        if shared is not None:
            shared[order[-1]] = (top, order)
    maxima = [maximise_contextual(reduced, 1, n - 1, limit=limit), top]  # W_{n-2}, W_{n-1}
    if n == 4:
        maxima.insert(0, maximise_nested(reduced, limit=limit))
    values = values_by_player(order, [m.value for m in maxima], game.max_total())
    return InitiativeValues(order, values, "certified branch and bound over contexts" + removed, tuple(maxima))


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

    maxima = [
        max(contextual(mu, 1, b) for mu in itertools.product(*(range(m) for m in ranked.shape[: b - 1])))
        for b in range(1, n)
    ]
    return values_by_player(order, maxima, game.max_total())
