"""Tests of exactrose.input.formats: Gambit .nfg and exactrose JSON games, exact and strict."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrose.errors import GameFormatError, InputError
from exactrose.input.formats import (
    format_json_game,
    format_nfg,
    game_from_json,
    game_to_json,
    parse_json_game,
    parse_nfg,
    read_game,
    write_game,
)
from exactrose.model.game import Game

DATA = Path(__file__).parent / "data"
F = Fraction


def assert_same(g: Game, h: Game) -> None:
    """Same players, actions, title and payoffs (Game.__eq__ ignores the title)."""
    assert g.players == h.players
    assert g.actions == h.actions
    assert g.title == h.title
    for i in range(g.n):
        assert g.payoff_table(i) == h.payoff_table(i)
        assert all(type(u) is Fraction for u in h.payoff_table(i))
    assert g == h


# ------------------------------------------------------------------ random games

_tricky = st.sampled_from(['"', "\\", "{", "}", ",", " ", "\n", "\r", "\t", "é", "名", "😀", "1", "/"])
_chunks = st.one_of(st.text(alphabet=st.one_of(st.characters(), _tricky), max_size=3), st.sampled_from(['\\"', "NFG", '""']))
names = st.lists(_chunks, max_size=3).map("".join)
denominators = st.sampled_from([1, 1, 2, 3, 7, 10, 1000, 3**20, 10**30 + 1])
payoffs = st.builds(
    lambda p, q: Fraction(p, q),
    st.one_of(st.integers(-20, 20), st.integers(-(10**40), 10**40)),
    denominators,
)


@st.composite
def games(draw: st.DrawFn) -> Game:
    n = draw(st.integers(1, 3))
    shape = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    if draw(st.booleans()):
        actions = [draw(st.lists(names, min_size=m, max_size=m, unique=True)) for m in shape]
    else:
        actions = [[str(k) for k in range(m)] for m in shape]
    size = 1
    for m in shape:
        size *= m
    flats = [draw(st.lists(payoffs, min_size=size, max_size=size)) for _ in range(n)]
    return Game.from_tables(players, actions, flats, draw(names))


@settings(max_examples=150, deadline=None)
@given(games())
def test_nfg_payoff_form_round_trip(game: Game) -> None:
    assert_same(game, parse_nfg(format_nfg(game, form="payoff")))


@settings(max_examples=150, deadline=None)
@given(games())
def test_nfg_outcome_form_round_trip(game: Game) -> None:
    text = format_nfg(game, form="outcome")
    assert text.splitlines()[0].startswith("NFG 1 R ")
    assert_same(game, parse_nfg(text))


@settings(max_examples=150, deadline=None)
@given(games())
def test_json_round_trip(game: Game) -> None:
    obj = game_to_json(game)
    assert_same(game, game_from_json(obj))
    assert_same(game, game_from_json(json.loads(json.dumps(obj))))
    assert_same(game, parse_json_game(format_json_game(game)))


def test_file_round_trips(tmp_path: Path) -> None:
    game = Game.from_arrays(
        [[F(1, 3), -2], [F("0.1"), 10**30]],
        [[0, F(-7, 9)], [5, F(1, 10**25)]],
        players=['Al "the pal"', "B\\ob\r\n名"],
        actions=[["up", 'do"wn\\'], ["é", ""]],
        title='title with "quotes" and \\ backslash\nand a newline',
    )
    for name, form in [("g.nfg", "payoff"), ("g2.nfg", "outcome"), ("g.json", "payoff"), ("G.NFG", "outcome")]:
        path = tmp_path / name
        write_game(game, path, form=form)
        assert_same(game, read_game(path))
        assert_same(game, read_game(str(path)))


def test_escaping_of_quotes_in_nfg() -> None:
    game = Game.from_arrays([1, 2], players=['say "hi"'], actions=[['a"', "b\\"]], title='"')
    text = format_nfg(game)
    assert '"say \\"hi\\""' in text
    assert_same(game, parse_nfg(text))


def test_payoff_form_writes_counts_for_default_actions() -> None:
    game = Game.from_arrays([[1, 2, 3]], [[4, 5, 6]])
    assert format_nfg(game).splitlines()[0] == 'NFG 1 R "" { "P1" "P2" } { 1 3 }'
    named = Game.from_arrays([[1, 2]], [[3, 4]], actions=[["a"], ["b", "c"]])
    assert '{ "b" "c" }' in format_nfg(named)


def test_format_nfg_refuses_unknown_form() -> None:
    with pytest.raises(InputError, match="form"):
        format_nfg(Game.from_arrays([1]), form="matrix")


# ------------------------------------------------------------------ hand-written files


def pd_check(game: Game) -> None:
    """Standard PD with action 0 = cooperate, 1 = defect; checks the index convention."""
    assert game.shape == (2, 2)
    assert game.payoff_vector((0, 0)) == (3, 3)
    assert game.payoff(0, (0, 1)) == 0  # row cooperates, column defects: row is the sucker
    assert game.payoff(1, (0, 1)) == 5
    assert game.payoff_vector((1, 0)) == (5, 0)
    assert game.payoff_vector((1, 1)) == (1, 1)


def test_pd_payoff_form() -> None:
    game = read_game(DATA / "pd_payoff.nfg")
    assert game.title == "Prisoner's dilemma"
    assert game.players == ("1", "2")
    assert game.actions == (("0", "1"), ("0", "1"))
    pd_check(game)


def test_pd_outcome_form() -> None:
    game = read_game(DATA / "pd_outcome.nfg")
    assert game.players == ("Row", "Column")
    assert game.actions == (("Cooperate", "Defect"), ("Cooperate", "Defect"))
    pd_check(game)


def test_pd_named_payoff_form() -> None:
    game = read_game(DATA / "pd_named_payoff.nfg")
    assert game.actions == (("C", "D"), ("C", "D"))
    assert game.title == "PD with named strategies"
    pd_check(game)


def test_player_one_varies_fastest() -> None:
    # In Gambit order the second payoff pair belongs to (row 1, column 0), not (row 0, column 1).
    game = parse_nfg('NFG 1 R "" { "1" "2" } { 2 2 } 3 3 0 5 5 0 1 1')
    assert game.payoff_vector((1, 0)) == (0, 5)
    assert game.payoff_vector((0, 1)) == (5, 0)
    game = parse_nfg('NFG 1 R "" { "1" "2" "3" } { 2 3 2 } ' + " ".join(f"{k} 0 0" for k in range(12)))
    k = 0
    for a3 in range(2):
        for a2 in range(3):
            for a1 in range(2):
                assert game.payoff(0, (a1, a2, a3)) == k
                k += 1


def test_three_player_exact_numbers() -> None:
    game = read_game(DATA / "three_player_exact.nfg")
    assert game.players == ("A", "B", "C")
    assert game.shape == (2, 1, 2)
    assert game.payoff_vector((0, 0, 0)) == (F(1, 3), F(-2, 7), F(1, 10))
    assert game.payoff_vector((1, 0, 0)) == (F(-3, 200), 25, 7)
    assert game.payoff_vector((0, 0, 1)) == (0, 0, 0)
    assert game.payoff_vector((1, 0, 1)) == (F(1, 4), F(-3, 4), 4)


def test_decimals_are_exact() -> None:
    game = parse_nfg('NFG 1 R "" { "x" } { 3 } 0.1 0.3 1e-30')
    assert game.payoff(0, (0,)) == F(1, 10)
    assert game.payoff(0, (0,)) + game.payoff(0, (0,)) + game.payoff(0, (0,)) != F(0.3)
    assert 3 * game.payoff(0, (0,)) == game.payoff(0, (1,))
    assert game.payoff(0, (2,)) == F(1, 10**30)
    assert parse_json_game('{"format": "exactrose-game", "version": 1, "players": ["x"], "payoffs": [["0.1"]]}').payoff(
        0, (0,)
    ) == F(1, 10)


def test_outcome_form_null_outcome() -> None:
    game = read_game(DATA / "outcome_null.nfg")
    assert game.actions == (("a", "b", "c"), ("x", "y"))
    half = F(1, 2)
    assert game.payoff_vector((0, 0)) == (half, -half)
    assert game.payoff_vector((1, 0)) == (0, 0)
    assert game.payoff_vector((2, 0)) == (-half, half)
    assert game.payoff_vector((0, 1)) == (0, 0)
    assert game.payoff_vector((1, 1)) == (-half, half)
    assert game.payoff_vector((2, 1)) == (half, -half)


def test_nfg_d_type_and_payoff_commas() -> None:
    game = parse_nfg('NFG 1 D "" { "a" "b" } { 1 1 } 1.25, -3')
    assert game.payoff_vector((0,)*2) == (F(5, 4), -3)


def test_json_files() -> None:
    game = read_game(DATA / "matching_pennies.json")
    assert game.title == "Matching pennies"
    assert game.players == ("Alice", "Bob")
    assert game.payoff(0, (1, 0)) == -1 and game.payoff(1, (1, 0)) == 1
    assert game.payoff(0, (0, 0)) == 1
    solo = read_game(DATA / "minimal.json")
    assert solo.title == "" and solo.players == ("Solo",) and solo.actions == (("0", "1", "2"),)
    assert solo.payoff_table(0) == (F(1, 10), F(-3, 4), 2)


def test_json_layout_is_valid_json() -> None:
    game = read_game(DATA / "three_player_exact.nfg")
    obj = json.loads(format_json_game(game))
    assert obj == game_to_json(game)
    assert obj["payoffs"][0][1][0][0] == "-3/200"


def test_nfg_and_json_agree_on_files() -> None:
    for name in ["pd_payoff.nfg", "pd_outcome.nfg", "three_player_exact.nfg", "outcome_null.nfg"]:
        game = read_game(DATA / name)
        assert_same(game, parse_json_game(format_json_game(game)))
        assert_same(game, parse_nfg(format_nfg(game, "outcome")))
        assert_same(game, parse_nfg(format_nfg(game, "payoff")))


# ------------------------------------------------------------------ bad input

_HEAD = 'NFG 1 R "t" { "P1" "P2" } { 2 2 }\n'
_OHEAD = 'NFG 1 R "t" { "P1" "P2" } { 2 2 } ""\n'
_J = '{\n  "format": "exactrose-game",\n  "version": 1,\n'

BAD = [
    # (file name, content, error type, line or None, expected text)
    ("header.nfg", 'NFX 1 R "t" { "A" } { 1 } 0\n', GameFormatError, 1, "expected the header 'NFG 1 R"),
    ("header2.nfg", '\n\nNFG 2 R "t" { "A" } { 1 } 0\n', GameFormatError, 3, "expected version 1"),
    ("header3.nfg", 'NFG 1 Q "t" { "A" } { 1 } 0\n', GameFormatError, 1, "expected 'R' after 'NFG 1'"),
    ("notitle.nfg", 'NFG 1 R { "A" } { 1 } 0\n', GameFormatError, 1, "expected the game title"),
    ("empty.nfg", "", GameFormatError, 1, "expected the header 'NFG 1 R"),
    ("string.nfg", 'NFG 1 R "t"\n{ "P1" "P2 } { 2 2 }\n1 2 3 4 5 6 7 8\n', GameFormatError, 2, "unterminated string"),
    ("brace.nfg", 'NFG 1 R "t"\n{ "P1" "P2"\n', GameFormatError, 2, "expected '}' closing the player list opened on line 2, found end of file"),
    ("brace2.nfg", _OHEAD + '{\n{ "" 1, 2 }\n', GameFormatError, 3, "expected '}' closing the outcome list opened on line 2"),
    ("brace3.nfg", 'NFG 1 R "t" { "P1" "P2" }\n{ { "a" "b" }\n{ "c" "d"\n', GameFormatError, 3, "closing the strategy names of player \"P2\""),
    ("brace4.nfg", _OHEAD + '{\n{ "" 1, 2\n', GameFormatError, 3, "expected '}' closing the outcome 1 opened on line 3"),
    ("brace5.nfg", 'NFG 1 R "t" { "P1" 2 2 }\n', GameFormatError, 1, "expected a quoted player name or '}' closing the player list"),
    ("nonnum.nfg", _HEAD + "1 2 x 4\n5 6 7 8\n", GameFormatError, 2, "expected a numeric payoff (an integer, a rational such as 1/3"),
    ("nonnum2.nfg", _HEAD + "1 2 3 4\n5 6 7 8e\n", GameFormatError, 3, "found '8e'"),
    ("zerodiv.nfg", _HEAD + "1 2 3 4\n5 6 7 8/0\n", GameFormatError, 3, "nonzero denominator"),
    ("bad.nfg", _HEAD + "1 2 3 4\n5 6 7\n", GameFormatError, 3, "expected 8 payoffs for 2x2 game with 2 players, found 7"),
    ("many.nfg", _HEAD + "1 2 3 4\n5 6 7 8\n9\n", GameFormatError, 4, "expected 8 payoffs for 2x2 game with 2 players, found 9"),
    ("none.nfg", _HEAD, GameFormatError, 1, "expected 8 payoffs for 2x2 game with 2 players, found 0"),
    ("solo.nfg", 'NFG 1 R "" { "A" } { 3 } 1 2\n', GameFormatError, 1, "expected 3 payoffs for a 1-player game with 3 strategies, found 2"),
    ("outidx.nfg", _OHEAD + '{ { "" 1, 2 }\n{ "" 3, 4 } }\n1 2\n0 3\n', GameFormatError, 5, "expected an outcome index from 0 to 2 (0 is the null outcome), found '3'"),
    ("outidx2.nfg", _OHEAD + '{ { "" 1, 2 } }\n1 -1 0 0\n', GameFormatError, 3, "expected an outcome index from 0 to 1"),
    ("outidx3.nfg", _OHEAD + '{ { "" 1, 2 } }\n1 1.5 0 0\n', GameFormatError, 3, "expected an outcome index (an integer from 0 to 1), found '1.5'"),
    ("outcount.nfg", _OHEAD + '{ { "" 1, 2 } }\n1 1\n0\n', GameFormatError, 4, "expected 4 outcome indices (one per profile) for 2x2 game with 2 players, found 3"),
    ("outpay.nfg", _OHEAD + '{\n{ "" 1, 2, 3 }\n}\n1 1 1 1\n', GameFormatError, 3, "expected 2 payoffs in outcome 1 (one per player), found 3"),
    ("outname.nfg", _OHEAD + '{\n{ 1, 2 }\n}\n1 1 1 1\n', GameFormatError, 3, "expected the quoted name of outcome 1"),
    ("outpay2.nfg", _OHEAD + '{\n{ "" 1, two }\n}\n1 1 1 1\n', GameFormatError, 3, "expected a numeric payoff in outcome 1"),
    ("dupplayer.nfg", 'NFG 1 R "t"\n{ "A" "B"\n"A" }\n{ 1 1 1 } 0 0 0\n', GameFormatError, 3, 'expected distinct player names, found "A" twice'),
    ("dupaction.nfg", 'NFG 1 R "t" { "A" }\n{ { "x" "x" } } 0 0\n', GameFormatError, 2, 'expected distinct strategy names for player "A"'),
    ("noplayers.nfg", 'NFG 1 R "t" { } { } \n', GameFormatError, 1, "expected at least one player name"),
    ("zero.nfg", 'NFG 1 R "t" { "A" "B" }\n{ 2 0 }\n', GameFormatError, 2, 'expected at least one strategy for player "B", found 0'),
    ("zero2.nfg", 'NFG 1 R "t" { "A" "B" }\n{ { "a" }\n{ } }\n', GameFormatError, 3, 'expected at least one strategy for player "B", found 0'),
    ("counts.nfg", 'NFG 1 R "t" { "A" "B" }\n{ 2 2 2 }\n', GameFormatError, 2, "expected one strategy count or strategy list per player (2), found 3"),
    ("counts2.nfg", 'NFG 1 R "t" { "A" "B" }\n{ 2 }\n', GameFormatError, 2, "expected one strategy count or strategy list per player (2), found 1"),
    ("counts3.nfg", 'NFG 1 R "t" { "A" "B" }\n{ 2 1.5 }\n', GameFormatError, 2, "expected a whole number of strategies for player \"B\", found '1.5'"),
    ("body.nfg", _HEAD + "} 1 2\n", GameFormatError, 2, "expected payoffs (numbers) or an outcome list"),
    ("game.txt", _HEAD + "1 2 3 4 5 6 7 8\n", GameFormatError, None, "expected a file name ending in .nfg or .json, found '.txt'"),
    ("noext", _HEAD + "1 2 3 4 5 6 7 8\n", GameFormatError, None, "expected a file name ending in .nfg or .json, found no extension"),
    ("latin1.nfg", 'NFG 1 R "caf\xe9" { "A" } { 1 } 0\n', GameFormatError, 1, "expected UTF-8 text"),
    # JSON
    ("syntax.json", _J + '  "players": ["a" "b"]\n}\n', GameFormatError, 4, "expected valid JSON"),
    ("empty.json", "", GameFormatError, 1, "expected valid JSON"),
    ("list.json", "[1, 2]\n", GameFormatError, 1, "expected a JSON object with keys format, version, players, payoffs, found a list of 2"),
    ("missing.json", _J + '  "payoffs": [[1]]\n}\n', GameFormatError, 1, 'expected the key "players" in the game object'),
    ("missing2.json", '{"players": ["a"], "payoffs": [[1]]}', GameFormatError, 1, 'expected the key "format"'),
    ("unknown.json", _J + '  "players": ["a"],\n  "payoff": [[1]]\n}\n', GameFormatError, 5, 'payoff: expected only the keys'),
    ("format.json", '{\n"format": "gambit",\n"version": 1, "players": ["a"], "payoffs": [[1]]}', GameFormatError, 2, 'format: expected format "exactrose-game", found "gambit"'),
    ("version.json", '{"format": "exactrose-game",\n"version": 2, "players": ["a"], "payoffs": [[1]]}', GameFormatError, 2, "version: expected version 1, found 2"),
    ("float.json", _J + '  "players": ["A", "B"],\n  "payoffs": [\n    [["1", "2"],\n     [0.5, "4"]],\n    [["1", "2"], ["3", "4"]]\n  ]\n}\n', GameFormatError, 7, 'payoffs[0][1][0]: expected an exact number, found the JSON float 0.5; floats are not exact, write it as the string "0.5"'),
    ("float2.json", _J + '  "players": ["A"],\n  "payoffs": [["1",\n 1e400]]\n}\n', GameFormatError, 6, 'payoffs[0][1]: expected an exact number, found the JSON float 1e400; floats are not exact, write it as the string "1e400"'),
    ("nan.json", _J + '  "players": ["A"],\n  "payoffs": [["1", NaN]]\n}\n', GameFormatError, 5, "payoffs[0][1]: expected an exact number, found the JSON float NaN"),
    ("bool.json", _J + '  "players": ["A"],\n  "payoffs": [["1", true]]\n}\n', GameFormatError, 5, 'payoffs[0][1]: expected an exact number (a JSON integer or a string such as "-3/4"), found true'),
    ("text.json", _J + '  "players": ["A"],\n  "payoffs": [["1", "one"]]\n}\n', GameFormatError, 5, 'payoffs[0][1]: expected an exact number such as "7", "-3/4" or "0.25", found the string "one"'),
    ("shape.json", _J + '  "players": ["A", "B"],\n  "payoffs": [\n    [["1", "2"], ["3", "4"]],\n    [["1", "2"],\n     ["3"]]\n  ]\n}\n', GameFormatError, 8, 'payoffs[1][1]: expected a list of 2 entries (one per action of player "B"), found a list of 1'),
    ("shape2.json", _J + '  "players": ["A", "B"],\n  "payoffs": [[["1", "2"], ["3", "4"]]]\n}\n', GameFormatError, 5, "payoffs: expected one payoff array per player (2), found a list of 1"),
    ("shape3.json", _J + '  "players": ["A"],\n  "actions": [["x", "y", "z"]],\n  "payoffs": [[1, 2]]\n}\n', GameFormatError, 6, 'payoffs[0]: expected a list of 3 entries (one per action of player "A"), found a list of 2'),
    ("shape4.json", _J + '  "players": "A",\n  "payoffs": [[1]]\n}\n', GameFormatError, 4, 'players: expected a non-empty list of player names, found "A"'),
    ("shape5.json", _J + '  "players": ["A"],\n  "payoffs": [[[1]]]\n}\n', GameFormatError, 5, "payoffs[0][0]: expected an exact number"),
    ("shape6.json", _J + '  "players": ["A", "B"],\n  "payoffs": [[], []]\n}\n', GameFormatError, 5, 'payoffs[0]: expected a non-empty list (the actions of player "A"), found a list of 0'),
    ("dup.json", _J + '  "players": ["A",\n "A"],\n  "payoffs": [[[1]], [[1]]]\n}\n', GameFormatError, 5, 'players[1]: expected distinct player names, found "A" twice'),
    ("zero.json", _J + '  "players": ["A"],\n  "actions": [[]],\n  "payoffs": [[]]\n}\n', GameFormatError, 5, 'actions[0]: expected at least one action for player "A", found 0'),
    ("dupact.json", _J + '  "players": ["A"],\n  "actions": [["x",\n "x"]],\n  "payoffs": [[1, 2]]\n}\n', GameFormatError, 6, 'actions[0][1]: expected distinct action names for player "A", found "x" twice'),
    ("title.json", _J + '  "title": 7,\n  "players": ["A"],\n  "payoffs": [[1]]\n}\n', GameFormatError, 4, "title: expected the title as a string, found 7"),
]


@pytest.mark.parametrize(("name", "content", "error", "line", "expected"), BAD, ids=[case[0] for case in BAD])
def test_bad_input(tmp_path: Path, name: str, content: str, error: type, line: int | None, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1" if name == "latin1.nfg" else "utf-8"))
    with pytest.raises(error) as info:
        read_game(path)
    message = str(info.value)
    assert str(path) in message
    assert expected in message, message
    if line is not None:
        assert f"{path}, line {line}: " in message
        assert info.value.line == line
    else:
        assert ", line " not in message


def test_bad_message_format_example(tmp_path: Path) -> None:
    path = tmp_path / "bad.nfg"
    path.write_text(_HEAD + "1 2 3 4\n5 6 7\n", encoding="utf-8")
    with pytest.raises(GameFormatError) as info:
        read_game(path)
    assert str(info.value) == f"{path}, line 3: expected 8 payoffs for 2x2 game with 2 players, found 7"
    assert info.value.path == str(path) and info.value.expected.startswith("expected 8 payoffs")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.nfg"
    with pytest.raises(InputError, match="nowhere.nfg") as info:
        read_game(path)
    assert not isinstance(info.value, GameFormatError)
    folder = tmp_path / "dir.json"
    folder.mkdir()
    with pytest.raises(InputError, match="dir.json: is a directory"):
        read_game(folder)


def test_write_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(GameFormatError, match=r"g\.csv: expected a file name ending in \.nfg or \.json"):
        write_game(Game.from_arrays([1]), tmp_path / "g.csv")
    assert not (tmp_path / "g.csv").exists()


def test_string_parsers_name_their_source() -> None:
    with pytest.raises(GameFormatError, match=r"^<string>, line 1: expected the header"):
        parse_nfg("hello")
    with pytest.raises(GameFormatError, match=r"^mine\.nfg, line 2: "):
        parse_nfg('NFG 1 R ""\n{ "A" } { 1 } x', "mine.nfg")
    with pytest.raises(GameFormatError, match=r"^<string>, line 1: expected valid JSON"):
        parse_json_game("{")


def test_game_from_json_refuses_python_floats() -> None:
    obj = {"format": "exactrose-game", "version": 1, "players": ["A", "B"], "payoffs": [[[1, 2]], [[3, 0.25]]]}
    with pytest.raises(GameFormatError) as info:
        game_from_json(obj)
    message = str(info.value)
    assert message.startswith("<json>: payoffs[1][0][1]: expected an exact number, found the JSON float 0.25")
    assert '"0.25"' in message
    obj["payoffs"][1][0][1] = "1/4"
    assert game_from_json(obj).payoff(1, (0, 1)) == F(1, 4)


def test_json_numbers_keep_precision() -> None:
    big = "123456789012345678901234567890.000000000000000000001"
    text = json.dumps({"format": "exactrose-game", "version": 1, "players": ["A"], "payoffs": [[big, 10**40]]})
    game = parse_json_game(text)
    assert game.payoff_table(0) == (F(big), F(10**40))
    # a float literal is named with its full text, not a rounded double
    bad = text.replace(f'"{big}"', big)
    with pytest.raises(GameFormatError, match=big.replace(".", r"\.")):
        parse_json_game(bad)


def test_json_line_of_duplicate_key_is_the_last() -> None:
    text = _J + '  "players": ["A"],\n  "title": "x",\n  "title": null,\n  "payoffs": [[1]]\n}\n'
    with pytest.raises(GameFormatError, match=r"line 6: title: "):
        parse_json_game(text)


def test_write_game_creates_utf8(tmp_path: Path) -> None:
    game = Game.from_arrays([1, F(-1, 3)], players=["名"], title="ü")
    for name in ("u.nfg", "u.json"):
        write_game(game, tmp_path / name)
        raw = (tmp_path / name).read_bytes()
        assert "名".encode() in raw and "ü".encode() in raw
        assert_same(game, read_game(os.fspath(tmp_path / name)))
