"""What the red-team pass found in fetching and caching signing chains, each pinned: no download before the cheap
checks, one cache key per file, a bounded cache, and one deadline on a whole download. Loopback only."""
from __future__ import annotations

import re
import threading
import time
import tracemalloc
from datetime import timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import responses

from skill.web.certificates import DOWNLOADS_PER_MINUTE, MAX_CHAINS, ChainCache
from skill.web.chain_download import ChainFetchError, fetch_chain_pem
from skill.web.request_checks import VerificationError, check_cert_url
from skill.web.verification import RequestVerifier
from tests.signing import (
    CHAIN_URL,
    NOW,
    body_of,
    ca_bundle,  # noqa: F401  (a pytest fixture)
    chain_pem,
    envelope,
    signed_headers,
)

ANY_CHAIN_URL = re.compile(r"https://s3\.amazonaws\.com/.*")


def failure(call) -> VerificationError:
    with pytest.raises(VerificationError) as caught:
        call()
    return caught.value


@pytest.fixture
def s3():
    """Stands in for S3, serving the test chain at every URL: the worst case, where any spelling finds the file."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(ANY_CHAIN_URL, body=chain_pem())
        yield mock


@pytest.fixture
def verifier(ca_bundle):
    return RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)


def verify(verifier, url=CHAIN_URL, request=None, *, signed=True):
    request = request or envelope()
    body = body_of(request)
    headers = signed_headers(body, url=url)
    if not signed:
        del headers["Signature-256"]
    verifier.verify(headers, body, request)


# --- Nothing is downloaded for a request the cheap checks refuse ----------------------------------------------------

def test_no_chain_is_fetched_for_a_request_without_a_signature(verifier, s3):
    assert failure(lambda: verify(verifier, signed=False)).reason == "missing Signature-256 header"
    assert not s3.calls


def test_no_chain_is_fetched_for_a_stale_request(verifier, s3):
    stale = envelope(timestamp=NOW - timedelta(minutes=10))
    assert failure(lambda: verify(verifier, request=stale)).check == "timestamp"
    assert not s3.calls


# --- One file, one cache key, one download --------------------------------------------------------------------------

SPELLINGS = [
    "https://s3.amazonaws.com/%65cho.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/echo-api-cert-%74est.pem",
    "https://S3.AMAZONAWS.COM:443/echo.api/./echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem",
]


def test_every_spelling_of_one_file_fetches_it_once(verifier, s3):
    for url in [CHAIN_URL, *SPELLINGS]:
        verify(verifier, url)
    assert [call.request.url for call in s3.calls] == [CHAIN_URL]


@pytest.mark.parametrize("url", [
    CHAIN_URL + "?x=1", CHAIN_URL + "?", CHAIN_URL + "#top",
    "https://s3.amazonaws.com/echo.api/%2e%2e/other-bucket/x.pem",
    "https://s3.amazonaws.com/echo.api/%2E%2E/other-bucket/x.pem",
    "https://s3.amazonaws.com/echo.api/..%2fother-bucket/x.pem",
    "https://s3.amazonaws.com/echo.api/x%5c..%5c..%5cother.pem",
    "https://s3.amazonaws.com/echo.api/%00.pem",
    "https://user@s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
])
def test_queries_fragments_user_info_and_encoded_separators_are_refused(url):
    assert failure(lambda: check_cert_url(url)).check == "url"


# --- A flood of chain URLs --------------------------------------------------------------------------------------------

def test_1500_distinct_chain_urls_leave_the_cache_bounded_and_a_genuine_request_answered(verifier, s3):
    verify(verifier)  # the genuine chain, cached
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        refused = 0
        for n in range(1500):
            try:
                verify(verifier, f"https://s3.amazonaws.com/echo.api/flood-{n}.pem")
            except VerificationError:
                refused += 1
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    verify(verifier)  # still answered: from the cache, or downloaded again outside the budget

    assert len(s3.calls) <= 2 + DOWNLOADS_PER_MINUTE
    assert refused >= 1500 - DOWNLOADS_PER_MINUTE
    assert len(verifier._chains) <= MAX_CHAINS  # noqa: SLF001 - the bound itself is what is tested
    assert grown < 2_000_000, f"{grown} bytes kept after the flood"


def test_a_download_of_one_url_does_not_hold_up_another():
    release = threading.Event()

    def fetch(url: str) -> bytes:
        if "slow" in url:
            release.wait(5)
        return chain_pem()

    cache = ChainCache(fetch, wait_seconds=5)
    accept = partial(_validity_of_test_chain)
    slow = threading.Thread(target=lambda: cache.chain_pem("https://s3.amazonaws.com/echo.api/slow.pem", NOW, accept))
    slow.start()
    try:
        started = time.monotonic()
        cache.chain_pem(CHAIN_URL, NOW, accept)
        assert time.monotonic() - started < 1.0
    finally:
        release.set()
        slow.join(5)


def _validity_of_test_chain(pem: bytes):
    from cryptography import x509

    return x509.load_pem_x509_certificates(pem)[0]


# --- One deadline on a whole download ---------------------------------------------------------------------------------

class _Trickle(BaseHTTPRequestHandler):
    """Headers at once, then a body of 2,000 bytes one byte every 20 ms: each read is quick, the whole is 40 s."""

    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Length", "2000")
        self.end_headers()
        try:
            for _ in range(2000):
                self.wfile.write(b"-")
                self.wfile.flush()
                time.sleep(0.02)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture
def trickling_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/echo.api/chain.pem"
    server.shutdown()
    server.server_close()


def test_a_slow_drip_download_ends_at_its_deadline(trickling_server):
    started = time.monotonic()
    with pytest.raises(ChainFetchError, match="timed out"):
        fetch_chain_pem(trickling_server, timeout=0.5, max_bytes=65536)
    assert time.monotonic() - started < 1.5


def test_a_request_waits_for_a_download_no_longer_than_the_deadline(trickling_server):
    cache = ChainCache(partial(fetch_chain_pem, timeout=30, max_bytes=65536), wait_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(ChainFetchError, match="timed out"):
        cache.chain_pem(trickling_server, NOW, _validity_of_test_chain)
    assert time.monotonic() - started < 1.5
