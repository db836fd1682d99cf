"""General (NTU) equilibria via importance weights and their claims (Props 3.3, 6.3, 7.3)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given

from exactrose.applications.equilibria import (
    check_equilibrium,
    equilibria_two_players,
    frontier_facet_normals,
    pareto_frontier,
    search_equilibria,
    weighted_game,
    weighted_values,
)
from exactrose.errors import InputError
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.model.game import Game
from exactrose.model.transform import permute_players
from exactrose.values.shapley import coco_value
from proofs.equilibrium_claims import (
    check_3_3,
    check_6_3,
    check_7_3,
    coco_equilibria_exist,
    rose_equilibria_exist,
)
from tests.strategies import games, rationals

F = Fraction

#: (2, 3) dominates every other outcome (all (0, 0)).
UTOPIA = Game.from_arrays([[2, 0], [0, 0]], [[3, 0], [0, 0]])
#: Two outcomes (4, 0) and (0, 4) and disagreement (0, 0): the frontier is one edge.
SPLIT = Game.from_arrays([[4, 0], [0, 0]], [[0, 0], [0, 4]])


def test_utopia_point_rose_equilibrium_for_every_weight():
    # Weighted game (2λ, 3(1 − λ)) at one cell, 0 elsewhere: V_1 = 2λ, V_2 = 3(1 − λ), so
    # R_1 = ½(2λ + 3 − 3λ) + ½(2λ − 3 + 3λ) = 2λ: every λ in [0, 1] makes (2, 3) an equilibrium.
    (only,) = equilibria_two_players(UTOPIA, "rose")
    assert only.point == (2, 3) and only.weights == (0, 1) and only.weights_to == (1, 0) and only.positive
    assert check_equilibrium(UTOPIA, (2, 3), (0, 1), "rose") is True  # a zero weight: φ_1 = 0


def test_utopia_point_coco_equilibrium_needs_one_weight():
    # The threat game ((2λ − 3(1 − λ))/2 at one cell, 0 elsewhere) has value 0, so
    # coco_1 = (3 − λ)/2 = 2λ only at λ = 3/5.
    (only,) = equilibria_two_players(UTOPIA, "coco")
    assert only.point == (2, 3) and only.weights == (F(3, 5), F(2, 5)) and only.weights_to is None
    assert check_equilibrium(UTOPIA, (2, 3), (F(3, 5), F(2, 5)), "coco") is True
    assert check_equilibrium(UTOPIA, (2, 3), (F(1, 2), F(1, 2)), "coco") is False


@pytest.mark.parametrize("concept", ["coco", "rose"])
def test_symmetric_split_is_an_edge_equilibrium(concept):
    found = equilibria_two_players(SPLIT, concept)
    assert any(e.point == (2, 2) and e.weights == (F(1, 2), F(1, 2)) for e in found)
    swapped = equilibria_two_players(permute_players(SPLIT, [1, 0]), concept)
    assert sorted(e.point[::-1] for e in found) == sorted(e.point for e in swapped)


def test_pareto_frontier_vertices_and_normal_cones():
    game = Game.from_arrays([[0, 10], [8, 0]], [[10, 0], [6, 0]])  # outcomes (0,10), (10,0), (8,6), (0,0)
    frontier = pareto_frontier(game)
    assert [v.point for v in frontier] == [(0, 10), (8, 6), (10, 0)]
    # Edge (0,10)-(8,6) has normal (1, 2) -> λ = 1/3; edge (8,6)-(10,0) normal (3, 1) -> λ = 3/4.
    assert [(v.low, v.high) for v in frontier] == [(0, F(1, 3)), (F(1, 3), F(3, 4)), (F(3, 4), 1)]


@given(games(2, 3, rationals(-2, 2)))
def test_every_equilibrium_satisfies_its_definition(game):
    for concept in ("coco", "rose"):
        phi = weighted_values(game, concept)
        for e in equilibria_two_players(game, concept):
            for weights in [e.weights] + ([e.weights_to] if e.weights_to else []):
                lam = weights[0]
                assert phi[0](lam) == lam * e.point[0] or (lam == 0 and phi[0](lam) == 0)
                assert phi[1](lam) == (1 - lam) * e.point[1] or (lam == 1 and phi[1](lam) == 0)
                if isinstance(lam, Fraction) and 0 < lam < 1:
                    assert check_equilibrium(game, e.point, weights, concept) is True


@given(games(2, 3, rationals(-2, 2)))
def test_coco_equilibria_exist_on_the_closed_simplex(game):
    assert coco_equilibria_exist(game).holds


def test_coco_equilibria_may_need_a_zero_weight_but_rose_ones_do_not():
    # A random 2x3 game (found by a scan) whose only CoCo equilibria have a zero weight.
    game = Game.from_arrays([[2, 0, 1], [0, 1, -1]], [[-1, -2, -1], [-1, -1, -1]])
    coco = equilibria_two_players(game, "coco")
    assert coco and not any(e.positive for e in coco)
    assert rose_equilibria_exist(game).holds


@given(games(2, 3, rationals(-2, 2)))
def test_props_3_3_6_3_7_3_hold(game):
    assert check_3_3(game).holds
    assert check_6_3(game).holds
    assert check_7_3(game).holds


def test_algebraic_weights_agree_with_direct_solves_either_side():
    # Found by a scan: a CoCo equilibrium at the frontier vertex (4, 4) whose weight is the
    # root λ* ≈ 0.44291 of 29λ² − 58λ + 20.  Independent check: coco_1 − 4λ of the weighted
    # game, solved directly at rationals just below and above λ*, changes sign.
    game = Game.from_arrays([[1, 1, 3], [4, -1, 0], [-2, 1, 4]], [[0, 4, -3], [4, 4, -1], [1, -1, -4]])
    (e,) = [e for e in equilibria_two_players(game, "coco") if isinstance(e.weights[0], RealAlgebraic)]
    assert e.point == (4, 4) and e.weights[0].minimal_polynomial == (29, -58, 20)
    below, above = e.weights[0].refine(F(1, 10**6)).interval
    signs = []
    for lam in (below, above):
        phi = coco_value(weighted_game(game, (lam, 1 - lam))).values
        signs.append((phi[0] - 4 * lam > 0) - (phi[0] - 4 * lam < 0))
    assert signs[0] == -signs[1] != 0


def test_three_player_search_finds_verified_equilibria():
    # Outcomes (3,0,0), (0,3,0), (0,0,3), (0,0,0): the frontier is the facet x1 + x2 + x3 = 3
    # with normal (1/3, 1/3, 1/3); a cube's frontier is one vertex and has no facet.
    outcomes = [[3, 0, 0], [0, 3, 0], [0, 0, 3], [0, 0, 0]]
    game = Game.from_function((2, 2, 1), lambda p: outcomes[2 * p[0] + p[1]])
    third = (F(1, 3),) * 3
    assert frontier_facet_normals(game) == [third]
    assert frontier_facet_normals(Game.from_function((2, 2, 2), lambda p: [1 - p[0], 1 - p[1], 1 - p[2]])) == []
    for concept in ("coco", "rose"):
        found = search_equilibria(game, concept, grid=3)
        assert [e.weights for e in found] == [third]
        assert sum(found[0].point) == 3 and all(x >= 0 for x in found[0].point)
        assert check_equilibrium(game, found[0].point, third, concept) is True


def test_bad_input():
    with pytest.raises(InputError, match="concept"):
        equilibria_two_players(UTOPIA, "nash")
    with pytest.raises(InputError, match="non-negative"):
        check_equilibrium(UTOPIA, (2, 3), (-1, 2), "rose")
    with pytest.raises(InputError, match="two-player"):
        equilibria_two_players(Game.from_function((1, 1, 1), lambda p: [0, 0, 0]), "rose")
    with pytest.raises(InputError, match="weights"):
        check_equilibrium(UTOPIA, (2, 3), (0.5, 0.5), "rose")
