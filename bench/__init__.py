"""Benchmarks behind ``make bench``: speed and memory, never asserted in tests."""
