"""The examples in the docstrings of the input-handling and value modules run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("exactrose.runtime.budget", "exactrose.escape", "exactrose.input.expression", "exactrose.input.formats",
           "exactrose.exact.numbers", "exactrose.exact.enclosure", "exactrose.values.initiative", "exactrose.values.initiative_check",
           "exactrose.values.rose", "exactrose.values.search.nesting")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
