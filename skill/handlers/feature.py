"""One request handler per feature, answering from the feature's own table: in each of its states, which requests it
takes and what answers them (the shape of python-telegram-bot's ConversationHandler(states={...})). The order in
which features are asked is written once, in skill/handlers/__init__.py; docs/conversation.md draws the tables."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Mapping

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.conversation.reply import Reply
from skill.handlers.answers import LEANING
from skill.handlers.hearing import danger_heard, heard_nothing, someone_there
from skill.handlers.respond import respond
from skill.handlers.session import request_key

ANY = "any"  # the state that always holds: a feature's entry points
ANY_INTENT, ANY_REQUEST = "*intent", "*request"  # keys that take what no other key of the state names
YES_NO = ("AMAZON.YesIntent", "AMAZON.NoIntent")
FALLBACK = "AMAZON.FallbackIntent"
_CHOSEN, _KEYS = "turn", "turn_keys"  # request attributes: the turn can_handle chose (handle need not look again), the keys


@dataclass(frozen=True)
class Turn:
    """What answers a request: `action`; `to` names the states it may leave the feature in (none: it lets go of the
    conversation), for the diagram; `when`, a further condition on the request (a slot's value, say)."""

    action: Callable[[HandlerInput], Reply]
    to: tuple[str, ...] = ()
    when: Callable[[HandlerInput], bool] | None = None


def table(rows: Mapping[str | tuple[str, ...], Turn]) -> dict[str, Turn]:
    """A state's table from rows whose key may name several requests that the same turn answers."""
    return {name: turn for key, turn in rows.items() for name in ((key,) if isinstance(key, str) else key)}


def _keys_of(handler_input: HandlerInput) -> tuple[str, ...]:
    """The keys a table row may be written under for this request, most specific first; worked out once a request.
    "No, he hits me" is not read as a no when danger is heard in its words: danger wins over an answer; nor is
    "no, not now" or "yes, he's here": someone there wins over an answer too (the safety feature answers quietly)."""
    attributes = handler_input.attributes_manager.request_attributes
    if _KEYS not in attributes:
        key = request_key(handler_input)
        answered = key in LEANING and not (danger_heard(handler_input) or someone_there(handler_input))
        leaning = (LEANING[key],) if answered else ()
        # Words that mean nothing the skill does (the catch-all's "blah blah banana") are answered as a fallback is
        # in this state: "are you ready?" asked again, not the menu.
        leaning += (FALLBACK,) if heard_nothing(handler_input) else ()
        attributes[_KEYS] = (key, *leaning, ANY_INTENT, ANY_REQUEST) \
            if is_request_type("IntentRequest")(handler_input) else (key, ANY_REQUEST)
    return attributes[_KEYS]


class Feature(AbstractRequestHandler):
    """A feature: its `states` table, and `states_now`, the states that hold for this request, most specific first
    (ANY is always tried last)."""

    name = ""
    states: dict[str, dict[str, Turn]] = {}

    def states_now(self, handler_input: HandlerInput) -> Iterable[str]:
        return ()

    def turn_for(self, handler_input: HandlerInput) -> Turn | None:
        keys = _keys_of(handler_input)
        # Which states hold is read from the session only when one of them could take this request at all: most
        # features take most requests in no state, and every request asks every feature in turn.
        stated = any(name in self._taken_in_states for name in keys)
        for state in ((*self.states_now(handler_input), ANY) if stated else (ANY,)):
            rows = self.states.get(state, {})
            for name in keys:
                turn = rows.get(name)
                if turn is not None and (turn.when is None or turn.when(handler_input)):
                    return turn
        return None

    @cached_property
    def _taken_in_states(self) -> frozenset[str]:
        """Every request key some state other than ANY takes."""
        return frozenset(key for state, rows in self.states.items() if state != ANY for key in rows)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        turn = self.turn_for(handler_input)
        handler_input.attributes_manager.request_attributes[_CHOSEN] = turn
        return turn is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = handler_input.attributes_manager.request_attributes.get(_CHOSEN) or self.turn_for(handler_input)
        return respond(handler_input, turn.action(handler_input))
