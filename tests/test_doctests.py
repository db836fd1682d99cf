"""The examples in the docstrings of the package run and give what they show: every module of
``exactrose`` and ``proofs`` that has one (found by reading the sources, so a new or moved module
is checked without being listed here)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def modules_with_examples() -> list[str]:
    """Dotted names of the modules whose source holds a doctest example (a ``>>>`` prompt)."""
    names = []
    for package in ("exactrose", "proofs"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name != "__main__.py" and ">>> " in path.read_text(encoding="utf-8"):
                names.append(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"))
    return names


MODULES = modules_with_examples()


def test_examples_are_found():
    assert len(MODULES) >= 15 and "exactrose.values.rose" in MODULES and "exactrose.model.game" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
