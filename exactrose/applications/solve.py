"""Every value of a game in one record (``exactrose solve``; printed as text, JSON or LaTeX by
:mod:`exactrose.output`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from exactrose.exact.enclosure import Value
from exactrose.limits import MAX_ORDERINGS
from exactrose.model.game import Game
from exactrose.runtime.budget import CONVERGED, Budget
from exactrose.values.initiative import InitiativeValues, Maxima, initiative_values
from exactrose.values.parallel import fill_maxima
from exactrose.values.rose import Orderings
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
    most to least initiative, numbered from 0) to the initiative values by player (every
    ordering reached, up to :data:`~exactrose.limits.MAX_LISTED_ORDERINGS` orderings; none
    beyond).  ``reached`` counts the orderings whose values are known.  ``stopped`` is None
    when nothing was cut short, else why the computation stopped early ("time limit",
    "interrupted": searches then returned wider, still proved, enclosures, and orderings not
    reached are absent), or why ROSE was not computed (too many orderings after folding).
    ``unconverged`` maps the orderings computed (of the players that are
    not null) whose searches ended short of their target width to why (:attr:`InitiativeValues.stopped`: "budget", "stalled",
    "interrupted"); their enclosures are wider, and still proved.
    """

    game: Game
    values: dict[str, tuple[Value, ...]]
    initiative: dict[tuple[int, ...], tuple[Value, ...]]
    stopped: str | None = None
    reached: int = 0
    unconverged: dict[tuple[int, ...], str] = field(default_factory=dict)

    @property
    def orderings(self) -> int:
        """How many initiative orderings the game has (n!)."""
        return math.factorial(self.game.n)


def solve_game(game: Game, limit: Budget | None = None, fold: bool = True, workers: int = 1,
               backend: str = "local", scheduler: object = None) -> GameReport:
    """Compute every value of ``game`` that exactrose can compute exactly; leave out the rest.

    ROSE computes one ordering per orbit of the folds of :class:`~exactrose.values.rose.Orderings`
    (all of them with ``fold=False``), sharing every maximum, its searches first on ``workers``
    processes or on dask (:mod:`exactrose.values.parallel`).  With ``limit``, stop once it is
    exhausted (a time limit, or a stop requested by Ctrl-C): the report then holds what was
    proved so far, and says why it stopped."""
    limit = limit or Budget()
    stages: dict[str, Callable[[], tuple[Value, ...]]] = {
        "maximin": lambda: tuple(maximin(game, i).value for i in range(game.n)),
        "coco": lambda: coco_value(game).values,
        "shapley_rose": lambda: shapley_rose_value(game).values,
    }
    values: dict[str, tuple[Value, ...]] = {}
    for column, compute in stages.items():
        if limit.exhausted():
            return GameReport(game, values, {}, limit.reason)
        limit.enter(f"{LABELS[column]} values")
        values[column] = compute()
    orderings = Orderings(game, fold)
    if orderings.count > MAX_ORDERINGS:
        return GameReport(game, values, {}, f"too many orderings: {orderings.count:,} after folding, "
                                            f"at most {MAX_ORDERINGS:,} are computed")
    maxima: Maxima = Maxima()
    results: dict[tuple[int, ...], InitiativeValues] = {}
    stopped = None
    fill_maxima(orderings.core, orderings.canonical(), maxima, workers, limit, backend, scheduler)
    for k, order in enumerate(orderings.canonical()):
        if limit.exhausted():
            stopped = limit.reason
            break
        limit.enter(f"ordering {k + 1} of {orderings.count:,} ({ordering_key(orderings.in_game(order))})")
        results[order] = initiative_values(orderings.core, order, maxima, limit)
    if len(results) == orderings.count:
        values["rose"] = orderings.average(results)
    initiative = {result.order: result.values for result in orderings.expand(results)}
    unconverged = {orderings.in_game(order): result.stopped
                   for order, result in results.items() if result.stopped != CONVERGED}
    return GameReport(game, values, initiative, stopped or limit.reason, orderings.reached(results), unconverged)


def ordering_key(order: tuple[int, ...]) -> str:
    """JSON key of an ordering: 1-based player numbers from most to least initiative."""
    return ",".join(str(i + 1) for i in order)
