"""exactrose: exact threat-resistant bargaining values (ROSE, CoCo, Shapley) of finite games.

The public API, re-exported from the modules that define it.
"""

from exactrose.errors import (
    CertificateError,
    ExactroseError,
    FloatRefusedError,
    GameFormatError,
    InfeasibleLPError,
    InputError,
    UnboundedLPError,
)
from exactrose.formats import read_game, write_game
from exactrose.game import Game
from exactrose.lp import LinearProgram, check_certificate, solve_lp
from exactrose.numbers import to_rational
from exactrose.report import solve_game
from exactrose.values.coco import coco_value_two_players
from exactrose.values.extraction import two_player_initiative_values
from exactrose.values.rose import rose_closed_form, rose_value, toy_case_value
from exactrose.values.shapley import coalition_values, coco_value, shapley_rose_value, shapley_value
from exactrose.values.zerosum import maximin, zero_sum_value

__all__ = [
    "CertificateError", "ExactroseError", "FloatRefusedError", "GameFormatError", "InfeasibleLPError",
    "InputError", "UnboundedLPError", "Game", "LinearProgram", "check_certificate", "coalition_values",
    "coco_value", "coco_value_two_players", "maximin", "read_game", "rose_closed_form", "rose_value",
    "shapley_rose_value", "shapley_value", "solve_game", "solve_lp", "to_rational", "toy_case_value",
    "two_player_initiative_values", "write_game", "zero_sum_value",
]
