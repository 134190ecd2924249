"""What the skill remembers about a person between visits: the stored record's shape, and the only code that keeps it.

One record per key: the recognised voice (`personId`) when there is one, else the Alexa user id (DESIGN §3).

    {"version": 1,
     "disclaimer_heard": true,                              said once, on the first visit
     "exercises": [{"id": "eye_contact"}, ...]              completed, oldest first, the last 20
     "unfinished_selfcheck": {"index": 5, "answers": {question_id: answer}}   only while one waits to go on
     "resume_declined": true                                "no" to carrying on at a launch: not asked again at each
                                                            launch until that self-check changes (or is dropped)
     "recommendations": [{"id": "red_flags", "kind": "section"}, ...]    only after a yes to "shall I remember"
     "safety_disclosed": true}                              fear or harm said clearly by a voice Alexa recognised

Nothing is kept that nothing reads: the greeting reads whether the disclaimer was heard, the last exercise, whether
results are kept and whether fear or harm was disclosed (then it offers the support numbers, in words that name
nothing, and no couple work that visit). The disclosure mark stays until "forget me" or the skill is disabled.
A finished self-check lets go of the results kept from an earlier one.

Recommendations are kept without their reasons: a reason ("because you said ...") repeats an answer, and answers are
kept only while a self-check is unfinished, because going on with it later needs them.

A recognised person's id is also listed in the account's index record (skill/storage/account_index.py), before their
record is first written: the AlexaSkillEvent.SkillDisabled event names only the user id, and the index is how it
finds every person's record to delete it.

What comes back from storage is never trusted: a field of the wrong shape counts as absent, and an unknown field is
dropped at the next save. The functions that change a record are pure: they return a new record.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from skill.conversation import selfcheck_flow as flow
from skill.rulebook.questions import question_ids
# INDEX_SUFFIX and forget_account are part of this module's interface too (skill/handlers/remembering.py).
from skill.storage.account_index import INDEX_SUFFIX, is_text, list_person  # noqa: F401
from skill.storage.forgetting import forget_account, forget_person  # noqa: F401
from skill.storage.store_request import StoreRequest

VERSION = 1
DISCLAIMER_HEARD = "disclaimer_heard"
EXERCISES = "exercises"
UNFINISHED_SELFCHECK = "unfinished_selfcheck"
RESUME_DECLINED = "resume_declined"
RECOMMENDATIONS = "recommendations"
SAFETY_DISCLOSED = "safety_disclosed"
RECOMMENDATION_FIELDS = ("id", "kind")
RECOMMENDATION_KINDS = ("section", "exercise")

# Bounds on what one record may hold, so a runaway or tampered record stays small.
MAX_EXERCISES = 20
MAX_ANSWERS = 50
MAX_RECOMMENDATIONS = 20
# Request attribute: this request's record.
_RECORD = "memory.record"


# --- the record: reading what storage gave back ------------------------------------------------------------------

def clean(stored: Any) -> dict:
    """The record made of the well-formed fields of `stored`; {} when nothing usable is there."""
    if not isinstance(stored, Mapping):
        return {}
    record: dict[str, Any] = {}
    if stored.get(DISCLAIMER_HEARD) is True:
        record[DISCLAIMER_HEARD] = True
    exercises = _exercises(stored.get(EXERCISES))
    if exercises:
        record[EXERCISES] = exercises
    selfcheck = _selfcheck_state(stored.get(UNFINISHED_SELFCHECK))
    if selfcheck is not None:
        record[UNFINISHED_SELFCHECK] = selfcheck
        if stored.get(RESUME_DECLINED) is True:
            record[RESUME_DECLINED] = True
    recommendations = _recommendations(stored.get(RECOMMENDATIONS))
    if recommendations:
        record[RECOMMENDATIONS] = recommendations
    if stored.get(SAFETY_DISCLOSED) is True:
        record[SAFETY_DISCLOSED] = True
    return {"version": VERSION, **record} if record else {}


def disclaimer_heard(record: Mapping) -> bool:
    return record.get(DISCLAIMER_HEARD) is True


def last_exercise(record: Mapping) -> str | None:
    """The id of the exercise completed most recently, or None."""
    exercises = record.get(EXERCISES) or []
    return exercises[-1]["id"] if exercises else None


def unfinished_selfcheck(record: Mapping) -> dict | None:
    """The stored self-check state ({"index", "answers"}) waiting to go on, or None."""
    state = record.get(UNFINISHED_SELFCHECK)
    return {"index": state["index"], "answers": dict(state["answers"])} if state else None


def resume_declined(record: Mapping) -> bool:
    """Whether the person said no to carrying on with the stored self-check, at a launch, since it last changed."""
    return record.get(RESUME_DECLINED) is True and UNFINISHED_SELFCHECK in record


def recommendations(record: Mapping) -> list[dict]:
    return [dict(entry) for entry in record.get(RECOMMENDATIONS) or []]


def safety_disclosed(record: Mapping) -> bool:
    """Whether this person once said clearly that they fear or are harmed by someone."""
    return record.get(SAFETY_DISCLOSED) is True


# --- the record: changes, as pure functions ---------------------------------------------------------------------

def record_visit(record: Mapping) -> dict:
    """A launch: the disclaimer counts as heard (it is said on the first)."""
    return _with(record, **{DISCLAIMER_HEARD: True})


def record_exercise(record: Mapping, exercise_id: str) -> dict:
    """An exercise completed; only the latest MAX_EXERCISES are kept."""
    done = [*(record.get(EXERCISES) or []), {"id": exercise_id}]
    return _with(record, **{EXERCISES: _exercises(done)})


def save_unfinished_selfcheck(record: Mapping, state: Mapping) -> dict:
    """A self-check stopped part-way, kept so the next visit can offer to go on. A state that has not started
    (no question answered) or is malformed replaces nothing and is not kept."""
    cleaned = _selfcheck_state(state)
    if cleaned is None:
        return drop_unfinished_selfcheck(record)
    if cleaned != record.get(UNFINISHED_SELFCHECK):
        record = _without(record, RESUME_DECLINED)  # a changed self-check may be offered again
    return _with(record, **{UNFINISHED_SELFCHECK: cleaned})


def decline_resume(record: Mapping) -> dict:
    """No to carrying on, at a launch: the self-check is kept, and the launch stops asking about it."""
    return _with(record, **{RESUME_DECLINED: True}) if UNFINISHED_SELFCHECK in record else dict(record)


def drop_unfinished_selfcheck(record: Mapping) -> dict:
    return _without(_without(record, RESUME_DECLINED), UNFINISHED_SELFCHECK)


def drop_recommendations(record: Mapping) -> dict:
    return _without(record, RECOMMENDATIONS)


def save_recommendations(record: Mapping, found: Sequence[Mapping]) -> dict:
    """The last self-check's recommendations, after the person said yes to keeping them: which, never why."""
    kept = _recommendations(list(found))
    return _with(record, **{RECOMMENDATIONS: kept}) if kept else _without(record, RECOMMENDATIONS)


def record_disclosure(record: Mapping) -> dict:
    """Fear or harm said clearly: one mark, never what was said."""
    return _with(record, **{SAFETY_DISCLOSED: True})


def _with(record: Mapping, **values: Any) -> dict:
    return {**dict(record), "version": VERSION, **values}


def _without(record: Mapping, field: str) -> dict:
    changed = {key: value for key, value in record.items() if key != field}
    return changed if set(changed) - {"version"} else {}


# --- validation of each field ------------------------------------------------------------------------------------

def _is_count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _exercises(value: Any) -> list[dict]:
    if not isinstance(value, list):
        return []
    kept = [{"id": entry["id"]} for entry in value if isinstance(entry, Mapping) and is_text(entry.get("id"))]
    return kept[-MAX_EXERCISES:]


def _selfcheck_state(value: Any) -> dict | None:
    """{"index", "answers"} when well formed and unfinished by the self-check's own rule (flow.is_unfinished); whether
    the answers fit today's questions is the self-check's own check too (skill/selfcheck_flow.restore)."""
    if not isinstance(value, Mapping):
        return None
    index, answers = value.get("index"), value.get("answers")
    if not _is_count(index) or not isinstance(answers, Mapping) or len(answers) > MAX_ANSWERS:
        return None
    if not all(is_text(key) and is_text(answer) for key, answer in answers.items()):
        return None
    state = {"index": index, "answers": dict(answers)}
    return state if flow.is_unfinished(state, question_ids()) else None


def _recommendations(value: Any) -> list[dict]:
    if not isinstance(value, list):
        return []
    kept = [{name: entry[name] for name in RECOMMENDATION_FIELDS} for entry in value
            if isinstance(entry, Mapping) and is_text(entry.get("id")) and entry.get("kind") in RECOMMENDATION_KINDS]
    return kept[:MAX_RECOMMENDATIONS]


# --- storage: the one place that reads, saves and deletes ------------------------------------------------------

def is_stored(request: StoreRequest) -> bool:
    """Whether a store is configured (TRUST_DATABASE is not `none`): only then can anything be kept for next time."""
    return request.adapter is not None


def recall(request: StoreRequest) -> dict:
    """This person's record; {} when nothing is stored, no store is configured, or the store cannot be read."""
    if _RECORD not in request.scratch:
        request.scratch[_RECORD] = stored_now(request)
    return request.scratch[_RECORD]


def stored_now(request: StoreRequest) -> dict:
    """This person's record read again from the store, not this request's copy: whether a save really happened
    (the store drops a failed save). {} without a store, or when it cannot be read."""
    adapter = request.adapter
    return clean(adapter.get_attributes(request_envelope=request.envelope)) if adapter else {}


def keep(request: StoreRequest, record: Mapping) -> None:
    """Store `record` as this person's whole record, in one atomic write; nothing happens without a store.

    A recognised person is listed in the account's index first, so that disabling the skill can find them.
    """
    record = clean(record)
    if not is_stored(request) or record == recall(request):
        return
    request.scratch[_RECORD] = record
    if record:
        if not list_person(request):
            return  # not written where disabling the skill could not find it
        request.adapter.save_attributes(request_envelope=request.envelope, attributes=record)
    else:
        request.adapter.delete_attributes(request_envelope=request.envelope)


def forget(request: StoreRequest) -> None:
    """Delete everything stored for this person's key, and their entry in the account's index; DeletionUnfinished
    (skill/storage/forgetting.py) when that did not all happen."""
    if not is_stored(request):
        return
    forget_person(request)
    request.scratch[_RECORD] = {}
