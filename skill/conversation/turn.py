"""One request as the conversation sees it: a pure value built once a request at the edge (skill/alexa/turn_of.py),
with the session's attributes and a memory port, so that no feature touches ask-sdk or storage directly."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

from skill.listener import Hearing
from skill.rulebook.engine import RuleBook


class Memory(Protocol):
    """What the skill keeps between visits, as the conversation may use it: records in the shape of
    skill/storage/memory.py, read and written through whatever store the skill runs with."""

    def is_stored(self) -> bool: ...
    def recall(self) -> dict: ...
    def stored_now(self) -> dict: ...
    def keep(self, record: Mapping) -> None: ...
    def forget(self) -> None: ...
    def forget_account(self) -> None: ...


class NoMemory:
    """The memory of a skill with no store, or of a request outside a session: nothing kept, nothing recalled."""

    def is_stored(self) -> bool:
        return False

    def recall(self) -> dict:
        return {}

    def stored_now(self) -> dict:
        return {}

    def keep(self, record: Mapping) -> None:
        return None

    def forget(self) -> None:
        return None

    def forget_account(self) -> None:
        return None


@dataclass(frozen=True)
class Turn:
    """What this request asks, and what the skill knows now. `request` is the intent's name for an intent, else the
    request's type; `slots` the ids slot values resolved to, `slot_words` what was said for each filled slot;
    `words` the free words the listener heard (its reading: `heard`, made once); `session` this session's
    attributes, writable (empty outside a session); `recognised`, whether Alexa knew the speaker's voice."""

    request: str
    locale: str = ""
    is_intent: bool = False
    slots: Mapping[str, str] = field(default_factory=dict)
    # What was said is never logged: it stays out of the value's repr, which a traceback or a debug line may show.
    slot_words: Mapping[str, str] = field(default_factory=dict, repr=False)
    words: str = field(default="", repr=False)
    caught_all: bool = False
    heard: Hearing | None = field(default=None, repr=False)
    in_session: bool = True
    new_session: bool = False
    recognised: bool = False
    session: dict[str, Any] = field(default_factory=dict, repr=False)
    memory: Memory = field(default_factory=NoMemory)
    rules: RuleBook | None = None

    def asks(self, *names: str) -> bool:
        """Whether this request is one of `names` (intent names or request types)."""
        return self.request in names
