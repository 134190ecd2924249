"""A self-check answer said in a sentence: "yeah pretty much" is yes, "some days" sometimes (answers.yaml), and
"talking is easy for us" after "can you talk easily?" is yes (the question's own words: answer_echoes.yaml).

Read only when the skill has just asked a question. Cues combine as answers.yaml explains, strongest first; how
the question's own words join them is explained in answer_echoes.yaml.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from skill import content
from skill.listener.hearing import FAIRLY_SURE, Hearing, reading, score
from skill.listener.patterns import Match, PatternSet, find, load_patterns, patterns_of
from skill.listener.safety import EXPLICITLY_SAFE, answers_no

# Answer kinds as the rulebook names them (skill.rulebook.questions.ANSWERS): "not sure" there, not_sure here.
_PLAIN = {"skip": "skip", "not_sure": "not_sure", "sometimes": "sometimes", "weak_yes": "yes", "yes": "yes", "no": "no"}
_TURNED = {"yes": "no", "no": "yes"}


def hear_answer(text: str, asked: str | None = None) -> Hearing | None:
    """The answer in `text` (normalised) to question `asked`, or None when it holds no answer cue and, for that
    question, no echo of its words. Without `asked`, only the answer words of answers.yaml are heard."""
    # Benign phrases are about danger words only: "beats me" is still "not sure".
    cues = [match for match in find(load_patterns("answers"), text) if not match.negated]
    kinds = {match.kind for match in cues}
    evidence = [match.evidence("answer") for match in cues]
    for strongest in ("skip", "not_sure", "sometimes"):
        if strongest in kinds:
            return reading("answer", strongest, score("answer_sure"), evidence)
    polar = {_PLAIN[kind] for kind in kinds}
    echoes = _echoes(text, asked)
    if echoes:
        return _echoed(echoes, polar, evidence)
    if not cues:
        return None
    first = min(cues, key=lambda match: match.start)
    if len(polar) == 1:
        sure = "weak_yes" not in kinds or "yes" in kinds
        return reading("answer", polar.pop(), score("answer_sure" if sure else "answer_fairly_sure"), evidence)
    if first.start == 0 and first.kind in ("yes", "no"):  # "no, when she says she'll change, she does"
        return reading("answer", first.kind, score("answer_fairly_sure"), evidence)
    # Both yes and no: "his family yes, but his work lot no".
    return reading("answer", "sometimes", score("answer_fairly_sure"), evidence)


def _echoed(echoes: list[Match], polar: set[str], evidence: list[str]) -> Hearing:
    """The answer the question's own words give: they decide over "always" or "never", and agree with a plain
    yes or no to be sure ("no, he keeps things to himself")."""
    said = {_meant(match) for match in echoes}
    evidence = evidence + [f"{match.evidence('echo')}: {_meant(match)}" for match in echoes]
    if len(said) > 1:  # "he tells me about work but keeps his phone to himself"
        return reading("answer", "sometimes", score("answer_fairly_sure"), evidence)
    answer = said.pop()
    return reading("answer", answer, score("answer_sure" if polar == {answer} else "answer_fairly_sure"), evidence)


def _meant(echo: Match) -> str:
    """What an echo answers: its side, turned round when negated ("he never keeps things to himself": yes)."""
    return _TURNED[echo.kind] if echo.negated else echo.kind


def _echoes(text: str, asked: str | None) -> list[Match]:
    """The echoes of question `asked` in `text`, an echo inside a longer one left out."""
    found = find(echo_patterns(asked), _leading_answer().sub(r"\g<0> ,", text)) if asked else []
    return [match for match in found
            if not any(other is not match and other.start <= match.start and match.end <= other.end
                       and (other.end - other.start) > (match.end - match.start) for other in found)]


@cache
def _leading_answer() -> re.Pattern:
    """A yes or no said first, not yet followed by a clause mark: it then stands apart from what follows."""
    spec = content.load("listening/answer_echoes")
    fillers = "|".join(re.escape(word) for word in spec["fillers"])
    said = "|".join(re.escape(word) for word in spec["leading_answers"])
    return re.compile(rf"^(?:(?:{fillers}) )*(?:{said})(?: (?:{said}))*(?= (?!,))")


@cache
def echo_patterns(question: str) -> PatternSet:
    """Question `question`'s echoes (answer_echoes.yaml), kind "yes" or "no"; none for a question without any."""
    sides = content.load("listening/answer_echoes")["questions"].get(question, {})
    return patterns_of(sides, f"listening/answer_echoes.yaml: {question}")


def calm_answer(asked: str | None, calm: Hearing) -> Hearing | None:
    """Calm words answering a question they answer no (calm.yaml, answers_no; "do you ever feel unsafe?"): an
    explicit statement of safety ("I feel safe") is the answer no; other calm words (an idiom, a worry) are no,
    fairly sure, so the skill confirms."""
    if asked not in answers_no():
        return None
    sure = calm.detail == EXPLICITLY_SAFE
    return reading("answer", "no", score("answer_sure" if sure else "answer_fairly_sure"),
                   calm.evidence + (f"calm, answering {asked}: no",), level=None if sure else FAIRLY_SURE)


def answer_despite_denial(asked: str, lowered: Hearing, answer: Hearing | None) -> Hearing | None:
    """The answer in a sentence whose danger words were denied or lowered ("no, he has never hit me"): never kept
    unconfirmed, so fairly sure at most. With no answer words, a denial of harm answers no a question it answers
    (calm.yaml, answers_no). None when the lowered danger speaks first: crisis always, harm when nothing answers."""
    if lowered.meaning != "harm":
        return None
    if answer is None:
        if asked not in answers_no():
            return None
        answer = reading("answer", "no", score("answer_fairly_sure"), (f"a denial, answering {asked}: no",))
    return replace(answer, confidence=min(answer.confidence, score("answer_fairly_sure")), level=FAIRLY_SURE,
                   evidence=answer.evidence + lowered.evidence)
