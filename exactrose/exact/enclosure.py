"""Certified enclosures: a real number known to lie in ``[lower, upper]`` (rational ends).

exactrose returns an enclosure where an exact value is out of reach (the
outermost maximisations of n >= 3 players).  The ends are proved: ``lower`` is attained by an
exactly evaluated witness, ``upper`` bounds the maximum everywhere.  Arithmetic with
rationals, real algebraic numbers and other enclosures stays rigorous (outward), so a value
computed from an enclosure is marked as one; an enclosure never silently becomes a number.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction
from typing import Any

from exactrose.errors import InputError
from exactrose.exact.algebraic import ExactValue, RealAlgebraic
from exactrose.exact.numbers import format_rational, to_rational

#: Width to which a real algebraic operand is narrowed before it joins an enclosure.
_ALGEBRAIC_WIDTH = Fraction(1, 2**80)
#: Largest degree of a sum of real algebraic numbers formed exactly by :func:`total`.
MAX_SUM_DEGREE = 64


@dataclass(frozen=True)
class Enclosure:
    """A real number proved to lie in the closed interval ``[lower, upper]``."""

    lower: Fraction
    upper: Fraction

    def __post_init__(self) -> None:
        if not (isinstance(self.lower, Fraction) and isinstance(self.upper, Fraction)):
            raise InputError("an enclosure needs exact rational ends (Fraction)")
        if self.lower > self.upper:
            raise InputError(f"an enclosure needs lower <= upper, got [{self.lower}, {self.upper}]")

    @property
    def width(self) -> Fraction:
        return self.upper - self.lower

    def __contains__(self, value: object) -> bool:
        """Exact membership of a rational or real algebraic number; containment of an enclosure."""
        if isinstance(value, Enclosure):
            return self.lower <= value.lower and value.upper <= self.upper
        if isinstance(value, RealAlgebraic) or (isinstance(value, numbers.Rational) and not isinstance(value, bool)):
            return self.lower <= value <= self.upper
        raise TypeError(f"an enclosure holds exact numbers, not {type(value).__name__}")

    def __neg__(self) -> Enclosure:
        return Enclosure(-self.upper, -self.lower)

    def __add__(self, other: object) -> Enclosure:
        value = _interval(other)
        return NotImplemented if value is None else Enclosure(self.lower + value.lower, self.upper + value.upper)

    __radd__ = __add__

    def __sub__(self, other: object) -> Enclosure:
        value = _interval(other)
        return NotImplemented if value is None else Enclosure(self.lower - value.upper, self.upper - value.lower)

    def __rsub__(self, other: object) -> Enclosure:
        value = _interval(other)
        return NotImplemented if value is None else Enclosure(value.lower - self.upper, value.upper - self.lower)

    def __mul__(self, other: object) -> Enclosure:
        if not isinstance(other, numbers.Rational) or isinstance(other, bool):
            return NotImplemented
        q = to_rational(other)
        ends = (self.lower * q, self.upper * q)
        return Enclosure(min(ends), max(ends))

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Enclosure:
        if not isinstance(other, numbers.Rational) or isinstance(other, bool) or other == 0:
            return NotImplemented
        q = to_rational(other)
        ends = (self.lower / q, self.upper / q)
        return Enclosure(min(ends), max(ends))

    def decimal(self, digits: int = 15) -> str:
        """``[lo, hi]`` with ``digits`` significant digits, rounded outward (still a valid enclosure)."""
        with localcontext() as context:
            context.prec = digits
            context.rounding = ROUND_FLOOR
            lo = +(Decimal(self.lower.numerator) / Decimal(self.lower.denominator))
            context.rounding = ROUND_CEILING
            hi = +(Decimal(self.upper.numerator) / Decimal(self.upper.denominator))
        return f"[{lo}, {hi}]"

    def to_expression(self) -> str:
        return f"in {self.decimal()}"

    def to_latex(self) -> str:
        return r"\in " + self.decimal().replace("[", r"\left[").replace("]", r"\right]")

    def __repr__(self) -> str:
        return f"Enclosure([{format_rational(self.lower)}, {format_rational(self.upper)}])"

    def _repr_latex_(self) -> str:
        return f"${self.to_latex()}$"

    def to_json(self) -> dict[str, Any]:
        """``{"lower": "p/q", "upper": "p/q"}``: exact rational ends."""
        return {"lower": format_rational(self.lower), "upper": format_rational(self.upper)}

    def __float__(self) -> float:
        """The midpoint (INEXACT: for display and plotting only)."""
        return float((self.lower + self.upper) / 2)


#: What a value may be: an exact value (rational or real algebraic) or a proved enclosure (the one definition).
Value = ExactValue | Enclosure


def total(values: Iterable[Value]) -> Value:
    """``Σ values``, exact while each partial sum of real algebraic numbers has degree at most
    :data:`MAX_SUM_DEGREE`, else a proved enclosure (each algebraic summand narrowed to
    2^-80).  An average over orderings sums algebraic numbers of many fields: k quadratic
    irrationals of different fields have a sum of degree 2^k, whose polynomial no machine holds.

    >>> from exactrose.exact.algebraic import sqrt
    >>> total([sqrt(2), sqrt(3), Fraction(1)]).degree
    4
    >>> isinstance(total(sqrt(p) for p in (2, 3, 5, 7, 11, 13, 17)), Enclosure)
    True
    """
    result: Fraction | RealAlgebraic | Enclosure = Fraction(0)
    for value in values:
        if isinstance(result, RealAlgebraic) and isinstance(value, RealAlgebraic) \
                and result.degree * value.degree > MAX_SUM_DEGREE:
            interval = _interval(result)
            assert interval is not None  # every RealAlgebraic has an enclosure
            result = interval
        result = result + value
    return result


def _interval(value: object) -> Enclosure | None:
    """An operand as an enclosure (rationals exactly, algebraic numbers by a narrow isolating
    interval), or None for types that do not mix (floats, ...)."""
    if isinstance(value, Enclosure):
        return value
    if isinstance(value, RealAlgebraic):
        lo, hi = value.refine(_ALGEBRAIC_WIDTH).interval
        return Enclosure(lo, hi)
    if isinstance(value, numbers.Rational) and not isinstance(value, bool):
        q = to_rational(value)
        return Enclosure(q, q)
    return None
