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


from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.grounding import grounding_speech
from skill.conversation.reply import Reply, ending
from skill.conversation.support import (after_grounding, crisis_check, crisis_check_no, crisis_decline, crisis_speech,
                                        grounding_offer, urgent_kinds)
from skill.conversation.turn import Turn
from skill.handlers.common import SAFETY_CONCERN, end_feature, menu
from skill.handlers.feature import ANY, ANY_INTENT, Feature, Row, table
from skill.handlers.hearing import heard, heard_crisis, heard_harm
from skill.handlers.keeping import drop_kept_suggestions
from skill.handlers.replay import replay
from skill.handlers.session import locale_of, session_of
from skill.listener.hearing import SURE

NUMBER_OFFERED, CHECK_ASKED, GROUNDING_OFFERED = "number_offered", "check_asked", "grounding_offered"


def crisis_line(turn: Turn, *, again: bool = False) -> Reply:
    """The crisis line and the emergency number (first, after urgent words), and the offer to repeat the number;
    `again` answers yes to that offer, and offers the minute of breathing."""
    urgent = urgent_words(turn)
    _mark_crisis(turn)
    if not again:
        _mark_disclosed(turn)
    speech, reprompt = crisis_speech(locale_of(turn), again=again, urgent=urgent,
                                     also_harm=harm_also_heard(turn))
    return Reply(speech, reprompt=reprompt, offer=_crisis_offer(offers.CRISIS_GROUND if again else
                                                                offers.CRISIS_REPEAT, urgent))


def crisis_heard(turn: Turn) -> Reply:
    """Words of ending one's life, heard by the listener in any intent: the crisis line when they are clear; when
    they may be but are not clear, the line and the direct question."""
    if heard(turn).level == SURE:
        return crisis_line(turn)
    return crisis_asked(turn)


def crisis_asked(turn: Turn) -> Reply:
    """Words that may be a wish to die but are not clear ("I can't do this anymore", CrisisCheckIntent): the crisis
    line and the emergency number, and the direct, kind question whether they are thinking of ending their life."""
    urgent = urgent_words(turn)
    _mark_crisis(turn)
    speech, reprompt = crisis_check(locale_of(turn), urgent=urgent, also_harm=harm_also_heard(turn))
    return Reply(speech, reprompt=reprompt, offer=_crisis_offer(offers.CRISIS_CHECK, urgent))


def urgent_words(turn: Turn) -> bool:
    """Whether this request's words name a plan, means or an overdose (an urgent kind of crisis.yaml), or answer a
    crisis question that was asked after such words (the emergency number stays first)."""
    hearing = heard(turn)
    if hearing is not None and hearing.meaning == "crisis" and hearing.detail in urgent_kinds():
        return True
    return offers.crisis_urgent(session_of(turn))


def _crisis_offer(offer: dict, urgent: bool) -> dict:
    return {**offer, offers.URGENT: True} if urgent else offer


def harm_also_heard(turn: Turn) -> bool:
    """Whether words of harm were heard in the same sentence as the crisis words (Hearing.also), or the sentence was
    heard as harm with crisis words beside it: both lines are said."""
    hearing = heard(turn)
    return hearing is not None and (hearing.meaning == "harm" or "harm" in hearing.also)


def crisis_beside_harm(turn: Turn) -> bool:
    """Words of harm acted on, with words of crisis heard in the same sentence (Hearing.also): the crisis path
    answers, and says the abuse helpline too."""
    hearing = heard(turn)
    return heard_harm(turn) and "crisis" in hearing.also


def crisis_or_both(turn: Turn) -> bool:
    return heard_crisis(turn) or crisis_beside_harm(turn)


def check_yes(turn: Turn) -> Reply:
    return crisis_line(turn)


def check_no(turn: Turn) -> Reply:
    """No to "are you thinking about ending your life?": a neutral thanks (after urgent words, the emergency number
    again), and the menu, which still offers the crisis line."""
    return menu(turn, crisis_check_no(locale_of(turn), urgent=urgent_words(turn)))


def _mark_crisis(turn: Turn) -> None:
    """The crisis line was given: the feature holding the conversation lets go, and from now on nothing for couples
    is offered, menus offer the line again, and suggestions kept from an earlier visit are let go."""
    session = session_of(turn)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    session[state.CRISIS_LINE_GIVEN] = True
    drop_kept_suggestions(turn)


def _mark_disclosed(turn: Turn) -> None:
    """Words of ending one's life (or of harm beside them) said clearly, not heard only fairly surely: "that's not
    what I meant" does not lift the restriction for the rest of the session (skill/handlers/listening.py). A
    request with no reading (CrisisIntent, yes to the direct question) is clear."""
    hearing = heard(turn)
    if hearing is None or hearing.level == SURE:
        session_of(turn)[state.SAFETY_DISCLOSED] = True


def crisis_line_again(turn: Turn) -> Reply:
    return crisis_line(turn, again=True)


def offer_grounding(turn: Turn) -> Reply:
    """No to hearing the number again: one thing to do now, a minute of slow breathing, asked; after the minute was
    done, the goodbye."""
    if offers.crisis_breathed(session_of(turn)):
        return say_goodbye(turn)
    speech, reprompt = grounding_offer(locale_of(turn))
    return Reply(speech, reprompt=reprompt, offer=_crisis_offer(offers.CRISIS_GROUND, urgent_words(turn)))


def breathe(turn: Turn) -> Reply:
    """Yes to the minute of breathing: the exercise, timed; then someone they trust, and the number again if wanted."""
    locale = locale_of(turn)
    speech, reprompt = after_grounding(locale)
    return Reply(grounding_speech(locale).extend(speech), reprompt=reprompt,
                 offer=_crisis_offer({**offers.CRISIS_REPEAT, offers.BREATHED: True}, urgent_words(turn)))


def say_goodbye(turn: Turn) -> Reply:
    return ending(crisis_decline(locale_of(turn)))


def repeat_last(turn: Turn) -> Reply:
    """"Repeat" while a crisis question waits: the last answer as it was said, its question (and offer) standing, so
    that "yes" after it still means what it meant."""
    last = replay(turn)
    if last is None:
        return crisis_line(turn)
    return replace(last, offer=dict(session_of(turn).get(offers.OFFER)), remember=True)


class Crisis(Feature):
    name = "crisis"
    states = {
        ANY: {"CrisisIntent": Row(crisis_line, to=(NUMBER_OFFERED,)),
              "CrisisCheckIntent": Row(crisis_asked, to=(CHECK_ASKED,)),
              ANY_INTENT: Row(crisis_heard, to=(NUMBER_OFFERED, CHECK_ASKED), when=crisis_or_both)},
        NUMBER_OFFERED: {"AMAZON.YesIntent": Row(crisis_line_again, to=(GROUNDING_OFFERED,)),
                         "AMAZON.NoIntent": Row(offer_grounding, to=(GROUNDING_OFFERED,)),  # or the goodbye
                         "AMAZON.RepeatIntent": Row(repeat_last, to=(NUMBER_OFFERED,))},
        GROUNDING_OFFERED: {"AMAZON.YesIntent": Row(breathe, to=(NUMBER_OFFERED,)),
                            "AMAZON.NoIntent": Row(say_goodbye),
                            "AMAZON.RepeatIntent": Row(repeat_last, to=(GROUNDING_OFFERED,))},
        # "Yes, and ..." to "are you thinking about ending your life?" is a yes, whatever else it says.
        CHECK_ASKED: table({("AMAZON.YesIntent", "YesAndIntent"): Row(check_yes, to=(NUMBER_OFFERED,)),
                            "AMAZON.NoIntent": Row(check_no),
                            "AMAZON.RepeatIntent": Row(repeat_last, to=(CHECK_ASKED,))}),
    }

    def states_now(self, turn: Turn) -> list[str]:
        session = session_of(turn)
        return [name for name, holds in ((NUMBER_OFFERED, offers.crisis_repeat_offered(session)),
                                         (GROUNDING_OFFERED, offers.crisis_grounding_offered(session)),
                                         (CHECK_ASKED, offers.crisis_check_asked(session))) if holds]


FEATURE = Crisis()
