"""Output (layer 7): text, JSON, LaTeX and plots of the results of the layers below."""
