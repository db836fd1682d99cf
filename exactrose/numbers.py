"""Exact numbers: the one entry point that turns user numbers into rationals.

Public values are :class:`fractions.Fraction` (they compare and hash with ints and
other Fractions); heavy internal linear algebra uses python-flint's ``fmpq``.
Floats are refused unless the caller opts in with ``allow_float=True``, in which
case the float's shortest decimal representation is taken (``0.1`` -> ``1/10``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from numbers import Integral

from flint import fmpq, fmpz

from exactrose.errors import FloatRefusedError, InputError

Rational = Fraction

_NUMBER_TEXT = re.compile(r"[+-]?(\d+(/\d+)?|\d*\.\d+([eE][+-]?\d+)?|\d+\.?\d*[eE][+-]?\d+|\d+\.)")


def to_rational(value: object, where: str = "value", *, allow_float: bool = False) -> Fraction:
    """Convert ``value`` to an exact :class:`Fraction`.

    Accepts ints, ``Fraction``, ``fmpq``/``fmpz``, ``Decimal``, numpy integers and strings
    such as ``"-3/4"``, ``"0.25"`` or ``"1e-3"`` (read exactly).  ``where`` names the field
    in error messages.

    >>> to_rational("-3/4"), to_rational("0.25"), to_rational(7)
    (Fraction(-3, 4), Fraction(1, 4), Fraction(7, 1))
    """
    if isinstance(value, bool):
        raise InputError(f"{where}: expected a rational number, got the boolean {value!r}")
    if isinstance(value, Fraction):
        return value if type(value) is Fraction else Fraction(value.numerator, value.denominator)
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, fmpq):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, fmpz):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{where}: expected a finite number, got {value}")
        return Fraction(value)
    if isinstance(value, float) or type(value).__name__ in {"float16", "float32", "float64", "longdouble"}:
        if not allow_float:
            raise FloatRefusedError(
                f"{where}: got the float {value!r}; floats are not exact. Pass an int, a Fraction, "
                f"or a string such as {str(value)!r}, or opt in with allow_float=True"
            )
        as_float = float(value)  # type: ignore[arg-type]
        if as_float != as_float or as_float in (float("inf"), float("-inf")):
            raise InputError(f"{where}: expected a finite number, got {value!r}")
        return Fraction(repr(as_float))
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER_TEXT.fullmatch(text):
            raise InputError(f"{where}: expected a rational number such as '3', '-3/4' or '0.25', got {value!r}")
        if "/" in text and int(text.split("/")[1]) == 0:
            raise InputError(f"{where}: zero denominator in {value!r}")
        return Fraction(text)
    raise InputError(f"{where}: expected a rational number, got {type(value).__name__} {value!r}")


def to_fmpq(value: Fraction | int) -> fmpq:
    """The python-flint twin of an exact rational."""
    if isinstance(value, Fraction):
        return fmpq(value.numerator, value.denominator)
    return fmpq(value)


def from_fmpq(value: fmpq | fmpz | int) -> Fraction:
    """The :class:`Fraction` twin of a python-flint rational."""
    if isinstance(value, fmpq):
        return Fraction(int(value.p), int(value.q))
    return Fraction(int(value))


def format_rational(value: Fraction) -> str:
    """Exact text of a rational: ``"7"``, ``"-3/4"``."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
