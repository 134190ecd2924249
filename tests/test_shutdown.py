"""Graceful shutdown: `trust-builder serve` receiving SIGTERM mid-load finishes every request already in flight.

The real command runs on a free loopback port. A test hook (tests/gunicorn_hooks_support.py) holds each request
for a moment, so several are surely in flight when the signal comes, and marks each request as the worker starts
on it, so the test knows exactly which ones the server had at that instant. Every one of those must be answered
200: none may see a reset connection. Requests sent after the signal may be refused; that is not tested.
"""
from __future__ import annotations

import http.client
import json
import os
import threading
import time
from dataclasses import dataclass

from tests.gunicorn_support import running_server, serve_command
from tests.live_signing_support import launch_envelope, stamped

DELAY_S = 0.8  # how long the hook holds each request
CLIENTS = 6  # fewer than the server's 2 workers x 4 threads: nothing waits in a queue
MAX_REQUESTS_PER_CLIENT = 20
LOAD_BEFORE_SIGTERM_S = 2.0


@dataclass
class Outcome:
    name: str
    finished_at: float
    status: int | None
    error: str | None


def _post_launch(host: str, port: int, name: str) -> Outcome:
    body = json.dumps(stamped(launch_envelope(f"amzn1.ask.account.{name}"))).encode("utf-8")
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("POST", "/alexa", body=body,
                           headers={"Content-Type": "application/json", "X-Test-Request": name})
        answer = connection.getresponse()
        answer.read()
        return Outcome(name, time.monotonic(), answer.status, None)
    except OSError as error:
        return Outcome(name, time.monotonic(), None, type(error).__name__)
    finally:
        connection.close()


def test_sigterm_mid_load_answers_every_request_in_flight(tmp_path):
    started_dir = tmp_path / "started"
    started_dir.mkdir()
    env = {"TRUST_VERIFY_REQUESTS": "false", "TRUST_DATABASE": f"sqlite:///{tmp_path}/skill.sqlite3",
           "TRUST_LOG_LEVEL": "WARNING", "TRUST_TEST_DELAY": str(DELAY_S), "TRUST_TEST_STARTED_DIR": str(started_dir)}
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    stop = threading.Event()

    with running_server(serve_command, env) as server:
        def client(number: int) -> None:
            for count in range(MAX_REQUESTS_PER_CLIENT):
                if stop.is_set():
                    return
                outcome = _post_launch(server.host, server.port, f"shutdown{number}x{count}")
                with lock:
                    outcomes.append(outcome)
                if outcome.error:
                    return
                # Staggered starts, so requests are at every stage of their life when the signal comes.
                time.sleep(0.05 * ((number + count) % 4))

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(LOAD_BEFORE_SIGTERM_S)
        stop.set()
        started_before_sigterm = set(os.listdir(started_dir))
        sigterm_at = time.monotonic()
        server.terminate()
        for thread in threads:
            thread.join(timeout=30)
        exit_code = server.process.wait(timeout=30)
        log = server.log_text()

    had = [outcome for outcome in outcomes if outcome.name in started_before_sigterm]
    in_flight = [outcome for outcome in had if outcome.finished_at > sigterm_at]
    assert len(in_flight) >= CLIENTS // 2, f"too few requests in flight at SIGTERM to prove anything: {outcomes}"
    failures = [outcome for outcome in had if outcome.status != 200]
    assert not failures, f"requests the server had at SIGTERM that were not answered 200: {failures}\n{log[-3000:]}"
    assert len(had) == len(started_before_sigterm), "a request the server started never came back"
    assert exit_code == 0, log[-3000:]
    assert not any(thread.is_alive() for thread in threads)
