"""What the listener heard in one sentence (Hearing), and the levels of confidence it can be heard with."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from skill import content

MEANINGS = ("crisis", "harm", "medical", "distress", "calm", "topic", "answer", "exercise", "manners", "out_of_scope",
            "unknown")
SURE, FAIRLY_SURE, UNSURE = "sure", "fairly_sure", "unsure"


@dataclass(frozen=True)
class Hearing:
    """One reading of a sentence. `evidence` quotes the sentence: it is for --explain and tests, never for logs."""

    meaning: str
    detail: str | None = None
    confidence: float = 0.0
    level: str = UNSURE
    evidence: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, str | None, float], ...] = ()
    exercise: str | None = None  # the exercise named beside a command ("start the eye contact one"), if any
    # Other families heard live in the same sentence, most serious first ("he beats me and I want to die": crisis,
    # also harm), so a reply can give every number the sentence needs. Only crisis, harm, medical, distress.
    also: tuple[str, ...] = ()

    def __repr__(self) -> str:  # the sentence's words stay out of reprs that might reach a log or a traceback
        return f"Hearing({self.meaning}, {self.detail}, {self.level}, {self.confidence:.2f})"


@cache
def levels() -> dict:
    return content.load("listening/levels")


def score(name: str) -> float:
    """The confidence levels.yaml gives a pattern reading of this name ("clear", "unclear", "calm", ...)."""
    return float(levels()["scores"][name])


def level_of(confidence: float, scale: str = "readings") -> str:
    """sure, fairly_sure or unsure for a confidence, on the thresholds of `scale` ("readings" or "topic")."""
    thresholds = levels()[scale]
    if confidence >= thresholds["sure"]:
        return SURE
    return FAIRLY_SURE if confidence >= thresholds["fairly_sure"] else UNSURE


def reading(meaning: str, detail: str | None, confidence: float, evidence=(), level: str | None = None,
            **extra) -> Hearing:
    """A Hearing, its confidence rounded and its level the one the confidence earns unless `level` says."""
    return Hearing(meaning, detail, round(confidence, 3), level or level_of(confidence), tuple(evidence), **extra)
