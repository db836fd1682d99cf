"""Runtime (layer 2): time and interrupt budgets, worker processes and dask clusters."""
