"""The floor we compare with: a bare ask-sdk-core skill that answers LaunchRequest with a fixed sentence, behind Flask.

No verification, no store, no logging: only what every ask-sdk-core web skill must do (read the body, deserialise
the envelope, invoke the skill, serialise the answer). Served by gunicorn as `tests.benchmarks.bare_skill:create_bare_app()`.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import RequestEnvelope
from flask import Flask, jsonify, request

SENTENCE = "Welcome to Trust Builder. What would you like to do?"


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.speak(SENTENCE).ask(SENTENCE).response


def create_bare_app() -> Flask:
    builder = SkillBuilder()
    builder.add_request_handler(LaunchHandler())
    skill = builder.create()
    serializer = DefaultSerializer()
    app = Flask(__name__)

    @app.post("/alexa")
    def alexa():
        request_envelope = serializer.deserialize(request.get_data(as_text=True), RequestEnvelope)
        return jsonify(serializer.serialize(skill.invoke(request_envelope=request_envelope, context=None)))

    return app
