"""The crisis path: words of ending one's life or of self-harm get the locale's crisis line and emergency number.

First of all features, before safety: it answers anywhere (mid self-check, mid exercise, while browsing), ends whatever
feature held the conversation (session "mode"), and offers to repeat the number. Words of a plan, of means or of an
overdose (an urgent kind, content/crisis.yaml) hear the emergency number first. "Yes" to the offer says the number
again and offers one thing to do now, a minute of slow breathing (content/grounding.yaml); "no" offers that minute;
after it, someone they trust to be with, and the number again if they like. "Repeat" in any of these says the last
answer again, its question still standing. What is said is skill/conversation/support.py's; no card, since anyone
with access to the Alexa app could read it.
Like words of fear, these words mark the session (SAFETY_CONCERN): no couple activities are offered after them, and
nothing of a self-check is kept, not even suggestions saved on an earlier visit. They also mark it CRISIS_LINE_GIVEN:
from then on the menu, help, fallback and any offer of support give the crisis line again rather than the support
numbers of the safety path.
"""
from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.grounding import grounding_speech
from skill.conversation.reply import Reply, ending
from skill.conversation.support import (after_grounding, crisis_check, crisis_check_no, crisis_decline, crisis_speech,
                                        grounding_offer, urgent_kinds)
from skill.handlers.common import SAFETY_CONCERN, end_feature, menu
from skill.handlers.feature import ANY, ANY_INTENT, Feature, Turn, table
from skill.handlers.hearing import heard, heard_crisis, heard_harm
from skill.handlers.keeping import drop_kept_suggestions
from skill.handlers.respond import replay
from skill.handlers.session import locale_of, session_of
from skill.listener.hearing import SURE

NUMBER_OFFERED, CHECK_ASKED, GROUNDING_OFFERED = "number_offered", "check_asked", "grounding_offered"


def crisis_line(handler_input: HandlerInput, *, again: bool = False) -> Reply:
    """The crisis line and the emergency number (first, after urgent words), and the offer to repeat the number;
    `again` answers yes to that offer, and offers the minute of breathing."""
    urgent = urgent_words(handler_input)
    _mark_crisis(handler_input)
    if not again:
        _mark_disclosed(handler_input)
    speech, reprompt = crisis_speech(locale_of(handler_input), again=again, urgent=urgent,
                                     also_harm=harm_also_heard(handler_input))
    return Reply(speech, reprompt=reprompt, offer=_crisis_offer(offers.CRISIS_GROUND if again else
                                                                offers.CRISIS_REPEAT, urgent))


def crisis_heard(handler_input: HandlerInput) -> Reply:
    """Words of ending one's life, heard by the listener in any intent: the crisis line when they are clear; when
    they may be but are not clear, the line and the direct question."""
    if heard(handler_input).level == SURE:
        return crisis_line(handler_input)
    return crisis_asked(handler_input)


def crisis_asked(handler_input: HandlerInput) -> Reply:
    """Words that may be a wish to die but are not clear ("I can't do this anymore", CrisisCheckIntent): the crisis
    line and the emergency number, and the direct, kind question whether they are thinking of ending their life."""
    urgent = urgent_words(handler_input)
    _mark_crisis(handler_input)
    speech, reprompt = crisis_check(locale_of(handler_input), urgent=urgent, also_harm=harm_also_heard(handler_input))
    return Reply(speech, reprompt=reprompt, offer=_crisis_offer(offers.CRISIS_CHECK, urgent))


def urgent_words(handler_input: HandlerInput) -> bool:
    """Whether this request's words name a plan, means or an overdose (an urgent kind of crisis.yaml), or answer a
    crisis question that was asked after such words (the emergency number stays first)."""
    hearing = heard(handler_input)
    if hearing is not None and hearing.meaning == "crisis" and hearing.detail in urgent_kinds():
        return True
    return offers.crisis_urgent(session_of(handler_input))


def _crisis_offer(offer: dict, urgent: bool) -> dict:
    return {**offer, offers.URGENT: True} if urgent else offer


def harm_also_heard(handler_input: HandlerInput) -> bool:
    """Whether words of harm were heard in the same sentence as the crisis words (Hearing.also), or the sentence was
    heard as harm with crisis words beside it: both lines are said."""
    hearing = heard(handler_input)
    return hearing is not None and (hearing.meaning == "harm" or "harm" in hearing.also)


def crisis_beside_harm(handler_input: HandlerInput) -> bool:
    """Words of harm acted on, with words of crisis heard in the same sentence (Hearing.also): the crisis path
    answers, and says the abuse helpline too."""
    hearing = heard(handler_input)
    return heard_harm(handler_input) and "crisis" in hearing.also


def crisis_or_both(handler_input: HandlerInput) -> bool:
    return heard_crisis(handler_input) or crisis_beside_harm(handler_input)


def check_yes(handler_input: HandlerInput) -> Reply:
    return crisis_line(handler_input)


def check_no(handler_input: HandlerInput) -> Reply:
    """No to "are you thinking about ending your life?": a neutral thanks (after urgent words, the emergency number
    again), and the menu, which still offers the crisis line."""
    return menu(handler_input, crisis_check_no(locale_of(handler_input), urgent=urgent_words(handler_input)))


def _mark_crisis(handler_input: HandlerInput) -> None:
    """The crisis line was given: the feature holding the conversation lets go, and from now on nothing for couples
    is offered, menus offer the line again, and suggestions kept from an earlier visit are let go."""
    session = session_of(handler_input)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    session[state.CRISIS_LINE_GIVEN] = True
    drop_kept_suggestions(handler_input)


def _mark_disclosed(handler_input: HandlerInput) -> None:
    """Words of ending one's life (or of harm beside them) said clearly, not heard only fairly surely: "that's not
    what I meant" does not lift the restriction for the rest of the session (skill/handlers/listening.py). A
    request with no reading (CrisisIntent, yes to the direct question) is clear."""
    hearing = heard(handler_input)
    if hearing is None or hearing.level == SURE:
        session_of(handler_input)[state.SAFETY_DISCLOSED] = True


def crisis_line_again(handler_input: HandlerInput) -> Reply:
    return crisis_line(handler_input, again=True)


def offer_grounding(handler_input: HandlerInput) -> Reply:
    """No to hearing the number again: one thing to do now, a minute of slow breathing, asked; after the minute was
    done, the goodbye."""
    if offers.crisis_breathed(session_of(handler_input)):
        return say_goodbye(handler_input)
    speech, reprompt = grounding_offer(locale_of(handler_input))
    return Reply(speech, reprompt=reprompt, offer=_crisis_offer(offers.CRISIS_GROUND, urgent_words(handler_input)))


def breathe(handler_input: HandlerInput) -> Reply:
    """Yes to the minute of breathing: the exercise, timed; then someone they trust, and the number again if wanted."""
    locale = locale_of(handler_input)
    speech, reprompt = after_grounding(locale)
    return Reply(grounding_speech(locale).extend(speech), reprompt=reprompt,
                 offer=_crisis_offer({**offers.CRISIS_REPEAT, offers.BREATHED: True}, urgent_words(handler_input)))


def say_goodbye(handler_input: HandlerInput) -> Reply:
    return ending(crisis_decline(locale_of(handler_input)))


def repeat_last(handler_input: HandlerInput) -> Reply:
    """"Repeat" while a crisis question waits: the last answer as it was said, its question (and offer) standing, so
    that "yes" after it still means what it meant."""
    last = replay(handler_input)
    if last is None:
        return crisis_line(handler_input)
    return replace(last, offer=dict(session_of(handler_input).get(offers.OFFER)), remember=True)


class Crisis(Feature):
    name = "crisis"
    states = {
        ANY: {"CrisisIntent": Turn(crisis_line, to=(NUMBER_OFFERED,)),
              "CrisisCheckIntent": Turn(crisis_asked, to=(CHECK_ASKED,)),
              ANY_INTENT: Turn(crisis_heard, to=(NUMBER_OFFERED, CHECK_ASKED), when=crisis_or_both)},
        NUMBER_OFFERED: {"AMAZON.YesIntent": Turn(crisis_line_again, to=(GROUNDING_OFFERED,)),
                         "AMAZON.NoIntent": Turn(offer_grounding, to=(GROUNDING_OFFERED,)),  # or the goodbye
                         "AMAZON.RepeatIntent": Turn(repeat_last, to=(NUMBER_OFFERED,))},
        GROUNDING_OFFERED: {"AMAZON.YesIntent": Turn(breathe, to=(NUMBER_OFFERED,)),
                            "AMAZON.NoIntent": Turn(say_goodbye),
                            "AMAZON.RepeatIntent": Turn(repeat_last, to=(GROUNDING_OFFERED,))},
        # "Yes, and ..." to "are you thinking about ending your life?" is a yes, whatever else it says.
        CHECK_ASKED: table({("AMAZON.YesIntent", "YesAndIntent"): Turn(check_yes, to=(NUMBER_OFFERED,)),
                            "AMAZON.NoIntent": Turn(check_no),
                            "AMAZON.RepeatIntent": Turn(repeat_last, to=(CHECK_ASKED,))}),
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        session = session_of(handler_input)
        return [name for name, holds in ((NUMBER_OFFERED, offers.crisis_repeat_offered(session)),
                                         (GROUNDING_OFFERED, offers.crisis_grounding_offered(session)),
                                         (CHECK_ASKED, offers.crisis_check_asked(session))) if holds]


FEATURE = Crisis()
