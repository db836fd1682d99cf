"""Run a benchmark and publish what it prints in ``docs/benchmarks.md``.

    python benchmarks/publish.py bench_rose.py --sizes 10 30 100

The benchmark runs as it would alone (its output is shown as it comes); when it succeeds,
its output replaces the block between ``<!-- bench_rose.py: begin -->`` and
``<!-- bench_rose.py: end -->`` on the page, under the command and the date. A benchmark
published for the first time gets its block at the end of the page. The page's other text
is kept as it is.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE = HERE.parent / "docs" / "benchmarks.md"


def replace_block(page: str, script: str, command: str, output: str, day: str) -> str:
    """``page`` with the block of ``script`` holding ``output``, run by ``command`` on ``day``."""
    begin, end = f"<!-- {script}: begin -->", f"<!-- {script}: end -->"
    block = (f"{begin}\nLatest run ({day}): `{command}`\n\n```text\n{output.rstrip()}\n```\n{end}")
    if begin in page and end in page.split(begin, 1)[1]:
        before, rest = page.split(begin, 1)
        return before + block + rest.split(end, 1)[1]
    return page.rstrip("\n") + "\n\n" + block + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("script", help="a benchmark in benchmarks/, e.g. bench_rose.py")
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="the benchmark's own options")
    parser.add_argument("--page", type=Path, default=PAGE, help="the page to update (docs/benchmarks.md)")
    args = parser.parse_args(argv)
    script = HERE / args.script if not Path(args.script).is_absolute() else Path(args.script)
    lines = []
    with subprocess.Popen([sys.executable, str(script), *args.arguments], stdout=subprocess.PIPE, text=True) as run:
        assert run.stdout is not None
        for line in run.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    if run.returncode != 0:
        print(f"publish: {script.name} failed (status {run.returncode}); {args.page} is unchanged", file=sys.stderr)
        return run.returncode
    command = shlex.join(["python", f"benchmarks/{script.name}", *args.arguments])
    page = args.page.read_text(encoding="utf-8")
    day = datetime.date.today().isoformat()
    args.page.write_text(replace_block(page, script.name, command, "".join(lines), day), encoding="utf-8")
    print(f"publish: {args.page} updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
