"""The crisis path: words of ending one's life or of self-harm get the locale's crisis line and emergency number.

First of all features, before safety: it answers anywhere (mid self-check, mid exercise, while browsing), ends whatever
feature held the conversation (session "mode"), and offers to repeat the number. "Yes" to that offer says the number
again; "no" asks to reach out from a phone and ends the session. What is said is skill/conversation/support.py's; no
card, since anyone with access to the Alexa app could read it.
Like words of fear, these words mark the session (SAFETY_CONCERN): no couple activities are offered after them, and
nothing of a self-check is kept, not even suggestions saved on an earlier visit. They also mark it CRISIS_LINE_GIVEN:
from then on the menu, help, fallback and any offer of support give the crisis line again rather than the support
numbers of the safety path.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.support import crisis_check, crisis_check_no, crisis_decline, crisis_speech
from skill.conversation.reply import Reply, ending
from skill.handlers.common import SAFETY_CONCERN, end_feature, menu
from skill.handlers.feature import ANY, ANY_INTENT, Feature, Turn, table
from skill.handlers.hearing import heard, heard_crisis
from skill.handlers.keeping import drop_kept_suggestions
from skill.handlers.session import locale_of, session_of
from skill.listener.hearing import SURE

NUMBER_OFFERED, CHECK_ASKED = "number_offered", "check_asked"


def crisis_line(handler_input: HandlerInput, *, again: bool = False) -> Reply:
    _mark_crisis(handler_input)
    speech, reprompt = crisis_speech(locale_of(handler_input), again=again)
    return Reply(speech, reprompt=reprompt, offer=offers.CRISIS_REPEAT)


def crisis_heard(handler_input: HandlerInput) -> Reply:
    """Words of ending one's life, heard by the listener in any intent: the crisis line when they are clear; when
    they may be but are not clear, the line and the direct question."""
    if heard(handler_input).level == SURE:
        return crisis_line(handler_input)
    return crisis_asked(handler_input)


def crisis_asked(handler_input: HandlerInput) -> Reply:
    """Words that may be a wish to die but are not clear ("I can't do this anymore", CrisisCheckIntent): the crisis
    line, and the direct, kind question whether they are thinking of ending their life."""
    _mark_crisis(handler_input)
    speech, reprompt = crisis_check(locale_of(handler_input))
    return Reply(speech, reprompt=reprompt, offer=offers.CRISIS_CHECK)


def check_yes(handler_input: HandlerInput) -> Reply:
    return crisis_line(handler_input)


def check_no(handler_input: HandlerInput) -> Reply:
    """No to "are you thinking about ending your life?": thanks, and the menu, which still offers the crisis line."""
    return menu(handler_input, crisis_check_no(locale_of(handler_input)))


def _mark_crisis(handler_input: HandlerInput) -> None:
    """The crisis line was given: the feature holding the conversation lets go, and from now on nothing for couples
    is offered, menus offer the line again, and suggestions kept from an earlier visit are let go."""
    session = session_of(handler_input)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    session[state.CRISIS_LINE_GIVEN] = True
    drop_kept_suggestions(handler_input)


def crisis_line_again(handler_input: HandlerInput) -> Reply:
    return crisis_line(handler_input, again=True)


def number_not_repeated(handler_input: HandlerInput) -> Reply:
    return ending(crisis_decline(locale_of(handler_input)))


class Crisis(Feature):
    name = "crisis"
    states = {
        ANY: {"CrisisIntent": Turn(crisis_line, to=(NUMBER_OFFERED,)),
              "CrisisCheckIntent": Turn(crisis_asked, to=(CHECK_ASKED,)),
              ANY_INTENT: Turn(crisis_heard, to=(NUMBER_OFFERED, CHECK_ASKED), when=heard_crisis)},
        NUMBER_OFFERED: {"AMAZON.YesIntent": Turn(crisis_line_again, to=(NUMBER_OFFERED,)),
                         "AMAZON.NoIntent": Turn(number_not_repeated)},
        # "Yes, and ..." to "are you thinking about ending your life?" is a yes, whatever else it says.
        CHECK_ASKED: table({("AMAZON.YesIntent", "YesAndIntent"): Turn(check_yes, to=(NUMBER_OFFERED,)),
                            "AMAZON.NoIntent": Turn(check_no)}),
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        session = session_of(handler_input)
        return [name for name, holds in ((NUMBER_OFFERED, offers.crisis_repeat_offered(session)),
                                         (CHECK_ASKED, offers.crisis_check_asked(session))) if holds]


FEATURE = Crisis()
