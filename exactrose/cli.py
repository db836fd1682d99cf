"""The ``exactrose`` command: a thin shell over the library.

``exactrose`` with no arguments solves the built-in catalogue of the essay's games;
``exactrose solve FILE`` solves a game file (``.nfg`` or ``.json``); ``exactrose bargain FILE``
solves a bargaining game (ROSE points, random dictator, Nash, Kalai–Smorodinsky, ...;
:mod:`exactrose.bargaining`); ``exactrose prove`` checks the essay's propositions on
families of games (:mod:`proofs`).  User errors print one
line naming the file, line or field, and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from exactrose.catalogue import catalogue
from exactrose.errors import ExactroseError, InputError
from exactrose.equilibria import (CONCEPT_LABELS, Equilibrium, equilibria_to_latex, equilibria_two_players,
                                  equilibrium_to_json, format_equilibria, search_equilibria)
from exactrose.formats import read_game
from exactrose.game import Game
from exactrose.numbers import format_rational
from exactrose.plot import plot_game, plot_piecewise
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
    solve.add_argument("--plot", metavar="OUT.png",
                       help="two players: also draw the outcomes' hull, its Pareto frontier, the values and the "
                       "ROSE and CoCo equilibria (PNG); with --param, each value against the parameter")
    solve.add_argument("--param", action="append", metavar="NAME=LO..HI",
                       help="payoff strings of a JSON game may name parameters (\"3*t - 1/2\"): one --param gives "
                       "the two-player values as exact piecewise functions of it; several give exact values on a grid")
    solve.add_argument("--steps", type=int, default=4, help="with several --param: grid steps per parameter (default 4)")
    solve.add_argument("--closed-form", action="store_true",
                       help="two players: the ROSE and CoCo values as formulas over named terms of the game")
    equilibria = commands.add_parser(
        "equilibria",
        help="general (NTU) equilibria via importance weights: ROSE and CoCo",
        description="Two players: every equilibrium, exactly (points, importance weights, ranges). Three or more: "
        "equilibria found among the frontier's facet normals and a grid of rational weights, each verified exactly.",
    )
    equilibria.add_argument("file", help="a Gambit .nfg file or an exactrose JSON game")
    equilibria.add_argument("--concept", choices=("rose", "coco", "both"), default="both")
    equilibria.add_argument("--grid", type=int, default=6, help="three or more players: weights k/GRID (default 6)")
    equilibria_output = equilibria.add_mutually_exclusive_group()
    equilibria_output.add_argument("--json", action="store_true", help="print one JSON object, numbers exact")
    equilibria_output.add_argument("--latex", action="store_true", help="print a booktabs LaTeX table")
    equilibria.add_argument("--plot", metavar="OUT.png", help="two players: also draw the equilibria (PNG)")
    bargain = commands.add_parser(
        "bargain",
        help="solve a bargaining game: ROSE points, random dictator, Nash, Kalai–Smorodinsky, ...",
        description="FILE is a bargaining JSON file {\"points\": [[\"x\", \"y\"], ...], \"disagreement\": "
        "[\"x\", \"y\"]} or a 2-player game file (.nfg or .json; F = the hull of its outcomes, "
        "d = the maximin values by default).",
    )
    bargain.add_argument("file", help="a bargaining .json file, or a 2-player .nfg / .json game")
    bargain_output = bargain.add_mutually_exclusive_group()
    bargain_output.add_argument("--json", action="store_true", help="print one JSON object, every number an exact string")
    bargain_output.add_argument("--latex", action="store_true", help="print a booktabs LaTeX table")
    bargain.add_argument("--plot", metavar="OUT.png", help="also draw the payoff region and the solutions (PNG)")
    bargain.add_argument("--disagreement", metavar="X,Y",
                         help="disagreement point, e.g. 0,1/2 (overrides the file's); "
                         "with a leading minus write --disagreement=-1,-1/2")
    prove = commands.add_parser(
        "prove",
        help="check the essay's propositions, negative controls and open questions on families of games",
        description="With no claims and no --family, runs the default suite (every claim on small families).",
    )
    prove.add_argument("claims", nargs="*", help="claim ids, e.g. 7.1 coco-threat payoff-dominance (default: all)")
    prove.add_argument("--family", help="e.g. 2x2:-1..1 (every game up to symmetry) or 3x3:-5..5:random=100:seed=7")
    prove.add_argument("--list", action="store_true", help="list the claims and exit")
    prove.add_argument("--workers", type=int, default=1, help="local worker processes (default 1)")
    prove.add_argument("--backend", choices=("local", "dask"), default="local")
    prove.add_argument("--scheduler", help="dask scheduler address (default: a local cluster of --workers)")
    prove.add_argument("--store", help="SQLite file receiving results as they come")
    prove.add_argument("--resume", action="store_true", help="skip games already in --store")
    prove.add_argument("--no-progress", action="store_true", help="no progress bar")
    report = prove.add_mutually_exclusive_group()
    report.add_argument("--json", action="store_true", help="print the report as a JSON list")
    report.add_argument("--latex", action="store_true", help="print the report as a booktabs table")
    return parser


def _prove(args: argparse.Namespace) -> int:
    """``exactrose prove``: exit status 1 when a proposition fails (a finding), else 0."""
    from proofs.families import parse_family
    from proofs.report import outcome_text, summaries_to_json, summaries_to_latex
    from proofs.suite import default_families
    from proofs.sweep import load_claims, run_sweep

    registry = load_claims()
    if args.list:
        for claim in registry.values():
            print(f"{claim.id:<24} {claim.kind:<12} {claim.statement}")
        return 0
    unknown = [c for c in args.claims if c not in registry]
    if unknown:
        raise InputError(f"claims: unknown id(s) {', '.join(unknown)}; `exactrose prove --list` shows them")
    if args.scheduler is not None and args.backend != "dask":
        raise InputError("--scheduler: expected together with --backend dask (the local backend has no scheduler)")
    if args.resume and args.store is None:
        raise InputError("--resume: expected together with --store FILE (the store to resume from)")
    chosen = [registry[c] for c in args.claims] or list(registry.values())
    if args.family is not None and not args.claims:
        n = parse_family(args.family).n
        chosen = [claim for claim in chosen if n in claim.players]
    runs: dict[str, list[str]] = {}
    for claim in chosen:
        for spec in ([args.family] if args.family is not None else default_families(claim)):
            runs.setdefault(spec, []).append(claim.id)
    summaries = []
    for spec, ids in runs.items():
        summaries += run_sweep(ids, spec, workers=args.workers, backend=args.backend, scheduler=args.scheduler,
                               store_path=args.store, resume=args.resume, progress=not args.no_progress)
    if args.json:
        print(json.dumps(summaries_to_json(summaries), indent=2))
    elif args.latex:
        print(summaries_to_latex(summaries), end="")
    else:
        width = max(len(s.claim) for s in summaries)
        spec_width = max(len(s.family) for s in summaries)
        for s in summaries:
            print(f"{s.claim:<{width}}  {s.kind:<11}  {s.family:<{spec_width}}  {s.checked:>6}  {outcome_text(s)}")
    return 1 if any(s.kind == "proposition" and s.holds is False for s in summaries) else 0


def _bargain(args: argparse.Namespace) -> int:
    """``exactrose bargain``: the bargaining solutions of a file, as text, JSON or LaTeX."""
    from exactrose.bargaining import (format_solutions, parse_point_option, plot_solutions, read_bargaining,
                                      solutions_to_json, solutions_to_latex)

    disagreement = parse_point_option(args.disagreement) if args.disagreement is not None else None
    solutions = read_bargaining(args.file, disagreement).solve()
    if args.plot:
        plot_solutions(solutions, args.plot)
    if args.json:
        print(json.dumps(solutions_to_json(solutions)))
    elif args.latex:
        print(solutions_to_latex(solutions), end="")
    else:
        print(format_solutions(solutions), end="")
    return 0


def _equilibria_of(game: Game, concepts: Sequence[str], grid: int = 6) -> dict[str, list[Equilibrium]]:
    """Every equilibrium (two players) or the verified ones a search finds (three or more)."""
    if game.n == 2:
        return {c: equilibria_two_players(game, c) for c in concepts}
    return {c: search_equilibria(game, c, grid) for c in concepts}


def _equilibrium_items(found: dict[str, list[Equilibrium]]) -> list[tuple[str, object]]:
    """Plot items: a point, or a face (a segment) at a zero weight."""
    return [(f"{CONCEPT_LABELS[c]} equilibrium", e.point if e.point_to is None else (e.point, e.point_to))
            for c, es in found.items() for e in es]


def _equilibria(args: argparse.Namespace) -> int:
    """``exactrose equilibria``: ROSE and CoCo equilibria of a game file."""
    if args.grid < 1:
        raise InputError(f"--grid: expected a positive integer, got {args.grid}")
    game = read_game(args.file)
    concepts = ("rose", "coco") if args.concept == "both" else (args.concept,)
    if args.plot and game.n != 2:
        raise InputError(f"--plot draws two-player games; {args.file} has {game.n} players")
    found = _equilibria_of(game, concepts, args.grid)
    if args.plot:
        plot_game(game, _equilibrium_items(found), None, args.plot)
    complete = game.n == 2
    if args.json:
        print(json.dumps({"players": list(game.players), "complete": complete,
                          "equilibria": {c: [equilibrium_to_json(e) for e in es] for c, es in found.items()}},
                         indent=2))
    elif args.latex:
        print(equilibria_to_latex(found), end="")
    else:
        print(f"{game.title or 'game'}: " + ("every equilibrium (exact)" if complete else
                                              f"equilibria with weights among the facet normals and k/{args.grid}"))
        for c, es in found.items():
            print(f"{CONCEPT_LABELS[c]} equilibria:")
            print(format_equilibria(es, complete), end="")
    return 0


def _plot_values(report: GameReport, path: str) -> None:
    """``solve --plot``: the values and initiative values as points, with the equilibria."""
    game = report.game
    items: list[tuple[str, object]] = [(LABELS[c], report.values[c]) for c in ("rose", "coco", "maximin")
                                       if c in report.values]
    items += [(f"V({ordering_key(o)})", v) for o, v in report.initiative.items()]
    plot_game(game, items + _equilibrium_items(_equilibria_of(game, ("rose", "coco"))), None, path)


def _solve_parametric(args: argparse.Namespace) -> int:
    """``solve FILE --param ...``: piecewise values (one parameter) or values on a grid."""
    from exactrose.parametric import LABELS as PARAMETRIC_LABELS
    from exactrose.parametric import format_report, grid_values, parse_parameter, read_affine_game, solve_parametric
    from exactrose.parametric import report_to_json as parametric_json
    from exactrose.parametric import report_to_latex as parametric_latex

    parameters = [parse_parameter(text) for text in args.param]
    if len({p.name for p in parameters}) < len(parameters):
        raise InputError("--param: each parameter may be given once")
    if len(parameters) > 1:
        if args.plot:
            raise InputError("--plot draws one parameter; give a single --param")
        grid = grid_values(args.file, parameters, args.steps)
        if args.json:
            print(json.dumps([{"at": {n: format_rational(v) for n, v in point.items()}, **report_to_json(r)}
                              for point, r in grid], indent=2))
        else:
            for point, r in grid:
                where = ", ".join(f"{n} = {format_rational(v)}" for n, v in point.items())
                print(f"[{where}]")
                print(report_to_latex(r) if args.latex else format_table(r), end="")
        return 0
    report = solve_parametric(read_affine_game(args.file, parameters[0]), parameters[0])
    if args.plot:
        players = report.game.constant.players
        plot_piecewise([(PARAMETRIC_LABELS[c], list(zip(players, fs))) for c, fs in report.values.items()],
                       parameters[0].name, args.plot, report.game.constant.title)
    if args.json:
        print(json.dumps(parametric_json(report), indent=2))
    elif args.latex:
        print(parametric_latex(report), end="")
    else:
        print(format_report(report), end="")
    return 0


def _closed_forms(args: argparse.Namespace) -> int:
    """``solve FILE --closed-form``: the ROSE and CoCo values over named terms of the game."""
    from exactrose.closed_form import closed_form

    game = read_game(args.file)
    if game.n != 2:
        raise InputError(f"--closed-form: closed forms are for two-player games; {args.file} has {game.n} players")
    forms = [closed_form(game, concept) for concept in ("rose", "coco")]
    if args.json:
        print(json.dumps({"players": list(game.players), "closed_forms": {f.concept: f.to_json() for f in forms}},
                         indent=2))
    elif args.latex:
        print("".join(f.to_latex(game.players) for f in forms), end="")
    else:
        print("".join(f.to_text(game.players) for f in forms), end="")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "prove":
            return _prove(args)
        if args.command == "bargain":
            return _bargain(args)
        if args.command == "equilibria":
            return _equilibria(args)
        if args.command == "solve" and args.param:
            return _solve_parametric(args)
        if args.command == "solve" and args.closed_form:
            return _closed_forms(args)
        if args.command == "solve":
            game = read_game(args.file)
            if args.plot and game.n != 2:
                raise InputError(f"--plot draws two-player games; {args.file} has {game.n} players")
            report = solve_game(game)
            if args.plot:
                _plot_values(report, args.plot)
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
    except KeyboardInterrupt:
        print("exactrose: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped early, e.g. `| head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
