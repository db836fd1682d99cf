"""The documented limits on what exactrose reads: the one definition of "too big".

Game files, bargaining files, stores and options come from strangers.  Every reader checks
what it is given against these limits *before* it allocates anything, and refuses what is
beyond them with an :class:`~exactrose.errors.InputError` naming the file, line, field or
option and the limit.  A Python caller who builds a game in code meets the same game-size
cap (:func:`check_shape`), so that every solver can rely on it.

Each limit is generous for real games and small enough that reading and validating any
input takes seconds and a few hundred MB at most (measured in
``benchmarks/bench_inputs.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from exactrose.errors import InputError

#: Digits of an exact number as written: of a numerator, of a denominator, or of a decimal's
#: mantissa (``"123.45"`` has 5).  A payoff with a thousand digits is already exotic.
MAX_DIGITS = 1_000
#: Largest ``|e|`` of a decimal exponent: ``"1e1000"`` is a 1001-digit integer; ``"1e999999999"``
#: would take minutes and gigabytes to build.
MAX_EXPONENT = 1_000
#: Payoffs of a game: players × pure profiles (every payoff is one exact rational in memory,
#: about 100 bytes).  A two-player 1000×1000 game is at the cap.
MAX_PAYOFFS = 2_000_000
#: Values in a JSON file (numbers, strings, lists, objects): a game at the payoff cap with a
#: name per action fits; Python decodes the whole tree before anything can be checked, so this
#: bounds its memory (4 million small objects: a few hundred MB) where MAX_FILE_BYTES alone
#: would allow 3 GB (64 MiB of empty lists).
MAX_JSON_VALUES = 2 * MAX_PAYOFFS
#: Players of a game.
MAX_PLAYERS = 64
#: Bytes of a file read as a game, bargaining game or parametric game.
MAX_FILE_BYTES = 64 * 2**20
#: Characters of a player, action or game name (names are printed in every table).
MAX_NAME_CHARS = 1_000

#: A parametric payoff expression: characters, nesting depth of parentheses and signs, the
#: exponent after ``^``, and what the expression may build: total degree, terms and the digits
#: of a coefficient (checked before each product or power is formed).
MAX_EXPRESSION_CHARS = 10_000
MAX_EXPRESSION_DEPTH = 50
MAX_POWER = 20
MAX_DEGREE = 20
MAX_TERMS = 1_000
MAX_COEFFICIENT_DIGITS = 5_000

#: Options: worker processes of a sweep, points of a parameter grid (``--steps``) or of a weight
#: grid (``--grid``), games of a family, and the time limit of ``solve`` (seconds).
MAX_WORKERS = 256
MAX_GRID_POINTS = 100_000
MAX_FAMILY_GAMES = 10**12
MAX_TIME_LIMIT = 10**7

#: ROSE: initiative orderings computed for one game after folding null and identical players
#: (8!; beyond it ``solve`` reports the other values and says so), and orderings whose
#: initiative values a result lists (7!; every one is derived from those computed).
MAX_ORDERINGS = 40_320
MAX_LISTED_ORDERINGS = 5_040

#: Sweeps: bytes of one value in a results store (a game's JSON, a verdict's evidence), as of a
#: game file; seconds a store waits for another process's write lock before it gives up; seconds
#: to connect to a dask scheduler (a reachable one answers in well under a second).
MAX_STORE_VALUE_BYTES = MAX_FILE_BYTES
STORE_BUSY_TIMEOUT = 10
SCHEDULER_TIMEOUT = 5


def check_shape(shape: Sequence[int], where: str) -> None:
    """Refuse a game shape (actions per player) beyond :data:`MAX_PLAYERS` or
    :data:`MAX_PAYOFFS` (players × profiles), before its payoffs are allocated."""
    n = len(shape)
    if n > MAX_PLAYERS:
        raise InputError(f"{where}: a game may have at most {MAX_PLAYERS} players, found {n}")
    payoffs = payoff_count(shape)
    if payoffs > MAX_PAYOFFS:
        raise InputError(f"{where}: a game may have at most {MAX_PAYOFFS:,} payoffs (players × profiles); "
                         f"{shape_text(shape)} has {_magnitude(payoffs)}")


def payoff_count(shape: Sequence[int]) -> int:
    """Players × pure profiles of a shape."""
    return len(shape) * math.prod(shape)


def shape_text(shape: Sequence[int]) -> str:
    """``2x3x4``; a long shape is cut (``2x2x2x...x2``, 40 players)."""
    text = "x".join(str(m) if m < 10**18 else f"(about 2^{m.bit_length() - 1})" for m in shape)
    return text if len(text) <= 60 else f"{text[:40]}... ({len(shape)} players)"


def _magnitude(count: int) -> str:
    """``2,000,000`` or, for a huge count, ``about 10^18``."""
    return f"{count:,}" if count < 10**15 else f"about 2^{count.bit_length() - 1}"
