"""A flood of forged requests against freshly started `trust-builder serve` workers refuses none of Alexa's (issue N1).

Loopback only and bounded: 8 clients send at most FLOOD_CAP forged requests (fresh timestamps, well-formed random
signatures, chain URLs of Amazon's shape and others, all made up) for FLOOD_SECONDS, while one client sends genuine
signed requests (a launch and a crisis turn) whose chain URL is new to the workers, moving to Amazon's next chain
half-way (a rotation). S3 is stood in for inside the workers (tests/gunicorn_hooks_support.py, TRUST_TEST_S3).

Measured here (2026-12, 2 gevent workers, a busy shared machine): 300-500 forged requests in 4 s (as many as these
clients could send), every one refused; 18 of 18 and 24 of 24 genuine requests answered in two runs, the slowest
in 0.25-0.34 s; /healthz 200 throughout.
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import random
import threading
import time
from pathlib import Path

from tests.gunicorn_support import LOOPBACK, running_server, serve_command
from tests.live_signing_support import (
    SKILL_ID,
    launch_envelope,
    live_chain_pem,
    stamped,
    write_live_ca_bundle,
)
from tests.signing import sign

GENUINE = "https://s3.amazonaws.com/echo.api/echo-api-cert-13.pem"
NEXT_GENUINE = "https://s3.amazonaws.com/echo.api/echo-api-cert-14.pem"
FLOOD_CLIENTS = 8
FLOOD_SECONDS = 4.0
FLOOD_CAP = 6000
GENUINE_PAUSE_S = 0.1


def _crisis_envelope() -> dict:
    request = launch_envelope("amzn1.ask.account.LIVE")
    request["session"]["new"] = False
    request["request"] = {**request["request"], "type": "IntentRequest",
                          "intent": {"name": "CrisisIntent", "confirmationStatus": "NONE", "slots": {}}}
    return request


def _post(port: int, body: bytes, headers: dict[str, str], timeout: float = 10.0) -> tuple[int, float, dict]:
    started = time.monotonic()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("POST", "/alexa", body=body, headers={"Content-Type": "application/json", **headers})
        answer = connection.getresponse()
        data = answer.read()
        return answer.status, time.monotonic() - started, json.loads(data or b"{}")
    finally:
        connection.close()


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def _made_up_url(rng: random.Random) -> str:
    if rng.random() < 0.7:  # Amazon's shape, any number but the genuine ones
        number = rng.choice([n for n in range(1000) if n not in (13, 14)])
        return f"https://s3.amazonaws.com/echo.api/echo-api-cert-{number}.pem"
    return f"https://s3.amazonaws.com/echo.api/made-up-{rng.randrange(10**9)}.pem"


def _flood(port: int, stop: threading.Event, statuses: list[int], sent: list[int], seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set() and len(sent) < FLOOD_CAP:
        sent.append(1)
        body = json.dumps(stamped(launch_envelope("amzn1.ask.account.FLOOD"))).encode("utf-8")
        headers = {"SignatureCertChainUrl": _made_up_url(rng),
                   "Signature-256": base64.b64encode(os.urandom(256)).decode("ascii")}
        try:
            statuses.append(_post(port, body, headers)[0])
        except OSError:
            statuses.append(0)


def _genuine(port: int, url: str, request: dict) -> tuple[int, float, dict]:
    body = json.dumps(stamped(request)).encode("utf-8")
    return _post(port, body, {"Signature-256": sign(body), "SignatureCertChainUrl": url})


def test_a_flood_of_forged_requests_on_fresh_workers_refuses_no_genuine_request(tmp_path: Path):
    s3 = tmp_path / "s3.json"
    s3.write_text(json.dumps({"chain": live_chain_pem().decode("ascii"), "genuine": [GENUINE, NEXT_GENUINE]}))
    env = {"TRUST_DATABASE": "none", "TRUST_VERIFY_REQUESTS": "true", "TRUST_SKILL_ID": SKILL_ID,
           "TRUST_CA_BUNDLE": write_live_ca_bundle(tmp_path), "TRUST_TEST_S3": str(s3)}
    with running_server(serve_command, env) as server:
        stop, flood_statuses, sent = threading.Event(), [], []
        clients = [threading.Thread(target=_flood, args=(server.port, stop, flood_statuses, sent, n), daemon=True)
                   for n in range(FLOOD_CLIENTS)]
        for client in clients:
            client.start()
        genuine, health = [], []
        deadline = time.monotonic() + FLOOD_SECONDS
        try:
            while time.monotonic() < deadline:
                url = GENUINE if deadline - time.monotonic() > FLOOD_SECONDS / 2 else NEXT_GENUINE
                for request in (launch_envelope("amzn1.ask.account.LIVE"), _crisis_envelope()):
                    genuine.append((url, *_genuine(server.port, url, request)))
                health.append(_get(server.port, "/healthz"))
                time.sleep(GENUINE_PAUSE_S)
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=15)
        after = [_genuine(server.port, NEXT_GENUINE, launch_envelope("amzn1.ask.account.LIVE")) for _ in range(5)]

    refused = [(url, status, answer) for url, status, _, answer in genuine if status != 200]
    slowest = max(seconds for _, _, seconds, _ in genuine)
    print(f"\nforged: {len(flood_statuses)} sent, {flood_statuses.count(400)} refused with 400; genuine: "
          f"{len(genuine) - len(refused)} of {len(genuine)} answered, slowest {slowest:.3f} s; healthz {set(health)}")
    assert not refused, refused
    assert all(status == 200 for status, _, _ in after)
    assert any(url == NEXT_GENUINE for url, *_ in genuine) and any(url == GENUINE for url, *_ in genuine)
    assert len(flood_statuses) > 100 and set(flood_statuses) == {400}
    assert set(health) == {200}
