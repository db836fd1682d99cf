"""Reading and writing games: Gambit ``.nfg`` files and the exactrose JSON game format.

Every number is read exactly (never through a float), and every malformed file raises a
:class:`~exactrose.errors.GameFormatError` naming the file, the line and what was expected,
e.g. ``bad.nfg, line 3: expected 8 payoffs for 2x2 game with 2 players, found 7``.

Entry points
------------
``read_game(path)`` / ``write_game(game, path)`` choose the format by extension
(``.nfg`` or ``.json``).  The string forms are :func:`parse_nfg`, :func:`format_nfg`,
:func:`parse_json_game`, :func:`format_json_game`, :func:`game_to_json` and
:func:`game_from_json`.

Gambit ``.nfg`` (``NFG 1 R``)
-----------------------------
Both forms of Gambit's strategic-game file are read and written::

    NFG 1 R "Prisoner's dilemma" { "1" "2" } { 2 2 }
    3 3 5 0 0 5 1 1

The payoff form lists, for every pure profile, every player's payoff, with player 1's
action varying FASTEST (the opposite of :class:`~exactrose.model.game.Game` storage order).
Above, the profile (row 0, column 1) is the third pair, so ``U_1 = 0`` and ``U_2 = 5``.
The strategy-count list ``{ 2 2 }`` may instead list strategy names,
``{ { "C" "D" } { "C" "D" } }``; counts give actions named ``"0"``, ``"1"``, ...
The outcome form (what Gambit writes) lists outcomes then, for every profile
(player 1 fastest), an outcome index, where ``0`` is the null outcome paying 0::

    NFG 1 R "PD" { "1" "2" } { { "C" "D" } { "C" "D" } } ""
    { { "" 3, 3 } { "" 5, 0 } { "" 0, 5 } { "" 1, 1 } }
    1 2 3 4

Commas between payoffs are optional.  An optional comment string may follow the player
list or the strategy list; it is ignored.  Payoffs may be integers, rationals (``1/3``)
or decimals (``0.25``, ``-1.5e-2``), all read exactly.  In quoted strings ``\\"`` stands
for ``"`` and ``\\\\`` for ``\\``.  ``NFG 1 D`` files are accepted too (read exactly).

JSON game format (``exactrose-game``, version 1)
------------------------------------------------
A JSON object::

    {
      "format": "exactrose-game",
      "version": 1,
      "title": "Matching pennies",
      "players": ["Alice", "Bob"],
      "actions": [["H", "T"], ["H", "T"]],
      "payoffs": [
        [["1", "-1"], ["-1", "1"]],
        [["-1", "1"], ["1", "-1"]]
      ]
    }

* ``format`` (required) is the string ``"exactrose-game"``; ``version`` (required) is ``1``.
* ``players`` (required): a non-empty list of distinct player names (strings).
* ``actions`` (optional): one list of distinct action names per player; by default
  player i's actions are named ``"0"``, ``"1"``, ... as many as ``payoffs`` has.
* ``payoffs`` (required): one nested array per player, ``payoffs[i][a1][a2]...[an]`` is
  player i's payoff when player 1 plays action a1, player 2 plays a2, and so on.
* ``title`` (optional, default ``""``): a string.
* Every number is a JSON integer (``7``) or a string holding an exact number (``"7"``,
  ``"-3/4"``, ``"0.25"``, ``"1e-3"``).  JSON floats such as ``0.5`` are refused: they
  are not exact in most JSON tools; write ``"0.5"`` or ``"1/2"`` instead.
* No other keys are allowed.

:func:`game_to_json` writes every payoff as a string.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import BinaryIO, TypeVar

from exactrose.errors import GameFormatError, InputError
from exactrose.exact.numbers import (
    NUMBER_TEXT,
    format_rational,
    number_from_text,
    number_size_error,
    shorten,
)
from exactrose.limits import (
    MAX_DIGITS,
    MAX_FILE_BYTES,
    MAX_JSON_VALUES,
    MAX_NAME_CHARS,
    MAX_PAYOFFS,
    MAX_PLAYERS,
    check_shape,
)
from exactrose.model.game import Game

T = TypeVar("T")

__all__ = [
    "JSON_FORMAT",
    "JSON_VERSION",
    "read_game",
    "write_game",
    "parse_nfg",
    "format_nfg",
    "parse_json_game",
    "format_json_game",
    "game_to_json",
    "game_from_json",
]

JSON_FORMAT = "exactrose-game"
JSON_VERSION = 1

_EXTENSIONS = (".nfg", ".json")

#: A whole number in a file (a strategy count, an outcome index): digits only, a sign allowed
#: for indices; longer than this, it is out of range whatever it says.
_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")


# ============================================================ files


def read_game(path: str | os.PathLike[str]) -> Game:
    """Read a game from a ``.nfg`` (Gambit) or ``.json`` (exactrose) file.

    Raises :class:`InputError` if the file cannot be read and :class:`GameFormatError`
    if it is malformed or its extension is unknown.
    """
    name = os.fspath(path)
    kind = _kind_of(name)
    text = read_text(name)
    if kind == ".nfg":
        return parse_nfg(text, name)
    return parse_json_game(text, name)


def write_game(game: Game, path: str | os.PathLike[str], *, form: str = "payoff") -> None:
    """Write ``game`` to a ``.nfg`` or ``.json`` file (UTF-8).

    ``form`` selects the ``.nfg`` form (``"payoff"`` or ``"outcome"``); it is ignored for JSON.
    """
    name = os.fspath(path)
    kind = _kind_of(name)
    text = format_nfg(game, form=form) if kind == ".nfg" else format_json_game(game)
    try:
        with open(name, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"{name}: cannot write the file ({exc.strerror or exc})") from exc


def _kind_of(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    if ext not in _EXTENSIONS:
        found = f"{ext!r}" if ext else "no extension"
        raise GameFormatError(name, None, f"expected a file name ending in .nfg or .json, found {found}")
    return ext


def read_text(name: str) -> str:
    """The UTF-8 text of a file (a byte-order mark allowed) of at most
    :data:`~exactrose.limits.MAX_FILE_BYTES`; unreadable files get a clear error."""
    try:
        with open(name, "rb") as handle:
            data = _read_capped(handle)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, expected a game file") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name}: a file may have at most {MAX_FILE_BYTES:,} bytes; this one has more")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GameFormatError(name, line, f"expected UTF-8 text, found the byte 0x{data[exc.start]:02x}") from exc


def _read_capped(handle: BinaryIO) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of an open file.  A buffer as large as the file says it
    is, not of the cap (``read(MAX_FILE_BYTES + 1)`` allocated 64 MB for any file); a file
    longer than it says (a pipe, a device, a file being written) is read on in chunks."""
    size = min(os.fstat(handle.fileno()).st_size, MAX_FILE_BYTES)
    data = handle.read(size + 1)
    if len(data) <= size:
        return data
    chunks, total = [data], len(data)
    while total <= MAX_FILE_BYTES:
        chunk = handle.read(min(2**20, MAX_FILE_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


# ============================================================ nfg: lexer

_LBRACE, _RBRACE, _COMMA, _STRING, _NUMTOK, _WORD, _EOF = "{", "}", ",", "string", "number", "word", "eof"

#: One token after optional whitespace: a brace, a comma, the opening quote of a string or a word.
_LEX = re.compile(r'\s*+(?:(?P<brace>[{}])|(?P<comma>,)|(?P<quote>")|(?P<word>[^\s{},"]++))')
#: The rest of a quoted string after its opening quote, up to and including the closing quote:
#: ``\"`` and ``\\`` are escapes, any other backslash is itself (possessive: linear time, and
#: an unterminated string is refused without backtracking).
_STRING_REST = re.compile(r'(?:[^"\\]++|\\["\\]?+)*+"')
_ESCAPE = re.compile(r'\\(["\\])')


class _Token:
    __slots__ = ("kind", "text", "line")

    def __init__(self, kind: str, text: str, line: int) -> None:
        self.kind = kind
        self.text = text
        self.line = line

    def describe(self) -> str:
        if self.kind == _EOF:
            return "end of file"
        if self.kind == _STRING:
            return f"the string {_quote(shorten(self.text, 40))}"
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return f"'{shown}'"


def _tokenize(text: str, path: str) -> Iterator[_Token]:
    """The tokens of ``text``, one at a time (a file may hold millions), then an end-of-file
    token on the line of the last one."""
    pos, line, last_line = 0, 1, 1
    while True:
        match = _LEX.match(text, pos)
        if match is None:  # only whitespace is left
            break
        kind = match.lastgroup
        assert kind is not None  # every alternative of _LEX is a named group
        start = match.start(kind)
        line += text.count("\n", pos, start)
        if kind == "word":
            word = match.group(kind)
            token = _Token(_NUMTOK if NUMBER_TEXT.fullmatch(word) else _WORD, word, line)
            pos = match.end()
        elif kind == "quote":
            rest = _STRING_REST.match(text, start + 1)
            if rest is None:
                expected = f"unterminated string: expected a closing '\"' for the string opened on line {line}"
                raise GameFormatError(path, line, expected)
            raw = text[start + 1 : rest.end() - 1]
            token = _Token(_STRING, _ESCAPE.sub(r"\1", raw) if "\\" in raw else raw, line)
            line += raw.count("\n")
            pos = rest.end()
        else:
            token = _Token(_COMMA if kind == "comma" else match.group(kind), match.group(kind), line)
            pos = match.end()
        last_line = token.line
        yield token
    # "found end of file" is reported on the last line that has content
    yield _Token(_EOF, "", last_line)


def _quote(name: str) -> str:
    """A Gambit string literal: ``"`` becomes ``\\"`` and ``\\`` becomes ``\\\\``."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ============================================================ nfg: parser


class _NfgParser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.tokens = _tokenize(text, path)
        self.next: _Token | None = None  # looked at, not yet taken
        self.previous: _Token | None = None  # the last token taken

    # ---------------------------------------------------------------- helpers
    def peek(self) -> _Token:
        if self.next is None:
            self.next = next(self.tokens)
        return self.next

    def take(self) -> _Token:
        token = self.peek()
        if token.kind != _EOF:
            self.next = None
            self.previous = token
        return token

    def fail(self, token: _Token | int | None, expected: str) -> GameFormatError:
        line = token.line if isinstance(token, _Token) else token
        return GameFormatError(self.path, line, expected)

    def unclosed(self, token: _Token, what: str, opened: _Token, alternative: str) -> GameFormatError:
        if token.kind == _EOF:
            return self.fail(token, f"expected '}}' closing the {what} opened on line {opened.line}, found end of file")
        return self.fail(
            token,
            f"expected {alternative} or '}}' closing the {what} opened on line {opened.line}, found {token.describe()}",
        )

    def number(self, token: _Token, what: str) -> Fraction:
        if token.kind != _NUMTOK:
            raise self.fail(
                token,
                f"expected {what} (an integer, a rational such as 1/3 or a decimal such as 0.25), "
                f"found {token.describe()}",
            )
        try:
            return number_from_text(token.text, what)
        except InputError:
            too_big = number_size_error(token.text)
        if too_big is not None:
            raise self.fail(token, f"expected {what} within the limits: {too_big}")
        raise self.fail(token, f"expected {what} with a nonzero denominator, found {token.describe()}")

    # ---------------------------------------------------------------- grammar
    def parse(self) -> Game:
        title = self.header()
        players = self.players()
        self.optional_comment()
        actions = self.strategies(players)
        self.optional_comment()
        shape = tuple(len(a) for a in actions)
        start = self.peek()
        if start.kind == _LBRACE:
            vectors = self.outcome_body(players, shape)
        elif start.kind in (_NUMTOK, _EOF):
            vectors = self.payoff_body(players, shape)
        else:
            raise self.fail(start, f"expected payoffs (numbers) or an outcome list '{{', found {start.describe()}")
        return self.build(title, players, actions, shape, vectors)

    def header(self) -> str:
        token = self.take()
        if token.kind != _WORD or token.text != "NFG":
            raise self.fail(token, f"expected the header 'NFG 1 R \"title\"', found {token.describe()}")
        token = self.take()
        if token.kind != _NUMTOK or token.text != "1":
            raise self.fail(token, f"expected version 1 after 'NFG' (header 'NFG 1 R'), found {token.describe()}")
        token = self.take()
        if token.kind != _WORD or token.text not in ("R", "D"):
            raise self.fail(token, f"expected 'R' after 'NFG 1' (header 'NFG 1 R'), found {token.describe()}")
        token = self.take()
        if token.kind != _STRING:
            raise self.fail(
                token, f"expected the game title as a quoted string after 'NFG 1 R', found {token.describe()}"
            )
        self.check_name(token, "a game title")
        return token.text

    def players(self) -> list[str]:
        opened = self.take()
        if opened.kind != _LBRACE:
            raise self.fail(opened, f"expected '{{' opening the list of player names, found {opened.describe()}")
        names: list[str] = []
        seen: set[str] = set()
        while True:
            token = self.take()
            if token.kind == _RBRACE:
                break
            if token.kind != _STRING:
                raise self.unclosed(token, "player list", opened, "a quoted player name")
            if len(names) == MAX_PLAYERS:
                raise self.fail(token, f"expected at most {MAX_PLAYERS} players, found more")
            self.check_name(token, "a player name")
            if token.text in seen:
                raise self.fail(token, f"expected distinct player names, found {_quote(token.text)} twice")
            seen.add(token.text)
            names.append(token.text)
        if not names:
            raise self.fail(opened, "expected at least one player name in the player list, found none")
        return names

    def check_name(self, token: _Token, what: str) -> None:
        if len(token.text) > MAX_NAME_CHARS:
            raise self.fail(token, f"expected {what} of at most {MAX_NAME_CHARS} characters, "
                                   f"found {len(token.text):,}")

    def optional_comment(self) -> None:
        if self.peek().kind == _STRING:
            self.take()

    def strategies(self, players: list[str]) -> list[list[str]]:
        opened = self.take()
        if opened.kind != _LBRACE:
            raise self.fail(
                opened, f"expected '{{' opening the strategy counts or strategy names, found {opened.describe()}"
            )
        n = len(players)
        actions: list[list[str]] = []
        counts: list[int] = []
        found = 0  # strategy lists or counts, counted up to MAX_PLAYERS + 1
        first_extra: _Token | None = None
        if self.peek().kind == _LBRACE:
            profiles = 1  # the product of the lists so far: names are refused once over the cap
            while True:
                token = self.take()
                if token.kind == _RBRACE:
                    break
                if token.kind != _LBRACE:
                    raise self.unclosed(token, "strategy list", opened, "'{' opening a player's strategy names")
                k = found
                who = f"player {_quote(players[k])}" if k < n else f"player {k + 1}"
                names: list[str] = []
                seen: set[str] = set()  # a list's `in` made 10^5 names take minutes
                while True:
                    inner = self.take()
                    if inner.kind == _RBRACE:
                        break
                    if inner.kind != _STRING:
                        raise self.unclosed(inner, f"strategy names of {who}", token, "a quoted strategy name")
                    if k >= n:  # an extra list, refused below: only its syntax is checked
                        continue
                    self.check_name(inner, "a strategy name")
                    if inner.text in seen:
                        raise self.fail(
                            inner, f"expected distinct strategy names for {who}, found {_quote(inner.text)} twice"
                        )
                    if n * profiles * (len(names) + 1) > MAX_PAYOFFS:
                        raise self.fail(inner, f"expected at most {MAX_PAYOFFS:,} payoffs (players × profiles): "
                                               f"the strategy names of {who} make more")
                    seen.add(inner.text)
                    names.append(inner.text)
                if not names and k < n:
                    raise self.fail(token, f"expected at least one strategy for {who}, found 0")
                profiles *= max(len(names), 1)
                if k < n:
                    actions.append(names)
                found, first_extra = self.count_list(found, n, token, first_extra)
        else:
            while True:
                token = self.take()
                if token.kind == _RBRACE:
                    break
                if token.kind != _NUMTOK:
                    raise self.unclosed(token, "strategy counts", opened, "a number of strategies")
                k = found
                who = f"player {_quote(players[k])}" if k < n else f"player {k + 1}"
                if not token.text.isdigit() or not token.text.isascii():
                    raise self.fail(token, f"expected a whole number of strategies for {who}, found {token.describe()}")
                if not _WHOLE.fullmatch(token.text) or int(token.text) > MAX_PAYOFFS:
                    raise self.fail(token, f"expected at most {MAX_PAYOFFS:,} strategies for {who} (the cap on a "
                                           f"game's payoffs), found {token.describe()}")
                count = int(token.text)
                if count == 0 and k < n:
                    raise self.fail(token, f"expected at least one strategy for {who}, found 0")
                if k < n:
                    counts.append(count)
                found, first_extra = self.count_list(found, n, token, first_extra)
        if found != n:
            shown = f"more than {MAX_PLAYERS}" if found > MAX_PLAYERS else str(found)
            raise self.fail(
                first_extra if first_extra is not None else opened,
                f"expected one strategy count or strategy list per player ({n}), found {shown}",
            )
        try:
            check_shape([len(a) for a in actions] or counts, "the strategy counts")
        except InputError as error:
            raise self.fail(opened, str(error)) from None
        return actions or [[str(a) for a in range(count)] for count in counts]

    def count_list(self, found: int, n: int, token: _Token, first_extra: _Token | None) -> tuple[int, _Token | None]:
        """One more strategy list or count (the first beyond ``n`` remembered); past
        :data:`MAX_PLAYERS` the count stops and the error is raised."""
        found += 1
        if found == n + 1:
            first_extra = token
        if found > MAX_PLAYERS:  # n <= MAX_PLAYERS: the first extra one has been seen
            raise self.fail(first_extra or token, f"expected one strategy count or strategy list per player ({n}), "
                                         f"found more than {MAX_PLAYERS}")
        return found, first_extra

    def payoff_body(self, players: list[str], shape: tuple[int, ...]) -> list[tuple[Fraction, ...]]:
        n = len(players)
        size = math.prod(shape)
        expected = n * size
        values = self.trailing(
            lambda token: self.number(token, "a numeric payoff"),
            expected,
            lambda found: f"expected {_plural(expected, 'payoff', 'payoffs')} for {_describe_game(shape)}, found {found}",
        )
        return [tuple(values[k * n : (k + 1) * n]) for k in range(size)]

    def trailing(self, parse: Callable[[_Token], T], expected: int, mismatch: Callable[[str], str]) -> list[T]:
        """Parse the items up to the end of the file (commas ignored); exactly ``expected`` of
        them, else an error at the first extra item or after the last one.  Items beyond
        ``expected`` are only counted (a non-number among them is refused as such), up to
        :data:`MAX_PAYOFFS` of them, so that a file of millions of extra items costs no memory
        and little time."""
        items: list[T] = []
        last = self.previous
        first_extra: _Token | None = None
        extra = 0
        while True:
            token = self.take()
            if token.kind == _EOF:
                break
            if token.kind == _COMMA:
                continue
            if len(items) < expected:
                items.append(parse(token))
                last = token
                continue
            if token.kind != _NUMTOK:
                parse(token)  # raises: not a number
            if first_extra is None:
                first_extra = token
            extra += 1
            if extra > MAX_PAYOFFS:
                raise self.fail(first_extra, mismatch(f"more than {expected + MAX_PAYOFFS:,}"))
        if len(items) != expected or extra:
            raise self.fail(first_extra if first_extra is not None else last, mismatch(str(len(items) + extra)))
        return items

    def outcome_body(self, players: list[str], shape: tuple[int, ...]) -> list[tuple[Fraction, ...]]:
        n = len(players)
        opened = self.take()
        outcomes: list[tuple[Fraction, ...]] = [tuple(Fraction(0) for _ in range(n))]  # 0 = null outcome
        while True:
            token = self.take()
            if token.kind == _RBRACE:
                break
            if token.kind != _LBRACE:
                raise self.unclosed(token, "outcome list", opened, "'{' opening an outcome")
            number = len(outcomes)
            name = self.take()
            if name.kind != _STRING:
                raise self.fail(
                    name, f"expected the quoted name of outcome {number} after '{{', found {name.describe()}"
                )
            if number * n > MAX_PAYOFFS:
                raise self.fail(token, f"expected at most {MAX_PAYOFFS // n:,} outcomes ({MAX_PAYOFFS:,} payoffs, "
                                       "the cap on a game's payoffs), found more")
            payoffs: list[Fraction] = []
            found = 0  # payoffs beyond n are counted, not kept
            while True:
                item = self.take()
                if item.kind == _RBRACE:
                    break
                if item.kind == _COMMA:
                    continue
                if item.kind == _EOF:
                    raise self.unclosed(item, f"outcome {number}", token, "")
                value = self.number(item, f"a numeric payoff in outcome {number}") if found < n or \
                    item.kind != _NUMTOK else None
                if value is not None:
                    payoffs.append(value)
                found += 1
                if found > MAX_PAYOFFS:
                    break
            if found != n:
                expected_text = _plural(n, "payoff", "payoffs")
                shown = f"more than {MAX_PAYOFFS:,}" if found > MAX_PAYOFFS else str(found)
                raise self.fail(
                    item, f"expected {expected_text} in outcome {number} (one per player), found {shown}"
                )
            outcomes.append(tuple(payoffs))
        size = math.prod(shape)
        top = len(outcomes) - 1

        def outcome_index(token: _Token) -> int:
            if token.kind != _NUMTOK or not re.fullmatch(r"[+-]?[0-9]+", token.text):
                raise self.fail(
                    token, f"expected an outcome index (an integer from 0 to {top}), found {token.describe()}"
                )
            index = int(token.text) if _WHOLE.fullmatch(token.text) else top + 1
            if not 0 <= index <= top:
                raise self.fail(
                    token,
                    f"expected an outcome index from 0 to {top} (0 is the null outcome), found {token.describe()}",
                )
            return index

        indices = self.trailing(
            outcome_index,
            size,
            lambda found: f"expected {_plural(size, 'outcome index', 'outcome indices')} (one per profile) "
            f"for {_describe_game(shape)}, found {found}",
        )
        return [outcomes[k] for k in indices]

    def build(
        self,
        title: str,
        players: list[str],
        actions: list[list[str]],
        shape: tuple[int, ...],
        vectors: list[tuple[Fraction, ...]],
    ) -> Game:
        n = len(players)
        size = math.prod(shape)
        strides = _strides(shape)
        flats: list[list[Fraction]] = [[Fraction(0)] * size for _ in range(n)]
        for vector, profile in zip(vectors, _profiles_player1_fastest(shape), strict=True):
            k = sum(a * s for a, s in zip(profile, strides))
            for i in range(n):
                flats[i][k] = vector[i]
        try:
            return Game.from_tables(players, actions, flats, title)
        except InputError as exc:  # pragma: no cover - checked above with line numbers
            raise GameFormatError(self.path, None, str(exc)) from exc


def _describe_game(shape: Sequence[int]) -> str:
    n = len(shape)
    if n == 1:
        return f"a 1-player game with {_plural(shape[0], 'strategy', 'strategies')}"
    return f"{'x'.join(str(m) for m in shape)} game with {n} players"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _strides(shape: Sequence[int]) -> tuple[int, ...]:
    """Row-major strides (player 1 slowest), as in :class:`Game` storage."""
    strides = []
    stride = 1
    for m in reversed(shape):
        strides.append(stride)
        stride *= m
    return tuple(reversed(strides))


def _profiles_player1_fastest(shape: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Pure profiles in Gambit order: player 1's action varies fastest."""
    for reversed_profile in itertools.product(*(range(m) for m in reversed(shape))):
        yield tuple(reversed(reversed_profile))


def parse_nfg(text: str, path: str = "<string>") -> Game:
    """Parse the text of a Gambit ``.nfg`` file (payoff or outcome form).

    ``path`` names the source in error messages.

    >>> g = parse_nfg('NFG 1 R "PD" { "1" "2" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> g.payoff(0, (0, 1)), g.payoff(1, (0, 1))
    (Fraction(0, 1), Fraction(5, 1))
    """
    return _NfgParser(text, path).parse()


# ============================================================ nfg: writer


def format_nfg(game: Game, form: str = "payoff") -> str:
    """The text of a Gambit ``.nfg`` file for ``game``.

    ``form="payoff"`` lists all payoffs (one line per column: player 1's strategies vary
    fastest); strategy names are written unless they are the defaults ``"0"``, ``"1"``, ...
    ``form="outcome"`` writes Gambit's outcome form: one outcome per distinct nonzero payoff
    vector, index 0 (the null outcome) for all-zero profiles.
    """
    if form not in ("payoff", "outcome"):
        raise InputError(f"form: expected 'payoff' or 'outcome', got {form!r}")
    shape = game.shape
    players = " ".join(_quote(p) for p in game.players)
    lines = [f"NFG 1 R {_quote(game.title)} {{ {players} }}"]
    default = all(list(acts) == [str(a) for a in range(len(acts))] for acts in game.actions)
    if form == "payoff" and default:
        lines[0] += " { " + " ".join(str(m) for m in shape) + " }"
    else:
        rows = ["{ " + " ".join(_quote(a) for a in acts) + " }" for acts in game.actions]
        if len(rows) == 1:
            lines.append("{ " + rows[0] + " }")
        else:
            lines.append("{ " + rows[0])
            lines.extend("  " + row for row in rows[1:-1])
            lines.append("  " + rows[-1] + " }")
    if form == "outcome":
        lines.append('""')  # the (empty) comment, as Gambit writes it
    lines.append("")
    profiles = list(_profiles_player1_fastest(shape))
    if form == "payoff":
        per_line = shape[0]
        for start in range(0, len(profiles), per_line):
            chunk = profiles[start : start + per_line]
            lines.append(
                "  ".join(" ".join(format_rational(u) for u in game.payoff_vector(p)) for p in chunk)
            )
    else:
        numbers: dict[tuple[Fraction, ...], int] = {}
        indices: list[int] = []
        for profile in profiles:
            vector = game.payoff_vector(profile)
            if not any(vector):
                indices.append(0)
                continue
            if vector not in numbers:
                numbers[vector] = len(numbers) + 1
            indices.append(numbers[vector])
        lines.append("{")
        for vector in numbers:
            lines.append('{ "" ' + ", ".join(format_rational(u) for u in vector) + " }")
        lines.append("}")
        per_line = shape[0]
        for start in range(0, len(indices), per_line):
            lines.append(" ".join(str(k) for k in indices[start : start + per_line]))
    return "\n".join(lines) + "\n"


# ============================================================ JSON


class JsonFloat:
    """A JSON float literal, kept as text so it can be named in the error."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return shorten(self.text, 100)


def parse_json_game(text: str, path: str = "<string>", number: NumberReader | None = None) -> Game:
    """Parse the text of an exactrose JSON game file (see the module docstring).

    ``number`` reads each payoff (default: an exact number); a parametric game passes a reader
    that evaluates payoff expressions at a value of the parameter.
    """
    return _game_from_obj(load_json(text, path), path, lambda field: _json_line(text, field), number or read_json_number)


def load_json(text: str, path: str = "<string>") -> object:
    """Decode JSON text, keeping float literals as :class:`JsonFloat` (so that they can be
    refused with their text); invalid JSON is a :class:`GameFormatError` naming the line.
    Text that may hold more than :data:`~exactrose.limits.MAX_JSON_VALUES` values is refused
    before it is decoded (counted by its separators and openers, strings included)."""
    values = text.count(",") + text.count("[") + text.count("{") + 1
    if values > MAX_JSON_VALUES:
        raise GameFormatError(path, None, f"expected at most {MAX_JSON_VALUES:,} JSON values (numbers, names and "
                                          f"lists: the payoffs and names of a game at the size cap), found about "
                                          f"{values:,}")
    try:
        return json.loads(text, parse_float=JsonFloat, parse_constant=JsonFloat, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise GameFormatError(path, exc.lineno, f"expected valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise GameFormatError(path, None, "expected valid JSON: nesting too deep") from None
    except _LongInteger:
        blanked = _JSON_STRING.sub('""', text)  # digits in a string are not the integer
        found = _LONG_INTEGER.search(blanked)
        line = blanked.count("\n", 0, found.start()) + 1 if found else None
        raise GameFormatError(path, line, f"expected an integer of at most {MAX_DIGITS} digits, found a longer one") \
            from None


class _LongInteger(Exception):
    """A JSON integer literal beyond :data:`~exactrose.limits.MAX_DIGITS` (found again by
    :data:`_LONG_INTEGER` to name its line)."""


_LONG_INTEGER = re.compile(rf'(?<![0-9."eE+-])-?[0-9]{{{MAX_DIGITS + 1},}}+(?![.eE])')
#: A JSON string literal (valid JSON has no raw line break in one, so blanking strings keeps lines).
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"')


def _json_int(text: str) -> int:
    if len(text) > MAX_DIGITS + 1 or len(text.lstrip("-")) > MAX_DIGITS:
        raise _LongInteger
    return int(text)


def game_from_json(obj: object, path: str = "<json>") -> Game:
    """Build a game from an already decoded JSON object (see the module docstring).

    Python floats in ``obj`` are refused, like JSON floats in a file.
    """
    return _game_from_obj(obj, path, lambda field: None)


def game_to_json(game: Game) -> dict:
    """The JSON object of ``game`` (every payoff an exact string)."""
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "title": game.title,
        "players": list(game.players),
        "actions": [list(acts) for acts in game.actions],
        "payoffs": [_map_nested(game.payoff_array(i), format_rational) for i in range(game.n)],
    }


def format_json_game(game: Game) -> str:
    """The text of an exactrose JSON game file: one line per innermost payoff row."""
    obj = game_to_json(game)

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    def nested(value: object, indent: int) -> str:
        if isinstance(value, list) and value and isinstance(value[0], list):
            pad = " " * (indent + 2)
            inner = ",\n".join(pad + nested(v, indent + 2) for v in value)
            return "[\n" + inner + "\n" + " " * indent + "]"
        return dump(value)

    lines = [
        "{",
        f'  "format": {dump(obj["format"])},',
        f'  "version": {dump(obj["version"])},',
        f'  "title": {dump(obj["title"])},',
        f'  "players": {dump(obj["players"])},',
        f'  "actions": {dump(obj["actions"])},',
        '  "payoffs": [',
    ]
    tables = [("    " + nested(table, 4)) for table in obj["payoffs"]]
    lines.append(",\n".join(tables))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _map_nested(value: object, fn: Callable[[Fraction], str]) -> object:
    if isinstance(value, list):
        return [_map_nested(v, fn) for v in value]
    return fn(value)  # type: ignore[arg-type]


_KEYS_REQUIRED = ("format", "version", "players", "payoffs")
_KEYS_OPTIONAL = ("title", "actions")
#: A Python int given to game_from_json has at most MAX_DIGITS digits when it is below this.
_DIGITS_CAP = 10**MAX_DIGITS

Field = tuple[object, ...]

NumberReader = Callable[[object, Field, Callable[[Field, str], GameFormatError]], Fraction]
"""Reads one payoff: ``(value, field, fail) -> Fraction``; ``fail(field, expected)`` builds the error."""


def field_name(field: Field) -> str:
    """``payoffs[0][1][0]``: how error messages name a field."""
    text = ""
    for part in field:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            name = shorten(part, 40) if isinstance(part, str) else _type_name(part)
            text += f".{name}" if text else name
    return text or "the top level"


def _key_text(key: object) -> str:
    """An object key as error messages quote it: a JSON string, cut if long; any other key
    (``game_from_json`` is given Python objects) by its type."""
    return json.dumps(shorten(key, 40), ensure_ascii=False) if isinstance(key, str) else _type_name(key)


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, JsonFloat):
        return f"the float {value.text}"
    if isinstance(value, float):
        return f"the float {value!r}"
    if isinstance(value, int):  # game_from_json may be given an integer of any size
        return str(value) if -10**40 < value < 10**40 else f"an integer of {value.bit_length():,} bits"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if len(value) <= 40 else "a string"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _game_from_obj(obj: object, path: str, locate: Callable[[Field], int | None],
                   number: NumberReader | None = None) -> Game:
    def fail(field: Field, expected: str) -> GameFormatError:
        prefix = f"{field_name(field)}: " if field else ""
        return GameFormatError(path, locate(field), prefix + expected)

    if not isinstance(obj, dict):
        raise fail((), f"expected a JSON object with keys {', '.join(_KEYS_REQUIRED)}, found {_type_name(obj)}")
    for key in obj:
        if key not in _KEYS_REQUIRED and key not in _KEYS_OPTIONAL:
            allowed = ", ".join(_KEYS_REQUIRED + _KEYS_OPTIONAL)
            raise fail((key,), f"expected only the keys {allowed}, found the unknown key {_key_text(key)}")
    for key in _KEYS_REQUIRED:
        if key not in obj:
            raise fail((), f"expected the key {json.dumps(key)} in the game object, found it missing")
    if obj["format"] != JSON_FORMAT:
        raise fail(("format",), f"expected format {json.dumps(JSON_FORMAT)}, found {_type_name(obj['format'])}")
    version = obj["version"]
    if isinstance(version, bool) or version != JSON_VERSION or not isinstance(version, int):
        raise fail(("version",), f"expected version {JSON_VERSION}, found {_type_name(version)}")
    title = obj.get("title", "")
    if not isinstance(title, str):
        raise fail(("title",), f"expected the title as a string, found {_type_name(title)}")
    _check_name_length(title, ("title",), fail)

    players = obj["players"]
    if not isinstance(players, list) or not players:
        raise fail(("players",), f"expected a non-empty list of player names, found {_type_name(players)}")
    if len(players) > MAX_PLAYERS:
        raise fail(("players",), f"expected at most {MAX_PLAYERS} players, found {len(players):,}")
    _check_names(players, ("players",), "player name", "distinct player names", fail)
    n = len(players)

    payoffs = obj["payoffs"]
    if not isinstance(payoffs, list) or len(payoffs) != n:
        found = f"a list of {len(payoffs)}" if isinstance(payoffs, list) else _type_name(payoffs)
        raise fail(("payoffs",), f"expected one payoff array per player ({n}), found {found}")

    if "actions" in obj:
        actions = obj["actions"]
        if not isinstance(actions, list) or len(actions) != n:
            found = f"a list of {len(actions)}" if isinstance(actions, list) else _type_name(actions)
            raise fail(("actions",), f"expected one list of action names per player ({n}), found {found}")
        for i, acts in enumerate(actions):
            if not isinstance(acts, list):
                who = json.dumps(players[i], ensure_ascii=False)
                raise fail(("actions", i), f"expected a list of action names of player {who}, found {_type_name(acts)}")
            if not acts:
                raise fail(("actions", i), f"expected at least one action for player {json.dumps(players[i])}, found 0")
            _check_names(acts, ("actions", i), "action name",
                         f"distinct action names for player {json.dumps(players[i], ensure_ascii=False)}", fail)
        shape = tuple(len(acts) for acts in actions)
        _check_shape(shape, ("actions",), fail)
    else:
        shape_list = []
        level: object = payoffs[0]
        field: Field = ("payoffs", 0)
        for d in range(n):
            if not isinstance(level, list) or not level:
                what = f"a non-empty list (the actions of player {json.dumps(players[d])})"
                raise fail(field, f"expected {what}, found {_type_name(level)}")
            shape_list.append(len(level))
            level = level[0]
            field = field + (0,)
        shape = tuple(shape_list)
        _check_shape(shape, ("payoffs",), fail)
        actions = [[str(k) for k in range(m)] for m in shape]

    flats: list[list[Fraction]] = []
    for i in range(n):
        flat: list[Fraction] = []
        _collect(payoffs[i], ("payoffs", i), shape, players, flat, fail, number or read_json_number)
        flats.append(flat)
    try:
        return Game.from_tables(players, actions, flats, title)
    except InputError as exc:  # pragma: no cover - every case is checked above
        raise GameFormatError(path, None, str(exc)) from exc


def _check_names(names: list, field: Field, what: str, distinct: str,
                 fail: Callable[[Field, str], GameFormatError]) -> None:
    """Each entry of ``names`` a string within :data:`~exactrose.limits.MAX_NAME_CHARS`, all distinct."""
    seen: set[str] = set()
    for k, name in enumerate(names):
        if not isinstance(name, str):
            raise fail(field + (k,), f"expected {_article(what)} (a string), found {_type_name(name)}")
        _check_name_length(name, field + (k,), fail)
        if name in seen:
            raise fail(field + (k,), f"expected {distinct}, found {json.dumps(name, ensure_ascii=False)} twice")
        seen.add(name)


def _check_name_length(name: str, field: Field, fail: Callable[[Field, str], GameFormatError]) -> None:
    if len(name) > MAX_NAME_CHARS:
        raise fail(field, f"expected at most {MAX_NAME_CHARS} characters, found {len(name):,}")


def _check_shape(shape: tuple[int, ...], field: Field, fail: Callable[[Field, str], GameFormatError]) -> None:
    try:
        check_shape(shape, "the game")
    except InputError as error:
        raise fail(field, str(error)) from None


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _collect(
    value: object,
    field: Field,
    shape: tuple[int, ...],
    players: list,
    out: list[Fraction],
    fail: Callable[[Field, str], GameFormatError],
    number: NumberReader,
) -> None:
    depth = len(field) - 2
    if depth < len(shape):
        m = shape[depth]
        if not isinstance(value, list) or len(value) != m:
            found = f"a list of {len(value)}" if isinstance(value, list) else _type_name(value)
            raise fail(
                field,
                f"expected a list of {m} entries "
                f"(one per action of player {json.dumps(players[depth], ensure_ascii=False)}), "
                f"found {found}",
            )
        for k, sub in enumerate(value):
            _collect(sub, field + (k,), shape, players, out, fail, number)
        return
    out.append(number(value, field, fail))


def read_json_number(value: object, field: Field, fail: Callable[[Field, str], GameFormatError]) -> Fraction:
    """The default payoff reader: a JSON integer or an exact number string (floats refused)."""
    if isinstance(value, (JsonFloat, float)):
        text = value.text if isinstance(value, JsonFloat) else repr(value)
        exact = len(text) <= 100 and NUMBER_TEXT.fullmatch(text) and number_size_error(text) is None
        suggestion = f'the string "{text}"' if exact else 'a string such as "1/2"'
        raise fail(
            field,
            f"expected an exact number, found the JSON float {shorten(text, 100)}; floats are not exact, "
            f"write it as {suggestion}",
        )
    if isinstance(value, int) and not isinstance(value, bool):
        if not -_DIGITS_CAP < value < _DIGITS_CAP:  # game_from_json: a Python int of any size
            raise fail(field, f"expected an exact number within the limits: a number may have at most {MAX_DIGITS} "
                              f"digits, found an integer of {value.bit_length():,} bits")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return number_from_text(text, "payoff")
        except InputError:
            too_big = number_size_error(text)
        if too_big is not None:
            raise fail(field, f"expected an exact number within the limits: {too_big}")
        if NUMBER_TEXT.fullmatch(text):
            raise fail(field, f"expected a nonzero denominator, found {json.dumps(shorten(value))}")
        shown = json.dumps(shorten(value), ensure_ascii=False)
        raise fail(field, f'expected an exact number such as "7", "-3/4" or "0.25", found the string {shown}')
    raise fail(
        field,
        f'expected an exact number (a JSON integer or a string such as "-3/4"), found {_type_name(value)}',
    )


# ------------------------------------------------------------ JSON line lookup

_WS = re.compile(r"[ \t\n\r]*")
_RAW = json.JSONDecoder(parse_float=str, parse_constant=str)


def _json_line(text: str, field: Field) -> int | None:
    """Line of the value at ``field`` in valid JSON ``text`` (the deepest one found)."""
    try:
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        for part in field:
            found = _child(text, pos, part)
            if found is None:
                break
            pos = found
        return text.count("\n", 0, pos) + 1
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - defensive
        return None


def _child(text: str, pos: int, part: object) -> int | None:
    """Start of member ``part`` (key or index) of the container at ``pos``; last duplicate wins."""
    opener = text[pos]
    if opener == "{" and isinstance(part, str):
        closer = "}"
    elif opener == "[" and isinstance(part, int):
        closer = "]"
    else:
        return None
    found = None
    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    index = 0
    if text[pos] == closer:
        return None
    while True:
        if closer == "}":
            # scanstring is json's own string scanner; typeshed does not declare it
            key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]  # skip ':'
            if key == part:
                found = pos
        elif index == part:
            return pos
        _, pos = _RAW.raw_decode(text, pos)
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos] == closer:
            return found
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]  # skip ','
        index += 1
