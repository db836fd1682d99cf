"""Inequalities between values decided for every real game of a shape, cell by cell, by an SMT
solver for nonlinear real arithmetic (z3's nlsat, extra ``smt``).

Each value is a case analysis over the payoffs (:mod:`exactrose.values.symbolic`): cells of
polynomial sign conditions, a rational function on each.  ``left >= right`` holds for every real
game if and only if, for every pair of a cell of ``left`` and a cell of ``right``, no payoffs
satisfy both cells' conditions with ``left < right`` there, i.e. one small query per pair is
unsatisfiable (denominators cleared: ``(n_l d_r − n_r d_l)·d_l d_r < 0``).  A satisfiable query's
model is a counterexample; with rational payoffs it is confirmed by evaluating both cells
exactly (the caller may confirm it with the exact solver too).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flint import fmpq, fmpq_mpoly

from exactrose.extras import require
from exactrose.values.symbolic import Cell


@dataclass(frozen=True)
class Verdict:
    """Whether ``left >= right`` for every real game: the number of cell pairs decided, the
    time, and where it fails a counterexample (the payoffs as a point of the ring)."""

    holds: bool
    pairs: int
    seconds: float
    counterexample: tuple[Fraction, ...] | None = None


def _expression(poly: fmpq_mpoly, variables: Sequence[Any]) -> Any:
    """``poly`` as a z3 term over ``variables`` (exact rational coefficients)."""
    z3 = require("z3", "smt")
    total = z3.RealVal(0)
    for exponents, coefficient in poly.terms():
        term = z3.RealVal(f"{int(coefficient.p)}/{int(coefficient.q)}")
        for variable, power in zip(variables, exponents):
            for _ in range(int(power)):
                term = term * variable
        total = total + term
    return total


def _conditions(cell: Cell, variables: Sequence[Any]) -> list[Any]:
    return [_expression(poly, variables) >= 0 if relation == ">=" else _expression(poly, variables) != 0
            for poly, relation in cell.conditions]


def at_least(left: Sequence[Cell], right: Sequence[Cell], variables: int) -> Verdict:
    """Decide ``left >= right`` for every point of the payoffs' ring (``variables`` of them)."""
    z3 = require("z3", "smt")
    start = time.perf_counter()
    payoffs = [z3.Real(f"u{i}") for i in range(variables)]
    pairs = 0
    for mine in left:
        for theirs in right:
            pairs += 1
            gap = (mine.numerator * theirs.denominator - theirs.numerator * mine.denominator) * mine.denominator * theirs.denominator
            solver = z3.Solver()
            solver.add(*_conditions(mine, payoffs), *_conditions(theirs, payoffs), _expression(gap, payoffs) < 0)
            if solver.check() == z3.sat:
                model = solver.model()
                point = tuple(_rational(model.eval(u, model_completion=True)) for u in payoffs)
                as_fmpq = [fmpq(q.numerator, q.denominator) for q in point]
                if mine.holds(as_fmpq) and theirs.holds(as_fmpq) and mine.value(as_fmpq) < theirs.value(as_fmpq):
                    return Verdict(False, pairs, time.perf_counter() - start, point)
                raise ArithmeticError("the solver's model is not a rational counterexample")
    return Verdict(True, pairs, time.perf_counter() - start)


def _rational(value: Any) -> Fraction:
    """A z3 model value as a Fraction (an algebraic one, which these queries have not given, is refused)."""
    if not hasattr(value, "as_fraction"):
        raise ArithmeticError(f"the solver's model value {value} is not rational")
    fraction = value.as_fraction()
    return Fraction(fraction.numerator, fraction.denominator)
