"""Abuse and calm replies, as conversations at the console: the word on the Alexa app's voice history, the fairly-sure
check with the emergency number, a clear disclosure kept for the session, a quiet goodbye when someone is there,
"go on" after the script, the first section after a disclosure, the sections' wording for a reader in danger, and
"I'm glad to hear that" only for an explicit statement of safety."""
from __future__ import annotations

import pytest

from skill import content
from skill.conversation.not_alone import not_alone
from skill.conversation.support import SAFETY_CHECK_QUESTIONS, SAFETY_OPENINGS
from skill.listener import Hearing
from skill.listener.hearing import SURE
from skill.voice.wording import phrase
from tests.hearing_support import heard_as  # noqa: F401 (a fixture)

SECTIONS = content.sections()
FAIRLY_SURE_HARM = "he gets really angry and I feel a bit nervous"  # heard as harm, fairly sure, in free words
FEAR_QUESTION = phrase("safety_check_question", "en-US")
NUMBERS = ("1-800-799-7233", "911", "nine one one", "988")


def test_a_disclosure_names_the_app_history_and_where_to_delete_it(chat):
    talk = chat()
    talk.launch()
    turn = talk.say("my husband hits me")
    assert "voice history of the Alexa app" in turn.speech and "others on this account can see" in turn.speech
    assert "Alexa Privacy" in turn.speech and turn.card is None
    more = talk.say("yes")
    assert "deleting by voice is turned on" in more.speech, "the voice command is named with what it needs"
    assert "If someone checks your phone" in more.speech


def test_the_fairly_sure_check_says_the_emergency_number_and_that_the_skill_cannot_call(chat):
    talk = chat()
    talk.launch()
    turn = talk.say(FAIRLY_SURE_HARM)
    assert "call nine one one" in turn.speech and "I can't place calls" in turn.speech
    assert turn.speech.endswith(FEAR_QUESTION)


def test_after_a_clear_disclosure_not_what_i_meant_and_yes_keep_couple_exercises_off(chat):
    talk = chat()
    talk.launch()
    talk.say("my husband hits me")
    undo = talk.say("that's not what I meant")
    assert "?" not in undo.speech.split(".")[0] and "do you feel safe" not in undo.speech.lower()
    talk.say("yes")
    turn = talk.say("start the eye contact exercise")
    assert "eye contact" not in turn.speech.lower() or "rather not" in turn.speech
    assert turn.response["sessionAttributes"]["safety_concern"] is True


def test_after_a_fairly_sure_reading_not_what_i_meant_can_still_be_undone(chat):
    talk = chat()
    talk.launch()
    talk.say("I can't do this anymore")  # fairly sure: the line, the emergency number and the direct question
    asked = talk.say("that's not what I meant")
    assert asked.speech.endswith(phrase("undo_question", "en-US").split(". ")[-1])
    done = talk.say("yes")
    assert "glad" not in done.speech.lower()
    assert "safety_concern" not in done.response["sessionAttributes"]


@pytest.mark.parametrize("words", ["he's in the room", "he's listening", "I can't talk", "she can hear me",
                                   "he just walked in"])
def test_someone_there_at_the_fear_question_gets_a_quiet_goodbye(chat, words):
    talk = chat()
    talk.launch()
    talk.say(FAIRLY_SURE_HARM)
    turn = talk.say(words)
    assert turn.end_session is True and turn.card is None
    assert "afraid" not in turn.speech and "safe" not in turn.speech.lower()
    assert not any(number in turn.speech for number in NUMBERS)


def test_someone_there_mid_self_check_and_after_a_disclosure_gets_a_quiet_goodbye(chat):
    talk = chat()
    assert "Question one" in talk.say("start a self check").speech
    assert talk.say("he's in the room").end_session is True
    talk = chat()
    talk.launch()
    talk.say("my husband hits me")
    assert talk.say("I can't talk right now").speech == phrase("quiet_exit", "en-US")


def test_someone_there_with_words_of_harm_hears_only_the_emergency_number(chat, heard_as):
    heard_as({"he is home and he hit me again": Hearing("harm", "violence", 0.95, SURE)})
    talk = chat()
    talk.launch()
    turn = talk.say("he is home and he hit me again")
    assert turn.end_session is True and "call nine one one" in turn.speech and "afraid" not in turn.speech


@pytest.mark.parametrize("words", ["he is not home", "he is listening to me more now", "we can talk about it",
                                   "the elephant in the room", "I have to go to work tomorrow"])
def test_words_that_do_not_say_someone_is_there_are_not_taken_for_it(words):
    assert not not_alone(words)


def test_go_on_after_the_script_gives_the_next_step_and_repeat_repeats(chat):
    talk = chat()
    talk.launch()
    first = talk.say("my husband hits me")
    assert talk.say("repeat").ssml == first.ssml
    onward = talk.say("go on")
    assert onward.intent == "AMAZON.ResumeIntent" and onward.ssml != first.ssml
    assert "advice made for couples can make things more dangerous" in onward.speech
    assert "some broken trust cannot be mended" in talk.say("go on").speech


def test_the_first_section_after_a_disclosure_is_for_someone_in_danger(chat):
    assert SECTIONS["safety"]["offer"] == {"section": "beyond_repair"}
    talk = chat()
    talk.launch()
    talk.say("I'm scared of my partner")
    talk.say("yes")
    turn = talk.say("yes")
    assert "some broken trust cannot be mended" in turn.speech and "letting go of control" not in turn.speech
    for key in ("menu_question", "menu_reprompt", "help", "fallback", "topics_reprompt", "topics_pick_reprompt"):
        assert "trusting yourself" not in phrase(key, "en-US", concern="safety"), key


def test_the_sections_read_right_to_someone_in_danger():
    red_flags_two = SECTIONS["red_flags"]["parts"][1]
    assert "old hurts" not in red_flags_two and "never excuses" in red_flags_two
    assert "not as a couple" in SECTIONS["seeking_help"]["parts"][0], "the caution comes in the first part"
    assert "small signs of change still count" not in SECTIONS["fixing_trust_issues"]["parts"][0]
    assert "afraid of your partner" in SECTIONS["fixing_trust_issues"]["parts"][0]


def test_an_explicit_statement_of_safety_is_the_only_calm_that_hears_glad(chat, heard_as):
    talk = chat()
    talk.launch()
    assert phrase("calm_heard", "en-US") in talk.say("I feel safe with him").speech
    heard_as({"he has never hit me not once": Hearing("calm", "negated", 0.8, SURE),
              "my wife will kill me if i forget the milk": Hearing("calm", "benign", 0.8, SURE)})
    for words in ("he has never hit me not once", "my wife will kill me if I forget the milk"):
        talk = chat()
        talk.launch()
        turn = talk.say(words)
        assert "glad" not in turn.speech.lower() and phrase("calm_noted", "en-US") in turn.speech, words


def test_no_reply_to_a_denial_or_an_undo_says_glad():
    for key in ("calm_noted", "undo_done", "safety_check_no", "undo_kept"):
        assert "glad" not in phrase(key, "en-US").lower(), key
    assert "glad" not in content.load("crisis")["check_no"].lower()


@pytest.mark.parametrize("said", ["my son keeps taking my pension and shoves me",
                                  "our daughter in law slaps me when nobody is home",
                                  "the carer is rough with me and I'm frightened of her"])
def test_harm_by_family_or_a_carer_is_not_answered_as_a_partners(chat, said):
    talk = chat()
    talk.launch()
    turn = talk.say(said)
    assert "If a family member or a carer hurts or frightens you" in turn.speech
    assert "partner" not in turn.speech and "nine one one" in turn.speech


def test_harm_by_a_partner_keeps_the_partners_words(chat):
    talk = chat()
    talk.launch()
    assert "If you feel afraid of your partner" in talk.say("my wife hits me when she's been drinking").speech


def test_every_group_a_harm_kind_names_has_its_own_words():
    named = {kind.get("by") for kind in content.load("kinds")["heard"]["harm"].values()} - {None}
    assert named and named <= set(SAFETY_OPENINGS) & set(SAFETY_CHECK_QUESTIONS)
    for key in (*SAFETY_OPENINGS.values(), *SAFETY_CHECK_QUESTIONS.values()):
        assert "partner" not in phrase(key, "en-US") or key in (SAFETY_OPENINGS[None], SAFETY_CHECK_QUESTIONS[None])
