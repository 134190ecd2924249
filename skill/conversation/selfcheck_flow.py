"""The self-check as small pure steps on plain data: which question is asked, which answers are kept, what was found.

Everything here is JSON-safe data kept in session attributes, so it can be stored and restored as it is:
  selfcheck        {"index": int, "answers": {question_id: answer}} while a self-check runs or waits to go on;
                   every question before `index` has an answer ("skipped" counts), none is kept twice.
  recommendations  [{"id", "kind", "because", "rule"}] from the last finished self-check, best first.
  withheld         [id] sections and exercises the last self-check's rules withheld: never offered.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from skill.content.provenance import recipe_of, sourced
from skill.rulebook.questions import ANSWERS

SELFCHECK = "selfcheck"
RECOMMENDATIONS = "recommendations"
WITHHELD = "withheld"
SAFETY = "safety"
KINDS = ("section", "exercise")
RECOMMENDATION_FIELDS = ("id", "kind", "because", "rule")
# How many suggestions the result speaks; the card lists them all.
SPOKEN_SUGGESTIONS = 3


def start() -> dict:
    return {"index": 0, "answers": {}}


def restore(data: Any, question_ids: Sequence[str]) -> dict | None:
    """A stored or session state made consistent with today's questions; None when it is not a self-check state."""
    if not isinstance(data, Mapping):
        return None
    index, answers = data.get("index"), data.get("answers")
    if type(index) is not int or not isinstance(answers, Mapping):
        return None
    kept = {question_id: answer for question_id, answer in answers.items()
            if question_id in question_ids and isinstance(answer, str) and answer in ANSWERS}
    index = max(0, min(index, len(question_ids)))
    for position, question_id in enumerate(question_ids[:index]):
        if question_id not in kept:
            index = position
            break
    return {"index": index, "answers": kept}


def current_question(state: Mapping, question_ids: Sequence[str]) -> str | None:
    """The id of the question being asked; None once all are answered."""
    index = state["index"]
    return question_ids[index] if index < len(question_ids) else None


def record(state: Mapping, question_ids: Sequence[str], answer: str) -> dict:
    """The state after `answer` to the current question: the answer kept (replacing an earlier one), the index on."""
    if answer not in ANSWERS:
        raise ValueError(f"not an answer: {answer!r}")
    question_id = current_question(state, question_ids)
    if question_id is None:
        return {"index": state["index"], "answers": dict(state["answers"])}
    return {"index": state["index"] + 1, "answers": {**state["answers"], question_id: answer}}


def back(state: Mapping) -> dict:
    """One question back; its earlier answer stays until a new one replaces it."""
    return {"index": max(0, state["index"] - 1), "answers": dict(state["answers"])}


def is_finished(state: Mapping, question_ids: Sequence[str]) -> bool:
    return state["index"] >= len(question_ids)


def is_unfinished(state: Mapping | None, question_ids: Sequence[str]) -> bool:
    """Started (an answer given, even if gone back from), not yet finished: worth offering to continue."""
    return bool(state) and (state["index"] > 0 or bool(state["answers"])) and state["index"] < len(question_ids)


def answers_so_far(state: Mapping, question_ids: Sequence[str]) -> dict[str, str]:
    """The answers to the questions already passed, in question order: what the rules see at the end."""
    return {question_id: state["answers"][question_id] for question_id in question_ids[:state["index"]]}


# --- what the self-check found ---------------------------------------------------------------------------------

def recommendation_data(recommendations: Iterable[Any]) -> list[dict]:
    """The rules' recommendations as plain data, in their order, each at most once."""
    found, seen = [], set()
    for recommendation in recommendations:
        entry = {name: _field(recommendation, name) for name in RECOMMENDATION_FIELDS}
        if entry["id"] and entry["id"] not in seen:
            seen.add(entry["id"])
            found.append(entry)
    return found


def _field(recommendation: Any, name: str) -> str:
    value = recommendation.get(name) if isinstance(recommendation, Mapping) else getattr(recommendation, name, None)
    return "" if value is None else value if isinstance(value, str) else str(value)  # a reason keeps its rule's name


def restore_recommendations(data: Any, known_ids: Mapping[str, Iterable[str]]) -> list[dict]:
    """Stored recommendations that still point at something that exists; `known_ids` maps kind to ids.
    Only id and kind are needed (a stored copy may leave the reason out); a missing reason or rule reads as ""."""
    if not isinstance(data, list):
        return []
    kept = []
    for entry in data:
        if not isinstance(entry, Mapping) or entry.get("kind") not in KINDS:
            continue
        if isinstance(entry.get("id"), str) and entry["id"] in set(known_ids.get(entry["kind"], ())):
            kept.append({name: entry[name] if isinstance(entry.get(name), str) else ""
                         for name in RECOMMENDATION_FIELDS})
    return recommendation_data(kept)


def reason(because: str) -> str:
    """A rule's reason as a clause to say after "Because": its own leading "because" dropped."""
    text = " ".join(str(because).split()).rstrip(".")
    recipe = recipe_of(because)
    return sourced(text[len("because "):] if text.lower().startswith("because ") else text,
                   None if recipe is None else ["why", recipe])


def spoken_answer(answer: str) -> str:
    """An earlier answer said back ("last time you said no"): one of ANSWERS, kept by its name."""
    return sourced(answer, ["answer", answer] if answer in ANSWERS else None)


def restore_withheld(data: Any) -> list[str]:
    return sorted({item for item in data if isinstance(item, str)}) if isinstance(data, list) else []


def safety_first(recommendations: Sequence[Mapping]) -> bool:
    """Whether the rules found fear or harm: then safety resources come before anything else."""
    return any(entry["id"] == SAFETY for entry in recommendations)


def suggestions(recommendations: Sequence[Mapping], withheld: Iterable[str]) -> list[dict]:
    """What may be offered, best first: never a withheld id, never safety (said on its own), and after
    fear or harm, no couple exercise at all."""
    hidden = set(withheld)
    unsafe = safety_first(recommendations)
    return [dict(entry) for entry in recommendations
            if entry["id"] != SAFETY and entry["id"] not in hidden and not (unsafe and entry["kind"] == "exercise")]
