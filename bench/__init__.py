"""The warmgraph benchmark suite (issue 4): warmgraph against the tools a user would pick
instead, on the same generated graphs, in one run.

Run it with ``./scripts/bench`` (see the README, "Benchmarks"). It is kept apart from the
test suite on purpose: nothing here asserts a timing; it measures and reports.
"""
