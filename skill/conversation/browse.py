"""What the skill says while browsing sections of advice: a part, its closing question and offer, the topic list.

Pure functions of content and locale; the navigation and safety handlers only pick which one to call.
Offers made here (what "yes" will mean next): {"section": id}, {"more": id} and {"topics": group index};
a section's own `offer` in sections.yaml may also be {"selfcheck": true} or {"exercise": id}.

What is withheld after words or answers of fear or harm is derived from what each section and exercise declares it
is (its `kind`, skill/content/kinds.yaml): navigation, the self-check's results and the exercises all read it through
`withheld_now`; rules/safety.json's `withhold` is checked to agree at start-up.
"""
from __future__ import annotations

from typing import Collection, Iterable

from skill import content
from skill.conversation import support
from skill.conversation.offers import EXERCISE, MORE, SECTION, TOPICS
from skill.voice.flow_wording import spoken_list
from skill.voice.speech import Speech
from skill.voice.wording import localise, phrase

SAFETY_SECTION = support.SAFETY_SECTION
TRUSTING_YOURSELF = "trusting_yourself"
NOTHING: frozenset[str] = frozenset()


def withheld_now(safety_concern: bool, withheld: Iterable[str] = ()) -> frozenset[str]:
    """Section and exercise ids not to offer: `withheld` (the last self-check's rules), and after words or answers
    of fear or harm, every one of a kind withheld then (couple work). Never the safety section itself."""
    hidden = frozenset(withheld)
    if safety_concern:
        hidden |= content.withheld_after_fear_or_harm()
    return hidden - {SAFETY_SECTION}


def topic_groups(withheld: Collection[str] = NOTHING) -> list[dict]:
    """The spoken groups of topics, without the withheld sections; a group's `name_after_safety` names it then."""
    groups = []
    for group in content.load("topics")["groups"]:
        sections = [section_id for section_id in group["sections"] if section_id not in withheld]
        if sections:
            name = group.get("name_after_safety", group["name"]) if withheld else group["name"]
            groups.append({"name": name, "sections": sections})
    return groups


def topic_order(withheld: Collection[str] = NOTHING) -> list[str]:
    """Every section that is not withheld, in the order "next" and "previous" move through."""
    return [section_id for group in topic_groups(withheld) for section_id in group["sections"]]


def part_count(section_id: str) -> int:
    return len(content.sections()[section_id]["parts"])


def section_title(section_id: str, locale: str) -> str:
    return localise(content.sections()[section_id]["title"], locale)


def spoken_part(section_id: str, part: int, locale: str, harmed_by: str | None = None) -> Speech:
    """Part `part` (from 0) of a section; the safety section's with the resources of `locale` and the opening for
    `harmed_by` (support.safety_part)."""
    if section_id == SAFETY_SECTION:
        return support.safety_part(part, locale, harmed_by)
    return Speech().say(localise(content.sections()[section_id]["parts"][part], locale))


def section_speech(section_id: str, part: int, locale: str, *,
                   withheld: Collection[str] = NOTHING) -> tuple[Speech, Speech, dict | None]:
    """(speech, reprompt, offer) for a part of a section: the part, then a question that offers the next step."""
    question, offer = section_question(section_id, part, locale, withheld=withheld)
    speech = spoken_part(section_id, part, locale).say(question)
    return speech, Speech().say(question), offer


def section_question(section_id: str, part: int, locale: str, *,
                     withheld: Collection[str] = NOTHING) -> tuple[str, dict | None]:
    """The question said after a part, and what "yes" to it means: the next part where there is one. A section
    whose own next step is withheld offers the support numbers instead, which are never withheld."""
    section = content.sections()[section_id]
    if part + 1 < len(section["parts"]):
        return localise(section["more_question"], locale), {MORE: section_id}
    offer = dict(section["offer"])
    if offers_withheld_step(offer, withheld):
        return phrase("safety_instead_question", locale), {SECTION: SAFETY_SECTION}
    return localise(section["question"], locale), offer


def offers_withheld_step(offer: dict, withheld: Collection[str]) -> bool:
    """Whether an offer leads to a withheld section or exercise (an exercise still to be picked: when all are)."""
    if EXERCISE in offer:
        chosen = offer[EXERCISE]
        return chosen in withheld if chosen is not None else content.exercise_ids() <= frozenset(withheld)
    return offer.get(SECTION) in withheld


def topics_speech(group: int, locale: str, *, withheld: Collection[str] = NOTHING,
                  after_safety: bool = False) -> tuple[Speech, Speech, dict]:
    """(speech, reprompt, offer) for one group of the topic list; "yes" hears the next group, or the list again.
    `after_safety`: words of crisis, fear or harm were heard, so the reprompt's examples are topics still offered."""
    groups = topic_groups(withheld)
    group = group if 0 <= group < len(groups) else 0
    titles = [section_title(section_id, locale) for section_id in groups[group]["sections"]]
    speech = Speech()
    if group == 0:
        speech.say(phrase("topics_intro", locale))
    speech.say(phrase("topics_group", locale, name=localise(groups[group]["name"], locale),
                      titles=spoken_list(titles, locale)))
    if group + 1 < len(groups):
        question, reprompt, offer = "topics_more_question", "topics_reprompt", {TOPICS: group + 1}
    else:
        question, reprompt, offer = "topics_pick_question", "topics_pick_reprompt", {TOPICS: 0}
    speech.say(phrase(question, locale))
    return speech, Speech().say(phrase(reprompt, locale, concern="safety" if after_safety else None)), offer
