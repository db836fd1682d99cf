"""Reading and validating files from strangers: time and memory of every reader on hostile input.

The inputs (seeded, reproducible):
  hostile    the targeted hostile files of tests/test_fuzz_readers.py (HOSTILE_FILES: 10^9
             strategy counts, 5001-digit and 1e9999 payoffs, 100,000 players, 10^6 action
             names, deep nesting, ...) and the bad files of tests/test_formats.py (BAD), each
             read as a file (read_game or read_bargaining)
  bytes      random bytes (0 to 300 of them), decoded leniently, then parsed
  soup       random sequences of the formats' own tokens and the hostile pieces
  json       random JSON trees (the formats' keys, wrong types, huge integers, floats)
  mutation   the files of tests/data and a few generated games with 1 to 4 token edits
             (delete, duplicate, replace or insert a hostile piece, swap, cut), and JSON files
             with their tree edited
  options    --disagreement text and number text (parse_point_option, number_from_text)
For each reader and kind: the median and the largest time (seconds), the largest peak of
Python memory while reading one input (tracemalloc, MB) and the largest time as a multiple of
the baseline: reading a valid 300x300 game file (.nfg, and .json for the JSON readers) in the
same process.  The contract checked on the way: each input gives a game or an InputError naming
its file; anything else is counted and printed.  ``--large`` adds inputs at the 64 MB file cap.
Run:

    PYTHONPATH=. python benchmarks/bench_inputs.py
    PYTHONPATH=. python benchmarks/bench_inputs.py --count 500 --seed 2 --large
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_formats import BAD  # noqa: E402
from test_fuzz_readers import (  # noqa: E402
    BARGAINING_SEEDS,
    HOSTILE,
    HOSTILE_FILES,
    JSON_SEEDS,
    NFG_SEEDS,
)

from exactrose.applications.bargaining import (  # noqa: E402
    parse_bargaining_json,
    parse_point_option,
    read_bargaining,
)
from exactrose.errors import InputError  # noqa: E402
from exactrose.exact.numbers import number_from_text  # noqa: E402
from exactrose.input.formats import (  # noqa: E402
    game_from_json,
    parse_json_game,
    parse_nfg,
    read_game,
    write_game,
)
from exactrose.limits import MAX_FILE_BYTES  # noqa: E402
from exactrose.model.game import Game  # noqa: E402

Reader = Callable[[], object]


# ------------------------------------------------------------------ seeded inputs

_VOCABULARY = ["NFG", "1", "R", "D", '"', '"x"', '""', "{", "}", ",", " ", "\n", "2", "0", "-1", "1/2", "0.5",
               "1e3", "{ 1 1 }", '{ "A" "B" }', '{ "" 1, 2 }', "[", "]", ":", '"points"', '"format"']
_KEYS = ["format", "version", "title", "players", "actions", "payoffs", "points", "disagreement"]
_TOKEN_SPLIT = __import__("re").compile(r'"(?:[^"\\]|\\.)*"|\s+|[{}\[\],:]|[^\s{}\[\],:"]+|.', __import__("re").DOTALL)


def random_scalar(rng: random.Random) -> object:
    return rng.choice([
        None, True, False, rng.randint(-10, 10), rng.randint(-(2**70), 2**70), 10**1000, -(10**999),
        rng.uniform(-1e6, 1e6), float("nan"), "exactrose-game", "1/2", "-3/4", "1e999999999", "x",
        rng.choice(HOSTILE), "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 6))),
    ])


def random_tree(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return random_scalar(rng)
    if roll < 0.7:
        return [random_tree(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(_KEYS + ["x", ""]): random_tree(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def game_like_tree(rng: random.Random) -> object:
    """The game's keys with plausible values, one or two of them replaced by random trees."""
    n = rng.randint(1, 3)
    shape = [rng.randint(1, 3) for _ in range(n)]

    def table(d: int) -> object:
        return rng.choice([rng.randint(-5, 5), "1/2", random_scalar(rng)]) if d == n else \
            [table(d + 1) for _ in range(shape[d])]

    obj: dict[str, object] = {"format": "exactrose-game", "version": 1, "players": [f"P{i}" for i in range(n)],
                              "actions": [[str(a) for a in range(m)] for m in shape],
                              "payoffs": [table(0) for _ in range(n)]}
    for _ in range(rng.randint(0, 2)):
        key = rng.choice(_KEYS)
        if rng.random() < 0.3:
            obj.pop(key, None)
        else:
            obj[key] = random_tree(rng, 2)
    return obj


def mutate_text(rng: random.Random, text: str) -> str:
    tokens = _TOKEN_SPLIT.findall(text) or [""]
    for _ in range(rng.randint(1, 4)):
        if not tokens:
            tokens = [""]
        k = rng.randrange(len(tokens))
        piece = rng.choice([rng.choice(HOSTILE), rng.choice(tokens), chr(rng.randint(0, 0x3000))])
        op = rng.choice(["delete", "duplicate", "replace", "insert", "swap", "cut"])
        if op == "delete":
            del tokens[k]
        elif op == "duplicate":
            tokens[k:k] = [tokens[k]] * rng.choice([1, 2, 1000])
        elif op == "replace":
            tokens[k] = piece
        elif op == "insert":
            tokens.insert(k, " " + piece + " ")
        elif op == "swap":
            j = rng.randrange(len(tokens))
            tokens[k], tokens[j] = tokens[j], tokens[k]
        else:
            del tokens[k:]
    return "".join(tokens)


def mutate_tree(rng: random.Random, text: str) -> object:
    obj = json.loads(text)
    for _ in range(rng.randint(1, 3)):
        parent, key, node = None, None, obj
        while isinstance(node, (list, dict)) and node and rng.random() < 0.75:
            parent = node
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            node = node[key]
        if parent is None:
            continue
        op = rng.choice(["replace", "replace", "delete", "duplicate"])
        if op == "replace":
            parent[key] = random_tree(rng, 2)
        elif op == "delete":
            del parent[key]
        elif isinstance(parent, list):
            parent.insert(key, parent[key])
    return obj


def dumps(obj: object) -> str | None:
    try:
        return json.dumps(obj, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------ measuring


class Results:
    def __init__(self, baseline: dict[str, float]) -> None:
        self.baseline = baseline
        self.rows: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
        self.failures: list[tuple[str, str, str]] = []
        self.cases: list[tuple[str, str, float, float, str]] = []

    def run(self, reader: str, kind: str, label: str, read: Reader, where: str, track_case: bool = False) -> None:
        seconds, peak, outcome = measure(read)
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, InputError) or where not in str(outcome):
                self.failures.append((reader, label, f"{type(outcome).__name__}: {str(outcome)[:200]}"))
            text = str(outcome).replace(where, "FILE", 1)
        else:
            text = f"read: {type(outcome).__name__}"
        self.rows[(reader, kind)].append((seconds, peak, label))
        if track_case:
            self.cases.append((label, reader, seconds, peak, text))

    def ratio(self, reader: str, seconds: float) -> float:
        base = self.baseline["json" if "json" in reader or "bargaining" in reader else "nfg"]
        return seconds / base


def measure(read: Reader) -> tuple[float, float, object]:
    """Seconds (without tracing), then the peak of traced memory (a second run), and the result
    or the exception."""
    gc.collect()
    start = time.perf_counter()
    try:
        outcome: object = read()
    except Exception as error:  # noqa: BLE001 -- anything but an InputError is reported
        outcome = error
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    try:
        read()
    except Exception:  # noqa: BLE001, S110 -- the first run reported it
        pass
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, outcome


def baseline_times(folder: Path, rng: random.Random) -> dict[str, float]:
    game = Game.from_function((300, 300), lambda p: (rng.randint(-1000, 1000), Fraction(rng.randint(-999, 999), 7)))
    times = {}
    for kind in ("nfg", "json"):
        path = folder / f"baseline300.{kind}"
        write_game(game, path)
        best = float("inf")
        for _ in range(3):
            gc.collect()
            start = time.perf_counter()
            assert read_game(path) == game
            best = min(best, time.perf_counter() - start)
        times[kind] = best
    return times


# ------------------------------------------------------------------ the inputs


def hostile_files(results: Results, folder: Path) -> None:
    for name, file, content, _ in HOSTILE_FILES:
        path = folder / file
        path.write_text(content, encoding="utf-8")
        reader = read_bargaining if file.startswith("bargain") else read_game
        results.run(reader.__name__, "hostile", name, lambda reader=reader, path=path: reader(path), str(path), True)
    for name, content, *_ in BAD:
        path = folder / name
        path.write_bytes(content.encode("latin-1" if name == "latin1.nfg" else "utf-8"))
        results.run("read_game", "test_formats BAD", name, lambda path=path: read_game(path), str(path))
    for option in ("1e999999999,0", "0," + "9" * 5001, "," * 100000, "\u0661,0"):
        results.run("parse_point_option", "hostile", f"--disagreement={option[:20]}",
                    lambda option=option: parse_point_option(option), "--disagreement", True)


def large_files(results: Results, folder: Path) -> None:
    """Inputs at the 64 MB cap (each written once, read once)."""
    n = MAX_FILE_BYTES - 100
    head = '{"format": "exactrose-game", "version": 1, "players": ["A"], '
    cases = [
        ("64 MB: extra payoffs", "extra.nfg", 'NFG 1 R "" { "A" } { 1 }\n' + "0 " * (n // 2)),
        ("64 MB: unterminated string", "string.nfg", 'NFG 1 R "' + "x" * n),
        ("64 MB: one word of digits", "word.nfg", 'NFG 1 R "" { "A" } { 2 } 1 ' + "1" * n + "x"),
        ("64 MB: 2-char JSON strings", "strings.json", head + '"payoffs": [[' + '"ab",' * (n // 5) + '"ab"]]}'),
        ("64 MB: empty JSON lists", "lists.json", head + '"payoffs": [[' + "[]," * (n // 3) + "[]]]}"),
        ("64 MB: JSON zeros", "zeros.json", head + '"payoffs": [[' + "0," * (n // 2) + "0]]}"),
        ("64 MB: action names", "names.json", head + '"actions": [[' + ",".join(f'"{k}"' for k in range(n // 10))
         + ']], "payoffs": [[1]]}'),
        ("64 MB: bargaining points", "bargain.json", '{"disagreement": [0, 0], "points": ['
         + "[0,0]," * (n // 6) + "[0,0]]}"),
    ]
    for name, file, content in cases:
        path = folder / file
        assert len(content) <= MAX_FILE_BYTES, name
        path.write_text(content, encoding="utf-8")
        del content
        reader = read_bargaining if file.startswith("bargain") else read_game
        results.run(reader.__name__, "64 MB", name, lambda reader=reader, path=path: reader(path), str(path), True)
        path.unlink()


def fuzz_inputs(results: Results, folder: Path, rng: random.Random, count: int) -> None:
    for k in range(count):
        data = rng.randbytes(rng.randint(0, 300))
        text = data.decode("utf-8", "replace")
        results.run("parse_nfg", "bytes", f"bytes {k}", lambda: parse_nfg(text, "in.nfg"), "in.nfg")
        results.run("parse_json_game", "bytes", f"bytes {k}", lambda: parse_json_game(text, "in.json"), "in.json")
        results.run("parse_bargaining_json", "bytes", f"bytes {k}", lambda: parse_bargaining_json(text, "b.json"),
                    "b.json")
        for name, reader in (("bytes.nfg", read_game), ("bytes.json", read_bargaining)):
            path = folder / name
            path.write_bytes(data)
            results.run(reader.__name__, "bytes", f"bytes {k}", lambda reader=reader, path=path: reader(path),
                        str(path))

        soup = " ".join(rng.choice(_VOCABULARY + HOSTILE) for _ in range(rng.randint(0, 30)))
        results.run("parse_nfg", "soup", f"soup {k}", lambda: parse_nfg(soup, "in.nfg"), "in.nfg")

        tree = random_tree(rng) if k % 2 else game_like_tree(rng)
        results.run("game_from_json", "json", f"tree {k}", lambda: game_from_json(tree, "tree"), "tree")
        text = dumps(tree)
        if text is not None:
            results.run("parse_json_game", "json", f"tree {k}", lambda: parse_json_game(text, "in.json"), "in.json")
            results.run("parse_bargaining_json", "json", f"tree {k}", lambda: parse_bargaining_json(text, "b.json"),
                        "b.json")

        nfg = mutate_text(rng, rng.choice(NFG_SEEDS))
        results.run("parse_nfg", "mutation", f"mutation {k}", lambda: parse_nfg(nfg, "in.nfg"), "in.nfg")
        game_text = mutate_text(rng, rng.choice(JSON_SEEDS))
        results.run("parse_json_game", "mutation", f"mutation {k}", lambda: parse_json_game(game_text, "in.json"),
                    "in.json")
        game_tree = mutate_tree(rng, rng.choice(JSON_SEEDS))
        results.run("game_from_json", "mutation", f"tree mutation {k}", lambda: game_from_json(game_tree, "tree"),
                    "tree")
        game_text = dumps(game_tree)
        if game_text is not None:
            results.run("parse_json_game", "mutation", f"tree mutation {k}",
                        lambda: parse_json_game(game_text, "in.json"), "in.json")
        bargaining = mutate_text(rng, rng.choice(BARGAINING_SEEDS)) if k % 2 else \
            dumps(mutate_tree(rng, rng.choice(BARGAINING_SEEDS)))
        if bargaining is not None:
            results.run("parse_bargaining_json", "mutation", f"mutation {k}",
                        lambda: parse_bargaining_json(bargaining, "b.json"), "b.json")
        path = folder / rng.choice(["mutation.nfg", "mutation.json"])
        path.write_text(nfg if path.suffix == ".nfg" else game_text or "", encoding="utf-8", errors="surrogatepass")
        results.run("read_game", "mutation", f"mutation {k}", lambda path=path: read_game(path), str(path))

        option = ",".join(rng.choice(HOSTILE + ["0", "1/2", "-3", "0.25"]) for _ in range(rng.randint(1, 3)))
        results.run("parse_point_option", "options", f"option {k}", lambda: parse_point_option(option),
                    "--disagreement")
        number = rng.choice(HOSTILE + ["".join(rng.choice("0123456789./eE+-") for _ in range(rng.randint(0, 12)))])
        results.run("number_from_text", "options", f"number {k}", lambda: number_from_text(number, "x"), "x")


# ------------------------------------------------------------------ report


def report(results: Results) -> None:
    base = results.baseline
    print(f"baseline: read_game of a valid 300x300 game: .nfg {base['nfg']:.3f} s, .json {base['json']:.3f} s "
          "(x baseline below: the .json one for JSON and bargaining readers, else the .nfg one)\n")
    print("hostile inputs, one by one")
    print(f"{'input':<46} {'reader':<18} {'seconds':>8} {'peak MB':>8} {'x base':>7}  outcome")
    for label, reader, seconds, peak, text in results.cases:
        shown = text if len(text) <= 70 else text[:67] + "..."
        print(f"{label[:46]:<46} {reader:<18} {seconds:8.4f} {peak:8.1f} {results.ratio(reader, seconds):7.2f}  "
              f"{shown.encode('unicode_escape').decode()}")
    print("\nper reader and kind of input")
    print(f"{'reader':<22} {'kind':<17} {'inputs':>6} {'median s':>9} {'max s':>8} {'peak MB':>8} {'x base':>7}  slowest")
    for (reader, kind), rows in sorted(results.rows.items()):
        seconds = [r[0] for r in rows]
        slowest = max(rows)
        print(f"{reader:<22} {kind:<17} {len(rows):6d} {statistics.median(seconds):9.5f} {slowest[0]:8.4f} "
              f"{max(r[1] for r in rows):8.1f} {results.ratio(reader, slowest[0]):7.2f}  {slowest[2][:40]}")
    print(f"\ncontract: {len(results.failures)} input(s) gave something other than a game or an InputError "
          "naming the file")
    for reader, label, text in results.failures:
        print(f"  {reader} {label}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="random inputs of each kind per reader (200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--large", action="store_true", help="also read inputs at the 64 MB file cap (slow)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        results = Results(baseline_times(folder, rng))
        hostile_files(results, folder)
        if args.large:
            large_files(results, folder)
        fuzz_inputs(results, folder, rng, args.count)
        report(results)
    sys.exit(1 if results.failures else 0)


if __name__ == "__main__":
    main()
