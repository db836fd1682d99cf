"""Claims for every real 2×2 game (proofs.real): proofs by identity, derivation and case analysis;
counterexamples confirmed by the exact solver; proof objects re-checked by another solver, and
refused when tampered with."""

from __future__ import annotations

import copy
import json
import sqlite3
from fractions import Fraction

import pytest

from exactrose.cli import main
from exactrose.errors import CertificateError, InputError
from exactrose.values.symbolic import Payoffs, Programs, initiative_cells, maximin_cells
from proofs.decide import Cases, nonnegative, recheck
from proofs.real import check_proof, parse_real_family, proof_to_json, prove, prove_all
from proofs.store import ResultStore, row_checksum

SHAPE = (2, 2)


@pytest.fixture(scope="module")
def proof_11_2():
    return prove("11.2", SHAPE)


def test_prop_11_2_is_derived_from_11_1_for_every_real_2x2_game(proof_11_2):
    assert proof_11_2.holds is True
    by = [step.by for step in proof_11_2.steps]
    assert by == ["cases"] * 4 + ["derivation"] * 2  # 11.1's four inequalities, then ROSE as their average
    assert all(dict(step.lemmas) and set(dict(step.lemmas).values()) == {Fraction(1, 2)} for step in proof_11_2.steps[4:])


def test_payoff_dominance_holds_for_every_real_2x2_game():
    """The essay's open question (Desideratum 7) for 2×2 games: if U1 >= U2 at every outcome then
    R(1) >= R(2), derived from the same statement for each ordering's initiative values."""
    proof = prove("payoff-dominance", SHAPE)
    assert proof.holds is True and proof.queries > 0
    assert [step.by for step in proof.steps if step.claim == "payoff-dominance"] == ["derivation"] * 2


def test_symmetric_players_get_equal_rose_values_in_every_real_2x2_game():
    """Prop 9 by substitution, cross-checked by the solver on the same inequalities."""
    from proofs.real import hypotheses, splits, step_terms

    proof = prove("9", SHAPE)
    assert proof.holds is True and all(step.by == "symmetry" for step in proof.steps)
    for step in proof.steps:
        for split in splits(SHAPE, step.inequality):
            terms = step_terms(SHAPE, step.inequality, split)
            assert nonnegative(terms, 8, hypotheses(SHAPE, "symmetric")).holds is True


def test_pareto_claims_are_identities_and_their_proofs_recheck():
    for claim in ("4.1", "4.2"):
        proof = prove(claim, SHAPE)
        assert proof.holds is True and {step.by for step in proof.steps} == {"identity"}
        assert "holds for every real 2×2 game" in check_proof(proof_to_json(proof))


@pytest.mark.parametrize("claim", ["coco-threat", "conditional-threat", "monotonicity-rank-2"])
def test_negative_controls_are_refused_under_the_real_family_by_a_confirmed_game(claim):
    proof = prove(claim, SHAPE)
    assert proof.holds is False and proof.counterexample is not None and proof.counterexample.shape == SHAPE
    from proofs.core import REGISTRY

    assert REGISTRY[claim].check(proof.counterexample).holds is False


def test_a_claim_with_no_case_analysis_is_undecided_not_proved():
    proof = prove("6.1", SHAPE)  # redundant actions (Prop 6.1) have no case analysis here
    assert proof.holds is None and proof.sampled > 0 and not proof.steps


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 3)])
def test_the_null_player_claim_is_identities_for_every_shape_and_rechecks(shape):
    """Prop 10: Definition 4 with the null player passive leaves the two-player values."""
    proof = prove("10", shape)
    assert proof.holds is True and {step.by for step in proof.steps} == {"identity"} and len(proof.steps) == 18
    assert f"holds for every real {shape[0]}×{shape[1]} game" in check_proof(proof_to_json(proof))
    document = proof_to_json(proof)
    document["steps"][4]["inequality"] = document["steps"][0]["inequality"]
    with pytest.raises(CertificateError):
        check_proof(document)


def test_a_solver_proof_is_rechecked_by_cvc5_and_a_false_one_is_refused():
    payoffs = Payoffs(*SHAPE)
    variables = payoffs.ring.nvars()
    terms = [(Fraction(1), initiative_cells(payoffs, 0)), (Fraction(-1), maximin_cells(payoffs, 0))]
    verdict = nonnegative(terms, variables)
    assert verdict.holds is True and verdict.cases is not None
    checked = recheck(terms, variables, (), verdict.cases)
    assert dict(checked.confirmed)["cvc5"] > 0 and sum(dict(checked.confirmed).values()) >= verdict.queries
    # the same record for the false reverse claim: its queries are satisfiable
    reverse = [(Fraction(-1), terms[0][1]), (Fraction(1), terms[1][1])]
    with pytest.raises(CertificateError, match="fails"):
        recheck(reverse, variables, (), verdict.cases)


def test_a_tampered_proof_object_is_refused(proof_11_2):
    document = proof_to_json(proof_11_2)
    json.dumps(document)  # a JSON object

    def tampered(change):
        copied = copy.deepcopy(document)
        change(copied)
        return copied

    def halve(d):
        d["steps"][4]["lemmas"][0][1] = "1/3"

    def drop_query(d):
        d["steps"][0]["parts"][0]["queries"].pop()

    def claim_a_cell_empty(d):
        d["steps"][0]["parts"][0]["empty"].append([0, 0])

    def drop_part(d):  # V(1,2)_2 >= maximin_2 splits V1 into its two programs: one left unproved
        d["steps"][1]["parts"].pop()

    def swap_parts(d):
        d["steps"][1]["parts"].reverse()

    def restate(d):
        d["steps"][5]["inequality"] = d["steps"][4]["inequality"]

    def as_identity(d):
        d["steps"][0] = {**d["steps"][0], "by": "identity"}

    for change in (halve, drop_query, claim_a_cell_empty, drop_part, swap_parts, restate, as_identity):
        with pytest.raises(CertificateError):
            check_proof(tampered(change))
    with pytest.raises(InputError):
        check_proof(tampered(lambda d: d.update(claim="no-such-claim")))
    with pytest.raises(CertificateError):
        check_proof(tampered(lambda d: d["steps"].pop()))


def test_a_cases_record_that_misses_a_piece_is_refused():
    payoffs = Payoffs(*SHAPE)
    terms = [(Fraction(1), initiative_cells(payoffs, 0)), (Fraction(-1), maximin_cells(payoffs, 0))]
    with pytest.raises(CertificateError, match="pieces"):
        recheck(terms, payoffs.ring.nvars(), (), Cases("z3", (), (((0,), (0,)),)))


def test_real_families_are_parsed_and_bad_ones_refused():
    assert parse_real_family("2x3:real") == (2, 3)
    assert parse_real_family("2x2:-1..1") is None
    for spec in ("2x2x2:real", "2x9:real", "x:real"):
        with pytest.raises(InputError, match="shape"):
            parse_real_family(spec)


def test_cli_proves_for_the_real_family_and_recheck_rechecks_the_report(tmp_path, capsys):
    assert main(["prove", "4.2", "coco-threat", "--family", "2x2:real", "--json", "--no-progress"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [entry["holds"] for entry in report] == [True, False]
    assert report[0]["proof"]["claim"] == "4.2" and report[1]["counterexample"]["game"]
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    assert main(["recheck", str(path)]) == 0
    assert "4.2 holds for every real 2×2 game" in capsys.readouterr().out
    report[0]["proof"]["steps"][0]["by"] = "derivation"
    path.write_text(json.dumps(report))
    assert main(["recheck", str(path)]) == 1
    assert "refused" in capsys.readouterr().out
    assert main(["prove", "4.2", "--family", "2x2:real", "--latex", "--no-progress"]) == 0
    assert r"\toprule" in capsys.readouterr().out
    assert main(["prove", "4.2", "--family", "2x2:real", "--backend", "dask", "--no-progress"]) == 2
    assert "--backend dask" in capsys.readouterr().err


def test_claims_are_proved_in_worker_processes_too():
    proofs = prove_all(["4.1", "coco-threat"], SHAPE, workers=2, progress=False)
    assert [p.holds for p in proofs] == [True, False]


def test_more_actions_help_the_leader_in_every_real_2x2_game():
    """Prop 13: V^σ of the rank-1 player is at least its value in each sub-game without one of
    its actions (1×2 and 2×1 sub-games); the reverse, a deliberately wrong claim, is refuted."""
    proof = prove("13", SHAPE)
    assert proof.holds is True
    assert [step.inequality.form for step in proof.steps] == [
        (("V1", 1), ("V1[-a1]", -1)), (("V1", 1), ("V1[-a2]", -1)),
        (("V2", 1), ("V2[-b1]", -1)), (("V2", 1), ("V2[-b2]", -1))]
    from proofs.real import cells

    wrong = nonnegative([(Fraction(1), cells(SHAPE, "V1[-a1]")), (Fraction(-1), cells(SHAPE, "V1"))], 8)
    assert wrong.holds is False and wrong.counterexample is not None


def test_a_stored_proof_resumes_and_a_forged_step_is_refused(tmp_path):
    """``--store``: each proved step is stored as it is settled; a resumed proof takes them
    (checked without a solver) and a stored step that does not check is refused."""
    path = str(tmp_path / "proofs.db")
    first = prove("11.2", SHAPE, store_path=path)
    again = prove("11.2", SHAPE, store_path=path, resume=True)
    assert first.holds is again.holds is True and again.stored == len(first.steps) == 6
    assert proof_to_json(again)["steps"] == proof_to_json(first)["steps"]
    with ResultStore(path) as store:
        assert store.count("11.2", "2x2:real") == 6
    db = sqlite3.connect(path)
    evidence = json.loads(db.execute("SELECT evidence FROM results WHERE idx = 0").fetchone()[0])
    evidence["parts"][0]["queries"] = evidence["parts"][0]["queries"][1:]  # a query dropped, the checksum recomputed: a forgery
    text = json.dumps(evidence)
    db.execute("UPDATE results SET evidence = ?, checksum = ? WHERE idx = 0",
               (text, row_checksum("11.2", "2x2:real", 0, 1, text, "{}")))
    db.commit()
    db.close()
    with pytest.raises(InputError, match="step 0, part .*its queries take no cells"):
        prove("11.2", SHAPE, store_path=path, resume=True)
    assert prove("11.2", SHAPE, store_path=path).stored == 0  # without resume the claim starts again


def test_prop_12_2_holds_for_every_real_2x3_game_and_its_proof_rechecks():
    """2×3: the leader with two actions has an initiative value of 5,184 cells; bounded by the 9
    vertices of its programs' region, and split into its 3 programs where it is subtracted, every
    step takes seconds."""
    proof = prove("12.2", (2, 3))
    assert proof.holds is True
    assert [len(step.parts) for step in proof.steps[:4]] == [3, 6, 6, 2]  # V1's programs, T's profiles, V2's
    assert "holds for every real 2×3 game" in check_proof(proof_to_json(proof))


def test_a_value_without_cells_is_bounded_on_its_side_only():
    """A value's programs bound it from above (a dual solution per program) and one program from
    below (a feasible point); the largest objective over vertices bounds from above only: a record
    using either on the wrong side of the sum is refused."""
    from proofs.real import ceiling, cells

    for terms, message in (([(Fraction(-1), ceiling(SHAPE, "V1")), (Fraction(1), cells(SHAPE, "X1"))],
                            "given by its programs needs a positive coefficient, or one program"),
                           ([(Fraction(-1), ceiling(SHAPE, "X1")), (Fraction(1), cells(SHAPE, "T"))],
                            "positive coefficient for the largest")):
        with pytest.raises(CertificateError, match=message):
            nonnegative(terms, 8)
        with pytest.raises(CertificateError, match=message):
            recheck(terms, 8, (), Cases("z3", (), (((), (0,)),)))


def test_the_time_limit_per_query_is_an_option_of_real_families_only(capsys):
    assert main(["prove", "13", "--family", "2x2:real", "--timeout", "30", "--no-progress"]) == 0
    assert "holds for every real 2×2 game" in capsys.readouterr().out
    assert main(["prove", "13", "--family", "2x2:-1..1", "--timeout", "30", "--no-progress"]) == 2
    assert "--timeout: expected together with a ':real' family" in capsys.readouterr().err
    assert main(["prove", "13", "--family", "2x2:real", "--timeout", "soon", "--no-progress"]) == 2
    assert "--timeout" in capsys.readouterr().err


def test_symmetric_players_get_equal_rose_values_in_every_real_3x3_game_by_algebra_alone():
    """Prop 9 by exact substitution, no solver: with U2(a, b) = U1(b, a) the vertices of player
    2's programs become player 1's; the checker redoes the algebra, and refuses the certificate
    for an inequality it does not prove."""
    proof = prove("9", (3, 3))
    assert proof.holds is True and [step.by for step in proof.steps] == ["symmetry"] * 2 and proof.queries == 0
    document = proof_to_json(proof)
    assert check_proof(document) == "9 holds for every real 3×3 game: 2 steps re-checked"
    forged = proof_to_json(prove("11.1", SHAPE))
    forged["steps"][0] = {**forged["steps"][0], "by": "symmetry"}
    with pytest.raises(CertificateError, match="do not cancel on symmetric games|expected"):
        check_proof(forged)


def test_symmetric_games_need_a_square_shape():
    with pytest.raises(InputError, match="expected a square shape, got 2x3"):
        prove("9", (2, 3))


def test_threat_resistance_holds_for_every_real_2x2_game_and_every_cap():
    """Prop 7.1 with the caps c11, c12, c21, c22 >= 0 as variables (each player may burn its own
    payoff and the other's): the destruction game's values are the 8×8 game's, affine in the caps; the leaders' and the largest totals' equalities by cases, the
    followers' derived; the proof re-checks."""
    proof = prove("7.1", SHAPE)
    assert proof.holds is True
    assert [step.by for step in proof.steps] == ["cases"] * 6 + ["derivation"] * 4
    # the leaders' values through each other's feasible points; the totals by their programs
    assert [{part.encoding for part in step.parts} for step in proof.steps[:6]] == [{"programs"}] * 2 + [{"lifts"}] * 4
    document = proof_to_json(proof)
    assert "holds for every real 2×2 game" in check_proof(document)
    for step, encoding in ((0, "lifts"), (2, "vertices")):  # nothing to lift; 12,870 bases to enumerate
        forged = copy.deepcopy(document)
        forged["steps"][step]["parts"][0]["encoding"] = encoding
        with pytest.raises(CertificateError, match="encoding"):
            check_proof(forged)


@pytest.mark.parametrize("claim", ["7.2", "8.2"])
def test_kit_claims_hold_for_every_real_2x3_game_by_lifts_and_recheck(claim):
    proof = prove(claim, (2, 3))
    assert proof.holds is True and any(part.encoding == "lifts" for step in proof.steps for part in step.parts)
    assert "holds for every real 2×3 game" in check_proof(proof_to_json(proof))


def test_a_lift_is_only_a_lower_bound_a_wrong_map_proves_nothing_and_a_malformed_one_is_refused():
    """The lifted value's implication holds whatever the map, so a wrong one (the kit's program
    for the follower's reply with an option) leaves the query open instead of proving it; a lift
    whose source is not a subtracted program, or whose map has the wrong size, is refused."""
    import dataclasses

    from exactrose.values.symbolic import lift
    from proofs.real import Inequality, hypotheses, ring_size, step_terms

    step = Inequality("V(1,2)_1[burn] >= V(1,2)_1", (("V1", Fraction(-1)), ("V1[burn]", Fraction(1))))
    terms = step_terms(SHAPE, step, {"V1": 0}, "lifts")
    size, conditions = ring_size(SHAPE, "burns"), hypotheses(SHAPE, "", "burns")
    assert nonnegative(terms, size, conditions).holds is True
    wrong = [terms[0], (terms[1][0], dataclasses.replace(terms[1][1], target=terms[1][1].target + 1))]
    assert nonnegative(wrong, size, conditions).holds is None
    kit = Payoffs(*SHAPE, extra="burns", game="burn")
    for bad in ([(Fraction(1), lift(kit, 0, 0, 0)), terms[0]],  # its source is itself
                [terms[0], (Fraction(1), dataclasses.replace(terms[1][1], map=terms[1][1].map[1:]))]):
        with pytest.raises(CertificateError, match="lifted value"):
            nonnegative(bad, size, conditions)


def test_money_redundancy_of_rose_holds_for_every_real_2x2_game():
    proof = prove("8.2", SHAPE)
    assert proof.holds is True and proof.steps[-1].by == "derivation"  # R from 8.1's initiative values


def test_a_false_claim_about_the_destruction_game_gives_caps_the_exact_solver_confirms():
    """A wrong inequality over a kit's values (the leader in the destruction game gets its largest
    payoff): the solver's model has payoffs and caps, and the exact values of the game and of
    ``destruction_game`` at those caps confirm it; a counterexample the exact solver does not
    confirm is refused."""
    from exactrose.model.transform import destruction_game
    from exactrose.values.extraction import two_player_initiative_values
    from proofs.real import Inequality, _refuted, game_of, hypotheses, step_terms

    wrong = Inequality("V(1,2)_1[burn] >= max U_1", (("X1", Fraction(-1)), ("V1[burn]", Fraction(1))))
    verdict = nonnegative(step_terms(SHAPE, wrong, {"X1": 0}), 12, hypotheses(SHAPE, "", "burns"))
    assert verdict.holds is False and verdict.counterexample is not None
    point = verdict.counterexample
    game, caps = game_of(SHAPE, point), point[8:]
    assert min(caps) >= 0
    burned = destruction_game(game, [caps[:2], caps[2:]])
    assert two_player_initiative_values(burned, (0, 1)).values[0] < game.payoff(0, (0, 0))  # X1's part 0
    with pytest.raises(CertificateError, match="does not confirm"):
        _refuted("7.1", SHAPE, game, (), 0, 0.0, caps)  # 7.1 holds at every game and caps


def test_linearity_holds_for_every_pair_of_real_1x2_games_and_every_weights():
    """Prop 3 on the ring of two games G, H and weights d, e >= 0: ``V[sum]`` (the parallel sum
    dG + eH, a 1×4 game) against ``d·V + e·V[H]``; 3.2 derived from 3.1; the proof re-checks."""
    proof = prove("3.2", (1, 2))
    assert proof.holds is True
    assert [step.by for step in proof.steps][:6] == ["cases"] * 6
    assert proof.steps[0].inequality.text() == "max Σ[sum] >= d·max Σ + e·max Σ[H]: T[sum] - d·T - e·T[H] >= 0"
    # the leaders' values: the product of G's and H's strategies, or the marginals of the sum's
    assert {part.encoding for step in proof.steps[2:6] for part in step.parts} == {"lifts"}
    assert "holds for every real 1×2 game" in check_proof(proof_to_json(proof))


@pytest.mark.slow
def test_linearity_holds_for_every_pair_of_real_2x2_games_and_every_weights_by_lifts():
    """Prop 3.1 on 2×2 (parallel sums 4×4, payoffs products of the weights and 16 payoffs): the
    leaders' values by lifts in both directions; the proof re-checks (about a minute each)."""
    proof = prove("3.1", SHAPE)
    assert proof.holds is True
    assert [{part.encoding for part in step.parts} for step in proof.steps[2:6]] == [{"lifts"}] * 4
    assert "holds for every real 2×2 game" in check_proof(proof_to_json(proof))


def test_a_false_claim_about_the_parallel_sum_gives_h_and_weights_the_exact_solver_confirms():
    """``V1[sum] <= d·V1`` fails (H adds to the sum): the model gives G, H, d and e, and the exact
    solver's values of ``parallel_sum(G, H, d, e)`` confirm it; a counterexample to 3.1, which
    holds, is refused."""
    from exactrose.model.transform import parallel_sum
    from exactrose.values.extraction import two_player_initiative_values
    from proofs.real import Inequality, _refuted, game_of, hypotheses, step_terms

    shape = (1, 2)
    wrong = Inequality("V(1,2)_1[sum] <= d·V(1,2)_1", (("d·V1", Fraction(1)), ("V1[sum]", Fraction(-1))))
    verdict = nonnegative(step_terms(shape, wrong, {"V1[sum]": 0}), 10, hypotheses(shape, "", "pair"))
    assert verdict.holds is False and verdict.counterexample is not None
    point = verdict.counterexample
    g, h, (d, e) = game_of(shape, point[:4]), game_of(shape, point[4:8]), point[8:]
    assert d >= 0 and e >= 0
    value = two_player_initiative_values(parallel_sum(g, h, d, e), (0, 1)).values[0]
    assert value > d * two_player_initiative_values(g, (0, 1)).values[0]
    with pytest.raises(CertificateError, match="does not confirm"):
        _refuted("3.1", shape, g, (), 0, 0.0, point[4:])


def test_the_vertices_encoding_proves_and_rechecks_too_and_the_encoding_is_checked(monkeypatch):
    """The fallback: with the programs' witnesses unavailable every sub-inequality is proved by
    vertices and cells, recorded as such, and the checker rebuilds that encoding; an unknown
    encoding, or a part said to use the other one, is refused."""
    import proofs.real as real

    with monkeypatch.context() as patch:
        patch.setattr(real, "ENCODINGS", ("vertices",))
        proof = prove("12.2", SHAPE)
    assert proof.holds is True
    assert {part.encoding for step in proof.steps for part in step.parts} == {"vertices"}
    document = proof_to_json(proof)
    assert "holds for every real 2×2 game" in check_proof(document)
    for encoding, message in (("magic", "encoding"), ("programs", "take no cells|pieces")):
        forged = copy.deepcopy(document)
        forged["steps"][0]["parts"][0]["encoding"] = encoding
        with pytest.raises(CertificateError, match=message):
            check_proof(forged)


def test_the_encodings_follow_the_ring_and_the_last_one_that_settled(monkeypatch):
    """Vertices are not tried on a ring with a game of more than MAX_BASES bases (the 2×2
    destruction kit is 8×8); a sub-inequality the first encoding leaves open is settled by the
    other, which then goes first for the next."""
    import proofs.real as real
    from proofs.decide import Verdict

    kit, pay, pair = (real.Inequality("", ((name, Fraction(1)),)) for name in ("T[burn]", "T[pay]", "V1[sum]"))
    assert real.usable_encodings((2, 2), kit, real.ENCODINGS) == ["programs"]
    assert real.usable_encodings((2, 2), pay, ["programs", "vertices"]) == ["programs", "vertices"]
    assert real.usable_encodings((3, 3), pair, ["vertices", "programs"]) == ["programs"]
    lifting = real.Inequality("", (("V1", Fraction(-1)), ("V1[pay]", Fraction(1))))
    assert real.usable_encodings((2, 2), lifting, ["vertices", "programs"]) == ["lifts", "vertices", "programs"]
    asked = []

    def witnesses_left_open(terms, *args, **kwargs):
        asked.append(any(isinstance(cells, Programs) for _, cells in terms))
        return Verdict(None, 1, 0.0, undecided=1) if asked[-1] else nonnegative(terms, *args, **kwargs)

    monkeypatch.setattr(real, "nonnegative", witnesses_left_open)
    owner, inequality = real.inequalities("12.1", SHAPE)[0]
    order = ["programs", "vertices"]
    step = real._settle(owner, inequality, SHAPE, [], "z3", 60.0, order)
    assert step.by == "cases" and {part.encoding for part in step.parts} == {"vertices"}
    assert order == ["vertices", "programs"] and asked[:2] == [True, False] and asked.count(True) == 1
