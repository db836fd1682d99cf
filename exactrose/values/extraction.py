"""Initiative games of two players (essay: "ROSE Value, Final Definitions").

With initiative ordering (leader, follower) the leader's initiative value is its largest
extractable surplus ``V_1 = max_ν S(ν)``, where

    S(ν) = max_b E_ν[(U_L + U_F)(·, b)] − max_b E_ν[U_F(·, b)]

(b over the follower's pure actions), and the follower gets the rest, ``V_2 = max Σ − V_1``.
``V_1`` is the largest of one linear program per follower action ``b*``:

    maximise  Σ_a ν_a (U_L+U_F)(a, b*) − t   subject to  t >= Σ_a ν_a U_F(a, b) for all b,  ν ∈ ΔA_L.

Every value comes with an :class:`ExtractionCertificate`: a witness ``ν*`` whose surplus
is the value (lower bound) and, for every ``b*``, LP dual multipliers ``λ`` over the
follower's actions with ``max_a [(U_L+U_F)(a,b*) − Σ_b λ_b U_F(a,b)] <= value`` (upper bound).
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
from flint import fmpq, fmpq_mat

from exactrose.errors import CertificateError
from exactrose.exact.lp import (
    FloatFamily,
    FloatOptimum,
    LinearProgram,
    certify_basis,
    solve_lp,
)
from exactrose.exact.numbers import to_fmpq
from exactrose.model.game import Game
from exactrose.values.matrices import fractions_of, payoff_matrix, require_two_players

# Float duals are rounded to this grid before they are used, exactly, as upper-bound multipliers.
_DUAL_GRID = 2.0**40


@dataclass(frozen=True)
class ExtractionCertificate:
    """Re-checkable proof that ``value = max_ν S(ν)`` (see the module docstring).

    ``multipliers`` is a nonnegative matrix whose column ``b*`` is proportional to the dual
    distribution ``λ`` bounding the linear program of follower action ``b*``.
    """

    witness: tuple[Fraction, ...]
    multipliers: fmpq_mat


@dataclass(frozen=True)
class SurplusExtraction:
    """The leader's maximal extractable surplus ``max_ν S(ν)`` and its certificate."""

    value: Fraction
    certificate: ExtractionCertificate
    method: str


@dataclass(frozen=True)
class TwoPlayerInitiative:
    """Initiative values ``V^σ`` of one ordering (essay Definition 4), indexed by player.

    ``order`` lists players (from 0) from most to least initiative; ``leader_strategy`` is the
    rank-1 player's maximising mixed strategy.
    """

    order: tuple[int, ...]
    values: tuple[Fraction, ...]
    leader_strategy: tuple[Fraction, ...]
    certificate: ExtractionCertificate
    method: str


def leader_matrices(game: Game, leader: int) -> tuple[fmpq_mat, fmpq_mat]:
    """``(U_L, U_F)`` with the leader's actions as rows."""
    require_two_players(game, "a two-player initiative game")
    follower = 1 - leader
    own, other = payoff_matrix(game, leader), payoff_matrix(game, follower)
    if leader == 0:
        return own, other
    return own.transpose(), other.transpose()


@lru_cache(maxsize=2)
def leader_extraction(game: Game, leader: int) -> SurplusExtraction:
    """``max_ν S(ν)`` of ``leader`` against the other player of ``game``, the last two kept: the
    initiative games of a two-player game's orderings and its Shapley-ROSE coalition values ask
    for the same two programs, and ``exactrose solve`` computes both (two, not more, because a
    game may hold up to the payoff cap)."""
    return max_surplus_extraction(*leader_matrices(game, leader))


def surplus(leader: fmpq_mat, follower: fmpq_mat, nu: tuple[Fraction, ...]) -> Fraction:
    """``S(ν)``: the surplus the leader extracts by committing to ``ν``."""
    row = fmpq_mat(1, len(nu), [to_fmpq(p) for p in nu])
    total = (row * (leader + follower)).entries()
    own = (row * follower).entries()
    return fractions_of([max(total) - max(own)])[0]


def max_surplus_extraction(leader: fmpq_mat, follower: fmpq_mat) -> SurplusExtraction:
    """``max_ν S(ν)`` exactly, by branch and bound over the follower's actions ``b*``.

    Floats guide: for every ``b*`` an upper bound ``max_a [(U_L+U_F)(a,b*) − Σ_b λ_b U_F(a,b)]``
    (first with λ a pure follower action, then with the duals of each program solved) prunes
    the programs that cannot win, and HiGHS solves the rest, hot-started.  Exact arithmetic
    decides: the best basis is certified exactly, every bound is re-checked exactly, and a
    program whose bound fails the exact check is solved exactly.
    """
    m, k = leader.nrows(), leader.ncols()
    if m <= 2:
        return _two_action_extraction(leader, follower)
    joint = leader + follower
    joint_columns = joint.transpose().tolist()
    lp = _extraction_lp(follower, [0] * m)
    guesses, multipliers = float_branch_and_bound(lp, joint, follower)

    best_value: fmpq | None = None
    witness: tuple[fmpq, ...] = ()
    columns = [[fmpq(int(v)) for v in np.rint(multipliers[:, b] * _DUAL_GRID)] for b in range(k)]
    exact: set[int] = set()

    def solve_exactly(b: int) -> None:
        nonlocal best_value, witness
        lp_b = dataclasses.replace(lp, c=fmpq_mat(m + 1, 1, joint_columns[b] + [fmpq(-1)]))
        guess = guesses.get(b)
        solution = certify_basis(lp_b, guess.basis) if guess is not None and guess.basis is not None else None
        solution = (solution or solve_lp(lp_b)).require_optimal()
        # require_optimal() returned, so the optimal solution's fields are set.
        assert solution.value is not None and solution.x is not None and solution.y_ub is not None
        columns[b] = list(solution.y_ub)
        exact.add(b)
        if best_value is None or solution.value > best_value:
            best_value, witness = solution.value, solution.x[:m]

    solve_exactly(max(guesses, key=lambda b: guesses[b].value if guesses[b].status == "optimal" else -np.inf))
    assert best_value is not None  # set by the solve_exactly call above
    while True:
        matrix = fmpq_mat(k, k, [columns[b][r] for r in range(k) for b in range(k)])
        loose = _loose_columns(joint, follower, matrix, best_value)
        if not loose:
            break
        if loose <= exact:
            raise CertificateError("exact LP duals fail to bound their own program; LP engine fault")
        for b in sorted(loose - exact):
            solve_exactly(b)
    certificate = ExtractionCertificate(fractions_of(witness), matrix)
    value = fractions_of([best_value])[0]
    check_extraction(leader, follower, value, certificate)
    return SurplusExtraction(value, certificate, f"branch-and-bound: {len(guesses)} float LPs, {len(exact)} exact of {k}")


def extraction_for_reply(leader: fmpq_mat, follower: fmpq_mat, b: int) -> tuple[Fraction, tuple[Fraction, ...]]:
    """``max_ν E_ν[U_L+U_F](·, b) − max_c E_ν[U_F](·, c)``, the program of follower action ``b``
    alone (one piece of ``max_ν S(ν)``), exactly: its value and optimal ``ν``."""
    m = leader.nrows()
    joint = leader + follower
    solution = solve_lp(_extraction_lp(follower, [joint[a, b] for a in range(m)])).require_optimal()
    assert solution.value is not None and solution.x is not None  # set, since the program is optimal
    return fractions_of([solution.value])[0], fractions_of(solution.x[:m])


def _two_action_extraction(leader: fmpq_mat, follower: fmpq_mat) -> SurplusExtraction:
    """``max_ν S(ν)`` for a leader with one or two actions, without linear programs.

    With ``ν = (1 − x, x)`` every program ``b*`` maximises a concave piecewise linear function
    of x, so its optimum sits at x = 0, x = 1 or where two follower lines cross.  Its dual
    multipliers mix the follower lines active there so that the bounding line is flat (or
    falls away from the optimum at an end), which makes the bound meet the value.
    """
    m, k = leader.nrows(), leader.ncols()
    joint = leader + follower
    rows = [0, m - 1]
    start = [[joint[0, b] for b in range(k)], [follower[0, b] for b in range(k)]]
    slope = [[joint[rows[1], b] - joint[0, b] for b in range(k)], [follower[rows[1], b] - follower[0, b] for b in range(k)]]
    candidates = {fmpq(0), fmpq(1)} if m == 2 else {fmpq(0)}
    if m == 2:
        for b, c in itertools.combinations(range(k), 2):
            if slope[1][b] != slope[1][c]:
                x = (start[1][c] - start[1][b]) / (slope[1][b] - slope[1][c])
                if 0 < x < 1:
                    candidates.add(x)
    points = sorted(candidates)
    best_value: fmpq | None = None
    witness = fmpq(0)
    columns = []
    for b_star in range(k):
        def surplus(x: fmpq) -> fmpq:
            return start[0][b_star] + x * slope[0][b_star] - max(start[1][b] + x * slope[1][b] for b in range(k))

        x_star = max(points, key=surplus)
        v = surplus(x_star)
        if best_value is None or v > best_value:
            best_value, witness = v, x_star
        top = max(start[1][b] + x_star * slope[1][b] for b in range(k))
        active = [b for b in range(k) if start[1][b] + x_star * slope[1][b] == top]
        low = min(active, key=lambda b: slope[1][b])
        high = max(active, key=lambda b: slope[1][b])
        target = slope[0][b_star]
        column = [fmpq(0)] * k
        if target >= slope[1][high]:
            column[high] = fmpq(1)
        elif target <= slope[1][low]:
            column[low] = fmpq(1)
        else:
            weight = (target - slope[1][low]) / (slope[1][high] - slope[1][low])
            column[high], column[low] = weight, 1 - weight
        columns.append(column)
    assert best_value is not None  # the follower has at least one action
    multipliers = fmpq_mat(k, k, [columns[b][c] for c in range(k) for b in range(k)])
    nu = (1 - witness, witness) if m == 2 else (fmpq(1),)
    certificate = ExtractionCertificate(fractions_of(list(nu)), multipliers)
    value = fractions_of([best_value])[0]
    check_extraction(leader, follower, value, certificate)
    return SurplusExtraction(value, certificate, f"{m} leader action(s): breakpoints")


def float_branch_and_bound(
    lp: LinearProgram, joint: fmpq_mat, follower: fmpq_mat
) -> tuple[dict[int, FloatOptimum], np.ndarray]:
    """The float half of :func:`max_surplus_extraction`: float optima of the programs that
    were not pruned, and for every ``b*`` the multipliers of its best float bound (columns)."""
    k = joint.ncols()
    joint_f = np.array(joint.tolist(), dtype=float)
    follower_f = np.array(follower.tolist(), dtype=float)
    bounds = np.full(k, np.inf)
    multipliers = np.zeros((k, k))
    for c in range(k):
        _tighten(bounds, multipliers, joint_f - follower_f[:, c : c + 1], np.eye(k)[:, c])
    family = FloatFamily(lp)
    guesses: dict[int, FloatOptimum] = {}
    best_float = -np.inf
    tolerance = 1e-9 * (1.0 + float(np.abs(joint_f).max()) + float(np.abs(follower_f).max()))
    while True:
        open_bounds = np.array([-np.inf if b in guesses else bounds[b] for b in range(k)])
        b = int(np.argmax(open_bounds))
        if open_bounds[b] <= best_float + tolerance:
            return guesses, multipliers
        guesses[b] = guess = family.optimum(np.append(joint_f[:, b], -1.0))
        duals = np.clip(np.nan_to_num(guess.y_ub), 0.0, None)
        if guess.status != "optimal" or duals.sum() <= 0:
            continue
        best_float = max(best_float, guess.value)
        duals /= duals.sum()
        _tighten(bounds, multipliers, joint_f - (follower_f @ duals)[:, None], duals)


def _tighten(bounds: np.ndarray, multipliers: np.ndarray, slack: np.ndarray, duals: np.ndarray) -> None:
    """Lower the float bounds of every ``b*`` that the multipliers ``duals`` bound better."""
    candidate = slack.max(axis=0)
    better = candidate < bounds
    bounds[better] = candidate[better]
    multipliers[:, better] = duals[:, None]


def _extraction_lp(follower: fmpq_mat, objective: list) -> LinearProgram:
    """Constraints ``t >= Σ_a ν_a U_F(a, b)`` for all b, ``ν`` a distribution, ``t`` free."""
    m, k = follower.nrows(), follower.ncols()
    rows = follower.transpose().tolist()
    return LinearProgram.build(
        c=list(objective) + [-1],
        A_ub=fmpq_mat(k, m + 1, [q for row in rows for q in row + [fmpq(-1)]]),
        b_ub=[0] * k,
        A_eq=[[1] * m + [0]],
        b_eq=[1],
        free=[m],
    )


def _loose_columns(joint: fmpq_mat, follower: fmpq_mat, multipliers: fmpq_mat, bound: fmpq) -> set[int]:
    """Follower actions whose multipliers do not prove ``LP_b <= bound``."""
    m, k = joint.nrows(), joint.ncols()
    weights = [sum(multipliers[r, b] for r in range(k)) for b in range(k)]
    if any(w <= 0 for w in weights) or any(q < 0 for q in multipliers.entries()):
        raise CertificateError("dual multipliers must be nonnegative with a positive sum in every column")
    scaled = fmpq_mat(k, k, [weights[b] if r == b else 0 for r in range(k) for b in range(k)])
    slack = (joint * scaled - follower * multipliers).tolist()
    return {b for b in range(k) if max(slack[a][b] for a in range(m)) > bound * weights[b]}


def check_extraction(leader: fmpq_mat, follower: fmpq_mat, value: Fraction, certificate: ExtractionCertificate) -> None:
    """Exactly re-check an :class:`ExtractionCertificate` for ``value = max_ν S(ν)``."""
    nu = certificate.witness
    if len(nu) != leader.nrows() or any(p < 0 for p in nu) or sum(nu) != 1:
        raise CertificateError("the witness is not a mixed strategy of the leader")
    attained = surplus(leader, follower, nu)
    if attained != value:
        raise CertificateError(f"the witness extracts {attained}, not the claimed {value}")
    multipliers = certificate.multipliers
    if (multipliers.nrows(), multipliers.ncols()) != (leader.ncols(), leader.ncols()):
        raise CertificateError("the multiplier matrix must be square in the follower's actions")
    loose = _loose_columns(leader + follower, follower, multipliers, to_fmpq(value))
    if loose:
        raise CertificateError(f"the multipliers do not bound the programs of follower actions {sorted(loose)}")


def max_surplus_extraction_by_vertices(leader: fmpq_mat, follower: fmpq_mat) -> Fraction:
    """``max_ν S(ν)`` by enumerating vertices of the arrangement on which S is linear.

    An independent, LP-free cross-check, exponential in the leader's action count: use it
    on small games only.
    """
    m, k = leader.nrows(), leader.ncols()
    joint = (leader + follower).transpose().tolist()
    own = follower.transpose().tolist()
    hyperplanes = [[fmpq(1) if a == c else fmpq(0) for a in range(m)] for c in range(m)]
    for rows in (joint, own):
        for b, c in itertools.combinations(range(k), 2):
            hyperplanes.append([rows[b][a] - rows[c][a] for a in range(m)])
    best: Fraction | None = None
    for chosen in itertools.combinations(hyperplanes, m - 1):
        system = fmpq_mat([[fmpq(1)] * m] + [list(h) for h in chosen])
        if system.rank() < m:
            continue
        point = system.solve(fmpq_mat(m, 1, [1] + [0] * (m - 1))).entries()
        if any(p < 0 for p in point):
            continue
        candidate = surplus(leader, follower, fractions_of(point))
        best = candidate if best is None or candidate > best else best
    if best is None:
        raise CertificateError("no vertex found; the arrangement enumeration is broken")
    return best


def two_player_initiative_values(game: Game, order: tuple[int, int]) -> TwoPlayerInitiative:
    """Initiative values of a 2-player game for ``order = (leader, follower)``."""
    require_two_players(game, "two_player_initiative_values")
    leader = order[0]
    extraction = max_surplus_extraction(*leader_matrices(game, leader))
    values = [Fraction(0), Fraction(0)]
    values[leader] = extraction.value
    values[order[1]] = game.max_total() - extraction.value
    return TwoPlayerInitiative(
        order=tuple(order),
        values=tuple(values),
        leader_strategy=extraction.certificate.witness,
        certificate=extraction.certificate,
        method=extraction.method,
    )
