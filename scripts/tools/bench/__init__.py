"""Benchmarks of the build (`make bench`): scripts/tools/bench/site.py, and engines.py beside it."""
