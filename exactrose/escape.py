"""Names and titles from game files, made safe to print: on a terminal and in LaTeX.

A game file may name a player ``"\\x1b[2J"`` (clear the screen), ``"\\u202e"`` (reverse what
follows) or ``"}\\input{/etc/passwd}"``.  :func:`terminal_text` shows control characters as
visible escapes; :func:`latex_text` also escapes LaTeX's special characters.
"""

from __future__ import annotations

import unicodedata

#: Unicode categories shown as escapes: controls (C0, DEL, C1), format characters (bidi
#: overrides and isolates, marks, zero-width characters), lone surrogates, and the line and
#: paragraph separators.
CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

_SHORT_ESCAPES = {"\n": r"\n", "\r": r"\r", "\t": r"\t"}

_LATEX_SPECIALS = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "[": "{[}", "]": "{]}",  # a cell opening with [ would be read as the optional argument of \\ or \midrule
})


def _visible(char: str) -> str:
    """``\\n``, ``\\x1b``, ``\\u202e`` or ``\\U000e0001`` for a control character, else ``char``."""
    if unicodedata.category(char) not in CONTROL_CATEGORIES:
        return char
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def terminal_text(text: str) -> str:
    r"""``text`` with every control character shown as a visible escape, so that printing it
    cannot move the cursor, recolour or reorder the terminal; other text is unchanged.

    >>> print(terminal_text("\x1b[31mred\u202eevil\nnext\x7f"))
    \x1b[31mred\u202eevil\nnext\x7f
    >>> terminal_text("Alice & Bob's game: ½ · π")
    "Alice & Bob's game: ½ · π"
    """
    return "".join(_visible(char) for char in text)


def latex_text(text: str) -> str:
    r"""``text`` for LaTeX's text mode: control characters as in :func:`terminal_text`, then
    every special character escaped (``\``, ``{``, ``}``, ``$``, ``&``, ``#``, ``%``, ``_``,
    ``~``, ``^``; ``[`` and ``]`` braced).

    >>> print(latex_text("}\\input{/etc/passwd}$\x1b[31m"))
    \}\textbackslash{}input\{/etc/passwd\}\$\textbackslash{}x1b{[}31m
    >>> print(latex_text("50% of A&B_1"))
    50\% of A\&B\_1
    """
    return terminal_text(text).translate(_LATEX_SPECIALS)
