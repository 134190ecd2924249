"""gunicorn server hooks that let the benchmarks and the shutdown test drive the real `trust-builder serve`.

Given to gunicorn as a config file through its documented environment variable, so the production command line,
app factory and flags are exactly what runs:  GUNICORN_CMD_ARGS="--config tests/gunicorn_hooks_support.py".
Each hook acts only when its variable is set:
  TRUST_TEST_WARMUP     a file from tests/live_signing_support.write_warmup_file: each worker sends that signed
                        request once while the chain is served, so its verifier has the chain cached.
  TRUST_TEST_DELAY      seconds every POST is held before the app answers, so requests stay in flight.
  TRUST_TEST_STARTED_DIR  with a delay: a file named by the request's X-Test-Request header is made there as the
                        worker starts on the request, so a test knows exactly which requests the server had.
  TRUST_TEST_S3         a JSON file {"chain": PEM, "genuine": [URL, ...]}: for the worker's life S3 is stood in for,
                        serving the chain at those URLs and 403 (S3's answer for a missing file) at every other one,
                        so that a flood of made-up chain URLs costs no network.
  TRUST_TEST_BODY_SECONDS  the deadline for reading a request body (skill.web.endpoint.BODY_READ_SECONDS), shortened
                        so that a test of it need not wait the production deadline out.
  TRUST_TEST_READY_DIR  each worker writes a file there once it is ready to serve.
"""
from __future__ import annotations

import os
import time
from pathlib import Path


def post_worker_init(worker) -> None:
    s3 = os.environ.get("TRUST_TEST_S3")
    if s3:
        _stand_in_for_s3(s3)
    body_seconds = os.environ.get("TRUST_TEST_BODY_SECONDS")
    if body_seconds:
        from skill.web import endpoint

        endpoint.BODY_READ_SECONDS = float(body_seconds)
    warmup = os.environ.get("TRUST_TEST_WARMUP")
    if warmup:
        from tests.live_signing_support import warm_from_file

        warm_from_file(worker.wsgi, warmup)
    delay = float(os.environ.get("TRUST_TEST_DELAY") or 0)
    if delay > 0:
        worker.wsgi = _delayed(worker.wsgi, delay, os.environ.get("TRUST_TEST_STARTED_DIR"))
    ready_dir = os.environ.get("TRUST_TEST_READY_DIR")
    if ready_dir:
        Path(ready_dir, f"worker-{os.getpid()}").touch()


def _stand_in_for_s3(path: str) -> None:
    import json
    import re

    import responses

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    for url in data["genuine"]:
        mock.get(url, body=data["chain"].encode("ascii"))
    mock.get(re.compile(r"https://s3\.amazonaws\.com/.*"), status=403, body=b"<Error><Code>AccessDenied</Code></Error>")
    mock.start()  # never stopped: the worker's whole life


def _delayed(app, seconds: float, started_dir: str | None):
    def delayed_app(environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST":
            name = environ.get("HTTP_X_TEST_REQUEST", "")
            if started_dir and name.isalnum():
                Path(started_dir, name).touch()
            time.sleep(seconds)
        return app(environ, start_response)

    return delayed_app
