"""exactrose: exact threat-resistant bargaining values (ROSE, CoCo, Shapley) of finite games.

The public API, re-exported from the modules that define it.  Names are imported when first
used (PEP 562), so ``import exactrose`` and the command line start quickly.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> the module that defines it.
_EXPORTS = {
    "CertificateError": "exactrose.errors",
    "ExactroseError": "exactrose.errors",
    "FloatRefusedError": "exactrose.errors",
    "GameFormatError": "exactrose.errors",
    "InfeasibleLPError": "exactrose.errors",
    "InputError": "exactrose.errors",
    "MissingExtraError": "exactrose.errors",
    "UnboundedLPError": "exactrose.errors",
    "read_game": "exactrose.formats",
    "write_game": "exactrose.formats",
    "Game": "exactrose.game",
    "LinearProgram": "exactrose.lp",
    "check_certificate": "exactrose.lp",
    "solve_lp": "exactrose.lp",
    "to_rational": "exactrose.numbers",
    "solve_game": "exactrose.report",
    "coco_value_two_players": "exactrose.values.coco",
    "two_player_initiative_values": "exactrose.values.extraction",
    "check_initiative_values": "exactrose.values.initiative_check",
    "rose_closed_form": "exactrose.values.rose",
    "rose_value": "exactrose.values.rose",
    "toy_case_value": "exactrose.values.rose",
    "coalition_values": "exactrose.values.shapley",
    "coco_value": "exactrose.values.shapley",
    "shapley_rose_value": "exactrose.values.shapley",
    "shapley_value": "exactrose.values.shapley",
    "maximin": "exactrose.values.zerosum",
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
