"""Long work is visible and bounded: time limits, stop requests (Ctrl-C) and progress.

A search cut short returns the enclosure it has proved; a solve cut short returns what it has
computed, marked as partial; the command line prints it, then one line, and exits 130.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from exactrose.applications.solve import solve_game
from exactrose.cli import main
from exactrose.exact.enclosure import Enclosure
from exactrose.input.formats import write_game
from exactrose.model.game import Game
from exactrose.output.json_export import game_report_to_json
from exactrose.runtime.budget import BUDGET, CONVERGED, INTERRUPTED, TIME_LIMIT, Budget
from exactrose.values.contextual import rank_game
from exactrose.values.initiative import initiative_values
from exactrose.values.search import (
    ReducedGame,
    check_bound_certificate,
    maximise_contextual,
    maximise_nested,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def random_game(shape: tuple[int, ...], seed: int) -> Game:
    rng = random.Random(seed)
    return Game.from_function(shape, lambda profile: [rng.randint(-9, 9) for _ in shape], title=f"seed {seed}")


class StopAfter(Budget):
    """A budget that is exhausted after ``polls`` questions (deterministic, unlike a clock)."""

    def __init__(self, polls: int) -> None:
        super().__init__()
        self.polls = polls

    def exhausted(self) -> bool:
        self.polls -= 1
        if self.polls < 0:
            self.stop()
        return super().exhausted()


def test_a_spent_budget_says_why():
    spent = Budget(seconds=0)
    assert spent.exhausted() and spent.reason == TIME_LIMIT
    fresh = Budget(seconds=3600)
    assert not fresh.exhausted() and fresh.reason is None
    fresh.stop()
    assert fresh.exhausted() and fresh.reason == INTERRUPTED


@pytest.mark.parametrize("polls", [0, 3, 20])
def test_a_search_cut_short_still_encloses_the_maximum(polls):
    """Stopped after a few boxes, the certified search returns a wider enclosure that still
    contains the maximum it would have proved to 1e-12."""
    reduced = ReducedGame(rank_game(random_game((3, 3, 2), 11), (0, 1, 2)))
    full = maximise_contextual(reduced, 1)
    cut = maximise_contextual(reduced, 1, limit=StopAfter(polls))
    low = full.value.lower if isinstance(full.value, Enclosure) else full.value
    high = full.value.upper if isinstance(full.value, Enclosure) else full.value
    assert isinstance(cut.value, Enclosure) or cut.value == full.value
    cut_low = cut.value.lower if isinstance(cut.value, Enclosure) else cut.value
    cut_high = cut.value.upper if isinstance(cut.value, Enclosure) else cut.value
    assert cut_low <= low and high <= cut_high
    assert cut.boxes <= full.boxes
    assert check_bound_certificate(reduced, cut.certificate) <= cut_high  # the certificate re-proves the upper end


def test_a_search_says_why_it_stopped():
    """``stopped``: converged (the ends met the tolerance), budget (the box budget was spent, or
    the time limit passed) or interrupted (a stop was requested); a search cut short says so."""
    reduced = ReducedGame(rank_game(random_game((3, 3, 2), 11), (1, 0, 2)))
    full = maximise_contextual(reduced, 1)
    assert full.stopped == CONVERGED and full.boxes > 3
    few = maximise_contextual(reduced, 1, budget=3)
    assert few.stopped == BUDGET and few.boxes == 3 and isinstance(few.value, Enclosure)
    assert maximise_contextual(reduced, 1, limit=Budget(seconds=0)).stopped == BUDGET
    stopped = Budget()
    stopped.stop()
    assert maximise_contextual(reduced, 1, limit=stopped).stopped == INTERRUPTED


def test_a_nested_search_says_why_it_stopped():
    """W_1 of four players reports why its own loop stopped; when rank 1 has a single action it
    has no loop (W_1 is a difference of two inner maxima) and reports why its inner searches did."""
    reduced = ReducedGame(rank_game(random_game((2, 2, 2, 2), 2), (0, 1, 2, 3)))
    assert maximise_nested(reduced, budget=3).stopped == BUDGET
    single = ReducedGame(rank_game(random_game((1, 2, 2, 2), 1), (0, 1, 2, 3)))
    assert maximise_nested(single).stopped == CONVERGED
    stopped = Budget()
    stopped.stop()
    cut = maximise_nested(single, limit=stopped)
    assert cut.stopped == INTERRUPTED and isinstance(cut.value, Enclosure)


def test_initiative_values_and_reports_say_why_their_searches_stopped():
    """An ordering whose searches ran out of budget says so (exact methods always converge),
    and so does the report of ``solve``, per ordering, in JSON."""
    game = random_game((3, 3, 2), 11)
    stopped = Budget()
    stopped.stop()
    cut = initiative_values(game, (1, 0, 2), limit=stopped)
    assert cut.stopped == INTERRUPTED and not cut.exact
    assert initiative_values(random_game((2, 2, 2), 3), (0, 1, 2)).stopped == CONVERGED
    budget = Budget()
    budget.enter = lambda stage: setattr(budget, "deadline", 0.0) if stage.startswith("ordering") else None
    report = solve_game(game, budget)  # the time limit passes as the first ordering starts
    assert report.stopped == TIME_LIMIT and report.unconverged and set(report.unconverged.values()) <= {BUDGET}
    assert set(game_report_to_json(report)["unconverged"].values()) <= {BUDGET}
    assert not solve_game(random_game((2, 2, 2), 3)).unconverged


def test_a_solve_stopped_at_once_has_no_values_and_says_so():
    report = solve_game(random_game((2, 2, 2), 3), Budget(seconds=0))
    assert report.stopped == TIME_LIMIT and report.values == {} and report.initiative == {}
    assert game_report_to_json(report)["stopped"] == TIME_LIMIT and game_report_to_json(report)["orderings"] == 6


def test_a_solve_stopped_between_orderings_keeps_the_finished_ones():
    game = random_game((2, 2, 2), 3)
    complete = solve_game(game)
    budget = Budget(progress=lambda text: budget.stop() if text.startswith("ordering 3 of 6") else None)
    partial = solve_game(game, budget)
    assert partial.stopped == INTERRUPTED
    assert len(partial.initiative) == 3 and "rose" not in partial.values
    for order, values in partial.initiative.items():
        assert values == complete.initiative[order]
    assert partial.values["coco"] == complete.values["coco"]
    assert complete.stopped is None and "stopped" not in game_report_to_json(complete)


def test_progress_names_each_stage_and_ordering():
    seen: list[str] = []
    solve_game(random_game((2, 2, 2), 5), Budget(progress=seen.append))
    stages = [text.rsplit(" (", 1)[0] for text in seen]
    assert stages[:3] == ["maximin values", "CoCo values", "Shapley-ROSE values"]
    assert [s for s in stages if s.startswith("ordering")] == [
        f"ordering {k} of 6 ({order})" for k, order in enumerate(["1,2,3", "1,3,2", "2,1,3", "2,3,1", "3,1,2", "3,2,1"], 1)]


def test_solve_shows_progress_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    path = tmp_path / "g.nfg"
    write_game(random_game((2, 2, 2), 5), path)
    assert main(["solve", str(path)]) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["solve", str(path)]) == 0
    err = capsys.readouterr().err
    assert "ordering 6 of 6 (3,2,1)" in err and err.endswith("\r\x1b[K")


def test_time_limit_option_prints_a_partial_table_and_json(tmp_path, capsys):
    path = tmp_path / "g.nfg"
    write_game(random_game((4, 4, 4), 5), path)
    assert main(["solve", str(path), "--time-limit", "0.001"]) == 0
    out = capsys.readouterr().out
    assert "(partial: stopped by the time limit after 0 of 6 initiative orderings" in out
    assert main(["solve", str(path), "--time-limit", "0.001", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["stopped"] == "time limit" and obj["orderings"] == 6 and "rose" not in obj["values"]


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "1e999", "soon", "9" * 5000])
def test_bad_time_limits_are_one_line(value, capsys):
    assert main(["solve", "x.nfg", f"--time-limit={value}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--time-limit" in err


def _start(args: list[str], cwd: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.Popen([sys.executable, "-m", "exactrose", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_ctrl_c_in_solve_prints_what_was_proved_then_one_line(tmp_path):
    """The first SIGINT stops the search at its next box; the table printed is partial, the
    enclosures in it are proved, stderr has one line, the status is 130."""
    path = tmp_path / "g.nfg"
    write_game(random_game((4, 4, 4), 5), path)
    process = _start(["solve", str(path), "--json"], str(tmp_path))
    time.sleep(4)  # well inside the first ordering's searches (the whole solve takes minutes)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "exactrose: interrupted\n"
    obj = json.loads(out)
    assert obj["stopped"] == "interrupted" and obj["orderings"] == 6
    assert set(obj["values"]) == {"maximin", "coco", "shapley_rose"}
    assert len(obj["initiative"]) < 6


@pytest.mark.slow
def test_ctrl_c_elsewhere_is_one_line_and_status_130(tmp_path):
    """Any command: SIGINT gives one line on stderr and exit status 130, no traceback."""
    path = tmp_path / "g.nfg"
    write_game(random_game((5, 5, 4), 2), path)
    process = _start(["equilibria", str(path), "--grid", "40"], str(tmp_path))
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "exactrose: interrupted\n"


def test_partial_enclosures_printed_contain_the_complete_values():
    """A report stopped inside an ordering's searches prints enclosures that contain the values
    of the complete report (checked on a quick 3x2x2 game)."""
    game = random_game((3, 2, 2), 11)
    complete = solve_game(game)
    partial = solve_game(game, StopAfter(5))
    assert partial.initiative
    for order, values in partial.initiative.items():
        for cut, full in zip(values, complete.initiative[order]):
            low, high = (cut.lower, cut.upper) if isinstance(cut, Enclosure) else (cut, cut)
            full_low, full_high = (full.lower, full.upper) if isinstance(full, Enclosure) else (full, full)
            assert low <= full_low and full_high <= high
