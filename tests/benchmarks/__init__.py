"""`make bench` (python -m tests.benchmarks): measured speed of the skill beside a bare ask-sdk-core skill.

Not collected by pytest (no module here is named test_*.py): the numbers need a quiet machine and minutes, not
a pass or fail. __main__.py runs every measurement and prints the table and the JSON line.
"""
