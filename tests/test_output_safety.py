"""Names and titles from game files are printed safely: on a terminal, in LaTeX and in plots."""

from __future__ import annotations

import doctest
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

import exactrose.escape
from exactrose.escape import latex_text, terminal_text

#: Characters that may act on a terminal or reorder text (written out here, not taken from the module).
CONTROLS = {"Cc", "Cf", "Cs", "Zl", "Zp"}

#: A player and title trying LaTeX injection, a terminal colour and mathtext.
NASTY = "}\\input{/etc/passwd}$\x1b[31m"
TITLE = NASTY + "\u202e\u2066x\u2069\u200e\u200f\x85\x7f\t$\\undefinedcmd$"

#: LaTeX text mode as latex_text writes it: an escaped special, a braced bracket, or a plain character.
_LATEX_TOKEN = re.compile(r"\\([{}$&#%_])|\\text(backslash|asciitilde|asciicircum)\{\}|\{([\[\]])\}|([^\\{}$&#%_~^\[\]])")
_COMMANDS = {"backslash": "\\", "asciitilde": "~", "asciicircum": "^"}


def controls_in(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in CONTROLS]


def read_latex_text(latex: str) -> str:
    """The text ``latex`` shows; AssertionError at any unescaped special character."""
    shown, position = [], 0
    while position < len(latex):
        token = _LATEX_TOKEN.match(latex, position)
        assert token, f"unescaped {latex[position]!r} at {position} in {latex!r}"
        symbol, command, bracket, plain = token.groups()
        shown.append(symbol or (command and _COMMANDS[command]) or bracket or plain)
        position = token.end()
    return "".join(shown)


def braces_balance(latex: str) -> bool:
    """Unescaped braces nest and close."""
    depth = 0
    for token in re.finditer(r"\\.|[{}]", latex, re.DOTALL):
        depth += {"{": 1, "}": -1}.get(token.group(), 0)
        if depth < 0:
            return False
    return depth == 0


def test_doctests():
    assert doctest.testmod(exactrose.escape).failed == 0


_SPECIALS = st.sampled_from("\\{}$&#%_~^[]\x00\x1b\n\r\t\x7f\x85\x9b\u00ad\u200b\u200e\u200f\u2028\u2029"
                            "\u202a\u202e\u2066\u2069\ufeff\ud800\U000e0001")
_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), _SPECIALS))


@given(_TEXT)
def test_latex_text_escapes_every_special_and_control(text):
    latex = latex_text(text)
    assert not controls_in(latex)
    assert read_latex_text(latex) == terminal_text(text)  # every special escaped, nothing lost
    assert braces_balance(latex)


@given(_TEXT)
def test_terminal_text_shows_controls_as_escapes(text):
    shown = terminal_text(text)
    assert not controls_in(shown)
    assert terminal_text(shown) == shown
    if not controls_in(text):
        assert shown == text


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_terminal_text_keeps_printable_ascii(text):
    assert terminal_text(text) == text


def test_escapes_are_visible():
    assert terminal_text("a\x1b[2J\u202eb\nc\x9b\U000e0001") == r"a\x1b[2J\u202eb\nc\x9b\U000e0001"
    assert latex_text("a_b\\c") == r"a\_b\textbackslash{}c"
