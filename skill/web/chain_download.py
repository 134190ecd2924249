"""Downloads Alexa's signing certificate chain over HTTPS, within a size cap and one wall-clock deadline."""

from __future__ import annotations

import time

import requests

READ_BYTES = 8192


# S3's answers for a file that is not there (403 when the bucket may not be listed): the same for minutes to come.
MISSING_FILE_STATUSES = frozenset({403, 404, 410})


class ChainFetchError(Exception):
    """The chain could not be downloaded; `reason` is short enough to show a caller. `lasting`: asking again soon
    would fail the same way (the file is not there, or too large), unlike a timeout or a refused connection."""

    def __init__(self, reason: str, *, lasting: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lasting = lasting


def fetch_chain_pem(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    session: requests.Session | None = None,
) -> bytes:
    """Download the PEM chain at `url`, giving up `timeout` seconds after starting or past `max_bytes` bytes.

    `url` must already have passed the certificate URL checks: this function trusts it. requests' timeout bounds
    each socket operation, not the whole download, so the deadline is checked once the headers are in and after
    every read of the body. A server that trickles its headers can still hold this function past the deadline:
    skill.web.certificates runs it on a thread of its own, and requests wait for the deadline only.
    """
    http = session or requests
    deadline = time.monotonic() + timeout
    try:
        # Redirects are refused: the URL checks vouch for this address only.
        with http.get(url, timeout=timeout, stream=True, allow_redirects=False) as response:
            _check_deadline(deadline)
            if response.status_code != 200:
                raise ChainFetchError(f"certificate chain download answered HTTP {response.status_code}",
                                      lasting=response.status_code in MISSING_FILE_STATUSES)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise ChainFetchError("certificate chain is too large", lasting=True)
            return _read_capped(response, max_bytes, deadline)
    except requests.RequestException as error:
        # Timeouts, refused connections, TLS failures: the next request may succeed.
        raise ChainFetchError(f"certificate chain download failed ({type(error).__name__})") from error


def _read_capped(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    # read1 hands back whatever has arrived, so a trickle cannot keep one read waiting for a full chunk past the
    # deadline (iter_content waits for all of it); the cap stops an endless body without buffering it.
    received = bytearray()
    while chunk := response.raw.read1(READ_BYTES):
        received += chunk
        if len(received) > max_bytes:
            raise ChainFetchError("certificate chain is too large", lasting=True)
        _check_deadline(deadline)
    return bytes(received)


def _check_deadline(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise ChainFetchError("certificate chain download timed out")
