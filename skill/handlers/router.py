"""Which row answers a turn: a lookup, not a search. The conversation's state (the states that hold, each
"feature/state", in the order the features are asked) is read from the session once a turn; the rows that state and
the request's keys may reach are worked out once for each such pair, in precedence order, and looked up after: the
interrupts (crisis, safety, signposting, cards: their entry points hold in every state) come first, then the
features holding the conversation, then browsing, the basics and the last resort. Only rows with a condition (danger
heard, say) are asked anything at the turn."""
from __future__ import annotations

from functools import lru_cache

from skill.conversation.turn import Turn
from skill.handlers import (basics, cards, crisis, exercise_steering, listening, navigation, remembering, safety,
                            selfcheck, signposting)
from skill.handlers.feature import ANY, Feature, Row, keys_of

# The precedence between features, written once. Crisis comes first, then safety, then signposting (a medical
# emergency, distress), so that words of ending one's life, of fear or harm, and of those needs are heard anywhere.
# A feature that holds the conversation (a self-check, an exercise) comes before general browsing, so "yes", "next"
# or "help" mean what they mean there.
FEATURES: list[Feature] = [crisis.FEATURE, safety.FEATURE, signposting.FEATURE, cards.FEATURE, selfcheck.FEATURE,
                           exercise_steering.FEATURE, remembering.FEATURE, listening.FEATURE, navigation.FEATURE,
                           basics.FEATURE, basics.LAST_RESORT]


def route(turn: Turn) -> tuple[Feature, Row]:
    """The feature that answers `turn`, and its row; the last resort takes anything, so one always does. A row with a
    condition (`when`: danger heard, say) is asked it; the first whose condition holds answers."""
    keys = keys_of(turn)
    for feature, row in candidates(state_of(turn, deciding(keys)), keys):
        if row.when is None or row.when(turn):
            return feature, row
    raise LookupError(f"no feature answers {turn.request}")  # the last resort takes every request


@lru_cache(maxsize=2048)  # bounded: a request's name comes from the client
def deciding(keys: tuple[str, ...]) -> tuple[Feature, ...]:
    """The features whose state can change what answers a request of `keys`: those with a state other than `any` that
    takes one of them. Only their states are read from the session: most requests are answered alike in every state."""
    return tuple(feature for feature in FEATURES
                 if any(key in rows for name, rows in feature.states.items() if name != ANY for key in keys))


@lru_cache(maxsize=2048)  # bounded: a request's name comes from the client
def candidates(state: tuple[str, ...], keys: tuple[str, ...]) -> tuple[tuple[Feature, Row], ...]:
    """Every row that may answer a request of `keys` in `state`, in the order they are tried: feature by feature,
    within one its states that hold (most specific first) and then `any`, within a state its keys in order."""
    found = []
    for feature in FEATURES:
        held = [name.split("/", 1)[1] for name in state if name.split("/", 1)[0] == feature.name]
        for name in (*held, ANY):
            rows = feature.states.get(name, {})
            found += [(feature, rows[key]) for key in keys if key in rows]
    return tuple(found)


def state_of(turn: Turn, features: tuple[Feature, ...] = tuple(FEATURES)) -> tuple[str, ...]:
    """The states of `features` (every feature unless named) that hold in the turn's session, derived from its
    offer, mode and what is under way."""
    return tuple(f"{feature.name}/{name}" for feature in features for name in feature.states_now(turn))
