"""Benchmarks of the build (`make bench`): scripts/bench.py, and engines.py beside it."""
