"""Following the self-check's suggestions: yes or next to the one offered, next while browsing a suggested section,
no thanks, and help while a suggestion (or the offer to carry on) waits. Part of the self-check's table."""
from __future__ import annotations


from skill.conversation import browse, offers
from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.conversation.selfcheck_results import next_suggestion, why_suggested
from skill.conversation.turn import Turn
from skill.handlers.common import NAV, ask_again, end_feature, menu, unclear
from skill.handlers.exercises import start_exercise
from skill.handlers.feature import Row, table
from skill.handlers.keeping import results_now
from skill.handlers.navigation import show_section
from skill.handlers.session import locale_of, session_of, slot_id, speak
from skill.voice.flow_wording import spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import phrase

RESULTS = "results"
_HELP = {offers.RECOMMENDATION: "suggestion_help", offers.SELFCHECK: "resume_help"}


def suggestion(turn: Turn) -> Reply:
    """Yes (or next) to a suggestion of the last self-check: the section's first part, or the exercise itself.
    "Next" while still in a suggested section (after "tell me more" too) moves on to the following suggestion."""
    index = offers.current(session_of(turn)).get(offers.RECOMMENDATION, following_index(turn))
    return play(turn, index)


def play(turn: Turn, index: int | None) -> Reply:
    """Suggestion `index`: of this session's self-check (then the next one is offered after it), else of the ones
    kept from the last visit (played on their own: their reasons and order were not kept)."""
    session = session_of(turn)
    if not state.has_results(session):
        found = results_now(turn)
        if index is None or not index < len(found):
            return menu(turn, speak(turn, "suggestions_done"))
        entry = found[index]
        if entry["kind"] == "exercise":
            return start_exercise(turn, entry["id"], None, recommended=True)
        return show_section(turn, entry["id"])
    offered = state.suggestions_now(session)
    if index is None or not index < len(offered):
        return menu(turn, speak(turn, "suggestions_done"))
    entry = offered[index]
    if entry["kind"] == "exercise":
        session[state.SUGGESTION] = index  # when it ends, the next suggestion is offered
        return start_exercise(turn, entry["id"], None, recommended=True)
    return _suggested_section(turn, offered, index)


def choose(turn: Turn) -> Reply:
    """"The second one", "play number three": that suggestion; one beyond them all, said so, and the first."""
    found = results_now(turn)
    if not found:
        return nothing_yet(turn)
    number = slot_id(turn, "Ordinal")
    index = int(number) - 1 if number and number.isdigit() else 0
    if index < len(found):
        return play(turn, index)
    return play(turn, 0).opened_by(speak(turn, "suggestion_choice_missing",
                                                  count=spoken_number(len(found))))


def why(turn: Turn) -> Reply:
    """"Why did you suggest that?", "which one should I start with?": the reason for the one on offer (the first
    when none is), and the offer of it again."""
    found = results_now(turn)
    if not found:
        return nothing_yet(turn)
    index = offers.current(session_of(turn)).get(offers.RECOMMENDATION, 0)
    index = index if index < len(found) else 0
    speech, question, offer = why_suggested(found, index, locale_of(turn))
    return Reply(speech.say(question), reprompt=Speech().say(question), offer=offer)


def nothing_yet(turn: Turn) -> Reply:
    """No results, this visit or kept: said so, and the self-check offered."""
    end_feature(session_of(turn))
    return Reply(speak(turn, "results_nothing", "results_nothing_question"),
                 reprompt=speak(turn, "results_nothing_question"), offer={offers.SELFCHECK: True})


def following_index(turn: Turn) -> int | None:
    """The index of the suggestion after the one being browsed, while it is still the section being browsed."""
    session = session_of(turn)
    index, place = state.suggestion(session), state.place(session)
    if state.mode(session) or index is None or place is None:
        return None
    offered = state.suggestions_now(session)
    if not index < len(offered) - 1 or offered[index]["id"] != place[0]:
        return None
    return index + 1


def following_one(turn: Turn) -> bool:
    return following_index(turn) is not None


def decline(turn: Turn) -> Reply:
    return menu(turn, speak(turn, "suggestions_declined"))


def offer_again(turn: Turn) -> Reply:
    """Help, or something unclear, while a suggestion or the offer to carry on waits: a short explanation, then the
    same question again, its offer kept."""
    if turn.asks("AMAZON.FallbackIntent"):
        return unclear(turn)
    offer = offers.current(session_of(turn))
    return ask_again(turn, next(key for name, key in _HELP.items() if name in offer))


def _suggested_section(turn: Turn, offered: list[dict], index: int) -> Reply:
    """Part one of a suggested section; then the next suggestion is offered, or after the last, the section's own
    next step. "Tell me more" goes on through browsing, which follows session "nav"."""
    locale = locale_of(turn)
    session = session_of(turn)
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


TABLE = table({("AMAZON.YesIntent", "AMAZON.NextIntent"): Row(suggestion, to=(RESULTS, "browsing")),
               "AMAZON.NoIntent": Row(decline),
               ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Row(offer_again, to=(RESULTS,))})
# Answered in any state: choosing a suggestion by its number, and asking why.
ANYWHERE = {"SuggestionChoiceIntent": Row(choose, to=(RESULTS, "start_offered", "browsing", "ready_asked")),
            "WhySuggestionIntent": Row(why, to=(RESULTS,))}
