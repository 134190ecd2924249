"""Browsing the sections: topics by name, tell me more, yes and no to offers, repeat, next, previous, start over,
pause and resume, and help and fallback that say what can be said in a section or in the topic list.
"""
from __future__ import annotations

import pytest

from skill import content

from skill.conversation import browse

from skill.devtools import envelopes
from skill.voice.flow_wording import spoken_list
from skill.devtools.resolution import Resolution, SlotValue
from skill.voice.wording import localise, phrase
from tests.chat_support import attributes_of

ORDER = browse.topic_order()


def first_sentence(section_id: str, part: int = 0, locale: str = "en-US") -> str:
    return localise(content.sections()[section_id]["parts"][part].split(".")[0], locale)


# --- the pure functions --------------------------------------------------------------------------------------------

def test_topic_groups_list_every_section_once_in_short_groups():
    listed = [section_id for group in browse.topic_groups() for section_id in group["sections"]]
    assert sorted(listed) == sorted(content.sections())
    assert len(listed) == len(set(listed))
    assert all(2 <= len(group["sections"]) <= 5 for group in browse.topic_groups())


@pytest.mark.parametrize("section_id", sorted(content.sections()))
def test_section_speech_ends_with_a_question_offering_the_next_step(section_id):
    section = content.sections()[section_id]
    last = len(section["parts"]) - 1
    for part in range(len(section["parts"])):
        speech, reprompt, offer = browse.section_speech(section_id, part, "en-US")
        assert speech.text.endswith("?") and reprompt.text.endswith("?")
        assert speech.text.endswith(reprompt.text), "the reprompt repeats the question"
        if part < last:
            assert offer == {"more": section_id}
        else:
            assert offer == section["offer"] and offer, "never a dead end"


def test_section_speech_is_spelled_for_the_locale():
    us = browse.section_speech("red_flags", 0, "en-US")[0].text
    gb = browse.section_speech("red_flags", 0, "en-GB")[0].text
    assert "controlling behavior" in us and "controlling behaviour" in gb


def test_a_spoken_list_joins_with_and():
    assert spoken_list(["a", "b", "c"], "en-US") == "a, b, and c"
    assert spoken_list(["a"], "en-US") == "a"


# --- topics, more, yes and no --------------------------------------------------------------------------------------

@pytest.mark.parametrize("utterance, section_id", [
    ("tell me about rebuilding trust after a lie", "rebuilding_after_lying"),
    ("my partner lied to me", "rebuilding_after_lying"),
    ("how do I know if I can trust him", "recognising_trust"),
    ("what are the signs of trust", "recognising_trust"),
    ("when should we see a counselor", "seeking_help"),
    ("I'd like to hear about couples therapy", "seeking_help"),
    ("what are the warning signs", "red_flags"),
])
def test_a_topic_by_name_opens_its_first_part(utterance, section_id, chat):
    turn = chat().say(utterance)
    assert turn.intent == "TopicIntent"
    assert turn.speech.startswith(first_sentence(section_id))
    assert attributes_of(turn)["nav"]["section"] == section_id
    assert turn.end_session is False


def test_tell_me_more_gives_the_second_part_then_the_next_step(chat):
    talk = chat()
    talk.say("tell me about red flags")
    more = talk.say("tell me more")
    assert more.speech.startswith(first_sentence("red_flags", 1))
    assert more.speech.endswith(content.sections()["red_flags"]["question"])
    end = talk.say("tell me more")
    assert end.speech.startswith("That's all I have on red flags.")
    assert attributes_of(end)["offer"] == content.sections()["red_flags"]["offer"]


def test_tell_me_more_before_any_topic_lists_the_topics(chat):
    turn = chat().say("tell me more")
    assert turn.speech.startswith(phrase("more_nothing"))
    assert attributes_of(turn)["offer"] == {"topics": 1}


def test_yes_answers_each_kind_of_offer(chat):
    talk = chat()
    talk.say("tell me about building trust")
    assert talk.say("yes").speech.startswith(first_sentence("building_trust", 1))  # {more}
    assert talk.say("yes").speech.startswith(first_sentence("maintaining_trust"))  # {section}
    talk.say("what can you talk about")
    second_group = talk.say("yes")  # {topics}
    assert browse.section_title("building_trust", "en-US") in second_group.speech


def test_no_to_an_offer_acknowledges_and_asks_the_menu_question(chat):
    talk = chat()
    talk.say("tell me about red flags")
    turn = talk.say("no")
    assert turn.speech == f"{phrase('no_thanks')} {phrase('menu_question')}"
    assert "offer" not in attributes_of(turn)


def test_what_can_you_talk_about_goes_through_every_group_then_asks_for_one(chat):
    talk = chat()
    turn = talk.say("what can you talk about")
    heard = [turn.speech]
    for _ in browse.topic_groups()[1:]:
        turn = talk.say("yes")
        heard.append(turn.speech)
    assert turn.speech.endswith(phrase("topics_pick_question"))
    for section_id in content.sections():
        assert any(browse.section_title(section_id, "en-US") in speech for speech in heard), section_id


def test_a_topic_that_did_not_resolve_lists_what_there_is(client):
    """Alexa sends TopicIntent with a value but no match for a topic the model lacks ("the weather")."""
    resolution = Resolution("TopicIntent", {"Topic": SlotValue("Topic", "TopicType", "cooking")})
    body = envelopes.envelope(envelopes.intent_request(resolution, "en-US"), envelopes.Caller(), envelopes.SessionState())
    speech = client.post("/alexa", json=body).get_json()["response"]["outputSpeech"]["ssml"]
    assert phrase("topic_unknown") in speech and phrase("topics_intro") in speech


# --- repeat, next, previous, start over, pause -----------------------------------------------------------------------

def test_repeat_says_the_last_response_exactly(chat):
    talk = chat()
    talk.say("tell me about everyday habits")
    before = talk.say("tell me more")
    again = talk.say("repeat that")
    assert (again.ssml, again.reprompt) == (before.ssml, before.reprompt)
    assert talk.say("yes").speech.startswith(first_sentence("trust_exercises")), "the offer still stands"


def test_next_and_previous_move_through_the_topics_in_order(chat):
    talk = chat()
    talk.say(f"tell me about {browse.section_title(ORDER[3], 'en-US')}")
    assert attributes_of(talk.say("next"))["nav"]["section"] == ORDER[4]
    assert attributes_of(talk.say("next"))["nav"]["section"] == ORDER[5]
    assert attributes_of(talk.say("previous"))["nav"]["section"] == ORDER[4]


def test_next_before_any_topic_starts_at_the_first(chat):
    assert attributes_of(chat().say("next"))["nav"]["section"] == ORDER[0]


def test_next_after_the_last_topic_offers_to_start_again(chat):
    talk = chat(attributes={"nav": {"section": ORDER[-1], "part": 0}})
    turn = talk.say("next")
    assert turn.speech.startswith(phrase("next_last"))
    assert talk.say("yes").speech.startswith(first_sentence(ORDER[0]))


def test_previous_at_the_first_topic_says_so_and_asks_again(chat):
    talk = chat()
    talk.say(f"tell me about {browse.section_title(ORDER[0], 'en-US')}")
    turn = talk.say("go back")
    assert turn.speech.startswith(phrase("previous_first", title=browse.section_title(ORDER[0], "en-US")))
    assert attributes_of(turn)["offer"] == {"more": ORDER[0]}


def test_previous_before_any_topic_offers_the_menu(chat):
    turn = chat().say("previous")
    assert turn.speech.startswith(phrase("previous_nothing")) and turn.end_session is False


def test_start_over_goes_back_to_the_first_topic(chat):
    talk = chat()
    talk.say("tell me about red flags")
    turn = talk.say("start over")
    assert turn.speech.startswith(phrase("start_over"))
    assert attributes_of(turn)["nav"] == {"section": ORDER[0], "part": 0, "offer": {"more": ORDER[0]}}


def test_start_over_before_any_topic_gives_the_menu(chat):
    turn = chat().say("start over")
    assert turn.speech == f"{phrase('start_over_menu')} {phrase('menu_question')}"


def test_pause_waits_and_resume_picks_up_what_was_said_before(chat):
    talk = chat()
    section = talk.say("tell me about trusting yourself")
    paused = talk.say("pause")
    assert paused.speech == phrase("pause") and paused.reprompt
    resumed = talk.say("resume")
    assert resumed.ssml == section.ssml
    talk.say("pause")
    assert talk.say("repeat").ssml == section.ssml
    assert talk.say("yes").speech.startswith(first_sentence("trusting_yourself", 1))


# --- help and fallback in context ------------------------------------------------------------------------------------

def test_help_in_a_section_says_what_can_be_said_there_and_keeps_the_offer(chat):
    talk = chat()
    talk.say("tell me about red flags")
    turn = talk.say("help")
    assert turn.speech.startswith("You're listening to the part on red flags.")
    assert "tell me more" in turn.speech and turn.speech.endswith("?")
    assert talk.say("yes").speech.startswith(first_sentence("red_flags", 1))


def test_help_in_the_topic_list_says_how_to_pick(chat):
    talk = chat()
    talk.say("what topics do you have")
    turn = talk.say("help")
    assert turn.speech.startswith("You're hearing the list of topics.")


def test_help_at_the_menu_is_the_general_help(chat):
    talk = chat()
    talk.say("/launch")
    assert talk.say("help").speech.startswith(phrase("help").split(".")[0])


def test_fallback_in_a_section_and_in_the_topic_list(chat):
    talk = chat()
    talk.say("tell me about red flags")
    assert "While we're on red flags" in talk.say("blorp fizzle wug").speech
    talk.say("what can you talk about")
    assert talk.say("blorp fizzle wug").speech.startswith(phrase("fallback_topics").split(".")[0])


# --- other features' modes, damaged sessions, locales ----------------------------------------------------------------

@pytest.mark.parametrize("line", ["yes", "no", "next", "previous", "repeat", "help", "pause", "resume", "start over",
                                  "tell me more", "blorp fizzle wug"])
def test_navigation_leaves_a_feature_it_does_not_know_alone_without_crashing(line, chat):
    talk = chat(attributes={"mode": "some-new-feature", "offer": {"something": 1},
                                    "nav": {"section": "red_flags", "part": 0}})
    turn = talk.say(line)
    assert turn.end_session is False or turn.intent == "AMAZON.StopIntent"
    assert phrase("error") not in turn.speech
    assert not turn.speech.startswith(first_sentence("red_flags", 1)), "navigation took the turn"


def test_a_topic_by_name_leaves_another_feature(chat):
    talk = chat(attributes={"mode": "some-new-feature"})
    turn = talk.say("tell me about red flags")
    assert attributes_of(turn)["mode"] is None and attributes_of(turn)["nav"]["section"] == "red_flags"


@pytest.mark.parametrize("attributes", [
    {"nav": "garbage", "offer": [1, 2]},
    {"nav": {"section": "no_such_section", "part": "x"}, "offer": {"section": "no_such_section"}},
    {"nav": {"section": "red_flags", "part": 99}, "offer": {"more": "red_flags"}},
    {"nav": {"section": "red_flags"}, "offer": {"topics": 99}},
    {"last_response": "garbage"},
])
@pytest.mark.parametrize("line", ["yes", "tell me more", "next", "previous", "repeat", "help", "resume"])
def test_damaged_session_attributes_never_crash_navigation(attributes, line, chat):
    turn = chat(attributes=attributes).say(line)
    assert turn.end_session is False
    assert phrase("error") not in turn.speech


def test_sections_are_spoken_in_the_requests_locale(chat):
    assert "recognize" in chat("en-US").say("what can you talk about").speech
    assert "recognise" in chat("en-GB").say("what can you talk about").speech
    gb = chat("en-GB").say("tell me about seeking help")
    assert "counselling" in gb.speech and "counseling" not in gb.speech
