"""The essay's claims decided for every real two-player game of a shape (family ``MxN:real``),
with proof objects that an independent checker re-checks.

A claim becomes a list of :class:`Inequality`: ``Σ_k c_k v_k >= 0`` for every real game
(satisfying a hypothesis such as "player 1's payoff is at least player 2's at every outcome"),
over the shape's **basic values** (:data:`VALUES`), each an exact case analysis
(:mod:`exactrose.values.symbolic`):

- ``V1``, ``V2``: player i's initiative value when it leads (essay Definition 4);
- ``T``: the largest total ``max_a Σ_i U_i(a)``; ``M1``, ``M2``: the maximin values;
  ``X1``, ``X2``: each player's largest payoff;
- ``V1[-a2]``, ``V2[-b1]``, ...: a leader's initiative value in the sub-game without one of its
  actions (:func:`sub_game_values`; essay Prop 13);
- ``V1[burn]``, ``V2[burn]``, ``T[burn]`` (``[pay]``): the same in the destruction (payment) game
  of essay Prop 7 (8), whose options' caps ``c11, c12, c21, c22 >= 0`` (``c12, c21 >= 0``; a
  player pays only the other) are more variables;
  ``V1[H]``, ``V1[sum]``, ``d·V1``, ``e·V1[H]``, ...: the same in a second game H of the shape and
  in the parallel sum ``dG + eH`` (Prop 3), H's payoffs and the weights ``d, e >= 0`` being more
  variables; a weight times a value (:data:`~exactrose.values.symbolic.GAMES`; :data:`DERIVED`).

Every value the claims speak of is linear in these: the follower's initiative value is
``T − V_leader`` (Definition 3: ``V_2 = W_2 − W_1`` with ``W_2 = max Σ``), ROSE averages the
two orderings, ``R(1) = ½ V1 + ½ (T − V2)``, and with a null player (Prop 10) each ordering of
the three players has initiative values that Definition 4 makes linear in them too
(:func:`~exactrose.values.passive.initiative_forms`).  An equality is two inequalities.  Each inequality
is proved (:func:`prove`) in the first of four ways that applies:

- **identity**: its linear form is 0 (4.1, 4.2: the essay's telescoping sums; 10);
- **derivation**: it is a nonnegative combination of inequalities proved before it, with
  multipliers found by an exact LP and checked by exact arithmetic (11.2 from 11.1: ROSE is an
  average of initiative values);
- **symmetry**: under the symmetric hypothesis its values cancel by exact substitution
  (:func:`vanishes_by_symmetry`; Prop 9), re-derived by the checker without a solver;
- **cases**: :func:`proofs.decide.nonnegative` decides it with an SMT solver, one small query at
  a time; the proof records every query (:class:`proofs.decide.Cases`).  A subtracted value that
  is a maximum of parts is split first (:func:`splits`: one sub-inequality per choice of parts);
  then each sub-inequality is asked in the first of :data:`ENCODINGS` that settles it: a kit
  game's or the parallel sum's value against G's through the other's feasible point, mapped
  (:func:`lifted`, :class:`~exactrose.values.symbolic.Lift`); initiative and maximin values by
  witnesses of their programs (:func:`ceiling`: a dual solution from above; :func:`parts`: a
  feasible point from below); else by the vertices of their regions from above and their parts'
  cells (a maximin value: its minimax dual's vertices) from below.

A failed inequality gives a counterexample whose rational payoffs are confirmed twice: by the
cells, and by the claim's own checker on the game (the exact solver, :mod:`proofs.propositions`;
at the solver's caps, or H and weights, for a claim about another game, :data:`CONFIRM`).  Claims
with no case analysis here (5.x, 6.x, and the negative controls) are searched for
a counterexample among random rational games of the shape, each checked by the exact solver; none
found leaves them undecided.

:func:`proof_to_json` writes a proof object; :func:`check_proof` re-checks one without trusting
it: it rebuilds the claim's inequalities from the claim id and the shape, re-checks each
identity and derivation by exact arithmetic and each case analysis with the other solver
(:func:`proofs.decide.recheck`), and refuses anything else.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import itertools
import json
import math
import multiprocessing
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar, cast

from flint import fmpq_mpoly
from tqdm import tqdm

from exactrose.errors import CertificateError, InputError
from exactrose.exact.lp import LinearProgram, solve_lp
from exactrose.exact.numbers import from_fmpq, shorten
from exactrose.model.game import Game
from exactrose.runtime.cluster import check_workers
from exactrose.values.passive import initiative_forms
from exactrose.values.symbolic import (
    GAMES,
    NONNEGATIVE,
    Cell,
    Extremum,
    Lift,
    Payoffs,
    Programs,
    initiative_ceiling,
    initiative_cells,
    initiative_programs,
    initiative_value,
    lift,
    maximin_ceiling,
    maximin_cells,
    maximin_floor,
    maximin_value,
    maximum_cells,
    profile_ceiling,
    profile_values,
    projection,
    scaled,
    sum_lift,
    sum_projection,
)
from proofs.core import REGISTRY, Verdict
from proofs.decide import SOLVERS, TIMEOUT, Cases, check_structure, nonnegative, recheck
from proofs.propositions import (
    initiative_linearity,
    initiative_money_redundancy,
    initiative_threat_resistance,
    linearity,
    money_redundancy,
    threat_resistance,
)
from proofs.store import ResultStore
from proofs.sweep import load_claims

#: The basic values of a two-player shape, and what each is.
VALUES = {
    "V1": "player 1's initiative value when it leads",
    "V2": "player 2's initiative value when it leads",
    "T": "the largest total payoff",
    "M1": "player 1's maximin value",
    "M2": "player 2's maximin value",
    "X1": "player 1's largest payoff",
    "X2": "player 2's largest payoff",
}


def value_name(base: str, game: str = "", weight: str = "") -> str:
    """The name of basic value ``base`` (``V1``, ``V2``, ``T``) of another game of the ring
    (:data:`~exactrose.values.symbolic.GAMES`), times a weight ("d" or "e") if given."""
    return f"{weight}·" * bool(weight) + base + f"[{game}]" * bool(game)


#: The basic values of the ring's other games and the weighted ones, by name -> (value in G,
#: game, weight): an inequality over any of them is over that game's ring.
DERIVED = {value_name(base, game, weight): (base, game, weight) for base in ("V1", "V2", "T")
           for game, weight in [*((game, "") for game in GAMES), ("", "d"), ("H", "e")]}


def sub_game_values(shape: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """The basic values of ``shape`` besides :data:`VALUES`: for each player with two or more
    actions and each of them, the player's initiative value when it leads the sub-game without
    that action, by name (``V1[-a2]``: player 1 without its action a2) -> (player, action), 0-based."""
    return {f"V{leader + 1}[-{'ab'[leader]}{action + 1}]": (leader, action)
            for leader in (0, 1) if shape[leader] >= 2 for action in range(shape[leader])}


#: Hypotheses an inequality may assume of the game (besides its shape), by name.
HYPOTHESES = {
    "": "every game",
    "symmetric": "symmetric games (U2(a, b) = U1(b, a): the players are identical, essay Prop 9)",
    "U1>=U2": "games where U1 >= U2 at every outcome",
    "U2>=U1": "games where U2 >= U1 at every outcome",
}

#: Largest action count per player of a ``:real`` family (the case analyses grow fast beyond).
MAX_ACTIONS = 3

#: Random games tried for a claim with no case analysis, before it is left undecided.
SAMPLES = 200

#: How a step that holds was settled (the others: "fails", "undecided").
PROVED = ("identity", "derivation", "symmetry", "cases")

#: Version of the proof object's JSON layout.
PROOF_VERSION = 3

Form = tuple[tuple[str, Fraction], ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Inequality:
    """``Σ coefficient·value >= 0`` over the basic values, for every real game of the shape
    satisfying ``hypothesis`` (a key of :data:`HYPOTHESES`)."""

    label: str
    form: Form
    hypothesis: str = ""

    def text(self) -> str:
        """The inequality as the claim states it, then over the basic values."""
        terms = " ".join(f"{'-' if c < 0 else '+'} {_coefficient(abs(c))}{name}" for name, c in self.form)
        condition = f" for {HYPOTHESES[self.hypothesis]}" if self.hypothesis else ""
        return f"{self.label}{condition}: {terms.removeprefix('+ ') or '0'} >= 0"


def _coefficient(c: Fraction) -> str:
    return "" if c == 1 else f"{c}·"


def _rank(name: str) -> tuple[int, int, str]:
    """Basic values in the order of :data:`VALUES`, then the sub-games' by name."""
    return (0, list(VALUES).index(name), "") if name in VALUES else (1, 0, name)


def _form(coefficients: Mapping[str, Fraction]) -> Form:
    return tuple((name, coefficients[name]) for name in sorted(coefficients, key=_rank) if coefficients[name] != 0)


def _combine(*parts: tuple[Fraction | int, Mapping[str, Fraction]]) -> dict[str, Fraction]:
    total: dict[str, Fraction] = {}
    for c, part in parts:
        for name, value in part.items():
            total[name] = total.get(name, Fraction(0)) + Fraction(c) * value
    return total


def _value(name: str) -> dict[str, Fraction]:
    return {name: Fraction(1)}


ORDERS = ((0, 1), (1, 0))


def _order(order: tuple[int, int]) -> str:
    return f"({order[0] + 1},{order[1] + 1})"


def initiative(order: tuple[int, int], player: int, game: str = "", weight: str = "") -> dict[str, Fraction]:
    """Player ``player``'s initiative value (0 or 1) in ``order``, over the basic values (of
    another game of the ring, times a weight, as :func:`value_name`)."""
    leader = value_name(f"V{order[0] + 1}", game, weight)
    if player == order[0]:
        return _value(leader)
    return _combine((1, _value(value_name("T", game, weight))), (-1, _value(leader)))


def rose(player: int, game: str = "", weight: str = "") -> dict[str, Fraction]:
    """Player ``player``'s ROSE value: the average of its initiative values over both orders."""
    return _combine(*[(Fraction(1, 2), initiative(order, player, game, weight)) for order in ORDERS])


def _at_least(left: Mapping[str, Fraction], right: Mapping[str, Fraction], label: str,
              hypothesis: str = "") -> list[Inequality]:
    return [Inequality(label, _form(_combine((1, left), (-1, right))), hypothesis)]


def _equal(left: Mapping[str, Fraction], right: Mapping[str, Fraction], label: str,
           hypothesis: str = "") -> list[Inequality]:
    """``left == right`` as two inequalities, labelled ``label`` with ``>=`` and ``<=``."""
    return _at_least(left, right, label.replace("=", ">=", 1), hypothesis) + _at_least(
        right, left, label.replace("=", "<=", 1), hypothesis)


def _pareto(order: tuple[int, int]) -> list[Inequality]:
    total = _combine(*[(1, initiative(order, p)) for p in (0, 1)])
    return _equal(total, _value("T"), f"V{_order(order)}_1 + V{_order(order)}_2 = max Σ")


def _maximin(order: tuple[int, int], player: int) -> list[Inequality]:
    return _at_least(initiative(order, player), _value(f"M{player + 1}"),
                     f"V{_order(order)}_{player + 1} >= maximin_{player + 1}")


def _sub_max(order: tuple[int, int], player: int) -> list[Inequality]:
    return _at_least(_value(f"X{player + 1}"), initiative(order, player),
                     f"V{_order(order)}_{player + 1} <= max U_{player + 1}")


def _dominance(value: Callable[[int], dict[str, Fraction]], name: str) -> list[Inequality]:
    return (_at_least(value(0), value(1), f"{name}_1 >= {name}_2", "U1>=U2")
            + _at_least(value(1), value(0), f"{name}_2 >= {name}_1", "U2>=U1"))


def _more_actions(shape: tuple[int, int]) -> list[Inequality]:
    """Prop 13 for two players: the leader's initiative value is at least its value in each
    sub-game without one of its actions."""
    return [inequality for name, (leader, action) in sub_game_values(shape).items()
            for inequality in _at_least(_value(f"V{leader + 1}"), _value(name),
                                        f"V{_order(ORDERS[leader])}_{leader + 1} >= the same in G minus "
                                        f"{'ab'[leader]}{action + 1}")]


def _in_game(game: str, value: Callable[..., dict[str, Fraction]], label: str) -> list[Inequality]:
    """``value`` (:func:`initiative` or :func:`rose` with its leading arguments) in ``game`` equals
    it in G (Props 7, 8), or d times it in G plus e times it in H for the parallel sum (Prop 3)."""
    if game == "sum":
        expected = _combine((1, value(weight="d")), (1, value(game="H", weight="e")))
        return _equal(value(game=game), expected, f"{label}[sum] = d·{label} + e·{label}[H]")
    return _equal(value(game=game), value(), f"{label}[{game}] = {label}")


def _initiative_in(game: str) -> list[Inequality]:
    """Props 3.1, 7.1, 8.1: every initiative value in ``game`` (:func:`_in_game`); the largest
    totals and the leaders' values first (the followers' equalities follow from them)."""
    def total(game: str = "", weight: str = "") -> dict[str, Fraction]:
        return _value(value_name("T", game, weight))

    return (_in_game(game, total, "max Σ")
            + [i for order in ORDERS for i in _in_game(game, functools.partial(initiative, order, order[0]),
                                                       f"V{_order(order)}_{order[0] + 1}")]
            + [i for order in ORDERS for i in _in_game(game, functools.partial(initiative, order, order[1]),
                                                       f"V{_order(order)}_{order[1] + 1}")])


def _rose_in(game: str) -> list[Inequality]:
    """Props 3.2, 7.2, 8.2: ROSE values in ``game`` (:func:`_in_game`)."""
    return [i for p in (0, 1) for i in _in_game(game, functools.partial(rose, p), f"R_{p + 1}")]


def _null_player() -> list[Inequality]:
    """Prop 10: with a null player inserted at each position of the three-player game, its ROSE
    value is 0 and every other player's is its ROSE value in G.  Each ordering's initiative values
    are Definition 4 evaluated with the null player passive
    (:func:`~exactrose.values.passive.initiative_forms`), so each equality is an identity."""
    listed = []
    for position in range(3):
        values: list[dict[str, Fraction]] = [{}, {}, {}]  # R by player of the three-player game
        for order in itertools.permutations(range(3)):
            forms = initiative_forms([None if p == position else p - (p > position) for p in order])
            for player, form in zip(order, forms):
                values[player] = _combine((1, values[player]), (Fraction(1, 6), form))
        for player, value in enumerate(values):
            where = f"R_{player + 1}[null player {position + 1}]"
            if player == position:
                listed += _equal(value, {}, f"{where} = 0")
            else:
                listed += _equal(value, rose(player - (player > position)), f"{where} = R_{player + (player < position)}")
    return listed


#: Each claim with a case analysis: the claims whose inequalities it may be derived from, and its
#: own inequalities for a shape.
CLAIMS: dict[str, tuple[tuple[str, ...], Callable[[tuple[int, int]], list[Inequality]]]] = {
    "4.1": ((), lambda shape: [i for order in ORDERS for i in _pareto(order)]),
    "4.2": ((), lambda shape: _equal(_combine((1, rose(0)), (1, rose(1))), _value("T"), "R_1 + R_2 = max Σ")),
    "9": ((), lambda shape: _equal(rose(0), rose(1), "R_1 = R_2", "symmetric")),
    "11.1": ((), lambda shape: [i for order in ORDERS for p in (0, 1) for i in _maximin(order, p)]),
    "11.2": (("11.1",), lambda shape: [i for p in (0, 1) for i in _at_least(
        rose(p), _value(f"M{p + 1}"), f"R_{p + 1} >= maximin_{p + 1}")]),
    "12.1": ((), lambda shape: [i for order in ORDERS for p in (0, 1) for i in _sub_max(order, p)]),
    "12.2": (("12.1",), lambda shape: [i for p in (0, 1) for i in _at_least(
        _value(f"X{p + 1}"), rose(p), f"R_{p + 1} <= max U_{p + 1}")]),
    "10": ((), lambda shape: _null_player()),
    "13": ((), _more_actions),
    "3.1": ((), lambda shape: _initiative_in("sum")),
    "3.2": (("3.1",), lambda shape: _rose_in("sum")),
    "7.1": ((), lambda shape: _initiative_in("burn")),
    "7.2": (("7.1",), lambda shape: _rose_in("burn")),
    "8.1": ((), lambda shape: _initiative_in("pay")),
    "8.2": (("8.1",), lambda shape: _rose_in("pay")),
    "payoff-dominance-initiative": ((), lambda shape: [i for order in ORDERS for i in _dominance(
        functools.partial(initiative, order), f"V{_order(order)}")]),
    "payoff-dominance": (("payoff-dominance-initiative",), lambda shape: _dominance(rose, "R")),
}


Confirm = Callable[[tuple[int, int], Game, Sequence[Fraction]], Verdict]


def _at_caps(check: Callable[[Game, object], Verdict], kit: str) -> Confirm:
    """At the caps ``c11, c12, c21, c22`` of the destruction kit (``kit`` "burn"), or ``c12, c21``
    of the payment kit ("pay")."""
    if kit == "burn":
        return lambda shape, game, caps: check(game, [caps[:2], caps[2:]])
    return lambda shape, game, caps: check(game, [[0, caps[0]], [caps[1], 0]])


def _with_pair(check: Callable[[Game, Game, Fraction, Fraction], Verdict]) -> Confirm:
    return lambda shape, game, rest: check(game, game_of(shape, rest[:-2]), rest[-2], rest[-1])


#: The claims about another game of the ring, each with its exact check at given values of the
#: ring's extra variables (the caps ``[[c11, c12], [c21, c22]]`` or ``[[0, c12], [c21, 0]]``; H, d and e): how a counterexample
#: is confirmed.
CONFIRM: dict[str, Confirm] = {
    "3.1": _with_pair(initiative_linearity), "3.2": _with_pair(linearity),
    "7.1": _at_caps(initiative_threat_resistance, "burn"), "7.2": _at_caps(threat_resistance, "burn"),
    "8.1": _at_caps(initiative_money_redundancy, "pay"), "8.2": _at_caps(money_redundancy, "pay")}


def inequalities(claim: str, shape: tuple[int, int]) -> list[tuple[str, Inequality]]:
    """The inequalities a proof of ``claim`` for ``shape`` goes through, each with the claim it
    belongs to: its lemmas' (:data:`CLAIMS`) first, then its own."""
    lemmas, own = CLAIMS[claim]
    listed = [item for lemma in lemmas for item in inequalities(lemma, shape)]
    return listed + [(claim, inequality) for inequality in own(shape)]


# ----------------------------------------------------------------------------- families
def parse_real_family(spec: str) -> tuple[int, int] | None:
    """The shape of a ``MxN:real`` family spec (every real two-player M×N game), or None when
    ``spec`` is not of that kind; an InputError names a bad shape."""
    head, separator, tail = spec.strip().partition(":")
    if not separator or tail.strip().lower() != "real":
        return None
    match = re.fullmatch(r"(\d{1,3})x(\d{1,3})", head.strip().lower())
    if match is None:
        raise InputError(f"family spec {shorten(spec, 80)!r}: shape: expected two action counts such as 2x2 "
                         f"(a ':real' family is every real two-player game of a shape)")
    shape = (int(match[1]), int(match[2]))
    if not all(1 <= k <= MAX_ACTIONS for k in shape):
        raise InputError(f"family spec {shorten(spec, 80)!r}: shape: a ':real' family has 1 to {MAX_ACTIONS} "
                         f"actions per player, got {head.strip()}")
    return shape


def _initiative(payoffs: Payoffs, name: str) -> tuple[Payoffs, int] | None:
    """The (sub-)game and leader of an initiative value's name (``V1``, ``V2[-b3]``), else None."""
    if name in ("V1", "V2"):
        return payoffs, int(name[1]) - 1
    shape = (payoffs.rows, payoffs.columns)
    if name in sub_game_values(shape):
        leader, action = sub_game_values(shape)[name]
        return payoffs.without(leader, action), leader
    return None


#: The basic values that are a maximum of profile values, with the weights of their sums.
PROFILE_MAXIMA = {"T": (1, 1), "X1": (1, 0), "X2": (0, 1)}


def _by_kind(shape: tuple[int, int], name: str, extra: str, initiative: Callable[[Payoffs, int], T],
             profiles: Callable[[Payoffs, tuple[int, int]], T], maximin: Callable[[Payoffs, int], T]) -> T:
    """A representation of basic value ``name`` on the ring with ``extra`` variables, built by the
    function for its kind: an initiative value (its game or sub-game, its leader), a maximum over
    profiles (the game, the weights of the sums) or a maximin value (the game, the player); a
    weighted value's (:data:`DERIVED`) times its weight."""
    base, game, weight = DERIVED.get(name, (name, "", ""))
    payoffs = Payoffs(*shape, extra=extra, game=game)
    found = _initiative(payoffs, base)
    if found is not None:
        value = initiative(*found)
    elif base in PROFILE_MAXIMA:
        value = profiles(payoffs, PROFILE_MAXIMA[base])
    elif base in ("M1", "M2"):
        value = maximin(payoffs, int(base[1]) - 1)
    else:
        raise InputError(f"basic value {name!r}: expected one of "
                         f"{', '.join([*VALUES, *sub_game_values(shape), *DERIVED])}")
    if not weight:
        return value
    factor = payoffs.ring.gens()[-2 if weight == "d" else -1]
    built: Any = value  # Programs, an Extremum, a value's cells, or a list of parts
    if isinstance(built, (Extremum, Programs)) or isinstance(built[0], Cell):
        return cast(T, scaled(built, factor))
    return cast(T, [scaled(part, factor) for part in built])


#: How a case analysis bounds the values of an inequality: by their programs (witnesses: a dual
#: solution from above, a feasible point from below) or by the vertices of their regions (from
#: above) and their parts' cells (from below), in the order first tried; a sub-inequality one
#: leaves open is asked in the other, and the one that settled the last sub-inequality is tried
#: first on the next of the same ring (:func:`_settle`).  Before both, where it applies (:func:`lifted`),
#: "lifts": as "programs", but a kit game's initiative value whose leader's value in G is
#: subtracted (or G's, where the kit's is) is bounded from below through the subtracted value's
#: feasible point, mapped (:class:`~exactrose.values.symbolic.Lift`), instead of by dual solutions.
ENCODINGS = ("lifts", "programs", "vertices")

#: Seconds each query in the programs' encoding may take when the vertices' encoding is left to try.
WITNESS_TIMEOUT = 10.0

#: The vertices' encoding is not tried on a ring with a game of more candidate bases than this
#: (``C(m + n, m)`` for an m×n game): the destruction kit of a 2×2 game is 8×8, 12,870.
MAX_BASES = 1000


@functools.lru_cache(maxsize=32)
def _most_bases(shape: tuple[int, int], extra: str) -> int:
    """The most candidate bases, ``C(m + n, m)``, of an m×n game on the ring with ``extra`` variables."""
    sizes = [(len(u1), len(u1[0])) for game in ["", *(g for g in GAMES if GAMES[g][0] == extra)]
             for u1, _ in [Payoffs(*shape, extra=extra, game=game).tables()]]
    return max(math.comb(m + n, m) for m, n in sizes)


def usable_encodings(shape: tuple[int, int], inequality: Inequality, order: Sequence[str]) -> list[str]:
    """The encodings worth trying for ``inequality``: "lifts" first where it lifts a value
    (:func:`lifted`), then the others of ``order``, the vertices only on a ring whose games have at
    most :data:`MAX_BASES` candidate bases."""
    bases = _most_bases(shape, ring_extra(inequality))
    return ["lifts"] * bool(lifted(inequality)) + [
        encoding for encoding in order if encoding != "lifts" and (encoding != "vertices" or bases <= MAX_BASES)]


#: How a lifted value is built (:class:`~exactrose.values.symbolic.Lift`): from the game of the
#: ring it speaks of, its leader, the indices of its sources in the sum and their chosen parts.
Lifting = Callable[[Payoffs, int, tuple[int, ...], tuple[int, ...]], Lift]


@dataclass(frozen=True)
class Lifted:
    """A value of an inequality bounded through the subtracted values ``others`` (their feasible
    points): the game whose tables the bound needs (:data:`~exactrose.values.symbolic.GAMES`), the
    leader, and how the :class:`~exactrose.values.symbolic.Lift` is built."""

    others: tuple[str, ...]
    game: str
    leader: int
    build: Lifting


def _sum_side(side: str) -> Lifting:
    """:func:`~exactrose.values.symbolic.sum_projection` onto ``side`` ("G" or "H")."""
    return lambda g, p, s, c: sum_projection(g, p, side, s[0], c[0])


def lifted(inequality: Inequality) -> dict[str, Lifted]:
    """The values of ``inequality`` that the "lifts" encoding bounds through others' feasible
    points (:data:`ENCODINGS`), by name: a leader's initiative value in the destruction or payment
    game with a positive coefficient where the same leader's value in G is subtracted
    (:func:`~exactrose.values.symbolic.lift`), or the other way round
    (:func:`~exactrose.values.symbolic.projection`); its value in the parallel sum where d and e
    times its values in G and H are (:func:`~exactrose.values.symbolic.sum_lift`), or the other way
    round (:func:`~exactrose.values.symbolic.sum_projection`)."""
    form = dict(inequality.form)
    candidates: list[tuple[str, Lifted]] = []
    for leader, base in enumerate(("V1", "V2")):
        for game in ("burn", "pay"):
            candidates += [
                (value_name(base, game), Lifted((base,), game, leader, lambda g, p, s, c: lift(g, p, s[0], c[0]))),
                (base, Lifted((value_name(base, game),), game, leader, lambda g, p, s, c: projection(g, p, s[0], c[0])))]
        weighted = (value_name(base, weight="d"), value_name(base, "H", "e"))
        candidates.append((value_name(base, "sum"), Lifted(weighted, "sum", leader, lambda g, p, s, c: sum_lift(
            g, p, (s[0], s[1]), (c[0], c[1])))))
        candidates += [(name, Lifted((value_name(base, "sum"),), "sum", leader, _sum_side(side)))
                       for name, side in zip(weighted, "GH")]
    return {mine: way for mine, way in candidates
            if form.get(mine, 0) > 0 and all(form.get(other, 0) < 0 for other in way.others)}


def _programs(payoffs: Payoffs, leader: int) -> list[Programs]:
    value = initiative_value(payoffs, leader)
    return [value.part(k) for k in range(len(value.objectives))]


def _profiles(payoffs: Payoffs, weights: tuple[int, int]) -> list[list[Cell]]:
    return [[cell] for cell in profile_values(payoffs, weights)]


@functools.lru_cache(maxsize=128)
def parts(shape: tuple[int, int], name: str, extra: str = "",
          encoding: str = "programs") -> Sequence[Sequence[Cell] | Programs | Extremum]:
    """Basic value ``name`` as the maximum of its **parts**, each as a proof bounds it from below
    (:data:`ENCODINGS`): an initiative value's programs (one per reply of the follower), each by a
    feasible point or by its cells; a largest payoff's or total's profiles (one cell each, holding
    everywhere); a maximin value is one part, its program or the smallest objective over the
    vertices of its minimax dual.  On the ring with ``extra`` variables (:func:`ring_extra`)."""
    if encoding == "programs":
        return _by_kind(shape, name, extra, _programs, _profiles, lambda payoffs, player: [maximin_value(payoffs, player)])
    return _by_kind(shape, name, extra, initiative_programs, _profiles,
                    lambda payoffs, player: [maximin_floor(payoffs, player)])


@functools.lru_cache(maxsize=128)
def ceiling(shape: tuple[int, int], name: str, extra: str = "", encoding: str = "programs") -> Programs | Extremum:
    """Basic value ``name`` as a proof bounds it from above (:data:`ENCODINGS`): its programs, each
    by a dual solution (:class:`~exactrose.values.symbolic.Programs`), or the largest objective over
    its region's vertices; a largest total's or payoff's profiles are one vertex
    (:class:`~exactrose.values.symbolic.Extremum`)."""
    if encoding == "programs":
        bound: Callable[[Payoffs, int], Programs | Extremum] = initiative_value
        return _by_kind(shape, name, extra, bound, profile_ceiling, maximin_value)
    return _by_kind(shape, name, extra, initiative_ceiling, profile_ceiling, maximin_ceiling)


@functools.lru_cache(maxsize=64)
def cells(shape: tuple[int, int], name: str, extra: str = "") -> list[Cell]:
    """The cells of basic value ``name`` of ``shape`` as a whole (built once per process, when
    first asked; proofs use :func:`parts` and :func:`ceiling`, far smaller)."""
    return _by_kind(shape, name, extra, initiative_cells, maximum_cells, maximin_cells)


def _symmetric_images(shape: tuple[int, int]) -> list[fmpq_mpoly]:
    """Each payoff of a symmetric game of ``shape`` in player 1's: ``U1(a, b)`` itself and
    ``U2(a, b) = U1(b, a)``, in the ring's order; an InputError for a shape that is not square."""
    rows, columns = shape
    if rows != columns:
        raise InputError(f"hypothesis 'symmetric': expected a square shape, got {rows}x{columns}")
    u1, _ = Payoffs(*shape).tables()
    return [u for row in u1 for u in row] + [u1[b][a] for a in range(rows) for b in range(columns)]


def hypotheses(shape: tuple[int, int], name: str, extra: str = "") -> list[tuple[fmpq_mpoly, str]]:
    """The conditions on the payoffs of hypothesis ``name`` (:data:`HYPOTHESES`); on the ring with
    ``extra`` variables, whose caps or weights d and e are then at least 0 (:data:`~exactrose.values.symbolic.NONNEGATIVE`)."""
    if extra:
        ring = Payoffs(*shape, extra=extra).ring
        gens = ring.gens()
        return [(poly.compose(*gens[:ring_size(shape)], ctx=ring), relation) for poly, relation in
                hypotheses(shape, name)] + [(c, ">=") for c in gens[len(gens) - NONNEGATIVE[extra]:]]
    u1, u2 = Payoffs(*shape).tables()
    rows, columns = shape
    if name == "":
        return []
    if name == "symmetric":
        gens = Payoffs(*shape).ring.gens()
        return [(u - image, "==") for u, image in zip(gens, _symmetric_images(shape)) if u != image]
    high, low = (u1, u2) if name == "U1>=U2" else (u2, u1)
    return [(high[a][b] - low[a][b], ">=") for a in range(rows) for b in range(columns)]


# ----------------------------------------------------------------------------- proving
@dataclass(frozen=True)
class Part:
    """One sub-inequality of a case analysis (:func:`splits`): the part taken of each split value,
    by name, the encoding of its values (:data:`ENCODINGS`), and the solver's
    :class:`~proofs.decide.Cases` proving it."""

    split: tuple[tuple[str, int], ...]
    encoding: str
    cases: Cases


@dataclass(frozen=True)
class Step:
    """How one inequality was settled: ``by`` is "identity", "derivation" (``lemmas``: earlier
    steps' indices with their multipliers), "cases" (``parts``: each sub-inequality's proof) or
    "fails"/"undecided"."""

    claim: str
    inequality: Inequality
    by: str
    lemmas: tuple[tuple[int, Fraction], ...] = ()
    parts: tuple[Part, ...] = ()
    queries: int = 0
    seconds: float = 0.0
    #: Where the inequality fails: the solver's payoffs (a point of the shape's ring).
    counterexample: tuple[Fraction, ...] | None = None


@dataclass(frozen=True)
class RealProof:
    """The outcome of a claim on every real game of a shape: ``holds`` True (a proof: every
    step), False (``counterexample``, a game the exact solver confirms: ``confirmation``) or None
    (undecided).  ``steps`` is empty for a claim searched by sampling (``sampled`` games)."""

    claim: str
    family: str
    holds: bool | None
    steps: tuple[Step, ...] = ()
    counterexample: Game | None = None
    confirmation: Mapping[str, object] = field(default_factory=dict)
    sampled: int = 0
    seconds: float = 0.0
    #: Steps taken from a store (``resume``) instead of being settled again.
    stored: int = 0

    @property
    def queries(self) -> int:
        return sum(step.queries for step in self.steps)


def _derivation(target: Inequality, proved: Sequence[tuple[int, Inequality]]) -> tuple[tuple[int, Fraction], ...] | None:
    """Multipliers ``λ >= 0`` with ``target = Σ λ_j proved_j`` (lemmas assuming nothing or the
    target's hypothesis), found by an exact LP; None when there are none."""
    usable = [(j, inequality) for j, inequality in proved if inequality.hypothesis in ("", target.hypothesis)]
    if not usable:
        return None
    names = sorted({name for _, inequality in [*usable, (0, target)] for name, _ in inequality.form}, key=_rank)
    rows = [[dict(inequality.form).get(name, Fraction(0)) for _, inequality in usable] for name in names]
    goal = [dict(target.form).get(name, Fraction(0)) for name in names]
    solution = solve_lp(LinearProgram.build([0] * len(usable), A_eq=rows, b_eq=goal))
    if solution.status != "optimal" or solution.x is None:
        return None
    return tuple((j, from_fmpq(x)) for (j, _), x in zip(usable, solution.x) if x != 0)


def vanishes_by_symmetry(shape: tuple[int, int], inequality: Inequality) -> bool:
    """Whether ``inequality`` holds with equality on every symmetric game by exact algebra, no
    solver: substituting ``U2(a, b) = U1(b, a)`` into each value's programs (:func:`ceiling`), the
    values that become the same polynomials have coefficients summing to 0 (essay Prop 9: player
    2 leading a symmetric game is player 1 leading it)."""
    if inequality.hypothesis != "symmetric" or not inequality.form or ring_extra(inequality):
        return False
    images = _symmetric_images(shape)

    def image(name: str) -> object:
        value = ceiling(shape, name)
        if isinstance(value, Programs):
            return [[[p.compose(*images) for p in row] for row in rows] for rows in (value.rows, value.objectives)]
        return [[p.compose(*images) for p in vertex.values] for vertex in value.vertices]

    terms = [(c, image(name)) for name, c in inequality.form]  # polynomials are not hashable: no dict
    return all(sum(c for c, other in terms if other == mine) == 0 for _, mine in terms)


def splits(shape: tuple[int, int], inequality: Inequality) -> list[dict[str, int]]:
    """The sub-inequalities a case analysis proves instead of ``inequality``: every choice of one
    part of each value with a negative coefficient that has several (:func:`parts`).  Where ``v =
    max_i p_i`` and ``c < 0``, ``rest + c·v >= 0`` holds if and only if ``rest + c·p_i >= 0`` for
    every i, and each ``p_i`` has far fewer cells than ``v``."""
    extra = ring_extra(inequality)
    split = [name for name, c in inequality.form if c < 0 and len(parts(shape, name, extra)) > 1]
    choices = itertools.product(*(range(len(parts(shape, name, extra))) for name in split))
    return [dict(zip(split, choice)) for choice in choices]


def step_terms(shape: tuple[int, int], inequality: Inequality, split: Mapping[str, int],
               encoding: str = "programs") -> list[tuple[Fraction, Sequence[Cell] | Extremum | Programs | Lift]]:
    """The inequality's terms as :func:`proofs.decide.nonnegative` takes them, in ``encoding``
    (:data:`ENCODINGS`): a value with a positive coefficient as :func:`ceiling` gives it (the
    negated inequality bounds it from above), one with a negative coefficient by its chosen part
    (:func:`parts`: bounded from below); with "lifts", each :func:`lifted` value through its others' parts."""
    extra = ring_extra(inequality)
    through = lifted(inequality) if encoding == "lifts" else {}
    encoding = "programs" if encoding == "lifts" else encoding
    names = [name for name, _ in inequality.form]
    terms: list[tuple[Fraction, Sequence[Cell] | Extremum | Programs | Lift]] = []
    for name, c in inequality.form:
        if name in through:
            way = through[name]
            terms.append((c, way.build(Payoffs(*shape, extra=extra, game=way.game), way.leader,
                                       tuple(names.index(other) for other in way.others),
                                       tuple(split.get(other, 0) for other in way.others))))
        else:
            terms.append((c, ceiling(shape, name, extra, encoding) if c > 0 else parts(shape, name, extra, encoding)[
                split.get(name, 0)]))
    return terms


def ring_extra(inequality: Inequality) -> str:
    """The extra variables of the inequality's ring (a key of
    :data:`~exactrose.values.symbolic.EXTRAS`): those of the other games it speaks of."""
    extras = {GAMES[game][0] if game else "pair" for name, _ in inequality.form if name in DERIVED
              for _, game, _ in [DERIVED[name]]}
    if len(extras) > 1:
        raise InputError(f"{inequality.label}: expected values of games on one ring, got {sorted(extras)}")
    return extras.pop() if extras else ""


def ring_size(shape: tuple[int, int], extra: str = "") -> int:
    """The number of variables of a two-player shape's ring: the payoffs, then ``extra``'s."""
    return Payoffs(*shape, extra=extra).ring.nvars()


def _family(shape: tuple[int, int]) -> str:
    return f"{shape[0]}x{shape[1]}:real"


def prove(claim: str, shape: tuple[int, int], *, solver: str = "z3", timeout: float = TIMEOUT,
          progress: Callable[[str], None] | None = None, seed: int = 0, store_path: str | None = None,
          resume: bool = False) -> RealProof:
    """Decide ``claim`` for every real game of the two-player ``shape`` (module docstring).

    With ``store_path`` each proved step is stored as it is settled (a
    :class:`~proofs.store.ResultStore` row keyed by claim, family and step index, the step's
    proof-object entry as evidence); ``resume`` takes the stored steps (each checked as
    :func:`check_proof` checks a step, without a solver) and settles the rest, else the claim's
    stored steps are cleared first."""
    load_claims()
    if claim not in REGISTRY:
        raise InputError(f"claim {claim!r}: expected a registered claim id")
    if 2 not in REGISTRY[claim].players:
        raise InputError(f"claim {claim!r} is not about two-player games")
    if resume and store_path is None:
        raise InputError("resume: a proof resumes from a store; pass store_path")
    start = time.perf_counter()
    if claim not in CLAIMS:
        return _search(claim, shape, seed, start)
    with contextlib.ExitStack() as stack:
        store = None if store_path is None else stack.enter_context(ResultStore(store_path))
        earlier = _stored_steps(store, claim, shape) if resume and store is not None else {}
        if store is not None and not resume:
            store.clear(claim, _family(shape))
        steps: list[Step] = []
        proved: list[tuple[int, Inequality]] = []
        orders: dict[str, list[str]] = {}  # by ring: the encodings, the last to settle a sub-inequality first
        for index, (owner, inequality) in enumerate(inequalities(claim, shape)):
            if progress is not None:
                progress(f"{owner}: {inequality.text()}")
            if index in earlier:
                steps.append(earlier[index])
            else:
                order = orders.setdefault(ring_extra(inequality), [e for e in ENCODINGS if e != "lifts"])
                steps.append(_settle(owner, inequality, shape, proved, solver, timeout, order))
                if store is not None and steps[-1].by in PROVED:
                    store.put(_family(shape), index, "{}", [(claim, True, json.dumps(_step_json(steps[-1])))])
            if steps[-1].by in PROVED:
                proved.append((index, inequality))
            elif steps[-1].by == "fails" and owner == claim:
                point = steps[-1].counterexample
                assert point is not None
                return _refuted(claim, shape, game_of(shape, point), tuple(steps), 0, start,
                                point[ring_size(shape):])
    own = [step for step in steps if step.claim == claim]
    holds = True if all(step.by in PROVED for step in own) else None
    return RealProof(claim, _family(shape), holds, tuple(steps), seconds=time.perf_counter() - start,
                     stored=len(earlier))


def _stored_steps(store: ResultStore, claim: str, shape: tuple[int, int]) -> dict[int, Step]:
    """The steps of ``claim`` stored for ``shape``, each checked as :func:`check_proof` checks a
    step (identities and derivations exactly, a case analysis's structure); an InputError names
    a stored step that does not check."""
    expected = inequalities(claim, shape)
    steps = {}
    for result in store.results(claim, _family(shape)):
        where = f"store {store.path!r}: claim {claim!r}, family {_family(shape)!r}, step {result.index}"
        entry = result.evidence
        try:
            if not (result.holds and 0 <= result.index < len(expected)):
                raise CertificateError(f"{where}: not a proved step of this claim")
            owner, inequality = expected[result.index]
            lemmas, proved = _check_step(entry, result.index, expected, shape, where)
            queries, seconds = entry.get("asked"), entry.get("seconds")
            if type(queries) is not int or type(seconds) is not float:
                raise CertificateError(f"{where}: asked, seconds: expected a query count and a time")
        except CertificateError as error:
            raise InputError(f"{error}; prove again without --resume (which clears this claim's steps)") from None
        steps[result.index] = Step(owner, inequality, entry["by"], tuple(lemmas), tuple(proved), queries, seconds)
    return steps


def prove_all(claims: Sequence[str], shape: tuple[int, int], *, solver: str = "z3", timeout: float = TIMEOUT,
              workers: int = 1, progress: bool = True, store_path: str | None = None,
              resume: bool = False) -> list[RealProof]:
    """:func:`prove` for each claim, in order; ``workers > 1`` proves claims in that many
    processes at once.  ``progress`` shows a bar on stderr; ``store_path`` and ``resume`` as
    for :func:`prove`."""
    check_workers(workers, "local")
    with tqdm(total=len(claims), desc=f"{len(claims)} claims on {_family(shape)}", disable=not progress,
              file=sys.stderr, leave=False) as bar:
        if workers == 1 or len(claims) == 1:
            results = []
            for claim in claims:
                bar.set_postfix_str(claim)
                results.append(prove(claim, shape, solver=solver, timeout=timeout, store_path=store_path,
                                     resume=resume, progress=lambda text: bar.set_postfix_str(shorten(text, 60))))
                bar.update(1)
            return results
        context = multiprocessing.get_context("spawn")  # no fork of a process that holds solver state
        with concurrent.futures.ProcessPoolExecutor(min(workers, len(claims)), mp_context=context) as pool:
            futures = [pool.submit(prove, claim, shape, solver=solver, timeout=timeout, store_path=store_path,
                                   resume=resume) for claim in claims]
            for future in concurrent.futures.as_completed(futures):
                bar.update(1)
            return [future.result() for future in futures]


def _settle(owner: str, inequality: Inequality, shape: tuple[int, int], proved: Sequence[tuple[int, Inequality]],
            solver: str, timeout: float, order: list[str]) -> Step:
    """Prove ``inequality`` by identity, derivation from ``proved`` or cases, or find where it fails.
    Each sub-inequality tries "lifts" first where it applies, then the encodings in ``order``, which
    is updated to put first the one that settled it: where witness queries stay open the vertices
    then go first, instead of each sub-inequality waiting :data:`WITNESS_TIMEOUT` seconds for them."""
    started = time.perf_counter()
    if not inequality.form:
        return Step(owner, inequality, "identity")
    lemmas = _derivation(inequality, proved)
    if lemmas is not None:
        return Step(owner, inequality, "derivation", lemmas, seconds=time.perf_counter() - started)
    if vanishes_by_symmetry(shape, inequality):
        return Step(owner, inequality, "symmetry", seconds=time.perf_counter() - started)
    proofs, queries, undecided = [], 0, 0
    extra = ring_extra(inequality)
    conditions = hypotheses(shape, inequality.hypothesis, extra)
    for split in splits(shape, inequality):
        tried = usable_encodings(shape, inequality, order)
        for encoding in tried:
            limit = min(timeout, WITNESS_TIMEOUT) if encoding == "programs" and encoding != tried[-1] else timeout
            verdict = nonnegative(step_terms(shape, inequality, split, encoding), ring_size(shape, extra), conditions,
                                  limit, solver)
            queries += verdict.queries
            if verdict.holds is not None:
                if encoding in order:
                    order.remove(encoding)
                    order.insert(0, encoding)
                break
        if verdict.holds is False:
            return Step(owner, inequality, "fails", queries=queries, seconds=time.perf_counter() - started,
                        counterexample=verdict.counterexample)
        if verdict.cases is None:
            undecided += 1
        else:
            proofs.append(Part(tuple(split.items()), encoding, verdict.cases))
    return Step(owner, inequality, "undecided" if undecided else "cases", parts=() if undecided else tuple(proofs),
                queries=queries, seconds=time.perf_counter() - started)


def game_of(shape: tuple[int, int], point: Sequence[Fraction]) -> Game:
    """The two-player game of ``shape`` whose payoff tuple is ``point`` (player 1's table
    row-major, then player 2's)."""
    rows, columns = shape
    size = rows * columns
    return Game.from_function(shape, lambda a: [point[a[0] * columns + a[1]], point[size + a[0] * columns + a[1]]])


def _refuted(claim: str, shape: tuple[int, int], game: Game, steps: tuple[Step, ...], sampled: int,
             start: float, extra: Sequence[Fraction] = ()) -> RealProof:
    """The claim fails at ``game`` (with the values of the ring's ``extra`` variables for a claim
    about another game): confirmed by the claim's own checker (the exact solver), at those values
    (:data:`CONFIRM`)."""
    verdict = CONFIRM[claim](shape, game, extra) if extra else REGISTRY[claim].check(game)
    if verdict.holds is not False:
        raise CertificateError(f"claim {claim!r}: the exact solver does not confirm the counterexample "
                               f"{game.payoff_table(0)} / {game.payoff_table(1)}")
    return RealProof(claim, _family(shape), False, steps, game, verdict.evidence, sampled, time.perf_counter() - start)


def _samples(shape: tuple[int, int], seed: int) -> Iterable[Game]:
    """Random games of ``shape``: small integer payoffs first, then halves and thirds."""
    generator = random.Random(seed)
    size = ring_size(shape)
    for k in range(SAMPLES):
        scale = 1 if k < SAMPLES // 2 else generator.choice((2, 3))
        yield game_of(shape, [Fraction(generator.randint(-3 * scale, 3 * scale), scale) for _ in range(size)])


def _search(claim: str, shape: tuple[int, int], seed: int, start: float) -> RealProof:
    """A claim with no case analysis: the first of :data:`SAMPLES` random games where the exact
    solver finds it failing, else undecided."""
    check = REGISTRY[claim].check
    for k, game in enumerate(_samples(shape, seed), start=1):
        if check(game).holds is False:
            return _refuted(claim, shape, game, (), k, start)
    return RealProof(claim, _family(shape), None, sampled=SAMPLES, seconds=time.perf_counter() - start)


# ----------------------------------------------------------------------------- proof objects
def proof_to_json(proof: RealProof) -> dict:
    """The proof object of a proved claim: its claim, family and every step, numbers as exact
    strings (the layout :func:`check_proof` reads)."""
    if proof.holds is not True:
        raise InputError(f"claim {proof.claim!r} on {proof.family}: only a proof has a proof object")
    return {"format": "exactrose-proof", "version": PROOF_VERSION, "claim": proof.claim, "family": proof.family,
            "steps": [_step_json(step) for step in proof.steps]}


def _step_json(step: Step) -> dict[str, object]:
    """A step's entry in a proof object (with, for a store, its query count and time)."""
    entry: dict[str, object] = {"claim": step.claim, "inequality": step.inequality.text(), "by": step.by}
    if step.by == "derivation":
        entry["lemmas"] = [[j, str(c)] for j, c in step.lemmas]
    if step.by == "cases":
        entry["parts"] = [{"split": dict(part.split), "encoding": part.encoding, "solver": part.cases.solver,
                           "empty": [list(pair) for pair in part.cases.empty],
                           "queries": [[list(piece) for piece in query] for query in part.cases.queries]}
                          for part in step.parts]
    entry["asked"], entry["seconds"] = step.queries, round(step.seconds, 3)
    return entry


def check_proof(document: object, solver: str | None = None, timeout: float = TIMEOUT) -> str:
    """Re-check a proof object (:func:`proof_to_json`) and return what it proves; refuse it with
    a :class:`~exactrose.errors.CertificateError` (or an InputError for a malformed one) unless
    every step holds.  The inequalities come from the claim id and the family, not from the
    object (its texts must match them); case analyses are re-decided by ``solver`` (default: the
    other solver than the one that found them)."""
    if not isinstance(document, dict) or document.get("format") != "exactrose-proof":
        raise InputError("proof: expected a JSON object with \"format\": \"exactrose-proof\"")
    if document.get("version") != PROOF_VERSION:
        raise InputError(f"proof: version: expected {PROOF_VERSION}, got {shorten(str(document.get('version')))!r}")
    claim, family = document.get("claim"), document.get("family")
    if not isinstance(claim, str) or claim not in CLAIMS:
        raise InputError(f"proof: claim: expected one of {', '.join(CLAIMS)}, got {shorten(str(claim))!r}")
    shape = parse_real_family(family) if isinstance(family, str) else None
    if shape is None:
        raise InputError(f"proof: family: expected a spec such as '2x2:real', got {shorten(str(family))!r}")
    steps = document.get("steps")
    expected = inequalities(claim, shape)
    if not isinstance(steps, list) or len(steps) != len(expected):
        raise CertificateError(f"proof of {claim} on {family}: expected {len(expected)} steps")
    rechecks = []
    for index, (step, (owner, inequality)) in enumerate(zip(steps, expected)):  # first what needs no solver
        where = f"proof of {claim} on {family}, step {index}"
        _, proved = _check_step(step, index, expected, shape, where)
        rechecks += [(f"{where}, part {dict(part.split)}" if part.split else where, inequality, part)
                     for part in proved]
    confirmed: dict[str, int] = {}
    for where, inequality, part in rechecks:
        other = solver or next(name for name in SOLVERS if name != part.cases.solver)
        try:
            extra = ring_extra(inequality)
            checked = recheck(step_terms(shape, inequality, dict(part.split), part.encoding), ring_size(shape, extra),
                              hypotheses(shape, inequality.hypothesis, extra), part.cases, other, timeout)
        except CertificateError as error:
            raise CertificateError(f"{where}: {error}") from None
        for name, count in checked.confirmed:
            confirmed[name] = confirmed.get(name, 0) + count
    by = ", ".join(f"{count} by {name}" for name, count in confirmed.items() if count)
    return (f"{claim} holds for every real {shape[0]}×{shape[1]} game: {len(steps)} steps re-checked"
            + (f"; cell queries confirmed unsatisfiable: {by}" if by else ""))


def _check_step(step: object, index: int, expected: Sequence[tuple[str, Inequality]], shape: tuple[int, int],
                where: str) -> tuple[list[tuple[int, Fraction]], list[Part]]:
    """Check step ``index`` of a proof (``expected``: the claim's inequalities) without a solver:
    it states its inequality; an identity or a derivation holds by exact arithmetic (its lemmas are
    returned); a case analysis proves the sub-inequalities of :func:`splits`, in order, each with
    the structure :func:`proofs.decide.check_structure` asks (its parts are returned for the solver)."""
    owner, inequality = expected[index]
    if not isinstance(step, dict) or step.get("claim") != owner or step.get("inequality") != inequality.text():
        raise CertificateError(f"{where}: expected {owner}'s inequality {inequality.text()!r}")
    before = [e for _, e in expected[:index]]
    by = step.get("by")
    lemmas: list[tuple[int, Fraction]] = []
    if by == "identity":
        if inequality.form:
            raise CertificateError(f"{where}: not an identity: {inequality.text()}")
    elif by == "symmetry":
        if not vanishes_by_symmetry(shape, inequality):
            raise CertificateError(f"{where}: the values do not cancel on symmetric games: {inequality.text()}")
    elif by == "derivation":
        total: dict[str, Fraction] = {}
        lemmas = _lemmas(step.get("lemmas"), len(before), where)
        for j, multiplier in lemmas:
            if before[j].hypothesis not in ("", inequality.hypothesis):
                raise CertificateError(f"{where}: lemma {j} assumes {before[j].hypothesis!r}")
            total = _combine((1, total), (multiplier, dict(before[j].form)))
        if _form(total) != inequality.form:
            raise CertificateError(f"{where}: the lemmas' combination is not the inequality")
    elif by == "cases":
        wanted, found = splits(shape, inequality), step.get("parts")
        if not isinstance(found, list) or len(found) != len(wanted):
            raise CertificateError(f"{where}: parts: expected {len(wanted)} sub-inequalities")
        proved = []
        usable = usable_encodings(shape, inequality, ENCODINGS)
        for split, entry in zip(wanted, found):
            if not isinstance(entry, dict) or entry.get("split") != split or entry.get("solver") not in SOLVERS or (
                    entry.get("encoding") not in usable):
                raise CertificateError(f"{where}: parts: expected {{\"split\": {json.dumps(split)}, \"encoding\": "
                                       f"one of {', '.join(usable)}, \"solver\": one of {', '.join(SOLVERS)}, ...}}")
            part = Part(tuple(split.items()), str(entry["encoding"]), Cases(
                str(entry["solver"]), _pairs(entry.get("empty"), where), _queries(entry.get("queries"), where)))
            try:
                check_structure(step_terms(shape, inequality, split, part.encoding), part.cases)
            except CertificateError as error:
                raise CertificateError(f"{where}, part {split}: {error}") from None
            proved.append(part)
        return lemmas, proved
    else:
        raise CertificateError(f"{where}: by: expected identity, derivation, symmetry or cases, got {shorten(str(by))!r}")
    return lemmas, []


def _index(value: object, limit: int, where: str) -> int:
    if type(value) is not int or not 0 <= value < limit:
        raise CertificateError(f"{where}: expected an index 0..{limit - 1}, got {shorten(str(value))!r}")
    return value


def _lemmas(value: object, limit: int, where: str) -> list[tuple[int, Fraction]]:
    if not isinstance(value, list):
        raise CertificateError(f"{where}: lemmas: expected a list of [step, multiplier]")
    lemmas = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)
                and re.fullmatch(r"\d{1,30}(/\d{1,30})?", item[1])):
            raise CertificateError(f"{where}: lemmas: expected [step, \"p/q\"] with p/q >= 0, got {shorten(str(item))!r}")
        lemmas.append((_index(item[0], limit, where), Fraction(item[1])))
    return lemmas


def _pairs(value: object, where: str) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
        raise CertificateError(f"{where}: empty: expected a list of [value, cell]")
    return tuple((_index(k, 1 << 20, where), _index(j, 1 << 20, where)) for k, j in value)


def _queries(value: object, where: str) -> tuple[tuple[tuple[int, ...], ...], ...]:
    if not isinstance(value, list) or not all(isinstance(q, list) and all(isinstance(p, list) for p in q)
                                              for q in value):
        raise CertificateError(f"{where}: queries: expected a list of queries, each a list of pieces")
    return tuple(tuple(tuple(_index(j, 1 << 20, where) for j in piece) for piece in query) for query in value)
