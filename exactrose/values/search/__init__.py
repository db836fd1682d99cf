"""Certified enclosures of maximal contextual values (essay Definitions 3–4).

A certified branch and bound over contexts (products of mixed strategies of ranks 1..n−2),
in parts:

* :mod:`~exactrose.values.search.space` — contexts in coordinates, boxes of them, clipping;
* :mod:`~exactrose.values.search.reduced` — the game of the last two ranks within a context
  and the objective (exact values: the lower bounds), with a local ascent onto ridges;
* :mod:`~exactrose.values.search.choices` — affine choices that bound the objective on a box
  by LP duality, and the exact bound each proves;
* :mod:`~exactrose.values.search.bounds` — which choices a box tries, and when (ridges,
  kinks, splits);
* :mod:`~exactrose.values.search.driver` — the one branch-and-bound loop, its allowances of
  optional work and why it stops;
* :mod:`~exactrose.values.search.maxima` — the searches: :func:`maximise_contextual` and the
  nested four-player :func:`maximise_nested`;
* :mod:`~exactrose.values.search.snapping` — exact maxima: the active structure, its optimality
  system solved exactly, and a local certificate; :mod:`~exactrose.values.search.attainment` —
  four players' nested maximum attained at an irrational strategy of rank 1;
* :mod:`~exactrose.values.search.nesting` — maxima nested to any depth (:class:`Nesting`),
  for five players and more;
* :mod:`~exactrose.values.search.certificate` — certificates of the upper ends, re-checked
  from the game alone (any certificate, nested ones too, by :func:`check_bound_certificate`).
"""

from exactrose.values.search.certificate import BoundCertificate
from exactrose.values.search.choices import Choice, NestedChoice, SplitChoice
from exactrose.values.search.maxima import (
    BUDGET,
    NESTED_BUDGET,
    TOLERANCE,
    BoundedMaximum,
    maximise_contextual,
    maximise_nested,
)
from exactrose.values.search.nesting import (
    DEEP_TOLERANCE,
    Nesting,
    check_bound_certificate,
)
from exactrose.values.search.reduced import ReducedGame
from exactrose.values.search.space import ContextSpace

__all__ = [
    "BUDGET",
    "DEEP_TOLERANCE",
    "NESTED_BUDGET",
    "TOLERANCE",
    "BoundCertificate",
    "Choice",
    "BoundedMaximum",
    "ContextSpace",
    "NestedChoice",
    "Nesting",
    "ReducedGame",
    "SplitChoice",
    "check_bound_certificate",
    "maximise_contextual",
    "maximise_nested",
]
