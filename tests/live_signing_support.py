"""Signs Alexa requests on today's clock, for code that runs the real create_app() (its verifier reads the real time).

tests/signing.py builds the throwaway PKI on a fixed clock; this module reuses its keys and certificates and only
gives the leaf dates around now, so the benchmarks and the robustness tests sign requests the production verifier
accepts. The chain is served to the verifier by `responses`, the way the verification tests do it, and only while
a cache is warmed: after that every request is answered from the verifier's own chain cache.

tests/signing.py makes its keys once per process, so another process (a gunicorn worker) cannot sign or build the
chain itself: `warmup_file` hands it the chain and one signed request, made here.
"""
from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import responses

from tests.signing import CHAIN_URL, SKILL_ID, chain_pem, envelope, root_certificate, sign, to_pem

__all__ = ["CHAIN_URL", "SKILL_ID", "live_chain_pem", "write_live_ca_bundle", "stamped", "signed_request",
           "serve_chain", "warm_chain_cache", "launch_envelope", "write_warmup_file", "warm_from_file"]

WARMUP_USER = "amzn1.ask.account.WARMUP"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@cache
def live_chain_pem() -> bytes:
    """The test chain with a leaf valid from yesterday for thirty days (the CA certificates span 2020-2040)."""
    today = utc_now().replace(hour=0, minute=0, second=0, microsecond=0)
    return chain_pem(not_before=today - timedelta(days=1), not_after=today + timedelta(days=30))


def write_live_ca_bundle(directory: Path) -> str:
    """A PEM file trusting only this process's test root: the value for TRUST_CA_BUNDLE."""
    path = Path(directory) / "test-roots.pem"
    path.write_bytes(to_pem(root_certificate()))
    return str(path)


def launch_envelope(user: str = "amzn1.ask.account.BENCH") -> dict[str, Any]:
    request = envelope()
    request["session"]["user"]["userId"] = user
    request["context"]["System"]["user"]["userId"] = user
    return request


def stamped(request: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """A copy of `request` whose timestamp is now, so the verifier's 150 s window accepts it."""
    fresh = copy.deepcopy(request)
    fresh["request"]["timestamp"] = (now or utc_now()).strftime("%Y-%m-%dT%H:%M:%SZ")
    return fresh


def signed_request(request: dict[str, Any], *, restamp: bool = True) -> tuple[bytes, dict[str, str]]:
    """The body and headers Alexa would send for `request`, timestamped now unless `restamp` is false."""
    body = json.dumps(stamped(request) if restamp else request).encode("utf-8")
    headers = {"Content-Type": "application/json", "Signature-256": sign(body), "SignatureCertChainUrl": CHAIN_URL}
    return body, headers


def serve_chain(chain: bytes | None = None) -> responses.RequestsMock:
    """A `responses` mock answering the chain download with `chain` (default: the live chain); a context manager."""
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.get(CHAIN_URL, body=chain or live_chain_pem(), content_type="application/x-pem-file")
    return mock


def warm_chain_cache(app, chain: bytes | None = None, request: tuple[bytes, dict[str, str]] | None = None) -> None:
    """Send `app` one signed launch while the chain is served, so its verifier caches the chain.

    Only the app's public face is used (a request through its test client): the verifier keeps the chain until
    the leaf expires, so later requests never download it. Raises if the app refused the request.
    """
    body, headers = request or signed_request(launch_envelope(WARMUP_USER))
    with serve_chain(chain):
        answer = app.test_client().post("/alexa", data=body, headers=headers)
    if answer.status_code != 200:
        raise RuntimeError(f"warming the chain cache failed: HTTP {answer.status_code} {answer.get_data(as_text=True)}")


def write_warmup_file(path: Path) -> Path:
    """The chain and one freshly signed launch as JSON, for another process's `warm_from_file` (good for 150 s)."""
    body, headers = signed_request(launch_envelope(WARMUP_USER))
    data = {"chain": live_chain_pem().decode("ascii"), "body": body.decode("utf-8"), "headers": headers}
    Path(path).write_text(json.dumps(data), encoding="utf-8")
    return Path(path)


def warm_from_file(app, path: str | Path) -> None:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    warm_chain_cache(app, data["chain"].encode("ascii"), (data["body"].encode("utf-8"), data["headers"]))
