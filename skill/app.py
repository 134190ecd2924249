"""The Flask application factory: reads settings once, builds the skill, and mounts the endpoint."""
from __future__ import annotations

import logging

from flask import Flask

from skill.log_safety import skip_call_sites
from skill.settings import Settings
from skill.skill_builder import build_skill, published_locales
from skill.web.dispatch import MAX_BODY_BYTES, Dispatcher
from skill.web.endpoint import endpoint
from skill.web.verification import RequestVerifier

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    dispatcher = Dispatcher(build_skill(settings), verifier=_verifier(settings), skill_ids=settings.skill_ids,
                            max_body_bytes=MAX_BODY_BYTES)
    # gunicorn calls this factory in each worker before it serves: the first turn finds everything built.
    dispatcher.prepare(published_locales())
    app.extensions["trust_builder"] = dispatcher
    app.register_blueprint(endpoint)
    return app


def _verifier(settings: Settings) -> RequestVerifier | None:
    if not settings.verify_requests:
        log.warning("TRUST_VERIFY_REQUESTS is false: requests are not checked to come from Alexa; never do this in production")
        return None
    if not settings.skill_ids:
        log.warning("TRUST_SKILL_ID is not set: requests from any skill id are accepted")
    return RequestVerifier(ca_bundle=settings.ca_bundle)


def configure_logging(level: str) -> None:
    """One line per event on stderr; left alone when the host (gunicorn, pytest) already set handlers up."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("skill").setLevel(level)
    skip_call_sites()
