"""The rule book under threads, and over many evaluations: same results as one at a time, no state left behind."""
from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from skill.rulebook.engine import load_rules
from skill.rulebook.questions import ANSWERS, question_ids

THREADS = 8
EVALUATIONS = 2_000


def random_answer_sets(count: int, seed: int = 7) -> list[dict[str, str]]:
    chooser = random.Random(seed)
    return [{question_id: chooser.choice(ANSWERS) for question_id in question_ids() if chooser.random() < 0.9}
            for _ in range(count)]


def test_eight_threads_give_exactly_the_sequential_results():
    book = load_rules()
    answer_sets = random_answer_sets(EVALUATIONS)
    expected = [book.recommend(answers) for answers in answer_sets]
    start = threading.Barrier(THREADS, timeout=60)

    def run(offset: int) -> list:
        # Each thread walks the same answers from a different starting point, so neighbours differ.
        start.wait()
        order = [(index + offset * 251) % EVALUATIONS for index in range(EVALUATIONS)]
        return [(index, book.recommend(answer_sets[index])) for index in order]

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(run, range(THREADS)))
    for per_thread in results:
        assert len(per_thread) == EVALUATIONS
        for index, found in per_thread:
            assert found == expected[index], f"answer set {index} differs under threads"


def test_a_rule_book_starts_no_threads():
    before = threading.active_count()
    book = load_rules()
    book.recommend({"drama": "yes"})
    assert threading.active_count() == before


def test_no_state_outlives_an_evaluation():
    # The engine refuses new session ids once 1024 are alive: 3,000 in a row pass only if each is deleted.
    book = load_rules()
    for answers in random_answer_sets(3_000, seed=11):
        book.recommend(answers)
    for spec in book.rulesets:
        for sid in ("1", "3000"):
            with pytest.raises(Exception, match="error code: 309"):  # the engine's "no such session"
                book._host.get_state(spec.name, sid)
