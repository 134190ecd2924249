"""The real rules, as a table: answers in, recommendations out. Every rule must be exercised by some row."""
from __future__ import annotations

import pytest

from skill import content
from skill.rulebook.engine import default_rulebook

STRONG = {"open_lives": "yes", "stories_add_up": "yes", "easy_talk": "yes", "meets_their_people": "yes",
          "at_ease_together": "yes", "open_devices": "yes"}
CALM = {"checking_up": "no", "control": "no", "drama": "no", "lie_hurts": "no", "broken_promises": "no",
        "feels_unsafe": "no"}
WELL = {**STRONG, **CALM}
BUILDING = ("building_trust", "trust_exercises")


def weak(*question_ids: str, answer: str = "no") -> dict[str, str]:
    """All well, except the named signs of trust."""
    return {**WELL, **{question_id: answer for question_id in question_ids}}


def worried(**answers: str) -> dict[str, str]:
    """All well, except the named warnings."""
    return {**WELL, **answers}


# (row id, answers, recommended ids in order, rules that fire)
TABLE = [
    ("all well", WELL,
     ("maintaining_trust", "three_things", "everyday_habits"), {"signs.all_well"}),
    ("nothing answered", {},
     ("why_trust_matters", "recognising_trust"), {"signs.unclear_picture"}),
    ("only warnings answered, all calm", CALM,
     ("why_trust_matters", "recognising_trust"), {"signs.unclear_picture"}),
    ("unsure about a sign, the rest well", weak("easy_talk", answer="not sure"),
     ("recognising_trust", "maintaining_trust", "three_things", "everyday_habits"),
     {"signs.unsure_answers", "signs.all_well"}),
    ("unsure about every sign", {question_id: "not sure" for question_id in STRONG},
     ("recognising_trust", "why_trust_matters"), {"signs.unsure_answers", "signs.unclear_picture"}),
    ("feels unsafe", worried(feels_unsafe="yes"),
     ("safety", "beyond_repair", "trusting_yourself"), {"safety.feels_unsafe"}),
    ("unsure whether safe", worried(feels_unsafe="not sure"),
     ("safety", "beyond_repair", "trusting_yourself", "recognising_trust"),
     {"safety.feels_unsafe", "signs.unsure_answers"}),
    ("unsafe, and a weak sign: no couple exercise", {**weak("at_ease_together"), "feels_unsafe": "sometimes"},
     ("safety", "beyond_repair", "trusting_yourself"),
     {"safety.feels_unsafe", "signs.few_weak_signs", "signs.exercise_for_at_ease_together"}),
    ("unsafe, with broken promises: no counselling", worried(feels_unsafe="yes", broken_promises="yes"),
     ("safety", "beyond_repair", "trusting_yourself"), {"safety.feels_unsafe", "concerns.broken_promises"}),
    ("lie still hurts", worried(lie_hurts="yes"),
     ("rebuilding_after_lying", "being_trustworthy", "forgiveness"), {"concerns.lie_still_hurts"}),
    ("lie hurts, and unsafe: no work on the relationship", worried(lie_hurts="sometimes", feels_unsafe="yes"),
     ("safety", "beyond_repair", "trusting_yourself"),
     {"safety.feels_unsafe", "concerns.lie_still_hurts"}),
    ("broken promises", worried(broken_promises="sometimes"),
     ("beyond_repair", "seeking_help"), {"concerns.broken_promises"}),
    ("control: a warning sign, no teamwork or joint counselling", worried(control="yes"),
     ("red_flags", "trusting_yourself"), {"concerns.control"}),
    ("drama", worried(drama="yes"),
     ("red_flags", "fixing_trust_issues", "everyday_habits"), {"concerns.drama"}),
    ("own checking up", worried(checking_up="sometimes"),
     ("red_flags", "fixing_trust_issues", "trusting_your_partner", "trusting_yourself"),
     {"concerns.checking_up", "concerns.own_jealousy"}),
    ("control and drama: shared sections once, no couple work at all",
     worried(control="yes", drama="yes"),
     ("red_flags", "trusting_yourself"), {"concerns.control", "concerns.drama"}),
    ("control with many weak signs: no joint counselling, no building trust together",
     {**weak("open_lives", "easy_talk", "open_devices"), "control": "yes"},
     ("red_flags", "trusting_yourself"), {"concerns.control", "signs.many_weak_signs"}),
    ("control sometimes, with own checking up: not learning to trust your partner",
     worried(control="sometimes", checking_up="yes"),
     ("red_flags", "trusting_yourself"), {"concerns.control", "concerns.checking_up", "concerns.own_jealousy"}),
    ("strong signs, the safety question skipped: no reassurance",
     {**WELL, "feels_unsafe": "skipped"},
     ("recognising_trust", "maintaining_trust"), {"signs.strong_signs_safety_unanswered"}),
    ("one weak sign: openness", weak("open_lives"),
     BUILDING + ("share_personal",), {"signs.few_weak_signs", "signs.exercise_for_open_lives"}),
    ("one weak sign: stories", weak("stories_add_up"),
     BUILDING + ("question_round",), {"signs.few_weak_signs", "signs.exercise_for_stories_add_up"}),
    ("one weak sign: talk", weak("easy_talk", answer="sometimes"),
     BUILDING + ("question_round",), {"signs.few_weak_signs", "signs.exercise_for_easy_talk"}),
    ("one weak sign: their people", weak("meets_their_people"),
     BUILDING + ("share_personal",), {"signs.few_weak_signs", "signs.exercise_for_meets_their_people"}),
    ("one weak sign: ease", weak("at_ease_together"),
     BUILDING + ("eye_contact",), {"signs.few_weak_signs", "signs.exercise_for_at_ease_together"}),
    ("one weak sign: devices", weak("open_devices"),
     BUILDING + ("share_personal",), {"signs.few_weak_signs", "signs.exercise_for_open_devices"}),
    ("two weak signs with the same exercise", weak("stories_add_up", "easy_talk"),
     BUILDING + ("question_round",),
     {"signs.few_weak_signs", "signs.exercise_for_stories_add_up", "signs.exercise_for_easy_talk"}),
    ("three weak signs: help sooner, no single exercise", weak("open_lives", "easy_talk", "open_devices"),
     ("seeking_help", "building_trust"), {"signs.many_weak_signs"}),
    ("every sign weak", weak(*STRONG),
     ("seeking_help", "building_trust"), {"signs.many_weak_signs"}),
    ("everything worrying", {**{q: "no" for q in STRONG}, **{q: "yes" for q in CALM}},
     ("safety", "beyond_repair", "trusting_yourself", "red_flags"),
     {"safety.feels_unsafe", "concerns.broken_promises", "concerns.lie_still_hurts", "concerns.control",
      "concerns.drama", "concerns.checking_up", "concerns.own_jealousy", "signs.many_weak_signs"}),
]


@pytest.mark.parametrize("answers, expected, rules", [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_answers_give_the_expected_recommendations(answers, expected, rules):
    explanation = default_rulebook().explain(answers)
    assert tuple(item.id for item in explanation.recommendations) == expected
    assert {rule.name for rule in explanation.fired} == rules


def test_every_rule_is_exercised_by_the_table():
    fired = set().union(*(row[3] for row in TABLE))
    never = sorted(set(default_rulebook().rules) - fired)
    assert not never, f"rules no row of the table exercises: {never}"


def test_every_section_but_the_introduction_is_reachable():
    reached = {item.id for row in TABLE for item in default_rulebook().recommend(row[1])}
    missing = sorted(content.section_ids() - {"what_is_trust"} - reached)
    assert not missing, f"sections no answers lead to: {missing}"


def test_every_recommendation_carries_its_rule_reason_and_kind():
    book = default_rulebook()
    for item in book.recommend(worried(lie_hurts="yes", feels_unsafe="yes")):
        rule = book.rules[item.rule]
        assert item.id in rule.sections and item.because == rule.because
        assert item.kind == ("exercise" if item.id in content.exercise_ids() else "section")
    first = book.recommend(worried(feels_unsafe="yes"))[0]
    assert (first.id, first.kind, first.rule) == ("safety", "section", "safety.feels_unsafe")
    assert first.because.startswith("because ")


def test_a_section_keeps_the_reason_of_the_first_rule_that_recommends_it():
    items = {item.id: item for item in default_rulebook().recommend(worried(feels_unsafe="yes", broken_promises="yes"))}
    assert items["beyond_repair"].rule == "safety.feels_unsafe"
