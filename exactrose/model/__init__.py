"""The model (layer 3): finite games, their transformations, and the essay's catalogue of games."""
