"""Proofs for every real game of a shape: three encodings of the same inequalities.

For each inequality of a claim (default 11.1 on ``2x2:real``) that needs a case analysis, in one
process:

- **cells** (the baseline): ``proofs.decide.nonnegative`` with every value by the cells of the
  whole value (an initiative value's cells take one cell of each program and the condition that
  it is the largest);
- **vertices**: a value with a positive coefficient bounded by the vertices of its programs'
  region, one with a negative coefficient split into its parts (programs, profiles), each part by
  its own cells (``proofs.real.splits``);
- **programs**: the same split, every initiative or maximin value by witnesses of its programs
  (a dual solution from above, a feasible point from below);
- **lifts** (what ``exactrose prove`` tries first where it applies: a kit game's value against
  G's): as programs, the kit's (or G's) value bounded from below through the other's feasible
  point, mapped;
- **re-check**: the last encoding's proof re-checked as ``exactrose recheck`` runs it (cvc5 first,
  z3 for what cvc5 leaves open).

Ratios are against the baseline.  An inequality about another game of the ring (3.x, 7.x, 8.x)
has no baseline: the whole initiative value of a 4×4 game would take one of 48 cells of each of
its 4 programs (over 21 million cells).  Run:

    PYTHONPATH=. python benchmarks/bench_real.py
    PYTHONPATH=. python benchmarks/bench_real.py --claim 13 --shape 2x2
    PYTHONPATH=. python benchmarks/bench_real.py --claim 7.1
"""

from __future__ import annotations

import argparse
import time

from proofs.decide import Verdict, nonnegative, recheck
from proofs.real import (
    ENCODINGS,
    cells,
    hypotheses,
    inequalities,
    parse_real_family,
    ring_extra,
    ring_size,
    splits,
    step_terms,
    usable_encodings,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claim", default="11.1")
    parser.add_argument("--shape", default="2x2")
    args = parser.parse_args(argv)
    shape = parse_real_family(f"{args.shape}:real")
    assert shape is not None
    print(f"{'inequality':<44} {'cells':>15} {'vertices':>24} {'programs':>24} {'lifts':>24} {'re-check':>9}")
    for _, inequality in inequalities(args.claim, shape):
        if not inequality.form:
            continue
        extra = ring_extra(inequality)
        variables = ring_size(shape, extra)
        conditions = hypotheses(shape, inequality.hypothesis, extra)
        start = time.perf_counter()
        whole = None if extra else nonnegative([(c, cells(shape, name)) for name, c in inequality.form], variables,
                                              conditions)
        baseline = time.perf_counter() - start
        columns = [f"{'-':>15}" if whole is None else f"{whole.queries:>5} {baseline:>8.2f}s"]
        proofs: list[tuple[dict[str, int], Verdict]] = []
        last = "programs"
        for encoding in ("vertices", "programs", "lifts"):
            if encoding not in usable_encodings(shape, inequality, ENCODINGS):
                columns.append(f"{'-':>24}")  # too many bases to enumerate, or nothing to lift
                continue
            last = encoding
            start = time.perf_counter()
            proofs = [(split, nonnegative(step_terms(shape, inequality, split, encoding), variables, conditions))
                      for split in splits(shape, inequality)]
            seconds = time.perf_counter() - start
            queries = sum(verdict.queries for _, verdict in proofs)
            proved = all(verdict.holds for _, verdict in proofs)
            ratio = "" if whole is None else f"{baseline / seconds:.1f}×"
            columns.append(f"{queries:>5} {seconds:>8.2f}s {ratio:>7}" + ("" if proved else " open"))
        start = time.perf_counter()
        for split, verdict in proofs:
            if verdict.cases is not None:
                recheck(step_terms(shape, inequality, split, last), variables, conditions, verdict.cases)
        print(f"{inequality.label:<44} {' '.join(columns)} {time.perf_counter() - start:>8.2f}s")


if __name__ == "__main__":
    main()
