"""Proofs for every real game of a shape: the proof's encoding against the re-check's.

For each inequality of a claim (default Prop 13 on ``2x2:real``) that needs a case analysis,
three timings in one process:

- **pieces, z3** (the baseline): ``proofs.decide.nonnegative``, one query per choice of a piece
  of each value (cells of one value taken together, values as unknowns);
- **cells, z3**: the same queries asked one cell of each piece at a time with the denominators
  cleared (``proofs.decide.recheck`` with z3, the proof's own solver);
- **cells, cvc5**: the re-check as ``exactrose recheck`` runs it (cvc5 first, z3 for what cvc5
  leaves open).

Ratios are against the baseline.  Run:

    PYTHONPATH=. python benchmarks/bench_real.py
    PYTHONPATH=. python benchmarks/bench_real.py --claim 11.1 --shape 2x2
"""

from __future__ import annotations

import argparse
import time

from proofs.decide import nonnegative, recheck
from proofs.real import cells, hypotheses, inequalities, parse_real_family


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claim", default="13")
    parser.add_argument("--shape", default="2x2")
    args = parser.parse_args(argv)
    shape = parse_real_family(f"{args.shape}:real")
    assert shape is not None
    values = cells(shape)
    variables = 2 * shape[0] * shape[1]
    print(f"{'inequality':<48} {'queries':>7} {'pieces z3':>10} {'cells z3':>15} {'cells cvc5 (+z3)':>24}")
    for _, inequality in inequalities(args.claim, shape):
        if not inequality.form:
            continue
        terms = [(c, values[name]) for name, c in inequality.form]
        conditions = hypotheses(shape, inequality.hypothesis)
        start = time.perf_counter()
        verdict = nonnegative(terms, variables, conditions)
        pieces = time.perf_counter() - start
        if verdict.cases is None:
            print(f"{inequality.label:<48} not proved ({verdict.holds})")
            continue
        timings = []
        for solver in ("z3", "cvc5"):
            start = time.perf_counter()
            checked = recheck(terms, variables, conditions, verdict.cases, solver)
            timings.append((time.perf_counter() - start, dict(checked.confirmed)))
        (z3_cells, _), (cvc5_cells, counts) = timings
        print(f"{inequality.label:<48} {verdict.queries:>7} {pieces:>9.2f}s {z3_cells:>8.2f}s {z3_cells / pieces:>5.1f}× "
              f"{cvc5_cells:>8.2f}s {cvc5_cells / pieces:>5.1f}× {counts.get('cvc5', 0)}+{counts.get('z3', 0)}")


if __name__ == "__main__":
    main()
