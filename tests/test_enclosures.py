"""Certified enclosures (exactrose.exact.enclosure, exactrose.values.search) and the
three- and four-player initiative values built from them.

Every enclosure is checked against something that does not come from the branch and bound:
the exact algebraic maxima of exactrose.values.three_players (2x2x2 games, the irrational
example's (19 - 4*sqrt(3))/8), direct vertex enumeration of the contextual values from the
raw payoffs, the essay's explicit formulas (exactrose.numeric.explicit, floats), the exact
three-player values of a game with a null player inserted (Prop 10), Pareto (Prop 4.1),
maximin dominance (Prop 11.1) and sub-max (Prop 12.1).  The LP-free two-action extraction is
checked against vertex enumeration and the LP path; ContextSpace.clipped_vertices against a
brute-force vertex enumeration of the clipped box.
"""

from __future__ import annotations

import itertools
import random
from decimal import Decimal
from fractions import Fraction as F

import pytest
from flint import fmpq_mat
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import games, rationals

from exactrose.errors import CertificateError, InputError
from exactrose.exact.algebraic import RealAlgebraic, sqrt
from exactrose.exact.enclosure import Enclosure
from exactrose.exact.piecewise import rational_between, roots_between
from exactrose.exact.numbers import to_fmpq
from exactrose.model.game import Game
from exactrose.model.transform import null_player_game
from exactrose.numeric.explicit import explicit_initiative_values
from exactrose.runtime.budget import BUDGET, CONVERGED, STALLED
from exactrose.values.contextual import ContextualValues, rank_game
from exactrose.values.extraction import (
    _enumerated_extraction,
    _two_action_extraction,
    check_extraction,
    lp_extraction,
    max_surplus_extraction,
    max_surplus_extraction_by_vertices,
    surplus,
)
from exactrose.values.initiative import Maxima, initiative_values
from exactrose.values.search import (
    TOLERANCE,
    BoundCertificate,
    BoundedMaximum,
    Choice,
    ContextSpace,
    NestedChoice,
    ReducedGame,
    SplitChoice,
    check_bound_certificate,
    maximise_contextual,
    maximise_nested,
)
from exactrose.values.search.snapping import check_snap
from exactrose.values.search import maxima as search_maxima
from exactrose.values.search.bounds import _kink_planes, _split
from exactrose.values.search.certificate import _sides
from exactrose.values.search.choices import (
    Frame,
    _into_simplices,
    bound_choices,
    proved_bound,
)
from exactrose.values.search.reduced import ascend
from exactrose.values.search.space import (
    Box,
    plane_sides,
    reference_context,
    secant_points,
)
from exactrose.values.three_players import three_player_initiative_values
from exactrose.values.zerosum import maximin

ORDERS3 = list(itertools.permutations(range(3)))
ORDERS4 = list(itertools.permutations(range(4)))
#: The documented target: every initiative value's enclosure is at most this wide.
TARGET = F(1, 10**12)


def irrational_example() -> Game:
    """Integer payoffs whose rank-1 value for (1,2,3) is (19 − 4√3)/8."""
    return Game.from_arrays(
        [[[-1, -2], [0, 2]], [[-3, -3], [3, 1]]],
        [[[-3, -1], [1, -3]], [[1, -2], [-3, -3]]],
        [[[0, 0], [-3, -2]], [[-3, 1], [0, -3]]],
    )


def random_game(seed: int, shape: tuple[int, ...], low: int = -3, high: int = 3) -> Game:
    """A seeded random integer game (the same recipe as tests/test_explicit.py)."""
    rng = random.Random(seed)
    return Game.from_function(shape, lambda profile: [rng.randint(low, high) for _ in shape])


def holds(enclosed: object, exact: object) -> bool:
    """``exact`` lies in ``enclosed`` (an Enclosure), or equals it (an exact number)."""
    return exact in enclosed if isinstance(enclosed, Enclosure) else enclosed == exact


def ends(value: object) -> tuple[object, object]:
    return (value.lower, value.upper) if isinstance(value, Enclosure) else (value, value)


def width(value: object) -> F:
    return value.width if isinstance(value, Enclosure) else F(0)


# ===================================================================== Enclosure, the number
def test_construction_refuses_inexact_or_reversed_ends():
    with pytest.raises(InputError, match="Fraction"):
        Enclosure(1, 2)
    with pytest.raises(InputError, match="Fraction"):
        Enclosure(F(1), 2.0)
    with pytest.raises(InputError, match="lower <= upper"):
        Enclosure(F(2), F(1))
    with pytest.raises(ValueError):  # InputError is also a ValueError
        Enclosure(F(1, 2), F(1, 3))
    point = Enclosure(F(1, 3), F(1, 3))
    assert point.width == 0 and F(1, 3) in point and F(1, 2) not in point


fractions_ = rationals(-6, 6, (1, 2, 3, 7))
unit = rationals(0, 1, (1, 2, 5, 9))


@given(fractions_, rationals(0, 3, (1, 4)), unit, fractions_, rationals(0, 3, (1, 4)), unit,
       fractions_.filter(lambda q: q != 0))
def test_arithmetic_contains_the_true_results(a, wa, ta, b, wb, tb, q):
    """Any x in A and y in B: x ± y, −x, x ± q, q − x, q·x and x/q land in the computed
    enclosures, whose ends are the exact (tightest) interval ends."""
    left, right = Enclosure(a, a + wa), Enclosure(b, b + wb)
    x, y = a + ta * wa, b + tb * wb
    assert x in left and y in right
    total, difference = left + right, left - right
    assert x + y in total and (total.lower, total.upper) == (a + b, a + wa + b + wb)
    assert x - y in difference and (difference.lower, difference.upper) == (a - b - wb, a + wa - b)
    assert -x in -left and (-left).width == left.width
    assert x + q in left + q and x + q in q + left and (left + q).width == left.width
    assert x - q in left - q and q - x in q - left and (q - left).width == left.width
    quotient = left / q
    assert x / q in quotient and quotient.width == left.width / abs(q)
    product = left * q
    assert x * q in product and q * x in q * left and product.width == left.width * abs(q)


def test_division_by_a_negative_rational_swaps_the_ends():
    assert Enclosure(F(1), F(3)) / -2 == Enclosure(F(-3, 2), F(-1, 2))
    assert Enclosure(F(-1), F(4)) / F(-1, 3) == Enclosure(F(-12), F(3))
    assert Enclosure(F(1), F(3)) / 4 == Enclosure(F(1, 4), F(3, 4))
    with pytest.raises((TypeError, ZeroDivisionError)):
        Enclosure(F(1), F(3)) / 0


def test_mixing_with_an_algebraic_number_encloses_it():
    root3 = sqrt(3)
    assert isinstance(root3, RealAlgebraic)
    box = Enclosure(F(1), F(2))
    for enclosed, low, high in (
        (box + root3, 1 + root3, 2 + root3),
        (root3 + box, 1 + root3, 2 + root3),
        (box - root3, 1 - root3, 2 - root3),
        (root3 - box, root3 - 2, root3 - 1),
    ):
        assert isinstance(enclosed, Enclosure)
        assert enclosed.lower <= low and high <= enclosed.upper  # exact algebraic comparisons
        assert enclosed.width <= 1 + F(1, 2**78)  # the algebraic operand was narrowed tightly
    narrow = Enclosure(F(0), F(0)) + root3
    assert narrow.lower < root3 < narrow.upper and 0 < narrow.width <= F(1, 2**79)
    assert narrow.lower**2 < 3 < narrow.upper**2
    assert F(3, 2) + root3 in box + root3  # an interior algebraic number is contained
    assert root3 in Enclosure(F(17, 10), F(7, 4))
    assert root3 not in Enclosure(F(1733, 1000), F(2))  # sqrt(3) = 1.73205...
    assert root3 not in Enclosure(F(0), F(1732, 1000))
    assert (19 - 4 * root3) / 8 in Enclosure(F(1508, 1000), F(1509, 1000))


@pytest.mark.parametrize("make", [
    lambda e: e + 0.5, lambda e: 0.5 + e, lambda e: e - 0.5, lambda e: 0.5 - e,
    lambda e: e / 2.0, lambda e: e * 0.5, lambda e: 0.5 * e, lambda e: e + True, lambda e: e / True,
])
def test_floats_and_bools_are_refused(make):
    with pytest.raises(TypeError):
        make(Enclosure(F(1), F(2)))


def test_json_latex_and_expression_forms():
    enclosure = Enclosure(F(-1, 3), F(2, 3))
    assert enclosure.to_json() == {"lower": "-1/3", "upper": "2/3"}
    assert Enclosure(F(2), F(5, 2)).to_json() == {"lower": "2", "upper": "5/2"}
    assert enclosure.decimal(5) == "[-0.33334, 0.66667]"
    assert enclosure.to_expression() == "in " + enclosure.decimal()
    latex = enclosure.to_latex()
    assert latex.startswith(r"\in \left[") and latex.endswith(r"\right]")
    assert "-0.333333333333334" in latex and "0.666666666666667" in latex
    assert float(enclosure) == pytest.approx(1 / 6)


@given(rationals(-50, 50, (1, 3, 7, 11, 10**9 + 7)), rationals(0, 5, (1, 3, 13)), st.integers(1, 25))
def test_decimal_rounds_outward(lower, spread, digits):
    """The printed interval contains the exact one and is within one unit in the last of
    ``digits`` significant digits of it."""
    enclosure = Enclosure(lower, lower + spread)
    text = enclosure.decimal(digits)
    assert text.startswith("[") and text.endswith("]")
    low_text, high_text = text[1:-1].split(", ")
    low, high = F(Decimal(low_text)), F(Decimal(high_text))
    assert low <= enclosure.lower and enclosure.upper <= high
    for printed, exact in ((low, enclosure.lower), (high, enclosure.upper)):
        assert abs(printed - exact) <= abs(exact) * F(10) ** (1 - digits)


# ========================================================== maxima over contexts, 3 players
def check_witness(reduced: ReducedGame, result: BoundedMaximum, s: int, t: int | None) -> None:
    """The witness is a context, and the objective there, evaluated exactly, is the lower end;
    or, for a maximum snapped exactly, at most the value, which the snap's check proves attained."""
    for strategy in result.witness:
        assert all(q >= 0 for q in strategy) and sum(strategy) == 1
    point = tuple(q for strategy in result.witness for q in strategy[:-1])
    attained = reduced.extraction(s, point).value - (reduced.extraction(t, point).value if t else 0)
    snap = result.certificate.snap if result.certificate is not None else None
    if snap is not None and result.value == snap.value:
        assert attained <= result.value and check_snap(reduced, s, t, snap) == result.value
    else:
        assert attained == ends(result.value)[0]


@pytest.mark.parametrize("label, game, irrational", [
    ("irrational example", irrational_example(), True),
    ("seed 1", random_game(1, (2, 2, 2)), True),
    ("seed 2", random_game(2, (2, 2, 2)), False),
    ("seed 5", random_game(5, (2, 2, 2)), False),
    ("seed 10", random_game(10, (2, 2, 2)), True),
])
def test_contextual_maxima_enclose_the_exact_algebraic_maxima(label, game, irrational):
    """W_1 = max_p V[p,1:2] − V[p,2:2] and W_2 = max_p V[p,1:2] of every ordering: the
    branch-and-bound enclosures contain the exact algebraic maxima, within 1e-12 (games
    with an irrational maximum among them, so that enclosures are met)."""
    met = False
    for order in ORDERS3:
        exact = three_player_initiative_values(game, order)
        reduced = ReducedGame(rank_game(game, order))
        w1, w2 = maximise_contextual(reduced, 1, 2), maximise_contextual(reduced, 1)
        for result, truth, t in ((w1, exact.extraction.value, 2), (w2, exact.coalition.value, None)):
            assert holds(result.value, truth), (label, order, result.value, truth)
            assert width(result.value) <= TARGET
            check_witness(reduced, result, 1, t)
            met = met or not isinstance(truth, F)
    assert met == irrational


def on_a_plateau(game: Game, order: tuple[int, int, int], objective: str) -> bool:
    """Whether rank 1's objective (``"extraction"``: ``V[p,1:2] − V[p,2:2]``, or ``"coalition"``:
    ``V[p,1:2]``) is constant at its maximum on an interval of p, decided exactly: between two
    consecutive breakpoints of the contextual values the objective is one rational piece."""
    contextual = ContextualValues(rank_game(game, order))
    top = getattr(three_player_initiative_values(game, order), objective).value
    cuts: set[object] = {F(0), F(1)}
    for s in (0, 1):
        for poly in contextual.breakpoint_polynomials(s):
            cuts.update(roots_between(poly, F(0), F(1)) if not poly.is_zero() else [])
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        q = rational_between(a, b)
        piece = contextual.exact(0, q)[0]
        if objective == "extraction":
            piece = piece - contextual.exact(1, q)[0]
        if piece.critical_numerator().is_zero() and piece.at(q) == top:
            return True
    return False


@pytest.mark.slow
@given(games(players=3, max_actions=2, min_actions=2, payoffs=rationals(-3, 3, (1, 2))), st.sampled_from(ORDERS3))
def test_contextual_maxima_enclose_the_exact_maxima_of_random_games(game, order):
    """The 1e-12 target is met wherever the maximum is not on a plateau (see the next test)."""
    exact = three_player_initiative_values(game, order)
    reduced = ReducedGame(rank_game(game, order))
    for result, objective, t in ((maximise_contextual(reduced, 1, 2), "extraction", 2),
                                 (maximise_contextual(reduced, 1), "coalition", None)):
        truth = getattr(exact, objective).value
        assert holds(result.value, truth), (order, result.value, truth)
        assert width(result.value) <= TARGET or on_a_plateau(game, order, objective), (order, objective, result.value)
        check_witness(reduced, result, 1, t)


def extraction_plateau_game() -> Game:
    """A 2×2×2 game (found by the test above) whose rank-1 extraction for ordering (2, 1, 3) is
    3/2 at p = 0 and on the whole interval [1/4, 1/2] of rank 1's strategy."""
    vectors = [(2, -1, 1), (1, 2, -2), (F(1, 2), -1, 0), (0, 1, -2), (3, -2, 0), (2, 3, -1), (2, F(5, 2), 2), (2, 1, 3)]
    profiles = list(itertools.product(range(2), repeat=3))
    return Game.from_function((2, 2, 2), lambda a: vectors[profiles.index(tuple(a))])


def test_a_plateau_maximum_keeps_a_proved_enclosure_and_the_public_value_is_exact():
    """On the extraction's plateau the search's bounds stay second-order loose (rank 2's optimal
    reply is not affine in p there), so it stops at its budget with a proved enclosure whose lower
    end, 3/2, is attained; the coalition's plateau (4 for p in [1/2, 1]) closes exactly.  The
    initiative values themselves come from the exact three-player solver."""
    game, order = extraction_plateau_game(), (1, 0, 2)
    assert on_a_plateau(game, order, "extraction") and on_a_plateau(game, order, "coalition")
    assert not any(on_a_plateau(irrational_example(), (0, 1, 2), objective) for objective in ("extraction", "coalition"))
    reduced = ReducedGame(rank_game(game, order))
    assert maximise_contextual(reduced, 1).value == 4
    assert [reduced.objective(1, 2, (p,)) for p in (0, F(1, 4), F(1, 3), F(1, 2))] == [F(3, 2)] * 4
    assert reduced.objective(1, 2, (F(1, 8),)) < F(3, 2)
    result = maximise_contextual(reduced, 1, 2, budget=300)
    assert isinstance(result.value, Enclosure) and result.stopped == BUDGET
    assert result.value.lower == F(3, 2) and F(3, 2) < result.value.upper
    check_witness(reduced, result, 1, 2)
    assert initiative_values(game, order).values == (F(5, 2), F(3, 2), F(5, 2))


def test_the_irrational_example_is_enclosed_with_its_interior_witness():
    """Without snapping, an enclosure of width <= 1e-12 around the interior maximum; with it
    (the default), the exact number, its snap solving 64p^2 − 112p + 37 = 0."""
    reduced = ReducedGame(rank_game(irrational_example(), (0, 1, 2)))
    assert maximise_contextual(reduced, 1, 2).value == (19 - 4 * sqrt(3)) / 8
    result = maximise_contextual(reduced, 1, 2, snapping=False)
    assert isinstance(result.value, Enclosure)
    assert (19 - 4 * sqrt(3)) / 8 in result.value
    assert result.value.width <= TARGET
    p_star = (7 - 2 * sqrt(3)) / 8  # root of 64p^2 - 112p + 37 in [0, 1], ≈ 0.441987
    assert abs(result.witness[0][0] - p_star) < F(1, 10**4)
    # the rank-1 value through the public entry point is the exact algebraic number
    assert initiative_values(irrational_example(), (0, 1, 2)).values[0] == (19 - 4 * sqrt(3)) / 8


def direct_contextual_value(game: Game, order: tuple[int, ...], mu: tuple[tuple[F, ...], ...], s: int) -> F:
    """``V[μ, s:n−1]`` from the raw payoffs (no polynomials): expected payoffs of the last two
    ranks under the product context μ, then LP-free vertex enumeration."""
    ranked = rank_game(game, order)
    n, (m_leader, m_follower) = ranked.n, ranked.shape[-2:]
    joint = [[F(0)] * m_follower for _ in range(m_leader)]
    last = [[F(0)] * m_follower for _ in range(m_leader)]
    for context in itertools.product(*(range(m) for m in ranked.shape[: n - 2])):
        weight = F(1)
        for strategy, action in zip(mu, context):
            weight *= strategy[action]
        for a in range(m_leader):
            for c in range(m_follower):
                u = ranked.payoff_vector(context + (a, c))
                joint[a][c] += weight * sum(u[s - 1:], F(0))
                last[a][c] += weight * u[-1]
    leader = fmpq_mat([[to_fmpq(j - f) for j, f in zip(jr, fr)] for jr, fr in zip(joint, last)])
    return max_surplus_extraction_by_vertices(leader, fmpq_mat([[to_fmpq(f) for f in row] for row in last]))


@pytest.mark.parametrize("shape, order", [((3, 3, 3), (1, 0, 2)), ((2, 3, 2, 2), (1, 0, 3, 2))])
def test_reduced_game_values_agree_with_the_raw_payoffs(shape, order):
    """ReducedGame's polynomial expectations give the same V[μ, s:n−1] as the raw game."""
    game = random_game(11, shape)
    reduced = ReducedGame(rank_game(game, order))
    rng = random.Random(5)
    for _ in range(6):
        point = []
        for group in reduced.space.groups:
            cuts = sorted(F(rng.randint(0, 12), 12) for _ in range(len(group)))
            point += [b - a for a, b in zip([F(0)] + cuts[:-1], cuts)]
        point = tuple(point)
        assert reduced.space.contains(point)
        mu = reduced.space.strategies(point)
        for s in range(1, game.n):
            assert reduced.extraction(s, point).value == direct_contextual_value(game, order, mu, s)


def test_the_upper_end_bounds_a_grid_of_contexts_3x3x3():
    """No rational context on a grid beats a maximum's upper end, and the witness attains
    the lower end (both maxima of an ordering whose values are enclosures without snapping;
    with it, exact numbers that every grid point respects too)."""
    game, order = random_game(0, (3, 3, 3)), (1, 0, 2)
    reduced = ReducedGame(rank_game(game, order))
    w1, w2 = maximise_contextual(reduced, 1, 2, snapping=False), maximise_contextual(reduced, 1, snapping=False)
    assert isinstance(w1.value, Enclosure) or isinstance(w2.value, Enclosure)
    snapped = maximise_contextual(reduced, 1, 2), maximise_contextual(reduced, 1)
    assert all(not isinstance(m.value, Enclosure) and m.value in w.value if isinstance(w.value, Enclosure) else m.value == w.value
               for m, w in zip(snapped, (w1, w2)))
    check_witness(reduced, w1, 1, 2)
    check_witness(reduced, w2, 1, None)
    grid = 10
    for i in range(grid + 1):
        for j in range(grid + 1 - i):
            point = (F(i, grid), F(j, grid))
            v1 = reduced.extraction(1, point).value
            assert v1 - reduced.extraction(2, point).value <= min(ends(w1.value)[1], snapped[0].value)
            assert v1 <= min(ends(w2.value)[1], snapped[1].value)


def four_players_over_irrational_example() -> Game:
    """Four players; when player 1 plays its first action it gets 0 and players 2..4 play the
    irrational example, otherwise seeded random payoffs."""
    base, rng = irrational_example(), random.Random(3)
    other = {profile: [rng.randint(-3, 3) for _ in range(4)] for profile in base.profiles()}
    return Game.from_function(
        (2, 2, 2, 2), lambda p: [0, *base.payoff_vector(p[1:])] if p[0] == 0 else other[p[1:]]
    )


@pytest.mark.parametrize("strategy", [(F(1), F(0)), (F(1, 3), F(2, 3)), (F(0), F(1))])
def test_fixing_rank_one_reduces_four_players_to_exact_three_player_maxima(strategy):
    """With rank 1's strategy fixed at x, the four-player maxima over rank 2's strategy are
    the three-player maxima W_1, W_2 of the game of ranks 2..4 in which rank 2 also collects
    rank 1's expected payoff (J_1 counts every rank): exact algebraic numbers to enclose."""
    game = four_players_over_irrational_example()

    def payoffs(profile: tuple[int, ...]) -> list[F]:
        u = [sum((x * game.payoff(i, (a,) + profile) for a, x in enumerate(strategy)), F(0)) for i in range(4)]
        return [u[0] + u[1], u[2], u[3]]

    smaller = Game.from_function((2, 2, 2), payoffs)
    exact = three_player_initiative_values(smaller, (0, 1, 2))
    reduced = ReducedGame(game)
    w_first = maximise_contextual(reduced, 1, 3, fixed=(strategy,))
    w_second = maximise_contextual(reduced, 1, fixed=(strategy,))
    assert holds(w_first.value, exact.extraction.value) and width(w_first.value) <= TARGET
    assert holds(w_second.value, exact.coalition.value) and width(w_second.value) <= TARGET
    assert w_first.witness[0] == strategy and w_second.witness[0] == strategy
    check_witness(reduced, w_first, 1, 3)
    check_witness(reduced, w_second, 1, None)
    if strategy == (1, 0):  # the irrational example itself, snapped to its exact maximum
        assert w_first.value == (19 - 4 * sqrt(3)) / 8


# ============================================== initiative values of 3 players, enclosures
def check_propositions(game: Game, values: tuple) -> None:
    """Prop 4.1 (the values' interval sum holds max Σ), Props 11.1 and 12.1 (each value's
    enclosure meets [maximin_i, max U_i])."""
    total = sum(values, F(0))
    assert holds(total, game.max_total()), (total, game.max_total())
    for i, value in enumerate(values):
        low, high = ends(value)
        assert high >= maximin(game, i).value, (i, value)
        assert low <= game.max_payoff(i), (i, value)


@pytest.mark.slow
@pytest.mark.parametrize("shape, seed", [((3, 3, 3), 0), ((3, 3, 3), 3), ((3, 2, 2), 1), ((3, 2, 2), 25)])
def test_three_player_values_are_exact_or_narrow_enclosures(shape, seed):
    game = random_game(seed, shape)
    enclosures = 0
    for order in ORDERS3:
        result = initiative_values(game, order)
        for value in result.values:
            assert isinstance(value, (F, RealAlgebraic, Enclosure))
            assert width(value) <= TARGET
            enclosures += isinstance(value, Enclosure)
        assert result.exact == (not any(isinstance(v, Enclosure) for v in result.values))
        if game.shape[order[0]] < 3:
            assert result.exact and all(isinstance(v, (F, RealAlgebraic)) for v in result.values)
        check_propositions(game, result.values)
    assert enclosures == 0 or shape == (3, 3, 3)  # every maximum of these 3x2x2 games snaps


# ================================================================ explicit formulas (floats)
@pytest.mark.parametrize("shape, seed, order, enclosed", [
    ((3, 2, 2), 1, (0, 1, 2), ()),  # indices of the maxima W_b that are enclosures (W_1 snaps to an
    ((3, 2, 2), 1, (0, 2, 1), ()),  # exact maximum; W_2 is symmetric in ranks 1, 2: the two-action one goes first, exactly)
    ((3, 3, 2), 0, (1, 2, 0), ()),  # the ascent reaches the maximum exactly: the bounds meet
    pytest.param((2, 2, 2, 2), 5, (2, 0, 1, 3), (), marks=pytest.mark.slow),  # W_1 of four players: the nested search snaps
    pytest.param((2, 2, 2, 2), 4, (2, 3, 0, 1), (), marks=pytest.mark.slow),  # W_1 exact: the bound of max_q (X − Y) meets it; W_2 snaps
])
def test_values_agree_with_the_essays_explicit_formulas(shape, seed, order, enclosed):
    """|midpoint − explicit formula| < 1e-6 for every player (enclosures of width <= 1e-12)."""
    game = random_game(seed, shape)
    result = initiative_values(game, order)
    assert [k for k, m in enumerate(result.witness) if isinstance(m.value, Enclosure)] == list(enclosed)
    estimate = explicit_initiative_values(game, order)
    for value, approximate in zip(result.values, estimate.values):
        assert abs(float(value) - approximate) < 1e-6, (value, approximate)
        assert width(value) <= TARGET
    check_propositions(game, result.values)


# ============================================================= four players: null player
@pytest.mark.parametrize("game, order3, ranks", [
    (irrational_example(), (0, 1, 2), (0, 1)),   # irrational three-player values
    (random_game(6, (2, 2, 2)), (0, 1, 2), (0, 1, 2, 3)),
    (random_game(2, (2, 2, 2)), (1, 0, 2), (0, 1)),
])
def test_a_null_player_changes_nothing_for_four_players(game, order3, ranks):
    """Prop 10: with a null player inserted (at index 3 or 0) at rank r of the ordering, the
    four-player values of the others enclose their exact three-player values, the null
    player's encloses 0."""
    exact = initiative_values(game, order3).values
    for position in (3, 0):
        bigger = null_player_game(game, position)
        shifted = [p if p < position else p + 1 for p in order3]
        for rank in ranks:
            order = tuple(shifted[:rank] + [position] + shifted[rank:])
            values = initiative_values(bigger, order).values
            others = values[:position] + values[position + 1:]
            assert holds(values[position], 0), (order, values)
            for value, truth in zip(others, exact):
                assert holds(value, truth), (order, value, truth)
                assert width(value) <= TARGET
            if position == 0:
                break  # one placement at index 0 is enough (runtime)


# ========================================================== four players: one actor, exact
@pytest.mark.parametrize("shape, seed", [((1, 1, 3, 1), 0), ((3, 1, 1, 1), 1), ((1, 2, 1, 1), 2)])
def test_one_actor_four_player_games_are_exact(shape, seed):
    """Only one player acts: every ordering's values are exact rationals, sum to max Σ, and
    match the explicit formulas (a route that never runs the recursion)."""
    game = random_game(seed, shape)
    for index, order in enumerate(ORDERS4):
        result = initiative_values(game, order)
        assert result.exact and all(type(v) is F for v in result.values)
        assert sum(result.values) == game.max_total()
        check_propositions(game, result.values)
        if index % 4 == 0:
            estimate = explicit_initiative_values(game, order)
            assert all(abs(float(v) - x) < 1e-9 for v, x in zip(result.values, estimate.values))
        if index % 6 == 0:  # the certified searches agree: W_b = V_1 + ... + V_b by rank
            by_rank = [result.values[player] for player in order]
            reduced = ReducedGame(rank_game(game, order))
            searched = (maximise_nested(reduced), maximise_contextual(reduced, 1, 3), maximise_contextual(reduced, 1))
            for b, maximum in enumerate(searched, start=1):
                assert holds(maximum.value, sum(by_rank[:b])), (order, b, maximum.value)


def test_one_actor_values_by_hand():
    """Four players, only player 3 (index 2) acts: 'keep' pays it 1, 'give' pays player 1
    three; players 2 and 4 are null.  By Prop 10 this is the two-player toy case of
    players 1 and 3 for every ordering: (max[U1+U3] − max U3, 0, max U3, 0) = (2, 0, 1, 0)."""
    game = Game.from_arrays([[[[0], [3]]]], [[[[0], [0]]]], [[[[1], [0]]]], [[[[0], [0]]]])
    assert game.shape == (1, 1, 2, 1)
    for order in ORDERS4:
        assert initiative_values(game, order).values == (2, 0, 1, 0)


# ============================================================ two-action extraction, no LPs
def matrices(rows: list[list[F]]) -> fmpq_mat:
    return fmpq_mat([[to_fmpq(q) for q in row] for row in rows])


@st.composite
def leader_follower(draw, rows: int):
    k = draw(st.integers(1, 5) if rows == 1 else st.integers(2, 5))
    payoff = rationals(-4, 4, (1, 2, 3))
    leader = [[draw(payoff) for _ in range(k)] for _ in range(rows)]
    follower = [[draw(payoff) for _ in range(k)] for _ in range(rows)]
    return leader, follower


@given(st.sampled_from([1, 2, 2, 2]).flatmap(leader_follower))
@example(([[F(1), F(2)], [F(2), F(1)]], [[F(1), F(0)], [F(0), F(1)]]))  # interior optimum x = 1/2
def test_two_action_extraction_agrees_with_vertices_and_lps(pair):
    leader, follower = pair
    L, Fm = matrices(leader), matrices(follower)
    result = _two_action_extraction(L, Fm)
    assert result.value == max_surplus_extraction_by_vertices(L, Fm)
    assert max_surplus_extraction(L, Fm).value == result.value  # the public dispatch
    check_extraction(L, Fm, result.value, result.certificate)
    assert len(result.certificate.witness) == len(leader)
    assert surplus(L, Fm, result.certificate.witness) == result.value
    # the LP path on an equivalent leader: redundant rows (a mixture, or copies) change nothing
    if len(leader) == 2:
        extra = [[(a + b) / 2 for a, b in zip(*leader)]], [[(a + b) / 2 for a, b in zip(*follower)]]
    else:
        extra = [leader[0], leader[0]], [follower[0], follower[0]]
    padded = max_surplus_extraction(matrices(leader + extra[0]), matrices(follower + extra[1]))
    assert padded.value == result.value
    # the certificate proves this value and no other
    with pytest.raises(CertificateError):
        check_extraction(L, Fm, result.value + F(1, 7), result.certificate)
    with pytest.raises(CertificateError):
        check_extraction(L, Fm, result.value - F(1, 7), result.certificate)


@st.composite
def small_leader_follower(draw):
    rows, k = draw(st.integers(3, 4)), draw(st.integers(1, 4))
    payoff = rationals(-4, 4, (1, 2, 3))
    return [[draw(payoff) for _ in range(k)] for _ in range(rows)], [[draw(payoff) for _ in range(k)] for _ in range(rows)]


@given(small_leader_follower())
@example(([[F(0)] * 3] * 3, [[F(0)] * 3] * 3))  # every basis ties
@example(([[F(1), F(0), F(0)], [F(0), F(1), F(0)], [F(0), F(0), F(1)]],
          [[F(1), F(0), F(0)], [F(0), F(1), F(0)], [F(0), F(0), F(1)]]))  # the centre of the simplex
def test_enumerated_extraction_agrees_with_vertices_and_lps(pair):
    """Bases enumerated in floats, confirmed exactly, against the arrangement's vertices and the
    linear programs; when the floats choose wrong it declines (the dispatch then solves LPs)."""
    L, Fm = matrices(pair[0]), matrices(pair[1])
    expected = max_surplus_extraction_by_vertices(L, Fm)
    assert lp_extraction(L, Fm).value == expected
    result = _enumerated_extraction(L, Fm)
    if result is not None:
        assert result.value == expected
        check_extraction(L, Fm, result.value, result.certificate)
        with pytest.raises(CertificateError):
            check_extraction(L, Fm, result.value + F(1, 7), result.certificate)
    assert max_surplus_extraction(L, Fm).value == expected


def test_enumerated_extraction_on_seeded_random_matrices():
    """3000 seeded 3 x k and 4 x k games with integer payoffs up to 50: the enumeration never
    declines and always equals the vertex enumeration."""
    rng = random.Random(5)
    for _ in range(3000):
        m, k, size = rng.randint(3, 4), rng.randint(1, 4), rng.choice([3, 9, 50])
        L = fmpq_mat(m, k, [rng.randint(-size, size) for _ in range(m * k)])
        Fm = fmpq_mat(m, k, [rng.randint(-size, size) for _ in range(m * k)])
        result = _enumerated_extraction(L, Fm)
        assert result is not None and result.value == max_surplus_extraction_by_vertices(L, Fm)


def test_two_action_extraction_hand_example():
    """Leader payoffs [[2, 1], [2, 0]], follower payoffs [[0, 0], [0, 1]]; with ν = (1−x, x)
    the joint row is (2, 1) whatever x, the follower's best is max(0, x) = x, so
    S(x) = 2 − x: the value 2 at the pure first action."""
    leader = matrices([[F(2), F(1)], [F(2), F(0)]])
    follower = matrices([[F(0), F(0)], [F(0), F(1)]])
    result = _two_action_extraction(leader, follower)
    assert result.value == 2 and result.certificate.witness == (1, 0)
    # joint rows (2, 2) and the follower's max(1 − x, x): S(x) = 2 − max(1 − x, x), best at x = 1/2
    crossing = _two_action_extraction(matrices([[F(1), F(2)], [F(2), F(1)]]), matrices([[F(1), F(0)], [F(0), F(1)]]))
    assert crossing.value == F(3, 2) and crossing.certificate.witness == (F(1, 2), F(1, 2))
    one_row = _two_action_extraction(matrices([[F(2), F(0)]]), matrices([[F(0), F(1)]]))
    assert one_row.value == 2 - 1 and one_row.certificate.witness == (1,)  # max(2, 1) − max(0, 1)


def test_two_action_extraction_on_seeded_random_matrices():
    """Many 2 x k and 1 x k cases against vertex enumeration, including interior optima."""
    rng = random.Random(2024)
    interior = 0
    for _ in range(300):
        rows, k = rng.choice([1, 2, 2]), rng.randint(2, 5)
        leader = [[F(rng.randint(-6, 6), rng.choice([1, 2])) for _ in range(k)] for _ in range(rows)]
        follower = [[F(rng.randint(-6, 6), rng.choice([1, 3])) for _ in range(k)] for _ in range(rows)]
        L, Fm = matrices(leader), matrices(follower)
        result = _two_action_extraction(L, Fm)
        assert result.value == max_surplus_extraction_by_vertices(L, Fm), (leader, follower)
        check_extraction(L, Fm, result.value, result.certificate)
        interior += rows == 2 and 0 < result.certificate.witness[0] < 1
    assert interior >= 10  # the crossings of follower lines were exercised


# ============================================================== ContextSpace clipping
def brute_force_vertices(lo: list[F], hi: list[F]) -> set[tuple[F, ...]]:
    """Vertices of {lo <= x <= hi, Σx <= 1}: every coordinate at an end, or all but one at
    an end and that one on Σx = 1."""
    d, out = len(lo), set()
    for choice in itertools.product(*zip(lo, hi)):
        if sum(choice) <= 1:
            out.add(tuple(choice))
    for free in range(d):
        for choice in itertools.product(*[(lo[j], hi[j]) for j in range(d) if j != free]):
            x = 1 - sum(choice, F(0))
            if lo[free] <= x <= hi[free]:
                out.add(tuple(choice[:free]) + (x,) + tuple(choice[free:]))
    return out


def test_clipped_vertices_by_hand():
    space = ContextSpace((3,))
    crossing = space.clipped_vertices((F(3, 10), F(3, 10)), (F(8, 10), F(8, 10)))
    assert set(crossing) == {(F(3, 10), F(3, 10)), (F(7, 10), F(3, 10)), (F(3, 10), F(7, 10))}
    assert all(space.contains(v) for v in crossing)
    assert space.clipped_vertices((F(6, 10), F(6, 10)), (F(9, 10), F(9, 10))) == []
    inside = space.clipped_vertices((F(0), F(0)), (F(1, 2), F(1, 2)))
    assert len(inside) == 4 and set(inside) == set(itertools.product((F(0), F(1, 2)), repeat=2))
    # two players: the product of the clipped pieces; empty as soon as one piece is
    product = ContextSpace((3, 2))
    vertices = product.clipped_vertices((F(1, 4), F(1, 2), F(0)), (F(1), F(1), F(1, 3)))
    assert set(vertices) == {(a, b, c) for (a, b) in [(F(1, 4), F(1, 2)), (F(1, 2), F(1, 2)), (F(1, 4), F(3, 4))]
                             for c in (F(0), F(1, 3))}
    assert product.clipped_vertices((F(3, 4), F(1, 2), F(0)), (F(1), F(1), F(1))) == []


@given(st.sampled_from([(2,), (3,), (4,), (3, 2), (2, 3)]), st.data())
def test_clipped_vertices_match_brute_force(sizes, data):
    space = ContextSpace(sizes)
    lo, hi = [], []
    for _ in range(space.dim):
        a, b = sorted(data.draw(st.tuples(rationals(0, 1, (8,)), rationals(0, 1, (8,)))))
        lo.append(a)
        hi.append(b)
    expected_per_group = [brute_force_vertices([lo[j] for j in g], [hi[j] for j in g]) for g in space.groups]
    expected = {tuple(itertools.chain.from_iterable(c)) for c in itertools.product(*expected_per_group)}
    got = space.clipped_vertices(tuple(lo), tuple(hi))
    assert set(got) == expected
    assert all(space.contains(v) for v in got)


def test_membership_is_exact_and_refuses_floats():
    root = sqrt(3)
    above = root.refine(F(1, 2**200)).interval[1]
    assert root in Enclosure(F(0), above)  # u - sqrt(3) < 2**-200: decided exactly
    assert root not in Enclosure(F(0), F(17, 10))
    assert Enclosure(F(1), F(2)) in Enclosure(F(0), F(2))
    with pytest.raises(TypeError):
        1.5 in Enclosure(F(1), F(2))  # noqa: B015


# ----------------------------------------------------------------------------- ridge maxima


def ridge_game() -> tuple[ReducedGame, tuple[F, F], F]:
    """A 3×3×3 game (payoffs −3..3) whose W_1 for ordering (1,2,3) sits on a ridge: there
    V[μ, 2:2] is the larger of two pieces (rank 2 mixing, rank 3 replying to the coalition
    with action 2; rank 2 pure, replying with action 3).  Returns the reduced game, a context
    found by sampling box centres (about 1e-8 off the ridge) and ``W_1`` there."""
    rng = random.Random(5)
    game = Game.from_function((3, 3, 3), lambda p: [rng.randint(-3, 3) for _ in range(3)])
    reduced = ReducedGame(rank_game(game, (0, 1, 2)))
    near = (F(0.5986018180847168), F(0.038865089416503906))
    return reduced, near, reduced.extraction(1, near).value - reduced.extraction(2, near).value


def test_gradients_of_contextual_values_match_difference_quotients():
    reduced, _, _ = ridge_game()
    point, h = (F(3, 10), F(1, 5)), F(1, 10**12)
    for s in (1, 2):
        gradient = reduced.gradient(s, point)
        for j in range(2):
            moved = tuple(q + h * (i == j) for i, q in enumerate(point))
            quotient = (reduced.extraction(s, moved).value - reduced.extraction(s, point).value) / h
            assert abs(quotient - gradient[j]) < F(1, 10**9)


def test_the_ascent_climbs_onto_the_ridge():
    """Box centres approach a ridge linearly; the cutting-plane ascent lands on it: from a
    context 1e-8 off the ridge it gains the 3e-8 that a fine grid scan around it finds."""
    reduced, near, value = ridge_game()

    def objective(p):
        return reduced.objective(1, 2, p)

    def gradient(p):
        return reduced.objective_gradient(1, 2, p)

    best, point, tried = ascend(reduced.space, objective, gradient, near, value, F(1, 10**4), range(2))
    assert best == objective(point) and reduced.space.contains(point) and point in tried
    assert best - value > F(299, 10**10)
    scan = max(objective((near[0] + i * F(1, 10**9), near[1] + j * F(1, 10**9))) for i in range(-3, 4) for j in range(-3, 4))
    assert best >= scan


@pytest.mark.parametrize("radius", [F(1, 10**3), F(1, 10**5)])
def test_the_optimised_choice_closes_a_ridge_box_to_second_order(radius):
    """On a box around the ridge every choice sampled from one certified optimum leaves a
    first-order gap (about 5·radius); the LP-optimised combination of the optima on either
    side, with the coalition's two replies weighted, leaves a second-order one.  Both bounds
    hold: no context of a grid on the box exceeds them."""
    reduced, near, value = ridge_game()
    box = Box(tuple(q - radius for q in near), tuple(q + radius for q in near))
    vertices = reduced.space.clipped_vertices(box.lo, box.hi)
    point = reference_context(reduced.space, box, vertices)
    frame = Frame(reduced, box, vertices, point)
    sampled, _ = frame.best_bound(choice.families(frame, 1, 2) for choice in bound_choices(frame, 1, 2, box))
    option = frame.optimised_option(1, 2, [q for q, _ in secant_points(reduced.space, point, box)])
    optimised, _ = frame.best_bound([option.families(frame, 1, 2)])
    assert sampled - value > 4 * radius
    for distribution in [*option.duals, [q for nu, _ in option.primals for q in nu]]:
        frame.require_distribution(distribution)  # rank n−1's strategies jointly one distribution
    assert len(option.primals) == 2  # the coalition's two replies, weighted
    assert optimised - value < 6 * radius**2 + F(4, 10**8)  # 3e-8: the ridge's maximum lies above `near`
    for i in range(-4, 5):
        for j in range(-4, 5):
            q = (near[0] + radius * F(i, 4), near[1] + radius * F(j, 4))
            assert reduced.extraction(1, q).value - reduced.extraction(2, q).value <= optimised


@pytest.mark.slow
def test_the_ridge_maximum_is_enclosed_to_1e_12_with_a_checked_certificate():
    """With both pieces of V[μ, 2:2] at every reference context, the ridge game's W_1 closes to
    the 1e-12 target (it stalled at 1e-6 after 20 000 boxes when only sampled optima were
    combined); the certificate re-checks, and the lower end is the exact value at its witness."""
    reduced, near, value = ridge_game()
    snapped = maximise_contextual(reduced, 1, 2)
    assert snapped.value >= value and check_bound_certificate(reduced, snapped.certificate) == snapped.value
    result = maximise_contextual(reduced, 1, 2, snapping=False)
    assert result.value.width <= F(1, 10**12) and result.value.lower >= value and snapped.value in result.value
    witness = tuple(q for strategy in result.witness for q in strategy[:-1])
    assert reduced.objective(1, 2, witness) == result.value.lower
    assert check_bound_certificate(reduced, result.certificate) == result.value.upper


def split_game() -> tuple[ReducedGame, tuple[F, F, F]]:
    """The 4×4×4 game of ``benchmarks/bench_nplayer.py`` (seed 20261126), ordering (1,2,3), and a
    context near its W_1's maximum: there rank 3 is indifferent between its actions 2 and 4
    against rank 2's action 1 (a support change) and V[μ, 2:2]'s two pieces meet (a ridge)."""
    rng = random.Random(20261126)
    game = Game.from_function((4, 4, 4), lambda a: [rng.randint(-9, 9) for _ in range(3)])
    return ReducedGame(rank_game(game, (0, 1, 2))), (F(0.803225517271611), F(0.009677254917284423), F(0.18709652470748078))


@pytest.mark.parametrize("radius", [F(1, 10), F(1, 10**3), F(1, 10**6)])
def test_best_bound_sums_pieces_as_the_bound_of_each_sum_polynomial(radius):
    """best_bound adds each piece's vertex values and other terms, taking the sums in the order
    of a float estimate and skipping those the estimate puts far below; it must give exactly the
    largest bound of the summed polynomials, computed one polynomial at a time, and over
    several options the smallest of theirs."""
    reduced, near = split_game()
    box = Box(tuple(q - radius for q in near), tuple(q + radius for q in near))
    vertices = reduced.space.clipped_vertices(box.lo, box.hi)
    frame = Frame(reduced, box, vertices, reference_context(reduced.space, box, vertices))
    for choice in bound_choices(frame, 1, 2, box):
        families = choice.families(frame, 1, 2)
        direct = max(frame.best_bound([[[sum(chosen, frame._zero)]]])[0] for chosen in itertools.product(*families))
        assert frame.best_bound([families])[0] == direct
    options = [choice.families(frame, 1, 2) for choice in bound_choices(frame, 1, 2, box)]
    each = [frame.best_bound([families])[0] for families in options]
    assert frame.best_bound(options) == (min(each), each.index(min(each)))


def test_a_half_space_clips_the_simplex_exactly():
    space = ContextSpace((4,))
    lo, hi = (F(0),) * 3, (F(1),) * 3
    above = space.clipped_vertices(lo, hi, (((F(2), F(0), F(0)), F(1)),))  # p_1 >= 1/2
    below = space.clipped_vertices(lo, hi, (((F(-2), F(0), F(0)), F(-1)),))
    half, corner = F(1, 2), F(0)
    assert set(above) == {(half, corner, corner), (half, half, corner), (half, corner, half), (F(1), corner, corner)}
    assert set(below) == {(corner,) * 3, (corner, F(1), corner), (corner, corner, F(1)),
                          (half, corner, corner), (half, half, corner), (half, corner, half)}


@pytest.mark.parametrize("seed", range(4))
def test_kink_planes_are_indifferences_of_the_free_player(seed):
    """With rank 1 fixed (a four-player search over rank 2), the planes a box may be split along
    move in rank 2's coordinate only and lie where rank 4, or a coalition it serves, is
    indifferent between two replies to a pure action of rank 3."""
    reduced = ReducedGame(rank_game(random_game(seed, (2, 2, 2, 2)), (2, 0, 1, 3)))
    box = Box((F(1, 3), F(0)), (F(1, 3), F(1)))
    vertices = reduced.space.clipped_vertices(box.lo, box.hi)
    frame = Frame(reduced, box, vertices, reference_context(reduced.space, box, vertices))
    planes = _kink_planes(reduced, 2, 3, frame)
    assert planes
    for normal, offset in planes:
        assert normal[0] == 0 and normal[1] != 0
        on_plane = [to_fmpq(F(1, 3)), to_fmpq(offset / normal[1])]
        assert 0 < on_plane[1] < 1
        assert any(row[c](*on_plane) == row[d](*on_plane)
                   for table in (reduced.expected[-1], reduced.joints[2], reduced.joints[3])
                   for row in table for c, d in itertools.combinations(range(len(row)), 2))


def affine_bound(reduced: ReducedGame, box: Box, s: int, t: int) -> tuple[F, Frame, list]:
    """The best bound on ``box`` without a split (sampled and optimised choices at its reference
    context), the box's frame and its secant samples."""
    vertices = reduced.space.clipped_vertices(box.lo, box.hi)
    frame = Frame(reduced, box, vertices, reference_context(reduced.space, box, vertices))
    samples = [q for q, _ in secant_points(reduced.space, frame.point, box)]
    options = bound_choices(frame, s, t, box) + [frame.optimised_option(s, t, samples)]
    return frame.best_bound(choice.families(frame, s, t) for choice in options)[0], frame, samples


@pytest.mark.parametrize("radius", [F(1, 10**4), F(1, 10**6)])
def test_a_split_along_a_support_change_closes_a_box_where_no_affine_choice_does(radius):
    """Around split_game's maximum, every affine choice (sampled or optimised) leaves a gap of
    about radius: the optimal dual distribution gains a component on one side of the plane
    where rank 3's indifference holds.  Split along that plane (and with the coalition's two
    replies weighted), each side's choice is close to exact (gap below radius/20); the split's
    bound re-checks and holds on a grid of the box."""
    reduced, near = split_game()
    value = reduced.objective(1, 2, near)
    box = Box(tuple(q - radius for q in near), tuple(q + radius for q in near))
    affine, frame, samples = affine_bound(reduced, box, 1, 2)
    split_bound, split = _split(reduced, 1, 2, box, frame, samples, False)
    assert affine - value > radius
    assert split_bound - value < radius / 20
    assert proved_bound(reduced, 1, 2, box, frame.vertices, frame.point, split) == split_bound
    assert sum(1 for q in split.normal if q) > 1  # a slanted plane, not a coordinate halving
    for step in itertools.product(range(-2, 3), repeat=3):
        q = tuple(c + radius * F(k, 2) for c, k in zip(near, step))
        assert reduced.objective(1, 2, q) <= split_bound


@given(st.lists(st.lists(rationals(-2, 2), min_size=3, max_size=3), min_size=2, max_size=4))
def test_rounded_choices_are_distributions_on_the_box(rows):
    """Whatever the float LP returns, the rounded affine choice sums to 1 and is nonnegative
    at every vertex of the box."""
    corners = [[to_fmpq(1), to_fmpq(x), to_fmpq(y)] for x in (F(-1), F(1)) for y in (F(-1), F(1))]
    fixed = _into_simplices([[to_fmpq(q) for q in row] for row in rows], corners)
    assert sum(row[0] for row in fixed) == 1
    assert all(sum(row[k] for row in fixed) == 0 for k in (1, 2))
    assert all(sum(q * v for q, v in zip(row, corner)) >= 0 for row in fixed for corner in corners)


# ----------------------------------------------------------------------------- certificates


@pytest.mark.parametrize("shape, seed, order, fixed", [
    ((3, 3, 3), 0, (1, 0, 2), ()),
    ((2, 3, 2), 2, (1, 0, 2), ()),
    ((2, 2, 2, 2), 5, (2, 0, 1, 3), ((F(1, 3), F(2, 3)),)),  # rank 1 fixed: a search over rank 2
])
def test_bound_certificates_recheck_from_the_game(shape, seed, order, fixed):
    """The leaves of each search re-prove its upper end from the game alone."""
    reduced = ReducedGame(rank_game(random_game(seed, shape), order))
    n = len(shape)
    for s, t in [(1, n - 1), (1, None)] if not fixed else [(1, 3), (2, 3)]:
        result = maximise_contextual(reduced, s, t, fixed=fixed)
        assert check_bound_certificate(reduced, result.certificate) == ends(result.value)[1]
        check_witness(reduced, result, s, t)


def test_tampered_bound_certificates_are_refused():
    reduced = ReducedGame(rank_game(random_game(0, (3, 3, 3)), (1, 0, 2)))
    certificate = maximise_contextual(reduced, 1, 2).certificate
    leaves = certificate.leaves
    key, (bound, choice) = max(leaves.items(), key=lambda item: item[0][1][0] - item[0][0][0])  # a large leaf
    missing = {k: v for k, v in leaves.items() if k != key}
    with pytest.raises(CertificateError, match="no leaf covers"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), missing))
    with pytest.raises(CertificateError, match="do not prove"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound - 1, choice)}))
    doubled = Choice([[2 * q for q in column] for column in choice.duals], choice.against, choice.primals)
    with pytest.raises(CertificateError, match="affine distribution"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, doubled)}))
    if choice.primals:  # the dual bound alone does not bound a difference
        alone = Choice(choice.duals)
        with pytest.raises(CertificateError, match="second term"):
            check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, alone)}))
    with pytest.raises(CertificateError, match="not boxes of the partition"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, ((F(0), F(0)), (F(1, 3), F(1, 3))): (bound, choice)}))
    flat = SplitChoice((F(0), F(0)), F(0), choice, choice)  # a "plane" that moves in no coordinate
    with pytest.raises(CertificateError, match="must move some player's coordinates"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, flat)}))
    middle = (F(key[0][0]) + F(key[1][0])) / 2, (F(key[0][1]) + F(key[1][1])) / 2
    across = SplitChoice((F(0), F(1)), middle[1], choice, choice)
    quarters = SplitChoice((F(1), F(0)), middle[0], across, across)  # a side split again
    assert check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, quarters)})) == certificate.upper
    with pytest.raises(CertificateError, match="must move some player's coordinates"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, SplitChoice((F(1), F(0)), middle[0], flat, across))}))
    split = SplitChoice((F(1), F(0)), (F(key[0][0]) + F(key[1][0])) / 2, choice, choice)
    assert check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, split)})) == certificate.upper
    with pytest.raises(CertificateError, match="do not prove"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound - 1, split)}))


def kink_game() -> Game:
    """The fourth 2×2×2×2 game of ``benchmarks/bench_nplayer.py`` (seed 20261126)."""
    flat = [[2, -8, -8, 2, 9, 0, 2, 3, -3, -3, 2, 7, 2, -4, -3, -5],
            [-9, 0, -8, 2, 1, -3, -2, -5, 7, -3, 8, -8, -1, -5, -9, 4],
            [0, 9, -1, -7, -3, -2, 9, -2, 4, 8, -3, 4, 3, -6, 1, 4],
            [3, 3, 7, 5, -4, -6, -6, -9, 2, 7, 6, -8, 3, 4, 8, 9]]
    return Game.from_tables(["1", "2", "3", "4"], [["0", "1"]] * 4, [[F(v) for v in row] for row in flat])


@pytest.mark.slow
def test_a_kink_where_the_optimal_strategy_jumps_closes_with_every_affine_strategy():
    """W_2 of a 2×2×2×2 game (the benchmark's fourth, ordering (1,2,3,4)) peaks where rank 3's
    optimal strategy for V[μ, 3:3] jumps between its pure strategies, with both replies of rank
    4 far apart: the sampled and ridge choices stalled at 6.5e-7 after 20 000 boxes; the
    optimised choice over every affine strategy (mode "any") closes it to 1e-12, with a
    certificate that re-checks."""
    reduced = ReducedGame(rank_game(kink_game(), (0, 1, 2, 3)))
    result = maximise_contextual(reduced, 1, 3)
    assert width(result.value) <= F(1, 10**12)
    assert check_bound_certificate(reduced, result.certificate) == ends(result.value)[1]


@pytest.mark.parametrize("radius", [F(1, 10**5), F(1, 10**6)])
def test_a_split_along_a_ridge_through_two_players_strategies_is_second_order_tight(radius):
    """X = V[μ, 1:3] − V[μ, 3:3] of the kink game (ordering (2,3,1,4)) kinks along a curve in
    (p, q), ranks 1 and 2's strategies, where rank 3's optimal strategy for V[μ, 3:3] jumps.
    On a box across it, the plane where X's tangent planes on both sides meet moves both
    players' coordinates (each side is a polygon, not a product of simplices); each side's
    bound is within radius/1000 of X at the sides' vertices (where X, smooth on each side,
    peaks up to second order), whatever X's slope along the ridge, so the nested bound
    X − Y(p, r(p)), tilted by Y, stays tight too (next test).  The split re-checks and holds on
    a grid of the box."""
    reduced = ReducedGame(rank_game(kink_game(), (1, 2, 0, 3)))
    near = (F(7452967176, 10**10), F(5286616638, 10**10))  # within 1e-10 of the ridge
    box = Box(tuple(q - radius for q in near), tuple(q + radius for q in near))
    vertices = reduced.space.clipped_vertices(box.lo, box.hi)
    frame = Frame(reduced, box, vertices, near)
    samples = [q for q, _ in secant_points(reduced.space, near, box)]
    split_bound, split = _split(reduced, 1, 3, box, frame, samples, True)
    assert all(split.normal)
    sides = [reduced.space.clipped_vertices(box.lo, box.hi, (side,)) for side in plane_sides(split.normal, split.offset)]
    assert all(len(side) == 4 for side in sides) and not set(sides[0]) <= set(vertices)
    peak = max(reduced.objective(1, 3, v) for side in sides for v in side)
    assert split_bound - peak < radius / 1000
    assert proved_bound(reduced, 1, 3, box, vertices, near, split) == split_bound
    for step in itertools.product(range(-4, 5), repeat=2):
        assert reduced.objective(1, 3, tuple(c + radius * F(k, 4) for c, k in zip(near, step))) <= split_bound


def benchmark_game_4x4x4() -> Game:
    """The 4×4×4 game of ``benchmarks/bench_nplayer.py`` (seed 20261126)."""
    flat = [[6, -7, -2, 4, 8, 9, 2, 6, -2, 3, 2, 4, -4, -4, -3, 1, 5, 4, 6, 8, 8, -1, -6, 9, 9, 0, 1, 9, 2, 7, 0, -5,
             4, -1, 3, 1, -5, -7, -1, -8, -9, -5, 7, -4, 5, -1, 2, 0, 5, -7, 2, -4, -7, -3, 0, 5, 8, -2, 5, -2, 0, -1, 2, 0],
            [5, 0, 0, 2, -5, 3, 2, -7, -6, -1, -1, 0, 5, -5, 1, 3, 4, 7, -5, -3, -7, 9, 6, 1, -6, -1, -1, -4, -3, -3, -9, 5,
             8, -6, -8, -5, 5, -6, 9, -8, 8, -1, -3, -7, -1, -8, 7, -9, 2, -1, 3, -6, 6, -9, 8, -4, 4, 6, 0, 8, 3, -3, -4, 0],
            [-8, 1, -6, -2, 8, 3, -3, 9, 2, 7, -8, -9, 1, -5, 5, 9, -7, -9, -8, 8, 4, 6, 4, 3, -1, -4, 7, -3, 8, 3, 5, 2,
             4, -9, 7, 3, -2, -5, -8, 5, -8, -4, 7, 6, 1, -9, 8, 8, 0, -6, 6, 1, 7, -9, -9, 8, -7, -4, 8, -5, 5, 8, -2, -4]]
    return Game.from_tables(["1", "2", "3"], [["0", "1", "2", "3"]] * 3, [[F(v) for v in row] for row in flat])


def test_kinks_meeting_at_a_maximum_need_a_side_split_again():
    """W_1 of the 4×4×4 benchmark game, ordering (1,2,3), peaks where a support change of V[μ,
    1:2] (a plane), a ridge of V[μ, 2:2] and another kink meet, the objective falling off in
    every direction.  On this box of radius 7.5e-9 next to the maximum (a leaf of the search),
    the best affine choice stays 4.3·radius above the maximum, one split 1.6·radius; splitting
    a loose side again brings it to 0.34·radius, below the objective's slopes away from the
    maximum, so that boxes not holding it are discarded (the search closes: 1.1e-15 after 641
    boxes, where one split per box stalled at 2.4e-12 after 4001).  The split re-checks and holds
    at the box's vertices and centre."""
    reduced = ReducedGame(rank_game(benchmark_game_4x4x4(), (0, 1, 2)))
    best = F("319920102114898706920257730549107409/56964521341538541134808632963104768")  # the search's maximum
    box = Box((F(53903571, 67108864), F(20295, 2097152), F(12555851, 67108864)),
                  (F(107807143, 134217728), F(1298881, 134217728), F(3138963, 16777216)))
    radius = max(box.radii)
    affine, frame, samples = affine_bound(reduced, box, 1, 2)
    once, _ = _split(reduced, 1, 2, box, frame, samples, False, best, depth=1)
    again, split = _split(reduced, 1, 2, box, frame, samples, False, best, depth=3)
    assert affine - best > 2 * radius and once - best > radius and again - best < radius / 2
    assert isinstance(split.above, SplitChoice) or isinstance(split.below, SplitChoice)
    assert proved_bound(reduced, 1, 2, box, frame.vertices, frame.point, split) == again
    assert all(reduced.objective(1, 2, q) <= again for q in [*frame.vertices, box.center])


@pytest.mark.slow
def test_a_nested_maximum_on_a_ridge_closes_with_splits_along_it():
    """W_1 of the kink game, ordering (2,3,1,4): X peaks on the ridge of the test above, so
    the nested search's boxes along it stayed first-order loose (6.3e-11 after its budget of
    1000 boxes, session 7: the optimised choice is tight for X alone but not for X tilted by
    −Y).  Split along the ridge, it closes to 1e-12 in about 200 boxes; its certificate, with
    split leaves of nested choices, re-checks."""
    reduced = ReducedGame(rank_game(kink_game(), (1, 2, 0, 3)))
    result = maximise_nested(reduced)
    assert width(result.value) <= F(1, 10**12)
    assert any(isinstance(choice, SplitChoice) for _, choice in result.certificate.leaves.values())
    assert check_bound_certificate(reduced, result.certificate) == ends(result.value)[1]


def plateau_game() -> Game:
    """The second 2×2×2×2 game of ``bench_nplayer.py --seed 7``, ranked by its ordering (3,4,2,1).
    W_1 = max_q X − max_q Y is 4 for every p of rank 1 in [1/2, 0.8] at least: X and Y both
    peak at rank 2's pure strategy q = 0 and move together there, while V[·, 3:3] in both
    curves (rank 3's optimal strategy mixes)."""
    flat = [[-2, -7, 6, 0, 7, 5, 8, 3, 0, -9, 2, 5, 4, -6, -7, -5],
            [-7, -8, 4, -5, 6, 0, 9, 6, -7, 5, 6, 3, -4, 6, -7, 4],
            [-4, 6, -5, -3, 0, 9, -7, 3, 5, 2, 1, -4, 7, -4, 5, -1],
            [-2, -1, 1, -8, 9, 0, -8, -2, 1, 3, 1, -7, -6, 2, 9, 8]]
    return Game.from_tables(["1", "2", "3", "4"], [["0", "1"]] * 4, [[F(v) for v in row] for row in flat])


def test_on_a_plateau_of_w1_the_bound_of_x_minus_y_is_exact():
    """On a box along the plateau (q = 0 is rank 2's pure strategy where X and Y peak), bounding
    X and Y(p, r(p)) separately leaves the slack of rank 3's curved value in both; bounding
    X − Y = V[·, 1:3] − V[·, 2:3] as one difference, V[·, 3:3] cancels and the bound is the
    plateau's height exactly."""
    reduced = ReducedGame(rank_game(plateau_game(), (0, 1, 2, 3)))
    box = Box((F(11, 20), F(0)), (F(13, 20), F(1, 100)))
    vertices = reduced.space.clipped_vertices(box.lo, box.hi)
    frame = Frame(reduced, box, vertices, box.center)
    assert [reduced.objective(1, 2, (p, F(0))) for p in (F(1, 2), F(11, 20), F(3, 5), F(4, 5))] == [4] * 4
    assert frame.best_bound(choice.families(frame, 1, 2) for choice in bound_choices(frame, 1, 2, box))[0] == 4


@pytest.mark.slow
def test_a_plateau_of_w1_closes():
    """Before the bound of X − Y, the nested search spent its budget of 1000 boxes on this
    plateau (95 s) and stopped 3.5e-5 wide; now it closes to 1e-12 (about 400 boxes), with
    leaves of both kinds, and its certificate re-checks."""
    reduced = ReducedGame(rank_game(plateau_game(), (0, 1, 2, 3)))
    result = maximise_nested(reduced)
    low, high = ends(result.value)
    assert low <= 4 <= high and high - low <= F(1, 10**12)
    assert {type(side) for _, choice in result.certificate.leaves.values() for side in _sides(choice)} >= {Choice, NestedChoice}
    assert check_bound_certificate(reduced, result.certificate) == high


def benchmark_game_2x2x2x2() -> Game:
    """The third 2×2×2×2 game of ``benchmarks/bench_nplayer.py`` (seed 20261126)."""
    flat = [[9, -7, -8, -8, -4, 5, 3, -2, 5, -8, -8, -4, 5, -2, 5, 7],
            [3, -6, -2, -7, 4, -8, 9, -6, -5, 9, 1, 8, -3, 7, 4, -8],
            [-5, -7, 6, 3, -3, 5, 9, -2, 8, -4, 8, -3, 5, -4, 7, 5],
            [-9, 8, -3, -7, 8, -1, 2, 3, -1, 5, -6, -4, 2, 3, -3, -4]]
    return Game.from_tables(["1", "2", "3", "4"], [["0", "1"]] * 4, [[F(v) for v in row] for row in flat])


@pytest.mark.parametrize("order", [pytest.param((2, 0, 1, 3), marks=pytest.mark.slow), (2, 0, 3, 1),
                                   pytest.param((3, 1, 2, 0), marks=pytest.mark.slow)])
def test_a_nested_maximum_on_the_boundary_closes(order):
    """W_1 of four players peaking at a pure strategy of rank 1 (the domain's boundary) with a
    nonzero slope, while rank 2 is indifferent over a whole interval: with the choices centred
    on each box, the bound kept a second-order excess at the boundary on every box of that
    interval (stalled at 6.8e-9 after 6000 boxes); anchored at the best strategy, with the
    concave square terms bounded by their tangents there, it closes in a few boxes."""
    reduced = ReducedGame(rank_game(benchmark_game_2x2x2x2(), order))
    result = maximise_nested(reduced)
    assert width(result.value) <= F(1, 10**12)
    assert result.boxes < 100
    assert result.witness[0] in ((F(0), F(1)), (F(1), F(0)))
    assert check_bound_certificate(reduced, result.certificate) == ends(result.value)[1]


def polynomial_frame(radius: F) -> Frame:
    """A frame on the box of radius ``radius`` around (1/2, 1/2) of a 2×2×2×2 reduced game."""
    reduced = ReducedGame(rank_game(benchmark_game_2x2x2x2(), (0, 1, 2, 3)))
    box = Box((F(1, 2) - radius, F(1, 2) - radius), (F(1, 2) + radius, F(1, 2) + radius))
    return Frame(reduced, box, reduced.space.clipped_vertices(box.lo, box.hi), box.center)


@given(st.dictionaries(st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda e: sum(e) <= 3),
                       rationals(-5, 5, (1, 2, 3)), max_size=8),
       st.sampled_from([F(1, 2), F(1, 8), F(1, 1000)]))
def test_polynomial_bounds_hold_on_the_whole_box(terms, radius):
    """The bound of a polynomial in centred coordinates holds at every point of a grid on the box."""
    frame = polynomial_frame(radius)
    poly = frame.ring.from_dict({e: to_fmpq(c) for e, c in terms.items()})
    bound = to_fmpq(frame.best_bound([[[poly]]])[0])
    grid = [radius * F(k, 4) for k in range(-4, 5)]
    assert all(poly(to_fmpq(u), to_fmpq(v)) <= bound for u in grid for v in grid)


def test_a_concave_square_is_bounded_by_its_tangent_at_a_vertex():
    """−u² − 5u on [−r, r]² peaks at the vertex u = −r, at 5r − r²: the tangent there makes
    the bound exact, where |coefficient|·r² would add 2r²."""
    radius = F(1, 8)
    frame = polynomial_frame(radius)
    u, _ = frame.ring.gens()
    assert frame.best_bound([[[-u**2 - 5 * u]]])[0] == 5 * radius - radius**2
    assert frame.best_bound([[[u**2 - 5 * u]]])[0] == 5 * radius + radius**2


def test_more_boxes_never_raise_the_upper_end():
    """A half keeps its parent's choice (re-centred) when that bounds it better, so the proved
    upper end falls with every split.  Before, a half could prove less than its parent: this
    search proved an upper end 0.3 higher after 20 boxes than after 10 (and a nested search on
    the kink game's ordering (2,3,1,4), 3.6e-6 after 1000 boxes but 5.2e-6 after 3000)."""
    reduced = ReducedGame(rank_game(random_game(1, (2, 2, 2, 2)), (2, 0, 3, 1)))
    results = [maximise_contextual(reduced, 1, 3, budget=b) for b in (10, 20, 40, 80)]
    uppers = [ends(r.value)[1] for r in results]
    assert uppers == sorted(uppers, reverse=True) and uppers[-1] < uppers[0]
    assert all(check_bound_certificate(reduced, r.certificate) == u for r, u in zip(results, uppers))


def test_a_stalled_search_stops_with_a_proved_enclosure(monkeypatch):
    """A search whose last STALL boxes did not halve the gap between its ends stops before its
    budget: here after 25 boxes instead of the 253 that close it.  Its enclosure still holds the
    maximum and its certificate re-checks."""
    reduced = ReducedGame(rank_game(random_game(1, (2, 2, 2, 2)), (2, 0, 3, 1)))
    full = maximise_contextual(reduced, 1, 3, budget=400, snapping=False)
    monkeypatch.setattr(search_maxima, "STALL", 8)
    stopped = maximise_contextual(reduced, 1, 3, budget=400, snapping=False)
    (low, high), (full_low, full_high) = ends(stopped.value), ends(full.value)
    assert stopped.boxes < full.boxes < 400 and full_high - full_low <= TOLERANCE < high - low
    assert (stopped.stopped, full.stopped) == (STALLED, CONVERGED)
    assert low <= full_low <= full_high <= high
    assert check_bound_certificate(reduced, stopped.certificate) == high


def test_nested_four_player_certificates_recheck_and_refuse_tampering():
    """W_1 of four players (a maximum over rank 1 of a difference of maxima over rank 2):
    every leaf's NestedChoice (X's choice, rank 2's affine reply, rank 3's strategy and duals)
    re-proves the upper end from the game alone; a lowered bound, a reply that is not a
    strategy, a leaf bounding another difference, or a nested certificate claimed for
    another maximum is refused."""
    reduced = ReducedGame(rank_game(random_game(0, (2, 2, 2, 2)), (0, 1, 2, 3)))
    result = maximise_nested(reduced)
    upper = check_bound_certificate(reduced, result.certificate)
    assert ends(result.value)[0] <= upper <= ends(result.value)[1]
    leaves = result.certificate.leaves
    assert {type(choice) for _, choice in leaves.values()} == {NestedChoice, Choice}
    key, (bound, choice) = next((key, leaf) for key, leaf in leaves.items() if isinstance(leaf[1], NestedChoice))
    with pytest.raises(CertificateError, match="do not prove"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound - 1, choice)}))
    stretched = NestedChoice(choice.x, [2 * q for q in choice.reply], choice.nu, choice.c0, choice.duals)
    with pytest.raises(CertificateError, match="affine distribution"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, stretched)}))
    against_rank_3 = Choice(choice.x.duals, 3)  # would bound V[·, 1:3] − V[·, 3:3], not X − Y
    with pytest.raises(CertificateError, match="coalition"):
        check_bound_certificate(reduced, BoundCertificate(1, 2, (), {**leaves, key: (bound, against_rank_3)}))
    with pytest.raises(CertificateError, match="W_1 of four players"):
        check_bound_certificate(reduced, BoundCertificate(1, 3, (), leaves))


def test_orderings_share_every_maximum_symmetric_in_their_first_ranks():
    """``W_b`` is one maximum over the strategies of ranks 1..b together, so orderings that
    agree after rank b share it: ROSE of three players computes W_1 for each of the 6
    orderings and W_2 once per last player (3), and the values agree with orderings computed
    alone (equal where exact, overlapping enclosures otherwise)."""
    game = random_game(0, (3, 3, 2))
    maxima = Maxima()
    together = [initiative_values(game, order, maxima) for order in itertools.permutations(range(3))]
    assert len(maxima) == 6 + 3
    for result in together:
        alone = initiative_values(game, result.order)
        for value, single in zip(result.values, alone.values):
            low, high = ends(value)
            assert low <= ends(single)[1] and ends(single)[0] <= high
            if not isinstance(value, Enclosure) and not isinstance(single, Enclosure):
                assert value == single
        check_propositions(game, result.values)
