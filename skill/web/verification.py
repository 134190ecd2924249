"""Amazon's checks that a request to the web endpoint really comes from Alexa.

The checks run in the order Amazon documents (certificate URL, certificate chain,
signature, timestamp, application id) and the first failure raises
`VerificationError`, which the endpoint answers with HTTP 400.
"""

from __future__ import annotations

import base64
import binascii
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import certifi
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as PathValidationError

from skill.web.certificates import ChainCache, ChainFetchError, fetch_chain_pem

SIGNING_DOMAIN = "echo-api.amazon.com"
CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
TIMESTAMP_TOLERANCE = timedelta(seconds=150)
# Skill events (enabled, disabled, permission changes...) may be delivered late.
SKILL_EVENT_TIMESTAMP_TOLERANCE = timedelta(seconds=3600)
SKILL_EVENT_PREFIX = "AlexaSkillEvent."
DEFAULT_MAX_CHAIN_BYTES = 64 * 1024  # Amazon's chain is about 7 KB.


class VerificationError(Exception):
    """A request failed one of Amazon's checks.

    `reason` is short and safe to show the caller; `check` names the check that failed.
    """

    def __init__(self, reason: str, check: str) -> None:
        super().__init__(f"{check}: {reason}")
        self.reason = reason
        self.check = check


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


def check_cert_url(url: str | None) -> str:
    """The normalised form of a SignatureCertChainUrl, or VerificationError if Amazon would refuse it."""
    if not url:
        raise VerificationError(f"missing {CERT_URL_HEADER} header", "url")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise VerificationError("certificate URL is malformed", "url") from None
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL is not https", "url")
    if (parts.hostname or "") != "s3.amazonaws.com":
        raise VerificationError("certificate URL host is not s3.amazonaws.com", "url")
    if port is not None and port != 443:
        raise VerificationError("certificate URL port is not 443", "url")
    if parts.username is not None or parts.password is not None:
        raise VerificationError("certificate URL carries credentials", "url")
    path = remove_dot_segments(parts.path)
    if not path.startswith("/echo.api/"):
        raise VerificationError("certificate URL path does not start with /echo.api/", "url")
    query = f"?{parts.query}" if parts.query else ""
    return f"https://s3.amazonaws.com{path}{query}"


def remove_dot_segments(path: str) -> str:
    """Resolve "." and ".." in a URL path as RFC 3986 §5.2.4 does.

    posixpath.normpath is not used because it also merges "//", which changes the URL.
    """
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        is_last = index == len(segments) - 1
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if is_last:
                output.append("")
        elif segment == ".":
            if is_last:
                output.append("")
        else:
            output.append(segment)
    return "/".join(output)


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
        raise VerificationError("certificate chain is not valid PEM", "chain")
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


def check_signature(leaf: x509.Certificate, signature_b64: str | None, body: bytes) -> None:
    """Signature-256 must be an RSA PKCS#1 v1.5 SHA-256 signature of the raw body by `leaf`."""
    check_signature_by_key(leaf.public_key(), signature_b64, body)


def check_signature_by_key(public_key: CertificatePublicKeyTypes, signature_b64: str | None, body: bytes) -> None:
    """check_signature with the signing certificate's key already taken out of it."""
    if not signature_b64:
        raise VerificationError(f"missing {SIGNATURE_HEADER} header", "signature")
    try:
        signature = base64.b64decode(signature_b64.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise VerificationError("signature is not valid base64", "signature") from None
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise VerificationError("certificate key is not RSA", "signature")
    try:
        public_key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise VerificationError("signature does not match", "signature") from None


def check_timestamp(envelope: Mapping[str, Any], now: datetime) -> None:
    """The request timestamp must be within 150 s of `now` (an hour for skill events)."""
    request = envelope.get("request")
    request = request if isinstance(request, Mapping) else {}
    timestamp = _parse_timestamp(request.get("timestamp"))
    request_type = request.get("type")
    is_skill_event = isinstance(request_type, str) and request_type.startswith(SKILL_EVENT_PREFIX)
    tolerance = SKILL_EVENT_TIMESTAMP_TOLERANCE if is_skill_event else TIMESTAMP_TOLERANCE
    if abs(now - timestamp) > tolerance:
        raise VerificationError("timestamp is too far from now", "timestamp")


def _parse_timestamp(value: Any) -> datetime:
    if not isinstance(value, str):
        raise VerificationError("timestamp is missing", "timestamp")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise VerificationError("timestamp is not ISO 8601", "timestamp") from None
    # Alexa always sends UTC ("Z"); a timestamp without an offset is read as UTC too.
    return as_utc(parsed)


def as_utc(moment: datetime) -> datetime:
    """`moment` with a time zone, reading a naive datetime as UTC (as Alexa and X.509 do)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def check_application_id(envelope: Mapping[str, Any], skill_ids: frozenset[str]) -> None:
    """The request must name one of our skills, in its context or else its session."""
    application_id = _find_application_id(envelope)
    if application_id is None:
        raise VerificationError("application id is missing", "application id")
    if application_id not in skill_ids:
        raise VerificationError("application id does not match", "application id")


def _find_application_id(envelope: Mapping[str, Any]) -> str | None:
    for path in (("context", "System", "application", "applicationId"),
                 ("session", "application", "applicationId")):
        value: Any = envelope
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if isinstance(value, str):
            return value
    return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    # Flask's headers ignore case already; a plain dict (tests, other hosts) may not.
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return value


class RequestVerifier:
    """Runs all of Amazon's checks on one request; safe to share between threads."""

    def __init__(
        self,
        *,
        skill_ids: frozenset[str] | None,
        ca_bundle: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        fetch_timeout: float = 2.0,
        max_chain_bytes: int = DEFAULT_MAX_CHAIN_BYTES,
    ) -> None:
        self.skill_ids = skill_ids
        self._clock = clock
        self._store = load_trust_store(ca_bundle)
        self._chains = ChainCache(
            partial(fetch_chain_pem, timeout=fetch_timeout, max_bytes=max_chain_bytes)
        )

    def verify(self, headers: Mapping[str, str], body: bytes, envelope: Mapping[str, Any]) -> None:
        """Raise VerificationError for the first failing check, in Amazon's order."""
        now = as_utc(self._clock())
        url = check_cert_url(_header(headers, CERT_URL_HEADER))
        chain = self._trusted_chain(url, now)
        check_signature_by_key(chain.public_key, _header(headers, SIGNATURE_HEADER), body)
        check_timestamp(envelope, now)
        if self.skill_ids is not None:
            check_application_id(envelope, self.skill_ids)

    def _trusted_chain(self, url: str, now: datetime) -> TrustedChain:
        # A chain is validated in full once, when downloaded; the cache hands it back only
        # while `now` is within the dates of every certificate on the validated path, where
        # validating again would give the same answer. Past them it is downloaded and
        # validated again, which refuses an expired chain with its precise reason.
        try:
            return self._chains.validated(url, now, lambda pem: trusted_chain(pem, now, self._store))
        except ChainFetchError as error:
            raise VerificationError(error.reason, "chain") from error
