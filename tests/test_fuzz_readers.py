"""Fuzzing every reader of files from strangers (issue 17: "Files from strangers are data").

The contract: for ANY input a reader returns a valid game, or raises
:class:`~exactrose.errors.InputError` (a :class:`~exactrose.errors.GameFormatError` for
files) whose message names the file, and nothing else: no ``ValueError`` from ``int()``, no
``RecursionError``, ``MemoryError``, ``UnicodeError``, ``KeyError``, ``IndexError`` or
``AssertionError``.  Each reader is fed random bytes (decoded leniently, and as a file so that
the UTF-8 check is fuzzed too), random JSON trees, mutations of valid files with hostile pieces
spliced in (huge numbers, huge exponents, huge strategy counts, deep nesting, control and
non-ASCII characters), and valid games written and read back.

Hypothesis runs as many examples as the profile in ``tests/conftest.py`` says; there are no
timing assertions (``benchmarks/bench_inputs.py`` measures the time and memory).  A table of
targeted hostile inputs, not already in ``tests/test_formats.py``, follows the properties.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exactrose.applications.bargaining import (
    BargainingGame,
    parse_bargaining_json,
    parse_point_option,
    read_bargaining,
)
from exactrose.cli import main
from exactrose.errors import FloatRefusedError, GameFormatError, InputError
from exactrose.exact.numbers import number_from_text, to_rational
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
from exactrose.limits import (
    MAX_DIGITS,
    MAX_EXPONENT,
    MAX_NAME_CHARS,
    MAX_PAYOFFS,
    MAX_PLAYERS,
)
from exactrose.model.game import Game

DATA = Path(__file__).parent / "data"
F = Fraction

#: Generated inputs can be large and slow to shrink; the profile still sets max_examples.
fuzz = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

#: No message may carry a whole hostile piece: they are cut, names are at most MAX_NAME_CHARS.
MAX_MESSAGE = 16 * MAX_NAME_CHARS


# ------------------------------------------------------------------ the contract


def refused_or_read(read, where: str, kind: type):
    """``read()`` returns a ``kind``, or raises an InputError whose message names ``where``;
    any other exception propagates and fails the test.  Returns the value or the error."""
    try:
        value = read()
    except InputError as error:
        message = str(error)
        assert where in message, message
        assert len(message) <= MAX_MESSAGE + len(where), message[:300]
        if isinstance(error, GameFormatError):
            assert error.path == where and message.startswith(where)
        return error
    assert isinstance(value, kind), value
    return value


def check_game(game: Game) -> None:
    """What every game a reader returns satisfies (and what the solvers rely on)."""
    assert 1 <= game.n <= MAX_PLAYERS
    assert game.n * math.prod(game.shape) <= MAX_PAYOFFS
    for i in range(game.n):
        assert all(type(u) is Fraction for u in game.payoff_table(i))
    names = [game.title, *game.players, *(a for acts in game.actions for a in acts)]
    assert all(isinstance(name, str) and len(name) <= MAX_NAME_CHARS for name in names)
    assert len(set(game.players)) == game.n and all(len(set(acts)) == len(acts) for acts in game.actions)


def read_nfg_text(text: str, where: str = "fuzz.nfg"):
    result = refused_or_read(lambda: parse_nfg(text, where), where, Game)
    if isinstance(result, Game):
        check_game(result)
    return result


def read_json_text(text: str, where: str = "fuzz.json"):
    result = refused_or_read(lambda: parse_json_game(text, where), where, Game)
    if isinstance(result, Game):
        check_game(result)
    return result


def read_bargaining_text(text: str, where: str = "fuzz-bargaining.json"):
    return refused_or_read(lambda: parse_bargaining_json(text, where), where, BargainingGame)


def read_files(folder: Path, data: bytes) -> None:
    """``data`` as a .nfg and a .json file, through read_game and read_bargaining."""
    for name in ("fuzz.nfg", "fuzz.json"):
        path = folder / name
        path.write_bytes(data)
        game = refused_or_read(lambda path=path: read_game(path), str(path), Game)
        if isinstance(game, Game):
            check_game(game)
        refused_or_read(lambda path=path: read_bargaining(path), str(path), BargainingGame)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ------------------------------------------------------------------ hostile pieces

DEEP = "[" * 200 + "]" * 200
#: Pieces spliced into valid files: sizes past every limit, malformed numbers, nesting,
#: control, format and non-ASCII characters, broken quoting.
HOSTILE = [
    "9" * 5000, '"' + "9" * 5000 + '"', "-" + "9" * (MAX_DIGITS + 1), "1" * (MAX_DIGITS + 1),
    "0." + "1" * (MAX_DIGITS + 1), "1" * 999 + "/" + "1" * (MAX_DIGITS + 1), "1" * 16000 + "x",
    "1e999999999", '"1e999999999"', f"1e{MAX_EXPONENT + 1}", f"1e-{MAX_EXPONENT + 1}", "1e9999", "-1e-9999",
    f'"{"1" * MAX_DIGITS}e{MAX_EXPONENT}"', "1e" + "9" * 5000,
    "1000000000", "1000000", "18446744073709551617", "2000001", "-1", "0", "00", "+1", "1/0", "0/0", "1.5", "1.",
    ".5", "NaN", "Infinity", "-Infinity", "1e400", "1.0e-400", "true", "false", "null",
    DEEP, "[" * 200, "{" * 200, '{"a":' * 200, "{ " * 200 + "}" * 200, "[" * 100000,
    "\x00", '"\x00"', "\x1b[2J", "\u202e", "\ufeff", "\r", "\t", "\x0b", "\x1c", "\u2028", "\x85", "\x7f",
    "\u0661\u0662\u0663", "\uff11\uff12", "\u00bd", "\u00b2", "\U0001d7d9", "\u09ea", "\u0031\u0301",
    '"', "\\", '\\"', '"unterminated', "'", ",", ":", "{", "}", "[", "]", "NFG", "R", "D", "1", "2",
    '"' + "x" * (MAX_NAME_CHARS + 1) + '"', '"\ud800"', "\ud800", '"\\ud800"', '"\\u0000"', "é", "名", "😀",
]
hostile = st.sampled_from(HOSTILE)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\s+|[{}\[\],:]|[^\s{}\[\],:"]+|.', re.DOTALL)


def _seed_games() -> list[Game]:
    """A few generated games besides the files in tests/data."""
    big = "1" * MAX_DIGITS
    return [
        Game.from_arrays([[F(big), F(-1, 3)], [F(1, int(big)), 0]], [[0, 1], [2, 3]], title="big\x00\u202e"),
        Game.from_arrays([1, 2, 3], players=["\ud83d\ude00 solo"], actions=[["a", "\\", '"']], title='"}{'),
        Game.from_function((2, 1, 3), lambda p: (sum(p), F(p[0], 7), -p[2])),
        Game.from_function((1,) * 8, lambda p: tuple(range(8))),
    ]


def _seeds() -> tuple[list[str], list[str], list[str]]:
    nfg = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.nfg"))]
    games = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.json")) if "points" not in p.read_text()]
    bargaining = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.json")) if "points" in p.read_text()]
    for game in _seed_games():
        nfg += [format_nfg(game), format_nfg(game, form="outcome")]
        games.append(format_json_game(game))
    bargaining += [
        json.dumps({"points": [[0, 0], [1, 0], [0, 1]], "disagreement": ["0", "0"], "title": "t"}),
        json.dumps({"points": [["-1/3", "9" * MAX_DIGITS], ["1e3", "0.5"]], "disagreement": ["1000", "1/2"]}),
        json.dumps({"points": [[1, 1]], "disagreement": [1, 1]}),
    ]
    return nfg, games, bargaining


NFG_SEEDS, JSON_SEEDS, BARGAINING_SEEDS = _seeds()


@st.composite
def mutations(draw: st.DrawFn, seeds: list[str]) -> str:
    """A seed file with 1 to 4 token edits: delete, duplicate, replace or insert (a hostile
    piece, random text or another token), swap, or cut the file short."""
    tokens = _TOKEN.findall(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        if not tokens:
            tokens = [""]
        last = len(tokens) - 1
        k = draw(st.integers(0, last))
        if draw(st.booleans()):
            k = last - k  # shrinking pulls towards both ends of the file, not only the header
        op = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap", "cut"]))
        piece = draw(st.one_of(hostile, hostile, st.text(max_size=6), st.sampled_from(tokens)))
        if op == "delete":
            del tokens[k]
        elif op == "duplicate":
            tokens[k:k] = [tokens[k]] * draw(st.sampled_from([1, 2, 1000]))
        elif op == "replace":
            tokens[k] = piece
        elif op == "insert":
            tokens.insert(k, draw(st.sampled_from([" ", "", ","])) + piece + " ")
        elif op == "swap":
            j = draw(st.integers(0, len(tokens) - 1))
            tokens[k], tokens[j] = tokens[j], tokens[k]
        else:
            del tokens[k:]
    return "".join(tokens)


def _encode(text: str) -> bytes:
    """UTF-8 bytes of fuzzed text; a lone surrogate becomes the invalid bytes it stands for."""
    return text.encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------ random JSON trees

_GAME_KEYS = ["format", "version", "title", "players", "actions", "payoffs"]
_BARGAINING_KEYS = ["points", "disagreement", "title"]
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(),
    st.sampled_from([10**MAX_DIGITS, -(10**MAX_DIGITS) + 1, 10**1200 + 7, -(2**64)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8), hostile,
    st.sampled_from(["exactrose-game", "1/2", "-3/4", "0.25", "1e-3", "1e999999999", "1/0", " 7 ", "x"]),
)


def json_trees(keys: list[str]) -> st.SearchStrategy:
    return st.recursive(
        json_scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=4)), children, max_size=4),
        ),
        max_leaves=20,
    )


@st.composite
def game_objects(draw: st.DrawFn) -> object:
    """The game's own keys, each with a plausible value or a random tree (wrong types)."""
    tree = json_trees(_GAME_KEYS)
    n = draw(st.integers(1, 3))
    shape = [draw(st.integers(1, 3)) for _ in range(n)]

    def table(depth: int) -> object:
        if depth == n:
            return draw(st.one_of(st.integers(-5, 5), st.sampled_from(["1/2", "-3", "0.5", "7"]), json_scalars))
        return [table(depth + 1) for _ in range(shape[depth])]

    plausible = {
        "format": "exactrose-game", "version": 1, "title": draw(st.text(max_size=5)),
        "players": [f"P{i}" for i in range(n)],
        "actions": [[str(a) for a in range(m)] for m in shape],
        "payoffs": [table(0) for _ in range(n)],
    }
    obj = {}
    for key in _GAME_KEYS:
        choice = draw(st.sampled_from(["plausible", "plausible", "plausible", "tree", "missing"]))
        if choice == "plausible":
            obj[key] = plausible[key]
        elif choice == "tree":
            obj[key] = draw(tree)
    if draw(st.booleans()):
        obj.update(draw(st.dictionaries(st.text(max_size=4), tree, max_size=2)))
    return obj


@st.composite
def bargaining_objects(draw: st.DrawFn) -> object:
    tree = json_trees(_BARGAINING_KEYS)
    number = st.one_of(st.integers(-5, 5), st.sampled_from(["1/2", "-3", "0.5", "7"]), json_scalars)
    pair = st.one_of(st.lists(number, min_size=2, max_size=2), tree)
    obj = {}
    for key, plausible in (("points", st.lists(pair, max_size=6)), ("disagreement", pair),
                           ("title", st.text(max_size=5))):
        choice = draw(st.sampled_from(["plausible", "plausible", "tree", "missing"]))
        if choice == "plausible":
            obj[key] = draw(plausible)
        elif choice == "tree":
            obj[key] = draw(tree)
    return obj


@st.composite
def json_mutations(draw: st.DrawFn, seeds: list[str]) -> object:
    """A seed file decoded, with 1 to 3 edits of its tree: a value replaced by a random tree or a
    hostile value, a key or an element deleted, an element duplicated."""
    obj = json.loads(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 3))):
        parent, key = None, None
        node = obj
        while isinstance(node, (list, dict)) and node and draw(st.integers(0, 3)):  # walk down a random path
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node = node[key]
        if parent is None:
            continue
        op = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        if op == "replace":
            parent[key] = draw(st.one_of(json_trees(_GAME_KEYS + _BARGAINING_KEYS), st.sampled_from(
                [10**5000, "9" * 5000, "1e999999999", [[[[[[[[]]]]]]]], list(range(1000)), [str(k) for k in range(1000)],
                 "x" * (MAX_NAME_CHARS + 1), 1.5, float("nan"), -1, 0, 10**9, "\x00", "\u0662"])))
        elif op == "delete":
            del parent[key]
        elif isinstance(parent, list):
            parent.insert(key, parent[key])
    return obj


def to_json_text(obj: object, ensure_ascii: bool) -> str:
    return json.dumps(obj, ensure_ascii=ensure_ascii)  # floats become 1.5, NaN, Infinity


# ------------------------------------------------------------------ properties: random bytes


@fuzz
@given(st.binary(max_size=300))
@example(b"\xff\xfe{}")
@example(b'NFG 1 R "\xc3" { "A" } { 1 } 0')
@example(b"\xef\xbb\xbfNFG 1 R \"\" { \"A\" } { 1 } 0")
def test_random_bytes(folder: Path, data: bytes) -> None:
    for text in (data.decode("utf-8", "replace"), data.decode("latin-1")):
        read_nfg_text(text)
        read_json_text(text)
        read_bargaining_text(text)
    read_files(folder, data)


_VOCABULARY = ["NFG", "1", "R", "D", '"', '"x"', '""', "{", "}", ",", " ", "\n", "2", "0", "-1", "1/2", "0.5",
               "1e3", "{ 1 1 }", '{ "A" "B" }', '{ "" 1, 2 }', "[", "]", ":", '"points"', '"format"']


@fuzz
@given(st.lists(st.one_of(st.sampled_from(_VOCABULARY), hostile), max_size=30))
@example(['NFG', ' ', '1', ' ', 'R', ' ', '""', ' ', '{ "A" "B" }', ' ', '{ 1 1 }', ' ', '1', ' ', '1' * 16000 + 'x'])
def test_token_soup(words: list[str]) -> None:
    """Random sequences of the formats' own tokens get further into the parsers than bytes."""
    text = " ".join(words)
    read_nfg_text(text)
    read_nfg_text("".join(words))
    read_json_text(text)
    read_bargaining_text(text)


# ------------------------------------------------------------------ properties: JSON trees


@fuzz
@given(st.one_of(json_trees(_GAME_KEYS), game_objects()), st.booleans())
@example({"format": "exactrose-game", "version": 10**5000, "players": ["a"], "payoffs": [[1]]}, True)
@example({"format": "exactrose-game", "version": 1, "players": ["a"], "payoffs": [[10**5000]]}, True)
@example({"format": "exactrose-game", "version": 1, "players": [10**5000], "payoffs": [[1]]}, True)
@example({frozenset(): 1, "format": "exactrose-game"}, True)
@example({"format": "exactrose-game", "version": 1, "players": ["a"], "payoffs": [[1]], "x" * 5000: 1}, True)
def test_json_trees(obj: object, ensure_ascii: bool) -> None:
    refused_or_read(lambda: game_from_json(obj, "tree.json"), "tree.json", Game)
    try:
        text = to_json_text(obj, ensure_ascii)
    except (TypeError, ValueError):  # a key json cannot write, an int over Python's str limit
        return
    read_json_text(text)
    read_bargaining_text(text)


@fuzz
@given(bargaining_objects(), st.booleans())
@example({"points": [[[[1.5]], 0]], "disagreement": [0, 0]}, True)
@example({"points": [[0, 0]], "disagreement": [0, 0], "title": "x" * 5000}, True)
@example({"points": "x" * 5000, "disagreement": [0, 0]}, True)
@example({"points": [[0, 0]], "disagreement": [0, 0], "k" * 5000: 1}, True)
def test_bargaining_trees(obj: object, ensure_ascii: bool) -> None:
    try:
        text = to_json_text(obj, ensure_ascii)
    except (TypeError, ValueError):
        return
    result = read_bargaining_text(text)
    if isinstance(result, BargainingGame):
        assert len(result.title) <= MAX_NAME_CHARS
        result.solve()  # what `exactrose bargain` does next


# ------------------------------------------------------------------ properties: mutated files


@fuzz
@given(mutations(NFG_SEEDS))
@example('NFG 1 R "" { "A" "B" } { 1000000000 1000000000 }')
@example('NFG 1 R "" { "A" } { { ' + " ".join(f'"{k}"' for k in range(3000)) + ' "0" } }')
def test_mutated_nfg(text: str) -> None:
    read_nfg_text(text)


@fuzz
@given(mutations(JSON_SEEDS))
def test_mutated_json_games(text: str) -> None:
    read_json_text(text)
    read_bargaining_text(text)


@fuzz
@given(json_mutations(JSON_SEEDS), st.booleans())
def test_json_tree_mutations(obj: object, ensure_ascii: bool) -> None:
    refused_or_read(lambda: game_from_json(obj, "tree.json"), "tree.json", Game)
    try:
        text = to_json_text(obj, ensure_ascii)
    except ValueError:  # an int over Python's str limit
        return
    read_json_text(text)
    result = read_bargaining_text(text)
    assert isinstance(result, InputError)


@fuzz
@given(json_mutations(BARGAINING_SEEDS), st.booleans())
def test_bargaining_tree_mutations(obj: object, ensure_ascii: bool) -> None:
    try:
        text = to_json_text(obj, ensure_ascii)
    except ValueError:
        return
    result = read_bargaining_text(text)
    if isinstance(result, BargainingGame):
        result.solve()


@fuzz
@given(mutations(BARGAINING_SEEDS))
def test_mutated_bargaining(text: str) -> None:
    result = read_bargaining_text(text)
    if isinstance(result, BargainingGame):
        result.solve()


@fuzz
@given(st.one_of(mutations(NFG_SEEDS), mutations(JSON_SEEDS), mutations(BARGAINING_SEEDS)))
def test_mutated_files(folder: Path, text: str) -> None:
    """Through the files: UTF-8 decoding (a lone surrogate is written as invalid bytes), the
    extension, and read_bargaining's choice between a bargaining file and a game file."""
    read_files(folder, _encode(text))


@fuzz
@given(st.one_of(mutations(BARGAINING_SEEDS), mutations(JSON_SEEDS[:2]), mutations(NFG_SEEDS[:2])),
       st.sampled_from(["b.json", "b.nfg"]))
def test_mutated_files_through_bargain_command(folder: Path, capsys: pytest.CaptureFixture, text: str,
                                               name: str) -> None:
    """`exactrose bargain FILE`: exit 0, or exit 2 and one stderr line naming the file."""
    path = folder / name
    path.write_bytes(_encode(text))
    code = main(["bargain", str(path)])
    out, err = capsys.readouterr()
    if code == 0:
        assert out and not err
    else:
        assert code == 2 and err.count("\n") == 1 and str(path) in err, err


# ------------------------------------------------------------------ properties: round trips

_names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6) | st.sampled_from(
    ["", '"', "\\", '\\"', "{", "}", "\x00", "\u202e", "x" * MAX_NAME_CHARS, "1", "NFG"])
_payoffs = st.one_of(
    st.integers(-3, 3).map(F),
    st.builds(F, st.integers(-(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1), st.integers(1, 10**MAX_DIGITS - 1)),
)


@st.composite
def valid_games(draw: st.DrawFn) -> Game:
    n = draw(st.integers(1, 3))
    shape = [draw(st.integers(1, 3)) for _ in range(n)]
    players = draw(st.lists(_names, min_size=n, max_size=n, unique=True))
    actions = [draw(st.lists(_names, min_size=m, max_size=m, unique=True)) for m in shape]
    flats = [draw(st.lists(_payoffs, min_size=math.prod(shape), max_size=math.prod(shape))) for _ in range(n)]
    return Game.from_tables(players, actions, flats, draw(_names))


def same_game(g: Game, h: Game) -> None:
    assert (g.players, g.actions, g.title) == (h.players, h.actions, h.title)
    assert all(g.payoff_table(i) == h.payoff_table(i) for i in range(g.n))


@fuzz
@given(valid_games())
@example(Game.from_function((1,) * MAX_PLAYERS, lambda p: tuple(range(MAX_PLAYERS))))
def test_valid_games_round_trip(folder: Path, game: Game) -> None:
    same_game(game, parse_nfg(format_nfg(game)))
    same_game(game, parse_nfg(format_nfg(game, form="outcome")))
    same_game(game, parse_json_game(format_json_game(game)))
    same_game(game, game_from_json(json.loads(json.dumps(game_to_json(game)))))
    for name in ("round.nfg", "round.json"):
        write_game(game, folder / name)
        same_game(game, read_game(folder / name))


@fuzz
@given(st.lists(st.tuples(_payoffs, _payoffs), min_size=1, max_size=6), st.integers(0, 5), _names)
def test_valid_bargaining_round_trip(points: list, k: int, title: str) -> None:
    d = points[k % len(points)]
    game = BargainingGame(points, d, title)
    text = json.dumps({"title": title, "points": [[str(x), str(y)] for x, y in points],
                       "disagreement": [str(d[0]), str(d[1])]})
    again = parse_bargaining_json(text, "round.json")
    assert (again.vertices, again.disagreement, again.title) == (game.vertices, game.disagreement, game.title)


# ------------------------------------------------------------------ properties: numbers and options

_number_texts = st.from_regex(r"\A[+-]?(?:[0-9]{1,30}/[0-9]{1,30}|[0-9]{0,30}\.?[0-9]{0,30}(?:[eE][+-]?[0-9]{1,5})?)\Z")


@fuzz
@given(st.one_of(_number_texts, st.text(max_size=20), hostile, st.from_regex(r"\A\s*[0-9٠-٩０-９.eE/+-]{0,12}\s*\Z")))
@example("1" * 16000 + "x")
@example("1" * MAX_DIGITS + f"e-{MAX_EXPONENT}")
@example(" 1/2\t")
def test_number_text(text: str) -> None:
    """number_from_text (the exact text) and to_rational (surrounding whitespace allowed) agree
    with Fraction wherever the text is an ASCII number within the limits, and refuse
    everything else naming the field."""
    readers = {"number_from_text": lambda: number_from_text(text, "the field"),
               "to_rational": lambda: to_rational(text, "the field")}
    for name, read in readers.items():
        try:
            value = read()
        except InputError as error:
            assert str(error).startswith("the field: ") and len(str(error)) < 300, error
            # refused: then Fraction refuses it too, or it is beyond the limits or not plain ASCII
            number = text.strip() if name == "to_rational" else text
            if len(number) < 100 and number.isascii() and "_" not in number and number == number.strip() and \
                    not re.search(r"[eE][+-]?0*[0-9]{4}", number):
                with pytest.raises((ValueError, ZeroDivisionError)):
                    Fraction(number)
            continue
        assert type(value) is Fraction
        assert value == Fraction(text.strip()), (text, value)
        assert name == "to_rational" or text == text.strip()
        assert len(str(abs(value.numerator))) <= MAX_DIGITS + MAX_EXPONENT


@fuzz
@given(st.one_of(json_trees(_GAME_KEYS), st.decimals(allow_nan=True, allow_infinity=True),
                 st.sampled_from([Decimal("1e999999999"), Decimal("-1e-999999999"), Decimal("1" * 5000),
                                  10**5000, True, 1.5, float("nan"), b"1", object()])))
def test_to_rational_objects(value: object) -> None:
    try:
        result = to_rational(value, "the field")
    except FloatRefusedError:
        assert isinstance(value, float)
        return
    except InputError as error:
        assert str(error).startswith("the field: ") and len(str(error)) < 300, str(error)[:300]
        return
    assert type(result) is Fraction


@fuzz
@given(st.one_of(st.text(max_size=30), st.lists(st.one_of(_number_texts, hostile), min_size=1, max_size=3).map(",".join)))
@example("1e999999999,0")
@example("0," + "9" * 5000)
@example("," * 100000)
def test_point_option(text: str) -> None:
    try:
        point = parse_point_option(text)
    except InputError as error:
        assert str(error).startswith("--disagreement") and len(str(error)) < 300, str(error)[:300]
        return
    assert len(point) == 2 and all(type(x) is Fraction for x in point)


# ------------------------------------------------------------------ targeted hostile inputs

_GAME = '{"format": "exactrose-game", "version": 1, '
_BIG = "9" * (5 * MAX_DIGITS + 1)

#: (name, file name, content, what the message says) -- none of these is in test_formats.py.
HOSTILE_FILES = [
    ("1e9 x 1e9 strategies", "huge.nfg", 'NFG 1 R "" { "A" "B" } { 1000000000 1000000000 }\n0 0\n',
     "expected at most 2,000,000 strategies for player \"A\""),
    ("1e6 x 1e6 strategies", "counts.nfg", 'NFG 1 R "" { "A" "B" } { 1000000 1000000 }\n1 2 3 4 5 6 7 8\n',
     "a game may have at most 2,000,000 payoffs (players × profiles); 1000000x1000000 has"),
    ("2^64 strategies", "count64.nfg", 'NFG 1 R "" { "A" } { 18446744073709551617 } 0\n',
     "expected at most 2,000,000 strategies"),
    ("65 strategy counts", "lists.nfg", 'NFG 1 R "" { "A" } { ' + "1 " * 70 + "} 0\n",
     "expected one strategy count or strategy list per player (1), found more than 64"),
    ("65 players", "players.nfg", 'NFG 1 R "" { ' + " ".join(f'"{k}"' for k in range(65)) + " } { 1 } 0\n",
     "expected at most 64 players, found more"),
    ("a title of 5000 characters (nfg)", "title.nfg", 'NFG 1 R "' + "t" * 5000 + '" { "A" } { 1 } 0\n',
     "line 1: expected a game title of at most 1000 characters, found 5,000"),
    ("5001-digit payoff (nfg)", "digits.nfg", f'NFG 1 R "" {{ "A" }} {{ 1 }}\n{_BIG}\n',
     "expected a numeric payoff within the limits: a number may have at most 1000 digits"),
    ("5001-digit payoff (JSON integer)", "digits.json", _GAME + f'"players": ["A"],\n"payoffs": [[{_BIG}]]}}',
     "expected an integer of at most 1000 digits, found a longer one"),
    ("5001-digit payoff (JSON string)", "digits2.json", _GAME + f'"players": ["A"], "payoffs": [["{_BIG}"]]}}',
     "payoffs[0][0]: expected an exact number within the limits: a number may have at most 1000 digits"),
    ("1e9999 (nfg)", "exp.nfg", 'NFG 1 R "" { "A" } { 1 }\n1e9999\n',
     "a decimal exponent may be at most 1000 in size, found '1e9999'"),
    ("1e9999 (JSON)", "exp.json", _GAME + '"players": ["A"], "payoffs": [["1e9999"]]}',
     "payoffs[0][0]: expected an exact number within the limits: a decimal exponent may be at most 1000"),
    ("1e999999999 (JSON)", "exp2.json", _GAME + '"players": ["A"], "payoffs": [["1e999999999"]]}',
     "a decimal exponent may be at most 1000 in size"),
    ("digits then a letter", "word.nfg", 'NFG 1 R "" { "A" } { 2 }\n1 ' + "1" * 100000 + "x\n",
     "expected a numeric payoff (an integer, a rational such as 1/3 or a decimal such as 0.25), found '111"),
    ("100,000 players", "players.json", _GAME + '"players": [' + ",".join(f'"{k}"' for k in range(100000))
     + '], "payoffs": []}', "players: expected at most 64 players, found 100,000"),
    ("10^6 action names", "actions.json", _GAME + '"players": ["A"], "actions": [['
     + ",".join(f'"{k}"' for k in range(10**6)) + ']], "payoffs": [[1]]}',
     'payoffs[0]: expected a list of 1000000 entries (one per action of player "A"), found a list of 1'),
    ("10^6 action names, last repeated", "actions2.json", _GAME + '"players": ["A"], "actions": [['
     + ",".join(f'"{k}"' for k in range(10**6)) + ',"0"]], "payoffs": [[1]]}',
     'actions[0][1000000]: expected distinct action names for player "A", found "0" twice'),
    ("10^5 strategy names, last repeated (nfg)", "names.nfg", 'NFG 1 R "" { "A" } { { '
     + " ".join(f'"{k}"' for k in range(10**5)) + ' "0" } } 0\n',
     'expected distinct strategy names for player "A", found "0" twice'),
    ("10^6 x 2 strategy names (nfg)", "names2.nfg", 'NFG 1 R "" { "A" "B" } { { '
     + " ".join(f'"{k}"' for k in range(10**6 + 1)) + ' } { "a" } } 0\n',
     'expected at most 2,000,000 payoffs (players × profiles): the strategy names of player "A" make more'),
    ("200 levels of nesting as the players", "deep.json", _GAME + '"players": ' + DEEP + ', "payoffs": [[1]]}',
     "players[0]: expected a player name (a string), found a list of 1"),
    ("200 levels of nesting as the title", "deep3.json", _GAME + '"title": ' + DEEP + ', "players": ["A"], "payoffs": [[1]]}',
     "title: expected the title as a string, found a list of 1"),
    ("200 levels of nesting as a payoff", "deep2.json", _GAME + '"players": ["A"], "payoffs": [[' + DEEP + "]]}",
     "payoffs[0][0]: expected an exact number (a JSON integer or a string such as \"-3/4\"), found a list of 1"),
    ("100,000 levels of nesting", "deeper.json", "[" * 100000 + "]" * 100000, "expected valid JSON: nesting too deep"),
    ("200 braces (nfg)", "deep.nfg", 'NFG 1 R "" { "A" } ' + "{ " * 200 + "}" * 200,
     "expected a quoted strategy name or '}' closing the strategy names of player \"A\""),
    ("NUL in a number", "nul.nfg", 'NFG 1 R "" { "A" } { 2 } 1 1\x002\n', "expected a numeric payoff"),
    ("Arabic-Indic digits", "arabic.nfg", 'NFG 1 R "" { "A" } { \u0662 } 1 2\n',
     "expected a number of strategies or '}' closing the strategy counts"),
    ("fullwidth digits (JSON string)", "wide.json", _GAME + '"players": ["A"], "payoffs": [["\uff11"]]}',
     'payoffs[0][0]: expected an exact number such as "7", "-3/4" or "0.25", found the string "１"'),
    ("a long integer in a string is not the one", "long.json",
     _GAME + '\n"title": "a ' + "1" * 2000 + '",\n"players": ["A"],\n"payoffs": [[' + "1" * 2000 + "]]}",
     "line 4: expected an integer of at most 1000 digits"),
    ("2,000,005 extra payoffs (counted to a cap)", "extra.nfg", 'NFG 1 R "" { "A" } { 1 }\n' + "0 " * (MAX_PAYOFFS + 5),
     "expected 1 payoff for a 1-player game with 1 strategy, found more than 2,000,001"),
    ("an outcome of 10^5 payoffs", "outcome.nfg", 'NFG 1 R "" { "A" } { 1 } { { "" ' + "1 " * 10**5 + "} } 1\n",
     "expected 1 payoff in outcome 1 (one per player), found 100000"),
    ("a bargaining file with a 5001-digit number", "bargain.json",
     f'{{"points": [["0", "{_BIG}"], [0, 1]], "disagreement": [0, 0]}}',
     "points[0][1]: a number may have at most 1000 digits, found 5,001 characters"),
    ("a bargaining file with 1e999999999", "bargain2.json", '{"points": [["1e999999999", 0]], "disagreement": [0, 0]}',
     "points[0][0]: a decimal exponent may be at most 1000 in size"),
    ("a bargaining file with a 5001-digit JSON integer", "bargain3.json",
     f'{{"points": [[0, {_BIG}]], "disagreement": [0, 0]}}', "expected an integer of at most 1000 digits"),
    ("a bargaining title of 5000 characters", "bargain4.json",
     '{"points": [[0, 0]], "disagreement": [0, 0], "title": "' + "t" * 5000 + '"}',
     "title: expected at most 1000 characters, found 5,000"),
    ("a million bargaining points", "bargain5.json", '{"points": [' + ",".join(["[0,0]"] * (MAX_PAYOFFS // 2 + 1))
     + '], "disagreement": [0, 0]}', "points: expected at most 1,000,000 payoff pairs"),
    ("a JSON float nested in a bargaining pair", "bargain6.json", '{"points": [[[1.5], 0]], "disagreement": [0, 0]}',
     "points[0][0]: expected a rational number, got list [1.5]"),
]


@pytest.mark.parametrize(("name", "file", "content", "expected"), HOSTILE_FILES, ids=[c[0] for c in HOSTILE_FILES])
def test_hostile_file(tmp_path: Path, name: str, file: str, content: str, expected: str) -> None:
    path = tmp_path / file
    path.write_text(content, encoding="utf-8")
    read = read_bargaining if file.startswith("bargain") else read_game
    with pytest.raises(InputError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(str(path)) and expected in message, message[:500]
    assert len(message) < 1000


def test_read_text_caps_files_longer_than_they_say(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over the cap is refused; one that says it is empty (a pipe, a device) is read in
    chunks, up to the cap."""
    from exactrose.input import formats

    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 10)
    path = tmp_path / "g.nfg"
    path.write_text('NFG 1 R "" { "A" } { 1 } 0')
    with pytest.raises(InputError, match=r"g\.nfg: a file may have at most 10 bytes; this one has more"):
        read_game(path)
    path.write_text("0123456789")
    assert formats.read_text(str(path)) == "0123456789"
    with open("/dev/zero", "rb") as zero:
        assert len(formats._read_capped(zero)) == 11


def test_game_from_json_huge_python_numbers() -> None:
    """game_from_json is given Python objects: ints beyond Python's str limit are named by size."""
    base = {"format": "exactrose-game", "version": 1, "players": ["A"], "payoffs": [[1]]}
    with pytest.raises(GameFormatError, match=r"^g: version: expected version 1, found an integer of 16,610 bits"):
        game_from_json({**base, "version": 10**5000}, "g")
    with pytest.raises(GameFormatError, match=r"^g: payoffs\[0\]\[0\]: expected an exact number within the limits: "
                                              r"a number may have at most 1000 digits"):
        game_from_json({**base, "payoffs": [[10**5000]]}, "g")
    assert game_from_json({**base, "payoffs": [[10**MAX_DIGITS - 1]]}).payoff(0, (0,)) == 10**MAX_DIGITS - 1
    with pytest.raises(GameFormatError, match=r"^g: frozenset: expected only the keys .*, found the unknown key frozenset$"):
        game_from_json({**base, frozenset(): 1}, "g")
    with pytest.raises(GameFormatError, match=r'^g: x{37}\.\.\.: expected only the keys .*, found the unknown key "x{37}\.\.\."$'):
        game_from_json({**base, "x" * 5000: 1}, "g")


@pytest.mark.parametrize(("option", "expected"), [
    ("--disagreement=1e999999999,0", "--disagreement x_1: a decimal exponent may be at most 1000 in size"),
    ("--disagreement=0," + "9" * 5001, "--disagreement x_2: a number may have at most 1000 digits, found 5,001 characters"),
    ("--disagreement=" + "," * 100000, "--disagreement: expected two numbers x,y such as 0,-1/2, got ',,,"),
    ("--disagreement=\u0661,0", "--disagreement x_1: expected a rational number"),
])
def test_disagreement_option(capsys: pytest.CaptureFixture, option: str, expected: str) -> None:
    assert main(["bargain", str(DATA / "bargaining_three_rose_points.json"), option]) == 2
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and expected in err and len(err) < 300, err[:500]


def test_hostile_bargaining_file_through_the_command(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "huge.json"
    path.write_text(f'{{"points": [["0", "{_BIG}"]], "disagreement": ["1e999999999", 0]}}')
    assert main(["bargain", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "at most 1000 digits" in err
