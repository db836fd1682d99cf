"""The essay's propositions as machine checks (essay section "ROSE Value Properties").

One checker per proposition, registered with :func:`proofs.core.claim` under the essay's
number (``"3.1"``, ``"7.2"``, ...) plus ``"shapley-forms"`` (essay "Shapley Sums and
Initiative Games").  A checker takes one game and returns a :class:`~proofs.core.Verdict`
whose evidence holds the exact numbers that decide it.

Propositions about a second game or about transformation parameters are checked on a
companion derived from the game by a fixed, documented rule (a cap of ``1 + max |U|``, the
average of a player's first two actions, a payoff-swapped twin, ...).  The general form is a
plain function taking the parameters (:func:`linearity`, :func:`threat_resistance`,
:func:`lipschitz`, ...), so callers can pass their own.

Checkers about a value concept take an optional ``value`` (a function from a game to values
by player; default :func:`rose`, the ROSE value); checkers about initiative games take an
optional ``initiative`` (a function of a game and an ordering; default
:func:`initiative_by_player`).  Applied to CoCo (:func:`coco`), Shapley-ROSE (:func:`shapley_rose`)
or a deliberately wrong function they serve as negative controls.

Comparisons are three-valued (:func:`proofs.core.sign`): values of three or more players can
be certified enclosures, and a verdict is then ``None`` (undecided), never a guess.

Player counts: every checker accepts any game whose values exactrose computes, but the
registered ``players`` list only the counts for which the default check of a small game
(2×2×2 for three players) stays fast and exact.  Three-player checks of initiative values
put the transformation on players of rank >= 2 (a rank-1 player with more than two actions
needs the certified branch and bound: seconds to minutes, and enclosures that cannot decide
an equality); the ROSE-value versions of Props 6, 7, 8 and 10 change every ordering's game,
so they are registered for two players only (their plain functions accept more).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import cast

from exactrose.applications.solve import ordering_key
from exactrose.errors import InputError
from exactrose.exact.enclosure import Value, total
from exactrose.exact.numbers import to_rational
from exactrose.model.game import Game
from exactrose.model.transform import (
    add_mixed_action,
    destruction_game,
    identical_players,
    null_player_game,
    parallel_sum,
    payment_game,
    restrict_actions,
    swap_identical_players,
)
from exactrose.values.initiative import Maxima, initiative_values
from exactrose.values.shapley import (
    coalition_values,
    coco_value,
    shapley_amplification,
    shapley_rose_value,
    shapley_textbook,
)
from exactrose.values.zerosum import maximin
from proofs.core import Verdict, all_of, claim, evidence, sign

__all__ = [
    "IDS",
    "action_monotonicity",
    "coco",
    "companion",
    "default_cap",
    "default_mixture",
    "initiative_by_player",
    "initiative_linearity",
    "initiative_lipschitz",
    "initiative_maximin_dominance",
    "initiative_money_redundancy",
    "initiative_pareto",
    "initiative_redundancy",
    "initiative_sub_max",
    "initiative_threat_resistance",
    "linearity",
    "lipschitz",
    "lipschitz_constant",
    "maximin_dominance",
    "money_redundancy",
    "null_player",
    "pareto",
    "perturbed",
    "rank_constants",
    "redundancy",
    "rose",
    "shapley_forms",
    "shapley_rose",
    "slice_game",
    "sub_max",
    "swapped_payoffs",
    "symmetrize",
    "symmetry",
    "threat_resistance",
]

ValueFunction = Callable[[Game], Sequence[Value]]
InitiativeFunction = Callable[[Game, tuple[int, ...]], Sequence[Value]]

#: The weights of the parallel sum ``dG + eH`` the linearity checkers use by default.
D, E = Fraction(2), Fraction(1, 2)

#: Perturbation size of the Lipschitz checkers' companion game.
EPSILON = Fraction(1, 2)


# ------------------------------------------------------------------ value concepts
@lru_cache(maxsize=512)
def _initiative_cached(game: Game, order: tuple[int, ...]) -> tuple[Value, ...]:
    return tuple(initiative_values(game, order, _maxima(game)).values)


@lru_cache(maxsize=64)
def _maxima(game: Game) -> Maxima:
    """The maxima shared by the orderings of one game."""
    return Maxima()


def initiative_by_player(game: Game, order: Sequence[int]) -> tuple[Value, ...]:
    """Initiative values ``V^σ`` by player (:func:`~exactrose.values.initiative.initiative_values`, cached)."""
    return _initiative_cached(game, tuple(order))


def rose(game: Game) -> tuple[Value, ...]:
    """ROSE values by player: each player's initiative value averaged over all n! orderings
    (the same average as :func:`~exactrose.values.rose.rose_value`, sharing :func:`initiative_by_player`'s cache),
    over every ordering: without the folds of null and identical players, so that the checkers
    of Props 9 and 10 test the computation, not the fold)."""
    orders = _orders(game.n)
    return tuple(
        total(initiative_by_player(game, order)[i] for order in orders) / len(orders) for i in range(game.n)
    )


def coco(game: Game) -> tuple[Fraction, ...]:
    """CoCo values by player (Shapley amplification of the 2-player CoCo value)."""
    return tuple(coco_value(game).values)


def shapley_rose(game: Game) -> tuple[Fraction, ...]:
    """Shapley-ROSE values by player (Shapley amplification of the 2-player ROSE value)."""
    return tuple(shapley_rose_value(game).values)


# ------------------------------------------------------------------ three-valued arithmetic
def _orders(n: int) -> list[tuple[int, ...]]:
    return list(itertools.permutations(range(n)))


def _eq(a: Value, b: Value) -> bool | None:
    s = sign(a, b)
    return None if s is None else s == 0


def _le(a: Value, b: Value) -> bool | None:
    s = sign(a, b)
    return None if s is None else s <= 0


def _abs_le(x: Value, bound: Value) -> bool | None:
    """``|x| <= bound``, three-valued."""
    return all_of([_le(x, bound), _le(-x, bound)])


def _tables(game: Game) -> list[list[Fraction]]:
    return [list(game.payoff_table(i)) for i in range(game.n)]


def _rational(value: object, where: str) -> Fraction:
    """An exact rational (ints, Fractions, strings like "1/2"; floats refused)."""
    return to_rational(value, where)


def _orders_for(game: Game, orders: Iterable[Sequence[int]] | None) -> list[tuple[int, ...]]:
    if orders is None:
        return _orders(game.n)
    result = [tuple(o) for o in orders]
    for order in result:
        if sorted(order) != list(range(game.n)):
            raise InputError(f"orders: expected permutations of 0..{game.n - 1}, got {list(order)}")
    return result


def _merge(verdicts: Sequence[Verdict], **extra: object) -> Verdict:
    """Conjunction of several verdicts; evidence lists each one's evidence."""
    return Verdict(all_of(v.holds for v in verdicts), {**evidence(**extra), "checks": [dict(v.evidence) for v in verdicts]})


def _initiative_unchanged(
    game: Game, changed: Game, label: str, orders: Iterable[Sequence[int]] | None,
    initiative: InitiativeFunction | None, **shown: object,
) -> Verdict:
    """``V^{G',σ} = V^{G,σ}`` for every σ in ``orders``, G' being ``changed`` (``label`` in the
    evidence, after the parameters ``shown``)."""
    values = initiative or initiative_by_player
    results, rows = [], {}
    for order in _orders_for(game, orders):
        before, after = tuple(values(game, order)), tuple(values(changed, order))
        ok = all_of(_eq(a, b) for a, b in zip(after, before))
        results.append(ok)
        rows[ordering_key(order)] = {"G": before, label: after, "holds": ok}
    return Verdict(all_of(results), evidence(**shown, orderings=rows))


def _every_ordering(
    game: Game, initiative: InitiativeFunction | None,
    test: Callable[[tuple[Value, ...]], tuple[bool | None, dict[str, object]]], **shown: object,
) -> Verdict:
    """``test`` on the initiative values of every ordering; it returns whether they pass and
    what to show beside them in the evidence."""
    values = initiative or initiative_by_player
    results, rows = [], {}
    for order in _orders(game.n):
        v = tuple(values(game, order))
        ok, extra = test(v)
        results.append(ok)
        rows[ordering_key(order)] = {"values": v, **extra, "holds": ok}
    return Verdict(all_of(results), evidence(**shown, orderings=rows))


def _value_unchanged(game: Game, changed: Game, label: str, value: ValueFunction | None, **shown: object) -> Verdict:
    """``R_{G'} = R_G`` for the value ``value`` (default ROSE), G' being ``changed``."""
    value = value or rose
    before, after = tuple(value(game)), tuple(value(changed))
    holds = all_of(_eq(a, b) for a, b in zip(after, before))
    return Verdict(holds, evidence(**shown, G=before, **{label: after}))


# ------------------------------------------------------------------ companion games
def default_cap(game: Game) -> Fraction:
    """``1 + max |U|``: a cap larger than anything at stake in the game."""
    return 1 + max(abs(u) for i in range(game.n) for u in game.payoff_table(i))


def swapped_payoffs(game: Game) -> Game:
    """Two players: the same actions, the players' payoff tables exchanged (``U^H_1 = U^G_2``, ``U^H_2 = U^G_1``)."""
    if game.n != 2:
        raise InputError(f"swapped_payoffs: expected a two-player game, got {game.n} players")
    return Game.from_tables(game.players, game.actions, [game.payoff_table(1), game.payoff_table(0)], "payoffs swapped")


def slice_game(game: Game, free: Iterable[int] = ()) -> Game:
    """The game restricted to action 0 of every player not in ``free`` (free players keep all actions)."""
    free = set(free)
    result = game
    for i in range(game.n):
        if i not in free and game.shape[i] > 1:
            result = restrict_actions(result, i, [0])
    return result


def companion(game: Game, order: Sequence[int] | None = None) -> Game:
    """The second game H of the linearity checkers (Props 3.1, 3.2), by a fixed rule.

    Two players: :func:`swapped_payoffs` (so ``dG + eH`` squares both action sets).  Three or
    more: the slice of G in which only the last-ranked player of ``order`` keeps its actions
    (every other player plays its action 0); with no ``order``, the constant game of the
    profile (0, ..., 0), which makes Prop 3.2 the shift-and-scale case the essay derives
    from linearity.  (Any H that gives a player two or more actions gives it rank 1 in some
    ordering of ``dG + eH``; beyond two actions at rank 1 three-player values need enclosures.)
    """
    if game.n == 2:
        return swapped_payoffs(game)
    return slice_game(game, [order[-1]] if order is not None else [])


def perturbed(game: Game, eps: object = EPSILON) -> Game:
    """The Lipschitz checkers' companion: ``U^H_i(a) = U_i(a) ± eps``, ``+`` where
    ``i + (flat index of a)`` is even, ``−`` where odd (so ``max |U^G − U^H| = eps``)."""
    eps = _rational(eps, "eps")
    return Game.from_function(
        game.shape,
        lambda a: [game.payoff(i, a) + (eps if (i + game.index(a)) % 2 == 0 else -eps) for i in range(game.n)],
        players=game.players,
        actions=game.actions,
        title="perturbed",
    )


def default_mixture(game: Game, player: int) -> dict[int, Fraction]:
    """The redundant action of the Prop 6 checkers: the average of the player's first two
    actions, or a copy of its only action."""
    if game.shape[player] >= 2:
        return {0: Fraction(1, 2), 1: Fraction(1, 2)}
    return {0: Fraction(1)}


def default_caps(game: Game) -> list[list[Fraction]]:
    """``caps[i][j] = (i + 1)·c`` for ``j != i`` (c = :func:`default_cap`); asymmetric on purpose
    so that a symmetric game does not hide a threat-sensitive value."""
    c = default_cap(game)
    return [[(i + 1) * c if i != j else Fraction(0) for j in range(game.n)] for i in range(game.n)]


def _rank_caps(game: Game, order: Sequence[int]) -> list[list[Fraction]]:
    """Three or more players, for ordering ``order``: each player of rank >= 2 may burn (or
    pay) the next player ``(i + 1) mod n`` up to ``(i + 1)·c``; the rank-1 player gets nothing."""
    c = default_cap(game)
    caps = [[Fraction(0)] * game.n for _ in range(game.n)]
    for i in order[1:]:
        caps[i][(i + 1) % game.n] = (i + 1) * c
    return caps


# ================================================================== Prop 3: linearity
def initiative_linearity(
    g: Game, h: Game, d: object = D, e: object = E,
    orders: Iterable[Sequence[int]] | None = None, initiative: InitiativeFunction | None = None,
) -> Verdict:
    """Prop 3.1 for given G, H, d, e >= 0: ``V^{dG+eH,σ}_i = d V^{G,σ}_i + e V^{H,σ}_i``."""
    d, e = _rational(d, "d"), _rational(e, "e")
    values = initiative or initiative_by_player
    combined = parallel_sum(g, h, d, e)
    results, rows = [], {}
    for order in _orders_for(g, orders):
        got = tuple(values(combined, order))
        expected = tuple(d * x + e * y for x, y in zip(values(g, order), values(h, order)))
        ok = all_of(_eq(a, b) for a, b in zip(got, expected))
        results.append(ok)
        rows[ordering_key(order)] = {"dG+eH": got, "dV(G)+eV(H)": expected, "holds": ok}
    return Verdict(all_of(results), evidence(d=d, e=e, h_payoffs=_tables(h), orderings=rows))


def linearity(g: Game, h: Game, d: object = D, e: object = E, value: ValueFunction | None = None) -> Verdict:
    """Prop 3.2 for given G, H, d, e >= 0: ``R_{dG+eH}(i) = d R_G(i) + e R_H(i)``."""
    d, e = _rational(d, "d"), _rational(e, "e")
    value = value or rose
    got = tuple(value(parallel_sum(g, h, d, e)))
    expected = tuple(d * x + e * y for x, y in zip(value(g), value(h)))
    holds = all_of(_eq(a, b) for a, b in zip(got, expected))
    return Verdict(holds, evidence(d=d, e=e, h_payoffs=_tables(h), combined=got, expected=expected))


@claim(
    "3.1",
    "Linearity of initiative values: for games G, H with the same players, d, e >= 0 and every "
    "ordering σ, V^{dG+eH,σ}_i = d V^{G,σ}_i + e V^{H,σ}_i (dG+eH: G and H played in parallel, "
    "payoffs scaled). Checked with d = 2, e = 1/2 and H = companion(G, σ).",
    kind="proposition",
    players=(2, 3),
)
def check_3_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 3.1: "For all games with the same number of players G, H, nonnegative
    constants d, e >= 0, orderings σ, and players i, V^{dG+eH,σ}_i = d V^G_i + e V^H_i".

    H is :func:`companion`: the payoff-swapped twin for two players; for three, per ordering,
    the slice of G where only the last-ranked player acts (so ``dG + eH`` keeps the rank-1
    player's actions and the values stay exact).
    """
    if game.n == 2:
        return initiative_linearity(game, companion(game), initiative=initiative)
    return _merge([
        initiative_linearity(game, companion(game, order), orders=[order], initiative=initiative)
        for order in _orders(game.n)
    ])


@claim(
    "3.2",
    "Linearity of ROSE: for games G, H with the same players and d, e >= 0, "
    "R_{dG+eH}(i) = d R_G(i) + e R_H(i). Checked with d = 2, e = 1/2, H = companion(G) "
    "(payoff-swapped twin for 2 players, the constant game of profile (0,...,0) for 3).",
    kind="proposition",
    players=(2, 3),
)
def check_3_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 3.2: "For all games with the same number of players G, H, nonnegative
    constants d, e >= 0, and players i, R_{dG+eH}(i) = d R_G(i) + e R_H(i)"."""
    return linearity(game, companion(game), value=value)


# ================================================================== Prop 4: Pareto
def initiative_pareto(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Prop 4.1: ``Σ_i V^σ_i = max Σ`` for every ordering."""
    target = game.max_total()

    def test(v: tuple[Value, ...]) -> tuple[bool | None, dict[str, object]]:
        summed = total(v)
        return _eq(summed, target), {"sum": summed}

    return _every_ordering(game, initiative, test, max_total=target)


def pareto(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Prop 4.2: ``Σ_i R(i) = max Σ``."""
    v = tuple((value or rose)(game))
    summed = total(v)
    return Verdict(_eq(summed, game.max_total()), evidence(values=v, sum=summed, max_total=game.max_total()))


@claim(
    "4.1",
    "Pareto optimality of initiative games: for every ordering σ, Σ_i V^σ_i = max over pure "
    "profiles of Σ_i U_i.",
    kind="proposition",
    players=(2, 3, 4, 5),
)
def check_4_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 4.1: "For all games G and initiative orderings σ, we have
    Σ_{i=1}^n V^{G,σ}_i = max_{a ∈ Π A_i} Σ_{i=1}^n U_i(a)"."""
    return initiative_pareto(game, initiative)


@claim(
    "4.2",
    "Pareto optimality of ROSE: Σ_i R(i) = max over pure profiles of Σ_i U_i.",
    kind="proposition",
    players=(2, 3, 4, 5),
)
def check_4_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 4.2: "For all games G, we have Σ_{i=1}^n R_G(i) = max_a Σ_i U_i(a)"."""
    return pareto(game, value)


# ================================================================== Prop 5: Lipschitz
def rank_constants(n: int) -> tuple[int, ...]:
    """Lipschitz constants ``c_{n,b}`` of the initiative value of rank b (b = 1..n), with
    respect to ``ε = max_{j,a} |U^G_j(a) − U^H_j(a)|`` (games with the same action sets).

    Derivation from Definition 3.  Write ``L(a,b)`` for a bound on how far ``V[μ, a:b]`` moves,
    uniformly in the context μ.  (i) ``V[μ, a:n] = max_ν E[Σ_{i=a..n} U_i]``: every expectation
    of a sum of ``n−a+1`` payoffs moves by at most ``(n−a+1)ε``, and a maximum of functions that
    each move by at most δ moves by at most δ, so ``L(a,n) = n−a+1``.  (ii) For ``b < n``,
    ``V[μ,a:b] = max_ν (V[μν,a:b+1] − V[μν,b+1:b+1])`` gives ``L(a,b) = L(a,b+1) + L(b+1,b+1)``.
    (iii) ``W_b = max_μ V[μ,1:b]`` moves by at most ``L(1,b)`` (``W_0 = 0``), and
    ``V_b = W_b − W_{b−1}`` by at most ``c_{n,b} = L(1,b) + L(1,b−1)``.
    Two players: ``(3, 5)``; three: ``(7, 11, 7)``; four: ``(15, 23, 13, 9)``.

    For two players these constants, and the ROSE constant 4 of :func:`lipschitz_constant`,
    are attained (found by search, checked in the tests): G with ``U_1 = [[0, 2], [0, 0]]``,
    ``U_2 = [[4, 2], [8, 0]]`` and H with ``U_1 = [[1, 3], [−1, −1]]``, ``U_2 = [[3, 3], [7, 1]]``
    (ε = 1): ordering (1, 2) gives (0, 8) and (3, 3), moves of 3 and 5; ROSE goes from (0, 8) to
    (2, 4), a move of 4.  (Simpler, the toy case: Alice has one action, ``U_A = (0, 10)``,
    ``U_B = (4, 0)``; ``U_A + (ε, ε)``, ``U_B + (−ε, ε)`` moves her value 6 by 3ε at both ranks.)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError(f"n: expected a positive number of players, got {n!r}")
    bound: dict[tuple[int, int], int] = {(a, n): n - a + 1 for a in range(1, n + 1)}
    for b in range(n - 1, 0, -1):
        for a in range(1, b + 1):
            bound[(a, b)] = bound[(a, b + 1)] + bound[(b + 1, b + 1)]
    w = [0] + [bound[(1, b)] for b in range(1, n + 1)]
    return tuple(w[b] + w[b - 1] for b in range(1, n + 1))


def lipschitz_constant(n: int) -> Fraction:
    """Lipschitz constant ``C_n`` of the ROSE value: ``R(i) = (1/n) Σ_b E[V_b | i has rank b]``,
    so ``C_n`` is the mean of :func:`rank_constants` (4 for two players, 25/3 for three, 15 for four).

    For two players the same 4 follows from the closed form ``R(1) = ½ max Σ + ½ (E_1 − E_2)``
    (``E_k`` = player k's extraction value): perturbing only ``U_1`` moves ``max Σ`` and ``E_1``
    by at most ε (``E_1`` is monotone in ``U_1`` and shifts with it) and ``E_2`` by at most 2ε;
    likewise for ``U_2``; so ``|ΔR(1)| <= 2ε + 2ε``.  The example of :func:`rank_constants`
    attains 4, so no smaller constant (in particular not 2 or 3) is valid for two players.
    For three or more players the constants are proved bounds, not known to be tight.
    """
    constants = rank_constants(n)
    return Fraction(sum(constants), n)


def _epsilon(g: Game, h: Game) -> Fraction:
    if g.shape != h.shape:
        raise InputError(f"h: expected the same action counts as g {list(g.shape)}, got {list(h.shape)}")
    return max(abs(x - y) for i in range(g.n) for x, y in zip(g.payoff_table(i), h.payoff_table(i)))


def initiative_lipschitz(
    g: Game, h: Game, constants: Sequence[object] | None = None, initiative: InitiativeFunction | None = None
) -> Verdict:
    """Prop 5.1 for given G, H: ``|V^{G,σ}_i − V^{H,σ}_i| <= c_b ε`` for every σ and i of rank b,
    ``ε = max |U^G − U^H|``, ``c = constants`` (default :func:`rank_constants`)."""
    values = initiative or initiative_by_player
    c = [_rational(x, "constants") for x in (constants if constants is not None else rank_constants(g.n))]
    if len(c) != g.n:
        raise InputError(f"constants: expected one constant per rank ({g.n}), got {len(c)}")
    eps = _epsilon(g, h)
    results, rows = [], {}
    for order in _orders(g.n):
        vg, vh = tuple(values(g, order)), tuple(values(h, order))
        diff = tuple(a - b for a, b in zip(vg, vh))
        bounds = [c[order.index(i)] * eps for i in range(g.n)]
        ok = all_of(_abs_le(x, bound) for x, bound in zip(diff, bounds))
        results.append(ok)
        rows[ordering_key(order)] = {"G": vg, "H": vh, "difference": diff, "bound": bounds, "holds": ok}
    return Verdict(all_of(results), evidence(epsilon=eps, constants=c, h_payoffs=_tables(h), orderings=rows))


def lipschitz(g: Game, h: Game, constant: object | None = None, value: ValueFunction | None = None) -> Verdict:
    """Prop 5.2 for given G, H: ``|R_G(i) − R_H(i)| <= C ε``, ``ε = max |U^G − U^H|``,
    ``C = constant`` (default :func:`lipschitz_constant`)."""
    c = _rational(constant, "constant") if constant is not None else lipschitz_constant(g.n)
    eps = _epsilon(g, h)
    value = value or rose
    vg, vh = tuple(value(g)), tuple(value(h))
    diff = tuple(a - b for a, b in zip(vg, vh))
    holds = all_of(_abs_le(x, c * eps) for x in diff)
    return Verdict(holds, evidence(epsilon=eps, constant=c, bound=c * eps, G=vg, H=vh, difference=diff,
                                   h_payoffs=_tables(h)))


@claim(
    "5.1",
    "Initiative values are Lipschitz in the payoffs: for games G, H with the same action sets, "
    "every ordering and the player i of rank b, |V^{G,σ}_i − V^{H,σ}_i| <= c_{n,b}·max_{j,a}"
    "|U^G_j(a) − U^H_j(a)| with c = (3, 5) for 2 players, (7, 11, 7) for 3 (rank_constants). "
    "Checked with H = G ± 1/2 in a checkerboard pattern.",
    kind="proposition",
    players=(2, 3),
)
def check_5_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 5.1: "For all games G and initiative orderings σ, the value function V^{G,σ}
    (interpreted as a function from tuples of utility functions to tuples of payoffs) is
    Lipschitz."  The essay gives no constant; :func:`rank_constants` derives one per rank
    (two players: 3 and 5, both attained).  H is :func:`perturbed` (ε = 1/2)."""
    return initiative_lipschitz(game, perturbed(game), initiative=initiative)


@claim(
    "5.2",
    "ROSE is Lipschitz in the payoffs: for games G, H with the same action sets, |R_G(i) − R_H(i)| "
    "<= C_n·max_{j,a}|U^G_j(a) − U^H_j(a)| with C_2 = 4, C_3 = 25/3 (mean of the rank constants "
    "of 5.1; C_2 = 4 is attained). Checked with H = G ± 1/2 in a checkerboard pattern.",
    kind="proposition",
    players=(2, 3),
)
def check_5_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 5.2: "For all games G, the ROSE values R_G (interpreted as a function from
    tuples of utility functions to tuples of payoffs) is Lipschitz."  The essay gives no
    constant ("only scales with the number of players. Exponentially, I believe");
    :func:`lipschitz_constant` derives ``C_n`` (4 for two players, attained; 25/3 for three).
    H is :func:`perturbed` (ε = 1/2)."""
    return lipschitz(game, perturbed(game), value=value)


# ================================================================== Prop 6: redundancy
def initiative_redundancy(
    game: Game, player: int, mixture: Mapping[int, object],
    orders: Iterable[Sequence[int]] | None = None, initiative: InitiativeFunction | None = None,
) -> Verdict:
    """Prop 6.1 for a given redundant action: ``V^{G',σ} = V^{G,σ}`` where G' adds to
    ``player`` an action equal to ``mixture`` of its actions (every σ in ``orders``)."""
    return _initiative_unchanged(
        game, add_mixed_action(game, player, mixture), "G'", orders, initiative,
        player=player, mixture={k: to_rational(w, "mixture") for k, w in mixture.items()},
    )


def redundancy(game: Game, player: int, mixture: Mapping[int, object], value: ValueFunction | None = None) -> Verdict:
    """Prop 6.2 for a given redundant action: ``R_{G'} = R_G``."""
    return _value_unchanged(
        game, add_mixed_action(game, player, mixture), "G_prime", value,
        player=player, mixture={k: to_rational(w, "mixture") for k, w in mixture.items()},
    )


def _small_leader_orders(game: Game, player: int, added: int) -> list[tuple[int, ...]]:
    """Orderings in which ``player``, after gaining ``added`` actions, does not lead a
    three-or-more-player game with more than two actions (all orderings for two players)."""
    if game.n == 2 or game.shape[player] + added <= 2:
        return _orders(game.n)
    return [o for o in _orders(game.n) if o[0] != player]


@claim(
    "6.1",
    "Redundancy invariance of initiative values: adding to a player an action whose payoffs are a "
    "mixture of its actions leaves V^σ unchanged for every ordering σ. Checked per player with the "
    "average of its first two actions (a copy if it has one); three players: orderings where that "
    "player has rank >= 2.",
    kind="proposition",
    players=(2, 3),
)
def check_6_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 6.1: "If G is the original game and G' is a new game with redundant actions
    added, then for all initiative orderings σ and players i, V^{G',σ}_i = V^{G,σ}_i"."""
    return _merge([
        initiative_redundancy(game, p, default_mixture(game, p), _small_leader_orders(game, p, 1), initiative)
        for p in range(game.n)
    ])


@claim(
    "6.2",
    "Redundancy invariance of ROSE: adding a redundant (mixture) action leaves R unchanged. Checked "
    "per player with the average of its first two actions (a copy if it has one).",
    kind="proposition",
    players=(2,),
)
def check_6_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 6.2: "If G is the original game and G' is a new game with redundant actions
    added, then for all players i, R_{G'}(i) = R_G(i)".  Registered for two players: with
    three, the player gaining an action leads some ordering with three actions (minutes of
    branch and bound, enclosures); :func:`redundancy` accepts any game."""
    return _merge([redundancy(game, p, default_mixture(game, p), value) for p in range(game.n)])


# ================================================================== Prop 7: threats
def initiative_threat_resistance(
    game: Game, caps: object, orders: Iterable[Sequence[int]] | None = None,
    initiative: InitiativeFunction | None = None,
) -> Verdict:
    """Prop 7.1 for given caps ``D_ij``: ``V^{G',σ} = V^{G,σ}`` for the destruction game G'."""
    return _initiative_unchanged(
        game, destruction_game(game, caps), "destruction game", orders, initiative, caps=_cap_evidence(game, caps)
    )


def threat_resistance(game: Game, caps: object, value: ValueFunction | None = None) -> Verdict:
    """Prop 7.2 for given caps ``D_ij``: ``R_{G'} = R_G`` for the destruction game G'."""
    return _value_unchanged(game, destruction_game(game, caps), "destruction_game", value, caps=_cap_evidence(game, caps))


def _cap_evidence(game: Game, caps: object) -> object:
    """The caps as exact numbers (a single number or a matrix, as given)."""
    if isinstance(caps, (str, bytes)) or not hasattr(caps, "__len__"):
        return to_rational(caps, "caps")
    matrix = cast("Iterable[Iterable[object]]", caps)  # sized and not a string: rows of numbers
    return [[to_rational(x, "caps") for x in row] for row in matrix]


@claim(
    "7.1",
    "Threat resistance of initiative values: in the destruction game (player i may also burn up to "
    "D_ij of player j's utility, costlessly) every V^σ is unchanged. Checked with D_ij = (i+1)·(1 + "
    "max|U|) for two players; for three, per ordering, each player of rank >= 2 burning the next player.",
    kind="proposition",
    players=(2, 3),
)
def check_7_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 7.1: "If G is the original game, then for all initiative orderings σ and
    players i, for the destruction game G', we have V^{G',σ}_i = V^{G,σ}_i"."""
    if game.n == 2:
        return initiative_threat_resistance(game, default_caps(game), initiative=initiative)
    return _merge([
        initiative_threat_resistance(game, _rank_caps(game, order), [order], initiative) for order in _orders(game.n)
    ])


@claim(
    "7.2",
    "Threat resistance of ROSE: in the destruction game R is unchanged. Checked with "
    "D_ij = (i+1)·(1 + max|U|) for i != j (asymmetric caps).",
    kind="proposition",
    players=(2,),
)
def check_7_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 7.2: "If G is the original game, then for all players i, for the destruction
    game G', we have R_{G'}(i) = R_G(i)".  The caps are asymmetric so that a symmetric game
    such as the prisoner's dilemma still exposes a threat-sensitive value (CoCo moves from
    (3, 3) to (0, 6) there).  Registered for two players (see the module note);
    :func:`threat_resistance` accepts any game and any caps."""
    return threat_resistance(game, default_caps(game), value)


# ================================================================== Prop 8: money
def initiative_money_redundancy(
    game: Game, caps: object, orders: Iterable[Sequence[int]] | None = None,
    initiative: InitiativeFunction | None = None,
) -> Verdict:
    """Prop 8.1 for given caps ``P_ij``: ``V^{G',σ} = V^{G,σ}`` for the payment game G'."""
    return _initiative_unchanged(
        game, payment_game(game, caps), "payment game", orders, initiative, caps=_cap_evidence(game, caps)
    )


def money_redundancy(game: Game, caps: object, value: ValueFunction | None = None) -> Verdict:
    """Prop 8.2 for given caps ``P_ij``: ``R_{G'} = R_G`` for the payment game G'."""
    return _value_unchanged(game, payment_game(game, caps), "payment_game", value, caps=_cap_evidence(game, caps))


@claim(
    "8.1",
    "Money redundancy of initiative values: in the payment game (player i may also pay player j up "
    "to P_ij) every V^σ is unchanged. Checked with P_ij = (i+1)·(1 + max|U|) for two players; for "
    "three, per ordering, each player of rank >= 2 paying the next player.",
    kind="proposition",
    players=(2, 3),
)
def check_8_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 8.1: "If G is the original game, then for all initiative orderings σ and
    players i, V^{G',σ}_i = V^{G,σ}_i, where G' is the payment game"."""
    if game.n == 2:
        return initiative_money_redundancy(game, default_caps(game), initiative=initiative)
    return _merge([
        initiative_money_redundancy(game, _rank_caps(game, order), [order], initiative) for order in _orders(game.n)
    ])


@claim(
    "8.2",
    "Money redundancy of ROSE: in the payment game R is unchanged. Checked with "
    "P_ij = (i+1)·(1 + max|U|) for i != j.",
    kind="proposition",
    players=(2,),
)
def check_8_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 8.2: "If G is the original game, then for all players i, R_{G'}(i) = R_G(i)
    where G' is the payment game".  Registered for two players (see the module note)."""
    return money_redundancy(game, default_caps(game), value)


# ================================================================== Prop 9: symmetry
def symmetrize(game: Game, i: int, j: int) -> Game:
    """A game in which players i and j are identical (essay Prop 9), built from G:
    ``G + swap_ij(G)`` (payoff tables added), after restricting i and j to their first
    ``min(m_i, m_j)`` actions.  Swapping is an involution, so the sum is swap-invariant."""
    m = min(game.shape[i], game.shape[j])
    base = game
    for p in (i, j):
        if base.shape[p] > m:
            base = restrict_actions(base, p, list(range(m)))
    swapped = swap_identical_players(base, i, j)
    return Game.from_tables(
        base.players, base.actions,
        [[a + b for a, b in zip(base.payoff_table(k), swapped.payoff_table(k))] for k in range(base.n)],
        "symmetrized",
    )


def symmetry(game: Game, i: int, j: int, value: ValueFunction | None = None) -> Verdict:
    """Prop 9 for a game in which players i and j are identical: ``R(i) = R(j)``."""
    if not identical_players(game, i, j):
        raise InputError(f"players {i} and {j} are not identical in the sense of essay Prop 9; see symmetrize()")
    v = tuple((value or rose)(game))
    return Verdict(_eq(v[i], v[j]), evidence(players=[i, j], values=v))


@claim(
    "9",
    "Symmetry: if players i and j are identical (U_k(c,x,y) = U_k(c,y,x) for k != i, j and "
    "U_i(c,x,y) = U_j(c,y,x)), then R(i) = R(j). Checked for every pair on G if they are "
    "identical, else on symmetrize(G, i, j) = G + swap_ij(G).",
    kind="proposition",
    players=(2, 3),
)
def check_9(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 9: "ROSE values are symmetric. If Alice and Bob are identical,
    R_G(alice) = R_G(bob)"."""
    verdicts = []
    for i, j in itertools.combinations(range(game.n), 2):
        target = game if identical_players(game, i, j) else symmetrize(game, i, j)
        verdict = symmetry(target, i, j, value)
        verdicts.append(Verdict(verdict.holds, {**verdict.evidence, **evidence(
            symmetrized=target is not game, game_payoffs=_tables(target))}))
    return _merge(verdicts)


# ================================================================== Prop 10: null player
def null_player(game: Game, position: int, value: ValueFunction | None = None) -> Verdict:
    """Prop 10 for a null player inserted at ``position``: it gets 0, the others keep R_G."""
    value = value or rose
    before, after = tuple(value(game)), tuple(value(null_player_game(game, position)))
    others = after[:position] + after[position + 1:]
    holds = all_of([_eq(after[position], Fraction(0))] + [_eq(a, b) for a, b in zip(others, before)])
    return Verdict(holds, evidence(position=position, G=before, with_null_player=after))


@claim(
    "10",
    "Null player: adding a player with one action and payoff 0 everywhere gives it R = 0 and leaves "
    "everyone else's R unchanged. Checked with the null player at every position.",
    kind="proposition",
    players=(2, 3, 4, 5),
)
def check_10(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 10: "If i is not the null player, then R_{G'}(i) = R_G(i). As for the null
    player c, R_{G'}(c) = 0".  The game with the null player has one player more; its values
    come from the orderings themselves (the null player is folded as a passive player of
    Definition 3, not by Prop 10, which :func:`rose` does not use)."""
    return _merge([null_player(game, position, value) for position in range(game.n + 1)])


# ================================================================== Prop 11: maximin
def initiative_maximin_dominance(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Prop 11.1: ``V^σ_i >= maximin_i`` for every ordering and player."""
    floors = tuple(maximin(game, i).value for i in range(game.n))
    return _every_ordering(game, initiative, lambda v: (all_of(_le(f, x) for f, x in zip(floors, v)), {}), maximin=floors)


def maximin_dominance(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Prop 11.2: ``R(i) >= maximin_i`` for every player."""
    floors = tuple(maximin(game, i).value for i in range(game.n))
    v = tuple((value or rose)(game))
    return Verdict(all_of(_le(f, x) for f, x in zip(floors, v)), evidence(values=v, maximin=floors))


@claim(
    "11.1",
    "Maximin dominance of initiative values: for every ordering σ and player i, V^σ_i >= maximin "
    "value of i (max over mixed strategies of the min over the others' joint pure profiles).",
    kind="proposition",
    players=(2, 3, 4, 5),
)
def check_11_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 11.1: "For all games G, orderings σ, and players i, V^{G,σ}_i >= maximin value of i"."""
    return initiative_maximin_dominance(game, initiative)


@claim(
    "11.2",
    "Maximin dominance of ROSE: R(i) >= maximin value of i for every player.",
    kind="proposition",
    players=(2, 3, 4, 5),
)
def check_11_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 11.2: "For all games G and players i, R_G(i) >= maximin value of i".  Runs on
    any game whose values are computable, e.g. the four-player bomb game, where Shapley-ROSE
    fails it (the essay's "Somebody set up us the Bomb")."""
    return maximin_dominance(game, value)


# ================================================================== Prop 12: sub-max
def initiative_sub_max(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Prop 12.1: ``V^σ_i <= max_a U_i(a)`` for every ordering and player."""
    ceilings = tuple(game.max_payoff(i) for i in range(game.n))
    return _every_ordering(game, initiative, lambda v: (all_of(_le(x, c) for x, c in zip(v, ceilings)), {}), max_payoff=ceilings)


def sub_max(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Prop 12.2: ``R(i) <= max_a U_i(a)`` for every player."""
    ceilings = tuple(game.max_payoff(i) for i in range(game.n))
    v = tuple((value or rose)(game))
    return Verdict(all_of(_le(x, c) for x, c in zip(v, ceilings)), evidence(values=v, max_payoff=ceilings))


@claim(
    "12.1",
    "Sub-max for initiative values: for every ordering σ and player i, V^σ_i <= max_a U_i(a).",
    kind="proposition",
    players=(2, 3, 4, 5),
)
def check_12_1(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 12.1: "For all games G, orderings σ, and players i, V^{G,σ}_i <= max value of i"."""
    return initiative_sub_max(game, initiative)


@claim(
    "12.2",
    "Sub-max for ROSE: R(i) <= max_a U_i(a) for every player.",
    kind="proposition",
    players=(2, 3, 4, 5),
)
def check_12_2(game: Game, value: ValueFunction | None = None) -> Verdict:
    """Essay Prop 12.2: "For all games G and players i, R_G(i) <= max value of i"."""
    return sub_max(game, value)


# ================================================================== Prop 13: monotonicity
def action_monotonicity(
    game: Game, bigger: Game, player: int, rank: int = 1, initiative: InitiativeFunction | None = None
) -> Verdict:
    """Prop 13 for a given pair: ``bigger`` is ``game`` with more actions for ``player`` (its
    first actions are ``game``'s, the others' actions and payoffs unchanged); for every
    ordering giving ``player`` rank ``rank`` (1 = the proposition; other ranks: the essay says
    it can fail), ``V^{bigger,σ}_player >= V^{game,σ}_player``."""
    values = initiative or initiative_by_player
    if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= game.n:
        raise InputError(f"rank: expected a rank 1..{game.n}, got {rank!r}")
    extends = (
        bigger.n == game.n
        and all(bigger.shape[k] == game.shape[k] for k in range(game.n) if k != player)
        and bigger.shape[player] >= game.shape[player]
    )
    if extends:
        first = restrict_actions(bigger, player, list(range(game.shape[player])))
        extends = all(first.payoff_table(k) == game.payoff_table(k) for k in range(game.n))
    if not extends:
        raise InputError("bigger: expected the game with extra actions appended for the player, the rest unchanged")
    results, rows = [], {}
    for order in _orders(game.n):
        if order[rank - 1] != player:
            continue
        small, large = values(game, order)[player], values(bigger, order)[player]
        ok = _le(small, large)
        results.append(ok)
        rows[ordering_key(order)] = {"G": small, "G'": large, "holds": ok}
    return Verdict(all_of(results), evidence(player=player, rank=rank, orderings=rows))


@claim(
    "13",
    "Action monotonicity at rank 1: if G' is G with more actions for player i, then for every "
    "ordering giving i rank 1, V^{G',σ}_i >= V^{G,σ}_i. Checked with G' = G and G = G' minus one "
    "of the rank-1 player's actions (each in turn).",
    kind="proposition",
    players=(2, 3),
)
def check_13(game: Game, initiative: InitiativeFunction | None = None) -> Verdict:
    """Essay Prop 13: "If the game G' is like G but player i has a larger action space, then
    for all orderings σ where σ(i) = 1, V^{G',σ}_{σ(i)} >= V^{G,σ}_{σ(i)}" (σ(i) = i's rank).
    The given game plays G'; each smaller G drops one action of the rank-1 player (the kept
    actions in order, the dropped one moved last so G' extends G)."""
    verdicts = []
    for player in range(game.n):
        m = game.shape[player]
        if m < 2:
            continue
        for dropped in range(m):
            keep = [a for a in range(m) if a != dropped]
            smaller = restrict_actions(game, player, keep)
            bigger = restrict_actions(game, player, keep + [dropped])  # G' = G with `dropped` appended
            verdict = action_monotonicity(smaller, bigger, player, 1, initiative)
            verdicts.append(Verdict(verdict.holds, {**verdict.evidence, **evidence(dropped_action=dropped)}))
    if not verdicts:
        return Verdict(True, evidence(note="no player has two actions: nothing to drop"))
    return _merge(verdicts)


# ================================================================== Shapley forms
KINDS = ("initiative", "yielding", "rose", "coco")
SAME = (("initiative", "yielding"), ("initiative", "rose"))


def shapley_forms(
    game: Game,
    kinds: Sequence[str] = KINDS,
    same: Sequence[tuple[str, str]] = SAME,
    textbook: Callable[[int, Mapping[frozenset[int], Fraction]], Sequence[Fraction]] = shapley_textbook,
) -> Verdict:
    """For each coalition-value kind in ``kinds``: the essay's form
    ``Σ_{S∋i} (n−s)!(s−1)!/n! (v(S) − v(N∖S))`` equals ``textbook(n, v)`` (default the textbook
    form ``Σ_{S∌i} s!(n−s−1)!/n! (v(S∪i) − v(S))``); and for each pair of kinds in ``same``,
    their (essay-form) Shapley values are equal.

    The first holds for EVERY coalition function with ``v(∅) = 0``, not only when
    ``v(S) + v(N∖S) = v(N)``: in the textbook form substitute ``T = N∖S`` in the subtracted
    terms (``T ∋ i`` iff ``S ∌ i``, and ``s!(n−s−1)!/n! = (n−t)!(t−1)!/n!``); the evidence lists
    ``v(S) + v(N∖S)`` to show the forms agreeing where that sum is not ``max Σ`` (v+, v−).
    The second is the essay's "initiative or yielding, the same payouts": ``v−`` is the dual
    of ``v+`` (``v−(S) = max Σ − v+(N∖S)``), so the terms ``v(S) − v(N∖S)`` coincide; Shapley-ROSE
    uses their average.
    """
    everyone = frozenset(range(game.n))
    checks, rows, phi = [], {}, {}
    for kind in dict.fromkeys([*kinds, *(k for pair in same for k in pair)]):
        v = coalition_values(game, kind)
        phi[kind] = shapley_amplification(game.n, v)
        if kind not in kinds:
            continue
        other = tuple(textbook(game.n, v))
        complements = {
            _coalition_key(s): value + v[everyone - s] for s, value in sorted(v.items(), key=_by_size) if 0 < len(s) < game.n
        }
        ok = all_of(_eq(a, b) for a, b in zip(phi[kind], other))
        checks.append(ok)
        rows[kind] = {"essay": phi[kind], "textbook": other, "v(S)+v(N-S)": complements, "holds": ok}
    pairs = {}
    for first, second in same:
        ok = all_of(_eq(a, b) for a, b in zip(phi[first], phi[second]))
        checks.append(ok)
        pairs[f"{first}={second}"] = {first: phi[first], second: phi[second], "holds": ok}
    return Verdict(all_of(checks), evidence(max_total=game.max_total(), forms=rows, same=pairs))


def _by_size(item: tuple[frozenset[int], Fraction]) -> tuple[int, list[int]]:
    return len(item[0]), sorted(item[0])


def _coalition_key(coalition: frozenset[int]) -> str:
    return "{" + ",".join(str(i + 1) for i in sorted(coalition)) + "}"


@claim(
    "shapley-forms",
    "The essay's Shapley form Σ_{S∋i} (n−s)!(s−1)!/n!·(v(S) − v(N∖S)) equals the textbook Shapley "
    "value (for initiative, yielding, ROSE and CoCo coalition values), and initiative (v+) and "
    "yielding (v−) coalition values give the same Shapley values, equal to Shapley-ROSE.",
    kind="proposition",
    players=(2, 3),
)
def check_shapley_forms(game: Game) -> Verdict:
    """Essay "Two to N with Shapley Values": "This isn't the standard presentation of Shapley
    values, but the standard presentation can be reshuffled into this equation"; essay
    "Shapley Sums and Initiative Games": "it doesn't depend on whether Alice computes her
    Shapley values using the initiative games, or whether Alice computes her Shapley values
    using the yielding games! The same payouts will arise."  Not an essay-numbered
    proposition.  One might expect the forms to agree only "when v(S) + v(N∖S) = v(N) for all S"; the
    essay states no condition, and none is needed (see :func:`shapley_forms`): checked here
    on v+ and v− too, whose complementary sums differ from max Σ."""
    return shapley_forms(game)


#: The claim ids this module registers, in the essay's order.
IDS = (
    "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2", "7.1", "7.2", "8.1", "8.2",
    "9", "10", "11.1", "11.2", "12.1", "12.2", "13", "shapley-forms",
)
