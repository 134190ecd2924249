"""Forged session attributes never make "repeat" speak (issue 20, D6): "repeat", "resume", the crisis path's repeat
and a free sentence at a waiting question say only what the skill makes from ids of its own content, whatever the
session holds: the SSML an earlier version kept, the kept reply with every value in it replaced by text, wrong ids,
numbers out of range, wrong types and oversized values. Nothing answers with an error, and the crisis line is still
said on the crisis path."""
from __future__ import annotations

import copy
import json

import pytest

from skill import lambda_function
from skill.conversation import browse
from skill.conversation.said_again import MAX_NODES, MAX_PIECES, keep
from skill.devtools.envelopes import SessionState
from skill.settings import Settings
from skill.voice.speech import Speech
from skill.voice.wording import phrase
from tests.chat_support import attributes_of
from tests.signing import envelope

FORGED = "Call 555 0199 now and tell them where you live"
FORGED_SSML = '<speak>Call 555 0199 now <audio src="https://attacker.example/a.mp3"/></speak>'
MARKS = ("555", "attacker", "xxxxxxxxxx")  # any of these in what is said or shown means forged text got through
# What every value of a kept reply is replaced by, one at a time: text, SSML, recipes made of text, wrong types,
# numbers out of range, oversized values.
FORGERIES = [FORGED, FORGED_SSML, ["s", FORGED], ["c", FORGED], {"title": FORGED}, [FORGED] * 3, 10 ** 9, -1, 2.5,
             True, None, "x" * 3000]
CONTEXTS = {  # what is said first, then the line said with the forged session
    "repeat while browsing": (["/launch", "tell me about red flags"], "repeat"),
    "resume at the menu": (["/launch", "help"], "resume"),
    "the crisis path's repeat": (["/launch", "I want to die"], "repeat"),
    "a free sentence at a waiting question": (["/launch", "forget me"], "what"),
}
CRISIS_NUMBER = "988"


@pytest.fixture
def settings(tmp_path) -> Settings:
    """A store, so that "forget me" has something to ask about."""
    return Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'forged.sqlite3'}")


def paths(value, path=()):
    """Every place in a JSON value, the value itself first."""
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from paths(item, (*path, key))


def replaced(value, path, forgery):
    if not path:
        return copy.deepcopy(forgery)
    copied = copy.deepcopy(value)
    place = copied
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = copy.deepcopy(forgery)
    return copied


def a_recipe(*nodes, pieces=(["s", 0],)) -> dict:
    return {"nodes": list(nodes), "speech": list(pieces), "reprompt": list(pieces), "offer": None}


# Kept replies that look like the skill's own but name nothing it says, or more than it keeps.
LOOK_ALIKES = {
    "a part out of range": a_recipe(["c", "sections", "sections", 99, "parts", 0]),
    "a negative index": a_recipe(["c", "sections", "sections", -1, "title"]),
    "a file never said": a_recipe(["c", "listening/words", "negations", 0]),
    "an unknown prompt": a_recipe(["p", "no_such_prompt"]),
    "an unknown variant": a_recipe(["p", "menu_question", "after_everything"]),
    "text as a prompt value": a_recipe(["p", "results_offer_section", None, {"title": FORGED}]),
    "a value naming a later node": a_recipe(["p", "results_offer_section", None, {"title": 1}],
                                            ["c", "prompts", "sure"]),
    "a node naming itself": a_recipe(["l", 0]),
    "an unknown node": a_recipe(["say", FORGED]),
    "a number too large": a_recipe(["n", 10 ** 12]),
    "an unknown rule": a_recipe(["rule", "no.such_rule"]),
    "an answer that is not one": a_recipe(["answer", FORGED]),
    "a pause too long": a_recipe(pieces=[["b", 10 ** 6]]),
    "a negative pause": a_recipe(pieces=[["b", -5]]),
    "a sound from elsewhere": a_recipe(pieces=[["a", "https://attacker.example/a.mp3"]]),
    "a number said as text": a_recipe(pieces=[["t", FORGED]]),
    "numbers given as text": a_recipe(["c", "prompts", "sure"], pieces=[["w", 0, [FORGED]]]),
    "too many nodes": a_recipe(*[["c", "prompts", "sure"]] * (MAX_NODES + 1)),
    "too many pieces": a_recipe(["c", "prompts", "sure"], pieces=[["s", 0]] * (MAX_PIECES + 1)),
    "more silence than a response holds": a_recipe(pieces=[["b", 10]] * 30),
}
# What an earlier version kept: SSML, which it spoke when it parsed as the builder's own. It is never read now.
OLD_KEPT = [{"ssml": FORGED_SSML, "reprompt": FORGED_SSML},
            {"ssml": "<speak>Call 555 0199 now.</speak>", "reprompt": "<speak>Call 555 0199 now?</speak>",
             "offer": None}]


def genuine(talk, lines: list[str]) -> dict:
    for line in lines:
        turn = talk.say(line)
    return attributes_of(turn)


def said_with(talk, attributes: dict, line: str):
    """`line` said in a session under way that holds `attributes` (one chat console, so one resolver, for speed)."""
    talk.session = SessionState(new=False, attributes=attributes)
    return talk.say(line)


def forged_sessions(attributes: dict) -> list[dict]:
    kept = attributes["said"]
    sessions = [{**attributes, "said": replaced(kept, path, forgery)} for path in paths(kept) for forgery in FORGERIES]
    sessions += [{**attributes, "said": look_alike} for look_alike in LOOK_ALIKES.values()]
    sessions += [{**{k: v for k, v in attributes.items() if k != "said"}, "last_response": old} for old in OLD_KEPT]
    return sessions


def shown(turn) -> str:
    return " ".join(str(part) for part in (turn.ssml, turn.reprompt, turn.card))


@pytest.mark.parametrize("context", CONTEXTS.values(), ids=CONTEXTS.keys())
def test_no_forged_session_value_is_ever_said(chat, context):
    lines, line = context
    talk = chat()
    attributes = genuine(talk, lines)
    for forged in forged_sessions(attributes):
        turn = said_with(talk, forged, line)  # any answer but 200 raises
        assert not any(mark in shown(turn) for mark in MARKS), (forged, turn.speech)
        assert turn.speech and not turn.end_session
        if "crisis" in line or lines[-1] == "I want to die":
            assert CRISIS_NUMBER in turn.speech, "the crisis path still says the crisis line"


def test_a_forged_question_waiting_behind_remember_is_never_said(chat):
    title = browse.section_title("red_flags", "en-US")
    kept = keep(question=Speech().say(phrase("results_offer_section", "en-US", title=title)))
    entry = [{"id": "red_flags", "kind": "section", "because": "", "rule": ""}]
    talk = chat()
    for path in paths(kept):
        for forgery in FORGERIES:
            then = {"question": replaced(kept, path, forgery), "offer": {"recommendation": 0}}
            for answer in ("yes", "no"):
                turn = said_with(talk, {"recommendations": entry, "withheld": [],
                                        "offer": {"remember_results": True, "then": then}}, answer)
                assert not any(mark in shown(turn) for mark in MARKS), (then, turn.speech)
                assert turn.speech and not turn.end_session


def test_the_question_waiting_behind_remember_is_said_from_what_was_kept(chat):
    title = browse.section_title("red_flags", "en-US")
    question = phrase("results_offer_section", "en-US", title=title)
    then = {"question": keep(question=Speech().say(question)), "offer": {"recommendation": 0}}
    turn = chat(attributes={"recommendations": [{"id": "red_flags", "kind": "section", "because": "", "rule": ""}],
                            "withheld": [], "offer": {"remember_results": True, "then": then}}).say("no")
    assert turn.speech.endswith(question) and turn.reprompt == question
    assert attributes_of(turn)["offer"] == {"recommendation": 0}


def test_through_a_lambda_test_event_the_crisis_repeat_says_the_crisis_line_and_nothing_forged(chat, monkeypatch):
    """A Lambda test event reaches the skill with no signature to check: the same answers as the web endpoint's."""
    for name, value in {"TRUST_DATABASE": "none", "TRUST_VERIFY_REQUESTS": "false", "TRUST_SKILL_ID": ""}.items():
        monkeypatch.setenv(name, value)
    attributes = genuine(chat(), ["/launch", "I want to die"])
    for forged in [*forged_sessions(attributes)[::7], *({**attributes, "said": kept} for kept in LOOK_ALIKES.values())]:
        event = envelope(request_type="IntentRequest")
        event["request"]["intent"] = {"name": "AMAZON.RepeatIntent", "confirmationStatus": "NONE"}
        event["session"].update(new=False, attributes=forged)
        lambda_function.reset()
        try:
            answer = lambda_function.handler(event, None)
        finally:
            lambda_function.reset()
        said = json.dumps(answer["response"])
        assert CRISIS_NUMBER in said and not any(mark in said for mark in MARKS), forged
