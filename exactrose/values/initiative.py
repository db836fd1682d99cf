"""Initiative values of any ordering (essay Definitions 1–4), exactly or in proved enclosures.

Definition 4 gives rank b the difference ``V_b = W_b − W_{b−1}`` of the maxima
``W_b = max_μ V[μ, 1:b]`` over (b−1)-contexts (``W_0 = 0``, ``W_n = max Σ``).  This module
computes every ``W_b`` after **folding what does not need searching**:

* **Passive players** (one action) have no strategy to choose, so their levels of
  Definition 3 are differences without a maximum.  Writing ``q_1 < ... < q_m`` for the ranks
  of the *movers* (players with several actions), unrolling those levels gives

  - ``W_b = max Σ_{r<=b} U_r`` over pure profiles when ``b >= q_m`` (every contextual value
    after the last mover is an expectation, linear in each strategy);
  - ``W_b = W_k(M)`` when ``q_k <= b < q_{k+1}``, where the *mover game* M has the movers only,
    each carrying the payoffs of the passive players ranked between it and the previous mover
    (those at ranks ``<= b`` go with ``q_k`` instead), and passive players after ``q_m``
    dropped (they enter no contextual value before the last mover);
  - ``W_b = V[•, 1:q_1] − V[•, b+1:q_1]`` for passive leaders ``b < q_1``, each term the
    ``W_1`` of a mover game (a pure maximum when there is one mover).

  Null players (Prop 10) are the passive players whose payoffs are all zero.
* **Redundant actions** of context ranks (Prop 6.1) are dropped before a search: a context's
  weight on them can move onto their mixtures without changing any expected payoff.
* **Symmetry of W_b in ranks 1..b**: ``W_b`` is one maximum over the strategies of ranks
  1..b together, so orderings that agree after rank b share it; :class:`Maxima` computes each
  once (``W_{n−1}`` once per last player, ``W_{n−2}`` once per pair of last players, ...).

What is left goes to the exact methods: two movers solve certified linear programs
(:mod:`exactrose.values.extraction`); three movers whose rank 1 has at most two actions
maximise piecewise rational contextual values over exact algebraic candidates
(:mod:`exactrose.values.three_players`); every other game gets certified enclosures
(:mod:`exactrose.values.search`), exact where the proved bounds meet: ``W_{n−1}`` and
``W_{n−2}`` maximise over one level of contexts, ``W_1`` of four movers is nested once, and
the ``W_b`` of five movers and more are nested ``n − 2 − b`` times
(:mod:`exactrose.values.search.nesting`, to a coarser target width).

>>> from exactrose.model.game import Game
>>> toy = Game.from_arrays([[[0, 3]]], [[[0, 0]]], [[[1, 0]]])  # only player 3 acts
>>> initiative_values(toy, (2, 0, 1)).values
(Fraction(2, 1), Fraction(0, 1), Fraction(1, 1))

:func:`~exactrose.values.initiative_check.check_initiative_values` re-checks a result from the game alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from exactrose.errors import InputError
from exactrose.exact.enclosure import Enclosure, Value
from exactrose.model.game import Game, Profile
from exactrose.model.transform import (
    permute_players,
    redundant_action,
    restrict_actions,
)
from exactrose.runtime.budget import CONVERGED, Budget
from exactrose.values.contextual import rank_game, values_by_player
from exactrose.values.extraction import (
    SurplusExtraction,
    leader_extraction,
)
from exactrose.values.search import (
    BoundedMaximum,
    Nesting,
    ReducedGame,
    maximise_contextual,
    maximise_nested,
)
from exactrose.values.three_players import (
    ContextMaximum,
    three_player_initiative_values,
)


@dataclass(frozen=True)
class PureMaximum:
    """``W_b`` attained at a pure profile: ``value = Σ_{r<=b} U_r(profile)`` (ranked game)."""

    value: Fraction
    profile: Profile


@dataclass(frozen=True)
class Difference:
    """``W_b = V[•, 1:q_1] − V[•, b+1:q_1]`` for a passive leader b (module docstring)."""

    value: Value
    first: Proof
    second: Proof


#: What proves one maximum ``W_b``: a surplus extraction with its LP certificate (two movers),
#: an algebraic maximum (three movers), a certified enclosure, a pure maximum, or a difference.
Proof = SurplusExtraction | ContextMaximum | BoundedMaximum | PureMaximum | Difference


@dataclass(frozen=True)
class InitiativeValues:
    """``V^σ`` indexed by player (``order`` lists players from most to least initiative).

    ``witness[b−1]`` proves ``W_b`` (module docstring; for a mover game, in its own ranks).
    A value is an :class:`~exactrose.exact.enclosure.Enclosure` where it is not known exactly.
    """

    order: tuple[int, ...]
    values: tuple[Value, ...]
    method: str
    witness: tuple[Proof, ...]

    @property
    def exact(self) -> bool:
        """True when no value is an enclosure."""
        return not any(isinstance(v, Enclosure) for v in self.values)

    @property
    def stopped(self) -> str:
        """Why the searches behind these values ended: ``"converged"`` (every enclosure within
        its target, or no search), else the first other reason (``"budget"``, ``"stalled"``,
        ``"interrupted"``; see :mod:`exactrose.runtime.budget`)."""
        return next((reason for proof in self.witness if (reason := _stopped(proof)) != CONVERGED), CONVERGED)


@dataclass(frozen=True)
class Pure:
    """``W_b = max Σ_{r<=b} U_r`` over the pure profiles of ``ranked`` (no mover after rank b)."""

    ranked: Game
    b: int


@dataclass(frozen=True)
class Folded:
    """``W_b`` is the maximum ``within`` of a mover game (passive players folded)."""

    within: Derivation


@dataclass(frozen=True)
class Leading:
    """``W_b = V[•, 1:q_1] − V[•, b+1:q_1]`` for a passive leader b: ``W_1`` of two mover games."""

    first: Folded
    second: Folded


@dataclass(frozen=True)
class Movers:
    """``W_b`` of a game of movers only, its first b ranks in canonical order (:func:`canonical`),
    known to :class:`Maxima` by ``key``; its redundant context actions are dropped next."""

    ranked: Game
    b: int
    key: tuple


#: How a maximum ``W_b`` is obtained, down to the games of movers that :class:`Maxima` searches.
Derivation = Pure | Folded | Leading | Movers


def derivation(ranked: Game, b: int) -> Derivation:
    """How ``W_b`` of ``ranked`` (players listed by rank, from 0: ``b`` ranks precede rank b) is
    obtained (module docstring): a function of the game alone, which the solver (:class:`Maxima`)
    and the checker (:mod:`exactrose.values.initiative_check`) both follow."""
    movers = [r for r in range(ranked.n) if ranked.shape[r] > 1]
    if not movers or b > movers[-1]:
        return Pure(ranked, b)
    if len(movers) == ranked.n:
        ranked, key = canonical(ranked, b)
        return Movers(ranked, b, key)
    blocks = [list(range(start + 1, q + 1)) for start, q in zip([-1, *movers], movers)]
    if b <= movers[0]:  # passive leaders: V[•, 1:q_1] − V[•, b+1:q_1]

        def leading(start: int) -> Folded:
            """``V[•, start+1:q_1]``: the first mover carries ranks ``start..q_1``."""
            return Folded(derivation(_mover_game(ranked, movers, [[r for r in blocks[0] if r >= start], *blocks[1:]]), 1))

        return Leading(leading(0), leading(b))
    k = sum(q < b for q in movers)  # movers among the first b ranks (not all: b <= q_m)
    blocks[k - 1] += [r for r in blocks[k] if r < b]
    blocks[k] = [r for r in blocks[k] if r >= b]
    return Folded(derivation(_mover_game(ranked, movers, blocks), k))


class Maxima:
    """The maxima ``W_b`` computed so far, keyed by the game they maximise over (its first b
    ranks in a canonical order, since ``W_b`` is symmetric in them): pass one to every
    ordering of a game so that each maximum is computed once.  With ``snapping`` (the default)
    the certified searches snap to exact maxima where they can
    (:mod:`~exactrose.values.search.snapping`); without, they return the enclosures they prove."""

    def __init__(self, snapping: bool = True) -> None:
        self._known: dict[tuple, tuple[Proof, str]] = {}
        self.snapping = snapping

    def __len__(self) -> int:
        return len(self._known)

    def get(self, ranked: Game, b: int, limit: Budget | None = None) -> tuple[Proof, str]:
        """``W_b`` of ``ranked`` (players listed by rank) with a note on how it was found."""
        return self._find(derivation(ranked, b), limit)

    def _find(self, step: Derivation, limit: Budget | None) -> tuple[Proof, str]:
        """The maximum ``step`` derives, each game of movers searched once (by its key)."""
        if isinstance(step, Pure):
            return pure_maximum(step.ranked, step.b), "pure maximum"
        if isinstance(step, Folded):
            proof, note = self._find(step.within, limit)
            return proof, f"{note}, passive players folded"
        if isinstance(step, Leading):
            (first, note), (second, _) = self._find(step.first, limit), self._find(step.second, limit)
            return Difference(first.value - second.value, first, second), note
        if step.key not in self._known:
            self._known[step.key] = self._search(step.ranked, step.b, limit)
        return self._known[step.key]

    def _search(self, ranked: Game, b: int, limit: Budget | None) -> tuple[Proof, str]:
        """``W_b`` of a game of movers only: the context actions that cannot change it dropped
        (:func:`fewer_context_actions`), then solved."""
        smaller, dropped = fewer_context_actions(ranked, b)
        if dropped:
            proof, note = self.get(smaller, b, limit)
            return proof, f"{note}, redundant actions dropped ({dropped})"
        return self.solve(ranked, b, limit)

    def solve(self, ranked: Game, b: int, limit: Budget | None = None) -> tuple[Proof, str]:
        """``W_b`` of a game of movers only, by the exact methods (module docstring)."""
        n = ranked.n
        if n == 2:
            return leader_extraction(ranked, 0), "certified LPs"
        if algebraic(ranked):
            # Beyond 2×2 reduced games a snapped search is usually faster than every candidate of the exact path.
            if self.snapping and ranked.shape[1] * ranked.shape[2] > 4:
                searched = maximise_contextual(ReducedGame(ranked), 1, 2 if b == 1 else None, limit=limit)
                if not isinstance(searched.value, Enclosure):
                    return searched, "certified branch and bound, snapped to an exact maximum"
            # W_1 and W_2 come together: keep the other one too
            result = three_player_initiative_values(ranked, (0, 1, 2))
            found = (result.extraction, result.coalition)  # W_1, W_2
            self.remember(canonical(ranked, 3 - b)[1], (found[2 - b], "algebraic candidates"))
            return found[b - 1], "algebraic candidates"
        reduced = ReducedGame(ranked)
        if b in (n - 1, n - 2):
            searched = maximise_contextual(reduced, 1, n - 1 if b == n - 2 else None, limit=limit, snapping=self.snapping)
            snapped = ", snapped to an exact maximum" if searched.snapped.startswith("snapped") else ""
            return searched, "certified branch and bound" + snapped
        if n == 4:
            nested = maximise_nested(reduced, limit=limit, snapping=self.snapping)
            snapped = ", snapped to an exact maximum" if nested.snapped.startswith("snapped") else ""
            return nested, "certified nested branch and bound" + snapped
        depth = n - 2 - b
        return Nesting(reduced, limit).maximise(b, 1, b + 1), f"certified branch and bound nested {depth} deep"

    def remember(self, key: tuple, found: tuple[Proof, str]) -> None:
        """Keep a maximum found elsewhere (by another ordering's search, or another process)."""
        self._known.setdefault(key, found)

    def items(self) -> list[tuple[tuple, tuple[Proof, str]]]:
        """Every maximum known, with its key (to hand to another :class:`Maxima`)."""
        return list(self._known.items())


def algebraic(ranked: Game) -> bool:
    """Whether the exact algebraic path solves this game of movers: three players, rank 1 with
    at most two actions (its W_1 and W_2 come together)."""
    return ranked.n == 3 and ranked.shape[0] <= 2


def initiative_values(game: Game, order: Sequence[int], maxima: Maxima | None = None,
                      limit: Budget | None = None) -> InitiativeValues:
    """Initiative values of ``game`` for the ordering ``order`` (essay Definition 4).

    Orderings computed with one ``maxima`` share every maximum they have in common.
    Certified searches stop early once ``limit`` is exhausted, returning the wider
    enclosures they proved."""
    order = tuple(order)
    if sorted(order) != list(range(game.n)):
        raise InputError(f"order: expected a permutation of the players 0..{game.n - 1}, got {list(order)}")
    maxima = Maxima() if maxima is None else maxima
    ranked = rank_game(game, order)
    # The deepest maxima last: a time limit spent on them leaves the others precise.
    found = [maxima.get(ranked, b, limit) for b in range(game.n - 1, 0, -1)][::-1]
    values = values_by_player(order, [proof.value for proof, _ in found], game.max_total())
    method = "; ".join(f"W_{b}: {note}" for b, (_, note) in enumerate(found, start=1)) or "one player: max U_1"
    return InitiativeValues(order, values, method, tuple(proof for proof, _ in found))


def _stopped(proof: Proof) -> str:
    """Why the search proving a maximum ended (exact methods always converge)."""
    if isinstance(proof, Difference):
        return next((r for r in (_stopped(proof.first), _stopped(proof.second)) if r != CONVERGED), CONVERGED)
    return proof.stopped if isinstance(proof, BoundedMaximum) else CONVERGED


def pure_maximum(ranked: Game, b: int) -> PureMaximum:
    """``max Σ_{r<b} U_r`` over pure profiles (ranks from 0)."""
    profile = max(ranked.profiles(), key=lambda a: sum((ranked.payoff(r, a) for r in range(b)), Fraction(0)))
    return PureMaximum(sum((ranked.payoff(r, profile) for r in range(b)), Fraction(0)), profile)


def _mover_game(ranked: Game, movers: list[int], blocks: list[list[int]]) -> Game:
    """The movers of ``ranked`` in rank order, mover j collecting the payoffs of the ranks in
    ``blocks[j]`` (passive players play their one action)."""
    full = [0] * ranked.n

    def payoffs(actions: Profile) -> list[Fraction]:
        for q, action in zip(movers, actions):
            full[q] = action
        u = ranked.payoff_vector(tuple(full))
        return [sum((u[r] for r in block), Fraction(0)) for block in blocks]

    return Game.from_function([ranked.shape[q] for q in movers], payoffs,
                              players=[ranked.players[q] for q in movers],
                              actions=[ranked.actions[q] for q in movers])


def canonical(ranked: Game, b: int) -> tuple[Game, tuple]:
    """``ranked`` with its first b ranks reordered canonically (``W_b`` is symmetric in them):
    fewest actions first, so that an exact three-player path applies where it can; and the
    key of ``W_b`` there (the payoffs, not the names)."""
    first = sorted(range(b), key=lambda r: (ranked.shape[r], sorted(ranked.payoff_table(r)), r)) if b > 1 else list(range(b))
    order = first + list(range(b, ranked.n))
    if order != list(range(ranked.n)):
        ranked = permute_players(ranked, order)
    return ranked, (b, ranked.shape, tuple(ranked.payoff_table(i) for i in range(ranked.n)))


def fewer_context_actions(ranked: Game, b: int) -> tuple[Game, str]:
    """``ranked`` (movers only) without the context actions that cannot change ``W_b``, and which
    (""): the redundant ones (:func:`without_redundant_context_actions`); failing those, for
    the maxima over one level of contexts (b = n−2 or n−1), the ones redundant once the payoffs
    that ``W_b`` sees only up to a function of the context are normalised (:func:`normalised`)."""
    smaller, dropped = without_redundant_context_actions(ranked)
    if dropped or ranked.n < 3 or b < ranked.n - 2:
        return smaller, dropped
    smaller, dropped = without_redundant_context_actions(normalised(ranked, b))
    return (smaller, f"{dropped} up to payoffs W_{b} does not see") if dropped else (ranked, "")


def normalised(ranked: Game, b: int) -> Game:
    """``ranked`` (movers only, n >= 3, b = n−2 or n−1) with ``U_n`` — and ``U_{n−1}`` for b = n−2 —
    less its value at the same context actions and the last two ranks' first actions.

    Such a shift, a function ``k`` of the context's actions (ranks 1..n−2), leaves ``W_b``
    unchanged (Definition 3): in ``V[μ, s:n−1]`` a shift of ``U_n`` moves both
    ``max_c E[J_s]`` and ``max_c E[U_n]`` by ``E_μ k``, and a shift of ``U_{n−1}`` moves
    ``V[μ, s:n−1]`` by ``E_μ k`` for every s <= n−1, which cancels in
    ``W_{n−2} = max_μ V[μ, 1:n−1] − V[μ, n−1:n−1]``.  Actions equal up to such shifts — the burning
    options of a destruction game (Prop 7.1) when the burnt player is ranked last — become
    redundant, and a maximum over them, a plateau, a maximum over fewer actions."""
    n = ranked.n
    shifted = [n - 1] + ([n - 2] if b == n - 2 else [])

    def payoffs(profile: Profile) -> list[Fraction]:
        u = ranked.payoff_vector(profile)
        reference = profile[: n - 2] + (0, 0)
        return [u[i] - ranked.payoff(i, reference) if i in shifted else u[i] for i in range(n)]

    return Game.from_function(ranked.shape, payoffs, players=ranked.players, actions=ranked.actions)


def without_redundant_context_actions(ranked: Game) -> tuple[Game, str]:
    """Drop actions of ranks 1..n−2 that equal a mixture of the player's other actions (Prop 6.1).

    Contextual values depend on a context only through the expected payoffs it induces, and
    such an action's weight can move onto its mixture without changing any of them, so every
    maximum over contexts is unchanged.  Keeping the action would leave whole segments of
    equally good contexts, which the certified search cannot close.  Returns the smaller game
    and the actions dropped ("" if none).
    """
    dropped = []
    for rank in range(ranked.n - 2):
        while (found := redundant_action(ranked, rank)) is not None:
            action = found[0]
            dropped.append(f"{ranked.players[rank]}:{ranked.actions[rank][action]}")
            ranked = restrict_actions(ranked, rank, [k for k in range(ranked.shape[rank]) if k != action])
    return ranked, ", ".join(dropped)
