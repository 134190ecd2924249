"""Amazon's request checks one by one, below the endpoint: URL rules, chains, cache, fetching."""

from __future__ import annotations

import threading
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import responses
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from skill.web import verification
from skill.web.certificates import ChainCache
from skill.web.chain_download import ChainFetchError, fetch_chain_pem
from skill.web.request_checks import VerificationError, check_cert_url, check_timestamp, remove_dot_segments
from skill.web.verification import RequestVerifier, load_trust_store, validate_chain
from tests.signing import (
    CHAIN_URL,
    NOW,
    body_of,
    ca_bundle,  # noqa: F401  (a pytest fixture)
    chain_pem,
    envelope,
    intermediate_certificate,
    signed_headers,
)

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
AMAZON_CHAIN = FIXTURES / "echo-api-cert-12.pem"


def amazon_chain() -> bytes:
    if not AMAZON_CHAIN.exists():
        pytest.skip(f"Amazon's chain is kept beside the repository, at {AMAZON_CHAIN}")
    return AMAZON_CHAIN.read_bytes()


def failure(call) -> VerificationError:
    with pytest.raises(VerificationError) as caught:
        call()
    return caught.value


# --- Amazon's real chain with certifi's roots ----------------------------------------


def test_amazons_chain_is_accepted_while_its_leaf_is_valid():
    leaf = validate_chain(amazon_chain(), datetime(2023, 6, 1, tzinfo=timezone.utc), load_trust_store())

    assert leaf.subject.rfc4514_string() == "CN=echo-api.amazon.com"


def test_amazons_chain_is_rejected_after_its_leaf_expired():
    error = failure(
        lambda: validate_chain(amazon_chain(), datetime(2024, 6, 1, tzinfo=timezone.utc), load_trust_store())
    )

    assert (error.check, error.reason) == ("chain", "certificate expired")


def test_certifi_bundle_loads_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_trust_store()


# --- Certificate URL ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/other/../echo.api/./echo-api-cert.pem",
        "HtTpS://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
    ],
)
def test_valid_cert_urls_normalise_to_one_cache_key(url):
    assert check_cert_url(url) == "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/../secret/echo-api-cert.pem",
        "https://user:pw@s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api",
        "ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "",
    ],
)
def test_tricky_cert_urls_are_refused(url):
    assert failure(lambda: check_cert_url(url)).check == "url"


@pytest.mark.parametrize(
    ("path", "resolved"),
    [("/a/b/c/./../../g", "/a/g"), ("mid/content=5/../6", "mid/6"), ("/../x", "/x"), ("/a//b/../c", "/a//c"), ("/a/..", "/")],
)
def test_dot_segments_are_removed_as_rfc_3986_says(path, resolved):
    assert remove_dot_segments(path) == resolved


# --- Timestamp -----------------------------------------------------------------------------


def test_timestamp_that_is_not_iso_8601_is_refused():
    broken = envelope()
    broken["request"]["timestamp"] = "yesterday"

    error = failure(lambda: check_timestamp(broken, NOW))

    assert (error.check, error.reason) == ("timestamp", "timestamp is not ISO 8601")


# --- RequestVerifier as a whole ------------------------------------------------------------


@pytest.fixture
def amazon():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(CHAIN_URL, body=chain_pem())
        yield mock


def test_any_skill_id_is_accepted_when_none_is_configured(ca_bundle, amazon):
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)
    body = body_of(envelope(application_id="amzn1.ask.skill.anyone"))

    verifier.verify(signed_headers(body), body, envelope(application_id="amzn1.ask.skill.anyone"))


def test_header_names_are_matched_without_regard_to_case(ca_bundle, amazon):
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)
    body = body_of(envelope())
    lowercase = {name.lower(): value for name, value in signed_headers(body).items()}

    verifier.verify(lowercase, body, envelope())


def test_a_stale_timestamp_is_refused_before_the_chain_is_fetched(ca_bundle, amazon):
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)
    stale = envelope(timestamp=NOW - timedelta(days=1))
    headers = signed_headers(b"something else")

    assert failure(lambda: verifier.verify(headers, body_of(stale), stale)).check == "timestamp"
    assert not amazon.calls


def test_leaf_without_an_rsa_key_is_refused(ca_bundle):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)
    body = body_of(envelope())
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, body=chain_pem(public_key=ec_key.public_key()))
        error = failure(lambda: verifier.verify(signed_headers(body), body, envelope()))

    assert (error.check, error.reason) == ("signature", "certificate key is not RSA")


# --- Validating a cached chain once -----------------------------------------------------------


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _verify_at(verifier: RequestVerifier, clock: _Clock, moment: datetime) -> None:
    clock.now = moment
    request = envelope(timestamp=moment)
    body = body_of(request)
    verifier.verify(signed_headers(body), body, request)


def test_a_cached_chain_is_validated_once_for_many_requests(ca_bundle, monkeypatch):
    validations = []

    def counted(pem, at, store):
        validations.append(at)
        return real_trusted_chain(pem, at, store)

    real_trusted_chain = verification.trusted_chain
    monkeypatch.setattr(verification, "trusted_chain", counted)
    clock = _Clock(NOW)
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=clock)
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, body=chain_pem())
        for minute in range(100):
            _verify_at(verifier, clock, NOW + timedelta(minutes=minute))
        downloads = len(mock.calls)

    assert (downloads, validations) == (1, [NOW])


def test_a_request_past_the_leafs_expiry_is_refused_even_when_cached(ca_bundle):
    clock = _Clock(NOW)
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=clock)
    expiry = NOW + timedelta(hours=1)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        # The same chain is served again: only a new validation at the request's time may refuse it.
        mock.get(CHAIN_URL, body=chain_pem(not_after=expiry))
        _verify_at(verifier, clock, NOW)
        _verify_at(verifier, clock, expiry)  # the last moment it is valid: still from the cache
        assert len(mock.calls) == 1
        error = failure(lambda: _verify_at(verifier, clock, expiry + timedelta(seconds=1)))

    assert (error.check, error.reason) == ("chain", "certificate expired")


def test_a_cached_chain_ends_when_its_intermediate_expires_before_its_leaf(ca_bundle):
    intermediate_expiry = intermediate_certificate().not_valid_after_utc
    clock = _Clock(NOW)
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=clock)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(CHAIN_URL, body=chain_pem(not_after=intermediate_expiry + timedelta(days=365)))
        _verify_at(verifier, clock, NOW)
        error = failure(lambda: _verify_at(verifier, clock, intermediate_expiry + timedelta(days=1)))

    assert (error.check, error.reason) == ("chain", "certificate chain is not trusted")


def test_a_cached_chain_is_not_used_before_its_dates(ca_bundle):
    clock = _Clock(NOW)
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=clock)
    start = NOW - timedelta(hours=1)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(CHAIN_URL, body=chain_pem(not_before=start))
        _verify_at(verifier, clock, NOW)
        error = failure(lambda: _verify_at(verifier, clock, start - timedelta(seconds=1)))

    assert (error.check, error.reason) == ("chain", "certificate not yet valid")


# --- Fetching and caching ---------------------------------------------------------------------


def test_redirects_are_not_followed():
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, status=301, headers={"Location": "https://example.com/chain.pem"})
        with pytest.raises(ChainFetchError, match="HTTP 301"):
            fetch_chain_pem(CHAIN_URL, timeout=1.0, max_bytes=65536)


def test_a_slow_trickle_is_cut_off_at_the_timeout():
    # requests' timeout applies per socket read; the whole download needs its own limit.
    with pytest.raises(ChainFetchError, match="timed out"):
        fetch_chain_pem(CHAIN_URL, timeout=0.05, max_bytes=65536, session=_TrickleSession())


class _TrickleSession:
    def get(self, url, **options):
        return _TrickleResponse()


class _TrickleResponse:
    status_code = 200
    headers: dict[str, str] = {}

    def __init__(self):
        self.raw = self  # read1 is urllib3's, on response.raw
        self.left = 100

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def read1(self, amount):
        time.sleep(0.01)
        self.left -= 1
        return b"-" if self.left >= 0 else b""


def test_concurrent_requests_share_one_download():
    downloads = []

    def slow_fetch(url: str) -> bytes:
        downloads.append(url)
        time.sleep(0.05)
        return chain_pem()

    cache = ChainCache(slow_fetch)
    leaf = _leaf_of(chain_pem())
    threads = [
        threading.Thread(target=cache.chain_pem, args=(CHAIN_URL, NOW, lambda pem: leaf)) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert downloads == [CHAIN_URL]


def test_a_rejected_chain_is_remembered_for_a_while_then_downloaded_again():
    downloads = []
    clock = [0.0]

    def fetch(url: str) -> bytes:
        downloads.append(url)
        return b"garbage"

    def reject(pem: bytes):
        raise VerificationError("certificate expired", "chain")

    cache = ChainCache(fetch, remember_failure_seconds=300, clock=lambda: clock[0])
    for moment in (0.0, 299.0, 301.0):
        clock[0] = moment
        with pytest.raises((VerificationError, ChainFetchError), match="certificate expired"):
            cache.chain_pem(CHAIN_URL, NOW, reject)

    assert len(downloads) == 2  # at 0 s, and again once the failure was forgotten at 300 s


def test_a_download_that_may_succeed_next_time_is_not_remembered():
    downloads = []

    def fetch(url: str) -> bytes:
        downloads.append(url)
        raise ChainFetchError("certificate chain download failed (ConnectTimeout)")

    cache = ChainCache(fetch)
    for _ in range(2):
        with pytest.raises(ChainFetchError):
            cache.chain_pem(CHAIN_URL, NOW, _leaf_of)

    assert len(downloads) == 2


def _leaf_of(pem: bytes) -> x509.Certificate:
    return x509.load_pem_x509_certificates(pem)[0]
