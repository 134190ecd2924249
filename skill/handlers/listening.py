"""Free words, as a feature: what people say in their own words (TellIntent), answered by what the listener heard
(a topic, an exercise, manners, what the skill cannot do, words of calm); the fallback that is never a dead end;
and undoing a false alarm. Crisis and harm in the same words were answered before any of this (crisis, safety)."""
from __future__ import annotations

from dataclasses import replace


from skill.conversation import browse, offers
from skill.conversation import session_state as state
from skill.conversation.calm_replies import calm_reply_key
from skill.conversation.reply import Reply, ending
from skill.conversation.support import helpline_line
from skill.conversation.turn import Turn
from skill.handlers.common import SAFETY_CONCERN, concern, end_feature, menu, menu_question
from skill.handlers.exercise_steering import steer
from skill.handlers.feature import ANY, Feature, Row
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


def tell(turn: Turn) -> Reply:
    """What someone said in their own words, by what the listener heard in them."""
    hearing = heard(turn)
    if hearing is None or hearing.meaning == "unknown" or hearing.level == UNSURE:
        return fallback(turn)
    answer = {"topic": topic, "exercise": exercise, "manners": manners, "out_of_scope": cannot,
              "calm": calm}.get(hearing.meaning, fallback)
    return answer(turn)


def topic(turn: Turn) -> Reply:
    """A topic heard by meaning: played when the listener is sure, offered when it is fairly sure."""
    section_id = heard(turn).detail
    if heard(turn).level == SURE:
        return show_section(turn, section_id)
    end_feature(session_of(turn))
    title = browse.section_title(section_id, locale_of(turn))
    question = phrase("heard_topic_question", locale_of(turn), title=title)
    return Reply(Speech().say(question), reprompt=Speech().say(question), offer={offers.SECTION: section_id})


def exercise(turn: Turn) -> Reply:
    """An exercise asked for in words: the one named set up, a command for one ("a different one", "how long is
    left"), or the list of them."""
    return steer(turn)


def manners_intent(turn: Turn) -> Reply:
    """MannersIntent: the kind is the slot's, as Alexa resolved it."""
    return manners(turn, slot_id(turn, "Manner") or "hello")


def manners(turn: Turn, kind: str | None = None) -> Reply:
    """Thanks, hello, who are you, are you a therapist: a fitting word, and the menu's question; goodbye ends;
    "I need to talk to someone" hears where real help is."""
    kind = kind or heard(turn).detail
    if kind == "goodbye":
        return ending(speak(turn, "goodbye"))
    if kind == "talk_to_someone":
        return talk_to_someone(turn)
    return menu(turn, speak(turn, MANNERS[kind]))


def talk_to_someone(turn: Turn) -> Reply:
    """The helpline first, then the part on seeking expert help (the safety section when that is withheld)."""
    opening = speak(turn, "manners_talk_to_someone").extend(helpline_line(locale_of(turn)))
    # An answer that opens with a helpline is a support reply: it shows nothing (skill/conversation/screen.py).
    return replace(show_section(turn, "seeking_help").opened_by(opening), screen=None)


def cannot(turn: Turn) -> Reply:
    """What the skill heard but cannot do: said plainly, then what it can do. Never "I didn't catch that"."""
    hearing = heard(turn)
    kind = hearing.detail if hearing is not None and hearing.meaning == "out_of_scope" else "other"
    return menu(turn, speak(turn, CANNOT.get(kind, "cannot_other")))


def elsewhere(turn: Turn) -> Reply:
    """ElsewhereIntent: a request of the kind the skill does not do ("call ...", "play ...", "what's the weather").
    Its words may still name something the skill does ("play the eye contact exercise")."""
    hearing = heard(turn)
    if hearing is not None and hearing.meaning in ("topic", "exercise") and hearing.level == SURE:
        return tell(turn)
    return cannot(turn)


def calm(turn: Turn) -> Reply:
    """Words of calm. After a false alarm ("that's not what I meant") the skill checks once before it offers couple
    activities again; otherwise a word that is warm only for an explicit statement of safety, and the menu."""
    session = session_of(turn)
    if heard(turn).detail == "mistaken" and state.safety_concern(session):
        return _ask_undo(turn)
    return menu(turn, speak(turn, calm_reply_key(heard(turn))))


def not_what_i_meant(turn: Turn) -> Reply:
    """"That's not what I meant": after words of fear or harm, the kind check before couple activities come back;
    otherwise an apology and the menu."""
    if state.safety_concern(session_of(turn)):
        return _ask_undo(turn)
    return menu(turn, speak(turn, "misunderstood"))


def _ask_undo(turn: Turn) -> Reply:
    """The kind check; after a clear disclosure of fear or harm there is nothing to undo (anyone in the room can say
    "that's not what I meant"), so the restriction stays, without a question."""
    if state.safety_disclosed(session_of(turn)):
        return undo_no(turn)
    end_feature(session_of(turn))
    return Reply(speak(turn, "undo_question"), reprompt=speak(turn, "undo_reprompt"),
                 offer={offers.UNDO: True})


def undo_yes(turn: Turn) -> Reply:
    """Yes to "just to check, you feel safe?": the session's restriction on couple activities is lifted."""
    session = session_of(turn)
    if state.safety_disclosed(session):
        return undo_no(turn)
    session.pop(SAFETY_CONCERN, None)
    session.pop(state.CRISIS_LINE_GIVEN, None)
    return menu(turn, speak(turn, "undo_done"))


def undo_no(turn: Turn) -> Reply:
    return menu(turn, speak(turn, "undo_kept"))


def fallback(turn: Turn) -> Reply:
    """Never a dead end: never the same words twice in a row; from the second miss, the closest topics the listener
    heard (or the topic list); and always one short line on getting help when unsafe."""
    session = session_of(turn)
    misses, heard_now = state.misses(session), concern(turn)
    end_feature(session)
    if misses == 0:
        question, reprompt = menu_question(turn)
        opening = speak(turn, "fallback", concern=heard_now)
        return Reply(_with_safety_line(turn, opening).extend(question), reprompt=reprompt, missed=True)
    opening = Speech().say(phrase_in_turn("fallback_again", misses - 1, locale_of(turn)))
    closest = _closest_topic(turn)
    if closest is not None:
        title = browse.section_title(closest, locale_of(turn))
        question = phrase("fallback_closest_question", locale_of(turn), title=title)
        offer = {offers.SECTION: closest}
    else:
        question, offer = phrase("fallback_topics_question", locale_of(turn)), {offers.TOPICS: 0}
    speech = _with_safety_line(turn, opening).say(question)
    return Reply(speech, reprompt=Speech().say(question), offer=offer, missed=True)


def _closest_topic(turn: Turn) -> str | None:
    """The closest topic the listener heard in the words, when there were words and it may be offered now."""
    hearing = heard(turn)
    withheld = state.withheld_now(session_of(turn))
    candidates = [detail for meaning, detail, _score in (hearing.alternatives if hearing else ())
                  if meaning == "topic" and detail not in withheld]
    return candidates[0] if candidates else None


def _with_safety_line(turn: Turn, opening: Speech) -> Speech:
    """After words of fear or crisis the fallback already names support; otherwise one short line says how."""
    return opening if concern(turn) else opening.extend(speak(turn, "unsafe_line"))


def _heard_something(turn: Turn) -> bool:
    return not heard_nothing(turn)


class Listening(Feature):
    name = "listening"
    states = {
        # Words heard as nothing are left to the fallback of the state they were said in (feature.py).
        ANY: {"TellIntent": Row(tell, to=("browsing", "between_rounds", UNDO_ASKED), when=_heard_something),
              "NobodyIntent": Row(tell), "NothingIntent": Row(tell),
              "MannersIntent": Row(manners_intent), "ElsewhereIntent": Row(elsewhere),
              "NotWhatIMeantIntent": Row(not_what_i_meant, to=(UNDO_ASKED,))},
        UNDO_ASKED: {"AMAZON.YesIntent": Row(undo_yes), "AMAZON.NoIntent": Row(undo_no)},
    }

    def states_now(self, turn: Turn) -> list[str]:
        return [UNDO_ASKED] if offers.current(session_of(turn)).get(offers.UNDO) is True else []


FEATURE = Listening()
