"""LaTeX output: exact numbers, value tables (booktabs) and formulas (``align*``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import sympy

from exactrose.applications.bargaining import BargainingSolutions, PayoffPoint
from exactrose.applications.closed_form import ClosedForm
from exactrose.applications.equilibria import CONCEPT_LABELS, Equilibrium
from exactrose.applications.parametric import ParametricReport
from exactrose.applications.solve import COLUMNS, LABELS, GameReport, ordering_key
from exactrose.escape import latex_text
from exactrose.exact.algebraic import ExactValue
from exactrose.exact.serial import latex_number
from exactrose.output.text import SolutionStyle, solution_rows


def game_report_to_latex(report: GameReport) -> str:
    """A booktabs table: one row per player, one column per value and initiative ordering."""
    columns = [c for c in COLUMNS if c in report.values]
    orders = list(report.initiative)
    header = ["Player"] + [LABELS[c] for c in columns] + [rf"$V^{{({ordering_key(o)})}}$" for o in orders]
    lines = [
        r"\begin{table}[ht]",
        r"\centering",
        rf"\begin{{tabular}}{{l{'r' * (len(header) - 1)}}}",
        r"\toprule",
        " & ".join(header) + r" \\",
        r"\midrule",
    ]
    for i, player in enumerate(report.game.players):
        cells = [latex_text(player)]
        cells += [f"${latex_number(report.values[c][i])}$" for c in columns]
        cells += [f"${latex_number(report.initiative[o][i])}$" for o in orders]
        lines.append(" & ".join(cells) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    if report.game.title:
        lines.append(rf"\caption{{{latex_text(report.game.title)}}}")
    lines.append(r"\end{table}")
    return "\n".join(lines) + "\n"


def solutions_to_latex(solutions: BargainingSolutions) -> str:
    """A booktabs table of the solutions (numbers via :func:`exactrose.output.latex.latex_number`)."""
    def coordinates(x: PayoffPoint) -> str:
        return rf"\left({latex_number(x[0])}, {latex_number(x[1])}\right)"

    style = SolutionStyle(lambda x: f"${coordinates(x)}$", lambda v: f"${latex_number(v)}$",
                   lambda plain, latex: latex, "--")
    lines = [r"\begin{table}[ht]", r"\centering", r"\begin{tabular}{lll}", r"\toprule",
             r"Solution & Point & Check \\", r"\midrule"]
    lines += [f"{name} & {text} & {check} \\\\" for name, text, check in solution_rows(solutions, style)]
    game = solutions.game
    caption = (f"{latex_text(game.title)}: " if game.title else "") + \
        f"disagreement $d = {coordinates(game.disagreement)}$, $M = {coordinates(game.M)}$"
    lines += [r"\bottomrule", r"\end{tabular}", rf"\caption{{{caption}}}", r"\end{table}"]
    return "\n".join(lines) + "\n"


def equilibria_to_latex(found_by_concept: Mapping[str, Sequence[Equilibrium]]) -> str:
    """A booktabs table: concept, point, importance weights."""

    def vector(values: tuple[ExactValue, ...]) -> str:
        return r"\left(" + ", ".join(latex_number(v) for v in values) + r"\right)"

    lines = [r"\begin{table}[ht]", r"\centering", r"\begin{tabular}{lll}", r"\toprule",
             r"Concept & Point & Importance weights \\", r"\midrule"]
    for concept, found in found_by_concept.items():
        for e in found:
            point = f"${vector(e.point)}$" + (f"--${vector(e.point_to)}$" if e.point_to is not None else "")
            weights = f"${vector(e.weights)}$" + (f" to ${vector(e.weights_to)}$" if e.weights_to is not None else "")
            lines.append(f"{CONCEPT_LABELS[concept]} & {point} & {weights} \\\\")
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines) + "\n"


LATEX_NAMES = {"rose": "R", "coco": r"\mathrm{CoCo}", "initiative 1,2": "V^{(1,2)}", "initiative 2,1": "V^{(2,1)}"}


def parametric_report_to_latex(report: ParametricReport) -> str:
    """An ``align*`` block: each concept's value for each player as ``cases``, one per piece."""
    symbol = sympy.Symbol(report.parameter.name)
    rows = []
    for concept, functions in report.values.items():
        for player, f in zip(report.game.constant.players, functions):
            name = LATEX_NAMES[concept]
            cases = [rf"{sympy.latex(piece.value.to_sympy(symbol))} & {latex_number(piece.start)} \le {symbol} \le "
                     rf"{latex_number(piece.end)}" for piece in f.pieces]
            rows.append(rf"{name}_{{\text{{{latex_text(player)}}}}}({symbol}) &= \begin{{cases}} " + r" \\ ".join(cases)
                        + r" \end{cases}")
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"


def _latex_value(value: Fraction) -> str:
    text = sympy.latex(sympy.Rational(value.numerator, value.denominator))
    return f"\\left({text}\\right)" if value < 0 else text


def closed_form_to_latex(form: ClosedForm, players: tuple[str, ...]) -> str:
    """An ``align*`` block: each player's formula over the named terms, its instantiation
    with the terms' values, and the value."""
    names = {t.symbol: t.latex for t in form.terms}
    tokens = {t.symbol: f"⟨{k}⟩" for k, t in enumerate(form.terms)}  # printed, then replaced by values
    rows = []
    for player, formula, value in zip(players, form.formulas, form.values()):
        parts = [sympy.latex(formula, symbol_names=names, order="none")]
        if not formula.is_Symbol:
            instantiated = sympy.latex(formula, symbol_names=tokens, order="none")
            for t in form.terms:
                instantiated = instantiated.replace(tokens[t.symbol], _latex_value(t.value))
            parts.append(instantiated)
        parts.append(_latex_value(value))
        rows.append(rf"\text{{{latex_text(player)}}} &= " + " = ".join(parts))
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"
