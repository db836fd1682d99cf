"""The essay's games, each filed under the passage that introduces it.

``exactrose`` with no arguments solves this catalogue.  Payoffs are as in the essay where
it gives numbers; where it only describes a game, the numbers chosen are stated here.
"""

from __future__ import annotations

from dataclasses import dataclass

from exactrose.model.game import Game


@dataclass(frozen=True)
class Entry:
    """A catalogued game: a short key, where in the essay it comes from, and the game."""

    key: str
    source: str
    game: Game


def toy_case() -> Game:
    """Toy case: Alice can only pay; Bob can argmax (41 for him), maximise surplus, or threaten."""
    return Game.from_arrays(
        [[0, 30, -20]],
        [[41, 30, 10]],
        players=("Alice", "Bob"),
        actions=(("pay",), ("argmax", "surplus", "threaten")),
        title="Toy case: Alice has one action",
    )


def bread_baked() -> Game:
    """The bread is baked: Bob gives it to Alice (worth 3 to her) or bins it."""
    return Game.from_arrays(
        [[3, 0]],
        [[0, 0]],
        players=("Alice", "Bob"),
        actions=(("pay",), ("give", "bin")),
        title="Bread game, after baking",
    )


def bread_unbaked() -> Game:
    """Before baking: ingredients cost Bob 1; he may not bake, bake and give, or bake and bin."""
    return Game.from_arrays(
        [[0, 3, 0]],
        [[0, -1, -1]],
        players=("Alice", "Bob"),
        actions=(("pay",), ("no bake", "bake+give", "bake+bin")),
        title="Bread game, before baking",
    )


def pass_game() -> Game:
    """Alex Mennen's game: Alice says heads, tails or pass (1/2); zero-sum matching pennies."""
    return Game.from_arrays(
        [[1, -1], [-1, 1], ["1/2", "1/2"]],
        [[-1, 1], [1, -1], ["-1/2", "-1/2"]],
        players=("Alice", "Bob"),
        actions=(("H", "T", "pass"), ("H", "T")),
        title="Alex Mennen's pass game",
    )


def matching_pennies() -> Game:
    """Matching pennies: Alice wins on a match, Bob on a mismatch."""
    return Game.from_arrays(
        [[1, -1], [-1, 1]],
        [[-1, 1], [1, -1]],
        players=("Alice", "Bob"),
        actions=(("H", "T"), ("H", "T")),
        title="Matching pennies",
    )


def prisoners_dilemma() -> Game:
    """Prisoner's dilemma with payoffs 3/0/5/1."""
    return Game.from_arrays(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=("Alice", "Bob"),
        actions=(("C", "D"), ("C", "D")),
        title="Prisoner's dilemma",
    )


def chicken() -> Game:
    """Chicken: swerving against straight loses 1, a crash costs both 10."""
    return Game.from_arrays(
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        players=("Alice", "Bob"),
        actions=(("swerve", "straight"), ("swerve", "straight")),
        title="Chicken",
    )


def bomb_game() -> Game:
    """Three house members and a bomb that detonates unless paid: the bomb gets −1 if it stays
    quiet and 0 if it explodes; an explosion leaves everyone with 0, quiet leaves each member 10."""
    return Game.from_function(
        (1, 1, 1, 2),
        lambda a: (10, 10, 10, -1) if a[3] == 0 else (0, 0, 0, 0),
        players=("Alice", "Bob", "Carol", "Bomb"),
        actions=(("pay",), ("pay",), ("pay",), ("stay quiet", "explode")),
        title="Somebody set up us the Bomb",
    )


def catalogue() -> tuple[Entry, ...]:
    """Every catalogued game, in the order the essay meets them."""
    return (
        Entry("toy", "ROSE Value, Toy Case", toy_case()),
        Entry("bread", "comments: the baker Bob and the bread", bread_baked()),
        Entry("bread-unbaked", "comments: 'the ingredients cost me $1'", bread_unbaked()),
        Entry("pass", "Digression 6 (credit to Alex Mennen)", pass_game()),
        Entry("pennies", "Digression 6: matching pennies", matching_pennies()),
        Entry("pd", "standard prisoner's dilemma", prisoners_dilemma()),
        Entry("chicken", "Digression 2: a game of Chicken", chicken()),
        Entry("bomb", "Somebody set up us the Bomb: Shapley-ROSE pays the bomb below its maximin", bomb_game()),
    )
