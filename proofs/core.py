"""The vocabulary of machine checks: a claim about games, a verdict on one game, a registry.

A :class:`Claim` is one of the essay's propositions (``kind="proposition"``, it must hold),
a negative control (``kind="control"``, a claim the essay shows false: the checker must find a
game where it fails) or an open question (``kind="open"``: evidence either way).  Its
``check`` takes one game and returns a :class:`Verdict` with the exact numbers that decide it.

Values may be certified enclosures (three or more players), so comparisons are three-valued:
:func:`sign` returns None when an enclosure straddles the other number, and a verdict is then
``holds=None`` ("undecided"), never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

from exactrose.errors import InputError
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.exact.enclosure import Enclosure, Value
from exactrose.exact.serial import json_number
from exactrose.model.game import Game

KINDS = ("proposition", "control", "open")


@dataclass(frozen=True)
class Verdict:
    """``holds`` is True, False, or None when certified enclosures could not decide it.

    ``evidence`` maps names to JSON-ready values: exact numbers via :func:`evidence`.
    """

    holds: bool | None
    evidence: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    """A checkable claim.  ``players`` lists the player counts ``check`` accepts."""

    id: str
    statement: str
    kind: str
    players: tuple[int, ...]
    check: Callable[[Game], Verdict]

    @property
    def expected(self) -> bool | None:
        """True for a proposition, False for a negative control, None for an open question."""
        return {"proposition": True, "control": False, "open": None}[self.kind]


REGISTRY: dict[str, Claim] = {}

#: A claim's check: a function of a game (further parameters have defaults).
Check = TypeVar("Check", bound=Callable[[Game], "Verdict"])


def claim(id: str, statement: str, kind: str, players: Iterable[int]) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a claim (ids are unique)."""
    if kind not in KINDS:
        raise InputError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise InputError(f"claim {id!r} is registered twice")
        REGISTRY[id] = Claim(id, statement, kind, tuple(players), check)
        return check

    return register


def sign(a: Value, b: Value) -> int | None:
    """Exact sign of ``a − b``; None when an enclosure cannot decide it."""
    if isinstance(a, Enclosure) or isinstance(b, Enclosure):
        difference = a - b
        assert isinstance(difference, Enclosure)  # a difference with an enclosure is an enclosure
        if difference.lower > 0:
            return 1
        if difference.upper < 0:
            return -1
        if difference.lower == difference.upper == 0:
            return 0
        return None
    return (a > b) - (a < b)


def all_of(results: Iterable[bool | None]) -> bool | None:
    """Three-valued conjunction: False if any is False, else None if any is None, else True."""
    results = list(results)
    if any(r is False for r in results):
        return False
    if any(r is None for r in results):
        return None
    return True


def evidence(**values: object) -> dict[str, object]:
    """JSON-ready evidence: exact numbers as strings or objects (ints, counts and labels stay as
    they are), tuples as lists."""
    def convert(value: object) -> object:
        if isinstance(value, (Fraction, RealAlgebraic, Enclosure)):
            return json_number(value)
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        if isinstance(value, Mapping):
            return {str(k): convert(v) for k, v in value.items()}
        return value

    return {name: convert(value) for name, value in values.items()}
