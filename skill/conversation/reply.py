"""One reply value: what a turn says and shows, and what it leaves open. Handlers return it; skill/handlers/respond.py
turns it into an ask-sdk Response in one place (session writes, finishing touches, then Alexa's size limit)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from skill.conversation.screen import Screen
from skill.voice.speech import Speech, SpeechLimitError


@dataclass(frozen=True)
class Card:
    title: str
    content: str


@dataclass(frozen=True)
class Reply:
    """`offer` is what "yes" will mean next. `remember=False` leaves the recorded last reply and offer as they were,
    for asides such as "pause", after which "resume" or "repeat" bring back what was said before. `directives` are
    ask-sdk directives, counted in the size check with the rest; `screen` is made into one at the edge."""

    speech: Speech
    reprompt: Speech | None = None
    card: Card | None = None
    offer: dict | None = None
    end_session: bool = False
    remember: bool = True
    directives: tuple = field(default_factory=tuple)
    missed: bool = False  # the skill could not place what was said: counted, so the next miss answers otherwise
    screen: Screen | None = None  # what a device with a screen shows beside the words (skill/conversation/screen.py)

    def __post_init__(self) -> None:
        if not self.end_session and not self.reprompt:
            raise SpeechLimitError("an open session needs a reprompt")

    def opened_by(self, opening: Speech) -> "Reply":
        """This reply with `opening` said first."""
        return replace(self, speech=Speech().extend(opening).extend(self.speech))


def ending(speech: Speech, card: Card | None = None) -> Reply:
    return Reply(speech, end_session=True, card=card)


SILENT = Reply(Speech(), end_session=True)  # a SessionEndedRequest or an event gets no speech
