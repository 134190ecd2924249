"""Issue 11's own example sentences, as acceptance checks: each reaches what it should.

These sentences are kept out of the listener's data and of the corpus on purpose, so that passing here shows the
listener generalises to them rather than remembering them.
"""
from __future__ import annotations

import pytest

from skill.listener import listen

ABUSE_WITHOUT_THE_WORD = [
    ("he gets really angry and I walk on eggshells", "fear"),
    ("she won't let me see my friends", "control_friends"),
    ("he took my phone", "control_phone"),
    ("she hit me", "violence"),
    ("he hit me", "violence"),
    ("I'm scared of what he'll do", "fear"),
    ("my husband controls all the money", "control_money"),
]


@pytest.mark.parametrize(("sentence", "kind"), ABUSE_WITHOUT_THE_WORD)
def test_abuse_described_without_the_word_is_harm(sentence, kind):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.detail) == ("harm", kind)


@pytest.mark.parametrize("sentence", ["everyone would be better off if I wasn't here", "I just want it all to stop",
                                      "I can't do this anymore"])
def test_ending_ones_life_said_indirectly_is_crisis(sentence):
    assert listen(sentence).meaning == "crisis"


def test_an_unclear_crisis_is_fairly_sure_so_the_skill_asks_directly():
    hearing = listen("I can't do this anymore")
    assert (hearing.meaning, hearing.level) == ("crisis", "fairly_sure")


# Negated danger is never calm (the rule of asymmetry, issue 18): the skill asks directly.
@pytest.mark.parametrize("sentence", ["I'm not scared of him", "he has never hurt me", "I'm not afraid of her"])
def test_negated_danger_is_asked_about(sentence):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.level) == ("harm", "fairly_sure")


def test_benign_fear_is_no_signal():
    assert listen("I was scared he'd forget our anniversary").meaning not in ("harm", "crisis")


def test_i_feel_safe_answering_feels_unsafe_is_the_answer_no():
    hearing = listen("I feel safe", asked="feels_unsafe")
    assert (hearing.meaning, hearing.detail) == ("answer", "no")


def test_safety_wins_over_an_answer():
    assert listen("yes, sometimes I'm scared of him", asked="feels_unsafe").meaning == "harm"


@pytest.mark.parametrize(("sentence", "section"), [
    ("I just found out my husband has been lying for months", "rebuilding_after_lying"),
    ("he cheated", "rebuilding_after_lying"),
    ("I keep going through her phone", "trusting_your_partner"),
    ("is it normal to be jealous", "red_flags"),
    ("how do I make her trust me again", "being_trustworthy"),
])
def test_stories_reach_their_section(sentence, section):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.detail) == ("topic", section)
    assert hearing.level in ("sure", "fairly_sure")


def test_is_it_my_fault_is_heard_as_a_topic_or_the_closest_topics():
    hearing = listen("is it my fault")
    assert hearing.meaning in ("topic", "unknown") and hearing.alternatives


@pytest.mark.parametrize(("sentence", "question", "answer"), [
    ("yeah we tell each other pretty much everything", "open_lives", "yes"),
    ("not really, he keeps it to himself", "open_lives", "no"),
    ("some days", "easy_talk", "sometimes"),
    ("I honestly don't know", "drama", "not_sure"),
    ("well he mostly tells me the truth but not always", "stories_add_up", "sometimes"),
    ("yeah pretty much", "open_lives", "yes"),
    ("um not really no", "open_lives", "no"),
])
def test_answers_in_sentences(sentence, question, answer):
    hearing = listen(sentence, asked=question)
    assert (hearing.meaning, hearing.detail) == ("answer", answer)


def test_mostly_is_yes_but_only_fairly_sure_so_the_skill_confirms():
    hearing = listen("mostly", asked="stories_add_up")
    assert (hearing.meaning, hearing.detail, hearing.level) == ("answer", "yes", "fairly_sure")


@pytest.mark.parametrize(("sentence", "meaning", "kind"), [
    ("thank you", "manners", "thanks"),
    ("are you a real therapist", "manners", "therapist"),
    ("can I talk to a real person", "manners", "talk_to_someone"),
    ("I need to talk to someone", "manners", "talk_to_someone"),
    ("call my wife", "out_of_scope", "call"),
    ("tell me a joke", "out_of_scope", "joke"),
    ("what's the weather", "out_of_scope", "weather"),
    ("set a timer", "out_of_scope", "timer"),
])
def test_manners_and_what_the_skill_cannot_do(sentence, meaning, kind):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.detail) == (meaning, kind)


@pytest.mark.parametrize("sentence", ["that's not what I meant", "I'm safe, I was talking about a film"])
def test_a_false_alarm_can_be_undone(sentence):
    assert listen(sentence).meaning == "calm"
