"""Every hostile input of issue 17's report, so that none of them comes back: each gives a clear
one-line refusal and exit status 2, or a correct result, and none runs code.

The table is :mod:`hostile` (shared with ``benchmarks/bench_hostile.py``, which times the cases);
the stores are built here because they need a real sweep first.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hostile import CASES, PWNED, Case, write_case

from exactrose.cli import main


def _output_checks(case: Case, directory: Path, out: str) -> None:
    """What a case that succeeds must show."""
    if case.id == "ANSI escapes in names":
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
        assert "\\x1b[31mAlice" in out and "Bob\\u202e" in out
    elif case.id.startswith("TeX in names"):
        assert "\\input{" not in out and "$\\undefinedcmd$" not in out
        assert "\\textbackslash{}input" in out
    elif case.id == "a mathtext name, --plot":
        assert (directory / "out.png").read_bytes().startswith(b"\x89PNG")
    elif case.id == "--plot x.pdf":
        assert (directory / "x.pdf").read_bytes().startswith(b"%PDF")
    elif case.id == "a 1000-digit payoff prints exactly":
        assert json.loads(out)["values"]["rose"] == ["9" * 999 + "8", "1"]
    elif case.id == "the catalogue's --json":
        assert {entry["key"] for entry in json.loads(out)} >= {"toy", "bread"}


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id, marks=[pytest.mark.slow] * ("unreachable" in case.id))
                                  for case in CASES])
def test_hostile_input(case, tmp_path, capsys):
    argv = write_case(case, tmp_path)
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == case.status, err
    if status == 0:
        assert err == ""
        _output_checks(case, tmp_path, out)
    else:
        assert err.count("\n") == 1 and err.startswith("exactrose: error: "), err
        assert case.says.replace("{dir}", str(tmp_path)) in err
        assert "Traceback" not in err
    assert not Path(PWNED.replace("{dir}", str(tmp_path))).exists()


@pytest.fixture
def sweep_store(tmp_path, capsys) -> Path:
    """A store holding a finished sweep of claim 4.1 on every 2x2 game with payoffs in {0, 1}."""
    store = tmp_path / "sweep.sqlite"
    assert main(["prove", "4.1", "--family", "2x2:0..1", "--store", str(store), "--no-progress"]) == 0
    capsys.readouterr()
    return store


def _resume(store: Path, capsys) -> tuple[int, str]:
    status = main(["prove", "4.1", "--family", "2x2:0..1", "--store", str(store), "--resume", "--no-progress"])
    return status, capsys.readouterr().err


def test_a_hand_edited_store_row_is_refused_on_resume(sweep_store, capsys):
    with sqlite3.connect(sweep_store) as db:
        db.execute("UPDATE results SET holds = 1 - holds WHERE idx = 3")
    status, err = _resume(sweep_store, capsys)
    assert status == 2 and err.count("\n") == 1
    assert "sweep.sqlite" in err and "checksum" in err


def test_a_store_with_another_schema_is_refused_on_resume(tmp_path, capsys):
    store = tmp_path / "old.sqlite"
    with sqlite3.connect(store) as db:
        db.execute("CREATE TABLE results (claim TEXT, family TEXT, idx INTEGER, holds INTEGER, evidence TEXT, "
                   "game TEXT, PRIMARY KEY (claim, family, idx)) WITHOUT ROWID")
        db.execute("INSERT INTO results VALUES ('4.1', '2x2:0..1', 0, 1, '{}', '{}')")
    status, err = _resume(store, capsys)
    assert status == 2 and err.count("\n") == 1 and "old.sqlite" in err
