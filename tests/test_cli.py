"""The ``exactrose`` command: catalogue, ``solve`` in text, JSON and LaTeX, and user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from exactrose.cli import main
from exactrose.input.formats import write_game
from exactrose.model.game import Game

DATA = Path(__file__).parent / "data"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exactrose", *args], capture_output=True, text=True, timeout=120)


def test_catalogue_is_printed_with_exact_values(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for title in ("Toy case", "Bread game, after baking", "Alex Mennen's pass game", "Matching pennies",
                  "Prisoner's dilemma", "Chicken"):
        assert title in out
    toy = out.split("[toy]")[1].split("[bread]")[0]
    assert "19/2" in toy and "101/2" in toy  # CoCo rewards Bob's threat
    assert toy.splitlines()[4].split() == ["Alice", "-20", "19/2", "19", "19", "19", "19"]


def test_solve_prints_a_table(capsys):
    assert main(["solve", str(DATA / "pd_payoff.nfg")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["player", "maximin", "CoCo", "Shapley-ROSE", "ROSE", "V(1,2)", "V(2,1)"]
    assert lines[3].split()[1:] == ["1", "3", "3", "3", "4", "2"]


def test_solve_json_has_exact_strings_indexed_by_player(capsys):
    assert main(["solve", str(DATA / "pd_payoff.nfg"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "players": ["1", "2"],
        "values": {"maximin": ["1", "1"], "coco": ["3", "3"], "shapley_rose": ["3", "3"], "rose": ["3", "3"]},
        "initiative": {"1,2": ["4", "2"], "2,1": ["2", "4"]},
    }


def test_solve_json_of_the_toy_case_names_players_and_fractions(tmp_path, capsys):
    from exactrose.model.catalogue import toy_case

    path = tmp_path / "toy.json"
    write_game(toy_case(), path)
    assert main(["solve", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["players"] == ["Alice", "Bob"]
    assert report["values"]["coco"] == ["19/2", "101/2"]


def test_three_player_json_marks_exact_numbers(tmp_path, capsys):
    """Player 1 has three actions: the orderings it leads snap to exact maxima, written as
    rationals or real algebraic numbers ({poly, interval, approx}), each ROSE value inside the
    enclosure (``{lower, upper}``) found without snapping."""
    from exactrose.exact.algebraic import RealAlgebraic
    from exactrose.exact.enclosure import Enclosure
    from exactrose.values.rose import rose_value

    game = Game.from_function((3, 2, 2), lambda a: ((a[0] + 3 * a[1] + a[2]) % 5 - 2, (2 * a[0] + a[1] + 7 * a[2]) % 7 - 3, (a[0] + 5 * a[1] + a[2]) % 6 - 3))
    path = tmp_path / "three.json"
    write_game(game, path)
    assert main(["solve", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["values"]) == {"maximin", "coco", "shapley_rose", "rose"}
    assert len(report["initiative"]) == 6
    numbers = [*report["values"]["rose"], *(v for values in report["initiative"].values() for v in values)]
    for number in numbers:
        if isinstance(number, dict):
            assert set(number) == {"poly", "interval", "approx"}
        else:
            Fraction(number)
    plain = rose_value(game, snapping=False).values
    assert any(isinstance(v, Enclosure) for v in plain)
    for number, enclosed in zip(report["values"]["rose"], plain):
        value = RealAlgebraic.from_json(number) if isinstance(number, dict) else Fraction(number)
        assert value in enclosed if isinstance(enclosed, Enclosure) else value == enclosed


def test_five_players_with_two_movers_get_every_value(tmp_path, capsys):
    """Players 3 and 4 are null, player 5 passive: all 120 orderings fold to two-player games."""
    game = Game.from_function((2, 2, 1, 1, 1), lambda a: (a[0], a[1], 0, 0, a[0] * a[1]))
    path = tmp_path / "five.json"
    write_game(game, path)
    assert main(["solve", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["values"]) == {"maximin", "coco", "shapley_rose", "rose"}
    rose = [Fraction(v) for v in report["values"]["rose"]]
    assert rose[2] == rose[3] == 0 and sum(rose) == game.max_total()
    assert len(report["initiative"]) == 120 and "stopped" not in report


def test_five_movers_are_solved(tmp_path, capsys):
    """Five players with two actions each, every payoff the player's own action: each extracts 1."""
    game = Game.from_function((2, 2, 2, 2, 2), lambda a: a)
    path = tmp_path / "five.json"
    write_game(game, path)
    assert main(["solve", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["values"]["rose"] == ["1"] * 5 and "stopped" not in report
    assert len(report["initiative"]) == 120


def test_solve_latex_is_a_booktabs_table(tmp_path, capsys):
    from exactrose.model.catalogue import pass_game

    path = tmp_path / "pass.nfg"
    write_game(pass_game(), path)
    assert main(["solve", str(path), "--latex"]) == 0
    latex = capsys.readouterr().out
    assert latex.startswith(r"\begin{table}")
    assert r"\toprule" in latex and r"\bottomrule" in latex
    assert r"Alice & $\frac{1}{2}$ & $\frac{1}{2}$" in latex
    assert r"Bob & $-\frac{1}{2}$" in latex
    assert r"\caption{Alex Mennen's pass game}" in latex


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ('NFG 1 R "x" { "1" "2" } { 2 2 }\n1 2 3 4 5 6 7\n', "short.nfg", "short.nfg, line 2"),
        ('{"format": "exactrose-game", "version": 1, "players": ["A"],\n "payoffs": [[0.5]]}', "float.json",
         "float.json, line 2"),
        ("{not json", "broken.json", "broken.json, line 1"),
        ("whatever", "game.txt", "game.txt"),
    ],
    ids=["nfg-payoff-count", "json-float", "json-syntax", "unknown-extension"],
)
def test_bad_files_exit_2_with_one_line_and_no_traceback(tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_text(content)
    result = run("solve", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = run("solve", str(tmp_path / "absent.nfg"))
    assert result.returncode == 2 and "absent.nfg" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert run("solve").returncode == 2
    assert run("solve", "x.nfg", "--json", "--latex").returncode == 2
    assert run("frobnicate").returncode == 2


# ------------------------------------------------------------------------------ prove
def test_prove_lists_every_claim(capsys):
    assert main(["prove", "--list"]) == 0
    listed = capsys.readouterr().out
    for claim_id in ("transparent-averaging", "conditional-threat", "payoff-dominance"):
        assert claim_id in listed


def test_prove_json_reports_a_counterexample_for_a_control(capsys):
    assert main(["prove", "conditional-threat", "--family", "2x2:0..1", "--json", "--no-progress"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["proposition"] == "conditional-threat" and entry["family"] == "2x2:0..1"
    assert entry["checked"] == 43 and entry["holds"] is False
    game = entry["counterexample"]["game"]
    assert game["format"] == "exactrose-game" and len(game["payoffs"]) == 2
    assert set(entry["counterexample"]["evidence"]) == {"rose", "rose_with_threat"}


def test_prove_latex_and_store_resume(tmp_path, capsys):
    store = tmp_path / "sweep.sqlite"
    argv = ["prove", "payoff-dominance", "--family", "2x2:0..1", "--store", str(store), "--no-progress"]
    assert main(argv + ["--latex"]) == 0
    first = capsys.readouterr().out
    assert r"\toprule" in first and "payoff-dominance" in first and "43" in first
    assert main(argv + ["--latex", "--resume"]) == 0
    assert capsys.readouterr().out == first


def test_prove_bad_input_is_one_line_and_status_2(capsys):
    assert main(["prove", "no-such-claim"]) == 2
    assert "unknown id" in capsys.readouterr().err
    assert main(["prove", "--family", "2x2:1..0"]) == 2
    assert "family" in capsys.readouterr().err
    assert main(["prove", "transparent-averaging", "--family", "2x2x2:0..1:random=2"]) == 2
    assert "players" in capsys.readouterr().err


def test_equilibria_json_lists_every_equilibrium_exactly(capsys):
    assert main(["equilibria", str(DATA / "pd_payoff.nfg"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["complete"] is True
    rose = {(tuple(e["point"]), tuple(e["weights"])) for e in out["equilibria"]["rose"] if e["positive"]}
    # The prisoner's dilemma: the symmetric point and one on each frontier edge, at the edge's normal.
    assert rose == {(("9/4", "7/2"), ("2/5", "3/5")), (("3", "3"), ("1/2", "1/2")), (("7/2", "9/4"), ("3/5", "2/5"))}
    assert [(e["point"], e["weights"]) for e in out["equilibria"]["coco"]] == [(["3", "3"], ["1/2", "1/2"])]


def test_equilibria_text_latex_and_three_player_search(capsys):
    assert main(["equilibria", str(DATA / "pd_payoff.nfg"), "--concept", "coco"]) == 0
    assert "CoCo equilibria:\n  (3, 3)  weights (1/2, 1/2)" in capsys.readouterr().out
    assert main(["equilibria", str(DATA / "pd_payoff.nfg"), "--latex"]) == 0
    assert r"CoCo & $\left(3, 3\right)$ & $\left(\frac{1}{2}, \frac{1}{2}\right)$ \\" in capsys.readouterr().out
    assert main(["equilibria", str(DATA / "three_player_exact.nfg"), "--grid", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["complete"] is False and set(out["equilibria"]) == {"rose", "coco"}


def test_plots_of_a_game_are_written(tmp_path, capsys):
    for command in ("solve", "equilibria"):
        picture = tmp_path / f"{command}.png"
        assert main([command, str(DATA / "pd_payoff.nfg"), "--plot", str(picture)]) == 0
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    capsys.readouterr()


@pytest.mark.parametrize("args, expected", [
    (["solve", "three_player_exact.nfg", "--plot", "x.png"], "--plot draws two-player games"),
    (["equilibria", "three_player_exact.nfg", "--plot", "x.png"], "--plot draws two-player games"),
    (["equilibria", "pd_payoff.nfg", "--grid", "0"], "--grid: expected a positive integer"),
])
def test_plot_and_grid_errors_exit_2(args, expected, tmp_path, capsys):
    args = [args[0], str(DATA / args[1]), *[str(tmp_path / a) if a.endswith(".png") else a for a in args[2:]]]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
