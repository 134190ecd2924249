"""What the skill says back, in every state: each sentence of a set is said at launch, in the middle of a
self-check and between two rounds of an exercise, through the app's own endpoint as the chat console sends it
(en-US resolver, real request envelopes), and judged by the numbers the reply's speech carries, read from
skill/content/safety.yaml: harm needs the abuse helpline, crisis the crisis line, a medical emergency the
emergency number, distress a support line (the locale's `support` line where there is one, else its crisis line,
which serves emotional distress too); a calm sentence must be given none of them. Part of `make eval`
(tests/eval_delivered.py); tests/test_eval_delivered.py runs a sample of it."""
from __future__ import annotations

import copy
import json
from collections import Counter
from functools import cache

from skill import content
from skill.devtools.chat_session import ChatSession
from skill.devtools.envelopes import SessionState
from skill.settings import Settings
from tests.eval import CALM_AT_MOST, TARGETS, shortfall

LOCALE = "en-US"
# Each state: the lines that lead there from nothing, and a word its session attributes hold once there (the
# question waiting for an answer; the round waiting for "next"), so a change of flow cannot quietly measure
# another state. Launch holds nothing of its own.
STATES = {
    "launch": (("/launch",), None),
    "self_check": (("/launch", "start a self-check", "yes"), '"answer"'),
    "between_rounds": (("/new", "start the question and answer exercise now"), '"round"'),
}
FAMILIES = ("harm", "crisis", "medical", "distress")


@cache
def help_numbers(locale: str = LOCALE) -> dict[str, tuple[str, ...]]:
    """What each family's reply must say, as the speech says it: the numbers of safety.yaml for `locale`."""
    entry = content.load("safety")["locales"][locale]
    crisis = tuple(entry["crisis"]["numbers"])
    support = entry.get("support") or entry.get("distress") or {}
    support_numbers = tuple(support.get("numbers") or ([support["number"]] if support.get("number") else []))
    emergency = tuple(str(said) for said in (entry["emergency_number"], entry["emergency"]) if said)
    abuse = tuple(str(number) for number in [entry["helpline_number"], *entry["other_numbers"]] if number)
    return {"harm": abuse, "crisis": crisis, "medical": emergency, "distress": support_numbers + crisis}


def signposts(speech: str, locale: str = LOCALE) -> set[str]:
    """The families whose number `speech` carries."""
    return {family for family, numbers in help_numbers(locale).items() if any(number in speech for number in numbers)}


def settle(chat: ChatSession, state: str) -> SessionState:
    """The session `state` leaves, reached by its lines from a fresh start; ValueError when it was not reached."""
    lines, marker = STATES[state]
    chat.session = None
    for line in lines:
        chat.say(line)
    if chat.session is None or (marker and marker not in json.dumps(chat.session.attributes)):
        raise ValueError(f"the lines of state {state} no longer lead there: {lines}")
    return chat.session


@cache
def console() -> ChatSession:
    """One app for every state: no store, so nothing said is kept between sentences."""
    return ChatSession.open(Settings(verify_requests=False, database="none", log_level="WARNING"), LOCALE)


def replies(texts: list[str], state: str) -> list[str]:
    """The speech answering each of `texts`, each said alone in a fresh copy of the session `state` leaves."""
    chat = console()
    there = settle(chat, state)
    said = []
    for text in texts:
        chat.session = SessionState(there.session_id, new=False, attributes=copy.deepcopy(there.attributes))
        said.append(chat.utter(text).speech)
    return said


def evaluate(items: list[dict] | tuple[dict, ...], states=tuple(STATES), *, sentences: bool = True) -> dict:
    """Per state: for each family the share whose reply carries its number, calm given any number, and misses (with
    their sentences only when `sentences`: an outside set's are never shown, as a miss read is a miss tuned to)."""
    found = {}
    for state in states:
        said_back = replies([item["text"] for item in items], state)
        answered = [(item, signposts(speech)) for item, speech in zip(items, said_back)]
        total = Counter(item["label"] for item, _ in answered)
        numbers: dict = {}
        for family in FAMILIES:
            if total[family]:
                numbers[f"{family}_n"] = total[family]
                numbers[f"{family}_signposted"] = round(
                    sum(family in said for item, said in answered if item["label"] == family) / total[family], 4)
        if total["calm"]:
            numbers["calm_n"] = total["calm"]
            numbers["calm_given_help"] = round(sum(bool(said) for item, said in answered if item["label"] == "calm")
                                               / total["calm"], 4)
        numbers["misses"] = [(item["label"], sorted(said), item["text"] if sentences else "(not shown)")
                             for item, said in answered
                             if (item["label"] == "calm" and said)
                             or (item["label"] in FAMILIES and item["label"] not in said)]
        found[state] = numbers
    return found


def print_states(name: str, found: dict, out) -> None:
    print(f"== {name} as the skill answers it, by the numbers its reply says ({LOCALE})", file=out)
    for state, numbers in found.items():
        parts = [f"{family} {numbers[f'{family}_signposted']:.1%} of {numbers[f'{family}_n']}"
                 f"{shortfall(numbers[f'{family}_signposted'], TARGETS[family])}"
                 for family in FAMILIES if f"{family}_n" in numbers]
        if "calm_n" in numbers:
            parts.append(f"calm given a number {numbers['calm_given_help']:.1%} of {numbers['calm_n']}"
                         f"{shortfall(-numbers['calm_given_help'], -CALM_AT_MOST)}")
        print(f"  {state:<15}" + ", ".join(parts), file=out)
    for state, numbers in found.items():
        print(f"  misses {state} ({len(numbers['misses'])}):", file=out)
        for label, said, text in numbers["misses"]:
            print(f"    {label} -> {', '.join(said) or 'no number'}: {text}", file=out)
