"""Budgets of long computations: a time limit, a stop request, and progress reports.

A certified search may run long on a hard game.  It takes a :class:`Budget` and, between
boxes (where everything it has proved is consistent), asks :meth:`Budget.exhausted`; when the
time limit has passed or a stop was requested (the command line's first Ctrl-C), it returns
the enclosure it has proved so far, as it does at its box budget.  Nothing is ever cut short
in the middle of a step, so every returned value is still proved.

>>> budget = Budget(seconds=0)
>>> budget.exhausted(), budget.reason
(True, 'time limit')
"""

from __future__ import annotations

import time
from collections.abc import Callable
from fractions import Fraction

#: Seconds between two progress reports (the reports are for a person watching).
REPORT_EVERY = 0.5

#: Why a computation stopped before it finished.
TIME_LIMIT = "time limit"
INTERRUPTED = "interrupted"  # a stop was requested (Budget.stop); also why a search ended

#: Why a certified search ended (``BoundedMaximum.stopped``; INTERRUPTED above is the fourth).
CONVERGED = "converged"  # its ends are within its tolerance, or no box was left to search
BUDGET = "budget"  # its box budget was spent, or its Budget's time limit passed
STALLED = "stalled"  # its last STALL boxes did not halve the gap between its ends


class Budget:
    """What a computation may spend, and where it has got to.

    ``seconds``: a wall-clock limit counted from construction (None: no limit).  ``progress``:
    called with a one-line status (the current stage and, during a search, the width of its
    enclosure) at most every :data:`REPORT_EVERY` seconds.
    """

    def __init__(self, seconds: float | None = None, progress: Callable[[str], None] | None = None) -> None:
        self.started = time.monotonic()
        self.deadline = None if seconds is None else self.started + seconds
        self.progress = progress
        self.reason: str | None = None
        self.stage = ""
        self._reported = float("-inf")

    def stop(self) -> None:
        """Ask the computation to stop at its next safe point (e.g. on Ctrl-C)."""
        self.reason = self.reason or INTERRUPTED

    def exhausted(self) -> bool:
        """True once the time limit has passed or a stop was requested; :attr:`reason` says which."""
        if self.reason is None and self.deadline is not None and time.monotonic() >= self.deadline:
            self.reason = TIME_LIMIT
        return self.reason is not None

    def enter(self, stage: str) -> None:
        """Start a stage of the computation (reported at once)."""
        self.stage = stage
        self._report(stage, force=True)

    def searching(self, lower: Fraction, upper: Fraction) -> None:
        """A search's proved enclosure ``[lower, upper]`` (reported now and then)."""
        if self.progress is not None:
            self._report(f"{self.stage}: enclosure width {float(upper - lower):.1e}")

    def _report(self, text: str, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress is not None and (force or now - self._reported >= REPORT_EVERY):
            self._reported = now
            self.progress(f"{text} ({now - self.started:.0f} s)")
