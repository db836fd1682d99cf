"""The ``exactrose`` command: a thin shell over the library.

``exactrose`` with no arguments solves the built-in catalogue of the essay's games;
``exactrose solve FILE`` solves a game file (``.nfg`` or ``.json``).  User errors print one
line naming the file, line or field, and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from exactrose.catalogue import catalogue
from exactrose.errors import ExactroseError
from exactrose.formats import read_game
from exactrose.latex import report_to_latex
from exactrose.report import COLUMNS, LABELS, GameReport, format_number, ordering_key, report_to_json, solve_game


#: Up to this many players the text table also lists every initiative ordering.
TABLE_ORDERINGS_UP_TO = 3


def format_table(report: GameReport) -> str:
    """A plain-text table of exact values: one row per player."""
    columns = [c for c in COLUMNS if c in report.values]
    orderings = report.initiative if report.game.n <= TABLE_ORDERINGS_UP_TO else {}
    header = ["player"] + [LABELS[c] for c in columns] + [f"V({ordering_key(o)})" for o in orderings]
    rows = [header]
    for i, player in enumerate(report.game.players):
        row = [player] + [format_number(report.values[c][i]) for c in columns]
        row += [format_number(values[i]) for values in orderings.values()]
        rows.append(row)
    widths = [max(len(row[k]) for row in rows) for k in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if k else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = report.game.title or "game"
    shape = "x".join(str(m) for m in report.game.shape)
    note = f"\n({len(report.initiative)} initiative orderings: see --json)" if len(orderings) < len(report.initiative) else ""
    return f"{title} ({shape})\n" + "\n".join(lines) + note + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exactrose",
        description="Exact ROSE, CoCo and Shapley values of finite games. "
        "With no command, solves the built-in catalogue of the essay's games.",
    )
    commands = parser.add_subparsers(dest="command")
    solve = commands.add_parser("solve", help="solve a game file (.nfg or .json)")
    solve.add_argument("file", help="a Gambit .nfg file or an exactrose JSON game")
    output = solve.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object with exact values")
    output.add_argument("--latex", action="store_true", help="print a booktabs LaTeX table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "solve":
            report = solve_game(read_game(args.file))
            if args.json:
                print(json.dumps(report_to_json(report), indent=2))
            elif args.latex:
                print(report_to_latex(report), end="")
            else:
                print(format_table(report), end="")
            return 0
        print("Exact values of the essay's games. V(i,j): initiative values when player i has the initiative.\n")
        for entry in catalogue():
            print(f"[{entry.key}] {entry.source}")
            print(format_table(solve_game(entry.game)))
        return 0
    except ExactroseError as error:
        print(f"exactrose: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into a reader that stopped early, e.g. `| head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
