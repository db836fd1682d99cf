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
#: Action counts (leader's and follower's) up to which :func:`max_surplus_extraction`
#: enumerates bases in floats rather than solving linear programs.
ENUMERATED = 4


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
    """``max_ν S(ν)`` exactly: breakpoints for a leader with at most two actions, bases
    enumerated for small games (:data:`ENUMERATED`), else linear programs (:func:`lp_extraction`)."""
    m, k = leader.nrows(), leader.ncols()
    if m <= 2:
        return _two_action_extraction(leader, follower)
    if m <= ENUMERATED and k <= ENUMERATED and (found := _enumerated_extraction(leader, follower)) is not None:
        return found
    return lp_extraction(leader, follower)


def lp_extraction(leader: fmpq_mat, follower: fmpq_mat) -> SurplusExtraction:
    """``max_ν S(ν)`` exactly, by branch and bound over the follower's actions ``b*``.

    Floats guide: for every ``b*`` an upper bound ``max_a [(U_L+U_F)(a,b*) − Σ_b λ_b U_F(a,b)]``
    (first with λ a pure follower action, then with the duals of each program solved) prunes
    the programs that cannot win, and HiGHS solves the rest, hot-started.  Exact arithmetic
    decides: the best basis is certified exactly, every bound is re-checked exactly, and a
    program whose bound fails the exact check is solved exactly.
    """
    m, k = leader.nrows(), leader.ncols()
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


@lru_cache(maxsize=64)
def _square_pairs(rows: int, columns: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The pairs of ``j`` rows and ``j`` columns (``j >= 1``), one array of each per size: row
    sets (pairs × j) and column sets (pairs × j)."""
    found = []
    for j in range(1, min(rows, columns) + 1):
        pairs = [(r, c) for r in itertools.combinations(range(rows), j) for c in itertools.combinations(range(columns), j)]
        found.append((np.array([r for r, _ in pairs]), np.array([c for _, c in pairs])))
    return found


def _vertices(support: np.ndarray, ties: np.ndarray, matrix: np.ndarray, right: np.ndarray) -> np.ndarray:
    """For each pair (a row of ``support``: S, of ``ties``: T), the weights ``w`` on S (``Σ w = 1``)
    making the columns T of ``w · matrix[S]`` equal ``right[T]`` plus one common constant
    (``right``: a row of offsets per right-hand side), in floats and zero off S; NaN where the
    pair's system is singular.  Returns pairs × rows × right-hand sides."""
    count, size = support.shape
    if size == 1:  # all weight on the one row of S, whatever T
        weights = np.zeros((count, matrix.shape[0], right.shape[0]))
        weights[np.arange(count), support[:, 0], :] = 1.0
        return weights
    block = matrix[support[:, :, None], ties[:, None, :]]  # pairs × S × T
    systems = np.ones((count, size, size))
    systems[:, : size - 1, :] = (block[:, :, 1:] - block[:, :, :1]).transpose(0, 2, 1)
    offsets = np.ones((count, size, right.shape[0]))
    offsets[:, : size - 1, :] = (right[:, ties[:, 1:]] - right[:, ties[:, :1]]).transpose(1, 2, 0)
    weights = np.full((count, matrix.shape[0], right.shape[0]), np.nan)
    solvable = np.abs(np.linalg.det(systems)) > 1e-9
    if solvable.any():
        weights[solvable] = 0.0
        solved = np.linalg.solve(systems[solvable], offsets[solvable])  # pairs × S × right-hand sides
        weights[np.flatnonzero(solvable)[:, None], support[solvable], :] = solved
    return weights


def _exact_vertex(matrix: fmpq_mat, right: list[fmpq], support: tuple[int, ...], ties: tuple[int, ...], size: int) -> list[fmpq] | None:
    """:func:`_vertices` for one pair and one right-hand side, exactly (None: singular)."""
    j = len(support)
    entries = [matrix[a, d] - matrix[a, ties[0]] for d in ties[1:] for a in support] + [fmpq(1)] * j
    system = fmpq_mat(j, j, entries)
    if system.rank() < j:
        return None
    solution = system.solve(fmpq_mat(j, 1, [right[d] - right[ties[0]] for d in ties[1:]] + [fmpq(1)])).entries()
    weights = [fmpq(0)] * size
    for a, w in zip(support, solution):
        weights[a] = w
    return weights


def _enumerated_extraction(leader: fmpq_mat, follower: fmpq_mat) -> SurplusExtraction | None:
    """``max_ν S(ν)`` for small games by enumerating bases in floats, confirmed exactly (None
    where the floats chose wrong: ties, near-singular bases; the LPs then decide).

    ``max_ν E_ν[U_L+U_F](·, b*) − max_b E_ν[U_F](·, b)`` is concave piecewise linear in ν, so
    its maximum sits at a vertex: ν on a support A making the follower replies of a set D
    (``|D| = |A|``) tie.  Its dual, the weights λ on follower replies minimising
    ``max_a (U_L+U_F)(a, b*) − Σ_b λ_b U_F(a, b)``, sits at a vertex of the same kind with the
    roles swapped.  The best ν and each ``b*``'s best λ are re-solved exactly; the certificate
    (ν, the λ) is checked as for the LPs.
    """
    m, k = leader.nrows(), leader.ncols()
    joint = leader + follower
    joint_f = np.array(joint.tolist(), dtype=float)
    follower_f = np.array(follower.tolist(), dtype=float)
    pairs = _square_pairs(m, k)
    candidates, surpluses = [], []
    for supports, tie_sets in pairs:
        nu = _vertices(supports, tie_sets, follower_f, np.zeros((1, k)))[:, :, 0]
        surplus_f = (nu @ joint_f).max(axis=1) - (nu @ follower_f).max(axis=1)
        surplus_f[np.isnan(surplus_f) | (nu < -1e-12).any(axis=1)] = -np.inf
        candidates += list(zip(supports, tie_sets))
        surpluses.append(surplus_f)
    values = np.concatenate(surpluses)
    # Of the vertices that tie (a leader action copied with the follower's payoffs shifted, as a
    # destruction game's burning option is), the first: the smallest support, the lowest actions.
    tolerance = 1e-9 * (1.0 + float(np.abs(joint_f).max()) + float(np.abs(follower_f).max()))
    support, ties = (tuple(int(i) for i in part) for part in candidates[int(np.argmax(values >= values.max() - tolerance))])
    nu_exact = _exact_vertex(follower, [fmpq(0)] * k, support, ties, m)
    if nu_exact is None or any(p < 0 for p in nu_exact):
        return None
    witness = fractions_of(nu_exact)
    value = surplus(leader, follower, witness)
    # Duals: λ on follower replies D making leader actions A tie in (U_L+U_F)(·, b*) − λ·U_F.
    transposed_f = follower_f.T  # follower replies × leader actions
    choices: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = [(np.inf, (), ())] * k  # the pure λ (j = 1) bound every b*
    for replies, tie_sets in _square_pairs(k, m):
        weights = _vertices(replies, tie_sets, -transposed_f, -joint_f.T)  # pairs × replies × b*
        bound = (joint_f[None, :, :] - np.einsum("ab,pbc->pac", follower_f, weights)).max(axis=1)  # pairs × b*
        bound[np.isnan(bound) | (weights < -1e-12).any(axis=1)] = np.inf
        for b in range(k):
            index = int(np.argmin(bound[:, b]))
            if bound[index, b] < choices[b][0]:
                choices[b] = (float(bound[index, b]), tuple(replies[index]), tuple(tie_sets[index]))
    columns = []
    negated = fmpq_mat(k, m, [-follower[a, d] for d in range(k) for a in range(m)])
    for b, (_, support_b, tied) in enumerate(choices):
        column = _exact_vertex(negated, [-joint[a, b] for a in range(m)], support_b, tied, k)
        if column is None or any(w < 0 for w in column):
            return None
        columns.append(column)
    certificate = ExtractionCertificate(witness, fmpq_mat(k, k, [columns[b][r] for r in range(k) for b in range(k)]))
    try:
        check_extraction(leader, follower, value, certificate)
    except CertificateError:  # a λ does not bound its program by the value: ν was not the best vertex
        return None
    return SurplusExtraction(value, certificate, f"{m} leader actions: bases enumerated")


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
