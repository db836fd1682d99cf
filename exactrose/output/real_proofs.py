"""Claims decided for every real game of a shape (``exactrose prove --family 2x2:real``) as text,
JSON and a LaTeX (booktabs) table.

:func:`real_proofs_to_json` gives one object per claim::

    {"proposition": "11.2", "statement": "...", "kind": "proposition", "family": "2x2:real",
     "holds": true | false | null, "outcome": "<the text line's outcome>",
     "inequalities": 6, "queries": 500, "seconds": 11.1,
     "proof": null | <proof object, proofs.real.proof_to_json>,
     "counterexample": null | {"game": <exactrose JSON game object>, "evidence": {...}}}

The proof object can be re-checked on its own: ``exactrose recheck FILE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from exactrose.escape import latex_text
from exactrose.input.formats import game_to_json
from exactrose.output.sweeps import booktabs_table
from proofs.core import REGISTRY
from proofs.real import RealProof, proof_to_json


def outcome(proof: RealProof) -> str:
    """What was found: a proof (its steps, queries and time), a counterexample, or nothing."""
    shape = proof.family.removesuffix(":real").replace("x", "×")
    if proof.holds is True:
        own = [step for step in proof.steps if step.claim == proof.claim]
        kinds = {by: sum(1 for step in proof.steps if step.by == by) for by in ("cases", "derivation", "symmetry", "identity")}
        how = ", ".join(f"{count} by {by}" for by, count in kinds.items() if count)
        stored = f", {proof.stored} from the store" if proof.stored else ""
        return (f"holds for every real {shape} game: {len(own)} inequalities, {len(proof.steps)} steps ({how}{stored}), "
                f"{proof.queries} solver queries, {proof.seconds:.1f} s")
    if proof.holds is False:
        assert proof.counterexample is not None
        game = proof.counterexample
        cells = " ".join("(" + ",".join(str(u) for u in game.payoff_vector(p)) + ")" for p in game.profiles())
        source = f"found among {proof.sampled} random games" if proof.sampled else "the solver's model"
        expected = " (as expected)" if REGISTRY[proof.claim].kind == "control" else ""
        return (f"fails{expected}: game {cells} ({source}, confirmed by the exact solver), "
                f"{proof.seconds:.1f} s")
    if not proof.steps:
        return (f"undecided: no case analysis for this claim on {shape} games; it held on "
                f"{proof.sampled} random games")
    stored = f" ({proof.stored} steps from the store)" if proof.stored else ""
    return f"undecided: some solver queries left open{stored}, {proof.seconds:.1f} s"


def real_proof_to_json(proof: RealProof) -> dict:
    """The JSON object of one claim (module docstring)."""
    claim = REGISTRY[proof.claim]
    counterexample = None
    if proof.counterexample is not None:
        counterexample = {"game": game_to_json(proof.counterexample), "evidence": dict(proof.confirmation)}
    return {
        "proposition": proof.claim,
        "statement": claim.statement,
        "kind": claim.kind,
        "family": proof.family,
        "holds": proof.holds,
        "outcome": outcome(proof),
        "inequalities": sum(1 for step in proof.steps if step.claim == proof.claim),
        "queries": proof.queries,
        "seconds": round(proof.seconds, 3),
        "proof": proof_to_json(proof) if proof.holds is True else None,
        "counterexample": counterexample,
    }


def real_proofs_to_json(proofs: Iterable[RealProof]) -> list[dict]:
    """One JSON object per claim, in order."""
    return [real_proof_to_json(proof) for proof in proofs]


def real_proofs_text(proofs: Sequence[RealProof]) -> str:
    """One line per claim: id, kind, family, outcome."""
    width = max(len(p.claim) for p in proofs)
    return "".join(f"{p.claim:<{width}}  {REGISTRY[p.claim].kind:<11}  {p.family}  {outcome(p)}\n" for p in proofs)


def real_proofs_to_latex(proofs: Iterable[RealProof]) -> str:
    """A booktabs table: claim, family, solver queries, outcome."""
    return booktabs_table(r"llrp{0.55\linewidth}", "Claim & Family & Queries & Result", (
        [latex_text(p.claim), latex_text(p.family), str(p.queries), latex_text(outcome(p))] for p in proofs))
