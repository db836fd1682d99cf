"""Closed forms over named terms and parametric games (payoffs affine in a parameter)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactrose.applications.closed_form import closed_form
from exactrose.applications.parametric import (
    Parameter,
    parse_parameter,
    read_affine_game,
    read_game_at,
    solve_parametric,
    validate,
)
from exactrose.cli import main
from exactrose.errors import CertificateError, InputError
from exactrose.exact.piecewise import PiecewiseFunction, RationalFunction
from exactrose.input.formats import format_json_game
from exactrose.model.catalogue import bread_unbaked, toy_case
from exactrose.model.game import Game
from exactrose.output.latex import closed_form_to_latex
from exactrose.output.text import closed_form_text
from exactrose.values.coco import coco_value_two_players
from exactrose.values.extraction import leader_matrices, surplus
from exactrose.values.rose import rose_value
from tests.strategies import games, rationals

DATA = Path(__file__).parent / "data"
F = Fraction


# ----------------------------------------------------------------------------- closed forms


def test_toy_case_closed_form_is_max_total_minus_max_u2():
    game = toy_case()
    form = closed_form(game, "rose")
    assert [str(f) for f in form.formulas] == ["M - T2", "T2"]
    assert form.values() == tuple(rose_value(game).values)
    latex = closed_form_to_latex(form, game.players)
    assert r"\max[U_1+U_2] - \max[U_2]" in latex


def test_bread_closed_forms_before_baking():
    # Alice has one action; M = max(0, 3 − 1, −1) = 2 (bake and give), T2 = max U_Bob = 0
    # (not baking): ROSE gives Alice 2, Bob 0; CoCo splits: C = val((U1 − U2)/2) = 0 at
    # "no bake" (Bob minimises Alice's edge), so (1, 1).
    game = bread_unbaked()
    rose, coco = closed_form(game, "rose"), closed_form(game, "coco")
    assert rose.values() == (2, 0)
    assert {t.meaning: t.value for t in rose.terms} == {"max[U1+U2]": 2, "max[U2]": 0}
    assert coco.values() == (1, 1)
    assert "at ([pay], [bake+give])" in closed_form_text(rose, game.players)


@given(games(2, 3, rationals(-4, 4, (1, 2))))
def test_closed_forms_agree_with_the_solvers_and_witnesses_attain_the_terms(game):
    rose, coco = closed_form(game, "rose"), closed_form(game, "coco")
    assert rose.values() == tuple(rose_value(game).values)
    assert coco.values() == coco_value_two_players(game)
    terms = {str(t.symbol): t for t in rose.terms}
    assert terms["M"].value == game.max_total()
    if "S1" in terms:  # the witness ν attains S1 = max_ν S_1(ν)
        from exactrose.values.extraction import two_player_initiative_values
        nu = two_player_initiative_values(game, (0, 1)).leader_strategy
        assert surplus(*leader_matrices(game, 0), nu) == terms["S1"].value


def test_closed_form_latex_instantiates_without_cancelling():
    game = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoner's dilemma: S1 = S2 = 4
    latex = closed_form_to_latex(closed_form(game, "rose"), game.players)
    assert r"= \frac{6}{2} + \frac{4}{2} - \frac{4}{2} = 3" in latex


def test_closed_form_bad_input():
    with pytest.raises(InputError, match="concept"):
        closed_form(toy_case(), "nash")
    with pytest.raises(InputError):
        closed_form(Game.from_function((1, 1, 1), lambda p: [0, 0, 0]))


# ----------------------------------------------------------------------------- parametric games


def bread(tmp_path: Path, expression: str = "-t") -> Path:
    text = (DATA / "bread_price.json").read_text().replace('"-t"', json.dumps(expression))
    path = tmp_path / "bread.json"
    path.write_text(text)
    return path


def test_bread_in_the_price_of_ingredients():
    # Bob bakes and gives while t < 3 (the bread is worth 3 to Alice), then does not bake:
    # ROSE gives Alice 3 − t then 0; CoCo splits the surplus (3 − t)/2 each; Bob's best
    # action changes at t = 3, exactly.
    report = solve_parametric(read_affine_game(DATA / "bread_price.json", parse_parameter("t=0..5")),
                              parse_parameter("t=0..5"))
    alice, bob = report.values["rose"]
    assert alice.breakpoints == (3,)
    assert alice.pieces[0].value == RationalFunction.affine(3, -1) and alice.pieces[1].value == RationalFunction.affine(0)
    assert bob.pieces == (bob.pieces[0],) and bob(F(7, 3)) == 0
    assert report.values["coco"][0](1) == 1 and report.values["coco"][1](F(5, 2)) == F(1, 4)
    assert report.checked >= 3


@pytest.mark.slow
@given(first=st.lists(st.tuples(rationals(-3, 3), rationals(-2, 2)), min_size=4, max_size=4),
       second=st.lists(st.tuples(rationals(-3, 3), rationals(-2, 2)), min_size=4, max_size=4),
       points=st.lists(rationals(-2, 2, (1, 3, 5)), min_size=1, max_size=3))
def test_piecewise_values_agree_with_direct_solves(first, second, points, tmp_path_factory):
    # A 2x2 game whose payoffs are a + b*t, written as a JSON file.
    def text(a: Fraction, b: Fraction) -> str:
        return f"{a} + ({b})*t"

    obj = {"format": "exactrose-game", "version": 1, "players": ["A", "B"],
           "payoffs": [[[text(*first[0]), text(*first[1])], [text(*first[2]), text(*first[3])]],
                       [[text(*second[0]), text(*second[1])], [text(*second[2]), text(*second[3])]]]}
    path = tmp_path_factory.mktemp("param") / "game.json"
    path.write_text(json.dumps(obj))
    parameter = Parameter("t", F(-2), F(2))
    report = solve_parametric(read_affine_game(path, parameter), parameter)
    for t in points:
        game = read_game_at(path, {"t": t})
        assert tuple(f(t) for f in report.values["rose"]) == tuple(rose_value(game).values)
        assert tuple(f(t) for f in report.values["coco"]) == coco_value_two_players(game)


def test_validation_refuses_a_wrong_piecewise_value():
    game = read_affine_game(DATA / "bread_price.json", Parameter("t", F(0), F(5)))
    wrong = PiecewiseFunction.constant_on(RationalFunction.affine(3, -1), F(0), F(5))  # misses the kink at 3
    zero = PiecewiseFunction.constant_on(RationalFunction.affine(0), F(0), F(5))
    with pytest.raises(CertificateError, match="direct solve"):
        validate(game, {"rose": (wrong, zero)})


@pytest.mark.parametrize("spec, message", [
    ("t=5..1", "LO < HI"), ("t=0", "NAME=LO..HI"), ("t=a..1", "low end"), ("t=0..1.5e", "high end"),
    ("t=..1", "low end"), ("=0..1", "NAME=LO..HI"), ("t=0..1..2", "high end"), ("t" * 1001 + "=0..1", "at most 1,000"),
    ("t=0..1e999999999", "exponent"),
])
def test_bad_parameter_specs(spec, message):
    with pytest.raises(InputError, match=message):
        parse_parameter(spec)


@pytest.mark.parametrize("expression, message", [
    ("t*t", "affine in t"), ("3/t", "not a polynomial"), ("sqrt(t)", "column 1: unknown name 'sqrt'"),
    ("2*u + t", "column 3: unknown name 'u'"), ("t; import os", "column 2: expected a number"),
    ("t**2", "write '\\^'"),
])
def test_payoffs_that_are_not_affine_get_clear_errors(tmp_path, expression, message):
    with pytest.raises(InputError, match=message) as error:
        read_affine_game(bread(tmp_path, expression), Parameter("t", F(0), F(1)))
    assert "payoffs[1][0][1]" in str(error.value) and "line" in str(error.value)


def test_decimal_payoff_expressions_are_exact(tmp_path):
    game = read_affine_game(bread(tmp_path, "-0.1*t - 0.25"), Parameter("t", F(0), F(1)))
    assert game.slope.payoff(1, (0, 1)) == F(-1, 10) and game.constant.payoff(1, (0, 1)) == F(-1, 4)


# ----------------------------------------------------------------------------- command line


def test_cli_param_json_latex_and_plot(tmp_path, capsys):
    path = str(DATA / "bread_price.json")
    assert main(["solve", path, "--param", "t=0..5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameter"] == {"name": "t", "from": "0", "to": "5"}
    assert out["values"]["rose"][0] == [{"from": "0", "to": "3", "expr": "3 - t"}, {"from": "3", "to": "5", "expr": "0"}]
    assert main(["solve", path, "--param", "t=0..5", "--latex"]) == 0
    assert r"R_{\text{Alice}}(t) &= \begin{cases} 3 - t & 0 \le t \le 3 \\ 0 & 3 \le t \le 5 \end{cases}" \
        in capsys.readouterr().out
    picture = tmp_path / "bread.png"
    assert main(["solve", path, "--param", "t=0..5", "--plot", str(picture)]) == 0
    assert picture.read_bytes()[:4] == b"\x89PNG"
    assert "[0, 3]  3 - t" in capsys.readouterr().out


def test_cli_grid_of_two_parameters(tmp_path, capsys):
    game = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("A", "B"))
    path = tmp_path / "pd.json"
    path.write_text(format_json_game(game).replace('"5"', '"s"').replace('"0"', '"t"'))
    assert main(["solve", str(path), "--param", "t=-1..0", "--param", "s=4..6", "--steps", "2", "--json"]) == 0
    grid = json.loads(capsys.readouterr().out)
    assert len(grid) == 9 and grid[0]["at"] == {"t": "-1", "s": "4"}
    assert all(point["values"]["rose"] == ["3", "3"] for point in grid)  # symmetric: (3, 3) always


def test_cli_closed_form(capsys):
    assert main(["solve", str(DATA / "pd_payoff.nfg"), "--closed-form", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["closed_forms"]["rose"]["formulas"] == ["M/2 + S1/2 - S2/2", "M/2 + S2/2 - S1/2"]
    assert out["closed_forms"]["rose"]["terms"]["S1"]["value"] == "4"
    assert out["closed_forms"]["coco"]["values"] == ["3", "3"]


@pytest.mark.parametrize("args, message", [
    (["--param", "t=0..1", "--param", "t=0..2"], "each parameter may be given once"),
    (["--param", "t=0..1", "--param", "s=0..1", "--plot", "x.png"], "--plot draws one parameter"),
    (["--param", "t=0..1", "--param", "s=0..1", "--steps", "0"], "--steps"),
    (["--param", "t=1..0"], "LO < HI"),
])
def test_cli_parameter_errors_exit_2(args, message, capsys):
    assert main(["solve", str(DATA / "bread_price.json"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_param_needs_a_json_game(capsys):
    assert main(["solve", str(DATA / "pd_payoff.nfg"), "--param", "t=0..1"]) == 2
    assert "parameters need a JSON game file" in capsys.readouterr().err


def test_toy_case_in_a_price(tmp_path):
    # The essay's toy case with the surplus action worth t to Alice: M(t) = max(41, 30 + t),
    # T2 = 41, so R_Alice = M − T2 = 0 until t = 11, then t − 11; R_Bob = 41 throughout.
    game = toy_case()
    path = tmp_path / "toy.json"
    path.write_text(format_json_game(game).replace('"30", "-20"', '"t", "-20"'))
    parameter = Parameter("t", F(0), F(30))
    report = solve_parametric(read_affine_game(path, parameter), parameter)
    alice, bob = report.values["rose"]
    assert alice.breakpoints == (11,)
    assert [p.value for p in alice.pieces] == [RationalFunction.affine(0), RationalFunction.affine(-11, 1)]
    assert bob.pieces[0].value == RationalFunction.affine(41) and len(bob.pieces) == 1
    for t in (F(0), F(21, 2), F(11), F(23, 2), F(30)):
        form = closed_form(read_game_at(path, {"t": t}), "rose")
        assert [str(f) for f in form.formulas] == ["M - T2", "T2"]
        assert form.values() == (alice(t), bob(t))
