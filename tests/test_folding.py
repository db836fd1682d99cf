"""Folding what does not need searching (exactrose.values.initiative, exactrose.values.rose):
passive and null players at any rank, identical players, orderings sharing their maxima,
and the searches on worker processes."""

from __future__ import annotations

import itertools
import pickle
import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import games, rationals

from exactrose.applications.solve import solve_game
from exactrose.errors import NotComputableError
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.exact.enclosure import Enclosure
from exactrose.model.game import Game
from exactrose.model.transform import identical_classes, null_player_game, null_players
from exactrose.numeric.explicit import explicit_initiative_values
from exactrose.values.initiative import Maxima, initiative_values
from exactrose.values.parallel import plan_searches, search
from exactrose.values.rose import Orderings, _multiset_permutations, rose_value
from exactrose.values.shapley import shapley_rose_value
from exactrose.values.zerosum import maximin
from proofs.propositions import symmetrize


def random_game(seed: int, shape: tuple[int, ...], low: int = -3, high: int = 3) -> Game:
    rng = random.Random(seed)
    return Game.from_function(shape, lambda profile: [rng.randint(low, high) for _ in shape])


def with_nulls(game: Game, positions: list[int]) -> Game:
    for k, position in enumerate(positions):
        game = null_player_game(game, position, f"null{k}")
    return game


def exact(value: object) -> bool:
    return not isinstance(value, Enclosure)


# ------------------------------------------------------------------ null players
@settings(max_examples=25, deadline=None)
@given(games(players=2, max_actions=3, payoffs=rationals(-3, 3)), st.integers(0, 2), st.integers(0, 3))
def test_null_players_at_every_position_of_two_player_games(game, first, second):
    """Prop 10 at every rank of every ordering, with folding on and off: the null players get 0,
    the others their values in the game without them (exact rationals)."""
    bigger = with_nulls(game, [first, second])
    nulls = [i for i, name in enumerate(bigger.players) if name.startswith("null")]
    others = [i for i in range(4) if i not in nulls]
    assert set(nulls) <= set(null_players(bigger))
    for order in itertools.permutations(range(4)):
        values = initiative_values(bigger, order).values
        induced = tuple(others.index(i) for i in order if i in others)
        assert all(values[i] == 0 for i in nulls)
        assert tuple(values[i] for i in others) == initiative_values(game, induced).values
    for fold in (True, False):
        rose = rose_value(bigger, fold=fold).values
        assert all(rose[i] == 0 for i in nulls)
        assert tuple(rose[i] for i in others) == rose_value(game).values


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_null_players_at_every_position_of_three_player_games(seed):
    """A 2x2x2 game (exact algebraic values) with a null player at each of the four positions:
    every ordering's values are those of the induced ordering, exact, and 0 for the null."""
    game = random_game(seed, (2, 2, 2))
    core = rose_value(game).values
    for position in range(4):
        bigger = null_player_game(game, position)
        others = [i for i in range(4) if i != position]
        for order in itertools.permutations(range(4)):
            values = initiative_values(bigger, order).values
            induced = tuple(others.index(i) for i in order if i != position)
            assert values[position] == 0 and all(exact(v) for v in values)
            assert tuple(values[i] for i in others) == initiative_values(game, induced).values
        rose = rose_value(bigger).values
        assert rose[position] == 0 and tuple(rose[i] for i in others) == core


def test_a_game_with_three_null_players_is_as_fast_as_its_core():
    """2x2 plus three null players: the orderings computed are the core's two, every one of
    the 120 is listed, and the values are the core's."""
    game = random_game(4, (2, 2))
    bigger = with_nulls(game, [0, 2, 4])
    orderings = Orderings(bigger)
    assert orderings.core.shape == (2, 2) and orderings.count == 2
    result = rose_value(bigger)
    assert len(result.initiative) == 120
    assert [result.values[i] for i in (1, 3)] == list(rose_value(game).values)


# ------------------------------------------------------------------ passive players
@pytest.mark.slow
@pytest.mark.parametrize("shape, seed", [((2, 1, 2, 2), 0), ((1, 2, 2, 2), 1), ((2, 2, 1, 2), 2), ((2, 2, 2, 1), 3)])
def test_passive_players_of_four_fold_into_three_player_games(shape, seed):
    """A passive (one-action, not null) player of four: every ordering reduces to games of the
    three movers; the values agree with the essay's explicit formulas (a float scan) and sum to
    max Σ (Prop 4.1)."""
    game = random_game(seed, shape)
    maxima = Maxima()
    for order in itertools.permutations(range(4)):
        result = initiative_values(game, order, maxima)
        assert sum(result.values) == game.max_total() or not result.exact
        scan = explicit_initiative_values(game, order)
        for value, approximate in zip(result.values, scan.values):
            assert abs(float(value) - approximate) < 1e-6, (order, value, approximate)


def test_no_player_with_several_actions_gives_everyone_its_payoff():
    """Nine players with one action each: W_b is the sum of the first b payoffs, so every
    ordering gives every player its payoff; one ordering is computed, not 9!."""
    game = Game.from_function((1,) * 9, lambda a: list(range(1, 10)))
    assert Orderings(game).count == 1
    assert rose_value(game).values == tuple(F(k) for k in range(1, 10))


def test_too_many_orderings_are_refused_and_reported():
    game = Game.from_function((2,) + (1,) * 8, lambda a: [a[0] + k for k in range(9)])
    with pytest.raises(NotComputableError, match="362,880 initiative orderings"):
        rose_value(game)
    report = solve_game(game)
    assert "rose" not in report.values and report.stopped.startswith("too many orderings")
    assert set(report.values) == {"maximin", "coco", "shapley_rose"}


# ------------------------------------------------------------------ identical players
@pytest.mark.parametrize("seed, shape", [(0, (2, 2, 2)), (5, (2, 2, 3))])
def test_identical_players_get_equal_values_with_and_without_folding(seed, shape):
    """Prop 9: in symmetrize(G, 0, 1) players 1 and 2 are identical; the folded ROSE computes
    half the orderings and agrees with the unfolded one."""
    game = symmetrize(random_game(seed, shape), 0, 1)
    orderings = Orderings(game)
    assert identical_classes(game)[0] == [0, 1] and orderings.count == 3
    folded, unfolded = rose_value(game).values, rose_value(game, fold=False).values
    assert folded[0] == folded[1]
    for a, b in zip(folded, unfolded):
        if exact(a) and exact(b):
            assert a == b
        else:
            assert float(a) == pytest.approx(float(b), abs=1e-9)


# ------------------------------------------------------------------ five players
def five_player_bomb(houses_move: bool) -> Game:
    """Four house members and a bomb (essay "Somebody set up us the Bomb").  Quiet: each member
    at home gets 10, the bomb −1; explosion: members at home get 0, the bomb 0.  With
    ``houses_move``, Alice and Bob may also leave (2 whatever the bomb does)."""
    moving = 2 if houses_move else 1

    def payoffs(a: tuple[int, ...]) -> list[int]:
        quiet = a[4] == 0
        houses = [2 if k < 2 and a[k] == 1 else (10 if quiet else 0) for k in range(4)]
        return houses + [-1 if quiet else 0]

    return Game.from_function((moving, moving, 1, 1, 2), payoffs,
                              players=("Alice", "Bob", "Carol", "Dave", "Bomb"))


@pytest.mark.parametrize("houses_move", [False, True])
def test_five_player_bomb_gets_its_maximin_from_rose(houses_move):
    """Prop 11.2 for the bomb (maximin 0) where Shapley-ROSE pays it less, and Prop 4.2."""
    game = five_player_bomb(houses_move)
    assert maximin(game, 4).value == 0
    rose = rose_value(game).values
    assert all(exact(v) for v in rose)
    assert rose[4] >= 0 > shapley_rose_value(game).values[4]
    assert sum(rose) == game.max_total()
    assert rose[2] == rose[3] and rose[0] == rose[1]  # identical members (Prop 9)


@pytest.mark.slow
@settings(max_examples=4, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(2, 2, 1, 1, 1), (1, 2, 1, 2, 1), (2, 2, 2, 1, 1), (1, 2, 2, 1, 2)]))
def test_propositions_on_random_five_player_games(seed, shape):
    """Props 4.2, 10, 11.2 and 12.2 on random five-player games with up to three movers
    (undecided only where an enclosure straddles the bound)."""
    from proofs.propositions import check_4_2, check_10, check_11_2, check_12_2

    game = random_game(seed, shape)
    for check in (check_4_2, check_11_2, check_12_2) + ((check_10,) if sum(m > 1 for m in shape) <= 2 else ()):
        verdict = check(game)
        assert verdict.holds is not False, (check.__name__, verdict.evidence)


# ------------------------------------------------------------------ sharing and workers
def test_the_searches_are_planned_once_each():
    """Of the 24 orderings of a 2x2x2x2 game, the searches needed are W_1 per ordering (24),
    W_2 per ordered pair of last players (12) and W_3 per last player (4)."""
    game = random_game(0, (2, 2, 2, 2))
    planned = plan_searches(game, itertools.permutations(range(4)))
    assert sorted(b for _, b in planned) == [1] * 24 + [2] * 12 + [3] * 4


def test_a_search_on_another_process_returns_picklable_proofs():
    """A worker's maxima cross a process boundary pickled (python-flint's matrices and
    polynomials included) and give the same values as the search here."""
    game = random_game(1, (3, 2, 2))
    for ranked, b in plan_searches(game, [(0, 1, 2)]):
        found = pickle.loads(pickle.dumps(search(ranked, b, None)))
        here = Maxima()
        here.get(ranked, b)
        assert [proof.value for _, (proof, _) in found] == [proof.value for _, (proof, _) in here.items()]


def test_workers_give_the_same_values():
    game = random_game(2, (2, 2, 3))
    assert rose_value(game, workers=2).values == rose_value(game).values


def test_values_are_exact_where_the_core_is():
    game = with_nulls(random_game(0, (2, 2, 2)), [1])
    values = rose_value(game).values
    assert all(isinstance(v, (F, RealAlgebraic)) for v in values)


@pytest.mark.parametrize("items", [[0], [0, 0, 1], [0, 1, 2], [0, 0, 1, 1, 2], [1, 1, 1], [0, 1, 1, 2, 2, 2]])
def test_multiset_permutations_are_every_distinct_arrangement_once_in_order(items):
    """The canonical orderings' labels: every distinct permutation of a multiset, once, in
    lexicographic order (as sympy's multiset_permutations gives them), count n! / Π m_k!."""
    from sympy.utilities.iterables import multiset_permutations

    found = list(_multiset_permutations(sorted(items)))
    assert found == [tuple(p) for p in multiset_permutations(sorted(items))]
    assert len(found) == len(set(found)) == len(set(itertools.permutations(items)))
