"""Payoff expressions of parametric games: the grammar, its limits, hostile text and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from flint import fmpq, fmpq_mpoly
from hypothesis import assume, given
from hypothesis import strategies as st

from exactrose.cli import main
from exactrose.errors import InputError
from exactrose.exact.numbers import from_fmpq, to_fmpq
from exactrose.input.expression import parse_polynomial, polynomial_context
from exactrose.limits import MAX_DEGREE, MAX_EXPRESSION_DEPTH, MAX_POWER
from tests.strategies import rationals

NAMES = ["t", "u"]


def value(text: str, t: Fraction = Fraction(0), u: Fraction = Fraction(0)) -> Fraction:
    """The expression at (t, u)."""
    return from_fmpq(parse_polynomial(text, NAMES)(to_fmpq(t), to_fmpq(u)))


def refusal(text: str, names: list[str] = NAMES) -> str:
    """The one-line message of the InputError that ``text`` raises."""
    with pytest.raises(InputError) as error:
        parse_polynomial(text, names)
    message = str(error.value)
    assert len(message.splitlines()) == 1 and message.isascii(), message
    return message


# ----------------------------------------------------------------------------- grammar


@pytest.mark.parametrize("text, expected", [
    ("7", 7), ("-3/4", Fraction(-3, 4)), ("0.25", Fraction(1, 4)), (".5", Fraction(1, 2)), ("5.", 5),
    ("1e-3", Fraction(1, 1000)), ("2.5E+2", 250), ("  1 /\t3 ", Fraction(1, 3)), ("007", 7),
    ("8 - 3 - 2", 3), ("8 / 4 / 2", 1), ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("2 * 3 ^ 2", 18),
    ("-2^2", -4), ("(-2)^2", 4), ("2 * -3", -6), ("--2", 2), ("+-+2", -2), ("2 - -3", 5), ("(2^3)^2", 64),
    ("0^0", 1), ("3^0", 1), ("2^020", 2**20), ("1/3 + 1/6", Fraction(1, 2)), ("6/(1/2)", 12), ("(((1)))", 1),
])
def test_constants(text, expected):
    poly = parse_polynomial(text, NAMES)
    assert isinstance(poly, fmpq_mpoly) and poly.is_constant() and value(text) == expected


def test_polynomials_in_the_parameters():
    t, u = polynomial_context(NAMES).gens()
    assert parse_polynomial("3*t - 1/2", NAMES) == 3 * t - fmpq(1, 2)
    assert parse_polynomial("(t + u)^2 / 3", NAMES) == (t + u) ** 2 / 3
    assert parse_polynomial("-t^2 + 0.1*u", NAMES) == -(t**2) + u / 10
    assert parse_polynomial("t - t", NAMES).is_zero()
    assert parse_polynomial(f"t^{MAX_POWER}", NAMES).total_degree() == MAX_POWER
    assert parse_polynomial("u", NAMES).context() == polynomial_context(NAMES)
    assert value("t*u - 2*t", Fraction(1, 3), Fraction(5)) == Fraction(1, 3) * 5 - Fraction(2, 3)


@pytest.mark.parametrize("text, message", [
    ("", "column 1: expected a number, a parameter (t, u) or '(', found the end of the expression"),
    ("t +", "column 4: expected a number, a parameter (t, u) or '(', found the end of the expression"),
    ("t u", "column 3: expected an operator or the end of the expression, found 'u'"),
    ("2t", "column 2: expected an operator or the end of the expression, found 't'"),
    ("(t", "column 3: expected an operator or ')' to close the '(' at column 1, found the end of the expression"),
    ("t)", "column 2: expected an operator or the end of the expression, found ')'"),
    ("()", "column 2: expected a number, a parameter (t, u) or '(', found ')'"),
    ("x + t", "column 1: unknown name 'x'; the parameters are t, u"),
    ("t2", "column 1: unknown name 't2'; the parameters are t, u"),
    ("t**2", "column 2: '**' is not an operator here; write '^' for a power"),
    ("t^2^3", "column 4: expected an operator or the end of the expression, found '^'"),
    ("t^-1", "column 3: expected a whole exponent from 0 to 20 after '^', found '-'"),
    ("t^1.5", "column 3: expected a whole exponent from 0 to 20 after '^', found '1.5'"),
    ("t^u", "column 3: expected a whole exponent from 0 to 20 after '^', found 'u'"),
    ("t^21", "column 3: the exponent 21 exceeds the limit of 20"),
    ("t/u", "column 2: a divisor may not contain a parameter"),
    ("1/0", "column 2: division by zero"),
    ("t / (2 - 2)", "column 3: division by zero"),
    ("1/2/0", "column 4: division by zero"),
    ("t; 1", "column 2: expected a number, a parameter (t, u), an operator or a parenthesis, found ';'"),
    ("t,1", "found ','"),
    ("1e", "column 2: expected an operator or the end of the expression, found 'e'"),
    ("1..2", "column 3: expected an operator or the end of the expression, found '.2'"),
    ("t^20 * t", "column 6: the product's total degree could reach 21, which exceeds the limit of 20"),
    ("(t^10 + 1)^3", "column 11: the power's total degree could reach 30"),
    ("1" * 1001 + "*t", "column 1: a number may have at most 1000 digits, found 1001"),
    ("1e1001", "column 1: a decimal exponent may be at most 1000"),
])
def test_errors_name_the_column(text, message):
    assert message in refusal(text)


def test_limits_on_terms_and_digits():
    four = ["t", "u", "v", "w"]
    assert len(parse_polynomial("(t+u+v+w+1)^9", four)) == 715
    assert "column 12: the power's number of terms could reach 1,001, which exceeds the limit of 1,000" in \
        refusal("(t+u+v+w+1)^10", four)
    assert "column 14: the sum has 1,001 terms" in refusal("(t+u+v+w+1)^9+(t+u+v+w)^10", four)
    assert "product's number of terms could reach" in refusal("(t+u+v+1)^10*(t+u+v+2)^10", four)
    assert "coefficient digits could reach" in refusal("(1e999)^20*t")
    assert "coefficient digits could reach" in refusal("*".join(["(7/3)^20"] * 1000))
    assert "the expression's coefficients could have" in refusal(
        "+".join(f"1/{p}{'0' * 990}1" for p in range(101, 111)))  # coprime-ish denominators add up
    assert parse_polynomial("(2/3)^20 * (3/2)^20 * t", NAMES) == polynomial_context(NAMES).gen(0)


def test_loose_size_bounds_are_measured_before_refusing():
    # The carried bounds of a long sum of fractions are loose (its denominators are assumed
    # coprime); a power of it is refused only if its measured coefficients are over the limit.
    t = polynomial_context(NAMES).gen(0)
    assert parse_polynomial("(" + "+".join(["t/9^20"] * 300) + ")^20", NAMES) == (300 * t / 9**20) ** 20
    assert "column 9092: the power's coefficient digits could reach 5,991" in \
        refusal("(" + "+".join([f"t/{'9' * 300}"] * 30) + ")^20")


LARGE = "(t+u+v+w+1/" + "7" * 500 + ")^9"  # 715 terms of about 4500 digits each


@pytest.mark.parametrize("text", [LARGE + "+1" * 4700, LARGE + "-t" * 4700, LARGE + "*1" * 4700, LARGE + "/7" * 300,
                                  "(" + "+".join(["(t+u+v+w+1)^9/9^20"] * 490) + ")*1"],
                         ids=["sum", "difference", "product", "quotient", "loose"])
def test_many_small_operations_on_a_large_polynomial_stay_fast(text):
    start = time.perf_counter()
    poly = parse_polynomial(text, ["t", "u", "v", "w"])
    assert time.perf_counter() - start < 5  # measured 0.1-0.3 s; 0.9-1.1 s when each term copied the large one
    assert len(poly) == 715


def test_depth_limit_counts_parentheses_and_signs():
    depth = MAX_EXPRESSION_DEPTH
    assert value("(" * depth + "2" + ")" * depth) == 2
    assert value("-" * depth + "2") == 2
    assert value("(-" * (depth // 2) + "2" + ")" * (depth // 2)) == 2 * (-1) ** (depth // 2)
    column = f"column {depth + 1}: parentheses and signs nest deeper than the limit of {depth} levels"
    assert column in refusal("(" * (depth + 1) + "t" + ")" * (depth + 1))
    assert column in refusal("-" * (depth + 1) + "t")
    assert column in refusal("(-" * depth + "t" + ")" * depth)
    assert value("-" * depth + "2 + " + "-" * depth + "2") == 4  # depth is nesting, not a count


def test_nothing_is_evaluated_as_python():
    # Names that mean something to Python or sympy are just unknown names here.
    for name in ("__import__", "exit", "eval", "pi", "E", "I", "oo", "Integer", "lambda"):
        assert f"column 1: unknown name '{name}'" in refusal(f"{name} + t")
    assert parse_polynomial("pi + E", ["pi", "E"]) == sum(polynomial_context(["pi", "E"]).gens())


# ----------------------------------------------------------------------------- hostile text

PWNED = Path(tempfile.gettempdir()) / "exactrose-pwned"
HOSTILE = [
    (f"__import__('os').system('touch {PWNED}') + t", "column 1: unknown name '__import__'"),
    ("exit(7) + t", "column 1: unknown name 'exit'"),
    ("9**9**9**9 + t", "column 2: '**' is not an operator here"),
    ("9^9^9 + t", "column 4: expected an operator or the end of the expression, found '^'"),
    ("t^1000000", "column 3: the exponent 1000000 exceeds the limit of 20"),
    ("t^" + "9" * 100000, "exceeds the limit of 10,000"),
    ("t^" + "9" * 9000, f"column 3: the exponent {'9' * 37}... exceeds the limit of 20"),
    ("*".join(["(t+1)^20"] * 1000), "column 9: the product's total degree could reach 40"),
    ("*".join(["(t+1)^10"] * 1000), "column 18: the product's total degree could reach 30"),
    ("((((t+1)^20)^20)^20)^20", "column 13: the power's total degree could reach 400"),
    ("((((2^20)^20)^20)^20)^20 * t", "column 18: the power's coefficient digits could reach"),
    ("t+" * 200000 + "t", "the expression has 400,001 characters, which exceeds the limit of 10,000"),
    ("(" * 100000 + "t" + ")" * 100000, "the expression has 200,001 characters"),
    ("-" * 100000 + "t", "the expression has 100,001 characters"),
    ("(" * 4999 + "t" + ")" * 4999, "column 51: parentheses and signs nest deeper than the limit of 50"),
    ("-" * 9999 + "t", "column 51: parentheses and signs nest deeper than the limit of 50"),
    ("1e999999999*t", "column 1: a decimal exponent may be at most 1000 in size"),
    ("t*1e-999999999", "column 3: a decimal exponent may be at most 1000 in size"),
    ("9" * 9999 + "t", "column 1: a number may have at most 1000 digits"),
    ("t/t", "column 2: a divisor may not contain a parameter"),
    ("1/0*t", "column 2: division by zero"),
    ("t/(t-t)", "column 2: division by zero"),
    ("t\x00", "column 2: expected a number, a parameter (t, u), an operator or a parenthesis, found '\\x00'"),
    ("t+\x1b[2J", "column 3: expected a number, a parameter (t, u), an operator or a parenthesis, found '\\x1b'"),
    ("t\n+1", "column 2: expected a number, a parameter (t, u), an operator or a parenthesis, found '\\n'"),
    ("t\u2028+1", "found '\\u2028'"),
    ("\u0663*t", "column 1: expected a number, a parameter (t, u), an operator or a parenthesis, found '\\u0663'"),
    ("t+\uff11", "column 3: expected a number, a parameter (t, u), an operator or a parenthesis, found '\\uff11'"),
    ("t\u00b2", "found '\\xb2'"),
    ("\u0442", "found '\\u0442'"),  # Cyrillic te, not t
]


@pytest.mark.parametrize("text, message", HOSTILE, ids=[f"hostile{k}" for k in range(len(HOSTILE))])
def test_hostile_text_is_refused_quickly(text, message):
    PWNED.unlink(missing_ok=True)
    start = time.perf_counter()
    assert message in refusal(text)
    assert time.perf_counter() - start < 2  # measured worst: a few milliseconds
    assert not PWNED.exists()


# ----------------------------------------------------------------------------- properties

Node = tuple  # ("num", Fraction, decimal?) | ("name", str) | (op, left, right) | ("neg", x) | ("^", x, k)


def leaves() -> st.SearchStrategy[Node]:
    numbers = st.tuples(st.just("num"), rationals(-9, 9, (1, 2, 3, 4, 5, 7)), st.booleans())
    return st.one_of(numbers, st.tuples(st.just("name"), st.sampled_from(NAMES)))


def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    divisors = rationals(-9, 9, (1, 2, 3)).filter(bool).map(lambda c: ("num", c, False))
    return st.one_of(st.tuples(st.sampled_from("+-*"), children, children), st.tuples(st.just("neg"), children),
                     st.tuples(st.just("/"), children, divisors),
                     st.tuples(st.just("^"), children, st.integers(0, 3)))


trees = st.recursive(leaves(), extend, max_leaves=12)


def render(node: Node, spaced: bool) -> tuple[str, int]:
    """Text with the fewest parentheses the grammar needs, and its level: 1 sum, 2 product,
    3 signed, 4 power, 5 atom."""
    def sub(child: Node, level: int) -> str:
        text, own = render(child, spaced)
        return text if own >= level else f"({text})"

    kind = node[0]
    if kind == "num":
        c, decimal = node[1], node[2]
        if decimal and c.denominator in (1, 2, 4, 5):
            text = str(Decimal(c.numerator) / Decimal(c.denominator))
            return text, 3 if c < 0 else 5
        magnitude = f"{abs(c.numerator)}" + ("" if c.denominator == 1 else f"/{c.denominator}")
        return ("-" if c < 0 else "") + magnitude, 2 if c.denominator != 1 else (3 if c < 0 else 5)
    if kind == "name":
        return node[1], 5
    if kind == "neg":
        return "-" + sub(node[1], 3), 3
    if kind == "^":
        return f"{sub(node[1], 5)}^{node[2]}", 4
    gap = " " if spaced else ""
    if kind in "+-":
        return f"{sub(node[1], 1)}{gap}{kind}{gap}{sub(node[2], 2)}", 1
    return f"{sub(node[1], 2)}{gap}{kind}{gap}{sub(node[2], 3)}", 2


def evaluate(node: Node, point: dict[str, Fraction]) -> Fraction:
    """The tree's exact value, by Fraction arithmetic alone."""
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "name":
        return point[node[1]]
    if kind == "neg":
        return -evaluate(node[1], point)
    if kind == "^":
        return evaluate(node[1], point) ** node[2]
    left, right = evaluate(node[1], point), evaluate(node[2], point)
    if kind == "/":
        return left / right
    return left + right if kind == "+" else left - right if kind == "-" else left * right


def height(node: Node) -> int:
    """Levels of the tree (a bound on the nesting of parentheses and signs of its text)."""
    return 1 + max((height(child) for child in node[1:] if isinstance(child, tuple)), default=0)


def degree(node: Node) -> int:
    """A bound on the tree's total degree."""
    kind = node[0]
    if kind in ("num", "name"):
        return int(kind == "name")
    if kind == "neg":
        return degree(node[1])
    if kind == "^":
        return node[2] * degree(node[1])
    return degree(node[1]) + degree(node[2]) if kind == "*" else max(degree(node[1]), degree(node[2]))


@given(trees, st.booleans(), st.lists(st.tuples(rationals(-3, 3, (1, 2, 5, 7)), rationals(-3, 3, (1, 3))),
                                      min_size=1, max_size=3))
def test_parsed_polynomials_agree_with_fraction_arithmetic(tree, spaced, points):
    assume(degree(tree) <= MAX_DEGREE and height(tree) <= MAX_EXPRESSION_DEPTH)
    text, _ = render(tree, spaced)
    poly = parse_polynomial(text, NAMES)
    assert poly.total_degree() <= degree(tree)
    for t, u in points:
        assert from_fmpq(poly(to_fmpq(t), to_fmpq(u))) == evaluate(tree, {"t": t, "u": u}), text


PIECES = ["t", "u", "x", "_", "0", "2", "10", "20", "21", "9", "0.5", ".5", "1e3", "1e9999", "e", "E", ".", "+", "-",
          "*", "/", "^", "(", ")", " ", "\t", "**", "\x00", "\n", "\u0663", "\u00e9", "\u2028", ";", "'", "__import__"]


@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=30)))
def test_any_text_gives_a_bounded_polynomial_or_a_one_line_input_error(text):
    try:
        poly = parse_polynomial(text, NAMES)
    except InputError as error:
        message = str(error)
        assert len(message.splitlines()) == 1 and message.isascii()
        assert re.match(r"column \d+: ", message) or "limit" in message
        return
    assert isinstance(poly, fmpq_mpoly) and poly.total_degree() <= MAX_DEGREE


# ----------------------------------------------------------------------------- command line


def game_file(directory: Path, payoff: str) -> Path:
    """A 1x2 game whose last payoff (line 5, field payoffs[1][0][1]) is ``payoff``."""
    path = directory / "hostile.json"
    path.write_text('{"format": "exactrose-game", "version": 1,\n'
                    ' "players": ["A", "B"],\n'
                    ' "payoffs": [[["0", "3 + t"]],\n'
                    '             [["0",\n'
                    f'               {json.dumps(payoff)}]]]}}\n')
    return path


CLI_HOSTILE = [text for text, _ in HOSTILE]


@pytest.mark.parametrize("params", [["t=0..1"], ["t=0..1", "s=-1/2..2"]], ids=["piecewise", "grid"])
@pytest.mark.parametrize("payoff", CLI_HOSTILE, ids=[f"hostile{k}" for k in range(len(CLI_HOSTILE))])
def test_cli_hostile_payoff_is_one_line_naming_file_line_and_field(tmp_path, capsys, params, payoff):
    PWNED.unlink(missing_ok=True)
    path = game_file(tmp_path, payoff)
    arguments = [argument for p in params for argument in ("--param", p)]
    assert main(["solve", str(path), *arguments, "--steps", "1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.endswith("\n")
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].isascii(), captured.err
    assert lines[0].startswith(f"exactrose: error: {path}, line 5: payoffs[1][0][1]: expected ")
    assert not PWNED.exists()


def test_cli_payoff_strings_without_parameters_are_numbers(tmp_path, capsys):
    path = game_file(tmp_path, "(1 + 2) * 0.5")
    assert main(["solve", str(path), "--param", "t=0..1", "--param", "s=0..1", "--steps", "1", "--json"]) == 0
    grid = json.loads(capsys.readouterr().out)
    assert len(grid) == 4 and grid[0]["at"] == {"t": "0", "s": "0"}
    assert main(["solve", str(path), "--param", "t=0..1", "--json"]) == 0


def test_cli_one_parameter_needs_affine_payoffs(tmp_path, capsys):
    assert main(["solve", str(game_file(tmp_path, "1 + t^2")), "--param", "t=0..1"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and 'line 5: payoffs[1][0][1]: expected a payoff affine in t' in err
    assert main(["solve", str(game_file(tmp_path, "1 + t^2")), "--param", "t=0..1", "--param", "s=0..1"]) == 0


def test_exit_in_a_payoff_does_not_end_the_process(tmp_path):
    path = game_file(tmp_path, "exit(7) + t")
    done = subprocess.run([sys.executable, "-m", "exactrose", "solve", str(path), "--param", "t=0..1"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"exactrose: error: {path}, line 5: payoffs[1][0][1]: expected an exact number or a " \
                          f"polynomial in t such as \"3*t - 1/2\", found \"exit(7) + t\" (column 1: unknown name " \
                          f"'exit'; the parameters are t)\n"
