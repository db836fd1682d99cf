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
digits are bounded from the operands *before* each product or power is formed, so no input can
make the parser build a huge polynomial.  Every refusal is an :class:`InputError` whose one-line
message starts ``column K:`` (1-based) when it has a place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NoReturn

from flint import fmpq_mpoly, fmpq_mpoly_ctx, fmpz

from exactrose.errors import InputError
from exactrose.limits import (MAX_COEFFICIENT_DIGITS, MAX_DEGREE, MAX_EXPRESSION_CHARS, MAX_EXPRESSION_DEPTH,
                              MAX_POWER, MAX_TERMS)
from exactrose.numbers import number_from_text, shorten, to_fmpq

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
        digits = _coefficient_digits(*_height(value))
        if digits > MAX_COEFFICIENT_DIGITS:
            raise InputError(f"the expression's coefficients have up to {digits:,} digits, which exceeds the limit "
                             f"of {MAX_COEFFICIENT_DIGITS:,}")
        return value

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
                              f"parenthesis, found {ascii(self.text[start])}")
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

    def _expr(self) -> fmpq_mpoly:
        value = self._term()
        while self.kind in ("+", "-"):
            column, operator = self.column, self.kind
            self._advance()
            right = self._term()
            value = value + right if operator == "+" else value - right
            if len(value) > MAX_TERMS:
                raise InputError(f"column {column}: the sum has {len(value):,} terms, which exceeds the limit of "
                                 f"{MAX_TERMS:,}")
        return value

    def _term(self) -> fmpq_mpoly:
        value = self._unary()
        while self.kind in ("*", "/"):
            column, operator = self.column, self.kind
            self._advance()
            right = self._unary()
            if operator == "/":
                if not right.is_constant():
                    raise InputError(f"column {column}: a divisor may not contain a parameter (a quotient by "
                                     f"{', '.join(self.names)} is not a polynomial); divide only by numbers")
                if right.is_zero():
                    raise InputError(f"column {column}: division by zero")
                right = self.context.constant(1 / right.leading_coefficient())
            _check_product(value, right, column)
            value = value * right
        return value

    def _unary(self) -> fmpq_mpoly:
        signs, negative = 0, False
        while self.kind in ("+", "-"):
            self._enter()
            signs, negative = signs + 1, negative ^ (self.kind == "-")
            self._advance()
        value = self._power()
        self.depth -= signs
        return -value if negative else value

    def _power(self) -> fmpq_mpoly:
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
        exponent = int(digits or "0")
        self._advance()
        _check_power(base, exponent, column)
        return base**exponent

    def _atom(self) -> fmpq_mpoly:
        if self.kind == "number":
            value = self.context.constant(to_fmpq(number_from_text(self.token, f"column {self.column}")))
        elif self.kind == "name":
            if self.token not in self.names:
                raise self._error(f"unknown name {shorten(self.token)!r}; the parameters are {', '.join(self.names)}")
            value = self.context.gen(self.names.index(self.token))
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


# ---------------------------------------------------------------------------- size bounds


def _height(p: fmpq_mpoly) -> tuple[int, int]:
    """Bits of the common denominator ``D`` of ``p``'s coefficients and of the largest
    coefficient of the integer polynomial ``D·p``."""
    coefficients = p.coeffs()
    denominator = fmpz(1)
    for c in coefficients:
        denominator = denominator.lcm(c.q)
    top = max((abs(c.p) * (denominator // c.q) for c in coefficients), default=fmpz(0))
    return denominator.bit_length(), top.bit_length()


def _coefficient_digits(denominator_bits: int, numerator_bits: int) -> int:
    """Decimal digits enough for a numerator and a denominator of these sizes in bits."""
    return max(denominator_bits, numerator_bits) * 30103 // 100000 + 1


def _monomials(degrees: Sequence[int], total: int) -> int:
    """How many monomials have at most these degrees per variable and ``total`` in all."""
    used = [d for d in degrees if d > 0]
    return min(math.prod(d + 1 for d in used), math.comb(len(used) + total, len(used)))


def _check_size(what: str, degree: int, terms: int, digits: int, column: int) -> None:
    """Refuse a product or power whose bounds exceed MAX_DEGREE, MAX_TERMS or
    MAX_COEFFICIENT_DIGITS (before it is formed)."""
    for size, limit, measure in ((degree, MAX_DEGREE, "total degree"), (terms, MAX_TERMS, "number of terms"),
                                 (digits, MAX_COEFFICIENT_DIGITS, "coefficient digits")):
        if size > limit:
            raise InputError(f"column {column}: the {what}'s {measure} could reach {size:,}, which exceeds the limit "
                             f"of {limit:,}")


def _degree(p: fmpq_mpoly) -> int:
    """Total degree, 0 for the zero polynomial."""
    return max(int(p.total_degree()), 0)


def _check_product(p: fmpq_mpoly, q: fmpq_mpoly, column: int) -> None:
    degree = _degree(p) + _degree(q)
    degrees = [max(int(a), 0) + max(int(b), 0) for a, b in zip(p.degrees(), q.degrees())]
    (p_den, p_num), (q_den, q_num) = _height(p), _height(q)
    digits = _coefficient_digits(p_den + q_den, p_num + q_num + min(len(p), len(q)).bit_length())
    _check_size("product", degree, min(len(p) * len(q), _monomials(degrees, degree)), digits, column)


def _check_power(p: fmpq_mpoly, k: int, column: int) -> None:
    degree = k * _degree(p)
    degrees = [k * max(int(d), 0) for d in p.degrees()]
    den, num = _height(p)
    digits = _coefficient_digits(k * den, k * (num + len(p).bit_length()))
    _check_size("power", degree, min(math.comb(max(len(p), 1) + k - 1, k), _monomials(degrees, degree)), digits, column)
