"""Answers CanFulfillIntentRequest: whether the skill can take words that did not name it, intent by intent.

Alexa asks before it chooses a skill; the person has not opened this one and may never hear it. So the answer is
made here, from the request and skill/web/can_fulfill.yaml alone, before the skill is invoked: no handler or
interceptor runs, nothing is stored, and nothing is logged (the slots hold the person's words).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Mapping

import yaml

REQUEST_TYPE = "CanFulfillIntentRequest"
VERDICTS = Path(__file__).with_name("can_fulfill.yaml")
YES, MAYBE, NO = "YES", "MAYBE", "NO"


@cache
def verdicts() -> dict[str, str]:
    """Each intent's answer, from can_fulfill.yaml (read once, at start-up)."""
    with open(VERDICTS, encoding="utf-8") as stream:
        found = yaml.safe_load(stream)["intents"]
    unknown = {name: verdict for name, verdict in found.items() if verdict not in (YES, MAYBE, NO)}
    if unknown:
        raise ValueError(f"{VERDICTS}: answers must be YES, MAYBE or NO, not {unknown}")
    return found


def can_fulfill_answer(envelope: Mapping[str, Any]) -> dict[str, Any]:
    """The response envelope for a CanFulfillIntentRequest that passed the shape check."""
    intent = envelope["request"].get("intent")
    intent = intent if isinstance(intent, Mapping) else {}
    name = intent.get("name")
    verdict = verdicts().get(name, NO) if isinstance(name, str) else NO
    slots = intent.get("slots")
    slot_answers = {slot_name: _slot_answer(slot, verdict) for slot_name, slot in
                    (slots.items() if isinstance(slots, Mapping) else ())
                    if isinstance(slot_name, str) and isinstance(slot, Mapping) and slot.get("value")}
    if verdict == YES and any(answer["canUnderstand"] == NO for answer in slot_answers.values()):
        verdict = MAYBE  # a topic or exercise it does not have: it would offer the ones it has
    answer: dict[str, Any] = {"canFulfill": verdict}
    if slot_answers:
        answer["slots"] = slot_answers
    return {"version": "1.0", "response": {"canFulfillIntent": answer}}


def _slot_answer(slot: Mapping[str, Any], verdict: str) -> dict[str, str]:
    """YES when the value matched one of its type's values, NO when it matched none, MAYBE for a type without a
    list (free words, a duration): the skill takes them, though it may not place them."""
    understood = _resolution(slot)
    return {"canUnderstand": understood, "canFulfill": NO if verdict == NO or understood == NO else YES}


def _resolution(slot: Mapping[str, Any]) -> str:
    codes = set()
    resolutions = slot.get("resolutions")
    authorities = resolutions.get("resolutionsPerAuthority") if isinstance(resolutions, Mapping) else None
    for authority in authorities if isinstance(authorities, list) else ():
        status = authority.get("status") if isinstance(authority, Mapping) else None
        if isinstance(status, Mapping):
            codes.add(status.get("code"))
    if "ER_SUCCESS_MATCH" in codes:
        return YES
    if "ER_SUCCESS_NO_MATCH" in codes:
        return NO
    return MAYBE
