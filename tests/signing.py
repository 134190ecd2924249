"""A throwaway PKI that signs requests the way Alexa does, for the verification tests.

Root CA → intermediate → leaf for echo-api.amazon.com, all on a fixed clock (`NOW`),
so tests never depend on the real date. Keys are made once per test process.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime(2030, 1, 15, 12, 0, tzinfo=timezone.utc)
CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000001"
SIGNING_DOMAIN = "echo-api.amazon.com"


@cache
def rsa_key(role: str) -> rsa.RSAPrivateKey:
    """One 2048-bit key per role ("root", "intermediate", "leaf", "stranger")."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _ca_certificate(name: str, key: rsa.RSAPrivateKey, issuer_name: str, issuer_key: rsa.RSAPrivateKey) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(issuer_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=3650))
        .not_valid_after(NOW + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    return builder.sign(issuer_key, hashes.SHA256())


@cache
def root_certificate(role: str = "root") -> x509.Certificate:
    key = rsa_key(role)
    return _ca_certificate(f"Test {role} CA", key, f"Test {role} CA", key)


@cache
def intermediate_certificate(root_role: str = "root") -> x509.Certificate:
    return _ca_certificate(
        f"Test intermediate under {root_role}", rsa_key("intermediate"), f"Test {root_role} CA", rsa_key(root_role)
    )


def leaf_certificate(
    *,
    not_before: datetime = NOW - timedelta(days=30),
    not_after: datetime = NOW + timedelta(days=30),
    dns_names: tuple[str, ...] = (SIGNING_DOMAIN,),
    root_role: str = "root",
    public_key: CertificatePublicKeyTypes | None = None,
) -> x509.Certificate:
    """The signing certificate; by default valid around NOW, for echo-api.amazon.com, with the leaf RSA key."""
    issuer = intermediate_certificate(root_role)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(dns_names[0] if dns_names else "no names"))
        .issuer_name(issuer.subject)
        .public_key(public_key or rsa_key("leaf").public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=True,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(rsa_key("intermediate").public_key()),
            critical=False,
        )
        .sign(rsa_key("intermediate"), hashes.SHA256())
    )


def to_pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def chain_pem(**leaf_options: Any) -> bytes:
    """Leaf, intermediate and root as Amazon serves them; options as for leaf_certificate."""
    root_role = leaf_options.get("root_role", "root")
    return to_pem(
        leaf_certificate(**leaf_options), intermediate_certificate(root_role), root_certificate(root_role)
    )


def write_ca_bundle(directory: Path) -> str:
    """A PEM file trusting only the test root, for RequestVerifier(ca_bundle=...)."""
    path = directory / "test-roots.pem"
    path.write_bytes(to_pem(root_certificate()))
    return str(path)


def sign(body: bytes) -> str:
    """Signature-256 for `body`: base64 of RSA PKCS#1 v1.5 over SHA-256, by the leaf key."""
    signature = rsa_key("leaf").sign(body, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def signed_headers(body: bytes, *, url: str | None = CHAIN_URL) -> dict[str, str]:
    headers = {"Signature-256": sign(body), "Content-Type": "application/json"}
    if url is not None:
        headers["SignatureCertChainUrl"] = url
    return headers


def envelope(
    *,
    request_type: str = "LaunchRequest",
    timestamp: datetime = NOW,
    application_id: str = SKILL_ID,
) -> dict[str, Any]:
    """A minimal but real Alexa request envelope."""
    application = {"applicationId": application_id}
    user = {"userId": "amzn1.ask.account.TEST"}
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.TEST",
            "application": application,
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": request_type,
            "requestId": "amzn1.echo-api.request.TEST",
            "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": "en-US",
        },
    }


def body_of(data: Any) -> bytes:
    return json.dumps(data).encode("utf-8")


@pytest.fixture(scope="session")
def ca_bundle(tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_ca_bundle(tmp_path_factory.mktemp("pki"))
