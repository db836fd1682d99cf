"""Names and titles from game files are printed safely: on a terminal, in LaTeX and in plots."""

from __future__ import annotations

import doctest
import json
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import exactrose.escape
from exactrose.cli import main
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


# ----------------------------------------------------------------------------- every output path


@pytest.fixture
def games(tmp_path):
    """A two-player game and a parametric one whose title and first player are nasty."""
    game = {"format": "exactrose-game", "version": 1, "title": TITLE, "players": [NASTY, "$\\undefinedcmd$"],
            "actions": [["a\x1b[2J", "b"], ["c", "d\u2066"]],
            "payoffs": [[["3", "0"], ["5", "1"]], [["3", "5"], ["0", "1"]]]}
    plain = tmp_path / "nasty.json"
    plain.write_text(json.dumps(game))
    game["payoffs"] = [[["3", "t"], ["5", "1"]], [["3", "5"], ["t", "1"]]]
    parametric = tmp_path / "nasty_t.json"
    parametric.write_text(json.dumps(game))
    return {"plain": str(plain), "parametric": str(parametric)}


COMMANDS = [
    ("plain", ["solve"]),
    ("plain", ["solve", "--closed-form"]),
    ("plain", ["equilibria"]),
    ("plain", ["bargain"]),
    ("parametric", ["solve", "--param", "t=0..1"]),
    ("parametric", ["solve", "--param", "t=0..1", "--param", "s=0..1", "--steps", "1"]),
]


@pytest.mark.parametrize("which, command", COMMANDS)
def test_text_output_has_no_control_characters(games, which, command, capsys):
    assert main([command[0], games[which], *command[1:]]) == 0
    out = capsys.readouterr().out
    assert not controls_in(out.replace("\n", ""))
    assert r"$\x1b[31m" in out  # the title or a name is shown, escaped


@pytest.mark.parametrize("which, command", COMMANDS)
def test_latex_output_is_escaped(games, which, command, capsys):
    assert main([command[0], games[which], *command[1:], "--latex"]) == 0
    out = capsys.readouterr().out
    assert not controls_in(out.replace("\n", ""))
    assert r"\input" not in out and r"\undefinedcmd" not in out
    assert braces_balance(out)
    if command[0] != "equilibria":  # its table names no one
        assert latex_text(NASTY) in out


def test_error_messages_show_controls_as_escapes(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "no\x1b[2Jsuch\u202e.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and not controls_in(err[:-1])
    assert r"no\x1b[2Jsuch\u202e.json" in err


def test_sweep_reports_escape_evidence():
    from exactrose.output.sweeps import outcome_text, summaries_to_latex
    from proofs.families import parse_family
    from proofs.sweep import Counterexample, Summary

    summary = Summary("claim", "statement", "proposition", "2x2:0..1", 1, False,
                      Counterexample(0, parse_family("2x2:0..1")[0], {"who": NASTY}))
    assert not controls_in(outcome_text(summary)) and r"$\x1b[31m" in outcome_text(summary)
    latex = summaries_to_latex([summary])
    assert r"\input" not in latex and braces_balance(latex) and not controls_in(latex.replace("\n", ""))


# ----------------------------------------------------------------------------- plots


MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "pdf": (b"%PDF",), "svg": (b"<?xml", b"<svg")}


@pytest.mark.parametrize("which, command, extension", [
    ("plain", ["solve"], "png"), ("plain", ["solve"], "pdf"), ("plain", ["solve"], "svg"),
    ("plain", ["solve"], "SVG"), ("plain", ["equilibria"], "Pdf"), ("plain", ["bargain"], "svg"),
    ("parametric", ["solve", "--param", "t=0..1"], "pdf"),
])
def test_plot_is_written_in_the_extensions_format(games, which, command, extension, tmp_path, capsys):
    picture = tmp_path / f"picture.{extension}"
    assert main([command[0], games[which], *command[1:], "--plot", str(picture)]) == 0
    assert picture.read_bytes().startswith(MAGIC[extension.lower()])
    capsys.readouterr()


@pytest.mark.parametrize("command", [["solve"], ["solve", "--param", "t=0..1"], ["equilibria"], ["bargain"]])
@pytest.mark.parametrize("name", ["picture.gif", "picture", "png"])
def test_plot_refuses_other_extensions_before_reading_the_game(command, name, tmp_path, capsys):
    picture = tmp_path / name
    assert main([command[0], str(tmp_path / "missing.json"), *command[1:], "--plot", str(picture)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.json" not in err  # refused before the game is read
    assert "--plot" in err and str(picture) in err and ".png, .pdf or .svg" in err
    assert not picture.exists()
