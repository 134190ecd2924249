"""Rules evaluation latency (median, p99) for the real rules, and resident memory before and after 100,000 evaluations.

Not a timed test: `python -m tests.benchmarks.bench_rules` prints the figures. Answers are drawn at random (fixed
seed) from every combination, so each evaluation fires a realistic mix of rules.
"""
from __future__ import annotations

import gc
import json
import random
import resource
from array import array
from pathlib import Path

from skill.rulebook.engine import load_rules
from skill.rulebook.questions import ANSWERS, question_ids
from tests.benchmarks.timing import clock, percentile, us

EVALUATIONS = 100_000
DISTINCT_ANSWER_SETS = 5_000
WARM_UP = 1_000


def resident_mb() -> float:
    """Current resident set size, from /proc where there is one (peak RSS elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def answer_sets(count: int, seed: int = 2024) -> list[dict[str, str]]:
    chooser = random.Random(seed)
    return [{question_id: chooser.choice(ANSWERS) for question_id in question_ids() if chooser.random() < 0.9}
            for _ in range(count)]


def run(evaluations: int = EVALUATIONS) -> dict:
    book = load_rules()
    sets = answer_sets(DISTINCT_ANSWER_SETS)
    for answers in sets[:WARM_UP]:
        book.recommend(answers)
    # Room for every sample is taken before the first reading, so the benchmark's own data is in both.
    samples = array("d", bytes(8 * evaluations))
    gc.collect()
    rss_before = resident_mb()
    rss_halfway = rss_before
    for index in range(evaluations):
        answers = sets[index % len(sets)]
        started = clock()
        book.recommend(answers)
        samples[index] = clock() - started
        if index == evaluations // 2:
            # Growth that stops is warm-up (allocator pools); growth from here on would be a leak.
            rss_halfway = resident_mb()
    gc.collect()
    rss_after = resident_mb()
    return {
        "rules_p50_us": us(percentile(samples, 50)),
        "rules_p99_us": us(percentile(samples, 99)),
        "rss_before_mb": rss_before,
        "rss_halfway_mb": rss_halfway,
        "rss_after_mb": rss_after,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
