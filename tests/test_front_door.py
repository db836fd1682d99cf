"""The front door: ``exactrose.Game(A, B)``, ``exactrose.rose(game)`` and friends, ``__all__``,
``__version__``, notebook rendering, and the catalogue's export."""

from __future__ import annotations

import importlib.metadata
import inspect
import json
import typing
from fractions import Fraction

import pytest

import exactrose
from exactrose import Enclosure, Game, PlayerValues, RealAlgebraic, coco, initiative, maximin_values, rose, shapley_rose
from exactrose.cli import main
from exactrose.exact.algebraic import sqrt
from exactrose.input.formats import read_game
from exactrose.model.catalogue import catalogue

PD = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def test_game_from_arrays_the_nashpy_way():
    game = Game(*PD, players=["Alice", "Bob"])
    assert game == Game.from_arrays(*PD, players=["Alice", "Bob"])
    assert game.payoff(0, (1, 0)) == 5 and game.payoff(1, (1, 0)) == 0
    assert Game.from_tables(game.players, game.actions, [game.payoff_table(0), game.payoff_table(1)]) == game


@pytest.mark.parametrize("arrays, message", [
    ((), "expected one payoff array per player"),
    (([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]]), "differs from player 1's"),
    (([[1.5, 2], [3, 4]], [[1, 2], [3, 4]]), "float"),
])
def test_game_constructor_errors_name_the_problem(arrays, message):
    with pytest.raises(exactrose.InputError, match=message):
        Game(*arrays)


def test_values_by_player():
    game = Game(*PD, players=["Alice", "Bob"])
    values = rose(game)
    assert isinstance(values, PlayerValues) and values.kind == "ROSE"
    assert dict(values) == {"Alice": 3, "Bob": 3} and values[1] == values["Bob"] == Fraction(3)
    assert list(coco(game).values()) == [3, 3] and list(shapley_rose(game).values()) == [3, 3]
    assert list(maximin_values(game).values()) == [1, 1]
    assert dict(initiative(game, ["Bob", "Alice"])) == {"Alice": 2, "Bob": 4}
    assert dict(initiative(game, [0, 1])) == {"Alice": 4, "Bob": 2}
    with pytest.raises(KeyError):
        values["Carol"]
    with pytest.raises(exactrose.InputError, match="no player named 'Carol'"):
        initiative(game, ["Carol", "Alice"])


def test_irrational_values_and_enclosures_render():
    number = (19 - 4 * sqrt(3)) / 8
    assert isinstance(number, RealAlgebraic)
    assert repr(number) == "RealAlgebraic((19 - 4*sqrt(3))/8 ~ 1.508974596215561)"
    assert number._repr_latex_() == r"$\frac{19-4\sqrt{3}}{8}$"
    enclosure = Enclosure(Fraction(-3, 4), Fraction(1, 2))
    assert repr(enclosure) == "Enclosure([-3/4, 1/2])"
    assert enclosure._repr_latex_() == r"$\in \left[-0.75, 0.5\right]$"
    values = PlayerValues("ROSE", ["A_1", "B"], [number, enclosure])
    assert repr(values) == "PlayerValues(ROSE: A_1=(19 - 4*sqrt(3))/8, B=in [-0.75, 0.5])"
    assert values._repr_latex_() == (r"$\text{ROSE}:\ \text{A\_1} = \frac{19-4\sqrt{3}}{8},\quad"
                                     r" \text{B} = \in \left[-0.75, 0.5\right]$")


def test_games_render_as_payoff_tables():
    latex = Game(*PD, players=["Alice", "Bob"], actions=[["C", "D"], ["C", "D"]])._repr_latex_()
    assert latex == (r"$\begin{array}{r|cc} & \text{C} & \text{D} \\ \hline \text{C} & 3, 3 & 0, 5 \\ "
                     r"\text{D} & 5, 0 & 1, 1 \end{array}$")
    three = Game.from_function((1, 1, 2), lambda a: [a[2], Fraction(1, 2), -1])._repr_latex_()
    assert r"(\text{P3} = \text{1})" in three and r"1, \frac{1}{2}, -1" in three


def test_all_is_complete():
    """Every exported name imports, and every class of the package that an exported function
    takes or returns is exported too."""
    missing = set()
    for name in exactrose.__all__:
        value = getattr(exactrose, name)
        if not inspect.isfunction(value):
            continue
        for hint in typing.get_type_hints(value).values():
            for kind in _classes(hint):
                if kind.__module__.startswith("exactrose") and kind.__name__ not in exactrose.__all__:
                    missing.add(f"{kind.__name__} (in {name})")
    assert not missing, sorted(missing)
    assert set(exactrose.__all__) <= set(dir(exactrose))
    with pytest.raises(AttributeError):
        exactrose.no_such_name  # noqa: B018


def _classes(hint: object) -> set[type]:
    if isinstance(hint, type):
        return {hint}
    return {kind for arg in typing.get_args(hint) for kind in _classes(arg)}


def test_version(capsys):
    assert exactrose.__version__ == importlib.metadata.version("exactrose")
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out == f"exactrose {exactrose.__version__}\n"


def test_catalogue_exports_its_games(tmp_path, capsys):
    assert main(["catalogue", "--export", str(tmp_path / "games")]) == 0
    for entry in catalogue():
        assert read_game(tmp_path / "games" / f"{entry.key}.json") == entry.game
    capsys.readouterr()
    assert main(["catalogue", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [item["key"] for item in listing] == [entry.key for entry in catalogue()]
    assert listing[0]["game"]["format"] == "exactrose-game"
    (tmp_path / "file").write_text("")
    assert main(["catalogue", "--export", str(tmp_path / "file")]) == 2
    assert "cannot create the directory" in capsys.readouterr().err
