"""Keeps Alexa's signing chains, validated, by canonical URL: a few, each until a certificate in it expires.

Before a chain is downloaded an attacker can forge everything a request shows (a fresh timestamp, a signature of the
right length, any URL under s3.amazonaws.com/echo.api/), so no check made then can tell a genuine request from a
forged one. What an attacker cannot do is put a file in Amazon's bucket: every URL they make up is answered 403 or
404 by S3, and each answer is remembered (REMEMBER_FAILURE_SECONDS), so a made-up URL costs one download, once.
That bounds the downloads and never refuses genuine traffic for want of budget:

- A URL of the shape Amazon's chains have always had (/echo.api/echo-api-cert.pem, /echo.api/echo-api-cert-N.pem)
  is downloaded whenever it is neither cached nor remembered as failed: there are only 1,001 such URLs, so a flood
  of them costs at most 1,001 downloads per REMEMBER_FAILURE_SECONDS, and Amazon's next chain is never refused.
- Any other URL under /echo.api/ (should Amazon ever name its files otherwise) draws on a budget of a few downloads a
  minute; a URL that once gave a valid chain is downloaded again outside it.
- One download per URL at a time, on a thread of its own, and no lock held during it: requests for that URL wait
  for it (for `wait_seconds` at most), and a slow download never delays any other URL.
A download that failed for a reason that may pass (a timeout, a refused connection, S3's 5xx) is not remembered:
the next request tries again. When that happens to a URL of Amazon's shape, `health()` says so.
"""

from __future__ import annotations

import re
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
DOWNLOADS_PER_MINUTE = 10  # of URLs of another shape than Amazon's
MAX_KNOWN_URLS = 64
WAIT_SECONDS = 2.5
# A made-up URL is 403 or 404 at S3 now and for minutes to come; Amazon uploads a chain well before signing with it.
REMEMBER_FAILURE_SECONDS = 300.0
# 1,001 of Amazon's shape plus what the budget lets through in REMEMBER_FAILURE_SECONDS: never reached, a backstop.
MAX_REMEMBERED_FAILURES = 2048
# How long health() reports a failed download of a URL of Amazon's shape.
HEALTH_WINDOW_SECONDS = 60.0
# Amazon's chain URLs, canonical (skill.web.request_checks.check_cert_url): echo-api-cert-12.pem in 2023.
AMAZON_SHAPED_URL = re.compile(r"https://s3\.amazonaws\.com/echo\.api/echo-api-cert(?:-(?:0|[1-9][0-9]{0,2}))?\.pem")


def amazon_shaped(url: str) -> bool:
    """Whether a canonical chain URL has the shape of Amazon's own (one of 1,001 URLs)."""
    return AMAZON_SHAPED_URL.fullmatch(url) is not None


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


@dataclass(frozen=True)
class _Failure:
    reason: str  # given again to every request for the URL until `until`
    until: float


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
    """Chains by canonical URL, each kept with its validation result while that result holds; failures remembered.

    Only chains that passed validation are stored; a chain whose dates have passed is dropped and fetched and
    validated again. A download answered 403 or 404, or a chain that failed validation, is remembered for
    `remember_failure_seconds`; other failures are not.
    """

    def __init__(self, fetch: Callable[[str], bytes], *, max_chains: int = MAX_CHAINS,
                 downloads_per_minute: int = DOWNLOADS_PER_MINUTE, wait_seconds: float = WAIT_SECONDS,
                 remember_failure_seconds: float = REMEMBER_FAILURE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._max_chains = max_chains
        self._wait_seconds = wait_seconds
        self._remember_failure_seconds = remember_failure_seconds
        self._clock = clock
        self._budget = DownloadBudget(downloads_per_minute, clock)
        # Guards everything below, and is never held while downloading or validating.
        self._lock = threading.Lock()
        self._chains: OrderedDict[str, _CachedChain] = OrderedDict()
        self._downloads: dict[str, Future] = {}
        self._known_urls: OrderedDict[str, None] = OrderedDict()  # URLs that gave a valid chain, latest last
        self._failures: OrderedDict[str, _Failure] = OrderedDict()
        self._genuine_shaped_failure: tuple[float, str] | None = None  # (when, reason) of the latest

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

    def health(self) -> str | None:
        """Why requests of Amazon's URL shape may be refused now (a download of one failed in the last minute for a
        reason that was not a missing file: S3 unreachable, too slow), or None. Nothing an attacker can send
        sets it: their URLs fail with 403 or 404, which is not reported."""
        with self._lock:
            failure = self._genuine_shaped_failure
            if failure is None or self._clock() - failure[0] > HEALTH_WINDOW_SECONDS:
                return None
            return failure[1]

    def __len__(self) -> int:
        return len(self._chains)

    def _entry(self, url: str, now: datetime, validate: Callable[[bytes], Validity]) -> _CachedChain:
        with self._lock:
            cached = self._cached(url, now)
            if cached is not None:
                return cached
            self._raise_if_failed_lately(url)
            download = self._downloads.get(url) or self._start_download(url, now, validate)
        try:
            return download.result(timeout=self._wait_seconds)
        except WaitTimedOut:
            raise ChainFetchError("certificate chain download timed out") from None

    def _raise_if_failed_lately(self, url: str) -> None:
        failure = self._failures.get(url)
        if failure is None:
            return
        if self._clock() < failure.until:
            raise ChainFetchError(failure.reason, lasting=True)
        del self._failures[url]

    def _start_download(self, url: str, now: datetime, validate: Callable[[bytes], Validity]) -> Future:
        if not amazon_shaped(url) and url not in self._known_urls and not self._budget.take():
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
                self._note_failure(url, error)
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

    def _note_failure(self, url: str, error: BaseException) -> None:
        # A chain that failed validation, or a file S3 says is not there, fails the same way for minutes: remembered.
        # Anything else (a timeout, a refused connection, a garbled body) may pass at once: the next request tries
        # again. An error says which it is by its `lasting`; one that does not is a validation failure.
        lasting = getattr(error, "lasting", isinstance(error, Exception))
        reason = getattr(error, "reason", None) or "certificate chain could not be read"
        if lasting:
            self._failures[url] = _Failure(reason, self._clock() + self._remember_failure_seconds)
            self._failures.move_to_end(url)
            while len(self._failures) > MAX_REMEMBERED_FAILURES:
                self._failures.popitem(last=False)
        elif amazon_shaped(url) or url in self._known_urls:
            self._genuine_shaped_failure = (self._clock(), reason)

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
        self._failures.pop(url, None)
