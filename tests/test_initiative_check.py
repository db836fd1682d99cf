"""check_initiative_values (exactrose.values.initiative_check): real results of two, three and
four movers, with passive players at several ranks, are re-proved from the game alone; tampered
values, maxima, certificates, witnesses and orders are refused."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from fractions import Fraction as F

import pytest
from flint import fmpq_mat

from exactrose.errors import CertificateError
from exactrose.exact.enclosure import Enclosure
from exactrose.model.game import Game
from exactrose.model.transform import add_mixed_action
from exactrose.runtime.budget import Budget
from exactrose.values.contextual import ContextualValues, rank_game
from exactrose.values.extraction import SurplusExtraction
from exactrose.values.initiative import (
    Difference,
    InitiativeValues,
    Maxima,
    PureMaximum,
    derivation,
    initiative_values,
)
from exactrose.values.initiative_check import check_initiative_values
from exactrose.values.search import BoundedMaximum, ReducedGame
from exactrose.values.three_players import ContextMaximum, objective_exact


def random_game(seed: int, shape: tuple[int, ...], low: int = -3, high: int = 3) -> Game:
    """A seeded random integer game (the recipe of tests/test_enclosures.py)."""
    rng = random.Random(seed)
    return Game.from_function(shape, lambda profile: [rng.randint(low, high) for _ in shape])


def kinds(proof: object) -> set[str]:
    """The kinds of proof in a maximum's proof (through differences)."""
    if isinstance(proof, Difference):
        return {"Difference"} | kinds(proof.first) | kinds(proof.second)
    return {"search" if isinstance(proof, BoundedMaximum) else type(proof).__name__}


def with_witness(result: InitiativeValues, b: int, proof: object) -> InitiativeValues:
    """``result`` with the proof of ``W_b`` replaced."""
    witness = list(result.witness)
    witness[b - 1] = proof
    return replace(result, witness=tuple(witness))


# ------------------------------------------------------------------ real results are accepted
@pytest.mark.parametrize("shape, seed, expected", [
    ((2, 2), 0, {"SurplusExtraction"}),
    ((3, 4), 1, {"SurplusExtraction"}),
    ((2, 1, 2), 0, {"SurplusExtraction", "Difference", "PureMaximum"}),
    ((1, 2, 2), 1, {"SurplusExtraction", "Difference", "PureMaximum"}),
    ((2, 2, 2), 0, {"ContextMaximum"}),  # algebraic
    ((2, 2, 2), 10, {"ContextMaximum"}),  # irrational maxima
    ((2, 2, 1, 1, 1), 0, {"SurplusExtraction", "Difference", "PureMaximum"}),
    ((1, 2, 1, 2, 1), 3, {"SurplusExtraction", "Difference", "PureMaximum"}),
    ((3, 2, 2), 1, {"search", "ContextMaximum"}),  # rank 1 with three actions: a certified search
    ((2, 1, 2, 2), 0, {"ContextMaximum", "Difference", "PureMaximum"}),
])
def test_every_ordering_sharing_its_maxima_is_accepted(shape, seed, expected):
    """Every ordering of the game, computed with one Maxima (so that a maximum found in one
    ordering proves another's), re-checks; the proofs are of the kinds expected."""
    game = random_game(seed, shape)
    maxima, found = Maxima(), set()
    for order in itertools.permutations(range(game.n)):
        result = initiative_values(game, order, maxima)
        check_initiative_values(game, result)
        found |= set().union(*map(kinds, result.witness))
    assert found == expected


def test_a_w2_found_with_w1_in_the_other_order_of_ranks_is_accepted():
    """The algebraic path finds W_1 and W_2 together, in W_1's order of ranks 1 and 2, while W_2
    is keyed by its canonical order of them, which exchanges them here: found with W_1, W_2's
    witness is a strategy of the other player, not a maximiser in the derived game, and still
    proves W_2 (symmetric in ranks 1 and 2)."""
    game = random_game(0, (2, 2, 2))
    ranked = rank_game(game, (0, 1, 2))
    maxima = Maxima()
    maxima.get(ranked, 1)  # W_1 first: W_2 comes with it
    result = initiative_values(game, (0, 1, 2), maxima)
    derived = derivation(ranked, 2).ranked
    assert derived.payoff_table(0) != ranked.payoff_table(0)
    w2 = result.witness[1]
    assert objective_exact(ContextualValues(derived), "coalition", w2.p)[0] != w2.value
    check_initiative_values(game, result)


def test_results_with_redundant_actions_dropped_are_accepted():
    """Rank 1's mixed action is dropped before its maxima are solved (Prop 6.1): the checker
    follows the smaller game."""
    game = add_mixed_action(random_game(3, (2, 2, 2)), 0, {0: F(1, 3), 1: F(2, 3)})
    for order in itertools.permutations(range(3)):
        result = initiative_values(game, order)
        assert ("redundant actions dropped" in result.method) == (order[0] == 0)
        check_initiative_values(game, result)


@pytest.mark.parametrize("seed, order", [(5, (2, 0, 1, 3)), (4, (2, 3, 0, 1))])
def test_four_movers_with_the_nested_search_are_accepted(seed, order):
    """2x2x2x2 (tests/test_enclosures.py): W_1 is the nested search (an enclosure for seed 5),
    W_2 and W_3 searches over contexts."""
    game = random_game(seed, (2, 2, 2, 2))
    result = initiative_values(game, order)
    assert all(isinstance(proof, BoundedMaximum) for proof in result.witness)
    check_initiative_values(game, result)


@pytest.mark.slow
def test_five_movers_nested_deeper_are_accepted():
    """Five movers: W_1 nested twice, W_2 once; a time limit leaves enclosures, still proved."""
    own = Game.from_function((2, 2, 2, 2, 2), lambda a: a)
    check_initiative_values(own, initiative_values(own, (3, 0, 4, 1, 2)))
    rng = random.Random(7)
    game = Game.from_function((2,) * 5, lambda a: [rng.choice([0, 0, 1, 2]) for _ in a])
    result = initiative_values(game, (0, 1, 2, 3, 4), limit=Budget(seconds=3))
    assert result.stopped == "budget" and [p.certificate.level for p in result.witness[:2]] == [1, 2]
    check_initiative_values(game, result)


def test_a_tampered_deeper_maximum_is_refused():
    game = Game.from_function((2, 2, 2, 2, 2), lambda a: a)
    result = initiative_values(game, (0, 1, 2, 3, 4))
    maximum = result.witness[0]
    with pytest.raises(CertificateError, match="W_1 .*witness context proves only"):
        check_initiative_values(game, with_witness(result, 1, replace(maximum, value=maximum.value + 1)))
    with pytest.raises(CertificateError, match="W_1 .*not the upper end"):
        check_initiative_values(game, with_witness(result, 1, replace(maximum, value=Enclosure(F(0), maximum.value - F(1, 2)))))
    shallow = replace(maximum.certificate, level=None)
    with pytest.raises(CertificateError, match="W_1 .*certificate of a search nested at level 1"):
        check_initiative_values(game, with_witness(result, 1, replace(maximum, certificate=shallow)))
    with pytest.raises(CertificateError, match="W_2 .*certificate of a search nested at level 2"):
        check_initiative_values(game, with_witness(result, 2, replace(result.witness[2], value=result.witness[1].value)))
    with pytest.raises(CertificateError, match="W_3 .*no nested certificate"):
        check_initiative_values(game, with_witness(result, 3, replace(result.witness[1], value=result.witness[2].value)))


def test_one_player_and_static_games_are_accepted():
    alone = Game.from_function((3,), lambda a: [a[0]])
    check_initiative_values(alone, initiative_values(alone, (0,)))
    static = Game.from_function((1, 1, 1), lambda a: [1, 2, 3])
    check_initiative_values(static, initiative_values(static, (2, 0, 1)))


# ------------------------------------------------------------------ tampered results are refused
@pytest.fixture(scope="module")
def two_players() -> tuple[Game, InitiativeValues]:
    game = random_game(1, (3, 4))
    return game, initiative_values(game, (0, 1))


@pytest.fixture(scope="module")
def searched() -> tuple[Game, InitiativeValues]:
    """3x2x2: W_1 by a certified search (an enclosure: not snapped), W_2 algebraic."""
    game = random_game(1, (3, 2, 2))
    result = initiative_values(game, (0, 1, 2), Maxima(snapping=False))
    assert isinstance(result.witness[0], BoundedMaximum) and isinstance(result.witness[0].value, Enclosure)
    assert isinstance(result.witness[1], ContextMaximum)
    return game, result


@pytest.fixture(scope="module")
def nested() -> tuple[Game, InitiativeValues]:
    game = random_game(5, (2, 2, 2, 2))
    return game, initiative_values(game, (2, 0, 1, 3))


def test_a_changed_value_is_refused(searched, two_players):
    game, result = searched
    values = list(result.values)
    values[1] = values[1] + F(1, 10**6)  # an enclosure moved off the difference of maxima
    with pytest.raises(CertificateError, match=r"rank 2 \(player 1\)"):
        check_initiative_values(game, replace(result, values=tuple(values)))
    game, result = two_players
    with pytest.raises(CertificateError, match=r"rank 2 \(player 1\): the value 4 is not W_2 − W_1 = 3"):
        check_initiative_values(game, replace(result, values=(result.values[0], F(4))))


def test_a_changed_maximum_is_refused(two_players, searched):
    game, result = two_players
    extraction = result.witness[0]
    with pytest.raises(CertificateError, match=r"W_1 .*the witness extracts 3, not the claimed 4"):
        check_initiative_values(game, with_witness(result, 1, replace(extraction, value=extraction.value + 1)))
    game, result = searched
    search, algebraic = result.witness
    higher = Enclosure(search.value.lower + F(1, 10**6), search.value.upper + F(1, 10**6))
    with pytest.raises(CertificateError, match="W_1 .*attains .*not the lower end"):
        check_initiative_values(game, with_witness(result, 1, replace(search, value=higher)))
    lower = Enclosure(search.value.lower - F(1, 10**6), search.value.upper - F(1, 10**6))
    with pytest.raises(CertificateError, match="W_1 .*not the upper end"):
        check_initiative_values(game, with_witness(result, 1, replace(search, value=lower)))
    with pytest.raises(CertificateError, match="W_2 .*algebraic maximum .* is not attained"):
        check_initiative_values(game, with_witness(result, 2, replace(algebraic, value=algebraic.value - 1)))


def test_changed_pure_maxima_and_differences_are_refused():
    game = random_game(1, (1, 2, 2))
    result = initiative_values(game, (0, 1, 2))  # the passive leader's W_1 is a difference
    difference = result.witness[0]
    assert isinstance(difference, Difference)
    check_initiative_values(game, result)
    with pytest.raises(CertificateError, match="W_1 .*the difference .* is not"):
        check_initiative_values(game, with_witness(result, 1, replace(difference, value=difference.value + 1)))
    first = replace(difference.first, value=difference.first.value + 1)
    with pytest.raises(CertificateError, match="W_1 .*the first term of the difference"):
        check_initiative_values(game, with_witness(result, 1, replace(difference, first=first)))
    result = initiative_values(game, (1, 2, 0))  # W_2 = max U_1 + U_2 over pure profiles
    pure = result.witness[1]
    assert isinstance(pure, PureMaximum)
    with pytest.raises(CertificateError, match="W_2 .*the pure maximum is"):
        check_initiative_values(game, with_witness(result, 2, replace(pure, value=pure.value - 1)))
    other = next(p for p in rank_game(game, (1, 2, 0)).profiles()
                 if sum(rank_game(game, (1, 2, 0)).payoff(r, p) for r in range(2)) < pure.value)
    with pytest.raises(CertificateError, match="W_2 .*attains"):
        check_initiative_values(game, with_witness(result, 2, replace(pure, profile=other)))
    with pytest.raises(CertificateError, match="W_2 .*a pure profile, not a SurplusExtraction"):
        check_initiative_values(game, with_witness(result, 2, result.witness[0]))


def test_a_tampered_lp_certificate_is_refused(two_players):
    game, result = two_players
    extraction = result.witness[0]
    certificate = extraction.certificate
    uniform = fmpq_mat(4, 4, [1] * 16)  # multipliers that bound only some follower actions
    with pytest.raises(CertificateError, match="W_1 .*multipliers do not bound"):
        check_initiative_values(game, with_witness(result, 1, replace(extraction, certificate=replace(certificate, multipliers=uniform))))
    elsewhere = (F(0), F(1, 2), F(1, 2))
    with pytest.raises(CertificateError, match="W_1 .*the witness extracts"):
        check_initiative_values(game, with_witness(result, 1, replace(extraction, certificate=replace(certificate, witness=elsewhere))))


def test_a_tampered_bound_certificate_is_refused(searched):
    game, result = searched
    search = result.witness[0]
    leaves = search.certificate.leaves
    key, (bound, choice) = max(leaves.items(), key=lambda item: item[0][1][0] - item[0][0][0])  # a large leaf

    def with_leaves(changed: dict) -> InitiativeValues:
        return with_witness(result, 1, replace(search, certificate=replace(search.certificate, leaves=changed)))

    with pytest.raises(CertificateError, match="W_1 .*do not prove the bound"):
        check_initiative_values(game, with_leaves({**leaves, key: (bound - 1, choice)}))
    with pytest.raises(CertificateError, match="W_1 .*no leaf covers"):
        check_initiative_values(game, with_leaves({k: v for k, v in leaves.items() if k != key}))
    other = replace(search.certificate, t=None)  # the leaves of another objective
    with pytest.raises(CertificateError, match="W_1 .*the certificate bounds s = 1, t = None"):
        check_initiative_values(game, with_witness(result, 1, replace(search, certificate=other)))
    with pytest.raises(CertificateError, match="W_1 .*no certificate"):
        check_initiative_values(game, with_witness(result, 1, replace(search, certificate=None)))


def test_a_tampered_witness_context_is_refused(searched):
    game, result = searched
    search, algebraic = result.witness
    reduced = ReducedGame(rank_game(game, (0, 1, 2)))
    worse = min(reduced.space.pure_contexts(), key=lambda point: reduced.objective(1, 2, point))
    assert reduced.objective(1, 2, worse) < search.value.lower
    with pytest.raises(CertificateError, match="W_1 .*the witness context attains"):
        check_initiative_values(game, with_witness(result, 1, replace(search, witness=reduced.space.strategies(worse))))
    with pytest.raises(CertificateError, match="W_1 .*not a list of mixed strategies"):
        check_initiative_values(game, with_witness(result, 1, replace(search, witness=((F(1), F(1), F(-1)),))))
    moved = F(1) - algebraic.p if algebraic.p != F(1, 2) else F(0)
    with pytest.raises(CertificateError, match="W_2 .*not attained at its witness"):
        check_initiative_values(game, with_witness(result, 2, replace(algebraic, p=moved)))


@pytest.fixture(scope="module")
def snapped() -> tuple[Game, InitiativeValues]:
    """The same 3x2x2 ordering with snapping: W_1 is the real algebraic number its snap proves."""
    game = random_game(1, (3, 2, 2))
    result = initiative_values(game, (0, 1, 2))
    assert result.exact and isinstance(result.witness[0], BoundedMaximum)
    assert result.witness[0].certificate.snap is not None
    return game, result


def test_a_tampered_snapped_maximum_is_refused(snapped):
    """A snapped W_1 is accepted as it is; moved by 1e-9, replaced by another algebraic number,
    or stripped of its snap (the leaves then leave the snap's neighbourhood uncovered), it is refused."""
    game, result = snapped
    check_initiative_values(game, result)
    search = result.witness[0]
    with pytest.raises(CertificateError, match="W_1 "):
        check_initiative_values(game, with_witness(result, 1, replace(search, value=search.value + F(1, 10**9))))
    with pytest.raises(CertificateError, match="W_1 "):
        check_initiative_values(game, with_witness(result, 1, replace(search, value=search.value - F(1, 10**9))))
    moved = replace(search.certificate.snap, value=search.value + F(1, 10**9))
    with pytest.raises(CertificateError, match="W_1 .*not the solution's"):
        check_initiative_values(game, with_witness(result, 1, replace(search, certificate=replace(search.certificate, snap=moved))))
    with pytest.raises(CertificateError, match="W_1 .*no leaf covers"):
        check_initiative_values(game, with_witness(result, 1, replace(search, certificate=replace(search.certificate, snap=None))))


def test_a_tampered_nested_maximum_is_refused(nested):
    """The nested W_1's lower end is re-derived by the inner searches at its witness strategy."""
    game, result = nested
    maximum = result.witness[0]
    check_initiative_values(game, result)
    (strategy,) = maximum.witness
    other = (F(1), F(0)) if strategy != (F(1), F(0)) else (F(0), F(1))
    with pytest.raises(CertificateError, match="W_1 .*of rank 1 proves only"):
        check_initiative_values(game, with_witness(result, 1, replace(maximum, witness=(other,))))
    leaves = maximum.certificate.leaves
    key, (bound, choice) = next(iter(leaves.items()))
    lowered = replace(maximum.certificate, leaves={**leaves, key: (bound - 1, choice)})
    with pytest.raises(CertificateError, match="W_1 .*do not prove the bound"):
        check_initiative_values(game, with_witness(result, 1, replace(maximum, certificate=lowered)))


def test_a_swapped_order_is_refused(two_players, searched):
    for game, result in (two_players, searched):
        swapped = (result.order[1], result.order[0], *result.order[2:])
        with pytest.raises(CertificateError, match="W_1 "):
            check_initiative_values(game, replace(result, order=swapped))
    game, result = searched
    with pytest.raises(CertificateError, match="not a permutation"):
        check_initiative_values(game, replace(result, order=(0, 1, 1)))


def test_proofs_of_the_wrong_kind_are_refused(two_players, searched):
    game, result = searched
    extraction = two_players[1].witness[0]
    assert isinstance(extraction, SurplusExtraction)
    with pytest.raises(CertificateError, match="W_1 .*SurplusExtraction does not prove a maximum of 3 movers"):
        check_initiative_values(game, with_witness(result, 1, extraction))
    with pytest.raises(CertificateError, match="3 players need 3 values and 2 maxima"):
        check_initiative_values(game, replace(result, witness=result.witness[:1]))
