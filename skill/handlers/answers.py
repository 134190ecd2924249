"""Turns what a person said to a self-check question into one of the rules' answers, or None when it is not one."""
from __future__ import annotations

from typing import Mapping

from skill.rulebook.questions import ANSWERS, SKIPPED

# AnswerType ids in the interaction model, and the answer each stands for in the rules.
ANSWER_BY_ID = {"yes": "yes", "no": "no", "sometimes": "sometimes", "not_sure": "not sure", "skipped": SKIPPED}
# Intents that answer a question on their own: "yes", "no", "next" (move on without answering), and a yes or a no
# that goes on in a sentence ("yeah, we tell each other pretty much everything": YesAndIntent; Alexa keeps the
# leading yes or no out of the words, so the intent says which it was).
ANSWER_BY_INTENT = {"AMAZON.YesIntent": "yes", "AMAZON.NoIntent": "no", "AMAZON.NextIntent": SKIPPED,
                    "YesAndIntent": "yes", "NoButIntent": "no"}
# A yes or a no that goes on in a sentence means yes or no in every other state too.
LEANING = {"YesAndIntent": "AMAZON.YesIntent", "NoButIntent": "AMAZON.NoIntent"}
# Heard words that are an answer even when entity resolution did not run (the type's canonical names).
_ANSWER_BY_WORDS = {**{answer: answer for answer in ANSWERS}, "skip": SKIPPED, "not_sure": "not sure"}


def answer_of_slot(resolved: str | None, words: str | None) -> str | None:
    """The answer an AnswerType slot holds: its resolved id first, else the words heard when they name an answer."""
    if resolved is not None:
        return ANSWER_BY_ID.get(resolved)
    return _ANSWER_BY_WORDS.get(" ".join((words or "").lower().split()))


def answer_of_intent(intent_name: str, slots: Mapping[str, str] | None = None,
                     slot_words: Mapping[str, str] | None = None) -> str | None:
    """The answer a whole intent gives: AnswerIntent through its slot (`slots` its resolved ids, `slot_words` what
    was said), yes, no and next by themselves."""
    if intent_name == "AnswerIntent":
        return answer_of_slot((slots or {}).get("Answer"), (slot_words or {}).get("Answer"))
    return ANSWER_BY_INTENT.get(intent_name)
