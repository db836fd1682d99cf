"""Games whose payoffs depend on named parameters (a price, a button's strength).

A JSON game's payoff strings may contain parameters: ``"3*t - 1/2"`` (``exactrose solve FILE
--param t=0..10``), polynomials read by :mod:`exactrose.input.expression` (its grammar and limits).
With one parameter the payoffs must be affine in it, and the two-player ROSE, CoCo and
initiative values are computed as exact piecewise rational functions of it
(:mod:`exactrose.values.affine`), then validated by direct exact solves at every rational
breakpoint and at a rational point inside every piece (and by continuity at irrational
breakpoints).  With several parameters, exact values on a grid.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flint import fmpq_mpoly

from exactrose.errors import CertificateError, GameFormatError, InputError
from exactrose.exact.algebraic import ExactValue
from exactrose.exact.enclosure import Value
from exactrose.exact.numbers import (
    format_rational,
    from_fmpq,
    shorten,
    to_fmpq,
    to_rational,
)
from exactrose.exact.piecewise import (
    PiecewiseFunction,
    linear_combination,
    rational_between,
)
from exactrose.exact.serial import format_number
from exactrose.input.expression import parse_polynomial
from exactrose.input.formats import Field, parse_json_game, read_json_number, read_text
from exactrose.limits import MAX_GRID_POINTS, MAX_NAME_CHARS
from exactrose.model.game import Game
from exactrose.values.affine import (
    AffineGame,
    parametric_coco,
    parametric_initiative,
    parametric_max_total,
    parametric_rose,
)
from exactrose.values.coco import coco_value_two_players
from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.rose import rose_value

_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


@dataclass(frozen=True)
class Parameter:
    """A parameter's name and the closed interval it ranges over."""

    name: str
    start: Fraction
    end: Fraction


def parse_parameter(text: str) -> Parameter:
    """``"t=0..10"`` → ``Parameter("t", 0, 10)`` (ends exact: ``"1/2"``, ``"0.25"``; a name of at
    most :data:`~exactrose.limits.MAX_NAME_CHARS` characters)."""
    name, equals, interval = text.partition("=")
    low, dots, high = interval.partition("..")
    name = name.strip()
    if not (equals and dots and _NAME.fullmatch(name)):
        raise InputError(f"--param: expected NAME=LO..HI such as t=0..10, found {shorten(text)!a}")
    if len(name) > MAX_NAME_CHARS:
        raise InputError(f"--param: a parameter name may have at most {MAX_NAME_CHARS:,} characters, "
                         f"found {len(name):,}")
    start, end = to_rational(low, f"--param {name} (low end)"), to_rational(high, f"--param {name} (high end)")
    if not start < end:
        raise InputError(f"--param {name}: expected LO < HI, found {format_rational(start)}..{format_rational(end)}")
    return Parameter(name, start, end)


#: Payoff strings already read, by text: a file's expressions are parsed once for all its points.
Expressions = dict[str, fmpq_mpoly]


def _reader(point: dict[str, Fraction], affine: bool, cache: Expressions) -> Callable:
    """A payoff reader for :func:`exactrose.input.formats.parse_json_game`: JSON numbers as usual,
    strings as polynomials in the parameters (:mod:`exactrose.input.expression`) evaluated at
    ``point``; with ``affine``, of degree at most 1."""
    names = list(point)
    at = [to_fmpq(point[name]) for name in names]

    def read(value: object, field: Field, fail: Callable[[Field, str], GameFormatError]) -> Fraction:
        if not isinstance(value, str):
            return read_json_number(value, field, fail)
        if value not in cache:
            try:
                cache[value] = parse_polynomial(value, names)
            except InputError as exc:
                raise fail(field, f"expected an exact number or a polynomial in {', '.join(names)} such as "
                                  f"\"3*{names[0]} - 1/2\", found {_shown(value)} ({exc})") from None
        poly = cache[value]
        if affine and poly.total_degree() > 1:
            raise fail(field, f"expected a payoff affine in {names[0]} (such as \"3*{names[0]} - 1/2\"), "
                              f"found {_shown(value)}, of degree {poly.total_degree()}")
        return from_fmpq(poly(*at))

    return read


def _shown(text: str) -> str:
    """A payoff string quoted for a one-line message (cut; control and non-ASCII characters,
    line separators among them, escaped)."""
    return json.dumps(shorten(text), ensure_ascii=True)


def _json_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """The name and text of a JSON game file (parameters live in its payoff strings)."""
    name = os.fspath(path)
    if not name.endswith(".json"):
        raise InputError(f"{name}: parameters need a JSON game file (.json), whose payoff strings may name them")
    return name, read_text(name)


def read_affine_game(path: str | os.PathLike[str], parameter: Parameter) -> AffineGame:
    """A JSON game whose payoffs are affine in ``parameter``: ``constant + t·slope``."""
    name, text = _json_text(path)
    cache: Expressions = {}
    at = [parse_json_game(text, name, _reader({parameter.name: Fraction(k)}, True, cache)) for k in (0, 1)]
    if at[0].n != 2:
        raise InputError(f"{name}: piecewise values in a parameter are for two-player games; "
                         f"this game has {at[0].n} players (give two or more --param for a grid)")
    slope = Game.from_tables(at[0].players, at[0].actions,
                 [[at[1].payoff(i, p) - at[0].payoff(i, p) for p in at[0].profiles()] for i in range(2)])
    return AffineGame(at[0], slope)


def read_game_at(path: str | os.PathLike[str], point: dict[str, Fraction]) -> Game:
    """The game of a JSON file whose payoffs are expressions in the parameters, at ``point``."""
    return _game_at(*_json_text(path), point, {})


def _game_at(name: str, text: str, point: dict[str, Fraction], cache: Expressions) -> Game:
    """The game of a parametric JSON text at ``point`` (``cache``: its expressions read so far)."""
    return parse_json_game(text, name, _reader(point, False, cache))


# ----------------------------------------------------------------------------- one parameter

#: Concepts of the piecewise report, in output order.
CONCEPTS = ("rose", "coco", "initiative 1,2", "initiative 2,1")


@dataclass(frozen=True)
class ParametricReport:
    """Each concept's values by player, as piecewise functions of the parameter."""

    game: AffineGame
    parameter: Parameter
    values: dict[str, tuple[PiecewiseFunction, PiecewiseFunction]]
    checked: int


def _initiative(game: AffineGame, leader: int, p: Parameter) -> tuple[PiecewiseFunction, PiecewiseFunction]:
    """Both players' initiative values when ``leader`` has the initiative: the follower gets
    ``max Σ − V_leader``."""
    value = parametric_initiative(game, leader, p.start, p.end)
    rest = linear_combination([(1, parametric_max_total(game, p.start, p.end)), (-1, value)])
    return (value, rest) if leader == 0 else (rest, value)


def solve_parametric(game: AffineGame, parameter: Parameter) -> ParametricReport:
    """ROSE, CoCo and both initiative orderings as piecewise functions, validated (see module)."""
    values = {
        "rose": parametric_rose(game, parameter.start, parameter.end),
        "coco": parametric_coco(game, parameter.start, parameter.end),
        "initiative 1,2": _initiative(game, 0, parameter),
        "initiative 2,1": _initiative(game, 1, parameter),
    }
    return ParametricReport(game, parameter, values, validate(game, values))


def _direct(game: Game) -> dict[str, tuple[Value, ...]]:
    return {
        "rose": tuple(rose_value(game).values),
        "coco": coco_value_two_players(game),
        "initiative 1,2": two_player_initiative_values(game, (0, 1)).values,
        "initiative 2,1": two_player_initiative_values(game, (1, 0)).values,
    }


def validate(game: AffineGame, values: Mapping[str, tuple[PiecewiseFunction, ...]]) -> int:
    """Compare with direct exact solves at the ends, every rational breakpoint and a rational
    inside every piece; check continuity at irrational breakpoints.  Returns the number of
    parameter values solved directly; :class:`CertificateError` on any disagreement."""
    ends: set[ExactValue] = set()
    for functions in values.values():
        for f in functions:
            ends.update(p.start for p in f.pieces)
            ends.add(f.end)
            for left, right in zip(f.pieces, f.pieces[1:]):
                if left.value(left.end) != right.value(right.start):
                    raise CertificateError(f"the piecewise value jumps at {left.end!r}")
    cuts = sorted(ends)
    points = [c for c in cuts if isinstance(c, Fraction)] + [rational_between(a, b) for a, b in zip(cuts, cuts[1:])]
    for t in points:
        direct = _direct(game.at(t))
        for concept, functions in values.items():
            if tuple(f(t) for f in functions) != tuple(direct[concept]):
                raise CertificateError(f"{concept} at {format_rational(t)}: piecewise "
                                       f"{[format_number(f(t)) for f in functions]} but a direct solve gives "
                                       f"{[format_number(v) for v in direct[concept]]}")
    return len(points)


LABELS = {"rose": "ROSE", "coco": "CoCo", "initiative 1,2": "V(1,2)", "initiative 2,1": "V(2,1)"}


# ----------------------------------------------------------------------------- several parameters


def grid_values(path: str | os.PathLike[str], parameters: Sequence[Parameter], steps: int) -> list[tuple[dict, Any]]:
    """Exact values at every point of the grid ``start + k·(end − start)/steps`` per parameter."""
    from exactrose.applications.solve import solve_game

    if steps < 1:
        raise InputError(f"--steps: expected a positive integer, got {steps}")
    if (steps + 1) ** len(parameters) > MAX_GRID_POINTS:
        raise InputError(f"--steps {steps}: {len(parameters)} parameters would give more than "
                         f"{MAX_GRID_POINTS:,} grid points; choose fewer steps")
    axes = [[p.start + k * (p.end - p.start) / steps for k in range(steps + 1)] for p in parameters]
    name, text = _json_text(path)  # read and parsed once, evaluated at every point
    cache: Expressions = {}
    results = []
    for values in itertools.product(*axes):
        point = {p.name: v for p, v in zip(parameters, values)}
        results.append((point, solve_game(_game_at(name, text, point, cache))))
    return results
