"""The test suite. A package, so `from tests.signing import ...` and `python -m tests.benchmarks` always mean this folder."""
