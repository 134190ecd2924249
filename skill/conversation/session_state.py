"""Typed readers for every session attribute the skill keeps: each gives a safe default for a malformed value.

Session attributes come back in each request, so any of them may be garbage, and a handler that trips on one would
trip on it again every turn. Handlers read the session only through these functions (they write plain JSON data
under the same keys). An id is used only once it is a string naming something that exists; a number only once it
is a whole number in range; and anything else reads as absent.

  mode               the feature holding the conversation ("selfcheck", "exercise"); else None
  nav                the section being browsed: {"section": id, "part": n, "offer": the offer made with that part}
  offer              what "yes" means now (skill/handlers/respond.py writes it); the keys below
  selfcheck          a self-check under way: {"index", "answers"} (skill/conversation/selfcheck_flow.py)
  recommendations    the last finished self-check's suggestions, best first; withheld: what its rules withheld
  exercise           the timed exercise between rounds: {"id", "seconds", "round", "rounds"}
  exercises_done     ids of the exercises run to their end in this session, oldest first
  suggestion         the index of the suggestion being browsed
  safety_concern     words or answers suggested fear or harm: from now on, nothing that is withheld then
  crisis_line_given  words of ending one's life were answered with the crisis line: menus offer it again from now on
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from skill import content

from skill.conversation import browse
from skill.conversation import selfcheck_flow as flow
from skill.conversation.exercise_timing import round_lengths
from skill.handlers.respond import OFFER
from skill.rulebook.questions import question_ids

MODE = "mode"
NAV = "nav"
SELFCHECK = flow.SELFCHECK
RECOMMENDATIONS = flow.RECOMMENDATIONS
WITHHELD = flow.WITHHELD
EXERCISE = "exercise"
EXERCISES_DONE = "exercises_done"
SUGGESTION = "suggestion"
SAFETY_CONCERN = "safety_concern"
CRISIS_LINE_GIVEN = "crisis_line_given"
SELFCHECK_MODE, EXERCISE_MODE = "selfcheck", "exercise"
# State a feature holds while it has the conversation: dropped when the conversation moves elsewhere or fails.
FEATURE_STATE = (MODE, NAV, EXERCISE, OFFER)

# The offer's keys: what "yes" (or "no") answers.
SECTION, MORE, TOPICS = browse.SECTION, browse.MORE, browse.TOPICS  # {"section": id}, {"more": id}, {"topics": n}
OFFER_SELFCHECK = "selfcheck"  # True: start one; RESUME: carry on with the unfinished one
RESUME = "resume"
AT, AT_LAUNCH = "at", "launch"  # {"selfcheck": "resume", "at": "launch"}: asked at launch
OFFER_EXERCISE = "exercise"  # an exercise id, or None: one to be picked
ROUND = "round"  # the next round of the exercise between rounds
ANSWER = "answer"  # the self-check question waiting for its answer
RECOMMENDATION = "recommendation"  # the index of the suggestion offered
FORGET = "forget"  # True: "shall I delete everything?"
REMEMBER_RESULTS, THEN = "remember_results", "then"  # True, and {"question", "offer"} asked after it
CRISIS, REPEAT_NUMBER = "crisis", "repeat"  # {"crisis": "repeat"}: the crisis line's number said again; read alone
MAX_QUESTION_CHARS = 500


# --- simple values -------------------------------------------------------------------------------------------------

def mode(session: Mapping) -> str | None:
    """The feature holding the conversation. A name this version does not know still holds it (navigation leaves
    a feature alone), so only a value that is not a name reads as no feature."""
    value = session.get(MODE)
    return value if isinstance(value, str) and value else None


def safety_concern(session: Mapping) -> bool:
    """Anything that is not plainly absent counts: a damaged mark errs on the side of safety."""
    return bool(session.get(SAFETY_CONCERN))


def crisis_line_given(session: Mapping) -> bool:
    """As `safety_concern`, a damaged mark counts: offering the crisis line once too often does no harm."""
    return bool(session.get(CRISIS_LINE_GIVEN))


def suggestion(session: Mapping) -> int | None:
    return _index(session.get(SUGGESTION))


# --- browsing and offers -------------------------------------------------------------------------------------------

def place(session: Mapping) -> tuple[str, int] | None:
    """(section id, part) being browsed, or None; a part out of range reads as the first."""
    nav = session.get(NAV)
    if not isinstance(nav, Mapping):
        return None
    section_id = _section_id(nav.get("section"))
    if section_id is None:
        return None
    part = nav.get("part")
    if type(part) is not int or not 0 <= part < browse.part_count(section_id):
        part = 0
    return section_id, part


def nav_offer(session: Mapping) -> dict:
    """The offer made with the part being browsed, read as `offer` reads the current one; {} without one."""
    nav = session.get(NAV)
    return offer_of(nav.get("offer")) if isinstance(nav, Mapping) and place(session) is not None else {}


def offer(session: Mapping) -> dict:
    """What "yes" means now: only the well-formed keys of the session's offer; {} when there is none."""
    return offer_of(session.get(OFFER))


def crisis_offered(session: Mapping) -> bool:
    """Whether the last answer offered to say the crisis line's number again (skill/handlers/crisis.py). Kept out
    of `offer`, which only the other features read: "yes" to it is the crisis path's alone."""
    data = session.get(OFFER)
    return isinstance(data, Mapping) and data.get(CRISIS) == REPEAT_NUMBER


def offer_made(session: Mapping) -> bool:
    """Whether the last answer made an offer at all, even one only another feature reads (the crisis line's)."""
    return session.get(OFFER) is not None


def offer_of(data: Any, *, nested: bool = False) -> dict:
    if not isinstance(data, Mapping):
        return {}
    found = {}
    for key, read in _OFFER_FIELDS.items():
        if key in data and not (nested and key == THEN):
            value = read(data[key])
            if value is not None or (key == OFFER_EXERCISE and data[key] is None):
                found[key] = value
    return found


def _then(data: Any) -> dict | None:
    """The question and offer that wait behind "shall I remember these?"."""
    if not isinstance(data, Mapping):
        return None
    question = data.get("question")
    if not isinstance(question, str) or not question.strip() or len(question) > MAX_QUESTION_CHARS:
        return None
    return {"question": question, "offer": offer_of(data.get("offer"), nested=True)}


def _true(value: Any) -> bool | None:
    return True if value is True else None


# --- the self-check --------------------------------------------------------------------------------------------

def selfcheck(session: Mapping) -> dict | None:
    """The self-check state of this session made consistent with today's questions; None without one."""
    return flow.restore(session.get(SELFCHECK), question_ids())


def unfinished_selfcheck(session: Mapping) -> dict | None:
    """The self-check begun (or restored from memory) and not yet finished, worth offering to carry on."""
    state = selfcheck(session)
    return state if flow.is_unfinished(state, question_ids()) else None


def selfcheck_touched(session: Mapping) -> bool:
    """Whether this session began or finished a self-check (even one whose state is now damaged)."""
    return SELFCHECK in session or bool(recommendations(session))


def has_results(session: Mapping) -> bool:
    """Whether a self-check finished in this session (its suggestions may all be withheld)."""
    return isinstance(session.get(RECOMMENDATIONS), list)


def recommendations(session: Mapping) -> list[dict]:
    """The last finished self-check's recommendations that point at something that exists."""
    known = {"section": content.section_ids(), "exercise": content.exercise_ids()}
    return flow.restore_recommendations(session.get(RECOMMENDATIONS), known)


def withheld(session: Mapping) -> list[str]:
    """The ids the last self-check's rules withheld, known ones only."""
    return [item for item in flow.restore_withheld(session.get(WITHHELD)) if _known_id(item)]


def withheld_now(session: Mapping) -> frozenset[str]:
    """Every section and exercise not to offer now: the self-check's withheld ones, and after words or answers of
    fear or harm, everything declared couple work (browse.withheld_now)."""
    return browse.withheld_now(safety_concern(session), withheld(session))


def suggestions_now(session: Mapping) -> list[dict]:
    """This session's self-check suggestions as they may be offered now: nothing withheld now, no safety entry."""
    return flow.suggestions(recommendations(session), withheld_now(session))


# --- exercises -----------------------------------------------------------------------------------------------------

def exercise(session: Mapping) -> dict | None:
    """The exercise between rounds: its length kept within the exercise's limits, its rounds counted again from
    that length (never trusted), the round within them; None when it is not an exercise state."""
    data = session.get(EXERCISE)
    if not isinstance(data, Mapping):
        return None
    exercise_id = _exercise_id(data.get("id"))
    seconds, index = data.get("seconds"), data.get("round")
    if exercise_id is None or type(seconds) is not int or type(index) is not int:
        return None
    limits = content.exercises()[exercise_id]["duration"]
    seconds = min(max(seconds, limits["min"]), limits["max"])
    rounds = len(round_lengths(content.exercises()[exercise_id], seconds))
    return {"id": exercise_id, "seconds": seconds, "round": min(max(index, 0), rounds - 1), "rounds": rounds}


def exercises_done(session: Mapping) -> list[str]:
    value = session.get(EXERCISES_DONE)
    return [item for item in value if _exercise_id(item)] if isinstance(value, list) else []


# --- values ------------------------------------------------------------------------------------------------------

def _index(value: Any) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _section_id(value: Any) -> str | None:
    return value if isinstance(value, str) and value in content.sections() else None


def _exercise_id(value: Any) -> str | None:
    return value if isinstance(value, str) and value in content.exercises() else None


def _question_id(value: Any) -> str | None:
    return value if isinstance(value, str) and value in question_ids() else None


def _known_id(value: Any) -> bool:
    return _section_id(value) is not None or _exercise_id(value) is not None


def _selfcheck_offer(value: Any) -> bool | str | None:
    return value if value is True or value == RESUME else None


_OFFER_FIELDS: dict[str, Callable[[Any], Any]] = {
    SECTION: _section_id, MORE: _section_id, TOPICS: _index, OFFER_SELFCHECK: _selfcheck_offer,
    AT: lambda value: value if value == AT_LAUNCH else None, OFFER_EXERCISE: _exercise_id, ROUND: _index,
    ANSWER: _question_id, RECOMMENDATION: _index, FORGET: _true, REMEMBER_RESULTS: _true, THEN: _then,
}
