"""The safety path: words that suggest fear or harm get safety resources first, from anywhere in the skill.

Second of the features, after crisis, so it answers mid self-check and mid exercise too. It ends whatever feature
held the conversation (session "mode"), and marks the session (SAFETY_CONCERN) so that navigation no longer offers
couple activities or joint counselling, and lets go of suggestions kept from an earlier self-check. Once the crisis
line was given, asking for support means it again (`support`). What is said, with the locale's numbers, is
skill/conversation/support.py's; no card, since anyone with access to the Alexa app could read it.
"""
from __future__ import annotations


from skill.conversation import browse, offers
from skill.conversation.support import SAFETY_CHECK_QUESTIONS, harmed_by, helpline_line, resources
from skill.conversation import session_state as state
from skill.conversation.reply import Reply, ending
from skill.conversation.turn import Turn
from skill.handlers.common import CRISIS, NAV, SAFETY_CONCERN, concern, end_feature
from skill.handlers.crisis import crisis_line
from skill.handlers.feature import ANY, ANY_INTENT, Feature, Row
from skill.handlers.answers import answer_of_intent
from skill.handlers.common import menu
from skill.handlers.hearing import danger_acted_on, heard, heard_harm, someone_there
from skill.listener.hearing import SURE
from skill.handlers.keeping import drop_kept_suggestions, keep_disclosure
from skill.handlers.session import locale_of, session_of, slot_id, speak
from skill.voice.speech import Speech


def disclosed(turn: Turn, part: int = 0) -> Reply:
    """Fear or harm said clearly ("I'm scared of my partner", heard surely, or yes to "do you feel afraid?"): the
    safety section, and the session marked so that "that's not what I meant" cannot lift the restriction; a
    recognised voice's record is marked too, for a discreet offer next time."""
    session_of(turn)[state.SAFETY_DISCLOSED] = True
    keep_disclosure(turn)
    return safety(turn, part, tech_word=True)


def safety(turn: Turn, part: int = 0, *, tech_word: bool = False) -> Reply:
    """Part `part` of the safety section; ends any running feature and marks the session. `tech_word`, after a
    disclosure: that what was said may stay in the Alexa app's voice history, and where to delete it."""
    locale = locale_of(turn)
    session = session_of(turn)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    drop_kept_suggestions(turn)
    question, offer = browse.section_question(browse.SAFETY_SECTION, part, locale, withheld=state.withheld_now(session))
    speech = browse.spoken_part(browse.SAFETY_SECTION, part, locale, harmed_by(heard(turn)))
    if tech_word and part == 0:
        speech.extend(speak(turn, "tech_safety"))
    session[NAV] = {"section": browse.SAFETY_SECTION, "part": part, "offer": offer}
    return Reply(speech.say(question), reprompt=Speech().say(question), offer=offer)


def support(turn: Turn, part: int = 0) -> Reply:
    """"Support numbers", or yes to an offer of support: after words of ending one's life, the crisis line again
    (the crisis path's own answer) rather than the safety section's helpline; else part `part` of that section."""
    if part == 0 and concern(turn) == CRISIS:
        return crisis_line(turn, again=True)
    return safety(turn, part)


def quietly(turn: Turn) -> Reply:
    """"He's in the room", "I can't talk", "not now", in any state: a quiet, neutral goodbye, never a question about
    fear said aloud and nothing taken as an answer. The emergency number alone, said neutrally, when words of harm came
    with them, or after words of ending one's life (a crisis reply or its direct question this session). No card."""
    hearing = heard(turn)
    # Only words of harm the audited patterns name count: the model's net alone may be hearing "I can't talk" itself.
    harm = danger_acted_on(hearing, turn.request) == "harm" and hearing.detail is not None
    if harm or _crisis_heard(turn):
        emergency = resources(locale_of(turn))["emergency"]
        return ending(speak(turn, "quiet_exit_danger", emergency=emergency))
    return ending(speak(turn, "quiet_exit"))


def _crisis_heard(turn: Turn) -> bool:
    """Whether words of ending one's life were answered this session, or are being asked about directly now."""
    session = session_of(turn)
    return concern(turn) == CRISIS or offers.crisis_check_asked(session)


def harm_or_someone_there(turn: Turn) -> bool:
    return someone_there(turn) or heard_harm(turn)


def harm_heard_unless_someone_there(turn: Turn) -> Reply:
    return quietly(turn) if someone_there(turn) else harm_heard(turn)


def harm_heard(turn: Turn) -> Reply:
    """Words of fear or harm heard by the listener in any intent: the safety section when it is sure; when it is
    fairly sure of free words, the numbers and a question."""
    return disclosed(turn) if heard(turn).level == SURE else safety_check(turn)


def safety_check(turn: Turn) -> Reply:
    """Harm heard fairly surely in someone's own words: where help is, said now, and then the question whether
    they feel afraid or unsafe; yes gives the safety section, no carries on."""
    locale = locale_of(turn)
    speech = speak(turn, "safety_check_opening", "safety_check_emergency",
                   emergency=resources(locale)["emergency"]).extend(helpline_line(locale))
    key = SAFETY_CHECK_QUESTIONS[harmed_by(heard(turn))]
    return Reply(speech.extend(speak(turn, key)), reprompt=speak(turn, key),
                 offer={offers.SAFETY_CHECK: True})


def check_answer(turn: Turn) -> Reply:
    """"Some days", "not sure", "kind of" to "do you feel afraid of your partner?": anything but a no is taken as a
    yes, so safety comes first; words that are no answer at all hear the question again. "He's in the room" is
    answered quietly, never with the question again."""
    if someone_there(turn):
        return quietly(turn)
    given = answer_of_intent(turn.request, turn.slots, turn.slot_words)
    if given is None:
        return safety_check(turn)
    return check_no(turn) if given == "no" else disclosed(turn)


def check_no(turn: Turn) -> Reply:
    return menu(turn, speak(turn, "safety_check_no"))


def _asks_for_safety(turn: Turn) -> bool:
    return slot_id(turn, "Topic") == browse.SAFETY_SECTION


CHECK_ASKED = "check_asked"


class Safety(Feature):
    name = "safety"
    states = {ANY: {"SafetyIntent": Row(disclosed, to=("browsing",)),
                    "CannotTalkIntent": Row(quietly),
                    "TopicIntent": Row(support, to=("browsing",), when=_asks_for_safety),
                    ANY_INTENT: Row(harm_heard_unless_someone_there, to=("browsing", CHECK_ASKED),
                                     when=harm_or_someone_there)},
              CHECK_ASKED: {"AMAZON.YesIntent": Row(disclosed, to=("browsing",)), "AMAZON.NoIntent": Row(check_no),
                            "AnswerIntent": Row(check_answer, to=("browsing", CHECK_ASKED))}}

    def states_now(self, turn: Turn) -> list[str]:
        return [CHECK_ASKED] if offers.current(session_of(turn)).get(offers.SAFETY_CHECK) else []


FEATURE = Safety()
