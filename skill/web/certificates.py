"""Fetch Alexa's signing certificate chain over HTTPS and keep it, validated, until a certificate in it expires."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

import requests


class ChainFetchError(Exception):
    """The chain could not be downloaded; `reason` is short enough to show a caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fetch_chain_pem(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    session: requests.Session | None = None,
) -> bytes:
    """Download the PEM chain at `url`, giving up past `timeout` seconds or `max_bytes` bytes.

    `url` must already have passed the certificate URL checks: this function trusts it.
    """
    http = session or requests
    deadline = time.monotonic() + timeout
    try:
        # Redirects are refused: the URL checks vouch for this address only.
        with http.get(url, timeout=timeout, stream=True, allow_redirects=False) as response:
            if response.status_code != 200:
                raise ChainFetchError(f"certificate chain download answered HTTP {response.status_code}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise ChainFetchError("certificate chain is too large")
            return _read_capped(response, max_bytes, deadline)
    except requests.RequestException as error:
        # Timeouts, refused connections, TLS failures: the next request may succeed.
        raise ChainFetchError(f"certificate chain download failed ({type(error).__name__})") from error


def _read_capped(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    # requests' timeout bounds each socket read, not the whole download, so a slow
    # trickle is cut off here; the cap stops an endless body without buffering it.
    received = bytearray()
    for chunk in response.iter_content(chunk_size=8192):
        received += chunk
        if len(received) > max_bytes:
            raise ChainFetchError("certificate chain is too large")
        if time.monotonic() > deadline:
            raise ChainFetchError("certificate chain download timed out")
    return bytes(received)


class Validity(Protocol):
    """Dates between which a validation result holds: a certificate, or a whole validated chain."""

    not_valid_before_utc: datetime
    not_valid_after_utc: datetime


V = TypeVar("V", bound=Validity)


@dataclass(frozen=True)
class _CachedChain:
    pem: bytes
    validated: Validity  # what the validation of `pem` answered, with the dates it holds for

    def holds_at(self, now: datetime) -> bool:
        return self.validated.not_valid_before_utc <= now <= self.validated.not_valid_after_utc


class ChainCache:
    """Chains by normalised URL, each kept with its validation result while that result holds.

    Only chains that passed validation are stored, so a failed or garbled download is
    retried by the next request; a chain whose dates have passed is dropped and fetched
    and validated again. One lock serialises downloads: Alexa signs with one chain at a
    time, so concurrent requests wait for the first download instead of each fetching the
    same file.
    """

    def __init__(self, fetch: Callable[[str], bytes]) -> None:
        self._fetch = fetch
        self._chains: dict[str, _CachedChain] = {}
        self._chains_lock = threading.Lock()
        self._download_lock = threading.Lock()

    def validated(self, url: str, now: datetime, validate: Callable[[bytes], V]) -> V:
        """What `validate` answered for the chain at `url`, validating a download only once.

        `validate` raises to reject a chain; otherwise its answer is kept, and returned to
        later calls while `now` lies within the answer's not_valid_before_utc and
        not_valid_after_utc. The caller must make those the dates the whole answer holds for.
        """
        return self._entry(url, now, validate).validated  # type: ignore[return-value]

    def chain_pem(
        self, url: str, now: datetime, validate: Callable[[bytes], Validity]
    ) -> bytes:
        """The PEM chain for `url`; downloads it (once) and keeps it if `validate` accepts it."""
        return self._entry(url, now, validate).pem

    def _entry(self, url: str, now: datetime, validate: Callable[[bytes], Validity]) -> _CachedChain:
        cached = self._cached(url, now)
        if cached is not None:
            return cached
        with self._download_lock:
            cached = self._cached(url, now)
            if cached is not None:
                return cached
            pem = self._fetch(url)
            entry = _CachedChain(pem, validate(pem))
            self._store(url, entry, now)
            return entry

    def _cached(self, url: str, now: datetime) -> _CachedChain | None:
        with self._chains_lock:
            entry = self._chains.get(url)
            if entry is None or entry.holds_at(now):
                return entry
            if now > entry.validated.not_valid_after_utc:
                del self._chains[url]  # expired: never trusted again without a new validation
            return None

    def _store(self, url: str, entry: _CachedChain, now: datetime) -> None:
        with self._chains_lock:
            # Drop expired chains so the cache cannot grow over the years.
            for stale_url in [u for u, e in self._chains.items() if now > e.validated.not_valid_after_utc]:
                del self._chains[stale_url]
            self._chains[url] = entry
