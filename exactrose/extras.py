"""Optional parts of exactrose and the extras that install them.

The core (exact values, certificates, the command line) needs only the packages of
``[project.dependencies]``.  Heavier parts are extras of the distribution, imported only where
they are used (never when ``exactrose`` or ``exactrose solve`` is imported or run without them):

======================  ==================  ====================================
extra                   packages            used by
======================  ==================  ====================================
``distributed``         dask[distributed]   ``--backend dask``, ``exactrose.runtime.cluster``
``plot``                matplotlib          ``--plot``, ``exactrose.output.plot``
``gambit``              pygambit            ``Game.to_pygambit``
``smt``                 z3-solver, cvc5     ``proofs.decide`` (claims for every real game)
======================  ==================  ====================================

>>> require("fractions", "plot").__name__
'fractions'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from exactrose.errors import MissingExtraError

#: For each extra: what it serves and the package it installs (as a message names them).
EXTRAS = {
    "distributed": ("the dask backend", "dask.distributed"),
    "plot": ("plotting", "matplotlib"),
    "gambit": ("pygambit interop", "pygambit"),
    "smt": ("deciding claims for every real game", "z3"),
}


def require(module: str, extra: str) -> ModuleType:
    """The module ``module``, imported; :class:`~exactrose.errors.MissingExtraError` naming
    ``extra`` when it cannot be imported (not installed, or a dependency of it missing).

    >>> require("no_such_module_of_exactrose", "plot")
    Traceback (most recent call last):
    ...
    exactrose.errors.MissingExtraError: plotting needs matplotlib (no module no_such_module_of_exactrose): pip install 'exactrose[plot]'
    >>> require("matplotlib.no_such_part", "plot")
    Traceback (most recent call last):
    ...
    exactrose.errors.MissingExtraError: plotting needs matplotlib: pip install 'exactrose[plot]'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        purpose, package = EXTRAS[extra]
        missing = getattr(error, "name", None) or module
        detail = "" if missing.partition(".")[0] in package else f" (no module {missing})"
        raise MissingExtraError(f"{purpose} needs {package}{detail}: pip install 'exactrose[{extra}]'") from error
