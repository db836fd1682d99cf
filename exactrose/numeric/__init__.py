"""Approximate floating-point evaluators (layer 5, beside the values): cross-checks only, never a result."""
