"""Piecewise rational functions and two-player values of games affine in a parameter."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from flint import fmpq_mat, fmpq_poly
from hypothesis import given
from hypothesis import strategies as st

from exactrose.errors import CertificateError, InputError
from exactrose.exact.algebraic import RealAlgebraic, rational_function_at, sqrt
from exactrose.exact.numbers import to_fmpq
from exactrose.exact.piecewise import (
    PiecewiseFunction,
    RationalFunction,
    linear_combination,
    rational_between,
    solutions,
    upper_envelope,
)
from exactrose.model.game import Game
from exactrose.values.affine import (
    AffineGame,
    AffineMatrix,
    ParametricValue,
    check_parametric_zero_sum,
    parametric_coco,
    parametric_initiative,
    parametric_rose,
    parametric_zero_sum,
)
from exactrose.values.coco import coco_value_two_players
from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.rose import rose_value
from exactrose.values.zerosum import zero_sum_value
from tests.strategies import games, rationals


def poly(*coefficients: int | Fraction) -> fmpq_poly:
    """Lowest degree first, as flint takes them."""
    return fmpq_poly([to_fmpq(Fraction(c)) for c in coefficients])


def horner(coefficients: list[int], alpha: RealAlgebraic) -> Fraction | RealAlgebraic:
    """The polynomial (lowest degree first) at alpha, by RealAlgebraic arithmetic."""
    value: Fraction | RealAlgebraic = Fraction(0)
    for c in reversed(coefficients):
        value = value * alpha + c
    return value


# ----------------------------------------------------------------------------- numbers


@given(rationals(-20, 20, (1, 2, 3, 7)), rationals(-20, 20, (1, 5, 9)))
def test_rational_between_is_strictly_between(a, b):
    if a == b:
        return
    low, high = min(a, b), max(a, b)
    assert low < rational_between(low, high) < high


def test_rational_between_algebraic_ends_and_smallest_denominator():
    assert rational_between(Fraction(1, 3), Fraction(1, 2)) == Fraction(2, 5)
    assert rational_between(Fraction(-7, 3), Fraction(-9, 4)) == Fraction(-16, 7)
    root2, root3 = sqrt(2), sqrt(3)
    q = rational_between(root2, root3)
    assert root2 < q < root3 and q == Fraction(3, 2)
    assert sqrt(2) < rational_between(sqrt(2), Fraction(3, 2)) < Fraction(3, 2)


@given(st.integers(2, 30).filter(lambda k: int(k**0.5) ** 2 != k), st.lists(st.integers(-4, 4), min_size=1, max_size=4),
       st.lists(st.integers(-4, 4), min_size=1, max_size=3).filter(any))
def test_rational_function_at_algebraic_point_matches_field_arithmetic(k, numerator, denominator):
    alpha = sqrt(k)
    num, den = poly(*numerator), poly(*denominator)
    den_value = horner(denominator, alpha)
    if den_value == 0:
        with pytest.raises(ZeroDivisionError):
            rational_function_at(num, den, alpha)
        return
    expected = horner(numerator, alpha) / den_value
    assert rational_function_at(num, den, alpha) == expected


def test_rational_function_reduces_to_lowest_terms():
    f = RationalFunction.make(poly(-1, 0, 1), poly(2, 2))  # (t² − 1)/(2t + 2) = (t − 1)/2
    assert f.is_polynomial and f == RationalFunction.affine(Fraction(-1, 2), Fraction(1, 2))
    assert f(sqrt(5)) == (sqrt(5) - 1) / 2


@given(st.lists(st.tuples(rationals(-3, 3), rationals(-3, 3), rationals(-2, 2)), min_size=1, max_size=5),
       rationals(-2, 2, (1, 3, 7)))
def test_upper_envelope_of_quadratics_is_the_pointwise_max(coefficients, t):
    functions = [PiecewiseFunction.constant_on(RationalFunction.make(poly(a, b, c), poly(1)), Fraction(-2), Fraction(2))
                 for a, b, c in coefficients]
    envelope = upper_envelope(functions)
    assert envelope(t) == max(f(t) for f in functions)
    for breakpoint in envelope.breakpoints:  # continuous, also at algebraic breakpoints
        assert envelope.piece_at(breakpoint).value(breakpoint) == max(f(breakpoint) for f in functions)


def test_solutions_finds_points_and_intervals():
    f = PiecewiseFunction.constant_on(RationalFunction.make(poly(0, 0, 1), poly(1)), Fraction(0), Fraction(2))
    assert solutions(f, RationalFunction.affine(2)) == [sqrt(2)]
    flat = linear_combination([(1, f), (-1, f)])
    assert solutions(flat, RationalFunction.affine(0)) == [(Fraction(0), Fraction(2))]


def test_piecewise_functions_must_be_contiguous():
    a = RationalFunction.affine(1)
    from exactrose.exact.piecewise import Piece
    with pytest.raises(InputError, match="contiguous"):
        PiecewiseFunction((Piece(Fraction(0), Fraction(1), a), Piece(Fraction(2), Fraction(3), a)))


# ----------------------------------------------------------------------------- matrix games


def affine(constant: list[list[int]], slope: list[list[int]]) -> AffineMatrix:
    m, n = len(constant), len(constant[0])
    return AffineMatrix(fmpq_mat(m, n, [v for row in constant for v in row]),
                        fmpq_mat(m, n, [v for row in slope for v in row]))


def test_diagonal_game_value_is_harmonic():
    # [[t, 0], [0, 1 − t]] on [0, 1]: both rows mixed, v = t(1 − t)/(t + 1 − t) = t − t².
    result = parametric_zero_sum(affine([[0, 0], [0, 1]], [[1, 0], [0, -1]]), Fraction(0), Fraction(1))
    assert [p.value for p in result.value.simplified().pieces] == [RationalFunction.make(poly(0, 1, -1), poly(1))]
    check_parametric_zero_sum(affine([[0, 0], [0, 1]], [[1, 0], [0, -1]]), result)


def test_pennies_with_a_price_has_a_saddle_then_mixes():
    # [[t, −1], [−1, 1]]: for t <= −1 row 2 / column 1 is a saddle (v = −1), then mixed:
    # v = (t − 1)/(t + 3).
    matrix = affine([[0, -1], [-1, 1]], [[1, 0], [0, 0]])
    value = parametric_zero_sum(matrix, Fraction(-3), Fraction(3)).value.simplified()
    assert value.breakpoints == (Fraction(-1),)
    assert value.pieces[0].value == RationalFunction.affine(-1)
    assert value.pieces[1].value == RationalFunction.make(poly(-1, 1), poly(3, 1))


@st.composite
def affine_matrices(draw):
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    entries = st.lists(st.integers(-3, 3), min_size=m * n, max_size=m * n)
    return AffineMatrix(fmpq_mat(m, n, draw(entries)), fmpq_mat(m, n, draw(entries)))


@given(affine_matrices(), st.lists(rationals(-2, 2, (1, 2, 3, 5)), min_size=1, max_size=4))
def test_parametric_zero_sum_matches_exact_solves(matrix, points):
    result = parametric_zero_sum(matrix, Fraction(-2), Fraction(2))
    check_parametric_zero_sum(matrix, result)
    for t in [*points, *[b for b in result.value.breakpoints if isinstance(b, Fraction)]]:
        assert result.value(t) == zero_sum_value(matrix.at(t)).value
    for left, right in zip(result.value.pieces, result.value.pieces[1:]):  # continuous at every breakpoint
        assert left.value(left.end) == right.value(right.start)


def test_certificate_with_a_wrong_kernel_is_refused():
    matrix = affine([[0, -1], [-1, 1]], [[1, 0], [0, 0]])
    result = parametric_zero_sum(matrix, Fraction(-3), Fraction(3))
    swapped = ParametricValue(result.value, tuple(reversed(result.kernels)))
    with pytest.raises(CertificateError):
        check_parametric_zero_sum(matrix, swapped)


def test_bad_parameter_interval():
    with pytest.raises(InputError, match="start < end"):
        parametric_zero_sum(affine([[1]], [[0]]), Fraction(1), Fraction(1))


# ----------------------------------------------------------------------------- games


@st.composite
def affine_games(draw, max_actions: int = 3):
    constant = draw(games(2, max_actions, rationals(-3, 3)))
    size = math.prod(constant.shape)
    slopes = [draw(st.lists(rationals(-2, 2), min_size=size, max_size=size)) for _ in range(2)]
    return AffineGame(constant, Game.from_tables(constant.players, constant.actions, slopes))


@given(affine_games(), st.lists(rationals(-2, 2, (1, 3, 4)), min_size=1, max_size=3))
def test_parametric_two_player_values_match_direct_solves(game, points):
    rose = parametric_rose(game, Fraction(-2), Fraction(2))
    coco = parametric_coco(game, Fraction(-2), Fraction(2))
    leader = parametric_initiative(game, 0, Fraction(-2), Fraction(2))
    breakpoints = [b for f in (*rose, *coco) for b in f.breakpoints if isinstance(b, Fraction)]
    for t in [*points, *breakpoints]:
        at = game.at(t)
        assert (rose[0](t), rose[1](t)) == tuple(rose_value(at).values)
        assert (coco[0](t), coco[1](t)) == coco_value_two_players(at)
        assert leader(t) == two_player_initiative_values(at, (0, 1)).values[0]


def test_irrational_breakpoint_is_exact():
    # Found by a random scan: the ROSE value of this game switches pieces at the root
    # (−3 − √141)/66 of 33t² + 3t − 1; both pieces agree there exactly.
    constant = Game.from_arrays([[0, 3], [1, 3]], [[3, 0], [0, 1]])
    slope = Game.from_arrays([[2, -1], [-1, 2]], [[1, 2], [-1, -2]])
    rose = parametric_rose(AffineGame(constant, slope), Fraction(-2), Fraction(3))
    irrational = [b for f in rose for b in f.breakpoints if isinstance(b, RealAlgebraic)]
    assert irrational and all(b == (-3 - sqrt(141)) / 66 for b in irrational)
    for f in rose:
        for left, right in zip(f.pieces, f.pieces[1:]):
            assert left.value(left.end) == right.value(right.start)


def test_affine_game_shape_mismatch():
    with pytest.raises(InputError, match="shape"):
        AffineGame(Game.from_arrays([[1, 2]], [[0, 0]]), Game.from_arrays([[1], [2]], [[0], [0]]))
