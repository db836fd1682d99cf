"""Hostile and careless inputs, each as a command line on files written for it.

One table serves the tests (``tests/test_hostile_inputs.py``: every case gives the exit status
and the one stderr line it should, and leaves no trace) and the benchmark that times them
(``benchmarks/bench_hostile.py``).  In ``argv`` and in file contents, ``{dir}`` stands for the
directory the case's files are written to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

#: A marker file that injected code would create.
PWNED = "{dir}/pwned"


@dataclass(frozen=True)
class Case:
    """``exactrose ARGV`` on ``files`` should exit with ``status``, printing nothing on stderr
    (status 0) or exactly one line that contains ``says`` (status 2)."""

    id: str
    argv: tuple[str, ...]
    status: int
    says: str = ""
    files: dict[str, str | bytes] = field(default_factory=dict)


def write_case(case: Case, directory: Path) -> list[str]:
    """Write the case's files into ``directory``; its command line there."""
    for name, content in case.files.items():
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content.replace("{dir}", str(directory)), encoding="utf-8")
    return [arg.replace("{dir}", str(directory)) for arg in case.argv]


def _json_game(payoffs: list, players: tuple[str, str] = ("Alice", "Bob"), title: str = "hostile") -> str:
    return json.dumps({"format": "exactrose-game", "version": 1, "title": title, "players": list(players),
                       "payoffs": payoffs})


def _parametric(payoff: str) -> dict[str, str]:
    """A 2x2 parametric game (parameters t and s) with one hostile payoff."""
    return {"game.json": _json_game([[["1", payoff], ["0", "t"]], [["1", "0"], ["s", "1"]]])}


_INJECTION = "__import__('os').system('touch {dir}/pwned') + t"
_DIGITS_5001 = "7" * 5001
_NFG_PD = 'NFG 1 R "PD" { "1" "2" } { 2 2 }\n3 3 5 0 0 5 1 1\n'

CASES: tuple[Case, ...] = (
    # --- code execution through parametric payoffs (one parameter, and the grid)
    Case("injection, one --param", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "unknown name '__import__'",
         _parametric(_INJECTION)),
    Case("injection, a grid", ("solve", "{dir}/game.json", "--param", "t=0..1", "--param", "s=0..1"), 2,
         "unknown name '__import__'", _parametric(_INJECTION)),
    Case("exit(7) as a payoff", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "unknown name 'exit'",
         _parametric("exit(7) + t")),
    Case("attribute access", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "payoffs[0][0][1]",
         _parametric("t.__class__")),
    # --- tiny inputs that used to hang or exhaust memory
    Case("9**9**9**9 + t", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "write '^' for a power", _parametric("9**9**9**9 + t")),
    Case("9^9^9 + t", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "payoffs[0][0][1]", _parametric("9^9^9 + t")),
    Case("t^1000000", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "payoffs[0][0][1]", _parametric("t^1000000")),
    Case("200 000-term payoff", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "payoffs[0][0][1]",
         _parametric("t+" * 200_000 + "t")),
    Case("100 000 nested parentheses", ("solve", "{dir}/game.json", "--param", "t=0..1"), 2, "payoffs[0][0][1]",
         _parametric("(" * 100_000 + "t" + ")" * 100_000)),
    Case("1e999999999 as a bargaining point", ("bargain", "{dir}/b.json"), 2, "exponent",
         {"b.json": json.dumps({"points": [["0", "0"], ["1e999999999", "1"]], "disagreement": ["0", "0"]})}),
    Case("1e999999999 in --disagreement", ("bargain", "{dir}/pd.nfg", "--disagreement=1e999999999,0"), 2,
         "--disagreement", {"pd.nfg": _NFG_PD}),
    Case("1e999999999 in a --param bound", ("solve", "{dir}/game.json", "--param", "t=0..1e999999999"), 2,
         "--param t", _parametric("t")),
    Case("a 50-byte .nfg declaring 10^9 x 10^9 actions", ("solve", "{dir}/big.nfg"), 2, "at most 2,000,000",
         {"big.nfg": 'NFG 1 R "" { "a" "b" } { 1000000000 1000000000 }\n1 2\n'}),
    Case("counts of 1000 x 1000 with 8 payoffs", ("solve", "{dir}/short.nfg"), 2, "expected 2000000 payoffs",
         {"short.nfg": 'NFG 1 R "" { "a" "b" } { 1000 1000 }\n1 2 3 4 5 6 7 8\n'}),
    Case("a family of 1000000x2 games", ("prove", "4.1", "--family", "1000000x2:0..1:random=1", "--no-progress"), 2,
         "at most 2,000,000"),
    Case("a family of 10^12 random games", ("prove", "4.1", "--family", "2x2:0..1:random=10000000000000",
                                            "--no-progress"), 2, "random="),
    # --- numbers beyond Python's 4300-digit limit, and beyond ours
    Case("1e9999 as a payoff", ("solve", "{dir}/g.json"), 2, "exponent", {"g.json": _json_game([[["1e9999"]], [["0"]]])}),
    Case("a 5001-digit JSON integer", ("solve", "{dir}/g.json"), 2, "at most 1000 digits",
         {"g.json": _json_game([[[0]], [[0]]]).replace("[[0]], [[0]]", f"[[{_DIGITS_5001}]], [[0]]")}),
    Case("a 5001-digit string payoff", ("solve", "{dir}/g.json"), 2, "at most 1000 digits",
         {"g.json": _json_game([[[_DIGITS_5001]], [["0"]]])}),
    Case("a 5001-digit .nfg payoff", ("solve", "{dir}/g.nfg"), 2, "at most 1000 digits",
         {"g.nfg": f'NFG 1 R "" {{ "a" "b" }} {{ 1 1 }}\n{_DIGITS_5001} 0\n'}),
    Case("a 1000-digit payoff prints exactly", ("solve", "{dir}/g.json", "--json"), 0, "",
         {"g.json": _json_game([[["9" * 1000, "0"]], [["0", "1"]]])}),
    Case("a 5001-digit --steps", ("solve", "{dir}/game.json", "--param", "t=0..1", "--param", "s=0..1",
                                  "--steps", _DIGITS_5001), 2, "--steps", _parametric("t")),
    Case("--steps 1000 on two parameters", ("solve", "{dir}/game.json", "--param", "t=0..1", "--param", "s=0..1",
                                            "--steps", "1000"), 2, "more than 100,000 grid points", _parametric("t")),
    Case("--grid 1000 on three players", ("equilibria", "{dir}/g.nfg", "--grid", "1000"), 2,
         "more than 100,000 weight vectors", {"g.nfg": 'NFG 1 R "" { "a" "b" "c" } { 2 2 2 }\n' + "1 0 0 " * 8}),
    # --- stores and schedulers
    Case("--store is a text file", ("prove", "4.1", "--family", "2x2:0..1", "--store", "{dir}/notes.txt",
                                    "--no-progress"), 2, "notes.txt", {"notes.txt": "my notes\n" * 100}),
    Case("--store is a directory", ("prove", "4.1", "--family", "2x2:0..1", "--store", "{dir}",
                                    "--no-progress"), 2, "{dir}"),
    Case("--store is a truncated database", ("prove", "4.1", "--family", "2x2:0..1", "--store", "{dir}/s.sqlite",
                                             "--no-progress"), 2, "s.sqlite",
         {"s.sqlite": b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\x00" * 40}),
    Case("an unreachable dask scheduler", ("prove", "4.1", "--family", "2x2:0..1", "--backend", "dask",
                                           "--scheduler", "tcp://127.0.0.1:9", "--no-progress"), 2,
         "scheduler 'tcp://127.0.0.1:9': could not connect within 5 s"),
    Case("a malformed dask scheduler", ("prove", "4.1", "--family", "2x2:0..1", "--backend", "dask",
                                        "--scheduler", "no such thing", "--no-progress"), 2,
         "scheduler 'no such thing'"),
    Case("--workers 10^6", ("prove", "4.1", "--family", "2x2:0..1", "--workers", "1000000", "--no-progress"), 2,
         "workers"),
    Case("solve --workers 10^6", ("solve", "{dir}/pd.nfg", "--workers", "1000000"), 2, "workers", {"pd.nfg": _NFG_PD}),
    Case("solve on an unreachable dask scheduler", ("solve", "{dir}/pd.nfg", "--backend", "dask", "--scheduler",
                                                    "tcp://127.0.0.1:9"), 2, "could not connect", {"pd.nfg": _NFG_PD}),
    # --- output that could be abused
    Case("ANSI escapes in names", ("solve", "{dir}/g.json"), 0, "",
         {"g.json": _json_game([[["1", "0"], ["0", "1"]], [["1", "0"], ["0", "1"]]],
                               ("\x1b[2J\x1b[31mAlice", "Bob\u202e"), "\x1b]0;owned\x07title")}),
    Case("TeX in names, --closed-form --latex", ("solve", "{dir}/g.json", "--closed-form", "--latex"), 0, "",
         {"g.json": _json_game([[["1", "0"], ["0", "1"]], [["1", "0"], ["0", "1"]]],
                               ("}\\input{/etc/passwd}", "$\\undefinedcmd$"))}),
    Case("a mathtext name, --plot", ("solve", "{dir}/g.json", "--plot", "{dir}/out.png"), 0, "",
         {"g.json": _json_game([[["1", "0"], ["0", "1"]], [["1", "0"], ["0", "1"]]], ("$\\undefinedcmd$", "Bob"))}),
    Case("--plot x.pdf", ("solve", "{dir}/pd.nfg", "--plot", "{dir}/x.pdf"), 0, "", {"pd.nfg": _NFG_PD}),
    Case("--plot x.gif", ("solve", "{dir}/pd.nfg", "--plot", "{dir}/x.gif"), 2, ".png, .pdf or .svg",
         {"pd.nfg": _NFG_PD}),
    Case("the catalogue's --json", ("--json",), 0, ""),
)
