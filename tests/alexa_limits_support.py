"""Checks a response envelope against Alexa's limits with an XML parser, independently of skill/voice/speech.py.

The speech builder refuses to build a response over the limits; this reads what actually went out, so a response
assembled some other way (a replay, a handler that bypasses the builder) is caught too.
"""
from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from skill.voice.speech import SOUND_SECONDS

MAX_BREAK_SECONDS = 10.0
MAX_AUDIO_TAGS = 5
MAX_TIMED_SECONDS = 240.0
MAX_SPEECH_CHARS = 8000
MAX_RESPONSE_BYTES = 24 * 1024
_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")


def ssml_problems(ssml: str, label: str) -> list[str]:
    """What breaks Alexa's SSML limits in one outputSpeech."""
    problems = []
    if len(ssml) >= MAX_SPEECH_CHARS:
        problems.append(f"{label}: {len(ssml)} characters, Alexa takes under {MAX_SPEECH_CHARS}")
    try:
        root = ElementTree.fromstring(ssml)
    except ElementTree.ParseError as error:
        return problems + [f"{label}: SSML does not parse: {error}"]
    if root.tag != "speak":
        problems.append(f"{label}: the root element is <{root.tag}>, not <speak>")
    timed = 0.0
    for element in root.iter("break"):
        seconds = break_seconds(element.get("time", ""))
        if seconds is None:
            problems.append(f"{label}: break time {element.get('time')!r} is not Alexa's form")
            continue
        if seconds > MAX_BREAK_SECONDS:
            problems.append(f"{label}: a break of {seconds:g} s, Alexa takes at most {MAX_BREAK_SECONDS:g} s")
        timed += seconds
    audio = list(root.iter("audio"))
    if len(audio) > MAX_AUDIO_TAGS:
        problems.append(f"{label}: {len(audio)} audio tags, Alexa takes at most {MAX_AUDIO_TAGS}")
    for element in audio:
        src = element.get("src", "")
        if src not in SOUND_SECONDS:
            problems.append(f"{label}: audio {src!r} has no known length")
        timed += SOUND_SECONDS.get(src, 0.0)
    if timed > MAX_TIMED_SECONDS:
        problems.append(f"{label}: {timed:g} s of breaks and audio, Alexa takes at most {MAX_TIMED_SECONDS:g} s")
    return problems


def response_problems(envelope: dict) -> list[str]:
    """What breaks Alexa's limits in a whole response envelope (speech, reprompt, session, size)."""
    response = envelope.get("response") or {}
    problems = []
    size = len(json.dumps(envelope).encode("utf-8"))
    if size >= MAX_RESPONSE_BYTES:
        problems.append(f"response of {size} bytes, Alexa takes under {MAX_RESPONSE_BYTES}")
    for label, output in (("speech", response.get("outputSpeech")),
                          ("reprompt", (response.get("reprompt") or {}).get("outputSpeech"))):
        if output is None:
            continue
        if output.get("type") != "SSML":
            problems.append(f"{label}: {output.get('type')} instead of SSML")
            continue
        problems += ssml_problems(output.get("ssml", ""), label)
    if response.get("shouldEndSession") is False and not (response.get("reprompt") or {}).get("outputSpeech"):
        problems.append("the session stays open without a reprompt")
    return problems


def break_seconds(text: str) -> float | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "ms" else value
