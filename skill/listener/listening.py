"""listen(): one sentence through the listener's readers in order, safety first, and the best reading kept."""
from __future__ import annotations

from dataclasses import replace

from skill.listener.answers import calm_answer, hear_answer
from skill.listener.hearing import SURE, UNSURE, Hearing, level_of, reading
from skill.listener.requests import hear_request
from skill.listener.safety import hear_calm, hear_danger
from skill.listener.topics import section_scores
from skill.listener.words import normalise

CLOSEST = 3  # topics offered as alternatives: the fallback offers "the two or three closest"
# Short social words give way to a topic the model is sure of: "thanks, and how do I rebuild trust?".
_YIELDS_TO_TOPIC = {("manners", "thanks"), ("manners", "hello"), ("manners", "goodbye")}


def listen(sentence: str, locale: str = "en-US", asked: str | None = None) -> Hearing:
    """What `sentence` means. `asked`: the self-check question id just asked, or None. `locale` is for readers
    that will differ by locale; today's patterns and model are shared by every English locale."""
    text = normalise(sentence)
    danger, matches = hear_danger(text)
    if danger is not None:
        return danger
    if asked is not None:
        answer = hear_answer(text)
        calm = hear_calm(text, matches)
        if calm is not None and (answer is None or answer.detail == "yes"):
            answer = calm_answer(asked, calm) or answer
        if answer is not None:
            return answer
    ranked = section_scores(text)
    topics = tuple(("topic", section, round(probability, 3)) for section, probability in ranked[:CLOSEST])
    best_section, best = ranked[0]
    topic_level = level_of(best, "topic")
    calm = hear_calm(text, matches)
    # A sure topic outranks calm words ("we're fine, but how do we keep it that way?"); "that's not what I
    # meant" does not give way: it is how a false alarm is undone.
    if calm is not None and (topic_level != SURE or calm.detail == "mistaken"):
        return _with(calm, topics)
    request = hear_request(text)
    if request is not None and not (topic_level == SURE and (request.meaning, request.detail) in _YIELDS_TO_TOPIC):
        return _with(request, topics)
    if topic_level == UNSURE:
        return reading("unknown", None, best, [f"closest topic {best_section} at {best:.2f}"], level=UNSURE,
                       alternatives=topics)
    evidence = [f"topic model: {section} {probability:.2f}" for section, probability in ranked[:CLOSEST]]
    return reading("topic", best_section, best, evidence, level=topic_level, alternatives=topics[1:])


def _with(hearing: Hearing, alternatives: tuple) -> Hearing:
    return replace(hearing, alternatives=alternatives)
