"""Exact piecewise rational functions of one parameter.

Values of games whose payoffs are affine in a parameter ``t`` (a price, an importance weight)
are continuous and piecewise rational in ``t``: on each piece a ratio of polynomials with
rational coefficients, between breakpoints that are rationals or real algebraic numbers (roots
of such polynomials).  :class:`PiecewiseFunction` holds one such function on a closed interval;
:func:`linear_combination`, :func:`upper_envelope` and :func:`solutions` are the exact
operations the essay's formulas need (``½ max Σ + ½ (S_1 − S_2)``, ``max_{b*}``, ``φ_1 = a_1 x_1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key
from typing import Any

from flint import fmpq, fmpq_poly

from exactrose.errors import InputError
from exactrose.exact.algebraic import (
    ExactValue,
    RealAlgebraic,
    rational_function_at,
    real_roots,
)


def _fraction(value: fmpq) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _fmpq(value: Fraction | int) -> fmpq:
    value = Fraction(value)
    return fmpq(value.numerator, value.denominator)


@dataclass(frozen=True, eq=False)
class RationalFunction:
    """``numerator(t) / denominator(t)`` in lowest terms, the denominator monic."""

    numerator: fmpq_poly
    denominator: fmpq_poly

    @classmethod
    def make(cls, numerator: fmpq_poly, denominator: fmpq_poly) -> RationalFunction:
        """Reduce ``numerator / denominator`` (the denominator must not be the zero polynomial)."""
        if denominator.is_zero():
            raise ZeroDivisionError("a rational function with denominator 0")
        if numerator.is_zero():
            return cls(fmpq_poly([]), fmpq_poly([1]))
        common = numerator.gcd(denominator)
        numerator, denominator = numerator / common, denominator / common
        lead = denominator.leading_coefficient()
        return cls(numerator / lead, denominator / lead)

    @classmethod
    def affine(cls, constant: Fraction | int, slope: Fraction | int = 0) -> RationalFunction:
        """``constant + slope·t``."""
        return cls(fmpq_poly([_fmpq(constant), _fmpq(slope)]), fmpq_poly([1]))

    def __call__(self, t: ExactValue | int) -> ExactValue:
        return rational_function_at(self.numerator, self.denominator, Fraction(t) if isinstance(t, int) else t)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RationalFunction):
            return NotImplemented
        return self.numerator == other.numerator and self.denominator == other.denominator

    def __hash__(self) -> int:
        return hash((str(self.numerator), str(self.denominator)))

    def __add__(self, other: RationalFunction) -> RationalFunction:
        return RationalFunction.make(self.numerator * other.denominator + other.numerator * self.denominator,
                                     self.denominator * other.denominator)

    def __sub__(self, other: RationalFunction) -> RationalFunction:
        return self + other.scaled(-1)

    def __mul__(self, other: RationalFunction) -> RationalFunction:
        return RationalFunction.make(self.numerator * other.numerator, self.denominator * other.denominator)

    def scaled(self, factor: Fraction | int) -> RationalFunction:
        """``factor · self``."""
        return RationalFunction.make(self.numerator * _fmpq(factor), self.denominator)

    def crossing(self, other: RationalFunction) -> fmpq_poly:
        """A polynomial whose roots are where ``self`` and ``other`` are equal (zero if identical)."""
        return self.numerator * other.denominator - other.numerator * self.denominator

    @property
    def is_polynomial(self) -> bool:
        return self.denominator.degree() == 0

    def to_sympy(self, symbol: Any) -> Any:
        """The function as a sympy expression in ``symbol``."""
        import sympy

        def poly(p: fmpq_poly) -> Any:
            return sum((sympy.Rational(int(c.p), int(c.q)) * symbol**k for k, c in enumerate(p.coeffs())),
                       sympy.Integer(0))

        return sympy.factor_terms(sympy.cancel(poly(self.numerator) / poly(self.denominator)))

    def __repr__(self) -> str:
        return f"RationalFunction(({self.numerator}) / ({self.denominator}))"


@dataclass(frozen=True)
class Piece:
    """``value`` on ``[start, end]``."""

    start: ExactValue
    end: ExactValue
    value: RationalFunction


@dataclass(frozen=True)
class PiecewiseFunction:
    """A continuous function on ``[pieces[0].start, pieces[-1].end]``, one rational function per
    piece; consecutive pieces share their end."""

    pieces: tuple[Piece, ...]

    def __post_init__(self) -> None:
        if not self.pieces:
            raise InputError("a piecewise function needs at least one piece")
        for before, after in zip(self.pieces, self.pieces[1:]):
            if before.end != after.start:
                raise InputError(f"pieces must be contiguous: one ends at {before.end!r}, the next starts at "
                                 f"{after.start!r}")

    @classmethod
    def constant_on(cls, value: RationalFunction, start: ExactValue, end: ExactValue) -> PiecewiseFunction:
        return cls((Piece(start, end, value),))

    @property
    def start(self) -> ExactValue:
        return self.pieces[0].start

    @property
    def end(self) -> ExactValue:
        return self.pieces[-1].end

    @property
    def breakpoints(self) -> tuple[ExactValue, ...]:
        """The interior ends of the pieces."""
        return tuple(piece.end for piece in self.pieces[:-1])

    def piece_at(self, t: ExactValue | int) -> Piece:
        """The first piece containing ``t``."""
        for piece in self.pieces:
            if piece.start <= t <= piece.end:
                return piece
        raise InputError(f"t = {t!r} is outside [{self.start!r}, {self.end!r}]")

    def __call__(self, t: ExactValue | int) -> ExactValue:
        return self.piece_at(t).value(t)

    def simplified(self) -> PiecewiseFunction:
        """Adjacent pieces with the same function merged."""
        merged = [self.pieces[0]]
        for piece in self.pieces[1:]:
            if piece.value == merged[-1].value:
                merged[-1] = Piece(merged[-1].start, piece.end, piece.value)
            else:
                merged.append(piece)
        return PiecewiseFunction(tuple(merged))

    def to_sympy(self, symbol: Any) -> Any:
        """A sympy ``Piecewise`` (pieces as ``start <= t <= end``, first match wins)."""
        import sympy

        def exact(value: ExactValue) -> Any:
            return value.to_sympy() if isinstance(value, RealAlgebraic) else sympy.Rational(value.numerator,
                                                                                            value.denominator)

        return sympy.Piecewise(*[(piece.value.to_sympy(symbol),
                                  sympy.And(exact(piece.start) <= symbol, symbol <= exact(piece.end)))
                                 for piece in self.simplified().pieces])


def roots_between(poly: fmpq_poly, start: ExactValue, end: ExactValue) -> list[ExactValue]:
    """The distinct real roots of a nonzero ``poly`` in the closed interval ``[start, end]``, increasing."""
    if poly.degree() <= 0:
        return []
    coefficients = [_fraction(c) for c in reversed(poly.coeffs())]
    return [root for root in real_roots(coefficients) if start <= root <= end]


def rational_between(low: ExactValue, high: ExactValue) -> Fraction:
    """A rational strictly between ``low < high``, with the smallest denominator there."""
    width = Fraction(1, 2)
    while True:
        above = low.refine(width).interval[1] if isinstance(low, RealAlgebraic) else low
        below = high.refine(width).interval[0] if isinstance(high, RealAlgebraic) else high
        if above < below:
            return _simplest_between(above, below)
        width /= 16


def _simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """The rational with the smallest denominator in the open interval ``(low, high)``."""
    floor = low.numerator // low.denominator
    if floor + 1 < high:
        return Fraction(floor + 1)
    low, high = low - floor, high - floor  # now 0 <= low < high <= 1
    reciprocal = Fraction(int(1 / high) + 1) if low == 0 else _simplest_between(1 / high, 1 / low)
    return floor + 1 / reciprocal


def refinement(functions: Sequence[PiecewiseFunction]) -> list[tuple[ExactValue, ExactValue, list[RationalFunction]]]:
    """The common refinement of functions on the same interval: ``(start, end, [value of each])``."""
    ends = sorted(set().union(*(set(f.breakpoints) for f in functions)), key=sort_key)
    cuts = _distinct([functions[0].start, *ends, functions[0].end])
    return [(a, b, [f.piece_at(rational_between(a, b)).value for f in functions]) for a, b in zip(cuts, cuts[1:])]


def _compare(x: ExactValue, y: ExactValue) -> int:
    return (x > y) - (x < y)


sort_key = cmp_to_key(_compare)
"""Sort key for a mix of Fractions and RealAlgebraic numbers."""


def _distinct(values: list[ExactValue]) -> list[ExactValue]:
    result: list[ExactValue] = []
    for value in values:
        if not result or value != result[-1]:
            result.append(value)
    return result


def linear_combination(terms: Sequence[tuple[Fraction | int, PiecewiseFunction]]) -> PiecewiseFunction:
    """``Σ c_k f_k`` on the common interval."""
    pieces = []
    for a, b, values in refinement([f for _, f in terms]):
        total = RationalFunction.affine(0)
        for (c, _), value in zip(terms, values):
            total = total + value.scaled(c)
        pieces.append(Piece(a, b, total))
    return PiecewiseFunction(tuple(pieces)).simplified()


def upper_envelope(functions: Sequence[PiecewiseFunction]) -> PiecewiseFunction:
    """``t ↦ max_k f_k(t)``: on each piece of the refinement, cut where two candidates cross and
    take the largest at a rational point between cuts."""
    pieces = []
    for a, b, values in refinement(functions):
        distinct = list(dict.fromkeys(values))
        cuts = [a, b]
        for i, first in enumerate(distinct):
            for second in distinct[i + 1:]:
                cuts += [r for r in roots_between(first.crossing(second), a, b)]
        cuts = _distinct(sorted(cuts, key=sort_key))
        for c, d in zip(cuts, cuts[1:]):
            m = rational_between(c, d)
            pieces.append(Piece(c, d, max(distinct, key=lambda value: value(m))))
    return PiecewiseFunction(tuple(pieces)).simplified()


def solutions(f: PiecewiseFunction, g: RationalFunction) -> list[ExactValue | tuple[ExactValue, ExactValue]]:
    """Where ``f(t) = g(t)``: points, and intervals ``(start, end)`` where they agree throughout."""
    found: list[ExactValue | tuple[ExactValue, ExactValue]] = []

    def add(item: ExactValue | tuple[ExactValue, ExactValue]) -> None:
        last = found[-1] if found else None
        if isinstance(item, tuple):
            if last is not None and not isinstance(last, tuple) and last == item[0]:
                found.pop()
            elif isinstance(last, tuple) and last[1] == item[0]:
                found[-1] = (last[0], item[1])
                return
            found.append(item)
        elif last is None or (isinstance(last, tuple) and not (last[0] <= item <= last[1])) or \
                (not isinstance(last, tuple) and last != item):
            found.append(item)

    for piece in f.simplified().pieces:
        difference = piece.value.crossing(g)
        if difference.is_zero():
            add((piece.start, piece.end))
        else:
            for root in roots_between(difference, piece.start, piece.end):
                add(root)
    return found
