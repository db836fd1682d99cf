"""Tests of exactrose.exact.lp: certificates, agreement with sympy, fallbacks, bad input, games."""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
import sympy
from flint import fmpq, fmpq_mat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy.solvers.simplex import UnboundedLPError as SympyUnbounded
from sympy.solvers.simplex import lpmax

from exactrose.errors import (
    CertificateError,
    InfeasibleLPError,
    InputError,
    UnboundedLPError,
)
from exactrose.exact.lp import (
    Basis,
    LinearProgram,
    LPSolution,
    _exact_simplex,
    _feasible_start,
    certify_basis,
    check_certificate,
    float_optima,
    solve_lp,
    sparse_float_optimum,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ----------------------------------------------------------------------------- oracles and data


def sympy_max(c: list[Fraction], G: list[list[Fraction]], h: list[Fraction]) -> tuple[Fraction, list[Fraction]] | None:
    """max c·z s.t. G z <= h, z >= 0 with sympy's lpmax; ``None`` if unbounded.

    ``h >= 0`` so that z = 0 is feasible: sympy 1.14's phase 1 can stop on "oscillation" and
    then report infeasible points as optimal, or infeasible LPs as unbounded.
    """
    if any(hi < 0 for hi in h):
        raise ValueError("sympy_max needs h >= 0")
    z = sympy.symbols(f"z0:{len(c)}")

    def form(row: list[Fraction]) -> sympy.Expr:
        return sum((sympy.Rational(a.numerator, a.denominator) * v for a, v in zip(row, z) if a), sympy.Integer(0))

    cons = [v >= 0 for v in z] + [form(row) <= sympy.Rational(hi.numerator, hi.denominator) for row, hi in zip(G, h)]
    try:
        value, point = lpmax(form(c), [con for con in cons if con != sympy.true])
    except SympyUnbounded:
        return None
    coords = [sympy.Rational(point.get(v, 0)) for v in z]
    return Fraction(int(value.p), int(value.q)), [Fraction(int(r.p), int(r.q)) for r in coords]


def sympy_oracle(lp: LinearProgram) -> tuple[str, Fraction | None]:
    """Status and optimum of ``lp`` from two sympy LPs whose origin is feasible.

    1. Feasibility: max u s.t. A x + u·1 <= b + t0 (equalities as two inequalities), u <= t0,
       with t0 = max(0, -b): the LP is feasible iff the optimum is u = t0.
    2. From that point x*, max c·d over d = d⁺ - d⁻ with A d <= b - A x*, x* + d >= 0.
    """
    n = lp.c.nrows()
    c = [as_fraction(v) for v in lp.c.entries()]
    rows = [[as_fraction(v) for v in row] for row in lp.A_ub.table()]
    rhs = [as_fraction(v) for v in lp.b_ub.entries()]
    for row, bi in zip(lp.A_eq.table(), lp.b_eq.entries()):
        rows += [[as_fraction(v) for v in row], [-as_fraction(v) for v in row]]
        rhs += [as_fraction(bi), -as_fraction(bi)]
    free = sorted(lp.free)

    def split(row: list[Fraction]) -> list[Fraction]:  # columns x⁺ (all j), then x⁻ (free j)
        return row + [-row[j] for j in free]

    t0 = max([Fraction(0)] + [-bi for bi in rhs])
    width = n + len(free)
    G = [split(row) + [Fraction(1)] for row in rows] + [[Fraction(0)] * width + [Fraction(1)]]
    best, point = sympy_max([Fraction(0)] * width + [Fraction(1)], G, [bi + t0 for bi in rhs] + [t0])
    if best < t0:
        return "infeasible", None
    x = point[:n]
    for t, j in enumerate(free):
        x[j] -= point[n + t]
    slack = [bi - sum(a * xj for a, xj in zip(row, x)) for row, bi in zip(rows, rhs)]
    if any(v < 0 for v in slack) or any(x[j] < 0 for j in range(n) if j not in lp.free):
        raise AssertionError(f"sympy's feasible point {x} is not feasible")
    bounds = [[Fraction(-1) if i == j else Fraction(0) for i in range(n)] for j in range(n) if j not in lp.free]
    G = [row + [-a for a in row] for row in rows + bounds]
    h = slack + [x[j] for j in range(n) if j not in lp.free]
    shifted = sympy_max(c + [-a for a in c], G, h)
    if shifted is None:
        return "unbounded", None
    return "optimal", shifted[0] + sum(a * xj for a, xj in zip(c, x))


def test_sympy_oracle_on_instances_that_defeat_plain_lpmax() -> None:
    """Plain lpmax (sympy 1.14) calls the first optimal (0) and the second unbounded."""
    cases = [
        LinearProgram.build([0, 0], [[0, 0], [1, 0]], [0, 0], [[1, 0]], [1], free=[0]),
        LinearProgram.build(
            [-1, -1, -1, -1], [[1, 1, 1, 1]], [0], [[-1, -1, 0, 1], [-1, -1, 0, -1], [1, 1, 0, -1]], [1, 0, -1], free=[2]
        ),
    ]
    for lp in cases:
        assert sympy_oracle(lp) == ("infeasible", None)
        sol = solve_lp(lp)
        assert sol.status == "infeasible"
        check_certificate(lp, sol)


def as_fraction(v: fmpq) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def outcome(sol: LPSolution) -> tuple[str, Fraction | None]:
    return sol.status, None if sol.value is None else as_fraction(sol.value)


SMALL = st.integers(-3, 3)
SIGNS = st.sampled_from([-1, 0, 1])
BIG_DENOMINATORS = st.builds(Fraction, st.integers(-(10**6), 10**6), st.integers(1, 10**12))


@st.composite
def programs(draw, entries=SMALL, max_n: int = 4, max_k: int = 4, max_e: int = 2, free: bool = True) -> LinearProgram:
    n = draw(st.integers(1, max_n))
    k, e = draw(st.integers(0, max_k)), draw(st.integers(0, max_e))

    def vec(size: int) -> list:
        return draw(st.lists(entries, min_size=size, max_size=size))

    free_set = draw(st.sets(st.integers(0, n - 1))) if free else set()
    return LinearProgram.build(
        vec(n), [vec(n) for _ in range(k)], vec(k), [vec(n) for _ in range(e)], vec(e), free=free_set
    )


@st.composite
def degenerate_programs(draw) -> LinearProgram:
    """Ties everywhere: {0,1} costs and bounds, repeated and scaled rows, a bounding row."""
    n = draw(st.integers(2, 4))
    rows = [draw(st.lists(SIGNS, min_size=n, max_size=n)) for _ in range(draw(st.integers(1, 3)))]
    b = [draw(st.sampled_from([0, 1])) for _ in rows]
    for i in draw(st.lists(st.integers(0, len(rows) - 1), max_size=3)):
        scale = draw(st.sampled_from([1, 2]))
        rows.append([scale * a for a in rows[i]])
        b.append(scale * b[i])
    rows.append([1] * n)  # keeps most instances bounded
    b.append(draw(st.sampled_from([0, 1, 2])))
    c = draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n))
    eq = draw(st.booleans())
    return LinearProgram.build(c, rows, b, [[1] + [0] * (n - 1)] if eq else None, [0] if eq else None)


@st.composite
def equality_programs(draw) -> LinearProgram:
    """Homogeneous, repeated and scaled equality rows: artificials stay basic at zero."""
    n = draw(st.integers(2, 4))
    rows = [draw(st.lists(SIGNS, min_size=n, max_size=n)) for _ in range(draw(st.integers(1, 2)))]
    b = [draw(st.sampled_from([0, 0, 1])) for _ in rows]
    for i in draw(st.lists(st.integers(0, len(rows) - 1), min_size=1, max_size=2)):
        scale = draw(st.sampled_from([-1, 2]))
        rows.append([scale * a for a in rows[i]])
        b.append(scale * b[i])
    c = draw(st.lists(SIGNS, min_size=n, max_size=n))
    free = draw(st.sets(st.integers(0, n - 1), max_size=1))
    return LinearProgram.build(c, [[1] * n], [draw(st.sampled_from([0, 2]))], rows, b, free=free)


def perturb(lp: LinearProgram, rng: random.Random) -> LinearProgram:
    """Add ±1e-20 (exactly) to every entry of c, A_ub and b_ub."""

    def shake(m: fmpq_mat) -> list[list[Fraction]]:
        eps = Fraction(1, 10**20)
        return [[as_fraction(v) + rng.choice([-eps, eps]) for v in row] for row in m.table()]

    c = [row[0] for row in shake(lp.c)]
    b_ub = [row[0] for row in shake(lp.b_ub)]
    return LinearProgram.build(c, shake(lp.A_ub), b_ub, lp.A_eq, lp.b_eq, lp.free)


def game_lp(P: list[list[object]]) -> LinearProgram:
    """Value of the zero-sum game P for the row player: max v s.t. (xᵀP)_j >= v, x in the simplex."""
    m, n = len(P), len(P[0])
    A_ub = [[-P[i][j] for i in range(m)] + [1] for j in range(n)]
    return LinearProgram.build([0] * m + [1], A_ub, [0] * n, [[1] * m + [0]], [1], free=[m])


# ----------------------------------------------------------------------------- certificates


@SETTINGS
@given(st.one_of(programs(), programs(SIGNS), programs(BIG_DENOMINATORS, max_n=3, max_k=3), degenerate_programs()))
def test_certificates_verify(lp: LinearProgram) -> None:
    sol = solve_lp(lp)
    check_certificate(lp, sol)
    assert sol.status in {"optimal", "infeasible", "unbounded"}
    assert sol.method in {"highs-basis", "exact-simplex"}
    assert all(isinstance(v, fmpq) for vec in (sol.x, sol.y_ub, sol.y_eq, sol.ray) if vec for v in vec)


@SETTINGS
@given(st.one_of(programs(), programs(SIGNS), degenerate_programs()))
def test_tampered_certificates_are_rejected(lp: LinearProgram) -> None:
    sol = solve_lp(lp)
    tampered: list[LPSolution] = []
    if sol.status == "optimal":
        tampered.append(replace(sol, value=sol.value + 1))
        c = lp.c.entries()
        j = next((j for j, cj in enumerate(c) if cj != 0), None)
        if j is not None:
            x = list(sol.x)
            x[j] += 1
            tampered.append(replace(sol, x=tuple(x)))
        b = lp.b_ub.entries()
        i = next((i for i, bi in enumerate(b) if bi != 0), None)
        if i is not None:
            y = list(sol.y_ub)
            y[i] += 1
            tampered.append(replace(sol, y_ub=tuple(y)))
        # No Farkas certificate or improving ray exists for an LP with an optimum.
        tampered.append(replace(sol, status="infeasible"))
        tampered.append(replace(sol, status="unbounded", ray=sol.x))
        tampered.append(replace(sol, x=sol.x[:-1]))
        tampered.append(replace(sol, x=(0.5,) + sol.x[1:]))
    elif sol.status == "infeasible":
        tampered.append(replace(sol, y_ub=tuple(-v for v in sol.y_ub), y_eq=tuple(-v for v in sol.y_eq)))
        tampered.append(replace(sol, status="optimal", value=fmpq(0), x=(fmpq(0),) * lp.c.nrows()))
    else:
        tampered.append(replace(sol, ray=tuple(-v for v in sol.ray)))
        tampered.append(replace(sol, ray=None))
    tampered.append(replace(sol, status="bogus"))
    for bad in tampered:
        with pytest.raises(CertificateError):
            check_certificate(lp, bad)


# ----------------------------------------------------------------------------- agreement with sympy


@pytest.mark.slow
@SETTINGS
@given(st.one_of(programs(max_n=3, max_k=3), programs(SIGNS, max_n=3, max_k=3), degenerate_programs()))
def test_agrees_with_sympy(lp: LinearProgram) -> None:
    assert outcome(solve_lp(lp)) == sympy_oracle(lp)


@pytest.mark.slow
@SETTINGS
@given(
    st.one_of(programs(max_n=3, max_k=3), programs(SIGNS, max_n=3, max_k=3), degenerate_programs(), equality_programs())
)
def test_exact_simplex_alone_agrees_with_sympy(lp: LinearProgram) -> None:
    """The fallback on its own: phase 1 from scratch, and phase 2 from HiGHS's basis."""
    answer = sympy_oracle(lp)
    sol = _exact_simplex(lp.model, None)
    check_certificate(lp, sol)
    assert outcome(sol) == answer
    start = float_optima(lp, [lp.model.c_float])[0].basis
    if start is not None:
        warm = _exact_simplex(lp.model, start)
        check_certificate(lp, warm)
        assert outcome(warm) == answer


@settings(max_examples=25, deadline=None)
@given(programs(BIG_DENOMINATORS, max_n=3, max_k=3, max_e=1))
def test_big_denominators_agree_with_sympy(lp: LinearProgram) -> None:
    assert outcome(solve_lp(lp)) == sympy_oracle(lp)


def test_artificial_at_zero_blocks_in_phase_two() -> None:
    """Phase 1 ends with the artificial of -x1 - x2 = 0 basic at zero; x1 must not move it."""
    lp = LinearProgram.build([1, 0], [[1, 1]], [2], [[-1, -1]], [0])
    sol = _exact_simplex(lp.model, None)
    check_certificate(lp, sol)
    assert sol.value == 0 and sol.x == (0, 0)


def test_warm_start_accepts_negative_free_variables() -> None:
    """HiGHS's optimal basis has x = -3 (free): the exact simplex starts from it via -x."""
    lp = LinearProgram.build([-1, -1], [[-1, 0], [0, 1]], [3, 1], free=[0])
    basis = float_optima(lp, [lp.model.c_float])[0].basis
    start = _feasible_start(lp.model, basis)
    assert start is not None and fmpq(3) in start[1]
    sol = _exact_simplex(lp.model, basis)
    check_certificate(lp, sol)
    assert sol.value == 3 and sol.x == (-3, 0)


def test_beale_cycling_example_terminates() -> None:
    """Beale's LP cycles under Dantzig's rule; Bland's rule must reach the optimum 1/20."""
    F = Fraction
    lp = LinearProgram.build(
        [F(3, 4), -20, F(1, 2), -6],
        [[F(1, 4), -8, -1, 9], [F(1, 2), -12, F(-1, 2), 3], [0, 0, 1, 0]],
        [0, 0, 1],
    )
    for sol in (_exact_simplex(lp.model, None), solve_lp(lp)):
        check_certificate(lp, sol)
        assert sol.value == fmpq(5, 4)


# ----------------------------------------------------------------------------- infeasible, unbounded


def test_infeasible_with_farkas_certificate() -> None:
    lp = LinearProgram.build([1, 1], [[1, 1]], [-1])
    sol = solve_lp(lp)
    assert sol.status == "infeasible" and sol.value is None and sol.x is None
    check_certificate(lp, sol)
    with pytest.raises(InfeasibleLPError):
        sol.require_optimal()


def test_infeasible_equalities_with_free_variables() -> None:
    lp = LinearProgram.build([1, 0], A_eq=[[1, -1], [2, -2]], b_eq=[1, 3], free=[0, 1])
    sol = solve_lp(lp)
    assert sol.status == "infeasible"
    check_certificate(lp, sol)
    y = [as_fraction(v) for v in sol.y_eq]
    assert y[0] + 2 * y[1] == 0 and y[0] + 3 * y[1] < 0


def test_unbounded_with_ray() -> None:
    lp = LinearProgram.build([1, 0], [[1, -1]], [1])
    sol = solve_lp(lp)
    assert sol.status == "unbounded" and sol.value is None
    check_certificate(lp, sol)
    assert sol.ray[0] > 0
    with pytest.raises(UnboundedLPError):
        sol.require_optimal()


def test_unbounded_free_variable_without_constraints() -> None:
    lp = LinearProgram.build([0, -1], free=[1])
    sol = solve_lp(lp)
    assert sol.status == "unbounded" and sol.ray[1] < 0
    check_certificate(lp, sol)


def test_no_constraints_zero_objective_is_optimal() -> None:
    sol = solve_lp(LinearProgram.build([0, -2])).require_optimal()
    assert sol.value == 0 and sol.y_ub == () and sol.y_eq == ()


# ----------------------------------------------------------------------------- below double precision


EPS = Fraction(1, 10**20)


def test_tie_broken_below_double_precision_uses_exact_fallback() -> None:
    """HiGHS cannot see a 1e-20 difference in cost; in one of the two orders its basis is wrong."""
    methods = set()
    for c in ([1 + EPS, 1], [1, 1 + EPS]):
        lp = LinearProgram.build(c, [[1, 1]], [1])
        sol = solve_lp(lp)
        check_certificate(lp, sol)
        assert sol.value == fmpq(10**20 + 1, 10**20)
        assert sol.x == tuple(fmpq(1) if cj != 1 else fmpq(0) for cj in c)
        methods.add(sol.method)
        basis = float_optima(lp, [lp.model.c_float])[0].basis
        assert (certify_basis(lp, basis) is None) == (sol.method == "exact-simplex")
    assert "exact-simplex" in methods


def test_infeasible_below_double_precision() -> None:
    """x <= -1e-20 with x >= 0: HiGHS calls it feasible, the exact answer is infeasible."""
    lp = LinearProgram.build([1], [[1]], [-EPS])
    sol = solve_lp(lp)
    assert sol.status == "infeasible" and sol.method == "exact-simplex"
    check_certificate(lp, sol)


@pytest.mark.slow
def test_perturbed_programs_agree_with_sympy_and_use_the_fallback() -> None:
    rng = random.Random(20)
    methods = []
    for _ in range(40):
        n, k = rng.randint(2, 3), rng.randint(2, 3)
        base = LinearProgram.build(
            [rng.choice([0, 1]) for _ in range(n)],
            [[rng.choice([-1, 0, 1]) for _ in range(n)] for _ in range(k)] + [[1] * n],
            [rng.choice([0, 1]) for _ in range(k)] + [1],
        )
        lp = perturb(base, rng)
        sol = solve_lp(lp)
        check_certificate(lp, sol)
        methods.append(sol.method)
        assert outcome(sol) == sympy_oracle(lp)
    assert methods.count("exact-simplex") >= 3, methods


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(degenerate_programs(), st.randoms(use_true_random=False))
def test_perturbed_degenerate_programs_agree_with_sympy(lp: LinearProgram, rng: random.Random) -> None:
    lp = perturb(lp, rng)
    sol = solve_lp(lp)
    check_certificate(lp, sol)
    assert outcome(sol) == sympy_oracle(lp)


# ----------------------------------------------------------------------------- float optima, bases


def test_float_optima_hot_start_and_certify_basis() -> None:
    A = [[1, 2, 0], [3, 0, 1], [1, 1, 1]]
    b = [4, 6, 3]
    objectives = [[1, 1, 1], [2, 0, 1], [0, 1, 0], [-1, -1, -1], [1, 1, 0]]
    lp = LinearProgram.build([0, 0, 0], A, b)
    optima = float_optima(lp, [np.array(c, dtype=float) for c in objectives])
    assert len(optima) == len(objectives)
    for c, opt in zip(objectives, optima):
        target = LinearProgram.build(c, A, b)
        exact = solve_lp(target)
        assert opt.status == "optimal"
        assert opt.value == pytest.approx(float(exact.value))
        certified = certify_basis(target, opt.basis)
        assert certified is not None and certified.value == exact.value
        check_certificate(target, certified)


def test_float_optima_reports_unbounded() -> None:
    lp = LinearProgram.build([0, 0], [[1, -1]], [1])
    optima = float_optima(lp, [np.array([1.0, 0.0]), np.array([-1.0, 0.0])])
    assert [o.status for o in optima] == ["unbounded", "optimal"]


def test_float_optima_stop_at_the_iteration_limit() -> None:
    """A solve that needs more simplex iterations than allowed reports no optimum (status
    "unknown"); with enough, the same LP is solved."""
    n = 6
    A = [[int(i == j) for j in range(n)] for i in range(n)] + [[1] * n]
    lp = LinearProgram.build([1] * n, A, [1] * n + [n - 1])
    objective = np.ones(n)
    assert float_optima(lp, [objective], iteration_limit=1)[0].status == "unknown"
    assert float_optima(lp, [objective], iteration_limit=100)[0].value == pytest.approx(n - 1)


@given(st.integers(0, 10**6))
@SETTINGS
def test_sparse_float_optimum_agrees_with_the_exact_optimum(seed: int) -> None:
    """The program given by sparse rows (with free variables and an equality) has the float
    optimum of the same program solved exactly from dense matrices."""
    rng = random.Random(seed)
    n, k = 4, 5
    box = [[sign * int(i == j) for j in range(n)] for i in range(n) for sign in (1, -1)]
    A = [[Fraction(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(n)] for _ in range(k)] + box
    b = [Fraction(rng.randint(0, 6)) for _ in range(k)] + [Fraction(10)] * len(box)
    equality = [[1, -1, 0, 0]]
    c = [Fraction(rng.randint(-4, 4)) for _ in range(n)]
    free = [1, 3]
    exact = solve_lp(LinearProgram.build(c, A, b, equality, [0], free=free))
    rows = [{j: fmpq(q.numerator, q.denominator) for j, q in enumerate(row) if q} for row in A]
    found = sparse_float_optimum(n, {j: fmpq(q.numerator, q.denominator) for j, q in enumerate(c) if q}, rows,
                                 [fmpq(q.numerator, q.denominator) for q in b], [{0: fmpq(1), 1: fmpq(-1)}], [fmpq(0)], free)
    assert exact.status == "optimal" and found.status == "optimal"
    assert found.value == pytest.approx(float(exact.value), abs=1e-9)
    x = found.x
    assert abs(x[0] - x[1]) < 1e-9 and x[0] >= -1e-9 and x[2] >= -1e-9
    assert all(sum(float(a) * v for a, v in zip(row, x)) <= float(bi) + 1e-9 for row, bi in zip(A, b))


def test_sparse_float_optimum_stops_at_the_iteration_limit() -> None:
    n = 6
    rows = [{i: fmpq(1)} for i in range(n)] + [{j: fmpq(1) for j in range(n)}]
    rhs = [fmpq(1)] * n + [fmpq(n - 1)]
    objective = {j: fmpq(1) for j in range(n)}
    assert sparse_float_optimum(n, objective, rows, rhs, [], [], iteration_limit=1).status == "unknown"
    assert sparse_float_optimum(n, objective, rows, rhs, [], [], iteration_limit=100).value == pytest.approx(n - 1)


def test_certify_basis_rejects_wrong_bases() -> None:
    lp = LinearProgram.build([3, 2], [[1, 1], [1, 3]], [4, 6])
    assert certify_basis(lp, Basis(columns=(0,), rows=(1,))).value == 12
    assert certify_basis(lp, Basis(columns=(1,), rows=(0,))) is None  # feasible, not optimal
    assert certify_basis(lp, Basis(columns=(), rows=(0, 1))) is None  # x = 0 is not optimal
    assert certify_basis(lp, Basis(columns=(0,), rows=())) is None  # wrong size
    with pytest.raises(InputError, match="basis"):
        certify_basis(lp, Basis(columns=(5,), rows=(0,)))


def test_float_optima_rejects_wrong_objective_shape() -> None:
    lp = LinearProgram.build([1, 1], [[1, 1]], [1])
    with pytest.raises(InputError, match=r"objectives\[0\]"):
        float_optima(lp, [np.array([1.0])])


def test_huge_entries_fall_back_to_exact() -> None:
    """Entries beyond double range: HiGHS refuses the model and the exact simplex answers."""
    big = 10**400
    lp = LinearProgram.build([1, 1], [[big, 1], [1, 1]], [big, big])
    sol = solve_lp(lp)
    assert sol.method == "exact-simplex" and sol.status == "optimal"
    check_certificate(lp, sol)
    assert sol.value == fmpq(big)  # x1 + x2 <= big is attained at x = (0, big)


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"c": [1.0, 2]}, r"c\[0\]"),
        ({"c": [1, 2], "A_ub": [[1, 0.5]], "b_ub": [1]}, r"A_ub\[0\]\[1\]"),
        ({"c": [1, 2], "A_ub": [[1, 1]], "b_ub": [np.float64(1.5)]}, r"b_ub\[0\]"),
        ({"c": [1, 2], "A_eq": np.array([[1.0, 2.0]]), "b_eq": [1]}, r"A_eq\[0\]\[0\]"),
        ({"c": [1, 2], "A_ub": [[1, 1], [1]], "b_ub": [1, 1]}, r"A_ub\[1\]"),
        ({"c": [1, 2], "A_ub": [[1, 1]], "b_ub": [1, 2]}, "b_ub"),
        ({"c": [1, 2], "A_ub": [[1, 1]]}, "b_ub"),
        ({"c": [1, 2], "b_eq": [1]}, "A_eq"),
        ({"c": [1, 2], "A_eq": fmpq_mat(1, 3, [1, 1, 1]), "b_eq": [1]}, "A_eq"),
        ({"c": [1, 2], "free": [2]}, "free"),
        ({"c": [True, 2]}, r"c\[0\]"),
        ({"c": "12"}, "c"),
        ({"c": []}, "c"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(InputError, match=field):
        LinearProgram.build(**kwargs)


def test_constructor_checks_types_and_dimensions() -> None:
    c = fmpq_mat(2, 1, [1, 1])
    with pytest.raises(InputError, match="A_ub"):
        LinearProgram(c, fmpq_mat(1, 3), fmpq_mat(1, 1), fmpq_mat(0, 2), fmpq_mat(0, 1), frozenset())
    with pytest.raises(InputError, match="b_eq"):
        LinearProgram(c, fmpq_mat(0, 2), fmpq_mat(0, 1), fmpq_mat(1, 2), fmpq_mat(2, 1), frozenset())
    with pytest.raises(InputError, match="A_ub"):
        LinearProgram(c, [[1, 1]], fmpq_mat(1, 1), fmpq_mat(0, 2), fmpq_mat(0, 1), frozenset())


def test_exact_inputs_of_every_kind_are_accepted() -> None:
    lp = LinearProgram.build(
        fmpq_mat(1, 2, [1, 1]), [[Fraction(1, 2), "3/4"], [np.int64(1), fmpq(1, 3)]], [1, "0.5"]
    )
    assert lp.c.nrows() == 2 and lp.A_ub[0, 1] == fmpq(3, 4) and lp.b_ub[1, 0] == fmpq(1, 2)
    check_certificate(lp, solve_lp(lp).require_optimal())


# ----------------------------------------------------------------------------- games


def test_matching_pennies_value_is_zero() -> None:
    lp = game_lp([[1, -1], [-1, 1]])
    sol = solve_lp(lp).require_optimal()
    assert sol.value == 0 and sol.x == (fmpq(1, 2), fmpq(1, 2), fmpq(0))


def test_diagonal_game_hand_worked_value() -> None:
    """diag(1, 2, 3): equalise a_i x_i = v with sum x = 1, so v = 1/(1 + 1/2 + 1/3) = 6/11."""
    sol = solve_lp(game_lp([[1, 0, 0], [0, 2, 0], [0, 0, 3]])).require_optimal()
    assert sol.value == fmpq(6, 11)
    assert sol.x == (fmpq(6, 11), fmpq(3, 11), fmpq(2, 11), fmpq(6, 11))


def test_saddle_point_game() -> None:
    """Row 0 guarantees 1 and column 0 concedes at most 1: value 1."""
    sol = solve_lp(game_lp([[1, 2, 3], [0, 1, 5], [-1, 0, 1]])).require_optimal()
    assert sol.value == 1 and sol.x[:3] == (fmpq(1), fmpq(0), fmpq(0))


def test_random_game_agrees_with_sympy() -> None:
    rng = random.Random(7)
    P = [[rng.randint(-1000, 1000) for _ in range(6)] for _ in range(6)]
    lp = game_lp(P)
    sol = solve_lp(lp)
    check_certificate(lp, sol)
    assert outcome(sol) == sympy_oracle(lp)
