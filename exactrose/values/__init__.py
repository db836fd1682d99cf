"""Values of games: maximin, zero-sum, initiative, ROSE, CoCo and Shapley amplification."""
