"""Bargaining games (essay "ROSE Bargaining"): ROSE points, random dictator, Nash,
Kalai–Smorodinsky, egalitarian and utilitarian solutions, on hand-worked polygons and random
ones, and the ``exactrose bargain`` command."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import rationals

from exactrose.applications.bargaining import (
    BargainingGame,
    RosePoint,
    Segment,
    check_rose_point,
    convex_hull,
    parse_bargaining_json,
)
from exactrose.cli import main
from exactrose.errors import CertificateError, FloatRefusedError, InputError
from exactrose.input.formats import read_game, write_game
from exactrose.model.game import Game

DATA = Path(__file__).parent / "data"
ESSAY = [(0, 0), (10, 0), (0, 10), (8, 6)]


def points_of(roses: tuple[RosePoint, ...]) -> list[tuple[F, F]]:
    return [r.point for r in roses]


def dominates(x: tuple[F, F], y: tuple[F, F]) -> bool:
    return x[0] >= y[0] and x[1] >= y[1]


# ------------------------------------------------------------------ hand-worked polygons


def test_essay_three_rose_points():
    # F = hull{(0,0), (10,0), (8,6), (0,10)}, d = 0.  M_1 = M_2 = 10 (the axis vertices).
    # Edge (10,0)-(8,6): normal a = (3,1), max a·y = 30, a·M = 40, k = 5:
    #   x = M − k(1/3, 1) = (25/3, 5), on the edge (x_2 = 3(10 − x_1)).
    # Edge (8,6)-(0,10): a = (1,2), max a·y = 20, a·M = 30, k = 5: x = (5, 15/2), on the edge.
    # Vertex (8,6): a = (M_2 − 6, M_1 − 8) = (4,2) ∝ (2,1), between (3,1) and (1,2): in its cone.
    game = BargainingGame(ESSAY, (0, 0))
    assert game.vertices == ((0, 0), (10, 0), (8, 6), (0, 10))
    assert game.M == (10, 10)
    roses = game.rose_points()
    assert points_of(roses) == [(5, F(15, 2)), (8, 6), (F(25, 3), 5)]
    assert [r.weights for r in roses] == [(1, 2), (2, 1), (3, 1)]
    for rose in roses:
        check_rose_point(game, rose)
        assert all(type(c) is F for c in rose.point + rose.weights)
    # P_1 = (10,0), P_2 = (0,10): random dictator (5,5), dominated by all three ROSE points.
    dictators = game.dictators()
    assert (dictators.player_1, dictators.player_2, dictators.random_dictator) == ((10, 0), (0, 10), (5, 5))
    # Nash: x_1 x_2 on x_2 = 3(10 − x_1) peaks at x_1 = 5 (off the edge), on x_2 = 10 − x_1/2 at
    # x_1 = 10 (off the edge): both edges give the vertex (8,6), product 48.
    nash = game.nash()
    assert (nash.point, nash.product, nash.degenerate) == ((8, 6), 48, False)
    # Kalai–Smorodinsky and egalitarian: t(1,1) on x_1 + 2 x_2 = 20: t = 20/3.
    assert game.kalai_smorodinsky().point == (F(20, 3), F(20, 3))
    assert game.kalai_smorodinsky().t == F(2, 3)
    assert game.egalitarian().point == (F(20, 3), F(20, 3))
    # Utilitarian: x_1 + x_2 is 10, 10, 14 at the frontier's vertices.
    assert game.utilitarian().maximisers == ((8, 6),)
    assert game.utilitarian().total == 14
    assert game.pareto_frontier() == ((0, 10), (8, 6), (10, 0))


def test_nash_need_not_dominate_random_dictator():
    # F = hull{(0,0), (4,0), (4,1), (0,2)}, d = 0.  M = (4, 2).  P_1 = (4,1) (top of the
    # vertical edge x_1 = 4), P_2 = (0,2); random dictator (2, 3/2).
    # Nash: on x_2 = 2 − x_1/4 the product x_1 (2 − x_1/4) increases up to x_1 = 4: (4,1), product 4.
    # (4,1) has x_2 = 1 < 3/2: Nash does not weakly dominate the random-dictator point.
    # ROSE: the edge (4,1)-(0,2) has a = (1,4), max a·y = 8, a·M = 12, k = 2: x = (2, 3/2), the
    # random-dictator point (the essay's "random-dictator point/only ROSE point").
    game = BargainingGame([(0, 0), (4, 0), (4, 1), (0, 2)], (0, 0))
    dictators = game.dictators()
    assert (dictators.player_1, dictators.player_2) == ((4, 1), (0, 2))
    assert dictators.random_dictator == (2, F(3, 2))
    nash = game.nash()
    assert nash.point == (4, 1) and nash.product == 4
    assert not dominates(nash.point, dictators.random_dictator)
    assert points_of(game.rose_points()) == [(2, F(3, 2))]
    assert game.rose_points()[0].weights == (1, 4)
    # KS: d + t(4,2) on x_1 + 4 x_2 = 8: 12 t = 8.  Egalitarian: 5 t = 8.
    assert game.kalai_smorodinsky().point == (F(8, 3), F(4, 3))
    assert game.egalitarian().point == (F(8, 5), F(8, 5))
    assert game.utilitarian().maximisers == ((4, 1),) and game.utilitarian().total == 5


def test_triangle_with_a_utilitarian_segment():
    # F = hull{(0,0), (4,0), (0,4)}, d = (1,0).  M_1 = 4 (x_2 >= 0), M_2 = 3 (x_1 >= 1).
    # ROSE: a = (1,1), max a·y = 4, a·M = 7, k = 3/2: (5/2, 3/2).  Vertex (4,0): a = (3, 0), not > 0.
    # Random dictator: P_1 = (4,0), P_2 = (1,3): (5/2, 3/2).  Nash: (x_1 − 1)(4 − x_1) peaks at 5/2.
    # KS: (1,0) + t(3,3) on x_1 + x_2 = 4: t = 1/2.  Egalitarian: 1 + 2t = 4, t = 3/2.
    # Utilitarian: the whole edge from (1,3) to (4,0), total 4.
    game = BargainingGame([(0, 0), (4, 0), (0, 4)], (1, 0))
    assert game.M == (4, 3)
    assert points_of(game.rose_points()) == [(F(5, 2), F(3, 2))]
    assert game.dictators().random_dictator == (F(5, 2), F(3, 2))
    assert game.nash().point == (F(5, 2), F(3, 2)) and game.nash().product == F(9, 4)
    assert game.nash().normal == (F(3, 2), F(3, 2))
    assert game.kalai_smorodinsky().t == F(1, 2)
    assert game.egalitarian().point == (F(5, 2), F(3, 2)) and game.egalitarian().t == F(3, 2)
    assert game.utilitarian().maximisers == (Segment((1, 3), (4, 0)),)
    assert game.utilitarian().total == 4


def test_frontier_end_vertex_needs_a_positive_weight():
    # F = hull{(0,0), (2,0), (1,2), (0,2)}, d = 0: M = (2,2), not feasible.  The edge (2,0)-(1,2)
    # has a = (2,1), max a·y = 4, a·M = 6, k = 1: x = (3/2, 1).  The frontier's top end (1,2)
    # has M − x = (1, 0): the equation a_1 · 1 = a_2 · 0 needs a_1 = 0, so (1,2) is NOT a ROSE
    # point, although its normal cone reaches (0,1).  (Taking it would break the dominance of
    # the random-dictator point (3/2, 1): P_1 = (2,0), P_2 = (1,2), ties going to player 1.)
    game = BargainingGame([(0, 0), (2, 0), (1, 2), (0, 2)], (0, 0))
    assert points_of(game.rose_points()) == [(F(3, 2), 1)]
    assert game.dictators().player_2 == (1, 2)
    assert game.dictators().random_dictator == (F(3, 2), 1)
    with pytest.raises(CertificateError, match="strictly positive"):
        check_rose_point(game, RosePoint((1, 2), (0, 1)))


def test_feasible_ideal_point_is_the_only_rose_point():
    # The square [0,2]²: M = (2,2) is feasible, so it is the ROSE point (any a > 0 works).
    game = BargainingGame([(0, 0), (2, 0), (2, 2), (0, 2)], (0, 0))
    (rose,) = game.rose_points()
    assert rose.point == (2, 2)
    check_rose_point(game, rose)
    # M is feasible only where it caps both players: M_1 − x_1 and M_2 − x_2 have opposite signs
    # along any edge with a positive normal through M, so beside a corner like (2,2) above, M can
    # only be d itself.  The essay's polygon with d at its vertices: the ROSE point is d, with a
    # currency from the normal cone (the sum of the two edge normals (3,1) + (1,2) at (8,6); at the
    # ends of the frontier the edge normal tilted towards the axis the cone reaches).
    for d, weights in (((8, 6), (4, 3)), ((10, 0), (6, 1)), ((0, 10), (1, 4))):
        game = BargainingGame(ESSAY, d)
        assert game.M == d
        (rose,) = game.rose_points()
        assert rose == RosePoint(d, weights)
        check_rose_point(game, rose)


def test_essay_rose_points_do_not_move_with_d_in_the_walled_region():
    # The essay's picture with the chunk sticking off cut out: walls at x_1 = 10 and x_2 = 10 keep
    # M = (10, 10) for every d in [-5, 0]²; the ROSE points stay put, the others move.
    walled = [(-5, -5), (10, -5), (10, 0), (8, 6), (0, 10), (-5, 10)]
    seen = set()
    for d in [(0, 0), (-5, -5), (-1, -3), (F(-7, 2), 0), (0, -5)]:
        game = BargainingGame(walled, d)
        assert game.M == (10, 10)
        assert points_of(game.rose_points()) == [(5, F(15, 2)), (8, 6), (F(25, 3), 5)]
        seen.add(game.kalai_smorodinsky().point)
    assert len(seen) > 1


def test_degenerate_single_point():
    game = BargainingGame([("1", "2"), (1, 2)], (1, 2))
    assert game.vertices == ((1, 2),)
    assert game.pareto_frontier() == ((1, 2),)
    solutions = game.solve()
    assert points_of(solutions.rose) == [(1, 2)]
    check_rose_point(game, solutions.rose[0])
    assert solutions.dictators.random_dictator == (1, 2)
    assert solutions.nash.point == (1, 2) and solutions.nash.degenerate
    assert solutions.kalai_smorodinsky.point == solutions.egalitarian.point == (1, 2)
    assert solutions.utilitarian.maximisers == ((1, 2),)


def test_degenerate_rising_segment():
    # F = the segment (0,0)-(2,1), d = 0: M = (2,1) feasible -> the ROSE point.  Nash: x_1 x_2 on
    # the segment peaks at (2,1) (product 2).  Egalitarian: (t,t) is in F only for t = 0.
    game = BargainingGame([(0, 0), (2, 1), (1, F(1, 2))], (0, 0))
    assert game.vertices == ((0, 0), (2, 1))
    assert points_of(game.rose_points()) == [(2, 1)]
    check_rose_point(game, game.rose_points()[0])
    assert game.dictators().random_dictator == (2, 1)
    assert game.nash().point == (2, 1) and game.nash().product == 2 and game.nash().normal == (1, 2)
    assert game.kalai_smorodinsky().point == (2, 1)
    assert game.egalitarian().point == (0, 0)
    assert game.utilitarian().maximisers == ((2, 1),)


def test_degenerate_falling_segment_with_d_on_it():
    # F = the segment (-1,1)-(1,-1), d = (0,0) on it: M = (0,0) = d.  Everything is d; the Nash
    # product is 0 everywhere on F ∩ {x >= d} = {d} (degenerate case).
    game = BargainingGame([(-1, 1), (1, -1)], (0, 0))
    assert game.M == (0, 0)
    (rose,) = game.rose_points()
    assert rose.point == (0, 0) and rose.weights == (1, 1)
    check_rose_point(game, rose)
    assert game.nash().degenerate and game.nash().point == (0, 0)
    assert game.utilitarian().maximisers == ((0, 0),)
    # A falling segment with d below its middle's ends: d = (-1/2, 1/2) ... on the segment too.
    game = BargainingGame([(0, 3), (3, 0)], (1, 2))
    assert game.M == (1, 2) and points_of(game.rose_points()) == [(1, 2)]


def test_nash_degenerate_case_takes_the_pareto_best_point():
    # F = the rectangle [0,4]x[0,2], d = (1,2) on its top edge: F ∩ {x >= d} is the segment
    # (1,2)-(4,2), where the Nash product is 0.  The documented answer: its Pareto-best point (4,2).
    game = BargainingGame([(0, 0), (4, 0), (4, 2), (0, 2)], (1, 2))
    nash = game.nash()
    assert nash.degenerate and nash.point == (4, 2) and nash.product == 0 and nash.normal is None
    assert points_of(game.rose_points()) == [(4, 2)]


def test_convex_hull_is_exact_and_counter_clockwise():
    hull = convex_hull([(F(1, 3), 0), (1, 1), (0, 1), (F(1, 2), F(1, 2)), (F(2, 3), F(1, 3)), (1, 0), (0, 0)])
    assert hull == ((0, 0), (1, 0), (1, 1), (0, 1))
    assert convex_hull([(0, 0), (1, 1), (2, 2), (1, 1)]) == ((0, 0), (2, 2))
    assert all(type(c) is F for v in hull for c in v)


# ------------------------------------------------------------------ games


def test_from_prisoners_dilemma():
    # Outcomes (3,3), (0,5), (5,0), (1,1); d = the maximin values (1,1).  M_1: on the edge
    # (3,3)-(5,0), x_2 = 1 at x_1 = 13/3; M = (13/3, 13/3).  The edge (5,0)-(3,3): a = (3,2),
    # max a·y = 15, a·M = 65/3, k = 10/3: x = (13/3 − 10/9, 13/3 − 5/3) = (29/9, 8/3); by symmetry
    # (8/3, 29/9); and the vertex (3,3) with a ∝ (1,1), between (3,2) and (2,3).
    game = BargainingGame.from_game(read_game(DATA / "pd_payoff.nfg"))
    assert game.disagreement == (1, 1)
    assert game.M == (F(13, 3), F(13, 3))
    assert points_of(game.rose_points()) == [(F(8, 3), F(29, 9)), (3, 3), (F(29, 9), F(8, 3))]
    assert game.nash().point == (3, 3)


def test_from_game_refuses_other_player_counts_and_infeasible_maximin():
    with pytest.raises(InputError, match="exactly 2 players, the game has 3"):
        BargainingGame.from_game(read_game(DATA / "three_player_exact.nfg"))
    # U_1 = U_2 = [[1,1],[0,0]]: maximin (1, 0) is off the segment of outcomes (0,0)-(1,1).
    common = Game.from_arrays([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    with pytest.raises(InputError, match=r"disagreement: the maximin values \(1, 0\)"):
        BargainingGame.from_game(common)
    assert BargainingGame.from_game(common, (0, 0)).rose_points()[0].point == (1, 1)


def test_input_errors_name_the_field():
    with pytest.raises(FloatRefusedError, match=r"points\[1\]\[0\]"):
        BargainingGame([(0, 0), (0.5, 1)], (0, 0))
    with pytest.raises(FloatRefusedError, match=r"disagreement\[1\]"):
        BargainingGame([(0, 0), (1, 1)], (0, 0.0))
    with pytest.raises(InputError, match=r"points\[2\]: expected a pair"):
        BargainingGame([(0, 0), (1, 1), (1, 2, 3)], (0, 0))
    with pytest.raises(InputError, match=r"disagreement: the point \(3, 3\) is not in the feasible set"):
        BargainingGame([(0, 0), (4, 0), (0, 4)], (3, 3))
    with pytest.raises(InputError, match="points: expected at least one"):
        BargainingGame([], (0, 0))


# ------------------------------------------------------------------ random polygons

coordinates = rationals(-4, 4, (1, 2))


@st.composite
def bargaining_games(draw, max_points: int = 6) -> BargainingGame:
    """A polygon with small rational vertices and d a rational convex combination of them."""
    points = draw(st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=max_points))
    weights = draw(st.lists(st.integers(0, 3), min_size=len(points), max_size=len(points)).filter(any))
    total = sum(weights)
    d = (sum(w * p[0] for w, p in zip(weights, points)) / total, sum(w * p[1] for w, p in zip(weights, points)) / total)
    return BargainingGame(points, d)


@settings(max_examples=100, deadline=None)
@given(bargaining_games())
def test_rose_points_exist_check_and_dominate_random_dictator(game):
    roses = game.rose_points()
    assert roses, "every bargaining game has a ROSE point"
    dictator = game.dictators().random_dictator
    for rose in roses:
        check_rose_point(game, rose)
        assert dominates(rose.point, dictator)  # the essay: ROSE points beat "flip a coin"
        assert dominates(rose.point, game.disagreement)
    assert len({r.point for r in roses}) == len(roses)


@settings(max_examples=100, deadline=None)
@given(bargaining_games())
def test_solutions_are_feasible_and_optimal(game):
    d = game.disagreement
    region = game.individually_rational
    nash = game.nash()
    assert game.contains(nash.point) and dominates(nash.point, d)
    if not nash.degenerate:
        # First-order condition: the product's gradient is maximised over F ∩ {x >= d} at the point.
        assert all(nash.normal[0] * (v[0] - nash.point[0]) + nash.normal[1] * (v[1] - nash.point[1]) <= 0
                   for v in region)
        assert nash.product == (nash.point[0] - d[0]) * (nash.point[1] - d[1]) > 0
    for ray, cap in ((game.kalai_smorodinsky(), F(1)), (game.egalitarian(), None)):
        assert game.contains(ray.point)
        assert ray.point == (d[0] + ray.t * ray.direction[0], d[1] + ray.t * ray.direction[1])
        if ray.direction != (0, 0) and (cap is None or ray.t < cap):
            beyond = ray.t + F(1, 1000)
            assert not game.contains((d[0] + beyond * ray.direction[0], d[1] + beyond * ray.direction[1]))
    utilitarian = game.utilitarian()
    assert all(v[0] + v[1] <= utilitarian.total for v in region)
    for item in utilitarian.maximisers:
        for x in ((item.start, item.end) if isinstance(item, Segment) else (item,)):
            assert game.contains(x) and dominates(x, d) and x[0] + x[1] == utilitarian.total
    p1, p2 = game.dictators().player_1, game.dictators().player_2
    assert p1[1] >= d[1] and p1[0] == game.M[0] and p2[0] >= d[0] and p2[1] == game.M[1]


@settings(max_examples=60, deadline=None)
@given(bargaining_games(), st.integers(0, 10**6))
def test_rose_points_do_not_move_when_d_moves_without_changing_m(game, seed):
    # Move d towards each vertex of F (and back to each vertex's midpoint with d); whenever the
    # new d leaves M_1 and M_2 unchanged, the ROSE points must not move.
    d = game.disagreement
    fractions = [F(1, 4), F(1, 2), F(1, 1), F(seed % 7 + 1, 9)]
    roses = points_of(game.rose_points())
    for v in game.vertices:
        for t in fractions:
            moved = (d[0] + t * (v[0] - d[0]), d[1] + t * (v[1] - d[1]))
            other = BargainingGame(game.vertices, moved)
            if other.M == game.M:
                assert points_of(other.rose_points()) == roses


transforms = st.tuples(rationals(1, 4, (1, 2, 3)), rationals(1, 4, (1, 2, 3)), coordinates, coordinates)


def _map(point, alpha, beta):
    return (alpha[0] * point[0] + beta[0], alpha[1] * point[1] + beta[1])


@settings(max_examples=80, deadline=None)
@given(bargaining_games(), transforms)
def test_scale_and_shift_covariance(game, transform):
    a1, a2, b1, b2 = transform
    alpha, beta = (a1, a2), (b1, b2)
    moved = BargainingGame([_map(v, alpha, beta) for v in game.vertices], _map(game.disagreement, alpha, beta))
    assert moved.M == _map(game.M, alpha, beta)
    assert points_of(moved.rose_points()) == sorted(_map(x, alpha, beta) for x in points_of(game.rose_points()))
    assert moved.dictators().random_dictator == _map(game.dictators().random_dictator, alpha, beta)
    assert moved.nash().point == _map(game.nash().point, alpha, beta)
    assert moved.kalai_smorodinsky().point == _map(game.kalai_smorodinsky().point, alpha, beta)
    # Equal scales: egalitarian and utilitarian are covariant too.
    equal = (a1, a1)
    same = BargainingGame([_map(v, equal, beta) for v in game.vertices], _map(game.disagreement, equal, beta))
    assert same.egalitarian().point == _map(game.egalitarian().point, equal, beta)

    def faces(g, f=lambda x: x):
        return [(f(i.start), f(i.end)) if isinstance(i, Segment) else f(i) for i in g.utilitarian().maximisers]

    assert faces(same) == faces(game, lambda x: _map(x, equal, beta))


def test_egalitarian_and_utilitarian_are_not_covariant_under_unequal_scales():
    # Triangle (0,0), (4,0), (0,4), d = 0: egalitarian (2,2).  Doubling player 1's scale gives the
    # triangle (0,0), (8,0), (0,4), whose egalitarian point solves t/8 + t/4 = 1: (8/3, 8/3), not
    # the image (4,2).  Utilitarian: the whole hypotenuse before, only (8,0) after.
    game = BargainingGame([(0, 0), (4, 0), (0, 4)], (0, 0))
    scaled = BargainingGame([(0, 0), (8, 0), (0, 4)], (0, 0))
    assert game.egalitarian().point == (2, 2)
    assert scaled.egalitarian().point == (F(8, 3), F(8, 3)) != (4, 2)
    assert game.utilitarian().maximisers == (Segment((0, 4), (4, 0)),)
    assert scaled.utilitarian().maximisers == ((8, 0),)
    # ROSE, random dictator, Nash and KS map to (4,2) = the image of (2,2).
    assert points_of(scaled.rose_points()) == [(4, 2)]
    assert scaled.dictators().random_dictator == scaled.nash().point == scaled.kalai_smorodinsky().point == (4, 2)


@settings(max_examples=60, deadline=None)
@given(bargaining_games())
def test_rose_equation_never_holds_along_a_whole_edge(game):
    # Between two consecutive frontier vertices at most one point satisfies the equation for the
    # edge's currency: ROSE points are isolated, so none of them is reported twice.
    frontier = game.pareto_frontier()
    for p, q in zip(frontier, frontier[1:]):
        a = (p[1] - q[1], q[0] - p[0])
        values = [a[0] * (game.M[0] - x[0]) - a[1] * (game.M[1] - x[1]) for x in (p, q)]
        assert values[0] != values[1]


# ------------------------------------------------------------------ command line


def test_bargain_json_output(capsys):
    assert main(["bargain", str(DATA / "bargaining_three_rose_points.json"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rose_points"] == [["5", "15/2"], ["8", "6"], ["25/3", "5"]]
    assert out["random_dictator"] == ["5", "5"]
    assert out["nash"] == ["8", "6"]
    assert out["kalai_smorodinsky"] == ["20/3", "20/3"]
    assert out["egalitarian"] == ["20/3", "20/3"]
    assert out["utilitarian"] == [["8", "6"]]
    assert out["M"] == ["10", "10"] and out["disagreement"] == ["0", "0"]
    assert out["rose_weights"] == [["1", "2"], ["2", "1"], ["3", "1"]]


def test_bargain_segment_and_disagreement_option(tmp_path, capsys):
    path = tmp_path / "triangle.json"
    path.write_text(json.dumps({"points": [[0, 0], [4, 0], [0, 4]], "disagreement": ["0", "0"]}))
    assert main(["bargain", str(path), "--json", "--disagreement", "1,0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["utilitarian"] == [{"segment": [["1", "3"], ["4", "0"]]}]
    assert out["rose_points"] == [["5/2", "3/2"]]


def test_bargain_text_latex_and_plot(tmp_path, capsys):
    picture = tmp_path / "region.png"
    assert main(["bargain", str(DATA / "bargaining_three_rose_points.json"), "--plot", str(picture)]) == 0
    text = capsys.readouterr().out
    assert "ROSE               (25/3, 5)" in text and "random dictator    (5, 5)" in text
    assert picture.stat().st_size > 1000
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["bargain", str(DATA / "bargaining_three_rose_points.json"), "--latex"]) == 0
    latex = capsys.readouterr().out
    assert r"\toprule" in latex and r"\left(\frac{25}{3}, 5\right)" in latex and r"\bottomrule" in latex


def test_bargain_game_file(tmp_path, capsys):
    assert main(["bargain", str(DATA / "pd_payoff.nfg"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["disagreement"] == ["1", "1"] and out["rose_points"] == [["8/3", "29/9"], ["3", "3"], ["29/9", "8/3"]]
    path = tmp_path / "common.json"
    write_game(Game.from_arrays([[1, 1], [0, 0]], [[1, 1], [0, 0]]), path)
    assert main(["bargain", str(path)]) == 2
    assert "disagreement: the maximin values (1, 0)" in capsys.readouterr().err
    assert main(["bargain", str(path), "--disagreement=0,0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rose_points"] == [["1", "1"]]


@pytest.mark.parametrize("content, field", [
    ('{"points": [["0", "0"], [1.5, "0"]], "disagreement": ["0", "0"]}', "points[1][0]: expected an exact number, "
                                                                        "found the JSON float 1.5"),
    ('{"points": [["0", "0"], ["1", "0"], ["0", "1"]], "disagreement": ["1", "1"]}', "disagreement: the point (1, 1)"),
    ('{"points": [["0", "0"], ["x", "0"]], "disagreement": ["0", "0"]}', "points[1][0]: expected a rational number"),
    ('{"points": [["0", "0"], ["1"]], "disagreement": ["0", "0"]}', "points[1]: expected a pair"),
    ('{"points": [["0", "0"]]}', "disagreement: missing"),
    ('{"points": "many", "disagreement": ["0", "0"]}', "points: expected a list"),
    ('{"points": [["0", "0"]], "disagreement": ["0", "0"], "extra": 1}', "unknown key(s) extra"),
    ('{"points": [["0", "0"]], "disagreement": ["0", "0"],', "expected valid JSON"),
])
def test_bargain_bad_files(tmp_path, capsys, content, field):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["bargain", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{path}" in err and field in err


def test_bargain_bad_options_and_games(capsys):
    assert main(["bargain", str(DATA / "bargaining_three_rose_points.json"), "--disagreement", "1"]) == 2
    assert "--disagreement: expected two numbers" in capsys.readouterr().err
    assert main(["bargain", str(DATA / "bargaining_three_rose_points.json"), "--disagreement", "0.5,1.0.0"]) == 2
    assert "--disagreement x_2" in capsys.readouterr().err
    assert main(["bargain", str(DATA / "three_player_exact.nfg")]) == 2
    assert "exactly 2 players" in capsys.readouterr().err
    assert main(["bargain", str(DATA / "no_such_file.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_parse_bargaining_json_override():
    game = parse_bargaining_json('{"points": [[0, 0], [2, 0], [0, 2]]}', "x.json", disagreement=(F(1, 2), 0))
    assert game.disagreement == (F(1, 2), 0)


def test_plot_payoff_region_is_general(tmp_path):
    from exactrose.output.plot import plot_payoff_region, point_text

    path = tmp_path / "values.png"
    plot_payoff_region([(0, 0), (3, 0), (0, 3)], [(0, 3), (3, 0)], None,
                       [("CoCo", (F(3, 2), F(3, 2))), ("segment", ((0, 3), (1, 2)))], path, "values")
    assert path.stat().st_size > 1000
    assert point_text((F(25, 3), 5)) == "(25/3, 5)"
    with pytest.raises(InputError, match=r"labelled\[0\]"):
        plot_payoff_region([(0, 0)], [], (0, 0), [("bad", (1, 2, 3))], tmp_path / "bad.png")
