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
from skill.conversation.support import crisis_decline, crisis_speech
from skill.conversation.reply import Reply, ending
from skill.handlers.common import SAFETY_CONCERN, end_feature
from skill.handlers.feature import ANY, Feature, Turn
from skill.handlers.keeping import drop_kept_suggestions
from skill.handlers.session import locale_of, session_of

NUMBER_OFFERED = "number_offered"


def crisis_line(handler_input: HandlerInput, *, again: bool = False) -> Reply:
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    session[state.CRISIS_LINE_GIVEN] = True
    drop_kept_suggestions(handler_input)
    speech, reprompt = crisis_speech(locale, again=again)
    return Reply(speech, reprompt=reprompt, offer=offers.CRISIS_REPEAT)


def crisis_line_again(handler_input: HandlerInput) -> Reply:
    return crisis_line(handler_input, again=True)


def number_not_repeated(handler_input: HandlerInput) -> Reply:
    return ending(crisis_decline(locale_of(handler_input)))


class Crisis(Feature):
    name = "crisis"
    states = {
        ANY: {"CrisisIntent": Turn(crisis_line, to=(NUMBER_OFFERED,))},
        NUMBER_OFFERED: {"AMAZON.YesIntent": Turn(crisis_line_again, to=(NUMBER_OFFERED,)),
                         "AMAZON.NoIntent": Turn(number_not_repeated)},
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        return [NUMBER_OFFERED] if offers.crisis_repeat_offered(session_of(handler_input)) else []


FEATURE = Crisis()
