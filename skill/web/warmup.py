"""Prepares at start-up what a turn would otherwise build inside someone's first request, for both entries.

Measured before (2026-12): after create_app() the first request of a kind took 20-60 ms where the next took 2-6 ms:
ask-sdk loading its model classes as the reader met them (about 28 ms), each locale's spelling pattern compiled on
its first use (about 37 ms each), the content files read. The listener is prepared by skill.skill_builder. Nothing
here invokes the skill: no store is read or written and nothing is logged, so it is safe in Lambda's init phase.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ask_sdk_model import ResponseEnvelope
from ask_sdk_model.response import Response
from ask_sdk_model.ui import SsmlOutputSpeech

from skill import content
from skill.rulebook.questions import question_ids
from skill.voice import wording

SAMPLE_ENVELOPES = Path(__file__).with_name("warmup_envelopes.json")


def prepare_turns(serializer: Any, locales: Iterable[str]) -> None:
    """Read every content file, the prompts, the questions and each of `locales`' spelling now; have `serializer`
    (skill.web.serializer.EnvelopeSerializer) read a request of every kind and write a response."""
    for data_file in sorted(content.CONTENT_DIR.glob("*.yaml")):
        content.load(data_file.stem)
    wording.prompts()
    question_ids()
    for locale in locales:
        wording.localise("", locale)
    for envelope in json.loads(SAMPLE_ENVELOPES.read_text(encoding="utf-8"))["envelopes"]:
        serializer.read_envelope(envelope)
    speech = SsmlOutputSpeech(ssml="<speak></speak>")
    serializer.serialize(ResponseEnvelope(version="1.0", response=Response(output_speech=speech)))
