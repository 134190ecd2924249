"""No rate of unauthenticated requests locks genuine Alexa traffic out (issue N1), on a fresh app and after a flood.

Before the chain is downloaded an attacker can forge everything a request shows, any chain URL of Amazon's shape
included; what they cannot do is make S3 serve a chain at a URL they made up. S3 is stood in for by `responses`:
the genuine URLs serve the test chain, every other URL answers 403 as S3 does for a file that is not there.
"""
from __future__ import annotations

import base64
import os
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
import responses

from skill.app import create_app
from skill.settings import Settings
from skill.web.certificates import DOWNLOADS_PER_MINUTE, amazon_shaped
from skill.web.request_checks import VerificationError
from skill.web.verification import RequestVerifier
from tests.signing import NOW, body_of, ca_bundle, chain_pem, envelope, sign  # noqa: F401 (ca_bundle: a fixture)

GENUINE = "https://s3.amazonaws.com/echo.api/echo-api-cert-13.pem"
NEXT_GENUINE = "https://s3.amazonaws.com/echo.api/echo-api-cert-14.pem"  # Amazon's next chain, after a rotation
ANY_S3_URL = re.compile(r"https://s3\.amazonaws\.com/.*")
AMAZON_SHAPED_COUNT = 1001  # echo-api-cert.pem and echo-api-cert-0.pem to echo-api-cert-999.pem


def made_up_urls() -> list[str]:
    """Every URL of Amazon's shape but the genuine ones, then as many of other shapes: what a flood can name."""
    shaped = ["https://s3.amazonaws.com/echo.api/echo-api-cert.pem"] + [
        f"https://s3.amazonaws.com/echo.api/echo-api-cert-{n}.pem" for n in range(1000)]
    shaped = [url for url in shaped if url not in (GENUINE, NEXT_GENUINE)]
    return shaped + [f"https://s3.amazonaws.com/echo.api/flood-{n}.pem" for n in range(500)]


def sample_of_made_up_urls() -> list[str]:
    """A tenth of them, both shapes: enough for the tests that do not need the whole namespace."""
    return made_up_urls()[::10]


def forged_headers(url: str, body: bytes) -> dict[str, str]:
    """What an attacker can send: a well-formed signature (256 random bytes), any chain URL."""
    return {"SignatureCertChainUrl": url, "Signature-256": base64.b64encode(os.urandom(256)).decode("ascii")}


def genuine_headers(url: str, body: bytes) -> dict[str, str]:
    return {"SignatureCertChainUrl": url, "Signature-256": sign(body)}


@pytest.fixture
def s3():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for url in (GENUINE, NEXT_GENUINE):
            mock.get(url, body=chain_pem())
        mock.get(ANY_S3_URL, status=403, body=b"<Error><Code>AccessDenied</Code></Error>")
        yield mock


def downloads(s3) -> Counter:
    return Counter(call.request.url for call in s3.calls)


@pytest.fixture
def verifier(ca_bundle):
    return RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)


def attempt(verifier, url: str, *, genuine: bool, request=None) -> str | None:
    """None when the request passed verification, else the reason it was refused."""
    request = request or envelope()
    body = body_of(request)
    headers = (genuine_headers if genuine else forged_headers)(url, body)
    try:
        verifier.verify(headers, body, request)
    except VerificationError as error:
        return error.reason
    return None


def test_the_shape_of_amazons_urls_names_1001_urls():
    assert sum(amazon_shaped(url) for url in made_up_urls()) == AMAZON_SHAPED_COUNT - 2
    assert amazon_shaped("https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem")
    for other in ("https://s3.amazonaws.com/echo.api/echo-api-cert-012.pem",
                  "https://s3.amazonaws.com/echo.api/echo-api-cert-1000.pem",
                  "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"):
        assert not amazon_shaped(other)


def test_after_a_flood_of_made_up_urls_a_genuine_request_with_a_new_chain_url_passes(verifier, s3):
    flood = made_up_urls()
    refused = [attempt(verifier, url, genuine=False) for url in flood]

    assert attempt(verifier, GENUINE, genuine=True) is None  # new to the process, after 1,499 made-up URLs
    assert all(refused)
    # Bounded: each URL of Amazon's shape once, and a few of the others; none twice.
    made = downloads(s3)
    assert max(made.values()) == 1
    assert len(made) <= AMAZON_SHAPED_COUNT + DOWNLOADS_PER_MINUTE
    assert sum(reason.startswith("too many new") for reason in refused) >= 500 - DOWNLOADS_PER_MINUTE


def test_a_second_flood_of_the_same_urls_downloads_nothing(verifier, s3):
    flood = sample_of_made_up_urls()
    for url in flood:
        attempt(verifier, url, genuine=False)
    before = len(s3.calls)

    for url in flood:
        assert attempt(verifier, url, genuine=False)
    assert len(s3.calls) == before


def test_after_a_flood_and_a_rotation_the_next_chain_passes_too(verifier, s3):
    flood = sample_of_made_up_urls()
    for url in flood[:100]:
        attempt(verifier, url, genuine=False)
    assert attempt(verifier, GENUINE, genuine=True) is None

    # Amazon moves to its next chain while the flood goes on.
    for url in flood[100:]:
        attempt(verifier, url, genuine=False)
    assert attempt(verifier, NEXT_GENUINE, genuine=True) is None
    assert attempt(verifier, GENUINE, genuine=True) is None


def test_a_forged_request_naming_the_genuine_url_costs_one_download_and_locks_nothing(verifier, s3):
    for _ in range(50):
        assert attempt(verifier, GENUINE, genuine=False) == "signature does not match"
    assert attempt(verifier, GENUINE, genuine=True) is None
    assert downloads(s3)[GENUINE] == 1


def test_a_concurrent_burst_of_made_up_urls_does_not_refuse_genuine_requests_in_its_midst(verifier, s3):
    flood = made_up_urls()[::4]
    genuine_at = set(range(0, len(flood), 40))

    def one(index: int) -> tuple[bool, str | None]:
        if index in genuine_at:
            return True, attempt(verifier, GENUINE, genuine=True)
        return False, attempt(verifier, flood[index], genuine=False)

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(one, range(len(flood))))

    assert [reason for genuine, reason in results if genuine] == [None] * len(genuine_at)
    assert all(reason for genuine, reason in results if not genuine)
    assert max(downloads(s3).values()) == 1


def test_a_burst_naming_one_new_url_downloads_it_once(verifier, s3):
    barrier = threading.Barrier(40)

    def one(_: int) -> str | None:
        barrier.wait()
        return attempt(verifier, GENUINE, genuine=True)

    with ThreadPoolExecutor(max_workers=40) as pool:
        assert list(pool.map(one, range(40))) == [None] * 40
    assert downloads(s3) == Counter({GENUINE: 1})


def test_a_stale_or_unsigned_flood_downloads_nothing(verifier, s3):
    stale = envelope(timestamp=NOW - timedelta(minutes=10))
    for url in sample_of_made_up_urls():
        assert attempt(verifier, url, genuine=False, request=stale) == "timestamp is too far from now"
        body = body_of(envelope())
        short = {"SignatureCertChainUrl": url, "Signature-256": base64.b64encode(b"x" * 20).decode()}
        with pytest.raises(VerificationError, match="length of an RSA signature"):
            verifier.verify(short, body, envelope())
    assert not s3.calls


# --- Through the app: the answer, and what /healthz says ----------------------------------------------------------

@pytest.fixture
def signed_app(ca_bundle):
    """The real app, its verifier on the test PKI's clock."""
    app = create_app(Settings(database="none", ca_bundle=ca_bundle, verify_requests=True))
    app.extensions["trust_builder"].verifier = RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)
    return app


def post(client, url: str, *, genuine: bool):
    body = body_of(envelope())
    headers = {**(genuine_headers if genuine else forged_headers)(url, body), "Content-Type": "application/json"}
    return client.post("/alexa", data=body, headers=headers)


def test_a_fresh_app_flooded_answers_the_genuine_request_and_stays_healthy(signed_app, s3):
    client = signed_app.test_client()
    health = []
    for n, url in enumerate(sample_of_made_up_urls()):
        assert post(client, url, genuine=False).status_code == 400
        if n % 10 == 0:
            health.append(client.get("/healthz").status_code)

    answer = post(client, GENUINE, genuine=True)

    assert answer.status_code == 200, answer.get_json()
    assert set(health) == {200}
    assert client.get("/healthz").get_json() == {"status": "ok", "verification": "ok"}


def test_healthz_says_so_while_amazons_chain_cannot_be_downloaded(signed_app):
    client = signed_app.test_client()
    with responses.RequestsMock() as unreachable:
        unreachable.get(GENUINE, body=requests.ConnectionError("no route to S3"))
        assert post(client, GENUINE, genuine=True).status_code == 400
    health = client.get("/healthz")

    assert health.status_code == 503
    assert health.get_json()["status"] == "refusing"
