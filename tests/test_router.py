"""The router (skill/handlers/router.py): its lookup answers every turn as asking every feature in turn did, and every
dialogue turn leaves the answering feature in a state its row declares (`to`, which docs/conversation.md draws)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from skill.alexa import handler
from skill.devtools.chat_session import DEFAULT_LOCALE, ChatSession
from skill.devtools.envelopes import Caller
from skill.devtools.resolver import resolver_for
from skill.handlers.feature import ANY, keys_of
from skill.handlers.router import FEATURES, route, state_of
from skill.settings import Settings
from tests.test_conversations import SCRIPTS, load_script

# Sentences said in every state a dialogue reaches: answers, an aside, danger, and words that mean nothing.
PROBES = ["yes", "no", "help", "he hits me", "I want to die", "blah blah banana"]


def searched(turn):
    """The row asking every feature in turn finds: feature by feature, its states that hold and then `any`, each
    state's keys in order, the first row whose condition holds."""
    keys = keys_of(turn)
    for feature in FEATURES:
        for state in (*feature.states_now(turn), ANY):
            rows = feature.states.get(state, {})
            for key in keys:
                row = rows.get(key)
                if row is not None and (row.when is None or row.when(turn)):
                    return feature, row
    return None


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'router.sqlite3'}")


@pytest.fixture
def answered(monkeypatch):
    """Every turn the handler routes, with the feature and row that answered it."""
    seen = []

    def recording(turn):
        found = route(turn)
        seen.append((turn, *found))
        return found

    monkeypatch.setattr(handler, "route", recording)
    return seen


def undeclared(turn, feature, row) -> list[str]:
    """The answering feature's states after the turn that its row does not declare."""
    held = [name.split("/", 1)[1] for name in state_of(turn) if name.startswith(f"{feature.name}/")]
    return [name for name in held if name not in row.to]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.stem)
def test_every_dialogue_turn_ends_in_a_state_its_row_declares(path: Path, client, answered):
    script = load_script(path)
    locale = script.get("locale") or DEFAULT_LOCALE
    chat = ChatSession(client, resolver_for(locale), Caller.named(person=script.get("person")), locale)
    wrong = []
    for expected in script["turns"]:
        said = chat.say(str(expected["user"]))
        answered_now, answered[:] = list(answered), []
        if said.end_session or not answered_now:
            continue
        turn, feature, row = answered_now[-1]
        wrong += [f"{expected['user']!r}: {feature.name}.{row.action.__name__} left {name}"
                  for name in undeclared(turn, feature, row)]
    assert not wrong, wrong


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.stem)
def test_the_lookup_answers_as_asking_every_feature_in_turn(path: Path, client, monkeypatch):
    script = load_script(path)
    locale = script.get("locale") or DEFAULT_LOCALE
    differ = []

    def compared(turn):
        found = route(turn)
        if searched(turn) != found:
            differ.append(f"{turn.request} in {state_of(turn)}")
        return found

    monkeypatch.setattr(handler, "route", compared)
    resolver, caller = resolver_for(locale), Caller.named(person=script.get("person"))
    chat = ChatSession(client, resolver, caller, locale)
    for expected in script["turns"]:
        chat.say(str(expected["user"]))
        for probe in PROBES if chat.session is not None else ():
            aside = ChatSession(client, resolver, caller, locale)  # a copy: the dialogue goes on as it was
            aside.session = copy.deepcopy(chat.session)
            aside.say(probe)
    assert not differ, differ


def test_a_turn_shows_nothing_that_was_said():
    from skill.conversation.turn import Turn
    from skill.listener import Hearing

    turn = Turn(request="TellIntent", is_intent=True, slot_words={"words": "he hurts me"}, words="he hurts me",
                heard=Hearing("harm", "hurt", 0.9), session={"offer": {"answer": "q1"}})
    assert "hurt" not in repr(turn) and "q1" not in repr(turn)
