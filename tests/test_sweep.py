"""The sweep infrastructure of ``proofs``: families, the results store, local/pool/dask sweeps, reports."""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import distributed
import numpy as np
import pytest

from exactrose.cli import main
from exactrose.errors import ExactroseError, InputError
from exactrose.input.formats import game_from_json, game_to_json
from exactrose.limits import (
    MAX_DIGITS,
    MAX_FAMILY_GAMES,
    MAX_WORKERS,
    SCHEDULER_TIMEOUT,
)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # workers import the test claims as tests.sweep_claims
    sys.path.insert(0, str(ROOT))

from exactrose.output.sweeps import summaries_to_json, summaries_to_latex  # noqa: E402
from proofs.families import Family, parse_family  # noqa: E402
from proofs.store import ResultStore  # noqa: E402
from proofs.sweep import (  # noqa: E402
    DASK_CHUNK,
    QUEUED_PER_WORKER,
    Counterexample,
    Summary,
    run_sweep,
)

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


HUGE_SPECS = [
    ("1000000x2:0..1:random=1", "shape: a game may have at most 2,000,000 payoffs .* 1000000x2 has 4,000,000"),
    ("1" * 5000 + "x2:0..1", "shape: a game may have at most 2,000,000 payoffs"),
    ("x".join(["1"] * 65) + ":0..1", "shape: a game may have at most 64 players, found 65"),
    ("2x2:-" + "9" * 5000 + "..1", f"range: an integer may have at most {MAX_DIGITS} digits, found 5000"),
    ("2x2:0..1:random=" + "9" * 5000, f"random: an integer may have at most {MAX_DIGITS} digits"),
    ("2x2:0..1:random=1:seed=" + "7" * 5000, f"seed: an integer may have at most {MAX_DIGITS} digits"),
    (f"2x2:0..1:random={MAX_FAMILY_GAMES + 1}", f"random: at most {MAX_FAMILY_GAMES:,} games"),
    ("2x2:0..100000:all", f"too many games \\(more than {MAX_FAMILY_GAMES:,}\\)"),
    ("40x40:0.." + "9" * MAX_DIGITS + ":all", "too many games"),  # base ** entries is never built
]


@pytest.mark.parametrize(("spec", "message"), HUGE_SPECS, ids=range(len(HUGE_SPECS)))
def test_families_beyond_the_limits_are_refused_before_anything_is_built(spec, message):
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=message) as caught:
            parse_family(spec)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    text = str(caught.value)
    assert text.startswith("family spec '") and "\n" not in text and len(text) < 400


def test_the_cli_refuses_a_huge_family_or_too_many_workers_in_one_line(capsys):
    assert main(["prove", "payoff-dominance", "--family", "1000000x2:0..1:random=1", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "family spec '1000000x2:0..1:random=1': shape" in err
    argv = ["prove", "payoff-dominance", "--family", "2x2:0..1", "--no-progress", "--workers", str(MAX_WORKERS + 1)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and f"workers: expected a number of worker processes from 1 to {MAX_WORKERS}" in err


# ---------------------------------------------------------------------- sweeps
def rows(path, claim_ids, spec):
    with ResultStore(path) as store:
        return {c: list(store.results(c, spec)) for c in claim_ids}


@pytest.fixture(scope="module")
def cluster():
    """A dask LocalCluster of 2 worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as local:  # 8787 may be taken
        yield local


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["2x2:-1..1", "2x3:-3..3:random=40:seed=5"])
def test_sweeps_agree_in_process_on_a_pool_and_on_dask(spec, tmp_path, cluster):
    runs = {}
    configurations = [("one", {"workers": 1}), ("pool", {"workers": 2}), ("dask", {"backend": "dask", "scheduler": cluster}),
                      ("address", {"backend": "dask", "scheduler": cluster.scheduler_address})]
    for name, options in configurations:
        path = tmp_path / f"{name}.sqlite"
        summaries = run_sweep(CHEAP, spec, store_path=str(path), progress=False, extra_modules=MODULES, **options)
        runs[name] = (summaries, rows(path, CHEAP, spec))
    assert runs["one"] == runs["pool"] == runs["dask"] == runs["address"]
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
    for workers in (0, MAX_WORKERS + 1, 10**5000, 2.0, True):
        with pytest.raises(InputError, match=f"workers: expected a number of worker processes from 1 to {MAX_WORKERS}"):
            run_sweep("test-u1-even", "2x2:0..1", workers=workers, progress=False, extra_modules=MODULES)


@pytest.mark.parametrize("address", [pytest.param("tcp://127.0.0.1:1", marks=pytest.mark.slow), "nonsense", "foo://bar:1", "tcp://host:port", "inproc://x"])
def test_an_unreachable_or_malformed_scheduler_is_one_input_error(address):
    with pytest.raises(InputError) as caught:
        run_sweep("test-u1-even", "2x2:0..1", backend="dask", scheduler=address, progress=False, extra_modules=MODULES)
    text = str(caught.value)
    assert text.startswith(f"scheduler {address!r}: could not connect within {SCHEDULER_TIMEOUT} s (")
    assert "\n" not in text


@pytest.mark.parametrize(("options", "message"), [
    (["--backend", "dask", "--scheduler", "nonsense:x"], "scheduler 'nonsense:x': could not connect within"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler: expected together with --backend dask"),
    (["--resume"], "--resume: expected together with --store FILE"),
])
def test_the_cli_reports_bad_sweep_options_in_one_line(options, message, capsys):
    assert main(["prove", "payoff-dominance", "--family", "2x2:0..1", "--no-progress", *options]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith(f"exactrose: error: {message}")


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


# ---------------------------------------------------------------------- Ctrl-C
def interrupt_put(monkeypatch, at: int, pause: float = 0.0) -> None:
    """Make the ``at``-th :meth:`ResultStore.put` raise KeyboardInterrupt (before storing), as a
    Ctrl-C while a finished game is recorded; ``pause`` seconds first let the games in flight finish."""
    calls = itertools.count(1)
    put = ResultStore.put

    def interrupted(self, *args):
        if next(calls) == at:
            time.sleep(pause)
            raise KeyboardInterrupt
        return put(self, *args)

    monkeypatch.setattr(ResultStore, "put", interrupted)


def test_a_family_of_a_trillion_games_is_streamed_and_an_interrupt_keeps_the_recorded_games(tmp_path, monkeypatch):
    spec, path = f"2x2:-1..1:random={MAX_FAMILY_GAMES}:seed=0", tmp_path / "s.sqlite"
    interrupt_put(monkeypatch, 26)
    tracemalloc.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            run_sweep("test-u1-even", spec, store_path=str(path), progress=False, extra_modules=MODULES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # no list of the 10^12 indices
    with ResultStore(path) as store:
        assert store.done("test-u1-even", spec) == set(range(25))


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["pool", "dask"])
def test_an_interrupt_records_the_games_that_finished_and_stops_the_workers(backend, tmp_path, monkeypatch, cluster):
    claims, spec, path, log = ["test-resumable", "test-u1-even"], "2x2:-1..1", tmp_path / "s.sqlite", tmp_path / "log"
    size = len(parse_family(spec))
    options = {"workers": 2} if backend == "pool" else {"backend": "dask", "scheduler": cluster}
    children = set(multiprocessing.active_children())
    with monkeypatch.context() as patch:
        interrupt_put(patch, 10, pause=2.0)
        with pytest.raises(KeyboardInterrupt):
            run_sweep(claims, spec, store_path=str(path), progress=False, extra_modules=MODULES, **options)
    assert set(multiprocessing.active_children()) <= children  # the pool's workers are gone
    with ResultStore(path) as store:
        done = {c: store.done(c, spec) for c in claims}
    # 9 games were recorded, the 10th went with the interrupt, the games in flight finished in the pause
    in_flight = QUEUED_PER_WORKER * 2 + DASK_CHUNK  # at most, when the 10th game is recorded
    assert done["test-resumable"] == done["test-u1-even"] and 9 < len(done["test-resumable"]) < 9 + in_flight
    monkeypatch.setenv("SWEEP_TEST_LOG", str(log))
    resumed = run_sweep(claims, spec, store_path=str(path), resume=True, progress=False, extra_modules=MODULES)
    checked = [int(line) for line in log.read_text().split()]
    assert sorted(checked) == sorted(set(range(size)) - done["test-resumable"])
    monkeypatch.delenv("SWEEP_TEST_LOG")
    assert resumed == run_sweep(claims, spec, progress=False, extra_modules=MODULES)


@pytest.mark.parametrize("backend", ["pool", "dask"])
def test_each_game_is_stored_as_it_finishes_while_another_still_runs(backend, tmp_path, monkeypatch):
    spec, path, gate = "2x2:-1..1", tmp_path / "s.sqlite", tmp_path / "gate"
    monkeypatch.setenv("SWEEP_TEST_GATE", str(gate))  # game 3 waits for the gate
    with contextlib.ExitStack() as stack:
        if backend == "pool":
            options = {"workers": 2}
        else:  # one worker: games 0 to 7 are one dask task, stuck at game 3
            options = {"backend": "dask", "scheduler": stack.enter_context(distributed.LocalCluster(
                n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}))}  # 8787 may be taken
        sweep = ThreadPoolExecutor(1).submit(run_sweep, "test-resumable", spec, store_path=str(path), progress=False,
                                             extra_modules=MODULES, **options)
        try:
            deadline, done = time.monotonic() + 30, set()
            while not {0, 1, 2} <= done and time.monotonic() < deadline and not sweep.done():
                time.sleep(0.05)
                with contextlib.suppress(InputError):  # the store may not be made yet
                    with ResultStore(path) as store:
                        done = store.done("test-resumable", spec)
            assert {0, 1, 2} <= done and 3 not in done
        finally:
            gate.touch()
            summary, = sweep.result(timeout=120)
    assert summary.checked == len(parse_family(spec))


def test_a_worker_that_dies_stops_the_sweep_with_an_error_not_a_wait(tmp_path, monkeypatch):
    spec, path = "2x2:-1..1", tmp_path / "s.sqlite"
    monkeypatch.setenv("SWEEP_TEST_EXIT", "100")
    with pytest.raises(ExactroseError, match=r"a worker process died \(exit code 3\) while checking games"):
        run_sweep("test-resumable", spec, workers=2, store_path=str(path), progress=False, extra_modules=MODULES)
    with ResultStore(path) as store:
        assert 0 < len(store.done("test-resumable", spec)) < len(parse_family(spec))


INTERRUPTED_CLAIMS, INTERRUPTED_FAMILY = ["10", "transparent-averaging"], "2x2:-1..1:random=40:seed=3"


@pytest.fixture(scope="module")
def fresh_report():
    """The JSON report of an uninterrupted sweep of INTERRUPTED_CLAIMS on INTERRUPTED_FAMILY."""
    return summaries_to_json(run_sweep(INTERRUPTED_CLAIMS, INTERRUPTED_FAMILY, workers=2, progress=False))


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["local", "dask"])
def test_ctrl_c_stops_prove_in_one_line_and_resume_finishes_the_sweep(backend, tmp_path, fresh_report):
    path = tmp_path / "s.sqlite"
    argv = [sys.executable, "-m", "exactrose", "prove", *INTERRUPTED_CLAIMS, "--family", INTERRUPTED_FAMILY,
            "--store", str(path), "--workers", "2", "--backend", backend, "--no-progress", "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
                               start_new_session=True)  # its own process group, as at a terminal
    try:
        deadline, stored = time.monotonic() + 60, 0
        while stored < 2 * len(INTERRUPTED_CLAIMS):
            assert time.monotonic() < deadline and process.poll() is None, "the sweep ended before Ctrl-C"
            time.sleep(0.05)
            with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(path, timeout=5)) as db:
                stored = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches every process of the group
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert (process.returncode, out, err) == (130, "", "exactrose: interrupted\n")
    with ResultStore(path) as store:
        done = store.done("10", INTERRUPTED_FAMILY)
    assert 2 <= len(done) < 40
    resumed = subprocess.run(argv + ["--resume"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    # the store takes each (claim, game) once: a stored game checked again would end in an error, status 2
    assert (resumed.returncode, resumed.stderr) == (0, "")
    assert json.loads(resumed.stdout) == fresh_report
    with ResultStore(path) as store:
        assert store.count(family=INTERRUPTED_FAMILY) == 40 * len(INTERRUPTED_CLAIMS)


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
