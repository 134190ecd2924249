"""The one place that builds spoken output: well-formed SSML that stays within Alexa's limits (DESIGN §3)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from skill.content.provenance import recipe_of

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
    """Spoken output assembled piece by piece; text is escaped, so content can never inject SSML. Beside the SSML it
    keeps its `recipe`, each piece by the ids it came from (skill/content/provenance.py), which
    skill/conversation/said_again.py makes into the same speech again; None once a piece had no known source."""

    _ssml: list[str] = field(default_factory=list)
    _text: list[str] = field(default_factory=list)
    audio_tags: int = 0
    timed_seconds: float = 0.0
    _recipe: list | None = field(default_factory=list)

    @property
    def recipe(self) -> list | None:
        """The pieces as ["s", text recipe], ["t", number recipe], ["w", text recipe, [number recipes]],
        ["b", seconds], ["a", sound]; None when a piece's text came from no known source."""
        return None if self._recipe is None else list(self._recipe)

    def _note(self, kind: str, *recipes: object) -> None:
        if self._recipe is None:
            return
        if None in recipes:
            self._recipe = None
        else:
            self._recipe.append([kind, *recipes])

    def say(self, *sentences: str) -> "Speech":
        for sentence in sentences:
            if self._said(sentence):
                self._note("s", recipe_of(sentence))
        return self

    def _said(self, sentence: str) -> bool:
        sentence = " ".join(sentence.split())
        if sentence:
            self._ssml.append(escape(sentence))
            self._text.append(sentence)
        return bool(sentence)

    def pause(self, seconds: float) -> "Speech":
        """A silence; longer silences are chained breaks of at most ten seconds each."""
        if seconds < 0:
            raise SpeechLimitError("a pause cannot be negative")
        remaining = round(seconds, 3)
        while remaining > 0:
            step = min(remaining, MAX_BREAK_SECONDS)
            self._ssml.append(f'<break time="{_seconds_text(step)}"/>')
            remaining = round(remaining - step, 3)
        if seconds > 0:
            self._note("b", float(seconds))
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
        self._note("a", src)
        self.timed_seconds += SOUND_SECONDS[src]
        self._check_audio_budget()
        return self

    def phone(self, number: str) -> "Speech":
        """A phone number, read digit by digit."""
        self._number(number)
        self._note("t", recipe_of(number))
        return self

    def _number(self, number: str) -> None:
        self._ssml.append(f'<say-as interpret-as="telephone">{escape(number)}</say-as>')
        self._text.append(number)

    def say_with_numbers(self, text: str, numbers: list[str]) -> "Speech":
        """`text` spoken, with each of `numbers` that appears in it read as a telephone number (`phone`)."""
        numbers = [number for number in numbers if number]
        if not numbers:
            return self.say(text)
        longest_first = sorted(numbers, key=len, reverse=True)  # so 0808 2000 247 is not split at a shorter number
        pattern = re.compile("(" + "|".join(re.escape(number) for number in longest_first) + ")")
        for index, piece in enumerate(pattern.split(text)):
            if index % 2:
                self._number(piece)
            else:
                self._said(piece)
        spoken_numbers = [recipe_of(number) for number in numbers]
        self._note("w", recipe_of(text), None if None in spoken_numbers else spoken_numbers)
        return self

    def extend(self, other: "Speech") -> "Speech":
        self._ssml.extend(other._ssml)
        self._text.extend(other._text)
        if self._recipe is not None:
            if other._recipe is None:
                self._recipe = None
            else:
                self._recipe.extend(other._recipe)
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
