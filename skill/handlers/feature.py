"""A feature's own table: in each of its states, which requests it takes and what answers them (the shape of
python-telegram-bot's ConversationHandler(states={...})); and the keys a request is looked up by. The order in which
features are asked is written once, in skill/handlers/router.py; docs/conversation.md draws the tables."""
from __future__ import annotations

from dataclasses import dataclass
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
    (ANY is always tried last). skill/handlers/router.py looks the rows up."""

    name = ""
    states: dict[str, dict[str, Row]] = {}

    def states_now(self, turn: Turn) -> Iterable[str]:
        return ()
