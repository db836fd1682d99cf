"""The ``exactrose`` command: a thin shell over the library.

``exactrose`` with no arguments solves the built-in catalogue of the essay's games;
``exactrose solve FILE`` solves a game file (``.nfg`` or ``.json``); ``exactrose bargain FILE``
solves a bargaining game (ROSE points, random dictator, Nash, Kalai–Smorodinsky, ...;
:mod:`exactrose.applications.bargaining`); ``exactrose prove`` checks the essay's propositions on
families of games (:mod:`proofs`).  User errors print one
line naming the file, line or field, and exit with status 2.  Ctrl-C prints one line and
exits with status 130; in ``solve`` the first Ctrl-C stops the computation at its next safe
point and prints what was proved so far, marked as partial (a second one aborts at once).

Only light modules are imported at the top, so that an early Ctrl-C is handled too; each
command imports what it needs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn

from exactrose import __version__
from exactrose.errors import CertificateError, ExactroseError, InputError
from exactrose.escape import terminal_text
from exactrose.limits import MAX_TIME_LIMIT
from exactrose.runtime.budget import INTERRUPTED, Budget

if TYPE_CHECKING:
    from exactrose.applications.equilibria import Equilibrium
    from exactrose.applications.solve import GameReport
    from exactrose.model.game import Game
    from exactrose.output.plot import PlotItem
    from proofs.core import Claim


def _add_backend(command: argparse.ArgumentParser, work: str) -> None:
    """``--workers``, ``--backend`` and ``--scheduler``: where ``work`` runs."""
    command.add_argument("--workers", type=_whole, default=1, help=f"local worker processes for {work} (default 1)")
    command.add_argument("--backend", choices=("local", "dask"), default="local")
    command.add_argument("--scheduler", help="dask scheduler address (default: a local cluster of --workers)")


def _check_backend(args: argparse.Namespace) -> None:
    """``--workers``, ``--backend`` and ``--scheduler`` checked before any work starts."""
    from exactrose.runtime.cluster import check_workers

    check_workers(args.workers, args.backend)
    if args.scheduler is not None and args.backend != "dask":
        raise InputError("--scheduler: expected together with --backend dask (the local backend has no scheduler)")
    if args.backend == "dask":
        from exactrose.extras import require

        require("distributed", "distributed")  # the extra [distributed], before any work starts


def _format(args: argparse.Namespace) -> str:
    """The output format a command chose: ``"json"``, ``"latex"`` or ``"text"``."""
    return "json" if getattr(args, "json", False) else "latex" if getattr(args, "latex", False) else "text"


def emit(fmt: str, text: Callable[[], str | Iterable[str]], as_json: Callable[[], object],
         latex: Callable[[], str | Iterable[str]] | None = None, indent: int | None = 2) -> None:
    """Print one result as ``fmt`` chose (:func:`_format`): JSON (``json.dumps`` with ``indent``),
    LaTeX (when the command has it), else text.  Only the chosen rendering is computed; a
    rendering given as chunks (a generator) is printed chunk by chunk as they come."""
    if fmt == "json":
        print(json.dumps(as_json(), indent=indent))
        return
    rendered = latex() if fmt == "latex" and latex is not None else text()
    for chunk in [rendered] if isinstance(rendered, str) else rendered:
        print(chunk, end="", flush=True)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (like every other error) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise InputError(f"{self.prog}: {message} (see {self.prog} --help)")


def _whole(text: str) -> int:
    """A whole-number option (``--steps``, ``--grid``, ``--workers``): digits only, at most nine
    (read before any big integer is built)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise argparse.ArgumentTypeError(f"expected a whole number below 10^9, got {text[:40]!r}")
    return int(text)


def _time_limit(text: str) -> float:
    """``--time-limit SECONDS``: a positive number of seconds (a duration, not a game's number)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text[:40]!r}") from None
    if not 0 < seconds <= MAX_TIME_LIMIT:
        raise argparse.ArgumentTypeError(f"expected a number of seconds in (0, {MAX_TIME_LIMIT:g}], got {text[:40]!r}")
    return seconds


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="exactrose",
        description="Exact ROSE, CoCo and Shapley values of finite games. "
        "With no command, solves the built-in catalogue of the essay's games.",
    )
    parser.add_argument("--json", action="store_true", help="with no command: print the catalogue as JSON")
    parser.add_argument("--version", action="version", version=f"exactrose {__version__}")
    commands = parser.add_subparsers(dest="command")
    listing = commands.add_parser("catalogue", help="the essay's games, solved (the default with no command)")
    listing.add_argument("--json", action="store_true",
                         help="print one JSON list: each game's key, source, values and the game itself")
    listing.add_argument("--export", metavar="DIR",
                         help="write each game to DIR/<key>.json (exactrose game format) instead of solving")
    solve = commands.add_parser("solve", help="solve a game file (.nfg or .json)")
    solve.add_argument("file", help="a Gambit .nfg file or an exactrose JSON game")
    output = solve.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object with exact values")
    output.add_argument("--latex", action="store_true", help="print a booktabs LaTeX table")
    solve.add_argument("--plot", metavar="OUT.{png,pdf,svg}",
                       help="two players: also draw the outcomes' hull, its Pareto frontier, the values and the "
                       "ROSE and CoCo equilibria; with --param, each value against the parameter "
                       "(format from the extension)")
    solve.add_argument("--param", action="append", metavar="NAME=LO..HI",
                       help="payoff strings of a JSON game may name parameters (\"3*t - 1/2\"): one --param gives "
                       "the two-player values as exact piecewise functions of it; several give exact values on a grid")
    solve.add_argument("--steps", type=_whole, default=4, help="with several --param: grid steps per parameter (default 4)")
    solve.add_argument("--closed-form", action="store_true",
                       help="two players: the ROSE and CoCo values as formulas over named terms of the game")
    solve.add_argument("--time-limit", type=_time_limit, metavar="SECONDS",
                       help="stop after this many seconds and print what was proved so far, marked as partial "
                       "(certified searches return the enclosures they have)")
    _add_backend(solve, "ROSE's searches")
    equilibria = commands.add_parser(
        "equilibria",
        help="general (NTU) equilibria via importance weights: ROSE and CoCo",
        description="Two players: every equilibrium, exactly (points, importance weights, ranges). Three or more: "
        "equilibria found among the frontier's facet normals and a grid of rational weights, each verified exactly.",
    )
    equilibria.add_argument("file", help="a Gambit .nfg file or an exactrose JSON game")
    equilibria.add_argument("--concept", choices=("rose", "coco", "both"), default="both")
    equilibria.add_argument("--grid", type=_whole, default=6, help="three or more players: weights k/GRID (default 6)")
    equilibria_output = equilibria.add_mutually_exclusive_group()
    equilibria_output.add_argument("--json", action="store_true", help="print one JSON object, numbers exact")
    equilibria_output.add_argument("--latex", action="store_true", help="print a booktabs LaTeX table")
    equilibria.add_argument("--plot", metavar="OUT.{png,pdf,svg}",
                            help="two players: also draw the equilibria (format from the extension)")
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
    bargain.add_argument("--plot", metavar="OUT.{png,pdf,svg}",
                         help="also draw the payoff region and the solutions (format from the extension)")
    bargain.add_argument("--disagreement", metavar="X,Y",
                         help="disagreement point, e.g. 0,1/2 (overrides the file's); "
                         "with a leading minus write --disagreement=-1,-1/2")
    prove = commands.add_parser(
        "prove",
        help="check the essay's propositions, negative controls and open questions on families of games",
        description="With no claims and no --family, runs the default suite (every claim on small families).",
    )
    prove.add_argument("claims", nargs="*", help="claim ids, e.g. 7.1 coco-threat payoff-dominance (default: all)")
    prove.add_argument("--family", help="e.g. 2x2:-1..1 (every game up to symmetry), 3x3:-5..5:random=100:seed=7, "
                       "or 2x2:real (every real game: a proof by case analysis, or a counterexample)")
    prove.add_argument("--solver", choices=("z3", "cvc5"), default="z3",
                       help="with a ':real' family: the SMT solver that decides the case analyses (default z3)")
    prove.add_argument("--timeout", type=_time_limit, metavar="SECONDS",
                       help="with a ':real' family: seconds per solver query before it is left open (default 60)")
    prove.add_argument("--list", action="store_true", help="list the claims and exit")
    _add_backend(prove, "the games")
    prove.add_argument("--store", help="SQLite file receiving results as they come (with a ':real' family: "
                       "each proved step)")
    prove.add_argument("--resume", action="store_true", help="skip games (steps) already in --store")
    prove.add_argument("--no-progress", action="store_true", help="no progress bar")
    report = prove.add_mutually_exclusive_group()
    report.add_argument("--json", action="store_true",
                        help="print the report as a JSON list (with a ':real' family: with the proof objects)")
    report.add_argument("--latex", action="store_true", help="print the report as a booktabs table")
    recheck = commands.add_parser(
        "recheck", help="re-check the proof objects of `exactrose prove --family MxN:real --json`",
        description="Re-checks every proof in the file without trusting it: identities and derivations by "
        "exact arithmetic, case analyses with the other SMT solver. Exit status 1 if one is refused.")
    recheck.add_argument("file", help="a JSON file: one proof object, or the JSON report of `exactrose prove`")
    recheck.add_argument("--solver", choices=("z3", "cvc5"),
                         help="the solver that re-checks case analyses (default: the one that did not find them)")
    return parser


def _prove(args: argparse.Namespace) -> int:
    """``exactrose prove``: exit status 1 when a proposition fails (a finding), else 0."""
    from exactrose.output.sweeps import (
        summaries_text,
        summaries_to_json,
        summaries_to_latex,
    )
    from proofs.families import parse_family
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
    _check_backend(args)
    if args.family is not None:
        from proofs.real import parse_real_family

        shape = parse_real_family(args.family)
        if shape is not None:
            return _prove_real(args, shape, [registry[c] for c in args.claims] or
                               [claim for claim in registry.values() if 2 in claim.players])
    if args.resume and args.store is None:
        raise InputError("--resume: expected together with --store FILE (the store to resume from)")
    if args.timeout is not None:
        raise InputError("--timeout: expected together with a ':real' family (it limits each solver query)")
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
    emit(_format(args), lambda: summaries_text(summaries), lambda: summaries_to_json(summaries),
         lambda: summaries_to_latex(summaries))
    return 1 if any(s.kind == "proposition" and s.holds is False for s in summaries) else 0


def _prove_real(args: argparse.Namespace, shape: tuple[int, int], claims: Sequence[Claim]) -> int:
    """``exactrose prove --family MxN:real``: each claim proved for every real game of the shape,
    refuted by a confirmed counterexample, or left undecided.  Exit status 1 when a proposition fails."""
    from exactrose.output.real_proofs import real_proofs_text, real_proofs_to_json, real_proofs_to_latex
    from proofs.decide import TIMEOUT
    from proofs.real import prove_all

    if args.backend == "dask":
        raise InputError("--backend dask: not available with a ':real' family (--workers proves claims in parallel)")
    if args.resume and args.store is None:
        raise InputError("--resume: expected together with --store FILE (the store to resume from)")
    wrong = [claim.id for claim in claims if 2 not in claim.players]
    if wrong:
        raise InputError(f"claims {', '.join(wrong)}: not about two-player games; family {args.family!r} is")
    proofs = prove_all([claim.id for claim in claims], shape, solver=args.solver, workers=args.workers,
                       progress=not args.no_progress, store_path=args.store, resume=args.resume,
                       timeout=TIMEOUT if args.timeout is None else args.timeout)
    emit(_format(args), lambda: real_proofs_text(proofs), lambda: real_proofs_to_json(proofs),
         lambda: real_proofs_to_latex(proofs))
    return 1 if any(claims[k].kind == "proposition" and p.holds is False for k, p in enumerate(proofs)) else 0


def _recheck(args: argparse.Namespace) -> int:
    """``exactrose recheck FILE``: re-check every proof object in the file."""
    from exactrose.input.formats import load_json, read_text
    from proofs.real import check_proof

    document = load_json(read_text(args.file), args.file)
    entries = document if isinstance(document, list) else [document]
    documents = [entry["proof"] if isinstance(entry, dict) and "proof" in entry else entry for entry in entries]
    refused = 0
    for index, proof in enumerate(documents):
        if proof is None:
            continue  # a claim of the report that was not proved: nothing to re-check
        try:
            print(check_proof(proof, args.solver))
        except CertificateError as error:
            refused += 1
            print(f"refused: {args.file}, entry {index}: {terminal_text(str(error))}")
    return 1 if refused else 0


def _bargain(args: argparse.Namespace) -> int:
    """``exactrose bargain``: the bargaining solutions of a file, as text, JSON or LaTeX."""
    from exactrose.applications.bargaining import parse_point_option, read_bargaining
    from exactrose.output.json_export import solutions_to_json
    from exactrose.output.latex import solutions_to_latex
    from exactrose.output.plot import plot_solutions
    from exactrose.output.text import format_solutions

    disagreement = parse_point_option(args.disagreement) if args.disagreement is not None else None
    solutions = read_bargaining(args.file, disagreement).solve()
    if args.plot:
        plot_solutions(solutions, args.plot)
    emit(_format(args), lambda: format_solutions(solutions), lambda: solutions_to_json(solutions),
         lambda: solutions_to_latex(solutions), indent=None)
    return 0


def _equilibria_of(game: Game, concepts: Sequence[str], grid: int = 6) -> dict[str, list[Equilibrium]]:
    """Every equilibrium (two players) or the verified ones a search finds (three or more)."""
    from exactrose.applications.equilibria import (
        equilibria_two_players,
        search_equilibria,
    )

    if game.n == 2:
        return {c: equilibria_two_players(game, c) for c in concepts}
    return {c: search_equilibria(game, c, grid) for c in concepts}


def _equilibrium_items(found: dict[str, list[Equilibrium]]) -> list[tuple[str, PlotItem]]:
    """Plot items: a point, or a face (a segment) at a zero weight."""
    from exactrose.applications.equilibria import CONCEPT_LABELS

    return [(f"{CONCEPT_LABELS[c]} equilibrium", e.point if e.point_to is None else (e.point, e.point_to))
            for c, es in found.items() for e in es]


def _equilibria(args: argparse.Namespace) -> int:
    """``exactrose equilibria``: ROSE and CoCo equilibria of a game file."""
    from exactrose.input.formats import read_game
    from exactrose.output.json_export import equilibria_to_json
    from exactrose.output.latex import equilibria_to_latex
    from exactrose.output.plot import plot_game
    from exactrose.output.text import equilibria_text

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
    emit(_format(args), lambda: equilibria_text(game, found, complete, args.grid),
         lambda: equilibria_to_json(game, found, complete), lambda: equilibria_to_latex(found))
    return 0


def _plot_values(report: GameReport, path: str) -> None:
    """``solve --plot``: the values and initiative values as points, with the equilibria."""
    from exactrose.applications.solve import LABELS, ordering_key
    from exactrose.output.plot import plot_game

    game = report.game
    items: list[tuple[str, PlotItem]] = [(LABELS[c], report.values[c]) for c in ("rose", "coco", "maximin")
                                       if c in report.values]
    items += [(f"V({ordering_key(o)})", v) for o, v in report.initiative.items()]
    plot_game(game, items + _equilibrium_items(_equilibria_of(game, ("rose", "coco"))), None, path)


def _solve_parametric(args: argparse.Namespace) -> int:
    """``solve FILE --param ...``: piecewise values (one parameter) or values on a grid."""
    from exactrose.applications.parametric import LABELS as PARAMETRIC_LABELS
    from exactrose.applications.parametric import (
        grid_values,
        parse_parameter,
        read_affine_game,
        solve_parametric,
    )
    from exactrose.exact.numbers import format_rational
    from exactrose.output.json_export import (
        game_report_to_json,
        parametric_report_to_json,
    )
    from exactrose.output.latex import game_report_to_latex, parametric_report_to_latex
    from exactrose.output.plot import plot_piecewise
    from exactrose.output.text import format_parametric_report, format_table

    parameters = [parse_parameter(text) for text in args.param]
    if len({p.name for p in parameters}) < len(parameters):
        raise InputError("--param: each parameter may be given once")
    if len(parameters) > 1:
        if args.plot:
            raise InputError("--plot draws one parameter; give a single --param")
        grid = grid_values(args.file, parameters, args.steps)

        def at(point: dict) -> str:
            return "[" + ", ".join(f"{n} = {format_rational(v)}" for n, v in point.items()) + "]\n"

        emit(_format(args), lambda: "".join(at(point) + format_table(r) for point, r in grid),
             lambda: [{"at": {n: format_rational(v) for n, v in point.items()}, **game_report_to_json(r)}
                      for point, r in grid],
             lambda: "".join(at(point) + game_report_to_latex(r) for point, r in grid))
        return 0
    report = solve_parametric(read_affine_game(args.file, parameters[0]), parameters[0])
    if args.plot:
        players = report.game.constant.players
        plot_piecewise([(PARAMETRIC_LABELS[c], list(zip(players, fs))) for c, fs in report.values.items()],
                       parameters[0].name, args.plot, report.game.constant.title)
    emit(_format(args), lambda: format_parametric_report(report), lambda: parametric_report_to_json(report),
         lambda: parametric_report_to_latex(report))
    return 0


def _closed_forms(args: argparse.Namespace) -> int:
    """``solve FILE --closed-form``: the ROSE and CoCo values over named terms of the game."""
    from exactrose.applications.closed_form import closed_form
    from exactrose.input.formats import read_game
    from exactrose.output.json_export import closed_form_to_json
    from exactrose.output.latex import closed_form_to_latex
    from exactrose.output.text import closed_form_text

    game = read_game(args.file)
    if game.n != 2:
        raise InputError(f"--closed-form: closed forms are for two-player games; {args.file} has {game.n} players")
    forms = [closed_form(game, concept) for concept in ("rose", "coco")]
    emit(_format(args), lambda: "".join(closed_form_text(f, game.players) for f in forms),
         lambda: {"players": list(game.players), "closed_forms": {f.concept: closed_form_to_json(f) for f in forms}},
         lambda: "".join(closed_form_to_latex(f, game.players) for f in forms))
    return 0


def _solve(args: argparse.Namespace) -> int:
    """``exactrose solve FILE``: every value, with progress on a terminal, a time limit, and
    Ctrl-C printing what was proved so far."""
    from exactrose.applications.solve import solve_game
    from exactrose.input.formats import read_game
    from exactrose.output.json_export import game_report_to_json
    from exactrose.output.latex import game_report_to_latex
    from exactrose.output.text import format_table

    _check_backend(args)
    game = read_game(args.file)
    if args.plot and game.n != 2:
        raise InputError(f"--plot draws two-player games; {args.file} has {game.n} players")
    limit = Budget(args.time_limit, _status_line if sys.stderr.isatty() else None)
    with _stop_on_interrupt(limit):
        report = solve_game(game, limit, workers=args.workers, backend=args.backend, scheduler=args.scheduler)
    if limit.progress is not None:
        _status_line("")
    if args.plot and report.stopped is None:
        _plot_values(report, args.plot)
    emit(_format(args), lambda: format_table(report), lambda: game_report_to_json(report),
         lambda: game_report_to_latex(report))
    if report.stopped == INTERRUPTED:
        raise KeyboardInterrupt
    return 0


@contextlib.contextmanager
def _stop_on_interrupt(limit: Budget) -> Iterator[None]:
    """While inside: the first Ctrl-C asks ``limit`` to stop at the next safe point, a second
    one interrupts at once."""
    presses = 0

    def handler(signum: int, frame: object) -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            raise KeyboardInterrupt
        limit.stop()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _status_line(text: str) -> None:
    """Progress on a terminal: one line on stderr, rewritten in place."""
    sys.stderr.write("\r\x1b[K" + text[:120])
    sys.stderr.flush()


def _catalogue(args: argparse.Namespace) -> int:
    """``exactrose``: the essay's games, solved (a table each, or one JSON list)."""
    from exactrose.applications.solve import solve_game
    from exactrose.input.formats import game_to_json, write_game
    from exactrose.model.catalogue import catalogue
    from exactrose.output.json_export import game_report_to_json
    from exactrose.output.text import format_table

    if getattr(args, "export", None):
        try:
            os.makedirs(args.export, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{args.export}: cannot create the directory ({exc.strerror or exc})") from exc
        for entry in catalogue():
            write_game(entry.game, os.path.join(args.export, f"{entry.key}.json"))
            print(os.path.join(args.export, f"{entry.key}.json"))
        return 0

    def tables() -> Iterator[str]:  # each printed once solved
        yield "Exact values of the essay's games. V(i,j): initiative values when player i has the initiative.\n\n"
        for entry in catalogue():
            yield f"[{entry.key}] {entry.source}\n" + format_table(solve_game(entry.game)) + "\n"

    emit(_format(args), tables, lambda: [{"key": entry.key, "source": entry.source,
                                          **game_report_to_json(solve_game(entry.game)),
                                          "game": game_to_json(entry.game)} for entry in catalogue()])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    try:
        sys.set_int_max_str_digits(0)  # exact results of any size print (inputs are capped by exactrose.limits)
        args = _parser().parse_args(argv)
        if getattr(args, "plot", None):  # before any value is computed
            from exactrose.extras import require
            from exactrose.output.plot import plot_format

            plot_format(args.plot)
            require("matplotlib", "plot")  # the extra [plot]
        if args.command == "prove":
            return _prove(args)
        if args.command == "recheck":
            return _recheck(args)
        if args.command == "bargain":
            return _bargain(args)
        if args.command == "equilibria":
            return _equilibria(args)
        if args.command == "solve" and args.param:
            return _solve_parametric(args)
        if args.command == "solve" and args.closed_form:
            return _closed_forms(args)
        if args.command == "solve":
            return _solve(args)
        return _catalogue(args)
    except ExactroseError as error:
        print(f"exactrose: error: {terminal_text(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("exactrose: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped early, e.g. `| head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
