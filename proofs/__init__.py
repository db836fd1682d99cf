"""Machine checks of the essay's propositions over families of games.

The checkers arrive with the ``exactrose prove`` command; until then the propositions are
checked by the property tests in ``tests/`` (see test names citing each proposition).
"""
