"""SQLite store of sweep results: one row per (claim, family, game index), committed as it comes.

The database runs in WAL mode and every :meth:`ResultStore.put` is its own transaction, so a
sweep killed at any moment (even by ``kill -9``) keeps every result it reported and loses at
most the games that were being checked.  Rows are inserted, never replaced: checking a game
twice for the same claim and family is an error (:class:`sqlite3.IntegrityError`), which is
how a resumed sweep proves it skipped what was done.

Columns: ``claim`` (claim id), ``family`` (normalised family spec), ``idx`` (game index in the
family), ``holds`` (1, 0 or NULL for undecided), ``evidence`` (JSON object), ``game`` (the
game's JSON object, :func:`exactrose.formats.game_to_json`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    claim    TEXT    NOT NULL,
    family   TEXT    NOT NULL,
    idx      INTEGER NOT NULL,
    holds    INTEGER CHECK (holds IN (0, 1)),
    evidence TEXT    NOT NULL,
    game     TEXT    NOT NULL,
    PRIMARY KEY (claim, family, idx)
) WITHOUT ROWID
"""


@dataclass(frozen=True)
class StoredResult:
    """One stored verdict; ``evidence`` and ``game`` are decoded JSON objects."""

    claim: str
    family: str
    index: int
    holds: bool | None
    evidence: dict
    game: dict


class ResultStore:
    """The results database at ``path`` (created if missing).  Use as a context manager."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a committed transaction survives the process being killed (the OS
        # keeps the written WAL); only a power loss may drop the last commits.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, claim: str, family: str, index: int, holds: bool | None, evidence: object,
            game: object) -> None:
        """Insert one result and commit it.  ``evidence`` and ``game`` are JSON objects or JSON text."""
        self._db.execute(
            "INSERT INTO results (claim, family, idx, holds, evidence, game) VALUES (?, ?, ?, ?, ?, ?)",
            (claim, family, int(index), None if holds is None else int(bool(holds)), _text(evidence), _text(game)),
        )

    def clear(self, claim: str, family: str) -> int:
        """Delete the results of ``claim`` on ``family``; returns how many rows went."""
        return self._db.execute("DELETE FROM results WHERE claim = ? AND family = ?", (claim, family)).rowcount

    def done(self, claim: str, family: str) -> set[int]:
        """Indices already stored for ``claim`` on ``family``."""
        rows = self._db.execute("SELECT idx FROM results WHERE claim = ? AND family = ?", (claim, family))
        return {index for (index,) in rows}

    def count(self, claim: str | None = None, family: str | None = None) -> int:
        """Number of stored rows (optionally of one claim and/or family)."""
        where, args = _where(claim, family)
        return self._db.execute(f"SELECT COUNT(*) FROM results{where}", args).fetchone()[0]

    def results(self, claim: str, family: str) -> list[StoredResult]:
        """Every stored result of ``claim`` on ``family``, in index order."""
        rows = self._db.execute(
            "SELECT idx, holds, evidence, game FROM results WHERE claim = ? AND family = ? ORDER BY idx",
            (claim, family),
        )
        return [
            StoredResult(claim, family, index, None if holds is None else bool(holds), json.loads(ev), json.loads(game))
            for index, holds, ev, game in rows
        ]

    def verdicts(self, claim: str, family: str) -> dict[int, tuple[bool | None, dict]]:
        """``index -> (holds, evidence)`` for ``claim`` on ``family`` (without the games)."""
        rows = self._db.execute(
            "SELECT idx, holds, evidence FROM results WHERE claim = ? AND family = ? ORDER BY idx", (claim, family)
        )
        return {index: (None if holds is None else bool(holds), json.loads(ev)) for index, holds, ev in rows}


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _where(claim: str | None, family: str | None) -> tuple[str, tuple]:
    clauses, args = [], []
    if claim is not None:
        clauses.append("claim = ?")
        args.append(claim)
    if family is not None:
        clauses.append("family = ?")
        args.append(family)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)
