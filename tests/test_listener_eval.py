"""Issue 11's thresholds on the corpus: 100% of crisis and harm on the tuning part; on the held-out part, crisis
and harm recall at least 97%, calm taken as danger at most 2%, topics and answers at least 90% right.

A target not met yet is marked xfail(strict) with today's number, so the gap is visible in every run and the
mark must go the day it is met. Mend a miss with more varied phrasings of our own, never with held-out sentences.
"""
from __future__ import annotations

from functools import cache

import pytest

from tests.eval import evaluate


@cache
def summary(part: str) -> dict:
    return evaluate(part)["summary"]


def not_met_yet(reason: str):
    return pytest.mark.xfail(strict=True, reason=f"not met yet: {reason}")


@pytest.mark.parametrize("measure", ["crisis_recall", "harm_recall"])
def test_tuning_part_hears_every_crisis_and_harm(measure):
    assert summary("tune")[measure] == 1.0


def test_tuning_part_raises_no_false_alarm():
    assert summary("tune")["calm_as_danger"] == 0.0


@pytest.mark.parametrize(("measure", "at_least"), [
    ("crisis_recall", 0.97),
    ("harm_recall", 0.97),
    ("topic_right", 0.90),
    ("answer_right", 0.90),  # 92.5% (37 of 40), with answers in the question's own words (answer_echoes.yaml)
])
def test_held_out_part_meets_its_threshold(measure, at_least):
    assert summary("heldout")[measure] >= at_least


def test_held_out_calm_is_rarely_taken_as_danger():
    assert summary("heldout")["calm_as_danger"] <= 0.02


def test_every_held_out_sentence_is_read_without_error():
    assert summary("heldout")["sentences"] == 429
