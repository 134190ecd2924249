"""Amazon's checks that a request to the web endpoint really comes from Alexa: the signing chain, and all of them in order.

The checks that need no network run first (certificate URL, signature header, timestamp), then the chain is
fetched (or found in the cache) and validated, and the signature over the raw body checked with it. The first
failure raises `VerificationError`, which the dispatch answers with HTTP 400. The application id is the
dispatch's to check, in every configuration.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Any

import certifi
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as PathValidationError

from skill.web.certificates import ChainCache
from skill.web.chain_download import ChainFetchError, fetch_chain_pem
from skill.web.request_checks import (
    CERT_URL_HEADER,
    SIGNATURE_HEADER,
    VerificationError,
    as_utc,
    check_cert_url,
    check_signature_by_key,
    check_timestamp,
    decoded_signature,
    header_value,
)

SIGNING_DOMAIN = "echo-api.amazon.com"
DEFAULT_MAX_CHAIN_BYTES = 64 * 1024  # Amazon's chain is about 7 KB.


class UnreadableChain(VerificationError):
    """The download is not PEM at all: garbled or cut short on the way, perhaps. Unlike a chain that fails its
    checks (an expired one, say), this is not remembered: the next request downloads it again."""

    lasting = False


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def load_trust_store(ca_bundle: str | None = None) -> Store:
    """Trusted roots from a PEM bundle file; certifi's bundle when `ca_bundle` is None."""
    with open(ca_bundle or certifi.where(), "rb") as bundle:
        pem = bundle.read()
    # certifi ships a few legacy roots that cryptography warns about (e.g. a
    # non-positive serial number); they load fine and are not ours to fix.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        roots = x509.load_pem_x509_certificates(pem)
    return Store(roots)


@dataclass(frozen=True)
class TrustedChain:
    """What one full validation of a chain established, and the dates it holds for.

    Nothing else in the result depends on the time, so while the clock is within every
    certificate of the validated path (latest not_valid_before, earliest not_valid_after)
    the same validation would succeed again, and the chain need not be validated again.
    """

    leaf: x509.Certificate
    public_key: CertificatePublicKeyTypes
    not_valid_before_utc: datetime
    not_valid_after_utc: datetime


def validate_chain(pem: bytes, at: datetime, store: Store) -> x509.Certificate:
    """The signing (leaf) certificate of a PEM chain valid at `at` for echo-api.amazon.com.

    Raises VerificationError (check "chain") naming the first problem found.
    """
    return trusted_chain(pem, at, store).leaf


def trusted_chain(pem: bytes, at: datetime, store: Store) -> TrustedChain:
    """validate_chain, answering with the leaf's key and the dates between which the answer holds."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError:
        certificates = []
    if not certificates:
        raise UnreadableChain("certificate chain is not valid PEM", "chain")
    leaf, intermediates = certificates[0], certificates[1:]
    at = as_utc(at)
    # Dates and name are checked by hand first only to give a precise reason;
    # the path validation below checks them again along with everything else.
    if at < leaf.not_valid_before_utc:
        raise VerificationError("certificate not yet valid", "chain")
    if at > leaf.not_valid_after_utc:
        raise VerificationError("certificate expired", "chain")
    if SIGNING_DOMAIN not in _san_dns_names(leaf):
        raise VerificationError(f"certificate is not for {SIGNING_DOMAIN}", "chain")
    verifier = PolicyBuilder().store(store).time(at).build_server_verifier(DNSName(SIGNING_DOMAIN))
    try:
        path = verifier.verify(leaf, intermediates)
    except PathValidationError:
        raise VerificationError("certificate chain is not trusted", "chain") from None
    # The path actually validated, leaf to root, not every certificate the server sent.
    return TrustedChain(
        leaf=leaf,
        public_key=leaf.public_key(),
        not_valid_before_utc=max(certificate.not_valid_before_utc for certificate in path),
        not_valid_after_utc=min(certificate.not_valid_after_utc for certificate in path),
    )


def _san_dns_names(certificate: x509.Certificate) -> set[str]:
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (x509.ExtensionNotFound, ValueError):
        return set()
    # An exact name, not a wildcard: Amazon requires this domain to be listed.
    return {name.lower() for name in san.get_values_for_type(x509.DNSName)}


class RequestVerifier:
    """Runs all of Amazon's checks on one request; safe to share between threads."""

    def __init__(
        self,
        *,
        ca_bundle: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        fetch_timeout: float = 2.0,
        max_chain_bytes: int = DEFAULT_MAX_CHAIN_BYTES,
    ) -> None:
        self._clock = clock
        self._store = load_trust_store(ca_bundle)
        # Callers wait a little past the download's own deadline, so its precise reason reaches them first.
        self._chains = ChainCache(partial(fetch_chain_pem, timeout=fetch_timeout, max_bytes=max_chain_bytes),
                                  wait_seconds=fetch_timeout + 0.25)

    def verify(self, headers: Mapping[str, str], body: bytes, envelope: Mapping[str, Any]) -> None:
        """Raise VerificationError for the first failing check; those that need no download come first."""
        now = as_utc(self._clock())
        url = check_cert_url(header_value(headers, CERT_URL_HEADER))
        signature = decoded_signature(header_value(headers, SIGNATURE_HEADER))
        check_timestamp(envelope, now)
        chain = self._trusted_chain(url, now)
        check_signature_by_key(chain.public_key, signature, body)

    def health(self) -> str | None:
        """Why genuine requests may be refused now (their chain cannot be downloaded), or None: ChainCache.health."""
        return self._chains.health()

    def _trusted_chain(self, url: str, now: datetime) -> TrustedChain:
        # A chain is validated in full once, when downloaded; the cache hands it back only
        # while `now` is within the dates of every certificate on the validated path, where
        # validating again would give the same answer. Past them it is downloaded and
        # validated again, which refuses an expired chain with its precise reason.
        try:
            return self._chains.validated(url, now, lambda pem: trusted_chain(pem, now, self._store))
        except ChainFetchError as error:
            raise VerificationError(error.reason, "chain") from error
