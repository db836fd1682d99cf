"""Hostile inputs, timed: each case of ``tests/hostile.py`` run as a real command, with its exit
status, wall-clock seconds, peak memory and the line it printed on stderr; then Ctrl-C during a
long ``solve`` and during a sweep on a process pool.

The baseline, run in the same way, is ``exactrose solve`` on the prisoner's dilemma (the cost
of starting the command).  Run:

    PYTHONPATH=. python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile import CASES, write_case  # noqa: E402

from exactrose.input.formats import write_game  # noqa: E402
from exactrose.model.game import Game  # noqa: E402


def run(argv: list[str], directory: Path, interrupt_after: float | None = None) -> tuple[int, float, float, str]:
    """Exit status, seconds, peak resident MB and the stderr text of ``exactrose ARGV``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "exactrose", *argv], cwd=directory, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        process.send_signal(signal.SIGINT)
    err = process.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return code, seconds, usage.ru_maxrss / 1024, err


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as base:
        baseline_dir = Path(base, "baseline")
        baseline_dir.mkdir()
        (baseline_dir / "pd.nfg").write_text('NFG 1 R "PD" { "1" "2" } { 2 2 }\n3 3 5 0 0 5 1 1\n')
        _, baseline, baseline_mb, _ = run(["solve", "pd.nfg"], baseline_dir)
        rows.append(("baseline: solve the prisoner's dilemma", 0, baseline, baseline_mb, ""))
        for k, case in enumerate(CASES):
            directory = Path(base, str(k))
            directory.mkdir()
            code, seconds, mb, err = run(write_case(case, directory), directory)
            rows.append((case.id, code, seconds, mb, err.strip().splitlines()[-1] if err.strip() else ""))
        long_dir = Path(base, "long")
        long_dir.mkdir()
        rng = random.Random(5)
        write_game(Game.from_function((4, 4, 4), lambda p: [rng.randint(-9, 9) for _ in range(3)]), long_dir / "g.nfg")
        code, seconds, mb, err = run(["solve", "g.nfg"], long_dir, interrupt_after=5)
        rows.append(("Ctrl-C after 5 s of a 4x4x4 solve", code, seconds, mb, err.strip()))
        code, seconds, mb, err = run(["prove", "--family", "2x2:-1..1", "--workers", "2", "--store", "s.sqlite",
                                      "--no-progress"], long_dir, interrupt_after=8)
        rows.append(("Ctrl-C after 8 s of a 2-worker sweep", code, seconds, mb, err.strip()))
    width = max(len(row[0]) for row in rows)
    print(f"{'case':<{width}}  exit  seconds  ×base  peak MB  stderr")
    for name, code, seconds, mb, err in rows:
        shown = err if len(err) <= 90 else err[:87] + "..."
        print(f"{name:<{width}}  {code:>4}  {seconds:7.2f}  {seconds / baseline:5.1f}  {mb:7.0f}  {shown}")


if __name__ == "__main__":
    main()
