"""Tests of exactrose.model.transform: hand-worked examples, properties, and a table of bad arguments."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrose.errors import FloatRefusedError, InputError
from exactrose.model.game import Game
from exactrose.model.transform import (
    add_action,
    add_mixed_action,
    destruction_game,
    identical_players,
    merge_players,
    null_player_game,
    parallel_sum,
    payment_game,
    permute_players,
    restrict_actions,
    scale_and_shift,
    swap_identical_players,
    two_team_game,
)

PD = Game.from_arrays(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]], title="Prisoner's dilemma"
)
# 2×3: player A has actions u, d; player B has l, m, r.
G23 = Game.from_arrays(
    [[1, 2, 3], [4, 5, 6]], [[10, 20, 30], [40, 50, 60]], players=["A", "B"], actions=[["u", "d"], ["l", "m", "r"]]
)
# 3 players, 2 actions each: U_i(a) = (i + 1) * (a0 + 10 a1 + 100 a2).
G3 = Game.from_function((2, 2, 2), lambda a: [(i + 1) * (a[0] + 10 * a[1] + 100 * a[2]) for i in range(3)])

FAST = settings(max_examples=40, deadline=None)
SLOW = settings(max_examples=20, deadline=None)

rationals = st.fractions(min_value=-5, max_value=5, max_denominator=3)


@st.composite
def games(draw, n=None, max_players=3, max_actions=3):
    if n is None:
        n = draw(st.integers(1, max_players))
    shape = draw(st.lists(st.integers(1, max_actions), min_size=n, max_size=n))
    size = math.prod(shape)
    flats = [draw(st.lists(rationals, min_size=size, max_size=size)) for _ in range(n)]
    return Game.from_tables([f"P{i + 1}" for i in range(n)], [[f"a{k}" for k in range(m)] for m in shape], flats)


def cap_matrices(n, diagonal=True):
    entry = st.sampled_from([0, 0, 1, F(3, 2)])
    return st.lists(st.lists(entry, min_size=n, max_size=n), min_size=n, max_size=n).map(
        lambda rows: rows if diagonal else [[0 if i == j else c for j, c in enumerate(r)] for i, r in enumerate(rows)]
    )


def original_action(label):
    """The original action index of a label "a<k>" or "a<k>|..." made by the games strategy."""
    return int(label.split("|")[0][1:])


def label_amounts(label, players):
    """{player index: amount} read from a suffix like "a0|burn:P2=-3,P3=0"."""
    if "|" not in label:
        return {}
    _, suffix = label.split("|", 1)
    _, pairs = suffix.split(":", 1)
    out = {}
    for pair in pairs.split(","):
        name, amount = pair.split("=")
        out[players.index(name)] = F(amount)
    return out


# ------------------------------------------------------------------ permute_players
def test_permute_two_players_by_hand():
    g = permute_players(G23, [1, 0])
    assert g.players == ("B", "A")
    assert g.shape == (3, 2)
    assert g.actions == (("l", "m", "r"), ("u", "d"))
    # new profile (r, d) is old (d, r): U_A = 6, U_B = 60; new player 0 is B.
    assert g.payoff_vector((2, 1)) == (60, 6)
    assert g.payoff_vector((0, 0)) == (10, 1)


def test_permute_three_players_by_hand():
    g = permute_players(G3, [2, 0, 1])
    assert g.players == ("P3", "P1", "P2")
    # new (1, 0, 1) means P3 plays 1, P1 plays 0, P2 plays 1: old (0, 1, 1), base 110.
    assert g.payoff_vector((1, 0, 1)) == (330, 110, 220)


@FAST
@given(st.data())
def test_permute_then_inverse_is_identity(data):
    g = data.draw(games())
    order = data.draw(st.permutations(range(g.n)))
    inverse = [order.index(k) for k in range(g.n)]
    assert permute_players(permute_players(g, order), inverse) == g


@FAST
@given(st.data())
def test_permute_composes_and_moves_payoffs(data):
    g = data.draw(games())
    p = data.draw(st.permutations(range(g.n)))
    q = data.draw(st.permutations(range(g.n)))
    once = permute_players(g, p)
    assert permute_players(once, q) == permute_players(g, [p[q[k]] for k in range(g.n)])
    for new in once.profiles():
        old = [0] * g.n
        for k, a in enumerate(new):
            old[p[k]] = a
        assert once.payoff_vector(new) == tuple(g.payoff(p[k], tuple(old)) for k in range(g.n))


# ----------------------------------------------------------------- restrict / add
def test_restrict_actions_by_hand():
    g = restrict_actions(G23, 1, [2, 0])
    assert g.shape == (2, 2)
    assert g.actions[1] == ("r", "l")
    assert g.payoff_array(0) == [[3, 1], [6, 4]]
    assert g.payoff_array(1) == [[30, 10], [60, 40]]


@FAST
@given(st.data())
def test_restrict_to_all_actions_is_identity(data):
    g = data.draw(games())
    p = data.draw(st.integers(0, g.n - 1))
    assert restrict_actions(g, p, range(g.shape[p])) == g


def test_add_action_by_hand():
    g = add_action(G23, 1, "x", [[7, 8], [70, "80/3"]])
    assert g.shape == (2, 4)
    assert g.actions[1] == ("l", "m", "r", "x")
    assert g.payoff_vector((0, 3)) == (7, 70)
    assert g.payoff_vector((1, 3)) == (8, F(80, 3))
    assert g.payoff_vector((1, 2)) == (6, 60)  # old actions untouched
    assert restrict_actions(g, 1, [0, 1, 2]) == G23


def test_add_action_three_players_array_is_over_the_others():
    # Player 1 gets a new action; each array is indexed [a0][a2].
    arrays = [[[1, 2], [3, 4]], [[10, 20], [30, 40]], [[100, 200], [300, 400]]]
    g = add_action(G3, 1, "new", arrays)
    assert g.shape == (2, 3, 2)
    assert g.payoff_vector((1, 2, 0)) == (3, 30, 300)
    assert g.payoff_vector((0, 2, 1)) == (2, 20, 200)
    assert g.payoff_vector((1, 1, 1)) == G3.payoff_vector((1, 1, 1))


def test_add_action_one_player_takes_numbers():
    g = add_action(Game.from_arrays([1, 2]), 0, "z", ["5/2"])
    assert g.actions == (("0", "1", "z"),)
    assert g.payoff_table(0) == (1, 2, F(5, 2))


def test_add_mixed_action_by_hand():
    g = add_mixed_action(G23, 0, {1: "3/4", 0: F(1, 4)})
    assert g.actions[0] == ("u", "d", "mix(0:1/4,1:3/4)")
    assert g.payoff_array(0)[2] == [F(13, 4), F(17, 4), F(21, 4)]
    assert g.payoff_array(1)[2] == [F(65, 2), F(85, 2), F(105, 2)]
    assert add_mixed_action(PD, 1, {0: 1}, label="copy of C").actions[1] == ("C", "D", "copy of C")


@FAST
@given(st.data())
def test_redundant_mixed_action_equals_the_mixture(data):
    g = data.draw(games())
    p = data.draw(st.integers(0, g.n - 1))
    m = g.shape[p]
    raw = data.draw(st.lists(st.integers(0, 4), min_size=m, max_size=m))
    if sum(raw) == 0:
        raw[0] = 1
    mixture = {k: F(w, sum(raw)) for k, w in enumerate(raw)}
    h = add_mixed_action(g, p, mixture)
    assert h.shape[p] == m + 1
    for others in itertools.product(*(range(g.shape[i]) for i in range(g.n) if i != p)):
        new = others[:p] + (m,) + others[p:]
        for j in range(g.n):
            expected = sum(w * g.payoff(j, others[:p] + (k,) + others[p:]) for k, w in mixture.items())
            assert h.payoff(j, new) == expected
    assert h.max_total() == g.max_total()
    assert restrict_actions(h, p, range(m)) == g


# ------------------------------------------------------------------ merge players
def test_merge_players_by_hand():
    g = merge_players(G3, [[2, 0], [1]])
    assert g.players == ("P3+P1", "P2")
    assert g.actions == (("0|0", "0|1", "1|0", "1|1"), ("0", "1"))
    # "1|0" = P3 plays 1, P1 plays 0; with P2 playing 1 the old profile is (0, 1, 1), base 110.
    assert g.payoff_vector((2, 1)) == (110 + 330, 220)


def test_singleton_groups_change_nothing():
    assert merge_players(G3, [[0], [1], [2]]) == G3


@FAST
@given(st.data())
def test_merged_payoff_is_the_members_sum(data):
    g = data.draw(games(max_players=3, max_actions=2))
    order = data.draw(st.permutations(range(g.n)))
    cuts = sorted(data.draw(st.sets(st.integers(1, g.n - 1), max_size=g.n - 1))) if g.n > 1 else []
    groups = [order[a:b] for a, b in zip([0, *cuts], [*cuts, g.n])]
    h = merge_players(g, groups)
    assert h.n == len(groups)
    assert h.shape == tuple(math.prod(g.shape[i] for i in group) for group in groups)
    assert h.max_total() == g.max_total()
    for new in h.profiles():
        old = [0] * g.n
        for group, k in zip(groups, new):
            for i, label in zip(group, h.actions[groups.index(group)][k].split("|")):
                old[i] = original_action(label)
        for c, group in enumerate(groups):
            assert h.payoff(c, new) == sum(g.payoff(i, tuple(old)) for i in group)


def test_two_team_game_sorts_the_coalition_and_its_complement():
    h = two_team_game(G3, {2, 0})
    assert h == merge_players(G3, [[0, 2], [1]])
    assert h.players == ("P1+P3", "P2")
    assert two_team_game(G3, iter([1])).players == ("P2", "P1+P3")


# ------------------------------------------------------------------ destruction
def test_destruction_game_by_hand():
    g = destruction_game(PD, [[0, 3], [0, 0]])
    assert g.actions == (("C|burn:P2=0", "C|burn:P2=-3", "D|burn:P2=0", "D|burn:P2=-3"), ("C", "D"))
    assert g.payoff_vector((3, 0)) == (5, -3)  # P1 defects and burns 3 of P2's
    assert g.payoff_vector((2, 1)) == (1, 1)
    assert g.max_total() == PD.max_total()


def test_destruction_game_with_one_cap_for_everyone():
    g = destruction_game(PD, 1)
    assert g.shape == (8, 8)  # 2 actions × 4 vertices of [-1, 0]²
    assert g.actions[0][3] == "C|burn:P1=-1,P2=-1"
    assert g.actions[1][1] == "C|burn:P1=0,P2=-1"
    # P1 burns itself and P2 by 1; P2 burns P2 by 1: (3 - 1, 3 - 2).
    assert g.payoff_vector((3, 1)) == (2, 1)


def test_zero_caps_add_nothing():
    assert destruction_game(G3, 0) == G3
    assert destruction_game(PD, [[0, 0], [0, 0]]) == PD
    assert payment_game(G3, 0) == G3


@SLOW
@given(st.data())
def test_destruction_game_properties(data):
    g = data.draw(games(max_players=3, max_actions=2))
    caps = data.draw(cap_matrices(g.n))
    h = destruction_game(g, caps)
    assert h.shape == tuple(g.shape[i] * 2 ** sum(c > 0 for c in caps[i]) for i in range(g.n))
    assert h.max_total() == g.max_total()
    for new in h.profiles():
        labels = [h.actions[i][b] for i, b in enumerate(new)]
        old = tuple(original_action(label) for label in labels)
        burns = [label_amounts(label, g.players) for label in labels]
        for i, burn in enumerate(burns):
            assert sorted(burn) == [j for j in range(g.n) if caps[i][j] > 0]
            assert all(d in (0, -caps[i][j]) for j, d in burn.items())
        for j in range(g.n):
            assert h.payoff(j, new) == g.payoff(j, old) + sum(burn.get(j, 0) for burn in burns)


# ------------------------------------------------------------------ payments
def test_payment_game_by_hand():
    g = payment_game(PD, [[0, 2], [0, 0]])
    assert g.actions == (("C|pay:P2=0", "C|pay:P2=2", "D|pay:P2=0", "D|pay:P2=2"), ("C", "D"))
    assert g.payoff_vector((1, 1)) == (-2, 7)  # (C, D) = (0, 5), then P1 pays 2
    assert payment_game(PD, "1/2").actions[1] == ("C|pay:P1=0", "C|pay:P1=1/2", "D|pay:P1=0", "D|pay:P1=1/2")


@SLOW
@given(st.data())
def test_payment_game_keeps_every_total(data):
    g = data.draw(games(max_players=3, max_actions=2))
    caps = data.draw(cap_matrices(g.n, diagonal=False))
    h = payment_game(g, caps)
    assert h.shape == tuple(g.shape[i] * 2 ** sum(c > 0 for c in caps[i]) for i in range(g.n))
    for new in h.profiles():
        labels = [h.actions[i][b] for i, b in enumerate(new)]
        old = tuple(original_action(label) for label in labels)
        pays = [label_amounts(label, g.players) for label in labels]
        assert h.total(new) == g.total(old)
        for j in range(g.n):
            received = sum(p.get(j, 0) for p in pays)
            assert h.payoff(j, new) == g.payoff(j, old) - sum(pays[j].values()) + received


# ------------------------------------------------------------------ null player
@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_null_player_at_each_position(position):
    g = null_player_game(G3, position, name="nobody")
    assert g.players[position] == "nobody"
    assert g.shape == (2, 2, 2)[:position] + (1,) + (2, 2, 2)[position:]
    assert set(g.payoff_table(position)) == {0}
    for new in g.profiles():
        old = new[:position] + new[position + 1 :]
        others = [k for k in range(4) if k != position]
        assert [g.payoff(k, new) for k in others] == list(G3.payoff_vector(old))
    assert g.max_total() == G3.max_total()


# ------------------------------------------------------------------ parallel sum
def test_parallel_sum_by_hand():
    g = parallel_sum(PD, G23, 2, "1/2")
    assert g.shape == (4, 6)
    assert g.players == ("P1&A", "P2&B")
    assert g.actions[0] == ("C&u", "C&d", "D&u", "D&d")
    # (D&d, C&r): PD gives (5, 0), G23 gives (6, 60).
    assert g.payoff_vector((3, 2)) == (2 * 5 + 3, 0 + 30)


@FAST
@given(st.data())
def test_parallel_sum_is_d_g_plus_e_h(data):
    g = data.draw(games(max_actions=2))
    h = data.draw(games(n=g.n, max_actions=2))
    d = data.draw(st.fractions(min_value=0, max_value=3, max_denominator=4))
    e = data.draw(st.fractions(min_value=0, max_value=3, max_denominator=4))
    s = parallel_sum(g, h, d, e)
    assert s.shape == tuple(a * b for a, b in zip(g.shape, h.shape))
    for x in g.profiles():
        for y in h.profiles():
            new = tuple(a * m + b for a, b, m in zip(x, y, h.shape))
            assert [s.actions[i][k] for i, k in enumerate(new)] == [
                f"{g.actions[i][a]}&{h.actions[i][b]}" for i, (a, b) in enumerate(zip(x, y))
            ]
            assert s.payoff_vector(new) == tuple(
                d * u + e * v for u, v in zip(g.payoff_vector(x), h.payoff_vector(y))
            )


# ------------------------------------------------------------------ scale and shift
def test_scale_and_shift_by_hand():
    g = scale_and_shift(PD, [2, "1/2"], [1, -1])
    assert g.payoff_vector((1, 0)) == (11, -1)
    assert g.payoff_vector((0, 1)) == (1, F(3, 2))
    assert g.actions == PD.actions


@FAST
@given(st.data())
def test_scale_and_shift_is_affine_and_invertible(data):
    g = data.draw(games())
    factors = st.fractions(min_value=F(1, 4), max_value=4, max_denominator=4)
    scale = data.draw(st.lists(factors, min_size=g.n, max_size=g.n))
    shift = data.draw(st.lists(rationals, min_size=g.n, max_size=g.n))
    h = scale_and_shift(g, scale, shift)
    for i in range(g.n):
        assert h.payoff_table(i) == tuple(scale[i] * u + shift[i] for u in g.payoff_table(i))
    back = scale_and_shift(h, [1 / s for s in scale], [-t / s for s, t in zip(scale, shift)])
    assert back == g


# ------------------------------------------------------------------ identical players
def test_swap_players_by_hand():
    assert identical_players(PD, 0, 1)
    s = swap_identical_players(PD, 0, 1)
    assert all(s.payoff_table(i) == PD.payoff_table(i) for i in range(2))
    assert not identical_players(G3, 0, 2)
    t = swap_identical_players(G3, 0, 2)
    assert t.players == ("P3", "P2", "P1")
    # U'_0(x=1, c=0, y=0) = U_2(y=0, c=0, x=1) = 3 * 100.
    assert t.payoff(0, (1, 0, 0)) == 300
    assert not identical_players(G23, 0, 1)  # different numbers of actions


@FAST
@given(st.data())
def test_swap_is_an_involution_and_symmetrising_makes_identical_players(data):
    g = data.draw(games(max_players=3, max_actions=2))
    if g.n < 2:
        g = null_player_game(g, 1)
    i, j = data.draw(st.lists(st.integers(0, g.n - 1), min_size=2, max_size=2, unique=True))
    s = swap_identical_players(g, i, j)
    assert swap_identical_players(s, i, j) == g
    for a in s.profiles():
        b = list(a)
        b[i], b[j] = a[j], a[i]
        assert s.payoff(i, a) == g.payoff(j, tuple(b))
        assert s.payoff(j, a) == g.payoff(i, tuple(b))
    if g.shape[i] == g.shape[j]:
        tables = [[u + v for u, v in zip(g.payoff_table(k), s.payoff_table(k))] for k in range(g.n)]
        sym = Game.from_tables(g.players, g.actions, tables)
        assert identical_players(sym, i, j)


def test_transforms_leave_their_argument_alone():
    before = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])
    for transform in (
        lambda g: destruction_game(g, 1),
        lambda g: payment_game(g, 1),
        lambda g: add_mixed_action(g, 0, {0: 1}),
        lambda g: merge_players(g, [[1, 0]]),
        lambda g: scale_and_shift(g, [2, 2], [1, 1]),
    ):
        assert transform(PD) != PD
    assert PD == before and PD.payoff_table(0) == before.payoff_table(0)


# ------------------------------------------------------------------ bad arguments
BAD = [
    ("permute_players([[1]], [0])", lambda: permute_players([[1]], [0]), "game"),
    ("permute_players(PD, [0, 0])", lambda: permute_players(PD, [0, 0]), "order"),
    ("permute_players(PD, [0])", lambda: permute_players(PD, [0]), "order"),
    ("permute_players(PD, [0, 2])", lambda: permute_players(PD, [0, 2]), "order"),
    ("restrict_actions(PD, 2, [0])", lambda: restrict_actions(PD, 2, [0]), "player"),
    ("restrict_actions(PD, -1, [0])", lambda: restrict_actions(PD, -1, [0]), "player"),
    ("restrict_actions(PD, True, [0])", lambda: restrict_actions(PD, True, [0]), "player"),
    ("restrict_actions(PD, 0, [])", lambda: restrict_actions(PD, 0, []), "keep"),
    ("restrict_actions(PD, 0, [0, 0])", lambda: restrict_actions(PD, 0, [0, 0]), "keep"),
    ("restrict_actions(PD, 0, [5])", lambda: restrict_actions(PD, 0, [5]), "keep"),
    ("add_action(PD, 0, 'C', ...)", lambda: add_action(PD, 0, "C", [[0, 0], [0, 0]]), "label"),
    ("add_action(PD, 0, 'X', one array)", lambda: add_action(PD, 0, "X", [[0, 0]]), "payoffs"),
    ("add_action(PD, 0, 'X', wrong shape)", lambda: add_action(PD, 0, "X", [[0, 0, 0], [0, 0]]), "payoffs[0]"),
    ("add_action(PD, 0, 'X', float)", lambda: add_action(PD, 0, "X", [[0, 0.5], [0, 0]]), "payoffs[0][1]"),
    ("add_mixed_action(PD, 0, {0: 1/2, 1: 1/3})", lambda: add_mixed_action(PD, 0, {0: "1/2", 1: "1/3"}), "mixture"),
    ("add_mixed_action(PD, 0, {0: 2, 1: -1})", lambda: add_mixed_action(PD, 0, {0: 2, 1: -1}), "mixture[1]"),
    ("add_mixed_action(PD, 0, {3: 1})", lambda: add_mixed_action(PD, 0, {3: 1}), "mixture"),
    ("add_mixed_action(PD, 0, {})", lambda: add_mixed_action(PD, 0, {}), "mixture"),
    ("add_mixed_action(PD, 0, [1, 0])", lambda: add_mixed_action(PD, 0, [1, 0]), "mixture"),
    ("add_mixed_action(PD, 0, floats)", lambda: add_mixed_action(PD, 0, {0: 0.5, 1: 0.5}), "mixture[0]"),
    ("add_mixed_action(PD, 0, {0: 1}, label='D')", lambda: add_mixed_action(PD, 0, {0: 1}, label="D"), "label"),
    ("merge_players(G3, [[0, 1], [1, 2]])", lambda: merge_players(G3, [[0, 1], [1, 2]]), "groups"),
    ("merge_players(G3, [[0, 1]])", lambda: merge_players(G3, [[0, 1]]), "groups"),
    ("merge_players(G3, [[0, 1, 2], []])", lambda: merge_players(G3, [[0, 1, 2], []]), "groups[1]"),
    ("merge_players(G3, [[0, 1, 5]])", lambda: merge_players(G3, [[0, 1, 5]]), "groups[0]"),
    ("two_team_game(G3, [])", lambda: two_team_game(G3, []), "coalition"),
    ("two_team_game(G3, [0, 1, 2])", lambda: two_team_game(G3, [0, 1, 2]), "coalition"),
    ("two_team_game(G3, [3])", lambda: two_team_game(G3, [3]), "coalition"),
    ("two_team_game(G3, [0, 0])", lambda: two_team_game(G3, [0, 0]), "coalition"),
    ("destruction_game(PD, -1)", lambda: destruction_game(PD, -1), "caps"),
    ("destruction_game(PD, [[0, 1], [-2, 0]])", lambda: destruction_game(PD, [[0, 1], [-2, 0]]), "caps[1][0]"),
    ("destruction_game(PD, [[0, 1]])", lambda: destruction_game(PD, [[0, 1]]), "caps"),
    ("destruction_game(PD, [[0, 1], [0]])", lambda: destruction_game(PD, [[0, 1], [0]]), "caps[1]"),
    ("destruction_game(PD, 0.5)", lambda: destruction_game(PD, 0.5), "caps"),
    ("payment_game(PD, [[1, 1], [0, 0]])", lambda: payment_game(PD, [[1, 1], [0, 0]]), "caps[0][0]"),
    ("payment_game(PD, [[0, -1], [0, 0]])", lambda: payment_game(PD, [[0, -1], [0, 0]]), "caps[0][1]"),
    ("null_player_game(PD, 3)", lambda: null_player_game(PD, 3), "position"),
    ("null_player_game(PD, -1)", lambda: null_player_game(PD, -1), "position"),
    ("null_player_game(PD, 0, name='P1')", lambda: null_player_game(PD, 0, name="P1"), "name"),
    ("parallel_sum(PD, G3)", lambda: parallel_sum(PD, G3), "h"),
    ("parallel_sum(PD, PD, -1, 1)", lambda: parallel_sum(PD, PD, -1, 1), "d"),
    ("parallel_sum(PD, PD, 1, '-1/2')", lambda: parallel_sum(PD, PD, 1, "-1/2"), "e"),
    ("parallel_sum(PD, PD, 0.5)", lambda: parallel_sum(PD, PD, 0.5), "d"),
    ("scale_and_shift(PD, [1, 0], [0, 0])", lambda: scale_and_shift(PD, [1, 0], [0, 0]), "scale[1]"),
    ("scale_and_shift(PD, [1], [0, 0])", lambda: scale_and_shift(PD, [1], [0, 0]), "scale"),
    ("scale_and_shift(PD, 2, [0, 0])", lambda: scale_and_shift(PD, 2, [0, 0]), "scale"),
    ("scale_and_shift(PD, [1, 1], [0])", lambda: scale_and_shift(PD, [1, 1], [0]), "shift"),
    ("scale_and_shift(PD, [1, 1], [0, 0.1])", lambda: scale_and_shift(PD, [1, 1], [0, 0.1]), "shift[1]"),
    ("swap_identical_players(PD, 0, 0)", lambda: swap_identical_players(PD, 0, 0), "j"),
    ("swap_identical_players(PD, 0, 2)", lambda: swap_identical_players(PD, 0, 2), "j"),
]


@pytest.mark.parametrize(("call", "argument"), [(c, a) for _, c, a in BAD], ids=[i for i, _, _ in BAD])
def test_bad_arguments_raise_input_error_naming_the_argument(call, argument):
    with pytest.raises(InputError) as info:
        call()
    assert str(info.value).startswith(f"{argument}:"), str(info.value)


def test_floats_are_refused_with_their_own_error():
    with pytest.raises(FloatRefusedError, match=r"^d:"):
        parallel_sum(PD, PD, 0.5)
    with pytest.raises(FloatRefusedError, match=r"^caps\[0\]\[1\]:"):
        destruction_game(PD, [[0, 1.5], [0, 0]])


def test_redundant_action_finds_the_mixture_exactly():
    from exactrose.model.transform import redundant_action

    game = Game.from_function((2, 2, 2), lambda a: (2 * a[0] - a[1], a[1] + a[2] * a[0], a[2] - a[0]))
    assert redundant_action(game, 0) is None
    padded = add_mixed_action(game, 0, {0: F(1, 3), 1: F(2, 3)})
    assert redundant_action(padded, 0) == (2, {0: F(1, 3), 1: F(2, 3)})
    duplicated = add_mixed_action(game, 1, {1: 1})
    action, weights = redundant_action(duplicated, 1)
    assert weights == {1 if action == 2 else 2: 1} and action in (1, 2)
    assert redundant_action(Game.from_arrays([[1]], [[2]]), 0) is None
