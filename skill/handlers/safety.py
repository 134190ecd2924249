"""The safety path: words that suggest fear or harm get safety resources first, from anywhere in the skill.

Second of the features, after crisis, so it answers mid self-check and mid exercise too. It ends whatever feature
held the conversation (session "mode"), and marks the session (SAFETY_CONCERN) so that navigation no longer offers
couple activities or joint counselling, and lets go of suggestions kept from an earlier self-check. Once the crisis
line was given, asking for support means it again (`support`). What is said, with the locale's numbers, is
skill/conversation/support.py's; no card, since anyone with access to the Alexa app could read it.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation import browse, offers
from skill.conversation.support import helpline_line
from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.handlers.common import CRISIS, NAV, SAFETY_CONCERN, concern, end_feature
from skill.handlers.crisis import crisis_line
from skill.handlers.feature import ANY, ANY_INTENT, Feature, Turn
from skill.handlers.answers import answer_of_intent
from skill.handlers.common import menu
from skill.handlers.hearing import heard, heard_harm
from skill.listener.hearing import SURE
from skill.handlers.keeping import drop_kept_suggestions
from skill.handlers.session import locale_of, session_of, slot_id, speak


def disclosed(handler_input: HandlerInput, part: int = 0) -> Reply:
    """Fear or harm said clearly ("I'm scared of my partner", heard surely, or yes to "do you feel afraid?"): the
    safety section, and the session marked so that "that's not what I meant" cannot lift the restriction."""
    session_of(handler_input)[state.SAFETY_DISCLOSED] = True
    return safety(handler_input, part)


def safety(handler_input: HandlerInput, part: int = 0) -> Reply:
    """Part `part` of the safety section; ends any running feature and marks the session."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    drop_kept_suggestions(handler_input)
    speech, reprompt, offer = browse.section_speech(browse.SAFETY_SECTION, part, locale,
                                                    withheld=state.withheld_now(session))
    session[NAV] = {"section": browse.SAFETY_SECTION, "part": part, "offer": offer}
    return Reply(speech, reprompt=reprompt, offer=offer)


def support(handler_input: HandlerInput, part: int = 0) -> Reply:
    """"Support numbers", or yes to an offer of support: after words of ending one's life, the crisis line again
    (the crisis path's own answer) rather than the safety section's helpline; else part `part` of that section."""
    if part == 0 and concern(handler_input) == CRISIS:
        return crisis_line(handler_input, again=True)
    return safety(handler_input, part)


def harm_heard(handler_input: HandlerInput) -> Reply:
    """Words of fear or harm heard by the listener in any intent: the safety section when it is sure; when it is
    fairly sure of free words, the numbers and a question."""
    return disclosed(handler_input) if heard(handler_input).level == SURE else safety_check(handler_input)


def safety_check(handler_input: HandlerInput) -> Reply:
    """Harm heard fairly surely in someone's own words: where help is, said now, and then the question whether
    they feel afraid or unsafe; yes gives the safety section, no carries on."""
    locale = locale_of(handler_input)
    speech = speak(handler_input, "safety_check_opening").extend(helpline_line(locale))
    question = speak(handler_input, "safety_check_question")
    return Reply(speech.extend(question), reprompt=speak(handler_input, "safety_check_question"),
                 offer={offers.SAFETY_CHECK: True})


def check_answer(handler_input: HandlerInput) -> Reply:
    """"Some days", "not sure", "kind of" to "do you feel afraid of your partner?": anything but a no is taken as a
    yes, so safety comes first; words that are no answer at all hear the question again."""
    intent = handler_input.request_envelope.request.intent
    given = answer_of_intent(intent.name, intent.slots)
    if given is None:
        return safety_check(handler_input)
    return check_no(handler_input) if given == "no" else disclosed(handler_input)


def check_no(handler_input: HandlerInput) -> Reply:
    return menu(handler_input, speak(handler_input, "safety_check_no"))


def _asks_for_safety(handler_input: HandlerInput) -> bool:
    return slot_id(handler_input, "Topic") == browse.SAFETY_SECTION


CHECK_ASKED = "check_asked"


class Safety(Feature):
    name = "safety"
    states = {ANY: {"SafetyIntent": Turn(disclosed, to=("browsing",)),
                    "TopicIntent": Turn(support, to=("browsing",), when=_asks_for_safety),
                    ANY_INTENT: Turn(harm_heard, to=("browsing", CHECK_ASKED), when=heard_harm)},
              CHECK_ASKED: {"AMAZON.YesIntent": Turn(disclosed, to=("browsing",)), "AMAZON.NoIntent": Turn(check_no),
                            "AnswerIntent": Turn(check_answer, to=("browsing", CHECK_ASKED))}}

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        return [CHECK_ASKED] if offers.current(session_of(handler_input)).get(offers.SAFETY_CHECK) else []


FEATURE = Safety()
