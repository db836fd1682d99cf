"""The packages type-check: mypy (from the ``test`` extra) passes on exactrose and proofs.

mypy runs from the repository root, so that pyproject's ``[tool.mypy]`` applies; when that
section lists ``packages`` no paths are passed.  Without a ``[tool.mypy]`` section the same
settings are given on the command line.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: The settings of ``[tool.mypy]``, for a tree that does not have that section yet.
FALLBACK_FLAGS = ["--ignore-missing-imports", "--warn-unused-ignores", "--warn-redundant-casts",
                  "--python-version", "3.11"]


def mypy_arguments() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {}).get("mypy")
    if config is None:
        return [*FALLBACK_FLAGS, "exactrose", "proofs"]
    return [] if config.get("packages") else ["exactrose", "proofs"]


def test_mypy_passes():
    result = subprocess.run([sys.executable, "-m", "mypy", *mypy_arguments()], cwd=ROOT,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"mypy failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
