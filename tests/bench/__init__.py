"""Benchmarks, outside the default run: a package so that their module names (bench.test_debrief)
never clash with the tests' own (test_debrief)."""
