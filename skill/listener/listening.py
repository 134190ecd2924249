"""listen(): one sentence through the listener's readers in order, safety first, and the best reading kept."""
from __future__ import annotations

from dataclasses import replace

from skill.listener.answers import answer_despite_denial, calm_answer, hear_answer
from skill.listener.hearing import FAIRLY_SURE, SURE, UNSURE, Hearing, level_of, levels, reading
from skill.listener.patterns import without_idioms
from skill.listener.requests import hear_request
from skill.listener.safety import EXPLICITLY_SAFE, hear_calm, hear_danger, hear_need, needs_denied
from skill.listener.topics import DANGER, SAFETY_NET, section_scores, section_shares
from skill.listener.memory import normalised
from skill.listener.words import words

SAFETY_SECTION = "safety"  # the section on staying safe (skill/content/sections.yaml)
CLOSEST = 3  # topics offered as alternatives: the fallback offers "the two or three closest"
# Short social words give way to a topic the model is sure of: "thanks, and how do I rebuild trust?".
_YIELDS_TO_TOPIC = {("manners", "thanks"), ("manners", "hello"), ("manners", "goodbye")}


def listen(sentence: str, locale: str = "en-US", asked: str | None = None) -> Hearing:
    """What `sentence` means. `asked`: the self-check question id just asked, or None. `locale` is for readers
    that will differ by locale; today's patterns and model are shared by every English locale."""
    text = normalised(sentence)
    danger = hear_danger(text)
    if danger.reading is not None and not danger.lowered:
        return danger.reading
    if danger.reading is None:
        need = hear_need(text)  # a medical emergency or distress outranks an answer and a topic, never danger
        if need is not None:
            # Distress never takes a sentence the model's net hears as danger: crisis, or harm ("he says I'm
            # worthless" holds words of distress). The skill asks directly, and knows both.
            if need.meaning != "distress" or danger.idioms:
                return need
            ranked = section_scores(text)
            caught = _safety_net(text, ranked)
            if caught is not None and caught.meaning in DANGER:
                return replace(caught, also=(need.meaning, *need.also))
            # Danger the model half-hears beside them is named too, as beside its own readings: the reply adds its line.
            scores, at_least = dict(ranked), levels()["safety_net"]["also"]
            half = tuple(family for family in DANGER if family not in need.also and scores[family] >= at_least)
            return replace(need, also=(*need.also, *half)) if half else need
    calm = None if danger.reading is not None else hear_calm(text, danger.idioms)
    if asked is not None:
        answer = hear_answer(text, asked)
        if danger.lowered:
            # Danger words denied or lowered: an answer may still be heard, but only to be confirmed; a denial alone
            # answers a question about that very thing ("he has never hit me" after "do you ever feel unsafe?").
            return answer_despite_denial(asked, danger.reading, answer) or danger.reading
        if calm is not None and (answer is None or answer.detail == "yes"):
            answer = calm_answer(asked, calm) or answer
        # An answer outranks the model's net, whether in answer words ("I have no idea" is not despair) or in the
        # question's own ("he keeps things to himself" is no, not harm); danger patterns were heard before it.
        if answer is not None:
            return answer
    if danger.reading is not None:
        return danger.reading
    ranked = section_scores(text)  # after the answer: an answer needs no model
    if calm is None:
        caught = _safety_net(text, ranked)
        if caught is not None:
            return caught
    sections = section_shares(ranked)
    topics = tuple(("topic", section, round(share, 3)) for section, share in sections[:CLOSEST])
    best_section, best = sections[0]
    topic_level = level_of(best, "topic")
    # A sure topic outranks words of safety ("we're fine, but how do we keep it that way?"); "that's not what I
    # meant" (how a false alarm is undone) does not, and nor does the part on safety, which shares the words of a
    # statement of safety ("safe with him", as a device hands over "I feel safe with him").
    if calm is not None and (topic_level != SURE or calm.detail == "mistaken"
                             or (best_section == SAFETY_SECTION and calm.detail == EXPLICITLY_SAFE)):
        return replace(calm, alternatives=topics)
    request = hear_request(text)
    if request is not None and not (topic_level == SURE and (request.meaning, request.detail) in _YIELDS_TO_TOPIC):
        return replace(request, alternatives=topics)
    if topic_level == UNSURE:
        return reading("unknown", None, best, [f"closest topic {best_section} at {best:.2f}"], level=UNSURE,
                       alternatives=topics)
    evidence = [f"topic model: {section} {share:.2f}" for section, share in sections[:CLOSEST]]
    return reading("topic", best_section, best, evidence, level=topic_level, alternatives=topics[1:])


def pattern_danger(sentence: str) -> Hearing | None:
    """Crisis or harm as the audited patterns alone hear it live in `sentence`, or None: listen()'s first step,
    without the model (whose safety net names no kind). A lowered reading is listen()'s alone to give: it may give
    way to an answer."""
    danger = hear_danger(normalised(sentence))
    return None if danger.lowered else danger.reading


def _safety_net(text: str, ranked: tuple[tuple[str, float], ...]) -> Hearing | None:
    """Crisis, harm, a medical emergency or distress, fairly sure, when the model hears it and no pattern did
    (levels.yaml, safety_net): a model-only reading is at most a signpost the skill asks about, never a topic.

    An audited idiom's words of danger are idiom or story ("he keeps threatening to sing at our wedding"), so the
    model must hear danger in the sentence both with and without them; they can take its suspicion away, never add
    to it. Not on a fragment of a few words ("in a way", "I wish"): the model has too little to go on there, and
    the short ways of saying crisis or harm are the patterns' to hear."""
    kept = without_idioms(text)
    if len(words(kept)) < levels()["safety_net"]["min_words"]:
        return None
    probabilities = dict(ranked)
    if kept != text:
        probabilities = {name: min(probability, probabilities[name]) for name, probability in section_scores(kept)}
    thresholds = levels()["safety_net"]
    # Crisis first, as everywhere; danger before needs. A need whose own words were denied is no need ("I'm not
    # having a heart attack, it's indigestion"): the net does not name it.
    denied = needs_denied(text)
    for family in (name for name in SAFETY_NET if name not in denied):
        probability = probabilities[family]
        if probability >= thresholds[family]:
            # Danger the model half-hears beside it is named too, so the reply gives both numbers.
            also = tuple(other for other in DANGER if other != family and probabilities[other] >= thresholds["also"])
            evidence = [f"model safety net: {family} {probability:.2f} (no pattern matched)"]
            evidence += [f"model safety net, also: {other} {probabilities[other]:.2f}" for other in also]
            return reading(family, None, probability, evidence, level=FAIRLY_SURE, also=also)
    return None
