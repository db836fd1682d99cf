"""Tiny claims for tests/test_sweep.py, importable by sweep workers as ``tests.sweep_claims``.

Registration is idempotent (a claim already in the registry is left alone), so importing this
module under a second name does not fail.

``test-resumable`` reads four environment variables: ``SWEEP_TEST_LOG`` (append the checked
game's index to this file, one per line), ``SWEEP_TEST_SLEEP`` (seconds to sleep per check),
``SWEEP_TEST_EXIT`` (a game index: the process checking that game exits at once, status 3, as a
worker killed or out of memory would; never set it for an in-process sweep) and
``SWEEP_TEST_GATE`` (a file: checking game 3 waits until it exists, at most 60 s).
"""

from __future__ import annotations

import os
import time

from exactrose.model.game import Game
from exactrose.values.zerosum import maximin
from proofs.core import REGISTRY, Verdict, claim, evidence, sign

MODULE = "tests.sweep_claims"


def _register(id: str, statement: str, kind: str, players: tuple[int, ...]):
    def decorate(check):
        if id not in REGISTRY:
            claim(id, statement, kind, players)(check)
        return check

    return decorate


@_register("test-u1-even", "The entries of U_1 sum to an even number (false: a test claim).", "proposition", (2, 3))
def u1_even(game: Game) -> Verdict:
    total = sum(game.payoff_table(0))
    return Verdict(total.denominator == 1 and total.numerator % 2 == 0, evidence(sum_u1=total))


@_register("test-maxsum-maximin", "max Σ >= maximin_1 + maximin_2 (true: mixed maximin strategies "
           "played independently give each player its maximin on average).", "proposition", (2,))
def maxsum_maximin(game: Game) -> Verdict:
    floors = [maximin(game, i).value for i in range(2)]
    best = game.max_total()
    return Verdict(sign(best, floors[0] + floors[1]) != -1, evidence(max_total=best, maximin=floors))


@_register("test-undecided", "A claim undecided whenever U_1 at the first profile is 0, true otherwise.", "open", (2,))
def undecided(game: Game) -> Verdict:
    first = game.payoff_table(0)[0]
    return Verdict(None if first == 0 else True, evidence(first=first))


@_register("test-resumable", "The entries of U_2 sum to at most 2 (logs and sleeps on request).", "proposition", (2,))
def resumable(game: Game) -> Verdict:
    index = game.title.rsplit("#", 1)[1]
    if os.environ.get("SWEEP_TEST_EXIT") == index:
        os._exit(3)
    gate = os.environ.get("SWEEP_TEST_GATE")
    if gate and index == "3":
        deadline = time.monotonic() + 60
        while not os.path.exists(gate) and time.monotonic() < deadline:
            time.sleep(0.02)
    log = os.environ.get("SWEEP_TEST_LOG")
    if log:
        with open(log, "a") as handle:
            handle.write(index + "\n")
    pause = float(os.environ.get("SWEEP_TEST_SLEEP", "0"))
    if pause:
        time.sleep(pause)
    total = sum(game.payoff_table(1))
    return Verdict(total <= 2, evidence(sum_u2=total))
