"""The sweep infrastructure of ``proofs``: families, the results store, local/pool/dask sweeps, reports."""

from __future__ import annotations

import importlib
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import distributed
import numpy as np
import pytest

from exactrose.errors import InputError
from exactrose.formats import game_from_json, game_to_json

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # workers import the test claims as tests.sweep_claims
    sys.path.insert(0, str(ROOT))

from proofs.families import Family, parse_family  # noqa: E402
from proofs.report import summaries_to_json, summaries_to_latex  # noqa: E402
from proofs.store import ResultStore  # noqa: E402
from proofs.sweep import Counterexample, Summary, run_sweep  # noqa: E402

CLAIMS_MODULE = "tests.sweep_claims"
importlib.import_module(CLAIMS_MODULE)
MODULES = (CLAIMS_MODULE,)
CHEAP = ["test-u1-even", "test-maxsum-maximin", "test-undecided"]


# ------------------------------------------------------------------- families
def brute_force_classes(shape: tuple[int, ...], lo: int, hi: int) -> list[tuple[int, ...]]:
    """Smallest payoff tuple of every orbit, by transposing and re-indexing numpy arrays."""
    n = len(shape)
    size = int(np.prod(shape))
    canonical = set()
    for payoffs in itertools.product(range(lo, hi + 1), repeat=n * size):
        array = np.array(payoffs).reshape((n, *shape))
        images = []
        for sigma in itertools.permutations(range(n)):
            if any(shape[sigma[j]] != shape[j] for j in range(n)):
                continue
            # new player j is old player sigma[j], with old player sigma[j]'s action axis
            moved = array[list(sigma)].transpose([0] + [1 + s for s in sigma])
            for relabel in itertools.product(*(itertools.permutations(range(m)) for m in shape)):
                image = moved
                for axis, order in enumerate(relabel):
                    image = np.take(image, order, axis=axis + 1)
                images.append(tuple(image.ravel().tolist()))
        canonical.add(min(images))
    return sorted(canonical)


def test_exhaustive_family_counts_raw_games_and_classes():
    family = parse_family("2x2:-1..1")
    assert family.total == 3**8 == 6561
    assert len(family) == 873
    assert len(parse_family("2x2:-1..1:all")) == parse_family("2x2:-1..1:all").total == 6561
    start = time.perf_counter()
    assert parse_family("2x3:-1..1").total == 531441
    assert len(Family((2, 3), -1, 1)) == 46185  # a fresh family: the scan is not cached
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("spec", ["2x2:0..1", "2x2:-1..1", "2x3:0..1", "3x2:0..1", "1x2x2:0..1"])
def test_classes_match_a_brute_force_canonicalisation(spec):
    family = parse_family(spec)
    shape, lo, hi = family.shape, family.lo, family.hi
    assert [family.payoffs(i) for i in range(len(family))] == brute_force_classes(shape, lo, hi)


def test_family_games_are_games_with_integer_payoffs():
    family = parse_family("2x3:-1..1")
    game = family[5]
    assert game.shape == (2, 3) and game.title == "2x3:-1..1 #5"
    assert tuple(game.payoff_table(0) + game.payoff_table(1)) == family.payoffs(5)
    assert all(u.denominator == 1 for u in game.payoff_table(0))
    assert family[-1] == family[len(family) - 1]
    everything = parse_family("2x2:-1..1:all")
    assert everything.payoffs(0) == (-1,) * 8 and everything.payoffs(1) == (-1,) * 7 + (0,)
    assert everything.payoffs(6560) == (1,) * 8
    with pytest.raises(IndexError):
        family[len(family)]


def test_random_families_are_deterministic_by_seed_and_index():
    spec = "3x3x3:-5..5:random=100:seed=7"
    family = parse_family(spec)
    assert len(family) == family.total == 100 and family.spec == spec
    fresh = Family((3, 3, 3), -5, 5, mode="random", count=100, seed=7)
    assert [fresh.payoffs(i) for i in (99, 0, 57)] == [family.payoffs(i) for i in (99, 0, 57)]
    assert fresh[57] == family[57] and family[57].shape == (3, 3, 3)
    assert family.payoffs(0) != family.payoffs(1)
    assert parse_family("3x3x3:-5..5:random=100:seed=8").payoffs(0) != family.payoffs(0)
    values = {u for i in range(100) for u in family.payoffs(i)}
    assert values == set(range(-5, 6))
    # the same games in another process (string seeds hash the same everywhere)
    code = "from proofs.families import parse_family; print(list(parse_family(%r).payoffs(42)))" % spec
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=60).stdout
    assert json.loads(out) == list(family.payoffs(42))


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ("2x2", "spec"),
        ("2x:-1..1", "shape"),
        ("2x0:-1..1", "shape"),
        ("2x2:-1..", "range"),
        ("2x2:1..-1", "range"),
        ("2x2:a..b", "range"),
        ("2x2:-1..1:foo", "option"),
        ("2x2:-1..1:random=x", "random"),
        ("2x2:-1..1:random=0", "random"),
        ("2x2:-1..1:seed=3", "seed"),
        ("2x2:-1..1:random=3:random=4", "random"),
        ("2x2:-1..1:all:random=3", "all"),
        ("2x2:-1..1:all=1", "all"),
        ("5x5:-9..9", "too many"),
    ],
)
def test_bad_family_specs_name_the_field(spec, field):
    with pytest.raises(InputError, match=field):
        parse_family(spec)


# ---------------------------------------------------------------------- sweeps
def rows(path, claim_ids, spec):
    with ResultStore(path) as store:
        return {c: list(store.results(c, spec)) for c in claim_ids}


@pytest.fixture(scope="module")
def cluster():
    """A dask LocalCluster of 2 worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.mark.parametrize("spec", ["2x2:-1..1", "2x3:-3..3:random=40:seed=5"])
def test_sweeps_agree_in_process_on_a_pool_and_on_dask(spec, tmp_path, cluster):
    runs = {}
    configurations = [("one", {"workers": 1}), ("pool", {"workers": 2}), ("dask", {"backend": "dask", "scheduler": cluster})]
    for name, options in configurations:
        path = tmp_path / f"{name}.sqlite"
        summaries = run_sweep(CHEAP, spec, store_path=str(path), progress=False, extra_modules=MODULES, **options)
        runs[name] = (summaries, rows(path, CHEAP, spec))
    assert runs["one"] == runs["pool"] == runs["dask"]
    summaries, stored = runs["one"]
    size = len(parse_family(spec))
    assert [s.checked for s in summaries] == [size] * 3
    assert all(len(stored[c]) == size and [r.index for r in stored[c]] == list(range(size)) for c in CHEAP)
    even, maxsum, undecided = summaries
    assert maxsum.holds is True and maxsum.counterexample is None
    assert undecided.holds is None and undecided.counterexample is None
    assert even.holds is False
    failures = [r.index for r in stored["test-u1-even"] if r.holds is False]
    assert even.counterexample.index == min(failures)
    assert even.counterexample.game == parse_family(spec)[min(failures)]
    assert even.counterexample.evidence == stored["test-u1-even"][min(failures)].evidence


def test_sweep_refuses_bad_claims_and_options(tmp_path):
    with pytest.raises(InputError, match="2 players"):
        run_sweep("test-maxsum-maximin", "2x2x2:0..1:random=3", progress=False, extra_modules=MODULES)
    with pytest.raises(InputError, match="registered"):
        run_sweep("no-such-claim", "2x2:0..1", progress=False, extra_modules=MODULES)
    with pytest.raises(InputError, match="store_path"):
        run_sweep("test-u1-even", "2x2:0..1", resume=True, progress=False, extra_modules=MODULES)
    with pytest.raises(InputError, match="backend"):
        run_sweep("test-u1-even", "2x2:0..1", backend="mpi", progress=False, extra_modules=MODULES)
    with pytest.raises(InputError, match="extra_modules"):
        run_sweep("test-u1-even", "2x2:0..1", progress=False, extra_modules=["tests.no_such_claims"])


def test_store_is_cleared_without_resume_and_skips_with_it(tmp_path, capsys):
    path = str(tmp_path / "s.sqlite")
    first = run_sweep("test-u1-even", "2x2:0..1", store_path=path, progress=True, extra_modules=MODULES)
    assert "2x2:0..1" in capsys.readouterr().err  # the tqdm bar
    again = run_sweep("test-u1-even", "2x2:0..1", store_path=path, progress=False, extra_modules=MODULES)
    resumed = run_sweep("test-u1-even", "2x2:0..1", store_path=path, resume=True, progress=False, extra_modules=MODULES)
    assert first == again == resumed and first[0].checked == 43
    with ResultStore(path) as store:
        assert store.count() == 43 and store.done("test-u1-even", "2x2:0..1") == set(range(43))


def test_a_killed_sweep_resumes_without_checking_a_game_twice(tmp_path, monkeypatch):
    claims, spec = ["test-resumable", "test-u1-even"], "2x2:-1..1"
    size = len(parse_family(spec))
    path, killed_log, resumed_log = tmp_path / "killed.sqlite", tmp_path / "killed.log", tmp_path / "resumed.log"
    code = ("import sys; from proofs.sweep import run_sweep; "
            f"run_sweep({claims!r}, {spec!r}, store_path=sys.argv[1], progress=False, extra_modules={list(MODULES)!r})")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SWEEP_TEST_SLEEP": "0.005", "SWEEP_TEST_LOG": str(killed_log)}
    process = subprocess.Popen([sys.executable, "-c", code, str(path)], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while stored < 60:
            assert time.monotonic() < deadline and process.poll() is None, "the sweep ended before it was killed"
            time.sleep(0.05)
            if path.exists():
                try:
                    with sqlite3.connect(path, timeout=5) as db:
                        stored = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
                except sqlite3.OperationalError:  # the table is not created yet
                    stored = 0
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with ResultStore(path) as store:
        done = {c: store.done(c, spec) for c in claims}
    assert 0 < len(done["test-resumable"]) < size
    # one game at a time in-process: the kill lost at most the game in flight
    started = {int(line) for line in killed_log.read_text().split()}
    assert done["test-resumable"] <= started and len(started - done["test-resumable"]) <= 1
    print(f"killed after {len(done['test-resumable'])} of {size} games")

    monkeypatch.setenv("SWEEP_TEST_LOG", str(resumed_log))
    monkeypatch.delenv("SWEEP_TEST_SLEEP", raising=False)
    resumed = run_sweep(claims, spec, store_path=str(path), resume=True, progress=False, extra_modules=MODULES)
    checked = [int(line) for line in resumed_log.read_text().split()]
    assert len(checked) == len(set(checked))  # no game checked twice
    assert set(checked) == set(range(size)) - done["test-resumable"]

    monkeypatch.delenv("SWEEP_TEST_LOG")
    whole_path = tmp_path / "whole.sqlite"
    whole = run_sweep(claims, spec, store_path=str(whole_path), progress=False, extra_modules=MODULES)
    assert resumed == whole
    assert rows(path, claims, spec) == rows(whole_path, claims, spec)
    with ResultStore(path) as store:
        assert store.count() == 2 * size
    assert [s.checked for s in resumed] == [size, size]


# --------------------------------------------------------------------- reports
def test_json_report_shape():
    summaries = run_sweep(CHEAP, "2x2:0..1", progress=False, extra_modules=MODULES)
    report = summaries_to_json(summaries)
    assert json.loads(json.dumps(report)) == report
    assert [set(r) for r in report] == [{"proposition", "statement", "family", "checked", "holds", "counterexample"}] * 3
    even, maxsum, undecided = report
    assert (even["holds"], maxsum["holds"], undecided["holds"]) == (False, True, None)
    assert maxsum["counterexample"] is None and undecided["counterexample"] is None
    assert even["proposition"] == "test-u1-even" and even["family"] == "2x2:0..1" and even["checked"] == 43
    example = summaries[0].counterexample
    assert set(even["counterexample"]) == {"game", "evidence"}
    assert even["counterexample"]["game"] == game_to_json(example.game)
    assert game_from_json(even["counterexample"]["game"]) == example.game
    assert even["counterexample"]["evidence"] == {"sum_u1": str(sum(example.game.payoff_table(0)))}


def test_latex_report_has_a_row_per_summary_and_escapes():
    summaries = run_sweep(CHEAP, "2x2:0..1", progress=False, extra_modules=MODULES)
    odd = Summary("odd_id&50%", "statement", "control", "2x2:0..1", 43, False,
                  Counterexample(3, parse_family("2x2:0..1")[3], {"note": "a_b"}))
    latex = summaries_to_latex([*summaries, odd])
    for token in (r"\toprule", r"\midrule", r"\bottomrule", r"\begin{tabular}"):
        assert token in latex
    lines = latex.splitlines()
    body = lines[lines.index(r"\midrule") + 1 : lines.index(r"\bottomrule")]
    assert len(body) == 4
    assert body[0].startswith(r"test-u1-even & 2x2:0..1 & 43 & fails: game \#")
    assert body[1] == r"test-maxsum-maximin & 2x2:0..1 & 43 & holds \\"
    assert body[2].startswith(r"test-undecided & 2x2:0..1 & 43 & undecided")
    assert body[3].startswith(r"odd\_id\&50\% & 2x2:0..1 & 43 & fails (as expected): game \#3")
    assert r"note=a\_b" in body[3]
