"""SQLite store of sweep results: one row per (claim, family, game index), committed as it comes.

The database runs in WAL mode and the verdicts of one game are one transaction
(:meth:`ResultStore.put`), so a sweep killed at any moment (even by ``kill -9``) keeps every
game it reported and loses at most the games that were being checked.  Rows are inserted,
never replaced: checking a game twice for the same claim and family is an error, which is how
a resumed sweep proves it skipped what was done.

Columns: ``claim`` (claim id), ``family`` (normalised family spec), ``idx`` (game index in the
family), ``holds`` (1, 0 or NULL for undecided), ``evidence`` (JSON object), ``game`` (the
game's JSON object, :func:`exactrose.input.formats.game_to_json`) and ``checksum``
(:func:`row_checksum`).

A store is a file from anyone, so it is checked before it is trusted.  The file carries
SQLite's application id :data:`APPLICATION_ID` and the layout version :data:`VERSION`
(``PRAGMA user_version``); a file with another id, version or table layout is refused, and
never written to.  Every row read back (:meth:`ResultStore.results`) is checked against its
checksum, so a corrupted or hand-edited row is refused, naming its claim, family and index.
The checksum detects damage, not forgery (anyone can recompute it): a resumed sweep also
compares each stored game with the game regenerated from the family.  Every SQLite error (a
directory, a text file, a truncated database, a read-only path, a store locked for longer
than :data:`~exactrose.limits.STORE_BUSY_TIMEOUT`) is an
:class:`~exactrose.errors.InputError` naming the path.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from exactrose.errors import InputError
from exactrose.exact.numbers import shorten
from exactrose.input.formats import game_to_json
from exactrose.limits import MAX_STORE_VALUE_BYTES, STORE_BUSY_TIMEOUT
from exactrose.model.game import Game

#: ``PRAGMA application_id`` of an exactrose results store ("EXRS").
APPLICATION_ID = 0x45585253
#: ``PRAGMA user_version`` of the current layout.  Version 1 is the first layout with
#: checksums; stores written before it (no application id, no checksums) are refused.
VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    claim    TEXT    NOT NULL,
    family   TEXT    NOT NULL,
    idx      INTEGER NOT NULL,
    holds    INTEGER CHECK (holds IN (0, 1)),
    evidence TEXT    NOT NULL,
    game     TEXT    NOT NULL,
    checksum TEXT    NOT NULL,
    PRIMARY KEY (claim, family, idx)
) WITHOUT ROWID
"""
#: The columns of the layout before checksums (no application id, no version).
OLDER_COLUMNS = ("claim", "family", "idx", "holds", "evidence", "game")


class GameList(Protocol):
    """The games of a family by index (a list, or a :class:`~proofs.families.Family`)."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Game: ...


@dataclass(frozen=True)
class StoredResult:
    """One stored verdict; ``evidence`` and ``game`` are decoded JSON objects."""

    claim: str
    family: str
    index: int
    holds: bool | None
    evidence: dict
    game: dict


def row_checksum(claim: str, family: str, index: int, holds: int | None, evidence: str, game: str) -> str:
    """SHA-256 (hex) of a row: its fields as stored, as one JSON array in ASCII."""
    text = json.dumps([claim, family, index, holds, evidence, game], separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


class ResultStore:
    """The results database at ``path`` (created if missing or empty).  Use as a context manager."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        if os.path.exists(self.path) and not os.path.isfile(self.path):
            kind = "a directory" if os.path.isdir(self.path) else "not a regular file"
            raise InputError(f"store {self.path!r}: {kind}; expected an exactrose results store or a new file")
        try:
            self._db = sqlite3.connect(self.path, timeout=STORE_BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as error:
            raise self._error(error, opening=True) from None
        try:
            self._db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_STORE_VALUE_BYTES)
            self._open()
        except sqlite3.Error as error:
            self._db.close()
            raise self._error(error, opening=True) from None
        except BaseException:
            self._db.close()
            raise

    def _open(self) -> None:
        """Check the layout (or create it in an empty file), then switch to WAL."""
        db = self._db
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        objects = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        if application_id == 0 and version == 0 and not objects:
            db.execute("BEGIN IMMEDIATE")
            db.execute(SCHEMA)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {VERSION}")
            db.execute("COMMIT")
        else:
            self._check_layout(application_id, version, objects)
        db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a committed transaction survives the process being killed (the OS
        # keeps the written WAL); only a power loss may drop the last commits.
        db.execute("PRAGMA synchronous=NORMAL")

    def _check_layout(self, application_id: int, version: int, objects: list[tuple[str, str, str | None]]) -> None:
        """Accept the current layout exactly: the one table as created, no index, view or trigger
        (a trigger would run a stranger's SQL on every insert)."""
        if application_id == APPLICATION_ID and version == VERSION and objects == _layout():
            return
        found = [f"{kind} {shorten(str(name))!r}" for kind, name, _ in objects]
        expected = f"expected an exactrose results store of layout version {VERSION}, or a new file"
        if application_id == APPLICATION_ID and version != VERSION:
            found_text = f"an exactrose results store of layout version {version}"
            advice = "use the exactrose that wrote it, or pass another --store"
        elif application_id == APPLICATION_ID:
            found_text = f"an exactrose results store whose layout was altered ({_listed(found)})"
            advice = "pass another --store"
        elif application_id == 0 and [kind for kind, _, _ in objects] == ["table"] and self._older():
            found_text = "an exactrose results store of an older layout, without checksums"
            advice = "its rows cannot be verified: pass another --store (a new file) and sweep again"
        else:
            found_text = f"not an exactrose results store (application id {application_id:#x}; {_listed(found)})"
            advice = "pass another --store (a new file)"
        raise InputError(f"store {self.path!r}: {found_text}; {expected}; {advice}")

    def _older(self) -> bool:
        """Whether the one table is ``results`` with the columns of the layout before checksums."""
        columns = tuple(name for _, name, *_ in self._db.execute("PRAGMA table_info(results)"))
        return columns == OLDER_COLUMNS

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, family: str, index: int, game: str, verdicts: Iterable[tuple[str, bool | None, str]]) -> None:
        """Insert the verdicts ``(claim, holds, evidence JSON text)`` of game ``index`` (its JSON
        text ``game``) as one transaction: all of them or, if anything fails, none."""
        rows = []
        for claim, holds, evidence in verdicts:
            stored_holds = None if holds is None else int(bool(holds))
            rows.append((claim, family, int(index), stored_holds, evidence, game,
                         row_checksum(claim, family, int(index), stored_holds, evidence, game)))
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT INTO results (claim, family, idx, holds, evidence, game, checksum) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise self._error(error) from None
        finally:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def clear(self, claim: str, family: str) -> int:
        """Delete the results of ``claim`` on ``family``; returns how many rows went."""
        return self._query("DELETE FROM results WHERE claim = ? AND family = ?", (claim, family)).rowcount

    def done(self, claim: str, family: str) -> set[int]:
        """Indices already stored for ``claim`` on ``family`` (not verified: see :meth:`results`)."""
        return {index for (index,) in self._fetch("SELECT idx FROM results WHERE claim = ? AND family = ?",
                                                  (claim, family))}

    def count(self, claim: str | None = None, family: str | None = None) -> int:
        """Number of stored rows (optionally of one claim and/or family)."""
        where, args = _where(claim, family)
        return self._fetch(f"SELECT COUNT(*) FROM results{where}", args)[0][0]

    def results(self, claim: str, family: str, games: GameList | None = None) -> Iterator[StoredResult]:
        """Every stored result of ``claim`` on ``family``, in index order, each checked against
        its checksum and, given the family's ``games``, against the game regenerated from its
        index.  An :class:`InputError` names the first row that fails."""
        rows = self._query("SELECT idx, holds, evidence, game, checksum FROM results "
                           "WHERE claim = ? AND family = ? ORDER BY idx", (claim, family))
        while True:
            try:
                row = rows.fetchone()
            except sqlite3.Error as error:
                raise self._error(error) from None
            if row is None:
                return
            yield self._verified(claim, family, games, *row)

    def _verified(self, claim: str, family: str, games: GameList | None, index: object, holds: object,
                  evidence: object, game: object, checksum: object) -> StoredResult:
        where = f"store {self.path!r}: claim {claim!r}, family {family!r}, index {shorten(repr(index))}"
        again = "sweep again without --resume (which clears this claim's rows)"
        if (type(index) is not int or not (holds is None or (type(holds) is int and holds in (0, 1)))
                or not isinstance(evidence, str) or not isinstance(game, str) or not isinstance(checksum, str)):
            raise InputError(f"{where}: a value of the wrong type: the row was edited; {again}")
        if checksum != row_checksum(claim, family, index, holds, evidence, game):
            raise InputError(f"{where}: checksum mismatch: the row was corrupted or edited; {again}")
        decoded = []
        for name, text in (("evidence", evidence), ("game", game)):
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):
                value = None
            if not isinstance(value, dict):
                raise InputError(f"{where}: {name}: expected a JSON object; {again}")
            decoded.append(value)
        if games is not None:
            if not 0 <= index < len(games):
                raise InputError(f"{where}: the family has {len(games)} games, no game {index}; {again}")
            if decoded[1] != game_to_json(games[index]):
                raise InputError(f"{where}: the stored game is not game {index} of the family; {again}")
        return StoredResult(claim, family, index, None if holds is None else bool(holds), *decoded)

    def _query(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _fetch(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Every row of a query (SQLite errors while reading them too as :meth:`_error`)."""
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _error(self, error: sqlite3.Error, *, opening: bool = False) -> InputError:
        """A SQLite error as one line naming the store."""
        reason = " ".join(str(error).split()) or type(error).__name__
        if "too big" in reason:
            reason += f" (a stored value may have at most {MAX_STORE_VALUE_BYTES:,} bytes)"
        if opening:
            reason += "; expected an exactrose results store, or a new file in a writable directory"
        return InputError(f"store {self.path!r}: {reason}")


@functools.cache
def _layout() -> list[tuple[str, str, str]]:
    """``(type, name, sql)`` of every schema object of a new store, as SQLite records them."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(SCHEMA)
        return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        db.close()


def _listed(items: list[str]) -> str:
    """The first few items, and how many in all (a stranger's file may hold thousands)."""
    shown = ", ".join(items[:5])
    return (f"{shown}, ... ({len(items)} in all)" if len(items) > 5 else shown) or "empty"


def _where(claim: str | None, family: str | None) -> tuple[str, tuple]:
    clauses, args = [], []
    if claim is not None:
        clauses.append("claim = ?")
        args.append(claim)
    if family is not None:
        clauses.append("family = ?")
        args.append(family)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)
