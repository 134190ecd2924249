"""What resolving a typed utterance gives: an intent, every one of its slots, and how sure the match is."""
from __future__ import annotations

from dataclasses import dataclass, field

FALLBACK_INTENT = "AMAZON.FallbackIntent"
LAUNCH_REQUEST = "LaunchRequest"


@dataclass(frozen=True)
class ResolvedValue:
    """The custom slot type value a word or synonym stands for: its canonical name and id."""

    name: str
    id: str


@dataclass(frozen=True)
class SlotValue:
    """One slot of the intent; `value` is None when the utterance did not fill it (Alexa still sends it)."""

    name: str
    type: str
    value: str | None = None
    resolved: ResolvedValue | None = None


@dataclass(frozen=True)
class Resolution:
    """`intent` is an intent name, or LaunchRequest for "open <invocation name>".

    `match` says how sure it is: exact, relaxed, partial, phrase (only a carrier phrase of a phrase slot matched),
    catch_all (nothing matched, and the catch-all sample took every word), or fallback. `invoked` is true when the utterance named the skill ("ask trust builder to ..."), which opens a new
    session.
    """

    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    match: str = "exact"
    invoked: bool = False

    def value(self, slot: str) -> str | None:
        filled = self.slots.get(slot)
        return filled.value if filled else None
