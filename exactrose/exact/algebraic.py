"""Exact real algebraic numbers: a minimal polynomial and an isolating interval.

A :class:`RealAlgebraic` is the unique real root of an irreducible, primitive integer
polynomial (positive leading coefficient, coefficients highest degree first) inside a
closed interval with :class:`~fractions.Fraction` endpoints.  Every decision is exact:
root isolation uses python-flint's certified ``complex_roots`` balls, comparisons bisect
with exact signs of the polynomial at rational points, and arithmetic builds an
annihilating polynomial (characteristic polynomial of a Kronecker sum or product of
companion matrices), factors it and keeps the one factor root in the interval image.
Results that are rational are returned as :class:`Fraction` ("rationals stay rationals").

>>> value = (19 - 4 * sqrt(3)) / 8
>>> value.to_expression(), value.decimal(12)
('(19 - 4*sqrt(3))/8', '1.50897459621')
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from flint import arb, arb_poly, ctx, fmpq, fmpq_mat, fmpq_poly, fmpz, fmpz_poly

if TYPE_CHECKING:
    from flint import acb

from exactrose.errors import InputError
from exactrose.exact.numbers import format_rational, to_rational

Poly = tuple[int, ...]
"""Integer coefficients, highest degree first."""

_RADICAL_MAX_OPS = 40
"""Largest sympy ``count_ops`` of a degree-3/4 radical form worth printing."""


# --------------------------------------------------------------------------- polynomials


def _rational_coefficients(coefficients: object, where: str = "coefficients") -> list[Fraction]:
    """Validate a list of rational coefficients (floats refused)."""
    if isinstance(coefficients, (str, bytes, Mapping)) or not isinstance(coefficients, Sequence):
        raise InputError(f"{where}: expected a list of rational coefficients, highest degree first, "
                         f"got {type(coefficients).__name__} {coefficients!r}")
    return [to_rational(c, f"{where}[{i}]") for i, c in enumerate(coefficients)]


def _integer_polynomial(coefficients: object, where: str = "coefficients") -> Poly:
    """Validate rational coefficients (highest degree first) and scale them to coprime ints."""
    values = _rational_coefficients(coefficients, where)
    while values and values[0] == 0:
        values.pop(0)
    if not values:
        raise InputError(f"{where}: the zero polynomial has every number as a root")
    scale = math.lcm(*(v.denominator for v in values))
    return _primitive([int(v * scale) for v in values])


def _primitive(coefficients: Sequence[int]) -> Poly:
    """Divide by the content and make the leading coefficient positive."""
    content = math.gcd(*coefficients) * (1 if coefficients[0] > 0 else -1)
    return tuple(c // content for c in coefficients)


def _flint(poly: Poly) -> fmpz_poly:
    return fmpz_poly(list(poly[::-1]))


def _from_flint(poly: fmpz_poly | fmpq_poly) -> Poly:
    if isinstance(poly, fmpq_poly):
        poly = poly.numer()
    return _primitive([int(c) for c in poly.coeffs()[::-1]])


def _factors(poly: Poly) -> list[Poly]:
    """The distinct irreducible factors of positive degree, normalised."""
    _, factors = _flint(poly).factor()
    return [_from_flint(f) for f, _ in factors]


def _sign_at_fraction(poly: Poly, q: Fraction) -> int:
    """Exact sign of ``poly(q)``, evaluated homogeneously in integers."""
    n, d = q.numerator, q.denominator
    acc, power = poly[0], 1
    for c in poly[1:]:
        power *= d
        acc = acc * n + c * power
    return (acc > 0) - (acc < 0)


def _poly_text(poly: Poly) -> str:
    """sympy-style text: ``64*x**2 - 304*x + 313``."""
    degree = len(poly) - 1
    terms: list[str] = []
    for i, c in enumerate(poly):
        if c == 0:
            continue
        power = degree - i
        monomial = "" if power == 0 else "x" if power == 1 else f"x**{power}"
        magnitude = str(abs(c)) if abs(c) != 1 or not monomial else ""
        body = f"{magnitude}*{monomial}" if magnitude and monomial else magnitude or monomial
        terms.append(("-" if c < 0 else "") + body if not terms else ("- " if c < 0 else "+ ") + body)
    return " ".join(terms)


def _poly_latex(poly: Poly) -> str:
    """LaTeX text: ``64x^{2}-304x+313``."""
    degree = len(poly) - 1
    text = ""
    for i, c in enumerate(poly):
        if c == 0:
            continue
        power = degree - i
        monomial = "" if power == 0 else "x" if power == 1 else f"x^{{{power}}}"
        magnitude = str(abs(c)) if abs(c) != 1 or not monomial else ""
        text += ("-" if c < 0 else "+" if text else "") + magnitude + monomial
    return text


# --------------------------------------------------------------------------- root isolation


def fraction_of_arb(value: arb) -> Fraction:
    """The exact value of an exact arb (a ball midpoint or radius)."""
    flint_mantissa, flint_exponent = value.man_exp()
    mantissa, exponent = int(flint_mantissa), int(flint_exponent)
    return Fraction(mantissa * 2**exponent) if exponent >= 0 else Fraction(mantissa, 2**-exponent)


@lru_cache(maxsize=4096)
def _isolate(poly: Poly) -> tuple[tuple[Fraction, Fraction], ...]:
    """Disjoint isolating intervals of the real roots of an irreducible poly, increasing.

    Degree 1 gives the exact root twice; otherwise the real balls of flint's certified
    ``complex_roots`` (exactly zero imaginary part, one root per ball).
    """
    if len(poly) == 2:
        root = Fraction(-poly[1], poly[0])
        return ((root, root),)
    with ctx.workprec(53):
        return tuple(sorted(_real_balls(poly)))


def _real_balls(poly: Poly) -> list[tuple[Fraction, Fraction]]:
    """Exact endpoints of the real root balls of flint's ``complex_roots`` at the working precision."""
    balls = []
    # flint's stub says list[acb]; fmpz_poly.complex_roots returns (root, multiplicity) pairs
    for root, _ in cast("list[tuple[acb, int]]", _flint(poly).complex_roots()):
        if root.imag.is_zero():
            mid, rad = fraction_of_arb(root.real.mid()), fraction_of_arb(root.real.rad())
            balls.append((mid - rad, mid + rad))
    return balls


def _root_in(poly: Poly, lo: Fraction, hi: Fraction) -> bool:
    """Whether ``[lo, hi]``, inside an isolating interval of ``poly``, holds that root."""
    if len(poly) == 2:
        return lo <= Fraction(-poly[1], poly[0]) <= hi
    return lo < hi and _sign_at_fraction(poly, lo) != _sign_at_fraction(poly, hi)


def _roots_in(poly: Poly, lo: Fraction, hi: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Tight isolating intervals of the roots of irreducible ``poly`` lying in ``[lo, hi]``."""
    found = []
    for root_lo, root_hi in _isolate(poly):
        inner_lo, inner_hi = max(lo, root_lo), min(hi, root_hi)
        if _root_in(poly, inner_lo, inner_hi):
            found.append((inner_lo, inner_hi))
    return found


def _compare_root(poly: Poly, lo: Fraction, hi: Fraction, q: Fraction) -> int:
    """Sign of ``root - q`` for the irrational root of ``poly`` isolated by ``[lo, hi]``."""
    if q < lo:
        return 1
    if q > hi:
        return -1
    return -1 if _sign_at_fraction(poly, q) != _sign_at_fraction(poly, lo) else 1


def _narrow(poly: Poly, lo: Fraction, hi: Fraction, width: Fraction) -> tuple[Fraction, Fraction]:
    """Bisect the isolating interval of an irrational root until ``hi - lo <= width``."""
    if hi - lo <= width:
        return lo, hi
    ratio = (hi - lo) / width
    if ratio.numerator.bit_length() - ratio.denominator.bit_length() > 64:
        # Far to go: jump with flint's certified roots at the needed precision.
        magnitude = max(abs(lo), abs(hi), Fraction(1)) / width
        with ctx.workprec(magnitude.numerator.bit_length() - magnitude.denominator.bit_length() + 32):
            balls = _real_balls(poly)
        for ball_lo, ball_hi in balls:
            inner_lo, inner_hi = max(lo, ball_lo), min(hi, ball_hi)
            if _root_in(poly, inner_lo, inner_hi):
                lo, hi = inner_lo, inner_hi
                break
    sign_lo = _sign_at_fraction(poly, lo)
    while hi - lo > width:
        mid = (lo + hi) / 2
        if _sign_at_fraction(poly, mid) == sign_lo:
            lo = mid
        else:
            hi = mid
    return lo, hi


# --------------------------------------------------------------------------- the number type


class RealAlgebraic:
    """A real algebraic number: minimal polynomial plus isolating interval (immutable).

    Build one with :meth:`root_of`, :func:`real_roots`, :func:`sqrt` or :meth:`from_rational`.
    Arithmetic with ints, Fractions and other RealAlgebraic numbers is exact and returns a
    :class:`Fraction` whenever the result is rational.
    """

    __slots__ = ("_poly", "_lo", "_hi")
    _poly: Poly
    _lo: Fraction
    _hi: Fraction

    def __init__(self, *args: object) -> None:
        raise TypeError("build a RealAlgebraic with RealAlgebraic.root_of, real_roots, sqrt or "
                        "RealAlgebraic.from_rational")

    @classmethod
    def _make(cls, poly: Poly, lo: Fraction, hi: Fraction) -> RealAlgebraic:
        """Trusted constructor: ``poly`` minimal and ``[lo, hi]`` isolating its root."""
        number = object.__new__(cls)
        object.__setattr__(number, "_poly", poly)
        object.__setattr__(number, "_lo", lo)
        object.__setattr__(number, "_hi", hi)
        return number

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RealAlgebraic is immutable (cannot set {name!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (RealAlgebraic._make, (self._poly, self._lo, self._hi))

    # ----------------------------------------------------------------- constructors

    @classmethod
    def root_of(cls, coefficients: Sequence[object], lo: object, hi: object) -> RealAlgebraic:
        """The real root of a rational polynomial (highest degree first) in ``[lo, hi]``.

        The polynomial is factored and the irreducible factor vanishing in the interval is
        kept; the interval must contain exactly one distinct real root.  A rational root gives
        a degree-1 number (``is_rational``, ``as_fraction()``).
        """
        poly = _integer_polynomial(coefficients)
        low, high = to_rational(lo, "lo"), to_rational(hi, "hi")
        if low > high:
            raise InputError(f"interval: lo = {format_rational(low)} exceeds hi = {format_rational(high)}")
        if len(poly) == 1:
            raise InputError(f"coefficients: the constant polynomial {poly[0]} has no root")
        hits = [(f, inner) for f in _factors(poly) for inner in _roots_in(f, low, high)]
        where = f"[{format_rational(low)}, {format_rational(high)}]"
        if not hits:
            raise InputError(f"interval {where} contains no real root of {_poly_text(poly)}")
        if len(hits) > 1:
            raise InputError(f"interval {where} contains {len(hits)} distinct real roots of "
                             f"{_poly_text(poly)}; give an interval that isolates one")
        factor, (root_lo, root_hi) = hits[0]
        return cls._make(factor, root_lo, root_hi)

    @classmethod
    def from_rational(cls, value: object) -> RealAlgebraic:
        """A rational as a RealAlgebraic of degree 1."""
        q = to_rational(value)
        return cls._make((q.denominator, -q.numerator), q, q)

    # ----------------------------------------------------------------- accessors

    @property
    def minimal_polynomial(self) -> Poly:
        """Integer coefficients of the minimal polynomial, highest degree first."""
        return self._poly

    @property
    def degree(self) -> int:
        """Degree of the minimal polynomial (1 for rationals)."""
        return len(self._poly) - 1

    @property
    def interval(self) -> tuple[Fraction, Fraction]:
        """The isolating interval ``(lo, hi)``."""
        return self._lo, self._hi

    @property
    def is_rational(self) -> bool:
        """Whether the number is rational (minimal polynomial of degree 1)."""
        return len(self._poly) == 2

    def as_fraction(self) -> Fraction:
        """The rational value; :class:`InputError` if the number is irrational."""
        if not self.is_rational:
            raise InputError(f"{self!r} is irrational and has no Fraction value")
        return self._lo

    def refine(self, width: object) -> RealAlgebraic:
        """The same number with an isolating interval of width at most ``width`` (> 0)."""
        target = to_rational(width, "width")
        if target <= 0:
            raise InputError(f"width: expected a positive number, got {format_rational(target)}")
        if self.is_rational:
            return self
        return RealAlgebraic._make(self._poly, *_narrow(self._poly, self._lo, self._hi, target))

    def root_index(self) -> int:
        """Position of the number among the real roots of its minimal polynomial (from 0)."""
        return next(index for index, (lo, hi) in enumerate(_isolate(self._poly))
                    if _root_in(self._poly, max(lo, self._lo), min(hi, self._hi)))

    # ----------------------------------------------------------------- comparison

    def sign(self) -> int:
        """-1, 0 or 1."""
        if self.is_rational:
            return (self._lo > 0) - (self._lo < 0)
        return _compare_root(self._poly, self._lo, self._hi, Fraction(0))

    def __bool__(self) -> bool:
        return self.sign() != 0

    def __eq__(self, other: object) -> bool:
        value = _coerce(other)
        if value is None:
            return NotImplemented
        return _compare(self, value) == 0

    def __lt__(self, other: object) -> bool:
        value = _coerce(other)
        return NotImplemented if value is None else _compare(self, value) < 0

    def __le__(self, other: object) -> bool:
        value = _coerce(other)
        return NotImplemented if value is None else _compare(self, value) <= 0

    def __gt__(self, other: object) -> bool:
        value = _coerce(other)
        return NotImplemented if value is None else _compare(self, value) > 0

    def __ge__(self, other: object) -> bool:
        value = _coerce(other)
        return NotImplemented if value is None else _compare(self, value) >= 0

    def __hash__(self) -> int:
        # Equal numbers share the minimal polynomial; rationals hash like their Fraction.
        return hash(self._lo) if self.is_rational else hash(self._poly)

    # ----------------------------------------------------------------- arithmetic

    def __neg__(self) -> Fraction | RealAlgebraic:
        return _negate(_simplify(self))

    def __abs__(self) -> Fraction | RealAlgebraic:
        value = _simplify(self)
        return _negate(value) if value < 0 else value

    def __add__(self, other: object) -> Fraction | RealAlgebraic:
        value = _coerce(other)
        return NotImplemented if value is None else _add(_simplify(self), _simplify(value))

    __radd__ = __add__

    def __sub__(self, other: object) -> Fraction | RealAlgebraic:
        value = _coerce(other)
        return NotImplemented if value is None else _add(_simplify(self), _negate(_simplify(value)))

    def __rsub__(self, other: object) -> Fraction | RealAlgebraic:
        value = _coerce(other)
        return NotImplemented if value is None else _add(_simplify(value), _negate(_simplify(self)))

    def __mul__(self, other: object) -> Fraction | RealAlgebraic:
        value = _coerce(other)
        return NotImplemented if value is None else _multiply(_simplify(self), _simplify(value))

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Fraction | RealAlgebraic:
        value = _coerce(other)
        return NotImplemented if value is None else _multiply(_simplify(self), _inverse(_simplify(value)))

    def __rtruediv__(self, other: object) -> Fraction | RealAlgebraic:
        value = _coerce(other)
        return NotImplemented if value is None else _multiply(_simplify(value), _inverse(_simplify(self)))

    # ----------------------------------------------------------------- numeric views

    def decimal(self, digits: int) -> str:
        """The first ``digits`` significant digits, TRUNCATED toward zero (never rounded).

        Every printed digit is correct (certified by the isolating interval).  The text is
        :class:`decimal.Decimal`'s, so very large or small numbers use ``E`` notation.
        """
        if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
            raise InputError(f"digits: expected a positive integer, got {digits!r}")
        negative, magnitude = self.sign() < 0, abs(self)
        if magnitude == 0:
            return "0"
        if isinstance(magnitude, Fraction):
            return _truncated_decimal(magnitude, magnitude, digits, negative) or ""
        poly, hi = magnitude._poly, magnitude._hi
        lo = max(magnitude._lo, _root_bound(poly))
        while True:
            text = _truncated_decimal(lo, hi, digits, negative)
            if text is not None:
                return text
            lo, hi = _narrow(poly, lo, hi, min((hi - lo) / 16, lo / 10 ** (digits + 1)))

    def __float__(self) -> float:
        """A float close to the number (INEXACT: for display and plotting only)."""
        return float(self._lo) if self.is_rational else float(Decimal(self.decimal(20)))

    def __repr__(self) -> str:
        """``RealAlgebraic((19 - 4*sqrt(3))/8 ~ 1.5089745962155613)``: the closed form of a
        rational or quadratic number, else ``RootOf(p, k)``, and 16 digits."""
        if self.is_rational:
            return f"RealAlgebraic({format_rational(self._lo)})"
        form = _quadratic_text(*self._quadratic_parts()) if self.degree == 2 \
            else f"RootOf({_poly_text(self._poly)}, {self.root_index()})"
        return f"RealAlgebraic({form} ~ {self.decimal(16)})"

    def _repr_latex_(self) -> str:
        """Notebooks show the number as LaTeX math (:meth:`to_latex`)."""
        return f"${self.to_latex()}$"

    # ----------------------------------------------------------------- rendering

    def to_expression(self) -> str:
        """Closed form text: ``(19 - 4*sqrt(3))/8``, sympy radicals for degree 3-4 that verify,
        else ``RootOf(64*x**2 - 304*x + 313, 0)`` (sympy's CRootOf index: real roots from 0)."""
        if self.is_rational:
            return format_rational(self._lo)
        if self.degree == 2:
            return _quadratic_text(*self._quadratic_parts())
        radical = _radical_form(self._poly, self.root_index())
        if radical is not None:
            return str(radical)
        return f"RootOf({_poly_text(self._poly)}, {self.root_index()})"

    def to_latex(self) -> str:
        r"""LaTeX: ``\frac{19-4\sqrt{3}}{8}``; fallback ``\operatorname{root}_{k}\left(p\right)``
        with k the 0-based index among the real roots of p in increasing order."""
        if self.is_rational:
            return latex_rational(self._lo)
        if self.degree == 2:
            return _quadratic_latex(*self._quadratic_parts())
        radical = _radical_form(self._poly, self.root_index())
        if radical is not None:
            import sympy

            return sympy.latex(radical)
        return rf"\operatorname{{root}}_{{{self.root_index()}}}\left({_poly_latex(self._poly)}\right)"

    def to_sympy(self) -> Any:
        """An exact sympy expression (Rational, radical expression or CRootOf)."""
        import sympy

        if self.is_rational:
            return sympy.Rational(self._lo.numerator, self._lo.denominator)
        if self.degree == 2:
            p, s, m, q = self._quadratic_parts()
            return (p + s * sympy.sqrt(m)) / q
        radical = _radical_form(self._poly, self.root_index())
        if radical is not None:
            return radical
        x = sympy.Symbol("x")
        return sympy.CRootOf(sympy.Poly(list(self._poly), x), self.root_index())

    def _quadratic_parts(self) -> tuple[int, int, int, int]:
        """``(p, s, m, q)`` with value ``(p + s*sqrt(m))/q``, m square-free, gcd(p, s, q) = 1, q > 0."""
        a, b, c = self._poly
        discriminant = b * b - 4 * a * c
        outside, radicand = 1, 1
        for prime, power in fmpz(discriminant).factor():
            outside *= int(prime) ** (power // 2)
            radicand *= int(prime) ** (power % 2)
        if _compare_root(self._poly, self._lo, self._hi, Fraction(-b, 2 * a)) < 0:
            outside = -outside
        g = math.gcd(b, outside, 2 * a)
        return -b // g, outside // g, radicand, 2 * a // g

    # ----------------------------------------------------------------- JSON

    def to_json(self) -> dict[str, Any]:
        """``{"poly": [...], "interval": ["p/q", "p/q"], "approx": "<32 significant digits>"}``."""
        return {
            "poly": list(self._poly),
            "interval": [format_rational(self._lo), format_rational(self._hi)],
            "approx": self.decimal(32),
        }

    @classmethod
    def from_json(cls, obj: object) -> RealAlgebraic:
        """Read :meth:`to_json` output, checking every field (InputError names the field)."""
        if not isinstance(obj, Mapping):
            raise InputError(f"algebraic number: expected a JSON object with fields 'poly' and 'interval', "
                             f"got {type(obj).__name__}")
        unknown = sorted(set(obj) - {"poly", "interval", "approx"})
        if unknown:
            raise InputError(f"algebraic number: unknown field(s) {', '.join(map(repr, unknown))}")
        for field in ("poly", "interval"):
            if field not in obj:
                raise InputError(f"algebraic number: field {field!r} is missing")
        poly = _json_poly(obj["poly"])
        interval = obj["interval"]
        if not isinstance(interval, Sequence) or isinstance(interval, (str, bytes)) or len(interval) != 2:
            raise InputError(f"field 'interval': expected [lo, hi] as two rational strings, got {interval!r}")
        lo, hi = (to_rational(v, f"field 'interval'[{i}]") for i, v in enumerate(interval))
        if lo > hi:
            raise InputError(f"field 'interval': lo = {format_rational(lo)} exceeds hi = {format_rational(hi)}")
        count = len(_roots_in(poly, lo, hi))
        if count != 1:
            raise InputError(f"field 'interval': [{format_rational(lo)}, {format_rational(hi)}] contains "
                             f"{count} real roots of {_poly_text(poly)}, expected exactly one")
        number = cls._make(poly, lo, hi) if len(poly) > 2 else cls.from_rational(Fraction(-poly[1], poly[0]))
        if "approx" in obj:
            _check_approx(number, obj["approx"])
        return number


# --------------------------------------------------------------------------- helpers of the type


#: What an exact value may be: a rational or a real algebraic number (the one definition).
ExactValue = Fraction | RealAlgebraic


def _coerce(value: object) -> Fraction | RealAlgebraic | None:
    """An exact operand, or None for types this module does not mix with (floats, ...)."""
    if isinstance(value, RealAlgebraic):
        return value
    if isinstance(value, numbers.Rational) and not isinstance(value, bool):
        return to_rational(value)
    return None


def _simplify(value: Fraction | RealAlgebraic) -> Fraction | RealAlgebraic:
    """Rational RealAlgebraic numbers become Fractions."""
    return value._lo if isinstance(value, RealAlgebraic) and value.is_rational else value


def _compare(a: Fraction | RealAlgebraic, b: Fraction | RealAlgebraic) -> int:
    """Exact sign of ``a - b``."""
    a, b = _simplify(a), _simplify(b)
    if isinstance(a, Fraction):
        if isinstance(b, Fraction):
            return (a > b) - (a < b)
        return -_compare_root(b._poly, b._lo, b._hi, a)
    if isinstance(b, Fraction):
        return _compare_root(a._poly, a._lo, a._hi, b)
    if a._poly == b._poly and _root_in(a._poly, max(a._lo, b._lo), min(a._hi, b._hi)):
        return 0
    # Distinct numbers: bisect the overlap of the intervals until a rational separates them.
    a_lo, a_hi, b_lo, b_hi = a._lo, a._hi, b._lo, b._hi
    while True:
        if a_hi < b_lo:
            return -1
        if b_hi < a_lo:
            return 1
        q = (max(a_lo, b_lo) + min(a_hi, b_hi)) / 2
        side_a = _compare_root(a._poly, a_lo, a_hi, q)
        side_b = _compare_root(b._poly, b_lo, b_hi, q)
        if side_a != side_b:
            return side_a
        if side_a < 0:
            a_hi = b_hi = q
        else:
            a_lo = b_lo = q


def _negate_poly(poly: Poly) -> Poly:
    degree = len(poly) - 1
    return _primitive([c if (degree - i) % 2 == 0 else -c for i, c in enumerate(poly)])


def _negate(value: Fraction | RealAlgebraic) -> Fraction | RealAlgebraic:
    if isinstance(value, Fraction):
        return -value
    return RealAlgebraic._make(_negate_poly(value._poly), -value._hi, -value._lo)


def _inverse(value: Fraction | RealAlgebraic) -> Fraction | RealAlgebraic:
    if isinstance(value, Fraction):
        if value == 0:
            raise ZeroDivisionError("division by zero")
        return 1 / value
    poly, lo, hi = value._poly, value._lo, value._hi
    bound = _root_bound(poly)  # irreducible of degree >= 2: the root is not 0
    if value.sign() > 0:
        lo = max(lo, bound)
    else:
        hi = min(hi, -bound)
    return RealAlgebraic._make(_primitive(poly[::-1]), 1 / hi, 1 / lo)


def _add(a: Fraction | RealAlgebraic, b: Fraction | RealAlgebraic) -> Fraction | RealAlgebraic:
    if isinstance(a, Fraction):
        if isinstance(b, Fraction):
            return a + b
        a, b = b, a
    if isinstance(b, Fraction):
        shifted = fmpq_poly(list(a._poly[::-1]))(fmpq_poly([-fmpq(b.numerator, b.denominator), 1]))
        return RealAlgebraic._make(_from_flint(shifted), a._lo + b, a._hi + b)
    return _combine(a, b, product=False)


def _multiply(a: Fraction | RealAlgebraic, b: Fraction | RealAlgebraic) -> Fraction | RealAlgebraic:
    if isinstance(a, Fraction):
        if isinstance(b, Fraction):
            return a * b
        a, b = b, a
    if isinstance(b, Fraction):
        if b == 0:
            return Fraction(0)
        scaled = fmpq_poly(list(a._poly[::-1]))(fmpq_poly([0, fmpq(b.denominator, b.numerator)]))
        ends = sorted((a._lo * b, a._hi * b))
        return RealAlgebraic._make(_from_flint(scaled), ends[0], ends[1])
    return _combine(a, b, product=True)


def _companion(poly: Poly) -> list[list[fmpq]]:
    """Companion matrix of ``poly``: its characteristic polynomial is ``poly / lc``."""
    n, lead = len(poly) - 1, poly[0]
    rows = [[fmpq(0)] * n for _ in range(n)]
    for i in range(1, n):
        rows[i][i - 1] = fmpq(1)
    for i in range(n):
        rows[i][n - 1] = fmpq(-poly[n - i], lead)
    return rows


def _kronecker(a: Poly, b: Poly, product: bool) -> fmpq_mat:
    """Matrix whose eigenvalues are the sums (or products) of the roots of ``a`` and ``b``."""
    ca, cb = _companion(a), _companion(b)
    n, m = len(ca), len(cb)
    entries: list[fmpq | int] = []
    for i in range(n):
        for k in range(m):
            for j in range(n):
                for l in range(m):
                    if product:
                        entries.append(ca[i][j] * cb[k][l])
                    else:
                        entries.append((ca[i][j] if k == l else 0) + (cb[k][l] if i == j else 0))
    return fmpq_mat(n * m, n * m, entries)


def _combine(a: RealAlgebraic, b: RealAlgebraic, product: bool) -> Fraction | RealAlgebraic:
    """``a + b`` or ``a * b`` for irrational operands, via an annihilating polynomial."""
    factors = [f for f in _factors(_from_flint(_kronecker(a._poly, b._poly, product).charpoly())) if _isolate(f)]
    a_lo, a_hi, b_lo, b_hi = a._lo, a._hi, b._lo, b._hi
    while True:
        if product:
            corners = (a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi)
            lo, hi = min(corners), max(corners)
        else:
            lo, hi = a_lo + b_lo, a_hi + b_hi
        hits = [(f, inner) for f in factors for inner in _roots_in(f, lo, hi)]
        if len(hits) == 1:
            factor, (root_lo, root_hi) = hits[0]
            return root_lo if len(factor) == 2 else RealAlgebraic._make(factor, root_lo, root_hi)
        width = max(a_hi - a_lo, b_hi - b_lo) / 16
        a_lo, a_hi = _narrow(a._poly, a_lo, a_hi, width)
        b_lo, b_hi = _narrow(b._poly, b_lo, b_hi, width)


def _root_bound(poly: Poly) -> Fraction:
    """Cauchy's bound on the reciprocal polynomial: every nonzero root has ``|root| >`` it."""
    return Fraction(abs(poly[-1]), abs(poly[-1]) + max(abs(c) for c in poly[:-1]))


def _truncated_decimal(lo: Fraction, hi: Fraction, digits: int, negative: bool) -> str | None:
    """The ``digits`` leading digits shared by every number in ``[lo, hi]`` (``lo > 0``), if any."""
    exponent = _floor_log10(lo)
    if _floor_log10(hi) != exponent:
        return None
    shift = digits - 1 - exponent
    low, high = math.floor(lo * Fraction(10) ** shift), math.floor(hi * Fraction(10) ** shift)
    if low != high:
        return None
    return str(Decimal((int(negative), tuple(map(int, str(low))), -shift)))


def _floor_log10(x: Fraction) -> int:
    """``floor(log10(x))`` for a rational ``x > 0``, exactly."""
    k = len(str(x.numerator)) - len(str(x.denominator))
    while Fraction(10) ** k > x:
        k -= 1
    while Fraction(10) ** (k + 1) <= x:
        k += 1
    return k


def latex_rational(value: Fraction) -> str:
    r"""A rational in LaTeX math: ``7``, ``-\frac{3}{4}``."""
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def _quadratic_text(p: int, s: int, m: int, q: int) -> str:
    surd = f"sqrt({m})" if abs(s) == 1 else f"{abs(s)}*sqrt({m})"
    if p == 0:
        numerator = surd if s > 0 else f"-{surd}"
        return numerator if q == 1 else f"{numerator}/{q}"
    numerator = f"{p} {'+' if s > 0 else '-'} {surd}"
    return numerator if q == 1 else f"({numerator})/{q}"


def _quadratic_latex(p: int, s: int, m: int, q: int) -> str:
    surd = (rf"\sqrt{{{m}}}" if abs(s) == 1 else rf"{abs(s)}\sqrt{{{m}}}")
    if p == 0:
        sign = "" if s > 0 else "-"
        return f"{sign}{surd}" if q == 1 else rf"{sign}\frac{{{surd}}}{{{q}}}"
    numerator = f"{p}{'+' if s > 0 else '-'}{surd}"
    return numerator if q == 1 else rf"\frac{{{numerator}}}{{{q}}}"


@lru_cache(maxsize=256)
def _radical_form(poly: Poly, index: int) -> Any:
    """A verified sympy radical expression for a root of a degree 3-4 poly, or None.

    Candidates come from ``sympy.roots`` (Cardano/Ferrari) and ``sqrtdenest``; one is kept
    only if it is free of ``I``, short, its 50-digit value falls strictly inside the
    isolating interval of root ``index`` and its minimal polynomial is exactly ``poly``.
    """
    if len(poly) - 1 not in (3, 4):
        return None
    import sympy

    x = sympy.Symbol("x")
    target = _isolate(poly)[index]
    for candidate in sympy.roots(sympy.Poly(list(poly), x), cubics=True, quartics=True):
        if candidate.has(sympy.I) or sympy.count_ops(candidate) > _RADICAL_MAX_OPS:
            continue
        expression = sympy.sqrtdenest(candidate)
        real, imaginary = sympy.N(expression, 50).as_real_imag()
        if abs(imaginary) > sympy.Float(10) ** -40 or not real.is_Float:
            continue
        approx = Fraction(str(real))
        margin = Fraction(1, 10**40) * max(Fraction(1), abs(approx))
        if not target[0] + margin < approx < target[1] - margin:
            continue
        minimal = sympy.Poly(sympy.minimal_polynomial(expression, x), x)
        if _primitive([int(c) for c in minimal.all_coeffs()]) == poly:
            return expression
    return None


def _json_poly(value: object) -> Poly:
    if (isinstance(value, (str, bytes)) or not isinstance(value, Sequence)
            or not all(isinstance(c, int) and not isinstance(c, bool) for c in value)):
        raise InputError(f"field 'poly': expected a list of integers, highest degree first, got {value!r}")
    poly = tuple(value)
    if len(poly) < 2:
        raise InputError(f"field 'poly': expected degree at least 1, got {list(poly)}")
    if poly[0] <= 0:
        raise InputError(f"field 'poly': the leading coefficient must be positive, got {list(poly)}")
    if math.gcd(*poly) != 1:
        raise InputError(f"field 'poly': the coefficients must have gcd 1, got {list(poly)}")
    factors = _flint(poly).factor()[1]
    if len(factors) != 1 or factors[0][1] != 1:
        raise InputError(f"field 'poly': {_poly_text(poly)} is not irreducible over the rationals")
    return poly


def _check_approx(number: RealAlgebraic, text: object) -> None:
    """The 'approx' field must agree with the number to within one unit of its last digit."""
    try:
        approx = Decimal(text) if isinstance(text, str) else None
    except InvalidOperation:
        approx = None
    if approx is None or not approx.is_finite():
        raise InputError(f"field 'approx': expected a decimal string, got {text!r}")
    exponent = approx.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite Decimal's exponent is an int ('n', 'N', 'F' are NaN, inf)
    unit, center = Fraction(10) ** exponent, Fraction(approx)
    if not center - unit < number < center + unit:
        raise InputError(f"field 'approx': {text} does not match the number {number.decimal(20)}... given by "
                         "'poly' and 'interval'")


# --------------------------------------------------------------------------- module functions


def real_roots(coefficients: Sequence[object]) -> list[Fraction | RealAlgebraic]:
    """All distinct real roots of a rational polynomial (highest degree first), increasing.

    Rational roots are returned as Fractions.
    """
    poly = _integer_polynomial(coefficients)
    roots: list[Fraction | RealAlgebraic] = []
    for factor in _factors(poly):
        for lo, hi in _isolate(factor):
            roots.append(lo if len(factor) == 2 else RealAlgebraic._make(factor, lo, hi))
    return sorted(roots)


def sqrt(value: object) -> Fraction | RealAlgebraic:
    """The non-negative square root of a rational ``value >= 0`` (a Fraction if rational)."""
    q = to_rational(value)
    if q < 0:
        raise InputError(f"sqrt: expected a non-negative number, got {format_rational(q)}")
    n, d = q.numerator, q.denominator
    root_n, root_d = math.isqrt(n), math.isqrt(d)
    if root_n * root_n == n and root_d * root_d == d:
        return Fraction(root_n, root_d)
    s = math.isqrt(n * d)  # s/d < sqrt(n/d) < (s + 1)/d
    return RealAlgebraic._make((d, 0, -n), Fraction(s, d), Fraction(s + 1, d))


def sign_at(coefficients: Sequence[object], alpha: Fraction | int | RealAlgebraic) -> int:
    """Exact sign (-1, 0, 1) of a rational polynomial (highest degree first) at ``alpha``.

    Zero iff the minimal polynomial of ``alpha`` divides it; otherwise the remainder is
    evaluated in ball arithmetic on ever narrower isolating intervals until its sign is sure.
    """
    values = _rational_coefficients(coefficients)
    point = _coerce(alpha)
    if point is None:
        raise InputError(f"alpha: expected an int, Fraction or RealAlgebraic, got {type(alpha).__name__}")
    point = _simplify(point)
    if isinstance(point, Fraction):
        total = Fraction(0)
        for c in values:
            total = total * point + c
        return (total > 0) - (total < 0)
    remainder = fmpq_poly([fmpq(v.numerator, v.denominator) for v in values[::-1]]) % fmpq_poly(
        list(point._poly[::-1]))
    if remainder.is_zero():
        return 0
    lo, hi = point._lo, point._hi
    while True:
        width_bits = (hi - lo).denominator.bit_length() - (hi - lo).numerator.bit_length()
        with ctx.workprec(max(0, width_bits) + 128):
            ball = arb(fmpq(lo.numerator, lo.denominator)).union(arb(fmpq(hi.numerator, hi.denominator)))
            image = arb_poly([arb(c) for c in remainder.coeffs()])(ball)
        if image > 0:
            return 1
        if image < 0:
            return -1
        lo, hi = _narrow(point._poly, lo, hi, (hi - lo) / 2**32)


def rational_function_at(numerator: fmpq_poly, denominator: fmpq_poly,
                         alpha: Fraction | RealAlgebraic) -> Fraction | RealAlgebraic:
    """``numerator(alpha) / denominator(alpha)``, exactly (the denominator must not vanish there).

    For irrational ``alpha`` with minimal polynomial ``m`` the value is ``h(alpha)`` with
    ``h = numerator · denominator⁻¹ mod m``; its annihilating polynomial is the characteristic
    polynomial of ``h(C)``, ``C`` the companion matrix of ``m``, and the root is picked by
    evaluating ``h`` in ball arithmetic on ever narrower isolating intervals of ``alpha``.
    """
    point = _simplify(alpha)
    if isinstance(point, Fraction):
        q = fmpq(point.numerator, point.denominator)
        den = denominator(q)
        if den == 0:
            raise ZeroDivisionError(f"the denominator vanishes at {format_rational(point)}")
        value = numerator(q) / den
        return Fraction(int(value.p), int(value.q))
    m = fmpq_poly(list(point._poly[::-1]))
    g, inverse, _ = (denominator % m).xgcd(m)
    if g.degree() != 0:
        raise ZeroDivisionError(f"the denominator vanishes at {point!r}")
    h = (numerator * inverse / g) % m
    if h.degree() <= 0:
        value = h.coeffs()[0] if h.degree() == 0 else fmpq(0)
        return Fraction(int(value.p), int(value.q))
    companion = fmpq_mat(_companion(point._poly))
    image = fmpq_mat(companion.nrows(), companion.ncols())
    for c in reversed(h.coeffs()):
        image = image * companion + fmpq_mat(companion.nrows(), companion.ncols(),
                                             [c if i == j else 0 for i in range(companion.nrows())
                                              for j in range(companion.ncols())])
    factors = [f for f in _factors(_from_flint(image.charpoly())) if _isolate(f)]
    lo, hi = point._lo, point._hi
    while True:
        with ctx.workprec(128):
            ball = arb_poly([arb(c) for c in h.coeffs()])(
                arb(fmpq(lo.numerator, lo.denominator)).union(arb(fmpq(hi.numerator, hi.denominator))))
        mid, rad = fraction_of_arb(ball.mid()), fraction_of_arb(ball.rad())
        hits = [(f, inner) for f in factors for inner in _roots_in(f, mid - rad, mid + rad)]
        if len(hits) == 1:
            factor, (root_lo, root_hi) = hits[0]
            return root_lo if len(factor) == 2 else RealAlgebraic._make(factor, root_lo, root_hi)
        lo, hi = _narrow(point._poly, lo, hi, (hi - lo) / 2**16)
