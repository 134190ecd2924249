"""Topics and moving around: sections by name, tell me more, yes/no to offers, repeat, next, previous, start over,
pause and resume, and help and fallback while browsing.

Session attributes: "nav" is where browsing is, {"section": id, "part": n (from 0), "offer": the offer made with
that part}; "offer" (skill/handlers/respond.py) is what "yes" means now. While another feature holds the conversation
("mode" is set) these handlers leave yes, no, next, previous, repeat, help, pause and resume to it; asking for a
topic or the topic list leaves that feature.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot
from ask_sdk_model import Response

from skill import content

from skill.conversation import browse
from skill.conversation import session_state as state
from skill.handlers.common import (CRISIS, NAV, SAFETY, concern, end_feature, intent_in, locale_of, menu, pause,
                                   session_of, slot_id, speak)
from skill.handlers.safety import respond_with_support
from skill.handlers.respond import replay, reply
from skill.voice.speech import Speech
from skill.voice.wording import phrase


def show_section(handler_input: HandlerInput, section_id: str, part: int = 0, *opening_keys: str) -> Response:
    """A part of a section, ending with the question that offers the next step."""
    if section_id == browse.SAFETY_SECTION:
        return respond_with_support(handler_input, part)
    session = session_of(handler_input)
    withheld = state.withheld_now(session)
    opening = speak(handler_input, *opening_keys)
    end_feature(session)
    if section_id in withheld:
        offer = {browse.SECTION: browse.SAFETY_SECTION}
        return reply(handler_input, opening.extend(speak(handler_input, "withheld_after_safety",
                                                         "safety_instead_question")),
                     reprompt=speak(handler_input, "safety_instead_question"), offer=offer)
    speech, reprompt, offer = browse.section_speech(section_id, part, locale_of(handler_input), withheld=withheld)
    session[NAV] = {"section": section_id, "part": part, "offer": offer}
    return reply(handler_input, opening.extend(speech), reprompt=reprompt, offer=offer)


def ask_section_question(handler_input: HandlerInput, section_id: str, part: int, *opening_keys: str,
                         **values: str) -> Response:
    """Only the question that follows a part: for "tell me more" at the end, or "previous" at the start."""
    session = session_of(handler_input)
    question, offer = browse.section_question(section_id, part, locale_of(handler_input),
                                              withheld=state.withheld_now(session))
    session[NAV] = {"section": section_id, "part": part, "offer": offer}
    return reply(handler_input, speak(handler_input, *opening_keys, **values).say(question),
                 reprompt=Speech().say(question), offer=offer)


def show_topics(handler_input: HandlerInput, group: int = 0, *opening_keys: str) -> Response:
    session = session_of(handler_input)
    end_feature(session)
    speech, reprompt, offer = browse.topics_speech(group, locale_of(handler_input),
                                                   withheld=state.withheld_now(session),
                                                   after_safety=concern(handler_input) is not None)
    return reply(handler_input, speak(handler_input, *opening_keys).extend(speech), reprompt=reprompt, offer=offer)


def current_place(handler_input: HandlerInput) -> tuple[str, int] | None:
    """(section id, part) being browsed, or None; anything malformed in the session counts as nothing."""
    return state.place(session_of(handler_input))


def browsing_context(handler_input: HandlerInput) -> str | None:
    """Where help and fallback are asked: "topics" while the topic list is offered, "section" while a section's
    question is open, else what was heard that changes the offers (common.concern: CRISIS, SAFETY), else None (the
    general help)."""
    session = session_of(handler_input)
    offer = state.offer(session)
    if state.TOPICS in offer:
        return "topics"
    if offer and state.place(session) is not None and state.nav_offer(session) == offer:
        return "section"
    return concern(handler_input)


def _order(handler_input: HandlerInput) -> list[str]:
    return browse.topic_order(state.withheld_now(session_of(handler_input)))


def _title(handler_input: HandlerInput, section_id: str) -> str:
    return browse.section_title(section_id, locale_of(handler_input))


class IntentHandler(AbstractRequestHandler):
    """Takes the intents in `intents`; unless `leaves_feature`, only while no other feature holds the conversation."""

    intents: tuple[str, ...] = ()
    leaves_feature = False

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not intent_in(handler_input, *self.intents):
            return False
        return self.leaves_feature or state.mode(session_of(handler_input)) is None


class TopicHandler(IntentHandler):
    intents = ("TopicIntent",)
    leaves_feature = True

    def handle(self, handler_input: HandlerInput) -> Response:
        section_id = slot_id(handler_input, "Topic")
        if section_id in content.sections():
            return show_section(handler_input, section_id)
        heard = getattr(get_slot(handler_input, "Topic"), "value", None)
        return show_topics(handler_input, 0, "topic_unknown" if heard else "sure")


class ListTopicsHandler(IntentHandler):
    intents = ("ListTopicsIntent",)
    leaves_feature = True

    def handle(self, handler_input: HandlerInput) -> Response:
        return show_topics(handler_input, 0)


class TellMeMoreHandler(IntentHandler):
    intents = ("TellMeMoreIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        place = current_place(handler_input)
        if place is None:
            return show_topics(handler_input, 0, "more_nothing")
        section_id, part = place
        if part + 1 < browse.part_count(section_id):
            return show_section(handler_input, section_id, part + 1)
        last = browse.part_count(section_id) - 1
        return ask_section_question(handler_input, section_id, last, "more_finished",
                                    title=_title(handler_input, section_id))


class YesHandler(IntentHandler):
    """Yes to what this module offered: a section, the next part, more topics. Anything else: the menu."""

    intents = ("AMAZON.YesIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        offer = state.offer(session_of(handler_input))
        if state.SECTION in offer:
            return show_section(handler_input, offer[state.SECTION])
        if state.MORE in offer:
            section_id = offer[state.MORE]
            place = current_place(handler_input)
            part = place[1] + 1 if place and place[0] == section_id else 1
            return show_section(handler_input, section_id, min(part, browse.part_count(section_id) - 1))
        if state.TOPICS in offer:
            return show_topics(handler_input, offer[state.TOPICS])
        return menu(handler_input, speak(handler_input, "sure"))


class NoHandler(IntentHandler):
    intents = ("AMAZON.NoIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(handler_input, speak(handler_input, "no_thanks"))


class RepeatHandler(IntentHandler):
    intents = ("AMAZON.RepeatIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        return replay(handler_input) or menu(handler_input)


class NextHandler(IntentHandler):
    intents = ("AMAZON.NextIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        order = _order(handler_input)
        place = current_place(handler_input)
        if place is None or place[0] not in order:
            return show_section(handler_input, order[0])
        index = order.index(place[0])
        if index + 1 < len(order):
            return show_section(handler_input, order[index + 1])
        question = phrase("next_last_question", locale_of(handler_input))
        return reply(handler_input, speak(handler_input, "next_last").say(question),
                     reprompt=Speech().say(question), offer={browse.SECTION: order[0]})


class PreviousHandler(IntentHandler):
    intents = ("AMAZON.PreviousIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        order = _order(handler_input)
        place = current_place(handler_input)
        if place is None:
            return menu(handler_input, speak(handler_input, "previous_nothing"))
        section_id, part = place
        index = order.index(section_id) if section_id in order else 0
        if index > 0:
            return show_section(handler_input, order[index - 1])
        return ask_section_question(handler_input, section_id, part, "previous_first",
                                    title=_title(handler_input, section_id))


class StartOverHandler(IntentHandler):
    intents = ("AMAZON.StartOverIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        if current_place(handler_input) is None:
            return menu(handler_input, speak(handler_input, "start_over_menu"))
        return show_section(handler_input, _order(handler_input)[0], 0, "start_over")


class PauseHandler(IntentHandler):
    intents = ("AMAZON.PauseIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        return pause(handler_input, "pause", "pause_reprompt")


class ResumeHandler(IntentHandler):
    intents = ("AMAZON.ResumeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        return replay(handler_input) or menu(handler_input)


class BrowsingHelpHandler(IntentHandler):
    """Help that says what can be said here: in a section, in the topic list, after words of crisis, fear or harm.
    Elsewhere the general help of basics.py."""

    intents = ("AMAZON.HelpIntent",)
    opening = {"section": "help_section", "topics": "help_topics", SAFETY: "help_safety", CRISIS: "help_crisis"}
    reprompt = {"section": "browse_reprompt", "topics": "topics_reprompt", SAFETY: "safety_menu_reprompt",
                CRISIS: "crisis_menu_reprompt"}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and browsing_context(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        context = browsing_context(handler_input)
        values = {}
        if context == "section":
            values["title"] = _title(handler_input, current_place(handler_input)[0])
        # The offer stands: "yes" still answers the question asked before the help.
        return reply(handler_input, speak(handler_input, self.opening[context], "help_browse_question", **values),
                     reprompt=speak(handler_input, self.reprompt[context]),
                     offer=state.offer(session_of(handler_input)) or None)


class BrowsingFallbackHandler(BrowsingHelpHandler):
    intents = ("AMAZON.FallbackIntent",)
    opening = {"section": "fallback_section", "topics": "fallback_topics", SAFETY: "fallback_safety",
               CRISIS: "fallback_crisis"}


HANDLERS = [TopicHandler(), ListTopicsHandler(), TellMeMoreHandler(), YesHandler(), NoHandler(), RepeatHandler(),
            NextHandler(), PreviousHandler(), StartOverHandler(), PauseHandler(), ResumeHandler(),
            BrowsingHelpHandler(), BrowsingFallbackHandler()]
