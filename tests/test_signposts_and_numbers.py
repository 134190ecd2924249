"""Signposts and numbers, as conversations at the console: a medical emergency hears the emergency number first and
nothing cheerful; distress hears a warm word, the locale's support line and an offer to go on, never a section and
never "I'm glad"; every locale's text and TTY lines are said with a word about a watched phone; India's numbers are
the ones a source lists; every number has its primary source and the day it was checked, or says it has none; and the
start-up check refuses a support or text line whose numbers are not listed."""
from __future__ import annotations

import pytest

from skill import content
from skill.content import locale_registry
from skill.conversation import support
from skill.listener import Hearing
from skill.listener.hearing import FAIRLY_SURE, SURE
from skill.voice.wording import phrase
from tests.hearing_support import heard_as  # noqa: F401 (a fixture)

SAFETY = content.load("safety")["locales"]
SIGNPOSTS = content.load("signposts")
LOCALES = locale_registry.names()
SUPPORT_LINES = {"en-US": "988", "en-GB": "116 123", "en-AU": "13 11 14", "en-IN": "14416", "en-CA": "988"}
CHEER = ("glad", "great", "wonderful", "good to hear")
MEDICAL = "i think i am having a heart attack"
DISTRESS = "i feel so empty and alone all the time"


def phone(number: str) -> str:
    return f'<say-as interpret-as="telephone">{number}</say-as>'


@pytest.mark.parametrize("locale", LOCALES)
def test_a_medical_emergency_hears_the_emergency_number_first_and_nothing_cheerful(chat, heard_as, locale):
    heard_as({MEDICAL: Hearing("medical", "cardiac", 0.95, SURE)})
    talk = chat(locale)
    talk.launch()
    turn = talk.say("I think I am having a heart attack")
    assert turn.speech.startswith(SIGNPOSTS["medical"].format(emergency=SAFETY[locale]["emergency"]))
    assert "I can't call for you" in turn.speech
    assert turn.end_session is True and turn.card is None
    assert not any(word in turn.speech.lower() for word in CHEER)


def test_a_medical_emergency_mid_self_check_ends_it(chat, heard_as):
    heard_as({MEDICAL: Hearing("medical", "cardiac", 0.95, SURE)})
    talk = chat()
    assert "Question one" in talk.say("start a self check").speech
    turn = talk.say("I think I am having a heart attack")
    assert turn.speech.startswith("If this is a medical emergency, call nine one one now.") and turn.end_session


def test_a_medical_emergency_with_crisis_words_says_the_crisis_line_after_the_emergency_number(chat, heard_as):
    heard_as({"i swallowed something and i can not breathe": Hearing("medical", "poisoning", 0.95, SURE,
                                                                      also=("crisis",))})
    talk = chat()
    talk.launch()
    turn = talk.say("I swallowed something and I can not breathe")
    assert turn.speech.index("nine one one") < turn.speech.index("988") and phone("988") in turn.ssml


@pytest.mark.parametrize("locale", LOCALES)
def test_distress_hears_a_warm_word_the_support_line_and_an_offer_to_go_on(chat, heard_as, locale):
    heard_as({DISTRESS: Hearing("distress", "loneliness", 0.9, SURE)})
    talk = chat(locale)
    talk.launch()
    turn = talk.say("I feel so empty and alone all the time")
    assert turn.speech.startswith(SIGNPOSTS["distress"]) and phone(SUPPORT_LINES[locale]) in turn.ssml
    assert turn.speech.endswith(SIGNPOSTS["distress_question"]) and turn.end_session is False
    assert not any(word in turn.speech.lower() for word in CHEER)
    assert "Family therapist" not in turn.speech, "never a topic section"
    onward = talk.say("yes")
    assert onward.speech.startswith(SIGNPOSTS["distress_yes"]) and "What would you like" in onward.speech


def test_no_to_going_on_after_distress_ends_with_the_line_open(chat, heard_as):
    heard_as({DISTRESS: Hearing("distress", "loneliness", 0.7, FAIRLY_SURE)})
    talk = chat()
    talk.launch()
    talk.say("I feel so empty and alone all the time")
    turn = talk.say("no")
    assert turn.end_session is True and turn.speech == SIGNPOSTS["distress_no"]


def test_distress_with_harm_words_says_the_abuse_helpline_too(chat, heard_as):
    heard_as({"he keeps me locked in and i feel hopeless": Hearing("distress", "hopelessness", 0.9, SURE,
                                                                    also=("harm",))})
    talk = chat()
    talk.launch()
    turn = talk.say("he keeps me locked in and I feel hopeless")
    assert phone("988") in turn.ssml and phone("1-800-799-7233") in turn.ssml


def test_a_fairly_sure_medical_reading_of_an_intent_alexa_matched_is_not_acted_on(chat, heard_as):
    heard_as({"red flags": Hearing("medical", "cardiac", 0.6, FAIRLY_SURE)})
    talk = chat()
    talk.launch()
    assert "no complete checklist" in talk.say("tell me about red flags").speech


@pytest.mark.parametrize("locale", LOCALES)
def test_the_second_safety_part_says_the_text_lines_and_a_word_about_a_watched_phone(chat, locale):
    talk = chat(locale)
    talk.launch()
    talk.say("I'm scared of my partner")
    turn = talk.say("yes")
    more = SAFETY[locale]["more"]
    if more:
        for number in more["numbers"]:
            assert phone(str(number)) in turn.ssml, (locale, number)
        assert phrase("text_watched", locale) in turn.speech
    assert phrase("voice_delete", locale) in turn.speech


def test_the_text_and_tty_lines_and_lines_for_teens_and_sexual_violence_are_there():
    said = {locale: " ".join([SAFETY[locale]["helpline"], (SAFETY[locale]["more"] or {}).get("spoken", "")])
            for locale in LOCALES}
    assert "85258" in said["en-GB"] and "0808 500 2222" in said["en-GB"]
    assert "0477 13 11 14" in said["en-AU"] and "0458 737 732" in said["en-AU"]
    assert all(number in said["en-US"] for number in ("1-800-787-3224", "22522", "1-866-331-9474", "1-800-656-4673"))
    assert "988" in said["en-CA"]


def test_india_lists_only_numbers_a_source_gives_and_keeps_the_mental_health_line_for_distress():
    india = SAFETY["en-IN"]
    assert "1091" not in india["helpline"] and "1091" not in india["card"]
    assert "14416" not in india["helpline"], "Tele MANAS is not an abuse line for men"
    assert india["support"]["numbers"] == ["14416"] and india["crisis"]["numbers"] == ["14416"]
    assert "one one two" in india["helpline"], "112 serves everyone"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_line_has_a_source_and_the_day_it_was_checked(locale):
    entry = SAFETY[locale]
    assert entry["support"]["source"].strip() and entry["support"]["checked"]
    for line in entry["also"]:
        assert line["source"].strip() and line["checked"], (locale, line["name"])


def numbers_shown(entry: dict) -> set[str]:
    """Every number a locale says or shows: the emergency number, the helplines, the further lines, `more`, the support
    and crisis lines."""
    lines = [entry["emergency_number"], entry["helpline_number"], *entry["other_numbers"],
             *(line["number"] for line in entry["also"]), *(entry["more"] or {}).get("numbers", []),
             *entry["support"]["numbers"], *entry["crisis"]["numbers"]]
    return {str(number) for number in lines if number}


# Said to be "not confirmed here" in safety.yaml: no primary page (the service's own site or a government page) was
# reached for these. A number confirmed later leaves this list; a number added unconfirmed must join it (SAFETY.md).
UNCONFIRMED = {"en-GB": {"0808 801 0327", "0808 500 2222"}, "en-IN": {"181", "14416"}}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_number_has_a_primary_source_and_the_day_or_says_it_has_none(locale):
    entry = SAFETY[locale]
    sources = {str(number): source for number, source in entry["primary_sources"].items()}
    assert set(sources) == numbers_shown(entry), "every number said or shown has one entry, and no other"
    unconfirmed = {number for number, source in sources.items() if source["primary_source"] == "not confirmed here"}
    assert unconfirmed == UNCONFIRMED.get(locale, set())
    for number, source in sources.items():
        assert source["shows"].strip(), (locale, number)
        if number not in unconfirmed:
            assert source["primary_source"].startswith(("https://", "http://")), (locale, number)
            assert str(source["checked"]) == "2026-12-07", (locale, number)


@pytest.mark.parametrize("field", ["support", "more"])
def test_a_number_said_but_not_listed_stops_the_start(monkeypatch, field):
    entry = dict(SAFETY["en-GB"])
    entry[field] = {**entry[field], "numbers": []} if field == "more" else {**entry[field], "numbers": ["116 123"],
                                                                              "spoken": "Call 116 123 or 0800 1111."}
    monkeypatch.setitem(SAFETY, "en-GB", entry)
    with pytest.raises(content.ContentError, match=f"en-GB's {field}.spoken"):
        support.check_published(["en-GB"])
