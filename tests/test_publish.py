"""benchmarks/publish.py writes a benchmark's output into docs/benchmarks.md and keeps the rest."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("publish", ROOT / "benchmarks" / "publish.py")
assert _spec is not None and _spec.loader is not None
publish = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(publish)


def test_a_block_is_added_then_replaced_and_nothing_else_moves():
    page = "# Benchmarks\n\nHand-written text.\n"
    first = publish.replace_block(page, "bench_x.py", "python benchmarks/bench_x.py", "1 2\n", "2026-12-05")
    assert first.startswith(page) and "```text\n1 2\n```" in first
    second = publish.replace_block(first + "\nAfter.\n", "bench_x.py", "python benchmarks/bench_x.py --n 3",
                                   "3 4\n", "2026-12-06")
    assert "1 2" not in second and "3 4" in second and "--n 3" in second and "2026-12-06" in second
    assert second.startswith(page) and second.endswith("\nAfter.\n")
    assert second.count("<!-- bench_x.py: begin -->") == 1


def test_a_run_publishes_its_output_and_a_failed_run_changes_nothing(tmp_path, capsys):
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n", encoding="utf-8")
    good = tmp_path / "bench_good.py"
    good.write_text("import sys\nprint('ratio', sys.argv[1:])\n", encoding="utf-8")
    assert publish.main(["--page", str(page), str(good), "--sizes", "3"]) == 0
    text = page.read_text(encoding="utf-8")
    assert "ratio ['--sizes', '3']" in text and "`python benchmarks/bench_good.py --sizes 3`" in text
    bad = tmp_path / "bench_bad.py"
    bad.write_text("print('half')\nraise SystemExit(3)\n", encoding="utf-8")
    assert publish.main(["--page", str(page), str(bad)]) == 3
    assert page.read_text(encoding="utf-8") == text and "unchanged" in capsys.readouterr().err
