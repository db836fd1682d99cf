"""Families of games for sweeps: deterministic, indexable sequences parsed from a spec string.

Spec strings (fields separated by ``:``)::

    2x2:-1..1                     every 2×2 game with integer payoffs in [-1, 1], one game per
                                  symmetry class (canonical representatives only)
    2x2:-1..1:all                 every 2×2 game with payoffs in [-1, 1] (no deduplication)
    3x3x3:-5..5:random=100:seed=7 100 seeded random 3×3×3 games with payoffs in [-5, 5]

A game's **payoff tuple** lists player 1's payoff table, then player 2's, ..., each table
flat in row-major order (player 1's action varies slowest), as in
:meth:`exactrose.model.game.Game.payoff_table`.  The raw games of an exhaustive family are numbered
in lexicographic order of their payoff tuples (the tuple's entries are the base-``k`` digits
of the raw index, ``k`` = number of payoffs in the range, most significant first).

The symmetry group of a shape relabels each player's actions and permutes players with equal
action counts; two games in one orbit are the same game up to names.  The **canonical**
representative of an orbit is its lexicographically smallest payoff tuple, i.e. its smallest
raw index; a deduplicated family lists the canonical representatives in increasing raw index.
They are found by a vectorised scan: for a block of raw indices the images under every group
element are computed at once as one integer matrix product (digits × weights), and an index is
kept when no image is smaller.

Random games are drawn from :class:`random.Random` seeded with the string ``"seed/index"``
(seeding a string hashes it with SHA-512, the same on every platform and Python version), so
game ``i`` is regenerated from the spec and ``i`` alone, on any worker.

``family[i]`` is an :class:`exactrose.model.game.Game` with integer payoffs, players ``P1, P2, ...``,
actions ``0, 1, ...`` and the title ``"<spec> #i"``.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import re
from collections.abc import Iterator

import numpy as np

from exactrose.errors import InputError
from exactrose.exact.numbers import shorten
from exactrose.limits import MAX_DIGITS, MAX_FAMILY_GAMES, MAX_PAYOFFS, check_shape
from exactrose.model.game import Game

#: A deduplicated family scans every raw game: refuse more raw games than this.
MAX_ENUMERATED = 50_000_000
#: Raw indices scanned per block (bounds memory: BLOCK × entries × 8 bytes).
BLOCK = 1 << 15

_INT = re.compile(r"[+-]?[0-9]+\Z")
_COUNT = re.compile(r"[0-9]+\Z")


class Family:
    """A deterministic sequence of games; see the module docstring for the spec strings.

    ``len(family)`` is the number of games listed (symmetry classes for a deduplicated
    exhaustive family); ``family.total`` is the number of raw games (``k ** entries`` for an
    exhaustive family, the draw count for a random one).
    """

    def __init__(self, shape: tuple[int, ...], lo: int, hi: int, *, mode: str = "classes",
                 count: int | None = None, seed: int = 0) -> None:
        if mode not in ("classes", "all", "random"):
            raise InputError(f"family mode: expected 'classes', 'all' or 'random', got {mode!r}")
        self.shape = tuple(shape)
        self.lo, self.hi = lo, hi
        self.mode = mode
        self.seed = seed
        self.n = len(self.shape)
        shape_text = "x".join(map(str, self.shape))
        if mode == "random":
            assert count is not None
            self.spec = f"{shape_text}:{lo}..{hi}:random={count}:seed={seed}"
        else:
            self.spec = f"{shape_text}:{lo}..{hi}" + (":all" if mode == "all" else "")
        where = f"family spec {shorten(self.spec, 80)!r}"
        check_shape(self.shape, where)
        self.profiles = math.prod(self.shape)
        self.entries = self.n * self.profiles
        self.base = hi - lo + 1
        if mode == "random":
            assert count is not None
            if count > MAX_FAMILY_GAMES:
                raise InputError(f"{where}: random: at most {MAX_FAMILY_GAMES:,} games, got {shorten(str(count))}")
            self.count = count
            self.total = count
        else:
            # base ** entries is not built when its bit length alone is beyond the cap
            too_many = (self.base.bit_length() - 1) * self.entries > MAX_FAMILY_GAMES.bit_length()
            total = None if too_many else self.base**self.entries
            if total is None or total > MAX_FAMILY_GAMES:
                raise InputError(f"{where}: too many games (more than {MAX_FAMILY_GAMES:,}); "
                                 f"use a smaller shape or range, or random=N")
            self.total = total
            if mode == "classes" and self.total > MAX_ENUMERATED:
                raise InputError(f"{where}: {self.total} raw games are too many to "
                                 f"deduplicate (at most {MAX_ENUMERATED}); add :all, or use random=N")
        self._reps: np.ndarray | None = None

    # ------------------------------------------------------------------ sequence
    def __len__(self) -> int:
        if self.mode == "classes":
            return len(self.representatives())
        return self.total if self.mode == "all" else self.count

    def __getitem__(self, index: int) -> Game:
        return self.game(index)

    def __iter__(self) -> Iterator[Game]:
        return (self.game(i) for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<Family {self.spec!r}>"

    def game(self, index: int) -> Game:
        """Game number ``index`` (0-based; negative indices count from the end)."""
        payoffs = self.payoffs(index)
        index = self._check_index(index)
        size = self.profiles
        arrays = [np.array(payoffs[p * size : (p + 1) * size], dtype=object).reshape(self.shape).tolist()
                  for p in range(self.n)]
        return Game.from_arrays(*arrays, title=f"{self.spec} #{index}")

    def payoffs(self, index: int) -> tuple[int, ...]:
        """The payoff tuple of game ``index`` (player-major, row-major tables)."""
        index = self._check_index(index)
        if self.mode == "random":
            rng = random.Random(f"{self.seed}/{index}")
            return tuple(rng.randint(self.lo, self.hi) for _ in range(self.entries))
        return decode(self.raw_index(index), self.base, self.entries, self.lo)

    def raw_index(self, index: int) -> int:
        """Position of game ``index`` among the raw games (exhaustive families only)."""
        index = self._check_index(index)
        if self.mode == "random":
            raise InputError(f"family {self.spec!r}: a random family has no raw index")
        return int(self.representatives()[index]) if self.mode == "classes" else index

    def representatives(self) -> np.ndarray:
        """Raw indices of the canonical representatives, increasing (computed once, cached)."""
        if self.mode != "classes":
            raise InputError(f"family {self.spec!r}: only a deduplicated exhaustive family has representatives")
        if self._reps is None:
            self._reps = canonical_indices(self.shape, self.base)
        return self._reps

    def _check_index(self, index: int) -> int:
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise TypeError(f"family index: expected an int, got {type(index).__name__}")
        size = len(self)
        index = int(index)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError(f"family {self.spec!r}: index {index} out of range (0..{size - 1})")
        return index


# ----------------------------------------------------------------------- parsing
@functools.lru_cache(maxsize=32)
def parse_family(spec: str) -> Family:
    """The family of a spec string (cached per process, so workers build each family once).

    Raises :class:`~exactrose.errors.InputError` naming the bad field and what was expected.
    """
    if isinstance(spec, Family):
        return spec
    if not isinstance(spec, str):
        raise InputError(f"family spec: expected a string like '2x2:-1..1', got {type(spec).__name__}")
    fields = spec.strip().split(":")
    where = f"family spec {shorten(spec, 80)!r}"

    def fail(field: str, expected: str, got: str) -> InputError:
        return InputError(f"{where}: {field}: expected {expected}, got {shorten(got)!r}")

    def integer(field: str, text: str, expected: str) -> int:
        text = text.strip()
        if not _INT.match(text):
            raise fail(field, expected, text)
        digits = len(text.lstrip("+-").lstrip("0"))
        if digits > MAX_DIGITS:  # int() of the text would be slow, and refused beyond 4300 digits
            raise InputError(f"{where}: {field}: an integer may have at most {MAX_DIGITS} digits, found {digits}")
        return int(text)

    if len(fields) < 2:
        raise fail("spec", "SHAPE:LO..HI[:all | :random=N[:seed=S]] such as '2x2:-1..1'", spec)
    shape_text, range_text, *options = fields
    parts = shape_text.lower().split("x")
    if not all(_COUNT.match(p) for p in parts):
        raise fail("shape", "action counts >= 1 joined by 'x', such as 2x2 or 3x3x3", shape_text)
    if any(len(p.lstrip("0")) > len(str(MAX_PAYOFFS)) for p in parts):
        raise InputError(f"{where}: shape: a game may have at most {MAX_PAYOFFS:,} payoffs (players × profiles)")
    shape = tuple(int(p) for p in parts)
    if min(shape) < 1:
        raise fail("shape", "action counts >= 1 joined by 'x', such as 2x2 or 3x3x3", shape_text)
    check_shape(shape, f"{where}: shape")
    bounds = range_text.split("..")
    if len(bounds) != 2:
        raise fail("range", "LO..HI with integers LO <= HI, such as -1..1", range_text)
    lo, hi = (integer("range", b, "LO..HI with integers LO <= HI, such as -1..1") for b in bounds)
    if lo > hi:
        raise fail("range", "LO <= HI", range_text)
    values: dict[str, int | None] = {}
    for option in options:
        key, eq, value = option.partition("=")
        key = key.strip()
        if key not in ("all", "random", "seed"):
            raise fail("option", "'all', 'random=N' or 'seed=S'", option)
        if key in values:
            raise fail(key, "the option once", option)
        if key == "all" and eq:
            raise fail("all", "'all' without a value", option)
        values[key] = None if key == "all" else integer(key, value, f"{key}=<integer>")
    if "all" in values and ("random" in values or "seed" in values):
        raise fail("all", "either 'all' (every game) or 'random=N' (a sample), not both", spec)
    if "seed" in values and "random" not in values:
        raise fail("seed", "seed=S only together with random=N", spec)
    if "random" in values:
        count = values["random"]
        assert count is not None  # only 'all' has no value
        if count < 1:
            raise fail("random", "a positive number of games", str(count))
        return Family(shape, lo, hi, mode="random", count=count, seed=values.get("seed") or 0)
    return Family(shape, lo, hi, mode="all" if "all" in values else "classes")


# ------------------------------------------------------------------- symmetries
def decode(raw: int, base: int, entries: int, lo: int = 0) -> tuple[int, ...]:
    """The payoff tuple of raw game ``raw``: its base-``base`` digits, most significant first, plus ``lo``."""
    digits = []
    for _ in range(entries):
        raw, digit = divmod(raw, base)
        digits.append(lo + digit)
    return tuple(reversed(digits))


def symmetry_permutations(shape: tuple[int, ...]) -> np.ndarray:
    """Every symmetry of the shape as a permutation of payoff-tuple positions.

    Row ``g`` is ``src``: the image tuple is ``t[src]``.  A symmetry is a permutation ``σ`` of
    players with ``shape[σ(j)] == shape[j]`` and a relabelling ``π_i`` of each player's actions;
    the image game pays player ``j`` at profile ``a`` what player ``σ(j)`` got at ``b`` with
    ``b_{σ(j')} = π_{σ(j')}(a_{j'})``.  The identity is row 0.
    """
    n = len(shape)
    size = math.prod(shape)
    profiles = list(itertools.product(*(range(m) for m in shape)))
    strides = [math.prod(shape[i + 1 :]) for i in range(n)]
    sigmas = [s for s in itertools.permutations(range(n)) if all(shape[s[j]] == shape[j] for j in range(n))]
    relabels = list(itertools.product(*(list(itertools.permutations(range(m))) for m in shape)))
    perms = []
    for sigma in sigmas:
        for pi in relabels:
            src = []
            for j in range(n):
                for a in profiles:
                    b = [0] * n
                    for jj in range(n):
                        b[sigma[jj]] = pi[sigma[jj]][a[jj]]
                    src.append(sigma[j] * size + sum(x * s for x, s in zip(b, strides)))
            perms.append(src)
    return np.array(perms, dtype=np.int64)


def canonical_indices(shape: tuple[int, ...], base: int) -> np.ndarray:
    """Raw indices (increasing) of the games whose payoff tuple is the smallest in its orbit."""
    perms = symmetry_permutations(shape)
    entries = perms.shape[1]
    total = base**entries
    powers = np.array([base ** (entries - 1 - q) for q in range(entries)], dtype=np.int64)
    # image index of tuple t under g = Σ_q t[src_g[q]] * powers[q] = Σ_p t[p] * W[p, g]
    weights = np.zeros((entries, len(perms)), dtype=np.int64)
    for g, src in enumerate(perms):
        weights[src, g] = powers
    weights = weights[:, 1:]  # the identity maps every index to itself
    if weights.shape[1] == 0:
        return np.arange(total, dtype=np.int64)
    kept = []
    for start in range(0, total, BLOCK):
        raw = np.arange(start, min(start + BLOCK, total), dtype=np.int64)
        digits = (raw[:, None] // powers[None, :]) % base
        # one group element at a time on the survivors: most indices fall to the first few
        for g in range(weights.shape[1]):
            keep = digits @ weights[:, g] >= raw
            raw, digits = raw[keep], digits[keep]
        kept.append(raw)
    return np.concatenate(kept)
