"""Tests for graph.algorithms: brute-force references live in ``brute``."""
