"""What "yes" means now: every offer key, defined once, with the one reader of the session's offer beside its writers.

The offer is the session attribute "offer", written only by skill/handlers/respond.py from the reply that makes it.
A question may wait behind another ("shall I remember these?" before the first suggestion): that waiting question
is a one-deep stack under the key "then", pushed with `push_then` and popped with `pop_then`. The question is kept as
the recipe of its speech (skill/content/provenance.py), never as text: skill/conversation/said_again.py reads it.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from skill import content
from skill.conversation.said_again import keep
from skill.rulebook.questions import ANSWERS, question_ids
from skill.voice.speech import Speech

OFFER = "offer"
SECTION, MORE, TOPICS = "section", "more", "topics"  # {"section": id}, {"more": id}, {"topics": n}
SELFCHECK = "selfcheck"  # True: start one; RESUME: carry on with the unfinished one
RESUME = "resume"
AT, AT_LAUNCH = "at", "launch"  # {"selfcheck": "resume", "at": "launch"}: asked at launch
EXERCISE = "exercise"  # an exercise id, or None: one to be picked
ROUND = "round"  # the next round of the exercise between rounds
READY = "ready"  # an exercise id: its set-up was said, "are you ready?" waits
ANSWER = "answer"  # the self-check question waiting for its answer
CONFIRM = "confirm"  # with ANSWER: the answer heard in a sentence, waiting for "is that right?"
RECOMMENDATION = "recommendation"  # the index of the suggestion offered
FORGET = "forget"  # True: "shall I delete everything?"
SAFETY_CHECK = "safety_check"  # True: "do you feel afraid of your partner, or unsafe at home?"
CARD = "card"  # "numbers" or "results": what "shall I put it in your Alexa app?" would send
UNDO = "undo"  # True: "just to check, you feel safe?" after "that's not what I meant"
REMEMBER_RESULTS, THEN = "remember_results", "then"  # True, and {"question": its recipe, "offer"} asked after it
CRISIS, REPEAT_NUMBER = "crisis", "repeat"  # {"crisis": "repeat"}: the crisis line's number said again; read alone
CHECK = "check"  # {"crisis": "check"}: "are you thinking about ending your life?"; read alone, as the repeat offer
GROUND = "ground"  # {"crisis": "ground"}: "would you like to take one slow minute with me?"; read alone, as above
URGENT = "urgent"  # beside any crisis offer: the words answered were urgent (a plan, means, an overdose)
BREATHED = "breathed"  # beside the repeat offer: the minute of breathing was done, so it is not offered again
DISTRESS = "distress"  # {"distress": "go_on"}: "would you like to keep going with me?"; read alone, as above
DISTRESS_GO_ON = {DISTRESS: "go_on"}
CRISIS_REPEAT, CRISIS_CHECK, CRISIS_GROUND = {CRISIS: REPEAT_NUMBER}, {CRISIS: CHECK}, {CRISIS: GROUND}


def current(session: Mapping) -> dict:
    """What "yes" means now: only the well-formed keys of the session's offer; {} when there is none."""
    return offer_of(session.get(OFFER))


def made(session: Mapping) -> bool:
    """Whether the last answer made an offer at all, even one only another feature reads (the crisis line's)."""
    return session.get(OFFER) is not None


def crisis_repeat_offered(session: Mapping) -> bool:
    """Whether the last answer offered to say the crisis line's number again. Kept out of `current`, which only the
    other features read: "yes" to it is the crisis path's alone."""
    data = session.get(OFFER)
    return isinstance(data, Mapping) and data.get(CRISIS) == REPEAT_NUMBER


def crisis_check_asked(session: Mapping) -> bool:
    """Whether the last answer asked directly whether the person is thinking about ending their life."""
    data = session.get(OFFER)
    return isinstance(data, Mapping) and data.get(CRISIS) == CHECK


def crisis_grounding_offered(session: Mapping) -> bool:
    """Whether the last answer offered the short breathing exercise after the crisis line."""
    data = session.get(OFFER)
    return isinstance(data, Mapping) and data.get(CRISIS) == GROUND


def distress_go_on_offered(session: Mapping) -> bool:
    """Whether the last answer, to words of distress, offered to keep going."""
    data = session.get(OFFER)
    return isinstance(data, Mapping) and data.get(DISTRESS) == "go_on"


def crisis_breathed(session: Mapping) -> bool:
    """Whether the offer to repeat the number waiting was made after the minute of breathing."""
    data = session.get(OFFER)
    return crisis_repeat_offered(session) and data.get(BREATHED) is True


def crisis_urgent(session: Mapping) -> bool:
    """Whether the crisis question waiting was asked after urgent words (a plan, means, an overdose)."""
    data = session.get(OFFER)
    return isinstance(data, Mapping) and CRISIS in data and data.get(URGENT) is True


def push_then(offer: dict, question: Speech, waiting: dict | None) -> dict:
    """`offer`, with `question` and its offer `waiting` behind it, to be asked once `offer` is answered; `offer`
    alone when the question has no recipe."""
    if question.recipe is None:
        return offer
    return {**offer, THEN: {"question": keep(question=question), "offer": waiting or {}}}


def pop_then(offer: Mapping) -> tuple[dict | None, dict | None]:
    """The question (as said_again.keep kept it, under "question") and the offer that waited behind `offer` (read
    by `current`); (None, None) when none waited."""
    waiting = offer.get(THEN)
    if not waiting:
        return None, None
    return waiting["question"], waiting["offer"] or None


def offer_of(data: Any, *, nested: bool = False) -> dict:
    """The well-formed keys of an offer; a waiting offer (`nested`) has no waiting offer of its own."""
    if not isinstance(data, Mapping):
        return {}
    found = {}
    for key, read in _FIELDS.items():
        if key in data and not (nested and key == THEN):
            value = read(data[key])
            if value is not None or (key == EXERCISE and data[key] is None):
                found[key] = value
    return found


# --- values: an id only once it names something that exists, a number only once it is a whole number in range ---

def index(value: Any) -> int | None:
    return value if type(value) is int and value >= 0 else None


def section_id(value: Any) -> str | None:
    return value if isinstance(value, str) and value in content.sections() else None


def exercise_id(value: Any) -> str | None:
    return value if isinstance(value, str) and value in content.exercises() else None


def question_id(value: Any) -> str | None:
    return value if isinstance(value, str) and value in question_ids() else None


def _then(data: Any) -> dict | None:
    if not isinstance(data, Mapping):
        return None
    question = data.get("question")
    if not isinstance(question, Mapping) or not question.get("question"):
        return None  # read in full, as ids only, by skill/conversation/said_again.py
    return {"question": question, "offer": offer_of(data.get("offer"), nested=True)}


def _true(value: Any) -> bool | None:
    return True if value is True else None


def _selfcheck(value: Any) -> bool | str | None:
    return value if value is True or value == RESUME else None


_FIELDS: dict[str, Callable[[Any], Any]] = {
    SECTION: section_id, MORE: section_id, TOPICS: index, SELFCHECK: _selfcheck,
    AT: lambda value: value if value == AT_LAUNCH else None, EXERCISE: exercise_id, ROUND: index, READY: exercise_id,
    ANSWER: question_id, CONFIRM: lambda value: value if value in ANSWERS else None, RECOMMENDATION: index, FORGET: _true, UNDO: _true, SAFETY_CHECK: _true, CARD: lambda value: value if value in ("numbers", "results") else None, REMEMBER_RESULTS: _true, THEN: _then,
}
