"""The results store meets files from strangers: every bad store is one InputError naming it."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from exactrose.cli import main
from exactrose.errors import InputError
from exactrose.input.formats import game_to_json

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # workers import the test claims as tests.sweep_claims
    sys.path.insert(0, str(ROOT))

from proofs.families import parse_family  # noqa: E402
from proofs.store import APPLICATION_ID, VERSION, ResultStore, row_checksum  # noqa: E402
from proofs.sweep import run_sweep  # noqa: E402

MODULES = ("tests.sweep_claims",)
SPEC = "2x2:0..1"
OLD_LAYOUT = """CREATE TABLE results (claim TEXT NOT NULL, family TEXT NOT NULL, idx INTEGER NOT NULL,
    holds INTEGER CHECK (holds IN (0, 1)), evidence TEXT NOT NULL, game TEXT NOT NULL,
    PRIMARY KEY (claim, family, idx)) WITHOUT ROWID"""


def swept(path: Path) -> Path:
    """``path`` holding a finished sweep of test-u1-even on 2x2:0..1 (43 games)."""
    run_sweep("test-u1-even", SPEC, store_path=str(path), progress=False, extra_modules=MODULES)
    return path


def sql(path: Path, *statements: str, args: tuple = ()) -> None:
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement, args)
    db.close()


def resume(path: Path) -> None:
    run_sweep("test-u1-even", SPEC, store_path=str(path), resume=True, progress=False, extra_modules=MODULES)


# ---------------------------------------------------------------------- layout
def test_a_new_store_records_its_layout_and_a_checksum_per_row(tmp_path):
    path = swept(tmp_path / "s.sqlite")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        rows = db.execute("SELECT claim, family, idx, holds, evidence, game, checksum FROM results").fetchall()
    db.close()
    assert len(rows) == 43
    assert all(checksum == row_checksum(*fields) for *fields, checksum in rows)
    with ResultStore(path) as store:
        stored = list(store.results("test-u1-even", SPEC, parse_family(SPEC)))
    assert [row.index for row in stored] == list(range(43))
    assert stored[5].game == game_to_json(parse_family(SPEC)[5])


def test_the_verdicts_of_a_game_are_stored_once(tmp_path):
    with ResultStore(tmp_path / "s.sqlite") as store:
        store.put(SPEC, 3, "{}", [("a", True, "{}"), ("b", None, "{}")])
        with pytest.raises(InputError, match="UNIQUE"):
            store.put(SPEC, 3, "{}", [("c", False, "{}"), ("a", True, "{}")])
        assert store.count() == 2 and store.done("c", SPEC) == set()  # the second game rolled back whole


# ------------------------------------------------------------------ bad stores
def directory(tmp_path: Path) -> Path:
    (tmp_path / "dir.sqlite").mkdir()
    return tmp_path / "dir.sqlite"


def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 200)
    return path


def truncated(tmp_path: Path) -> Path:
    path = swept(tmp_path / "t.sqlite")
    sql(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def other_database(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    sql(path, "CREATE TABLE people (name TEXT)", 'CREATE TABLE "two\nlines" (x)')
    return path


def older_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    sql(path, OLD_LAYOUT)
    sql(path, "INSERT INTO results VALUES ('test-u1-even', ?, 0, 1, '{}', '{}')", args=(SPEC,))
    return path


def newer_store(tmp_path: Path) -> Path:
    path = swept(tmp_path / "new.sqlite")
    sql(path, f"PRAGMA user_version = {VERSION + 1}")
    return path


def altered_table(tmp_path: Path) -> Path:
    path = swept(tmp_path / "altered.sqlite")
    sql(path, "ALTER TABLE results ADD COLUMN note TEXT")
    return path


def with_trigger(tmp_path: Path) -> Path:
    path = swept(tmp_path / "trigger.sqlite")
    sql(path, "CREATE TRIGGER busy AFTER INSERT ON results BEGIN DELETE FROM results; END")
    return path


def under_a_file(tmp_path: Path) -> Path:
    return text_file(tmp_path) / "s.sqlite"  # no directory can be made there, even by root


def fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "pipe")
    return tmp_path / "pipe"


BAD_STORES = [
    (directory, "a directory"),
    (text_file, "file is not a database"),
    (truncated, "malformed"),
    (other_database, r"not an exactrose results store \(application id 0x0; table .people., table .two\\nlines.\)"),
    (older_store, "older layout, without checksums"),
    (newer_store, f"layout version {VERSION + 1}; expected an exactrose results store of layout version {VERSION}"),
    (altered_table, "layout was altered"),
    (with_trigger, r"layout was altered \(table 'results', trigger 'busy'\)"),
    (under_a_file, "unable to open database file"),
    (fifo, "not a regular file"),
]


@pytest.mark.parametrize(("make", "reason"), BAD_STORES, ids=[make.__name__ for make, _ in BAD_STORES])
def test_a_bad_store_is_refused_by_name_and_left_alone(make, reason, tmp_path):
    path = make(tmp_path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(InputError, match=reason) as caught:
        resume(path)
    message = str(caught.value)
    assert message.startswith(f"store {str(path)!r}: ") and "\n" not in message
    if before is not None:
        assert path.read_bytes() == before  # nothing was written to a file refused


@pytest.mark.parametrize(("make", "reason"), BAD_STORES[:4], ids=[make.__name__ for make, _ in BAD_STORES[:4]])
def test_the_cli_reports_a_bad_store_in_one_line_with_status_2(make, reason, tmp_path, capsys):
    path = make(tmp_path)
    assert main(["prove", "payoff-dominance", "--family", SPEC, "--store", str(path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith(f"exactrose: error: store {str(path)!r}: ")


# --------------------------------------------------------------- rows checked
def edit(path: Path, assignment: str, index: int = 7, args: tuple = ()) -> None:
    sql(path, f"UPDATE results SET {assignment} WHERE idx = {index}", args=args)


def forge(path: Path, index: int, *, evidence: str | None = None, game: str | None = None,
          new_index: int | None = None) -> None:
    """Rewrite row ``index`` with new evidence, game and/or index, and a checksum that fits them."""
    with sqlite3.connect(path) as db:
        claim, family, holds, old_evidence, old_game = db.execute(
            "SELECT claim, family, holds, evidence, game FROM results WHERE idx = ?", (index,)).fetchone()
        evidence, game = evidence or old_evidence, game or old_game
        new_index = index if new_index is None else new_index
        checksum = row_checksum(claim, family, new_index, holds, evidence, game)
        db.execute("UPDATE results SET idx = ?, evidence = ?, game = ?, checksum = ? WHERE idx = ?",
                   (new_index, evidence, game, checksum, index))
    db.close()


def game_text(index: int) -> str:
    return json.dumps(game_to_json(parse_family(SPEC)[index]))


ROW_EDITS = [
    (lambda p: edit(p, "holds = 1 - holds"), "checksum mismatch"),
    (lambda p: edit(p, "evidence = ?", args=('{"sum_u1": "2"}',)), "checksum mismatch"),
    (lambda p: edit(p, "game = replace(game, '\"0\"', '\"1\"')"), "checksum mismatch"),
    (lambda p: edit(p, "checksum = upper(checksum)"), "checksum mismatch"),
    (lambda p: edit(p, "idx = 'seven'"), "wrong type"),
    (lambda p: sql(p, "PRAGMA ignore_check_constraints = ON", "UPDATE results SET holds = 5 WHERE idx = 7"),
     "wrong type"),
    (lambda p: forge(p, 7, evidence="[" * 100_000), "evidence: expected a JSON object"),
    (lambda p: forge(p, 7, game=game_text(8)), "not game 7 of the family"),
    (lambda p: forge(p, 7, new_index=99), "the family has 43 games, no game 99"),
]


@pytest.mark.parametrize(("alter", "reason"), ROW_EDITS)
def test_resume_refuses_an_edited_row_naming_claim_family_and_index(alter, reason, tmp_path):
    path = swept(tmp_path / "s.sqlite")
    alter(path)
    with pytest.raises(InputError, match=reason) as caught:
        resume(path)
    message = str(caught.value)
    assert message.startswith(f"store {str(path)!r}: claim 'test-u1-even', family '{SPEC}', index ")
    assert "\n" not in message and "without --resume" in message
    run_sweep("test-u1-even", SPEC, store_path=str(path), progress=False, extra_modules=MODULES)  # the advice works
    resume(path)


def test_a_value_beyond_the_store_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("proofs.store.MAX_STORE_VALUE_BYTES", 1000)
    path = swept(tmp_path / "s.sqlite")
    forge(path, 3, evidence=json.dumps({"pad": "x" * 2000}))
    with pytest.raises(InputError, match="too big"):
        resume(path)
