"""Runs each dialogue in tests/conversations/*.yaml through the chat console's own machinery (skill.devtools.chat.ChatSession).

A script reads like the conversation it checks:

    name: help and stop from launch
    locale: en-US              # optional, default en-US
    person: alex               # optional recognised voice; "/person ID" in a turn switches it
    turns:
      - user: /launch          # what is typed at the console: an utterance or a console command
        intent: LaunchRequest  # what it resolved to (request type for /launch and /end)
        says: ["Welcome"]      # substrings of the plain speech, case-insensitive
        not_says: ["Goodbye"]  # substrings that must not be there
        slots: {Topic: red_flags}  # slot name: resolution id, or the value heard for built-in types
        ends: false            # whether the session ended
        reprompt_says: ["topic"]       # substrings of the reprompt; reprompt_not_says: must not be there
        card_says: ["988"]     # substrings of the card's title or text (a card must be there)
        card: false            # whether there is a card at all (the safety and crisis paths show none)
        prompts: [menu_question]       # prompt keys whose text (any variant, any filled placeholder) was said

`prompts` survives rewording; keep `says` for numbers and safety-critical words.

Every response is checked too: an open session has a reprompt, SSML parses as XML, a SessionEndedRequest gets no
speech, and a reprompt names nothing revealing (REVEALING) that its speech did not. Each script runs against a fresh app with its own SQLite file, so it starts as a first visit.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from skill.devtools.chat_session import DEFAULT_LOCALE, ChatSession, EndpointError, Turn

from skill.devtools.resolver import resolver_for
from skill.devtools.envelopes import Caller
from skill.settings import Settings
from skill.voice.wording import localise, prompts

SCRIPTS = sorted((Path(__file__).parent / "conversations").glob("*.yaml"))
SCRIPT_KEYS = {"name", "locale", "person", "turns"}
TURN_KEYS = {"user", "intent", "says", "not_says", "slots", "ends", "reprompt_says", "reprompt_not_says", "card_says",
             "card", "prompts"}


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'conversation.sqlite3'}")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.stem)
def test_conversation(path: Path, client):
    script = load_script(path)
    locale = script.get("locale") or DEFAULT_LOCALE
    chat = ChatSession(client, resolver_for(locale), Caller.named(person=script.get("person")), locale)
    heard: list[Turn] = []
    for number, expected in enumerate(script["turns"], start=1):
        try:
            turn = chat.say(str(expected["user"]))
        except EndpointError as error:
            turn = Turn(str(expected["user"]), note=f"error: {error}")
            heard.append(turn)
            pytest.fail(failure_report(script, path, number, expected, heard, [str(error)]), pytrace=False)
        heard.append(turn)
        problems = expectation_problems(expected, turn, locale) + response_problems(turn)
        if problems:
            pytest.fail(failure_report(script, path, number, expected, heard, problems), pytrace=False)


def test_there_are_conversation_scripts():
    assert SCRIPTS, "tests/conversations/ holds the dialogues"


def load_script(path: Path) -> dict:
    with open(path, encoding="utf-8") as stream:
        script = yaml.safe_load(stream)
    # A mistyped key ("say:") would silently check nothing.
    assert isinstance(script, dict) and script.get("turns"), f"{path.name}: a script needs turns"
    assert set(script) <= SCRIPT_KEYS, f"{path.name}: unknown keys {sorted(set(script) - SCRIPT_KEYS)}"
    for number, turn in enumerate(script["turns"], start=1):
        assert isinstance(turn, dict) and "user" in turn, f"{path.name} turn {number}: needs user"
        assert set(turn) <= TURN_KEYS, f"{path.name} turn {number}: unknown keys {sorted(set(turn) - TURN_KEYS)}"
    return script


def expectation_problems(expected: dict, turn: Turn, locale: str = DEFAULT_LOCALE) -> list[str]:
    problems = []
    if "intent" in expected and turn.intent != expected["intent"]:
        problems.append(f"intent was {turn.intent}, expected {expected['intent']}")
    problems += _text_problems("", turn.speech, expected.get("says"), expected.get("not_says"))
    problems += _text_problems("reprompt ", turn.reprompt, expected.get("reprompt_says"),
                               expected.get("reprompt_not_says"))
    problems += _text_problems("card ", " ".join((turn.card or {}).values()), expected.get("card_says"), None)
    problems += [f"did not say the prompt {key!r}" for key in _listed(expected.get("prompts"))
                 if not said_prompt(key, turn.speech, locale)]
    for slot, value in (expected.get("slots") or {}).items():
        heard = turn.slots.get(slot) or {}
        if value not in (heard.get("id"), heard.get("value")):
            problems.append(f"slot {slot} was {heard or 'missing'}, expected {value!r}")
    if "card" in expected and (turn.card is not None) is not bool(expected["card"]):
        problems.append(f"card was {turn.card}, expected {'one' if expected['card'] else 'none'}")
    if "ends" in expected and turn.end_session is not bool(expected["ends"]):
        problems.append(f"end_session was {turn.end_session}, expected {bool(expected['ends'])}")
    return problems


def said_prompt(key: str, speech: str | None, locale: str) -> bool:
    """Whether `speech` holds the prompt `key` in `locale`: any of its variants, any values in its placeholders."""
    text = prompts()[key]
    variants = text.values() if isinstance(text, dict) else text if isinstance(text, list) else [text]
    for variant in variants:
        pieces = re.split(r"\{\w+\}", " ".join(localise(variant, locale).split()))
        if re.search(".+?".join(re.escape(piece) for piece in pieces), speech or "", re.IGNORECASE):
            return True
    return False


def _text_problems(where: str, said: str | None, must: object, must_not: object) -> list[str]:
    """Case-insensitive substrings that `said` (speech, reprompt or card) must and must not contain."""
    said = (said or "").lower()
    missing = [f"{where}did not say {text!r}" for text in _listed(must) if text.lower() not in said]
    extra = [f"{where}said {text!r}, which it should not" for text in _listed(must_not) if text.lower() in said]
    return missing + extra


# Words that tell whoever is in the room what the conversation is about: a reprompt (said again when the person is
# silent, perhaps because someone came in) says none its speech did not (issue 19, memory on a shared device).
REVEALING = ("self-check", "afraid", "unsafe", "abuse", "crisis", "hotline", "control", "answered")


def response_problems(turn: Turn) -> list[str]:
    """What Alexa itself requires of every response (DESIGN §3), and a reprompt as discreet as its speech."""
    if turn.response is None:
        return []
    speech, reprompt = (turn.speech or "").lower(), (turn.reprompt or "").lower()
    problems = [f"the reprompt says {word!r}, which its speech did not" for word in REVEALING
                if word in reprompt and word not in speech]
    response = turn.response.get("response") or {}
    if turn.intent == "SessionEndedRequest":
        if response.get("outputSpeech"):
            problems.append("a SessionEndedRequest got speech")
        return problems
    if not turn.end_session and not turn.reprompt:
        problems.append("the session stays open without a reprompt")
    for part, output in (("speech", response.get("outputSpeech")),
                         ("reprompt", (response.get("reprompt") or {}).get("outputSpeech"))):
        if output and output.get("type") == "SSML":
            try:
                ElementTree.fromstring(output.get("ssml", ""))
            except ElementTree.ParseError as error:
                problems.append(f"{part} SSML does not parse: {error}")
    return problems


def failure_report(script: dict, path: Path, number: int, expected: dict, heard: list[Turn],
                   problems: list[str]) -> str:
    turn = heard[-1]
    wanted = {key: value for key, value in expected.items() if key != "user"}
    lines = [f"conversation {script.get('name', path.stem)!r} ({path.name}), turn {number}: {expected['user']!r}"]
    lines += [f"  - {problem}" for problem in problems]
    lines += [f"  expected:  {wanted}",
              f"  intent:    {turn.intent} {turn.slots or ''}".rstrip(),
              f"  said:      {turn.speech or turn.note or '(nothing)'}",
              f"  reprompt:  {turn.reprompt}",
              f"  ended:     {turn.end_session}",
              "  dialogue so far:"]
    lines += [f"    {index}. {earlier.utterance!r} -> {earlier.intent or earlier.note}"
              for index, earlier in enumerate(heard, start=1)]
    return "\n".join(lines)


def _listed(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def test_a_prompt_check_can_fail():
    """`prompts:` matches a prompt's text with its placeholders filled, and only that prompt."""
    assert said_prompt("question_number", "Got it. Question three. Can the two of you talk?", "en-US")
    assert said_prompt("menu_question", prompts()["menu_question"]["after_crisis"], "en-US")
    assert not said_prompt("goodbye", "Welcome back to Trust Builder.", "en-US")
