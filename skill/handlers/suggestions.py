"""Following the self-check's suggestions: yes or next to the one offered, next while browsing a suggested section,
no thanks, and help while a suggestion (or the offer to carry on) waits. Part of the self-check's table."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill.conversation import browse, offers
from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.conversation.selfcheck_results import next_suggestion
from skill.handlers.common import NAV, ask_again, end_feature, menu, unclear
from skill.handlers.exercises import start_exercise
from skill.handlers.feature import Turn, table
from skill.handlers.session import locale_of, session_of, speak
from skill.voice.speech import Speech
from skill.voice.wording import phrase

RESULTS = "results"
_HELP = {offers.RECOMMENDATION: "suggestion_help", offers.SELFCHECK: "resume_help"}


def suggestion(handler_input: HandlerInput) -> Reply:
    """Yes (or next) to a suggestion of the last self-check: the section's first part, or the exercise itself.
    "Next" while still in a suggested section (after "tell me more" too) moves on to the following suggestion."""
    session = session_of(handler_input)
    offered = state.suggestions_now(session)
    index = offers.current(session).get(offers.RECOMMENDATION, following_index(handler_input))
    if index is None or not index < len(offered):
        return menu(handler_input, speak(handler_input, "suggestions_done"))
    entry = offered[index]
    if entry["kind"] == "exercise":
        session[state.SUGGESTION] = index  # when it ends, the next suggestion is offered
        return start_exercise(handler_input, entry["id"], None, recommended=True)
    return _suggested_section(handler_input, offered, index)


def following_index(handler_input: HandlerInput) -> int | None:
    """The index of the suggestion after the one being browsed, while it is still the section being browsed."""
    session = session_of(handler_input)
    index, place = state.suggestion(session), state.place(session)
    if state.mode(session) or index is None or place is None:
        return None
    offered = state.suggestions_now(session)
    if not index < len(offered) - 1 or offered[index]["id"] != place[0]:
        return None
    return index + 1


def following_one(handler_input: HandlerInput) -> bool:
    return following_index(handler_input) is not None


def decline(handler_input: HandlerInput) -> Reply:
    return menu(handler_input, speak(handler_input, "suggestions_declined"))


def offer_again(handler_input: HandlerInput) -> Reply:
    """Help, or something unclear, while a suggestion or the offer to carry on waits: a short explanation, then the
    same question again, its offer kept."""
    if is_intent_name("AMAZON.FallbackIntent")(handler_input):
        return unclear(handler_input)
    offer = offers.current(session_of(handler_input))
    return ask_again(handler_input, next(key for name, key in _HELP.items() if name in offer))


def _suggested_section(handler_input: HandlerInput, offered: list[dict], index: int) -> Reply:
    """Part one of a suggested section; then the next suggestion is offered, or after the last, the section's own
    next step. "Tell me more" goes on through browsing, which follows session "nav"."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    section_id = offered[index]["id"]
    speech = browse.spoken_part(section_id, 0, locale)
    following = next_suggestion(offered, index + 1, locale)
    if following is None:
        question, offer = browse.section_question(section_id, 0, locale, withheld=state.withheld_now(session))
        speech.say(phrase("suggestions_done", locale))
    else:
        question, offer = following
    end_feature(session)
    session[NAV] = {"section": section_id, "part": 0, "offer": offer}
    session[state.SUGGESTION] = index
    return Reply(speech.say(question), reprompt=Speech().say(question), offer=offer)


TABLE = table({("AMAZON.YesIntent", "AMAZON.NextIntent"): Turn(suggestion, to=(RESULTS, "browsing")),
               "AMAZON.NoIntent": Turn(decline),
               ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Turn(offer_again, to=(RESULTS,))})
