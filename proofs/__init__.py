"""Machine checks of the essay's propositions over families of games (``exactrose prove``).

- :mod:`proofs.core`: claims, three-valued verdicts, the registry;
- :mod:`proofs.propositions`: one checker per proposition;
- :mod:`proofs.controls`: negative controls the checkers must refute, and open questions;
- :mod:`proofs.families`: exhaustive (deduplicated by symmetry) and seeded random families;
- :mod:`proofs.sweep`, :mod:`proofs.store`: sweeps in-process, on a process pool or on dask,
  results stored in SQLite as they come (resumable);
- :mod:`proofs.counterexamples`: minimal counterexamples by hypothesis shrinking;
- :mod:`proofs.suite`: the default suite (reports as text, JSON and LaTeX: :mod:`exactrose.output.sweeps`).
"""
