"""Every value of a game in one record: what ``exactrose solve`` prints as text, JSON or LaTeX."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from exactrose.game import Game
from exactrose.numbers import format_rational
from exactrose.values.rose import rose_value
from exactrose.values.shapley import coco_value, shapley_rose_value
from exactrose.values.zerosum import maximin

#: Value columns in the order they are printed.
COLUMNS = ("maximin", "coco", "shapley_rose", "rose")
LABELS = {"maximin": "maximin", "coco": "CoCo", "shapley_rose": "Shapley-ROSE", "rose": "ROSE"}


@dataclass(frozen=True)
class GameReport:
    """Exact values of one game, each tuple indexed by player.

    ``values`` maps a column of :data:`COLUMNS` to its values; a column that is not yet
    computable for this game is absent.  ``initiative`` maps an ordering (players from
    most to least initiative, numbered from 0) to the initiative values by player.
    """

    game: Game
    values: dict[str, tuple[Fraction, ...]]
    initiative: dict[tuple[int, ...], tuple[Fraction, ...]]


def solve_game(game: Game) -> GameReport:
    """Compute every value of ``game`` that exactrose can compute exactly."""
    values: dict[str, tuple[Fraction, ...]] = {
        "maximin": tuple(maximin(game, i).value for i in range(game.n)),
        "coco": coco_value(game).values,
        "shapley_rose": shapley_rose_value(game).values,
    }
    initiative: dict[tuple[int, ...], tuple[Fraction, ...]] = {}
    if game.n <= 2:
        rose = rose_value(game)
        values["rose"] = rose.values
        initiative = {game_values.order: game_values.values for game_values in rose.initiative}
        if game.n == 1:
            initiative = {(0,): rose.values}
    return GameReport(game, values, dict(sorted(initiative.items())))


def ordering_key(order: tuple[int, ...]) -> str:
    """JSON key of an ordering: 1-based player numbers from most to least initiative."""
    return ",".join(str(i + 1) for i in order)


def report_to_json(report: GameReport) -> dict:
    """The JSON object of ``exactrose solve --json`` (every number an exact string)."""
    return {
        "players": list(report.game.players),
        "values": {column: [format_rational(v) for v in report.values[column]] for column in COLUMNS if column in report.values},
        "initiative": {ordering_key(order): [format_rational(v) for v in values] for order, values in report.initiative.items()},
    }

