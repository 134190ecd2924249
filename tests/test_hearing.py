"""The listener under every intent (skill/handlers/hearing.py): what it hears, and what it leaves alone."""
from __future__ import annotations

import pytest

from skill.content import locale_registry
from skill.devtools.resolver import load_model
from skill.handlers.hearing import CATCH_ALL_SLOT_TYPE
from skill.listener import listen

SAFETY_TOPIC = "safety"


def own_slot_values(locale: str) -> list[tuple[str, str, str]]:
    """(type, id, phrase) for every value and synonym of the model's custom slot types."""
    found = []
    for slot_type in load_model(locale)["interactionModel"]["languageModel"]["types"]:
        for value in slot_type["values"]:
            for phrase in (value["name"]["value"], *value["name"].get("synonyms", [])):
                found.append((slot_type["name"], value.get("id") or value["name"]["value"], phrase))
    return found


def audited_danger(hearing) -> bool:
    """Danger the skill would act on whatever the intent: sure, or named by an audited pattern."""
    return hearing.meaning in ("harm", "crisis") and (hearing.level == "sure" or hearing.detail is not None)


@pytest.mark.parametrize("locale", locale_registry.names())
def test_our_own_slot_values_carry_no_danger_their_intent_does_not_answer(locale):
    """A value Alexa resolved to one of ours is not heard again (its intent answers it). That is safe only while no
    value of ours is danger, except the safety topic's own names, which lead to the safety section anyway."""
    dangerous = [(kind, value, phrase) for kind, value, phrase in own_slot_values(locale)
                 if audited_danger(listen(phrase, locale)) and not (kind == "TopicType" and value == SAFETY_TOPIC)
                 and kind != CATCH_ALL_SLOT_TYPE]  # the catch-all's words are heard whatever they resolve to
    assert not dangerous, dangerous


@pytest.mark.parametrize("said", ["you've been very helpful", "I have no idea", "I don't think so"])
def test_ordinary_words_in_matched_intents_start_no_crisis_path(chat, said):
    talk = chat()
    talk.say("/launch")
    turn = talk.say(said)
    assert "988" not in turn.speech and "ending your life" not in turn.speech, turn.speech


@pytest.mark.parametrize("said", ["my boyfriend says if I ever leave he'll make sure I regret it",
                                  "I dont really see the point in anything any more honestly"])
def test_danger_in_free_words_still_reaches_its_path(chat, said):
    talk = chat()
    talk.say("/launch")
    turn = talk.say(said)
    assert "call" in turn.speech and turn.reprompt, turn.speech


def test_the_catch_alls_words_are_heard_even_when_they_resolve_to_one_of_its_values(client):
    from skill.devtools import envelopes
    from skill.devtools.resolution import Resolution, ResolvedValue, SlotValue

    words = SlotValue("phrase", CATCH_ALL_SLOT_TYPE, "he hits me", ResolvedValue("he hits me", "a value of ours"))
    request = envelopes.intent_request(Resolution("TellIntent", {"phrase": words}), "en-US")
    body = envelopes.envelope(request, envelopes.Caller(), envelopes.SessionState())
    speech = client.post("/alexa", json=body).get_json()["response"]["outputSpeech"]["ssml"]
    assert "1-800-799-7233" in speech
