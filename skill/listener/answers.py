"""A self-check answer said in a sentence: "yeah pretty much" is yes, "some days" sometimes (answers.yaml).

Read only when the skill has just asked a question. Cues combine as answers.yaml explains, strongest first.
"""
from __future__ import annotations

from skill.listener.hearing import Hearing, reading, score
from skill.listener.patterns import find, load_patterns

# Answer kinds as the rulebook names them (skill.rulebook.questions.ANSWERS): "not sure" there, not_sure here.
_PLAIN = {"skip": "skip", "not_sure": "not_sure", "sometimes": "sometimes", "weak_yes": "yes", "yes": "yes", "no": "no"}


def hear_answer(text: str) -> Hearing | None:
    """The answer in `text` (normalised), or None when it holds no answer cue."""
    # Benign phrases are about danger words only: "beats me" is still "not sure".
    cues = [match for match in find(load_patterns("answers"), text) if not match.negated]
    if not cues:
        return None
    kinds = {match.kind for match in cues}
    evidence = [match.evidence("answer") for match in cues]
    for strongest in ("skip", "not_sure", "sometimes"):
        if strongest in kinds:
            return reading("answer", strongest, score("answer_sure"), evidence)
    first = min(cues, key=lambda match: match.start)
    polar = {_PLAIN[kind] for kind in kinds}
    if len(polar) == 1:
        sure = "weak_yes" not in kinds or "yes" in kinds
        return reading("answer", polar.pop(), score("answer_sure" if sure else "answer_fairly_sure"), evidence)
    if first.start == 0 and first.kind in ("yes", "no"):  # "no, when she says she'll change, she does"
        return reading("answer", first.kind, score("answer_fairly_sure"), evidence)
    # Both yes and no: "his family yes, but his work lot no".
    return reading("answer", "sometimes", score("answer_fairly_sure"), evidence)


def calm_answer(asked: str | None, calm: Hearing) -> Hearing | None:
    """A calm sentence answering "do you ever feel unsafe?" is the answer no."""
    if asked != "feels_unsafe":
        return None
    return reading("answer", "no", score("answer_sure"), calm.evidence + ("calm, answering feels_unsafe: no",))
