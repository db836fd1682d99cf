"""Named errors of exactrose.

Every error derives from :class:`ExactroseError` and also from the built-in it
refines, so ``except ValueError`` still catches bad input.  Each message names
the offending value and where it came from (file, line, field).
"""

from __future__ import annotations


class ExactroseError(Exception):
    """Base class of every error raised on purpose by exactrose."""


class InputError(ExactroseError, ValueError):
    """User input (a number, a game, a file, an option) is not what was expected."""


class FloatRefusedError(InputError, TypeError):
    """A float was given where an exact rational is required and floats were not allowed."""


class GameFormatError(InputError):
    """A game file is malformed; the message names the file, the line and what was expected."""

    def __init__(self, path: str, line: int | None, expected: str) -> None:
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {expected}")
        self.path = path
        self.line = line
        self.expected = expected


class LPError(ExactroseError, ArithmeticError):
    """A linear program could not be solved as asked."""


class InfeasibleLPError(LPError):
    """The linear program has no feasible point (a Farkas certificate proves it)."""


class UnboundedLPError(LPError):
    """The linear program's objective is unbounded (a ray proves it)."""


class CertificateError(ExactroseError, ArithmeticError):
    """A certificate failed its exact check: the claimed optimum is not proved."""


class NotComputableError(ExactroseError, NotImplementedError):
    """The value asked for is beyond what exactrose can compute exactly for this game."""


class MissingExtraError(InputError, ImportError):
    """An optional part was asked for (``--plot``, ``--backend dask``, pygambit interop) but its
    packages are not installed; the message names the extra that installs them."""
