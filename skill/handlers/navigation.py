"""Browsing, as a feature: sections by name, tell me more, yes/no to offers, repeat, next, previous, start over,
pause and resume, and help and fallback while browsing.

Session attributes: "nav" is where browsing is, {"section": id, "part": n (from 0), "offer": the offer made with
that part}; "offer" (skill/conversation/offers.py) is what "yes" means now. While another feature holds the
conversation ("mode" is set) browsing leaves yes, no, next, previous, repeat, help, pause and resume to it; asking
for a topic or the topic list leaves that feature.
"""
from __future__ import annotations

from dataclasses import replace


from skill import content
from skill.conversation import browse, offers
from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.conversation.screen import section_screen
from skill.handlers.common import NAV, concern, end_feature, last_reply_again, menu, pause
from skill.handlers.feature import ANY, Feature, Row
from skill.handlers.safety import support
from skill.handlers.session import locale_of, session_of, slot_id, speak
from skill.voice.speech import Speech
from skill.voice.wording import phrase

BROWSING = "browsing"  # no other feature holds the conversation


def show_section(turn: Turn, section_id: str, part: int = 0, *opening_keys: str) -> Reply:
    """A part of a section, ending with the question that offers the next step."""
    if section_id == browse.SAFETY_SECTION:
        return support(turn, part)
    session = session_of(turn)
    withheld = state.withheld_now(session)
    opening = speak(turn, *opening_keys)
    end_feature(session)
    if section_id in withheld:
        offer = {browse.SECTION: browse.SAFETY_SECTION}
        return Reply(opening.extend(speak(turn, "withheld_after_safety", "safety_instead_question")),
                     reprompt=speak(turn, "safety_instead_question"), offer=offer)
    speech, reprompt, offer = browse.section_speech(section_id, part, locale_of(turn), withheld=withheld)
    session[NAV] = {"section": section_id, "part": part, "offer": offer}
    heard_before = state.visited(session)
    if not heard_before or heard_before[-1] != (section_id, part):
        session[state.VISITED] = [list(entry) for entry in [*heard_before, (section_id, part)][-state.MAX_VISITED:]]
    return Reply(opening.extend(speech), reprompt=reprompt, offer=offer, screen=section_screen(
        section_id, part, locale_of(turn), after_concern=concern(turn) is not None))


def ask_section_question(turn: Turn, section_id: str, part: int, *opening_keys: str,
                         **values: str) -> Reply:
    """Only the question that follows a part: for "tell me more" at the end, or "previous" at the start."""
    session = session_of(turn)
    question, offer = browse.section_question(section_id, part, locale_of(turn),
                                              withheld=state.withheld_now(session))
    session[NAV] = {"section": section_id, "part": part, "offer": offer}
    return Reply(speak(turn, *opening_keys, **values).say(question), reprompt=Speech().say(question),
                 offer=offer)


def show_topics(turn: Turn, group: int = 0, *opening_keys: str) -> Reply:
    session = session_of(turn)
    end_feature(session)
    speech, reprompt, offer = browse.topics_speech(group, locale_of(turn),
                                                   withheld=state.withheld_now(session),
                                                   after_safety=concern(turn) is not None)
    return Reply(speak(turn, *opening_keys).extend(speech), reprompt=reprompt, offer=offer)


def current_place(turn: Turn) -> tuple[str, int] | None:
    """(section id, part) being browsed, or None; anything malformed in the session counts as nothing."""
    return state.place(session_of(turn))


def browsing_context(turn: Turn) -> str | None:
    """Where help and fallback are asked: "topics" while the topic list is offered, "section" while a section's
    question is open, else what was heard that changes the offers (common.concern: CRISIS, SAFETY), else None (the
    general help)."""
    session = session_of(turn)
    offer = offers.current(session)
    if offers.TOPICS in offer:
        return "topics"
    if offer and state.place(session) is not None and state.nav_offer(session) == offer:
        return "section"
    return concern(turn)


def _order(turn: Turn) -> list[str]:
    return browse.topic_order(state.withheld_now(session_of(turn)))


def _title(turn: Turn, section_id: str) -> str:
    return browse.section_title(section_id, locale_of(turn))


def topic(turn: Turn) -> Reply:
    section_id = slot_id(turn, "Topic")
    if section_id in content.sections():
        return show_section(turn, section_id)
    heard = turn.slot_words.get("Topic")
    return show_topics(turn, 0, "topic_unknown" if heard else "sure")


def list_topics(turn: Turn) -> Reply:
    return show_topics(turn, 0)


def tell_me_more(turn: Turn) -> Reply:
    place = current_place(turn)
    if place is None:
        return show_topics(turn, 0, "more_nothing")
    section_id, part = place
    if part + 1 < browse.part_count(section_id):
        return show_section(turn, section_id, part + 1)
    last = browse.part_count(section_id) - 1
    return ask_section_question(turn, section_id, last, "more_finished", title=_title(turn, section_id))


def yes(turn: Turn) -> Reply:
    """Yes to what browsing offered: a section, the next part, more topics. Anything else: the menu."""
    offer = offers.current(session_of(turn))
    if offers.SECTION in offer:
        return show_section(turn, offer[offers.SECTION])
    if offers.MORE in offer:
        section_id = offer[offers.MORE]
        place = current_place(turn)
        part = place[1] + 1 if place and place[0] == section_id else 1
        return show_section(turn, section_id, min(part, browse.part_count(section_id) - 1))
    if offers.TOPICS in offer:
        return show_topics(turn, offer[offers.TOPICS])
    return menu(turn, speak(turn, "sure"))


def no(turn: Turn) -> Reply:
    return menu(turn, speak(turn, "no_thanks"))


def next_section(turn: Turn) -> Reply:
    order = _order(turn)
    place = current_place(turn)
    if place is None or place[0] not in order:
        return show_section(turn, order[0])
    index = order.index(place[0])
    if index + 1 < len(order):
        return show_section(turn, order[index + 1])
    question = phrase("next_last_question", locale_of(turn))
    return Reply(speak(turn, "next_last").say(question), reprompt=Speech().say(question),
                 offer={offers.SECTION: order[0]})


def previous_section(turn: Turn) -> Reply:
    """"Go back": the part heard before this one, in the order they were heard (not the topics' order); at the first
    one heard, said so, and this part's question again."""
    place = current_place(turn)
    if place is None:
        return menu(turn, speak(turn, "previous_nothing"))
    session = session_of(turn)
    heard_before = state.visited(session)
    if heard_before and heard_before[-1][0] == place[0]:  # the part of this section heard last
        heard_before = heard_before[:-1]
    withheld = state.withheld_now(session)
    while heard_before and heard_before[-1][0] in withheld:
        heard_before = heard_before[:-1]
    if heard_before:
        session[state.VISITED] = [list(entry) for entry in heard_before[:-1]]
        return show_section(turn, *heard_before[-1])
    section_id, part = place
    return ask_section_question(turn, section_id, part, "previous_first",
                                title=_title(turn, section_id))


def start_over(turn: Turn) -> Reply:
    if current_place(turn) is None:
        return menu(turn, speak(turn, "start_over_menu"))
    return show_section(turn, _order(turn)[0], 0, "start_over")


def pause_browsing(turn: Turn) -> Reply:
    return pause(turn, "pause", "pause_reprompt")


_HELP_OPENING = {"section": "help_section", "topics": "help_topics"}
_FALLBACK_OPENING = {"section": "fallback_section", "topics": "fallback_topics"}
_REPROMPT = {"section": "browse_reprompt", "topics": "topics_reprompt"}


def browsing_help(turn: Turn, openings: dict = _HELP_OPENING, default: str = "help") -> Reply:
    """Help that says what can be said here: in a section, in the topic list, after words of crisis, fear or harm.
    The offer stands: "yes" still answers the question asked before the help."""
    context = browsing_context(turn)
    heard = concern(turn)
    values = {"title": _title(turn, current_place(turn)[0])} if context == "section" else {}
    opening = speak(turn, openings.get(context, default), "help_browse_question", concern=heard, **values)
    reprompt = speak(turn, _REPROMPT[context]) if context in _REPROMPT else \
        speak(turn, "menu_reprompt", concern=heard)
    return Reply(opening, reprompt=reprompt, offer=offers.current(session_of(turn)) or None)


def go_on(turn: Turn) -> Reply:
    """"Go on" or "continue": after a safety part heard in full, the step it offered, as "yes" gives it (the script is
    not read again; "repeat" does that); elsewhere, what was said before, as after a pause."""
    place = current_place(turn)
    if place is not None and place[0] == browse.SAFETY_SECTION and offers.current(session_of(turn)):
        return yes(turn)
    return last_reply_again(turn)


def browsing_fallback(turn: Turn) -> Reply:
    """A first miss in a section or the topic list: what can be said here. Later misses in a row go to the general
    fallback (skill/handlers/listening.py), which never says the same words twice."""
    return replace(browsing_help(turn, _FALLBACK_OPENING, "fallback"), missed=True)


def _in_context(turn: Turn) -> bool:
    return browsing_context(turn) is not None


def _first_miss_in_context(turn: Turn) -> bool:
    return _in_context(turn) and state.misses(session_of(turn)) == 0


class Browsing(Feature):
    name = "browsing"
    states = {
        ANY: {"TopicIntent": Row(topic, to=(BROWSING,)), "ListTopicsIntent": Row(list_topics, to=(BROWSING,))},
        BROWSING: {
            "TellMeMoreIntent": Row(tell_me_more, to=(BROWSING,)), "AMAZON.YesIntent": Row(yes, to=(BROWSING,)),
            "AMAZON.NoIntent": Row(no, to=(BROWSING,)), "AMAZON.RepeatIntent": Row(last_reply_again, to=(BROWSING,)),
            "AMAZON.NextIntent": Row(next_section, to=(BROWSING,)),
            "AMAZON.PreviousIntent": Row(previous_section, to=(BROWSING,)),
            "AMAZON.StartOverIntent": Row(start_over, to=(BROWSING,)),
            "AMAZON.PauseIntent": Row(pause_browsing, to=(BROWSING,)),
            "AMAZON.ResumeIntent": Row(go_on, to=(BROWSING,)),
            "AMAZON.HelpIntent": Row(browsing_help, to=(BROWSING,), when=_in_context),
            "AMAZON.FallbackIntent": Row(browsing_fallback, to=(BROWSING,), when=_first_miss_in_context),
        },
    }

    def states_now(self, turn: Turn) -> list[str]:
        return [BROWSING] if state.mode(session_of(turn)) is None else []


FEATURE = Browsing()
