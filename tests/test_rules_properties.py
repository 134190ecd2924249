"""Properties of the real rules over any combination of answers (hypothesis)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.rulebook.engine import default_rulebook
from skill.rulebook.questions import ANSWERS, question_ids, questions

SAFETY_QUESTION = "feels_unsafe"
# The list: every couple exercise, the exercises section, and joint counselling.
NEVER_WHEN_UNSAFE = {"share_personal", "forgiveness", "eye_contact", "question_round", "three_things",
                     "trust_exercises", "seeking_help"}
EXAMPLES = settings(max_examples=200, deadline=None)

# Any subset of the questions, each with any answer; a missing question counts as skipped.
answer_sets = st.dictionaries(st.sampled_from(question_ids()), st.sampled_from(ANSWERS))


@EXAMPLES
@given(answer_sets)
def test_same_answers_same_result_and_never_an_error(answers):
    book = default_rulebook()
    first = book.recommend(answers)
    assert book.recommend(dict(reversed(list(answers.items())))) == first
    assert book.recommend(answers) == first
    assert first, "every set of answers leads somewhere"
    ids = [item.id for item in first]
    assert len(ids) == len(set(ids)), "no id twice"


@EXAMPLES
@given(answer_sets)
def test_skipping_explicitly_is_the_same_as_not_answering(answers):
    book = default_rulebook()
    explicit = {question_id: answers.get(question_id, "skipped") for question_id in question_ids()}
    assert book.recommend(explicit) == book.recommend(answers)


@EXAMPLES
@given(answer_sets, st.sampled_from(sorted(questions()[-1].concern)))
def test_when_safety_is_a_concern_safety_comes_first_and_nothing_withheld_appears(answers, unsafe_answer):
    assert questions()[-1].id == SAFETY_QUESTION
    found = default_rulebook().recommend({**answers, SAFETY_QUESTION: unsafe_answer})
    assert found[0].id == "safety"
    assert not NEVER_WHEN_UNSAFE & {item.id for item in found}


@EXAMPLES
@given(answer_sets)
def test_nothing_a_fired_rule_withholds_is_recommended(answers):
    explanation = default_rulebook().explain(answers)
    withheld = set().union(*(rule.withhold for rule in explanation.fired))
    assert not withheld & {item.id for item in explanation.recommendations}
    assert set(explanation.withheld) <= withheld


@EXAMPLES
@given(answer_sets, st.text(max_size=12).filter(lambda text: text not in ANSWERS))
def test_an_answer_outside_the_five_is_refused_with_value_error(answers, bad):
    try:
        default_rulebook().recommend({**answers, "drama": bad})
    except ValueError:
        return
    raise AssertionError(f"{bad!r} was accepted")
