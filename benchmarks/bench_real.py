"""Proofs for every real game of a shape: the proof's encoding against whole-value cells.

For each inequality of a claim (default 11.1 on ``2x2:real``) that needs a case analysis, in one
process:

- **cells** (the baseline): ``proofs.decide.nonnegative`` with every value by the cells of the
  whole value (an initiative value's cells take one cell of each program and the condition that
  it is the largest);
- **split + vertices** (what ``exactrose prove`` runs): a value with a positive coefficient
  bounded by the vertices of its programs' region (``Ceiling``), one with a negative coefficient
  split into its parts (programs, profiles), each part by its own cells (``proofs.real.splits``);
- **re-check**: the proof re-checked as ``exactrose recheck`` runs it (cvc5 first, z3 for what
  cvc5 leaves open).

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

from exactrose.values.symbolic import Payoffs
from proofs.decide import nonnegative, recheck
from proofs.real import cells, hypotheses, inequalities, parse_real_family, ring_extra, splits, step_terms


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claim", default="11.1")
    parser.add_argument("--shape", default="2x2")
    args = parser.parse_args(argv)
    shape = parse_real_family(f"{args.shape}:real")
    assert shape is not None
    print(f"{'inequality':<44} {'cells':>15} {'split + vertices':>24} {'re-check':>18}")
    for _, inequality in inequalities(args.claim, shape):
        if not inequality.form:
            continue
        extra = ring_extra(inequality)
        variables = Payoffs(*shape, extra=extra).ring.nvars()
        conditions = hypotheses(shape, inequality.hypothesis, extra)
        start = time.perf_counter()
        whole = None if extra else nonnegative([(c, cells(shape, name)) for name, c in inequality.form], variables,
                                              conditions)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        verdicts = [(split, nonnegative(step_terms(shape, inequality, split), variables, conditions))
                    for split in splits(shape, inequality)]
        ours = time.perf_counter() - start
        if (whole is not None and whole.holds is not True) or not all(verdict.holds for _, verdict in verdicts):
            print(f"{inequality.label:<44} not proved ({whole and whole.holds}, {[v.holds for _, v in verdicts]})")
            continue
        start = time.perf_counter()
        for split, verdict in verdicts:
            assert verdict.cases is not None
            recheck(step_terms(shape, inequality, split), variables, conditions, verdict.cases)
        checked = time.perf_counter() - start
        queries = sum(verdict.queries for _, verdict in verdicts)
        base = f"{'-':>15}" if whole is None else f"{whole.queries:>5} {baseline:>8.2f}s"
        ratio = "" if whole is None else f"{baseline / ours:.1f}×"
        print(f"{inequality.label:<44} {base} {queries:>5} {ours:>8.2f}s {ratio:>7} {checked:>8.2f}s "
              f"{checked / ours:>6.1f}×")


if __name__ == "__main__":
    main()
