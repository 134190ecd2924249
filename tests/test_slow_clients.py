"""Slow clients cannot stall `trust-builder serve`: while 64 connections trickle their requests in (reconnecting when
dropped), /healthz and /alexa still answer within a second. Loopback only; every client and probe is bounded in time.

Measured with these clients (2026-12, 2 workers): gthread, 2 x 4 threads: about half the probes got no answer within
1 s; gevent workers: every probe answered, the slowest in 7 ms; waitress, 8 threads: every probe, the slowest 116 ms.
"""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time

from tests.gunicorn_support import LOOPBACK, running_server, serve_command
from tests.live_signing_support import launch_envelope, stamped

SLOW_CLIENTS = 64
HOLD_S = 4.0  # how long the slow clients are held open while the server is probed
TRICKLE_PAUSE_S = 0.25


def _trickle(port: int, slow_part: str, stop: threading.Event, dropped: list[str]) -> None:
    """One client that sends its headers, or its body, one byte at a time until told to stop. Dropped by the server
    (gunicorn's gevent worker gives a request's headers the keep-alive timeout, 2 s), it connects again at once, as
    an attacker would, and `dropped` hears of it."""
    head = b"POST /alexa HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    if slow_part == "headers":
        sent_at_once, trickled = head, b"Content-Length: 2\r\n\r\n{}"
    else:
        sent_at_once, trickled = head + b"Content-Length: 4000\r\n\r\n", b" " * 4000
    while not stop.is_set():
        try:
            with socket.create_connection((LOOPBACK, port), timeout=5) as connection:
                connection.sendall(sent_at_once)
                for byte in trickled:
                    if stop.wait(TRICKLE_PAUSE_S):
                        return
                    connection.sendall(bytes([byte]))
        except OSError:
            dropped.append(slow_part)


def _timed(port: int, method: str, path: str, body: bytes | None = None, *, timeout: float) -> tuple[int, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        answer.read()
        return answer.status, time.monotonic() - started
    finally:
        connection.close()


def test_the_server_keeps_answering_while_64_slow_clients_are_held_open():
    launch = json.dumps(stamped(launch_envelope("amzn1.ask.account.SLOW"))).encode("utf-8")
    env = {"TRUST_DATABASE": "none", "TRUST_VERIFY_REQUESTS": "false"}
    with running_server(serve_command, env) as server:
        stop, dropped = threading.Event(), []
        clients = [threading.Thread(target=_trickle, args=(server.port, ("headers", "body")[n % 2], stop, dropped),
                                    daemon=True) for n in range(SLOW_CLIENTS)]
        for client in clients:
            client.start()
        try:
            time.sleep(1.0)  # every slow client connected and sending
            health, launches = [], []
            deadline = time.monotonic() + HOLD_S
            while time.monotonic() < deadline:
                health.append(_timed(server.port, "GET", "/healthz", timeout=1.0))
                # A launch is real work, which a loaded test machine may slow down: only its answer is asserted.
                launches.append(_timed(server.port, "POST", "/alexa", launch, timeout=10.0))
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=5)
    assert "body" not in dropped, "a slow body costs the server a waiting greenlet, and is waited for its deadline"
    assert health and all(status == 200 for status, _ in health + launches), (health, launches)
    assert max(seconds for _, seconds in health) < 1.0


def test_a_body_still_trickling_at_its_deadline_is_answered_408_and_the_connection_dropped():
    env = {"TRUST_DATABASE": "none", "TRUST_VERIFY_REQUESTS": "false", "TRUST_TEST_BODY_SECONDS": "1"}
    with running_server(serve_command, env) as server:
        with socket.create_connection((LOOPBACK, server.port), timeout=10) as connection:
            connection.sendall(b"POST /alexa HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 4000\r\n\r\n")
            received, sent, closed = b"", 0, False
            connection.settimeout(0.2)
            while sent < 100 and not closed:  # 20 s of trickle at most; the deadline is 1 s
                try:
                    connection.sendall(b" ")
                    sent += 1
                    more = connection.recv(4096)
                    received += more
                    closed = not more
                except socket.timeout:
                    continue
                except OSError:
                    closed = True
        healthy = _timed(server.port, "GET", "/healthz", timeout=2.0)[0]

    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert b"request body took too long" in received
    # Answered at the deadline; the rest of the trickle is not a request, and gunicorn drops it at its keep-alive
    # timeout (2 s).
    assert closed and sent < 40, f"still open after {sent} trickled bytes"
    assert healthy == 200
