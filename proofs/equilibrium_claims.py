"""The essay's claims about general (NTU) equilibria as machine checks.

Props 3.3, 6.3 and 7.3 say that the ROSE equilibria of a game without money inherit the ROSE
value's invariances: under scale and shift of each player's utility, under redundant actions,
under the destruction game.  Each checker compares the *complete* sets of equilibria of two
two-player games, exactly (:func:`exactrose.applications.equilibria.equilibria_two_players`: points,
importance weights, ranges of either).  Two further claims collect evidence on existence:
CoCo (Shapley NTU) equilibria exist when weights range over the closed simplex; whether ROSE
equilibria with positive weights always exist is the essay's open question.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache

from exactrose.applications.equilibria import Equilibrium, equilibria_two_players
from exactrose.exact.algebraic import ExactValue
from exactrose.model.game import Game
from exactrose.model.transform import (
    add_mixed_action,
    destruction_game,
    scale_and_shift,
)
from proofs.core import Verdict, claim, evidence
from proofs.propositions import default_caps, default_mixture


@lru_cache(maxsize=512)
def _equilibria(game: Game, concept: str) -> tuple[Equilibrium, ...]:
    """Every equilibrium, once per game and concept (several claims ask for the same game's)."""
    return tuple(equilibria_two_players(game, concept))


def _key(e: Equilibrium) -> tuple:
    return (e.point, e.point_to, e.weights, e.weights_to)


def _shown(found: Sequence[Equilibrium]) -> list[dict[str, object]]:
    return [{name: value for name, value in (("point", e.point), ("point_to", e.point_to), ("weights", e.weights),
                                              ("weights_to", e.weights_to)) if value is not None} for e in found]


def _same(first: Sequence[Equilibrium], second: Sequence[Equilibrium], label: str, **shown: object) -> Verdict:
    """Whether two lists of equilibria are the same set (exact comparison of every coordinate)."""
    holds = len(first) == len(second) and all(_key(a) == _key(b) for a, b in zip(first, second))
    return Verdict(holds, evidence(G=_shown(first), **{label: _shown(second)}, **shown))


def rescaled(e: Equilibrium, scale: Sequence[Fraction], shift: Sequence[Fraction]) -> Equilibrium:
    """The equilibrium mapped by ``U_i → scale_i U_i + shift_i``: points move with the payoffs, and
    weights ``a_i`` become ``a_i / scale_i`` scaled to sum 1 (so ``a·U`` is unchanged)."""

    def point(x: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
        return tuple(s * v + b for s, v, b in zip(scale, x, shift))

    def weights(a: tuple[ExactValue, ...]) -> tuple[ExactValue, ...]:
        divided = [w / s for w, s in zip(a, scale)]
        total = sum(divided[1:], divided[0])
        return tuple(w / total for w in divided)

    return Equilibrium(e.concept, point(e.point), weights(e.weights),
                       None if e.weights_to is None else weights(e.weights_to),
                       None if e.point_to is None else point(e.point_to))


def scale_invariance(game: Game, scale: Sequence[Fraction | int], shift: Sequence[Fraction | int],
                     concept: str = "rose") -> Verdict:
    """Prop 3.3 for given scales (positive) and shifts: the equilibria of the rescaled game are
    the rescaled equilibria."""
    a = [Fraction(s) for s in scale]
    b = [Fraction(s) for s in shift]
    mapped = sorted((rescaled(e, a, b) for e in _equilibria(game, concept)), key=lambda e: e.point)
    return _same(mapped, _equilibria(scale_and_shift(game, a, b), concept), "rescaled_game",
                 scale=a, shift=b)


@claim(
    "3.3",
    "ROSE equilibria are invariant under scale and shift: rescaling U_i to 2U_1 - 1 and U_2/3 + 2 "
    "maps the complete set of equilibria (points and importance weights) of G onto that of the "
    "rescaled game.",
    kind="proposition",
    players=(2,),
)
def check_3_3(game: Game, concept: str = "rose") -> Verdict:
    """Essay Prop 3.3 (ROSE equilibria are scale-and-shift invariant)."""
    return scale_invariance(game, (2, Fraction(1, 3)), (-1, 2), concept)


@claim(
    "6.3",
    "Redundancy invariance of ROSE equilibria: adding to a player the average of its first two "
    "actions leaves the complete set of equilibria unchanged (checked per player).",
    kind="proposition",
    players=(2,),
)
def check_6_3(game: Game, concept: str = "rose") -> Verdict:
    """Essay Prop 6.3: redundant actions do not change the ROSE equilibria."""
    found = _equilibria(game, concept)
    for player in range(2):
        verdict = _same(found, _equilibria(add_mixed_action(game, player, default_mixture(game, player)),
                                                      concept), "G_prime", player=player)
        if not verdict.holds:
            return verdict
    return verdict


@claim(
    "7.3",
    "Threat resistance of ROSE equilibria: in the destruction game (caps D_ij = (i+1)(1 + max|U|)) "
    "the equilibria with positive importance weights are unchanged (burning adds weakly efficient "
    "points, so the faces supported by a zero weight grow).",
    kind="proposition",
    players=(2,),
)
def check_7_3(game: Game, concept: str = "rose") -> Verdict:
    """Essay Prop 7.3: destruction options do not change the ROSE equilibria (on the Pareto
    frontier proper, where every importance weight is positive)."""
    before, after = (_equilibria(g, concept) for g in (game, destruction_game(game, default_caps(game))))
    return _same([e for e in before if e.positive], [e for e in after if e.positive], "destruction_game")


@claim(
    "coco-equilibria-exist",
    "CoCo (Harsanyi, Shapley NTU) equilibria exist when importance weights range over the closed "
    "simplex: the exact enumeration finds at least one.",
    kind="proposition",
    players=(2,),
)
def coco_equilibria_exist(game: Game) -> Verdict:
    found = _equilibria(game, "coco")
    return Verdict(bool(found), evidence(count=len(found), equilibria=_shown(found[:3]),
                                         positive=sum(e.positive for e in found)))


@claim(
    "rose-equilibria-exist",
    "Open (essay): does every game have a ROSE equilibrium with positive importance weights? "
    "Holds on a game when the exact enumeration finds one.",
    kind="open",
    players=(2,),
)
def rose_equilibria_exist(game: Game) -> Verdict:
    found = _equilibria(game, "rose")
    positive = [e for e in found if e.positive]
    return Verdict(bool(positive), evidence(count=len(found), positive=len(positive), equilibria=_shown(found[:3])))


@claim(
    "coco-equilibria-threat",
    "Negative control: CoCo equilibria are not threat-resistant (Prop 7.3 with CoCo in place of "
    "ROSE fails on some game).",
    kind="control",
    players=(2,),
)
def coco_equilibria_threat(game: Game) -> Verdict:
    return check_7_3(game, "coco")
