"""Keeps Alexa's signing chains, validated, by canonical URL: a few, each until a certificate in it expires.

Hostile requests can name any number of chain URLs, so the cache is bounded three ways: it holds at most a few
chains (least recently used dropped first), it starts at most a few downloads a minute of URLs that never gave a
valid chain, and no lock is held during a download, so a slow download of one URL never delays requests whose chain
is cached or downloading. A URL that once gave a valid chain (one of Amazon's few real files) may be downloaded
again outside that budget, so a flood of made-up URLs cannot lock out the genuine chain once it was dropped.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as WaitTimedOut
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from skill.web.chain_download import ChainFetchError

# Alexa signs with one chain at a time and moves to the next about once a year: a few entries cover a rotation.
MAX_CHAINS = 8
DOWNLOADS_PER_MINUTE = 10
MAX_KNOWN_URLS = 64
WAIT_SECONDS = 2.5


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


class DownloadBudget:
    """At most `per_minute` downloads started in any 60 seconds."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._starts: deque[float] = deque()

    def take(self) -> bool:
        """Whether a download may start now (and count it if so). Not thread-safe: the cache's lock guards it."""
        now = self._clock()
        while self._starts and now - self._starts[0] >= 60:
            self._starts.popleft()
        if len(self._starts) >= self._per_minute:
            return False
        self._starts.append(now)
        return True


class ChainCache:
    """Chains by canonical URL, each kept with its validation result while that result holds.

    Only chains that passed validation are stored, so a failed or garbled download is retried by a later request;
    a chain whose dates have passed is dropped and fetched and validated again. One download per URL at a time, on a
    thread of its own: concurrent requests for that URL wait for it, for `wait_seconds` at most.
    """

    def __init__(self, fetch: Callable[[str], bytes], *, max_chains: int = MAX_CHAINS,
                 downloads_per_minute: int = DOWNLOADS_PER_MINUTE, wait_seconds: float = WAIT_SECONDS) -> None:
        self._fetch = fetch
        self._max_chains = max_chains
        self._wait_seconds = wait_seconds
        self._budget = DownloadBudget(downloads_per_minute)
        # Guards the four below, and is never held while downloading or validating.
        self._lock = threading.Lock()
        self._chains: OrderedDict[str, _CachedChain] = OrderedDict()
        self._downloads: dict[str, Future] = {}
        self._known_urls: OrderedDict[str, None] = OrderedDict()  # URLs that gave a valid chain, latest last

    def validated(self, url: str, now: datetime, validate: Callable[[bytes], V]) -> V:
        """What `validate` answered for the chain at `url`, validating a download only once.

        `validate` raises to reject a chain; otherwise its answer is kept, and returned to
        later calls while `now` lies within the answer's not_valid_before_utc and
        not_valid_after_utc. The caller must make those the dates the whole answer holds for.
        """
        return self._entry(url, now, validate).validated  # type: ignore[return-value]

    def chain_pem(self, url: str, now: datetime, validate: Callable[[bytes], Validity]) -> bytes:
        """The PEM chain for `url`; downloads it (once) and keeps it if `validate` accepts it."""
        return self._entry(url, now, validate).pem

    def __len__(self) -> int:
        return len(self._chains)

    def _entry(self, url: str, now: datetime, validate: Callable[[bytes], Validity]) -> _CachedChain:
        with self._lock:
            cached = self._cached(url, now)
            if cached is not None:
                return cached
            download = self._downloads.get(url) or self._start_download(url, now, validate)
        try:
            return download.result(timeout=self._wait_seconds)
        except WaitTimedOut:
            raise ChainFetchError("certificate chain download timed out") from None

    def _start_download(self, url: str, now: datetime, validate: Callable[[bytes], Validity]) -> Future:
        if url not in self._known_urls and not self._budget.take():
            raise ChainFetchError("too many new certificate chain URLs; try again in a minute")
        download: Future = Future()
        self._downloads[url] = download
        # A daemon thread: one stuck on a trickling server neither holds up a request nor the process's exit.
        threading.Thread(target=self._download, args=(url, now, validate, download), daemon=True,
                         name="chain-download").start()
        return download

    def _download(self, url: str, now: datetime, validate: Callable[[bytes], Validity], download: Future) -> None:
        try:
            pem = self._fetch(url)
            entry = _CachedChain(pem, validate(pem))
        except BaseException as error:  # noqa: BLE001 - handed to every request waiting for this URL
            with self._lock:
                del self._downloads[url]
            download.set_exception(error)
            return
        with self._lock:
            self._store(url, entry, now)
            self._known_urls[url] = None
            self._known_urls.move_to_end(url)
            if len(self._known_urls) > MAX_KNOWN_URLS:
                self._known_urls.popitem(last=False)
            del self._downloads[url]
        download.set_result(entry)

    def _cached(self, url: str, now: datetime) -> _CachedChain | None:
        entry = self._chains.get(url)
        if entry is None:
            return None
        if entry.holds_at(now):
            self._chains.move_to_end(url)
            return entry
        if now > entry.validated.not_valid_after_utc:
            del self._chains[url]  # expired: never trusted again without a new validation
        return None

    def _store(self, url: str, entry: _CachedChain, now: datetime) -> None:
        for stale_url in [u for u, e in self._chains.items() if now > e.validated.not_valid_after_utc]:
            del self._chains[stale_url]
        self._chains[url] = entry
        self._chains.move_to_end(url)
        while len(self._chains) > self._max_chains:
            self._chains.popitem(last=False)
