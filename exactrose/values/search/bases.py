"""Optimal bases of surplus extraction within a context, as rational functions of the context
(essay Definition 3).

Within a context μ, ``V[μ, s:n−1] = max_c L_c(μ)`` where the program of the coalition's reply c,

    L_c(μ) = max_ν E_ν[J_s](c) − max_d E_ν[U_n](d)      (ν: rank n−1's strategy, d: rank n's reply),

is a linear program whose data are polynomials in μ.  A **basis** of it names rank n−1's
support A and rank n's tied replies D (``|A| = |D|``): ν on A makes the replies of D
indifferent, and the dual weights λ on D make every action of A equally good against
``J_s(·, c) − Σ_d λ_d U_n(·, d)``.  Both solve square linear systems, so by Cramer's rule ν, λ
and the common value ``κ(μ)`` are rational functions of μ.  Where ν is a distribution whose
replies D are best (**primal feasible**), ``L_c(μ) >= κ(μ)``; where λ is a distribution
against which no action outside A does better (**dual feasible**), ``L_c(μ) <= κ(μ)``
(weak duality).  :mod:`~exactrose.values.search.snapping` uses these one-sided bounds on a
neighbourhood of a maximum.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from flint import fmpq, fmpq_mat, fmpq_mpoly

from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.values.matrices import determinant
from exactrose.values.search.reduced import ReducedGame
from exactrose.values.search.space import Coordinates

#: A rational function of the context: ``(numerator, denominator)`` in the reduced game's ring.
Rational = tuple[fmpq_mpoly, fmpq_mpoly]


@dataclass(frozen=True)
class ContextBasis:
    """The basis ``(support A, replies D)`` of the program of the coalition's reply ``c`` in
    ``V[μ, s:n−1]`` (module docstring)."""

    s: int
    c: int
    support: tuple[int, ...]
    replies: tuple[int, ...]


@dataclass(frozen=True)
class BasisFunctions:
    """A basis's value ``κ(μ)`` and the rational functions that are ``>= 0`` exactly where it
    is primal feasible (``primal``) and dual feasible (``dual``)."""

    value: Rational
    primal: tuple[Rational, ...]
    dual: tuple[Rational, ...]


@lru_cache(maxsize=4096)
def basis_functions(reduced: ReducedGame, basis: ContextBasis) -> BasisFunctions:
    """The rational functions of ``basis`` (module docstring), by Cramer's rule."""
    joint, own = reduced.joints[basis.s], reduced.expected[-1]
    support, replies, c = basis.support, basis.replies, basis.c
    zero, one = reduced.ring.from_dict({}), reduced.ring.from_dict({(0,) * reduced.ring.nvars(): 1})
    m, k = len(joint), len(own[0])
    size = len(support)
    # Primal: Σ_{a∈A} ν_a U_n(a, d) − t = 0 for d ∈ D, Σ ν_a = 1.
    primal_rows = [[own[a][d] for a in support] + [-one] for d in replies] + [[one] * size + [zero]]
    primal_rhs = [zero] * size + [one]
    denominator = determinant(primal_rows)
    solution = [determinant(_with_column(primal_rows, i, primal_rhs)) for i in range(size + 1)]
    nu, t = solution[:size], solution[size]
    # Dual: Σ_{d∈D} λ_d U_n(a, d) + κ = J_s(a, c) for a ∈ A, Σ λ_d = 1.
    dual_rows = [[own[a][d] for d in replies] + [one] for a in support] + [[one] * size + [zero]]
    dual_rhs = [joint[a][c] for a in support] + [one]
    dual_denominator = determinant(dual_rows)
    dual_solution = [determinant(_with_column(dual_rows, i, dual_rhs)) for i in range(size + 1)]
    weights, kappa = dual_solution[:size], dual_solution[size]
    primal = [(q, denominator) for q in nu] + [
        (t - sum((nu[i] * own[a][d] for i, a in enumerate(support)), zero), denominator)
        for d in range(k) if d not in replies
    ]
    dual = [(q, dual_denominator) for q in weights] + [
        (kappa - joint[a][c] * dual_denominator + sum((weights[i] * own[a][d] for i, d in enumerate(replies)), zero),
         dual_denominator)
        for a in range(m) if a not in support
    ]
    return BasisFunctions((kappa, dual_denominator), tuple(primal), tuple(dual))


def near_optimal_bases(reduced: ReducedGame, s: int, c: int, point: Coordinates, value: Fraction,
                       threshold: Fraction) -> list[ContextBasis]:
    """The bases of the program of reply ``c`` that are optimal within ``threshold`` at ``point``
    (every feasibility condition at least ``−threshold``, the value within ``threshold`` of
    ``value``) and have distinct values as functions: near a switch of rank n's reply, the
    bases of both sides.  Each basis is first solved at the point (:func:`_scored_bases`); only
    those that pass get their rational functions."""
    found: dict[tuple[str, str], ContextBasis] = {}
    for basis, at_point, worst in _scored_bases(reduced, s, c, point):
        if abs(at_point - value) <= threshold and worst >= -threshold:
            found.setdefault(function_key(basis_functions(reduced, basis).value), basis)
    return list(found.values())


#: Bases a program may have before only those whose replies are nearly best at the optimum are scored.
_MAX_BASES = 5_000


@lru_cache(maxsize=256)
def _scored_bases(reduced: ReducedGame, s: int, c: int, point: Coordinates) -> list[tuple[ContextBasis, Fraction, Fraction]]:
    """Every basis of the program of reply ``c`` at the rational context ``point`` (square
    systems solved there, exactly), with its value and its smallest feasibility condition; when
    there are more than :data:`_MAX_BASES`, those whose replies are within 1/10 of the best
    against the program's optimal ν."""
    args = [to_fmpq(q) for q in point] + [fmpq(0)] * (reduced.ring.nvars() - len(point))
    own = [[q(*args) for q in row] for row in reduced.expected[-1]]
    joint = [row[c](*args) for row in reduced.joints[s]]
    m, k = len(own), len(own[0])
    sizes = range(1, min(m, k) + 1)
    replies_of: list[int] = list(range(k))
    if sum(math.comb(m, size) * math.comb(k, size) for size in sizes) > _MAX_BASES:
        _, optimum = reduced.reply_piece(s, point, c)
        payoffs = [sum((to_fmpq(optimum[a]) * own[a][d] for a in range(m)), fmpq(0)) for d in range(k)]
        replies_of = [d for d in range(k) if payoffs[d] >= max(payoffs) - fmpq(1, 10)]
    scored = []
    for size in sizes:
        for support in itertools.combinations(range(m), size):
            for replies in itertools.combinations(replies_of, size):
                primal = fmpq_mat([[own[a][d] for a in support] + [-1] for d in replies] + [[1] * size + [0]])
                dual = fmpq_mat([[own[a][d] for d in replies] + [1] for a in support] + [[1] * size + [0]])
                if primal.rank() <= size or dual.rank() <= size:
                    continue
                x = primal.solve(fmpq_mat(size + 1, 1, [0] * size + [1])).entries()
                y = dual.solve(fmpq_mat(size + 1, 1, [joint[a] for a in support] + [1])).entries()
                nu, t, weights, kappa = x[:size], x[size], y[:size], y[size]
                conditions = list(nu) + list(weights)
                conditions += [t - sum((n * own[a][d] for n, a in zip(nu, support)), fmpq(0)) for d in range(k) if d not in replies]
                conditions += [kappa - joint[a] + sum((w * own[a][d] for w, d in zip(weights, replies)), fmpq(0))
                               for a in range(m) if a not in support]
                scored.append((ContextBasis(s, c, support, replies), from_fmpq(kappa), from_fmpq(min(conditions))))
    return scored


def reduced_fraction(function: Rational) -> Rational:
    """The rational function with its numerator and denominator divided by their gcd."""
    num, den = function
    common = num.gcd(den) if not num.is_zero() else den
    if not common.is_constant():
        num, den = num / common, den / common
    return num, den


def function_key(function: Rational) -> tuple[str, str]:
    """A key equal for equal rational functions (reduced, the denominator's leading coefficient 1)."""
    num, den = reduced_fraction(function)
    scale = den.leading_coefficient()
    return str(num / scale), str(den / scale)


def at(function: Rational, point: Sequence[Fraction]) -> Fraction:
    """The rational function's value at a rational point (its later variables 0; its
    denominator must not vanish there)."""
    numerator, denominator = function
    args = [to_fmpq(q) for q in point] + [fmpq(0)] * (numerator.context().nvars() - len(point))
    return from_fmpq(numerator(*args)) / from_fmpq(denominator(*args))


def _with_column(rows: list[list[fmpq_mpoly]], i: int, column: list[fmpq_mpoly]) -> list[list[fmpq_mpoly]]:
    return [row[:i] + [q] + row[i + 1 :] for row, q in zip(rows, column)]
