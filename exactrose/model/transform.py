"""Game transformations used by the essay's propositions.

Every function takes a :class:`~exactrose.model.game.Game` and returns a new one; games are
immutable, so the argument is never changed.  Players and actions are numbered from 0.
Numbers given by the caller pass through :func:`~exactrose.exact.numbers.to_rational`, so floats
are refused.  Bad arguments raise :class:`~exactrose.errors.InputError` naming the argument.

>>> pd = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])
>>> burn = destruction_game(pd, [[0, 3], [0, 0]])
>>> burn.actions[0]
('C|burn:P2=0', 'C|burn:P2=-3', 'D|burn:P2=0', 'D|burn:P2=-3')
>>> burn.payoff_vector((1, 0))
(Fraction(3, 1), Fraction(0, 1))
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from numbers import Integral

from exactrose.errors import InputError
from exactrose.exact.lp import LinearProgram, solve_lp
from exactrose.exact.numbers import format_rational, from_fmpq, to_rational
from exactrose.model.game import Game, Profile, flatten, shape_of

__all__ = [
    "add_action",
    "add_mixed_action",
    "destruction_game",
    "drop_passive_players",
    "identical_classes",
    "identical_players",
    "merge_players",
    "null_player_game",
    "null_players",
    "parallel_sum",
    "payment_game",
    "permute_players",
    "restrict_actions",
    "scale_and_shift",
    "swap_identical_players",
    "two_team_game",
]

_ZERO = Fraction(0)


# ---------------------------------------------------------------- reordering players
def permute_players(game: Game, order: Sequence[int]) -> Game:
    """Reorder the players: new player ``k`` is old player ``order[k]`` (names, actions, payoffs).

    ``order`` must be a permutation of ``0..n-1``.  Values do not depend on the numbering of
    the players (ROSE averages over all orderings).
    """
    _check_game(game, "game")
    order = _permutation(game, order, "order")
    n = game.n
    positions = []  # where each profile of the new game sits in the old one's tables
    for new in itertools.product(*(range(game.shape[o]) for o in order)):
        old = [0] * n
        for k, action in enumerate(new):
            old[order[k]] = action
        positions.append(game.index(tuple(old)))
    tables = [game.payoff_table(o) for o in order]
    return Game.from_tables(
        [game.players[o] for o in order],
        [game.actions[o] for o in order],
        [[table[q] for q in positions] for table in tables],
        _title("players permuted", game),
    )


def swap_identical_players(game: Game, i: int, j: int) -> Game:
    """The game with players ``i`` and ``j`` exchanged (essay Prop 9).

    New player ``i`` is old player ``j`` (its name, action set and payoffs) and vice versa: in
    the result ``U'_i(c, x, y) = U_j(c, y, x)`` and ``U'_k(c, x, y) = U_k(c, y, x)`` for the
    other players ``k``, with ``x`` the action in slot ``i`` and ``y`` in slot ``j``.  Players
    ``i`` and ``j`` are identical in the essay's sense exactly when the result has the same
    payoff tables as ``game`` (see :func:`identical_players`).
    """
    _check_game(game, "game")
    i = _player(game, i, "i")
    j = _player(game, j, "j")
    if i == j:
        raise InputError(f"j: expected a player other than i, got {j} for both")
    order = list(range(game.n))
    order[i], order[j] = j, i
    return permute_players(game, order)


def identical_players(game: Game, i: int, j: int) -> bool:
    """Whether players ``i`` and ``j`` are identical in the sense of essay Prop 9.

    True when both have the same number of actions and swapping them
    (:func:`swap_identical_players`) leaves every payoff table unchanged.
    """
    swapped = swap_identical_players(game, i, j)
    return swapped.shape == game.shape and all(
        swapped.payoff_table(k) == game.payoff_table(k) for k in range(game.n)
    )


def identical_classes(game: Game) -> list[list[int]]:
    """The players grouped into classes of mutually identical players (essay Prop 9), each
    sorted, classes ordered by their first player.  Swaps of identical players are symmetries
    of the game, and they compose, so being identical is an equivalence."""
    classes: list[list[int]] = []
    # identical players have as many actions and the same payoffs up to order: compare the
    # action counts and payoff sums first, then the sorted payoffs (sorted only when needed)
    signature = [(game.shape[i], sum(game.payoff_table(i), Fraction(0))) for i in range(game.n)]

    @functools.cache
    def payoffs(i: int) -> list[Fraction]:
        return sorted(game.payoff_table(i))

    for i in range(game.n):
        for members in classes:
            if signature[members[0]] == signature[i] and payoffs(members[0]) == payoffs(i) \
                    and identical_players(game, members[0], i):
                members.append(i)
                break
        else:
            classes.append([i])
    return classes


def null_players(game: Game) -> list[int]:
    """The null players (essay Prop 10): one action and payoff 0 everywhere."""
    return [i for i in range(game.n) if game.shape[i] == 1 and not any(game.payoff_table(i))]


def drop_passive_players(game: Game, players: Sequence[int]) -> Game:
    """The game without ``players``, each of which has a single action (the others' payoffs
    are read with it played); the reverse of :func:`null_player_game` for null players."""
    _check_game(game, "game")
    gone = {_player(game, p, "players") for p in players}
    if any(game.shape[p] != 1 for p in gone):
        raise InputError(f"players: only players with a single action can be dropped, got {sorted(gone)}")
    kept = [i for i in range(game.n) if i not in gone]
    if not kept:
        raise InputError("players: a game needs at least one player")

    def vector(new: Profile) -> list[Fraction]:
        full = [0] * game.n
        for i, action in zip(kept, new):
            full[i] = action
        u = game.payoff_vector(tuple(full))
        return [u[i] for i in kept]

    return Game.from_function([game.shape[i] for i in kept], vector, players=[game.players[i] for i in kept],
                              actions=[game.actions[i] for i in kept], title=_title("players dropped", game))


# ------------------------------------------------------------------- changing actions
def restrict_actions(game: Game, player: int, keep: Sequence[int]) -> Game:
    """Keep only the actions ``keep`` of ``player``, in the order given.

    The reverse of adding actions (Prop 6 redundancy, Prop 13 action monotonicity).
    """
    _check_game(game, "game")
    p = _player(game, player, "player")
    keep = _action_list(game, p, keep, "keep")
    actions = list(game.actions)
    actions[p] = tuple(game.actions[p][k] for k in keep)

    def vector(new: Profile) -> tuple[Fraction, ...]:
        old = list(new)
        old[p] = keep[new[p]]
        return game.payoff_vector(tuple(old))

    return Game.from_function(
        [len(a) for a in actions], vector, players=game.players, actions=actions, title=_title("restricted", game)
    )


def add_action(game: Game, player: int, label: str, payoffs: Sequence[object]) -> Game:
    """Give ``player`` a new last action ``label`` (essay Prop 13, action monotonicity).

    ``payoffs[j]`` is a nested array over the OTHER players' actions, in player order, giving
    player ``j``'s payoff when ``player`` plays the new action; in a one-player game each
    ``payoffs[j]`` is a single number.
    """
    _check_game(game, "game")
    p = _player(game, player, "player")
    label = _new_label(game, p, label)
    if not _is_array(payoffs) or len(payoffs) != game.n:
        got = f"{len(payoffs)} entries" if _is_array(payoffs) else repr(payoffs)
        raise InputError(f"payoffs: expected one nested array per player ({game.n}), got {got}")
    others_shape = game.shape[:p] + game.shape[p + 1 :]
    columns: list[dict[Profile, Fraction]] = []
    for j, array in enumerate(payoffs):
        where = f"payoffs[{j}]"
        if _is_array(array) and len(array) == 0:  # type: ignore[arg-type]
            raise InputError(f"{where}: expected shape {list(others_shape)} (the other players' actions), got []")
        shape = shape_of(array, len(others_shape), where)
        if shape != others_shape:
            raise InputError(
                f"{where}: expected shape {list(others_shape)} (the other players' actions), got {list(shape)}"
            )
        columns.append(
            {
                others: to_rational(entry, where + "".join(f"[{a}]" for a in others))
                for others, entry in flatten(array, len(others_shape))
            }
        )
    return _with_new_action(game, p, label, lambda j, others: columns[j][others], _title("action added", game))


def add_mixed_action(
    game: Game, player: int, mixture: Mapping[int, object], label: str | None = None
) -> Game:
    """Add a redundant action of ``player`` equal to a mixture of existing ones (essay Prop 6).

    ``mixture`` maps action indices to weights (rationals >= 0 summing to 1).  Against every
    profile of the others, each player's payoff is the mixture's expected payoff.  The default
    label reads like ``"mix(0:1/2,1:1/2)"``.
    """
    _check_game(game, "game")
    p = _player(game, player, "player")
    if not isinstance(mixture, Mapping) or not mixture:
        raise InputError(f"mixture: expected a non-empty mapping {{action index: weight}}, got {mixture!r}")
    weights: dict[int, Fraction] = {}
    for key, weight in mixture.items():
        k = _action(game, p, key, "mixture")
        w = to_rational(weight, f"mixture[{k}]")
        if w < 0:
            raise InputError(f"mixture[{k}]: expected a weight >= 0, got {format_rational(w)}")
        weights[k] = w
    total = sum(weights.values(), _ZERO)
    if total != 1:
        raise InputError(f"mixture: weights must sum to 1 (a probability distribution), got {format_rational(total)}")
    weights = dict(sorted(weights.items()))
    if label is None:
        label = "mix(" + ",".join(f"{k}:{format_rational(w)}" for k, w in weights.items()) + ")"
    label = _new_label(game, p, label)

    def column(j: int, others: Profile) -> Fraction:
        return sum((w * game.payoff(j, others[:p] + (k,) + others[p:]) for k, w in weights.items()), _ZERO)

    return _with_new_action(game, p, label, column, _title("mixed action added", game))


def redundant_action(game: Game, player: int) -> tuple[int, dict[int, Fraction]] | None:
    """An action of ``player`` whose payoffs (to every player, against every profile of the
    others) equal a mixture of its other actions, with that mixture; None if there is none.

    The reverse of :func:`add_mixed_action`, decided exactly by one feasibility LP per action.
    """
    _check_game(game, "game")
    p = _player(game, player, "player")
    count = game.shape[p]
    if count < 2:
        return None
    rests = list(itertools.product(*(range(m) for j, m in enumerate(game.shape) if j != p)))

    def at(action: int, rest: Profile) -> Profile:
        return rest[:p] + (action,) + rest[p:]

    for action in range(count):
        others = [k for k in range(count) if k != action]
        rows = [[game.payoff(i, at(k, rest)) for k in others] for i in range(game.n) for rest in rests]
        rhs = [game.payoff(i, at(action, rest)) for i in range(game.n) for rest in rests]
        program = LinearProgram.build(c=[0] * len(others), A_eq=rows + [[1] * len(others)], b_eq=rhs + [1])
        solution = solve_lp(program)
        if solution.status == "optimal":
            assert solution.x is not None  # an optimal solution has a point
            weights = {k: from_fmpq(w) for k, w in zip(others, solution.x) if w != 0}
            return action, weights
    return None


def _with_new_action(
    game: Game, p: int, label: str, column: Callable[[int, Profile], Fraction], title: str
) -> Game:
    """``game`` with ``label`` appended to player p's actions; ``column(j, others)`` pays j there."""
    old_count = game.shape[p]
    actions = list(game.actions)
    actions[p] = game.actions[p] + (label,)

    def vector(new: Profile) -> Sequence[Fraction]:
        if new[p] < old_count:
            return game.payoff_vector(new)
        others = new[:p] + new[p + 1 :]
        return [column(j, others) for j in range(game.n)]

    return Game.from_function([len(a) for a in actions], vector, players=game.players, actions=actions, title=title)


# ---------------------------------------------------------------------- coalitions
def merge_players(game: Game, groups: Sequence[Sequence[int]]) -> Game:
    """Make each group of players one player (a coalition as a player).

    ``groups`` partition the players; the merged players come in the order of ``groups``.  A
    merged player's actions are the joint pure profiles of its members (members in the order
    listed, the first varying slowest), labelled by member actions joined by ``"|"``; its
    payoff is the sum of its members' payoffs; it is named by member names joined by ``"+"``
    (``"P1+P3"``).  Singleton groups leave a player as it was.
    """
    _check_game(game, "game")
    groups = _partition(game, groups, "groups")
    joint = [list(itertools.product(*(range(game.shape[i]) for i in group))) for group in groups]
    players = ["+".join(game.players[i] for i in group) for group in groups]
    actions = [
        ["|".join(game.actions[i][a] for i, a in zip(group, combo)) for combo in combos]
        for group, combos in zip(groups, joint)
    ]

    def vector(new: Profile) -> list[Fraction]:
        old = [0] * game.n
        for group, combos, k in zip(groups, joint, new):
            for i, a in zip(group, combos[k]):
                old[i] = a
        u = game.payoff_vector(tuple(old))
        return [sum((u[i] for i in group), _ZERO) for group in groups]

    return Game.from_function(
        [len(c) for c in joint], vector, players=players, actions=actions, title=_title("players merged", game)
    )


def two_team_game(game: Game, coalition: Iterable[int]) -> Game:
    """The two-player game of coalition S against N∖S (Shapley amplification).

    Equal to ``merge_players(game, [sorted(S), sorted(N∖S)])``; S must be non-empty and
    proper (not every player).
    """
    _check_game(game, "game")
    if isinstance(coalition, (str, bytes)) or not isinstance(coalition, Iterable):
        raise InputError(f"coalition: expected a collection of player indices, got {coalition!r}")
    members: set[int] = set()
    for value in coalition:
        i = _player(game, value, "coalition")
        if i in members:
            raise InputError(f"coalition: player {i} is listed twice")
        members.add(i)
    if not members or len(members) == game.n:
        which = "empty" if not members else f"every player ({game.n})"
        raise InputError(f"coalition: expected a non-empty proper subset of the players, got {which}")
    rest = [i for i in range(game.n) if i not in members]
    return merge_players(game, [sorted(members), rest])


# --------------------------------------------------------- destruction and payments
def destruction_game(game: Game, caps: object) -> Game:
    """The destruction game of essay Prop 7, as an exactly equivalent finite game.

    ``caps[i][j] = D_ij >= 0`` is the most player ``i`` can burn from player ``j`` (``i == j``
    allowed); a single number sets every ``D_ij``.  Player ``i``'s actions become pairs
    (original action, vertex ``d_i`` of the box ``Π_j [−D_ij, 0]``), where only coordinates
    with ``D_ij > 0`` vary, and ``U'_j = U_j + Σ_i d_ij``.  Labels read ``"a|burn:P2=-3"``;
    a player with no positive cap keeps its actions and labels.
    """
    _check_game(game, "game")
    matrix = _cap_matrix(game, caps, "caps", self_allowed=True)
    options = [
        _box_options(game, [(j, -matrix[i][j]) for j in range(game.n) if matrix[i][j] > 0], "burn", payer=None)
        for i in range(game.n)
    ]
    return _augment(game, options, _title("destruction game", game))


def payment_game(game: Game, caps: object) -> Game:
    """The payment game of essay Prop 8, as an exactly equivalent finite game.

    ``caps[i][j] = P_ij >= 0`` is the most player ``i`` may pay player ``j``; the diagonal must
    be 0, and a single number sets every ``P_ij`` with ``i != j``.  Player ``i``'s actions
    become pairs (original action, vertex ``p_i`` of ``Π_{j≠i} [0, P_ij]``), where only
    coordinates with ``P_ij > 0`` vary; ``U'_i = U_i − Σ_j p_ij + Σ_j p_ji``.  Labels read
    ``"a|pay:P2=3"``.  The total payoff at every profile is unchanged.
    """
    _check_game(game, "game")
    matrix = _cap_matrix(game, caps, "caps", self_allowed=False)
    options = [
        _box_options(game, [(j, matrix[i][j]) for j in range(game.n) if matrix[i][j] > 0], "pay", payer=i)
        for i in range(game.n)
    ]
    return _augment(game, options, _title("payment game", game))


_Option = tuple[str, tuple[Fraction, ...]]


def _box_options(game: Game, extremes: list[tuple[int, Fraction]], word: str, payer: int | None) -> list[_Option]:
    """The vertices of a box ``Π [0, x_j]`` as (label suffix, payoff change) pairs.

    Coordinate ``j`` adds its value to player j's payoff; if ``payer`` is given it also takes
    it from ``payer``.  With no coordinates there is one option, the empty suffix and no change.
    """
    options = []
    for point in itertools.product(*((_ZERO, x) for _, x in extremes)):
        change = [_ZERO] * game.n
        for (j, _), x in zip(extremes, point):
            change[j] += x
            if payer is not None:
                change[payer] -= x
        suffix = f"{word}:" + ",".join(f"{game.players[j]}={format_rational(x)}" for (j, _), x in zip(extremes, point))
        options.append((suffix if extremes else "", tuple(change)))
    return options


def _augment(game: Game, options: list[list[_Option]], title: str) -> Game:
    """Pair each player's actions with its options; payoffs gain the chosen options' changes."""
    counts = [len(o) for o in options]
    actions = [
        [f"{label}|{suffix}" if suffix else label for label in game.actions[i] for suffix, _ in options[i]]
        for i in range(game.n)
    ]

    def vector(new: Profile) -> list[Fraction]:
        old = tuple(b // c for b, c in zip(new, counts))
        changes = [options[i][b % c][1] for i, (b, c) in enumerate(zip(new, counts))]
        u = game.payoff_vector(old)
        return [u[j] + sum((change[j] for change in changes), _ZERO) for j in range(game.n)]

    return Game.from_function([len(a) for a in actions], vector, players=game.players, actions=actions, title=title)


# ------------------------------------------------------------- adding and combining
def null_player_game(game: Game, position: int, name: str = "null") -> Game:
    """Insert a null player at index ``position`` (essay Prop 10).

    The null player has one action, labelled ``"0"``, and payoff 0 everywhere; the others'
    payoffs ignore it.  ``position`` runs from 0 (first) to ``n`` (last).
    """
    _check_game(game, "game")
    if isinstance(position, bool) or not isinstance(position, Integral) or not 0 <= position <= game.n:
        raise InputError(f"position: expected an index 0..{game.n} at which to insert the player, got {position!r}")
    position = int(position)
    if not isinstance(name, str) or not name:
        raise InputError(f"name: expected a non-empty string, got {name!r}")
    if name in game.players:
        raise InputError(f"name: a player is already called {name!r}; choose another name")
    players = list(game.players)
    players.insert(position, name)
    actions = list(game.actions)
    actions.insert(position, ("0",))

    def vector(new: Profile) -> list[Fraction]:
        u = list(game.payoff_vector(new[:position] + new[position + 1 :]))
        u.insert(position, _ZERO)
        return u

    return Game.from_function(
        [len(a) for a in actions], vector, players=players, actions=actions, title=_title("null player added", game)
    )


def parallel_sum(g: Game, h: Game, d: object = 1, e: object = 1) -> Game:
    """The game ``dG + eH`` of essay Prop 3: both games played in parallel.

    Player i's actions are pairs ``(x, y) ∈ A^G_i × A^H_i`` labelled ``"x&y"`` (x varying
    slowest); payoffs are ``d U^G_i(x) + e U^H_i(y)`` with ``d, e >= 0``.  Players keep G's
    names when both games name them alike, otherwise they are named ``"g_name&h_name"``.
    """
    _check_game(g, "g")
    _check_game(h, "h")
    if h.n != g.n:
        raise InputError(f"h: expected a game with the same number of players as g ({g.n}), got {h.n}")
    d = to_rational(d, "d")
    e = to_rational(e, "e")
    for value, where in ((d, "d"), (e, "e")):
        if value < 0:
            raise InputError(f"{where}: expected a weight >= 0, got {format_rational(value)}")
    players = g.players if g.players == h.players else [f"{a}&{b}" for a, b in zip(g.players, h.players)]
    actions = [[f"{x}&{y}" for x in ag for y in ah] for ag, ah in zip(g.actions, h.actions)]
    h_counts = h.shape

    def vector(new: Profile) -> list[Fraction]:
        ug = g.payoff_vector(tuple(b // c for b, c in zip(new, h_counts)))
        uh = h.payoff_vector(tuple(b % c for b, c in zip(new, h_counts)))
        return [d * x + e * y for x, y in zip(ug, uh)]

    title = f"parallel sum {format_rational(d)}·G + {format_rational(e)}·H"
    if g.title or h.title:
        title += f" (G = {g.title or '?'}, H = {h.title or '?'})"
    return Game.from_function([len(a) for a in actions], vector, players=players, actions=actions, title=title)


def scale_and_shift(game: Game, scale: Sequence[object], shift: Sequence[object]) -> Game:
    """``U_i -> scale_i U_i + shift_i`` with every ``scale_i > 0`` (essay Prop 3.3)."""
    _check_game(game, "game")
    scale = _per_player(game, scale, "scale")
    shift = _per_player(game, shift, "shift")
    for i, s in enumerate(scale):
        if s <= 0:
            raise InputError(f"scale[{i}]: expected a factor > 0, got {format_rational(s)}")
    return Game.from_tables(
        game.players,
        game.actions,
        [[scale[i] * u + shift[i] for u in game.payoff_table(i)] for i in range(game.n)],
        _title("scaled and shifted", game),
    )


# ------------------------------------------------------------------- validation
def _check_game(game: object, where: str) -> None:
    if not isinstance(game, Game):
        raise InputError(f"{where}: expected a Game, got {type(game).__name__}")


def _is_array(value: object) -> bool:
    """A sized sequence (list, tuple, numpy array), not a string or a scalar."""
    return not isinstance(value, (str, bytes)) and hasattr(value, "__len__") and getattr(value, "ndim", 1) != 0


def _index(value: object, bound: int, where: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or not 0 <= int(value) < bound:
        raise InputError(f"{where}: expected {what} 0..{bound - 1}, got {value!r}")
    return int(value)


def _player(game: Game, value: object, where: str) -> int:
    return _index(value, game.n, where, "a player index")


def _action(game: Game, player: int, value: object, where: str) -> int:
    return _index(value, game.shape[player], where, f"an action index of player {player}")


def _sequence(value: object, where: str, what: str) -> list:
    if not _is_array(value):
        raise InputError(f"{where}: expected a sequence of {what}, got {value!r}")
    return list(value)  # type: ignore[call-overload]


def _permutation(game: Game, order: object, where: str) -> list[int]:
    order = [_player(game, v, where) for v in _sequence(order, where, "player indices")]
    if sorted(order) != list(range(game.n)):
        raise InputError(f"{where}: expected a permutation of 0..{game.n - 1}, got {order}")
    return order


def _action_list(game: Game, player: int, keep: object, where: str) -> list[int]:
    keep = [_action(game, player, v, where) for v in _sequence(keep, where, "action indices")]
    if not keep:
        raise InputError(f"{where}: a player needs at least one action; got none")
    if len(set(keep)) != len(keep):
        raise InputError(f"{where}: expected distinct action indices, got {keep}")
    return keep


def _new_label(game: Game, player: int, label: object) -> str:
    if not isinstance(label, str) or not label:
        raise InputError(f"label: expected a non-empty string, got {label!r}")
    if label in game.actions[player]:
        raise InputError(f"label: player {game.players[player]!r} already has an action {label!r}")
    return label


def _partition(game: Game, groups: object, where: str) -> list[list[int]]:
    result: list[list[int]] = []
    seen: dict[int, int] = {}
    for g, group in enumerate(_sequence(groups, where, "groups of player indices")):
        members = [_player(game, v, f"{where}[{g}]") for v in _sequence(group, f"{where}[{g}]", "player indices")]
        if not members:
            raise InputError(f"{where}[{g}]: a group needs at least one player")
        for i in members:
            if i in seen:
                raise InputError(
                    f"{where}: player {i} appears in groups {seen[i]} and {g}; groups must partition the players"
                )
            seen[i] = g
        result.append(members)
    missing = [i for i in range(game.n) if i not in seen]
    if missing:
        raise InputError(f"{where}: players {missing} are in no group; groups must partition the players")
    return result


def _per_player(game: Game, values: object, where: str) -> list[Fraction]:
    values = _sequence(values, where, f"numbers, one per player ({game.n})")
    if len(values) != game.n:
        raise InputError(f"{where}: expected one number per player ({game.n}), got {len(values)}")
    return [to_rational(v, f"{where}[{i}]") for i, v in enumerate(values)]


def _cap_matrix(game: Game, caps: object, where: str, *, self_allowed: bool) -> list[list[Fraction]]:
    """An n×n matrix of caps >= 0, from a matrix or one number; diagonal 0 unless self_allowed."""
    n = game.n
    if not _is_array(caps):
        c = to_rational(caps, where)
        if c < 0:
            raise InputError(f"{where}: expected a cap >= 0, got {format_rational(c)}")
        return [[c if self_allowed or i != j else _ZERO for j in range(n)] for i in range(n)]
    rows = _sequence(caps, where, "rows")
    if len(rows) != n:
        raise InputError(
            f"{where}: expected an {n}×{n} matrix (one row per player) or one number, got {len(rows)} rows"
        )
    matrix = []
    for i, row in enumerate(rows):
        row = _sequence(row, f"{where}[{i}]", "caps")
        if len(row) != n:
            raise InputError(f"{where}[{i}]: expected {n} caps (one per player), got {len(row)}")
        matrix.append([to_rational(v, f"{where}[{i}][{j}]") for j, v in enumerate(row)])
        for j, c in enumerate(matrix[i]):
            if c < 0:
                raise InputError(f"{where}[{i}][{j}]: expected a cap >= 0, got {format_rational(c)}")
        if not self_allowed and matrix[i][i] != 0:
            raise InputError(
                f"{where}[{i}][{i}]: a player cannot pay itself; expected 0, got {format_rational(matrix[i][i])}"
            )
    return matrix


def _title(what: str, game: Game) -> str:
    return f"{what}: {game.title}" if game.title else what
