"""Typed readers for every session attribute the skill keeps: each gives a safe default for a malformed value.

Session attributes come back in each request, so any of them may be garbage, and a handler that trips on one would
trip on it again every turn. Handlers read the session only through these functions (they write plain JSON data
under the same keys). An id is used only once it is a string naming something that exists; a number only once it
is a whole number in range; and anything else reads as absent.

  mode               the feature holding the conversation ("selfcheck", "exercise"); else None
  nav                the section being browsed: {"section": id, "part": n, "offer": the offer made with that part}
  visited            the parts heard this session, oldest first, at most MAX_VISITED: [[section id, part], ...]
  offer              what "yes" means now: skill/conversation/offers.py reads it, skill/handlers/respond.py writes it
  selfcheck          a self-check under way: {"index", "answers"} (skill/conversation/selfcheck_flow.py)
  selfcheck_resumed  the self-check under way was brought back from an earlier visit: its answers may not be this
                     speaker's, so to a voice Alexa did not recognise its result gives no reasons ("because you said")
  recommendations    the last finished self-check's suggestions, best first; withheld: what its rules withheld
  exercise           the timed exercise between rounds: {"id", "seconds", "round", "rounds"}
  exercise_chosen    the exercise set up, described or last run, kept after its end for again, shorter, resume:
                     {"id", "seconds", "round": the round last played, "ran": whether a round was played}
  exercises_done     ids of the exercises run to their end in this session, oldest first
  suggestion         the index of the suggestion being browsed
  safety_concern     words or answers suggested fear or harm: from now on, nothing that is withheld then
  misses             how many replies in a row the skill could not place (written by skill/handlers/respond.py)
  said               the last reply that was not a miss, for "repeat": {"speech", "reprompt": recipes of ids
                     (skill/content/provenance.py), never text; "offer"} (written and read by skill/handlers/respond.py)
  couple_note_given  the first couple exercise of this session said it is for partners who feel safe together
  crisis_line_given  words of ending one's life were answered with the crisis line: menus offer it again from now on
  safety_disclosed   fear or harm was said clearly (heard surely, or yes to "do you feel afraid?"): "that's not what
                     I meant" does not lift the restriction on couple activities for the rest of the session
"""
from __future__ import annotations

from typing import Mapping

from skill import content

from skill.conversation import browse
from skill.conversation import selfcheck_flow as flow
from skill.conversation.exercise_timing import round_lengths
from skill.conversation.offers import OFFER, exercise_id as _exercise_id, index as _index, offer_of
from skill.conversation.offers import section_id as _section_id
from skill.rulebook.questions import question_ids

MODE = "mode"
NAV = "nav"
VISITED = "visited"
MAX_VISITED = 12
SELFCHECK = flow.SELFCHECK
SELFCHECK_RESUMED = "selfcheck_resumed"
RECOMMENDATIONS = flow.RECOMMENDATIONS
WITHHELD = flow.WITHHELD
EXERCISE = "exercise"
EXERCISE_CHOSEN = "exercise_chosen"
EXERCISES_DONE = "exercises_done"
SUGGESTION = "suggestion"
SAFETY_CONCERN = "safety_concern"
CRISIS_LINE_GIVEN = "crisis_line_given"
SAFETY_DISCLOSED = "safety_disclosed"
COUPLE_NOTE_GIVEN = "couple_note_given"
MISSES = "misses"
SAID = "said"
LAST_RESPONSE = "last_response"  # the SSML of the last reply, as earlier versions kept it: dropped, never read
SELFCHECK_MODE, EXERCISE_MODE = "selfcheck", "exercise"
# State a feature holds while it has the conversation: dropped when the conversation moves elsewhere or fails.
FEATURE_STATE = (MODE, NAV, EXERCISE, EXERCISE_CHOSEN, OFFER)



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


def safety_disclosed(session: Mapping) -> bool:
    """As `safety_concern`, a damaged mark counts: keeping couple activities off once too often does no harm."""
    return bool(session.get(SAFETY_DISCLOSED))


def misses(session: Mapping) -> int:
    """How many replies in a row were misses; 0 for anything malformed."""
    return _index(session.get(MISSES)) or 0


def suggestion(session: Mapping) -> int | None:
    return _index(session.get(SUGGESTION))


# --- browsing ---------------------------------------------------------------------------------------------------

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


def visited(session: Mapping) -> list[tuple[str, int]]:
    """The parts heard this session, oldest first: only entries naming a section that exists and a part within it."""
    value = session.get(VISITED)
    if not isinstance(value, list):
        return []
    found = []
    for entry in value[-MAX_VISITED:]:
        if isinstance(entry, list) and len(entry) == 2 and _section_id(entry[0]) is not None \
                and type(entry[1]) is int and 0 <= entry[1] < browse.part_count(entry[0]):
            found.append((entry[0], entry[1]))
    return found


def nav_offer(session: Mapping) -> dict:
    """The offer made with the part being browsed, read as offers.current reads the current one; {} without one."""
    nav = session.get(NAV)
    return offer_of(nav.get("offer")) if isinstance(nav, Mapping) and place(session) is not None else {}


# --- the self-check --------------------------------------------------------------------------------------------

def selfcheck(session: Mapping) -> dict | None:
    """The self-check state of this session made consistent with today's questions; None without one."""
    return flow.restore(session.get(SELFCHECK), question_ids())


def selfcheck_resumed(session: Mapping) -> bool:
    """As `safety_concern`, a damaged mark counts: a reason left unsaid costs less than an answer read out."""
    return bool(session.get(SELFCHECK_RESUMED))


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
    return [item for item in flow.restore_withheld(session.get(WITHHELD))
            if _section_id(item) is not None or _exercise_id(item) is not None]


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
    return _timing(session.get(EXERCISE))


def chosen_exercise(session: Mapping) -> dict | None:
    """The exercise set up, described or last run (read as `exercise`, with "ran"); None without one."""
    data = session.get(EXERCISE_CHOSEN)
    timing = _timing(data)
    return None if timing is None else {**timing, "ran": data.get("ran") is True}


def _timing(data: object) -> dict | None:
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
