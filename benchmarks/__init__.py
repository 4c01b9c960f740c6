"""Benchmarks run by `make bench` (`python -m benchmarks`); see README.md here."""
