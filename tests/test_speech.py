"""The speech builder keeps every response within Alexa's limits and its SSML well formed."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from skill.voice.speech import MAX_AUDIO_TAGS, SOUND_SECONDS, Speech, SpeechLimitError, ssml_to_text

CHIME = next(iter(SOUND_SECONDS))


def test_text_is_escaped_so_content_cannot_inject_ssml():
    speech = Speech().say('Tom & Jerry <break time="60s"/> said "hi"')
    root = ET.fromstring(speech.ssml)
    assert root.tag == "speak"
    assert list(root) == []
    assert speech.text == 'Tom & Jerry <break time="60s"/> said "hi"'


def test_long_pause_is_chained_from_breaks_of_at_most_ten_seconds():
    speech = Speech().pause(25)
    breaks = [element.get("time") for element in ET.fromstring(speech.ssml).iter("break")]
    assert breaks == ["10s", "10s", "5s"]
    assert speech.timed_seconds == 25


def test_fractional_pause_is_written_in_milliseconds():
    assert '<break time="1500ms"/>' in Speech().pause(1.5).ssml


def test_more_than_240_seconds_of_audio_is_refused():
    speech = Speech().pause(200).sound(CHIME)
    with pytest.raises(SpeechLimitError, match="240"):
        speech.pause(40)


def test_more_than_five_audio_tags_is_refused():
    speech = Speech()
    for _ in range(MAX_AUDIO_TAGS):
        speech.sound(CHIME)
    with pytest.raises(SpeechLimitError, match="audio tags"):
        speech.sound(CHIME)


def test_unknown_sound_is_refused():
    with pytest.raises(SpeechLimitError, match="unknown sound"):
        Speech().sound("https://example.org/loud.mp3")


def test_speech_of_8000_characters_is_refused():
    with pytest.raises(SpeechLimitError, match="8000"):
        _ = Speech().say("word " * 1700).ssml


def test_phone_numbers_are_read_as_telephone_numbers():
    ssml = Speech().say("Call").phone("1-800-799-7233").ssml
    assert '<say-as interpret-as="telephone">1-800-799-7233</say-as>' in ssml


def test_ssml_to_text_drops_tags_and_unescapes():
    assert ssml_to_text("<speak>A &amp; B <break time=\"1s\"/> C</speak>") == "A & B C"


def test_ssml_to_text_puts_no_space_before_clinging_punctuation():
    speech = Speech().say("Call").phone("1-800-799-7233").say(". It is free, day and night")
    assert ssml_to_text(speech.ssml) == "Call 1-800-799-7233. It is free, day and night"


@given(st.lists(st.text(max_size=80), max_size=20))
def test_any_text_gives_well_formed_ssml(sentences):
    sentences = [s for s in sentences if all(ch.isprintable() for ch in s)]
    ET.fromstring(Speech().say(*sentences).ssml)


def test_every_sound_with_a_length_is_played_somewhere():
    """SOUND_SECONDS lists the sounds the skill uses: one no code plays is dead weight."""
    root = Path(__file__).resolve().parents[1] / "skill"
    sources = "".join(path.read_text(encoding="utf-8") for path in [*root.rglob("*.py"), *root.rglob("*.yaml")]
                      if path.name != "speech.py")
    unplayed = [sound for sound in SOUND_SECONDS if sound not in sources]
    assert not unplayed, f"sounds no code plays: {unplayed}"


def test_numbers_in_text_are_read_as_telephone_numbers():
    speech = Speech().say_with_numbers("Call or text 988, or 0808 2000 247.", ["0808 2000 247", "988"])
    assert speech.ssml == ('<speak>Call or text <say-as interpret-as="telephone">988</say-as>, or '
                           '<say-as interpret-as="telephone">0808 2000 247</say-as>.</speak>')
    assert speech.text == "Call or text 988, or 0808 2000 247."
    assert Speech().say_with_numbers("No number here.", []).ssml == "<speak>No number here.</speak>"


def test_prepended_speech_comes_first_and_keeps_the_document_well_formed():
    from skill.voice.speech import prepend_speech

    joined = prepend_speech(Speech().say("First & foremost."), Speech().say("Then this.").pause(2).ssml)
    root = ET.fromstring(joined)
    assert ssml_to_text(joined) == "First & foremost. Then this."
    assert [element.get("time") for element in root.iter("break")] == ["2s"]


def test_prepending_to_something_that_is_not_ssml_or_past_the_limit_is_refused():
    from skill.voice.speech import prepend_speech

    with pytest.raises(SpeechLimitError, match="not an SSML"):
        prepend_speech(Speech().say("Hi."), "plain words")
    with pytest.raises(SpeechLimitError, match="8000"):
        prepend_speech(Speech().say("word " * 900), Speech().say("word " * 900).ssml)


def test_no_space_before_punctuation_that_follows_a_phone_number():
    speech = Speech().say_with_numbers("Call 1-800-799-7233, or text start to 88788.", ["1-800-799-7233", "88788"])
    assert speech.text == "Call 1-800-799-7233, or text start to 88788."
    assert '7233</say-as>, or text' in speech.ssml and '88788</say-as>.</speak>' in speech.ssml
    assert Speech().say("One.", "Two.").text == "One. Two."
