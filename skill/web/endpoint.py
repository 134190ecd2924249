"""Flask plumbing for the endpoint Alexa calls: reads the body within the cap and hands it to the dispatch.

Expects `current_app.extensions["trust_builder"]` to be a skill.web.dispatch.Dispatcher. Every failure is
answered with JSON `{"error": reason}`.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from skill.web.dispatch import RejectedRequest, rejected

endpoint = Blueprint("endpoint", __name__)
# Alexa's whole request is a few KB sent at once, and it waits 8 s for the answer: a body still arriving after this
# long is a client holding a connection open. Enforced under gevent (`trust-builder serve`); see body_deadline.
BODY_READ_SECONDS = 10.0
TOO_SLOW = "request body took too long"


@endpoint.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 while the server can answer Alexa; 503 while verification may be refusing genuine requests: a download
    of a chain URL of Amazon's shape failed in the last minute for a reason other than a missing file (S3 out of
    reach). Requests with made-up chain URLs never change it: they are refused without refusing anyone else."""
    verifier = current_app.extensions["trust_builder"].verifier
    if verifier is None:
        return jsonify(status="ok", verification="off"), 200
    problem = verifier.health()
    if problem is not None:
        return jsonify(status="refusing", verification=problem), 503
    return jsonify(status="ok", verification="ok"), 200


@endpoint.post("/alexa")
def alexa() -> tuple[Response, int]:
    dispatcher = current_app.extensions["trust_builder"]
    try:
        with body_deadline():
            body = _read_at_most(dispatcher.max_body_bytes + 1)
    except RejectedRequest as rejection:
        status, answer = rejected(rejection)
    else:
        status, answer = dispatcher.dispatch(request.headers, body)
    return jsonify(answer), status


def body_deadline() -> AbstractContextManager:
    """BODY_READ_SECONDS for reading a body, where the server can enforce it: a gevent worker, whose read yields to
    a timer that raises in it. A thread blocked in a socket read cannot be interrupted: other servers need the
    buffering proxy (docs/security.md), which sends a body only once it has all of it."""
    if "gevent" in sys.modules:
        from gevent import Timeout
        from gevent.monkey import is_module_patched

        if is_module_patched("socket"):
            return Timeout(BODY_READ_SECONDS, RejectedRequest(TOO_SLOW, "size", 408))
    return nullcontext()


@endpoint.app_errorhandler(HTTPException)
def http_error_as_json(error: HTTPException) -> tuple[Response, int]:
    # Flask's default error pages are HTML; callers of this service only read JSON.
    status = error.code or 500
    return jsonify(error=(error.name or "error").lower()), status


def _read_at_most(limit: int) -> bytes:
    """The raw body, or as much of it as shows it is over the cap: a body sent without Content-Length (chunked) is
    caught as soon as it is too large, without reading all of it."""
    chunks: list[bytes] = []
    remaining = limit
    try:
        while remaining > 0:
            # A stream read may return less than asked for before the end of the body.
            chunk = request.stream.read(remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except RequestEntityTooLarge:
        # The app's MAX_CONTENT_LENGTH, when set, stops the read first.
        raise RejectedRequest("request body is too large", "size", 413) from None
    except HTTPException:
        # Werkzeug's ClientDisconnected: fewer bytes arrived than announced.
        raise RejectedRequest("request body could not be read", "size") from None
    return b"".join(chunks)
