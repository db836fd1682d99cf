"""A griffe extension for the docs site: the package's docstrings are reStructuredText-flavoured
plain text; this turns the two constructs Markdown would misread into Markdown.

* ``>>>`` doctest lines (with their expected output, up to the next blank line) become a fenced
  ``pycon`` block, so ``[('5', '15/2')]`` in an expected output is not read as a link;
* Sphinx roles such as ``:func:`~exactrose.exact.lp.solve_lp``` become inline code.

Only the rendered copy changes; the source and its doctests are untouched.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|mod|data|attr|meth|exc|obj|const):`~?([^`]+)`")


def to_markdown(text: str) -> str:
    """``text`` with doctest blocks fenced and Sphinx roles as inline code."""
    text = _ROLE.sub(lambda m: f"``{m.group(1)}``", text)
    out: list[str] = []
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while k < len(lines) and lines[k].strip():
                block.append(lines[k][len(indent):] if lines[k].startswith(indent) else lines[k].lstrip())
                k += 1
            out += [indent + "```pycon", *(indent + b for b in block), indent + "```"]
            continue
        out.append(line)
        k += 1
    return "\n".join(out)


class DocstringMarkdown(griffe.Extension):
    """Rewrite every docstring with :func:`to_markdown` once the package is loaded."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
