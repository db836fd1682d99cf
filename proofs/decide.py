"""Inequalities between values decided for every real game of a shape, cell by cell, by an SMT
solver for nonlinear real arithmetic (z3's nlsat or cvc5's coverings, extra ``smt``), with a
proof record that a second solver re-checks.

Each value is a case analysis over the payoffs (:mod:`exactrose.values.symbolic`): cells of
polynomial sign conditions, a rational function on each, covering every real game.  ``Σ_k c_k
v_k >= 0`` holds for every real game satisfying some hypotheses (polynomial conditions on the
payoffs) if and only if no choice of a cell of each value has payoffs satisfying the hypotheses
and the cells' conditions with ``Σ_k c_k v_k < 0`` there.  :func:`nonnegative` asks one small
query per such choice, cells with the same rational function taken together as one **piece**,
and the values kept as unknowns ``v_k`` with ``v_k·D_k = N_k`` (clearing the denominators would
multiply every polynomial of the query together).  A value may instead enter without cells
(:data:`WITHOUT_CELLS`), adding no pieces to the product of queries: as
:class:`~exactrose.values.symbolic.Programs`, linear programs over one region, bounded from above
(positive coefficient: the query needs ``v_k`` at least the value) by a dual solution of each
program with objective at most ``v_k``, and one program from below (negative coefficient) by a
feasible point with objective at least ``v_k`` (:func:`_witnessed`: fresh unknowns, bilinear
conditions); or as an :class:`~exactrose.values.symbolic.Extremum`, the largest (smallest)
objective over the feasible vertices of a region, bounded from above (below) by stating that
every vertex has D = 0, is infeasible, or has every objective at most (at least) ``v_k``.  Each
query unsatisfiable: the inequality holds, and the answer carries its :class:`Cases`: the cells
found empty and the pieces of every query.  A query over pieces of several cells that the solver
has not settled within :data:`PIECES_FIRST` seconds is asked again cell by cell, in the
re-check's encoding (below).  A satisfiable query's model is a counterexample with rational
payoffs, confirmed by evaluating the cells, vertices and programs exactly.  A query left open at
its time limit (:data:`TIMEOUT` seconds by default) leaves the inequality undecided, never proved.

:func:`recheck` re-checks a :class:`Cases` record from the cells alone, with another solver
(cvc5 against z3's proof): every cell said empty is empty, the pieces of each value are cells
with one rational function that together take every cell not empty, the queries are exactly
every choice of one piece per value, and each query is unsatisfiable.  The re-check asks each
query cell by cell (one query per choice of a cell of each piece) with the denominators cleared
(each cell keeps its denominator positive), a different encoding from the proof's: conjunctions
of polynomial conditions in the payoffs alone, which cvc5's coverings decide in milliseconds where
the proof's disjunctions and value unknowns stall them.  A cell query cvc5 leaves open (its
coverings give up on some degenerate projections) is asked of the first solver in this encoding;
the :class:`Recheck` counts which solver confirmed how many.  A record that fails any
of these is refused with a :class:`~exactrose.errors.CertificateError`.
"""

from __future__ import annotations

import atexit
import itertools
import math
import multiprocessing
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

from flint import fmpq, fmpq_mpoly

from exactrose.errors import CertificateError, InputError
from exactrose.extras import require
from exactrose.values.symbolic import Cell, Extremum, Lift, Programs, satisfied

#: Seconds a solver may spend on one query before it is left undecided.
TIMEOUT = 60.0

#: Seconds a re-check's first solver may spend on one query while the other is left to ask
#: (cvc5's coverings give up on, or run long with, some witness queries that z3 settles at once).
FIRST_TIMEOUT = 2.0

#: Seconds a query over pieces may take before it is asked again cell by cell (one query per
#: choice of a cell of each piece): a piece may join hundreds of cells (a 2×3 initiative value's
#: do), whose disjunction stalls the solver where each cell's query takes milliseconds.
PIECES_FIRST = 5.0

#: The solvers that decide and re-check queries: name -> module with z3's Python interface.
SOLVERS = {"z3": "z3", "cvc5": "cvc5.pythonic"}

#: ``Σ_k c_k v_k`` as (coefficient, the value's cells) pairs; a value may be given as an
#: :class:`~exactrose.values.symbolic.Extremum` instead: the largest of its vertices' objectives
#: with a positive coefficient, the smallest with a negative one (module docstring).
Terms = Sequence[tuple[Fraction, Sequence[Cell] | Extremum | Programs | Lift]]

#: The kinds of value that enter a query without cells (no pieces): bounded by their vertices, by
#: witnesses of their programs (:func:`_witnessed`), or through another term's witness (:func:`_lifted`).
WITHOUT_CELLS = (Extremum, Programs, Lift)
#: Conditions on the payoffs every game considered satisfies: ``(poly, relation)`` as in a cell.
Hypotheses = Sequence[tuple[fmpq_mpoly, str]]


@dataclass(frozen=True)
class Cases:
    """How :func:`nonnegative` proved an inequality: the cells (value k, cell j) found empty
    under the hypotheses, and for each query the indices of the cells of its piece of each value."""

    solver: str
    empty: tuple[tuple[int, int], ...]
    queries: tuple[tuple[tuple[int, ...], ...], ...]


@dataclass(frozen=True)
class Verdict:
    """Whether an inequality holds for every real game considered (None: undecided, some query
    timed out and none failed): the number of queries, the time, where it fails a counterexample
    (the payoffs as a point of the ring), and where it holds the proof's :class:`Cases`."""

    holds: bool | None
    queries: int
    seconds: float
    counterexample: tuple[Fraction, ...] | None = None
    #: Queries the solver left open at their time limit (then ``holds`` is None: undecided).
    undecided: int = 0
    cases: Cases | None = None


def _module(solver: str) -> Any:
    if solver not in SOLVERS:
        raise InputError(f"solver: expected one of {', '.join(SOLVERS)}, got {solver!r}")
    return require(SOLVERS[solver], "smt")


def _solver(solver: str, timeout: float) -> Any:
    """A solver of nonlinear real arithmetic that gives up (answers unknown) after ``timeout`` seconds."""
    module = _module(solver)
    if solver == "z3":
        instance = module.Solver()
        instance.set("timeout", int(timeout * 1000))
    else:
        instance = module.SolverFor("QF_NRA")
        instance.set("tlimit-per", int(timeout * 1000))
        instance.set("nl-cov", "true")  # cylindrical algebraic coverings alone: complete, and far faster
        instance.set("nl-ext", "none")  # here than with incremental linearisation (which answers unknown)
    return instance


def _constant(module: Any, value: fmpq | Fraction) -> Any:
    """An exact rational as a solver constant."""
    numerator, denominator = (int(value.p), int(value.q)) if isinstance(value, fmpq) else (
        value.numerator, value.denominator)
    return module.RealVal(f"{numerator}/{denominator}")


def _expression(module: Any, poly: fmpq_mpoly | Plain, variables: Sequence[Any]) -> Any:
    """``poly`` (a polynomial or its plain data) as a solver term over ``variables`` (exact
    rational coefficients)."""
    total = _constant(module, fmpq(0))
    for exponents, numerator, denominator in _plain(poly) if isinstance(poly, fmpq_mpoly) else poly:
        term = _constant(module, fmpq(numerator, denominator))
        for variable, power in zip(variables, exponents):
            for _ in range(int(power)):
                term = term * variable
        total = total + term
    return total


def _conditions(module: Any, conditions: Sequence[tuple[fmpq_mpoly | Plain, str]], variables: Sequence[Any]) -> list[Any]:
    built = []
    for poly, relation in conditions:
        expression = _expression(module, poly, variables)
        built.append(expression >= 0 if relation == ">=" else expression > 0 if relation == ">" else
                     expression != 0 if relation == "!=" else expression == 0)
    return built


def _empty(solver: str, conditions: Sequence[tuple[fmpq_mpoly, str]], variables: int, timeout: float) -> bool:
    """Whether the solver proves that no real payoffs satisfy ``conditions`` (False: it found
    some, or gave up)."""
    return _answer(solver, conditions, variables, timeout)[0] == "unsat"


def _same_value(a: Cell, b: Cell) -> bool:
    return bool((a.numerator * b.denominator - b.numerator * a.denominator).is_zero())


def _pieces(cells: Sequence[Cell], term: int, hypotheses: Hypotheses, variables: int, solver: str,
            timeout: float) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
    """The cells some payoffs satisfying the hypotheses may lie in (all but those the solver
    proves empty within ``timeout`` seconds), grouped by their value into pieces (indices), and
    the empty ones as (term, cell) pairs."""
    pieces: list[tuple[int, ...]] = []
    empty = []
    for j, cell in enumerate(cells):
        if _empty(solver, list(hypotheses) + list(cell.conditions), variables, timeout):
            empty.append((term, j))
            continue
        for k, piece in enumerate(pieces):
            if _same_value(cell, cells[piece[0]]):
                pieces[k] = piece + (j,)
                break
        else:
            pieces.append((j,))
    return pieces, empty


def _query(terms: Terms, hypotheses: Hypotheses, chosen: Sequence[tuple[int, ...]], variables: int, solver: str,
           timeout: float) -> tuple[Any, tuple[Fraction, ...] | None]:
    """Ask for payoffs satisfying the hypotheses in the chosen piece of each value, with
    ``Σ_k c_k v_k < 0``: the solver's answer, and with ``sat`` the model's payoffs."""
    module = _module(solver)
    payoffs = [module.Real(f"u{i}") for i in range(variables)]
    values = [module.Real(f"v{k}") for k in range(len(terms))]
    instance = _solver(solver, timeout)
    instance.add(*_conditions(module, hypotheses, payoffs))
    for k, ((c, cells), value, piece) in enumerate(zip(terms, values, chosen)):
        if isinstance(cells, WITHOUT_CELLS):
            instance.add(*_bounded(module, _plain_bound(cells, _sources(terms, cells)), value, payoffs, c > 0, k))
            continue
        instance.add(module.Or(*[module.And(*_conditions(module, cells[j].conditions, payoffs)) for j in piece]))
        first = cells[piece[0]]
        instance.add(value * _expression(module, first.denominator, payoffs) == _expression(module, first.numerator, payoffs))
    instance.add(module.Sum([_constant(module, c) * value for (c, _), value in zip(terms, values)]) < 0)
    answer = instance.check()
    return answer, _model_point(instance, payoffs) if answer == module.sat else None


def nonnegative(terms: Terms, variables: int, hypotheses: Hypotheses = (), timeout: float = TIMEOUT,
                solver: str = "z3") -> Verdict:
    """Decide ``Σ_k c_k v_k >= 0`` for every point of the payoffs' ring (``variables`` of them)
    satisfying ``hypotheses``, each value ``v_k`` given by its cells (module docstring)."""
    _module(solver)  # refuse an unknown or missing solver before any work
    _check_extrema(terms)
    start = time.perf_counter()
    choices: list[list[tuple[int, ...]]] = []
    empty: list[tuple[int, int]] = []
    for k, (_, cells) in enumerate(terms):
        if isinstance(cells, WITHOUT_CELLS):
            choices.append([()])  # no pieces: the query bounds v_k by vertices or witnesses
            continue
        pieces, none = _pieces(cells, k, hypotheses, variables, solver, timeout)
        choices.append(pieces)
        empty += none
    queries, undecided, proved = 0, 0, []
    for chosen in itertools.product(*choices):
        queries += 1
        single = all(len(piece) <= 1 for piece in chosen)  # then asking cell by cell asks the same
        result, point = _query(terms, hypotheses, chosen, variables, solver, timeout if single else
                               min(timeout, PIECES_FIRST))
        answer = str(result)
        if answer != "unsat" and point is None and not single:
            answer, point = _by_cells(terms, hypotheses, chosen, variables, solver, timeout)
        if answer == "unsat":
            proved.append(tuple(chosen))
        elif point is None:
            undecided += 1
        elif _below_zero(terms, hypotheses, point):
            return Verdict(False, queries, time.perf_counter() - start, point, undecided)
        elif any(isinstance(cells, Lift) for _, cells in terms):
            undecided += 1  # a lift is only a lower bound: its model need not be a counterexample
        else:
            raise ArithmeticError("the solver's model is not a rational counterexample")
    cases = None if undecided else Cases(solver, tuple(empty), tuple(proved))
    return Verdict(None if undecided else True, queries, time.perf_counter() - start, None, undecided, cases)


def _by_cells(terms: Terms, hypotheses: Hypotheses, chosen: Sequence[tuple[int, ...]], variables: int, solver: str,
              timeout: float) -> tuple[str, tuple[Fraction, ...] | None]:
    """A query over pieces asked cell by cell (:func:`_cell_query`, the re-check's encoding):
    "unsat" when every choice of one cell of each piece is, else the first other answer."""
    for combination in _combinations(chosen):
        answer, point = _cell_query(terms, hypotheses, combination, variables, solver, timeout)
        if answer != "unsat":
            return answer, point
    return "unsat", None


def at_least(left: Sequence[Cell], right: Sequence[Cell], variables: int, timeout: float = TIMEOUT) -> Verdict:
    """Decide ``left >= right`` for every point of the payoffs' ring (``variables`` of them)."""
    return nonnegative([(Fraction(1), left), (Fraction(-1), right)], variables, (), timeout)


@dataclass(frozen=True)
class Recheck:
    """What :func:`recheck` confirmed: unsatisfiable cell queries by solver (the second solver
    first; the solver that found the proof only for a query the second one leaves open, asked in
    the cell-by-cell encoding, not the proof's)."""

    empty: int
    confirmed: tuple[tuple[str, int], ...]


def check_structure(terms: Terms, cases: Cases) -> None:
    """The checks of :func:`recheck` that need no solver: the cells said empty exist, the pieces
    of each value take every other cell once and join cells of one value, and the queries are
    every choice of one piece per value, each once."""
    _check_extrema(terms)
    empty = set(cases.empty)
    for k, j in sorted(empty):
        cells = terms[k][1] if 0 <= k < len(terms) else ()
        if isinstance(cells, WITHOUT_CELLS) or not 0 <= j < len(cells):
            raise CertificateError(f"cell {j} of value {k}: there is no such cell")
    pieces: list[set[tuple[int, ...]]] = [set() for _ in terms]
    for query in cases.queries:
        if len(query) != len(terms):
            raise CertificateError(f"a query chooses {len(query)} pieces for {len(terms)} values")
        for k, piece in enumerate(query):
            pieces[k].add(tuple(piece))
    for k, (_, cells) in enumerate(terms):
        if isinstance(cells, WITHOUT_CELLS):
            if pieces[k] != {()}:
                raise CertificateError(f"value {k} is bounded by its vertices or programs: its queries take no "
                                       f"cells of it")
            continue
        taken = [j for piece in pieces[k] for j in piece]
        wanted = [j for j in range(len(cells)) if (k, j) not in empty]
        if sorted(taken) != wanted:
            raise CertificateError(f"value {k}: the pieces do not take every cell not empty exactly once")
        if () in pieces[k] or not all(_same_value(cells[piece[0]], cells[j]) for piece in pieces[k] for j in piece):
            raise CertificateError(f"value {k}: a piece joins cells with different values")
    if len(set(cases.queries)) != len(cases.queries) or len(cases.queries) != math.prod(len(p) for p in pieces):
        raise CertificateError("the queries are not every choice of one piece per value, each once")


def recheck(terms: Terms, variables: int, hypotheses: Hypotheses, cases: Cases, solver: str = "cvc5",
            timeout: float = TIMEOUT) -> Recheck:
    """Re-check the proof ``cases`` of ``Σ_k c_k v_k >= 0`` (module docstring), asking ``solver``
    first; a record that does not prove it raises :class:`~exactrose.errors.CertificateError`."""
    check_structure(terms, cases)
    for k, j in cases.empty:
        cells = terms[k][1]
        assert not isinstance(cells, WITHOUT_CELLS)  # check_structure refuses it
        conditions = _plain_conditions(list(hypotheses) + list(cells[j].conditions))
        if _CHILD.ask(solver, conditions, variables, timeout)[0] != "unsat":
            raise CertificateError(f"cell {j} of value {k} is said to be empty; {solver} does not confirm it")
    order = [solver] + [name for name in (cases.solver,) if name != solver]
    confirmed = dict.fromkeys(order, 0)
    for query in cases.queries:
        for combination in _combinations(query):
            for name in order:
                limit = min(timeout, FIRST_TIMEOUT) if name != order[-1] else timeout
                answer, _ = _cell_query(terms, hypotheses, combination, variables, name, limit)
                if answer == "sat":
                    raise CertificateError(f"query {[list(p) for p in query]}, cells {list(combination)}: "
                                           f"{name} finds payoffs where the inequality fails")
                if answer == "unsat":
                    confirmed[name] += 1
                    break
            else:
                raise CertificateError(f"query {[list(p) for p in query]}, cells {list(combination)}: "
                                       f"no solver confirms it in {timeout:g} s")
    return Recheck(len(cases.empty), tuple(confirmed.items()))


#: A polynomial as plain data (exponents, numerator, denominator per term), to send to a process.
Plain = tuple[tuple[tuple[int, ...], int, int], ...]


def _plain(poly: fmpq_mpoly) -> Plain:
    return tuple((tuple(int(e) for e in exponents), int(c.p), int(c.q)) for exponents, c in poly.terms())


def _plain_conditions(conditions: Sequence[tuple[fmpq_mpoly, str]]) -> tuple[tuple[Plain, str], ...]:
    return tuple((_plain(poly), relation) for poly, relation in conditions)


def _cell_query(terms: Terms, hypotheses: Hypotheses, combination: Sequence[int | None], variables: int, solver: str,
                timeout: float) -> tuple[str, tuple[Fraction, ...] | None]:
    """Ask for payoffs satisfying the hypotheses in one cell of each value (None for a value given
    by its :class:`~exactrose.values.symbolic.Extremum`) with ``Σ_k c_k v_k < 0``, stated with the
    (positive) denominators cleared: ``Σ_k c_k N_k Π_{l≠k} D_l + Π_l D_l · Σ_j c_j v_j < 0``, each
    extremum's ``v_j`` an unknown bounded by its vertices.  The answer as "sat" (with the model's
    payoffs), "unsat" or "unknown".  The solver runs in a child process that is stopped when it
    outlives ``timeout`` by :data:`GRACE` seconds (or ``timeout``, if shorter) (cvc5's coverings do not always look at their
    time limit); the answer is then "unknown"."""
    chosen = [(c, cells[j]) for (c, cells), j in zip(terms, combination) if not isinstance(cells, WITHOUT_CELLS)
              and j is not None]
    extrema = [(c, cells) for c, cells in terms if isinstance(cells, WITHOUT_CELLS)]
    if len(chosen) + len(extrema) != len(terms):
        raise CertificateError("a cell query chooses one cell of each value not bounded by its vertices")
    for _, cell in chosen:
        if not (cell.denominator.is_constant() and cell.denominator.coeffs()[0] > 0) and (
                (cell.denominator, ">") not in cell.conditions):
            raise CertificateError(f"a cell's denominator {cell.denominator} is not known to be positive")
    ring = (chosen[0][1].numerator if chosen else _some_polynomial(extrema[0][1])).context()
    cleared, common = ring.from_dict({}), ring.from_dict({(0,) * ring.nvars(): 1})
    for k, (c, cell) in enumerate(chosen):
        product = cell.numerator * fmpq(c.numerator, c.denominator)
        for _, other in chosen[:k] + chosen[k + 1:]:
            product *= other.denominator
        cleared += product
        common *= cell.denominator
    conditions = [*hypotheses, *(condition for _, cell in chosen for condition in cell.conditions)]
    if not extrema:
        return _CHILD.ask(solver, _plain_conditions([*conditions, (-cleared, ">")]), variables, timeout)
    bound = (_plain(cleared), _plain(common),
             tuple((_plain_bound(extremum, _sources(terms, extremum)), c.numerator, c.denominator, k)
                   for k, (c, extremum) in enumerate(terms) if isinstance(extremum, WITHOUT_CELLS)))
    return _CHILD.ask(solver, _plain_conditions(conditions), variables, timeout, bound)


def _combinations(chosen: Sequence[tuple[int, ...]]) -> Iterator[tuple[int | None, ...]]:
    """Every choice of one cell of each piece (None for a value bounded by its vertices: no piece)."""
    return itertools.product(*[piece or (None,) for piece in chosen])


def _check_extrema(terms: Terms) -> None:
    """A value bounded by its vertices is bounded on one side only: from above for the largest
    objective (the sum's term needs a positive coefficient), from below for the smallest (negative).
    A subtracted value given by its programs is one program (a feasible point bounds one program
    from below; :func:`proofs.real.splits` splits a maximum of programs first)."""
    if any(isinstance(cells, Extremum) and (c > 0) != cells.largest for c, cells in terms):
        raise CertificateError("a value bounded by its vertices needs a positive coefficient for the largest "
                               "objective, a negative one for the smallest")
    if any(isinstance(cells, Programs) and c < 0 and len(cells.objectives) != 1 for c, cells in terms):
        raise CertificateError("a value given by its programs needs a positive coefficient, or one program")
    for c, lifted in terms:
        if not isinstance(lifted, Lift):
            continue
        sources = [terms[k][1] if 0 <= k < len(terms) and terms[k][0] < 0 else None for k in lifted.sources]
        if c <= 0 or not sources or not all(isinstance(source, Programs) for source in sources):
            raise CertificateError("a lifted value needs a positive coefficient and subtracted values given by "
                                   "one program each as its sources")
        ring = lifted.programs.rows[0][0].context().nvars()
        sizes = sum(len(source.objectives[0]) for source in sources if isinstance(source, Programs))
        if len(lifted.map) != len(lifted.programs.objectives[0]) or any(
                poly.context().nvars() != ring + sizes for poly in lifted.map) or not 0 <= lifted.target < len(
                lifted.programs.objectives):
            raise CertificateError("a lifted value's map takes its sources' coordinates to its own, and its target "
                                   "is one of its programs")
        if lifted.least_t and not all(row[-1].is_constant() and row[-1].coeffs()[0] > 0 for row in lifted.programs.rows):
            raise CertificateError("a lifted value's least t needs rows t·c >= ... with constants c > 0")


#: An :class:`~exactrose.values.symbolic.Extremum` as plain data: whether it is the largest, and
#: (D, slacks, values) per vertex.
PlainExtremum = tuple[bool, tuple[tuple[Plain, tuple[Plain, ...], tuple[Plain, ...]], ...]]
#: :class:`~exactrose.values.symbolic.Programs` as plain data: its rows and its objectives.
PlainPrograms = tuple[tuple[tuple[Plain, ...], ...], tuple[tuple[Plain, ...], ...]]
#: A :class:`~exactrose.values.symbolic.Lift` as plain data: its rows, its target program's
#: objective, the map from its sources' coordinates, each source's term index and size, and
#: whether its t is the least feasible one.
PlainLift = tuple[tuple[tuple[Plain, ...], ...], tuple[Plain, ...], tuple[Plain, ...], tuple[tuple[int, int], ...],
                  bool]
#: A value without cells as plain data, by kind: "vertices", "programs" or "lift".
PlainBound = tuple[str, PlainExtremum | PlainPrograms | PlainLift]
#: A cell query's sum with values without cells (:func:`_cell_query`): the cleared cells' part, the
#: product of their denominators, and each such value with its coefficient (numerator, denominator)
#: and its index in the sum (which names its witnesses' unknowns).
Bound = tuple[Plain, Plain, tuple[tuple[PlainBound, int, int, int], ...]]


def _sources(terms: Terms, value: object) -> list[Programs]:
    """The programs a :class:`~exactrose.values.symbolic.Lift` lifts (none for another value;
    :func:`_check_extrema` has checked that they are programs)."""
    return [cast(Programs, terms[k][1]) for k in value.sources] if isinstance(value, Lift) else []


def _some_polynomial(value: Extremum | Programs | Lift) -> fmpq_mpoly:
    """A polynomial of the value's ring."""
    if isinstance(value, Lift):
        return value.programs.rows[0][0]
    return value.vertices[0].determinant if isinstance(value, Extremum) else value.rows[0][0]


def _plain_bound(value: Extremum | Programs | Lift, sources: Sequence[Programs] = ()) -> PlainBound:
    """The value as plain data; a lift's with its ``sources`` (the terms it lifts)."""
    if isinstance(value, Lift):
        return "lift", (tuple(tuple(_plain(p) for p in row) for row in value.programs.rows),
                        tuple(_plain(p) for p in value.programs.objectives[value.target]),
                        tuple(_plain(p) for p in value.map), tuple(
                            (k, len(program.objectives[0])) for k, program in zip(value.sources, sources)), value.least_t)
    if isinstance(value, Programs):
        return "programs", (tuple(tuple(_plain(p) for p in row) for row in value.rows),
                            tuple(tuple(_plain(p) for p in objective) for objective in value.objectives))
    return "vertices", (value.largest, tuple((_plain(vertex.determinant), tuple(_plain(p) for p in vertex.slacks),
                                              tuple(_plain(p) for p in vertex.values)) for vertex in value.vertices))


def _bounded(module: Any, bound: PlainBound, value: Any, variables: Sequence[Any], positive: bool,
             tag: int) -> list[Any]:
    """The statement that the value is at most ``value`` (with a ``positive`` coefficient in the sum)
    or at least it: by its vertices (:func:`_by_vertices`), its programs' witnesses
    (:func:`_witnessed`, whose fresh unknowns are named after ``tag``, its index in the sum), or
    another term's (:func:`_lifted`)."""
    kind, data = bound
    if kind == "lift":
        return _lifted(module, data, value, variables, tag)  # type: ignore[arg-type]
    if kind == "programs":
        return _witnessed(module, data, value, variables, positive, tag)  # type: ignore[arg-type]
    return _by_vertices(module, data, value, variables)  # type: ignore[arg-type]


def _witnessed(module: Any, programs: PlainPrograms, value: Any, variables: Sequence[Any], positive: bool,
               tag: int) -> list[Any]:
    """``programs <= value`` (``positive``): for each program, a dual solution (``y >= 0`` per row,
    ``μ``) with ``o_t + Σ_j y_j r_jt = 0``, ``μ >= o_a + Σ_j y_j r_ja`` for each action a, and ``μ <=
    value``; by weak duality every feasible point's objective is at most μ.  Else ``value <=`` the
    one program: a feasible point ``(ν, t)`` (``ν >= 0``, ``Σ ν = 1``, every ``row·z >= 0``) whose
    objective is at least ``value``.  Bilinear in the payoffs and the witnesses' unknowns."""
    rows = [[_expression(module, p, variables) for p in row] for row in programs[0]]
    objectives = [[_expression(module, p, variables) for p in objective] for objective in programs[1]]
    m = len(objectives[0]) - 1
    built = []
    if not positive:
        z = [module.Real(f"nu{tag}_{a}") for a in range(m)] + [module.Real(f"t{tag}")]
        built += [x >= 0 for x in z[:m]] + [module.Sum(z[:m]) == 1]
        built += [module.Sum([r * x for r, x in zip(row, z)]) >= 0 for row in rows]
        return built + [value <= module.Sum([o * x for o, x in zip(objectives[0], z)])]
    for i, objective in enumerate(objectives):
        y = [module.Real(f"y{tag}_{i}_{j}") for j in range(len(rows))]
        mu = module.Real(f"mu{tag}_{i}")
        built += [x >= 0 for x in y] + [mu <= value]
        built.append(objective[m] + module.Sum([yj * row[m] for yj, row in zip(y, rows)]) == 0)
        built += [mu >= objective[a] + module.Sum([yj * row[a] for yj, row in zip(y, rows)]) for a in range(m)]
    return built


def _lifted(module: Any, lift: PlainLift, value: Any, variables: Sequence[Any], tag: int) -> list[Any]:
    """The value at least the objective of its target program at ``z``, the sources' feasible points
    mapped (the unknowns :func:`_witnessed` names after each source's index), unless z is not a
    feasible point (a negative or non-summing ν, or a row broken).  This holds for the true value
    whatever the map, so the query stays sound; it refutes the negation only where the map's point
    is feasible.  A least t is a fresh unknown (named after ``tag``) on every row's boundary or
    inside it and on one's: the rows' largest requirement, which exists (the checked rows are ``c·t
    >= ...`` with constants c > 0), so stating it keeps the query sound."""
    rows, objective, mapping, sources, least_t = lift
    points = [module.Real(f"nu{k}_{a}") if a < size - 1 else module.Real(f"t{k}") for k, size in sources
              for a in range(size)]
    z = [_expression(module, poly, [*variables, *points]) for poly in mapping]
    if least_t:
        z[-1] = module.Real(f"lt{tag}")

    def dot(coefficients: Sequence[Plain]) -> Any:
        return module.Sum([_constant(module, fmpq(0))] + [_expression(module, p, variables) * x
                                                          for p, x in zip(coefficients, z) if p])

    built = [module.And(*[dot(row) >= 0 for row in rows]), module.Or(*[dot(row) == 0 for row in rows])] * least_t
    broken = [x < 0 for x in z[:-1]] + [module.Sum(z[:-1]) != 1] + [dot(row) < 0 for row in rows]
    return built + [module.Or(*broken, value >= dot(objective))]


def _by_vertices(module: Any, extremum: PlainExtremum, value: Any, variables: Sequence[Any]) -> list[Any]:
    """``extremum <= value`` for the largest objective (``>=`` for the smallest): at each vertex,
    D = 0, or some slack has the sign that makes it infeasible, or every objective there is at
    most (at least) ``value`` (each times D)."""
    largest, vertices = extremum
    clauses = []
    for determinant, slacks, values in vertices:
        d = _expression(module, determinant, variables)
        slack = [_expression(module, p, variables) for p in slacks]
        objective = [_expression(module, p, variables) for p in values]
        under = [x <= value * d if largest else x >= value * d for x in objective]  # for d > 0
        over = [x >= value * d if largest else x <= value * d for x in objective]  # for d < 0
        above = module.And(d > 0, module.Or(*[x < 0 for x in slack], module.And(*under)))
        below = module.And(d < 0, module.Or(*[x > 0 for x in slack], module.And(*over)))
        clauses.append(module.Or(d == 0, above, below))
    return clauses


#: Seconds a child process may outlive its solver's time limit before it is stopped (at most
#: the limit itself).
GRACE = 5.0


def _answer(solver: str, conditions: Sequence[tuple[fmpq_mpoly | Plain, str]], variables: int,
            timeout: float, bound: Bound | None = None) -> tuple[str, tuple[Fraction, ...] | None]:
    """The solver's answer to ``conditions`` and ``bound`` (:func:`_cell_query`) ("sat" with the
    model's payoffs, "unsat" or "unknown"), in this process (the child's work, or a query of a
    solver that keeps its time limit)."""
    module = _module(solver)
    payoffs = [module.Real(f"u{i}") for i in range(variables)]
    instance = _solver(solver, timeout)
    instance.add(*_conditions(module, conditions, payoffs))
    if bound is not None:
        cleared, common, extrema = bound
        values = [module.Real(f"v{j}") for j in range(len(extrema))]
        for (extremum, p, _, k), value in zip(extrema, values):
            instance.add(*_bounded(module, extremum, value, payoffs, p > 0, k))
        total = module.Sum([_constant(module, fmpq(p, q)) * value for (_, p, q, _), value in zip(extrema, values)])
        instance.add(_expression(module, cleared, payoffs) + _expression(module, common, payoffs) * total < 0)
    answer = str(instance.check())
    return answer, _model_point(instance, payoffs) if answer == "sat" else None


class _Child:
    """One child process that answers solver queries, replaced when it is stopped."""

    def __init__(self) -> None:
        self.pool: Any = None

    def ask(self, solver: str, conditions: tuple[tuple[Plain, str], ...], variables: int,
            timeout: float, bound: Bound | None = None) -> tuple[str, tuple[Fraction, ...] | None]:
        if self.pool is None:
            self.pool = multiprocessing.get_context("fork").Pool(1)
            atexit.register(self.pool.terminate)  # stopped before the interpreter's teardown
        pending = self.pool.apply_async(_answer, (solver, conditions, variables, timeout, bound))
        try:
            answer, point = pending.get(timeout + min(GRACE, timeout))
            return str(answer), point
        except multiprocessing.TimeoutError:
            self.pool.terminate()
            self.pool = None
            return "unknown", None


_CHILD = _Child()


def stop_child() -> None:
    """Stop the child process that answers cell queries (the next query starts a new one, forked
    from this process as it is then)."""
    if _CHILD.pool is not None:
        _CHILD.pool.terminate()
        _CHILD.pool = None


def _below_zero(terms: Terms, hypotheses: Hypotheses, point: tuple[Fraction, ...]) -> bool:
    """Whether ``point`` satisfies the hypotheses and ``Σ_k c_k v_k < 0`` there, each value read
    exactly off a cell holding there."""
    at = [fmpq(q.numerator, q.denominator) for q in point]
    if not satisfied(hypotheses, at):
        return False
    total = Fraction(0)
    for coefficient, cells in terms:
        if isinstance(cells, WITHOUT_CELLS):
            total += coefficient * cells.value(at)
            continue
        cell = next((cell for cell in cells if cell.holds(at)), None)
        if cell is None:
            return False
        total += coefficient * cell.value(at)
    return total < 0


def _model_point(instance: Any, payoffs: Sequence[Any]) -> tuple[Fraction, ...]:
    """The payoffs of a satisfiable solver's model, as exact rationals (a payoff the model leaves
    free is 0).  The model is the solver's own, over our variables: nothing read from a file."""
    model = instance.model()
    return tuple(_rational(model.eval(u, model_completion=True)) for u in payoffs)


def _rational(value: Any) -> Fraction:
    """A solver's model value as a Fraction (an algebraic one, which these queries have not given, is refused)."""
    if not hasattr(value, "as_fraction"):
        raise ArithmeticError(f"the solver's model value {value} is not rational")
    fraction = value.as_fraction()
    return Fraction(fraction.numerator, fraction.denominator)
