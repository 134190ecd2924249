"""What the skill keeps between visits, and when, for every feature: the greeting from memory, an unfinished
self-check offered again, results kept on a yes, and letting go of what could offer what is withheld now.

What is stored, and its shape, is skill/storage/memory.py's; this module decides when. Privacy rules it keeps:
- a self-check's answers are stored only while it is unfinished (going on later needs them), never once finished;
- its suggestions are stored only after a yes to "shall I remember these for next time?", asked only of a voice Alexa
  recognised, and stored without their reasons; they are read back only to that voice;
- an earlier answer is said aloud only to a recognised voice, and never one about control or fear;
- after words of fear or harm (session "safety_concern") nothing of the self-check is stored, nor offered to be;
- a clear disclosure of fear or harm is kept as one mark, only for a voice Alexa recognised (the account is shared:
  the person who hurts them may open the skill next), and read only at that voice's launch, in words naming nothing.
"""
from __future__ import annotations

from typing import Mapping, Sequence


from skill import content
from skill.conversation import browse, offers
from skill.conversation import selfcheck_flow as flow
from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.conversation.turn import Turn
from skill.handlers.common import end_feature, menu
from skill.handlers.session import locale_of, session_of, speak
from skill.rulebook.questions import SKIPPED, question_ids
from skill.storage import memory
from skill.voice.flow_wording import spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import localise, phrase


# --- the greeting ----------------------------------------------------------------------------------------------

def greet(turn: Turn, record: Mapping) -> Reply:
    """The launch: the disclaimer on a first visit, else what is remembered; then the offer to carry on with an
    unfinished self-check, or the menu. The greeting is said to whoever is in the room: unless Alexa recognised the
    voice it is kept for, it names nothing sensitive (no self-check in progress, no kept results). A recognised voice
    that disclosed fear or harm before is offered the support numbers instead, discreetly."""
    if recognised(turn) and memory.safety_disclosed(record):
        return support_offer(turn)
    opening = speak(turn, "welcome_first", "disclaimer") if not memory.disclaimer_heard(record) \
        else welcome_back(turn, record)
    selfcheck = state.unfinished_selfcheck(session_of(turn))
    if selfcheck is None or memory.resume_declined(record):
        return menu(turn, opening)
    return resume_offer(turn, selfcheck, opening, at_launch=True, discreet=not recognised(turn))


def recognised(turn: Turn) -> bool:
    """Whether Alexa recognised the speaker's voice (context.System.person): only then is what is kept for that
    person said aloud at the greeting."""
    return turn.recognised


def support_offer(turn: Turn) -> Reply:
    """ "Welcome back. If you'd like, I can share the support numbers again": words that name no abuse, fear or what
    was said, since anyone may be in the room; yes or "support numbers" gives them. The session is marked as after
    a disclosure, so no couple work is offered and "that's not what I meant" cannot lift that."""
    session = session_of(turn)
    session[state.SAFETY_CONCERN] = True
    session[state.SAFETY_DISCLOSED] = True
    return Reply(speak(turn, "welcome", "returning_support_question"),
                 reprompt=speak(turn, "returning_support_reprompt"),
                 offer={offers.SECTION: browse.SAFETY_SECTION})


def resume_offer(turn: Turn, selfcheck: Mapping, opening: Speech | None = None, *,
                 at_launch: bool = False, discreet: bool = False) -> Reply:
    """ "You have a self-check in progress, with five of twelve questions answered": the questions passed count,
    as the self-check itself goes on from there, and the skipped ones are said as skipped; `discreet`, only "would you
    like to carry on where you left off?". Yes carries on; no keeps it for later."""
    locale = locale_of(turn)
    end_feature(session_of(turn))
    passed = flow.answers_so_far(selfcheck, question_ids())
    skipped = sum(answer == SKIPPED for answer in passed.values())
    answered = len(passed) - skipped
    if discreet:  # said to whoever is in the room: nothing of what was answered
        key = "resume_offer_discreet"
    elif skipped:
        key = "resume_offer_skipped" if answered else "resume_offer_only_skipped"
    else:
        key = "resume_offer" if answered else "resume_offer_unanswered"
    question = phrase(key, locale, answered=spoken_number(answered), skipped=spoken_number(skipped),
                      count=spoken_number(len(question_ids())))
    offer = {offers.SELFCHECK: offers.RESUME, **({offers.AT: offers.AT_LAUNCH} if at_launch else {})}
    reprompt = speak(turn, "resume_reprompt_discreet" if discreet else "resume_reprompt")
    return Reply((opening or Speech()).say(question), reprompt=reprompt, offer=offer)


def welcome_back(turn: Turn, record: Mapping) -> Speech:
    """Welcome back, the last exercise done, and, to a recognised voice only, whether results are kept."""
    locale = locale_of(turn)
    speech = speak(turn, "welcome")
    exercise = memory.last_exercise(record)
    if exercise in content.exercises():
        speech.say(phrase("returning_exercise", locale, title=exercise_title(exercise, locale)))
    if recognised(turn) and suggestion_titles(memory.recommendations(record), locale):
        speech.say(phrase("returning_results", locale))
    return speech


def exercise_title(exercise_id: str, locale: str) -> str:
    return localise(content.exercises()[exercise_id]["title"], locale)


def suggestion_titles(found: Sequence[Mapping], locale: str) -> list[str]:
    """Each suggestion that still exists, as said in a list: "the part on red flags", "the eye contact exercise"."""
    titles = []
    for entry in found:
        if entry.get("kind") == "section" and entry.get("id") in content.sections() \
                and entry["id"] != browse.SAFETY_SECTION:
            titles.append(phrase("suggestion_section", locale, title=browse.section_title(entry["id"], locale)))
        elif entry.get("kind") == "exercise" and entry.get("id") in content.exercises():
            titles.append(phrase("suggestion_exercise", locale, title=exercise_title(entry["id"], locale)))
    return titles


# --- the self-check: unfinished, and its results -----------------------------------------------------------------

def results_now(turn: Turn) -> list[dict]:
    """The suggestions of this session's self-check when it finished one, else, to a voice Alexa recognised, the
    ones kept from an earlier visit; either way only what may be offered now (after words of fear or harm, nothing
    the safety rule withholds). Kept suggestions are never said to whoever happens to ask on a shared device."""
    session = session_of(turn)
    if state.has_results(session):
        found = state.suggestions_now(session)
    elif recognised(turn):
        found = flow.suggestions(memory.recommendations(turn.memory.recall()), state.withheld_now(session))
    else:
        return []
    # Each reason is the rule's own, found by the rule's id: a reason held in the session came from the client.
    rules = turn.rules.rules
    return [{**entry, "because": _reason_of(rules, entry)} for entry in found]


def _reason_of(rules: Mapping, entry: Mapping) -> str:
    """The reason of the rule that made `entry`, if that rule does recommend it; else none."""
    rule = rules.get(entry.get("rule"))
    return rule.because if rule is not None and entry.get("id") in rule.sections else ""


def may_read_back(turn: Turn, question_id: str, watched: frozenset[str]) -> bool:
    """Whether an earlier answer to `question_id` may be said aloud ("last time you said yes"): only to a voice
    Alexa recognised, whose own answers they are, and never for a question in `watched` (control and fear: the
    protection policy's), which someone else in the room could hear."""
    return recognised(turn) and question_id not in watched


def ask_to_remember(turn: Turn, outcome, opening: Sequence[str] = ()) -> Reply | None:
    """The end of a self-check (`outcome`, skill/selfcheck_results.Said): the results, then "shall I remember these
    for next time?" in place of their closing question, which waits in the offer. None when there is nothing to
    ask: no store, a voice Alexa did not recognise, no suggestions, or words of fear or harm."""
    session = session_of(turn)
    if not turn.memory.is_stored() or not recognised(turn) or state.safety_concern(session) \
            or outcome.body is None or not state.suggestions_now(session):
        return None  # kept results are read back only to a recognised voice: for anyone else they serve nothing
    speech = Speech().say(*opening).extend(outcome.body).extend(speak(turn, "remember_results_question"))
    return Reply(speech, reprompt=speak(turn, "remember_results_reprompt"),
                 offer=offers.push_then({offers.REMEMBER_RESULTS: True}, Speech().say(outcome.question), outcome.offer),
                 card=outcome.card)


def kept_for_next_time(turn: Turn) -> bool:
    """Stop mid-way: the session's unfinished self-check is kept now, and True only when the store holds it (read
    again to be sure): no store, nothing answered, words of fear or harm, or a failed save give False, and nothing
    is promised."""
    session = session_of(turn)
    selfcheck = state.unfinished_selfcheck(session)
    if selfcheck is None or state.safety_concern(session) or not turn.memory.is_stored():
        return False
    keep_unfinished_selfcheck(turn)
    return memory.unfinished_selfcheck(turn.memory.stored_now()) == memory.unfinished_selfcheck(
        memory.save_unfinished_selfcheck({}, selfcheck))


def keep_unfinished_selfcheck(turn: Turn) -> None:
    """At the end of a session, the session's self-check becomes the stored one: kept while unfinished, dropped once
    finished or started again. After words of fear or harm it is dropped, never stored. A session that never touched
    the self-check leaves the stored one alone."""
    session = session_of(turn)
    if not turn.memory.is_stored():
        return
    touched = state.selfcheck_touched(session)
    selfcheck = state.unfinished_selfcheck(session)
    if selfcheck is not None and not state.safety_concern(session):
        turn.memory.keep(memory.save_unfinished_selfcheck(turn.memory.recall(), selfcheck))
    elif touched:
        turn.memory.keep(memory.drop_unfinished_selfcheck(turn.memory.recall()))


def results_replaced(turn: Turn) -> None:
    """A self-check has just finished: the results kept from an earlier one are stale, and after fear or harm they
    could offer what is withheld now, so they are let go with the finished self-check's answers. Its own
    suggestions are kept only after a yes to "shall I remember these?"."""
    record = turn.memory.recall()
    turn.memory.keep(memory.drop_recommendations(memory.drop_unfinished_selfcheck(record)))


def drop_kept_suggestions(turn: Turn) -> None:
    """Words of fear, harm or crisis: suggestions kept from an earlier self-check could offer what is withheld now,
    on this visit or the next, so they are let go."""
    record = turn.memory.recall()
    if memory.recommendations(record):
        turn.memory.keep(memory.drop_recommendations(record))


def keep_disclosure(turn: Turn) -> None:
    """Fear or harm said clearly by a voice Alexa recognised: marked in that person's record, for a discreet offer
    of the support numbers at their next launch. Never for an unrecognised voice, whose record is the account's."""
    if recognised(turn) and turn.memory.is_stored():
        turn.memory.keep(memory.record_disclosure(turn.memory.recall()))


def resume_declined_at_launch(turn: Turn) -> None:
    """No to carrying on, asked at a launch: kept, and not asked again at every launch."""
    if turn.memory.is_stored():
        turn.memory.keep(memory.decline_resume(turn.memory.recall()))


def exercise_completed(turn: Turn, exercise_id: str) -> None:
    """An exercise ran to its end: remembered, for the greeting next time."""
    turn.memory.keep(memory.record_exercise(turn.memory.recall(), exercise_id))


def last_exercise_done(turn: Turn) -> str | None:
    """The exercise completed most recently, on this visit or an earlier one; None when none is known."""
    found = memory.last_exercise(turn.memory.recall())
    return found if found in content.exercises() else None
