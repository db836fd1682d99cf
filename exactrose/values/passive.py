"""Initiative values of a game with passive players, evaluated symbolically (essay Definition 4).

A **passive** player has one action and payoff 0 everywhere: the essay's null player (Prop 10).
In a game of two **active** players, 0 and 1, and any number of passive ones, Definition 4's
maximisations over a passive player's strategy are trivial, and every contextual value
``V[μ, a:b]`` is a combination of three kinds of terms, by which active players the context μ
holds:

- both: ``E(w) = E_μ[w·U]``, linear in the weights ``w`` of the active players' payoffs;
- one, ``x``, with mixed strategy ν: ``M(w) = max_b E_ν[w·U](·, b)``, the other active
  player's pure replies ``b`` maximised over (``M(c·w) = c·M(w)`` for ``c >= 0``);
- none: the two-player game's own values, which maximising over ν leaves:
  ``max_ν M(w) = max_a w·U(a)`` (``T`` for ``w = (1, 1)``, ``X1`` and ``X2`` for one player's
  payoff) and ``max_ν M(U_0 + U_1) − M(U_other) = V1`` when x is player 0 (``V2`` for player 1;
  essay Definition 3, two players).

:func:`initiative_forms` evaluates Definition 4 on these terms rank by rank for any ordering; each
initiative value comes out as a linear form over ``V1, V2, T, X1, X2`` of the active players'
two-player game, with no solver.  A maximum of another shape raises ``ValueError`` (none occurs:
the forms above are all that passive players leave).

>>> initiative_forms((None, 0, 1)) == [{}, {"V1": 1}, {"T": 1, "V1": -1}]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cache

#: A linear form: coefficients of terms, keyed ``("E", i)``, ``("M", w0, w1)`` or ``("B", name)``.
Form = dict[tuple, Fraction]

#: The two-player values ``max_a w·U(a)`` by the weights ``w`` (normalised as :func:`_reply`'s).
_PURE_MAXIMA = {(1, 1): "T", (1, 0): "X1", (0, 1): "X2"}


def _add(*parts: tuple[int | Fraction, Form]) -> Form:
    total: Form = {}
    for c, form in parts:
        for key, value in form.items():
            total[key] = total.get(key, Fraction(0)) + c * value
    return {key: value for key, value in total.items() if value != 0}


def _expectation(weights: tuple[Fraction, Fraction]) -> Form:
    """``E(w)``: the context holds both active players."""
    return _add((1, {("E", i): Fraction(w) for i, w in enumerate(weights)}))


def _reply(weights: tuple[Fraction, Fraction]) -> Form:
    """``M(w)``, as ``c·M(w / c)`` with ``c = max |w_i|`` so that equal terms share a key."""
    scale = max(abs(w) for w in weights)
    if scale == 0:
        return {}
    return {("M", *(Fraction(w) / scale for w in weights)): Fraction(scale)}


def _replies(form: Form) -> Form:
    """``max`` over the second active player's strategy of ``E(w)``, the first's in the context: ``M(w)``."""
    if any(key[0] != "E" for key in form):
        raise ValueError(f"expected expectations E(w) only, got {form}")
    return _reply((form.get(("E", 0), Fraction(0)), form.get(("E", 1), Fraction(0))))


def _two_player_value(form: Form, leader: int) -> Form:
    """``max_ν`` of a form of ``M`` terms, ν the strategy of active player ``leader``: the
    two-player value it is (module docstring)."""
    if any(key[0] != "M" for key in form):
        raise ValueError(f"expected replies M(w) only, got {form}")
    if len(form) == 1:
        ((_, *w), c), = form.items()
        if c > 0 and tuple(w) in _PURE_MAXIMA:
            return {("B", _PURE_MAXIMA[tuple(w)]): c}
    own = (0, 1) if leader == 0 else (1, 0)  # the follower's payoff
    c = form.get(("M", 1, 1), Fraction(0))
    if c > 0 and form == {("M", 1, 1): c, ("M", *own): -c}:
        return {("B", f"V{leader + 1}"): c}
    if not form:
        return {}
    raise ValueError(f"max over player {leader + 1}'s strategy of {form} is not a two-player value")


def initiative_forms(order: Sequence[int | None]) -> list[dict[str, Fraction]]:
    """The initiative value of each rank of ``order`` (the active player 0 or 1, or None for a
    passive one, by rank; both active players appear once) as a linear form over the basic values
    ``V1, V2, T, X1, X2`` of the active players' game: essay Definition 4,
    ``V_b = W_b − W_{b−1}`` with ``W_b = max_μ V[μ, 1:b]``."""
    order = tuple(order)
    if sorted(p for p in order if p is not None) != [0, 1]:
        raise ValueError(f"expected players 0 and 1 once each among passive ones, got {order}")
    n = len(order)

    def active_before(b: int) -> set[int]:
        return {p for p in order[:b] if p is not None}

    @cache
    def contextual(a: int, b: int) -> tuple[tuple[tuple, Fraction], ...]:
        """``V[μ, a:b]`` (ranks from 0) as a function of the context μ of ranks before ``b``."""
        player, held = order[b], active_before(b)
        if b == n - 1:
            weights = tuple(Fraction(sum(1 for p in order[a:] if p == i)) for i in (0, 1))
            form = _expectation(weights) if player is None else _reply(weights)  # type: ignore[arg-type]
            return tuple(form.items())
        inner = _add((1, dict(contextual(a, b + 1))), (-1, dict(contextual(b + 1, b + 1))))
        if player is None:
            return tuple(inner.items())
        if held:  # the other active player is in the context: maximise E(w) over this one's replies
            return tuple(_replies(inner).items())
        return tuple(_two_player_value(inner, player).items())

    def best(b: int) -> Form:
        """``W_b = max_μ V[μ, 0:b]`` over the context of ranks before ``b`` (``W_{−1} = 0``)."""
        if b < 0:
            return {}
        form, held = dict(contextual(0, b)), active_before(b)
        if len(held) == 2:  # max over both strategies of E(w): max over one of M(w)
            return _two_player_value(_replies(form), 0)
        if held:
            return _two_player_value(form, held.pop())
        return form

    forms = [_add((1, best(b)), (-1, best(b - 1))) for b in range(n)]
    if any(key[0] != "B" for form in forms for key in form):
        raise ValueError(f"initiative values left with context terms: {forms}")
    return [{key[1]: c for key, c in sorted(form.items())} for form in forms]
