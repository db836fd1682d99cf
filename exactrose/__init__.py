"""exactrose: exact threat-resistant bargaining values (ROSE, CoCo, Shapley) of finite games.

The public API, re-exported from the modules that define it.  Names are imported when first
used (PEP 562), so ``import exactrose`` and the command line start quickly.
"""

from __future__ import annotations

import importlib
from typing import Any

#: The package's version (also ``exactrose --version``; pyproject.toml reads it from here).
__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "RealAlgebraic": "exactrose.exact.algebraic",
    "Budget": "exactrose.runtime.budget",
    "Enclosure": "exactrose.exact.enclosure",
    "CertificateError": "exactrose.errors",
    "ExactroseError": "exactrose.errors",
    "FloatRefusedError": "exactrose.errors",
    "GameFormatError": "exactrose.errors",
    "InfeasibleLPError": "exactrose.errors",
    "InputError": "exactrose.errors",
    "NotComputableError": "exactrose.errors",
    "MissingExtraError": "exactrose.errors",
    "UnboundedLPError": "exactrose.errors",
    "read_game": "exactrose.input.formats",
    "write_game": "exactrose.input.formats",
    "Game": "exactrose.model.game",
    "LinearProgram": "exactrose.exact.lp",
    "LPSolution": "exactrose.exact.lp",
    "check_certificate": "exactrose.exact.lp",
    "solve_lp": "exactrose.exact.lp",
    "to_rational": "exactrose.exact.numbers",
    "solve_game": "exactrose.applications.solve",
    "GameReport": "exactrose.applications.solve",
    "coco_value_two_players": "exactrose.values.coco",
    "TwoPlayerInitiative": "exactrose.values.extraction",
    "two_player_initiative_values": "exactrose.values.extraction",
    "PlayerValues": "exactrose.values.by_player",
    "coco": "exactrose.values.by_player",
    "initiative": "exactrose.values.by_player",
    "maximin_values": "exactrose.values.by_player",
    "rose": "exactrose.values.by_player",
    "shapley_rose": "exactrose.values.by_player",
    "InitiativeValues": "exactrose.values.initiative",
    "initiative_values": "exactrose.values.initiative",
    "Maxima": "exactrose.values.initiative",
    "check_initiative_values": "exactrose.values.initiative_check",
    "rose_closed_form": "exactrose.values.rose",
    "rose_value": "exactrose.values.rose",
    "RoseValue": "exactrose.values.rose",
    "toy_case_value": "exactrose.values.rose",
    "coalition_values": "exactrose.values.shapley",
    "ShapleyValue": "exactrose.values.shapley",
    "coco_value": "exactrose.values.shapley",
    "shapley_rose_value": "exactrose.values.shapley",
    "shapley_value": "exactrose.values.shapley",
    "maximin": "exactrose.values.zerosum",
    "Maximin": "exactrose.values.zerosum",
    "ZeroSumSolution": "exactrose.values.zerosum",
    "zero_sum_value": "exactrose.values.zerosum",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'exactrose' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
