"""The floor we compare with: a bare ask-sdk-core skill that answers any request with a fixed sentence, behind Flask
or as a Lambda handler.

No verification, no store, no logging: only what every ask-sdk-core skill must do (read the body, deserialise
the envelope, invoke the skill, serialise the answer). Served by gunicorn as
`tests.benchmarks.bare_skill:create_bare_app()`; `lambda_handler` is its Lambda entry, for the cold-start comparison.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import RequestEnvelope
from flask import Flask, jsonify, request

SENTENCE = "Welcome to Trust Builder. What would you like to do?"


class AnyRequestHandler(AbstractRequestHandler):
    """Answers every request the same way, so the bare skill can be sent the project's own envelopes."""

    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        if is_request_type("SessionEndedRequest")(handler_input):
            return handler_input.response_builder.response
        return handler_input.response_builder.speak(SENTENCE).ask(SENTENCE).response


def bare_builder() -> SkillBuilder:
    builder = SkillBuilder()
    builder.add_request_handler(AnyRequestHandler())
    return builder


def create_bare_app() -> Flask:
    skill = bare_builder().create()
    serializer = DefaultSerializer()
    app = Flask(__name__)

    @app.post("/alexa")
    def alexa():
        request_envelope = serializer.deserialize(request.get_data(as_text=True), RequestEnvelope)
        return jsonify(serializer.serialize(skill.invoke(request_envelope=request_envelope, context=None)))

    return app


lambda_handler = bare_builder().lambda_handler()
