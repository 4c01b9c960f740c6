"""`python -m benchmarks.soak`: a bounded soak of the site as `make serve` runs it.

See `__main__.py` for the run, `traffic.py` for the request mix, `memory.py`
for the per-worker memory readings, and benchmarks/README.md for the bounds.
"""
