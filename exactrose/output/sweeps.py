"""Sweep summaries (``exactrose prove``) as text, as JSON objects and as a LaTeX (booktabs) table.

:func:`summaries_to_json` gives one object per summary::

    {"proposition": "<claim id>", "statement": "...", "family": "2x2:-1..1", "checked": 873,
     "holds": true | false | null,
     "counterexample": null | {"game": <exactrose JSON game object>, "evidence": {...}}}

The counterexample is the failing game with the smallest index in the family (its title
``"<family> #<index>"`` names it); the game object is :func:`exactrose.input.formats.game_to_json`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from exactrose.escape import latex_text, terminal_text
from exactrose.input.formats import game_to_json
from proofs.sweep import Summary

#: Longest evidence text shown in a LaTeX cell before it is cut with "...".
EVIDENCE_CHARS = 90


def summary_to_json(summary: Summary) -> dict:
    """The JSON object of one summary (see the module docstring)."""
    counterexample = None
    if summary.counterexample is not None:
        counterexample = {"game": game_to_json(summary.counterexample.game),
                          "evidence": dict(summary.counterexample.evidence)}
    return {
        "proposition": summary.claim,
        "statement": summary.statement,
        "family": summary.family,
        "checked": summary.checked,
        "holds": summary.holds,
        "counterexample": counterexample,
    }


def summaries_to_json(summaries: Iterable[Summary]) -> list[dict]:
    """One JSON object per summary, in order."""
    return [summary_to_json(s) for s in summaries]


def outcome_text(summary: Summary) -> str:
    """Plain text of the outcome column: "holds", "undecided on some games" or the first
    counterexample (game index, payoffs of a small game, evidence)."""
    if summary.holds is True:
        return "holds"
    if summary.holds is None:
        return "undecided on some games, no counterexample"
    example = summary.counterexample
    text = "fails" + (" (as expected)" if summary.kind == "control" else "")
    if example is None:
        return text
    text += f": game #{example.index}"
    game = example.game
    if game.n * len(game.payoff_table(0)) <= 18:
        cells = ["(" + ",".join(str(u) for u in game.payoff_vector(p)) + ")" for p in game.profiles()]
        text += " " + " ".join(cells)
    shown = evidence_text(example.evidence)
    if shown:
        text += "; " + shown
    return text


def evidence_text(evidence: Mapping[str, object]) -> str:
    """Evidence as ``key=value`` pairs (exact numbers as written, enclosures as [lo, hi];
    control characters as visible escapes), cut to :data:`EVIDENCE_CHARS` characters."""
    text = terminal_text(", ".join(f"{key}={_value_text(value)}" for key, value in evidence.items()))
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 3].rstrip() + "..."


def _value_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "null"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_value_text(v) for v in value) + ")"
    if isinstance(value, Mapping):
        if set(value) == {"lower", "upper"}:
            return f"[{value['lower']}, {value['upper']}]"
        if "approx" in value:
            return f"~{str(value['approx'])[:12]}"
        return "{" + ", ".join(f"{k}={_value_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def booktabs_table(columns: str, header: str, rows: Iterable[Sequence[str]]) -> str:
    """A booktabs table with column spec ``columns``, a ``header`` row and ``rows`` of LaTeX cells."""
    lines = [r"\begin{table}[ht]", r"\centering", rf"\begin{{tabular}}{{{columns}}}", r"\toprule",
             header + r" \\", r"\midrule"]
    lines += [" & ".join(cells) + r" \\" for cells in rows]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines) + "\n"


def summaries_to_latex(summaries: Iterable[Summary]) -> str:
    """A booktabs table: proposition, family, games checked, holds or the first counterexample."""
    return booktabs_table(r"llrp{0.5\linewidth}", "Proposition & Family & Games checked & Result", (
        [latex_text(s.claim), latex_text(s.family), str(s.checked), latex_text(outcome_text(s))] for s in summaries))


def summaries_text(summaries: Sequence[Summary]) -> str:
    """The table ``exactrose prove`` prints: one line per summary (claim, kind, family, games
    checked, outcome)."""
    width = max(len(s.claim) for s in summaries)
    spec_width = max(len(s.family) for s in summaries)
    return "".join(f"{s.claim:<{width}}  {s.kind:<11}  {s.family:<{spec_width}}  {s.checked:>6}  {outcome_text(s)}\n"
                   for s in summaries)
