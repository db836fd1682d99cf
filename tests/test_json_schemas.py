"""Every JSON output of exactrose validates against its JSON Schema in docs/schemas/, and the
schemas are not vacuous: a deliberately wrong object is rejected by each.

Outputs are real: the command line run on files of tests/data (and on games written by the
game file writer), not objects built by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schemas"
DATA = ROOT / "tests" / "data"

#: The "irrational example" of the tests: a 2x2x2 game whose rank-1 value for (1,2,3) is (19 − 4√3)/8.
IRRATIONAL = ([[[-1, -2], [0, 2]], [[-3, -3], [3, 1]]],
              [[[-3, -1], [1, -3]], [[1, -2], [-3, -3]]],
              [[[0, 0], [-3, -2]], [[-3, 1], [0, -3]]])


def _registry() -> referencing.Registry:
    """Every schema under its file name, so that ``"number.schema.json#/$defs/number"`` resolves."""
    resources = [(path.name, referencing.Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
                 for path in SCHEMAS.glob("*.schema.json")]
    return referencing.Registry().with_resources(resources)


REGISTRY = _registry()


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=REGISTRY)


def exactrose(*args: str) -> object:
    """The JSON the command line prints for ``args`` (exit status 0 or, for prove, 1)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    run = subprocess.run([sys.executable, "-m", "exactrose", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def written_games(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Games written by the game file writer: the irrational example and a 3x3x3 game whose
    searches a time limit cuts short."""
    import random

    from exactrose import Game, write_game

    folder = tmp_path_factory.mktemp("games")
    rng = random.Random(3)

    def table() -> list:
        return [[[rng.randint(-9, 9) for _ in range(3)] for _ in range(3)] for _ in range(3)]

    games = {"irrational": Game.from_arrays(*IRRATIONAL, title="the irrational example"),
             "cut_short": Game.from_arrays(table(), table(), table(), title="random 3x3x3"),
             "fractions": Game.from_arrays([[Fraction(1, 3), "-0.25"]], [[7, Fraction(-22, 7)]], players=["A", "B"])}
    paths = {}
    for key, game in games.items():
        paths[key] = folder / f"{key}.json"
        write_game(game, paths[key])
    return paths


# ------------------------------------------------------------------ real outputs validate


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMAS.glob("*.schema.json")))
def test_every_schema_is_a_valid_json_schema(name: str) -> None:
    validator(name)


def test_the_written_game_files_and_the_data_files_are_exactrose_games(written_games: dict[str, Path]) -> None:
    check = validator("game.schema.json")
    files = list(written_games.values()) + [DATA / "matching_pennies.json", DATA / "minimal.json"]
    for path in files:
        check.validate(json.loads(path.read_text(encoding="utf-8")))


def test_parametric_and_bargaining_input_files_validate() -> None:
    validator("parametric-game.schema.json").validate(json.loads((DATA / "bread_price.json").read_text()))
    validator("bargaining.schema.json").validate(json.loads((DATA / "bargaining_three_rose_points.json").read_text()))


@pytest.mark.slow
def test_solve_json_validates_rational_algebraic_and_enclosed_values(written_games: dict[str, Path]) -> None:
    check = validator("solve.schema.json")
    check.validate(exactrose("solve", str(DATA / "pd_payoff.nfg"), "--json"))
    check.validate(exactrose("solve", str(DATA / "three_player_exact.nfg"), "--json"))
    irrational = exactrose("solve", str(written_games["irrational"]), "--json")
    check.validate(irrational)
    assert isinstance(irrational["initiative"]["1,2,3"][0], dict)  # an algebraic number was validated
    cut = exactrose("solve", str(written_games["cut_short"]), "--json", "--time-limit", "1")
    check.validate(cut)
    assert cut.get("stopped") == "time limit"


def test_enclosures_as_the_library_writes_them_validate() -> None:
    from exactrose.exact.enclosure import Enclosure
    from exactrose.exact.serial import json_number

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "number.schema.json#/$defs/number"}
    check = jsonschema.Draft202012Validator(schema, registry=REGISTRY)
    check.validate(json_number(Enclosure(Fraction(-1, 3), Fraction(5, 2))))
    check.validate(json_number(Fraction(-7, 4)))
    assert not check.is_valid({"lower": "-1/3", "upper": "5/2", "width": "17/6"})


def test_the_catalogue_json_validates() -> None:
    validator("catalogue.schema.json").validate(exactrose("--json"))


def test_prove_json_validates_holding_and_refuted_claims() -> None:
    report = exactrose("prove", "4.1", "coco-threat", "--family", "2x2:0..1", "--json", "--no-progress")
    validator("prove.schema.json").validate(report)
    assert {entry["holds"] for entry in report} == {True, False}  # a counterexample was validated


@pytest.mark.slow
def test_bargain_equilibria_closed_form_and_parametric_json_validate() -> None:
    validator("bargain.schema.json").validate(exactrose("bargain", str(DATA / "bargaining_three_rose_points.json"), "--json"))
    validator("bargain.schema.json").validate(exactrose("bargain", str(DATA / "pd_payoff.nfg"), "--json"))
    validator("equilibria.schema.json").validate(exactrose("equilibria", str(DATA / "pd_payoff.nfg"), "--json"))
    validator("closed-form.schema.json").validate(exactrose("solve", str(DATA / "pd_payoff.nfg"), "--closed-form", "--json"))
    validator("parametric.schema.json").validate(exactrose("solve", str(DATA / "bread_price.json"), "--param", "t=0..5", "--json"))
    validator("parametric-grid.schema.json").validate(
        exactrose("solve", str(DATA / "bread_price.json"), "--param", "t=0..5", "--param", "s=0..1", "--steps", "1", "--json"))


# ------------------------------------------------------------------ the schemas are not vacuous

PD = {"players": ["1", "2"], "values": {"maximin": ["1", "1"], "coco": ["3", "3"], "shapley_rose": ["3", "3"],
                                        "rose": ["3", "3"]}, "initiative": {"1,2": ["4", "2"], "2,1": ["2", "4"]}}

WRONG = [
    ("solve.schema.json", {**PD, "values": {**PD["values"], "rose": [3, 3]}}, "a value as a JSON number"),
    ("solve.schema.json", {**PD, "values": {**PD["values"], "rose": ["0.5", "3"]}}, "a value as a decimal"),
    ("solve.schema.json", {**PD, "values": {**PD["values"], "rose": ["3/1", "3"]}}, "a fraction with denominator 1"),
    ("solve.schema.json", {**PD, "values": {**PD["values"], "rose": ["-0", "3"]}}, "minus zero"),
    ("solve.schema.json", {**PD, "initiative": {"0,1": ["4", "2"]}}, "orderings numbered from 0"),
    ("solve.schema.json", {**PD, "extra": 1}, "an unknown key"),
    ("solve.schema.json", {**PD, "stopped": "time limit"}, "stopped without orderings"),
    ("solve.schema.json", {**PD, "values": {**PD["values"], "rose": [{"lower": "1"}, "3"]}}, "an enclosure without its upper end"),
    ("catalogue.schema.json", [PD], "a catalogue entry without key and source"),
    ("game.schema.json", {"format": "exactrose-game", "version": 1, "players": ["A"], "payoffs": [[0.5]]}, "a JSON float payoff"),
    ("game.schema.json", {"format": "exactrose-game", "version": 2, "players": ["A"], "payoffs": [["1"]]}, "version 2"),
    ("prove.schema.json", [{"proposition": "7.1", "family": "2x2:0..1", "checked": 3, "holds": "yes",
                            "statement": "", "counterexample": None}], "holds as a string"),
    ("bargain.schema.json", {"rose_points": [["1", "2", "3"]]}, "a point of three coordinates and missing keys"),
    ("equilibria.schema.json", {"players": ["1", "2"], "complete": True, "equilibria": {"nash": []}}, "an unknown concept"),
    ("bargaining.schema.json", {"points": [[0.5, 1]], "disagreement": ["0", "0"]}, "a JSON float in a bargaining file"),
]


@pytest.mark.parametrize("name, wrong, why", WRONG, ids=[w[2] for w in WRONG])
def test_a_wrong_object_is_rejected(name: str, wrong: object, why: str) -> None:
    assert not validator(name).is_valid(wrong), why
