"""Exact linear programming with re-checkable certificates.

Standard form: maximise ``c·x`` subject to ``A_ub x <= b_ub``, ``A_eq x = b_eq`` and
``x_j >= 0`` for every ``j`` not in ``free``.  Dual: minimise ``b_ub·y_ub + b_eq·y_eq``
subject to ``y_ub >= 0`` and ``(A_ubᵀ y_ub + A_eqᵀ y_eq)_j >= c_j`` (``== c_j`` for free ``j``).

:func:`solve_lp` solves in floating point with HiGHS, re-solves HiGHS's optimal basis exactly
with python-flint and checks it; when that basis does not certify it runs an exact simplex
(Bland's rule) over ``fmpq``.  Every returned :class:`LPSolution` passes
:func:`check_certificate`, which re-checks it from the data alone.

Rows are numbered ``A_ub`` rows first, then ``A_eq`` rows (see :class:`Basis`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import highspy
import numpy as np
import numpy.typing as npt
from flint import fmpq, fmpq_mat, fmpz, fmpz_mat

from exactrose.errors import (
    CertificateError,
    InfeasibleLPError,
    InputError,
    UnboundedLPError,
)
from exactrose.exact.numbers import to_fmpq, to_rational

__all__ = [
    "Basis",
    "FloatFamily",
    "FloatOptimum",
    "LPSolution",
    "LinearProgram",
    "certify_basis",
    "check_certificate",
    "float_optima",
    "sparse_float_optimum",
    "solve_lp",
]

# The bare solver class: the public ``highspy.Highs`` wrapper prints a banner on construction.
_Highs = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)
#: Arrays passed to HiGHS: float64 data, int32 indices.
_FloatArray = npt.NDArray[np.float64]
_IndexArray = npt.NDArray[np.int32]
_BASIC = highspy.HighsBasisStatus.kBasic
_STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnbounded: "unbounded",
}
_ZERO = fmpq(0)

Matrix = fmpq_mat | fmpz_mat | Sequence[Sequence[object]]
Vector = fmpq_mat | fmpz_mat | Sequence[object]


# ----------------------------------------------------------------------------- input


def _entry(value: object, where: str) -> fmpq:
    if type(value) is int:
        return fmpq(value)
    if isinstance(value, fmpq):
        return value
    return to_fmpq(to_rational(value, where))


def _matrix(value: Matrix, name: str, ncols: int) -> fmpq_mat:
    if isinstance(value, fmpq_mat | fmpz_mat):
        mat = fmpq_mat(value)
        if mat.ncols() != ncols:
            raise InputError(f"{name} has {mat.ncols()} columns but c has {ncols} entries")
        return mat
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise InputError(f"{name}: expected a matrix (a sequence of rows), got {type(value).__name__}")
    flat: list[fmpq] = []
    for i, row in enumerate(value):
        if isinstance(row, str | bytes) or not isinstance(row, Sequence | np.ndarray):
            raise InputError(f"{name}[{i}]: expected a row (a sequence of numbers), got {type(row).__name__}")
        if len(row) != ncols:
            raise InputError(f"{name}[{i}] has {len(row)} entries but c has {ncols} entries")
        flat.extend(_entry(v, f"{name}[{i}][{j}]") for j, v in enumerate(row))
    return fmpq_mat(len(value), ncols, flat)


def _column(value: Vector, name: str) -> fmpq_mat:
    if isinstance(value, fmpq_mat | fmpz_mat):
        mat = fmpq_mat(value)
        if mat.ncols() != 1 and mat.nrows() == 1:
            mat = mat.transpose()
        if mat.ncols() != 1:
            raise InputError(f"{name}: expected a vector, got a {mat.nrows()}×{mat.ncols()} matrix")
        return mat
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise InputError(f"{name}: expected a sequence of numbers, got {type(value).__name__}")
    return fmpq_mat(len(value), 1, [_entry(v, f"{name}[{i}]") for i, v in enumerate(value)])


def _constraints(A: Matrix | None, b: Vector | None, name: str, n: int) -> tuple[fmpq_mat, fmpq_mat]:
    if A is None and b is None:
        return fmpq_mat(0, n), fmpq_mat(0, 1)
    if A is None or b is None:
        missing, given = (f"A_{name}", f"b_{name}") if A is None else (f"b_{name}", f"A_{name}")
        raise InputError(f"{given} is given but {missing} is missing")
    A_mat, b_col = _matrix(A, f"A_{name}", n), _column(b, f"b_{name}")
    if A_mat.nrows() != b_col.nrows():
        raise InputError(f"b_{name} has {b_col.nrows()} entries but A_{name} has {A_mat.nrows()} rows")
    return A_mat, b_col


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Basis:
    """A simplex basis: basic structural columns, and rows whose slack (logical) is basic.

    Nonbasic variables sit at zero and nonbasic rows are tight.  Rows count ``A_ub`` first,
    then ``A_eq``.
    """

    columns: tuple[int, ...]
    rows: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class FloatOptimum:
    """One floating-point HiGHS solve: status is optimal, infeasible, unbounded or unknown."""

    value: float
    status: str
    basis: Basis | None
    x: np.ndarray
    y_ub: np.ndarray
    y_eq: np.ndarray


@dataclass(frozen=True)
class LPSolution:
    """An exact answer with its certificate (see :func:`check_certificate`)."""

    status: str
    value: fmpq | None
    x: tuple[fmpq, ...] | None
    y_ub: tuple[fmpq, ...] | None
    y_eq: tuple[fmpq, ...] | None
    ray: tuple[fmpq, ...] | None
    method: str

    def require_optimal(self) -> LPSolution:
        """Return ``self`` if optimal, else raise the matching :class:`LPError`."""
        if self.status == "infeasible":
            raise InfeasibleLPError("the linear program is infeasible (Farkas multipliers in y_ub, y_eq)")
        if self.status == "unbounded":
            raise UnboundedLPError("the linear program is unbounded (feasible x and improving ray)")
        return self


@dataclass(frozen=True)
class LinearProgram:
    """maximise c·x s.t. A_ub x <= b_ub, A_eq x = b_eq, x_j >= 0 for j not in free.

    The matrices must not be mutated after construction (derived data is cached).
    """

    c: fmpq_mat
    A_ub: fmpq_mat
    b_ub: fmpq_mat
    A_eq: fmpq_mat
    b_eq: fmpq_mat
    free: frozenset[int]

    def __post_init__(self) -> None:
        for name in ("c", "A_ub", "b_ub", "A_eq", "b_eq"):
            if not isinstance(getattr(self, name), fmpq_mat):
                raise InputError(f"{name}: expected an fmpq_mat, use LinearProgram.build for other inputs")
        n = self.c.nrows()
        if self.c.ncols() != 1 or n == 0:
            raise InputError(f"c: expected a nonempty column vector, got {self.c.nrows()}×{self.c.ncols()}")
        for A, b, name in ((self.A_ub, self.b_ub, "ub"), (self.A_eq, self.b_eq, "eq")):
            if A.ncols() != n:
                raise InputError(f"A_{name} has {A.ncols()} columns but c has {n} entries")
            if b.ncols() != 1 or b.nrows() != A.nrows():
                raise InputError(f"b_{name} is {b.nrows()}×{b.ncols()} but A_{name} has {A.nrows()} rows")
        if not isinstance(self.free, frozenset):
            raise InputError(f"free: expected a frozenset of variable indices, got {type(self.free).__name__}")
        bad = [j for j in self.free if type(j) is not int or not 0 <= j < n]
        if bad:
            raise InputError(f"free: indices {sorted(map(str, bad))} are not variables 0..{n - 1}")

    @classmethod
    def build(
        cls,
        c: Vector,
        A_ub: Matrix | None = None,
        b_ub: Vector | None = None,
        A_eq: Matrix | None = None,
        b_eq: Vector | None = None,
        free: Sequence[int] | frozenset[int] = (),
    ) -> LinearProgram:
        """Build from flint matrices or nested sequences of exact numbers (floats are refused)."""
        c_col = _column(c, "c")
        n = c_col.nrows()
        A_u, b_u = _constraints(A_ub, b_ub, "ub", n)
        A_e, b_e = _constraints(A_eq, b_eq, "eq", n)
        if isinstance(free, str | bytes) or not isinstance(free, Sequence | frozenset | set):
            raise InputError(f"free: expected a collection of variable indices, got {type(free).__name__}")
        return cls(c_col, A_u, b_u, A_e, b_e, frozenset(free))

    @cached_property
    def model(self) -> _Model:
        """The program in the exact simplex's form (built once; the float solvers read it too)."""
        return _Model(self)


# ----------------------------------------------------------------------------- exact model


class _Model:
    """The LP prepared for solving: exact rows, its float image, and the standard form.

    Standard form: maximise cost·z s.t. M z = b, z >= 0, with columns numbered
    ``x_0..x_{n-1}``, then ``-x_j`` for each free j, then one slack per ``A_ub`` row, then
    one artificial per row (``art_sign[i]·e_i``, only basic in phase 1 or at zero).
    """

    def __init__(self, lp: LinearProgram) -> None:
        self.lp = lp
        n, k, e = lp.c.nrows(), lp.A_ub.nrows(), lp.A_eq.nrows()
        self.n, self.k, self.m = n, k, k + e
        flat = lp.A_ub.entries() + lp.A_eq.entries()
        self.rows = [flat[i * n : (i + 1) * n] for i in range(self.m)]
        self.b = lp.b_ub.entries() + lp.b_eq.entries()
        self.c = lp.c.entries()
        self.free = sorted(lp.free)
        self.n_struct = n + len(self.free)
        self.first_art = self.n_struct + k
        # Structural columns: (variable, sign).
        self.struct = [(j, 1) for j in range(n)] + [(j, -1) for j in self.free]
        self.twin = {j: n + t for t, j in enumerate(self.free)} | {n + t: j for t, j in enumerate(self.free)}
        self.art_sign = [1 if bi >= 0 else -1 for bi in self.b]
        self.c_float = _floats(self.c)

    @cached_property
    def highs_model(self) -> tuple[int, int, int, int, int, float, _FloatArray, _FloatArray, _FloatArray,
                                   _FloatArray, _FloatArray, _IndexArray, _IndexArray, _FloatArray, _IndexArray]:
        """Arguments of HiGHS's ``passModel`` for this LP (column-wise, maximise); built when
        first needed (re-certifying a basis needs none)."""
        n, m = self.n, self.m
        flat = [q for row in self.rows for q in row]
        A = np.ascontiguousarray(_floats(flat).reshape(m, n).T)
        b = _floats(self.b)
        nonzero = A != 0
        counts = nonzero.sum(axis=1)
        start = np.concatenate([[0], np.cumsum(counts[:-1])]).astype(np.int32)
        index = np.nonzero(nonzero)[1].astype(np.int32)
        col_lower = np.zeros(n)
        col_lower[list(self.lp.free)] = -math.inf
        row_lower = np.concatenate([np.full(self.k, -math.inf), b[self.k :]])
        return (n, m, len(index), int(highspy.MatrixFormat.kColwise.value), int(highspy.ObjSense.kMaximize),
                0.0, self.c_float, col_lower, np.full(n, math.inf), row_lower, b, start, index, A[nonzero],
                np.zeros(n, dtype=np.int32))

    # -- products with the exact data
    def times(self, x: list[fmpq]) -> list[fmpq]:
        """``A x`` over all rows (A_ub then A_eq)."""
        col = fmpq_mat(self.n, 1, x)
        return (self.lp.A_ub * col).entries() + (self.lp.A_eq * col).entries()

    def times_transpose(self, y: list[fmpq]) -> list[fmpq]:
        """``Aᵀ y``, computed as the row vector ``yᵀ A``."""
        k = self.k
        out = fmpq_mat(1, k, y[:k]) * self.lp.A_ub + fmpq_mat(1, self.m - k, y[k:]) * self.lp.A_eq
        return out.entries()

    # -- standard-form columns
    def unit(self, q: int) -> tuple[int, int]:
        """Row and sign of a slack or artificial column."""
        if q < self.first_art:
            return q - self.n_struct, 1
        i = q - self.first_art
        return i, self.art_sign[i]

    def column(self, q: int) -> list[fmpq]:
        """Column ``q`` of M."""
        if q < self.n_struct:
            j, s = self.struct[q]
            return [row[j] if s > 0 else -row[j] for row in self.rows]
        i, sign = self.unit(q)
        out = [_ZERO] * self.m
        out[i] = fmpq(sign)
        return out

    def cost(self, q: int, phase: int) -> fmpq:
        """Objective coefficient of column ``q`` in phase 1 (−sum of artificials) or 2."""
        if phase == 1:
            return fmpq(-1) if q >= self.first_art else _ZERO
        if q < self.n_struct:
            j, s = self.struct[q]
            return self.c[j] if s > 0 else -self.c[j]
        return _ZERO

    def from_basis(self, basis: Basis) -> list[int] | None:
        """Standard-form columns of a :class:`Basis` (``None`` if it has the wrong size)."""
        cols, rows = set(basis.columns), set(basis.rows)
        if not cols <= set(range(self.n)) or not rows <= set(range(self.m)):
            raise InputError(f"basis: indices out of range for {self.n} columns and {self.m} rows")
        if len(cols) + len(rows) != self.m:
            return None
        return sorted(cols) + [self.n_struct + i if i < self.k else self.first_art + i for i in sorted(rows)]

    def solution(self, basis: list[int], z: list[fmpq]) -> list[fmpq]:
        """The point ``x`` of basic values ``z``."""
        x = [_ZERO] * self.n
        for q, v in zip(basis, z):
            if q < self.n_struct:
                j, s = self.struct[q]
                x[j] = v if s > 0 else -v
        return x

    def optimal(self, x: list[fmpq], y: list[fmpq], method: str) -> LPSolution:
        value = sum((cj * xj for cj, xj in zip(self.c, x) if xj), _ZERO)
        return LPSolution("optimal", value, tuple(x), tuple(y[: self.k]), tuple(y[self.k :]), None, method)


def _floats(values: list[fmpq]) -> _FloatArray:
    try:
        return np.fromiter(map(float, values), dtype=float, count=len(values))
    except OverflowError:
        return np.array([_float(v) for v in values])


def _float(v: fmpq) -> float:
    try:
        return float(v)
    except OverflowError:
        return math.inf if v > 0 else -math.inf


class _Singular(Exception):
    """The proposed basis matrix is singular."""


class _Factor:
    """Solves with a basis matrix B, reduced to the square block A[T, S].

    Basic unit (slack/artificial) columns fix their row, so only the rows ``T`` whose
    unit column is nonbasic and the basic structural columns ``S`` need a real solve.
    """

    def __init__(self, model: _Model, basis: list[int]) -> None:
        self.model = model
        self.s_pos = [p for p, q in enumerate(basis) if q < model.n_struct]
        self.u_pos = [(p, *model.unit(q)) for p, q in enumerate(basis) if q >= model.n_struct]
        covered = {i for _, i, _ in self.u_pos}
        self.T = [i for i in range(model.m) if i not in covered]
        self.S = [model.struct[basis[p]] for p in self.s_pos]
        if len(covered) != len(self.u_pos) or len(self.T) != len(self.S):
            raise _Singular
        rows = model.rows
        self.K = fmpq_mat(len(self.T), len(self.S), [rows[i][j] for i in self.T for j, _ in self.S])

    def _square_solve(self, K: fmpq_mat, rhs: list[fmpq]) -> list[fmpq]:
        if not rhs:
            return []
        try:
            return K.solve(fmpq_mat(len(rhs), 1, rhs)).entries()
        except ZeroDivisionError:
            raise _Singular from None

    def point(self, rhs: list[fmpq]) -> list[fmpq]:
        """The structural part ``x`` of the solution of ``B z = rhs``."""
        x = [_ZERO] * self.model.n
        for (j, _), wj in zip(self.S, self._square_solve(self.K, [rhs[i] for i in self.T])):
            x[j] = wj
        return x

    def solve(self, rhs: list[fmpq]) -> list[fmpq]:
        """``z`` with ``B z = rhs``, aligned with the basis positions."""
        x = self.point(rhs)
        out = [_ZERO] * (len(self.s_pos) + len(self.u_pos))
        for p, (j, s) in zip(self.s_pos, self.S):
            out[p] = x[j] if s > 0 else -x[j]
        if self.u_pos:
            ax = self.model.times(x)
            for p, i, sign in self.u_pos:
                out[p] = rhs[i] - ax[i] if sign > 0 else ax[i] - rhs[i]
        return out

    def solve_transpose(self, g: list[fmpq]) -> list[fmpq]:
        """``y`` with ``Bᵀ y = g`` (``g`` aligned with the basis positions)."""
        model, y = self.model, [_ZERO] * self.model.m
        for p, i, sign in self.u_pos:
            y[i] = g[p] if sign > 0 else -g[p]
        r = model.times_transpose(y) if any(y) else [_ZERO] * model.n
        rhs = [(g[p] if s > 0 else -g[p]) - r[j] for p, (j, s) in zip(self.s_pos, self.S)]
        for i, v in zip(self.T, self._square_solve(self.K.transpose(), rhs)):
            y[i] = v
        return y


# ----------------------------------------------------------------------------- float side


def _highs(arguments: tuple, iteration_limit: int | None = None) -> highspy._core._Highs | None:
    """A silent HiGHS instance holding the LP given by ``passModel``'s ``arguments`` (``None`` if
    HiGHS refuses them), stopping after ``iteration_limit`` simplex iterations if given."""
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")  # faster on dense game LPs, and the basis is HiGHS's own
    if iteration_limit is not None:
        h.setOptionValue("simplex_iteration_limit", iteration_limit)
    # kWarning (e.g. entries below 1e-9 dropped) is fine: whatever basis comes back is checked exactly.
    return None if h.passModel(*arguments) == highspy.HighsStatus.kError else h


def _unknown(n: int) -> FloatOptimum:
    """No float answer for a program of ``n`` variables (HiGHS refused it)."""
    return FloatOptimum(math.nan, "unknown", None, np.full(n, math.nan), np.zeros(0), np.zeros(0))


def _read(h: highspy._core._Highs, k: int) -> FloatOptimum:
    status = _STATUS.get(h.getModelStatus(), "unknown")
    hb = h.getBasis()
    basis = None
    if hb.valid:
        basis = Basis(
            tuple(j for j, s in enumerate(hb.col_status) if s == _BASIC),
            tuple(i for i, s in enumerate(hb.row_status) if s == _BASIC),
        )
    sol = h.getSolution()
    y = np.array(sol.row_dual, dtype=float)
    value = h.getInfo().objective_function_value if status == "optimal" else math.nan
    return FloatOptimum(value, status, basis, np.array(sol.col_value, dtype=float), y[:k], y[k:])


class FloatFamily:
    """One hot-started HiGHS instance holding ``lp``'s constraints: float optima of several
    objectives, each solve starting from the previous basis."""

    def __init__(self, lp: LinearProgram, iteration_limit: int | None = None) -> None:
        self.model = lp.model
        self._highs = _highs(self.model.highs_model, iteration_limit)
        self._index = np.arange(self.model.n, dtype=np.int32)

    def optimum(self, objective: np.ndarray, name: str = "objective") -> FloatOptimum:
        """The float optimum of ``objective`` (maximised) over the constraints."""
        n = self.model.n
        cost = np.asarray(objective, dtype=float)
        if cost.shape != (n,):
            raise InputError(f"{name}: expected {n} coefficients, got shape {cost.shape}")
        if self._highs is None:
            return _unknown(n)
        self._highs.changeColsCost(n, self._index, cost)
        self._highs.run()
        return _read(self._highs, self.model.k)


def float_optima(lp: LinearProgram, objectives: Sequence[np.ndarray], iteration_limit: int | None = None) -> list[FloatOptimum]:
    """Float optima of several objectives over ``lp``'s constraints, one hot-started HiGHS
    (status ``"unknown"`` for a solve stopped at ``iteration_limit`` simplex iterations)."""
    family = FloatFamily(lp, iteration_limit)
    return [family.optimum(objective, f"objectives[{t}]") for t, objective in enumerate(objectives)]


def sparse_float_optimum(
    n: int,
    objective: dict[int, fmpq],
    A_ub: Sequence[dict[int, fmpq]],
    b_ub: Sequence[fmpq],
    A_eq: Sequence[dict[int, fmpq]],
    b_eq: Sequence[fmpq],
    free: Iterable[int] = (),
    iteration_limit: int | None = None,
) -> FloatOptimum:
    """The float optimum of the program of :class:`LinearProgram` given by sparse rows (a row:
    its nonzero entries by column), passed to HiGHS row-wise without an exact model: for a
    program whose float answer is only a proposal, then checked or rounded exactly by its
    caller."""
    rows = [*A_ub, *A_eq]
    starts = np.zeros(len(rows) + 1, dtype=np.int32)
    starts[1:] = np.cumsum([len(row) for row in rows])
    index = np.fromiter((j for row in rows for j in row), dtype=np.int32, count=int(starts[-1]))
    values = _floats([q for row in rows for q in row.values()])
    cost = np.zeros(n)
    for j, q in objective.items():
        cost[j] = _float(q)
    col_lower = np.zeros(n)
    col_lower[list(free)] = -math.inf
    rhs = _floats([*b_ub, *b_eq])
    row_lower = np.concatenate([np.full(len(A_ub), -math.inf), rhs[len(A_ub):]])
    h = _highs((n, len(rows), len(index), int(highspy.MatrixFormat.kRowwise.value), int(highspy.ObjSense.kMaximize),
                0.0, cost, col_lower, np.full(n, math.inf), row_lower, rhs, starts[:-1], index, values,
                np.zeros(n, dtype=np.int32)), iteration_limit)
    if h is None:
        return _unknown(n)
    h.run()
    return _read(h, len(A_ub))


def certify_basis(lp: LinearProgram, basis: Basis) -> LPSolution | None:
    """The exact primal-dual pair of ``basis`` if it is optimal, else ``None``."""
    model = lp.model
    cols = model.from_basis(basis)
    if cols is None:
        return None
    try:
        factor = _Factor(model, cols)
        x = factor.point(model.b)
        y = factor.solve_transpose([model.cost(q, 2) for q in cols])
    except _Singular:
        return None
    sol = model.optimal(x, y, "highs-basis")
    try:
        check_certificate(lp, sol)
    except CertificateError:
        return None
    return sol


def solve_lp(lp: LinearProgram) -> LPSolution:
    """Exact optimum, or infeasibility/unboundedness, with a checked certificate."""
    first = float_optima(lp, [lp.model.c_float])[0]
    if first.status == "optimal" and first.basis is not None:
        sol = certify_basis(lp, first.basis)
        if sol is not None:
            return sol
    sol = _exact_simplex(lp.model, first.basis)
    check_certificate(lp, sol)
    return sol


# ----------------------------------------------------------------------------- exact simplex


def _feasible_start(model: _Model, start: Basis) -> tuple[list[int], list[fmpq]] | None:
    """``start`` as a primal feasible standard-form basis with its values, if it is one."""
    basis = model.from_basis(start)
    if basis is None:
        return None
    try:
        z = _Factor(model, basis).solve(model.b)
    except _Singular:
        return None
    for p, q in enumerate(basis):
        if z[p] < 0 and q in model.twin:  # a negative free variable: use its twin column
            basis[p], z[p] = model.twin[q], -z[p]
    if any(v < 0 if q < model.first_art else v != 0 for q, v in zip(basis, z)):
        return None
    return basis, z


def _exact_simplex(model: _Model, start: Basis | None) -> LPSolution:
    """Two-phase revised simplex over fmpq with Bland's rule.

    Starts in phase 2 from ``start`` when it is primal feasible.  Artificial columns never
    enter; in phase 2 a basic artificial (at zero) leaves as soon as it would move.
    """
    begun = _feasible_start(model, start) if start is not None else None
    if begun is None:
        basis = [
            model.n_struct + i if i < model.k and model.b[i] >= 0 else model.first_art + i for i in range(model.m)
        ]
        z = [abs(bi) for bi in model.b]
        _, basis, z, y, _ = _iterate(model, basis, z, phase=1)
        if sum((model.cost(q, 1) * v for q, v in zip(basis, z)), _ZERO) < 0:
            return LPSolution("infeasible", None, None, tuple(y[: model.k]), tuple(y[model.k :]), None, "exact-simplex")
    else:
        basis, z = begun
    outcome, basis, z, y, ray = _iterate(model, basis, z, phase=2)
    x = model.solution(basis, z)
    if outcome == "unbounded":
        assert ray is not None  # _iterate returns a ray exactly when the LP is unbounded
        return LPSolution("unbounded", None, tuple(x), None, None, tuple(ray), "exact-simplex")
    return model.optimal(x, y, "exact-simplex")


def _iterate(
    model: _Model, basis: list[int], z: list[fmpq], phase: int
) -> tuple[str, list[int], list[fmpq], list[fmpq], list[fmpq] | None]:
    """Pivot until optimal or an improving ray is found (the ray is ``None`` unless unbounded)."""
    while True:
        factor = _Factor(model, basis)
        y = factor.solve_transpose([model.cost(q, phase) for q in basis])
        u = model.times_transpose(y)
        in_basis = set(basis)
        entering = None
        for q in range(model.first_art):
            if q in in_basis:
                continue
            if q < model.n_struct:
                j, s = model.struct[q]
                d = model.cost(q, phase) - (u[j] if s > 0 else -u[j])
            else:
                d = -y[q - model.n_struct]
            if d > 0:
                entering = q
                break
        if entering is None:
            return "optimal", basis, z, y, None
        alpha = factor.solve(model.column(entering))
        best: tuple[fmpq, bool, int, int] | None = None
        for p, (q, a) in enumerate(zip(basis, alpha)):
            artificial = q >= model.first_art
            if a > 0 or (phase == 2 and artificial and a != 0):
                ratio = z[p] / a  # basic artificials are at zero in phase 2
                key = (ratio, not artificial, q, p)
                if best is None or key < best:
                    best = key
        if best is None:
            ray = model.solution(basis, [-a for a in alpha])
            if entering < model.n_struct:
                j, s = model.struct[entering]
                ray[j] += s
            return "unbounded", basis, z, y, ray
        t, _, _, leave = best
        z = [v - t * a for v, a in zip(z, alpha)]
        basis = basis.copy()
        basis[leave], z[leave] = entering, t


# ----------------------------------------------------------------------------- checker


def _exact(values: object, length: int, name: str) -> list[fmpq]:
    if values is None:
        raise CertificateError(f"{name} is missing")
    if not isinstance(values, Sequence) or len(values) != length:
        raise CertificateError(f"{name} must be a sequence of {length} exact rationals")
    out = []
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, fmpq | fmpz | int | Fraction):
            raise CertificateError(f"{name}[{i}] = {v!r} is not an exact rational")
        out.append(fmpq(v.numerator, v.denominator) if isinstance(v, Fraction) else fmpq(v))
    return out


def _dot(a: list[fmpq], b: list[fmpq]) -> fmpq:
    return sum((ai * bi for ai, bi in zip(a, b) if ai and bi), _ZERO)


def _check_point(lp: LinearProgram, x: list[fmpq], what: str, homogeneous: bool) -> None:
    """``x`` satisfies the constraints (with zero right-hand sides if ``homogeneous``)."""
    for j, xj in enumerate(x):
        if xj < 0 and j not in lp.free:
            raise CertificateError(f"{what}: variable {j} is {xj} < 0")
    col = fmpq_mat(len(x), 1, x)
    for A, b, name, op in ((lp.A_ub, lp.b_ub, "ub", "<="), (lp.A_eq, lp.b_eq, "eq", "==")):
        rhs = [_ZERO] * A.nrows() if homogeneous else b.entries()
        for i, (lhs, r) in enumerate(zip((A * col).entries(), rhs)):
            if lhs > r if op == "<=" else lhs != r:
                raise CertificateError(f"{what}: row {i} of A_{name} x {op} b_{name} fails ({lhs} vs {r})")


def _check_multipliers(lp: LinearProgram, y_ub: list[fmpq], y_eq: list[fmpq], what: str, farkas: bool) -> None:
    """``y_ub >= 0`` and ``Aᵀy >= c`` (``== c`` on free variables); ``c`` is 0 if ``farkas``."""
    for i, yi in enumerate(y_ub):
        if yi < 0:
            raise CertificateError(f"{what}: y_ub[{i}] = {yi} < 0")
    lhs = fmpq_mat(1, len(y_ub), y_ub) * lp.A_ub + fmpq_mat(1, len(y_eq), y_eq) * lp.A_eq
    target = [_ZERO] * lp.c.nrows() if farkas else lp.c.entries()
    for j, (v, t) in enumerate(zip(lhs.entries(), target)):
        if v < t or (v != t and j in lp.free):
            op = "==" if j in lp.free else ">="
            raise CertificateError(f"{what}: (A_ubᵀ y_ub + A_eqᵀ y_eq)[{j}] {op} {t} fails ({v})")


def check_certificate(lp: LinearProgram, sol: LPSolution) -> None:
    """Re-check ``sol`` exactly from ``lp``'s data; raise :class:`CertificateError` naming the failure."""
    n, k, e = lp.c.nrows(), lp.A_ub.nrows(), lp.A_eq.nrows()
    c, b_ub, b_eq = lp.c.entries(), lp.b_ub.entries(), lp.b_eq.entries()
    if sol.status == "optimal":
        x = _exact(sol.x, n, "x")
        y_ub, y_eq = _exact(sol.y_ub, k, "y_ub"), _exact(sol.y_eq, e, "y_eq")
        (value,) = _exact([sol.value], 1, "value")
        _check_point(lp, x, "primal feasibility", homogeneous=False)
        _check_multipliers(lp, y_ub, y_eq, "dual feasibility", farkas=False)
        primal, dual = _dot(c, x), _dot(b_ub, y_ub) + _dot(b_eq, y_eq)
        if primal != value:
            raise CertificateError(f"objective: c·x = {primal} but the claimed value is {value}")
        if dual != value:
            raise CertificateError(f"strong duality: b·y = {dual} but c·x = {primal}")
    elif sol.status == "infeasible":
        y_ub, y_eq = _exact(sol.y_ub, k, "y_ub"), _exact(sol.y_eq, e, "y_eq")
        _check_multipliers(lp, y_ub, y_eq, "Farkas multipliers", farkas=True)
        bound = _dot(b_ub, y_ub) + _dot(b_eq, y_eq)
        if bound >= 0:
            raise CertificateError(f"Farkas multipliers: b·y = {bound} is not < 0")
    elif sol.status == "unbounded":
        x, ray = _exact(sol.x, n, "x"), _exact(sol.ray, n, "ray")
        _check_point(lp, x, "feasible point", homogeneous=False)
        _check_point(lp, ray, "ray", homogeneous=True)
        gain = _dot(c, ray)
        if gain <= 0:
            raise CertificateError(f"ray: c·ray = {gain} is not > 0")
    else:
        raise CertificateError(f"unknown status {sol.status!r}")
