"""Two-player values as closed forms over named terms of the game (essay: "ROSE Value, Toy Case"
and the two-player closed form).

- ROSE: ``R(1) = ½ M + ½ (S1 − S2)``, ``R(2) = ½ M + ½ (S2 − S1)`` with ``M = max[U1+U2]``,
  ``S1 = max_ν S_1(ν)`` (player 1's surplus extraction with the initiative), ``S2 = max_w S_2(w)``;
  in the toy case (one player has a single action) ``R = (M − T2, T2)`` with ``T2 = max[U2]``.
- CoCo: ``coco_1 = ½ M + C``, ``coco_2 = ½ M − C`` with ``C = val((U1 − U2)/2)``.

Each term carries its exact value and the witness behind it (a profile, or optimal mixed
strategies); :func:`exactrose.output.latex.closed_form_to_latex` renders the formula and its
instantiation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from exactrose.errors import InputError
from exactrose.exact.numbers import format_rational
from exactrose.model.game import Game
from exactrose.values.coco import competition_game
from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.matrices import require_two_players

CONCEPTS = ("rose", "coco")


@dataclass(frozen=True)
class Term:
    """A named quantity of the game: ``symbol`` stands for ``meaning`` (``latex``), whose exact
    ``value`` is attained by ``witness``."""

    symbol: sympy.Symbol
    meaning: str
    latex: str
    value: Fraction
    witness: str


@dataclass(frozen=True)
class ClosedForm:
    """Each player's value as a sympy expression in the terms' symbols."""

    concept: str
    formulas: tuple[Any, ...]
    terms: tuple[Term, ...]

    def values(self) -> tuple[Fraction, ...]:
        """The formulas instantiated with the terms' exact values."""
        substitution = {t.symbol: sympy.Rational(t.value.numerator, t.value.denominator) for t in self.terms}
        return tuple(Fraction(int(e.p), int(e.q)) for e in (f.subs(substitution) for f in self.formulas))


def _strategy(values: tuple[Fraction, ...], actions: tuple[str, ...]) -> str:
    """``[D]`` for a pure strategy, ``1/3 [C] + 2/3 [D]`` for a mixed one."""
    used = [(p, a) for p, a in zip(values, actions) if p]
    if len(used) == 1:
        return f"[{used[0][1]}]"
    return " + ".join(f"{format_rational(p)} [{a}]" for p, a in used)


def _max_total(game: Game) -> Term:
    profile = max(game.profiles(), key=game.total)
    labels = ", ".join(f"[{game.actions[i][a]}]" for i, a in enumerate(profile))
    return Term(sympy.Symbol("M"), "max[U1+U2]", r"\max[U_1+U_2]", game.total(profile), f"at ({labels})")


def closed_form(game: Game, concept: str = "rose") -> ClosedForm:
    """The ROSE or CoCo value of a two-player game as a closed form over named terms."""
    require_two_players(game, "closed forms")
    if concept not in CONCEPTS:
        raise InputError(f"concept: expected one of {', '.join(CONCEPTS)}, got {concept!r}")
    total = _max_total(game)
    M = total.symbol
    half = sympy.Rational(1, 2)
    if concept == "coco":
        solution = competition_game(game)
        witness = (f"player 1 plays {_strategy(solution.row_strategy, game.actions[0])}; "
                   f"player 2 plays {_strategy(solution.column_strategy, game.actions[1])}")
        C = sympy.Symbol("C")
        competition = Term(C, "val((U1 - U2)/2)", r"\operatorname{val}\left(\tfrac{U_1-U_2}{2}\right)",
                           solution.value, witness)
        return ClosedForm("coco", (half * M + C, half * M - C), (total, competition))
    if 1 in game.shape:  # the toy case
        actor = 1 - game.shape.index(1)
        best = max(game.profiles(), key=lambda p: game.payoff(actor, p))
        T = sympy.Symbol(f"T{actor + 1}")
        term = Term(T, f"max[U{actor + 1}]", rf"\max[U_{actor + 1}]", game.payoff(actor, best),
                    f"at [{game.actions[actor][best[actor]]}]")
        formulas = (M - T, T) if actor == 1 else (T, M - T)
        return ClosedForm("rose", formulas, (total, term))
    terms = [total]
    for leader in (0, 1):
        result = two_player_initiative_values(game, (leader, 1 - leader))
        symbol = sympy.Symbol(f"S{leader + 1}")
        variable, latex = ("ν", r"\nu") if leader == 0 else ("w", "w")
        terms.append(Term(symbol, f"max_{variable} S_{leader + 1}({variable})",
                          rf"\max_{{{latex}}} S_{leader + 1}({latex})", result.values[leader],
                          f"{variable} = {_strategy(result.leader_strategy, game.actions[leader])}"))
    S1, S2 = terms[1].symbol, terms[2].symbol
    return ClosedForm("rose", (half * M + half * (S1 - S2), half * M + half * (S2 - S1)), tuple(terms))
