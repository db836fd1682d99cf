"""The default suite of ``exactrose prove``: every registered claim on small families.

Two-player claims run on every 2×2 game with payoffs in {0, 1} (up to symmetry) and on
seeded random 2×3 games; three-player claims on seeded random 2×2×1 games (a passive third
player: exact and fast) and a few 2×2×2 games.  The whole suite takes well under two
minutes on one core (docs/benchmarks.md gives the report and the time).
"""

from __future__ import annotations

from proofs.core import Claim

#: Families of the default suite by number of players.
DEFAULT_FAMILIES = {
    2: ("2x2:0..1", "2x3:-2..2:random=20:seed=1"),
    3: ("2x2x1:-1..1:random=40:seed=1", "2x2x2:-1..1:random=3:seed=1"),
}


def default_families(claim: Claim) -> tuple[str, ...]:
    """The families the default suite checks ``claim`` on, for every player count it supports."""
    return tuple(spec for n in claim.players for spec in DEFAULT_FAMILIES.get(n, ()))
