"""The listener under every intent: the words a request carries are heard once, when its Turn is made
(skill/alexa/turn_of.py), before any feature answers, so that danger is caught however it is said and wherever the
conversation is; and what the features ask of that hearing. What was heard is never logged or stored."""
from __future__ import annotations

from dataclasses import replace

from skill.conversation.not_alone import not_alone
from skill.conversation.turn import Turn
from skill.handlers.carriers import SERIOUSNESS, most_serious
from skill.listener import Hearing, listen
from skill.listener.hearing import FAIRLY_SURE, SURE, UNSURE, reading
from skill.listener.memory import normalised

MAX_WORDS_CHARS = 1000
DANGER = ("crisis", "harm")  # what one request's words may run to; Alexa's own limit is far below this


def hear(words: str, locale: str, asked: str | None, intent: str, catch_all: bool = False) -> Hearing:
    """What `words`, the free words of `intent`, mean. Alexa keeps a phrase slot's carrier ("i want", "he", "my
    husband", "i'm") out of the words, so they are heard again under every carrier the intent's samples may have
    stripped, and the most serious reading wins (skill/handlers/carriers.py): "to die so badly" is heard as "i want
    to die so badly" too. The model's safety net, which names no kind, is trusted only on the words as they came."""
    opened = f"{OPENINGS[intent]} {words}" if intent in OPENINGS else words
    hearing = listen(opened, locale, asked=asked)
    if asked is not None and hearing.meaning not in SERIOUSNESS:
        # Danger first, whatever was asked: the listener lets an answer outrank its model's safety net ("I have no
        # idea" is no despair), but "there's no reason for me to still be here" must not be stored as no.
        unasked = listen(opened, locale)
        if unasked.meaning in SERIOUSNESS:
            hearing = unasked
    if hearing.meaning == SERIOUSNESS[0] and hearing.level == SURE:
        return hearing
    raised = most_serious(hearing, normalised(words), locale, intent)
    if raised is not None:
        # Alexa does not say which sample took the words, so the carrier is a guess ("he'll kill me if I'm late"
        # may have lost "he", not "someone"): a reading it alone gives is asked about directly, never acted on sure.
        hearing = replace(raised, level=FAIRLY_SURE) if raised.level == SURE else raised
    if catch_all and len(words.split()) < CATCH_ALL_MIN_WORDS and hearing.meaning not in (*SERIOUSNESS, *KEPT_SHORT):
        # A word or two that no sample took ("what", "it") is too little to pick a topic or a request by.
        return reading("unknown", None, hearing.confidence, level=UNSURE, alternatives=hearing.alternatives)
    return hearing


def heard(turn: Turn) -> Hearing | None:
    return turn.heard


# Intents whose words are free (a phrase slot): only there may a fairly sure reading outweigh the intent itself. An
# intent Alexa matched to one of our own samples or synonyms ("he won't introduce me to his mates", a topic) is
# strong evidence, overruled only by a sure reading.
FREE_WORDS = ("TellIntent", "ElsewhereIntent", "YesAndIntent", "NoButIntent", "NobodyIntent", "NothingIntent",
              "CannotTalkIntent")
# The custom slot type of TellIntent's catch-all sample, "{phrase}" alone: a sentence that opens with no carrier
# keeps its words (docs/listening-on-a-device.md).
CATCH_ALL_SLOT_TYPE = "PhraseType"
CATCH_ALL_MIN_WORDS = 3  # fewer words in the catch-all are heard only for danger, an answer or calm
KEPT_SHORT = ("answer", "calm")
# Openings that carry meaning Alexa would strip from the words ("nobody would miss me" arrives as "would miss me"):
# each has an intent of its own, so the opening can be put back before the words are heard.
OPENINGS = {"NobodyIntent": "nobody", "NothingIntent": "nothing"}


def danger_acted_on(hearing: Hearing | None, intent: str | None) -> str | None:
    """"crisis" or "harm" when the skill acts on what was heard in `intent`'s words, else None. Crisis: heard surely,
    or fairly surely by an audited pattern (it names a kind), in any intent; the model's safety net alone (no kind)
    only in free words. Harm: surely in any intent, fairly surely only in free words (the skill then asks first).
    One rule for the features and for tests/eval_delivered.py, which measures it."""
    if hearing is None or hearing.meaning not in DANGER:
        return None
    free = intent in FREE_WORDS
    if hearing.meaning == "crisis":
        acted = hearing.level == SURE or hearing.detail is not None or free
    else:
        acted = hearing.level == SURE or (hearing.level == FAIRLY_SURE and free)
    return hearing.meaning if acted else None


def heard_nothing(turn: Turn) -> bool:
    """TellIntent's words, heard as nothing the skill does: on a device they might have been AMAZON.FallbackIntent."""
    if not turn.is_intent or turn.request != "TellIntent":
        return False
    hearing = heard(turn)
    return hearing is None or hearing.meaning == "unknown" or hearing.level == UNSURE


def danger_heard(turn: Turn) -> bool:
    return danger_acted_on(heard(turn), turn.request) is not None


def someone_there(turn: Turn) -> bool:
    """Whether this request's words say someone else is there now, or that the person cannot talk ("no, not now")."""
    return not_alone(turn.words)


def heard_crisis(turn: Turn) -> bool:
    return danger_acted_on(heard(turn), turn.request) == "crisis"


def heard_harm(turn: Turn) -> bool:
    return danger_acted_on(heard(turn), turn.request) == "harm"
