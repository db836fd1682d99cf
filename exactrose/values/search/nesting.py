"""Maxima nested to any depth (essay Definitions 3–4).

For n players, ``W_b`` with ``b <= n − 3`` maximises, over contexts of ranks 1..b, a
difference of contextual values that are themselves maxima over later ranks (Definition 3):

    D(μ) = V[μ, a:L+1] − V[μ, c:L+1],    V[μ, a:k] = max_ν ( V[μ×ν, a:k+1] − V[μ×ν, k+1:k+1] ),

down to rank n−1, where the values are surplus extractions of the reduced game
(:mod:`~exactrose.values.search.reduced`).  :meth:`Nesting.maximise` encloses ``max D`` over
the ranks after a fixed prefix up to rank L (the *level*; ``W_b`` is level b with a = 1,
c = b+1), by the branch and bound of :mod:`~exactrose.values.search.driver`:

* **Lower bounds** are ``D`` at a context, from enclosures of its two terms: searches one
  level deeper with the context fixed (this function again, or
  :func:`~exactrose.values.search.maxima.maximise_contextual` at the last level).
* **Upper bounds** on a box come from unrolling Definition 3 (a :class:`Plan`).  A maximum
  that is added is at most its value at its best strategy, which becomes *free* coordinates
  of the box (the box covers the searched ranks and one copy of a rank per such maximum); a
  maximum that is subtracted is at least its value at any strategy: a *reply* affine in the
  box's coordinates, interpolating the inner searches' maximisers at the reference context
  and at secant points (an error of first order in a reply costs second order in the bound,
  by the envelope theorem).  Unrolled to rank n−1, every term is a surplus extraction at a
  context polynomial in the box's coordinates, bounded by LP duality as in
  :mod:`~exactrose.values.search.choices` (dual distributions for an added term, a strategy
  of rank n−1 for a subtracted one).  The sum of their piece families is bounded on the box
  exactly (:meth:`~exactrose.values.search.choices.Frame.best_bound`), after dropping the
  pieces that lie below another piece of their family all over the box.

The four-player ``W_1`` keeps its own search
(:func:`~exactrose.values.search.maxima.maximise_nested`, with ridge splits); this one serves
five players and more, where its tolerance (:data:`DEEP_TOLERANCE`) is coarser.

``W_1`` of five players: rank 3 is copied once under each of the two maxima, and two reply
chains bound the subtracted ones.  When every player's payoff is its own action, each rank
extracts 1, so ``W_1 = 1``:

>>> from exactrose.model.game import Game
>>> plan = Plan.of(5, 1, 1, 2, 0)
>>> plan.groups, len(plan.chains), len(plan.terms)
((1, 2, 3, 3), 2, 8)
>>> found = Nesting(ReducedGame(Game.from_function((2, 2, 2, 2, 2), lambda a: a))).maximise(1, 1, 2)
>>> found.value, found.stopped
(Fraction(1, 1), 'converged')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from flint import fmpq, fmpq_mpoly, fmpq_mpoly_ctx

from exactrose.errors import CertificateError
from exactrose.exact.algebraic import ExactValue
from exactrose.exact.numbers import to_fmpq
from exactrose.runtime.budget import Budget
from exactrose.values.search.certificate import (
    BoundCertificate,
    check_flat_certificate,
    check_partition,
)
from exactrose.values.search.choices import (
    AnyChoice,
    DeepChoice,
    Frame,
)
from exactrose.values.search.driver import Allowance, Leaf, Probe, branch_and_bound
from exactrose.values.search.maxima import (
    NESTED_BUDGET,
    BoundedMaximum,
    maximise_contextual,
    rational_ends,
)
from exactrose.values.search.reduced import ReducedGame, dual_columns
from exactrose.values.search.space import (
    Box,
    ContextSpace,
    Coordinates,
    centroid,
    reference_context,
    secant_points,
)

#: Target width of a maximum nested two or more levels deep (five players and more): the
#: initiative values it enters are then within 1e-6.
DEEP_TOLERANCE = Fraction(1, 4 * 10**6)

#: Where a coordinate of a term's context comes from: ``("fixed", rank, 0)`` the prefix,
#: ``("free", group, 0)`` a group of the box's coordinates, ``("reply", chain, rank)`` a reply.
Source = tuple[str, int, int]
Strategy = tuple[Fraction, ...]


@dataclass(frozen=True)
class Term:
    """``sign · V[μ, rank:n−1]`` at the context ``μ`` of ranks 1..n−2 given by ``context``."""

    sign: int
    rank: int
    context: tuple[Source, ...]


@dataclass(frozen=True)
class Chain:
    """Replies of ranks ``b..n−2`` bounding a subtracted ``V[μ, a:b]`` from below (``μ``: ranks 1..b−1)."""

    a: int
    b: int
    context: tuple[Source, ...]


@dataclass(frozen=True)
class Plan:
    """Definition 3 unrolled for the bound of ``max D`` (module docstring): the rank of each
    group of the box's coordinates (the searched ranks, then the free copies), the reply
    chains, and the surplus extractions whose sum bounds ``D``."""

    groups: tuple[int, ...]
    chains: tuple[Chain, ...]
    terms: tuple[Term, ...]

    @staticmethod
    def of(n: int, level: int, a: int, c: int, fixed: int) -> Plan:
        """The plan of ``max D`` for n players, ranks ``fixed+1..level`` searched."""
        groups = list(range(fixed + 1, level + 1))
        chains: list[Chain] = []
        terms: list[Term] = []

        def expand(sign: int, a: int, b: int, context: list[Source], chain: int | None = None) -> None:
            if b == n - 1:
                terms.append(Term(sign, a, tuple(context)))
                return
            if sign > 0:  # a maximum added: its strategy free
                groups.append(b)
                source, inner = ("free", len(groups) - 1, 0), None
            else:  # a maximum subtracted: a reply (the chain goes on down the same coalition)
                if chain is None:
                    chains.append(Chain(a, b, tuple(context)))
                    chain = len(chains) - 1
                source, inner = ("reply", chain, b), chain
            expand(sign, a, b + 1, context + [source], inner)
            expand(-sign, b + 1, b + 1, context + [source])

        context: list[Source] = [("fixed", r, 0) for r in range(1, fixed + 1)]
        context += [("free", g, 0) for g in range(level - fixed)]
        expand(1, a, level + 1, context)
        expand(-1, c, level + 1, context)
        return Plan(tuple(groups), tuple(chains), tuple(terms))


class Nesting:
    """The nested searches of one reduced game, sharing their inner maxima (cached by context)."""

    def __init__(self, reduced: ReducedGame, limit: Budget | None = None) -> None:
        self.reduced, self.limit = reduced, limit
        self.n = reduced.game.n
        self._found: dict[tuple[int, int, tuple[Strategy, ...], Fraction], BoundedMaximum] = {}

    def enclose(self, a: int, b: int, fixed: tuple[Strategy, ...], tolerance: Fraction) -> BoundedMaximum:
        """``V[μ, a:b]`` at the context ``fixed`` of ranks 1..b−1 (``b <= n−2``), enclosed;
        its witness is a whole context of ranks 1..n−2 (the maximisers down the coalition a..)."""
        key = (a, b, fixed, tolerance)
        if key not in self._found:
            if b == self.n - 2:
                found = maximise_contextual(self.reduced, a, self.n - 1, fixed=fixed, tolerance=tolerance, limit=self.limit,
                                            snapping=False)
            else:
                found = self.maximise(b, a, b + 1, fixed, tolerance)
            self._found[key] = found
        return self._found[key]

    def value(self, level: int, a: int, c: int, fixed: tuple[Strategy, ...], tolerance: Fraction) -> Fraction:
        """``D`` at the context ``fixed`` of ranks 1..level, from below (its terms enclosed to ``tolerance``)."""
        first = self.enclose(a, level + 1, fixed, tolerance)
        second = self.enclose(c, level + 1, fixed, tolerance)
        return rational_ends(first.value)[0] - rational_ends(second.value)[1]

    def maximise(self, level: int, a: int, c: int, fixed: tuple[Strategy, ...] = (),
                 tolerance: Fraction = DEEP_TOLERANCE, budget: int = NESTED_BUDGET) -> BoundedMaximum:
        """Enclose ``max D`` over the ranks ``len(fixed)+1..level`` (module docstring)."""
        reduced, n = self.reduced, self.n
        plan = Plan.of(n, level, a, c, len(fixed))
        shape = reduced.game.shape
        space = ContextSpace([shape[r - 1] for r in plan.groups])
        ranks = ContextSpace([shape[r - 1] for r in plan.groups[: level - len(fixed)]])  # the searched ones
        searched = ranks.dim
        inner = tolerance / 4
        best_point: Coordinates  # the best context so far: set before the search, moved by lower_at

        def at(point: Coordinates) -> tuple[Strategy, ...]:
            return fixed + ranks.strategies(point)

        def lower(point: Coordinates) -> Fraction:
            return self.value(level, a, c, at(point), inner)

        def lower_at(box: Box, vertices: list[Coordinates], best: Fraction) -> tuple[Fraction, Coordinates] | None:
            nonlocal best_point
            point = reference_context(space, box, vertices)[:searched]
            if (found := lower(point)) <= best:
                return None
            best_point = point
            return found, point

        def upper(box: Box, vertices: list[Coordinates], inherited: AnyChoice | None, goal: Fraction | None,
                  allowance: Allowance) -> tuple[Leaf, Allowance]:
            """The plan's bound from the choices at the box's reference context (the best context
            so far if the box holds it), or from the parent's choice if that is smaller."""
            point = reference_context(space, box, vertices, best_point)
            bounds = _Bounds(self, plan, space, fixed, box, vertices, point, inner, best_point)
            options = bounds.options() + ([inherited] if isinstance(inherited, DeepChoice) else [])
            bound, index = bounds.best(options)
            return (bound, options[index]), allowance

        best_point = max(ranks.pure_contexts(), key=lower)
        start = lower(best_point)
        root = Box((Fraction(0),) * space.dim, (Fraction(1),) * space.dim)
        outcome = branch_and_bound(space, _ring(space), root, (start, best_point), lower_at, upper, probe=Probe.POPPED,
                                   tolerance=tolerance, budget=budget, limit=self.limit)
        witness = at(outcome.witness)
        chain = self.enclose(a, level + 1, witness, inner).witness[level:]
        prefix = tuple(q for strategy in fixed for q in strategy[:-1])
        certificate = BoundCertificate(a, c, prefix, {(b.lo, b.hi): leaf for b, leaf in outcome.leaves.items()}, level)
        return BoundedMaximum(outcome.value, witness + chain, outcome.examined, outcome.stopped, certificate)


class _Bounds:
    """The plan's bound on one box: replies, the terms' frames, their choices and bounds."""

    def __init__(self, nesting: Nesting, plan: Plan, space: ContextSpace, fixed: tuple[Strategy, ...], box: Box,
                 vertices: list[Coordinates], point: Coordinates, tolerance: Fraction, best: Coordinates = ()) -> None:
        """``vertices``: the box's, clipped to the domain; ``point``: its reference context;
        ``best``: the best searched strategies so far (where replies are fully precise)."""
        self.nesting, self.plan, self.space, self.fixed, self.best_point = nesting, plan, space, fixed, best
        self.box, self.vertices, self.point, self.tolerance = box, vertices, point, tolerance
        self.ring = _ring(space)
        self.steps = secant_points(space, point, box)
        self.samples = [point] + [q for q, _ in self.steps]
        self._chains: dict[Coordinates, list[tuple[Strategy, ...]]] = {}

    def replies(self, point: Coordinates) -> list[tuple[Strategy, ...]]:
        """Each chain's replies (strategies of ranks b..n−2) at a point of the box, from inner
        searches as precise as the box needs (a reply's error enters the bound to second order,
        like the box's own Taylor remainder), and fully precise at the best context so far."""
        if point not in self._chains:
            radius = max(self.box.radii)
            exact = point[: len(self.best_point)] == self.best_point
            precision = self.tolerance if exact else max(self.tolerance, radius * radius / 16)
            chains: list[tuple[Strategy, ...]] = []
            for chain in self.plan.chains:
                context = _context(self.plan, chain.context, self.fixed, self.space.strategies(point), chains)
                found = self.nesting.enclose(chain.a, chain.b, context, precision)
                chains.append(found.witness[chain.b - 1 :])
            self._chains[point] = chains
        return self._chains[point]

    def frame(self) -> Frame:
        """A frame of the box (its vertices and bounds; its own placement is never used)."""
        zero = self.ring.from_dict({})
        return Frame(_View(self), self.box, self.vertices, self.point, [zero] * self.nesting.reduced.space.dim)

    def options(self) -> list[DeepChoice]:
        """Choices from the certified optima at the reference point, with secant slopes and without."""
        frame = self.frame()
        reply_samples = [self.replies(q) for q in self.samples]
        replies = tuple(
            tuple(tuple(frame.choice([[sample[k][r]] for sample in reply_samples], self.steps)[0]) for r in range(len(chain_sample)))
            for k, chain_sample in enumerate(reply_samples[0])
        )
        reduced = self.nesting.reduced
        contexts = [[self.term_context(term, q) for q in self.samples] for term in self.plan.terms]
        out = []
        for used in (self.steps, []):
            terms = []
            for term, samples in zip(self.plan.terms, contexts):
                if term.sign > 0:
                    duals = frame.choice([dual_columns(reduced.extraction(term.rank, q).certificate.multipliers) for q in samples], used)
                    terms.append((tuple(tuple(d) for d in duals), -1))
                else:
                    nu = frame.choice([[reduced.extraction(term.rank, q).certificate.witness] for q in samples], used)[0]
                    c0 = frame.coalition_reply(term.rank, samples[0])
                    terms.append(((tuple(nu),), c0))
            out.append(DeepChoice(replies, tuple(terms)))
        return out

    def term_context(self, term: Term, point: Coordinates) -> Coordinates:
        """The coordinates of ``term``'s context at a point of the box (replies from inner searches)."""
        strategies = _context(self.plan, term.context, self.fixed, self.space.strategies(point), self.replies(point))
        return tuple(q for strategy in strategies for q in strategy[:-1])

    def best(self, choices: Sequence[DeepChoice], check: bool = False) -> tuple[Fraction, int]:
        """The smallest bound of the choices on the box, and its index (``check``: after checking
        that every distribution is one on the box)."""
        view, base = _View(self), self.frame()
        options = []
        for choice in choices:
            if check:
                _check_deep_choice(base, self.plan, choice, self.nesting.reduced.game.shape)
            families = []
            for term, (distributions, c0) in zip(self.plan.terms, choice.terms):
                placement = self.placement(term, choice)
                frame = Frame(view, self.box, self.vertices, self.point, placement)
                if term.sign > 0:
                    families.append(frame.dual_pieces(term.rank, None, [list(d) for d in distributions]))
                else:
                    families.append(frame.primal_pieces(term.rank, list(distributions[0]), c0))
            options.append(_pruned(base, families))
        return base.best_bound(options)

    def placement(self, term: Term, choice: DeepChoice) -> list[fmpq_mpoly]:
        """``term``'s context coordinates as polynomials in the box's centred coordinates."""
        gens, center = self.ring.gens(), self.box.center
        out: list[fmpq_mpoly] = []
        for kind, index, rank in term.context:
            if kind == "fixed":
                out += [self.ring.from_dict({(0,) * self.ring.nvars(): to_fmpq(q)}) for q in self.fixed[index - 1][:-1]]
            elif kind == "free":
                out += [gens[j] + to_fmpq(center[j]) for j in self.space.groups[index]]
            else:
                chain = self.plan.chains[index]
                out += list(choice.replies[index][rank - chain.b][:-1])
        return out


class _View:
    """The reduced game as :class:`~exactrose.values.search.choices.Frame` sees it, over the
    box's coordinates (the searched ranks and the copies)."""

    def __init__(self, bounds: _Bounds) -> None:
        reduced = bounds.nesting.reduced
        self.ring, self.space = bounds.ring, bounds.space
        self.expected, self.joints = reduced.expected, reduced.joints
        self.extraction = reduced.extraction


def _ring(space: ContextSpace) -> fmpq_mpoly_ctx:
    """Polynomials in the centred coordinates of a box of ``space``."""
    return fmpq_mpoly_ctx.get(("x", max(space.dim, 1)), "lex")


def _context(plan: Plan, sources: tuple[Source, ...], fixed: tuple[Strategy, ...], free: tuple[Strategy, ...],
             chains: Sequence[tuple[Strategy, ...]]) -> tuple[Strategy, ...]:
    """The strategies the sources stand for (``free``: the box's groups; ``chains``: each chain's replies)."""
    out = []
    for kind, index, rank in sources:
        if kind == "fixed":
            out.append(fixed[index - 1])
        elif kind == "free":
            out.append(free[index])
        else:
            out.append(chains[index][rank - plan.chains[index].b])
    return tuple(out)


def _pruned(frame: Frame, families: list[list[fmpq_mpoly]]) -> list[list[fmpq_mpoly]]:
    """Each family without the pieces below another of its pieces all over the box (the
    family's maximum is unchanged; the sums of one piece per family are then far fewer)."""
    out = []
    for family in families:
        ranges = []
        for piece in family:
            values, others = frame.parts(piece)
            spread = sum((abs(q) * frame.radius_power(m) for m, q in others.items()), fmpq(0))
            ranges.append((min(values) - spread, frame.piece_bound(values, others)))
        floor = max(low for low, _ in ranges)
        out.append([piece for piece, (_, high) in zip(family, ranges) if high >= floor])
    return out


def _check_deep_choice(frame: Frame, plan: Plan, choice: DeepChoice, shape: tuple[int, ...]) -> None:
    """A nested choice must have a strategy per rank of each chain, and per term the dual
    distributions of an added term (one per action of rank n, ``c0 = -1``) or one strategy of
    rank n−1 with an action ``c0`` of rank n for a subtracted one; all affine distributions on
    the box."""
    n = len(shape)
    if len(choice.replies) != len(plan.chains) or len(choice.terms) != len(plan.terms):
        raise CertificateError("a nested choice does not match its plan")
    for chain, replies in zip(plan.chains, choice.replies):
        if [len(reply) for reply in replies] != list(shape[chain.b - 1 : n - 2]):
            raise CertificateError("a nested choice's reply chain does not match its ranks")
        for reply in replies:
            frame.require_distribution(list(reply))
    for term, (distributions, c0) in zip(plan.terms, choice.terms):
        if term.sign > 0:
            expected, fits = [shape[-1]] * shape[-1], c0 == -1
        else:
            expected, fits = [shape[-2]], 0 <= c0 < shape[-1]
        if [len(d) for d in distributions] != expected or not fits:
            raise CertificateError("a nested choice's distributions do not match its terms")
        for distribution in distributions:
            frame.require_distribution(list(distribution))


def check_bound_certificate(reduced: ReducedGame, certificate: BoundCertificate) -> ExactValue:
    """Re-check any certificate of a search's upper end from the game alone and return the upper
    bound it proves: one of a search nested to any depth by :func:`check_deep_certificate`, else
    by :func:`~exactrose.values.search.certificate.check_flat_certificate`.  Raises
    :class:`~exactrose.errors.CertificateError` when it fails."""
    if certificate.level is not None:
        return check_deep_certificate(reduced, certificate)
    return check_flat_certificate(reduced, certificate)


def check_deep_certificate(reduced: ReducedGame, certificate: BoundCertificate) -> ExactValue:
    """Re-check a certificate of :meth:`Nesting.maximise` from the game alone: its leaves
    partition the box of its plan, and each leaf's choice (checked to be affine distributions
    on the leaf) proves its bound.  Returns the upper bound proved."""
    n, level = reduced.game.n, certificate.level
    if level is None or not 1 <= level <= n - 3 or certificate.t is None:
        raise CertificateError("not a certificate of a nested maximum")
    fixed = reduced.space.strategies(certificate.prefix + (Fraction(0),) * (reduced.space.dim - len(certificate.prefix)))
    count = sum(1 for group in reduced.space.groups if group.stop <= len(certificate.prefix))
    fixed = fixed[:count]
    plan = Plan.of(n, level, certificate.s, certificate.t, len(fixed))
    space = ContextSpace([reduced.game.shape[r - 1] for r in plan.groups])
    nesting = Nesting(reduced)

    def prove(box: Box, vertices: list[Coordinates], choice: AnyChoice) -> Fraction:
        return _proved(nesting, plan, space, fixed, box, vertices, choice)

    root = Box((Fraction(0),) * space.dim, (Fraction(1),) * space.dim)
    check_partition(space, root, certificate.leaves, prove)
    return certificate.upper


def _proved(nesting: Nesting, plan: Plan, space: ContextSpace, fixed: tuple[Strategy, ...], box: Box,
            vertices: list[Coordinates], choice: AnyChoice) -> Fraction:
    """The bound a nested choice proves on ``box`` (clipped to the domain: ``vertices``), after
    checking its distributions."""
    if not isinstance(choice, DeepChoice):
        raise CertificateError("a nested certificate's leaves hold nested choices")
    bounds = _Bounds(nesting, plan, space, fixed, box, vertices, centroid(vertices), Fraction(0))
    return bounds.best([choice], check=True)[0]
