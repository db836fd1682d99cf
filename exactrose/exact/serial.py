"""Exact numbers as text, LaTeX and JSON: a rational as an exact string (``"-3/4"``), a real
algebraic number as its radical form or ``{"poly", "interval", "approx"}``, a proved enclosure as
its bounds.  The one text and JSON form of a :data:`~exactrose.exact.enclosure.Value`, for every
layer above (error messages included)."""

from __future__ import annotations

from exactrose.exact.algebraic import RealAlgebraic, latex_rational
from exactrose.exact.enclosure import Enclosure, Value
from exactrose.exact.numbers import format_rational


def format_number(value: Value) -> str:
    """Exact text: ``"-3/4"`` for a rational, ``"(19 - 4*sqrt(3))/8"`` for an algebraic number,
    ``"in [1.50897459621556, 1.50897459621557]"`` for an enclosure (rounded outward)."""
    return value.to_expression() if isinstance(value, (RealAlgebraic, Enclosure)) else format_rational(value)


def latex_number(value: Value) -> str:
    r"""LaTeX math: ``7``, ``-\frac{3}{4}``, ``\frac{19-4\sqrt{3}}{8}``, ``\in \left[...\right]``."""
    return value.to_latex() if isinstance(value, (RealAlgebraic, Enclosure)) else latex_rational(value)


def json_number(value: Value) -> str | dict:
    """A rational as an exact string; an irrational as ``{"poly", "interval", "approx"}``; an
    enclosure as ``{"lower", "upper"}`` (exact rational strings)."""
    return value.to_json() if isinstance(value, (RealAlgebraic, Enclosure)) else format_rational(value)
