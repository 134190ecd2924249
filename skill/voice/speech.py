"""The one place that builds spoken output: well-formed SSML that stays within Alexa's limits (DESIGN §3)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

MAX_BREAK_SECONDS = 10.0
MAX_AUDIO_TAGS = 5
MAX_AUDIO_SECONDS = 240.0
MAX_SPEECH_CHARS = 8000
MAX_RESPONSE_BYTES = 24 * 1024

# Lengths of the library sounds we use, so a timed exercise can count them against the 240 s budget.
SOUND_SECONDS = {
    "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_02": 2.0,
    "soundbank://soundlibrary/musical/amzn_sfx_bell_timer_01": 2.0,
}


class SpeechLimitError(ValueError):
    """A response would break one of Alexa's limits; building it is refused."""


@dataclass
class Speech:
    """Spoken output assembled piece by piece; text is escaped, so content can never inject SSML."""

    _ssml: list[str] = field(default_factory=list)
    _text: list[str] = field(default_factory=list)
    audio_tags: int = 0
    timed_seconds: float = 0.0

    def say(self, *sentences: str) -> "Speech":
        for sentence in sentences:
            sentence = " ".join(sentence.split())
            if sentence:
                self._ssml.append(escape(sentence))
                self._text.append(sentence)
        return self

    def pause(self, seconds: float) -> "Speech":
        """A silence; longer silences are chained breaks of at most ten seconds each."""
        if seconds < 0:
            raise SpeechLimitError("a pause cannot be negative")
        remaining = round(seconds, 3)
        while remaining > 0:
            step = min(remaining, MAX_BREAK_SECONDS)
            self._ssml.append(f'<break time="{_seconds_text(step)}"/>')
            remaining = round(remaining - step, 3)
        self.timed_seconds += seconds
        self._check_audio_budget()
        return self

    def sound(self, src: str) -> "Speech":
        """A sound from the Alexa Skills Kit sound library."""
        if src not in SOUND_SECONDS:
            raise SpeechLimitError(f"unknown sound {src!r}: add it and its length to SOUND_SECONDS")
        self.audio_tags += 1
        if self.audio_tags > MAX_AUDIO_TAGS:
            raise SpeechLimitError(f"more than {MAX_AUDIO_TAGS} audio tags in one response")
        self._ssml.append(f"<audio src={quoteattr(src)}/>")
        self.timed_seconds += SOUND_SECONDS[src]
        self._check_audio_budget()
        return self

    def phone(self, number: str) -> "Speech":
        """A phone number, read digit by digit."""
        self._ssml.append(f'<say-as interpret-as="telephone">{escape(number)}</say-as>')
        self._text.append(number)
        return self

    def say_with_numbers(self, text: str, numbers: list[str]) -> "Speech":
        """`text` spoken, with each of `numbers` that appears in it read as a telephone number (`phone`)."""
        numbers = [number for number in numbers if number]
        if not numbers:
            return self.say(text)
        longest_first = sorted(numbers, key=len, reverse=True)  # so 0808 2000 247 is not split at a shorter number
        pattern = re.compile("(" + "|".join(re.escape(number) for number in longest_first) + ")")
        for index, piece in enumerate(pattern.split(text)):
            if index % 2:
                self.phone(piece)
            else:
                self.say(piece)
        return self

    def extend(self, other: "Speech") -> "Speech":
        self._ssml.extend(other._ssml)
        self._text.extend(other._text)
        self.audio_tags += other.audio_tags
        if self.audio_tags > MAX_AUDIO_TAGS:
            raise SpeechLimitError(f"more than {MAX_AUDIO_TAGS} audio tags in one response")
        self.timed_seconds += other.timed_seconds
        self._check_audio_budget()
        return self

    @property
    def ssml(self) -> str:
        ssml = "<speak>" + _joined(self._ssml) + "</speak>"
        if len(ssml) >= MAX_SPEECH_CHARS:
            raise SpeechLimitError(f"speech of {len(ssml)} characters; Alexa takes under {MAX_SPEECH_CHARS}")
        return ssml

    @property
    def text(self) -> str:
        return _joined(self._text)

    def __bool__(self) -> bool:
        return bool(self._ssml)

    def _check_audio_budget(self) -> None:
        if self.timed_seconds > MAX_AUDIO_SECONDS:
            raise SpeechLimitError(
                f"{self.timed_seconds:.0f} s of audio and silence; one response holds at most {MAX_AUDIO_SECONDS:.0f} s")


def _seconds_text(seconds: float) -> str:
    if float(seconds).is_integer():
        return f"{int(seconds)}s"
    return f"{int(round(seconds * 1000))}ms"


# Punctuation that belongs to what comes before it ("988, or text"): no space is put in front of it.
_CLINGING = re.compile(r"[,.;:!?)]")


def _joined(pieces: list[str]) -> str:
    return "".join(piece if index == 0 or _CLINGING.match(piece) else " " + piece
                   for index, piece in enumerate(pieces))


_TAG = re.compile(r"<[^>]+>")


_SPACE_BEFORE_CLINGING = re.compile(r" (?=[,.;:!?)])")


def ssml_to_text(ssml: str) -> str:
    """Plain text of SSML, for the chat console: a tag's place is a space, except before clinging punctuation
    ("7233</say-as>." reads "7233.")."""
    text = _SPACE_BEFORE_CLINGING.sub("", " ".join(_TAG.sub(" ", ssml).split()))
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def prepend_speech(opening: Speech, ssml: str) -> str:
    """`opening` said before an already built `<speak>` document, within the same limits."""
    if not (ssml.startswith("<speak>") and ssml.endswith("</speak>")):
        raise SpeechLimitError("not an SSML document")
    joined = opening.ssml[: -len("</speak>")] + " " + ssml[len("<speak>"):]
    if len(joined) >= MAX_SPEECH_CHARS:
        raise SpeechLimitError(f"speech of {len(joined)} characters; Alexa takes under {MAX_SPEECH_CHARS}")
    return joined


_SECONDS = re.compile(r"(\d+(?:\.\d+)?)(ms|s)")


def replayed(ssml: str) -> Speech:
    """Speech rebuilt from SSML the skill said before (kept in the session to be repeated). The session comes back
    from the client and may be forged, so it is rebuilt through this builder and must come out the same: only the
    tags the builder makes, within the same limits; anything else raises SpeechLimitError."""
    if len(ssml) >= MAX_SPEECH_CHARS or "<!" in ssml or "<?" in ssml:
        raise SpeechLimitError("not speech this skill made")
    try:
        root = ElementTree.fromstring(ssml)
    except ElementTree.ParseError as error:
        raise SpeechLimitError("not speech this skill made") from error
    if root.tag != "speak" or root.attrib:
        raise SpeechLimitError("not speech this skill made")
    speech = Speech().say(root.text or "")
    for element in root:
        _rebuild(speech, element)
        speech.say(element.tail or "")
    if speech.ssml != ssml:
        raise SpeechLimitError("not speech this skill made")  # the builder would not have said it like this
    return speech


def _rebuild(speech: Speech, element: ElementTree.Element) -> None:
    if len(element):
        raise SpeechLimitError("not speech this skill made")
    if element.tag == "break" and set(element.attrib) == {"time"} and not element.text:
        match = _SECONDS.fullmatch(element.attrib["time"])
        if match and float(match[1]) / (1000 if match[2] == "ms" else 1) <= MAX_BREAK_SECONDS:
            speech.pause(float(match[1]) / (1000 if match[2] == "ms" else 1))
            return
    elif element.tag == "audio" and set(element.attrib) == {"src"} and not element.text:
        speech.sound(element.attrib["src"])
        return
    elif element.tag == "say-as" and element.attrib == {"interpret-as": "telephone"} and element.text:
        speech.phone(element.text)
        return
    raise SpeechLimitError("not speech this skill made")
