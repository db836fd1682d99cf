"""JSON output: one function per kind of result, every number an exact string or object
(:func:`~exactrose.exact.serial.json_number`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy

from exactrose.applications.bargaining import BargainingSolutions, PayoffPoint, Segment
from exactrose.applications.closed_form import ClosedForm
from exactrose.applications.equilibria import Equilibrium
from exactrose.applications.parametric import ParametricReport
from exactrose.applications.solve import COLUMNS, GameReport, ordering_key
from exactrose.exact.numbers import format_rational
from exactrose.exact.serial import json_number
from exactrose.model.game import Game
from exactrose.output.text import expression_text


def game_report_to_json(report: GameReport) -> dict:
    """The JSON object of ``exactrose solve --json`` (every number an exact string); a report
    that stopped early has ``"stopped"`` (why) and ``"orderings"`` (how many there are); one
    with searches that ended short of their target has ``"unconverged"`` (ordering: why)."""
    obj: dict[str, object] = {
        "players": list(report.game.players),
        "values": {column: [json_number(v) for v in report.values[column]] for column in COLUMNS if column in report.values},
        "initiative": {ordering_key(order): [json_number(v) for v in values] for order, values in report.initiative.items()},
    }
    if report.stopped is not None:
        obj |= {"stopped": report.stopped, "orderings": report.orderings}
    if report.unconverged:
        obj["unconverged"] = {ordering_key(order): reason for order, reason in report.unconverged.items()}
    return obj


def parametric_report_to_json(report: ParametricReport) -> dict:
    """``{"parameter", "values": {concept: [[{"from", "to", "expr"}, ...] per player]}, "checked"}``."""
    symbol = sympy.Symbol(report.parameter.name)
    p = report.parameter
    return {
        "players": list(report.game.constant.players),
        "parameter": {"name": p.name, "from": format_rational(p.start), "to": format_rational(p.end)},
        "values": {concept: [[{"from": json_number(piece.start), "to": json_number(piece.end),
                               "expr": expression_text(piece.value, symbol)} for piece in f.pieces]
                             for f in functions]
                   for concept, functions in report.values.items()},
        "checked": report.checked,
    }


def item_json(item: PayoffPoint | Segment) -> list[str] | dict[str, list[list[str]]]:
    if isinstance(item, Segment):
        return {"segment": [point_json(item.start), point_json(item.end)]}
    return point_json(item)


def point_json(x: PayoffPoint) -> list[str]:
    return [format_rational(x[0]), format_rational(x[1])]


def solutions_to_json(solutions: BargainingSolutions) -> dict:
    """The JSON object of ``exactrose bargain --json``: every number an exact string."""
    game = solutions.game
    return {
        "rose_points": [point_json(r.point) for r in solutions.rose],
        "random_dictator": point_json(solutions.dictators.random_dictator),
        "nash": point_json(solutions.nash.point),
        "kalai_smorodinsky": point_json(solutions.kalai_smorodinsky.point),
        "egalitarian": point_json(solutions.egalitarian.point),
        "utilitarian": [item_json(item) for item in solutions.utilitarian.maximisers],
        "rose_weights": [point_json(r.weights) for r in solutions.rose],
        "dictator_points": [point_json(solutions.dictators.player_1), point_json(solutions.dictators.player_2)],
        "disagreement": point_json(game.disagreement),
        "M": point_json(game.M),
        "feasible": [point_json(v) for v in game.vertices],
        "pareto_frontier": [point_json(v) for v in game.pareto_frontier()],
    }


def equilibrium_to_json(e: Equilibrium) -> dict[str, object]:
    """``{"point", "weights", ["weights_to"], ["point_to"], "positive"}``, numbers as in ``solve --json``."""
    shown: dict[str, object] = {"point": [json_number(v) for v in e.point],
                                "weights": [json_number(w) for w in e.weights]}
    if e.weights_to is not None:
        shown["weights_to"] = [json_number(w) for w in e.weights_to]
    if e.point_to is not None:
        shown["point_to"] = [json_number(v) for v in e.point_to]
    shown["positive"] = e.positive
    return shown


def closed_form_to_json(form: ClosedForm) -> dict[str, object]:
    """``{"formulas": [sympy text per player], "values": [...], "terms": {name: {"meaning", "value", "witness"}}}``."""
    return {
        "formulas": [sympy.sstr(f, order="none") for f in form.formulas],
        "values": [format_rational(v) for v in form.values()],
        "terms": {str(t.symbol): {"meaning": t.meaning, "value": format_rational(t.value), "witness": t.witness}
                  for t in form.terms},
    }


def equilibria_to_json(game: Game, found: Mapping[str, Sequence[Equilibrium]], complete: bool) -> dict:
    """The JSON object of ``exactrose equilibria --json``: ``{"players", "complete", "equilibria":
    {concept: [equilibrium, ...]}}``."""
    return {"players": list(game.players), "complete": complete,
            "equilibria": {c: [equilibrium_to_json(e) for e in es] for c, es in found.items()}}
