"""Initiative values re-checked from the game alone (essay Definitions 3–4).

Definition 4 gives rank b the difference ``W_b − W_{b−1}`` of the maxima ``W_b = max_μ V[μ, 1:b]``
of Definition 3 (``W_0 = 0``, ``W_n = max Σ``), and
:func:`~exactrose.values.initiative.initiative_values` returns one proof per maximum.
:func:`check_initiative_values` re-derives from the game and the ordering alone which maximum of
which game each proof must prove (:func:`~exactrose.values.initiative.derivation`, the solver's
own reductions: passive players folded, first ranks in canonical order, redundant context actions
dropped), checks every proof there without repeating the solver's searches, and checks that the
values are the differences of the maxima.  Each kind of proof is checked as follows:

* a pure maximum: the maximum over pure profiles, recomputed, and the profile attaining it;
* a surplus extraction (two movers): its LP certificate
  (:func:`~exactrose.values.extraction.check_extraction`);
* a certified search (three movers or more): its upper end by its
  :class:`~exactrose.values.search.BoundCertificate`, for the objective ``W_b`` maximises
  (:func:`~exactrose.values.search.check_bound_certificate`); its lower end by the objective
  evaluated exactly at the witness context.  The nested ``W_1`` of four players is a maximum of a
  difference of inner maxima over rank 2's strategy: its lower end is re-derived by running those
  two inner searches again at the witness strategy of rank 1 (each re-checked the same way), or,
  where the snapped strategy of rank 1 is irrational, by re-checking the proof that the value is
  attained there (:func:`~exactrose.values.search.attainment.check_attained`);
  so is the lower end of a maximum nested deeper (:mod:`~exactrose.values.search.nesting`, five
  movers and more), whose inner searches are nested one level less;
* an algebraic maximum (three movers, rank 1 with two actions): the value is the objective
  evaluated exactly at the witness ``p``.  Its upper end rests on the enumeration of every
  candidate maximiser (:mod:`exactrose.values.three_players`), which carries no certificate to
  re-check and is not repeated here;
* a difference (passive leaders): both terms, and their difference.

The results checked are those of ``initiative_values(game, order)``.  The orderings ROSE lists
(:class:`~exactrose.values.rose.RoseValue`) with null or identical players folded carry the
proofs of their canonical ordering of the core game: check those there.

>>> from dataclasses import replace
>>> from exactrose.model.game import Game
>>> from exactrose.values.initiative import initiative_values
>>> pd = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> result = initiative_values(pd, (0, 1))
>>> result.values
(Fraction(4, 1), Fraction(2, 1))
>>> check_initiative_values(pd, result)  # silent: every maximum and value is proved
>>> check_initiative_values(pd, replace(result, values=(Fraction(5), Fraction(1))))
Traceback (most recent call last):
...
exactrose.errors.CertificateError: rank 1 (player 0): the value 5 is not W_1 − W_0 = 4
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from exactrose.errors import CertificateError
from exactrose.exact.algebraic import RealAlgebraic
from exactrose.exact.enclosure import Enclosure, Value
from exactrose.model.game import Game
from exactrose.model.transform import permute_players
from exactrose.values.contextual import ContextualValues, rank_game, values_by_player
from exactrose.values.extraction import (
    SurplusExtraction,
    check_extraction,
    leader_matrices,
)
from exactrose.values.initiative import (
    Derivation,
    Difference,
    Folded,
    InitiativeValues,
    Leading,
    Movers,
    Proof,
    Pure,
    PureMaximum,
    algebraic,
    derivation,
    fewer_context_actions,
    pure_maximum,
)
from exactrose.values.search import (
    DEEP_TOLERANCE,
    TOLERANCE,
    BoundedMaximum,
    Nesting,
    ReducedGame,
    check_bound_certificate,
    maximise_contextual,
)
from exactrose.values.search.attainment import check_attained
from exactrose.values.search.maxima import lower_end, upper_end
from exactrose.values.three_players import ContextMaximum, objective_exact


def check_initiative_values(game: Game, result: InitiativeValues) -> None:
    """Re-check ``result``, the initiative values of ``game`` for ``result.order`` (essay
    Definition 4), from the game alone (module docstring).  Raises
    :class:`~exactrose.errors.CertificateError` naming the rank whose maximum or value fails."""
    order = tuple(result.order)
    if sorted(order) != list(range(game.n)):
        raise CertificateError(f"the order {list(order)} is not a permutation of the players 0..{game.n - 1}")
    if len(result.values) != game.n or len(result.witness) != game.n - 1:
        raise CertificateError(f"{game.n} players need {game.n} values and {game.n - 1} maxima W_1..W_{game.n - 1}, "
                               f"got {len(result.values)} and {len(result.witness)}")
    ranked = rank_game(game, order)
    for b, proof in enumerate(result.witness, start=1):
        try:
            _check(derivation(ranked, b), proof)
        except CertificateError as error:
            raise CertificateError(f"W_{b} (ranks 1..{b} of the order {list(order)}): {error}") from error
    derived = values_by_player(order, [proof.value for proof in result.witness], game.max_total())
    for rank, player in enumerate(order, start=1):
        if not _proves(derived[player], result.values[player]):
            raise CertificateError(f"rank {rank} (player {player}): the value {result.values[player]} is not "
                                   f"W_{rank} − W_{rank - 1} = {derived[player]}")


def _proves(derived: Value, claimed: object) -> bool:
    """Whether ``derived`` proves ``claimed``: equal to it exactly, or inside it (an enclosure)."""
    if isinstance(claimed, Enclosure):
        return derived in claimed
    return not isinstance(derived, Enclosure) and derived == claimed


def _check(step: Derivation, proof: Proof) -> None:
    """``proof`` proves the maximum ``step`` derives."""
    if isinstance(step, Pure):
        _check_pure(step, proof)
    elif isinstance(step, Folded):
        _check(step.within, proof)
    elif isinstance(step, Leading):
        _check_difference(step, proof)
    else:
        _check_movers(step, proof)


def _check_pure(step: Pure, proof: Proof) -> None:
    """The largest ``Σ_{r<=b} U_r`` over pure profiles, recomputed, attained at the proof's profile."""
    ranked, b = step.ranked, step.b
    if not isinstance(proof, PureMaximum):
        raise CertificateError(f"a maximum over pure profiles is proved by a pure profile, not a {type(proof).__name__}")
    profile = tuple(proof.profile)
    if len(profile) != ranked.n or not all(isinstance(a, int) and 0 <= a < m for a, m in zip(profile, ranked.shape)):
        raise CertificateError(f"{list(profile)} is not a pure profile of the {ranked.n} ranks")
    attained = sum((ranked.payoff(r, profile) for r in range(b)), Fraction(0))
    best = pure_maximum(ranked, b).value
    if not attained == best == proof.value:
        raise CertificateError(f"the pure maximum is {best} and the profile {list(profile)} attains {attained}, "
                               f"not the claimed {proof.value}")


def _check_difference(step: Leading, proof: Proof) -> None:
    """Both terms of a passive leader's difference, and the difference."""
    if not isinstance(proof, Difference):
        raise CertificateError(f"a passive leader's maximum is proved by a difference, not a {type(proof).__name__}")
    for which, part, term in (("first", step.first, proof.first), ("second", step.second, proof.second)):
        try:
            _check(part, term)
        except CertificateError as error:
            raise CertificateError(f"the {which} term of the difference: {error}") from error
    if not _proves(proof.first.value - proof.second.value, proof.value):
        raise CertificateError(f"the difference {proof.value} is not {proof.first.value} − {proof.second.value}")


def _check_movers(step: Movers, proof: Proof) -> None:
    """A maximum of a game of movers only, proved in the game the solver solved: this one, or,
    with the context actions that cannot change it dropped, the smaller game's derivation."""
    if isinstance(proof, ContextMaximum) and _attained(step, proof):
        return
    ranked, b = step.ranked, step.b
    smaller, dropped = fewer_context_actions(ranked, b)
    if dropped:
        _check(derivation(smaller, b), proof)
    elif isinstance(proof, ContextMaximum):
        raise CertificateError(f"the algebraic maximum {proof.value} is not attained at its witness p = {proof.p}")
    elif isinstance(proof, SurplusExtraction) and ranked.n == 2:
        check_extraction(*leader_matrices(ranked, 0), proof.value, proof.certificate)
    elif isinstance(proof, BoundedMaximum) and ranked.n >= 3:
        _check_search(ranked, b, proof)
    else:
        raise CertificateError(f"a {type(proof).__name__} does not prove a maximum of {ranked.n} movers")


def _attained(step: Movers, proof: ContextMaximum) -> bool:
    """Whether the algebraic maximum's objective (:mod:`~exactrose.values.three_players`),
    evaluated exactly at the witness p, is the value: in this game or, for ``W_2``, in this game
    with ranks 1 and 2 exchanged (``W_2`` is symmetric in them, and the solver keeps the ``W_2``
    it finds with ``W_1``, in ``W_1``'s order of the ranks)."""
    ranked, b = step.ranked, step.b
    p = proof.p
    if ranked.n != 3 or not isinstance(p, Fraction | RealAlgebraic) or not Fraction(0) <= p <= Fraction(1):
        return False
    games = [ranked, permute_players(ranked, [1, 0, 2])] if b == 2 else [ranked]
    objective = "extraction" if b == 1 else "coalition"
    return any(algebraic(game) and objective_exact(ContextualValues(game), objective, p)[0] == proof.value
               for game in games)


def _check_search(ranked: Game, b: int, proof: BoundedMaximum) -> None:
    """A certified search's enclosure of ``W_b = max_μ V[μ, 1:n−1] − V[μ, b+1:n−1]`` (the second
    term absent for b = n−1) over contexts μ of ranks 1..n−2; for four players and b = 1 the
    nested maximum over rank 1's strategy p of ``max_q X(p, q) − max_q Y(p, q)``, ``X`` and ``Y``
    the objectives of :func:`~exactrose.values.search.maximise_nested`."""
    reduced = ReducedGame(ranked)
    if b >= ranked.n - 2:
        _check_contextual(reduced, 1, b + 1 if b < ranked.n - 1 else None, proof)
        return
    if ranked.n > 4:
        _check_deep(Nesting(reduced), b, 1, b + 1, (), proof)
        return
    _check_upper(reduced, 1, 2, (), proof)
    snap = proof.certificate.snap if proof.certificate is not None else None
    if proof.attained is not None and snap is not None and snap.value == proof.value:
        check_attained(reduced, snap, proof.attained)  # the value is attained at an irrational strategy of rank 1
        return
    if len(proof.witness) != 1:
        raise CertificateError("the nested maximum's witness is rank 1's strategy alone")
    strategy = proof.witness[0]
    _coordinates(reduced, (strategy,))
    inner = []
    for s in (1, 2):  # max_q X and max_q Y at p, as precise as the search's own (maximise_nested), exact where they snap
        found = maximise_contextual(reduced, s, 3, fixed=(strategy,), tolerance=TOLERANCE / 4)
        _check_contextual(reduced, s, 3, found, strategy[:-1])
        inner.append(found.value)
    attained = lower_end(inner[0]) - upper_end(inner[1])
    if attained < lower_end(proof.value):
        raise CertificateError(f"the witness strategy {[str(q) for q in strategy]} of rank 1 proves only {attained}, "
                               f"not the lower end {lower_end(proof.value)}")


def _check_deep(nesting: Nesting, level: int, a: int, c: int, fixed: tuple[tuple[Fraction, ...], ...],
                maximum: BoundedMaximum) -> None:
    """An enclosure of ``max_μ V[μ, a:level+1] − V[μ, c:level+1]`` over the ranks after ``fixed``
    up to ``level`` (:mod:`~exactrose.values.search.nesting`): its certificate bounds its upper end,
    and the two inner maxima at its witness, searched again and re-checked the same way, attain
    its lower end."""
    reduced, n = nesting.reduced, nesting.n
    prefix = _coordinates(reduced, fixed)
    if maximum.certificate is None or maximum.certificate.level != level:
        raise CertificateError(f"the maximum needs the certificate of a search nested at level {level}")
    _check_upper(reduced, a, c, prefix, maximum)
    if len(maximum.witness) != n - 2 or tuple(maximum.witness[: len(fixed)]) != fixed:
        raise CertificateError("the witness is not a context of the maximum's domain")
    context = tuple(maximum.witness[:level])
    point = _coordinates(reduced, context)
    inner = []
    for s in (a, c):
        found = nesting.enclose(s, level + 1, context, DEEP_TOLERANCE / 4)
        if level + 1 == n - 2:
            _check_contextual(reduced, s, n - 1, found, point)
        else:
            _check_deep(nesting, level + 1, s, level + 2, context, found)
        inner.append(found.value)
    attained = lower_end(inner[0]) - upper_end(inner[1])
    if attained < lower_end(maximum.value):
        raise CertificateError(f"the witness context proves only {attained}, not the lower end {lower_end(maximum.value)}")


def _check_contextual(reduced: ReducedGame, s: int, t: int | None, maximum: BoundedMaximum,
                      prefix: tuple[Fraction, ...] = ()) -> None:
    """An enclosure of ``max_μ V[μ, s:n−1] − V[μ, t:n−1]`` (:func:`~exactrose.values.search.maximise_contextual`)
    over the contexts whose first coordinates are ``prefix``: its certificate bounds its upper end,
    and the objective at its witness context attains its lower end (a snapped exact maximum is
    attained at its snap's solution, which :func:`~exactrose.values.search.snapping.check_snap` proves)."""
    if maximum.certificate is not None and maximum.certificate.level is not None:
        raise CertificateError("a maximum over one level of contexts has no nested certificate")
    _check_upper(reduced, s, t, prefix, maximum)
    point = _coordinates(reduced, maximum.witness)
    if len(point) != reduced.space.dim or point[: len(prefix)] != prefix:
        raise CertificateError("the witness is not a context of the maximum's domain")
    snap = maximum.certificate.snap if maximum.certificate is not None else None
    if snap is not None and maximum.value == snap.value:
        return  # the snap's check proved the value attained at its solution
    attained = reduced.objective(s, t, point)
    if attained < lower_end(maximum.value):
        raise CertificateError(f"the witness context attains {attained}, not the lower end {lower_end(maximum.value)}")


def _check_upper(reduced: ReducedGame, s: int, t: int | None, prefix: tuple[Fraction, ...], maximum: BoundedMaximum) -> None:
    """The certificate of the objective ``V[μ, s:n−1] − V[μ, t:n−1]`` bounds the upper end."""
    certificate = maximum.certificate
    if certificate is None:
        raise CertificateError("the search carries no certificate of its upper end")
    if (certificate.s, certificate.t, certificate.prefix) != (s, t, prefix):
        raise CertificateError(f"the certificate bounds s = {certificate.s}, t = {certificate.t} with prefix "
                               f"{[str(q) for q in certificate.prefix]}, not s = {s}, t = {t} with {[str(q) for q in prefix]}")
    bound = check_bound_certificate(reduced, certificate)
    if bound > upper_end(maximum.value):
        raise CertificateError(f"the certificate proves the upper bound {bound}, not the upper end {upper_end(maximum.value)}")


def _coordinates(reduced: ReducedGame, strategies: Sequence[Sequence[Fraction]]) -> tuple[Fraction, ...]:
    """The context coordinates of mixed strategies of the first ranks, which must be ones."""
    sizes = reduced.space.sizes
    if len(strategies) > len(sizes) or any(
        len(strategy) != m or any(not isinstance(q, Fraction) or q < 0 for q in strategy) or sum(strategy) != 1
        for strategy, m in zip(strategies, sizes)
    ):
        raise CertificateError(f"the witness {[[str(q) for q in x] for x in strategies]} is not a list of mixed "
                               f"strategies of ranks with {list(sizes)} actions")
    return tuple(q for strategy in strategies for q in strategy[:-1])
