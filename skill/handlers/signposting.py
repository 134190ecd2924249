"""Signposts beyond abuse and crisis: a medical emergency hears the emergency number first and the session ends;
distress (hopeless, panicking, alone) hears a warm word and the locale's support line, then an offer to go on. Never a
topic section, never "I'm glad". Third of the features, after crisis and safety, so it answers in every state.

The listener names these meanings "medical" and "distress", and `Hearing.also` the other danger families heard in
the same sentence.
"""
from __future__ import annotations


from skill.conversation import offers
from skill.conversation.reply import Reply, ending
from skill.conversation.signposting import distress_reply_words, distress_speech, medical_speech
from skill.conversation.turn import Turn
from skill.handlers.common import end_feature, menu
from skill.handlers.feature import ANY, ANY_INTENT, Feature, Row
from skill.handlers.hearing import FREE_WORDS, heard
from skill.handlers.session import locale_of, session_of
from skill.listener.hearing import SURE, Hearing

MEDICAL, DISTRESS = "medical", "distress"
GO_ON_OFFERED = "go_on_offered"


def signal_acted_on(hearing: Hearing | None, intent: str | None) -> str | None:
    """"medical" or "distress" when the skill acts on it: heard surely in any intent, fairly surely only in free
    words (as harm is, skill/handlers/hearing.py); else None."""
    if hearing is None or hearing.meaning not in (MEDICAL, DISTRESS):
        return None
    return hearing.meaning if hearing.level == SURE or intent in FREE_WORDS else None


def also_heard(turn: Turn) -> tuple[str, ...]:
    """The other danger families the listener heard in the same sentence (Hearing.also), or ()."""
    hearing = heard(turn)
    return hearing.also if hearing is not None else ()


def heard_medical(turn: Turn) -> bool:
    return signal_acted_on(heard(turn), turn.request) == MEDICAL


def heard_distress(turn: Turn) -> bool:
    return signal_acted_on(heard(turn), turn.request) == DISTRESS


def medical(turn: Turn) -> Reply:
    """The emergency number first, that the skill cannot call, any other line the words call for; then the end."""
    end_feature(session_of(turn))
    return ending(medical_speech(locale_of(turn), also=also_heard(turn)))


def distress(turn: Turn) -> Reply:
    end_feature(session_of(turn))
    speech, reprompt = distress_speech(locale_of(turn), also=also_heard(turn))
    return Reply(speech, reprompt=reprompt, offer=offers.DISTRESS_GO_ON)


def signpost(turn: Turn) -> Reply:
    return medical(turn) if heard_medical(turn) else distress(turn)


def heard_medical_or_distress(turn: Turn) -> bool:
    return signal_acted_on(heard(turn), turn.request) is not None


def go_on(turn: Turn) -> Reply:
    return menu(turn, distress_reply_words(locale_of(turn), "distress_yes"))


def stop_here(turn: Turn) -> Reply:
    return ending(distress_reply_words(locale_of(turn), "distress_no"))


class Signposting(Feature):
    name = "signposting"
    states = {
        ANY: {ANY_INTENT: Row(signpost, to=(GO_ON_OFFERED,), when=heard_medical_or_distress)},
        GO_ON_OFFERED: {"AMAZON.YesIntent": Row(go_on), "AMAZON.ResumeIntent": Row(go_on),
                        "AMAZON.NoIntent": Row(stop_here)},
    }

    def states_now(self, turn: Turn) -> list[str]:
        return [GO_ON_OFFERED] if offers.distress_go_on_offered(session_of(turn)) else []


FEATURE = Signposting()
