"""The ROSE value (essay: "ROSE Value, Final Definitions", Definition 4).

``R(i)`` is the average over all initiative orderings of the initiative value of the
rank the ordering gives player i.  Before averaging, :class:`Orderings` folds what the
essay's propositions settle: null players get 0 and leave the others' values unchanged
(Prop 10), so only the other players' orderings are computed; and identical players
(Prop 9) are symmetries of the game, so of the orderings that differ only by exchanging
identical players one is computed and the others follow by relabelling.  When no player has
several actions, every ordering gives every player its payoff (``W_b`` is the sum of the
first b payoffs), so one ordering is computed.  The folds can be
turned off (``fold=False``), so that the checkers of Props 9 and 10 test the computation,
not the fold.  The toy case and the essay's two-player closed form are given as independent
formulas for cross-checks.

>>> from exactrose.model.game import Game
>>> from exactrose.model.transform import null_player_game
>>> game = null_player_game(Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]), 1)
>>> rose_value(game).values
(Fraction(3, 1), Fraction(0, 1), Fraction(3, 1))
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from exactrose.errors import InputError, NotComputableError
from exactrose.exact.enclosure import Value, total
from exactrose.limits import MAX_LISTED_ORDERINGS, MAX_ORDERINGS
from exactrose.model.game import Game
from exactrose.model.transform import (
    drop_passive_players,
    identical_classes,
    null_players,
)
from exactrose.runtime.budget import Budget
from exactrose.values.extraction import leader_matrices, max_surplus_extraction
from exactrose.values.initiative import InitiativeValues, Maxima, initiative_values
from exactrose.values.matrices import require_two_players
from exactrose.values.parallel import fill_maxima


@dataclass(frozen=True)
class RoseValue:
    """ROSE values indexed by player, with the initiative games they average: every ordering
    of the game in :func:`itertools.permutations` order, when there are at most
    :data:`~exactrose.limits.MAX_LISTED_ORDERINGS` (else none are listed)."""

    values: tuple[Value, ...]
    initiative: tuple[InitiativeValues, ...]


class Orderings:
    """The initiative orderings of a game that must be computed, after folding (module docstring).

    ``core`` is the game without its null players (``players[k]`` is core player k's index in
    the game), ``classes`` its classes of identical players (singletons with ``fold=False``),
    and :meth:`canonical` the core orderings in which every class appears in increasing order:
    one per orbit of the exchanges of identical players.
    """

    def __init__(self, game: Game, fold: bool = True) -> None:
        self.game = game
        nulls = null_players(game) if fold else []
        if len(nulls) == game.n:  # keep one player: the values are all 0 anyway
            nulls = nulls[1:]
        self.players = tuple(i for i in range(game.n) if i not in nulls)
        self.core = drop_passive_players(game, nulls) if nulls else game
        self.classes = identical_classes(self.core) if fold else [[i] for i in range(self.core.n)]
        self._class_of = {i: c for c, members in enumerate(self.classes) for i in members}
        self.static = fold and all(m == 1 for m in self.core.shape)
        self.orbit = math.prod(math.factorial(len(c)) for c in self.classes)  # orderings per canonical one
        self.count = 1 if self.static else math.factorial(self.core.n) // self.orbit

    @property
    def folded(self) -> str:
        """What was folded, for a method note ("" if nothing)."""
        notes = []
        if len(self.players) < self.game.n:
            notes.append(f"{self.game.n - len(self.players)} null player(s) (Prop 10)")
        if self.static:
            notes.append("no player has several actions")
        elif len(self.classes) < self.core.n:
            notes.append("identical players (Prop 9)")
        return ", ".join(notes)

    def canonical(self) -> Iterator[tuple[int, ...]]:
        """One core ordering per orbit (refused beyond :data:`~exactrose.limits.MAX_ORDERINGS`)."""
        if self.count > MAX_ORDERINGS:
            raise NotComputableError(
                f"ROSE of this game needs {self.count:,} initiative orderings after folding null and identical "
                f"players; exactrose computes at most {MAX_ORDERINGS:,}")
        if self.static:
            yield tuple(range(self.core.n))
            return
        for labels in _multiset_permutations(sorted(self._class_of[i] for i in range(self.core.n))):
            yield self._canonical(labels)

    def _canonical(self, classes: Sequence[int]) -> tuple[int, ...]:
        """The core ordering whose k-th rank goes to the next member, in increasing order, of
        class ``classes[k]``."""
        taken = [iter(members) for members in self.classes]
        return tuple(next(taken[c]) for c in classes)

    def in_game(self, order: Sequence[int]) -> tuple[int, ...]:
        """A core ordering in the game's numbering of the players (null players left out)."""
        return tuple(self.players[i] for i in order)

    def average(self, results: Mapping[tuple[int, ...], InitiativeValues]) -> tuple[Value, ...]:
        """``R(i)`` by game player from the canonical orderings' values: an orbit gives every
        member of a class the class's average over its ranks, and null players get 0."""
        if self.static:
            return self._by_game_player(next(iter(results.values())).values)
        core: list[Value] = [Fraction(0)] * self.core.n
        for members in self.classes:  # exact, or a proved enclosure when the degree would explode
            summed = total(result.values[j] for result in results.values() for j in members)
            for i in members:
                core[i] = summed * Fraction(self.orbit, len(members) * math.factorial(self.core.n))
        return self._by_game_player(core)

    def _by_game_player(self, core: Sequence[Value]) -> tuple[Value, ...]:
        """Core players' values by game player, 0 for the null players."""
        values: list[Value] = [Fraction(0)] * self.game.n
        for k, i in enumerate(self.players):
            values[i] = core[k]
        return tuple(values)

    def expand(self, results: Mapping[tuple[int, ...], InitiativeValues]) -> tuple[InitiativeValues, ...]:
        """Every ordering of the game whose canonical ordering is in ``results``, derived from it
        (null players get 0; an ordering is its canonical one with identical players
        exchanged); none beyond :data:`~exactrose.limits.MAX_LISTED_ORDERINGS` orderings."""
        if math.factorial(self.game.n) > MAX_LISTED_ORDERINGS or not results:
            return ()
        core_index = {i: k for k, i in enumerate(self.players)}
        note = f"; folded: {self.folded}" if self.folded else ""
        if self.static:
            result = next(iter(results.values()))
            values = self._by_game_player(result.values)
            return tuple(replace(result, order=order, values=values, method=result.method + note)
                         for order in itertools.permutations(range(self.game.n)))
        out = []
        for order in itertools.permutations(range(self.game.n)):
            ranked = [core_index[i] for i in order if i in core_index]
            canonical = self._canonical([self._class_of[i] for i in ranked])
            if canonical not in results:
                continue
            result = results[canonical]
            core: list[Value] = [Fraction(0)] * self.core.n
            for actual, stand_in in zip(ranked, canonical):
                core[actual] = result.values[stand_in]
            out.append(replace(result, order=order, values=self._by_game_player(core), method=result.method + note))
        return tuple(out)

    def reached(self, results: Mapping[tuple[int, ...], InitiativeValues]) -> int:
        """How many orderings of the game the canonical ``results`` give values for."""
        if self.static:
            return math.factorial(self.game.n) if results else 0
        return len(results) * self.orbit * (math.factorial(self.game.n) // math.factorial(self.core.n))


def rose_value(game: Game, limit: Budget | None = None, fold: bool = True, workers: int = 1,
               backend: str = "local", scheduler: object = None, snapping: bool = True) -> RoseValue:
    """``R(i) = E_σ[V^σ_σ(i)]`` (essay Definition 4): the average over all n! orderings,
    computed once per orbit of the folds (module docstring) with every maximum shared; the
    searches on ``workers`` processes or on dask first (:mod:`exactrose.values.parallel`),
    snapping to exact maxima where they can (``snapping``; see
    :mod:`~exactrose.values.search.snapping`).

    Raises :class:`~exactrose.errors.NotComputableError` when there are more orderings after
    folding than :data:`~exactrose.limits.MAX_ORDERINGS`.
    """
    orderings = Orderings(game, fold)
    maxima = Maxima(snapping)
    fill_maxima(orderings.core, orderings.canonical(), maxima, workers, limit, backend, scheduler)
    results = {order: initiative_values(orderings.core, order, maxima, limit) for order in orderings.canonical()}
    return RoseValue(orderings.average(results), orderings.expand(results))


def rose_closed_form(game: Game) -> tuple[Fraction, Fraction]:
    """The essay's two-player formula ``R(1) = ½ max Σ + ½ (max_ν S_1(ν) − max_w S_2(w))``."""
    require_two_players(game, "the two-player closed form")
    extract_1 = max_surplus_extraction(*leader_matrices(game, 0)).value
    extract_2 = max_surplus_extraction(*leader_matrices(game, 1)).value
    half = game.max_total() / 2
    return (half + (extract_1 - extract_2) / 2, half + (extract_2 - extract_1) / 2)


def toy_case_value(game: Game) -> tuple[Fraction, Fraction]:
    """Toy case (essay: "ROSE Value, Toy Case"): if player i has one action and j may have
    many, ``R(i) = max[U_i + U_j] − max[U_j]`` and ``R(j) = max[U_j]``."""
    require_two_players(game, "the toy case")
    if 1 not in game.shape:
        raise InputError(f"the toy case needs a player with a single action; action counts are {list(game.shape)}")
    payer = game.shape.index(1)
    actor = 1 - payer
    best_actor = game.max_payoff(actor)
    values = [Fraction(0), Fraction(0)]
    values[payer] = game.max_total() - best_actor
    values[actor] = best_actor
    return values[0], values[1]


def _multiset_permutations(items: list[int]) -> Iterator[tuple[int, ...]]:
    """The distinct permutations of the sorted ``items``, in lexicographic order (Knuth's
    algorithm L: each step moves to the next larger arrangement)."""
    items = list(items)
    while True:
        yield tuple(items)
        k = next((k for k in range(len(items) - 2, -1, -1) if items[k] < items[k + 1]), None)
        if k is None:
            return
        j = max(j for j in range(k + 1, len(items)) if items[k] < items[j])
        items[k], items[j] = items[j], items[k]
        items[k + 1:] = reversed(items[k + 1:])
