"""The essay's propositions as machine checks (proofs/propositions.py).

Every checker holds on the essay's games and on random small games, and every checker is
shown able to fail: applied to a wrong value concept (CoCo, Shapley-ROSE, or a deliberately
broken function below) or to wrong parameters, it returns ``holds=False`` with the numbers.
"""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import games, rationals

from exactrose.errors import InputError
from exactrose.model.catalogue import (
    bomb_game,
    bread_baked,
    bread_unbaked,
    chicken,
    matching_pennies,
    pass_game,
    prisoners_dilemma,
    toy_case,
)
from exactrose.model.game import Game
from exactrose.model.transform import identical_players, restrict_actions
from exactrose.values.rose import rose_value
from exactrose.values.zerosum import maximin
from proofs import propositions as P
from proofs.core import REGISTRY


# ------------------------------------------------------------------ games
def _random_game(shape: tuple[int, ...], seed: int, low: int = -5, high: int = 5) -> Game:
    rng = random.Random(f"test_propositions/{seed}")
    return Game.from_function(shape, lambda a: [rng.randint(low, high) for _ in shape], title=f"random {shape} #{seed}")


def irrational_example() -> Game:
    """A 2×2×2 game whose rank-1 value for (1,2,3) is (19 − 4√3)/8."""
    return Game.from_arrays(
        [[[-1, -2], [0, 2]], [[-3, -3], [3, 1]]],
        [[[-3, -1], [1, -3]], [[1, -2], [-3, -3]]],
        [[[0, 0], [-3, -2]], [[-3, 1], [0, -3]]],
    )


ESSAY_GAMES = {
    "toy": toy_case(), "bread": bread_baked(), "bread-unbaked": bread_unbaked(), "pass": pass_game(),
    "pennies": matching_pennies(), "pd": prisoners_dilemma(), "chicken": chicken(),
}
RANDOM_GAMES = {"2x2#1": _random_game((2, 2), 1), "2x3#2": _random_game((2, 3), 2), "3x2#3": _random_game((3, 2), 3)}
TWO_PLAYER = {**ESSAY_GAMES, **RANDOM_GAMES}
THREE_PLAYER = {"irrational": irrational_example(), "2x2x2#4": _random_game((2, 2, 2), 4, -3, 3)}

small_games = games(players=2, max_actions=3, payoffs=rationals(-4, 4, (1, 2)))


def verdict_of(claim_id: str, game: Game, **kwargs):
    """Run a registered checker (with optional value/initiative) and check its evidence is JSON."""
    check = REGISTRY[claim_id].check
    verdict = check(game, **kwargs)
    json.dumps(verdict.evidence)
    return verdict


# ------------------------------------------------------------------ wrong concepts (negative controls)
def max_payoff_value(game: Game) -> tuple[F, ...]:
    """Broken: every player gets its max payoff."""
    return tuple(game.max_payoff(i) for i in range(game.n))


def max_payoff_initiative(game: Game, order) -> tuple[F, ...]:
    """Broken: every player gets its max payoff, whatever the ordering."""
    return max_payoff_value(game)


def median_value(game: Game) -> tuple[F, ...]:
    """Broken: every player gets the lower median of its payoff table (not linear)."""
    return tuple(sorted(game.payoff_table(i))[(len(game.payoff_table(i)) - 1) // 2] for i in range(game.n))


def median_initiative(game: Game, order) -> tuple[F, ...]:
    return median_value(game)


def egalitarian_value(game: Game) -> tuple[F, ...]:
    """Broken: max Σ split equally (a null player gets a share)."""
    return tuple(game.max_total() / game.n for _ in range(game.n))


def pure_maximin_value(game: Game) -> tuple[F, ...]:
    """Wrong concept: the maximin over PURE actions (a mixed action added as a pure one raises it)."""
    values = []
    for i in range(game.n):
        by_action: dict[int, F] = {}
        for profile in game.profiles():
            u = game.payoff(i, profile)
            by_action[profile[i]] = min(by_action.get(profile[i], u), u)
        values.append(max(by_action.values()))
    return tuple(values)


def pure_commitment_initiative(game: Game, order) -> tuple[F, ...]:
    """Wrong concept (two players): the leader may commit to PURE actions only,
    ``V_1 = max_a [max_b (U_1+U_2)(a,b) − max_b U_2(a,b)]``, the follower gets ``max Σ − V_1``."""
    leader, follower = order
    best = None
    for a in range(game.shape[leader]):
        column = [(a, b) if leader == 0 else (b, a) for b in range(game.shape[follower])]
        extract = max(game.total(p) for p in column) - max(game.payoff(follower, p) for p in column)
        best = extract if best is None else max(best, extract)
    values = [F(0), F(0)]
    values[leader], values[follower] = best, game.max_total() - best
    return tuple(values)


def threat_dictator_initiative(game: Game, order) -> tuple[F, ...]:
    """Wrong concept: the leader takes everything beyond the others' maximin values (a
    threat-point split, Pareto optimal but neither threat-resistant nor sub-max)."""
    floors = [maximin(game, i).value for i in range(game.n)]
    values = list(floors)
    values[order[0]] = game.max_total() - sum(f for i, f in enumerate(floors) if i != order[0])
    return tuple(values)


def fixed_order_value(game: Game) -> tuple:
    """Wrong concept: the initiative values of the ordering (1, 2, ..., n) alone (not symmetric)."""
    return P.initiative_by_player(game, tuple(range(game.n)))


def argmax_dictator_value(game: Game) -> tuple[F, ...]:
    """Wrong concept (discontinuous): random dictator, each dictator taking the first pure
    profile (table order) that maximises its own payoff."""
    profiles = list(game.profiles())
    totals = [F(0)] * game.n
    for i in range(game.n):
        chosen = max(profiles, key=lambda p: (game.payoff(i, p), [-a for a in p]))
        for j in range(game.n):
            totals[j] += game.payoff(j, chosen)
    return tuple(t / game.n for t in totals)


def argmax_dictator_initiative(game: Game, order) -> tuple[F, ...]:
    return argmax_dictator_value(game)


# ------------------------------------------------------------------ registry and evidence
def test_every_proposition_is_registered_once_with_a_statement():
    assert len(set(P.IDS)) == len(P.IDS) == 20
    for claim_id in P.IDS:
        claim = REGISTRY[claim_id]
        assert claim.kind == "proposition" and claim.expected is True
        assert claim.statement and 2 in claim.players
        assert REGISTRY[claim_id].check.__doc__


@pytest.mark.parametrize("game", [pytest.param(prisoners_dilemma(), id="pd"),
                                  pytest.param(irrational_example(), id="irrational", marks=pytest.mark.slow)])
def test_every_registered_proposition_gives_json_evidence(game):
    for claim_id in P.IDS:
        if game.n not in REGISTRY[claim_id].players:
            continue
        verdict = REGISTRY[claim_id].check(game)
        text = json.dumps(verdict.evidence)
        assert verdict.holds is True, (claim_id, text)
        assert json.loads(text) == verdict.evidence


def test_the_default_values_are_the_librarys():
    game = THREE_PLAYER["irrational"]
    assert P.rose(game) == rose_value(game).values
    assert P.initiative_by_player(game, (2, 0, 1)) == rose_value(game).initiative[4].values
    assert P.coco(prisoners_dilemma()) == (3, 3) and P.shapley_rose(bomb_game())[3] == F(-1, 2)


# ------------------------------------------------------------------ every claim holds on essay and random games
THREE_PLAYER_IDS = [c for c in P.IDS if 3 in REGISTRY[c].players]
TWO_PLAYER_CASES = [(claim_id, name) for name in TWO_PLAYER for claim_id in P.IDS]


@pytest.mark.parametrize(("claim_id", "name"), TWO_PLAYER_CASES)
def test_holds_on_two_player_games(claim_id, name):
    verdict = verdict_of(claim_id, TWO_PLAYER[name])
    assert verdict.holds is True, verdict.evidence


def test_null_player_on_a_three_action_game_is_decided_exactly():
    # the null player is passive, folded into the movers' games: every three-player ordering is
    # a two-player extraction (no enclosure, which could not decide the equality)
    verdict = verdict_of("10", pass_game())
    assert verdict.holds is True
    assert '"lower"' not in json.dumps(verdict.evidence)


@pytest.mark.parametrize("claim_id", THREE_PLAYER_IDS)
@pytest.mark.parametrize("name", list(THREE_PLAYER))
def test_holds_on_three_player_games(claim_id, name):
    verdict = verdict_of(claim_id, THREE_PLAYER[name])
    assert verdict.holds is True, verdict.evidence


def test_registered_player_counts():
    assert THREE_PLAYER_IDS == [c for c in P.IDS if c not in ("6.2", "7.2", "8.2")]


# ------------------------------------------------------------------ Prop 3: linearity
def test_linearity_of_initiative_values_with_given_games():
    g, h = prisoners_dilemma(), chicken()
    verdict = P.initiative_linearity(g, h, 3, F(1, 3))
    assert verdict.holds is True
    assert verdict.evidence["orderings"]["1,2"]["dG+eH"] == ["37/3", "17/3"]  # 3·(4, 2) + (1/3)·(1, −1)


def test_linearity_fails_for_a_nonlinear_concept():
    game = prisoners_dilemma()
    verdict = verdict_of("3.2", game, value=median_value)
    assert verdict.holds is False
    # lower medians: 2·1 + ½·1 = 5/2 expected, the parallel sum's median is 9/2
    assert verdict.evidence["expected"] == ["5/2", "5/2"] and verdict.evidence["combined"] == ["9/2", "9/2"]
    verdict = verdict_of("3.1", game, initiative=median_initiative)
    assert verdict.holds is False
    assert verdict.evidence["orderings"]["1,2"]["dG+eH"] != verdict.evidence["orderings"]["1,2"]["dV(G)+eV(H)"]


def test_linearity_of_three_player_rose_with_a_rich_second_game():
    """H with a two-action player: dG + eH has shape 2×2×4 for the given G (fast only because
    the four-action player's leading orderings stay exact here: G's player 3 has one action)."""
    g = _random_game((2, 2, 1), 5, -3, 3)
    h = _random_game((1, 1, 2), 6, -3, 3)
    verdict = P.linearity(g, h, 1, 2)
    assert verdict.holds is True, verdict.evidence


@given(small_games, small_games, st.sampled_from([0, F(1, 2), 1, 3]), st.sampled_from([0, F(2, 3), 2]))
@settings(max_examples=15)
def test_linearity_property(g, h, d, e):
    assert P.linearity(g, h, d, e).holds is True
    assert P.initiative_linearity(g, h, d, e).holds is True


# ------------------------------------------------------------------ Prop 4: Pareto
def test_pareto_fails_for_max_payoffs():
    verdict = verdict_of("4.2", prisoners_dilemma(), value=max_payoff_value)
    assert verdict.holds is False
    assert verdict.evidence["sum"] == "10" and verdict.evidence["max_total"] == "6"
    verdict = verdict_of("4.1", prisoners_dilemma(), initiative=max_payoff_initiative)
    assert verdict.holds is False and verdict.evidence["orderings"]["2,1"]["sum"] == "10"


@pytest.mark.parametrize("value", [P.coco, P.shapley_rose], ids=["coco", "shapley-rose"])
def test_pareto_also_holds_for_coco_and_shapley_rose(value):
    assert verdict_of("4.2", bomb_game(), value=value).holds is True


@given(small_games)
def test_pareto_property(game):
    assert P.pareto(game).holds is True
    assert P.initiative_pareto(game).holds is True


# ------------------------------------------------------------------ Prop 5: Lipschitz
def toy_pair() -> tuple[Game, Game]:
    """Alice has one action; H moves Alice's payoffs by +1 and Bob's by (−1, +1): her value
    max(U_A+U_B) − max U_B goes from 6 to 9, at both ranks (3 = the rank-1 constant)."""
    g = Game.from_arrays([[0, 10]], [[4, 0]])
    h = Game.from_arrays([[1, 11]], [[3, 1]])
    return g, h


def tight_pair() -> tuple[Game, Game]:
    """Found by search (ε = 1): attains the rank constants 3 and 5 (ordering (1,2)) and the
    ROSE constant 4 of two players at once."""
    g = Game.from_arrays([[0, 2], [0, 0]], [[4, 2], [8, 0]])
    h = Game.from_arrays([[1, 3], [-1, -1]], [[3, 3], [7, 1]])
    return g, h


def test_lipschitz_constants():
    assert P.rank_constants(1) == (1,)
    assert P.rank_constants(2) == (3, 5)
    assert P.rank_constants(3) == (7, 11, 7)
    assert P.rank_constants(4) == (15, 23, 13, 9)
    assert P.lipschitz_constant(2) == 4 and P.lipschitz_constant(3) == F(25, 3)


def test_rank_one_constant_is_attained_and_rose_constant_two_is_wrong():
    g, h = toy_pair()
    assert rose_value(g).values == (6, 4) and rose_value(h).values == (9, 3)
    assert P.initiative_lipschitz(g, h).holds is True
    tight = P.initiative_lipschitz(g, h, constants=(2, 5))
    assert tight.holds is False
    assert tight.evidence["orderings"]["1,2"]["difference"] == ["-3", "1"]
    assert P.lipschitz(g, h).holds is True
    wrong = P.lipschitz(g, h, constant=2)
    assert wrong.holds is False
    assert wrong.evidence["difference"] == ["-3", "1"] and wrong.evidence["bound"] == "2"


def test_the_two_player_constants_are_attained_so_smaller_ones_fail():
    g, h = tight_pair()
    assert P.lipschitz(g, h).holds is True
    assert P.initiative_lipschitz(g, h).holds is True
    wrong = P.lipschitz(g, h, constant=F(39, 10))
    assert wrong.holds is False
    assert wrong.evidence["G"] == ["0", "8"] and wrong.evidence["H"] == ["2", "4"] and wrong.evidence["difference"] == ["-2", "4"]
    for constants, moved in (((F(29, 10), 5), "-3"), ((3, F(49, 10)), "5")):
        wrong = P.initiative_lipschitz(g, h, constants=constants)
        assert wrong.holds is False
        assert wrong.evidence["orderings"]["1,2"]["difference"] == ["-3", "5"]
        assert moved in wrong.evidence["orderings"]["1,2"]["difference"]


def test_lipschitz_fails_for_a_discontinuous_concept():
    """Alice (one action) is indifferent between Bob's actions; a nudge of 1/1000 flips her
    pick as dictator and moves Bob's share by 9/2."""
    game = Game.from_arrays([[1, 1]], [[0, 9]])
    nudged = Game.from_arrays([[1, F(1001, 1000)]], [[0, 9]])
    verdict = P.lipschitz(game, nudged, value=argmax_dictator_value)
    assert verdict.holds is False
    assert verdict.evidence["epsilon"] == "1/1000" and "9/2" in [x.lstrip("-") for x in verdict.evidence["difference"]]
    verdict = P.initiative_lipschitz(game, nudged, initiative=argmax_dictator_initiative)
    assert verdict.holds is False
    assert P.lipschitz(game, nudged).holds is True


@given(small_games, st.data())
@settings(max_examples=25)
def test_lipschitz_property(game, data):
    deltas = [data.draw(st.lists(rationals(-1, 1, (1, 2)), min_size=len(game.payoff_table(i)),
                                 max_size=len(game.payoff_table(i)))) for i in range(2)]
    other = Game.from_tables(game.players, game.actions, [[u + x for u, x in zip(game.payoff_table(i), deltas[i])] for i in range(2)])
    if other == game:
        return
    assert P.lipschitz(game, other).holds is True
    assert P.initiative_lipschitz(game, other).holds is True


# ------------------------------------------------------------------ Prop 6: redundancy
def test_redundancy_fails_for_pure_strategy_concepts():
    game = matching_pennies()
    verdict = verdict_of("6.2", game, value=pure_maximin_value)
    assert verdict.holds is False
    first = verdict.evidence["checks"][0]
    assert first["G"] == ["-1", "-1"] and first["G_prime"] == ["0", "-1"]
    verdict = verdict_of("6.1", game, initiative=pure_commitment_initiative)
    assert verdict.holds is False
    assert verdict.evidence["checks"][0]["orderings"]["1,2"]["G"] == ["-1", "1"]
    assert verdict.evidence["checks"][0]["orderings"]["1,2"]["G'"] == ["0", "0"]


def test_redundancy_with_a_copy_for_a_one_action_three_player_game():
    game = _random_game((2, 2, 1), 7, -3, 3)
    verdict = P.redundancy(game, 2, {0: 1})
    assert verdict.holds is True, verdict.evidence
    assert P.redundancy(game, 2, {0: 1}, value=lambda g: (g.shape[2],) * 3).holds is False


@given(small_games.filter(lambda g: g.shape[0] >= 2), rationals(0, 1, (2, 3, 5)))
@settings(max_examples=20)
def test_redundancy_property(game, weight):
    mixture = {0: weight, 1: 1 - weight}
    assert P.redundancy(game, 0, mixture).holds is True
    assert P.initiative_redundancy(game, 0, mixture).holds is True


# ------------------------------------------------------------------ Prop 7: threats
def test_coco_is_not_threat_resistant():
    game = prisoners_dilemma()
    verdict = verdict_of("7.2", game, value=P.coco)
    assert verdict.holds is False
    assert verdict.evidence["G"] == ["3", "3"] and verdict.evidence["destruction_game"] == ["0", "6"]
    verdict = P.threat_resistance(game, [[0, 10], [0, 0]], value=P.coco)
    assert verdict.holds is False and verdict.evidence["destruction_game"] == ["8", "-2"]
    assert P.threat_resistance(game, [[0, 10], [0, 0]]).holds is True


def test_a_threat_point_split_is_not_threat_resistant():
    verdict = verdict_of("7.1", prisoners_dilemma(), initiative=threat_dictator_initiative)
    assert verdict.holds is False
    row = verdict.evidence["orderings"]["1,2"]
    assert row["G"] == ["5", "1"] and row["destruction game"] != row["G"]


def test_three_player_destruction_game_with_given_caps():
    game = THREE_PLAYER["irrational"]
    caps = [[0, 0, 0], [0, 0, 2], [2, 0, 0]]
    assert P.initiative_threat_resistance(game, caps, orders=[(0, 1, 2), (0, 2, 1)]).holds is True


@given(small_games, st.integers(0, 3), st.integers(0, 3), st.integers(0, 2))
@settings(max_examples=20)
def test_threat_resistance_property(game, burn_12, burn_21, self_burn):
    caps = [[self_burn, burn_12], [burn_21, 0]]
    assert P.threat_resistance(game, caps).holds is True
    assert P.initiative_threat_resistance(game, caps).holds is True


# ------------------------------------------------------------------ Prop 8: money
def test_money_redundancy_fails_for_max_payoffs():
    verdict = verdict_of("8.2", prisoners_dilemma(), value=max_payoff_value)
    assert verdict.holds is False
    assert verdict.evidence["G"] == ["5", "5"] and verdict.evidence["payment_game"] == ["17", "11"]  # caps 12 and 6
    verdict = verdict_of("8.1", prisoners_dilemma(), initiative=max_payoff_initiative)
    assert verdict.holds is False


def test_coco_is_money_redundant():
    assert verdict_of("8.2", chicken(), value=P.coco).holds is True


@given(small_games, st.integers(0, 3), st.integers(0, 3))
@settings(max_examples=20)
def test_money_redundancy_property(game, pay_12, pay_21):
    caps = [[0, pay_12], [pay_21, 0]]
    assert P.money_redundancy(game, caps).holds is True
    assert P.initiative_money_redundancy(game, caps).holds is True


# ------------------------------------------------------------------ Prop 9: symmetry
def test_symmetrize_makes_identical_players():
    for game in [*TWO_PLAYER.values(), *THREE_PLAYER.values()]:
        for i, j in itertools.combinations(range(game.n), 2):
            assert identical_players(P.symmetrize(game, i, j), i, j)
    with pytest.raises(InputError, match="not identical"):
        P.symmetry(toy_case(), 0, 1)


def test_symmetry_fails_for_a_fixed_ordering():
    verdict = verdict_of("9", prisoners_dilemma(), value=fixed_order_value)
    assert verdict.holds is False
    assert verdict.evidence["checks"][0]["values"] == ["4", "2"]
    assert verdict.evidence["checks"][0]["symmetrized"] is False


@given(small_games)
@settings(max_examples=20)
def test_symmetry_property(game):
    symmetric = P.symmetrize(game, 0, 1)
    assert P.symmetry(symmetric, 0, 1).holds is True


# ------------------------------------------------------------------ Prop 10: null player
def test_null_player_fails_for_an_equal_split():
    verdict = verdict_of("10", prisoners_dilemma(), value=egalitarian_value)
    assert verdict.holds is False
    assert verdict.evidence["checks"][0]["with_null_player"] == ["2", "2", "2"]
    assert verdict.evidence["checks"][0]["G"] == ["3", "3"]


# ------------------------------------------------------------------ Prop 11: maximin dominance
def test_shapley_rose_fails_maximin_dominance_on_the_bomb():
    game = bomb_game()
    verdict = verdict_of("11.2", game, value=P.shapley_rose)
    assert verdict.holds is False
    assert verdict.evidence["values"][3] == "-1/2" and verdict.evidence["maximin"][3] == "0"
    assert verdict_of("11.2", game).holds is True  # ROSE gives the bomb 0


def test_pure_commitment_fails_maximin_dominance():
    verdict = verdict_of("11.1", matching_pennies(), initiative=pure_commitment_initiative)
    assert verdict.holds is False
    assert verdict.evidence["orderings"]["1,2"]["values"] == ["-1", "1"] and verdict.evidence["maximin"] == ["0", "0"]


@given(small_games)
def test_maximin_dominance_and_sub_max_property(game):
    for check in (P.maximin_dominance, P.sub_max, P.initiative_maximin_dominance, P.initiative_sub_max):
        assert check(game).holds is True


# ------------------------------------------------------------------ Prop 12: sub-max
def test_coco_fails_sub_max_on_the_toy_case():
    verdict = verdict_of("12.2", toy_case(), value=P.coco)
    assert verdict.holds is False
    assert verdict.evidence["values"] == ["19/2", "101/2"] and verdict.evidence["max_payoff"] == ["30", "41"]


def test_threat_point_split_fails_sub_max():
    verdict = verdict_of("12.1", toy_case(), initiative=threat_dictator_initiative)
    assert verdict.holds is False
    assert verdict.evidence["orderings"]["2,1"]["values"] == ["-20", "80"]


# ------------------------------------------------------------------ Prop 13: action monotonicity
def rank_two_game() -> Game:
    """Found by search: the follower (player 2, ordering (1,2)) loses from having action 1:
    V_2 = 17/6 with both actions, 3 with action 0 alone."""
    return Game.from_arrays([[1, 2], [-3, 1]], [[3, -2], [1, 2]])


def test_monotonicity_holds_at_rank_one_and_fails_at_rank_two():
    game = rank_two_game()
    smaller = restrict_actions(game, 1, [0])
    assert P.action_monotonicity(smaller, game, 1).holds is True
    verdict = P.action_monotonicity(smaller, game, 1, rank=2)
    assert verdict.holds is False
    assert verdict.evidence["orderings"]["1,2"] == {"G": "3", "G'": "17/6", "holds": False}
    with pytest.raises(InputError, match="bigger"):
        P.action_monotonicity(game, smaller, 1)


def test_monotonicity_fails_for_a_concept_that_penalises_actions():
    """A (deliberately wrong) value of 'max payoff minus number of own actions' punishes extra actions."""
    def penalised(game: Game, order):
        return tuple(game.max_payoff(i) - game.shape[i] for i in range(game.n))

    verdict = verdict_of("13", prisoners_dilemma(), initiative=penalised)
    assert verdict.holds is False


@given(games(players=2, max_actions=3, min_actions=2, payoffs=rationals(-4, 4)))
@settings(max_examples=20)
def test_rank_one_monotonicity_property(game):
    assert P.check_13(game).holds is True


# ------------------------------------------------------------------ Shapley forms
def test_the_forms_agree_even_without_complementary_coalition_values():
    """One might ask for v(S) + v(N∖S) = v(N); the identity needs no condition."""
    game = THREE_PLAYER["irrational"]
    verdict = P.shapley_forms(game)
    assert verdict.holds is True
    row = verdict.evidence["forms"]["initiative"]
    assert row["essay"] == row["textbook"]
    assert any(total != verdict.evidence["max_total"] for total in row["v(S)+v(N-S)"].values())


def test_shapley_forms_fail_for_a_wrong_form_or_a_wrong_pair():
    def stand_alone(n, values):
        """Wrong 'textbook form': each player's stand-alone coalition value v({i})."""
        return tuple(values[frozenset({i})] for i in range(n))

    verdict = P.shapley_forms(prisoners_dilemma(), kinds=("initiative",), same=(), textbook=stand_alone)
    assert verdict.holds is False
    assert verdict.evidence["forms"]["initiative"]["essay"] == ["3", "3"]
    assert verdict.evidence["forms"]["initiative"]["textbook"] == ["4", "4"]
    verdict = P.shapley_forms(toy_case(), kinds=(), same=(("initiative", "coco"),))
    assert verdict.holds is False
    assert verdict.evidence["same"]["initiative=coco"] == {"initiative": ["19", "41"], "coco": ["19/2", "101/2"], "holds": False}


def test_shapley_forms_on_the_bomb():
    verdict = verdict_of("shapley-forms", bomb_game())
    assert verdict.holds is True
    assert verdict.evidence["same"]["initiative=rose"]["rose"][3] == "-1/2"


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: P.linearity(prisoners_dilemma(), prisoners_dilemma(), 0.5, 1), "floats are not exact"),
        (lambda: P.lipschitz(prisoners_dilemma(), toy_case()), "same action counts"),
        (lambda: P.initiative_lipschitz(prisoners_dilemma(), prisoners_dilemma(), constants=(1,)), "one constant per rank"),
        (lambda: P.rank_constants(0), "positive number"),
        (lambda: P.action_monotonicity(prisoners_dilemma(), prisoners_dilemma(), 0, rank=3), "rank 1..2"),
        (lambda: P.symmetry(prisoners_dilemma(), 0, 0), "other than i"),
        (lambda: P.initiative_redundancy(prisoners_dilemma(), 0, {0: 1}, orders=[(0, 0)]), "permutations"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
