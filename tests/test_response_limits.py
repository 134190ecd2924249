"""Walks every section and part, every topic synonym and the navigation paths in every locale, and checks each
response against Alexa's limits with an XML parser: well-formed <speak>, breaks of at most 10 s, at most 5 audio
tags, at most 240 s of breaks and audio, under 8000 characters, and a reprompt whenever the session stays open.
"""
from __future__ import annotations

import pytest

from skill import content

from skill.conversation import browse
from skill.devtools.chat_session import ChatSession, Turn
from skill.devtools.resolver import resolver_for
from skill.content import locale_registry
from skill.devtools.resolver import load_model
from tests.alexa_limits_support import response_problems

LOCALES = locale_registry.names()
NAVIGATION = ["repeat", "yes", "previous", "next", "start over", "help", "blorp fizzle wug", "pause", "resume",
              "no", "what can you talk about", "yes", "yes", "yes", "yes", "next", "previous", "tell me more"]


class Walk:
    """A chat session that checks every response it gets and keeps the problems, labelled by what was said."""

    def __init__(self, client, locale: str):
        self.chat = ChatSession(client, resolver_for(locale), locale=locale)
        self.problems: list[str] = []
        self.turns = 0

    def say(self, line: str) -> Turn:
        turn = self.chat.say(line)
        self.turns += 1
        if turn.response is not None:
            self.problems += [f"{line!r}: {problem}" for problem in response_problems(turn.response)]
        return turn

    def place(self, turn: Turn) -> dict:
        return (turn.response or {}).get("sessionAttributes", {}).get("nav") or {}


def topic_phrases(locale: str) -> list[tuple[str, str]]:
    """(section id, phrase) for the name and every synonym of every TopicType value of the locale's model."""
    language = load_model(locale)["interactionModel"]["languageModel"]
    topic_type = next(kind for kind in language["types"] if kind["name"] == "TopicType")
    return [(value["id"], phrase) for value in topic_type["values"]
            for phrase in [value["name"]["value"], *value["name"]["synonyms"]]]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_topic_synonym_opens_its_section_within_limits(client, locale):
    walk = Walk(client, locale)
    wrong = []
    for section_id, phrase in topic_phrases(locale):
        walk.say("/launch")  # a fresh session each time, so nothing said before changes the answer
        turn = walk.say(phrase)
        if turn.slots.get("Topic", {}).get("id") != section_id or walk.place(turn).get("section") != section_id:
            wrong.append(f"{phrase!r} -> {turn.intent} {turn.slots} {walk.place(turn)}")
    assert not wrong, "topic synonyms that do not open their section:\n" + "\n".join(wrong)
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_section_part_and_navigation_path_stays_within_limits(client, locale):
    walk = Walk(client, locale)
    for section_id in content.sections():
        walk.say("/launch")
        turn = walk.say(f"tell me about {browse.section_title(section_id, locale)}")
        assert walk.place(turn).get("section") == section_id, (section_id, turn.speech)
        for part in range(1, browse.part_count(section_id) + 1):
            turn = walk.say("tell me more")
            assert walk.place(turn).get("part") == min(part, browse.part_count(section_id) - 1)
        for line in NAVIGATION:
            walk.say(line)
    assert walk.turns > 300
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_after_safety_words_every_section_stays_within_limits(client, locale):
    walk = Walk(client, locale)
    walk.say("/launch")
    turn = walk.say("i don't feel safe at home")
    assert turn.intent == "SafetyIntent"
    for section_id in content.sections():
        walk.say(f"tell me about {browse.section_title(section_id, locale)}")
        for line in ("tell me more", "yes", "next", "no", "what can you talk about", "yes", "yes", "yes"):
            walk.say(line)
    assert not walk.problems, "\n".join(walk.problems)


def test_the_checker_finds_what_breaks_the_limits():
    too_long = {"version": "1.0", "response": {
        "outputSpeech": {"type": "SSML", "ssml": '<speak>Hi <break time="11s"/>' + "<audio src='x'/>" * 6 + "</speak>"},
        "shouldEndSession": False}}
    problems = " | ".join(response_problems(too_long))
    for expected in ("a break of 11 s", "6 audio tags", "no known length", "without a reprompt"):
        assert expected in problems
    assert any("does not parse" in problem for problem in response_problems(
        {"response": {"outputSpeech": {"type": "SSML", "ssml": "<speak>a & b</speak>"}, "shouldEndSession": True}}))
    assert any("not <speak>" in problem for problem in response_problems(
        {"response": {"outputSpeech": {"type": "SSML", "ssml": "<say>hi</say>"}, "shouldEndSession": True}}))
    assert any("8000" in problem for problem in response_problems(
        {"response": {"outputSpeech": {"type": "SSML", "ssml": "<speak>" + "a" * 8000 + "</speak>"},
                      "shouldEndSession": True}}))
