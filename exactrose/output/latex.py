"""LaTeX rendering of exact numbers and of value tables (booktabs)."""

from __future__ import annotations

from exactrose.applications.solve import COLUMNS, LABELS, GameReport, ordering_key
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.exact.enclosure import Enclosure, Value
from exactrose.output.escape import latex_text


def latex_number(value: Value) -> str:
    r"""An exact number in LaTeX math: ``7``, ``-\frac{3}{4}``, ``\frac{19-4\sqrt{3}}{8}``."""
    if isinstance(value, (RealAlgebraic, Enclosure)):
        return value.to_latex()
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def report_to_latex(report: GameReport) -> str:
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
