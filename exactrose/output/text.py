"""Plain-text output: the tables and lines ``exactrose`` prints (names of players and actions
with control characters shown as visible escapes, :mod:`exactrose.escape`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from exactrose.applications.bargaining import BargainingSolutions, PayoffPoint, Segment
from exactrose.applications.closed_form import ClosedForm
from exactrose.applications.equilibria import CONCEPT_LABELS, Equilibrium
from exactrose.applications.parametric import LABELS, ParametricReport
from exactrose.applications.solve import COLUMNS, GameReport, ordering_key
from exactrose.applications.solve import LABELS as COLUMN_LABELS
from exactrose.escape import terminal_text
from exactrose.exact.algebraic import ExactValue
from exactrose.exact.numbers import format_rational
from exactrose.exact.serial import format_number
from exactrose.model.game import Game
from exactrose.runtime.budget import INTERRUPTED, TIME_LIMIT

#: Up to this many players the text table also lists every initiative ordering.
TABLE_ORDERINGS_UP_TO = 3


def format_table(report: GameReport) -> str:
    """A plain-text table of exact values: one row per player."""
    columns = [c for c in COLUMNS if c in report.values]
    orderings = report.initiative if report.game.n <= TABLE_ORDERINGS_UP_TO else {}
    header = ["player"] + [COLUMN_LABELS[c] for c in columns] + [f"V({ordering_key(o)})" for o in orderings]
    rows = [header]
    for i, player in enumerate(report.game.players):
        row = [terminal_text(player)] + [format_number(report.values[c][i]) for c in columns]
        row += [format_number(values[i]) for values in orderings.values()]
        rows.append(row)
    widths = [max(len(row[k]) for row in rows) for k in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if k else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = terminal_text(report.game.title) or "game"
    shape = "x".join(str(m) for m in report.game.shape)
    note = f"\n({len(report.initiative)} initiative orderings: see --json)" if len(orderings) < len(report.initiative) else ""
    if report.unconverged:
        reasons = ", ".join(sorted(set(report.unconverged.values())))
        note += f"\n(searches of {len(report.unconverged)} ordering(s) ended short of their target width ({reasons}): see --json)"
    return f"{title} ({shape})\n" + "\n".join(lines) + note + _stopped_note(report) + "\n"


def _stopped_note(report: GameReport) -> str:
    """What a report that stopped early lacks (empty for a complete one)."""
    if report.stopped is None:
        return ""
    reason = {TIME_LIMIT: "by the time limit", INTERRUPTED: "by Ctrl-C"}.get(report.stopped)
    if reason is None:  # not a budget: ROSE was out of reach
        return f"\n(ROSE not computed: {terminal_text(report.stopped)})"
    if report.reached < report.orderings:
        return (f"\n(partial: stopped {reason} after {report.reached:,} of {report.orderings:,} initiative orderings; "
                f"values not shown were not reached)")
    return f"\n(stopped {reason}: enclosures may be wider than their target width)"


def point_text(x: PayoffPoint) -> str:
    """``(25/3, 5)``."""
    return f"({format_rational(x[0])}, {format_rational(x[1])})"


@dataclass(frozen=True)
class SolutionStyle:
    """How a table writes points, numbers and formulas (plain text or LaTeX)."""

    point: Callable[[PayoffPoint], str]
    number: Callable[[Fraction], str]
    math: Callable[[str, str], str]  # (plain text, LaTeX) -> the one to use
    dash: str


def solution_rows(solutions: BargainingSolutions, style: SolutionStyle) -> list[tuple[str, str, str]]:
    """(solution, point, what re-checks it) for the text and LaTeX tables."""
    point, number, math = style.point, style.number, style.math
    rows = [("ROSE", point(r.point), f"currency {math('a', '$a$')} = {point(r.weights)}") for r in solutions.rose]
    dictators, nash = solutions.dictators, solutions.nash
    rows.append(("random dictator", point(dictators.random_dictator),
                 f"{math('P_1', '$P_1$')} = {point(dictators.player_1)}, "
                 f"{math('P_2', '$P_2$')} = {point(dictators.player_2)}"))
    region = math("F ∩ {x ≥ d}", r"$F \cap \{x \geq d\}$")
    note = f" (no point beats {math('d', '$d$')} in both coordinates: the Pareto-best point of {region})"
    rows.append(("Nash", point(nash.point), f"product {number(nash.product)}" + (note if nash.degenerate else "")))
    ks, egalitarian = solutions.kalai_smorodinsky, solutions.egalitarian
    rows.append((f"Kalai{style.dash}Smorodinsky", point(ks.point),
                 f"{math('d', '$d$')} + {number(ks.t)} {math('(M − d)', '$(M - d)$')}"))
    rows.append(("egalitarian", point(egalitarian.point), f"gain {number(egalitarian.t)} each"))
    for item in solutions.utilitarian.maximisers:
        text = f"{point(item.start)}{style.dash}{point(item.end)}" if isinstance(item, Segment) else point(item)
        rows.append(("utilitarian", text, f"{math('x_1 + x_2', '$x_1 + x_2$')} = {number(solutions.utilitarian.total)}"))
    return rows


def format_solutions(solutions: BargainingSolutions) -> str:
    """The readable table of ``exactrose bargain``."""
    game = solutions.game
    head = [
        terminal_text(game.title) or "bargaining game",
        f"F = conv{{{', '.join(point_text(v) for v in game.vertices)}}}",
        f"d = {point_text(game.disagreement)}, M = {point_text(game.M)}",
    ]
    style = SolutionStyle(point_text, format_rational, lambda plain, latex: plain, "–")
    rows = [("solution", "point", "check")] + solution_rows(solutions, style)
    widths = [max(len(row[k]) for row in rows) for k in range(2)]
    lines = [f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip() for row in rows]
    lines.insert(1, f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 5}")
    return "\n".join(head + [""] + lines) + "\n"


def vector_text(weights: tuple[ExactValue, ...], text: Callable[[ExactValue], str]) -> str:
    return "(" + ", ".join(text(w) for w in weights) + ")"


def format_equilibria(found: Sequence[Equilibrium], complete: bool) -> str:
    """One line per equilibrium: point (or face), weights (or range)."""
    if not found:
        return "  none" + ("" if complete else " found by the search") + "\n"
    lines = []
    for e in found:
        point = vector_text(e.point, format_number)
        if e.point_to is not None:
            point += " – " + vector_text(e.point_to, format_number)
        weights = vector_text(e.weights, format_number)
        if e.weights_to is not None:
            weights += " to " + vector_text(e.weights_to, format_number)
        lines.append(f"  {point}  weights {weights}" + ("" if e.positive else "  (a zero weight)"))
    return "\n".join(lines) + "\n"


def expression_text(f: Any, symbol: sympy.Symbol) -> str:
    return sympy.sstr(f.to_sympy(symbol))


def format_parametric_report(report: ParametricReport) -> str:
    """Readable text: per concept and player, one line per piece."""
    symbol = sympy.Symbol(report.parameter.name)
    p = report.parameter
    lines = [f"{terminal_text(report.game.constant.title) or 'game'}: values as functions of {p.name} in "
             f"[{format_rational(p.start)}, {format_rational(p.end)}]"]
    for concept, functions in report.values.items():
        lines.append(f"{LABELS[concept]}:")
        for player, f in zip(report.game.constant.players, functions):
            lines.append(f"  {terminal_text(player)}:")
            for piece in f.pieces:
                lines.append(f"    [{format_number(piece.start)}, {format_number(piece.end)}]  "
                             f"{expression_text(piece.value, symbol)}")
    lines.append(f"(checked against direct exact solves at {report.checked} values of {p.name})")
    return "\n".join(lines) + "\n"


def closed_form_text(form: ClosedForm, players: tuple[str, ...]) -> str:
    """Formula and value per player, then each term's meaning, value and witness (names of
    players and actions with control characters as visible escapes)."""
    lines = [f"{'ROSE' if form.concept == 'rose' else 'CoCo'} value"]
    for player, formula, value in zip(players, form.formulas, form.values()):
        lines.append(f"  {terminal_text(player)}: {sympy.sstr(formula, order='none')} = {format_rational(value)}")
    for t in form.terms:
        lines.append(f"  {t.symbol} = {t.meaning} = {format_rational(t.value)}   ({terminal_text(t.witness)})")
    return "\n".join(lines) + "\n"


def equilibria_text(game: Game, found: Mapping[str, Sequence[Equilibrium]], complete: bool, grid: int) -> str:
    """What ``exactrose equilibria`` prints: which equilibria, then each concept's."""
    lines = [f"{terminal_text(game.title) or 'game'}: " + ("every equilibrium (exact)" if complete else
                                                          f"equilibria with weights among the facet normals and k/{grid}")]
    text = "\n".join(lines) + "\n"
    for concept, equilibria in found.items():
        text += f"{CONCEPT_LABELS[concept]} equilibria:\n" + format_equilibria(equilibria, complete)
    return text
