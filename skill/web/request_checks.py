"""Amazon's checks on a request that need no network: the certificate URL, the signature header, the timestamp.

They run before the signing chain is downloaded, so a request that fails them costs no download. Each failure
raises `VerificationError`, which the dispatch answers with HTTP 400.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
TIMESTAMP_TOLERANCE = timedelta(seconds=150)
# Skill events (enabled, disabled, permission changes...) may be delivered late.
SKILL_EVENT_TIMESTAMP_TOLERANCE = timedelta(seconds=3600)
SKILL_EVENT_PREFIX = "AlexaSkillEvent."
# An encoded ".", "/" or "\" could hide a dot segment from the path check: refused, never decoded.
ENCODED_SEPARATOR = re.compile(r"%(2e|2f|5c)", re.IGNORECASE)
# What Amazon's chain paths are made of (/echo.api/echo-api-cert-12.pem): RFC 3986's unreserved characters.
PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]*")
# An RSA signature is as long as the key: 256 bytes for Amazon's 2048-bit key, 512 for a 4096-bit one.
SIGNATURE_BYTES = range(256, 513)


class VerificationError(Exception):
    """A request failed one of Amazon's checks.

    `reason` is short and safe to show the caller; `check` names the check that failed.
    """

    def __init__(self, reason: str, check: str) -> None:
        super().__init__(f"{check}: {reason}")
        self.reason = reason
        self.check = check


def check_cert_url(url: str | None) -> str:
    """The canonical form of a SignatureCertChainUrl, or VerificationError if Amazon would refuse it.

    Canonical: scheme and host in lower case, no default port, percent-encoding decoded and dot segments
    removed. Every spelling of one file gives one string, which is what the chain is fetched and cached by.
    A query, a fragment, user info, an encoded dot or slash, or a character outside RFC 3986's unreserved set
    is refused: Amazon's URLs have none, and each would make another cache key for the same file.
    """
    if not url:
        raise VerificationError(f"missing {CERT_URL_HEADER} header", "url")
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise VerificationError("certificate URL is malformed", "url") from None
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL is not https", "url")
    if (parts.hostname or "") != "s3.amazonaws.com":
        raise VerificationError("certificate URL host is not s3.amazonaws.com", "url")
    if port is not None and port != 443:
        raise VerificationError("certificate URL port is not 443", "url")
    if "@" in parts.netloc:
        raise VerificationError("certificate URL carries credentials", "url")
    if "?" in text or "#" in text:
        raise VerificationError("certificate URL has a query or fragment", "url")
    if ENCODED_SEPARATOR.search(parts.path):
        raise VerificationError("certificate URL path has an encoded dot or slash", "url")
    path = unquote(parts.path, errors="replace")
    if not PLAIN_PATH.fullmatch(path):
        raise VerificationError("certificate URL path has characters Amazon's never have", "url")
    path = remove_dot_segments(path)
    if not path.startswith("/echo.api/"):
        raise VerificationError("certificate URL path does not start with /echo.api/", "url")
    return f"https://s3.amazonaws.com{path}"


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


def decoded_signature(signature_b64: str | None) -> bytes:
    """The Signature-256 header's bytes; VerificationError when it is missing, not base64, or of a length no RSA key
    Amazon would use gives (checked before any download, as it costs nothing)."""
    if not signature_b64:
        raise VerificationError(f"missing {SIGNATURE_HEADER} header", "signature")
    try:
        signature = base64.b64decode(signature_b64.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise VerificationError("signature is not valid base64", "signature") from None
    if len(signature) not in SIGNATURE_BYTES:
        raise VerificationError("signature is not the length of an RSA signature", "signature")
    return signature


def check_signature_by_key(public_key: CertificatePublicKeyTypes, signature: bytes, body: bytes) -> None:
    """`signature` must be an RSA PKCS#1 v1.5 SHA-256 signature of the raw body by the signing certificate's key."""
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


def header_value(headers: Mapping[str, str], name: str) -> str | None:
    """A header by name, whatever its case."""
    # Flask's headers ignore case already; a plain dict (tests, other hosts) may not.
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return value
