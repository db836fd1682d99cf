"""Exact numbers: the one entry point that turns user numbers into rationals.

Public values are :class:`fractions.Fraction` (they compare and hash with ints and
other Fractions); heavy internal linear algebra uses python-flint's ``fmpq``.
Floats are refused unless the caller opts in with ``allow_float=True``, in which
case the float's shortest decimal representation is taken (``0.1`` -> ``1/10``).
"""

from __future__ import annotations

import re
import reprlib
from decimal import Decimal
from fractions import Fraction
from numbers import Integral

from flint import fmpq, fmpz

from exactrose.errors import FloatRefusedError, InputError
from exactrose.limits import MAX_DIGITS, MAX_EXPONENT

Rational = Fraction

#: Exact number text: an integer, a rational ``p/q`` or a decimal with an optional exponent.
#: Every repetition is possessive and no two may split the same digits, so a match or a miss
#: takes time linear in the text (``[0-9]+\.?[0-9]*`` took quadratic time to refuse a long run
#: of digits followed by a letter: 10 s for 16,000 characters).
NUMBER_TEXT = re.compile(
    r"[+-]?(?:(?P<p>[0-9]++)/(?P<q>[0-9]++)"
    r"|(?=\.?[0-9])(?P<int>[0-9]*+)(?:\.(?P<frac>[0-9]*+))?(?:[eE](?P<exp>[+-]?[0-9]++))?)"
)
#: Longest text worth matching against :data:`NUMBER_TEXT`: two numbers of MAX_DIGITS, a sign,
#: a point or slash and an exponent; anything longer is refused before it is looked at.
_MAX_TEXT = 2 * MAX_DIGITS + 16


def number_from_text(text: str, where: str) -> Fraction:
    """The exact value of number text (``"7"``, ``"-3/4"``, ``"0.25"``, ``"1e-3"``) within the
    documented limits (:data:`~exactrose.limits.MAX_DIGITS` digits,
    :data:`~exactrose.limits.MAX_EXPONENT`), checked before any integer is built.  ``where``
    names the field, line or option in the :class:`InputError`.

    >>> number_from_text("-1.5e-2", "x")
    Fraction(-3, 200)
    """
    if len(text) > _MAX_TEXT:
        raise InputError(f"{where}: {_too_long(text)}")
    parts = NUMBER_TEXT.fullmatch(text)
    if parts is None:
        raise InputError(f"{where}: expected a rational number such as '3', '-3/4' or '0.25', got {shorten(text)!r}")
    size_error = _size_error(parts, text)
    if size_error is not None:
        raise InputError(f"{where}: {size_error}")
    sign = -1 if text[0] == "-" else 1
    if parts["p"] is not None:
        denominator = int(parts["q"])
        if denominator == 0:
            raise InputError(f"{where}: expected a nonzero denominator, got {shorten(text)!r}")
        return Fraction(sign * int(parts["p"]), denominator)
    frac = parts["frac"] or ""
    mantissa = sign * int(parts["int"] + frac)
    shift = int(parts["exp"] or "0") - len(frac)
    return Fraction(mantissa * 10**shift) if shift >= 0 else Fraction(mantissa, 10**-shift)


def number_size_error(text: str) -> str | None:
    """Why number text is beyond the documented limits, or None when it is within them (text
    that is not a number at all passes: :data:`NUMBER_TEXT` judges it)."""
    if len(text) > _MAX_TEXT:
        return _too_long(text)
    parts = NUMBER_TEXT.fullmatch(text)
    return None if parts is None else _size_error(parts, text)


def _too_long(text: str) -> str:
    return f"a number may have at most {MAX_DIGITS} digits, found {len(text):,} characters"


def _size_error(parts: re.Match[str], text: str) -> str | None:
    """Why the number matched as ``parts`` is beyond the limits, or None."""
    if parts["exp"] is None and len(text) <= MAX_DIGITS:  # the common case, decided at once
        return None
    if parts["p"] is not None:
        digits = max(len(parts["p"]), len(parts["q"]))
    else:
        digits = len(parts["int"]) + len(parts["frac"] or "")
    if digits > MAX_DIGITS:
        return f"a number may have at most {MAX_DIGITS} digits, found {digits}"
    exponent = (parts["exp"] or "0").lstrip("+-").lstrip("0")
    if len(exponent) > len(str(MAX_EXPONENT)) or int(exponent or "0") > MAX_EXPONENT:
        return f"a decimal exponent may be at most {MAX_EXPONENT} in size, found {shorten(text)!r}"
    return None


def shorten(text: str, limit: int = 40) -> str:
    """``text``, cut to ``limit`` characters with ``...`` (for messages that quote input)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxtuple, _REPR.maxset = 2, 4, 3, 4, 4
_REPR.maxstring, _REPR.maxlong, _REPR.maxother = 40, 40, 40


def value_text(value: object, limit: int = 100) -> str:
    """A short ``repr`` of any value (for messages about values of the wrong type): bounded in
    length and depth, whatever the size or nesting of ``value``."""
    return shorten(_REPR.repr(value), limit)


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
        sign, digits, exponent = value.as_tuple()
        if len(digits) > MAX_DIGITS or abs(int(exponent)) > MAX_EXPONENT + MAX_DIGITS:
            raise InputError(f"{where}: a number may have at most {MAX_DIGITS} digits and an exponent of at most "
                             f"{MAX_EXPONENT}, got the Decimal {shorten(str(value))}")
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
        return number_from_text(value.strip(), where)
    raise InputError(f"{where}: expected a rational number, got {type(value).__name__} {value_text(value)}")


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
    """Exact text of a rational: ``"7"``, ``"-3/4"`` (any size: no digit limit applies)."""
    return integer_text(value.numerator) if value.denominator == 1 else \
        f"{integer_text(value.numerator)}/{integer_text(value.denominator)}"


def integer_text(value: int) -> str:
    """Decimal text of an integer of any size (Python's ``str`` refuses more than 4300 digits;
    python-flint converts in quasi-linear time with no limit)."""
    return str(value) if -10**18 < value < 10**18 else str(fmpz(value))
