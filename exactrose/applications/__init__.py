"""Applications (layer 6): every value of a game at once, bargaining, equilibria, parametric games and
closed forms.  Computation only: rendering as text, JSON, LaTeX or plots is :mod:`exactrose.output`."""
