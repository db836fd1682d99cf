"""Optional parts (the extras [distributed], [plot], [gambit], [smt]): the core never imports them, and a
missing one is a named error that says which extra installs it (one line and exit 2 from the CLI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from exactrose.cli import main
from exactrose.errors import ExactroseError, InputError, MissingExtraError
from exactrose.extras import EXTRAS, require
from exactrose.model.game import Game

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent

#: The top-level modules of each extra.
OPTIONAL = {"distributed": ("dask", "distributed"), "plot": ("matplotlib",), "gambit": ("pygambit",), "smt": ("z3",)}


@pytest.fixture
def hide(monkeypatch):
    """``hide(extra)``: the extra's modules (and their loaded submodules) cannot be imported, as
    when they are not installed (``sys.modules[name] = None``); restored after the test."""

    def hide(extra: str) -> None:
        for top in OPTIONAL[extra]:
            for name in [name for name in sys.modules if name == top or name.startswith(top + ".")] + [top]:
                monkeypatch.setitem(sys.modules, name, None)

    return hide


def test_every_extra_is_declared_in_pyproject():
    text = (ROOT / "pyproject.toml").read_text()
    assert set(EXTRAS) == set(OPTIONAL)
    for extra in EXTRAS:
        assert f"\n{extra} = [" in text


@pytest.mark.parametrize("extra", sorted(OPTIONAL))
def test_require_names_the_extra(hide, extra):
    hide(extra)
    with pytest.raises(MissingExtraError, match=rf"pip install 'exactrose\[{extra}\]'$") as caught:
        require(OPTIONAL[extra][-1], extra)
    # the project's error family (the CLI prints it as one line), and an ImportError all the same
    assert isinstance(caught.value, InputError) and isinstance(caught.value, ImportError)
    assert isinstance(caught.value.__cause__, ImportError)


def test_require_returns_the_module():
    assert require("fractions", "plot") is sys.modules["fractions"]


def test_plotting_without_matplotlib(hide, tmp_path):
    from exactrose.output.plot import plot_payoff_region

    hide("plot")
    with pytest.raises(MissingExtraError, match=r"^plotting needs matplotlib: pip install 'exactrose\[plot\]'$"):
        plot_payoff_region([(0, 0), (1, 0), (0, 1)], [(1, 0), (0, 1)], (0, 0), [], tmp_path / "region.png")
    assert not (tmp_path / "region.png").exists()


def test_pygambit_interop_without_pygambit(hide):
    hide("gambit")
    game = Game.from_arrays([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    with pytest.raises(MissingExtraError, match=r"^pygambit interop needs pygambit: pip install 'exactrose\[gambit\]'$"):
        game.to_pygambit()


def test_deciding_a_claim_for_every_real_game_without_z3(hide):
    from exactrose.values.symbolic import Payoffs, initiative_cells, maximin_cells
    from proofs.decide import at_least

    hide("smt")
    payoffs = Payoffs(2, 2)
    with pytest.raises(MissingExtraError, match=r"^deciding claims for every real game needs z3: pip install 'exactrose\[smt\]'$"):
        at_least(initiative_cells(payoffs), maximin_cells(payoffs), payoffs.ring.nvars())


def test_dask_cluster_without_dask(hide):
    from exactrose.runtime.cluster import connect, local_cluster

    hide("distributed")
    for start in (lambda: local_cluster(1), lambda: connect("tcp://127.0.0.1:8786")):
        with pytest.raises(MissingExtraError, match=r"^the dask backend needs dask.distributed: "
                                                    r"pip install 'exactrose\[distributed\]'$"):
            start()


@pytest.mark.parametrize(("extra", "args"), [
    ("plot", ["solve", "{pd}", "--plot", "{out}"]),
    ("plot", ["bargain", "{bargain}", "--plot", "{out}"]),
    ("distributed", ["solve", "{pd}", "--backend", "dask"]),
    ("distributed", ["prove", "4.1", "--family", "2x2:0..1", "--backend", "dask"]),
])
def test_cli_says_which_extra_is_missing_in_one_line(hide, capsys, tmp_path, extra, args):
    hide(extra)
    out = tmp_path / "values.png"
    paths = {"pd": DATA / "pd_payoff.nfg", "bargain": DATA / "bargaining_three_rose_points.json", "out": out}
    assert main([arg.format(**paths) for arg in args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("exactrose: error: ") and f"pip install 'exactrose[{extra}]'" in captured.err
    assert not out.exists()


def test_missing_extra_is_an_exactrose_error():
    assert issubclass(MissingExtraError, ExactroseError)


_CORE_RUN = """
import sys
from exactrose.cli import main
import exactrose
exactrose.rose_value, exactrose.solve_game, exactrose.Game  # the public API, loaded
status = main(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"dask", "distributed", "matplotlib", "pygambit", "z3"})
print("optional modules loaded:", loaded, file=sys.stderr)
sys.exit(status or bool(loaded))
"""

_BLOCKED_RUN = """
import sys
sys.modules.update(dict.fromkeys(["dask", "distributed", "matplotlib", "pygambit", "z3"]))  # as if not installed
from exactrose.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("args", [
    ["solve", str(DATA / "pd_payoff.nfg"), "--json"],
    ["solve", str(DATA / "three_player_exact.nfg"), "--workers", "2"],
    ["prove", "4.1", "--family", "2x2:0..1"],
])
@pytest.mark.parametrize("program", [_CORE_RUN, _BLOCKED_RUN], ids=["not-imported", "not-installed"])
def test_the_core_runs_without_the_extras(program, args):
    done = subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
