"""Inequalities between values decided for every real game of a shape, cell by cell, by an SMT
solver for nonlinear real arithmetic (z3's nlsat, extra ``smt``).

Each value is a case analysis over the payoffs (:mod:`exactrose.values.symbolic`): cells of
polynomial sign conditions, a rational function on each.  ``left >= right`` holds for every real
game if and only if, for every pair of a cell of ``left`` and a cell of ``right``, no payoffs
satisfy both cells' conditions with ``left < right`` there, i.e. one small query per pair is
unsatisfiable; more generally :func:`nonnegative` decides a linear combination of values.  A
satisfiable query's model is a counterexample; with rational payoffs it is confirmed by
evaluating the cells exactly (the caller may confirm it with the exact solver too).  A query the
solver does not settle in :data:`TIMEOUT` seconds leaves the claim undecided, never proved.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flint import fmpq, fmpq_mpoly

from exactrose.extras import require
from exactrose.values.symbolic import Cell

#: Seconds the solver may spend on one query before it is left undecided.
TIMEOUT = 10.0


@dataclass(frozen=True)
class Verdict:
    """Whether a claim holds for every real game (None: undecided, some query timed out and none
    failed): the number of queries, the time, and where it fails a counterexample (the payoffs
    as a point of the ring)."""

    holds: bool | None
    queries: int
    seconds: float
    counterexample: tuple[Fraction, ...] | None = None
    #: Queries the solver left open at their time limit (then ``holds`` is None: undecided).
    undecided: int = 0


def _solver(timeout: float) -> Any:
    """A z3 solver that gives up (answers unknown) after ``timeout`` seconds."""
    solver = require("z3", "smt").Solver()
    solver.set("timeout", int(timeout * 1000))
    return solver


def _constant(numerator: int, denominator: int) -> Any:
    """An exact rational as a z3 constant."""
    return require("z3", "smt").RealVal(f"{numerator}/{denominator}")


def _expression(poly: fmpq_mpoly, variables: Sequence[Any]) -> Any:
    """``poly`` as a z3 term over ``variables`` (exact rational coefficients)."""
    total = _constant(0, 1)
    for exponents, coefficient in poly.terms():
        term = _constant(int(coefficient.p), int(coefficient.q))
        for variable, power in zip(variables, exponents):
            for _ in range(int(power)):
                term = term * variable
        total = total + term
    return total


def _conditions(cell: Cell, variables: Sequence[Any]) -> list[Any]:
    return [_expression(poly, variables) >= 0 if relation == ">=" else _expression(poly, variables) != 0
            for poly, relation in cell.conditions]


def at_least(left: Sequence[Cell], right: Sequence[Cell], variables: int, timeout: float = TIMEOUT) -> Verdict:
    """Decide ``left >= right`` for every point of the payoffs' ring (``variables`` of them)."""
    return nonnegative([(Fraction(1), left), (Fraction(-1), right)], variables, timeout)


@dataclass(frozen=True)
class _Piece:
    """Cells of one value with one rational function: it holds where any of their conditions do."""

    numerator: fmpq_mpoly
    denominator: fmpq_mpoly
    cells: tuple[Cell, ...]


def _pieces(cells: Sequence[Cell], payoffs: Sequence[Any], timeout: float) -> list[_Piece]:
    """The cells that some real payoffs may satisfy (all but those the solver proves empty within
    ``timeout`` seconds), grouped by their value (equal rational functions)."""
    z3 = require("z3", "smt")
    pieces: list[_Piece] = []
    for cell in cells:
        solver = _solver(timeout)
        solver.add(*_conditions(cell, payoffs))
        if solver.check() == z3.unsat:
            continue
        for k, piece in enumerate(pieces):
            if (cell.numerator * piece.denominator - piece.numerator * cell.denominator).is_zero():
                pieces[k] = _Piece(piece.numerator, piece.denominator, piece.cells + (cell,))
                break
        else:
            pieces.append(_Piece(cell.numerator, cell.denominator, (cell,)))
    return pieces


def nonnegative(terms: Sequence[tuple[Fraction, Sequence[Cell]]], variables: int, timeout: float = TIMEOUT) -> Verdict:
    """Decide ``Σ_k c_k v_k >= 0`` for every point of the payoffs' ring, each value ``v_k`` given
    by its cells: one query per choice of a piece (cells with one value) of each term, asking for
    payoffs in all the chosen pieces and values ``v_k`` with ``v_k·D_k = N_k`` there (the cells
    keep ``D_k ≠ 0``) whose sum is below 0.  The values as unknowns keep every polynomial of
    the query of low degree, where clearing the denominators would multiply them together."""
    z3 = require("z3", "smt")
    start = time.perf_counter()
    payoffs = [z3.Real(f"u{i}") for i in range(variables)]
    choices = [_pieces(cells, payoffs, timeout) for _, cells in terms]
    queries = undecided = 0
    values = [z3.Real(f"v{k}") for k in range(len(terms))]
    for chosen in itertools.product(*choices):
        queries += 1
        solver = _solver(timeout)
        for value, piece in zip(values, chosen):
            solver.add(z3.Or(*[z3.And(*_conditions(cell, payoffs)) for cell in piece.cells]))
            solver.add(value * _expression(piece.denominator, payoffs) == _expression(piece.numerator, payoffs))
        solver.add(z3.Sum([_constant(c.numerator, c.denominator) * value for (c, _), value in zip(terms, values)]) < 0)
        answer = solver.check()
        if answer == z3.unknown:
            undecided += 1
        elif answer == z3.sat:
            model = solver.model()
            point = tuple(_rational(model.eval(u, model_completion=True)) for u in payoffs)
            if _below_zero(terms, point):
                return Verdict(False, queries, time.perf_counter() - start, point, undecided)
            raise ArithmeticError("the solver's model is not a rational counterexample")
    return Verdict(None if undecided else True, queries, time.perf_counter() - start, None, undecided)


def _below_zero(terms: Sequence[tuple[Fraction, Sequence[Cell]]], point: tuple[Fraction, ...]) -> bool:
    """Whether ``Σ_k c_k v_k < 0`` at ``point``, each value read exactly off a cell holding there."""
    at = [fmpq(q.numerator, q.denominator) for q in point]
    total = Fraction(0)
    for coefficient, cells in terms:
        cell = next((cell for cell in cells if cell.holds(at)), None)
        if cell is None:
            return False
        total += coefficient * cell.value(at)
    return total < 0


def _rational(value: Any) -> Fraction:
    """A z3 model value as a Fraction (an algebraic one, which these queries have not given, is refused)."""
    if not hasattr(value, "as_fraction"):
        raise ArithmeticError(f"the solver's model value {value} is not rational")
    fraction = value.as_fraction()
    return Fraction(fraction.numerator, fraction.denominator)
