"""One request handler per feature, answering from the feature's own table: in each of its states, which requests it
takes and what answers them (the shape of python-telegram-bot's ConversationHandler(states={...})). The order in
which features are asked is written once, in skill/handlers/__init__.py; docs/conversation.md draws the tables."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Mapping

from skill.conversation.reply import Reply
from skill.conversation.turn import Turn
from skill.handlers.answers import LEANING
from skill.handlers.hearing import danger_heard, heard_nothing, someone_there

ANY = "any"  # the state that always holds: a feature's entry points
ANY_INTENT, ANY_REQUEST = "*intent", "*request"  # keys that take what no other key of the state names
YES_NO = ("AMAZON.YesIntent", "AMAZON.NoIntent")
FALLBACK = "AMAZON.FallbackIntent"


@dataclass(frozen=True)
class Row:
    """What answers a request: `action`; `to` names the states it may leave the feature in (none: it lets go of the
    conversation), for the diagram; `when`, a further condition on the request (a slot's value, say)."""

    action: Callable[[Turn], Reply]
    to: tuple[str, ...] = ()
    when: Callable[[Turn], bool] | None = None


def table(rows: Mapping[str | tuple[str, ...], Row]) -> dict[str, Row]:
    """A state's table from rows whose key may name several requests that the same row answers."""
    return {name: row for key, row in rows.items() for name in ((key,) if isinstance(key, str) else key)}


def keys_of(turn: Turn) -> tuple[str, ...]:
    """The keys a table row may be written under for this request, most specific first; worked out once a request.
    "No, he hits me" is not read as a no when danger is heard in its words: danger wins over an answer; nor is
    "no, not now" or "yes, he's here": someone there wins over an answer too (the safety feature answers quietly)."""
    key = turn.request
    answered = key in LEANING and not (danger_heard(turn) or someone_there(turn))
    leaning = (LEANING[key],) if answered else ()
    # Words that mean nothing the skill does (the catch-all's "blah blah banana") are answered as a fallback is
    # in this state: "are you ready?" asked again, not the menu.
    leaning += (FALLBACK,) if heard_nothing(turn) else ()
    return (key, *leaning, ANY_INTENT, ANY_REQUEST) if turn.is_intent else (key, ANY_REQUEST)


class Feature:
    """A feature: its `states` table, and `states_now`, the states that hold for this request, most specific first
    (ANY is always tried last)."""

    name = ""
    states: dict[str, dict[str, Row]] = {}

    def states_now(self, turn: Turn) -> Iterable[str]:
        return ()

    def row_for(self, turn: Turn, keys: tuple[str, ...] | None = None) -> Row | None:
        """The row that answers `turn` (its `keys`, from keys_of), or None when this feature does not take it."""
        keys = keys_of(turn) if keys is None else keys
        # Which states hold is read from the session only when one of them could take this request at all: most
        # features take most requests in no state.
        stated = any(name in self._taken_in_states for name in keys)
        for state in ((*self.states_now(turn), ANY) if stated else (ANY,)):
            rows = self.states.get(state, {})
            for name in keys:
                row = rows.get(name)
                if row is not None and (row.when is None or row.when(turn)):
                    return row
        return None

    @cached_property
    def _taken_in_states(self) -> frozenset[str]:
        """Every request key some state other than ANY takes."""
        return frozenset(key for state, rows in self.states.items() if state != ANY for key in rows)
