"""Polynomials in named parameters, read from untrusted text: nothing is evaluated as Python.

A parametric game's payoff strings (``"3*t - 1/2"``) are read by this small parser into an
exact polynomial (python-flint ``fmpq_mpoly``) in the declared parameter names.  The grammar
(tokens may be separated by spaces and tabs)::

    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary)*
    unary   := ('+' | '-') unary | power
    power   := atom ('^' INTEGER)?
    atom    := NUMBER | NAME | '(' expr ')'
    NUMBER  := DIGITS ['.' [DIGITS]] [EXP] | '.' DIGITS [EXP]       e.g. 7, 0.25, 1e-3
    EXP     := ('e' | 'E') ['+' | '-'] DIGITS
    INTEGER := DIGITS                                               at most MAX_POWER
    NAME    := [A-Za-z_][A-Za-z_0-9]*, one of the declared parameters
    DIGITS  := [0-9]+                                               ASCII digits only

``1/3`` is a division, which gives the same exact value as the rational ``1/3``; a divisor
must be a nonzero number (a parameter in a divisor is not a polynomial).  ``-t^2`` is
``-(t^2)``; a power of a power needs parentheses: ``(t^2)^3``.  ``**`` is refused (write ``^``).

Limits (:mod:`exactrose.limits`): :data:`~exactrose.limits.MAX_EXPRESSION_CHARS` characters;
:data:`~exactrose.limits.MAX_EXPRESSION_DEPTH` levels of parentheses and signs together (the
parser never recurses deeper); numbers within :data:`~exactrose.limits.MAX_DIGITS` and
:data:`~exactrose.limits.MAX_EXPONENT`; exponents after ``^`` at most
:data:`~exactrose.limits.MAX_POWER`; and the polynomial built at most
:data:`~exactrose.limits.MAX_DEGREE` in total degree, :data:`~exactrose.limits.MAX_TERMS` terms
and :data:`~exactrose.limits.MAX_COEFFICIENT_DIGITS` digits per coefficient.  Degree, terms and
digits are bounded from the operands *before* each product or power is formed (digits by bounds
carried along, measured from the coefficients only when those bounds are over the limit), so no
input can make the parser build a huge polynomial.  A sum adds its smallest terms first and a
product multiplies its numbers together first, so a large polynomial is not copied once per
small term or number.  Every refusal is an :class:`InputError` whose one-line message starts
``column K:`` (1-based) when it has a place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NoReturn

from flint import fmpq_mpoly, fmpq_mpoly_ctx, fmpz

from exactrose.errors import InputError
from exactrose.exact.numbers import from_fmpq, number_from_text, shorten, to_fmpq
from exactrose.limits import (
    MAX_COEFFICIENT_DIGITS,
    MAX_DEGREE,
    MAX_EXPRESSION_CHARS,
    MAX_EXPRESSION_DEPTH,
    MAX_POWER,
    MAX_TERMS,
)

_TOKEN = re.compile(r"[ \t]*(?:(?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
                    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)|(?P<op>\*\*|[-+*/^()]))")
_SPACE = re.compile(r"[ \t]*")


def polynomial_context(names: Sequence[str]) -> fmpq_mpoly_ctx:
    """The python-flint context of polynomials in ``names`` (in that order)."""
    return fmpq_mpoly_ctx.get(tuple(names), "lex")


def parse_polynomial(text: str, names: Sequence[str]) -> fmpq_mpoly:
    """The exact polynomial that ``text`` denotes in the parameters ``names`` (see the module's
    grammar and limits); :class:`InputError` otherwise.

    >>> parse_polynomial("3*t - 1/2", ["t"])
    3*t - 1/2
    """
    if len(text) > MAX_EXPRESSION_CHARS:
        raise InputError(f"the expression has {len(text):,} characters, which exceeds the limit of "
                         f"{MAX_EXPRESSION_CHARS:,}")
    return _Parser(text, names).parse()


class _Parser:
    """Recursive descent over the grammar, one token of lookahead, depth counted explicitly."""

    def __init__(self, text: str, names: Sequence[str]) -> None:
        self.text = text
        self.names = tuple(names)
        self.context = polynomial_context(names)
        self.depth = 0
        self.end = 0  # where the current token ends
        self._advance()

    def parse(self) -> fmpq_mpoly:
        value = self._expr()
        if self.kind != "end":
            self._expected("an operator or the end of the expression")
        if value.digits() > MAX_COEFFICIENT_DIGITS:
            value = value.measured()
            if value.digits() > MAX_COEFFICIENT_DIGITS:
                raise InputError(f"the expression's coefficients could have {value.digits():,} digits, which exceeds "
                                 f"the limit of {MAX_COEFFICIENT_DIGITS:,}")
        return value.poly

    # ------------------------------------------------------------------ tokens

    def _advance(self) -> None:
        """Read the next token into ``kind`` (number, name, an operator's text, or end),
        ``token`` and ``column``."""
        match = _TOKEN.match(self.text, self.end)
        if match is None:
            start = _SPACE.match(self.text, self.end).end()  # type: ignore[union-attr]
            self.column, self.end = start + 1, start
            if start == len(self.text):
                self.kind, self.token = "end", ""
                return
            raise self._error(f"expected a number, a parameter ({', '.join(self.names)}), an operator or a "
                              f"parenthesis, found {self.text[start]!a}")
        self.token = match.group(match.lastgroup or "")
        self.kind = self.token if match.lastgroup == "op" else match.lastgroup or ""
        self.column, self.end = match.start(match.lastgroup or 0) + 1, match.end()
        if self.kind == "**":
            raise self._error("'**' is not an operator here; write '^' for a power, such as t^2")

    def _found(self) -> str:
        return "the end of the expression" if self.kind == "end" else repr(shorten(self.token))

    def _error(self, message: str) -> InputError:
        return InputError(f"column {self.column}: {message}")

    def _expected(self, what: str) -> NoReturn:
        raise self._error(f"expected {what}, found {self._found()}")

    def _enter(self) -> None:
        """One more level of parentheses or signs, within MAX_EXPRESSION_DEPTH."""
        self.depth += 1
        if self.depth > MAX_EXPRESSION_DEPTH:
            raise self._error(f"parentheses and signs nest deeper than the limit of {MAX_EXPRESSION_DEPTH} levels")

    # ------------------------------------------------------------------ grammar

    def _expr(self) -> _Sized:
        """A sum, added smallest terms first, so that a large polynomial is copied once, not
        once per small term after it."""
        terms = [(self.column, False, self._term())]
        while self.kind in ("+", "-"):
            column, subtract = self.column, self.kind == "-"
            self._advance()
            terms.append((column, subtract, self._term()))
        terms.sort(key=lambda term: len(term[2].poly))
        value, last = _Sized(self.context.constant(0), 0, 0), 0
        for column, subtract, term in terms:
            value, last = _sum(value, term, subtract), max(last, column)
            if len(value.poly) > MAX_TERMS:
                raise InputError(f"column {last}: the sum has {len(value.poly):,} terms, which exceeds the limit "
                                 f"of {MAX_TERMS:,}")
        return value

    def _term(self) -> _Sized:
        """A product; its constant factors after the first are multiplied together first and
        into the rest once, so that a large polynomial is not copied once per number."""
        value, numbers, numbers_column = self._unary(), None, 0
        while self.kind in ("*", "/"):
            column, operator = self.column, self.kind
            self._advance()
            right = self._unary()
            if operator == "/":
                if not right.poly.is_constant():
                    raise InputError(f"column {column}: a divisor may not contain a parameter (a quotient by "
                                     f"{', '.join(self.names)} is not a polynomial); divide only by numbers")
                if right.poly.is_zero():
                    raise InputError(f"column {column}: division by zero")
                right = self._constant(1 / from_fmpq(right.poly.leading_coefficient()))
            if right.poly.is_constant():
                numbers, numbers_column = right if numbers is None else _product(numbers, right, column), column
            else:
                value = _product(value, right, column)
        return value if numbers is None else _product(value, numbers, numbers_column)

    def _unary(self) -> _Sized:
        signs, negative = 0, False
        while self.kind in ("+", "-"):
            self._enter()
            signs, negative = signs + 1, negative ^ (self.kind == "-")
            self._advance()
        value = self._power()
        self.depth -= signs
        return _Sized(-value.poly, value.den, value.num) if negative else value

    def _power(self) -> _Sized:
        base = self._atom()
        if self.kind != "^":
            return base
        column = self.column
        self._advance()
        if self.kind != "number" or not self.token.isdigit():
            self._expected(f"a whole exponent from 0 to {MAX_POWER} after '^'")
        digits = self.token.lstrip("0")
        if len(digits) > len(str(MAX_POWER)) or int(digits or "0") > MAX_POWER:
            raise self._error(f"the exponent {shorten(self.token)} exceeds the limit of {MAX_POWER}")
        self._advance()
        return _power(base, int(digits or "0"), column)

    def _atom(self) -> _Sized:
        if self.kind == "number":
            value = self._constant(number_from_text(self.token, f"column {self.column}"))
        elif self.kind == "name":
            if self.token not in self.names:
                raise self._error(f"unknown name {shorten(self.token)!r}; the parameters are {', '.join(self.names)}")
            value = _Sized(self.context.gen(self.names.index(self.token)), 0, 0)
        elif self.kind == "(":
            opening = self.column
            self._enter()
            self._advance()
            value = self._expr()
            if self.kind != ")":
                self._expected(f"an operator or ')' to close the '(' at column {opening}")
            self.depth -= 1
        else:
            self._expected(f"a number, a parameter ({', '.join(self.names)}) or '('")
        self._advance()
        return value

    def _constant(self, value: Fraction) -> _Sized:
        return _Sized(self.context.constant(to_fmpq(value)), _log2(value.denominator), _log2(value.numerator))


# ---------------------------------------------------------------------------- size bounds


@dataclass(frozen=True)
class _Sized:
    """A polynomial and cheap bounds on its coefficients: some denominator ``D <= 2^den`` makes
    ``D·poly`` an integer polynomial whose coefficients are at most ``2^num`` in size."""

    poly: fmpq_mpoly
    den: int
    num: int

    def digits(self) -> int:
        """Decimal digits enough for the numerator and the denominator of every coefficient."""
        return _digits(self.den, self.num)

    def measured(self) -> _Sized:
        """The same polynomial with its exact bounds (costs a pass over its coefficients)."""
        coefficients = self.poly.coeffs()
        denominator = fmpz(1)
        for c in coefficients:
            denominator = denominator.lcm(c.q)
        top = max((abs(c.p) * (denominator // c.q) for c in coefficients), default=fmpz(0))
        return _Sized(self.poly, _log2(denominator), _log2(top))


def _log2(value: int | fmpz) -> int:
    """The least ``b`` with ``|value| <= 2^b`` (0 for 0)."""
    return int((abs(fmpz(value)) - 1).bit_length()) if value else 0


def _digits(den: int, num: int) -> int:
    """Decimal digits enough for integers of at most ``2^den`` and ``2^num`` in size."""
    return max(den, num) * 30103 // 100000 + 1


def _sum(p: _Sized, q: _Sized, subtract: bool) -> _Sized:
    """``p ± q``; its bounds follow from ``D_p·D_q·(p ± q) = D_q·(D_p·p) ± D_p·(D_q·q)``."""
    return _Sized(p.poly - q.poly if subtract else p.poly + q.poly, p.den + q.den,
                  max(p.num + q.den, q.num + p.den) + 1)


def _product(p: _Sized, q: _Sized, column: int) -> _Sized:
    """``p·q``, refused before it is formed if it could exceed the limits."""
    def bounds(p: _Sized, q: _Sized) -> tuple[int, int]:
        return p.den + q.den, p.num + q.num + _log2(min(len(p.poly), len(q.poly)))

    degree = _degree(p.poly) + _degree(q.poly)
    degrees = [max(int(a), 0) + max(int(b), 0) for a, b in zip(p.poly.degrees(), q.poly.degrees())]
    terms = min(len(p.poly) * len(q.poly), _monomials(degrees, degree))
    den, num = _check_size("product", degree, terms, column, bounds, p, q)
    return _Sized(p.poly * q.poly, den, num)


def _power(p: _Sized, k: int, column: int) -> _Sized:
    """``p^k``, refused before it is formed if it could exceed the limits (the coefficients of
    ``(D·p)^k`` are at most the ``k``-th power of the sum of those of ``D·p``)."""
    def bounds(p: _Sized) -> tuple[int, int]:
        return k * p.den, k * (p.num + _log2(len(p.poly)))

    degree = k * _degree(p.poly)
    degrees = [k * max(int(d), 0) for d in p.poly.degrees()]
    terms = min(math.comb(max(len(p.poly), 1) + k - 1, k), _monomials(degrees, degree))
    den, num = _check_size("power", degree, terms, column, bounds, p)
    return _Sized(p.poly**k, den, num)


def _check_size(what: str, degree: int, terms: int, column: int, bounds: Callable[..., tuple[int, int]],
                *operands: _Sized) -> tuple[int, int]:
    """The result's coefficient bounds, after refusing a product or power whose degree, terms or
    coefficient digits could exceed MAX_DEGREE, MAX_TERMS or MAX_COEFFICIENT_DIGITS.  Digits are
    bounded cheaply from the operands' bounds, then, if that is over the limit, from their
    measured coefficients."""
    size = bounds(*operands)
    if _digits(*size) > MAX_COEFFICIENT_DIGITS and degree <= MAX_DEGREE and terms <= MAX_TERMS:
        size = bounds(*(operand.measured() for operand in operands))
    for value, limit, measure in ((degree, MAX_DEGREE, "total degree"), (terms, MAX_TERMS, "number of terms"),
                                  (_digits(*size), MAX_COEFFICIENT_DIGITS, "coefficient digits")):
        if value > limit:
            raise InputError(f"column {column}: the {what}'s {measure} could reach {value:,}, which exceeds the "
                             f"limit of {limit:,}")
    return size


def _degree(p: fmpq_mpoly) -> int:
    """Total degree, 0 for the zero polynomial."""
    return max(int(p.total_degree()), 0)


def _monomials(degrees: Sequence[int], total: int) -> int:
    """How many monomials have at most these degrees per variable and ``total`` in all."""
    used = [d for d in degrees if d > 0]
    return min(math.prod(d + 1 for d in used), math.comb(len(used) + total, len(used)))
