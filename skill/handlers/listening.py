"""Free words, as a feature: what people say in their own words (TellIntent), answered by what the listener heard
(a topic, an exercise, manners, what the skill cannot do, words of calm); the fallback that is never a dead end;
and undoing a false alarm. Crisis and harm in the same words were answered before any of this (crisis, safety)."""
from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation import browse, offers
from skill.conversation import session_state as state
from skill.conversation.calm_replies import calm_reply_key
from skill.conversation.reply import Reply, ending
from skill.conversation.support import helpline_line
from skill.handlers.common import SAFETY_CONCERN, concern, end_feature, menu, menu_question
from skill.handlers.exercise_steering import steer
from skill.handlers.feature import ANY, Feature, Turn
from skill.handlers.hearing import heard, heard_nothing
from skill.handlers.navigation import show_section
from skill.handlers.session import locale_of, session_of, slot_id, speak
from skill.listener.hearing import SURE, UNSURE
from skill.voice.speech import Speech
from skill.voice.wording import phrase, phrase_in_turn

UNDO_ASKED = "undo_asked"
MANNERS = {"thanks": "manners_thanks", "hello": "manners_hello", "who_are_you": "manners_who",
           "therapist": "manners_therapist"}
CANNOT = {"call": "cannot_call", "weather": "cannot_weather", "music": "cannot_music", "joke": "cannot_joke",
          "timer": "cannot_timer", "shopping": "cannot_shopping", "other": "cannot_other"}


def tell(handler_input: HandlerInput) -> Reply:
    """What someone said in their own words, by what the listener heard in them."""
    hearing = heard(handler_input)
    if hearing is None or hearing.meaning == "unknown" or hearing.level == UNSURE:
        return fallback(handler_input)
    answer = {"topic": topic, "exercise": exercise, "manners": manners, "out_of_scope": cannot,
              "calm": calm}.get(hearing.meaning, fallback)
    return answer(handler_input)


def topic(handler_input: HandlerInput) -> Reply:
    """A topic heard by meaning: played when the listener is sure, offered when it is fairly sure."""
    section_id = heard(handler_input).detail
    if heard(handler_input).level == SURE:
        return show_section(handler_input, section_id)
    end_feature(session_of(handler_input))
    title = browse.section_title(section_id, locale_of(handler_input))
    question = phrase("heard_topic_question", locale_of(handler_input), title=title)
    return Reply(Speech().say(question), reprompt=Speech().say(question), offer={offers.SECTION: section_id})


def exercise(handler_input: HandlerInput) -> Reply:
    """An exercise asked for in words: the one named set up, a command for one ("a different one", "how long is
    left"), or the list of them."""
    return steer(handler_input)


def manners_intent(handler_input: HandlerInput) -> Reply:
    """MannersIntent: the kind is the slot's, as Alexa resolved it."""
    return manners(handler_input, slot_id(handler_input, "Manner") or "hello")


def manners(handler_input: HandlerInput, kind: str | None = None) -> Reply:
    """Thanks, hello, who are you, are you a therapist: a fitting word, and the menu's question; goodbye ends;
    "I need to talk to someone" hears where real help is."""
    kind = kind or heard(handler_input).detail
    if kind == "goodbye":
        return ending(speak(handler_input, "goodbye"))
    if kind == "talk_to_someone":
        return talk_to_someone(handler_input)
    return menu(handler_input, speak(handler_input, MANNERS[kind]))


def talk_to_someone(handler_input: HandlerInput) -> Reply:
    """The helpline first, then the part on seeking expert help (the safety section when that is withheld)."""
    opening = speak(handler_input, "manners_talk_to_someone").extend(helpline_line(locale_of(handler_input)))
    # An answer that opens with a helpline is a support reply: it shows nothing (skill/conversation/screen.py).
    return replace(show_section(handler_input, "seeking_help").opened_by(opening), screen=None)


def cannot(handler_input: HandlerInput) -> Reply:
    """What the skill heard but cannot do: said plainly, then what it can do. Never "I didn't catch that"."""
    hearing = heard(handler_input)
    kind = hearing.detail if hearing is not None and hearing.meaning == "out_of_scope" else "other"
    return menu(handler_input, speak(handler_input, CANNOT.get(kind, "cannot_other")))


def elsewhere(handler_input: HandlerInput) -> Reply:
    """ElsewhereIntent: a request of the kind the skill does not do ("call ...", "play ...", "what's the weather").
    Its words may still name something the skill does ("play the eye contact exercise")."""
    hearing = heard(handler_input)
    if hearing is not None and hearing.meaning in ("topic", "exercise") and hearing.level == SURE:
        return tell(handler_input)
    return cannot(handler_input)


def calm(handler_input: HandlerInput) -> Reply:
    """Words of calm. After a false alarm ("that's not what I meant") the skill checks once before it offers couple
    activities again; otherwise a word that is warm only for an explicit statement of safety, and the menu."""
    session = session_of(handler_input)
    if heard(handler_input).detail == "mistaken" and state.safety_concern(session):
        return _ask_undo(handler_input)
    return menu(handler_input, speak(handler_input, calm_reply_key(heard(handler_input))))


def not_what_i_meant(handler_input: HandlerInput) -> Reply:
    """"That's not what I meant": after words of fear or harm, the kind check before couple activities come back;
    otherwise an apology and the menu."""
    if state.safety_concern(session_of(handler_input)):
        return _ask_undo(handler_input)
    return menu(handler_input, speak(handler_input, "misunderstood"))


def _ask_undo(handler_input: HandlerInput) -> Reply:
    """The kind check; after a clear disclosure of fear or harm there is nothing to undo (anyone in the room can say
    "that's not what I meant"), so the restriction stays, without a question."""
    if state.safety_disclosed(session_of(handler_input)):
        return undo_no(handler_input)
    end_feature(session_of(handler_input))
    return Reply(speak(handler_input, "undo_question"), reprompt=speak(handler_input, "undo_reprompt"),
                 offer={offers.UNDO: True})


def undo_yes(handler_input: HandlerInput) -> Reply:
    """Yes to "just to check, you feel safe?": the session's restriction on couple activities is lifted."""
    session = session_of(handler_input)
    if state.safety_disclosed(session):
        return undo_no(handler_input)
    session.pop(SAFETY_CONCERN, None)
    session.pop(state.CRISIS_LINE_GIVEN, None)
    return menu(handler_input, speak(handler_input, "undo_done"))


def undo_no(handler_input: HandlerInput) -> Reply:
    return menu(handler_input, speak(handler_input, "undo_kept"))


def fallback(handler_input: HandlerInput) -> Reply:
    """Never a dead end: never the same words twice in a row; from the second miss, the closest topics the listener
    heard (or the topic list); and always one short line on getting help when unsafe."""
    session = session_of(handler_input)
    misses, heard_now = state.misses(session), concern(handler_input)
    end_feature(session)
    if misses == 0:
        question, reprompt = menu_question(handler_input)
        opening = speak(handler_input, "fallback", concern=heard_now)
        return Reply(_with_safety_line(handler_input, opening).extend(question), reprompt=reprompt, missed=True)
    opening = Speech().say(phrase_in_turn("fallback_again", misses - 1, locale_of(handler_input)))
    closest = _closest_topic(handler_input)
    if closest is not None:
        title = browse.section_title(closest, locale_of(handler_input))
        question = phrase("fallback_closest_question", locale_of(handler_input), title=title)
        offer = {offers.SECTION: closest}
    else:
        question, offer = phrase("fallback_topics_question", locale_of(handler_input)), {offers.TOPICS: 0}
    speech = _with_safety_line(handler_input, opening).say(question)
    return Reply(speech, reprompt=Speech().say(question), offer=offer, missed=True)


def _closest_topic(handler_input: HandlerInput) -> str | None:
    """The closest topic the listener heard in the words, when there were words and it may be offered now."""
    hearing = heard(handler_input)
    withheld = state.withheld_now(session_of(handler_input))
    candidates = [detail for meaning, detail, _score in (hearing.alternatives if hearing else ())
                  if meaning == "topic" and detail not in withheld]
    return candidates[0] if candidates else None


def _with_safety_line(handler_input: HandlerInput, opening: Speech) -> Speech:
    """After words of fear or crisis the fallback already names support; otherwise one short line says how."""
    return opening if concern(handler_input) else opening.extend(speak(handler_input, "unsafe_line"))


def _heard_something(handler_input: HandlerInput) -> bool:
    return not heard_nothing(handler_input)


class Listening(Feature):
    name = "listening"
    states = {
        # Words heard as nothing are left to the fallback of the state they were said in (feature.py).
        ANY: {"TellIntent": Turn(tell, to=("browsing", "between_rounds", UNDO_ASKED), when=_heard_something),
              "NobodyIntent": Turn(tell), "NothingIntent": Turn(tell),
              "MannersIntent": Turn(manners_intent), "ElsewhereIntent": Turn(elsewhere),
              "NotWhatIMeantIntent": Turn(not_what_i_meant, to=(UNDO_ASKED,))},
        UNDO_ASKED: {"AMAZON.YesIntent": Turn(undo_yes), "AMAZON.NoIntent": Turn(undo_no)},
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        return [UNDO_ASKED] if offers.current(session_of(handler_input)).get(offers.UNDO) is True else []


FEATURE = Listening()
