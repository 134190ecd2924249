""""Repeat" says again exactly what was said, made again from ids (skill/conversation/said_again.py): every reply of
every dialogue is kept as ids only and reads back to the same speech and reprompt, and "repeat" after each kind of
reply (sections, topics, menus, help, self-check questions and results, exercise set-ups and rounds, safety and
crisis replies) gives the same words, the same reprompt and the same offer."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from skill.conversation import browse
from skill.conversation.said_again import speech_from
from skill.devtools.chat_session import DEFAULT_LOCALE, ChatSession, EndpointError
from skill.devtools.envelopes import Caller
from skill.devtools.resolver import resolver_for
from skill.rulebook.engine import default_rulebook
from skill.rulebook.questions import ANSWERS
from skill.settings import Settings
from skill.voice.wording import phrase
from tests.chat_support import attributes_of

SCRIPTS = sorted((Path(__file__).parent / "conversations").glob("*.yaml"))
# What a kept reply may hold besides its offer: content places, prompt keys, rule names, sounds, answers; no words.
AN_ID = re.compile(r"[A-Za-z0-9_.:/\-]+")


@pytest.fixture
def settings(tmp_path) -> Settings:
    """A store, so that the dialogues that remember, forget and recognise voices run as they do in production."""
    return Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'repeat.sqlite3'}")


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in [*strings_in(key), *strings_in(item)]]
    if isinstance(value, list):
        return [found for item in value for found in strings_in(item)]
    return []


def reprompt_ssml(turn) -> str | None:
    reprompt = (turn.response or {}).get("response", {}).get("reprompt")
    return reprompt["outputSpeech"]["ssml"] if reprompt else None


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.stem)
def test_every_reply_of_every_dialogue_is_kept_as_ids_and_made_again_the_same(path, client):
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    locale = script.get("locale") or DEFAULT_LOCALE
    chat = ChatSession(client, resolver_for(locale), Caller.named(person=script.get("person")), locale)
    rules, kept_before, checked = default_rulebook().rules, None, 0
    for expected in script["turns"]:
        try:
            turn = chat.say(str(expected["user"]))
        except EndpointError:
            continue  # a dialogue that expects an error answer is test_conversations.py's
        attributes = attributes_of(turn)
        assert "last_response" not in attributes
        kept = attributes.get("said")
        if kept is None or kept == kept_before:
            continue  # this turn kept nothing new: an aside, a miss, or the end
        kept_before, checked = kept, checked + 1
        words = [text for text in strings_in({**kept, "offer": None}) if not AN_ID.fullmatch(text)]
        assert set(words) <= set(ANSWERS), f"{expected['user']!r} kept words, not ids: {words}"
        assert kept["speech"] is not None, f"{expected['user']!r}: a piece of its reply has no known source"
        again = speech_from(kept, "speech", locale, rules), speech_from(kept, "reprompt", locale, rules)
        assert (again[0].ssml, again[1].ssml) == (turn.ssml, reprompt_ssml(turn)), expected["user"]
    assert checked, "the dialogue kept no reply at all"


# Replies "repeat" brings back from what the session kept (basics, browsing, the crisis path).
KINDS = {
    "the greeting": ["/launch"],
    "help": ["/launch", "help"],
    "the menu": ["/launch", "main menu"],
    "a section": ["/launch", "tell me about red flags"],
    "a section's second part": ["/launch", "tell me about building trust", "tell me more"],
    "the topic list": ["/launch", "what topics do you have"],
    "the self-check's results": ["/launch", "start a self-check", *["yes"] * 6, *["no"] * 6],
    "results with a safety notice": ["/launch", "start a self-check", *["no"] * 6, *["yes"] * 6],
    "results read back": ["/launch", "start a self-check", *["yes"] * 6, *["no"] * 6, "what were my results"],
    "why a suggestion": ["/launch", "start a self-check", *["no"] * 12, "why did you suggest that"],
    "an exercise's set-up": ["/launch", "do the eye contact exercise"],
    "an exercise's last round": ["/launch", "do the eye contact exercise for one minute", "ready"],
    "the safety reply": ["/launch", "I'm scared of my partner"],
    "the safety section": ["/launch", "tell me about staying safe"],
    "the crisis line": ["/launch", "I want to die"],
    "the crisis line again": ["/launch", "I want to die", "yes"],
    "the breathing offer": ["/launch", "I want to die", "no"],
    "the crisis question": ["/launch", "I can't do this anymore"],
    "a question asked again after help": ["/launch", "forget me", "help"],
}


@pytest.mark.parametrize("lines", KINDS.values(), ids=KINDS.keys())
def test_repeat_after_each_kind_of_reply_says_the_same_words(chat, lines):
    talk = chat()
    for line in lines:
        before = talk.say(line)
    assert not before.end_session
    again = talk.say("repeat")
    assert again.intent == "AMAZON.RepeatIntent"
    assert (again.ssml, reprompt_ssml(again)) == (before.ssml, reprompt_ssml(before))
    assert attributes_of(again).get("offer") == attributes_of(before).get("offer"), "the offer still stands"
    assert attributes_of(again)["said"] == attributes_of(before)["said"]


# Replies whose feature answers "repeat" itself, from its own state (the question again, the round again): what
# the session kept of them reads back the same too, for "resume" after the feature let go.
FEATURE_KINDS = {
    "the first self-check question": ["/launch", "start a self-check"],
    "a later self-check question": ["/launch", "start a self-check", "yes", "no"],
    "a question gone back to": ["/launch", "start a self-check", "yes", "no", "go back"],
    "an exercise's round": ["/launch", "do the question and answer exercise for eight minutes", "yes"],
    "an exercise's next round": ["/launch", "do the question and answer exercise for eight minutes", "yes", "next"],
}


@pytest.mark.parametrize("lines", FEATURE_KINDS.values(), ids=FEATURE_KINDS.keys())
def test_what_is_kept_of_a_feature_s_own_reply_reads_back_the_same(chat, lines):
    talk = chat()
    for line in lines:
        before = talk.say(line)
    kept, rules = attributes_of(before)["said"], default_rulebook().rules
    again = speech_from(kept, "speech", "en-US", rules), speech_from(kept, "reprompt", "en-US", rules)
    assert (again[0].ssml, again[1].ssml) == (before.ssml, reprompt_ssml(before))


def test_a_session_that_kept_the_old_ssml_hears_the_menu_and_the_ssml_is_dropped(chat):
    """A session in flight across the upgrade: even the skill's own words, kept as SSML, are never read again."""
    part = browse.spoken_part("red_flags", 0, "en-US")
    old = {"last_response": {"ssml": part.ssml, "reprompt": part.ssml, "offer": {"more": "red_flags"}}}
    turn = chat(attributes=old).say("repeat")
    assert turn.speech.endswith(phrase("menu_question")) and part.text not in turn.speech
    assert "last_response" not in attributes_of(turn)
