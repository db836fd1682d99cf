"""Maxima nested to any depth (exactrose.values.search.nesting): the plan of Definition 3
unrolled, agreement with the four-player nested search, certificates re-checked and tampered
ones refused, and five movers computed rather than refused."""

from __future__ import annotations

import dataclasses
import pickle
import random
from fractions import Fraction

import pytest

from exactrose.errors import CertificateError
from exactrose.exact.enclosure import Enclosure
from exactrose.model.game import Game
from exactrose.runtime.budget import BUDGET, Budget
from exactrose.values.initiative import initiative_values
from exactrose.values.parallel import search
from exactrose.values.search import (
    Nesting,
    ReducedGame,
    check_bound_certificate,
    maximise_nested,
)
from exactrose.values.search.choices import DeepChoice
from exactrose.values.search.nesting import Plan


def random_game(shape: tuple[int, ...], seed: int) -> Game:
    rng = random.Random(seed)
    return Game.from_function(shape, lambda a: [rng.randint(-9, 9) for _ in shape])


def ends(value: Fraction | Enclosure) -> tuple[Fraction, Fraction]:
    return (value.lower, value.upper) if isinstance(value, Enclosure) else (value, value)


@pytest.mark.parametrize(("n", "level", "groups", "chains", "terms"), [
    (4, 1, (1, 2), 1, 4),  # the four-player W_1: rank 2 free in the added maximum, a reply in the other
    (5, 2, (1, 2, 3), 1, 4),
    (5, 1, (1, 2, 3, 3), 2, 8),  # rank 3 twice: once under each maximum
    (6, 1, (1, 2, 3, 4, 4, 4, 3, 4), 4, 16),
])
def test_the_plan_unrolls_definition_3(n, level, groups, chains, terms):
    plan = Plan.of(n, level, 1, level + 1, 0)
    assert plan.groups == groups and len(plan.chains) == chains and len(plan.terms) == terms
    # Every term is a surplus extraction at a whole context of ranks 1..n-2, added or subtracted
    # as often (the maxima telescope), and the first is V[., 1:n-1] at free strategies.
    assert all(len(term.context) == n - 2 for term in plan.terms)
    assert sum(term.sign for term in plan.terms) == 0
    assert plan.terms[0].sign == 1 and plan.terms[0].rank == 1
    assert all(kind == "free" for kind, _, _ in plan.terms[0].context)


@pytest.mark.parametrize("seed", [1, pytest.param(4, marks=pytest.mark.slow)])
def test_nested_to_any_depth_agrees_with_the_four_player_search(seed):
    """Two searches with different bounds (ridge splits and optimised choices in one, the plan's
    replies and copies in the other) enclose the same W_1, and the certificate re-checks."""
    reduced = ReducedGame(random_game((2, 2, 2, 2), seed))
    deep = Nesting(reduced).maximise(1, 1, 2)
    nested = maximise_nested(reduced)
    (low, high), (other_low, other_high) = ends(deep.value), ends(nested.value)
    assert low <= other_high and other_low <= high
    assert deep.stopped == "converged" and high - low <= Fraction(1, 4 * 10**6)
    assert check_bound_certificate(reduced, deep.certificate) <= high
    # The witness is a whole context of ranks 1..n-2 whose first strategy attains the lower end.
    assert len(deep.witness) == 2 and all(sum(strategy) == 1 for strategy in deep.witness)


@pytest.fixture(scope="module")
def five():
    reduced = ReducedGame(random_game((2, 2, 2, 2, 2), 1))
    return reduced, Nesting(reduced).maximise(1, 1, 2, budget=5)


@pytest.mark.slow
def test_five_players_w1_is_enclosed_with_a_certificate(five):
    """W_1 of five movers, nested twice: a box budget stops it with a proved enclosure around
    the value at a sampled strategy of rank 1."""
    reduced, found = five
    low, high = ends(found.value)
    assert found.stopped == BUDGET and low < high
    assert check_bound_certificate(reduced, found.certificate) == high
    p = Fraction(1, 3)
    at_p = Nesting(reduced).value(1, 1, 2, ((p, 1 - p),), Fraction(1, 10**6))
    assert at_p <= high


@pytest.mark.slow
def test_tampered_nested_certificates_are_refused(five):
    reduced, found = five
    certificate = found.certificate
    box, (bound, choice) = max(certificate.leaves.items(), key=lambda item: item[1][0])
    lowered = dataclasses.replace(certificate, leaves={**certificate.leaves, box: (bound - 1, choice)})
    with pytest.raises(CertificateError, match="do not prove"):
        check_bound_certificate(reduced, lowered)
    missing = dict(certificate.leaves)
    del missing[box]
    with pytest.raises(CertificateError, match="no leaf covers|not boxes of the partition"):
        check_bound_certificate(reduced, dataclasses.replace(certificate, leaves=missing))
    ring = choice.replies[0][0][0].context()
    off_simplex = tuple(tuple(tuple(q * 2 for q in reply) for reply in chain) for chain in choice.replies)
    tampered = DeepChoice(off_simplex, choice.terms)
    with pytest.raises(CertificateError, match="affine distribution|simplex"):
        check_bound_certificate(reduced, dataclasses.replace(certificate, leaves={**certificate.leaves, box: (bound, tampered)}))
    square = ring.gens()[0] * ring.gens()[0]
    first = choice.replies[0]
    curved = DeepChoice(((tuple(square for _ in first[0]),) + first[1:],) + choice.replies[1:], choice.terms)
    with pytest.raises(CertificateError, match="affine distribution"):
        check_bound_certificate(reduced, dataclasses.replace(certificate, leaves={**certificate.leaves, box: (bound, curved)}))
    swapped = DeepChoice(choice.replies, ((choice.terms[1][0], -1),) + choice.terms[1:])
    with pytest.raises(CertificateError, match="do not match its terms"):
        check_bound_certificate(reduced, dataclasses.replace(certificate, leaves={**certificate.leaves, box: (bound, swapped)}))
    with pytest.raises(CertificateError, match="not a certificate of a nested maximum"):
        check_bound_certificate(reduced, dataclasses.replace(certificate, level=3))


@pytest.mark.slow
def test_a_nested_maximum_crosses_a_process_boundary(five):
    """A worker (exactrose.values.parallel.search) returns its nested maximum pickled, python-flint
    polynomials in the choices included; the certificate still checks on the other side."""
    reduced, _ = five
    (key, (proof, note)), = pickle.loads(pickle.dumps(search(reduced.game, 1, 2.0)))
    assert "nested 2 deep" in note and proof.certificate.level == 1
    assert check_bound_certificate(reduced, proof.certificate) == ends(proof.value)[1]


def test_five_movers_are_computed_not_refused():
    """Every player's payoff is its own action: each rank extracts exactly 1."""
    game = Game.from_function((2, 2, 2, 2, 2), lambda a: a)
    result = initiative_values(game, (3, 0, 4, 1, 2))
    assert result.values == (1, 1, 1, 1, 1) and result.exact
    assert "nested 2 deep" in result.method


@pytest.mark.slow
def test_a_time_limit_leaves_the_shallow_maxima_precise():
    """The deepest maximum is searched last, so a short time limit spends itself there: the
    values still telescope to max Σ (Prop 4.1) within their enclosures."""
    game = random_game((2, 2, 2, 2, 2), 1)
    result = initiative_values(game, (0, 1, 2, 3, 4), limit=Budget(seconds=5))
    assert result.stopped == BUDGET and not result.exact
    low = sum(ends(v)[0] for v in result.values)
    high = sum(ends(v)[1] for v in result.values)
    assert low <= game.max_total() <= high
    assert all(not isinstance(v, Enclosure) for v in result.values[3:])  # from W_3 and W_4, converged
