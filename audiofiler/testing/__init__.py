"""Helpers for tests and benchmarks: the endpoint list, the production stack."""
