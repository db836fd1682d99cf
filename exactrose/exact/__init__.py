"""Exact foundations (layer 1): rationals, linear programming, real algebraic numbers, proved
enclosures, piecewise functions, and exact numbers to and from JSON.

What an exact value may be is named once: :data:`~exactrose.exact.algebraic.ExactValue` (a
rational or a real algebraic number) and :data:`~exactrose.exact.enclosure.Value` (an exact value
or a proved enclosure)."""
